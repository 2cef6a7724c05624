import type { Node } from '../../parse/syntax';
import { nodeRange } from '../../parse/syntax';
import type { CallSite } from '../../semantic';
import { nodesOfType } from '../../semantic/nodes';
import type { Fix } from '../../types';
import type { ContextOf, Rule } from '../rule';
import { STATELESS_TRANSFORMERS } from '../../kb/apis';
import { lastSegment } from '../../semantic/expressions';
import { callLabel, callRange, HeldOutTags, splitOf, isEvaluation, runFlow, where } from './leakage';
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
function fitData(call: CallSite, receiverType: string | null, constructors: Map<string, string>): Node[] | null {
  if (call.qualified && TRAIN_FUNCTIONS.has(call.qualified)) {
    const data = call.positional[1] ?? call.keywords.get(TRAIN_FUNCTIONS.get(call.qualified)!);
    return data ? [data] : null;
  }
  if (!call.method || !FIT_METHODS.has(call.method) || call.callee.type !== 'attribute') return null;
  if (receiverType && STATELESS_TRANSFORMERS.has(lastSegment(receiverType))) return null;
  if (receiverType && lastSegment(receiverType) === 'ImageDataGenerator' && !learnsStatistics(call, constructors)) return null;
  if (call.method === 'fit_on_texts') return call.positional.slice(0, 1);
  const out = call.positional.slice(0, 2);
  for (const k of ['X', 'y', 'x', 'raw_documents', 'generator']) if (call.keywords.has(k)) out.push(call.keywords.get(k)!);
  return out;
}

/**
 * Keras' `ImageDataGenerator.fit` learns only for featurewise centring, normalisation or ZCA
 * whitening, set on its constructor (`constructors`: name -> the text of the calls assigned to it).
 */
function learnsStatistics(call: CallSite, constructors: Map<string, string>): boolean {
  const receiver = call.callee.type === 'attribute' ? call.callee.childForFieldName('object') : null;
  const source = receiver?.type === 'call' ? receiver.text : receiver?.type === 'identifier' ? (constructors.get(receiver.text) ?? '') : '';
  return /featurewise_center\s*=\s*True|featurewise_std_normalization\s*=\s*True|zca_whitening\s*=\s*True/.test(source);
}

interface Fit {
  call: CallSite;
  label: string;
  heldOut: HeldOut;
  /** The expression that carries it. */
  data: Node;
}

/** The name that holds what a fit made: `model` in `model.fit(...)` or `model = LogisticRegression().fit(...)`, `bst = xgb.train(...)`. */
function call0(call: CallSite): string | null {
  if (call.receiver && call.method) return call.receiver;
  return call.assignedTo;
}

export const testDataInTraining: Rule = {
  code: 'MLH403',
  name: 'test-data-in-training',
  family: 'correctness',
  defaultSeverity: 'error',
  attachesFix: 'sometimes',
  // 11 of 11 findings true on the real-code corpora, but only after fixes made from judging them all
  // (before: 11 of 19): preview until an independent sample confirms it.
  status: 'preview',
  summary:
    'The held-out part of a train/test split (or data derived from it) is fitted on, and then evaluated on: the test rows shape the model they score (data leakage).',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH403'>) {
    const { model } = ctx;
    if (!model.calls.some((c) => /train_test_split$|random_split$/.test(c.qualified ?? ''))) return;
    const constructors = new Map<string, string>();
    for (const c of model.calls) if (c.assignedTo) constructors.set(c.assignedTo, `${constructors.get(c.assignedTo) ?? ''} ${c.node.text}`);
    /** Where each name is (re)bound: a fitted object applied after its name is rebound is another object. */
    const rebinds = new Map<string, number[]>();
    for (const a of nodesOfType(model, 'assignment')) {
      const left = a.childForFieldName('left');
      if (left?.type === 'identifier') rebinds.set(left.text, [...(rebinds.get(left.text) ?? []), a.startIndex]);
    }
    const heldOut = new HeldOutTags();
    const fits: Fit[] = [];
    /** Fits of a named object on data that holds nothing held out: `sc.fit_transform(X_train)`. */
    const trainFits: Array<{ receiver: string; start: number; fn: string | null }> = [];
    /** Where each split's held-out data is evaluated: split node id -> start offsets of the evaluations. */
    const evaluated = new Map<number, number[]>();
    /** Calls on a named object given held-out data: `model.predict(X_test)`, `sc.transform(X_test)`. */
    const applied: Array<{ receiver: string; start: number; split: number }> = [];
    runFlow<HeldOut>(model, {
      // Splitting a held-out part again (`X_val, X_test = train_test_split(X_hold)`): its parts are held out by that split alone.
      passes: (call, tag) => tag.kind !== 'held-out' || splitOf(call) === null,
      produces(call, position) {
        const tag = heldOut.of(call, position);
        return tag ? [tag] : [];
      },
      onCall(call, view) {
        const args = [...call.positional, ...call.keywords.values()];
        const splits = new Set<number>();
        for (const arg of args) for (const tag of view.tags(arg)) splits.add(tag.split.node.id);
        if (isEvaluation(call)) {
          for (const split of splits) evaluated.set(split, [...(evaluated.get(split) ?? []), call.node.startIndex]);
        }
        if (call.receiver) for (const split of splits) applied.push({ receiver: call.receiver, start: call.node.startIndex, split });
        const receiverType = view.typeOf(call);
        const data = fitData(call, receiverType, constructors);
        if (!data) return;
        if (call.receiver && (call.method === 'fit' || call.method === 'fit_transform') && data.every((d) => view.tags(d).size === 0)) {
          trainFits.push({ receiver: call.receiver, start: call.node.startIndex, fn: call.enclosingFunction });
        }
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
    /** Whether what the fit made is used on the same held-out data afterwards. */
    const usedAfter = (fit: Fit): boolean => {
      const split = fit.heldOut.split.node.id;
      const start = fit.call.node.startIndex;
      // fit_transform/fit_resample: their output carries the held-out data on to an evaluation.
      if (fit.call.method && /^fit_(transform|resample|sample)$/.test(fit.call.method)) {
        return (evaluated.get(split) ?? []).some((at) => at > start);
      }
      // fit/train: the fitted object itself is applied to the held-out data later.
      const holder = call0(fit.call);
      if (holder === null) return false;
      const rebound = (rebinds.get(holder) ?? []).find((at) => at > start) ?? Infinity;
      return applied.some((a) => a.receiver === holder && a.split === split && a.start > start && a.start < rebound);
    };
    const byPart = new Map<HeldOut, Fit[]>();
    for (const fit of fits.sort((a, b) => a.call.node.startIndex - b.call.node.startIndex)) {
      if (!usedAfter(fit)) continue; // e.g. a final refit on all rows, never scored again
      byPart.set(fit.heldOut, [...(byPart.get(fit.heldOut) ?? []), fit]);
    }
    /**
     * `sc.fit_transform(X_train)` … `sc.fit_transform(X_test)`: the author meant `sc.transform(X_test)`,
     * the same object fitted on the training rows a moment ago (not rebound in between).
     */
    const transformInstead = (fit: Fit): Fix | null => {
      const { call } = fit;
      if (call.method !== 'fit_transform' || !call.receiver || call.positional.length !== 1 || call.keywords.size > 0) return null;
      const start = call.node.startIndex;
      const earlier = trainFits.filter((t) => t.receiver === call.receiver && t.fn === call.enclosingFunction && t.start < start).pop();
      if (!earlier) return null;
      if ((rebinds.get(call.receiver) ?? []).some((at) => at > earlier.start && at < start)) return null;
      const method = call.callee.childForFieldName('attribute')!;
      return {
        title: `Use ${call.receiver}.transform(), fitted on the training part`,
        applicability: 'unsafe',
        edits: [{ range: nodeRange(method), newText: 'transform' }],
      };
    };

    // One finding per held-out part, at its first fit; the others are related locations.
    for (const [part, [fit, ...others]] of byPart) {
      if (!fit) continue;
      const data = fit.data.text.replace(/\s+/g, ' ');
      const shown = data.length <= 40 ? data : part.name;
      const derived = shown === part.name ? '' : ` (which holds ${part.name})`;
      ctx.report({
        range: callRange(fit.call),
        message:
          `${fit.label} is fitted on ${shown}${derived}, held out by the ${callLabel(part.split)} ${where(model, part.split.node)}, and what it learnt is then used on that data: ` +
          `the test rows shape the model that is scored on them. Fit on the training part only, then transform or predict the test part.`,
        related: [
          { range: nodeRange(part.split.node), message: `${part.name} is held out here` },
          ...others.map((o) => ({ range: callRange(o.call), message: `${o.label} is also fitted on ${part.name} here` })),
        ],
        data: { fit: fit.label, heldOut: part.name, split: callLabel(part.split) },
        fix: transformInstead(fit),
      });
    }
  },
};
