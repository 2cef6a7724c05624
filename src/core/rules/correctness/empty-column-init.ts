import type { Node } from '../../parse/syntax';
import { nodeRange } from '../../parse/syntax';
import { rolesOf } from '../../kb/roles';
import { nodesOfType, stringValue } from '../../semantic';
import type { ScriptModel } from '../../semantic';
import type { Fix } from '../../types';
import type { ContextOf, Rule } from '../rule';

/**
 * MLH416: a DataFrame column set to a placeholder for "no value yet", and written again later in the
 * same function or at top level (filled in): `""` (or blanks), or a string
 * that spells a missing value (`"NA"`, `"N/A"`, `"NaN"`, `"null"`, `"None"`). pandas does not see
 * such a string as missing (`isna()`, `fillna()`, `dropna()`, `mean()` skip nothing), and the column
 * is of dtype object. `None` itself is left alone: pandas counts it as missing. Real constants
 * (`0`, `False`, `"train"`) are not placeholders.
 */

const MISSING_SPELLINGS = new Set(['', 'na', 'n/a', 'nan', 'null', 'none']);

/** The placeholder the value is, for the message; null for a real value. */
function placeholder(node: Node): string | null {
  if (node.type !== 'string') return null;
  const value = stringValue(node);
  if (value === null) return null;
  return MISSING_SPELLINGS.has(value.trim().toLowerCase()) ? node.text : null;
}

/** `df["new"]` or `df.loc[:, "new"]` with `df` a DataFrame: the frame and the column's key. */
function newColumnTarget(target: Node, isFrame: (n: Node) => boolean): { frame: Node; key: Node } | null {
  if (target.type !== 'subscript') return null;
  const value = target.childForFieldName('value');
  const indices = target.childrenForFieldName('subscript');
  if (!value) return null;
  if (indices.length === 1 && indices[0]!.type === 'string' && isFrame(value)) return { frame: value, key: indices[0]! };
  if (indices.length === 2 && indices[0]!.type === 'slice' && indices[0]!.text.trim() === ':' && indices[1]!.type === 'string') {
    const object =
      value.type === 'attribute' && value.childForFieldName('attribute')?.text === 'loc' ? value.childForFieldName('object') : null;
    if (object && isFrame(object)) return { frame: object, key: indices[1]! };
  }
  return null;
}

/** The function (or the module) a node belongs to. */
function scopeOf(node: Node): Node | null {
  for (let parent = node.parent; parent; parent = parent.parent)
    if (parent.type === 'function_definition' || parent.type === 'lambda' || parent.type === 'module') return parent;
  return null;
}

/** Whether an assignment target writes column `key` of `frame`: `df.loc[m, "k"]`, `df["k"][i]`, `df.k[m]`, `df.at[i, "k"]`, `df["k"]`. */
function writesColumn(target: Node, frame: string, key: string): boolean {
  let names = false;
  let mentionsKey = false;
  const stack: Node[] = [target];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'identifier' && node.text === frame) names = true;
    else if (node.type === 'string' && stringValue(node) === key) mentionsKey = true;
    else if (node.type === 'attribute' && node.childForFieldName('attribute')?.text === key) mentionsKey = true;
    if (
      node.type === 'subscript' ||
      node.type === 'attribute' ||
      node.type === 'slice' ||
      node.type === 'tuple' ||
      node.type === 'expression_list'
    )
      stack.push(...node.namedChildren);
    else if (node.type === 'string' || node.type === 'identifier') continue;
    else stack.push(...node.namedChildren);
  }
  return names && mentionsKey;
}

/** Whether the column is written again after `assignment`, in the same function (or at top level): filled in later. */
function filledLater(model: ScriptModel, assignment: Node, frame: Node, key: string): boolean {
  if (frame.type !== 'identifier') return false;
  const scope = scopeOf(assignment);
  for (const type of ['assignment', 'augmented_assignment']) {
    for (const later of nodesOfType(model, type)) {
      if (later.startIndex <= assignment.endIndex) continue;
      const left = later.childForFieldName('left');
      if (!left || scopeOf(later)?.id !== scope?.id) continue;
      if (writesColumn(left, frame.text, key)) return true;
    }
  }
  return false;
}

export const emptyColumnInit: Rule = {
  code: 'MLH416',
  name: 'empty-column-init',
  family: 'correctness',
  defaultSeverity: 'warning',
  status: 'preview',
  attachesFix: 'sometimes',
  summary:
    'A DataFrame column is initialised with `""` or a string such as `"NA"` as a placeholder, which pandas does not treat as missing: use `np.nan`.',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH416'>) {
    const { model } = ctx;
    if (!model.imports.some((i) => i.qualified === 'pandas' || i.qualified.startsWith('pandas.'))) return;
    const roles = rolesOf(model);
    const isFrame = (n: Node): boolean => roles.of(n) === 'dataframe';
    const np = model.imports.find((i) => i.qualified === 'numpy' && !i.local.includes('.'))?.local ?? null;
    for (const assignment of nodesOfType(model, 'assignment')) {
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      if (!left || !right || assignment.childForFieldName('type')) continue;
      const shown = placeholder(right);
      if (!shown) continue;
      const target = newColumnTarget(left, isFrame);
      const key = target ? stringValue(target.key) : null;
      // A placeholder is meant to be filled in later; a constant column that is never written again
      // is a value (a dummy axis for a plot, a marker), not a placeholder.
      if (!target || key === null || !filledLater(model, assignment, target.frame, key)) continue;
      const fix: Fix | null = np
        ? { title: `Initialise with ${np}.nan`, applicability: 'unsafe', edits: [{ range: nodeRange(right), newText: `${np}.nan` }] }
        : null;
      ctx.report({
        range: nodeRange(assignment),
        message: `Column ${target.key.text} is initialised with the placeholder ${shown}, which pandas does not count as missing (isna(), fillna(), dropna() and the statistics see a value): use ${np ?? 'np'}.nan.`,
        fix,
        data: { column: key, placeholder: shown },
      });
    }
  },
};
