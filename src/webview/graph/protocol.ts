/**
 * The messages between the extension host and the pipeline-graph webview, declared once. The view
 * says `ready`; the host answers with a `graph` and sends a new one whenever the file changes or
 * another file becomes active, each with a version number that grows. The view lays the graph
 * out, draws it and answers every redraw with `rendered` (how long it took), so the host and the
 * tests can time an edit to a redrawn graph. The view sends intents (`reveal` a node's code, or
 * `revealLine` of a parse error); it keeps only UI state (zoom and pan per file, which node kinds
 * are shown) through the webview API's getState/setState.
 *
 * The browser bundle imports this file for its types; the host imports the validators below, which
 * are pure.
 */
import type { PipelineGraph } from '../../core/graph/types';

export type GraphHostMessage =
  /**
   * A new graph, for the same file or another one. `version` grows with each message; the view
   * echoes it in `rendered`. The view keeps its zoom and pan when `graph.path` is the one shown,
   * and fits the graph (or restores the view last used for that path) when it changes.
   */
  | { type: 'graph'; graph: PipelineGraph; version: number }
  /** Select a node (the step under the editor's cursor) and bring it into view; null clears it. */
  | { type: 'focus'; nodeId: string | null };

export type GraphViewMessage =
  /** The page has loaded and listens: send the current graph. */
  | { type: 'ready' }
  /** Click, Enter or Space on a node: move the editor to its code (`node.line`, `node.cell`, `node.source`). */
  | { type: 'reveal'; nodeId: string }
  /** The "Go to line" button of a parse-error banner (1-based, relative to its cell in a notebook). */
  | { type: 'revealLine'; line: number; cell: number | null }
  /** Sent after each redraw, for the graph of `version`: `ms` from the message's arrival to a drawn page. */
  | { type: 'rendered'; version: number; ms: number };

export const GRAPH_VIEW_MESSAGE_TYPES: readonly GraphViewMessage['type'][] = ['ready', 'reveal', 'revealLine', 'rendered'];

export const GRAPH_HOST_MESSAGE_TYPES: readonly GraphHostMessage['type'][] = ['graph', 'focus'];

/** Where the user left the drawing of one file: the translation (px) and the scale. */
export interface GraphViewport {
  x: number;
  y: number;
  k: number;
}

/** The view's own state, kept by the webview API across hide/show and reloads. */
export interface GraphUiState {
  showFiles: boolean;
  showParams: boolean;
  /** By graph path, most recently used last (at most `MAX_VIEWPORTS`). */
  viewports: Array<{ path: string; viewport: GraphViewport }>;
}

export const MAX_VIEWPORTS = 20;

type Raw = Record<string, unknown>;

const MAX_ID = 2000;

function positiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/**
 * Checks what the graph view posts before the host acts on it: the type and every field's shape.
 * `nodeIds`: the ids of the graph last posted to the view; a `reveal` of any other id is dropped
 * (the view may still show an older graph for a moment: the host then does nothing, which is right).
 */
export function parseGraphViewMessage(raw: unknown, nodeIds: ReadonlySet<string>): GraphViewMessage | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Raw;
  switch (m['type']) {
    case 'ready':
      return { type: 'ready' };
    case 'reveal': {
      const id = m['nodeId'];
      return typeof id === 'string' && id.length <= MAX_ID && nodeIds.has(id) ? { type: 'reveal', nodeId: id } : null;
    }
    case 'revealLine': {
      const line = m['line'];
      const cell = m['cell'];
      return positiveInt(line) && (cell === null || positiveInt(cell)) ? { type: 'revealLine', line, cell } : null;
    }
    case 'rendered': {
      const version = m['version'];
      const ms = m['ms'];
      return typeof version === 'number' && Number.isFinite(version) && typeof ms === 'number' && Number.isFinite(ms) && ms >= 0
        ? { type: 'rendered', version, ms }
        : null;
    }
    default:
      return null;
  }
}

/**
 * The view's check of what arrives as a `message` event (the page only listens to its host, but a
 * shape check keeps a malformed message from throwing halfway through a redraw).
 */
export function parseGraphHostMessage(raw: unknown): GraphHostMessage | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Raw;
  switch (m['type']) {
    case 'graph': {
      const graph = m['graph'] as Raw | null;
      const version = m['version'];
      if (typeof version !== 'number' || !Number.isFinite(version)) return null;
      if (typeof graph !== 'object' || graph === null || typeof graph['path'] !== 'string') return null;
      if (!Array.isArray(graph['nodes']) || !Array.isArray(graph['edges'])) return null;
      const error = graph['error'] as Raw | null | undefined;
      if (error !== null && error !== undefined && (typeof error !== 'object' || typeof error['message'] !== 'string')) return null;
      return { type: 'graph', graph: graph as unknown as PipelineGraph, version };
    }
    case 'focus': {
      const id = m['nodeId'];
      return id === null || typeof id === 'string' ? { type: 'focus', nodeId: id } : null;
    }
    default:
      return null;
  }
}
