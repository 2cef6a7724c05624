import type { Node } from '../../parse/syntax';
import { nodeRange } from '../../parse/syntax';
import { rolesOf } from '../../kb/roles';
import { nodesOfType, stringValue } from '../../semantic';
import type { Fix } from '../../types';
import type { ContextOf, Rule } from '../rule';

/**
 * MLH416: a DataFrame column set to a placeholder for "no value yet": `""` (or blanks), or a string
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
      if (!target) continue;
      const fix: Fix | null = np
        ? { title: `Initialise with ${np}.nan`, applicability: 'unsafe', edits: [{ range: nodeRange(right), newText: `${np}.nan` }] }
        : null;
      ctx.report({
        range: nodeRange(assignment),
        message: `Column ${target.key.text} is initialised with the placeholder ${shown}, which pandas does not count as missing (isna(), fillna(), dropna() and the statistics see a value): use ${np ?? 'np'}.nan.`,
        fix,
        data: { column: stringValue(target.key) ?? target.key.text, placeholder: shown },
      });
    }
  },
};
