import type { Node } from '../../parse/syntax';
import { THRESHOLD_FREE_METRICS, THRESHOLD_FREE_SCORING, THRESHOLD_METRICS, THRESHOLD_SCORING, isClassifier } from '../../kb/apis';
import type { CallSite, ScriptModel } from '../../semantic';
import { stringValue } from '../../semantic/strings';
import { nodeRange } from '../../parse/syntax';
import { nodesOfType } from '../../semantic/nodes';
import type { ContextOf, Rule } from '../rule';
import { lastSegment } from '../../semantic/expressions';

/**
 * MLH432 (opinion, preview): a classifier evaluated only with metrics of its hard predictions
 * (accuracy, precision, recall, F1, a confusion matrix, `.score()`), never with a threshold-free one
 * (ROC AUC, average precision, log loss, Brier score, a ROC or precision-recall curve) anywhere in
 * the file. One finding per file, at the first threshold metric. Files that show a multi-class task
 * are left alone: there the threshold-free metrics are less usual and need a choice of averaging.
 */

/** Threshold-free metrics of other libraries (Keras, torchmetrics), by class name. */
const OTHER_THRESHOLD_FREE = new Set(['AUC', 'AUROC', 'BinaryAUROC', 'AveragePrecision', 'BinaryAveragePrecision', 'BinaryCrossentropy']);

/** Averaging modes that only make sense with several classes (or labels). */
const MULTICLASS_AVERAGES = /^(micro|macro|weighted|samples)$|_(micro|macro|weighted|samples)$/;

/** Datasets with more than two classes. */
const MULTICLASS_DATASETS = new Set([
  'load_iris',
  'load_digits',
  'load_wine',
  'fetch_20newsgroups',
  'fetch_20newsgroups_vectorized',
  'fetch_covtype',
  'fetch_olivetti_faces',
  'fetch_lfw_people',
  'fetch_rcv1',
  'mnist',
  'fashion_mnist',
  'cifar10',
  'cifar100',
  'reuters',
]);

const MULTICLASS_STRINGS = new Set([
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
  'multi:softmax',
  'multi:softprob',
  'multiclass',
  'softmax',
]);

/** Calls that only make sense with more than two classes. */
const MULTICLASS_CALLS = new Set([
  'torch.nn.CrossEntropyLoss',
  'torch.nn.functional.cross_entropy',
  'sklearn.multiclass.OneVsRestClassifier',
  'sklearn.multiclass.OneVsOneClassifier',
  'sklearn.multiclass.OutputCodeClassifier',
  'tensorflow.keras.utils.to_categorical',
  'keras.utils.to_categorical',
  'keras.utils.np_utils.to_categorical',
]);

/** Keyword arguments that list the classes (or their tick labels in a confusion-matrix plot). */
const CLASS_LISTS = ['target_names', 'labels', 'classes', 'display_labels', 'xticklabels', 'yticklabels'];

/** The strings of an expression: a string, or the strings of a list, tuple, set or dict values. */
function strings(node: Node): string[] {
  const value = stringValue(node);
  if (value !== null) return [value];
  if (['list', 'tuple', 'set', 'dictionary', 'pair'].includes(node.type)) {
    return node.namedChildren.flatMap((child) =>
      child.type === 'pair' ? strings(child.childForFieldName('value') ?? child) : strings(child),
    );
  }
  return [];
}

/** What a `scoring=` value says: 'free' if it names a threshold-free metric, 'threshold' if only threshold ones. */
function scoringKind(node: Node): 'free' | 'threshold' | null {
  const names = strings(node);
  if (names.some((n) => THRESHOLD_FREE_SCORING.test(n))) return 'free';
  if (names.some((n) => THRESHOLD_SCORING.test(n))) return 'threshold';
  return null;
}

interface Evidence {
  threshold: Array<{ call: CallSite; label: string }>;
  free: boolean;
  multiclass: boolean;
}

function callEvidence(call: CallSite, into: Evidence): void {
  const qualified = call.qualified;
  const name = qualified ? lastSegment(qualified) : null;
  if (qualified && name) {
    const sklearnMetric = qualified.startsWith('sklearn.metrics.') || qualified.startsWith('sklearn.metrics._');
    // `RocCurveDisplay.from_predictions` resolves to sklearn.metrics.RocCurveDisplay.from_predictions
    // (the owner is looked for only in metrics: most calls are none).
    const owner = (): boolean => qualified.split('.').some((part) => THRESHOLD_FREE_METRICS.has(part));
    if (sklearnMetric && (THRESHOLD_FREE_METRICS.has(name) || owner())) into.free = true;
    else if (sklearnMetric && THRESHOLD_METRICS.has(name)) into.threshold.push({ call, label: name });
    if (OTHER_THRESHOLD_FREE.has(name)) into.free = true;
    if (qualified.startsWith('sklearn.datasets.') && MULTICLASS_DATASETS.has(name)) into.multiclass = true;
    if (/\.datasets\.(mnist|fashion_mnist|cifar10|cifar100|reuters)\.load_data$/.test(qualified)) into.multiclass = true;
    if (MULTICLASS_CALLS.has(qualified)) into.multiclass = true;
  }
  if (call.method === 'score' && isClassifier(call.receiverType)) into.threshold.push({ call, label: '.score()' });
  const scoring = call.keywords.get('scoring');
  if (scoring) {
    const kind = scoringKind(scoring);
    if (kind === 'free') into.free = true;
    else if (kind === 'threshold') into.threshold.push({ call, label: `scoring=${scoring.text}` });
    if (strings(scoring).some((s) => MULTICLASS_AVERAGES.test(s))) into.multiclass = true;
  }
  const average = call.keywords.get('average');
  const averageValue = average ? stringValue(average) : null;
  if (averageValue && MULTICLASS_AVERAGES.test(averageValue)) into.multiclass = true;
  if (call.keywords.has('multi_class')) into.multiclass = true;
  for (const key of CLASS_LISTS) {
    const list = call.keywords.get(key);
    if (list && ['list', 'tuple'].includes(list.type) && list.namedChildren.length > 2) into.multiclass = true;
  }
  // `num_class=10` (xgboost), `n_classes=3`.
  for (const key of ['num_class', 'n_classes', 'num_classes']) {
    const value = call.keywords.get(key);
    if (value && (value.type !== 'integer' || Number(value.text) > 2)) into.multiclass = true;
  }
  // Images (`x.reshape(28, 28)`): digit, letter or object classes.
  if (call.method === 'reshape' || qualified === 'numpy.reshape') {
    const args = call.positional.flatMap((arg) => (['tuple', 'list'].includes(arg.type) ? arg.namedChildren : [arg]));
    const sides = args.map((arg) => (arg.type === 'integer' ? Number(arg.text) : NaN));
    if (sides.some((side, i) => side >= 8 && sides[i + 1] === side)) into.multiclass = true;
  }
}

/** Strings anywhere in the file: `eval_metric="auc"`, `metrics=["AUC"]`, `loss="categorical_crossentropy"`. */
function stringEvidence(model: ScriptModel, into: Evidence): void {
  for (const node of nodesOfType(model, 'string')) {
    const value = stringValue(node);
    if (value === null) continue;
    if (THRESHOLD_FREE_SCORING.test(value)) into.free = true;
    if (MULTICLASS_STRINGS.has(value.toLowerCase())) into.multiclass = true;
  }
}

export const thresholdDependentValidation: Rule = {
  code: 'MLH432',
  name: 'threshold-dependent-validation',
  family: 'correctness',
  defaultSeverity: 'warning',
  status: 'preview',
  summary:
    'A classifier is evaluated only with threshold metrics (accuracy, precision, recall, F1) and never with a threshold-free one (ROC AUC, average precision, log loss).',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH432'>) {
    const { model } = ctx;
    if (![...model.importMap.values()].some((q) => q === 'sklearn' || q.startsWith('sklearn.'))) return;
    const evidence: Evidence = { threshold: [], free: false, multiclass: false };
    for (const call of model.calls) callEvidence(call, evidence);
    if (evidence.threshold.length === 0 || evidence.free || evidence.multiclass) return;
    stringEvidence(model, evidence);
    if (evidence.free || evidence.multiclass) return;
    const first = [...evidence.threshold].sort((a, b) => a.call.node.startIndex - b.call.node.startIndex)[0]!;
    const labels = [...new Set(evidence.threshold.map((t) => (t.label.startsWith('scoring=') ? 'scoring' : t.label)))];
    const shown = labels.slice(0, 4).join(', ') + (labels.length > 4 ? ', …' : '');
    ctx.report({
      range: nodeRange(first.call.node),
      message:
        `The classifier is evaluated only with threshold metrics (${shown}), which judge its predictions at one decision threshold, ` +
        'and never with a threshold-free one: add roc_auc_score, average_precision_score or log_loss on predict_proba ' +
        '(or scoring="roc_auc"), which measure how well it ranks or how calibrated it is.',
      data: { metric: first.label, count: evidence.threshold.length },
      call: nodeRange(first.call.node),
    });
  },
};
