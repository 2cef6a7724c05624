import type { Node } from '../../parse/syntax';
import { lookupApi } from '../../kb/apis';
import type { CallSite, ScriptModel } from '../../semantic';
import { stringValue } from '../../semantic';
import { kids, nodeRange } from '../../parse/syntax';
import type { ContextOf, Rule } from '../rule';
import { option } from '../rule';

/**
 * MLH301: randomness nobody controls. Four families of calls:
 *  - scikit-learn calls whose result depends on `random_state` and leave it unset
 *    (train_test_split, shuffling CV splitters, randomised estimators, dataset generators);
 *  - draws from a library's global random state with no seed set before them;
 *  - random generators built without a seed.
 *
 * A `np.random.seed(...)` earlier in the program also seeds scikit-learn (whose
 * `random_state=None` means NumPy's global state), so it silences the first family too.
 */

type Library = 'numpy' | 'random' | 'torch' | 'tensorflow';

const LIBRARY_TITLE: Record<Library, string> = {
  numpy: "NumPy's global random state",
  random: "Python's global random state",
  torch: "PyTorch's global random generator",
  tensorflow: "TensorFlow's global random seed",
};

const SEED_ADVICE: Record<Library, string> = {
  numpy: 'Seed it once at the start (np.random.seed(seed)) or draw from a seeded generator (rng = np.random.default_rng(seed))',
  random: 'Seed it once at the start (random.seed(seed)) or draw from a seeded random.Random(seed)',
  torch: 'Call torch.manual_seed(seed) once at the start, or pass a seeded generator=',
  tensorflow: 'Call tf.random.set_seed(seed) once at the start, or pass seed=',
};

/** Calls that seed global random state, and what they seed. Seed calls need a non-None argument. */
const SEEDERS: Record<string, readonly Library[]> = {
  'numpy.random.seed': ['numpy'],
  'random.seed': ['random'],
  'torch.manual_seed': ['torch'],
  'torch.random.manual_seed': ['torch'],
  'tensorflow.random.set_seed': ['tensorflow'],
  'tensorflow.set_random_seed': ['tensorflow'],
  'tensorflow.compat.v1.set_random_seed': ['tensorflow'],
  'tensorflow.keras.utils.set_random_seed': ['numpy', 'random', 'tensorflow'],
  'keras.utils.set_random_seed': ['numpy', 'random', 'tensorflow', 'torch'],
  'pytorch_lightning.seed_everything': ['numpy', 'random', 'torch'],
  'pytorch_lightning.utilities.seed.seed_everything': ['numpy', 'random', 'torch'],
  'lightning.seed_everything': ['numpy', 'random', 'torch'],
  'lightning.pytorch.seed_everything': ['numpy', 'random', 'torch'],
  'lightning.fabric.seed_everything': ['numpy', 'random', 'torch'],
  'transformers.set_seed': ['numpy', 'random', 'torch', 'tensorflow'],
  'accelerate.utils.set_seed': ['numpy', 'random', 'torch'],
};

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
const TENSORFLOW_DRAWS = new Set(['uniform', 'normal', 'truncated_normal', 'shuffle', 'categorical', 'gamma', 'poisson']);

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

function lastSegment(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}

/** scikit-learn names imported from private modules (`sklearn.ensemble._forest.X`) under their public package. */
function publicName(qualified: string): string {
  if (!qualified.startsWith('sklearn.')) return qualified;
  return qualified
    .split('.')
    .filter((part, i, all) => i === all.length - 1 || !part.startsWith('_'))
    .join('.');
}

/** True when the call runs only when some function or lambda around it is called. */
function isDeferred(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'lambda') return true;
  }
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
    const libraries = call.qualified ? SEEDERS[call.qualified] : undefined;
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
function seededLater(model: ScriptModel, call: CallSite, parameter: string): boolean {
  const parent = call.node.parent;
  if (parent?.type !== 'assignment' || parent.childForFieldName('right')?.id !== call.node.id) return false;
  const target = parent.childForFieldName('left');
  if (target?.type !== 'identifier') return false;
  const name = target.text;
  const seeders = model.calls.filter((c) => c.method === 'set_params' && c.keywords.has(parameter));
  if (seeders.some((c) => c.receiver === name)) return true;
  const helpers = new Set(
    seeders.map((c) => enclosingFunctionName(c.node)).filter((f): f is string => f !== null && model.definitions.has(f)),
  );
  return model.calls.some(
    (c) =>
      c.callee.type === 'identifier' &&
      helpers.has(c.callee.text) &&
      argumentNodes(c).some((a) => a.type === 'identifier' && a.text === name),
  );
}

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
  const outer = model.calls.find((c) => c.node.id === parent?.parent?.id);
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
  const settings = RANDOM_WHEN[name];
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

function checkSklearn(ctx: ContextOf<'MLH301'>, call: CallSite, qualified: string, seeds: Seeds): void {
  const candidate = sklearnCandidate(call, qualified);
  if (!candidate || hasDictionarySplat(call)) return;
  const value = call.keywords.get(candidate.parameter);
  if (value && !isNoneLiteral(value)) return;
  // random_state=None means NumPy's global state: a np.random.seed(...) makes it reproducible. Functions
  // draw when called, so the seed must come before them; estimators and splitters draw when they are
  // fitted or split, which this rule does not follow, so a seed anywhere counts.
  const drawsWhenCalled = candidate.kind === 'split' || candidate.kind === 'dataset' || candidate.kind === 'function';
  if (drawsWhenCalled ? isSeeded(seeds, 'numpy', call) : seeds.anywhere.has('numpy')) return;
  if (seededLater(ctx.model, call, candidate.parameter) || wrappedBySeedingMetaEstimator(ctx.model, call)) return;
  const how = value ? `with ${candidate.parameter}=None` : `without ${candidate.parameter}`;
  ctx.report({
    range: nodeRange(call.callee),
    message: `${candidate.label} ${how}: ${WHAT_CHANGES[candidate.kind]}. Pass ${candidate.parameter} (e.g. from params: seed).`,
    data: { callee: qualified, parameter: candidate.parameter, kind: candidate.kind },
    call: nodeRange(call.node),
  });
}

/** The library whose global state a call draws from, when it is an unseeded draw. */
function globalDraw(call: CallSite, qualified: string): Library | null {
  const dot = qualified.lastIndexOf('.');
  const module = qualified.slice(0, dot);
  const name = qualified.slice(dot + 1);
  if (module === 'numpy.random' && NUMPY_DRAWS.has(name)) return 'numpy';
  if (module === 'random' && PYTHON_DRAWS.has(name)) return 'random';
  if (module === 'torch' && TORCH_DRAWS.has(name)) return call.keywords.has('generator') ? null : 'torch';
  if (module === 'tensorflow.random' && TENSORFLOW_DRAWS.has(name)) return call.keywords.has('seed') ? null : 'tensorflow';
  if (qualified === 'torch.utils.data.DataLoader') {
    return call.keywords.get('shuffle')?.type === 'true' && !call.keywords.has('generator') && !call.keywords.has('sampler')
      ? 'torch'
      : null;
  }
  if (qualified === 'torch.utils.data.random_split') return call.keywords.has('generator') || call.positional.length > 2 ? null : 'torch';
  return null;
}

function checkGlobalDraw(ctx: ContextOf<'MLH301'>, call: CallSite, qualified: string, seeds: Seeds): void {
  const library = globalDraw(call, qualified);
  if (!library || isSeeded(seeds, library, call)) return;
  const written = call.callee.text.replace(/\s+/g, '');
  const what = qualified === 'torch.utils.data.DataLoader' ? `${written}(shuffle=True)` : written;
  ctx.report({
    range: nodeRange(call.callee),
    message: `${what} draws from ${LIBRARY_TITLE[library]}, and no seed is set before it: the values change on every run. ${SEED_ADVICE[library]}.`,
    data: { callee: qualified, parameter: null, kind: 'global-draw', library },
    call: nodeRange(call.node),
  });
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
  summary: 'Randomness left uncontrolled: random_state unset, global random draws with no seed, generators built without a seed.',
  appliesTo: ['python', 'notebook'],
  options: {
    'check-global-draws': {
      type: 'boolean',
      default: true,
      description:
        'Also report draws from the global random state of NumPy, random, PyTorch and TensorFlow when no seed is set before them.',
    },
  },
  check(ctx: ContextOf<'MLH301'>) {
    const { model } = ctx;
    const seeds = collectSeeds(model);
    const globalDraws = option<boolean>(ctx, 'check-global-draws');
    for (const call of model.calls) {
      if (!call.qualified) continue;
      const qualified = publicName(call.qualified);
      if (qualified.startsWith('sklearn.')) checkSklearn(ctx, call, qualified, seeds);
      else if (qualified in GENERATOR_SEED) checkGenerator(ctx, call, qualified);
      else if (globalDraws) checkGlobalDraw(ctx, call, qualified, seeds);
    }
  },
};
