import type { Node } from '../../parse/syntax';
import { stringValue } from '../../semantic';

/**
 * Literal values, shared by the configuration rules (MLH101, MLH102): what counts as a hard-coded
 * value. Which single assignment a name read at a call refers to: `model.bindings` (semantic/bindings.ts).
 */

export type LiteralValue = number | string | boolean | LiteralValue[];

export interface Literal {
  node: Node;
  value: LiteralValue;
}

const NUMBER_TYPES = new Set(['integer', 'float']);

function numberValue(node: Node): number | null {
  const text = node.text.replace(/_/g, '');
  if (/[jJ]$/.test(text)) return null; // complex
  const value = /^0[oO]/.test(text) ? parseInt(text.slice(2), 8) : /^0[bB]/.test(text) ? parseInt(text.slice(2), 2) : Number(text);
  return Number.isNaN(value) ? null : value;
}

/**
 * A plain literal: a number (with an optional sign), a string without interpolation, `True`/`False`,
 * or a non-empty tuple or list of such literals. `None` is not a value someone tunes: null.
 */
export function literalOf(node: Node): Literal | null {
  switch (node.type) {
    case 'integer':
    case 'float': {
      const value = numberValue(node);
      return value === null ? null : { node, value };
    }
    case 'true':
      return { node, value: true };
    case 'false':
      return { node, value: false };
    case 'string': {
      const value = stringValue(node);
      return value === null ? null : { node, value };
    }
    case 'unary_operator': {
      const operator = node.childForFieldName('operator')?.text;
      const argument = node.childForFieldName('argument');
      if ((operator !== '-' && operator !== '+') || !argument || !NUMBER_TYPES.has(argument.type)) return null;
      const value = numberValue(argument);
      return value === null ? null : { node, value: operator === '-' ? -value : value };
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
      if (inner.length !== 1) return null;
      const literal = literalOf(inner[0]!);
      return literal ? { node, value: literal.value } : null;
    }
    case 'tuple':
    case 'list': {
      const items = node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
      if (items.length === 0) return null;
      const values: LiteralValue[] = [];
      for (const item of items) {
        const literal = literalOf(item);
        if (!literal) return null;
        values.push(literal.value);
      }
      return { node, value: values };
    }
    default:
      return null;
  }
}

/** The literal's source text on one line, shortened for a message. */
export function literalText(node: Node, max = 40): string {
  const text = node.text.replace(/\s*\n\s*/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
