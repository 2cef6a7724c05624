/**
 * What the rules may know of the project plan (MLH501 compares imports with the decided rung),
 * and how to find the plan: `mlproject.yaml` in the checked file's folder or the nearest one
 * above it (the CLI); the workspace folder root (the editor).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readPlan } from './document';
import type { Decision, PlanProblem } from './types';
import { PLAN_FILE } from './types';

export interface PlanContext {
  /** Absolute path of the plan file. */
  readonly file: string;
  /** The decision on the simplest-solution path; null when the file has none or cannot be read. */
  readonly decision: Decision | null;
}

export interface LoadedPlanContext {
  context: PlanContext;
  /** Why the file could not be read (its decision is then ignored). */
  problems: PlanProblem[];
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The nearest `mlproject.yaml` in `fromDir` or above it, or null. */
export function findPlanFile(fromDir: string): string | null {
  let dir = resolve(fromDir);
  for (;;) {
    const candidate = join(dir, PLAN_FILE);
    if (isFile(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Reads a plan file for the rules. Never throws. */
export function loadPlanContext(file: string): LoadedPlanContext {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { context: { file, decision: null }, problems: [{ line: null, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})` }] };
  }
  const read = readPlan(text);
  return read.ok ? { context: { file, decision: read.plan.decision }, problems: [] } : { context: { file, decision: null }, problems: read.problems };
}

/** The plan context for `folder`'s own plan file (the editor's workspace folder), or null. */
export function planContextAt(folder: string): LoadedPlanContext | null {
  const file = join(folder, PLAN_FILE);
  return existsSync(file) ? loadPlanContext(file) : null;
}

/** The context of the nearest plan file at or above `dir`, or null. */
export function nearestPlanContext(dir: string): PlanContext | null {
  const file = findPlanFile(dir);
  return file === null ? null : loadPlanContext(file).context;
}

/**
 * The plan context of each checked file, by walking up from its folder; each plan file is read
 * once, and its problems are reported once (the CLI prints them as warnings).
 */
export class PlanContextResolver {
  private readonly byDirectory = new Map<string, PlanContext | null>();
  private readonly byFile = new Map<string, PlanContext>();

  constructor(private readonly report: (file: string, problems: PlanProblem[]) => void = () => {}) {}

  forFile(path: string): PlanContext | null {
    const dir = dirname(resolve(path));
    if (this.byDirectory.has(dir)) return this.byDirectory.get(dir)!;
    const file = findPlanFile(dir);
    let context: PlanContext | null = null;
    if (file !== null) {
      context = this.byFile.get(file) ?? null;
      if (!context) {
        const loaded = loadPlanContext(file);
        if (loaded.problems.length > 0) this.report(file, loaded.problems);
        context = loaded.context;
        this.byFile.set(file, context);
      }
    }
    this.byDirectory.set(dir, context);
    return context;
  }
}
