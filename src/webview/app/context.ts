/// <reference lib="dom" />
import type { PhaseId } from '../../core/plan/catalog';
import type { PhaseStatus } from '../../core/plan/status';
import type { SectionId, UiState, ViewMessage, ViewState, WalkState } from '../protocol';

/** What a section's render function gets: the host's snapshot, the UI state, and the ways to act. */
export interface ViewContext {
  readonly state: ViewState;
  readonly ui: UiState;
  /** Sends an intent to the host. */
  post(message: ViewMessage): void;
  /** Changes the UI state (kept with setState) and renders again, unless `render` is false. */
  updateUi(change: (ui: UiState) => UiState, render?: boolean): void;
  /** Text typed into a field and not sent yet, by field key; survives re-renders. */
  draft(key: string): string | undefined;
  setDraft(key: string, value: string | undefined): void;
  /** Moves the keyboard focus to the element with this `data-key` after the next render. */
  focusAfterRender(key: string): void;
}

export function defaultUi(): UiState {
  return { collapsed: [], openPhases: null, openItems: [], walk: null, folder: null };
}

/** Accepts what getState returned, whatever an older version of the view stored. */
export function restoreUi(saved: unknown): UiState {
  const ui = defaultUi();
  if (typeof saved !== 'object' || saved === null) return ui;
  const value = saved as Partial<UiState>;
  const strings = (list: unknown): string[] => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
  ui.collapsed = strings(value.collapsed).filter((id): id is SectionId => id === 'phases' || id === 'decision' || id === 'overview');
  ui.openPhases = Array.isArray(value.openPhases) ? (strings(value.openPhases) as PhaseId[]) : null;
  ui.openItems = strings(value.openItems);
  ui.folder = typeof value.folder === 'string' ? value.folder : null;
  const walk = value.walk as Partial<WalkState> | null | undefined;
  if (walk && typeof walk.at === 'number' && walk.at >= 0 && walk.at < 6) {
    ui.walk = {
      at: Math.floor(walk.at),
      stopped: walk.stopped === true,
      rationale: typeof walk.rationale === 'string' ? walk.rationale : '',
    };
  }
  return ui;
}

/** The phases whose checklist is open: as the user left them, else the current phase. */
export function openPhases(ui: UiState, phases: readonly PhaseStatus[]): PhaseId[] {
  if (ui.openPhases !== null) return ui.openPhases;
  const current = phases.find((phase) => phase.current) ?? phases.find((phase) => phase.done < phase.total);
  return current ? [current.id] : [];
}

export function toggled<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((x) => x !== value) : [...list, value];
}
