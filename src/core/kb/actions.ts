import type { ApiKind, Phase } from '../types';

/**
 * What a call does, as the verb of a function name: the knowledge behind the names of
 * modularize's steps and of Extract to Function (`load_train`, `train_xgb_classifier`,
 * `predict_sel_test`, `save_submission`, `plot_feature_importance`). The naming itself is in
 * refactors/stepNames.ts; this file is only data.
 */

/** The verb of a call by the kind the knowledge base gives it (kb/apis.ts); null: the kind says nothing a name could use. */
export const VERB_OF_KIND: Readonly<Record<ApiKind, string | null>> = {
  read: 'load',
  dataset: null, // by the function's own name (load_iris, fetch_openml, make_blobs) or `build` for DataFrame and friends
  write: 'save',
  train: 'train',
  estimator: 'build', // a constructor alone; `fit` on it says `train`
  search: 'build',
  transformer: null, // the product says more (`build_x_pca`)
  splitter: 'split',
  metric: 'evaluate',
  plot: 'plot',
  seed: 'set',
  random: null,
  rng: null,
  optimizer: null,
  layer: null,
  track: 'log',
};

/** How much a verb says about a step: the strongest action names it (ties: the later one). */
export const VERB_WEIGHT: Readonly<Record<string, number>> = {
  train: 9,
  predict: 8,
  save: 8,
  load: 7,
  fetch: 7,
  evaluate: 7,
  plot: 6,
  make: 6,
  split: 5,
  get: 5,
  log: 4,
  build: 3,
  set: 2,
  configure: 1,
};

/** Methods that predict: the object is what they are applied to (`clf.predict_proba(sel_test)` -> `predict_sel_test`). */
export const PREDICT_METHODS: ReadonlySet<string> = new Set(['predict', 'predict_proba', 'predict_log_proba', 'decision_function']);

/** Calls whose name says it all, by qualified name or by method name. */
export const KNOWN_ACTIONS: Readonly<Record<string, { verb: string; object: string; phase: Phase | null }>> = {
  'matplotlib.use': { verb: 'set', object: 'matplotlib_backend', phase: null },
  'matplotlib.pyplot.style.use': { verb: 'set', object: 'plot_style', phase: null },
  'matplotlib.pyplot.switch_backend': { verb: 'set', object: 'matplotlib_backend', phase: null },
  'seaborn.set': { verb: 'set', object: 'plot_style', phase: null },
  'seaborn.set_theme': { verb: 'set', object: 'plot_style', phase: null },
  'warnings.filterwarnings': { verb: 'configure', object: 'warnings', phase: null },
  'warnings.simplefilter': { verb: 'configure', object: 'warnings', phase: null },
  'pandas.set_option': { verb: 'configure', object: 'pandas', phase: null },
  // feature importances of boosted trees and forests
  get_fscore: { verb: 'get', object: 'feature_importances', phase: null },
  get_score: { verb: 'get', object: 'feature_importances', phase: null },
  get_feature_importance: { verb: 'get', object: 'feature_importances', phase: null },
  feature_importance: { verb: 'get', object: 'feature_importances', phase: null },
  'sklearn.inspection.permutation_importance': { verb: 'evaluate', object: 'permutation_importance', phase: 'evaluation' },
};

/** Function-name prefixes of data set loaders (`load_iris`, `fetch_openml`, `make_blobs`) and the verb they give. */
export const DATASET_PREFIXES: ReadonlyArray<[string, string]> = [
  ['load_', 'load'],
  ['fetch_', 'fetch'],
  ['make_', 'make'],
];

/** Calls that set a plot's title (their first string argument names a plotting step). */
export const TITLE_CALLS: ReadonlySet<string> = new Set(['title', 'set_title', 'suptitle', 'set_label']);

/** Suffixes of metric functions left out of the object (`roc_auc_score` -> `roc_auc`). */
export const METRIC_SUFFIXES: readonly string[] = ['_score', '_error', '_loss'];
