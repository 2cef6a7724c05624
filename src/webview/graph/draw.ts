/// <reference lib="dom" />
/**
 * Draws a laid-out graph as SVG: param groups, then edges, their labels, then nodes in reading
 * order (which is the Tab order). Colours come from CSS classes (media/graph.css maps phases,
 * severities and edge kinds to the theme's variables); geometry goes in SVG attributes, so the
 * page needs no inline style. Text is always set as text, never parsed as markup.
 */
import type { GraphNode, PipelineGraph } from '../../core/graph/types';
import { ariaLabel, worstSeverity } from './describe';
import { fileGlyph, GLYPHS } from './icons';
import { BOX, fileLabel, paramLabel, stepDetail, stepLabel, truncate } from './labels';
import type { EdgeRoute, GraphLayout, GroupBox, NodeBox, Point } from './layout';
import { readingOrder } from './layout';

const SVG_NS = 'http://www.w3.org/2000/svg';

type Attributes = Record<string, string | number | null | undefined>;

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Array<Node | string | null>
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children) if (child !== null) element.append(child);
  return element;
}

/** The arrowheads, one per colour of edge (SVG 1.1 markers cannot take the stroke of their path). */
export function markers(): SVGDefsElement {
  const arrow = (id: string, kind: string): SVGMarkerElement =>
    svg(
      'marker',
      {
        id,
        class: `arrow ${kind}`,
        viewBox: '0 0 10 10',
        refX: 9,
        refY: 5,
        markerWidth: 8,
        markerHeight: 8,
        markerUnits: 'userSpaceOnUse',
        orient: 'auto',
      },
      svg('path', { d: 'M 0 0.5 L 10 5 L 0 9.5 z' }),
    );
  return svg('defs', {}, arrow('mlh-arrow', 'plain'), arrow('mlh-arrow-alert', 'alert'), arrow('mlh-arrow-muted', 'muted'));
}

/** A B-spline through the points (as d3's curveBasis): smooth, and it starts and ends on them. */
export function curvePath(points: readonly Point[]): string {
  const f = (n: number): string => String(Math.round(n * 10) / 10);
  if (points.length === 0) return '';
  const [first] = points;
  if (points.length <= 2) return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${f(p.x)},${f(p.y)}`).join(' ');
  const parts = [`M${f(first!.x)},${f(first!.y)}`];
  let [x0, y0, x1, y1] = [first!.x, first!.y, first!.x, first!.y];
  const bezier = (x: number, y: number): void => {
    parts.push(
      `C${f((2 * x0 + x1) / 3)},${f((2 * y0 + y1) / 3)} ${f((x0 + 2 * x1) / 3)},${f((y0 + 2 * y1) / 3)} ${f((x0 + 4 * x1 + x) / 6)},${f((y0 + 4 * y1 + y) / 6)}`,
    );
  };
  points.forEach((p, i) => {
    if (i === 2) parts.push(`L${f((5 * x0 + x1) / 6)},${f((5 * y0 + y1) / 6)}`);
    if (i >= 2) bezier(p.x, p.y);
    [x0, y0, x1, y1] = [x1, y1, p.x, p.y];
  });
  bezier(x1, y1);
  parts.push(`L${f(x1)},${f(y1)}`);
  return parts.join(' ');
}

function edgeClasses(route: EdgeRoute): { path: string; marker: string } {
  const alert = route.edge.kind === 'leak' || route.edge.findings.length > 0;
  const muted = route.edge.kind === 'param';
  return {
    path: `edge ${route.edge.kind}${alert ? ' alert' : ''}`,
    marker: alert ? 'mlh-arrow-alert' : muted ? 'mlh-arrow-muted' : 'mlh-arrow',
  };
}

function edgeTitle(route: EdgeRoute, names: Map<string, string>): string {
  const from = names.get(route.edge.from) ?? route.edge.from;
  const to = names.get(route.edge.to) ?? route.edge.to;
  const what = route.edge.names.length > 0 ? `${route.edge.names.join(', ')}: ` : '';
  const findings = route.edge.findings.length > 0 ? ` (${route.edge.findings.join(', ')})` : '';
  const kind = route.edge.kind === 'leak' ? 'leak ' : '';
  return `${kind}${what}${from} → ${to}${findings}`;
}

function drawEdge(route: EdgeRoute, names: Map<string, string>): SVGGElement {
  const classes = edgeClasses(route);
  return svg(
    'g',
    { class: classes.path, 'data-edge': route.id, 'data-from': route.edge.from, 'data-to': route.edge.to },
    svg('path', { class: 'hit', d: curvePath(route.points) }),
    svg('path', { class: 'line', d: curvePath(route.points), 'marker-end': `url(#${classes.marker})` }),
    svg('title', {}, edgeTitle(route, names)),
  );
}

function drawEdgeLabel(route: EdgeRoute): SVGGElement | null {
  const label = route.label;
  if (!label) return null;
  const classes = edgeClasses(route);
  return svg(
    'g',
    {
      class: `edge-label ${classes.path.replace(/^edge /, '')}`,
      'data-edge': route.id,
      'data-from': route.edge.from,
      'data-to': route.edge.to,
      transform: `translate(${label.x},${label.y})`,
    },
    svg('rect', { x: -label.width / 2, y: -label.height / 2, width: label.width, height: label.height, rx: 3 }),
    svg('text', { 'text-anchor': 'middle', 'dominant-baseline': 'central' }, label.text),
  );
}

function ring(width: number, height: number, radius: number, inset = -3): SVGRectElement {
  return svg('rect', { class: 'ring', x: inset, y: inset, width: width - 2 * inset, height: height - 2 * inset, rx: radius - inset });
}

function stepBody(box: NodeBox): Array<SVGElement> {
  const { width: w, height: h } = box;
  const b = BOX.step;
  const node = box.node;
  const r = 5;
  const parts: SVGElement[] = [
    ring(w, h, r),
    svg('rect', { class: 'box', width: w, height: h, rx: r }),
    svg('path', { class: 'stripe', d: `M${r} 0 A${r} ${r} 0 0 0 0 ${r} V${h - r} A${r} ${r} 0 0 0 ${r} ${h} Z` }),
    svg('text', { class: 'name', x: b.stripe + b.padX, y: 19 }, stepLabel(node)),
    svg('text', { class: 'detail', x: b.stripe + b.padX, y: 35 }, stepDetail(node)),
  ];
  const severity = worstSeverity(node);
  if (severity) {
    const count = String(node.details.length);
    const pill = 10 + count.length * 7;
    parts.push(
      svg(
        'g',
        { class: `badge ${severity}`, transform: `translate(${w - 8 - pill},8)` },
        svg('rect', { width: pill, height: 16, rx: 8 }),
        svg('text', { x: pill / 2, y: 8, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, count),
      ),
    );
  }
  return parts;
}

function fileBody(box: NodeBox): Array<SVGElement> {
  const b = BOX.file;
  const { width: w, height: h } = box;
  return [
    ring(w, h, 4),
    svg('rect', { class: 'box', width: w, height: h, rx: 4 }),
    svg('text', { class: 'glyph', x: b.padX, y: h / 2, 'dominant-baseline': 'central' }, GLYPHS[fileGlyph(box.node)]),
    svg('text', { class: 'name', x: b.padX + b.icon + b.gap, y: h / 2, 'dominant-baseline': 'central' }, fileLabel(box.node)),
  ];
}

function paramBody(box: NodeBox, heading: string | null): Array<SVGElement> {
  const { width: w, height: h } = box;
  if (box.group) {
    return [
      ring(w, h, 3, 1),
      svg('rect', { class: 'row', x: 1, width: w - 2, height: h }),
      svg('text', { class: 'name', x: BOX.group.padX, y: h / 2, 'dominant-baseline': 'central' }, paramLabel(box.node, heading)),
    ];
  }
  return [
    ring(w, h, h / 2),
    svg('rect', { class: 'box', width: w, height: h, rx: h / 2 }),
    svg('text', { class: 'name', x: BOX.param.padX, y: h / 2, 'dominant-baseline': 'central' }, paramLabel(box.node)),
  ];
}

function drawGroup(group: GroupBox): SVGGElement {
  return svg(
    'g',
    { class: 'group', 'data-group': group.id, transform: `translate(${group.x},${group.y})` },
    svg('rect', { class: 'box', width: group.width, height: group.height, rx: 4 }),
    svg('path', { class: 'rule', d: `M0 ${BOX.group.header - 0.5} H${group.width}` }),
    svg('text', { class: 'glyph', x: BOX.group.padX, y: BOX.group.header / 2, 'dominant-baseline': 'central' }, GLYPHS.settings),
    svg(
      'text',
      { class: 'label', x: BOX.group.padX + 18, y: BOX.group.header / 2, 'dominant-baseline': 'central' },
      truncate(group.label, 28),
    ),
  );
}

function nodeClass(node: GraphNode): string {
  if (node.kind === 'step') return `node step phase-${node.phase ?? 'none'}${node.details.length > 0 ? ' has-findings' : ''}`;
  if (node.kind === 'file') return `node file role-${node.role ?? 'input'}`;
  return 'node param';
}

export interface Drawing {
  /** The drawing's content, to place under the zoom/pan transform. */
  content: SVGGElement;
  /** Node elements by node id, in reading order. */
  nodes: Map<string, SVGGElement>;
}

export function drawGraph(graph: PipelineGraph, layout: GraphLayout): Drawing {
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const content = svg('g', { class: 'content' });
  // The drops from a step's params panel into the step run under the panel's boxes.
  const drops = svg('g', { class: 'edges drops' }, ...layout.edges.filter((r) => r.panel).map((route) => drawEdge(route, names)));
  const groups = svg('g', { class: 'groups' }, ...layout.groups.map(drawGroup));
  const edges = svg('g', { class: 'edges' }, ...layout.edges.filter((r) => !r.panel).map((route) => drawEdge(route, names)));
  const labels = svg('g', { class: 'edge-labels', 'aria-hidden': 'true' }, ...layout.edges.map(drawEdgeLabel));
  const nodeLayer = svg('g', { class: 'nodes' });
  const nodes = new Map<string, SVGGElement>();
  const headings = new Map(layout.groups.map((g) => [g.id, g.label]));
  for (const box of readingOrder(layout.nodes)) {
    const heading = box.group ? (headings.get(box.group) ?? null) : null;
    const body = box.node.kind === 'step' ? stepBody(box) : box.node.kind === 'file' ? fileBody(box) : paramBody(box, heading);
    const element = svg(
      'g',
      {
        class: nodeClass(box.node),
        'data-id': box.id,
        tabindex: 0,
        role: 'button',
        'aria-label': ariaLabel(box.node),
        transform: `translate(${box.x},${box.y})`,
      },
      ...body,
    );
    nodes.set(box.id, element);
    nodeLayer.append(element);
  }
  for (const layer of [drops, groups, edges]) layer.setAttribute('aria-hidden', 'true');
  content.append(drops, groups, edges, labels, nodeLayer);
  return { content, nodes };
}
