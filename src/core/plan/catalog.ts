/**
 * The project plan's vocabulary, as data: the six phases of ML work with their checklist items,
 * and the six rungs of the simplest-solution decision path. The wording is the product's own;
 * ids are published (they are keys of `mlproject.yaml`) and never change meaning. The rungs live in
 * the knowledge base (MLH501 needs them too) and are re-exported here.
 */
export type { RungDefinition, RungId } from '../kb/rungs';
export { isRungId, RUNG_IDS, RUNGS, rungDefinition, rungIndex } from '../kb/rungs';

export const PHASE_IDS = ['planning', 'scoping', 'experimentation', 'development', 'deployment', 'evaluation'] as const;
export type PhaseId = (typeof PHASE_IDS)[number];

/** What the extension checks in the workspace for an item it can verify. */
export type EvidenceKind =
  | 'readme-problem'
  | 'attribution-document'
  | 'no-unseeded-randomness'
  | 'modular-code'
  | 'configuration'
  | 'tests'
  | 'version-control'
  | 'ci';

export interface ItemDefinition {
  /** `<phase>.<key>`, e.g. `development.tests`. */
  id: string;
  /** The item's key under `phases.<phase>.items` in the plan file. */
  key: string;
  phase: PhaseId;
  title: string;
  /** One or two sentences: why the item matters. */
  why: string;
  /** Present when the extension verifies the item from the workspace; absent for manual items. */
  evidence?: EvidenceKind;
}

export interface PhaseDefinition {
  id: PhaseId;
  title: string;
  /** What "done" means for the phase, in one sentence. */
  goal: string;
  items: readonly ItemDefinition[];
}

type ItemSpec = Omit<ItemDefinition, 'id' | 'phase'>;

function phase(id: PhaseId, title: string, goal: string, items: readonly ItemSpec[]): PhaseDefinition {
  return { id, title, goal, items: items.map((item) => ({ ...item, id: `${id}.${item.key}`, phase: id })) };
}

export const PHASES: readonly PhaseDefinition[] = [
  phase('planning', 'Planning', 'Everyone agrees on the need, in the words of the people who have it.', [
    {
      key: 'problem-statement',
      title: 'The problem is written down in the business’s own words',
      why: 'A model that answers the wrong question is the most expensive way to fail. Write the need in the README, where the whole team reads it.',
      evidence: 'readme-problem',
    },
    {
      key: 'prediction-use',
      title: 'We know what will be done with each prediction',
      why: 'If nobody can name the decision that changes because of the output, the project has no customer yet.',
    },
    {
      key: 'simplest-solution',
      title: 'The simplest thing that would meet the need is written down',
      why: 'It is the baseline every later idea has to beat, and sometimes it is the whole answer. Walk the decision path below.',
    },
    {
      key: 'success-measure',
      title: 'Success is defined in business terms',
      why: 'Accuracy is not a goal in itself. Agree on the number the business watches before any model exists.',
    },
    {
      key: 'stakeholders',
      title: 'The people who will use the result took part',
      why: 'Talk about what and why with them, not how or when; a requirement heard late is rework.',
    },
  ]),
  phase('scoping', 'Scoping and research', 'We know whether it can work and how long it will take.', [
    {
      key: 'will-it-solve',
      title: 'We checked that the approach can solve the problem',
      why: 'Answer "will this solve my problem?" before "how do we build it?".',
    },
    {
      key: 'time-boxed-research',
      title: 'Research is time-boxed, with an end date',
      why: 'Open-ended research is how a version one turns into a project nobody will fund.',
    },
    {
      key: 'candidates',
      title: 'A short list of candidate approaches',
      why: 'Somewhere between a recipe copied from a blog post and a thesis-grade build; two or three are enough.',
    },
    {
      key: 'hard-parts',
      title: 'The hard parts are named',
      why: 'Class imbalance, data volume, latency, labels: the parts a quick demo skips are the ones that sink the project later.',
    },
    {
      key: 'data-access',
      title: 'The data exists and we may use it',
      why: 'Access, quality and permission problems found in month three cost the schedule.',
    },
  ]),
  phase('experimentation', 'Experimentation', 'A bounded comparison on realistic data ends in a decision.', [
    {
      key: 'bounded',
      title: 'Two or three approaches, with a time box and a decision date',
      why: 'A bake-off with no end burns compute and ends in decision paralysis.',
    },
    {
      key: 'realistic-data',
      title: 'Tested on realistic data: every class, a proper holdout',
      why: 'A demo on the easy classes with hand-picked results promises what production will not deliver.',
    },
    {
      key: 'seeds',
      title: 'Runs are reproducible: randomness is seeded',
      why: 'When the split or the model changes on every run, nobody can tell an improvement from luck.',
      evidence: 'no-unseeded-randomness',
    },
    {
      key: 'data-versions',
      title: 'The data version behind each result is recorded',
      why: 'A result you cannot reproduce on the same data is an anecdote.',
    },
    {
      key: 'shared-results',
      title: 'Results are shown early to peers and to the people they are for',
      why: 'A chart shown in week two catches a misunderstanding that a report in month three cannot.',
    },
  ]),
  phase('development', 'Development', 'The code is ready for a team: modules, configuration, tests, review.', [
    {
      key: 'modular',
      title: 'The code is in modules, not one long script',
      why: 'With one module per step, a change to the features or the scaler touches one file, with its own tests, on its own branch.',
      evidence: 'modular-code',
    },
    {
      key: 'config',
      title: 'Parameters and paths live in a configuration file',
      why: 'Values written once in configuration can change without hunting through the code, and every run records what it used.',
      evidence: 'configuration',
    },
    {
      key: 'tests',
      title: 'Modules have unit tests',
      why: 'Tests let two people change the pipeline at the same time without breaking each other’s work.',
      evidence: 'tests',
    },
    {
      key: 'version-control',
      title: 'The code is under version control',
      why: 'Branches and history make every change reviewable and every mistake reversible.',
      evidence: 'version-control',
    },
    {
      key: 'reviews',
      title: 'Changes go through feature branches and reviews',
      why: 'A second pair of eyes on each change spreads knowledge and catches leakage and bugs early.',
    },
    {
      key: 'ci',
      title: 'Checks run automatically on every change',
      why: 'Continuous integration runs the tests and the hygiene checks, so nobody has to remember to.',
      evidence: 'ci',
    },
  ]),
  phase('deployment', 'Deployment', 'The model runs in the simplest way that meets the need, at a known cost.', [
    {
      key: 'serving-paradigm',
      title: 'The serving style fits the need',
      why: 'Batch if a weekly score is enough; near-real-time or a REST service only when the use demands it.',
    },
    {
      key: 'cost-estimate',
      title: 'Running cost is estimated before it is built',
      why: 'A model that costs more to run than it earns gets switched off, however good it is.',
    },
    {
      key: 'simple-platform',
      title: 'The simplest platform that works',
      why: 'A database and a VM before a cluster, CPUs before GPUs, batch before streaming, whenever the need allows.',
    },
    {
      key: 'retraining',
      title: 'Retraining is decided: how, and how often',
      why: 'Data drifts; a model nobody can retrain slowly goes stale.',
    },
    {
      key: 'monitoring',
      title: 'Monitoring is planned',
      why: 'Watch the inputs, the predictions and the failures, so a problem shows up before the users notice.',
    },
  ]),
  phase('evaluation', 'Evaluation', 'The model proves what it is worth to the business.', [
    {
      key: 'attribution-plan',
      title: 'An attribution plan (A/B test or equivalent) exists before full rollout',
      why:
        'Without a fair comparison, nobody can show the lift, and the model is the first thing cut from the next budget. ' +
        'Reference the plan document here with `document:`.',
      evidence: 'attribution-document',
    },
    {
      key: 'business-metric',
      title: 'The business metric the model should move is named',
      why: 'Name the number that changes when the model works, and who owns it.',
    },
    {
      key: 'error-bars',
      title: 'Lift will be measured with its uncertainty',
      why: 'A lift without error bars cannot tell a real gain from noise.',
    },
    {
      key: 'rollback',
      title: 'We can switch back if it does not pay off',
      why: 'A way back makes the rollout a safe experiment instead of a bet.',
    },
    {
      key: 'review-date',
      title: 'A date is set to review whether it earns its keep',
      why: 'Value changes over time; check it on purpose rather than in a budget cut.',
    },
  ]),
];

const ITEMS = new Map<string, ItemDefinition>(PHASES.flatMap((p) => p.items.map((item) => [item.id, item] as const)));
const PHASE_BY_ID = new Map<string, PhaseDefinition>(PHASES.map((p) => [p.id, p]));

export function isPhaseId(value: unknown): value is PhaseId {
  return typeof value === 'string' && PHASE_BY_ID.has(value);
}

export function phaseDefinition(id: PhaseId): PhaseDefinition {
  return PHASE_BY_ID.get(id)!;
}

/** An item by its full id (`development.tests`). */
export function itemDefinition(id: string): ItemDefinition | undefined {
  return ITEMS.get(id);
}
