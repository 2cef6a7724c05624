/**
 * The view's state snapshot, built from what the host knows about a folder: the plan file as
 * read, the last plan that read cleanly (shown read-only while the file is broken), the
 * workspace facts and the analysis index. Pure: no editor API, so tests build real snapshots.
 */
import { RUNGS } from '../../core/plan/catalog';
import type { FileHygiene, FolderFacts } from '../../core/plan/evidence';
import { planStatus } from '../../core/plan/status';
import type { PlanData, PlanRead } from '../../core/plan/types';
import { emptyPlan, PLAN_FILE } from '../../core/plan/types';
import type { FolderView, OverviewFile, PlanView, RungView, ViewState } from '../protocol';

/** The plan file of a folder as the host last read it. */
export type PlanFileState = { exists: false } | { exists: true; read: PlanRead };

export interface SnapshotInput {
  folders: FolderView[];
  folder: string | null;
  file: PlanFileState;
  /** The last plan that read cleanly, shown (read-only) while the file has problems. */
  lastGood: PlanData | null;
  facts: FolderFacts;
  indexing: boolean;
  scanning: boolean;
  canModularize: boolean;
}

export function rungViews(): RungView[] {
  return RUNGS.map((rung) => ({ id: rung.id, step: rung.step, title: rung.title, question: rung.question, meaning: rung.meaning }));
}

/** Worst first: monolith score, then findings, then path. */
export function rankFiles(files: readonly FileHygiene[]): OverviewFile[] {
  return [...files]
    .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || b.findings - a.findings || a.path.localeCompare(b.path))
    .map((file) => ({ path: file.path, kind: file.kind, score: file.score, isMonolith: file.isMonolith, findings: file.findings }));
}

export function planView(file: PlanFileState, lastGood: PlanData | null, facts: FolderFacts): PlanView {
  if (!file.exists) {
    return { file: PLAN_FILE, exists: false, problems: [], readOnly: false, migrations: [], status: planStatus(emptyPlan(), facts) };
  }
  const { read } = file;
  if (!read.ok) {
    return {
      file: PLAN_FILE,
      exists: true,
      problems: read.problems,
      readOnly: true,
      migrations: [],
      status: planStatus(lastGood ?? emptyPlan(), facts),
    };
  }
  return {
    file: PLAN_FILE,
    exists: true,
    problems: [],
    readOnly: false,
    migrations: read.migrations,
    status: planStatus(read.plan, facts),
  };
}

export function buildViewState(input: SnapshotInput): ViewState {
  return {
    folders: input.folders,
    folder: input.folder,
    plan: input.folder === null ? null : planView(input.file, input.lastGood, input.facts),
    rungs: rungViews(),
    overview: { indexing: input.indexing, scanning: input.scanning, files: rankFiles(input.facts.files) },
    canModularize: input.canModularize,
  };
}
