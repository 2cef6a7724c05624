import type { PhaseId, RungId } from './catalog';

/** The plan file's name, at the root of the project (the workspace folder in the editor). */
export const PLAN_FILE = 'mlproject.yaml';

/** The format version this code reads and writes. */
export const PLAN_VERSION = 1;

/** What the file records about one checklist item. */
export interface ItemState {
  done: boolean;
  note: string;
  /** A document that backs the item, relative to the plan file (e.g. an A/B test plan). */
  document: string | null;
}

export interface Decision {
  rung: RungId;
  rationale: string;
  /** YYYY-MM-DD, or null when the file does not say. */
  decidedOn: string | null;
}

/** The plan as read from `mlproject.yaml`: only what the file says (defaults for the rest). */
export interface PlanData {
  current: PhaseId | null;
  decision: Decision | null;
  /** By full item id (`development.tests`); items the file does not mention are absent. */
  items: ReadonlyMap<string, ItemState>;
}

/** A problem in the plan file; `line` is 1-based, null when it is not tied to a place. */
export interface PlanProblem {
  line: number | null;
  message: string;
}

export type PlanRead =
  | {
      ok: true;
      plan: PlanData;
      /** What the next write will upgrade from an older format (empty when current). */
      migrations: string[];
    }
  | { ok: false; problems: PlanProblem[] };

export function emptyPlan(): PlanData {
  return { current: null, decision: null, items: new Map() };
}

/** `mlproject.yaml:12: message`, the shape compilers use; `file` is the path to show. */
export function formatPlanProblem(file: string, problem: PlanProblem): string {
  return problem.line === null ? `${file}: ${problem.message}` : `${file}:${problem.line}: ${problem.message}`;
}
