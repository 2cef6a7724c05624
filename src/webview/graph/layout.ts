/**
 * Lays a pipeline graph out left to right with dagre (a layered, Sugiyama-style layout): steps,
 * files and params become boxes sized from their text (labels.ts, no DOM), edges get routed points
 * and a place for their label. Params that share a key's first segment (`model.svc.C`,
 * `model.svc.kernel`) are drawn as one group box, a heading and a row per key, and a step's groups
 * sit in a panel right above the step (dagre places step and panel as one node), so params cost
 * no extra layers; an edge to a later step that reads the same key leaves the group at its row.
 * (dagre's own clusters cost ten times the layout time on a long pipeline.)
 *
 * Pure and deterministic (the same graph and options give the same numbers), so the page, the unit
 * tests and the benchmark all run it. Coordinates are px in the drawing's own space, (0, 0) at its
 * top-left corner; the `x`, `y` of a node or a group are its top-left corner.
 */
import { graphlib, layout as dagreLayout } from '@dagrejs/dagre';
import type { EdgeLabel, GraphLabel, NodeLabel } from '@dagrejs/dagre';
import type { GraphEdge, GraphNode, PipelineGraph } from '../../core/graph/types';
import { BOX, edgeLabel, edgeLabelSize, groupHeading, groupSize, nodeSize, paramGroup } from './labels';

export interface LayoutOptions {
  /** Draw file nodes and their reads/writes edges (default true). */
  showFiles?: boolean;
  /** Draw param nodes and their param edges (default true). */
  showParams?: boolean;
}

export interface Point {
  x: number;
  y: number;
}

export interface NodeBox {
  id: string;
  node: GraphNode;
  x: number;
  y: number;
  width: number;
  height: number;
  /** A param drawn as a row of a group: the group's id. */
  group: string | null;
}

export interface EdgeLabelBox {
  text: string;
  /** Centre of the label. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface EdgeRoute {
  /** `from->to#n`, n counting edges of the same pair; unique in one layout. */
  id: string;
  edge: GraphEdge;
  /** From the border of `from` to the border of `to`. */
  points: Point[];
  label: EdgeLabelBox | null;
  /** A param's edge to the step its panel sits on: a short drop, drawn under the panel. */
  panel: boolean;
}

export interface GroupBox {
  /** `group:<segment>@<id of the first step reading it>` (the step it sits above). */
  id: string;
  /** The heading: the dotted segments its keys share (`data`, `model.random_forest_classifier`). */
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The params in it, top to bottom. */
  members: string[];
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: NodeBox[];
  edges: EdgeRoute[];
  groups: GroupBox[];
  /** Nodes and edges of the graph left out (hidden kinds; edges to unknown or hidden nodes, loops). */
  hidden: { nodes: number; edges: number };
}

/** Spacing (px): between boxes of one layer, between layers, around the drawing. */
export const SPACING = { nodesep: 20, edgesep: 10, ranksep: 40, margin: 20 } as const;

/** Between the items of a step's params panel, and between the panel and the step. */
const PANEL_GAP = 12;

const EDGE_WEIGHT: Record<GraphEdge['kind'], number> = { value: 4, leak: 2, reads: 2, writes: 2, param: 1 };

export function layoutGraph(graph: PipelineGraph, options: LayoutOptions = {}): GraphLayout {
  const showFiles = options.showFiles ?? true;
  const showParams = options.showParams ?? true;
  const shown = (node: GraphNode): boolean => (node.kind === 'file' ? showFiles : node.kind === 'param' ? showParams : true);

  const nodes = new Map<string, GraphNode>();
  for (const node of graph.nodes) if (shown(node) && !nodes.has(node.id)) nodes.set(node.id, node);
  const edges = graph.edges.filter((e) => e.from !== e.to && nodes.has(e.from) && nodes.has(e.to));
  const hidden = { nodes: graph.nodes.length - nodes.size, edges: graph.edges.length - edges.length };
  if (nodes.size === 0) return { width: 0, height: 0, nodes: [], edges: [], groups: [], hidden };

  // Params by group: the key's first segment (headed by all the segments the keys share), placed
  // with the first step that reads them (in the graph's order): a step's params sit in a panel
  // right above it, in the step's own layer, so that `data.input_path` stays by the load step and
  // `data.model_path` by the save step, and the params add no layers to the drawing.
  const order = new Map([...nodes.keys()].map((id, i) => [id, i]));
  const reader = new Map<string, string>();
  for (const edge of edges) {
    if (edge.kind !== 'param' || nodes.get(edge.to)?.kind !== 'step') continue;
    const known = reader.get(edge.from);
    if (known === undefined || order.get(edge.to)! < order.get(known)!) reader.set(edge.from, edge.to);
  }
  /** A group of params, or a lone param (a key of one segment): one item of a step's panel. */
  interface Item {
    id: string;
    label: string | null;
    members: GraphNode[];
    anchor: string | null;
    size: { width: number; height: number };
  }
  const items = new Map<string, Item>();
  const itemOf = new Map<string, Item>();
  for (const node of nodes.values()) {
    if (node.kind !== 'param') continue;
    const segment = paramGroup(node.name);
    const anchor = reader.get(node.id) ?? null;
    const id = segment ? `group:${segment}@${anchor ?? ''}` : node.id;
    const item = items.get(id) ?? { id, label: segment, members: [], anchor, size: { width: 0, height: 0 } };
    item.members.push(node);
    items.set(id, item);
    itemOf.set(node.id, item);
  }
  const panels = new Map<string, Item[]>();
  for (const item of items.values()) {
    if (item.label !== null) item.label = groupHeading(item.members.map((m) => m.name));
    item.size = item.label !== null ? groupSize(item.label, item.members) : nodeSize(item.members[0]!);
    if (item.anchor) panels.set(item.anchor, [...(panels.get(item.anchor) ?? []), item]);
  }
  /** The dagre node that holds a graph node: itself, its param item, or the step its panel sits on. */
  const place = (id: string): string => {
    const item = itemOf.get(id);
    return item ? (item.anchor ?? item.id) : id;
  };

  const g = new graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: true });
  g.setGraph({ rankdir: 'LR', ...SPACING, marginx: SPACING.margin, marginy: SPACING.margin });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes.values()) {
    const id = place(node.id);
    if (g.hasNode(id)) continue;
    const item = itemOf.get(node.id);
    if (item) {
      g.setNode(id, { ...item.size });
      continue;
    }
    const size = nodeSize(node);
    const panel = panels.get(node.id) ?? [];
    const above = panel.reduce((sum, i) => sum + i.size.height + PANEL_GAP, 0);
    g.setNode(id, { width: Math.max(size.width, ...panel.map((i) => i.size.width)), height: size.height + above });
  }

  const counts = new Map<string, number>();
  const routes: Array<{ id: string; edge: GraphEdge; label: string | null; inPanel: boolean }> = [];
  for (const edge of edges) {
    const pair = `${edge.from}->${edge.to}`;
    const n = counts.get(pair) ?? 0;
    counts.set(pair, n + 1);
    const id = `${pair}#${n}`;
    const label = edgeLabel(edge);
    const inPanel = place(edge.from) === place(edge.to);
    if (!inPanel) {
      const size = label ? edgeLabelSize(label) : { width: 0, height: 0 };
      g.setEdge(place(edge.from), place(edge.to), { ...size, labelpos: 'c', weight: EDGE_WEIGHT[edge.kind], minlen: 1 }, id);
    }
    routes.push({ id, edge, label, inPanel });
  }

  dagreLayout(g);

  // Boxes: a step with a panel gets the bottom of its dagre node, the panel's items the top.
  const boxes = new Map<string, NodeBox>();
  const groupBoxes: GroupBox[] = [];
  const placeItem = (item: Item, box: { x: number; y: number; width: number; height: number }): void => {
    if (item.label === null) {
      const param = item.members[0]!;
      boxes.set(param.id, { id: param.id, node: param, ...box, group: null });
      return;
    }
    const rows = [...item.members].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    rows.forEach((param, i) => {
      const row = { x: box.x, y: box.y + BOX.group.header + i * BOX.group.row, width: box.width, height: BOX.group.row };
      boxes.set(param.id, { id: param.id, node: param, ...row, group: item.id });
    });
    groupBoxes.push({ id: item.id, label: item.label, ...box, members: rows.map((r) => r.id) });
  };
  for (const node of nodes.values()) {
    if (itemOf.has(node.id)) continue;
    const block = g.node(node.id);
    const size = nodeSize(node);
    const cx = block.x ?? 0;
    let top = (block.y ?? 0) - block.height / 2;
    for (const item of panels.get(node.id) ?? []) {
      placeItem(item, { x: round(cx - item.size.width / 2), y: round(top), ...item.size });
      top += item.size.height + PANEL_GAP;
    }
    boxes.set(node.id, { id: node.id, node, x: round(cx - size.width / 2), y: round(top), ...size, group: null });
  }
  for (const item of items.values()) if (!item.anchor) placeItem(item, corner(g.node(item.id)));

  const positioned: EdgeRoute[] = routes.map(({ id, edge, label, inPanel }) => {
    const from = boxes.get(edge.from)!;
    const to = boxes.get(edge.to)!;
    if (inPanel) {
      // From the bottom of the param's group (or of its own box) straight down into the step; a
      // line from higher in the panel runs behind the items below it and shows in the gaps.
      const group = from.group ? groupBoxes.find((g) => g.id === from.group) : undefined;
      const bottom = group ? group.y + group.height : from.y + from.height;
      const x = round(to.x + to.width / 2);
      return {
        id,
        edge,
        points: [
          { x, y: round(bottom) },
          { x, y: to.y },
        ],
        label: null,
        panel: true,
      };
    }
    const data = g.edge(place(edge.from), place(edge.to), id);
    const points = (data.points ?? []).map((p) => ({ x: round(p.x), y: round(p.y) }));
    // dagre ends the route on its node's border; the node's box may be smaller (a step under its
    // panel, a param row in its group): end it on the box instead.
    if (points.length >= 2) {
      const n = points.length;
      points[0] =
        from.node.kind === 'param' ? { x: round(from.x + from.width), y: round(from.y + from.height / 2) } : clip(from, points[1]!);
      points[n - 1] = clip(to, points[n - 2]!);
    }
    const size = label ? edgeLabelSize(label) : null;
    return {
      id,
      edge,
      points,
      label: label && size ? { text: label, x: round(data.x ?? 0), y: round(data.y ?? 0), ...size } : null,
      panel: false,
    };
  });

  const info = g.graph();
  return {
    width: Math.ceil(info.width ?? 0),
    height: Math.ceil(info.height ?? 0),
    nodes: [...nodes.keys()].map((id) => boxes.get(id)!),
    edges: positioned,
    groups: groupBoxes,
    hidden,
  };
}

/** Where the segment from the centre of `box` towards `p` leaves the box. */
function clip(box: { x: number; y: number; width: number; height: number }, p: Point): Point {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const dx = p.x - cx;
  const dy = p.y - cy;
  const w = box.width / 2;
  const h = box.height / 2;
  if (dx === 0 && dy === 0) return { x: round(cx), y: round(cy) };
  if (Math.abs(dy) * w > Math.abs(dx) * h) {
    const sy = dy < 0 ? -h : h;
    return { x: round(cx + (sy * dx) / dy), y: round(cy + sy) };
  }
  const sx = dx < 0 ? -w : w;
  return { x: round(cx + sx), y: round(cy + (sx * dy) / dx) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function corner(label: NodeLabel): { x: number; y: number; width: number; height: number } {
  return {
    x: round((label.x ?? 0) - label.width / 2),
    y: round((label.y ?? 0) - label.height / 2),
    width: label.width,
    height: label.height,
  };
}

/** Nodes in reading order: by layer (left to right), then top to bottom. The page's Tab order. */
export function readingOrder(boxes: readonly NodeBox[]): NodeBox[] {
  return [...boxes].sort((a, b) => a.x + a.width / 2 - (b.x + b.width / 2) || a.y - b.y || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Remembers the last layout and reuses it while the graph keeps its shape: the same nodes with
 * boxes of the same size, the same edges with the same labels (an edit inside a step changes its
 * lines or findings, not the drawing's geometry). The page redraws such a graph without running
 * dagre again; anything else lays it out afresh.
 */
export class LayoutCache {
  private key: string | null = null;
  private last: GraphLayout | null = null;

  layout(graph: PipelineGraph, options: LayoutOptions = {}): GraphLayout {
    const key = shapeKey(graph, options);
    if (this.last && key === this.key) {
      const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
      const edges = new Map<string, GraphEdge>();
      const counts = new Map<string, number>();
      for (const edge of graph.edges) {
        const pair = `${edge.from}->${edge.to}`;
        const n = counts.get(pair) ?? 0;
        counts.set(pair, n + 1);
        edges.set(`${pair}#${n}`, edge);
      }
      return {
        ...this.last,
        nodes: this.last.nodes.map((box) => ({ ...box, node: nodes.get(box.id) ?? box.node })),
        edges: this.last.edges.map((route) => ({ ...route, edge: edges.get(route.id) ?? route.edge })),
      };
    }
    this.key = key;
    this.last = layoutGraph(graph, options);
    return this.last;
  }
}

/** Everything the geometry depends on. */
function shapeKey(graph: PipelineGraph, options: LayoutOptions): string {
  return JSON.stringify([
    options.showFiles ?? true,
    options.showParams ?? true,
    graph.nodes.map((n) => [n.id, n.kind, n.name, n.value, nodeSize(n).width]),
    graph.edges.map((e) => [e.from, e.to, e.kind, edgeLabel(e)]),
  ]);
}
