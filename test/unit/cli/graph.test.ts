import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PipelineGraph } from '../../../src/core/graph';
import type { CliResult } from '../../../src/cli/run';
import { runCli } from '../../../src/cli/run';
import { MONOLITH_PY, monolithNotebook, NOT_UTF8, writeFiles } from './samples';

describe('ml-hygiene graph', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlh-graph-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const cli = (args: string[]): Promise<CliResult> => runCli(args, { cwd: root, stdoutIsTTY: false, env: {} });

  it('prints the JSON graph of a script by default: 1-based lines, cell null, step nodes with their findings', async () => {
    writeFiles(root, { 'src/train.py': MONOLITH_PY });
    const result = await cli(['graph', 'src/train.py']);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stderr, '');
    const graph = JSON.parse(result.stdout) as PipelineGraph;
    assert.equal(graph.path, 'src/train.py');
    assert.equal(graph.kind, 'python');
    const steps = graph.nodes.filter((n) => n.kind === 'step');
    assert.deepEqual(
      steps.map((n) => [n.name, n.phase, n.line, n.cell]),
      [
        ['load_data', 'data', 5, null],
        ['build_features', 'features', 6, null],
        ['train_logistic_regression', 'training', 17, null],
        ['predict_score', 'evaluation', 19, null],
      ],
    );
    for (const n of graph.nodes)
      assert.deepEqual(Object.keys(n).slice(0, 9), ['id', 'kind', 'name', 'phase', 'line', 'endLine', 'cell', 'endCell', 'findings']);
    for (const e of graph.edges) assert.ok(['value', 'reads', 'writes', 'param', 'leak'].includes(e.kind));
    assert.ok(graph.nodes.some((n) => n.kind === 'file' && n.name === 'data.csv' && n.role === 'input'));
  });

  it('prints Mermaid and DOT, and writes to --output', async () => {
    writeFiles(root, { 'nb.ipynb': monolithNotebook() });
    const mermaid = await cli(['graph', 'nb.ipynb', '--format', 'mermaid']);
    assert.equal(mermaid.exitCode, 0);
    assert.match(
      mermaid.stdout,
      /^flowchart LR\n {2}n0\["churn<br\/><small>cell 2, lines 5-14 · 1 finding<\/small>"\]:::features\n {2}n1\["train<br\/><small>cell 4, lines 1-11/,
    );
    const dot = await cli(['graph', 'nb.ipynb', '-f', 'dot', '--output', 'graph.dot']);
    assert.deepEqual([dot.exitCode, dot.stdout, dot.stderr], [0, '', '']);
    assert.match(readFileSync(join(root, 'graph.dot'), 'utf8'), /^digraph pipeline \{\n {2}rankdir=LR;/);
  });

  it('graphs a package modularize generated, from its folder, with the same steps as the script', async () => {
    writeFiles(root, { 'job.py': MONOLITH_PY });
    const split = await cli(['refactor', 'modularize', 'job.py']);
    assert.equal(split.exitCode, 0, split.stderr);
    const script = JSON.parse((await cli(['graph', 'job.py'])).stdout) as PipelineGraph;
    const pkg = await cli(['graph', 'job']);
    assert.equal(pkg.exitCode, 0, pkg.stderr);
    const graph = JSON.parse(pkg.stdout) as PipelineGraph;
    assert.equal(graph.kind, 'package');
    assert.equal(graph.path, 'job/pipeline.py');
    const names = (g: PipelineGraph) => g.nodes.filter((n) => n.kind === 'step').map((n) => n.name);
    assert.deepEqual(names(graph), names(script));
    assert.deepEqual(
      graph.nodes.filter((n) => n.kind === 'step').map((n) => n.source),
      ['data.py', 'features.py', 'train.py', 'evaluate.py'],
    );
  });

  it('exits 2 with the reason for a file it cannot read', async () => {
    writeFiles(root, { 'bad.py': NOT_UTF8, 'broken.ipynb': '{"cells": [', 'empty/readme.txt': 'x' });
    for (const [file, reason] of [
      ['missing.py', 'cannot read it: no such file'],
      ['bad.py', 'not valid UTF-8 (first bad byte at offset 5)'],
      ['broken.ipynb', 'malformed notebook'],
      ['empty', 'is a folder without a pipeline.py'],
    ] as const) {
      const result = await cli(['graph', file]);
      assert.equal(result.exitCode, 2, file);
      assert.equal(result.stdout, '');
      assert.ok(result.stderr.startsWith('ml-hygiene: error: '), result.stderr);
      assert.ok(result.stderr.includes(reason), `${file}: ${result.stderr}`);
    }
  });

  it('prints the graph of a file that does not parse with its error, and warns with the line', async () => {
    writeFiles(root, { 'broken.py': 'import pandas as pd\ndf = pd.read_csv("a.csv"\n' });
    const result = await cli(['graph', 'broken.py']);
    assert.equal(result.exitCode, 0);
    const graph = JSON.parse(result.stdout) as PipelineGraph;
    assert.deepEqual(graph.nodes, []);
    assert.ok(graph.error);
    assert.match(result.stderr, /^ml-hygiene: warning: broken\.py:\d+: The code does not parse/);
  });

  it('rejects an unknown format', async () => {
    writeFiles(root, { 'a.py': MONOLITH_PY });
    const result = await cli(['graph', 'a.py', '--format', 'svg']);
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /argument 'svg' is invalid\. Allowed choices are json, mermaid, dot/);
  });
});
