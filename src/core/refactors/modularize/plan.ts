import type { ScriptModel, Statement } from '../../semantic';
import { keyName } from '../../params';
import type { Phase } from '../../types';
import type { Refusal } from '../change';
import { refusal } from '../change';
import { PHASE_FUNCTION_NAMES } from '../extractFunction';
import { freshName, PYTHON_KEYWORDS } from '../nodes';
import type { Node } from '../../parse/syntax';
import { actionNames, GENERIC_NAMES, plainNames } from '../stepNames';
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
      if (action.verb === null) for (const name of plainNames(model, step.statements)) candidates.push([name, 'action']);
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
function flowsOf(cuts: readonly Cut[], analysis: Analysis, summaries: CutSummaries = new Map(), ordered = true): Flow[] {
  const facts = cuts.map((cut) => summaryOf(cut, summaries));
  const flows: Flow[] = cuts.map(() => ({ parameters: [], returns: [] }));
  const live = new Set<string>();
  for (let k = cuts.length - 1; k >= 0; k--) {
    const { binds, free, definite } = facts[k]!;
    const returns = [...binds].filter((n) => live.has(n));
    const mustTake = [...free, ...returns.filter((n) => !definite.has(n))];
    flows[k] = { parameters: mustTake, returns };
    // Live before this step: live after it, less what it surely binds, plus what it reads first or may keep.
    for (const n of definite) live.delete(n);
    for (const n of mustTake) live.add(n);
  }
  const boundBefore = new Set<string>();
  for (let k = 0; k < cuts.length; k++) {
    const flow = flows[k]!;
    const parameters = [...new Set(flow.parameters.filter((n) => analysis.codeNames.has(n) && boundBefore.has(n)))];
    flows[k] = ordered
      ? { parameters: inOrder(parameters, cuts[k]!.statements), returns: inOrder(flow.returns, cuts[k]!.statements) }
      : { parameters, returns: flow.returns };
    for (const n of facts[k]!.binds) boundBefore.add(n);
  }
  return flows;
}

/** What one cut binds, reads before binding and binds for certain; the same cut recurs across the candidates of rebalance. */
interface CutSummary {
  binds: Set<string>;
  free: Set<string>;
  definite: Set<string>;
}

type CutSummaries = Map<string, CutSummary>;

function summaryOf(cut: Cut, summaries: CutSummaries): CutSummary {
  const first = cut.statements[0];
  const last = cut.statements[cut.statements.length - 1];
  const key = `${first?.index ?? -1}:${last?.index ?? -1}:${cut.statements.length}`;
  let summary = summaries.get(key);
  if (!summary) {
    const binds = new Set(cut.statements.flatMap((s) => [...s.defs]));
    const definite = new Set<string>();
    const free = new Set<string>();
    for (const s of cut.statements) {
      for (const n of needs(s)) if (!definite.has(n)) free.add(n);
      for (const n of definitelyBinds(s)) definite.add(n);
    }
    summary = { binds, free, definite };
    summaries.set(key, summary);
  }
  return summary;
}

/** The most values a step should take or return. */
export const MAX_STEP_VALUES = 5;

function excess(flows: readonly Flow[]): number {
  return flows.reduce(
    (sum, f) => sum + Math.max(0, f.parameters.length - MAX_STEP_VALUES) + Math.max(0, f.returns.length - MAX_STEP_VALUES),
    0,
  );
}

/**
 * How many statements a new cut puts in another step than before (`stepOf`: each statement's step
 * before; a new step's statements count as moved). For a window cut anew, the window's cuts alone:
 * the steps around it keep their own statements.
 */
function moved(stepOf: ReadonlyMap<Statement, number>, after: readonly Cut[]): number {
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
  // Only the numbers of values matter here: cut summaries are shared by every candidate, and a
  // candidate (the current cut with one window of steps cut anew) is costed on its window alone.
  const summaries: CutSummaries = new Map();
  let current = cuts;
  let flows = flowsOf(current, analysis, summaries, false);
  for (let round = 0; round < 4 * cuts.length && excess(flows) > 0; round++) {
    const over = flows
      .map((f, k) => (f.parameters.length > MAX_STEP_VALUES || f.returns.length > MAX_STEP_VALUES ? k : -1))
      .filter((k) => k >= 0);
    const shape = flowShape(current, analysis, summaries);
    const stepOfCurrent = new Map<Statement, number>();
    current.forEach((c, k) => c.statements.forEach((st) => stepOfCurrent.set(st, k)));
    let best: { lo: number; hi: number; replaced: Cut[]; key: number[] } | null = null;
    const consider = (lo: number, hi: number, replaced: Cut[]): void => {
      if (replaced.some((c) => c.statements.length === 0)) return;
      // The current cut reads nothing late, and the window holds the same statements: only a function
      // of the window reading what a later step of the window binds can read late.
      const binds = replaced.map((c) => summaryOf(c, summaries).binds);
      if (impureReadsLater(replaced, binds)) return;
      const counts = windowCounts(shape, current, lo, hi, replaced, analysis, summaries);
      const key = [counts.excess, replaced.length < hi - lo ? 1 : 0, moved(stepOfCurrent, replaced), counts.crossing];
      if (!best || lexicographicLess(key, best.key)) best = { lo, hi, replaced, key };
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
          consider(j, j + 2, replaced);
        }
      }
      // A split of the step itself.
      const step = current[k]!;
      for (let at = 1; at < step.statements.length; at++) {
        const left = step.statements.slice(0, at);
        const right = step.statements.slice(at);
        consider(k, k + 1, [
          { statements: left, title: step.title, phase: phaseOf(left, step.phase) },
          { statements: right, title: null, phase: phaseOf(right, step.phase) },
        ]);
      }
    }
    const chosen = best as { lo: number; hi: number; replaced: Cut[]; key: number[] } | null;
    if (!chosen || chosen.key[0]! >= excess(flows)) break;
    current = [...current.slice(0, chosen.lo), ...chosen.replaced, ...current.slice(chosen.hi)];
    flows = flowsOf(current, analysis, summaries, false);
  }
  return current;
}

/** A cut's flow in numbers, and what the backward pass of `flowsOf` knows at each boundary. */
interface FlowShape {
  parameters: number[];
  returns: number[];
  /** Names live before cut k (read later before being surely bound); `liveBefore[n]` is empty. */
  liveBefore: Array<Set<string>>;
  /** The first cut that binds each name: a name is bound before cut k when its first cut is below k. */
  firstBound: Map<string, number>;
  /** `excess` and `crossing` of the cuts before cut k (k = 0..n). */
  excessBefore: number[];
  crossingBefore: number[];
}

function excessOf(parameters: number, returns: number): number {
  return Math.max(0, parameters - MAX_STEP_VALUES) + Math.max(0, returns - MAX_STEP_VALUES);
}

/** A set of names seen as changes over a base set that is never written (a candidate's live names over the current cut's). */
class Overlay {
  private readonly added = new Set<string>();
  private readonly deleted = new Set<string>();

  constructor(private readonly base: ReadonlySet<string>) {}

  has(name: string): boolean {
    return this.added.has(name) || (!this.deleted.has(name) && this.base.has(name));
  }

  add(name: string): void {
    this.deleted.delete(name);
    if (!this.base.has(name)) this.added.add(name);
  }

  delete(name: string): void {
    this.added.delete(name);
    if (this.base.has(name)) this.deleted.add(name);
  }

  /** The same names as `other`. */
  equals(other: ReadonlySet<string>): boolean {
    if (this.base.size - this.deleted.size + this.added.size !== other.size) return false;
    for (const name of this.added) if (!other.has(name)) return false;
    for (const name of this.base) if (!this.deleted.has(name) && !other.has(name)) return false;
    return true;
  }
}

/** Whether a name is bound by a cut before cut k. */
function boundBefore(firstBound: ReadonlyMap<string, number>, k: number): (name: string) => boolean {
  return (name) => (firstBound.get(name) ?? Number.MAX_SAFE_INTEGER) < k;
}

interface NameSet {
  has(name: string): boolean;
  add(name: string): void;
  delete(name: string): void;
}

/** One cut's backward step of `flowsOf`, in numbers: updates `live` in place. */
function stepBack(
  summary: CutSummary,
  live: NameSet,
  boundBefore: (name: string) => boolean,
  analysis: Analysis,
): { parameters: number; returns: number } {
  const { binds, free, definite } = summary;
  const returns = [...binds].filter((n) => live.has(n));
  const mustTake = [...free, ...returns.filter((n) => !definite.has(n))];
  const parameters = new Set(mustTake.filter((n) => analysis.codeNames.has(n) && boundBefore(n))).size;
  for (const n of definite) live.delete(n);
  for (const n of mustTake) live.add(n);
  return { parameters, returns: returns.length };
}

function flowShape(cuts: readonly Cut[], analysis: Analysis, summaries: CutSummaries): FlowShape {
  const firstBound = new Map<string, number>();
  cuts.forEach((cut, k) => {
    for (const n of summaryOf(cut, summaries).binds) if (!firstBound.has(n)) firstBound.set(n, k);
  });
  const shape: FlowShape = { parameters: [], returns: [], liveBefore: [], firstBound, excessBefore: [0], crossingBefore: [0] };
  shape.liveBefore[cuts.length] = new Set();
  const live = new Set<string>();
  for (let k = cuts.length - 1; k >= 0; k--) {
    const counts = stepBack(summaryOf(cuts[k]!, summaries), live, boundBefore(firstBound, k), analysis);
    shape.parameters[k] = counts.parameters;
    shape.returns[k] = counts.returns;
    shape.liveBefore[k] = new Set(live);
  }
  cuts.forEach((_, k) => {
    shape.excessBefore[k + 1] = shape.excessBefore[k]! + excessOf(shape.parameters[k]!, shape.returns[k]!);
    shape.crossingBefore[k + 1] = shape.crossingBefore[k]! + shape.parameters[k]! + shape.returns[k]!;
  });
  return shape;
}

/**
 * `excess` and `crossing` of the current cut with cuts lo..hi-1 replaced by `replaced` (the same
 * statements cut otherwise), as `flowsOf` would count them: the steps after the window keep their
 * flow (what is live after the window and bound before each of them is unchanged); the steps before
 * it are counted again back to the first boundary where what is live agrees with the current cut,
 * and keep their flow from there on.
 */
function windowCounts(
  shape: FlowShape,
  cuts: readonly Cut[],
  lo: number,
  hi: number,
  replaced: readonly Cut[],
  analysis: Analysis,
  summaries: CutSummaries,
): { excess: number; crossing: number } {
  let excessSum = 0;
  let crossingSum = 0;
  const add = (parameters: number, returns: number): void => {
    excessSum += excessOf(parameters, returns);
    crossingSum += parameters + returns;
  };
  const n = cuts.length;
  excessSum += shape.excessBefore[n]! - shape.excessBefore[hi]!;
  crossingSum += shape.crossingBefore[n]! - shape.crossingBefore[hi]!;
  const live = new Overlay(shape.liveBefore[hi]!);
  // Bound before the i-th replaced cut: before the window, or by the replaced cuts before it.
  const prefix = boundBefore(shape.firstBound, lo);
  const binds = replaced.map((cut) => summaryOf(cut, summaries).binds);
  for (let i = replaced.length - 1; i >= 0; i--) {
    const earlier = binds.slice(0, i);
    const counts = stepBack(summaryOf(replaced[i]!, summaries), live, (n) => prefix(n) || earlier.some((b) => b.has(n)), analysis);
    add(counts.parameters, counts.returns);
  }
  // Before the window, the backward pass is the current one again as soon as what is live agrees.
  let k = lo;
  while (k > 0 && !live.equals(shape.liveBefore[k]!)) {
    k -= 1;
    const counts = stepBack(summaryOf(cuts[k]!, summaries), live, boundBefore(shape.firstBound, k), analysis);
    add(counts.parameters, counts.returns);
  }
  excessSum += shape.excessBefore[k]!;
  crossingSum += shape.crossingBefore[k]!;
  return { excess: excessSum, crossing: crossingSum };
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
