/**
 * The pure half of the pipeline-graph panel (src/vscode/graphPanel.ts): the graph of what an
 * editor holds, where a node's code is, which step the cursor is in, the panel's title, and the
 * timing of an edit to a redrawn graph. No `vscode` here, so the unit tests run it as it is.
 */
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import type { AnalyzeOptions } from '../core/engine';
import { readPythonText } from '../core/engine';
import { defaultConfig } from '../core/config/types';
import { errorMessage } from '../core/errors';
import type { PackageModule, PipelineGraph } from '../core/graph';
import { graphOfSource, withPackageGraph } from '../core/graph';
import type { NotebookCellInput } from '../core/parse/source';
import { inputKind, notebookSource } from '../core/parse/source';

/** What an editor holds: a Python document's text, or a notebook's cells (as src/vscode/notebooks.ts reads them). */
export type GraphInput = { kind: 'python'; path: string; text: string } | { kind: 'notebook'; path: string; cells: NotebookCellInput[] };

/** Reads a module of a generated package, relative to its `pipeline.py`'s folder; null when it cannot. */
export type ModuleReader = (relativePath: string) => PackageModule | null;

/** The graph shown when no file is: the view's empty state. */
export function emptyGraph(): PipelineGraph {
  return { path: '', kind: 'python', nodes: [], edges: [], error: null };
}

/** The graph of a file that cannot be read or analysed: no nodes, the reason as its error. */
export function unreadableGraph(path: string, message: string): PipelineGraph {
  return {
    path,
    kind: inputKind(path) === 'notebook' ? 'notebook' : 'python',
    nodes: [],
    edges: [],
    error: { message, line: 1, cell: null },
  };
}

/**
 * The graph of what an editor holds, from one analysis; a generated package's `pipeline.py` gives
 * the package graph. A Python text over the size limit (`max-file-size`) or nested too deeply gets
 * the error graph with the reason rather than an exception.
 */
export function graphOfInput(input: GraphInput, options: AnalyzeOptions, readModule: ModuleReader): PipelineGraph {
  try {
    if (input.kind === 'notebook') return graphOfSource(notebookSource(input.path, input.cells), options);
    const program = readPythonText(input.path, input.text, options.config ?? defaultConfig());
    if (typeof program === 'string') return unreadableGraph(input.path, program);
    return withPackageGraph(graphOfSource(program, options), input.text, readModule, options);
  } catch (error) {
    return unreadableGraph(input.path, errorMessage(error));
  }
}

/** "Pipeline: house_prices.py"; a package's pipeline.py is named with its folder ("Pipeline: churn/pipeline.py"). */
export function panelTitle(path: string): string {
  const name = basename(path);
  return name === 'pipeline.py' ? `Pipeline: ${basename(dirname(path))}/${name}` : `Pipeline: ${name}`;
}

/** The absolute path of a node's module (a package step's `source`), kept inside the package's folder. */
function sourcePath(graph: PipelineGraph, source: string): string | null {
  const folder = dirname(graph.path);
  const path = resolve(folder, source);
  const inside = relative(folder, path);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? null : path;
}

/**
 * Whether `path` is shown by `graph`: its own file, or for a package graph one of the step modules
 * its nodes live in (the panel keeps the package graph when the user opens a module from it).
 */
export function graphCovers(graph: PipelineGraph, path: string): boolean {
  if (graph.path === '' || !path) return false;
  if (samePath(graph.path, path)) return true;
  return (
    graph.kind === 'package' && graph.nodes.some((node) => node.source !== null && samePath(sourcePath(graph, node.source) ?? '', path))
  );
}

function samePath(a: string, b: string): boolean {
  return resolve(a) === resolve(b);
}

/**
 * Where revealing a node takes the editor (lines 1-based and inclusive; in a notebook, relative to
 * their cells; cells 1-based counting every cell).
 * - `lines`: lines of `file`, the graph's own file when null;
 * - `cells`: cells `cell`..`endCell` of the graph's notebook, the cursor on `line` of `cell`.
 */
export type RevealTarget =
  | { kind: 'lines'; file: string | null; line: number; endLine: number }
  | { kind: 'cells'; cell: number; endCell: number; line: number; endLine: number };

/** Where a node's code is; null for an unknown node or one without a line (a package step whose module is gone). */
export function revealTarget(graph: PipelineGraph, nodeId: string): RevealTarget | null {
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (!node || node.line === null) return null;
  const line = node.line;
  const endLine = Math.max(line, node.endLine ?? line);
  if (node.source !== null) {
    const file = sourcePath(graph, node.source);
    return file === null ? null : { kind: 'lines', file, line, endLine };
  }
  if (node.cell !== null) {
    const endCell = Math.max(node.cell, node.endCell ?? node.cell);
    return { kind: 'cells', cell: node.cell, endCell, line, endLine: endCell === node.cell ? endLine : (node.endLine ?? line) };
  }
  return { kind: 'lines', file: null, line, endLine };
}

/** Where a parse error's "Go to line" takes the editor: that line of the graph's file (or of its cell). */
export function lineTarget(line: number, cell: number | null): RevealTarget {
  return cell === null ? { kind: 'lines', file: null, line, endLine: line } : { kind: 'cells', cell, endCell: cell, line, endLine: line };
}

/** A cursor position: 1-based line, relative to its cell (1-based, every cell counted) in a notebook. */
export interface CodePlace {
  line: number;
  cell: number | null;
  /** The file the cursor is in when it is not the graph's own (a package's step module). */
  file: string | null;
}

/** The step whose code holds the place (the innermost when steps nest), or null. */
export function stepAt(graph: PipelineGraph, place: CodePlace): string | null {
  let found: { id: string; span: number } | null = null;
  for (const node of graph.nodes) {
    if (node.kind !== 'step' || node.line === null) continue;
    if (place.file === null ? node.source !== null : node.source === null || !samePath(sourcePath(graph, node.source) ?? '', place.file))
      continue;
    const start = [node.cell ?? 0, node.line];
    const end = [node.endCell ?? node.cell ?? 0, node.endLine ?? node.line];
    const at = [place.cell ?? 0, place.line];
    if (compare(start, at) > 0 || compare(at, end) > 0) continue;
    const span = (end[0]! - start[0]!) * 1e6 + (end[1]! - start[1]!);
    if (!found || span < found.span) found = { id: node.id, span };
  }
  return found?.id ?? null;
}

function compare(a: number[], b: number[]): number {
  return a[0]! - b[0]! || a[1]! - b[1]!;
}

/** An edit's way to the screen, measured on the host (ms, from `performance.now()`). */
export interface GraphTiming {
  version: number;
  /** From the last document change before this graph to the view's `rendered`: what the user waits, the debounce included. */
  changeToRenderedMs: number | null;
  /** From the start of building the graph (the debounce over) to `rendered`. */
  buildToRenderedMs: number;
  /** Building the graph (analysis included). */
  buildMs: number;
  /** The view's own figure: from the message's arrival to a drawn page. */
  viewMs: number;
}

/**
 * Pairs the graphs the host posts with the view's `rendered` answers: `changed` when the document
 * changes, `built` when a graph goes out, `rendered` when the view has drawn it.
 */
export class RenderClock {
  private changedAt: number | null = null;
  private readonly posted = new Map<number, { changedAt: number | null; buildStart: number; buildEnd: number }>();
  last: GraphTiming | null = null;

  constructor(private readonly now: () => number) {}

  changed(): void {
    this.changedAt = this.now();
  }

  built(version: number, buildStart: number, buildEnd: number): void {
    this.posted.set(version, { changedAt: this.changedAt, buildStart, buildEnd });
    this.changedAt = null;
    // A view that never answers (hidden, reloaded) must not make this grow.
    for (const key of this.posted.keys()) if (key < version - 20) this.posted.delete(key);
  }

  rendered(version: number, viewMs: number): GraphTiming | null {
    const entry = this.posted.get(version);
    if (!entry) return null;
    this.posted.delete(version);
    const at = this.now();
    this.last = {
      version,
      changeToRenderedMs: entry.changedAt === null ? null : at - entry.changedAt,
      buildToRenderedMs: at - entry.buildStart,
      buildMs: entry.buildEnd - entry.buildStart,
      viewMs,
    };
    return this.last;
  }
}
