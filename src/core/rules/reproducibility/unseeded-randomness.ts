import type { Node } from '../../parse/syntax';
import { lookupApi } from '../../kb/apis';
import type { CallSite, ScriptModel } from '../../semantic';
import { nodesOfType, stringValue } from '../../semantic';
import { kids, nodeRange } from '../../parse/syntax';
import type { ContextOf, Rule } from '../rule';
import { option } from '../rule';
import { lastSegment } from '../../semantic/expressions';
import { callIndex } from '../flow-facts';

/**
 * MLH301: randomness nobody controls:
 *  - scikit-learn calls whose result depends on `random_state` and leave it unset
 *    (train_test_split, shuffling CV splitters, randomised estimators, dataset generators);
 *  - draws from a library's global random state with no seed set before them (NumPy, random,
 *    PyTorch draws, initialisers and loaders, TensorFlow ops and `tf.data` shuffles, Keras initialisers);
 *  - random generators built without a seed;
 *  - JAX keys built from a value that changes run to run, and one key given to two draws.
 *
 * A `np.random.seed(...)` earlier in the program also seeds scikit-learn (whose
 * `random_state=None` means NumPy's global state), so it silences the first family too.
 */

type Library = 'numpy' | 'random' | 'torch' | 'tensorflow' | 'keras';

const LIBRARY_TITLE: Record<Library, string> = {
  numpy: "NumPy's global random state",
  random: "Python's global random state",
  torch: "PyTorch's global random generator",
  tensorflow: "TensorFlow's global random seed",
  keras: "Keras's global random seed",
};

const SEED_ADVICE: Record<Library, string> = {
  numpy: 'Seed it once at the start (np.random.seed(seed)) or draw from a seeded generator (rng = np.random.default_rng(seed))',
  random: 'Seed it once at the start (random.seed(seed)) or draw from a seeded random.Random(seed)',
  torch: 'Call torch.manual_seed(seed) once at the start, or pass a seeded generator=',
  tensorflow: 'Call tf.random.set_seed(seed) once at the start, or pass seed=',
  keras: 'Call keras.utils.set_random_seed(seed) once at the start, or pass seed=',
};

/** TensorFlow 1 graphs are seeded with `tf.compat.v1.set_random_seed` (`tf.set_random_seed` in TensorFlow 1). */
const TENSORFLOW_V1_ADVICE =
  'Call tf.compat.v1.set_random_seed(seed) (tf.set_random_seed in TensorFlow 1) once at the start, or pass seed=';

/** Calls only TensorFlow 1 (or its compat.v1 module) has: the file builds a TensorFlow 1 graph. */
const TENSORFLOW_V1_CALL =
  /^tensorflow\.(compat\.v1\.|contrib\.|(Session|InteractiveSession|placeholder|global_variables_initializer|set_random_seed|random_normal|random_uniform|truncated_normal|random_shuffle|random_crop|multinomial|variable_scope|get_variable)$|train\.[A-Za-z]*Optimizer$|[a-z_]+_initializer$)/;

/** The file uses TensorFlow 1 APIs, so TensorFlow's global seed is set with `tf.compat.v1.set_random_seed`. */
export function usesTensorflow1(model: ScriptModel): boolean {
  return model.calls.some((c) => c.qualified !== null && TENSORFLOW_V1_CALL.test(c.qualified));
}

/** What a draw of each kind should be given instead of the global state (overrides `SEED_ADVICE`). */
const LOADER_ADVICE = 'Pass generator=torch.Generator().manual_seed(seed), or call torch.manual_seed(seed) once at the start';

/** Calls that seed global random state, and what they seed. Seed calls need a non-None argument. */
const SEEDERS: Record<string, readonly Library[]> = {
  'numpy.random.seed': ['numpy'],
  'random.seed': ['random'],
  'torch.manual_seed': ['torch'],
  'torch.random.manual_seed': ['torch'],
  // tf.keras (Keras 2) initialisers take their seed from TensorFlow's global seed.
  'tensorflow.random.set_seed': ['tensorflow', 'keras'],
  'tensorflow.set_random_seed': ['tensorflow', 'keras'],
  'tensorflow.compat.v1.set_random_seed': ['tensorflow', 'keras'],
  'tensorflow.compat.v1.random.set_random_seed': ['tensorflow', 'keras'],
  'tensorflow.keras.utils.set_random_seed': ['numpy', 'random', 'tensorflow', 'keras'],
  'keras.utils.set_random_seed': ['numpy', 'random', 'tensorflow', 'torch', 'keras'],
  'pytorch_lightning.seed_everything': ['numpy', 'random', 'torch'],
  'pytorch_lightning.utilities.seed.seed_everything': ['numpy', 'random', 'torch'],
  'lightning.seed_everything': ['numpy', 'random', 'torch'],
  'lightning.pytorch.seed_everything': ['numpy', 'random', 'torch'],
  'lightning.fabric.seed_everything': ['numpy', 'random', 'torch'],
  'transformers.set_seed': ['numpy', 'random', 'torch', 'tensorflow', 'keras'],
  'accelerate.utils.set_seed': ['numpy', 'random', 'torch'],
};

/** `SEEDERS` as a map: a script's callee names are looked up once per call. */
const SEEDER_MAP: ReadonlyMap<string, readonly Library[]> = new Map(Object.entries(SEEDERS));

const NUMPY_DRAWS = new Set([
  'rand',
  'randn',
  'randint',
  'random_integers',
  'random_sample',
  'random',
  'ranf',
  'sample',
  'choice',
  'bytes',
  'shuffle',
  'permutation',
  'beta',
  'binomial',
  'chisquare',
  'dirichlet',
  'exponential',
  'f',
  'gamma',
  'geometric',
  'gumbel',
  'hypergeometric',
  'laplace',
  'logistic',
  'lognormal',
  'logseries',
  'multinomial',
  'multivariate_normal',
  'negative_binomial',
  'noncentral_chisquare',
  'noncentral_f',
  'normal',
  'pareto',
  'poisson',
  'power',
  'rayleigh',
  'standard_cauchy',
  'standard_exponential',
  'standard_gamma',
  'standard_normal',
  'standard_t',
  'triangular',
  'uniform',
  'vonmises',
  'wald',
  'weibull',
  'zipf',
]);
const PYTHON_DRAWS = new Set([
  'random',
  'uniform',
  'randint',
  'randrange',
  'choice',
  'choices',
  'shuffle',
  'sample',
  'gauss',
  'normalvariate',
  'lognormvariate',
  'expovariate',
  'vonmisesvariate',
  'gammavariate',
  'betavariate',
  'paretovariate',
  'weibullvariate',
  'triangular',
  'getrandbits',
  'randbytes',
  'binomialvariate',
]);
const TORCH_DRAWS = new Set([
  'rand',
  'randn',
  'randint',
  'randperm',
  'rand_like',
  'randn_like',
  'randint_like',
  'bernoulli',
  'multinomial',
  'normal',
  'poisson',
]);
/** `torch.nn.init` initialisers that draw (not `constant_`, `zeros_`, `ones_`, `eye_`, `dirac_`); also their deprecated forms without `_`. */
const TORCH_INIT_DRAWS = new Set([
  'uniform_',
  'normal_',
  'trunc_normal_',
  'xavier_uniform_',
  'xavier_normal_',
  'kaiming_uniform_',
  'kaiming_normal_',
  'orthogonal_',
  'sparse_',
  'uniform',
  'normal',
  'xavier_uniform',
  'xavier_normal',
  'kaiming_uniform',
  'kaiming_normal',
  'orthogonal',
  'sparse',
]);
/** `torch.utils.data` samplers that shuffle with the global generator unless given `generator=`. */
const TORCH_SAMPLERS = new Set(['RandomSampler', 'SubsetRandomSampler', 'WeightedRandomSampler']);
const TENSORFLOW_DRAWS = new Set(['uniform', 'normal', 'truncated_normal', 'shuffle', 'categorical', 'gamma', 'poisson', 'crop']);
/** TensorFlow 1 names of the same ops (`tf.random_normal`, `tf.compat.v1.random_uniform`). */
const TENSORFLOW_V1_DRAWS = new Set([
  'random_uniform',
  'random_normal',
  'truncated_normal',
  'random_shuffle',
  'random_crop',
  'random_gamma',
  'random_poisson',
  'multinomial',
]);
/** Keras initialiser classes (and their snake_case aliases) that draw; `seed=` is their first-or-keyword seed. */
const KERAS_INITIALIZERS = new Set([
  'GlorotUniform',
  'GlorotNormal',
  'HeUniform',
  'HeNormal',
  'LecunUniform',
  'LecunNormal',
  'RandomUniform',
  'RandomNormal',
  'TruncatedNormal',
  'VarianceScaling',
  'Orthogonal',
  'glorot_uniform',
  'glorot_normal',
  'he_uniform',
  'he_normal',
  'lecun_uniform',
  'lecun_normal',
  'random_uniform',
  'random_normal',
  'truncated_normal',
  'variance_scaling',
  'orthogonal',
]);
const KERAS_INITIALIZER_MODULES = [
  'keras.initializers.',
  'tensorflow.keras.initializers.',
  'tensorflow.initializers.',
  'tensorflow.compat.v1.keras.initializers.',
];
/** JAX draws that take a key first (not `split`, `fold_in`, `PRNGKey`, `key`, which make keys). */
const JAX_DRAWS = new Set([
  'normal',
  'uniform',
  'bernoulli',
  'categorical',
  'choice',
  'permutation',
  'randint',
  'truncated_normal',
  'gumbel',
  'beta',
  'gamma',
  'dirichlet',
  'exponential',
  'laplace',
  'logistic',
  'multivariate_normal',
  'poisson',
  'shuffle',
  'ball',
  'cauchy',
  'orthogonal',
  'rademacher',
  't',
  'bits',
  'loggamma',
  'maxwell',
  'pareto',
  'rayleigh',
  'weibull_min',
  'binomial',
  'geometric',
  'chisquare',
  'f',
  'generalized_normal',
  'double_sided_maxwell',
  'triangular',
  'wald',
  'lognormal',
]);
const JAX_KEY_MAKERS = new Set(['jax.random.PRNGKey', 'jax.random.key']);
/** Calls whose value differs run to run: a JAX key built from one is not reproducible. */
const ENTROPY_SOURCES = new Set([
  'time.time',
  'time.time_ns',
  'time.perf_counter',
  'time.perf_counter_ns',
  'time.monotonic',
  'time.monotonic_ns',
  'datetime.datetime.now',
  'datetime.datetime.utcnow',
  'datetime.datetime.today',
  'os.urandom',
  'os.getpid',
  'uuid.uuid4',
  'uuid.uuid1',
  'secrets.randbits',
  'secrets.randbelow',
  'secrets.token_bytes',
  'secrets.token_hex',
]);

/** Generators and bit generators that take their seed as the first argument (or this keyword). */
const GENERATOR_SEED: Record<string, string> = {
  'numpy.random.default_rng': 'seed',
  'numpy.random.RandomState': 'seed',
  'numpy.random.PCG64': 'seed',
  'numpy.random.PCG64DXSM': 'seed',
  'numpy.random.MT19937': 'seed',
  'numpy.random.Philox': 'seed',
  'numpy.random.SFC64': 'seed',
  'numpy.random.SeedSequence': 'entropy',
  'random.Random': 'x',
};

const GENERATOR_MAP: ReadonlyMap<string, string> = new Map(Object.entries(GENERATOR_SEED));

/**
 * `qualified in GENERATOR_SEED`, without the `in` (which looks the name up as a property for every
 * call): every key has a dot, and no property of an object's prototype does.
 */
function isGenerator(qualified: string): boolean {
  return GENERATOR_MAP.has(qualified) || (!qualified.includes('.') && qualified in GENERATOR_SEED);
}

/** Model-selection splitters that shuffle only with `shuffle=True`. */
const OPTIONAL_SHUFFLE_SPLITTERS = new Set(['KFold', 'StratifiedKFold', 'GroupKFold', 'StratifiedGroupKFold']);

/** A setting under which a scikit-learn class draws random numbers. */
interface RandomSetting {
  parameter: string;
  /** Literal values (strings, booleans) that make the class random; `'nonzero'` for any number other than 0. */
  values: ReadonlyArray<string | boolean> | 'nonzero';
  /** The setting holds when the parameter is left out. */
  byDefault?: boolean;
}

/** The SGD family shuffles the data each epoch unless `shuffle=False`, and holds out a random validation set for early stopping. */
const SHUFFLES_BY_DEFAULT: readonly RandomSetting[] = [
  { parameter: 'shuffle', values: [true], byDefault: true },
  { parameter: 'early_stopping', values: [true] },
];

/**
 * scikit-learn classes that use `random_state` only in some settings (from their documentation).
 * This table takes precedence over the knowledge base's "random by default" flag.
 */
const RANDOM_WHEN: Record<string, readonly RandomSetting[]> = {
  LogisticRegression: [{ parameter: 'solver', values: ['sag', 'saga', 'liblinear'] }],
  LogisticRegressionCV: [{ parameter: 'solver', values: ['sag', 'saga', 'liblinear'] }],
  Ridge: [{ parameter: 'solver', values: ['sag', 'saga'] }],
  RidgeClassifier: [{ parameter: 'solver', values: ['sag', 'saga'] }],
  SVC: [{ parameter: 'probability', values: [true] }],
  NuSVC: [{ parameter: 'probability', values: [true] }],
  PCA: [{ parameter: 'svd_solver', values: ['randomized', 'arpack'] }],
  KernelPCA: [{ parameter: 'eigen_solver', values: ['randomized', 'arpack'] }],
  LocallyLinearEmbedding: [{ parameter: 'eigen_solver', values: ['arpack'] }],
  FactorAnalysis: [{ parameter: 'svd_method', values: ['randomized'], byDefault: true }],
  Lasso: [{ parameter: 'selection', values: ['random'] }],
  LassoCV: [{ parameter: 'selection', values: ['random'] }],
  ElasticNet: [{ parameter: 'selection', values: ['random'] }],
  ElasticNetCV: [{ parameter: 'selection', values: ['random'] }],
  MultiTaskLasso: [{ parameter: 'selection', values: ['random'] }],
  MultiTaskLassoCV: [{ parameter: 'selection', values: ['random'] }],
  MultiTaskElasticNet: [{ parameter: 'selection', values: ['random'] }],
  MultiTaskElasticNetCV: [{ parameter: 'selection', values: ['random'] }],
  DummyClassifier: [{ parameter: 'strategy', values: ['stratified', 'uniform'] }],
  IterativeImputer: [
    { parameter: 'sample_posterior', values: [true] },
    { parameter: 'imputation_order', values: ['random'] },
  ],
  NMF: [
    { parameter: 'init', values: ['random', 'nndsvdar'] },
    { parameter: 'shuffle', values: [true] },
  ],
  GaussianProcessRegressor: [{ parameter: 'n_restarts_optimizer', values: 'nonzero' }],
  GaussianProcessClassifier: [{ parameter: 'n_restarts_optimizer', values: 'nonzero' }],
  LinearSVC: [{ parameter: 'dual', values: [true, 'auto'], byDefault: true }],
  SGDClassifier: SHUFFLES_BY_DEFAULT,
  SGDRegressor: SHUFFLES_BY_DEFAULT,
  SGDOneClassSVM: SHUFFLES_BY_DEFAULT,
  Perceptron: SHUFFLES_BY_DEFAULT,
  PassiveAggressiveClassifier: SHUFFLES_BY_DEFAULT,
  PassiveAggressiveRegressor: SHUFFLES_BY_DEFAULT,
  ClassifierChain: [{ parameter: 'order', values: ['random'] }],
  RegressorChain: [{ parameter: 'order', values: ['random'] }],
};

/** `RANDOM_WHEN` as a map (looked up for every scikit-learn call). */
const RANDOM_WHEN_MAP: ReadonlyMap<string, readonly RandomSetting[]> = new Map(Object.entries(RANDOM_WHEN));

/** Meta-estimators that hand a seed of their own to the estimator they wrap. */
const SEEDING_WRAPPERS = new Set([
  'BaggingClassifier',
  'BaggingRegressor',
  'AdaBoostClassifier',
  'AdaBoostRegressor',
  'ClassifierChain',
  'RegressorChain',
]);
const WRAPPED_ESTIMATOR_KEYWORDS = new Set(['estimator', 'base_estimator']);

/** What randomness the unseeded call leaves uncontrolled, for the message. */
const WHAT_CHANGES: Record<string, string> = {
  split: 'the split changes on every run',
  splitter: 'the splits change on every run',
  estimator: 'the fitted model changes on every run',
  transformer: 'the transformed features change on every run',
  search: 'the candidates tried change on every run',
  dataset: 'the generated data changes on every run',
  function: 'the result changes on every run',
};

interface Seeds {
  /** Program offsets of seed calls executed at module level (in program order), per library. */
  at: Map<Library, number[]>;
  /** Libraries seeded somewhere (at module level or inside a function). */
  anywhere: Set<Library>;
}

/** scikit-learn names imported from private modules (`sklearn.ensemble._forest.X`) under their public package. */
function publicName(qualified: string): string {
  if (!qualified.startsWith('sklearn.') || !qualified.includes('._')) return qualified;
  let name = publicNames.get(qualified);
  if (name === undefined) {
    name = qualified
      .split('.')
      .filter((part, i, all) => i === all.length - 1 || !part.startsWith('_'))
      .join('.');
    if (publicNames.size >= 20_000) publicNames.clear();
    publicNames.set(qualified, name);
  }
  return name;
}

/** Public names of private sklearn paths, remembered (bounded). */
const publicNames = new Map<string, string>();

/** True when the call runs only when some function or lambda around it is called. */
function isDeferred(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'lambda') return true;
  }
  return false;
}

function isInClass(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'class_definition') return true;
  return false;
}

function enclosingFunctionName(node: Node): string | null {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition') return p.childForFieldName('name')?.text ?? null;
  }
  return null;
}

function isNoneLiteral(node: Node | undefined): boolean {
  return node?.type === 'none';
}

function hasDictionarySplat(call: CallSite): boolean {
  const args = call.node.childForFieldName('arguments');
  return args !== null && kids(args).some((a) => a.type === 'dictionary_splat');
}

/** A seed argument that is present and is not a literal None. */
function hasSeedArgument(call: CallSite, keyword: string): boolean {
  const value = call.keywords.get(keyword) ?? call.positional[0];
  return value !== undefined && !isNoneLiteral(value);
}

/** A seeding call given a value: `np.random.seed()` or `random.seed(None)` seed from entropy instead. */
function seedsSomething(call: CallSite): boolean {
  return [...call.positional, ...call.keywords.values()].some((value) => !isNoneLiteral(value));
}

function literalMatches(node: Node, values: RandomSetting['values']): boolean {
  if (values === 'nonzero') return (node.type === 'integer' || node.type === 'float') && Number(node.text.replace(/_/g, '')) !== 0;
  if (node.type === 'true') return values.includes(true);
  if (node.type === 'false') return values.includes(false);
  const text = stringValue(node);
  return text !== null && values.includes(text);
}

function collectSeeds(model: ScriptModel): Seeds {
  const seeds: Seeds = { at: new Map(), anywhere: new Set() };
  const add = (libraries: readonly Library[], offset: number | null): void => {
    for (const library of libraries) {
      seeds.anywhere.add(library);
      if (offset === null) continue;
      const list = seeds.at.get(library) ?? [];
      list.push(offset);
      seeds.at.set(library, list);
    }
  };
  // Seeds inside a helper function count where the helper is called at module level.
  const helperSeeds = new Map<string, Library[]>();
  for (const call of model.calls) {
    const libraries = call.qualified ? SEEDER_MAP.get(call.qualified) : undefined;
    if (!libraries || !seedsSomething(call)) continue;
    if (!isDeferred(call.node)) {
      add(libraries, call.node.startIndex);
      continue;
    }
    add(libraries, null);
    const helper = enclosingFunctionName(call.node);
    if (helper) helperSeeds.set(helper, [...(helperSeeds.get(helper) ?? []), ...libraries]);
  }
  if (helperSeeds.size > 0) {
    for (const call of model.calls) {
      if (call.callee.type !== 'identifier' || isDeferred(call.node)) continue;
      const libraries = helperSeeds.get(call.callee.text);
      if (libraries && model.definitions.has(call.callee.text)) add(libraries, call.node.startIndex);
    }
  }
  return seeds;
}

function isSeeded(seeds: Seeds, library: Library, call: CallSite): boolean {
  if (isDeferred(call.node)) return seeds.anywhere.has(library);
  return (seeds.at.get(library) ?? []).some((offset) => offset < call.node.startIndex);
}

/**
 * `name = Ctor(...)` whose seed is set afterwards: `name.set_params(random_state=...)`, or `name`
 * handed to a function of this module that calls `.set_params(random_state=...)` on what it gets.
 */
function seededLater(model: ScriptModel, call: CallSite, parameter: string, later: LaterSeeds): boolean {
  const parent = call.node.parent;
  if (parent?.type !== 'assignment' || parent.childForFieldName('right')?.id !== call.node.id) return false;
  const target = parent.childForFieldName('left');
  if (target?.type !== 'identifier') return false;
  const name = target.text;
  let found = later.get(parameter);
  if (!found) {
    const seeders = model.calls.filter((c) => c.method === 'set_params' && c.keywords.has(parameter));
    const helpers = new Set(
      seeders.map((c) => enclosingFunctionName(c.node)).filter((f): f is string => f !== null && model.definitions.has(f)),
    );
    found = { seeders, helpers };
    later.set(parameter, found);
  }
  const { seeders, helpers } = found;
  if (seeders.some((c) => c.receiver === name)) return true;
  if (helpers.size === 0) return false;
  return model.calls.some(
    (c) =>
      c.callee.type === 'identifier' &&
      helpers.has(c.callee.text) &&
      argumentNodes(c).some((a) => a.type === 'identifier' && a.text === name),
  );
}

/** Per file and seed parameter: the `set_params` calls that set it, and the module's functions that make them. */
type LaterSeeds = Map<string, { seeders: CallSite[]; helpers: ReadonlySet<string> }>;

/** Every argument expression of a call, positional or keyword. */
function argumentNodes(call: CallSite): Node[] {
  return [...call.positional, ...call.keywords.values()];
}

/** The call is the estimator argument of a wrapper that seeds what it wraps (`BaggingClassifier(DecisionTreeClassifier())`). */
function wrappedBySeedingMetaEstimator(model: ScriptModel, call: CallSite): boolean {
  let argument: Node = call.node;
  let parent = argument.parent;
  if (parent?.type === 'keyword_argument') {
    if (!WRAPPED_ESTIMATOR_KEYWORDS.has(parent.childForFieldName('name')?.text ?? '')) return false;
    argument = parent;
    parent = parent.parent;
  }
  if (parent?.type !== 'argument_list') return false;
  const outer = parent.parent ? callIndex(model).get(parent.parent.id) : undefined;
  if (!outer?.qualified || !SEEDING_WRAPPERS.has(lastSegment(outer.qualified))) return false;
  return argument.type === 'keyword_argument' || outer.positional[0]?.id === call.node.id;
}

interface Candidate {
  kind: keyof typeof WHAT_CHANGES;
  label: string;
  parameter: string;
}

/** What kind of scikit-learn randomness this call leaves to `random_state`, or null. */
function sklearnCandidate(call: CallSite, qualified: string): Candidate | null {
  const name = lastSegment(qualified);
  if (qualified === 'sklearn.model_selection.train_test_split') {
    const shuffle = call.keywords.get('shuffle');
    if (shuffle?.type === 'false') return null;
    return { kind: 'split', label: name, parameter: 'random_state' };
  }
  if (/^sklearn\.datasets\.make_/.test(qualified)) return { kind: 'dataset', label: name, parameter: 'random_state' };
  const settings = RANDOM_WHEN_MAP.get(name);
  if (settings && qualified.startsWith('sklearn.')) {
    for (const setting of settings) {
      const value = call.keywords.get(setting.parameter);
      if (value ? literalMatches(value, setting.values) : setting.byDefault === true) {
        const label = value ? `${name}(${setting.parameter}=${value.text})` : name;
        return { kind: lookupApi(qualified)?.kind === 'transformer' ? 'transformer' : 'estimator', label, parameter: 'random_state' };
      }
    }
    return null;
  }
  const info = lookupApi(qualified);
  if (!info) return null;
  if (info.kind === 'splitter' && qualified.startsWith('sklearn.model_selection.')) {
    if (OPTIONAL_SHUFFLE_SPLITTERS.has(name)) {
      return call.keywords.get('shuffle')?.type === 'true'
        ? { kind: 'splitter', label: `${name}(shuffle=True)`, parameter: 'random_state' }
        : null;
    }
    return info.randomState ? { kind: 'splitter', label: name, parameter: info.randomState } : null;
  }
  if (!info.randomState) return null;
  // XGBoost, LightGBM and CatBoost fall back to fixed default seeds: not random run to run.
  if (!qualified.startsWith('sklearn.')) return null;
  const kind = info.kind === 'estimator' || info.kind === 'transformer' || info.kind === 'search' ? info.kind : 'function';
  return { kind, label: name, parameter: info.randomState };
}

function checkSklearn(ctx: ContextOf<'MLH301'>, call: CallSite, qualified: string, seeds: Seeds, later: LaterSeeds): void {
  const candidate = sklearnCandidate(call, qualified);
  if (!candidate || hasDictionarySplat(call)) return;
  const value = call.keywords.get(candidate.parameter);
  if (value && !isNoneLiteral(value)) return;
  // random_state=None means NumPy's global state: a np.random.seed(...) makes it reproducible. Functions
  // draw when called, so the seed must come before them; estimators and splitters draw when they are
  // fitted or split, which this rule does not follow, so a seed anywhere counts.
  const drawsWhenCalled = candidate.kind === 'split' || candidate.kind === 'dataset' || candidate.kind === 'function';
  if (drawsWhenCalled ? isSeeded(seeds, 'numpy', call) : seeds.anywhere.has('numpy')) return;
  if (seededLater(ctx.model, call, candidate.parameter, later) || wrappedBySeedingMetaEstimator(ctx.model, call)) return;
  const how = value ? `with ${candidate.parameter}=None` : `without ${candidate.parameter}`;
  ctx.report({
    range: nodeRange(call.callee),
    message: `${candidate.label} ${how}: ${WHAT_CHANGES[candidate.kind]}. Pass ${candidate.parameter} (e.g. from params: seed).`,
    data: { callee: qualified, parameter: candidate.parameter, kind: candidate.kind },
    call: nodeRange(call.node),
  });
}

/** Where each TensorFlow op takes `seed` positionally (`tf.random.uniform(shape, minval, maxval, dtype, seed)`). */
const TF_SEED_POSITION: Record<string, number> = {
  'random.uniform': 4,
  'random.normal': 4,
  'random.truncated_normal': 4,
  'random.shuffle': 1,
  'random.categorical': 3,
  'random.gamma': 4,
  'random.poisson': 3,
  'random.crop': 2,
  random_uniform: 4,
  random_normal: 4,
  truncated_normal: 4,
  random_shuffle: 1,
  random_crop: 2,
  random_gamma: 4,
  random_poisson: 3,
  multinomial: 2,
  'image.random_flip_left_right': 1,
  'image.random_flip_up_down': 1,
  'image.random_brightness': 2,
  'image.random_contrast': 3,
  'image.random_hue': 2,
  'image.random_saturation': 3,
  'image.random_jpeg_quality': 3,
  'image.random_crop': 2,
  // TensorFlow 1 initialisers
  random_normal_initializer: 2,
  truncated_normal_initializer: 2,
  random_uniform_initializer: 2,
  glorot_uniform_initializer: 0,
  glorot_normal_initializer: 0,
  orthogonal_initializer: 1,
  variance_scaling_initializer: 3,
  'contrib.layers.xavier_initializer': 1,
};
/** Where a Keras initialiser takes `seed` positionally (`RandomNormal(mean, stddev, seed)`); 0 for the rest. */
const KERAS_SEED_POSITION: Record<string, number> = {
  RandomUniform: 2,
  RandomNormal: 2,
  TruncatedNormal: 2,
  VarianceScaling: 3,
  Orthogonal: 1,
  random_uniform: 2,
  random_normal: 2,
  truncated_normal: 2,
  variance_scaling: 3,
  orthogonal: 1,
};

/** An unseeded draw from a library's global state. */
interface Draw {
  library: Library;
  /** How the message names the call. */
  label: string;
  /** `loader`: a torch data loader, sampler or split, seeded by its own `generator=`. */
  kind: 'global-draw' | 'loader';
  /** The draw happens when the object is used, not when it is built: a seed anywhere counts. */
  drawsLater: boolean;
  range: Node;
  /** An initialiser: model construction, which a file that only defines things leaves to its caller. */
  initialiser?: boolean;
}

function hasSeedAt(call: CallSite, keyword: string, position: number): boolean {
  const value = call.keywords.get(keyword) ?? call.positional[position];
  return value !== undefined && !isNoneLiteral(value);
}

/** TensorFlow 1 and compat paths under their TensorFlow 2 module: `tensorflow.compat.v1.X` -> `tensorflow.X`. */
function tensorflowName(qualified: string): string | null {
  const m = /^tensorflow\.(?:compat\.v[12]\.)?(.*)$/.exec(qualified);
  return m ? m[1]! : null;
}

/** Every draw `globalDraw` knows is in one of these modules (most calls are in none). */
function mayDraw(qualified: string): boolean {
  return (
    qualified.startsWith('numpy.random.') ||
    qualified.startsWith('random.') ||
    qualified.startsWith('torch.') ||
    qualified.startsWith('tensorflow.') ||
    qualified.startsWith('keras.')
  );
}

/** The library whose global state a call draws from, when it is an unseeded draw. */
function globalDraw(call: CallSite, qualified: string): Draw | null {
  if (!mayDraw(qualified)) return null;
  const dot = qualified.lastIndexOf('.');
  const module = qualified.slice(0, dot);
  const name = qualified.slice(dot + 1);
  // The callee as written, worked out only for a draw (most calls are none).
  const written = (): string => call.callee.text.replace(/\s+/g, '');
  const draw = (library: Library, label = written(), kind: Draw['kind'] = 'global-draw', drawsLater = false): Draw => ({
    library,
    label,
    kind,
    drawsLater,
    range: call.callee,
  });
  if (module === 'numpy.random' && NUMPY_DRAWS.has(name)) return draw('numpy');
  if (module === 'random' && PYTHON_DRAWS.has(name)) return draw('random');
  if ((module === 'torch' || module === 'torch.random') && TORCH_DRAWS.has(name))
    return call.keywords.has('generator') ? null : draw('torch');
  if (module === 'torch.nn.init' && TORCH_INIT_DRAWS.has(name))
    return call.keywords.has('generator') ? null : { ...draw('torch'), initialiser: true };
  if (qualified === 'torch.utils.data.DataLoader' || qualified === 'torch.utils.data.dataloader.DataLoader') {
    return call.keywords.get('shuffle')?.type === 'true' && !call.keywords.has('generator') && !call.keywords.has('sampler')
      ? draw('torch', `${written()}(shuffle=True)`, 'loader', true)
      : null;
  }
  if (qualified === 'torch.utils.data.random_split' || qualified === 'torch.utils.data.dataset.random_split')
    return call.keywords.has('generator') || call.positional.length > 2 ? null : draw('torch', written(), 'loader');
  if ((module === 'torch.utils.data' || module === 'torch.utils.data.sampler') && TORCH_SAMPLERS.has(name))
    return call.keywords.has('generator') || call.hasSplat ? null : draw('torch', written(), 'loader', true);
  const tf = tensorflowName(qualified);
  if (tf !== null) {
    const position = TF_SEED_POSITION[tf];
    const known =
      (tf.startsWith('random.') && TENSORFLOW_DRAWS.has(tf.slice(7))) ||
      TENSORFLOW_V1_DRAWS.has(tf) ||
      (position !== undefined && !tf.startsWith('random.'));
    if (known && !call.hasSplat && !hasSeedAt(call, 'seed', position ?? 99)) return draw('tensorflow');
  }
  if (KERAS_INITIALIZER_MODULES.some((prefix) => qualified.startsWith(prefix)) && KERAS_INITIALIZERS.has(name)) {
    return call.hasSplat || hasSeedAt(call, 'seed', KERAS_SEED_POSITION[name] ?? 0) ? null : draw('keras', `${written()}()`);
  }
  return null;
}

/** A chain of calls and attributes: its first call and what that call hangs from (`tf.data.Dataset.range(9).map(f)`: `tf.data.Dataset.range(9)` and `tf`). */
function chainOrigin(node: Node): { first: Node | null; root: Node | null } {
  let root: Node | null = node;
  let first: Node | null = null;
  while (root && (root.type === 'call' || root.type === 'attribute')) {
    if (root.type === 'call') {
      first = root;
      const fn = root.childForFieldName('function');
      root = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
    } else root = root.childForFieldName('object');
  }
  return { first, root };
}

/** The chain starts at a `tf.data.*` call or at a name bound to a dataset. */
function isDatasetChain(node: Node, names: ReadonlySet<string>, byNode: ReadonlyMap<number, CallSite>): boolean {
  const { first, root } = chainOrigin(node);
  if (root?.type === 'identifier' && names.has(root.text)) return true;
  const qualified = first ? byNode.get(first.id)?.qualified : null;
  return qualified ? tensorflowName(qualified)?.startsWith('data.') === true : false;
}

/**
 * Names bound to a `tf.data` dataset: assigned from a chain that starts at a `tf.data.*` call or at
 * another such name (`ds = tf.data.Dataset.from_tensor_slices(x)`, `ds = ds.map(f)`).
 */
function datasetNames(model: ScriptModel, byNode: ReadonlyMap<number, CallSite>): Set<string> {
  const names = new Set<string>();
  for (let grown = true; grown;) {
    grown = false;
    for (const call of model.calls) {
      if (call.assignedTo === null || names.has(call.assignedTo) || !isDatasetChain(call.node, names, byNode)) continue;
      names.add(call.assignedTo);
      grown = true;
    }
  }
  return names;
}

/** `dataset.shuffle(buffer)` without a seed, on a `tf.data` dataset. */
function datasetShuffle(call: CallSite, datasets: DatasetContext | null): Draw | null {
  if (call.method !== 'shuffle' || datasets === null || call.hasSplat || hasSeedAt(call, 'seed', 1)) return null;
  const object = call.callee.childForFieldName('object');
  if (!object || !isDatasetChain(object, datasets.names, datasets.byNode)) return null;
  const attribute = call.callee.childForFieldName('attribute')!;
  return { library: 'tensorflow', label: 'Dataset.shuffle', kind: 'global-draw', drawsLater: false, range: attribute };
}

interface DatasetContext {
  names: ReadonlySet<string>;
  byNode: ReadonlyMap<number, CallSite>;
}

/**
 * The file only defines things (imports, functions, classes, constants): it is a module that some
 * other script imports and runs, and seeds. Whether that script seeds is not visible from here.
 */
function definesOnly(model: ScriptModel): boolean {
  return model.statements.every(
    (s) =>
      s.kind === 'import' ||
      s.kind === 'function' ||
      s.kind === 'class' ||
      s.kind === 'docstring' ||
      (s.kind === 'assignment' && (model.callsByStatement.get(s.index) ?? []).length === 0),
  );
}

/** Per file: the facts a deep-learning draw's verdict depends on. */
interface DrawContext {
  seeds: Seeds;
  /** Worked out on first use (see `definesOnly`). */
  definesOnly: () => boolean;
  tensorflow1: boolean;
}

const DEEP_LEARNING: ReadonlySet<Library> = new Set(['torch', 'tensorflow', 'keras']);

function checkGlobalDraw(ctx: ContextOf<'MLH301'>, call: CallSite, found: Draw, context: DrawContext): void {
  const { library } = found;
  const { seeds } = context;
  if (found.drawsLater ? seeds.anywhere.has(library) : isSeeded(seeds, library, call)) return;
  // Model code in a module of its own (a model.py beside train.py): the script that runs it seeds.
  if (DEEP_LEARNING.has(library) && isDeferred(call.node) && context.definesOnly()) return;
  // Initialisers inside a class are how a model is built, like the layers' default initialisers.
  if (found.initialiser && isInClass(call.node)) return;
  const advice =
    found.kind === 'loader' ? LOADER_ADVICE : library === 'tensorflow' && context.tensorflow1 ? TENSORFLOW_V1_ADVICE : SEED_ADVICE[library];
  ctx.report({
    range: nodeRange(found.range),
    message: `${found.label} draws from ${LIBRARY_TITLE[library]}, and no seed is set before it: the values change on every run. ${advice}.`,
    data:
      found.kind === 'loader'
        ? { callee: call.qualified ?? found.label, parameter: 'generator', kind: 'loader' }
        : { callee: call.qualified ?? found.label, parameter: null, kind: 'global-draw', library },
    call: nodeRange(call.node),
  });
}

/** The call whose value is the key argument's source of entropy (`time.time()` in `PRNGKey(int(time.time()))`). */
function entropySource(seeds: Seeds, keyCall: CallSite, byNode: ReadonlyMap<number, CallSite>): string | null {
  const seed = keyCall.keywords.get('seed') ?? keyCall.positional[0];
  if (!seed) return null;
  const stack: Node[] = [seed];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'call') {
      const inner = byNode.get(node.id);
      const qualified = inner?.qualified ? publicName(inner.qualified) : null;
      if (qualified && ENTROPY_SOURCES.has(qualified)) return qualified;
      if (inner && qualified) {
        const draw = globalDraw(inner, qualified);
        if (draw && (draw.library === 'numpy' || draw.library === 'random') && !isSeeded(seeds, draw.library, inner)) return qualified;
      }
    }
    if (node.type === 'lambda') continue;
    stack.push(...node.namedChildren);
  }
  return null;
}

/** The scope a node runs in: its innermost function, or the module. */
function scopeOf(node: Node): number {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'lambda') return p.id;
  return -1;
}

/** Two nodes in different branches of one `if` or conditional expression: only one of them runs. */
function inExclusiveBranches(a: Node, b: Node): boolean {
  const pathOfA = new Map<number, Node>(); // ancestor id -> its child on the way to a
  for (let child: Node = a, p = a.parent; p; child = p, p = p.parent) pathOfA.set(p.id, child);
  for (let child: Node = b, p = b.parent; p; child = p, p = p.parent) {
    const childOfA = pathOfA.get(p.id);
    if (!childOfA) continue;
    if (p.type !== 'if_statement' && p.type !== 'conditional_expression') return false;
    const condition = p.type === 'if_statement' ? p.childForFieldName('condition') : p.namedChildren[1];
    return childOfA.id !== child.id && childOfA.id !== condition?.id && child.id !== condition?.id;
  }
  return false;
}

/** Offsets where `name` is (re)bound in a scope: assignments, augmented assignments, `for` targets. */
function bindingOffsets(model: ScriptModel, name: string, scope: number): number[] {
  const out: number[] = [];
  for (const type of ['assignment', 'augmented_assignment', 'for_statement']) {
    for (const node of nodesOfType(model, type)) {
      const left = node.childForFieldName('left');
      if (left && scopeOf(node) === scope && identifierIn(left, name)) out.push(node.endIndex);
    }
  }
  return out;
}

function identifierIn(node: Node, name: string): boolean {
  if (node.type === 'identifier') return node.text === name;
  return node.namedChildren.some((c) => identifierIn(c, name));
}

/** JAX: keys built from a value that changes run to run, and one key handed to two draws. */
function checkJax(ctx: ContextOf<'MLH301'>, seeds: Seeds): void {
  const { model } = ctx;
  const byNode = new Map(model.calls.map((c) => [c.node.id, c]));
  const uses = new Map<string, CallSite[]>();
  for (const call of model.calls) {
    const qualified = call.qualified;
    if (!qualified?.startsWith('jax.random.')) continue;
    if (JAX_KEY_MAKERS.has(qualified)) {
      const source = entropySource(seeds, call, byNode);
      if (source === null) continue;
      const written = call.callee.text.replace(/\s+/g, '');
      ctx.report({
        range: nodeRange(call.callee),
        message: `${written}(...) is built from ${source}(), which changes on every run: so do all the draws from this key. Build the key from a fixed seed (jax.random.PRNGKey(seed)).`,
        data: { callee: qualified, parameter: 'seed', kind: 'jax-key' },
        call: nodeRange(call.node),
      });
      continue;
    }
    const key = call.keywords.get('key') ?? call.positional[0];
    if (!JAX_DRAWS.has(lastSegment(qualified)) || key?.type !== 'identifier') continue;
    const id = `${scopeOf(call.node)}:${key.text}`;
    uses.set(id, [...(uses.get(id) ?? []), call]);
  }
  for (const [id, calls] of uses) {
    if (calls.length < 2) continue;
    const name = id.slice(id.indexOf(':') + 1);
    const scope = Number(id.slice(0, id.indexOf(':')));
    const rebinds = bindingOffsets(model, name, scope);
    for (let i = 1; i < calls.length; i++) {
      const previous = calls[i - 1]!;
      const call = calls[i]!;
      if (rebinds.some((offset) => offset > previous.node.startIndex && offset <= call.node.startIndex)) continue;
      if (inExclusiveBranches(previous.node, call.node)) continue;
      const written = call.callee.text.replace(/\s+/g, '');
      const line = previous.node.startPosition.row + 1;
      ctx.report({
        range: nodeRange(call.callee),
        message: `${written} reuses the key ${name} already given to ${previous.callee.text.replace(/\s+/g, '')} on line ${line}: the two draws are the same numbers, not independent ones. Split the key first (${name}, sub = jax.random.split(${name})).`,
        data: { callee: call.qualified ?? written, parameter: null, kind: 'key-reuse', library: 'jax' },
        call: nodeRange(call.node),
      });
    }
  }
}

function checkGenerator(ctx: ContextOf<'MLH301'>, call: CallSite, qualified: string): void {
  const keyword = GENERATOR_SEED[qualified];
  if (keyword === undefined || call.hasSplat || hasSeedArgument(call, keyword)) return;
  const written = call.callee.text.replace(/\s+/g, '');
  ctx.report({
    range: nodeRange(call.callee),
    message: `${written}() without a seed starts from fresh entropy: its numbers change on every run. Pass a seed (e.g. from params: seed).`,
    data: { callee: qualified, parameter: keyword, kind: 'generator' },
    call: nodeRange(call.node),
  });
}

export const unseededRandomness: Rule = {
  code: 'MLH301',
  name: 'unseeded-randomness',
  family: 'reproducibility',
  defaultSeverity: 'warning',
  status: 'stable',
  summary:
    'Randomness left uncontrolled: random_state unset, global random draws with no seed (NumPy, random, PyTorch, TensorFlow, Keras), generators built without a seed, JAX keys from the clock or reused.',
  appliesTo: ['python', 'notebook'],
  options: {
    'check-global-draws': {
      type: 'boolean',
      default: true,
      description:
        'Also report draws from the global random state of NumPy, random, PyTorch, TensorFlow and Keras (and tf.data shuffles) when no seed is set before them.',
    },
  },
  check(ctx: ContextOf<'MLH301'>) {
    const { model } = ctx;
    const seeds = collectSeeds(model);
    const later: LaterSeeds = new Map();
    const globalDraws = option<boolean>(ctx, 'check-global-draws');
    const modules = new Set([...model.importMap.values()].map((q) => q.split('.')[0]));
    const byNode = globalDraws && modules.has('tensorflow') ? new Map(model.calls.map((c) => [c.node.id, c])) : null;
    const datasets = byNode ? { names: datasetNames(model, byNode), byNode } : null;
    let onlyDefines: boolean | undefined;
    const context: DrawContext = {
      seeds,
      definesOnly: () => (onlyDefines ??= definesOnly(model)),
      tensorflow1: modules.has('tensorflow') && usesTensorflow1(model),
    };
    for (const call of model.calls) {
      if (!call.qualified) {
        const shuffle = globalDraws ? datasetShuffle(call, datasets) : null;
        if (shuffle) checkGlobalDraw(ctx, call, shuffle, context);
        continue;
      }
      const qualified = publicName(call.qualified);
      if (qualified.startsWith('sklearn.')) checkSklearn(ctx, call, qualified, seeds, later);
      else if (isGenerator(qualified)) checkGenerator(ctx, call, qualified);
      else if (globalDraws) {
        const draw = globalDraw(call, qualified);
        if (draw) checkGlobalDraw(ctx, call, draw, context);
      }
    }
    if (modules.has('jax')) checkJax(ctx, seeds);
  },
};
