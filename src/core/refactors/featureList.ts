import type { ScriptModel } from '../semantic';
import type { Node } from '../parse/syntax';
import { kids, nodeRange } from '../parse/syntax';
import type { ParamsEnv, PyValue } from '../params';
import { keyName, numbered, pyValueOf, UnsupportedValue } from '../params';
import type { Finding, Range, TextEdit } from '../types';
import type { Refusal, RefactorResult } from './change';
import { refusal } from './change';
import { callOfArgument, nodeAtRange } from './nodes';
import { ParamsPlan } from './paramsPlan';
import { scriptResult } from './result';

/**
 * Refactor 3, "Define the feature list once" (MLH002): the list goes to the params file
 * (`features`, or the name of the variable it is assigned to; a differently ordered copy is a
 * different list and gets its own key) and every occurrence becomes a read of it. A list whose
 * object could be changed in place gets a copy (`list(params["features"])`), so that the
 * occurrences stay independent objects as the literals were.
 */

interface Occurrence {
  node: Node;
  value: PyValue & { kind: 'list' | 'tuple' };
}

/** Methods that change a list in place. */
const MUTATORS = new Set([
  'append',
  'extend',
  'insert',
  'remove',
  'pop',
  'clear',
  'sort',
  'reverse',
  '__setitem__',
  '__delitem__',
  '__iadd__',
]);

function occurrencesOf(finding: Finding): Range[] {
  return [finding.range, ...finding.related.map((r) => r.range)];
}

function hasComment(node: Node): boolean {
  return kids(node).some((child) => child.type === 'comment');
}

/** The name a list literal is assigned to (`numeric = [...]`), if it is the whole right-hand side. */
function assignedName(node: Node): string | null {
  const parent = node.parent;
  if (parent?.type !== 'assignment' || parent.childForFieldName('right')?.id !== node.id) return null;
  const left = parent.childForFieldName('left');
  return left?.type === 'identifier' ? left.text : null;
}

/** Every place the name `name` is read or written in the file. */
function identifierUses(model: ScriptModel, name: string): Node[] {
  const found: Node[] = [];
  const stack: Node[] = [model.tree.rootNode];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'identifier' && node.text === name) found.push(node);
    stack.push(...kids(node));
  }
  return found;
}

/** True when the value of `name` may be changed in place, or handed to code that could. */
function mayBeMutated(model: ScriptModel, name: string): boolean {
  for (const use of identifierUses(model, name)) {
    const parent = use.parent;
    if (!parent) continue;
    if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === use.id) {
      if (MUTATORS.has(parent.childForFieldName('attribute')?.text ?? '')) return true;
      continue;
    }
    if (parent.type === 'augmented_assignment' && parent.childForFieldName('left')?.id === use.id) return true;
    if (parent.type === 'delete_statement') return true;
    if (parent.type === 'subscript' && parent.childForFieldName('value')?.id === use.id) {
      const target = parent.parent;
      if (target?.type === 'delete_statement') return true;
      if ((target?.type === 'assignment' || target?.type === 'augmented_assignment') && target.childForFieldName('left')?.id === parent.id)
        return true;
      continue;
    }
    // Aliased (`cols = features`) or handed to a function of this module: it could be changed there.
    if (parent.type === 'assignment' && parent.childForFieldName('right')?.id === use.id) return true;
    const call = callOfArgument(model, use);
    if (call && call.callee.type === 'identifier' && model.definitions.has(call.callee.text)) return true;
  }
  return false;
}

/** Whether an occurrence needs its own copy of the list read from the params file. */
function needsCopy(model: ScriptModel, occurrence: Occurrence): boolean {
  if (occurrence.value.kind === 'tuple') return false; // tuple(...) makes a new object anyway
  const node = occurrence.node;
  const parent = node.parent;
  if (!parent) return true;
  if (parent.type === 'subscript' && parent.childForFieldName('value')?.id !== node.id) return false; // df[[...]]
  if (parent.type === 'for_statement' || parent.type === 'for_in_clause') return false;
  if (parent.type === 'comparison_operator') return false;
  const name = assignedName(node);
  if (name) return mayBeMutated(model, name);
  const call = callOfArgument(model, node);
  if (call) return call.callee.type === 'identifier' && model.definitions.has(call.callee.text);
  return true;
}

function sameItems(a: PyValue & { kind: 'list' | 'tuple' }, b: PyValue & { kind: 'list' | 'tuple' }): boolean {
  return (
    a.items.length === b.items.length &&
    a.items.every((item, i) => item.kind === 'str' && b.items[i]!.kind === 'str' && item.value === (b.items[i] as { value: string }).value)
  );
}

/** Plans one MLH002 group (all its occurrences) into `plan`. */
function planGroup(model: ScriptModel, plan: ParamsPlan, finding: Finding, edits: TextEdit[], refused: Refusal[], done: Set<number>): void {
  const occurrences: Occurrence[] = [];
  for (const range of occurrencesOf(finding)) {
    const node = nodeAtRange(model, range, ['list', 'tuple']);
    if (!node) {
      refused.push(refusal(range, finding.code, 'the list is no longer where the finding says: analyse the file again'));
      continue;
    }
    if (done.has(node.id)) continue;
    done.add(node.id);
    if (hasComment(node)) {
      refused.push(refusal(range, finding.code, 'the list has comments inside it; move it by hand to keep them'));
      continue;
    }
    let value: PyValue;
    try {
      value = pyValueOf(node);
    } catch (error) {
      if (!(error instanceof UnsupportedValue)) throw error;
      refused.push(refusal(range, finding.code, `the list cannot be stored in a params file unchanged: ${error.message}`));
      continue;
    }
    occurrences.push({ node, value: value as Occurrence['value'] });
  }
  // Occurrences with the very same items in the same order share a key; a reordering is another list.
  const lists: Occurrence[][] = [];
  for (const occurrence of occurrences) {
    const list = lists.find((l) => sameItems(l[0]!.value, occurrence.value));
    if (list) list.push(occurrence);
    else lists.push([occurrence]);
  }
  for (const list of lists) {
    const named = list.map((o) => assignedName(o.node)).find((n): n is string => n !== null);
    const base = named ? keyName(named, 'features') : 'features';
    const stored: PyValue = { kind: 'list', items: list[0]!.value.items };
    const path = plan.choose(
      [...numbered(base)].map((key) => [key]),
      stored,
    );
    if (!path) {
      for (const o of list) refused.push(refusal(nodeRange(o.node), finding.code, `no free key for ${base} in ${plan.paramsFileName}`));
      continue;
    }
    for (const o of list) {
      const wrap = o.value.kind === 'tuple' ? 'tuple' : needsCopy(model, o) ? 'list' : null;
      edits.push({
        range: nodeRange(o.node),
        newText: plan.read(path, stored, o.node.startPosition.row, { layout: 'block', wrap, group: 'features' }),
      });
    }
  }
}

export function planFeatureLists(
  model: ScriptModel,
  plan: ParamsPlan,
  findings: readonly Finding[],
): { edits: TextEdit[]; refused: Refusal[] } {
  const edits: TextEdit[] = [];
  const refused: Refusal[] = [];
  const done = new Set<number>();
  for (const finding of findings) if (finding.code === 'MLH002') planGroup(model, plan, finding, edits, refused, done);
  return { edits, refused };
}

/** Refactor 3 for one MLH002 finding: the whole group of copies of its list. */
export function defineFeatureListOnce(model: ScriptModel, env: ParamsEnv, finding: Finding): RefactorResult {
  const plan = new ParamsPlan(model, env);
  const { edits, refused } = planFeatureLists(model, plan, [finding]);
  return scriptResult(model, plan, `Define this list once in ${plan.paramsFileName}`, edits, refused);
}
