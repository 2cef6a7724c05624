import type { Phase, Severity } from '../types';

/**
 * The pipeline graph of a script, a notebook or a generated package: one node per step (the same
 * cut and the same names as modularize), one per file the code reads or writes, one per params key
 * a step uses (or would use after extract-config); edges for the values that flow from step to step,
 * the files read and written and the params read. Plain data: the CLI prints it (json, mermaid,
 * dot), the editor posts it to the graph webview, which lays it out.
 *
 * Lines are 1-based; in a notebook a step's lines count from the start of its cell, and `cell` is
 * the 1-based index of that cell counting every cell (markdown included). For a `.py` file `cell`
 * is null.
 */

export type GraphNodeKind = 'step' | 'file' | 'param';

/** What a file is to the pipeline: data read, data written, a model saved or loaded, a figure. */
export type FileRole = 'input' | 'output' | 'model' | 'figure';

export interface GraphFinding {
  code: string;
  /** The rule's name (`preprocessing-before-split`). */
  name: string;
  severity: Severity;
  message: string;
  /** 1-based, relative to the cell in a notebook. */
  line: number;
  cell: number | null;
}

export interface GraphNode {
  /** Stable across edits while the node keeps its name: `step:<name>`, `file:<path>`, `param:<key>`. */
  id: string;
  kind: GraphNodeKind;
  /** A step: its function name; a file: the path as the code writes it; a param: its dotted key. */
  name: string;
  /** A step's phase; null for files and params. */
  phase: Phase | null;
  /** The first and last line of the step's code (for a file or param: where the code first names it). */
  line: number | null;
  endLine: number | null;
  cell: number | null;
  /** The cell of `endLine` when a step spans several notebook cells (else equal to `cell`). */
  endCell: number | null;
  /** Codes of the findings on this step, one entry per finding, in line order. */
  findings: string[];
  /** The findings themselves, for hovers and badges. */
  details: GraphFinding[];
  /** A step: the section title it came from (`## Train the model`), if any. */
  title: string | null;
  /** A step: the names it reads from earlier steps and the names later steps read from it. */
  reads: string[];
  writes: string[];
  /** A file: its role. */
  role: FileRole | null;
  /** A param: the literal as written (`0.2`, `"data/churn.csv"`); null when unknown. */
  value: string | null;
  /**
   * The file holding the node's code when it is not the graph's own file (a generated package's
   * step modules), relative to the folder of `path`; null otherwise.
   */
  source: string | null;
}

export type GraphEdgeKind = 'value' | 'reads' | 'writes' | 'param' | 'leak';

export interface GraphEdge {
  from: string;
  to: string;
  /**
   * `value`: names bound by `from` and read by `to`; `reads`: a file read by a step (file -> step);
   * `writes`: a file written by a step (step -> file); `param`: a params key a step reads
   * (param -> step); `leak`: a data-leakage finding whose fitted object is in `from` and whose
   * split is in `to` (drawn in red) when no value edge joins them already.
   */
  kind: GraphEdgeKind;
  names: string[];
  /** Codes of leakage findings that run along this edge (drawn in red); empty otherwise. */
  findings: string[];
}

export interface GraphError {
  message: string;
  /** 1-based (relative to its cell in a notebook). */
  line: number;
  cell: number | null;
}

export interface PipelineGraph {
  /** The file the graph is of (for a package: its `pipeline.py`). */
  path: string;
  kind: 'python' | 'notebook' | 'package';
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Set when the file does not parse (nodes and edges are then empty) or cannot be read. */
  error: GraphError | null;
}
