import type { Node } from '../parse/syntax';
import type { ScriptModel } from './model';

/**
 * `# mlh:` pragmas: `# mlh: ignore[MLH101, MLH102]` (those codes on this line), `# mlh: ignore`
 * (every code on this line), `# mlh: ignore-file`. One lexer for reading suppressions and for the
 * "disable for this line" edit.
 */
export interface Pragma {
  kind: 'ignore' | 'ignore-file';
  /** The codes listed in `ignore[…]`, upper-cased; empty: every code. */
  codes: string[];
  /** Offset in the comment's text of the `]` that closes the code list; null when there is none. */
  listEnd: number | null;
}

/** The pragma a comment holds, if any. */
export function lexPragma(comment: string): Pragma | null {
  const at = comment.indexOf('mlh:');
  if (at < 0) return null;
  const after = comment.slice(at + 4);
  const restAt = at + 4 + (after.length - after.trimStart().length);
  const rest = after.trim();
  if (rest.startsWith('ignore-file')) return { kind: 'ignore-file', codes: [], listEnd: null };
  if (!rest.startsWith('ignore')) return null;
  const codes: string[] = [];
  let listEnd: number | null = null;
  const open = rest.indexOf('[');
  if (rest.slice(6).trimStart().startsWith('[') && open >= 0) {
    const close = rest.indexOf(']', open);
    for (const code of rest.slice(open + 1, close < 0 ? undefined : close).split(',')) {
      const trimmed = code.trim().toUpperCase();
      if (trimmed) codes.push(trimmed);
    }
    if (close >= 0) listEnd = restAt + close;
  }
  return { kind: 'ignore', codes, listEnd };
}

export function readPragma(model: ScriptModel, comment: Node): void {
  const pragma = lexPragma(comment.text);
  if (!pragma) return;
  if (pragma.kind === 'ignore-file') {
    model.fileSuppressed = true;
    return;
  }
  const codes = new Set(pragma.codes);
  const line = comment.startPosition.row;
  const existing = model.suppressions.get(line);
  if (existing && existing.codes.size > 0 && codes.size > 0) for (const c of codes) existing.codes.add(c);
  else model.suppressions.set(line, { codes: existing && existing.codes.size === 0 ? existing.codes : codes });
}
