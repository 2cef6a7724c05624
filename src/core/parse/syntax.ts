import type { Node } from 'web-tree-sitter';
import type { Range } from '../types';

/** The children of a node, without the nulls web-tree-sitter's typings allow. */
export function kids(node: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (child) out.push(child);
  }
  return out;
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
