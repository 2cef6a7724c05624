/**
 * The editor's analysis pool: Scan Workspace and the sidebar's hygiene index analyze their files
 * in worker threads (dist/worker.js), off the extension host's thread, one pool for both. It
 * leaves a core to the editor, starts its workers on the first scan and stops them after a
 * minute without work. Live diagnostics of open documents stay in the host (they are incremental).
 */
import { availableParallelism } from 'node:os';
import type * as vscode from 'vscode';
import { AnalysisPool } from '../core/project/pool';

const IDLE_MS = 60_000;

let shared: AnalysisPool | undefined;
let unavailable = false;

/** The shared pool; undefined (analyze in the host) when the worker cannot be found, which is logged once. */
export function editorPool(log?: vscode.LogOutputChannel): AnalysisPool | undefined {
  if (shared || unavailable) return shared;
  try {
    shared = new AnalysisPool({ size: Math.max(1, availableParallelism() - 1), idleMs: IDLE_MS });
  } catch (error) {
    unavailable = true;
    log?.error('cannot start the analysis workers: files are analyzed in the extension host', error);
  }
  return shared;
}

/** Stops the workers when the extension deactivates. */
export function editorPoolDisposable(): vscode.Disposable {
  return {
    dispose: () => {
      void shared?.close();
      shared = undefined;
    },
  };
}
