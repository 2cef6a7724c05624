import type { Node } from '../parse/syntax';
import { kids } from '../parse/syntax';

/** The last part of a qualified name: `StandardScaler` of `sklearn.preprocessing.StandardScaler`. */
export function lastSegment(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}

/** Identifiers read in an expression (not attribute names, keyword names, or inside lambdas). */
export function namesRead(node: Node, into: Set<string> = new Set()): Set<string> {
  switch (node.type) {
    case 'identifier':
      into.add(node.text);
      return into;
    case 'attribute': {
      const object = node.childForFieldName('object');
      if (object) namesRead(object, into);
      return into;
    }
    case 'keyword_argument': {
      const value = node.childForFieldName('value');
      if (value) namesRead(value, into);
      return into;
    }
    case 'lambda':
    case 'function_definition':
    case 'class_definition':
      return into;
    default:
      for (const child of kids(node)) namesRead(child, into);
      return into;
  }
}

/** The variable an expression is built on: `df` for `df[cols].values`, `X.to_numpy()`. */
export function rootName(node: Node): string | null {
  let current: Node | null = node;
  for (;;) {
    if (!current) return null;
    if (current.type === 'identifier') return current.text;
    if (current.type === 'subscript') current = current.childForFieldName('value');
    else if (current.type === 'attribute') current = current.childForFieldName('object');
    else if (current.type === 'call' && current.childForFieldName('function')?.type === 'attribute') {
      current = current.childForFieldName('function')!.childForFieldName('object');
    } else if (current.type === 'parenthesized_expression') current = current.namedChild(0);
    else return null;
  }
}
