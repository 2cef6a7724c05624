import type { Node } from '../parse/syntax';
import { kids } from '../parse/syntax';

/** The value of a plain string literal (no interpolation, no implicit concatenation); null otherwise. */
export function stringValue(node: Node): string | null {
  if (node.type !== 'string') return null;
  const prefix = (node.child(0)?.text ?? '').replace(/["']/g, '').toLowerCase();
  const raw = prefix.includes('r');
  let value = '';
  for (const child of kids(node)) {
    if (child.type === 'interpolation') return null;
    if (child.type !== 'string_content') continue;
    // tree-sitter-python puts escape sequences inside string_content: decode them unless raw.
    let cursor = child.startIndex;
    const text = child.text;
    for (const part of kids(child)) {
      if (part.type === 'interpolation') return null;
      if (part.type !== 'escape_sequence') continue;
      value += text.slice(cursor - child.startIndex, part.startIndex - child.startIndex);
      value += raw ? part.text : unescape(part.text);
      cursor = part.endIndex;
    }
    value += text.slice(cursor - child.startIndex);
  }
  return value;
}

function unescape(sequence: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };
  const body = sequence.slice(1);
  if (body in simple) return simple[body]!;
  if (/^x[0-9a-fA-F]{2}$/.test(body) || /^u[0-9a-fA-F]{4}$/.test(body) || /^U[0-9a-fA-F]{8}$/.test(body)) {
    return String.fromCodePoint(parseInt(body.slice(1), 16));
  }
  if (/^[0-7]{1,3}$/.test(body)) return String.fromCharCode(parseInt(body, 8));
  return sequence;
}
