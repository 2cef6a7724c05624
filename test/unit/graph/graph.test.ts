import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initEngine, withModel } from '../../../src/core/engine';
import type { GraphNode, PipelineGraph } from '../../../src/core/graph';
import { formatGraph, graphOfBytes, graphOfSource, packageGraph } from '../../../src/core/graph';
import { pythonSource } from '../../../src/core/parse/source';
import { modularize } from '../../../src/core/refactors/modularize/index';
import { matchSnapshot } from '../snapshot';
import { assertWellFormed } from './wellFormed';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'graph');
const SNAPSHOTS = join(__dirname, '..', '..', 'fixtures', '__snapshots__');

function fixtureGraph(name: string): PipelineGraph {
  const path = join(FIXTURES, name);
  return graphOfBytes(`/project/${name}`, readFileSync(path));
}

function node(graph: PipelineGraph, id: string): GraphNode {
  const found = graph.nodes.find((n) => n.id === id);
  assert.ok(found, `no node ${id} in ${graph.nodes.map((n) => n.id).join(', ')}`);
  return found;
}

function steps(graph: PipelineGraph): string[] {
  return graph.nodes.filter((n) => n.kind === 'step').map((n) => n.name);
}

function valueEdges(graph: PipelineGraph): string[] {
  return graph.edges.filter((e) => e.kind === 'value').map((e) => `${e.from} -> ${e.to}: ${e.names.join(', ')}`);
}

describe('pipeline graph', () => {
  before(async () => {
    await initEngine();
  });

  it('draws a script as its steps, the values between them, its files by role, its params keys, and a leakage edge in red', () => {
    const graph = fixtureGraph('leaky.py');
    assertWellFormed(graph);
    assert.equal(graph.kind, 'python');
    assert.equal(graph.error, null);
    assert.deepEqual(steps(graph), ['load_the_data', 'scale_the_features', 'split', 'train_the_model', 'evaluate']);
    assert.deepEqual(valueEdges(graph), [
      'step:load_the_data -> step:scale_the_features: raw',
      'step:scale_the_features -> step:split: X, y',
      'step:split -> step:train_the_model: X_train, y_train',
      'step:train_the_model -> step:evaluate: clf',
      'step:split -> step:evaluate: X_test, y_test',
    ]);
    const leak = graph.edges.find((e) => e.findings.length > 0);
    assert.deepEqual(leak && { from: leak.from, to: leak.to, findings: leak.findings }, {
      from: 'step:scale_the_features',
      to: 'step:split',
      findings: ['MLH401'],
    });
    const scale = node(graph, 'step:scale_the_features');
    assert.deepEqual(scale.findings, ['MLH401']);
    assert.equal(scale.details[0]!.line, 15);
    assert.deepEqual([scale.line, scale.endLine, scale.cell, scale.title], [14, 16, null, 'Scale the features']);
    assert.deepEqual(scale.reads, ['raw']);
    assert.deepEqual(scale.writes, ['X', 'y']);
    const roles = Object.fromEntries(graph.nodes.filter((n) => n.kind === 'file').map((n) => [n.name, n.role]));
    assert.deepEqual(roles, {
      'data/churn.csv': 'input',
      'models/churn.pkl': 'model',
      'reports/score.png': 'figure',
      'reports/score.txt': 'output',
    });
    assert.ok(graph.edges.some((e) => e.kind === 'reads' && e.from === 'file:data/churn.csv' && e.to === 'step:load_the_data'));
    assert.ok(graph.edges.some((e) => e.kind === 'writes' && e.from === 'step:evaluate' && e.to === 'file:reports/score.txt'));
    // What extract-config would write: the hyperparameter and the paths, keyed as it would key them.
    const c = node(graph, 'param:model.logistic_regression.C');
    assert.equal(c.value, '0.5');
    assert.ok(graph.edges.some((e) => e.kind === 'param' && e.from === c.id && e.to === 'step:train_the_model'));
  });

  it('reads the keys a script takes from its params file, and names files read through it by key', () => {
    const graph = fixtureGraph('reads_params.py');
    assertWellFormed(graph);
    const params = graph.nodes.filter((n) => n.kind === 'param').map((n) => n.name);
    for (const key of ['data.train_csv', 'data.predictions_csv', 'model.n_estimators', 'seed']) assert.ok(params.includes(key), key);
    assert.ok(graph.nodes.some((n) => n.kind === 'file' && n.name === 'params: data.train_csv' && n.role === 'input'));
    assert.ok(graph.nodes.some((n) => n.kind === 'file' && n.name === 'params: data.predictions_csv' && n.role === 'output'));
  });

  it('places notebook steps in their cells (1-based, counting markdown cells), with lines relative to the cell', () => {
    const graph = fixtureGraph('explore.ipynb');
    assertWellFormed(graph);
    assert.equal(graph.kind, 'notebook');
    assert.deepEqual(steps(graph), ['load', 'features', 'train', 'evaluate']);
    const at = (id: string) => {
      const n = node(graph, id);
      return [n.cell, n.line, n.endCell, n.endLine];
    };
    assert.deepEqual(at('step:load'), [4, 1, 4, 1]); // `df.head()` is a display leftover, not code
    assert.deepEqual(at('step:features'), [6, 1, 7, 1]);
    assert.deepEqual(at('step:train'), [9, 2, 9, 3]); // line 1 is the `%time` magic
    assert.equal(node(graph, 'file:customers.csv').cell, 4);
  });

  it('gives a file that does not parse an error with its line and no nodes', () => {
    const graph = graphOfSource(pythonSource('/p/broken.py', 'import pandas as pd\n\ndf = pd.read_csv("a.csv"\nprint(df)\n'));
    assert.deepEqual(graph.nodes, []);
    assert.ok(graph.error);
    assert.equal(graph.error.cell, null);
    assert.match(graph.error.message, /does not parse \(line \d\)/);
    assert.ok(graph.error.line >= 3 && graph.error.line <= 4, String(graph.error.line));
  });

  it('has no steps for a file with no code that runs', () => {
    const graph = graphOfSource(pythonSource('/p/lib.py', 'import os\n\n\ndef f(x):\n    return os.path.join(x, "a")\n'));
    assert.deepEqual(graph.nodes, []);
    assert.equal(graph.error, null);
  });

  it('draws a script modularize would refuse (a global declaration) all the same', () => {
    const text =
      'import pandas as pd\n\ndef bump():\n    global n\n    n += 1\n\nn = 0\ndf = pd.read_csv("a.csv")\nbump()\nprint(df.shape, n)\n';
    const graph = graphOfSource(pythonSource('/p/g.py', text));
    assertWellFormed(graph);
    assert.ok(steps(graph).length >= 1);
  });

  it("draws the package modularize generates with the script's steps, values, files and keys", () => {
    const path = '/project/leaky.py';
    const text = readFileSync(join(FIXTURES, 'leaky.py'), 'utf8');
    const script = graphOfSource(pythonSource(path, text));
    const result = withModel(pythonSource(path, text), (model) => modularize(model, { name: 'leaky', outDir: '/project' }));
    assert.deepEqual(result.refused, []);
    const files = new Map<string, string>();
    for (const change of result.change!.changes) if (change.kind === 'create') files.set(change.path, change.text);
    const pipeline = '/project/leaky/pipeline.py';
    const graph = withModel(pythonSource(pipeline, files.get(pipeline)!), (model) =>
      packageGraph(model, (relative) => {
        const full = join('/project/leaky', relative);
        const text = files.get(full);
        return text === undefined ? null : { path: relative, text };
      }),
    );
    assert.ok(graph);
    assertWellFormed(graph);
    assert.equal(graph.kind, 'package');
    assert.deepEqual(steps(graph), steps(script));
    assert.deepEqual(valueEdges(graph), valueEdges(script));
    const fileNames = (g: PipelineGraph) =>
      g.nodes
        .filter((n) => n.kind === 'file')
        .map((n) => `${n.name} (${n.role})`)
        .sort();
    assert.deepEqual(fileNames(graph), fileNames(script));
    const keys = (g: PipelineGraph) =>
      g.nodes
        .filter((n) => n.kind === 'param')
        .map((n) => n.name)
        .sort();
    assert.deepEqual(keys(graph), keys(script));
    const train = node(graph, 'step:train_the_model');
    assert.equal(train.source, 'train.py');
    assert.equal(node(graph, 'param:model.logistic_regression.C').value, '0.5');
    // Findings come from each step module's own analysis: the hyperparameter literal is gone (moved to params.yaml).
    assert.ok(!node(graph, 'step:train_the_model').findings.includes('MLH101'));
    assert.ok(node(script, 'step:train_the_model').findings.includes('MLH101'));
  });

  it('is not a package graph for a pipeline.py that is not generated', () => {
    const graph = withModel(pythonSource('/p/pipeline.py', 'import pandas as pd\n\ndf = pd.read_csv("a.csv")\n'), (model) =>
      packageGraph(model, () => null),
    );
    assert.equal(graph, null);
  });

  for (const name of ['leaky.py', 'reads_params.py', 'explore.ipynb']) {
    it(`matches its snapshots: ${name} (mermaid, dot)`, () => {
      const graph = fixtureGraph(name);
      matchSnapshot(join(SNAPSHOTS, `graph-${name}.mmd`), formatGraph(graph, 'mermaid'));
      matchSnapshot(join(SNAPSHOTS, `graph-${name}.dot`), formatGraph(graph, 'dot'));
    });
  }

  it('matches its JSON snapshot (leaky.py)', () => {
    matchSnapshot(join(SNAPSHOTS, 'graph-leaky.py.json'), formatGraph(fixtureGraph('leaky.py'), 'json'));
  });

  it('escapes names that Mermaid and DOT would misread', () => {
    const graph = graphOfSource(pythonSource('/p/q.py', 'import pandas as pd\n\ndf = pd.read_csv("a \\"quoted\\" <b>.csv")\nprint(df)\n'));
    const mermaid = formatGraph(graph, 'mermaid');
    assert.match(mermaid, /a #quot;quoted#quot; #lt;b#gt;\.csv/);
    const dot = formatGraph(graph, 'dot');
    assert.match(dot, /label="a \\"quoted\\" <b>\.csv"/);
  });
});
