/**
 * Upgrades an older or hand-written plan file to the current shape, in place on the yaml
 * Document, so comments and the order of keys survive. Renames keep the key's node (and its
 * comments); reshaped values are rebuilt. Returns one sentence per change, for the user.
 *
 * Older shapes accepted:
 * - `phase: <id>` for `current: <id>`;
 * - `decision: <rung>` (a bare rung) for `decision: {rung: <rung>}`, and `choice:` for `rung:`;
 * - rung, phase and item ids from before 1.0 (`classical`, `research`, `unit-tests`, ...);
 * - a phase written as a list of the items that are done (`development: [tests, reviews]`);
 * - a phase's items written directly under it, without `items:`;
 * - an item written as `true`/`false` for `{done: ...}`, or as a string for `{note: ...}`.
 */
import type { Document, Node as YamlNode, Pair, Scalar } from 'yaml';
import { isMap, isScalar, isSeq, YAMLMap } from 'yaml';
import type { PhaseId } from './catalog';
import { isPhaseId, isRungId, phaseDefinition } from './catalog';

const RUNG_ALIASES: Readonly<Record<string, string>> = {
  'not-ds': 'not-ml',
  'no-ml': 'not-ml',
  process: 'not-ml',
  query: 'analytics',
  report: 'analytics',
  rules: 'analytics',
  heuristic: 'analytics',
  heuristics: 'analytics',
  stats: 'statistics',
  classical: 'classical-ml',
  ml: 'classical-ml',
  'machine-learning': 'classical-ml',
  deep: 'deep-learning',
  dl: 'deep-learning',
  infeasible: 'beyond-reach',
  impossible: 'beyond-reach',
};

const PHASE_ALIASES: Readonly<Record<string, string>> = {
  plan: 'planning',
  scope: 'scoping',
  research: 'scoping',
  'scoping-and-research': 'scoping',
  experiments: 'experimentation',
  experiment: 'experimentation',
  dev: 'development',
  deploy: 'deployment',
  eval: 'evaluation',
};

/** Item keys from before 1.0, per phase. */
const ITEM_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  planning: { problem: 'problem-statement', 'business-problem': 'problem-statement', baseline: 'simplest-solution' },
  scoping: { research: 'time-boxed-research', approaches: 'candidates', risks: 'hard-parts' },
  experimentation: { seed: 'seeds', reproducible: 'seeds', 'time-box': 'bounded', holdout: 'realistic-data' },
  development: {
    modules: 'modular',
    modularity: 'modular',
    configuration: 'config',
    'unit-tests': 'tests',
    git: 'version-control',
    vcs: 'version-control',
    'code-review': 'reviews',
  },
  deployment: { serving: 'serving-paradigm', cost: 'cost-estimate' },
  evaluation: { 'ab-test': 'attribution-plan', attribution: 'attribution-plan', metric: 'business-metric' },
};

function keyOf(pair: Pair): string | null {
  return isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : null;
}

function renameKey(pair: Pair, name: string): void {
  (pair.key as Scalar).value = name;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => keyOf(pair) === key);
}

/** Runs every migration on `doc`; returns what changed. A non-map document is left alone. */
export function migrateDocument(doc: Document): string[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  const notes: string[] = [];
  migrateCurrent(root, notes);
  migrateDecision(doc, root, notes);
  const phases = findPair(root, 'phases');
  if (phases && isMap(phases.value)) migratePhases(doc, phases.value, notes);
  return notes;
}

function migrateCurrent(root: YAMLMap, notes: string[]): void {
  const legacy = findPair(root, 'phase');
  if (legacy && !findPair(root, 'current')) {
    renameKey(legacy, 'current');
    notes.push('`phase:` is now `current:`.');
  }
  const current = findPair(root, 'current');
  if (current && isScalar(current.value)) renameScalar(current.value, PHASE_ALIASES, 'current phase', notes);
}

function migrateDecision(doc: Document, root: YAMLMap, notes: string[]): void {
  const pair = findPair(root, 'decision');
  if (!pair) return;
  if (isScalar(pair.value) && typeof pair.value.value === 'string') {
    const map = doc.createNode({ rung: pair.value.value }) as YAMLMap;
    carryComment(pair.value, map);
    pair.value = map;
    notes.push('`decision: <rung>` is now `decision: {rung: <rung>}`.');
  }
  if (!isMap(pair.value)) return;
  const choice = findPair(pair.value, 'choice');
  if (choice && !findPair(pair.value, 'rung')) {
    renameKey(choice, 'rung');
    notes.push('`decision.choice` is now `decision.rung`.');
  }
  const rung = findPair(pair.value, 'rung');
  if (rung && isScalar(rung.value)) renameScalar(rung.value, RUNG_ALIASES, 'rung', notes);
}

/** A scalar turned into a one-key map keeps its trailing comment on the new map's value. */
function carryComment(from: Scalar, to: YAMLMap): void {
  const inner = to.items[0]?.value;
  if (from.comment && isScalar(inner)) inner.comment = from.comment;
}

function renameScalar(scalar: Scalar, aliases: Readonly<Record<string, string>>, what: string, notes: string[]): void {
  const value = scalar.value;
  if (typeof value !== 'string') return;
  const renamed = aliases[value];
  if (renamed && !isRungId(value) && !isPhaseId(value)) {
    scalar.value = renamed;
    notes.push(`The ${what} \`${value}\` is now \`${renamed}\`.`);
  }
}

function migratePhases(doc: Document, phases: YAMLMap, notes: string[]): void {
  for (const pair of phases.items) {
    const key = keyOf(pair);
    if (key === null) continue;
    const renamed = PHASE_ALIASES[key];
    if (renamed && !isPhaseId(key) && !findPair(phases, renamed)) {
      renameKey(pair, renamed);
      notes.push(`The phase \`${key}\` is now \`${renamed}\`.`);
    }
    const id = keyOf(pair);
    if (id !== null && isPhaseId(id)) migratePhase(doc, pair, id, notes);
  }
}

function migratePhase(doc: Document, pair: Pair, phase: PhaseId, notes: string[]): void {
  if (isSeq(pair.value)) {
    // `development: [tests, reviews]`: the items that are done.
    const done: Record<string, { done: true }> = {};
    for (const entry of pair.value.items) {
      if (isScalar(entry) && typeof entry.value === 'string') done[entry.value] = { done: true };
    }
    const map = doc.createNode({ items: done }) as YAMLMap;
    map.commentBefore = pair.value.commentBefore;
    pair.value = map;
    notes.push(`The \`${phase}\` list of done items is now a map under \`items:\`.`);
  } else if (isMap(pair.value) && !findPair(pair.value, 'items') && pair.value.items.length > 0) {
    // Items written directly under the phase: keep their nodes (and comments), move them under `items:`.
    const wrapper = new YAMLMap<unknown, unknown>();
    wrapper.items.push(doc.createPair('items', pair.value));
    pair.value = wrapper;
    notes.push(`The items of \`${phase}\` now sit under \`items:\`.`);
  }
  if (!isMap(pair.value)) return;
  const items = findPair(pair.value, 'items');
  if (!items || !isMap(items.value)) return;
  const known = new Set(phaseDefinition(phase).items.map((item) => item.key));
  const aliases = ITEM_ALIASES[phase] ?? {};
  for (const item of items.value.items) {
    const key = keyOf(item);
    if (key === null) continue;
    const renamed = aliases[key];
    if (renamed && !known.has(key) && !findPair(items.value, renamed)) {
      renameKey(item, renamed);
      notes.push(`The item \`${phase}.${key}\` is now \`${phase}.${renamed}\`.`);
    }
    migrateItemValue(doc, item, `${phase}.${keyOf(item)}`, notes);
  }
}

function migrateItemValue(doc: Document, item: Pair, id: string, notes: string[]): void {
  const value = item.value as YamlNode | null;
  if (!isScalar(value)) return;
  if (typeof value.value === 'boolean') {
    const map = doc.createNode({ done: value.value }) as YAMLMap;
    carryComment(value, map);
    item.value = map;
    notes.push(`\`${id}: ${value.value}\` is now \`${id}: {done: ${value.value}}\`.`);
  } else if (typeof value.value === 'string') {
    const map = doc.createNode({ note: value.value }) as YAMLMap;
    carryComment(value, map);
    item.value = map;
    notes.push(`The text of \`${id}\` is now its \`note:\`.`);
  }
}
