import type { Node } from '../parse/syntax';
import { readString } from '../semantic/strings';

/**
 * Python values as a params file holds them. Python tells `5` from `5.0`, and a value read back
 * from the params file must be the very value the literal stood for: ints are kept as BigInt (any
 * size), floats as numbers, and a tuple is remembered as such (the file stores a list and the code
 * wraps the read in `tuple(...)`).
 */
export type PyValue =
  | { kind: 'int'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'list'; items: PyValue[] }
  | { kind: 'tuple'; items: PyValue[] };

/** A value read from an existing params file: a Python value, a mapping, or something we do not model (null, dates, tags). */
export type StoredValue = PyValue | { kind: 'map' } | { kind: 'unknown' };

/** Why a literal cannot go to a params file unchanged. */
export class UnsupportedValue extends Error {}

export function pyInt(value: bigint | number): PyValue {
  return { kind: 'int', value: BigInt(value) };
}

export function pyStr(value: string): PyValue {
  return { kind: 'str', value };
}

/** The Python value of a literal expression: number, string, bool, and lists/tuples of them. */
export function pyValueOf(node: Node): PyValue {
  switch (node.type) {
    case 'integer':
      return intValue(node.text);
    case 'float':
      return floatValue(node.text);
    case 'true':
      return { kind: 'bool', value: true };
    case 'false':
      return { kind: 'bool', value: false };
    case 'string':
      return { kind: 'str', value: pythonStringValue(node) };
    case 'unary_operator': {
      const operator = node.childForFieldName('operator')?.text;
      const argument = node.childForFieldName('argument');
      if (!argument || (operator !== '-' && operator !== '+') || (argument.type !== 'integer' && argument.type !== 'float')) {
        throw new UnsupportedValue(`${node.text} is not a plain number`);
      }
      const inner = pyValueOf(argument);
      if (operator === '+') return inner;
      return inner.kind === 'int' ? { kind: 'int', value: -inner.value } : { kind: 'float', value: -(inner as { value: number }).value };
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
      if (inner.length !== 1) throw new UnsupportedValue('not a single value');
      return pyValueOf(inner[0]!);
    }
    case 'list':
    case 'tuple': {
      const items = node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment').map(pyValueOf);
      if (items.some((item) => item.kind === 'tuple'))
        throw new UnsupportedValue('a tuple nested in a list or tuple would come back as a list');
      return { kind: node.type, items };
    }
    default:
      throw new UnsupportedValue(`${node.type.replace(/_/g, ' ')} is not a literal value`);
  }
}

function intValue(text: string): PyValue {
  const clean = text.replace(/_/g, '');
  if (/[lLjJ]$/.test(clean)) throw new UnsupportedValue(`${text} is not a plain integer`);
  // BigInt reads 0x.., 0o.., 0b.. and decimal; Python allows leading zeros only in 0, 00, ...
  return { kind: 'int', value: BigInt(clean) };
}

function floatValue(text: string): PyValue {
  const clean = text.replace(/_/g, '');
  if (/[jJ]$/.test(clean)) throw new UnsupportedValue(`${text} is a complex number`);
  const value = Number(clean);
  if (!Number.isFinite(value)) throw new UnsupportedValue(`${text} is not a finite float`);
  return { kind: 'float', value };
}

/**
 * The value of a Python string literal, decoded exactly as Python does. Byte strings, f-strings
 * with fields, implicit concatenations and `\N{...}` escapes are not supported (they throw).
 */
export function pythonStringValue(node: Node): string {
  if (node.type !== 'string') throw new UnsupportedValue('not a string literal');
  const literal = readString(node)!;
  if (literal.bytes) throw new UnsupportedValue('a byte string would come back as text');
  if (literal.value === null) throw new UnsupportedValue('an f-string with fields is computed, not a literal');
  if (literal.inexact?.startsWith('\\N')) throw new UnsupportedValue('\\N{...} escapes are not supported');
  if (literal.inexact !== null) throw new UnsupportedValue(`invalid escape ${literal.inexact}`);
  return literal.value;
}

/**
 * A float as text that Python (float()), PyYAML, TOML and JSON all read back as the same double:
 * the shortest round-trip digits, always with a decimal point, and a signed exponent (PyYAML
 * reads `1e-07` as a string, `1.0e-07` as a float).
 */
export function formatFloat(value: number): string {
  if (!Number.isFinite(value)) throw new UnsupportedValue('inf and nan have no literal form');
  if (Object.is(value, -0)) return '-0.0';
  const text = String(value);
  const e = text.indexOf('e');
  if (e < 0) return text.includes('.') ? text : `${text}.0`;
  let mantissa = text.slice(0, e);
  let exponent = text.slice(e + 1);
  if (!mantissa.includes('.')) mantissa += '.0';
  if (!/^[-+]/.test(exponent)) exponent = `+${exponent}`;
  return `${mantissa}e${exponent}`;
}

/** Same Python value (a tuple equals a list with the same items: the file stores both as a list). */
export function sameValue(a: StoredValue, b: PyValue): boolean {
  switch (b.kind) {
    case 'int':
    case 'bool':
    case 'str':
      return a.kind === b.kind && a.value === b.value;
    case 'float':
      return a.kind === 'float' && Object.is(a.value, b.value);
    case 'list':
    case 'tuple':
      return (
        (a.kind === 'list' || a.kind === 'tuple') &&
        a.items.length === b.items.length &&
        a.items.every((item, i) => sameValue(item, b.items[i]!))
      );
  }
}

/** The value as Python source, for messages and tests. */
export function pythonRepr(value: PyValue): string {
  switch (value.kind) {
    case 'int':
      return value.value.toString();
    case 'float':
      return formatFloat(value.value);
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'str':
      return JSON.stringify(value.value);
    case 'list':
      return `[${value.items.map(pythonRepr).join(', ')}]`;
    case 'tuple':
      return value.items.length === 1 ? `(${pythonRepr(value.items[0]!)},)` : `(${value.items.map(pythonRepr).join(', ')})`;
  }
}
