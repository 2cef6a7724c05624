import type { ApiInfo, Phase } from '../types';

/**
 * What the engine knows about the ML libraries' APIs, as data. Names are fully qualified
 * (`sklearn.ensemble.RandomForestClassifier`, `pandas.read_csv`); the script model resolves
 * local names through the imports before asking.
 *
 * Public re-exports are listed under the name people import (sklearn's estimators are
 * `sklearn.<package>.<Class>`, whatever private module defines them).
 */

export type { ApiInfo, ApiKind } from '../types';

const SKLEARN_ESTIMATOR_PACKAGES = [
  'ensemble',
  'linear_model',
  'svm',
  'tree',
  'neighbors',
  'naive_bayes',
  'neural_network',
  'gaussian_process',
  'discriminant_analysis',
  'kernel_ridge',
  'isotonic',
  'cluster',
  'mixture',
  'semi_supervised',
  'multiclass',
  'multioutput',
  'calibration',
  'dummy',
  'covariance',
  'cross_decomposition',
];
const SKLEARN_TRANSFORMER_PACKAGES = [
  'preprocessing',
  'impute',
  'feature_selection',
  'decomposition',
  'feature_extraction',
  'feature_extraction.text',
  'kernel_approximation',
  'random_projection',
  'manifold',
  'compose',
];

/** sklearn estimators and transformers whose default settings draw random numbers. */
const SKLEARN_RANDOM_BY_DEFAULT = new Set([
  'RandomForestClassifier',
  'RandomForestRegressor',
  'ExtraTreesClassifier',
  'ExtraTreesRegressor',
  'GradientBoostingClassifier',
  'GradientBoostingRegressor',
  'HistGradientBoostingClassifier',
  'HistGradientBoostingRegressor',
  'AdaBoostClassifier',
  'AdaBoostRegressor',
  'BaggingClassifier',
  'BaggingRegressor',
  'IsolationForest',
  'RandomTreesEmbedding',
  'DecisionTreeClassifier',
  'DecisionTreeRegressor',
  'ExtraTreeClassifier',
  'ExtraTreeRegressor',
  'SGDClassifier',
  'SGDRegressor',
  'SGDOneClassSVM',
  'Perceptron',
  'PassiveAggressiveClassifier',
  'PassiveAggressiveRegressor',
  'MLPClassifier',
  'MLPRegressor',
  'KMeans',
  'MiniBatchKMeans',
  'BisectingKMeans',
  'SpectralClustering',
  'GaussianMixture',
  'BayesianGaussianMixture',
  'TSNE',
  'MDS',
  'SpectralEmbedding',
  'TruncatedSVD',
  'FastICA',
  'LatentDirichletAllocation',
  'MiniBatchDictionaryLearning',
  'DictionaryLearning',
  'SparsePCA',
  'MiniBatchSparsePCA',
  'RBFSampler',
  'Nystroem',
  'SkewedChi2Sampler',
  'GaussianRandomProjection',
  'SparseRandomProjection',
  'RANSACRegressor',
  'TheilSenRegressor',
  'RandomizedSearchCV',
  'HalvingRandomSearchCV',
  'LinearSVC',
  'LinearSVR',
]);
/**
 * sklearn estimators and transformers whose results depend on `random_state` when it is left unset:
 * those above, and those that draw random numbers only with some settings (a solver, `shuffle=True`, ...).
 */
const SKLEARN_RANDOMIZED = new Set([
  ...SKLEARN_RANDOM_BY_DEFAULT,
  'Isomap',
  'LocallyLinearEmbedding',
  'NMF',
  'MiniBatchNMF',
  'KernelPCA',
  'IterativeImputer',
  'QuantileTransformer',
  'KBinsDiscretizer',
  'SVC',
  'NuSVC',
  'OneClassSVM',
  'LogisticRegression',
  'LogisticRegressionCV',
  'Ridge',
  'RidgeClassifier',
  'ElasticNet',
  'Lasso',
  'ElasticNetCV',
  'LassoCV',
  'GaussianProcessClassifier',
  'GaussianProcessRegressor',
  'DummyClassifier',
  'SelfTrainingClassifier',
  'ARDRegression',
  'EllipticEnvelope',
  'MinCovDet',
  'SequentialFeatureSelector',
  'RFECV',
  'CalibratedClassifierCV',
  'StackingClassifier',
  'StackingRegressor',
]);

const SKLEARN_SPLITTERS = new Set([
  'KFold',
  'StratifiedKFold',
  'GroupKFold',
  'StratifiedGroupKFold',
  'RepeatedKFold',
  'RepeatedStratifiedKFold',
  'ShuffleSplit',
  'StratifiedShuffleSplit',
  'GroupShuffleSplit',
  'TimeSeriesSplit',
  'LeaveOneOut',
  'LeavePOut',
  'LeaveOneGroupOut',
  'LeavePGroupsOut',
  'PredefinedSplit',
]);
/** Splitters that shuffle by default (the K-fold family shuffles only with shuffle=True). */
const SKLEARN_SHUFFLING_SPLITTERS = new Set([
  'ShuffleSplit',
  'StratifiedShuffleSplit',
  'GroupShuffleSplit',
  'RepeatedKFold',
  'RepeatedStratifiedKFold',
]);

const EXACT: Record<string, ApiInfo> = {
  // splitting and model selection
  'sklearn.model_selection.train_test_split': { kind: 'splitter', phase: 'features', randomState: 'random_state' },
  'sklearn.model_selection.cross_val_score': { kind: 'metric', phase: 'evaluation' },
  'sklearn.model_selection.cross_validate': { kind: 'metric', phase: 'evaluation' },
  'sklearn.model_selection.cross_val_predict': { kind: 'metric', phase: 'evaluation' },
  'sklearn.model_selection.learning_curve': { kind: 'metric', phase: 'evaluation' },
  'sklearn.model_selection.validation_curve': { kind: 'metric', phase: 'evaluation' },
  'sklearn.model_selection.permutation_test_score': { kind: 'metric', phase: 'evaluation', randomState: 'random_state' },
  'sklearn.inspection.permutation_importance': { kind: 'metric', phase: 'evaluation', randomState: 'random_state' },
  'sklearn.model_selection.GridSearchCV': { kind: 'search', phase: 'training' },
  'sklearn.model_selection.RandomizedSearchCV': { kind: 'search', phase: 'training', randomState: 'random_state' },
  'sklearn.model_selection.HalvingGridSearchCV': { kind: 'search', phase: 'training', randomState: 'random_state' },
  'sklearn.model_selection.HalvingRandomSearchCV': { kind: 'search', phase: 'training', randomState: 'random_state' },
  'sklearn.pipeline.Pipeline': { kind: 'estimator', phase: 'training' },
  'sklearn.pipeline.make_pipeline': { kind: 'estimator', phase: 'training' },
  'sklearn.pipeline.FeatureUnion': { kind: 'transformer', phase: 'features' },
  'sklearn.pipeline.make_union': { kind: 'transformer', phase: 'features' },
  'sklearn.compose.make_column_transformer': { kind: 'transformer', phase: 'features' },
  'sklearn.utils.shuffle': { kind: 'random', phase: 'features', randomState: 'random_state' },
  'sklearn.utils.resample': { kind: 'random', phase: 'features', randomState: 'random_state' },
  // pandas
  'pandas.DataFrame': { kind: 'dataset', phase: 'data' },
  'pandas.Series': { kind: 'dataset', phase: 'data' },
  'pandas.concat': { kind: 'dataset', phase: 'features' },
  'pandas.merge': { kind: 'dataset', phase: 'features' },
  'pandas.get_dummies': { kind: 'dataset', phase: 'features' },
  'pandas.cut': { kind: 'dataset', phase: 'features' },
  'pandas.qcut': { kind: 'dataset', phase: 'features' },
  'pandas.to_datetime': { kind: 'dataset', phase: 'features' },
  'pandas.to_numeric': { kind: 'dataset', phase: 'features' },
  'pandas.read_sql': { kind: 'read', phase: 'data' },
  'pandas.read_sql_query': { kind: 'read', phase: 'data' },
  'pandas.read_sql_table': { kind: 'read', phase: 'data' },
  'pandas.read_clipboard': { kind: 'read', phase: 'data' }, // first argument is `sep`, not a path
  'pandas.read_gbq': { kind: 'read', phase: 'data' }, // first argument is a query
  // numpy files and randomness
  'numpy.load': { kind: 'read', phase: 'data', pathArg: { index: 0, keywords: ['file'] } },
  'numpy.loadtxt': { kind: 'read', phase: 'data', pathArg: { index: 0, keywords: ['fname'] } },
  'numpy.genfromtxt': { kind: 'read', phase: 'data', pathArg: { index: 0, keywords: ['fname'] } },
  'numpy.fromfile': { kind: 'read', phase: 'data', pathArg: { index: 0, keywords: ['file'] } },
  'numpy.save': { kind: 'write', phase: 'persistence', pathArg: { index: 0, keywords: ['file'] } },
  'numpy.savez': { kind: 'write', phase: 'persistence', pathArg: { index: 0, keywords: ['file'] } },
  'numpy.savez_compressed': { kind: 'write', phase: 'persistence', pathArg: { index: 0, keywords: ['file'] } },
  'numpy.savetxt': { kind: 'write', phase: 'persistence', pathArg: { index: 0, keywords: ['fname'] } },
  'numpy.random.seed': { kind: 'seed', phase: 'data' },
  'numpy.random.default_rng': { kind: 'rng', phase: 'data' },
  'numpy.random.RandomState': { kind: 'rng', phase: 'data' },
  'numpy.random.Generator': { kind: 'rng', phase: 'data' },
  'random.seed': { kind: 'seed', phase: 'data' },
  'random.Random': { kind: 'rng', phase: 'data' },
  // serialisation
  open: { kind: 'read', phase: 'data', pathArg: { index: 0, keywords: ['file'] } },
  'io.open': { kind: 'read', phase: 'data', pathArg: { index: 0, keywords: ['file'] } },
  'joblib.dump': { kind: 'write', phase: 'persistence', pathArg: { index: 1, keywords: ['filename'] } },
  'joblib.load': { kind: 'read', phase: 'persistence', pathArg: { index: 0, keywords: ['filename'] } },
  'pickle.dump': { kind: 'write', phase: 'persistence' },
  'pickle.dumps': { kind: 'write', phase: 'persistence' },
  'pickle.load': { kind: 'read', phase: 'persistence' },
  'pickle.loads': { kind: 'read', phase: 'persistence' },
  'torch.save': { kind: 'write', phase: 'persistence', pathArg: { index: 1, keywords: ['f'] } },
  'torch.load': { kind: 'read', phase: 'persistence', pathArg: { index: 0, keywords: ['f'] } },
  'torch.manual_seed': { kind: 'seed', phase: 'training' },
  'torch.cuda.manual_seed': { kind: 'seed', phase: 'training' },
  'torch.cuda.manual_seed_all': { kind: 'seed', phase: 'training' },
  'torch.Generator': { kind: 'rng', phase: 'training' },
  'torch.utils.data.DataLoader': { kind: 'dataset', phase: 'data' },
  'torch.utils.data.random_split': { kind: 'splitter', phase: 'features' },
  'tensorflow.random.set_seed': { kind: 'seed', phase: 'training' },
  'tensorflow.keras.utils.set_random_seed': { kind: 'seed', phase: 'training' },
  'keras.utils.set_random_seed': { kind: 'seed', phase: 'training' },
  'tensorflow.keras.models.load_model': { kind: 'read', phase: 'persistence', pathArg: { index: 0, keywords: ['filepath'] } },
  'keras.models.load_model': { kind: 'read', phase: 'persistence', pathArg: { index: 0, keywords: ['filepath'] } },
  'xgboost.train': { kind: 'train', phase: 'training' },
  'xgboost.cv': { kind: 'metric', phase: 'evaluation' },
  'xgboost.DMatrix': { kind: 'dataset', phase: 'features' },
  'lightgbm.train': { kind: 'train', phase: 'training' },
  'lightgbm.cv': { kind: 'metric', phase: 'evaluation' },
  'lightgbm.Dataset': { kind: 'dataset', phase: 'features' },
  'mlflow.log_artifact': { kind: 'track', phase: 'persistence', pathArg: { index: 0, keywords: ['local_path'] } },
};

/** Module prefixes: the longest match wins. */
const PREFIXES: Array<[string, ApiInfo]> = [
  ['sklearn.metrics', { kind: 'metric', phase: 'evaluation' }],
  ['sklearn.inspection', { kind: 'metric', phase: 'evaluation' }],
  ['sklearn.datasets', { kind: 'dataset', phase: 'data' }],
  ['numpy.random', { kind: 'random', phase: 'data' }],
  ['random', { kind: 'random', phase: 'data' }],
  ['torch.optim.lr_scheduler', { kind: 'optimizer', phase: 'training' }],
  ['torch.optim', { kind: 'optimizer', phase: 'training' }],
  ['torch.nn', { kind: 'layer', phase: 'training' }],
  ['torch.utils.data', { kind: 'dataset', phase: 'data' }],
  ['torchvision.datasets', { kind: 'dataset', phase: 'data' }],
  ['torchvision.transforms', { kind: 'transformer', phase: 'features' }],
  ['tensorflow.keras.optimizers', { kind: 'optimizer', phase: 'training' }],
  ['keras.optimizers', { kind: 'optimizer', phase: 'training' }],
  ['tensorflow.keras.layers', { kind: 'layer', phase: 'training' }],
  ['keras.layers', { kind: 'layer', phase: 'training' }],
  ['tensorflow.keras.models', { kind: 'estimator', phase: 'training' }],
  ['keras.models', { kind: 'estimator', phase: 'training' }],
  ['tensorflow.keras.callbacks', { kind: 'estimator', phase: 'training' }],
  ['keras.callbacks', { kind: 'estimator', phase: 'training' }],
  ['tensorflow.keras.datasets', { kind: 'dataset', phase: 'data' }],
  ['keras.datasets', { kind: 'dataset', phase: 'data' }],
  ['tensorflow.data', { kind: 'dataset', phase: 'data' }],
  ['xgboost', { kind: 'estimator', phase: 'training' }], // seeded by default: not random between runs
  ['lightgbm', { kind: 'estimator', phase: 'training' }], // seeded by default: not random between runs
  ['catboost', { kind: 'estimator', phase: 'training' }], // seeded by default: not random between runs
  ['matplotlib', { kind: 'plot', phase: 'visualisation' }],
  ['seaborn', { kind: 'plot', phase: 'visualisation' }],
  ['plotly', { kind: 'plot', phase: 'visualisation' }],
  ['mlflow', { kind: 'track', phase: 'persistence' }],
];

const PANDAS_READ_PATH = { index: 0, keywords: ['filepath_or_buffer', 'path', 'io', 'path_or_buf', 'path_or_buffer'] };
const PANDAS_WRITE_PATH = { index: 0, keywords: ['path_or_buf', 'path', 'excel_writer', 'path_or_buffer', 'buf', 'fname'] };

function sklearnInfo(qualified: string): ApiInfo | undefined {
  // Private modules (`sklearn.ensemble._forest`) re-export under the public package.
  const parts = qualified.split('.').filter((part, i, all) => i === all.length - 1 || !part.startsWith('_'));
  if (parts[0] !== 'sklearn' || parts.length < 3) return undefined;
  const cls = parts[parts.length - 1]!;
  const pkg = parts.slice(1, -1).join('.');
  if (!/^[A-Z]/.test(cls)) return undefined;
  if (pkg === 'model_selection' && SKLEARN_SPLITTERS.has(cls)) {
    return { kind: 'splitter', phase: 'evaluation', ...(SKLEARN_SHUFFLING_SPLITTERS.has(cls) ? { randomState: 'random_state' } : {}) };
  }
  const randomState = SKLEARN_RANDOM_BY_DEFAULT.has(cls) ? { randomState: 'random_state' } : {};
  if (SKLEARN_TRANSFORMER_PACKAGES.includes(pkg)) return { kind: 'transformer', phase: 'features', ...randomState };
  if (SKLEARN_ESTIMATOR_PACKAGES.includes(pkg)) return { kind: 'estimator', phase: 'training', ...randomState };
  return undefined;
}

/**
 * Answers of `lookupApi` by name: a script asks about the same callables again and again (every
 * call site, then rules), and the prefix scan is the knowledge base's hottest loop. Bounded: it
 * starts over when a run over many projects has asked about too many names.
 */
const apiCache = new Map<string, ApiInfo | undefined>();
const API_CACHE_LIMIT = 20_000;

/** What the knowledge base says about a fully qualified callable, if anything (do not mutate the answer). */
export function lookupApi(qualified: string): ApiInfo | undefined {
  const cached = apiCache.get(qualified);
  if (cached !== undefined || apiCache.has(qualified)) return cached;
  if (apiCache.size >= API_CACHE_LIMIT) apiCache.clear();
  const info = findApi(qualified);
  apiCache.set(qualified, info);
  return info;
}

function findApi(qualified: string): ApiInfo | undefined {
  const exact = EXACT[qualified];
  if (exact) return exact;
  const sk = sklearnInfo(qualified);
  if (sk) return sk;
  if (qualified.startsWith('pandas.read_') && !qualified.startsWith('pandas.read_sql')) {
    return { kind: 'read', phase: 'data', pathArg: PANDAS_READ_PATH };
  }
  let best: ApiInfo | undefined;
  let bestLength = -1;
  for (const [prefix, info] of PREFIXES) {
    if ((qualified === prefix || qualified.startsWith(prefix + '.')) && prefix.length > bestLength) {
      best = info;
      bestLength = prefix.length;
    }
  }
  return best;
}

/** True when an sklearn class takes `random_state` (used when it is randomised only in some settings). */
export function sklearnAcceptsRandomState(qualified: string): boolean {
  return qualified.startsWith('sklearn.') && SKLEARN_RANDOMIZED.has(qualified.split('.').pop() ?? '');
}

/**
 * Methods known by name alone, for receivers whose type the model cannot infer. The phase
 * is what calling the method usually means in an ML script.
 */
const METHODS: Record<string, ApiInfo> = {
  fit: { kind: 'train', phase: 'training' },
  partial_fit: { kind: 'train', phase: 'training' },
  compile: { kind: 'train', phase: 'training' },
  fit_generator: { kind: 'train', phase: 'training' },
  train: { kind: 'train', phase: 'training' },
  backward: { kind: 'train', phase: 'training' },
  step: { kind: 'train', phase: 'training' },
  zero_grad: { kind: 'train', phase: 'training' },
  predict: { kind: 'metric', phase: 'evaluation' },
  predict_proba: { kind: 'metric', phase: 'evaluation' },
  predict_log_proba: { kind: 'metric', phase: 'evaluation' },
  decision_function: { kind: 'metric', phase: 'evaluation' },
  score: { kind: 'metric', phase: 'evaluation' },
  score_samples: { kind: 'metric', phase: 'evaluation' },
  evaluate: { kind: 'metric', phase: 'evaluation' },
  fit_transform: { kind: 'transformer', phase: 'features' },
  fit_predict: { kind: 'train', phase: 'training' },
  transform: { kind: 'transformer', phase: 'features' },
  inverse_transform: { kind: 'transformer', phase: 'features' },
  dropna: { kind: 'dataset', phase: 'features' },
  fillna: { kind: 'dataset', phase: 'features' },
  astype: { kind: 'dataset', phase: 'features' },
  merge: { kind: 'dataset', phase: 'features' },
  join: { kind: 'dataset', phase: 'features' },
  groupby: { kind: 'dataset', phase: 'features' },
  pivot_table: { kind: 'dataset', phase: 'features' },
  apply: { kind: 'dataset', phase: 'features' },
  map: { kind: 'dataset', phase: 'features' },
  replace: { kind: 'dataset', phase: 'features' },
  drop: { kind: 'dataset', phase: 'features' },
  rename: { kind: 'dataset', phase: 'features' },
  get_dummies: { kind: 'dataset', phase: 'features' },
  assign: { kind: 'dataset', phase: 'features' },
  reshape: { kind: 'dataset', phase: 'features' },
  head: { kind: 'dataset', phase: 'data' },
  tail: { kind: 'dataset', phase: 'data' },
  describe: { kind: 'dataset', phase: 'data' },
  info: { kind: 'dataset', phase: 'data' },
  sample: { kind: 'dataset', phase: 'data' },
  plot: { kind: 'plot', phase: 'visualisation' },
  hist: { kind: 'plot', phase: 'visualisation' },
  scatter: { kind: 'plot', phase: 'visualisation' },
  imshow: { kind: 'plot', phase: 'visualisation' },
  savefig: { kind: 'write', phase: 'visualisation', pathArg: { index: 0, keywords: ['fname'] } },
  save_model: { kind: 'write', phase: 'persistence', pathArg: { index: 0, keywords: ['fname', 'filepath', 'path'] } },
  load_model: { kind: 'read', phase: 'persistence', pathArg: { index: 0, keywords: ['fname', 'filepath', 'path'] } },
  to_csv: { kind: 'write', phase: 'persistence', pathArg: PANDAS_WRITE_PATH },
  to_parquet: { kind: 'write', phase: 'persistence', pathArg: PANDAS_WRITE_PATH },
  to_pickle: { kind: 'write', phase: 'persistence', pathArg: PANDAS_WRITE_PATH },
  to_json: { kind: 'write', phase: 'persistence', pathArg: PANDAS_WRITE_PATH },
  to_excel: { kind: 'write', phase: 'persistence', pathArg: PANDAS_WRITE_PATH },
  to_feather: { kind: 'write', phase: 'persistence', pathArg: PANDAS_WRITE_PATH },
  to_hdf: { kind: 'write', phase: 'persistence', pathArg: PANDAS_WRITE_PATH },
  to_orc: { kind: 'write', phase: 'persistence', pathArg: PANDAS_WRITE_PATH },
  to_stata: { kind: 'write', phase: 'persistence', pathArg: PANDAS_WRITE_PATH },
};
/** `METHODS` as a map: one hash lookup for a method name read from the code. */
const METHOD_MAP: ReadonlyMap<string, ApiInfo> = new Map(Object.entries(METHODS));

export function lookupMethod(name: string): ApiInfo | undefined {
  return METHOD_MAP.get(name);
}

/** When one statement touches several phases, the one that says most about it wins. */
export const PHASE_PRIORITY: readonly Phase[] = ['training', 'persistence', 'evaluation', 'visualisation', 'features', 'data'];

// ---------------------------------------------------------------------------------------------
// Hyperparameters (used by MLH101 hard-coded-hyperparameter)

/**
 * Keyword arguments that say how a model is run, reported or fed, not what it learns: never
 * reported as hyperparameters, whatever the constructor. Seeds belong to MLH301; `cv` and
 * `scoring` describe the evaluation protocol; `objective`/`eval_metric`/`num_class`/`loss_function`
 * describe the task; `monotonic_cst`/`interaction_cst` are per-feature knowledge, not tuning.
 */
export const NOT_HYPERPARAMETERS: ReadonlySet<string> = new Set([
  'random_state',
  'seed',
  'random_seed',
  'rng',
  'n_jobs',
  'nthread',
  'nthreads',
  'n_threads',
  'num_threads',
  'thread_count',
  'pre_dispatch',
  'verbose',
  'verbosity',
  'silent',
  'logging_level',
  'copy',
  'copy_X',
  'copy_x',
  'memory',
  'cache_size',
  'precompute',
  'compute_full_tree',
  'device',
  'device_type',
  'gpu_id',
  'dtype',
  'tree_method',
  'predictor',
  'warm_start',
  'last_epoch',
  'name',
  'input_shape',
  'input_dim',
  'batch_input_shape',
  'store_covariance',
  'compute_score',
  'store_cv_values',
  'store_cv_results',
  'compute_distances',
  'oob_score',
  'probability',
  'return_train_score',
  'return_estimator',
  'error_score',
  'cv',
  'scoring',
  'refit',
  'shuffle',
  'validation_fraction',
  'objective',
  'eval_metric',
  'num_class',
  'enable_categorical',
  'categorical_features',
  'cat_features',
  'feature_names',
  'feature_types',
  'missing',
  'importance_type',
  'callbacks',
  'allow_writing_files',
  'train_dir',
  'monotonic_cst',
  'interaction_cst',
  'store_precision',
  'novelty',
  'decision_function_shape',
  'mode',
  'use_label_encoder',
  'loss_function',
  'task_type',
]);

/** Keys of `xgboost.train`/`lightgbm.train` params dicts that are settings rather than hyperparameters. */
export const TRAIN_PARAMS_SETTINGS: ReadonlySet<string> = new Set([
  'metric',
  'metrics',
  'deterministic',
  'force_col_wise',
  'force_row_wise',
  'feature_pre_filter',
  'num_machines',
  'gpu_platform_id',
  'gpu_device_id',
]);

/**
 * Transformers take many settings (`with_mean`, `handle_unknown`, `sparse_output`) that are plumbing;
 * only these are tuned like a model's hyperparameters.
 */
export const TRANSFORMER_HYPERPARAMETERS: ReadonlySet<string> = new Set([
  'n_components',
  'degree',
  'k',
  'percentile',
  'n_bins',
  'max_df',
  'min_df',
  'max_features',
  'ngram_range',
  'n_neighbors',
  'perplexity',
  'n_quantiles',
  'kernel',
  'gamma',
  'alpha',
]);

/** Keyword arguments of `fit`/`fit_generator` that are training hyperparameters (any receiver). */
export const FIT_HYPERPARAMETERS: ReadonlySet<string> = new Set([
  'epochs',
  'n_epochs',
  'num_epochs',
  'max_epochs',
  'batch_size',
  'steps_per_epoch',
  'learning_rate',
  'lr',
  'early_stopping_rounds',
  'num_boost_round',
]);

/** Keyword arguments of Keras `compile` that are hyperparameters: the optimiser choice (loss and metrics define the task). */
export const COMPILE_HYPERPARAMETERS: ReadonlySet<string> = new Set(['optimizer']);

/** Keras callbacks: the early-stopping and learning-rate-schedule settings people tune. */
export const CALLBACK_HYPERPARAMETERS: ReadonlySet<string> = new Set(['patience', 'min_delta', 'factor', 'min_lr']);

/** Layers: regularisation rates only; sizes describe the architecture and stay in code. */
export const LAYER_HYPERPARAMETERS: ReadonlySet<string> = new Set(['dropout', 'recurrent_dropout']);

/** The dropout layers' own rate argument (keyword names; it is also their first positional argument). */
export const DROPOUT_RATE_PARAMETERS: ReadonlySet<string> = new Set(['p', 'rate']);

/**
 * Positional arguments whose meaning is certain, by qualified callee: `[index, parameter]`.
 * torch optimisers take `(params, lr, ...)`; Keras optimisers `(learning_rate, ...)`; dropout
 * layers their rate; `xgboost.train`/`lightgbm.train` `(params, train_set, num_boost_round)`.
 */
export function hyperparameterPositionals(qualified: string): ReadonlyArray<readonly [number, string]> {
  if (/^torch\.optim\.[A-Z]\w*$/.test(qualified)) return [[1, 'lr']];
  if (/^(tensorflow\.)?keras\.optimizers\.(legacy\.)?[A-Z]\w*$/.test(qualified)) return [[0, 'learning_rate']];
  if (/^torch\.nn\.(\w+\.)*\w*Dropout\w*$/.test(qualified)) return [[0, 'p']];
  if (/^(tensorflow\.)?keras\.layers\.\w*Dropout\w*$/.test(qualified)) return [[0, 'rate']];
  if (qualified === 'xgboost.train' || qualified === 'lightgbm.train') return [[2, 'num_boost_round']];
  return [];
}

// ---------------------------------------------------------------------------------------------
// Feature scale (used by MLH431 missing-scaling and MLH432 threshold-dependent-validation)

/**
 * sklearn estimators whose result depends on the scale of each feature: distances (SVMs with RBF
 * or polynomial kernels, neighbours), variance (PCA), gradient steps (MLP, SGD) and penalties that
 * treat every coefficient alike (ridge, lasso, elastic net, penalised logistic regression).
 */
const SKLEARN_SCALE_SENSITIVE = new Set([
  'SVC',
  'SVR',
  'NuSVC',
  'NuSVR',
  'LinearSVC',
  'LinearSVR',
  'OneClassSVM',
  'KNeighborsClassifier',
  'KNeighborsRegressor',
  'RadiusNeighborsClassifier',
  'RadiusNeighborsRegressor',
  'PCA',
  'KernelPCA',
  'MLPClassifier',
  'MLPRegressor',
  'SGDClassifier',
  'SGDRegressor',
  'Ridge',
  'RidgeCV',
  'RidgeClassifier',
  'RidgeClassifierCV',
  'Lasso',
  'LassoCV',
  'ElasticNet',
  'ElasticNetCV',
  'LogisticRegression',
  'LogisticRegressionCV',
  'KernelRidge',
]);

/** sklearn transformers that put the features on one scale (feature-wise, or row-wise like Normalizer and TF-IDF). */
const SKLEARN_SCALERS = new Set([
  'StandardScaler',
  'MinMaxScaler',
  'RobustScaler',
  'MaxAbsScaler',
  'Normalizer',
  'QuantileTransformer',
  'PowerTransformer',
  'TfidfVectorizer',
  'TfidfTransformer',
  'HashingVectorizer',
]);

/** `sklearn.preprocessing` functions that scale their argument in one call. */
const SKLEARN_SCALING_FUNCTIONS = new Set([
  'scale',
  'minmax_scale',
  'maxabs_scale',
  'robust_scale',
  'normalize',
  'quantile_transform',
  'power_transform',
]);

/**
 * sklearn transformers that leave the features' scales as they were (or only add features on the
 * same scales): a scale-sensitive estimator after them alone still sees unscaled features.
 */
const SKLEARN_SCALE_KEEPING = new Set([
  'SimpleImputer',
  'IterativeImputer',
  'KNNImputer',
  'MissingIndicator',
  'VarianceThreshold',
  'SelectKBest',
  'SelectPercentile',
  'SelectFpr',
  'SelectFdr',
  'SelectFwe',
  'GenericUnivariateSelect',
  'SelectFromModel',
  'RFE',
  'RFECV',
  'SequentialFeatureSelector',
  'PolynomialFeatures',
]);

/**
 * sklearn datasets whose features come in very different units or ranges (not already scaled,
 * not pixels, not text): loading one of these is loading unscaled features.
 */
const SKLEARN_UNSCALED_DATASETS = new Set([
  'load_breast_cancer',
  'load_wine',
  'load_boston',
  'load_linnerud',
  'fetch_california_housing',
  'fetch_covtype',
  'fetch_kddcup99',
]);

function sklearnClass(qualified: string | null | undefined): string | null {
  if (!qualified?.startsWith('sklearn.')) return null;
  const cls = qualified.slice(qualified.lastIndexOf('.') + 1);
  return cls;
}

/** A scikit-learn estimator whose fit depends on the scale of each feature (`sklearn.svm.SVC`). */
export function isScaleSensitive(qualified: string | null | undefined): boolean {
  const cls = sklearnClass(qualified);
  return cls !== null && SKLEARN_SCALE_SENSITIVE.has(cls);
}

/** A scikit-learn transformer class that scales the features (`StandardScaler`, `TfidfVectorizer`, ...). */
export function isScaler(qualified: string | null | undefined): boolean {
  const cls = sklearnClass(qualified);
  return cls !== null && SKLEARN_SCALERS.has(cls);
}

/** A `sklearn.preprocessing` function that scales its argument (`scale(X)`, `normalize(X)`). */
export function isScalingFunction(qualified: string | null | undefined): boolean {
  return (
    !!qualified?.startsWith('sklearn.preprocessing.') && SKLEARN_SCALING_FUNCTIONS.has(qualified.slice(qualified.lastIndexOf('.') + 1))
  );
}

/** A scikit-learn transformer that keeps the features' scales (imputers, feature selectors, `PolynomialFeatures`). */
export function keepsScale(qualified: string | null | undefined): boolean {
  const cls = sklearnClass(qualified);
  return cls !== null && SKLEARN_SCALE_KEEPING.has(cls);
}

/**
 * A call that loads raw, unscaled features from outside the program: `pandas.read_*`,
 * `numpy.loadtxt`/`genfromtxt`, and the sklearn datasets whose features are in mixed units.
 */
export function loadsUnscaledData(qualified: string | null | undefined): boolean {
  if (!qualified) return false;
  if (qualified.startsWith('pandas.read_') || qualified === 'numpy.loadtxt' || qualified === 'numpy.genfromtxt') return true;
  return qualified.startsWith('sklearn.datasets.') && SKLEARN_UNSCALED_DATASETS.has(qualified.slice(qualified.lastIndexOf('.') + 1));
}

/** Metrics of a classifier's hard predictions: they depend on the decision threshold. */
export const THRESHOLD_METRICS: ReadonlySet<string> = new Set([
  'accuracy_score',
  'balanced_accuracy_score',
  'precision_score',
  'recall_score',
  'f1_score',
  'fbeta_score',
  'precision_recall_fscore_support',
  'classification_report',
  'confusion_matrix',
]);

/** Metrics and curves of a classifier's scores or probabilities: they do not depend on one threshold. */
export const THRESHOLD_FREE_METRICS: ReadonlySet<string> = new Set([
  'roc_auc_score',
  'average_precision_score',
  'log_loss',
  'brier_score_loss',
  'roc_curve',
  'precision_recall_curve',
  'det_curve',
  'auc',
  'RocCurveDisplay',
  'PrecisionRecallDisplay',
  'DetCurveDisplay',
  'plot_roc_curve',
  'plot_precision_recall_curve',
  'plot_det_curve',
]);

/** `scoring=` strings of threshold metrics (the prefixes cover `f1_macro`, `precision_weighted`, ...). */
export const THRESHOLD_SCORING = /^(accuracy|balanced_accuracy|f1|precision|recall|jaccard)(_\w+)?$/;

/** `scoring=` (and boosting `metric=`) strings of threshold-free metrics. */
export const THRESHOLD_FREE_SCORING =
  /^(roc_auc(_\w+)?|neg_log_loss|log_loss|logloss|binary_logloss|multi_logloss|mlogloss|average_precision|neg_brier_score|auc|aucpr|pr_auc)$/i;

/** sklearn classifiers whose names do not end in `Classifier`. */
const SKLEARN_CLASSIFIERS = new Set([
  'SVC',
  'NuSVC',
  'LinearSVC',
  'LogisticRegression',
  'LogisticRegressionCV',
  'GaussianNB',
  'MultinomialNB',
  'BernoulliNB',
  'ComplementNB',
  'CategoricalNB',
  'LinearDiscriminantAnalysis',
  'QuadraticDiscriminantAnalysis',
  'Perceptron',
]);

/** A classifier class: scikit-learn's, or any library's `*Classifier` (`xgboost.XGBClassifier`). */
export function isClassifier(qualified: string | null | undefined): boolean {
  if (!qualified) return false;
  const cls = qualified.slice(qualified.lastIndexOf('.') + 1);
  if (/Classifier(CV)?$/.test(cls)) return true;
  return qualified.startsWith('sklearn.') && SKLEARN_CLASSIFIERS.has(cls);
}

/**
 * scikit-learn transformers whose fit learns nothing from the rows (or only their count, width or
 * the set of labels): fitting one on all rows, or on test rows, leaks nothing (MLH401, MLH403).
 */
export const STATELESS_TRANSFORMERS: ReadonlySet<string> = new Set([
  'FunctionTransformer',
  'Normalizer',
  'Binarizer',
  'PolynomialFeatures',
  'HashingVectorizer',
  'FeatureHasher',
  'LabelEncoder',
  'LabelBinarizer',
  'MultiLabelBinarizer',
  'GaussianRandomProjection',
  'SparseRandomProjection',
  'RBFSampler',
  'SkewedChi2Sampler',
  'AdditiveChi2Sampler',
  'PolynomialCountSketch',
  'PatchExtractor',
]);

/** Cross-validation routines: their data arguments are split into folds (MLH401-MLH404). */
export const CV_FUNCTIONS: ReadonlySet<string> = new Set([
  'sklearn.model_selection.cross_val_score',
  'sklearn.model_selection.cross_validate',
  'sklearn.model_selection.cross_val_predict',
  'sklearn.model_selection.learning_curve',
  'sklearn.model_selection.validation_curve',
  'sklearn.model_selection.permutation_test_score',
  'sklearn.model_selection.LearningCurveDisplay.from_estimator',
  'sklearn.model_selection.ValidationCurveDisplay.from_estimator',
]);
