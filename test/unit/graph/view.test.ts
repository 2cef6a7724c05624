/**
 * The graph page's pure parts, in plain Node: the message validators the host calls, the
 * viewport arithmetic, arrow-key navigation, the words of tooltips and labels, and the codicon
 * code points drawn in SVG (checked against the bundled codicon stylesheet).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ariaLabel, summaryText, tooltipContent, worstSeverity } from '../../../src/webview/graph/describe';
import { fileGlyph, GLYPHS } from '../../../src/webview/graph/icons';
import { layoutGraph } from '../../../src/webview/graph/layout';
import { neighbour } from '../../../src/webview/graph/navigation';
import { GRAPH_VIEW_MESSAGE_TYPES, parseGraphHostMessage, parseGraphViewMessage } from '../../../src/webview/graph/protocol';
import {
  fitViewport,
  MAX_SCALE,
  READABLE_SCALE,
  revealBox,
  showsDrawing,
  startViewport,
  zoomAt,
} from '../../../src/webview/graph/viewport';
import { file, monolith, notebook } from '../../webview/graphs';

const require = createRequire(__filename);

describe('graph webview protocol', () => {
  const ids = new Set(['step:load_data']);

  it('accepts each view message type in its shape and nothing else', () => {
    assert.deepEqual(parseGraphViewMessage({ type: 'ready' }, ids), { type: 'ready' });
    assert.deepEqual(parseGraphViewMessage({ type: 'reveal', nodeId: 'step:load_data', extra: 1 }, ids), {
      type: 'reveal',
      nodeId: 'step:load_data',
    });
    assert.deepEqual(parseGraphViewMessage({ type: 'revealLine', line: 44, cell: null }, ids), {
      type: 'revealLine',
      line: 44,
      cell: null,
    });
    assert.deepEqual(parseGraphViewMessage({ type: 'revealLine', line: 3, cell: 2 }, ids), { type: 'revealLine', line: 3, cell: 2 });
    assert.deepEqual(parseGraphViewMessage({ type: 'rendered', version: 7, ms: 12.5 }, ids), { type: 'rendered', version: 7, ms: 12.5 });
    const parsed = [
      { type: 'ready' },
      { type: 'reveal', nodeId: 'step:load_data' },
      { type: 'revealLine', line: 1, cell: null },
      { type: 'rendered', version: 1, ms: 0 },
    ]
      .map((m) => parseGraphViewMessage(m, ids)?.type)
      .sort();
    assert.deepEqual(parsed, [...GRAPH_VIEW_MESSAGE_TYPES].sort());
  });

  it('drops unknown types, unknown nodes and malformed fields', () => {
    for (const bad of [
      null,
      'ready',
      { type: 'open' },
      { type: 'reveal', nodeId: 'step:other' },
      { type: 'reveal', nodeId: 3 },
      { type: 'revealLine', line: 0, cell: null },
      { type: 'revealLine', line: 2.5, cell: null },
      { type: 'revealLine', line: 2, cell: 0 },
      { type: 'revealLine', line: 2 },
      { type: 'rendered', version: 1, ms: -1 },
      { type: 'rendered', version: '1', ms: 1 },
      { type: 'rendered', version: 1, ms: Number.NaN },
    ])
      assert.equal(parseGraphViewMessage(bad, ids), null, JSON.stringify(bad));
  });

  it('checks the host messages the view receives', () => {
    const graph = monolith();
    assert.deepEqual(parseGraphHostMessage({ type: 'graph', graph, version: 2 }), { type: 'graph', graph, version: 2 });
    assert.deepEqual(parseGraphHostMessage({ type: 'focus', nodeId: null }), { type: 'focus', nodeId: null });
    assert.equal(parseGraphHostMessage({ type: 'graph', graph: { path: 'x.py' }, version: 1 }), null);
    assert.equal(parseGraphHostMessage({ type: 'graph', graph, version: 'new' }), null);
    assert.equal(parseGraphHostMessage({ type: 'graph', graph: { ...graph, error: 'bad' }, version: 1 }), null);
    assert.equal(parseGraphHostMessage({ type: 'focus', nodeId: 4 }), null);
  });
});

describe('graph webview viewport', () => {
  it('fits a drawing centred, never above 100%', () => {
    const big = fitViewport({ width: 2000, height: 400 }, { width: 1032, height: 600 });
    assert.equal(big.k, 0.5);
    assert.equal(big.x, 16);
    assert.equal(big.y, (600 - 200) / 2);
    const small = fitViewport({ width: 200, height: 100 }, { width: 1000, height: 600 });
    assert.deepEqual(small, { x: 400, y: 250, k: 1 });
  });

  it('starts fitted, or at the beginning of a pipeline too long to fit readably', () => {
    const canvas = { width: 1232, height: 632 };
    assert.deepEqual(startViewport({ width: 2000, height: 400 }, canvas), fitViewport({ width: 2000, height: 400 }, canvas));
    const long = startViewport({ width: 18000, height: 360 }, canvas);
    assert.ok(long.k >= READABLE_SCALE);
    assert.equal(long.x, 16, 'the left end (the first steps) in view');
    assert.equal(long.y, (632 - 360 * long.k) / 2);
    assert.ok(fitViewport({ width: 18000, height: 360 }, canvas).k < READABLE_SCALE);
  });

  it('zooms about a point that stays put, within the limits', () => {
    const view = { x: 10, y: 20, k: 1 };
    const at = { x: 300, y: 200 };
    const zoomed = zoomAt(view, 2, at);
    // The drawing point under `at` before and after.
    const before = { x: (at.x - view.x) / view.k, y: (at.y - view.y) / view.k };
    const after = { x: (at.x - zoomed.x) / zoomed.k, y: (at.y - zoomed.y) / zoomed.k };
    assert.deepEqual(after, before);
    assert.equal(zoomAt(view, 100, at).k, MAX_SCALE);
  });

  it('pans just enough to show a box, and tells when nothing shows', () => {
    const canvas = { width: 800, height: 600 };
    const view = { x: 0, y: 0, k: 1 };
    assert.deepEqual(revealBox(view, { x: 100, y: 100, width: 50, height: 20 }, canvas), view);
    assert.deepEqual(revealBox(view, { x: 900, y: 100, width: 100, height: 20 }, canvas), { x: -(1000 - 776), y: 0, k: 1 });
    assert.deepEqual(revealBox(view, { x: -50, y: -10, width: 40, height: 20 }, canvas), { x: 74, y: 34, k: 1 });
    assert.equal(showsDrawing({ x: -5000, y: 0, k: 1 }, { width: 1000, height: 300 }, canvas), false);
    assert.equal(showsDrawing({ x: -500, y: 0, k: 1 }, { width: 1000, height: 300 }, canvas), true);
  });
});

describe('graph webview keyboard navigation', () => {
  const layout = layoutGraph(monolith());

  it('follows edges with Left and Right, the layer with Up and Down', () => {
    assert.equal(neighbour(layout, 'step:load_data', 'right'), 'step:encode_features');
    assert.equal(neighbour(layout, 'step:encode_features', 'left'), 'step:load_data');
    assert.equal(neighbour(layout, 'file:data/churn.csv', 'right'), 'step:load_data');
    // Up from a step reaches the params panel above it; Down comes back.
    assert.equal(neighbour(layout, 'step:train_model', 'up'), 'param:model.random_forest_classifier.n_estimators');
    assert.equal(neighbour(layout, 'param:model.random_forest_classifier.n_estimators', 'down'), 'step:train_model');
    const right = neighbour(layout, 'step:split_data', 'right');
    assert.ok(right === 'step:train_model' || right === 'step:evaluate_model', String(right));
    // The three files written by evaluate_model share a layer.
    const files = layout.nodes.filter((b) => b.node.kind === 'file' && b.id !== 'file:data/churn.csv').sort((a, b) => a.y - b.y);
    assert.equal(neighbour(layout, files[0]!.id, 'down'), files[1]!.id);
    assert.equal(neighbour(layout, files[1]!.id, 'up'), files[0]!.id);
    assert.equal(neighbour(layout, files[0]!.id, 'up'), null);
    assert.equal(
      neighbour(layout, 'step:evaluate_model', 'first'),
      layout.nodes.reduce((a, b) => (b.x + b.width / 2 < a.x + a.width / 2 ? b : a)).id,
    );
  });
});

describe('graph webview words', () => {
  const graph = monolith();
  const node = (id: string) => graph.nodes.find((n) => n.id === id)!;

  it('names a node for screen readers with its kind, place and findings', () => {
    assert.equal(ariaLabel(node('step:encode_features')), 'encode_features, feature engineering step, lines 18–26, 1 finding (MLH401)');
    assert.equal(ariaLabel(node('step:load_data')), 'load_data, data loading step, lines 1–16, no findings');
    assert.equal(ariaLabel(node('file:models/churn_model.pkl')), 'models/churn_model.pkl, model file, line 66');
    assert.equal(ariaLabel(node('param:split.test_size')), 'split.test_size = 0.2, params key, line 38');
    const cell = notebook().nodes.find((n) => n.id === 'step:clean_columns')!;
    assert.equal(ariaLabel(cell), 'clean_columns, feature engineering step, cell 4, lines 1–9, 1 finding (MLH412)');
  });

  it('writes the tooltip: reads, writes, readers, findings', () => {
    const step = tooltipContent(graph, node('step:train_model'));
    assert.equal(step.subtitle, 'training step · lines 43–55');
    assert.deepEqual(step.rows, [
      { label: 'Reads', text: 'X_train, y_train' },
      { label: 'Writes', text: 'clf' },
    ]);
    assert.deepEqual(
      step.findings.map((f) => f.code),
      ['MLH101', 'MLH301'],
    );
    assert.deepEqual(tooltipContent(graph, node('file:reports/metrics.json')).rows, [{ label: 'Written by', text: 'evaluate_model' }]);
    assert.deepEqual(tooltipContent(graph, node('param:seed')).rows, [
      { label: 'Value', text: '42' },
      { label: 'Read by', text: 'split_data, train_model' },
    ]);
    assert.equal(worstSeverity(node('step:train_model')), 'warning');
    assert.equal(worstSeverity(node('step:load_data')), null);
    assert.equal(summaryText(graph), '6 steps · 4 files · 9 params · 5 findings');
  });
});

describe('graph webview codicons', () => {
  it('draws the code points of the bundled codicon font', () => {
    const css = readFileSync(require.resolve('@vscode/codicons/dist/codicon.css'), 'utf8');
    for (const [name, glyph] of Object.entries(GLYPHS)) {
      const match = new RegExp(`\\.codicon-${name}:before \\{ content: "\\\\([0-9a-f]+)" \\}`).exec(css);
      assert.ok(match, `codicon-${name} in codicon.css`);
      assert.equal(glyph.codePointAt(0)!.toString(16), match[1], name);
    }
  });

  it('picks a file icon by role', () => {
    assert.equal(fileGlyph(file('data/churn.csv', 'input', 1)), 'database');
    assert.equal(fileGlyph(file('config/labels.yaml', 'input', 1)), 'file');
    assert.equal(fileGlyph(file('out/preds.csv', 'output', 1)), 'save');
    assert.equal(fileGlyph(file('model.pkl', 'model', 1)), 'package');
    assert.equal(fileGlyph(file('roc.png', 'figure', 1)), 'graph');
  });
});
