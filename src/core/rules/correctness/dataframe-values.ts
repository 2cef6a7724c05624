import { nodeRange } from '../../parse/syntax';
import { rolesOf } from '../../kb/roles';
import { nodesOfType } from '../../semantic';
import type { ContextOf, Rule } from '../rule';

/**
 * MLH414: `.values` read from an expression the script model knows to hold a pandas DataFrame or
 * Series (`rolesOf`): never on an object of unknown kind, whose `.values` may be anything.
 */
export const dataframeValues: Rule = {
  code: 'MLH414',
  name: 'dataframe-values',
  family: 'correctness',
  defaultSeverity: 'info',
  status: 'stable',
  attachesFix: 'sometimes',
  summary:
    '`.values` on a DataFrame or Series, whose result depends on the dtypes (an ExtensionArray for a Series of an extension dtype, an object array for mixed columns): use `.to_numpy()`.',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH414'>) {
    const { model } = ctx;
    if (!model.imports.some((i) => i.qualified === 'pandas' || i.qualified.startsWith('pandas.'))) return;
    const roles = rolesOf(model);
    for (const node of nodesOfType(model, 'attribute')) {
      const name = node.childForFieldName('attribute');
      const object = node.childForFieldName('object');
      // By length first: most attributes are not `values`, and their text need not be sliced out.
      if (!name || name.endIndex - name.startIndex !== 6 || name.text !== 'values' || !object) continue;
      const parent = node.parent;
      if (parent?.type === 'call' && parent.childForFieldName('function')?.id === node.id) continue; // .values(): not pandas'
      if (parent?.type === 'assignment' && parent.childForFieldName('left')?.id === node.id) continue;
      const role = roles.of(object);
      if (role !== 'dataframe' && role !== 'series') continue;
      ctx.report({
        range: nodeRange(name),
        message:
          role === 'series'
            ? '`.values` of a Series is a NumPy array or a pandas ExtensionArray depending on its dtype: use `.to_numpy()` (always an ndarray) or `.array` (the ExtensionArray).'
            : '`.values` of a DataFrame silently converts the columns to one common dtype (object for mixed or extension dtypes): pandas recommends `.to_numpy()`, which takes `dtype=` and `na_value=`.',
        fix: { title: 'Use .to_numpy()', applicability: 'unsafe', edits: [{ range: nodeRange(name), newText: 'to_numpy()' }] },
        data: { role },
      });
    }
  },
};
