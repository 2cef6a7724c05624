import type { ProgramSource } from '../parse/source';
import type { Position, Range, TextEdit } from '../types';

/**
 * What a refactor produces: plain data that the editor turns into one WorkspaceEdit (one undo)
 * and the CLI writes atomically. Every change carries the precondition it was computed under:
 * the script's text, the old content of a file it rewrites, or "must not exist" for a new file.
 */

/** Edits on the analyzed script, in program coordinates (for a notebook: its code cells joined). */
export interface ScriptChange {
  kind: 'script';
  path: string;
  source: ProgramSource;
  edits: TextEdit[];
}

/** A new file; applying fails if the file exists by then. */
export interface FileCreation {
  kind: 'create';
  path: string;
  text: string;
}

/** A whole-file rewrite (the params file after a merge); applying fails if the file changed since. */
export interface FileRewrite {
  kind: 'rewrite';
  path: string;
  expected: string;
  text: string;
}

export type FileChange = ScriptChange | FileCreation | FileRewrite;

export interface WorkspaceChange {
  /** Shown as the action's title and in the refactor preview. */
  title: string;
  changes: FileChange[];
  /** Where to put the cursor afterwards (program coordinates), e.g. on a new function's name to rename it. */
  focus?: Position;
  /**
   * The change moves statements (fit-on-training-rows puts a fit after the split): the editor shows
   * it in the refactor preview first, as it does a change that creates files.
   */
  movesStatements?: boolean;
  /** The created file a reviewer reads first (a package's `pipeline.py`): the preview shows it first. */
  readFirst?: string;
}

/** Why a finding or a selection was not refactored: every refusal says why, and where. */
export interface Refusal {
  /** Program range the refusal is about. */
  range: Range;
  /** The rule code of the finding, or null for a selection. */
  code: string | null;
  reason: string;
}

/** What one entry of the params file became, for reports (`model.svc.C = 1.0`). */
export interface MovedValue {
  key: string;
  value: string;
  /** Program line (0-based) of the literal. */
  line: number;
  /** `new` entry, `shared` with another value of this change, or an `existing` entry of the params file with this very value. */
  entry: 'new' | 'shared' | 'existing';
}

export interface RefactorResult {
  /** null when there is nothing to change. */
  change: WorkspaceChange | null;
  refused: Refusal[];
  moved: MovedValue[];
}

/** A refactor that cannot run at all (bad params file, no place for the loader): nothing is changed. */
export class RefactorError extends Error {}

export function createsFiles(change: WorkspaceChange): boolean {
  return change.changes.some((c) => c.kind === 'create');
}

/** A change to review before it lands: it creates files or moves statements. */
export function reviewFirst(change: WorkspaceChange): boolean {
  return createsFiles(change) || change.movesStatements === true;
}

export function refusal(range: Range, code: string | null, reason: string): Refusal {
  return { range, code, reason };
}
