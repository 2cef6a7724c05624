import type { Node } from '../../parse/syntax';
import { nodeRange } from '../../parse/syntax';
import type { CallSite } from '../../semantic';
import type { ContextOf, Rule } from '../rule';
import { callLabel, callRange, HeldOutTags, isEvaluation, lastSegment, runFlow, STATELESS_TRANSFORMERS, where } from './leakage';
import type { HeldOut } from './leakage';

/**
 * MLH403: the held-out part of a train/test split (or data derived from it: a concatenation with
 * the training part, its transformed or predicted values) reaches a fit, and the held-out data is
 * evaluated after that fit. Only splits made in the file count: a competition's separate
 * `test.csv` is not the split the script scores itself on.
 */

/** Methods that fit on their data arguments. */
const FIT_METHODS = new Set([
  'fit',
  'fit_transform',
  'partial_fit',
  'fit_resample',
  'fit_sample',
  'fit_generator',
  'train_on_batch',
  'fit_on_texts',
]);

/** Functions that train on their second argument (`xgb.train(params, dtrain)`). */
const TRAIN_FUNCTIONS = new Map([
  ['xgboost.train', 'dtrain'],
  ['lightgbm.train', 'train_set'],
  ['catboost.train', 'pool'],
]);

/** The data arguments a call fits on, or null when it is not a fit. */
function fitData(call: CallSite, receiverType: string | null): Node[] | null {
  if (call.qualified && TRAIN_FUNCTIONS.has(call.qualified)) {
    const data = call.positional[1] ?? call.keywords.get(TRAIN_FUNCTIONS.get(call.qualified)!);
    return data ? [data] : null;
  }
  if (!call.method || !FIT_METHODS.has(call.method) || call.callee.type !== 'attribute') return null;
  if (receiverType && STATELESS_TRANSFORMERS.has(lastSegment(receiverType))) return null;
  if (call.method === 'fit_on_texts') return call.positional.slice(0, 1);
  const out = call.positional.slice(0, 2);
  for (const k of ['X', 'y', 'x', 'raw_documents', 'generator']) if (call.keywords.has(k)) out.push(call.keywords.get(k)!);
  return out;
}

interface Fit {
  call: CallSite;
  label: string;
  heldOut: HeldOut;
  /** The expression that carries it. */
  data: Node;
}

export const testDataInTraining: Rule = {
  code: 'MLH403',
  name: 'test-data-in-training',
  family: 'correctness',
  defaultSeverity: 'error',
  status: 'stable',
  summary:
    'The held-out part of a train/test split (or data derived from it) is fitted on, and then evaluated on: the test rows shape the model they score (data leakage).',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH403'>) {
    const { model } = ctx;
    if (!model.calls.some((c) => /train_test_split$|random_split$/.test(c.qualified ?? ''))) return;
    const heldOut = new HeldOutTags();
    const fits: Fit[] = [];
    /** Where each split's held-out data is evaluated: split node id -> start offsets of the evaluations. */
    const evaluated = new Map<number, number[]>();
    runFlow<HeldOut>(model, {
      produces(call, position) {
        const tag = heldOut.of(call, position);
        return tag ? [tag] : [];
      },
      onCall(call, view) {
        if (isEvaluation(call)) {
          for (const arg of [...call.positional, ...call.keywords.values()]) {
            for (const tag of view.tags(arg)) {
              const list = evaluated.get(tag.split.node.id) ?? [];
              list.push(call.node.startIndex);
              evaluated.set(tag.split.node.id, list);
            }
          }
        }
        const receiverType = view.typeOf(call);
        const data = fitData(call, receiverType);
        if (!data) return;
        for (const arg of data) {
          const [tag] = view.tags(arg);
          if (!tag) continue;
          const label = call.method
            ? `${receiverType ? lastSegment(receiverType) : (call.receiver ?? callLabel(call))}.${call.method}`
            : callLabel(call);
          fits.push({ call, label, heldOut: tag, data: arg });
          break;
        }
      },
    });
    for (const fit of fits) {
      const after = evaluated.get(fit.heldOut.split.node.id) ?? [];
      if (!after.some((at) => at >= fit.call.node.startIndex)) continue; // a final refit on all rows, never scored again
      const { heldOut: part } = fit;
      const data = fit.data.text.replace(/\s+/g, ' ');
      const shown = data.length <= 40 ? data : part.name;
      const derived = shown === part.name ? '' : ` (which holds ${part.name})`;
      ctx.report({
        range: callRange(fit.call),
        message:
          `${fit.label} is fitted on ${shown}${derived}, held out by the ${callLabel(part.split)} ${where(model, part.split.node)}, and that data is evaluated afterwards: ` +
          `the test rows shape the model that is scored on them. Fit on the training part only, then transform or predict the test part.`,
        related: [{ range: nodeRange(part.split.node), message: `${part.name} is held out here` }],
        data: { fit: fit.label, heldOut: part.name, split: callLabel(part.split) },
      });
    }
  },
};
