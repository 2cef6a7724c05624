/**
 * The messages between the extension host and the sidebar webview, declared once. The view says
 * `ready`; the host answers with a full `state` snapshot and sends a new one whenever anything
 * changes. The host owns the data; the view sends intents and keeps only UI state (which sections
 * are open, where the decision walk is) through the webview API's getState/setState.
 *
 * Types only: the browser bundle imports nothing else from the host side.
 */
import type { PhaseId, RungId } from '../core/plan/catalog';
import type { PlanStatus } from '../core/plan/status';
import type { PlanProblem } from '../core/plan/types';

export type SectionId = 'phases' | 'decision' | 'overview';

export interface FolderView {
  /** The workspace folder's URI (the key of every per-folder message). */
  id: string;
  name: string;
}

export interface RungView {
  id: RungId;
  step: number;
  title: string;
  question: string;
  meaning: string;
}

export interface PlanView {
  /** The plan file as shown to people (`mlproject.yaml`). */
  file: string;
  exists: boolean;
  /** Why the file cannot be read: the view is read-only until it is fixed. */
  problems: PlanProblem[];
  readOnly: boolean;
  /** What the next write upgrades from an older format. */
  migrations: string[];
  status: PlanStatus;
}

export interface OverviewFile {
  /** POSIX path relative to the folder. */
  path: string;
  kind: 'python' | 'notebook';
  score: number | null;
  isMonolith: boolean;
  findings: number;
}

export interface OverviewView {
  /** The first analysis of the folder has not finished. */
  indexing: boolean;
  /** A workspace scan started from the view is running. */
  scanning: boolean;
  /** Ranked by monolith score, then by findings. */
  files: OverviewFile[];
}

export interface ViewState {
  folders: FolderView[];
  /** The folder shown; null when no folder is open. */
  folder: string | null;
  plan: PlanView | null;
  rungs: RungView[];
  overview: OverviewView;
  /** Whether the command `mlHygiene.modularize` exists (the per-file button shows only then). */
  canModularize: boolean;
}

export type HostMessage =
  | { type: 'state'; state: ViewState }
  /** Open a section and move the keyboard focus to it (e.g. from the MLH501 code action). */
  | { type: 'reveal'; section: SectionId };

export type ViewMessage =
  | { type: 'ready'; folder: string | null }
  | { type: 'selectFolder'; folder: string }
  | { type: 'setItemDone'; folder: string; item: string; done: boolean }
  | { type: 'setItemNote'; folder: string; item: string; note: string }
  | { type: 'setItemDocument'; folder: string; item: string; document: string }
  | { type: 'setCurrent'; folder: string; phase: PhaseId }
  | { type: 'setDecision'; folder: string; rung: RungId; rationale: string }
  | { type: 'openFile'; folder: string; path: string; line: number | null }
  | { type: 'openPlanFile'; folder: string; line: number | null }
  | { type: 'scanWorkspace' }
  | { type: 'modularize'; folder: string; path: string }
  /** The pipeline graph of a file of the overview (the command `mlHygiene.showPipelineGraph`). */
  | { type: 'showGraph'; folder: string; path: string };

export const VIEW_MESSAGE_TYPES: readonly ViewMessage['type'][] = [
  'ready',
  'selectFolder',
  'setItemDone',
  'setItemNote',
  'setItemDocument',
  'setCurrent',
  'setDecision',
  'openFile',
  'openPlanFile',
  'scanWorkspace',
  'modularize',
  'showGraph',
];

/** The view's own state, kept by the webview API across hide/show and reloads. */
export interface UiState {
  collapsed: SectionId[];
  /** Phases whose checklist is open; null: the default (the current phase). */
  openPhases: PhaseId[] | null;
  /** Items whose details (why, note, evidence) are open. */
  openItems: string[];
  walk: WalkState | null;
  folder: string | null;
}

/** Where the user is on the decision walk. */
export interface WalkState {
  /** 0-based rung the walk is at. */
  at: number;
  /** Set once the user stops at `at`: the rationale being written. */
  stopped: boolean;
  rationale: string;
}
