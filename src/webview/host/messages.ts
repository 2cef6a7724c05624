/**
 * Checks what the webview posts before the host acts on it: the type, and every field's shape
 * (known folders, checklist items, rungs and phases; bounded text). Anything else is dropped.
 */
import { isPhaseId, isRungId, itemDefinition } from '../../core/plan/catalog';
import type { ViewMessage } from '../protocol';

const MAX_TEXT = 2000;

type Raw = Record<string, unknown>;

function text(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_TEXT;
}

function line(value: unknown): value is number | null {
  return value === null || (typeof value === 'number' && Number.isInteger(value) && value >= 1);
}

/** `folders`: the ids (URIs) of the workspace folders the view may name. */
export function parseViewMessage(raw: unknown, folders: ReadonlySet<string>): ViewMessage | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Raw;
  const folder = (): boolean => typeof m['folder'] === 'string' && folders.has(m['folder']);
  const item = (): boolean => typeof m['item'] === 'string' && itemDefinition(m['item']) !== undefined;
  switch (m['type']) {
    case 'ready':
      return { type: 'ready', folder: typeof m['folder'] === 'string' && folders.has(m['folder']) ? m['folder'] : null };
    case 'selectFolder':
      return folder() ? { type: 'selectFolder', folder: m['folder'] as string } : null;
    case 'setItemDone':
      return folder() && item() && typeof m['done'] === 'boolean'
        ? { type: 'setItemDone', folder: m['folder'] as string, item: m['item'] as string, done: m['done'] }
        : null;
    case 'setItemNote':
      return folder() && item() && text(m['note'])
        ? { type: 'setItemNote', folder: m['folder'] as string, item: m['item'] as string, note: m['note'] }
        : null;
    case 'setItemDocument':
      return folder() && item() && text(m['document'])
        ? { type: 'setItemDocument', folder: m['folder'] as string, item: m['item'] as string, document: m['document'] }
        : null;
    case 'setCurrent':
      return folder() && isPhaseId(m['phase']) ? { type: 'setCurrent', folder: m['folder'] as string, phase: m['phase'] } : null;
    case 'setDecision':
      return folder() && isRungId(m['rung']) && text(m['rationale'])
        ? { type: 'setDecision', folder: m['folder'] as string, rung: m['rung'], rationale: m['rationale'] }
        : null;
    case 'openFile':
      return folder() && text(m['path']) && line(m['line'])
        ? { type: 'openFile', folder: m['folder'] as string, path: m['path'], line: m['line'] }
        : null;
    case 'openPlanFile':
      return folder() && line(m['line']) ? { type: 'openPlanFile', folder: m['folder'] as string, line: m['line'] } : null;
    case 'scanWorkspace':
      return { type: 'scanWorkspace' };
    case 'modularize':
      return folder() && text(m['path']) ? { type: 'modularize', folder: m['folder'] as string, path: m['path'] } : null;
    case 'showGraph':
      return folder() && text(m['path']) ? { type: 'showGraph', folder: m['folder'] as string, path: m['path'] } : null;
    default:
      return null;
  }
}
