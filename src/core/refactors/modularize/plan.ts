import type { ScriptModel, Statement } from '../../semantic';
import { keyName } from '../../params';
import type { Phase } from '../../types';
import type { Refusal } from '../change';
import { refusal } from '../change';
import { PHASE_FUNCTION_NAMES } from '../extractFunction';
import { freshName, PYTHON_KEYWORDS } from '../nodes';
import type { Node } from '../../parse/syntax';
import { actionNames, GENERIC_NAMES } from '../stepNames';
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

/** How a step got its name (for reports and the review checklist). */
export type NameSource = 'title' | 'action' | 'product' | 'phase' | 'numbered';

/**
 * Step names, from what says most about the step: a titled section is named after its title
 * (`# %% Clean the data`, a markdown or underlined heading; never a stray comment); else after
 * what its strongest call does (`load_train`, `train_xgb_classifier`, `predict_sel_test`,
 * `save_submission`, `plot_feature_importance`: stepNames.ts); else after what it produces with
 * that verb or its phase's (`build_at_risk`); else the phase's name (`build_features`); and only
 * when nothing fits, with a number (`build_features_2`). Every name is new in the file (no clash
 * with its definitions, imports or variables, nor with `taken`) and unique.
 */
export function nameSteps(model: ScriptModel, steps: Step[], taken: Set<string>): NameSource[] {
  const free = (candidate: string): boolean =>
    /^[a-z_][a-z0-9_]*$/.test(candidate) && !candidate.endsWith('_') && !taken.has(candidate) && !PYTHON_KEYWORDS.has(candidate);
  const sources: NameSource[] = [];
  for (const step of steps) {
    const base = PHASE_FUNCTION_NAMES[step.phase];
    const phaseVerb = base.split('_')[0]!;
    const titled = titleName(step.title);
    const candidates: Array<[string, NameSource]> = [];
    if (titled) candidates.push([titled, 'title']);
    else {
      const action = actionNames(model, step.statements);
      for (const name of action.names) candidates.push([name, 'action']);
      const products = productNames(step).map((n) => keyName(n, ''));
      for (const verb of new Set([action.verb ?? phaseVerb, phaseVerb]))
        for (const p of products) candidates.push([`${verb}_${p}`, 'product']);
      candidates.push([base, 'phase']);
    }
    const found = candidates.find(([candidate]) => free(candidate));
    const name = found ? found[0] : freshName(taken, titled ?? base);
    sources.push(found ? found[1] : 'numbered');
    taken.add(name);
    step.name = name;
  }
  return sources;
}

function needs(s: Statement): string[] {
  return [...s.uses, ...s.mutates, ...s.deletes];
}

/** Names a statement binds whatever happens (`a, b = ...`, `def f`), so that a read after it in the same step never needs the earlier value. */
function definitelyBinds(s: Statement): string[] {
  if (s.kind === 'function' || s.kind === 'class') return [...s.defs];
  if (s.kind !== 'assignment') return [];
  const out: string[] = [];
  let node = s.node.namedChild(0);
  while (node?.type === 'assignment') {
    const left = node.childForFieldName('left');
    if (left) out.push(...targetNames(left));
    node = node.childForFieldName('right');
  }
  return out.filter((n) => s.defs.has(n));
}

/** Plain names of an assignment target (`a`, `a, b`, `[a, (b, c)]`, `*rest`); subscripts and attributes bind nothing. */
function targetNames(node: Node): string[] {
  if (node.type === 'identifier') return [node.text];
  if (
    ['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'list_splat_pattern', 'parenthesized_expression'].includes(node.type)
  )
    return node.namedChildren.flatMap((c) => (c ? targetNames(c) : []));
  return [];
}

interface Cut {
  statements: Statement[];
  title: string | null;
  phase: Phase;
}

interface Flow {
  parameters: string[];
  returns: string[];
}

/**
 * The data flow of a cut of the code into steps: a step returns the names it binds that a later
 * step reads before binding them itself (whatever steps lie between, unless one of them binds the
 * name), and takes the names it reads before binding them plus those it returns without surely
 * binding them (a conditional rebinding keeps the old value otherwise).
 */
function flowsOf(cuts: readonly Cut[], analysis: Analysis): Flow[] {
  const binds = cuts.map((c) => new Set(c.statements.flatMap((s) => [...s.defs])));
  const free: Array<Set<string>> = [];
  const definite: Array<Set<string>> = [];
  for (const cut of cuts) {
    const bound = new Set<string>();
    const reads = new Set<string>();
    for (const s of cut.statements) {
      for (const n of needs(s)) if (!bound.has(n)) reads.add(n);
      for (const n of definitelyBinds(s)) bound.add(n);
    }
    free.push(reads);
    definite.push(bound);
  }
  const flows: Flow[] = cuts.map(() => ({ parameters: [], returns: [] }));
  let live = new Set<string>();
  for (let k = cuts.length - 1; k >= 0; k--) {
    const returns = [...binds[k]!].filter((n) => live.has(n));
    const mustTake = [...free[k]!, ...returns.filter((n) => !definite[k]!.has(n))];
    flows[k] = { parameters: mustTake, returns };
    const next = new Set([...live].filter((n) => !definite[k]!.has(n)));
    for (const n of free[k]!) next.add(n);
    for (const n of returns) if (!definite[k]!.has(n)) next.add(n);
    live = next;
  }
  for (let k = 0; k < cuts.length; k++) {
    const boundBefore = new Set(binds.slice(0, k).flatMap((b) => [...b]));
    const flow = flows[k]!;
    flows[k] = {
      parameters: inOrder(
        flow.parameters.filter((n) => analysis.codeNames.has(n) && boundBefore.has(n)),
        cuts[k]!.statements,
      ),
      returns: inOrder(flow.returns, cuts[k]!.statements),
    };
  }
  return flows;
}

/** The most values a step should take or return. */
export const MAX_STEP_VALUES = 5;

function excess(flows: readonly Flow[]): number {
  return flows.reduce(
    (sum, f) => sum + Math.max(0, f.parameters.length - MAX_STEP_VALUES) + Math.max(0, f.returns.length - MAX_STEP_VALUES),
    0,
  );
}

function crossing(flows: readonly Flow[]): number {
  return flows.reduce((sum, f) => sum + f.parameters.length + f.returns.length, 0);
}

/** How many statements a new cut puts in another step than before (a new step's statements count as moved). */
function moved(before: readonly Cut[], after: readonly Cut[]): number {
  const stepOf = new Map<Statement, number>();
  before.forEach((c, k) => c.statements.forEach((s) => stepOf.set(s, k)));
  let count = 0;
  const seen = new Set<number>();
  for (const cut of after) {
    // The step a cut continues is the old step most of its statements come from; the others moved.
    const origins = new Map<number, number>();
    for (const s of cut.statements) origins.set(stepOf.get(s)!, (origins.get(stepOf.get(s)!) ?? 0) + 1);
    const [home, kept] = [...origins].filter(([k]) => !seen.has(k)).sort((a, b) => b[1] - a[1])[0] ?? [-1, 0];
    if (home >= 0) seen.add(home);
    count += cut.statements.length - kept;
  }
  return count;
}

function lexicographicLess(a: readonly number[], b: readonly number[]): boolean {
  const i = a.findIndex((v, j) => v !== b[j]);
  return i >= 0 && a[i]! < b[i]!;
}

function phaseOf(statements: readonly Statement[], fallback: Phase): Phase {
  return majorityPhase(statements) ?? fallback;
}

/**
 * Moves step boundaries so that fewer values cross them: while a step takes or returns more than
 * five values, tries every boundary between it and a neighbour (joins included) and every split
 * of it at a statement boundary, and keeps the cut that lowers the excess most (then: the one that
 * joins nothing, then the fewest values passed in all). Stops when nothing lowers it: a step that
 * no cut helps keeps its values.
 */
function rebalance(cuts: Cut[], analysis: Analysis): Cut[] {
  let current = cuts;
  let flows = flowsOf(current, analysis);
  for (let round = 0; round < 4 * cuts.length && excess(flows) > 0; round++) {
    const over = flows
      .map((f, k) => (f.parameters.length > MAX_STEP_VALUES || f.returns.length > MAX_STEP_VALUES ? k : -1))
      .filter((k) => k >= 0);
    let best: { cuts: Cut[]; flows: Flow[]; key: number[] } | null = null;
    const consider = (candidate: Cut[]): void => {
      if (candidate.some((c) => c.statements.length === 0)) return;
      if (
        impureReadsLater(
          candidate,
          candidate.map((c) => new Set(c.statements.flatMap((s) => [...s.defs]))),
        )
      )
        return;
      const f = flowsOf(candidate, analysis);
      const key = [excess(f), candidate.length < current.length ? 1 : 0, moved(current, candidate), crossing(f)];
      if (!best || lexicographicLess(key, best.key)) best = { cuts: candidate, flows: f, key };
    };
    for (const k of over) {
      // The boundary with each neighbour, anywhere in the two steps (at either end: a join).
      for (const j of [k - 1, k]) {
        if (j < 0 || j + 1 >= current.length) continue;
        const a = current[j]!;
        const b = current[j + 1]!;
        const both = [...a.statements, ...b.statements];
        for (let at = 0; at <= both.length; at++) {
          if (at === a.statements.length) continue;
          const left = both.slice(0, at);
          const right = both.slice(at);
          const replaced: Cut[] = [];
          if (left.length > 0)
            replaced.push({
              statements: left,
              title: a.title,
              phase: left.length >= a.statements.length ? a.phase : phaseOf(left, a.phase),
            });
          if (right.length > 0)
            replaced.push({
              statements: right,
              title: left.length === 0 ? a.title : right[0] === b.statements[0] ? b.title : null,
              phase: right.length >= b.statements.length ? b.phase : phaseOf(right, b.phase),
            });
          consider([...current.slice(0, j), ...replaced, ...current.slice(j + 2)]);
        }
      }
      // A split of the step itself.
      const step = current[k]!;
      for (let at = 1; at < step.statements.length; at++) {
        const left = step.statements.slice(0, at);
        const right = step.statements.slice(at);
        consider([
          ...current.slice(0, k),
          { statements: left, title: step.title, phase: phaseOf(left, step.phase) },
          { statements: right, title: null, phase: phaseOf(right, step.phase) },
          ...current.slice(k + 1),
        ]);
      }
    }
    const chosen = best as { cuts: Cut[]; flows: Flow[]; key: number[] } | null;
    if (!chosen || chosen.key[0]! >= excess(flows)) break;
    current = chosen.cuts;
    flows = chosen.flows;
  }
  return current;
}

/** Groups the code into steps and computes each step's parameters and return values. */
export function planSteps(model: ScriptModel, analysis: Analysis, taken: Set<string>): Step[] | Refusal {
  return planStepsWithSources(model, analysis, taken).steps;
}

/** planSteps, with how each step got its name. */
export function planStepsWithSources(
  model: ScriptModel,
  analysis: Analysis,
  taken: Set<string>,
): { steps: Step[] | Refusal; sources: NameSource[] } {
  const merged: Unit[] = [];
  for (const unit of units(model, analysis.code)) {
    const last = merged[merged.length - 1];
    // A titled section (a heading, `# %% Title`) stays a step of its own.
    if (last && last.phase === unit.phase && unit.title === null) last.statements.push(...unit.statements);
    else merged.push({ ...unit, statements: [...unit.statements] });
  }
  let cuts: Cut[] = merged.map((unit) => ({ statements: unit.statements, title: unit.title, phase: unit.phase! }));
  // A function kept in its step that reads a name a later step (re)binds: the steps from the one to the other become one.
  for (let late = lateRead(cuts); late; late = lateRead(cuts)) {
    const [k, j] = late;
    const statements = cuts.slice(k, j + 1).flatMap((c) => c.statements);
    cuts = [...cuts.slice(0, k), { statements, title: cuts[k]!.title, phase: phaseOf(statements, cuts[k]!.phase) }, ...cuts.slice(j + 1)];
  }
  const first = flowsOf(cuts, analysis);
  const balanced = excess(first) > 0 ? rebalance(cuts, analysis) : cuts;
  const flows = balanced === cuts ? first : flowsOf(balanced, analysis);
  const steps: Step[] = balanced.map((cut, k) => ({
    name: '',
    title: cut.title,
    phase: cut.phase,
    module: PHASE_MODULES[cut.phase],
    statements: cut.statements,
    parameters: flows[k]!.parameters,
    returns: flows[k]!.returns,
  }));
  const sources = nameSteps(model, steps, taken);
  return { steps, sources };
}

/** The first step holding a function that reads a name a later step (re)binds, and that later step. */
function lateRead(cuts: readonly Cut[]): [number, number] | null {
  const bindsIn = cuts.map((c) => new Set(c.statements.flatMap((s) => [...s.defs])));
  for (let k = 0; k < cuts.length; k++) {
    for (const s of cuts[k]!.statements) {
      if (s.kind !== 'function' && s.kind !== 'class') continue;
      for (let j = cuts.length - 1; j > k; j--) if ([...s.uses].some((u) => bindsIn[j]!.has(u))) return [k, j];
    }
  }
  return null;
}

/** A function kept in its step reads a name that a later step (re)binds: the closure would see the old value. */
function impureReadsLater(steps: ReadonlyArray<{ statements: Statement[] }>, bindsIn: ReadonlyArray<Set<string>>): Refusal | null {
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
