import type { SyntaxNode } from './mirror';

/** The engine's syntax node: a plain copy of tree-sitter's (see mirror.ts), with the same API. */
export type Node = SyntaxNode;
import type { Range } from '../types';

/** The children of a node (the node's own array: do not mutate it). */
export function kids(node: Node): readonly Node[] {
  return node.children;
}

/** web-tree-sitter counts columns in UTF-16 code units when given a JS string, as VS Code does. */
export function nodeRange(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

/** Every descendant (pre-order), without crossing into nodes for which `stop` is true. */
export function* descendants(node: Node, stop?: (n: Node) => boolean): Generator<Node> {
  for (const child of kids(node)) {
    yield child;
    if (!stop?.(child)) yield* descendants(child, stop);
  }
}
