import type { Phase } from '../types';
import type { GraphEdge, GraphNode, PipelineGraph } from './types';

/**
 * The graph as text: JSON (the data as it is), Mermaid (`flowchart LR`, for a README or a pull
 * request) and DOT (Graphviz). Mermaid and DOT name nodes `n0`, `n1`, ... in graph order, so the
 * output is stable and free of characters either syntax would reject.
 */

export const graphFormats = ['json', 'mermaid', 'dot'] as const;
export type GraphFormat = (typeof graphFormats)[number];

/** Phase colours for Mermaid and DOT: light fills that read in both light and dark renderers. */
const PHASE_FILL: Record<Phase, string> = {
  data: '#dbeafe',
  features: '#dcfce7',
  training: '#fde68a',
  evaluation: '#e9d5ff',
  persistence: '#fed7aa',
  visualisation: '#fbcfe8',
};

/** Where a step is: `lines 3-17`, `cell 4, lines 1-9`, `cells 4-6`. */
export function placeOf(node: GraphNode): string {
  if (node.line === null) return '';
  if (node.cell !== null && node.endCell !== null && node.endCell !== node.cell) return `cells ${node.cell}-${node.endCell}`;
  const lines = node.endLine !== null && node.endLine !== node.line ? `lines ${node.line}-${node.endLine}` : `line ${node.line}`;
  return node.cell !== null ? `cell ${node.cell}, ${lines}` : lines;
}

function edgeLabel(edge: GraphEdge): string {
  const names = edge.kind === 'value' ? edge.names : [];
  const shown = names.length > 4 ? [...names.slice(0, 3), `+${names.length - 3} more`] : names;
  const leak = edge.findings.length > 0 ? `leak: ${edge.findings.join(', ')}` : '';
  return [shown.join(', '), leak].filter((s) => s !== '').join(' | ');
}

function findingsNote(node: GraphNode): string {
  const n = node.findings.length;
  return n === 0 ? '' : `${n} finding${n === 1 ? '' : 's'}`;
}

function mermaidText(text: string): string {
  return text.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

function mermaid(graph: PipelineGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart LR'];
  if (graph.error) lines.push(`  error["${mermaidText(graph.error.message)}"]`);
  for (const node of graph.nodes) {
    const id = ids.get(node.id)!;
    if (node.kind === 'step') {
      const sub = [placeOf(node), findingsNote(node)].filter((s) => s !== '').join(' · ');
      lines.push(`  ${id}["${mermaidText(node.name)}${sub ? `<br/><small>${mermaidText(sub)}</small>` : ''}"]:::${node.phase}`);
    } else if (node.kind === 'file') {
      const name = mermaidText(node.name);
      const shape = node.role === 'model' ? `[["${name}"]]` : node.role === 'figure' ? `[/"${name}"/]` : `[("${name}")]`;
      lines.push(`  ${id}${shape}:::file`);
    } else {
      lines.push(`  ${id}{{"${mermaidText(node.name)}"}}:::param`);
    }
  }
  const leaks: number[] = [];
  graph.edges.forEach((edge, i) => {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    if (!from || !to) return;
    const label = edgeLabel(edge);
    const arrow = edge.kind === 'param' || edge.kind === 'leak' ? '-.->' : '-->';
    lines.push(`  ${from} ${arrow}${label ? `|"${mermaidText(label)}"|` : ''} ${to}`);
    if (edge.findings.length > 0) leaks.push(i);
  });
  for (const [phase, fill] of Object.entries(PHASE_FILL)) lines.push(`  classDef ${phase} fill:${fill},stroke:#555,color:#111`);
  lines.push(
    '  classDef file fill:#f3f4f6,stroke:#555,color:#111',
    '  classDef param fill:#fff,stroke:#888,color:#111,stroke-dasharray:3 3',
  );
  if (leaks.length > 0) lines.push(`  linkStyle ${leaks.join(',')} stroke:#d32f2f,stroke-width:2px,color:#d32f2f`);
  return lines.join('\n') + '\n';
}

function dotText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function dot(graph: PipelineGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = [
    'digraph pipeline {',
    '  rankdir=LR;',
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  if (graph.error) lines.push(`  label="${dotText(graph.error.message)}";`);
  for (const node of graph.nodes) {
    const id = ids.get(node.id)!;
    if (node.kind === 'step') {
      const sub = [placeOf(node), findingsNote(node)].filter((s) => s !== '').join(' · ');
      const label = sub ? `${node.name}\n${sub}` : node.name;
      const colour = node.findings.length > 0 ? ', color="#d32f2f"' : '';
      lines.push(
        `  ${id} [label="${dotText(label)}", shape=box, style="rounded,filled", fillcolor="${PHASE_FILL[node.phase!]}"${colour}];`,
      );
    } else if (node.kind === 'file') {
      const shape = node.role === 'model' ? 'box3d' : node.role === 'figure' ? 'parallelogram' : 'cylinder';
      lines.push(`  ${id} [label="${dotText(node.name)}", shape=${shape}, style=filled, fillcolor="#f3f4f6"];`);
    } else {
      lines.push(`  ${id} [label="${dotText(node.name)}", shape=note];`);
    }
  }
  for (const edge of graph.edges) {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    if (!from || !to) continue;
    const attributes: string[] = [];
    const label = edgeLabel(edge);
    if (label) attributes.push(`label="${dotText(label)}"`);
    if (edge.kind === 'param' || edge.kind === 'leak') attributes.push('style=dashed');
    if (edge.findings.length > 0) attributes.push('color="#d32f2f"', 'fontcolor="#d32f2f"', 'penwidth=2');
    lines.push(`  ${from} -> ${to}${attributes.length > 0 ? ` [${attributes.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

export function formatGraph(graph: PipelineGraph, format: GraphFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(graph, null, 2) + '\n';
    case 'mermaid':
      return mermaid(graph);
    case 'dot':
      return dot(graph);
  }
}
