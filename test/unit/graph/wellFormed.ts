import assert from 'node:assert/strict';
import type { PipelineGraph } from '../../../src/core/graph';

/** The properties every graph has: unique ids, edges between existing nodes, value edges forward, ordered lines. */
export function assertWellFormed(graph: PipelineGraph, label = graph.path): void {
  const ids = graph.nodes.map((n) => n.id);
  assert.equal(new Set(ids).size, ids.length, `${label}: duplicate node ids`);
  const order = new Map(graph.nodes.filter((n) => n.kind === 'step').map((n, i) => [n.id, i]));
  for (const edge of graph.edges) {
    assert.ok(ids.includes(edge.from) && ids.includes(edge.to), `${label}: edge ${edge.from} -> ${edge.to} to a missing node`);
    if (edge.kind === 'value' || edge.kind === 'leak') {
      assert.ok(order.get(edge.from)! < order.get(edge.to)!, `${label}: ${edge.kind} edge ${edge.from} -> ${edge.to} goes backwards`);
    }
    if (edge.kind === 'reads' || edge.kind === 'param') assert.ok(order.has(edge.to), `${label}: ${edge.kind} edge into a non-step`);
    if (edge.kind === 'writes') assert.ok(order.has(edge.from), `${label}: writes edge from a non-step`);
  }
  for (const n of graph.nodes) {
    if (n.kind !== 'step') continue;
    assert.ok(n.line !== null && n.endLine !== null, `${label}: ${n.id} has no lines`);
    if (n.cell === n.endCell) assert.ok(n.line <= n.endLine, `${label}: ${n.id} ends before it starts`);
    assert.equal(n.findings.length, n.details.length);
  }
}
