import type { Node } from '../../parse/syntax';
import { nodeRange } from '../../parse/syntax';
import type { CallSite, ScriptModel } from '../../semantic';
import { nodesOfType } from '../../semantic/nodes';
import type { ContextOf, Rule } from '../rule';
import { callLabel, callRange, HeldOutTags, splitOf, nodesWithin, runFlow, where } from './leakage';
import { callIndex, namesReadOf, nodesRunWith } from '../flow-facts';
import type { HeldOut } from './leakage';

/**
 * MLH404: the test split is used to choose. Two shapes:
 * - early stopping or best-epoch checkpointing on it: `fit(..., eval_set=[(X_test, y_test)],
 *   early_stopping_rounds=...)`, Keras `fit(validation_data=(X_test, y_test), callbacks=[EarlyStopping(...)])`,
 *   `lgb.train(..., valid_sets=[dtest], callbacks=[lgb.early_stopping(...)])`;
 * - candidates scored on it and the best kept: a test score computed in a loop (or several of them)
 *   that reaches a comparison with another score, `max`/`min`/`argmax`/`sorted`/`idxmax`/`sort_values`.
 * "Test" is the held-out part of a split made in the file, bound to a name that says test
 * (`X_test`, `test_y`): a part named `X_val` is a validation split, which is what choosing needs.
 */

interface Score {
  kind: 'score';
  call: CallSite;
  part: HeldOut;
  /** Inside a for/while loop of its block. */
  inLoop: boolean;
}

type Tag = HeldOut | Score;

/** Keyword arguments that hand evaluation data to a training call. */
const EVAL_KEYWORDS = ['eval_set', 'validation_data', 'valid_sets', 'evals', 'eval_sets', 'validation_set'];

/** Callbacks that choose on the evaluation data: stop early, keep the best epoch, or reduce the learning rate on its plateau. */
const SELECTING_CALLBACK = /EarlyStopping|early_stopping|ModelCheckpoint|ReduceLROnPlateau/;

const SELECTING_FUNCTIONS = new Set(['max', 'min', 'sorted']);
const SELECTING_NUMPY = /^numpy\.(nan)?(argmax|argmin|max|min|argsort|sort)$|^numpy\.(amax|amin)$/;
const SELECTING_METHODS = new Set(['idxmax', 'idxmin', 'argmax', 'argmin', 'sort_values', 'nlargest', 'nsmallest', 'max', 'min']);

/** Names of validation data: `X_val`, `valid`, `dev_df`, `holdout`. */
const VALIDATION_NAME = /val|dev|hold/i;

const isTestPart = (tag: Tag): tag is HeldOut => tag.kind === 'held-out' && /test/i.test(tag.name) && !VALIDATION_NAME.test(tag.name);

/** A call whose outputs can be held out (see leakage.ts `isHeldOutPosition`). */
function isSplitProducer(call: CallSite): boolean {
  return call.qualified === 'sklearn.model_selection.train_test_split' || call.qualified === 'torch.utils.data.random_split';
}

function inLoop(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (
      n.type === 'for_statement' ||
      n.type === 'while_statement' ||
      n.type === 'list_comprehension' ||
      n.type === 'dictionary_comprehension'
    )
      return true;
    if (n.type === 'function_definition' || n.type === 'lambda') return false;
  }
  return false;
}

/** Whether an expression (the `callbacks=` argument, or what a name in it was assigned) names a selecting callback, two assignments deep. */
function selectsByCallback(model: ScriptModel, node: Node | undefined, depth = 0): boolean {
  if (!node || depth > 2) return false;
  if (SELECTING_CALLBACK.test(node.text)) return true;
  for (const id of nodesWithin(node, 'identifier').concat(node.type === 'identifier' ? [node] : [])) {
    const cls = model.instances.get(id.text);
    if (cls && SELECTING_CALLBACK.test(cls)) return true;
    for (const assignment of nodesOfType(model, 'assignment')) {
      if (assignment.childForFieldName('left')?.text !== id.text) continue;
      if (selectsByCallback(model, assignment.childForFieldName('right') ?? undefined, depth + 1)) return true;
    }
  }
  return false;
}

/** Early stopping configured on the estimator: `XGBClassifier(early_stopping_rounds=50)` bound to the receiver. */
function constructedWithEarlyStopping(model: ScriptModel, call: CallSite): boolean {
  if (call.keywords.has('early_stopping_rounds') || call.keywords.has('early_stopping')) return true;
  const receiver = call.callee.type === 'attribute' ? call.callee.childForFieldName('object') : null;
  if (receiver?.type === 'call') return /early_stopping/.test(receiver.text);
  if (receiver?.type !== 'identifier') return false;
  return model.calls.some((c) => c.assignedTo === receiver.text && c.keywords.has('early_stopping_rounds'));
}

/** `ax.set_ylim([min(scores) * 0.9, max(scores) * 1.1])`: a plot's range, not a choice. */
function isAxisRange(node: Node): boolean {
  for (let n = node.parent; n && n.type !== 'expression_statement' && n.type !== 'block'; n = n.parent) {
    if (n.type === 'call' && /(^|\.)(set_)?[xy]lim$|(^|\.)axis$/.test(n.childForFieldName('function')?.text ?? '')) return true;
  }
  return false;
}

export const testSetReuse: Rule = {
  code: 'MLH404',
  name: 'test-set-reuse',
  family: 'correctness',
  defaultSeverity: 'error',
  status: 'stable',
  summary:
    'The test split is used to choose: early stopping or checkpointing on it, or several models or settings scored on it and the best kept (selection leakage).',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH404'>) {
    const { model } = ctx;
    if (!model.calls.some((c) => /train_test_split$|random_split$/.test(c.qualified ?? ''))) return;
    const heldOut = new HeldOutTags();
    const calls = callIndex(model);
    const scores = new Map<number, Score>();
    const reported = new Set<number>();

    /** One finding per choice, at the first test score it chooses among that is not reported yet; the others are related. */
    const reportScores = (found: Score[], at: Node, how: string): void => {
      const fresh = found.filter((s) => !reported.has(s.call.node.id)).sort((a, b) => a.call.node.startIndex - b.call.node.startIndex);
      const [first, ...others] = fresh;
      if (!first) return;
      for (const s of fresh) reported.add(s.call.node.id);
      const { part } = first;
      ctx.report({
        range: callRange(first.call),
        message:
          `${callLabel(first.call)} scores candidates on ${part.name} (held out by the ${callLabel(part.split)} ${where(model, part.split.node)}) and the best is kept ${where(model, at)} (${how}): ` +
          `the test set chose the model, so its score on it is optimistic. Choose on a validation split or by cross-validation on the training part, and score the test set once, at the end.`,
        related: [
          { range: nodeRange(at), message: 'the best is chosen here' },
          { range: nodeRange(part.split.node), message: `${part.name} is held out here` },
          ...others.map((o) => ({ range: callRange(o.call), message: `${callLabel(o.call)} also scores on ${o.part.name}` })),
        ],
        data: { kind: 'selection', heldOut: part.name, call: callLabel(first.call) },
      });
    };

    /** Scores that make a selection: any computed in a loop, or two or more. */
    const selecting = (tags: ReadonlySet<Tag>): Score[] => {
      const found = [...tags].filter((t): t is Score => t.kind === 'score');
      return found.some((s) => s.inLoop) || new Set(found.map((s) => s.call)).size >= 2 ? found : [];
    };

    runFlow<Tag>(model, {
      // Every tag starts at a split's held-out part (a score needs one too): a block without a split has none.
      carries: isSplitProducer,
      // Splitting a held-out part again (`X_val, X_test = train_test_split(X_hold)`): its parts are held out by that split alone.
      passes: (call, tag) => tag.kind !== 'held-out' || splitOf(call) === null,
      produces(call, position, view) {
        const tag = heldOut.of(call, position);
        if (tag) return [tag];
        // A score computed on the test part.
        if (!(call.qualified?.startsWith('sklearn.metrics.') || call.method === 'score' || call.method === 'evaluate')) return [];
        let score = scores.get(call.node.id);
        if (!score) {
          // The data scored on is test data: a held-out part named for testing, not read through a name that says validation.
          const part = [...call.positional, ...call.keywords.values()]
            .filter((a) => ![...namesReadOf(calls, a)].some((n) => VALIDATION_NAME.test(n)))
            .flatMap((a) => [...view.tags(a)])
            .find(isTestPart);
          if (!part) return [];
          score = { kind: 'score', call, part, inLoop: inLoop(call.node) };
          scores.set(call.node.id, score);
        }
        return [score];
      },
      onCall(call, view) {
        // Early stopping / checkpointing on the test part.
        for (let k = 0; k < EVAL_KEYWORDS.length && call.keywords.size > 0; k++) {
          const keyword = EVAL_KEYWORDS[k]!;
          const value = call.keywords.get(keyword);
          const part = value ? [...view.tags(value)].find(isTestPart) : undefined;
          if (!value || !part) continue;
          const how = constructedWithEarlyStopping(model, call)
            ? 'early stopping'
            : selectsByCallback(model, call.keywords.get('callbacks'))
              ? 'a callback that stops early or keeps the best epoch'
              : null;
          if (!how || reported.has(call.node.id)) continue;
          reported.add(call.node.id);
          ctx.report({
            range: callRange(call),
            message:
              `${callLabel(call)} watches ${part.name} (held out by the ${callLabel(part.split)} ${where(model, part.split.node)}) through \`${keyword}\` with ${how}: ` +
              `the test set chooses when training stops, so the score on it is optimistic. Split a validation part off the training data for \`${keyword}\` and keep the test set for the final score.`,
            related: [{ range: nodeRange(part.split.node), message: `${part.name} is held out here` }],
            data: { kind: 'early-stopping', heldOut: part.name, call: callLabel(call) },
          });
        }
        // The best of several test scores: max(...), np.argmax(...), scores.idxmax(), sorted(...).
        const callee = call.callee;
        const chooses =
          (callee.type === 'identifier' && SELECTING_FUNCTIONS.has(callee.text) && !model.definitions.has(callee.text)) ||
          (call.qualified !== null && SELECTING_NUMPY.test(call.qualified)) ||
          (call.qualified === null && call.method !== null && SELECTING_METHODS.has(call.method));
        if (!chooses || isAxisRange(call.node)) return;
        const tags = new Set<Tag>();
        for (const arg of [...call.positional, ...call.keywords.values()]) for (const t of view.tags(arg)) tags.add(t);
        if (call.qualified === null && callee.type === 'attribute')
          for (const t of view.tags(callee.childForFieldName('object')!)) tags.add(t);
        reportScores(selecting(tags), call.node, `${callee.text}()`);
      },
      onStep(node, view) {
        // `if acc > best_acc:` in the loop that computes acc.
        for (const comparison of nodesRunWith(model, node, 'comparison_operator')) {
          const operators = comparison.children.filter((c) => !c.isNamed).map((c) => c.text);
          if (!operators.every((op) => ['<', '>', '<=', '>='].includes(op))) continue;
          const operands = comparison.namedChildren;
          if (operands.some((o) => o.type === 'integer' || o.type === 'float' || o.type === 'unary_operator')) continue; // a threshold, not a choice
          const tags = new Set<Tag>();
          for (const o of operands) for (const t of view.tags(o)) tags.add(t);
          reportScores(selecting(tags), comparison, 'a comparison of scores');
        }
      },
    });
  },
};
