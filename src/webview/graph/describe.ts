/**
 * The words for a node: its accessible name (what a screen reader says on focus) and the lines of
 * its tooltip (reads, writes, findings). Pure, from the graph alone.
 */
import type { GraphFinding, GraphNode, PipelineGraph } from '../../core/graph/types';
import { PHASE_TITLES } from '../../core/types';
import { linesText, stepDetail } from './labels';

const SEVERITY_RANK: Record<GraphFinding['severity'], number> = { error: 3, warning: 2, info: 1 };

/** The worst severity among a node's findings; null when it has none. */
export function worstSeverity(node: Pick<GraphNode, 'details'>): GraphFinding['severity'] | null {
  let worst: GraphFinding['severity'] | null = null;
  for (const finding of node.details)
    if (worst === null || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[worst]) worst = finding.severity;
  return worst;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const ROLE_WORDS: Record<NonNullable<GraphNode['role']>, string> = {
  input: 'input file',
  output: 'output file',
  model: 'model file',
  figure: 'figure',
};

/** `training step`, `input file`, `params key`. */
export function kindText(node: GraphNode): string {
  if (node.kind === 'step') return node.phase ? `${PHASE_TITLES[node.phase]} step` : 'step';
  if (node.kind === 'file') return node.role ? ROLE_WORDS[node.role] : 'file';
  return 'params key';
}

/** Where the node is in the file: `lines 18–26`, `cell 4, lines 1–9`, `train.py, line 3`. */
export function whereText(node: GraphNode): string {
  const lines = linesText(node);
  const parts = [node.source ?? null, node.cell !== null ? `cell ${node.cell}` : null, lines].filter((p): p is string => !!p);
  return parts.join(', ');
}

/** The names of the steps on the other end of the node's edges, in the graph's order. */
function neighbours(graph: PipelineGraph, node: GraphNode, direction: 'in' | 'out'): string[] {
  const ids = new Set(
    graph.edges
      .filter((e) => (direction === 'in' ? e.to === node.id : e.from === node.id))
      .map((e) => (direction === 'in' ? e.from : e.to)),
  );
  return graph.nodes.filter((n) => ids.has(n.id) && n.kind === 'step').map((n) => n.name);
}

function findingsText(node: GraphNode): string {
  if (node.details.length === 0) return 'no findings';
  const codes = [...new Set(node.details.map((d) => d.code))].join(', ');
  return `${plural(node.details.length, 'finding')} (${codes})`;
}

/** The accessible name: `encode_features, feature engineering step, lines 18–26, 1 finding (MLH401)`. */
export function ariaLabel(node: GraphNode): string {
  const name = node.kind === 'param' && node.value !== null ? `${node.name} = ${node.value}` : node.name;
  const parts = [name, kindText(node), whereText(node)];
  if (node.kind === 'step') parts.push(findingsText(node));
  return parts.filter((p) => p !== '').join(', ');
}

export interface TooltipRow {
  label: string;
  text: string;
}

export interface TooltipContent {
  title: string;
  /** `feature engineering step · lines 18–26`. */
  subtitle: string;
  /** The section title a step came from (`## Train the model`). */
  section: string | null;
  rows: TooltipRow[];
  findings: GraphFinding[];
}

export function tooltipContent(graph: PipelineGraph, node: GraphNode): TooltipContent {
  const rows: TooltipRow[] = [];
  const list = (names: readonly string[]): string => (names.length > 0 ? names.join(', ') : 'nothing');
  if (node.kind === 'step') {
    rows.push({ label: 'Reads', text: list(node.reads) }, { label: 'Writes', text: list(node.writes) });
  } else if (node.kind === 'file') {
    const readers = neighbours(graph, node, 'out');
    const writers = neighbours(graph, node, 'in');
    if (writers.length > 0) rows.push({ label: 'Written by', text: list(writers) });
    if (readers.length > 0) rows.push({ label: 'Read by', text: list(readers) });
  } else {
    if (node.value !== null) rows.push({ label: 'Value', text: node.value });
    rows.push({ label: 'Read by', text: list(neighbours(graph, node, 'out')) });
  }
  const where = node.kind === 'step' ? stepDetail(node) : whereText(node);
  return {
    title: node.name,
    subtitle: [kindText(node), where].filter((p) => p !== '').join(' · '),
    section: node.title,
    rows,
    findings: node.details,
  };
}

/** The toolbar's summary: `6 steps · 4 files · 9 params`. */
export function summaryText(graph: PipelineGraph): string {
  const count = (kind: GraphNode['kind']): number => graph.nodes.filter((n) => n.kind === kind).length;
  const findings = graph.nodes.reduce((sum, n) => sum + n.details.length, 0);
  const parts = [plural(count('step'), 'step'), plural(count('file'), 'file'), plural(count('param'), 'param')];
  if (findings > 0) parts.push(plural(findings, 'finding'));
  return parts.join(' · ');
}
