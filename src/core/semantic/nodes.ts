import { memoKey, remember } from '../memo';
import type { Node } from '../parse/syntax';
import { kids } from '../parse/syntax';
import type { ScriptModel } from './model';

/**
 * The program's nodes bucketed by tree-sitter type, from one walk of the tree made the first time a
 * rule asks and shared by every rule after it: a rule that looks for comparisons or subscripts asks
 * `nodesOfType(model, 'comparison_operator')` instead of walking the whole tree again.
 */
const BY_TYPE = memoKey<ReadonlyMap<string, readonly Node[]>>('named nodes by type');

function index(model: ScriptModel): ReadonlyMap<string, readonly Node[]> {
  return model.tree.namedByType ?? remember(model.memo, BY_TYPE, () => bucketsOf(model)); // the copy gathers them when it can
}

function bucketsOf(model: ScriptModel): ReadonlyMap<string, readonly Node[]> {
  const found = new Map<string, Node[]>();
  const stack: Node[] = [model.tree.rootNode];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.isNamed) {
      const bucket = found.get(node.type);
      if (bucket) bucket.push(node);
      else found.set(node.type, [node]);
    }
    const children = kids(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return found;
}

const NONE: readonly Node[] = [];

/** Every named node of `type` in the program, in document order (pre-order). */
export function nodesOfType(model: ScriptModel, type: string): readonly Node[] {
  return index(model).get(type) ?? NONE;
}
