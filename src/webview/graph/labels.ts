/**
 * What the graph page writes on each node and edge, and how much room that text takes. Pure (no
 * DOM): the layout sizes its boxes from these strings without measuring anything, so it runs the
 * same in Node (the benchmark, the unit tests) as in the page. The sizes assume the fonts of
 * media/graph.css: names, paths, keys and edge labels in the editor's monospace font, whose glyphs
 * are about 0.6 em wide; the line or cell under a step's name in the UI font, estimated on the wide
 * side.
 */
import type { GraphEdge, GraphNode } from '../../core/graph/types';

/** Font sizes (px) used by media/graph.css for each kind of text; keep the two in step. */
export const FONT = { stepName: 12, stepDetail: 11, file: 12, param: 11, edge: 11, cluster: 11 } as const;

/** Monospace advance, a little over the 0.6 em of the usual editor fonts. */
const MONO_EM = 0.62;
/** Proportional UI font: an upper estimate of the average advance of digits and lower-case letters. */
const UI_EM = 0.6;

export function monoWidth(text: string, fontSize: number): number {
  return Math.ceil([...text].length * fontSize * MONO_EM);
}

export function uiWidth(text: string, fontSize: number): number {
  return Math.ceil([...text].length * fontSize * UI_EM);
}

/** Box sizes (px). */
export const BOX = {
  step: { height: 46, padX: 14, stripe: 4, minWidth: 110, badge: 28 },
  file: { height: 28, padX: 10, icon: 16, gap: 6, minWidth: 80 },
  param: { height: 24, padX: 9, minWidth: 56 },
  /** A params group: a header with the key's first segment, then one row per key. */
  group: { header: 22, row: 22, padBottom: 4, padX: 9 },
  edgeLabel: { height: 16, padX: 4 },
} as const;

const MAX = { step: 34, file: 32, param: 28, edge: 32 } as const;

/** Cuts `text` to `max` characters with an ellipsis at the end. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Cuts a path in its middle, keeping the file name whole where it can (`data/…/churn.csv`). */
export function truncatePath(path: string, max: number): string {
  const chars = [...path];
  if (chars.length <= max) return path;
  const slash = path.lastIndexOf('/');
  const base = slash >= 0 ? path.slice(slash + 1) : path;
  if ([...base].length + 2 >= max) return truncate(base, max);
  const keep = max - [...base].length - 2;
  return `${chars.slice(0, keep).join('')}…/${base}`;
}

/** `X_train, y_train`; beyond three names `a, b, c, …` (the tooltip and the aria label hold them all). */
export function namesLabel(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max).join(', ');
  return truncate(names.length > max ? `${shown}, …` : shown, MAX.edge);
}

/** `lines 12–30`, `line 7`, or null when the node has no line. */
export function linesText(node: Pick<GraphNode, 'line' | 'endLine'>): string | null {
  if (node.line === null) return null;
  return node.endLine !== null && node.endLine !== node.line ? `lines ${node.line}–${node.endLine}` : `line ${node.line}`;
}

/** The file name at the end of a POSIX path. */
export function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash >= 0 ? path.slice(slash + 1) : path;
}

/**
 * Where a step's code is, under its name: `cell 4` in a notebook, `train.py · lines 3–20` for a
 * generated package's step module, else `lines 12–30`.
 */
export function stepDetail(node: GraphNode): string {
  const lines = linesText(node);
  if (node.cell !== null) return `cell ${node.cell}`;
  if (node.source) return lines ? `${baseName(node.source)} · ${lines}` : baseName(node.source);
  return lines ?? '';
}

/** The group a params key is drawn in: its first dotted segment (`data` of `data.test_size`); null for a bare key. */
export function paramGroup(key: string): string | null {
  const dot = key.indexOf('.');
  return dot > 0 && dot < key.length - 1 ? key.slice(0, dot) : null;
}

/**
 * The heading of a group of params: the dotted segments all its keys share, short of each key's
 * last one (`model.random_forest_classifier` for its `n_estimators` and `max_depth`).
 */
export function groupHeading(keys: readonly string[]): string {
  const split = keys.map((key) => key.split('.').slice(0, -1));
  const shared: string[] = [];
  for (let i = 0; split.every((parts) => i < parts.length && parts[i] === split[0]![i]); i++) shared.push(split[0]![i]!);
  return shared.join('.');
}

/** A param's text: the key without its group's heading, and its value when known (`test_size = 0.2`). */
export function paramLabel(node: GraphNode, heading: string | null = null): string {
  const key = heading && node.name.startsWith(`${heading}.`) ? node.name.slice(heading.length + 1) : node.name;
  return truncate(node.value !== null ? `${key} = ${node.value}` : key, MAX.param);
}

export function stepLabel(node: GraphNode): string {
  return truncate(node.name, MAX.step);
}

export function fileLabel(node: GraphNode): string {
  return truncatePath(node.name, MAX.file);
}

/** An edge's label: the names it carries; a leak edge with no names shows its finding codes. Null: no label. */
export function edgeLabel(edge: GraphEdge): string | null {
  if (edge.names.length > 0 && (edge.kind === 'value' || edge.kind === 'leak')) return namesLabel(edge.names);
  if (edge.kind === 'leak' && edge.findings.length > 0) return namesLabel(edge.findings);
  return null;
}

export interface Size {
  width: number;
  height: number;
}

/** The box of a node, from its text alone. */
export function nodeSize(node: GraphNode): Size {
  switch (node.kind) {
    case 'step': {
      const b = BOX.step;
      const text = Math.max(monoWidth(stepLabel(node), FONT.stepName), uiWidth(stepDetail(node), FONT.stepDetail));
      const width = text + 2 * b.padX + b.stripe + (node.findings.length > 0 ? b.badge : 0);
      return { width: Math.max(b.minWidth, width), height: b.height };
    }
    case 'file': {
      const b = BOX.file;
      return { width: Math.max(b.minWidth, monoWidth(fileLabel(node), FONT.file) + b.icon + b.gap + 2 * b.padX), height: b.height };
    }
    case 'param': {
      const b = BOX.param;
      return { width: Math.max(b.minWidth, monoWidth(paramLabel(node), FONT.param) + 2 * b.padX), height: b.height };
    }
  }
}

/** The box of a params group: its header (`heading`), then `rows` of params. */
export function groupSize(heading: string, rows: readonly GraphNode[]): Size {
  const b = BOX.group;
  const text = Math.max(
    monoWidth(truncate(heading, MAX.param), FONT.cluster) + 18,
    ...rows.map((row) => monoWidth(paramLabel(row, heading), FONT.param)),
  );
  return { width: Math.max(BOX.param.minWidth, text + 2 * b.padX), height: b.header + rows.length * b.row + b.padBottom };
}

export function edgeLabelSize(text: string): Size {
  return { width: monoWidth(text, FONT.edge) + 2 * BOX.edgeLabel.padX, height: BOX.edgeLabel.height };
}
