import { memoKey, remember } from '../memo';
import type { Node } from '../parse/syntax';
import { kids } from '../parse/syntax';

/**
 * Python string literals, read as Python reads them: the one decoder of the code base (the
 * model, the configuration rules and the params file all ask it).
 */

/** What a string literal holds. */
export interface StringLiteral {
  /** The value; null for an f-string with fields (computed when the code runs, not a constant). */
  value: string | null;
  /** A `b'…'` literal (or a concatenation of them). */
  bytes: boolean;
  /**
   * The first escape kept as written although Python reads it otherwise: a named character
   * (`\N{DASH}`) or a malformed escape Python rejects (`\x4`, `\U00110000`); null when none.
   */
  inexact: string | null;
}

export interface DecodeOptions {
  /** `r'…'`: backslashes are plain characters. */
  raw?: boolean;
  /** `b'…'`: `\u`, `\U` and `\N` are not escapes. */
  bytes?: boolean;
  /** `f'…'`: `{{` and `}}` stand for one brace. */
  formatted?: boolean;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
};

const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * The text between a literal's quotes, decoded: `\\ \' \" \a \b \f \n \r \t \v`, octal `\ooo`,
 * `\xhh`, `\uXXXX`, `\UXXXXXXXX`, backslash-newline (a line continuation); an unknown escape keeps
 * its backslash, as Python does. `\N{…}` and malformed escapes are kept as written (see `inexact`).
 */
export function decodeEscapes(text: string, options: DecodeOptions = {}): { value: string; inexact: string | null } {
  // Most literals hold no escape (and, in an f-string, no doubled brace): their text is their value.
  if ((options.raw || !text.includes('\\')) && (!options.formatted || (!text.includes('{{') && !text.includes('}}'))))
    return { value: text, inexact: null };
  let out = '';
  let inexact: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (options.formatted && (ch === '{' || ch === '}') && text[i + 1] === ch) {
      out += ch;
      i += 1;
      continue;
    }
    if (options.raw || ch !== '\\' || i + 1 >= text.length) {
      out += ch;
      continue;
    }
    const next = text[i + 1]!;
    if (Object.prototype.hasOwnProperty.call(SIMPLE_ESCAPES, next)) {
      out += SIMPLE_ESCAPES[next];
      i += 1;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4));
    if (octal) {
      out += String.fromCodePoint(parseInt(octal[0], 8));
      i += octal[0].length;
      continue;
    }
    const hex = next === 'x' || !options.bytes ? HEX_DIGITS[next] : undefined;
    if (hex !== undefined) {
      const digits = text.slice(i + 2, i + 2 + hex);
      const code = new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits) ? parseInt(digits, 16) : -1;
      if (code >= 0 && code <= 0x10ffff) {
        out += String.fromCodePoint(code);
        i += 1 + hex;
        continue;
      }
      inexact ??= `\\${next}${digits}`;
    } else if (next === 'N' && !options.bytes) {
      const named = /^N\{[^}\n]*\}/.exec(text.slice(i + 1));
      if (named) {
        inexact ??= `\\${named[0]}`;
        out += `\\${named[0]}`;
        i += named[0].length;
        continue;
      }
    }
    out += ch; // an unknown escape keeps its backslash; the next character is read as itself
  }
  return { value: out, inexact };
}

/**
 * A string literal (`string`) or an implicit concatenation of them (`"a" "b"`), read as Python
 * reads it; null for any other node, and for a concatenation Python rejects (text with bytes).
 */
export function readString(node: Node): Readonly<StringLiteral> | null {
  if (node.type !== 'string' && node.type !== 'concatenated_string') return null;
  // Rules read the same literals again and again: decode each once (a node's text never changes).
  const decoded = remember(node.doc.memo, DECODED, () => new Map<number, Readonly<StringLiteral> | null>());
  let literal = decoded.get(node.id);
  if (literal === undefined) {
    literal = decodeLiteral(node);
    decoded.set(node.id, literal);
  }
  return literal;
}

/** Decoded literals by node id, per copy of a tree. */
const DECODED = memoKey<Map<number, Readonly<StringLiteral> | null>>('decoded string literals');

function decodeLiteral(node: Node): StringLiteral | null {
  if (node.type === 'concatenated_string') {
    const parts = kids(node)
      .filter((c) => c.type === 'string')
      .map(readString);
    if (parts.length === 0 || parts.some((p) => p === null || p.bytes !== parts[0]!.bytes)) return null;
    const values = parts.map((p) => p!.value);
    return {
      value: values.includes(null) ? null : values.join(''),
      bytes: parts[0]!.bytes,
      inexact: parts.find((p) => p!.inexact !== null)?.inexact ?? null,
    };
  }
  if (node.type !== 'string') return null;
  const prefix = (node.child(0)?.text ?? '').replace(/["']/g, '').toLowerCase();
  const options: DecodeOptions = { raw: prefix.includes('r'), bytes: prefix.includes('b'), formatted: prefix.includes('f') };
  let value = '';
  let inexact: string | null = null;
  for (const child of kids(node)) {
    if (child.type === 'interpolation' || kids(child).some((part) => part.type === 'interpolation'))
      return { value: null, bytes: false, inexact: null };
    if (child.type !== 'string_content') continue;
    // Python reads source with universal newlines: a literal spanning CRLF lines holds "\n".
    const content = child.text;
    const decoded = decodeEscapes(content.includes('\r') ? content.replace(/\r\n?/g, '\n') : content, options);
    value += decoded.value;
    inexact ??= decoded.inexact;
  }
  return { value, bytes: options.bytes === true, inexact };
}

/** The value of a plain string literal (no interpolation, no implicit concatenation); null otherwise. */
export function stringValue(node: Node): string | null {
  return node.type === 'string' ? (readString(node)?.value ?? null) : null;
}
