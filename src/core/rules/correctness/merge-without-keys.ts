import type { Node } from '../../parse/syntax';
import { nodeRange } from '../../parse/syntax';
import { rolesOf } from '../../kb/roles';
import { stringValue } from '../../semantic';
import type { ContextOf, Rule } from '../rule';

/**
 * MLH415: `pd.merge(a, b)` or `a.merge(b)` (a known DataFrame) that names no key: neither `on`,
 * nor `left_on`/`right_on`, nor `left_index`/`right_index`. pandas then joins on every column the
 * two frames happen to share, and the result changes silently when a column is added or renamed.
 * `how="cross"` has no keys by definition. `df.join(other)` joins on the index by default (and
 * refuses overlapping columns without suffixes), so it is not reported.
 */

/** Keywords that name the join keys. */
const KEYS = ['on', 'left_on', 'right_on', 'left_index', 'right_index'];
/** The positional index of `on` in `pd.merge(left, right, how, on, ...)`; one less for `df.merge(right, how, on)`. */
const ON_POSITION = 3;

export const mergeWithoutKeys: Rule = {
  code: 'MLH415',
  name: 'merge-without-keys',
  family: 'correctness',
  defaultSeverity: 'warning',
  status: 'stable',
  summary:
    'A DataFrame merge names no key (`on`, `left_on`/`right_on`, `left_index`/`right_index`), so pandas joins on whatever columns the frames share.',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH415'>) {
    const { model } = ctx;
    if (!model.imports.some((i) => i.qualified === 'pandas' || i.qualified.startsWith('pandas.'))) return;
    const roles = rolesOf(model);
    for (const call of model.calls) {
      let onPosition: number;
      if (call.qualified === 'pandas.merge') onPosition = ON_POSITION;
      else if (call.method === 'merge' && !call.qualified) {
        const receiver: Node | null = call.callee.childForFieldName('object');
        if (!receiver || roles.of(receiver) !== 'dataframe') continue;
        onPosition = ON_POSITION - 1;
      } else continue;
      if (call.hasSplat || call.positional.length > onPosition) continue;
      const keyed = KEYS.some((k) => {
        const value = call.keywords.get(k);
        return value !== undefined && value.type !== 'none' && value.text !== 'False';
      });
      if (keyed) continue;
      const how = call.keywords.get('how') ?? call.positional[onPosition - 1];
      if (how && stringValue(how) === 'cross') continue;
      const name = call.callee.text.replace(/\s+/g, '');
      ctx.report({
        range: nodeRange(call.node),
        message: `\`${name}(...)\` names no key (on=, left_on=/right_on=, left_index=/right_index=): pandas joins on every column the two frames share, whatever they are. Name the key columns.`,
        data: { callee: call.qualified ?? 'DataFrame.merge' },
        call: nodeRange(call.node),
      });
    }
  },
};
