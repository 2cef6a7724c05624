/**
 * The graph page's layout (src/webview/graph/layout.ts), in plain Node: deterministic, left to
 * right, no two boxes overlapping, params beside the step that reads them, hidden kinds left out.
 */
import assert from 'node:assert/strict';
import type { PipelineGraph } from '../../../src/core/graph/types';
import { groupHeading, monoWidth, namesLabel, paramLabel, truncatePath } from '../../../src/webview/graph/labels';
import type { GraphLayout, NodeBox } from '../../../src/webview/graph/layout';
import { LayoutCache, layoutGraph, readingOrder } from '../../../src/webview/graph/layout';
import { edge, empty, large, monolith, notebook, param, step } from '../../webview/graphs';

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

function overlaps(a: Rect, b: Rect): boolean {
  const e = 0.5; // rounding
  return a.x < b.x + b.width - e && b.x < a.x + a.width - e && a.y < b.y + b.height - e && b.y < a.y + a.height - e;
}

/** Pairs of boxes that overlap: nodes (group rows count through their group), groups, edge labels. */
function collisions(layout: GraphLayout): string[] {
  const rects: Array<{ id: string; rect: Rect }> = [
    ...layout.nodes.filter((b) => !b.group).map((b) => ({ id: b.id, rect: b as Rect })),
    ...layout.groups.map((g) => ({ id: g.id, rect: g as Rect })),
    ...layout.edges.flatMap((r) =>
      r.label
        ? [
            {
              id: `label ${r.id}`,
              rect: { x: r.label.x - r.label.width / 2, y: r.label.y - r.label.height / 2, width: r.label.width, height: r.label.height },
            },
          ]
        : [],
    ),
  ];
  const found: string[] = [];
  for (let i = 0; i < rects.length; i++)
    for (let j = i + 1; j < rects.length; j++)
      if (overlaps(rects[i]!.rect, rects[j]!.rect)) found.push(`${rects[i]!.id} × ${rects[j]!.id}`);
  return found;
}

function box(layout: GraphLayout, id: string): NodeBox {
  const found = layout.nodes.find((b) => b.id === id);
  assert.ok(found, `no box for ${id}`);
  return found;
}

const FIXTURES: Array<[string, () => PipelineGraph]> = [
  ['monolith', monolith],
  ['notebook', notebook],
  ['large', large],
];

describe('graph webview layout', () => {
  for (const [name, make] of FIXTURES) {
    describe(name, () => {
      const graph = make();
      const layout = layoutGraph(graph);

      it('is deterministic', () => {
        assert.deepEqual(layoutGraph(make()), layout);
      });

      it('places every node, inside the drawing, and no two boxes overlap', () => {
        assert.equal(layout.nodes.length, graph.nodes.length);
        for (const b of layout.nodes) {
          assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.width <= layout.width + 0.5 && b.y + b.height <= layout.height + 0.5, `${b.id} inside`);
        }
        assert.deepEqual(collisions(layout), []);
      });

      it('draws every value edge left to right, from box border to box border', () => {
        const values = layout.edges.filter((r) => r.edge.kind === 'value' || r.edge.kind === 'leak');
        assert.equal(values.length, graph.edges.filter((e) => e.kind === 'value' || e.kind === 'leak').length);
        for (const route of values) {
          const from = box(layout, route.edge.from);
          const to = box(layout, route.edge.to);
          assert.ok(from.x + from.width <= to.x, `${route.id}: ${from.id} ends before ${to.id} starts`);
          const first = route.points[0]!;
          const last = route.points[route.points.length - 1]!;
          assert.ok(first.x < last.x, `${route.id} runs right`);
          assert.ok(
            Math.abs(last.x - to.x) < 1 || Math.abs(last.y - to.y) < 1 || Math.abs(last.y - (to.y + to.height)) < 1,
            `${route.id} ends on the border of ${to.id}`,
          );
        }
      });

      it('gives every named edge a label and orders nodes for reading left to right', () => {
        for (const route of layout.edges)
          assert.equal(route.label !== null, route.edge.kind === 'value' || route.edge.kind === 'leak', route.id);
        const order = readingOrder(layout.nodes);
        for (let i = 1; i < order.length; i++) {
          const [a, b] = [order[i - 1]!, order[i]!];
          assert.ok(
            a.x + a.width / 2 < b.x + b.width / 2 || (a.x + a.width / 2 === b.x + b.width / 2 && a.y <= b.y),
            `${a.id} before ${b.id}`,
          );
        }
      });
    });
  }

  it('puts params in a panel above the first step that reads them, grouped by the key’s first segment', () => {
    const layout = layoutGraph(monolith());
    const train = box(layout, 'step:train_model');
    const group = layout.groups.find((g) => g.id === 'group:model@step:train_model');
    assert.ok(group);
    assert.equal(group.label, 'model.random_forest_classifier');
    assert.deepEqual(group.members, [
      'param:model.random_forest_classifier.max_depth',
      'param:model.random_forest_classifier.n_estimators',
    ]);
    assert.ok(group.y + group.height < train.y, 'the group sits above the step');
    assert.ok(group.x < train.x + train.width && train.x < group.x + group.width, 'in the same column');
    // `data.*` keys read by two different steps make two groups, each by its step.
    assert.deepEqual(
      layout.groups
        .filter((g) => g.label === 'data')
        .map((g) => g.id)
        .sort(),
      ['group:data@step:evaluate_model', 'group:data@step:load_data'],
    );
    // A key read by a later step too: that edge leaves its group's row, rightwards.
    const seed = layout.edges.find((r) => r.edge.from === 'param:seed' && r.edge.to === 'step:train_model')!;
    const seedBox = box(layout, 'param:seed');
    assert.deepEqual(seed.points[0], { x: seedBox.x + seedBox.width, y: seedBox.y + seedBox.height / 2 });
  });

  it('hides files and params on request, with their edges, and counts what it hid', () => {
    const graph = monolith();
    const files = graph.nodes.filter((n) => n.kind === 'file').length;
    const params = graph.nodes.filter((n) => n.kind === 'param').length;
    const noFiles = layoutGraph(graph, { showFiles: false });
    assert.ok(noFiles.nodes.every((b) => b.node.kind !== 'file'));
    assert.ok(noFiles.edges.every((r) => r.edge.kind !== 'reads' && r.edge.kind !== 'writes'));
    assert.deepEqual(noFiles.hidden, { nodes: files, edges: graph.edges.filter((e) => e.kind === 'reads' || e.kind === 'writes').length });
    const noParams = layoutGraph(graph, { showParams: false });
    assert.ok(noParams.nodes.every((b) => b.node.kind !== 'param'));
    assert.deepEqual(noParams.groups, []);
    assert.equal(noParams.hidden.nodes, params);
    const steps = layoutGraph(graph, { showFiles: false, showParams: false });
    assert.deepEqual(
      steps.nodes.map((b) => b.id),
      graph.nodes.filter((n) => n.kind === 'step').map((n) => n.id),
    );
    assert.ok(steps.width < layoutGraph(graph).width, 'narrower without the files');
    assert.deepEqual(collisions(steps), []);
  });

  it('lays out nothing for a graph without nodes, and drops edges to unknown nodes and loops', () => {
    assert.deepEqual(layoutGraph(empty()), { width: 0, height: 0, nodes: [], edges: [], groups: [], hidden: { nodes: 0, edges: 0 } });
    const graph: PipelineGraph = {
      path: 'x.py',
      kind: 'python',
      nodes: [step('a', { phase: 'data', line: 1, endLine: 2 }), step('b', { phase: 'training', line: 3, endLine: 4 }), param('k', '1', 1)],
      edges: [
        edge('step:a', 'step:b', 'value', ['df']),
        edge('step:a', 'step:gone', 'value', ['x']),
        edge('step:a', 'step:a', 'value', ['y']),
      ],
      error: null,
    };
    const layout = layoutGraph(graph);
    assert.deepEqual(
      layout.edges.map((r) => r.id),
      ['step:a->step:b#0'],
    );
    assert.deepEqual(layout.hidden, { nodes: 0, edges: 2 });
    // A param no step reads stands alone.
    assert.equal(layout.nodes.length, 3);
    assert.deepEqual(collisions(layout), []);
  });

  it('reuses the last layout while the graph keeps its shape, with the new nodes and edges', () => {
    const cache = new LayoutCache();
    const first = cache.layout(monolith());
    // An edit inside a step: its last line moves (same width of text), a finding appears on an edge.
    const edited = monolith();
    edited.nodes[1] = { ...edited.nodes[1]!, endLine: 27 };
    edited.edges[5] = { ...edited.edges[5]!, findings: ['MLH401'] };
    const again = cache.layout(edited);
    assert.deepEqual(
      again.nodes.map((b) => [b.id, b.x, b.y, b.width]),
      first.nodes.map((b) => [b.id, b.x, b.y, b.width]),
    );
    assert.equal(again.nodes[1]!.node.endLine, 27);
    assert.deepEqual(again.edges.find((r) => r.edge.from === edited.edges[5]!.from && r.edge.to === edited.edges[5]!.to)!.edge.findings, [
      'MLH401',
    ]);
    assert.deepEqual(again, layoutGraph(edited), 'the same as a fresh layout');
    // A new edge changes the shape: laid out afresh.
    const grown = monolith();
    grown.edges.push({ from: 'step:load_data', to: 'step:train_model', kind: 'value', names: ['df'], findings: [] });
    assert.deepEqual(cache.layout(grown), layoutGraph(grown));
    assert.notDeepEqual(cache.layout(grown).edges.length, first.edges.length);
    assert.deepEqual(cache.layout(grown, { showFiles: false }), layoutGraph(grown, { showFiles: false }));
  });

  it('times the large graph (60 steps)', function () {
    const graph = large();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      layoutGraph(graph);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    // A figure for the report, not a pass mark (the machine is shared).
    console.log(
      `      layout of ${graph.nodes.length} nodes, ${graph.edges.length} edges: median ${times[2]!.toFixed(1)} ms, best ${times[0]!.toFixed(1)} ms`,
    );
  });
});

describe('graph webview labels', () => {
  it('shortens names, paths and keys', () => {
    assert.equal(namesLabel(['X_train', 'y_train']), 'X_train, y_train');
    assert.equal(namesLabel(['a', 'b', 'c', 'd']), 'a, b, c, …');
    assert.equal(truncatePath('data/raw/2024/customers_final.parquet', 32), 'data/ra…/customers_final.parquet');
    assert.equal(truncatePath('a/very_long_file_name_beyond_the_limit.csv', 16), 'very_long_file_…');
    assert.equal(truncatePath('data/churn.csv', 32), 'data/churn.csv');
    assert.equal(groupHeading(['model.svc.C', 'model.svc.kernel']), 'model.svc');
    assert.equal(groupHeading(['data.input_path', 'data.model_path']), 'data');
    assert.equal(groupHeading(['model.svc.C', 'model.knn.n_neighbors']), 'model');
    assert.equal(paramLabel(param('model.svc.C', '1.0', 1), 'model.svc'), 'C = 1.0');
    assert.equal(paramLabel(param('seed', null, 1)), 'seed');
    assert.equal(monoWidth('abcd', 10), 25);
  });
});
