import type { ScriptModel, Statement } from '../../semantic';
import { keyName } from '../../params';
import type { Phase } from '../../types';
import type { Refusal } from '../change';
import { refusal } from '../change';
import { PHASE_FUNCTION_NAMES } from '../extractFunction';
import { freshName, PYTHON_KEYWORDS } from '../nodes';
import type { Analysis } from './analysis';
import { majorityPhase } from './analysis';

/** The steps of the pipeline: runs of statements of one phase, with their data flow. */

export interface Step {
  name: string;
  /** The title of its section (a heading, `# %% Title`), if it has one. */
  title: string | null;
  phase: Phase;
  module: string;
  statements: Statement[];
  parameters: string[];
  returns: string[];
}

export const PHASE_MODULES: Record<Phase, string> = {
  data: 'data',
  features: 'features',
  training: 'train',
  evaluation: 'evaluate',
  persistence: 'publish',
  visualisation: 'plots',
};

/** The module files the package always has; a step module never takes one of these names. */
export const FIXED_MODULES = new Set(['__init__', '__main__', 'pipeline', 'params', 'helpers']);

interface Unit {
  statements: Statement[];
  phase: Phase | null;
  title: string | null;
}

/** Units from the explicit sections (markers, cells), else one per statement. */
function units(model: ScriptModel, code: readonly Statement[]): Unit[] {
  const explicit = model.sections.some((s) => s.origin !== 'file') || model.kind === 'notebook';
  const out: Unit[] = [];
  for (const s of code) {
    const section = model.sections[s.section];
    const last = out[out.length - 1];
    if (explicit && last && last.statements[0]!.section === s.section) {
      last.statements.push(s);
      continue;
    }
    const title = section && section.title && section.title !== '[markdown]' && (explicit || s === code[0]) ? section.title : null;
    out.push({ statements: [s], phase: explicit ? (section?.phaseHint ?? null) : null, title });
  }
  let previous: Phase | null = null;
  for (const unit of out) {
    unit.phase = unit.phase ?? majorityPhase(unit.statements) ?? previous;
    previous = unit.phase;
  }
  const firstKnown = out.find((u) => u.phase !== null)?.phase ?? 'data';
  for (const unit of out) unit.phase = unit.phase ?? firstKnown;
  return out;
}

/** A name from a section title (`## Clean the data` -> `clean_the_data`), or null. */
function titleName(title: string | null): string | null {
  if (!title) return null;
  const words = keyName(title.replace(/[`*_:]/g, ' '), '')
    .split('_')
    .filter((w) => w !== '')
    .slice(0, 5)
    .join('_');
  return /^[a-z_][a-z0-9_]*$/.test(words) && words.length > 2 ? words : null;
}

/** Names that say nothing about what a step produces. */
const GENERIC_NAMES = new Set([
  'fig',
  'figure',
  'ax',
  'axes',
  'axs',
  'idx',
  'tmp',
  'temp',
  'res',
  'result',
  'results',
  'out',
  'output',
  'data',
  'df',
]);

/**
 * What a step produces, most telling first: the names it returns, then the names its assignments
 * bind, then the objects it changes in place (`latest["ratio"] = ...`); the later a statement binds
 * or changes a name, the more it is the step's product. Loop variables, names of one or two
 * characters (`X`, `lw`) and names that say nothing (`fig`, `ax`, `df`) are left out.
 */
function productNames(step: Step): string[] {
  const last = new Map<string, number>();
  const assigned = new Set<string>();
  const changed = new Set<string>();
  step.statements.forEach((s, i) => {
    for (const name of s.defs) {
      last.set(name, i);
      if (s.kind === 'assignment') assigned.add(name);
    }
    for (const name of s.mutates) {
      if (!s.defs.has(name)) last.set(name, Math.max(last.get(name) ?? -1, i));
      if (s.kind === 'assignment') changed.add(name);
    }
  });
  const latestFirst = (names: Iterable<string>): string[] =>
    [...names]
      .map((name, order) => ({ name, order }))
      .sort((a, b) => last.get(b.name)! - last.get(a.name)! || a.order - b.order)
      .map((e) => e.name);
  const returned = latestFirst(step.returns.filter((n) => assigned.has(n)));
  const bound = latestFirst([...assigned].filter((n) => !step.returns.includes(n)));
  const updated = latestFirst([...changed].filter((n) => !step.returns.includes(n) && !assigned.has(n)));
  return [...returned, ...bound, ...updated].filter(
    (name) => name.length > 2 && !name.startsWith('_') && !GENERIC_NAMES.has(name.toLowerCase()),
  );
}

/**
 * Step names: a titled section is named after its title; the first step of a phase after the phase
 * (`build_features`); a later step of the same phase (or a first one whose phase name the script
 * uses already) after what it produces, with the phase's verb (`build_at_risk`, `evaluate_scores`),
 * and only when nothing fits, with a number (`build_features_2`). Every name is new in the file (no
 * clash with its definitions, imports or variables, nor with `taken`) and unique.
 */
function nameSteps(steps: Step[], taken: Set<string>): void {
  const seen = new Set<Phase>();
  const free = (candidate: string): boolean =>
    /^[a-z_][a-z0-9_]*$/.test(candidate) && !candidate.endsWith('_') && !taken.has(candidate) && !PYTHON_KEYWORDS.has(candidate);
  for (const step of steps) {
    const base = PHASE_FUNCTION_NAMES[step.phase];
    const verb = base.split('_')[0]!;
    const titled = titleName(step.title);
    const products = (): string[] => productNames(step).map((n) => `${verb}_${keyName(n, '')}`);
    const candidates = titled ? [titled] : seen.has(step.phase) ? products() : [base, ...products()];
    const name = candidates.find(free) ?? freshName(taken, titled ?? base);
    taken.add(name);
    step.name = name;
    seen.add(step.phase);
  }
}

function needs(s: Statement): string[] {
  return [...s.uses, ...s.mutates, ...s.deletes];
}

/**
 * Groups the code into steps and computes each step's parameters and return values. `strict: false`
 * (the pipeline graph) draws the steps even when a kept function would read a name a later step rebinds.
 */
export function planSteps(model: ScriptModel, analysis: Analysis, taken: Set<string>, strict = true): Step[] | Refusal {
  const merged: Unit[] = [];
  for (const unit of units(model, analysis.code)) {
    const last = merged[merged.length - 1];
    // A titled section (a heading, `# %% Title`) stays a step of its own.
    if (last && last.phase === unit.phase && unit.title === null) last.statements.push(...unit.statements);
    else merged.push({ ...unit, statements: [...unit.statements] });
  }
  const steps: Step[] = merged.map((unit) => ({
    name: '',
    title: unit.title,
    phase: unit.phase!,
    module: PHASE_MODULES[unit.phase!],
    statements: unit.statements,
    parameters: [],
    returns: [],
  }));
  const bindsIn = steps.map((step) => new Set(step.statements.flatMap((s) => [...s.defs])));
  const needsIn = steps.map((step) => new Set(step.statements.flatMap(needs)));
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k]!;
    const boundBefore = new Set(bindsIn.slice(0, k).flatMap((b) => [...b]));
    const usedAfter = new Set(needsIn.slice(k + 1).flatMap((n) => [...n]));
    step.returns = inOrder(
      [...bindsIn[k]!].filter((n) => usedAfter.has(n)),
      step.statements,
    );
    // A name rebound here and used later is passed in too: a conditional rebinding keeps the old value otherwise.
    const read = [...needsIn[k]!, ...step.returns].filter((n) => analysis.codeNames.has(n) && boundBefore.has(n));
    step.parameters = inOrder(read, step.statements);
  }
  const late = strict ? impureReadsLater(steps, bindsIn) : null;
  if (late) return late;
  nameSteps(steps, taken);
  return steps;
}

/** A function kept in its step reads a name that a later step (re)binds: the closure would see the old value. */
function impureReadsLater(steps: readonly Step[], bindsIn: ReadonlyArray<Set<string>>): Refusal | null {
  for (let k = 0; k < steps.length; k++) {
    for (const s of steps[k]!.statements) {
      if (s.kind !== 'function' && s.kind !== 'class') continue;
      for (let j = k + 1; j < steps.length; j++) {
        const name = [...s.uses].find((u) => bindsIn[j]!.has(u));
        if (name) {
          const def = [...s.defs][0] ?? 'it';
          return refusal(
            s.range,
            'MLH001',
            `line ${s.range.start.line + 1}: \`${def}\` reads \`${name}\`, which a later section (re)binds; ` +
              'as a function of a step it would not see the new value',
          );
        }
      }
    }
  }
  return null;
}

/** Names in the order they first appear in the statements' text. */
function inOrder(names: string[], statements: readonly Statement[]): string[] {
  const text = statements.map((s) => s.node.text).join('\n');
  const at = (name: string): number => {
    const match = new RegExp(`(^|[^\\w.])${name}\\b`).exec(text);
    return match ? match.index : Number.MAX_SAFE_INTEGER;
  };
  return [...new Set(names)].sort((a, b) => at(a) - at(b) || a.localeCompare(b));
}
