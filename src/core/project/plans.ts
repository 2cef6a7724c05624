/**
 * The project plan of an analyzed file, for the rules (MLH501 compares imports with the decided
 * rung), and how to find it: `mlproject.yaml` in the checked file's folder or the nearest one
 * above it (the CLI); the workspace folder root (the editor, its live diagnostics and sidebar).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isFile } from '../files/isFile';
import { readPlan } from '../plan/document';
import type { Decision, PlanProblem, PlanRead } from '../plan/types';
import { PLAN_FILE } from '../plan/types';

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
    return {
      context: { file, decision: null },
      problems: [{ line: null, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})` }],
    };
  }
  return planContextOf(file, readPlan(text));
}

/** The context of a plan file as read (the sidebar reads and writes the file itself); a plan with problems has no decision. */
export function planContextOf(file: string, read: PlanRead): LoadedPlanContext {
  return read.ok
    ? { context: { file, decision: read.plan.decision }, problems: [] }
    : { context: { file, decision: null }, problems: read.problems };
}

/**
 * The plan context of each analyzed file: the nearest plan file at or above its folder (the CLI),
 * or the plan file at the root of a given folder (the editor's workspace folder). Each plan file
 * is read once (until `clear`), and its problems are reported once (the CLI prints them as
 * warnings).
 */
export class PlanContextResolver {
  private readonly byDirectory = new Map<string, PlanContext | null>();
  private readonly byFile = new Map<string, PlanContext | null>();

  constructor(private readonly report: (file: string, problems: PlanProblem[]) => void = () => {}) {}

  /** The plan of the nearest plan file at or above the file's folder, or null. */
  forFile(path: string): PlanContext | null {
    return this.nearestResolved(dirname(resolve(path)));
  }

  /** The plan of the nearest plan file at or above `dir`, or null. */
  nearest(dir: string): PlanContext | null {
    return this.nearestResolved(resolve(dir));
  }

  private nearestResolved(start: string): PlanContext | null {
    const known = this.byDirectory.get(start);
    if (known !== undefined || this.byDirectory.has(start)) return known ?? null;
    // findPlanFile's walk, one folder at a time, so that sibling folders share their parent's answer.
    const own = join(start, PLAN_FILE);
    const parent = dirname(start);
    const context = isFile(own) ? this.load(own) : parent === start ? null : this.nearestResolved(parent);
    this.byDirectory.set(start, context);
    return context;
  }

  /** The plan of `folder`'s own plan file, or null when it has none. */
  atFolder(folder: string): PlanContext | null {
    return this.load(join(folder, PLAN_FILE));
  }

  /** What a plan file says now (null: it is gone), as read or written elsewhere (the editor's sidebar). */
  set(file: string, context: PlanContext | null): void {
    this.byFile.set(file, context);
    this.byDirectory.clear();
  }

  /** Forgets what was read (a plan file changed). */
  clear(): void {
    this.byDirectory.clear();
    this.byFile.clear();
  }

  private load(file: string): PlanContext | null {
    if (this.byFile.has(file)) return this.byFile.get(file)!;
    let context: PlanContext | null = null;
    if (isFile(file)) {
      const loaded = loadPlanContext(file);
      if (loaded.problems.length > 0) this.report(file, loaded.problems);
      context = loaded.context;
    }
    this.byFile.set(file, context);
    return context;
  }
}
