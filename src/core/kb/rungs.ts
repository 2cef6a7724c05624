/**
 * The simplest-solution decision path of the project plan (mlproject.yaml's `decision.rung`):
 * its six rungs, and which ML libraries belong to which rung (MLH501 compares a file's imports
 * with the decided rung). The wording is the product's own; ids are published and never change
 * meaning. The plan's catalog re-exports the rungs.
 */

export const RUNG_IDS = ['not-ml', 'analytics', 'statistics', 'classical-ml', 'deep-learning', 'beyond-reach'] as const;
export type RungId = (typeof RUNG_IDS)[number];

export interface RungDefinition {
  id: RungId;
  /** 1-based step on the path. */
  step: number;
  title: string;
  /** The question the team answers at this rung; "yes" means stop here. */
  question: string;
  /** What stopping here means, in one sentence. */
  meaning: string;
}

/**
 * The decision path: walk down and stop at the first rung that solves the problem. Each step
 * down adds cost, risk and maintenance.
 */
export const RUNGS: readonly RungDefinition[] = [
  {
    id: 'not-ml',
    step: 1,
    title: 'Not a data-science problem',
    question: 'Is this really a process, data-access or tooling problem rather than a data-science one?',
    meaning: 'Fix the process or the access to the data; no model is needed.',
  },
  {
    id: 'analytics',
    step: 2,
    title: 'A query, a report or a rule',
    question: 'Can a query, a report, a dashboard or a hand-written rule answer it?',
    meaning: 'Answer it with SQL, a dashboard or a business rule.',
  },
  {
    id: 'statistics',
    step: 3,
    title: 'Basic statistics',
    question: 'Can basic statistics answer it: aggregates, a statistical test, a simple forecast?',
    meaning: 'Answer it with descriptive statistics, a test or a simple forecast.',
  },
  {
    id: 'classical-ml',
    step: 4,
    title: 'A classical model',
    question: 'Can a classical model (linear models, tree ensembles) answer it with the data we have?',
    meaning: 'Build a classical model: scikit-learn, gradient boosting.',
  },
  {
    id: 'deep-learning',
    step: 5,
    title: 'Deep learning',
    question: 'Does it truly need deep learning or another heavy approach, and can we pay for it?',
    meaning: 'Build a deep-learning model, knowing its cost in data, hardware and maintenance.',
  },
  {
    id: 'beyond-reach',
    step: 6,
    title: 'Beyond current reach',
    question: 'Is it beyond what today’s technology can do? Then say so now.',
    meaning: 'Say early that it cannot be built yet, before money is spent.',
  },
];

const RUNG_BY_ID = new Map<string, RungDefinition>(RUNGS.map((r) => [r.id, r]));

export function isRungId(value: unknown): value is RungId {
  return typeof value === 'string' && RUNG_BY_ID.has(value);
}

export function rungDefinition(id: RungId): RungDefinition {
  return RUNG_BY_ID.get(id)!;
}

/** 0-based position of a rung on the path; a higher index is a heavier approach. */
export function rungIndex(id: RungId): number {
  return RUNG_IDS.indexOf(id);
}

/** The lightest rung each library belongs to, by module (a dotted prefix matches its submodules). */
const TOOLING: ReadonlyMap<string, RungId> = new Map<string, RungId>([
  ...['statsmodels', 'scipy.stats', 'pingouin', 'prophet', 'pmdarima', 'lifelines', 'linearmodels', 'arch'].map(
    (m) => [m, 'statistics'] as const,
  ),
  ...[
    'sklearn',
    'xgboost',
    'lightgbm',
    'catboost',
    'imblearn',
    'mlxtend',
    'pycaret',
    'h2o',
    'autosklearn',
    'tpot',
    'flaml',
    'sktime',
    'tslearn',
    'river',
    'umap',
    'hdbscan',
    'optuna',
    'hyperopt',
    'skopt',
  ].map((m) => [m, 'classical-ml'] as const),
  ...[
    'torch',
    'torchvision',
    'torchaudio',
    'torchtext',
    'tensorflow',
    'tensorflow_hub',
    'tensorflow_datasets',
    'tf_keras',
    'keras',
    'keras_cv',
    'keras_nlp',
    'jax',
    'flax',
    'optax',
    'haiku',
    'trax',
    'transformers',
    'diffusers',
    'sentence_transformers',
    'timm',
    'fastai',
    'pytorch_lightning',
    'lightning',
    'accelerate',
    'deepspeed',
    'peft',
    'trl',
    'mxnet',
    'paddle',
    'theano',
    'caffe',
    'cntk',
  ].map((m) => [m, 'deep-learning'] as const),
]);

/** The rung of a dotted module name: its longest known prefix. */
export function toolingRung(module: string): RungId | null {
  const parts = module.split('.');
  for (let n = parts.length; n > 0; n--) {
    const rung = TOOLING.get(parts.slice(0, n).join('.'));
    if (rung) return rung;
  }
  return null;
}
