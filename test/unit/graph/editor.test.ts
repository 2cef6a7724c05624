/**
 * The editor's half of the pipeline graph that needs no editor (src/vscode/graphData.ts): the graph
 * of a document's text or a notebook's cells is the one `ml-hygiene graph` prints for the file;
 * where clicking a node takes the editor; which step holds the cursor; the panel's title; the
 * timing of an edit to a redrawn graph.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphOfFile } from '../../../src/cli/graph';
import { defaultConfig } from '../../../src/core/config/types';
import { initEngine } from '../../../src/core/engine';
import type { PipelineGraph } from '../../../src/core/graph/types';
import { emptyNode } from '../../../src/core/graph';
import { parseNotebookJson } from '../../../src/core/parse/source';
import { nearestConfig } from '../../../src/core/project/configs';
import type { ModuleReader } from '../../../src/vscode/graphData';
import {
  emptyGraph,
  graphCovers,
  graphOfInput,
  lineTarget,
  panelTitle,
  RenderClock,
  revealTarget,
  stepAt,
  unreadableGraph,
} from '../../../src/vscode/graphData';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
const noModules: ModuleReader = () => null;

function steps(graph: PipelineGraph): string[] {
  return graph.nodes.filter((n) => n.kind === 'step').map((n) => `${n.name}@${n.cell ?? ''}:${n.line}-${n.endLine}`);
}

async function cliGraph(path: string): Promise<PipelineGraph> {
  return graphOfFile(
    path,
    nearestConfig(() => ({ file: null, config: defaultConfig(), problems: [] })),
    () => {},
  );
}

describe('pipeline graph in the editor: the pure half', () => {
  let tmp: string;
  before(async () => {
    await initEngine();
    tmp = mkdtempSync(join(tmpdir(), 'mlh-graph-editor-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("draws a script's text as `ml-hygiene graph` draws the file", async () => {
    const path = join(EXAMPLES, 'house_prices.py');
    const graph = graphOfInput({ kind: 'python', path, text: readFileSync(path, 'utf8') }, { config: defaultConfig() }, noModules);
    assert.deepEqual(graph, await cliGraph(path));
    assert.deepEqual(steps(graph), [
      'load_data@:19-27',
      'features@:30-35',
      'train_ridge@:36-47',
      'evaluate_mean_absolute@:48-51',
      'publish@:54-61',
    ]);
  });

  it("draws a notebook's cells as `ml-hygiene graph` draws the file", async () => {
    const path = join(EXAMPLES, 'churn_exploration.ipynb');
    const cells = [...parseNotebookJson(readFileSync(path, 'utf8'))];
    const graph = graphOfInput({ kind: 'notebook', path, cells }, { config: defaultConfig() }, noModules);
    assert.deepEqual(graph, await cliGraph(path));
    assert.equal(graph.kind, 'notebook');
    assert.ok(
      steps(graph).every((s) => /@\d+:/.test(s)),
      steps(graph).join(', '),
    );
  });

  it("draws a generated package's pipeline.py as the package, its modules read through the reader", () => {
    const folder = join(tmp, 'job');
    mkdirSync(folder, { recursive: true });
    const pipeline = [
      'from .data import load_data',
      'from .train import train_model',
      '',
      '',
      'def main():',
      '    raw = load_data()',
      '    model = train_model(raw)',
      '',
      '',
      'if __name__ == "__main__":',
      '    main()',
      '',
    ].join('\n');
    const modules: Record<string, string> = {
      'data.py': 'import pandas as pd\n\n\ndef load_data():\n    return pd.read_csv("data/raw.csv")\n',
      'train.py':
        'from sklearn.linear_model import LogisticRegression\n\n\ndef train_model(raw):\n    model = LogisticRegression()\n    model.fit(raw[["a"]], raw["y"])\n    return model\n',
    };
    const read: string[] = [];
    const reader: ModuleReader = (relative) => {
      read.push(relative);
      return relative in modules ? { path: relative, text: modules[relative]! } : null;
    };
    const path = join(folder, 'pipeline.py');
    const graph = graphOfInput({ kind: 'python', path, text: pipeline }, {}, reader);
    assert.equal(graph.kind, 'package');
    assert.deepEqual(steps(graph), ['load_data@:4-5', 'train_model@:4-7']);
    assert.ok(read.includes('data.py') && read.includes('train.py'), read.join(', '));
    // Clicking a step opens its module at the function; the graph covers the modules, so the
    // panel keeps it while the user reads them; the cursor in a module selects its step.
    assert.deepEqual(revealTarget(graph, 'step:train_model'), { kind: 'lines', file: join(folder, 'train.py'), line: 4, endLine: 7 });
    assert.equal(graphCovers(graph, join(folder, 'train.py')), true);
    assert.equal(graphCovers(graph, path), true);
    assert.equal(graphCovers(graph, join(tmp, 'elsewhere.py')), false);
    assert.equal(stepAt(graph, { line: 6, cell: null, file: join(folder, 'train.py') }), 'step:train_model');
    assert.equal(stepAt(graph, { line: 6, cell: null, file: null }), null, "pipeline.py's own lines are no step's code");
    assert.equal(panelTitle(path), 'Pipeline: job/pipeline.py');
    // The same file elsewhere than in a package's shape is an ordinary script.
    const plain = graphOfInput({ kind: 'python', path, text: 'x = 1\nprint(x)\n' }, {}, reader);
    assert.equal(plain.kind, 'python');
  });

  it('a node whose module lies outside the package folder is not revealed', () => {
    const graph: PipelineGraph = {
      path: join(tmp, 'job', 'pipeline.py'),
      kind: 'package',
      nodes: [{ ...stepNode('step:x', 1, 2), source: '../../etc/passwd' }],
      edges: [],
      error: null,
    };
    assert.equal(revealTarget(graph, 'step:x'), null);
  });

  it('gives the error graph, with the reason, for a text over the size limit or that does not parse', () => {
    const config = { ...defaultConfig(), maxFileBytes: 10 };
    const big = graphOfInput({ kind: 'python', path: '/w/big.py', text: 'x = 1\n'.repeat(10) }, { config }, noModules);
    assert.deepEqual(big.nodes, []);
    assert.match(big.error?.message ?? '', /^file is .*, over the .* limit \(max-file-size\)$/);
    const broken = graphOfInput({ kind: 'python', path: '/w/broken.py', text: 'x = 1\ndef f(:\n    pass\n' }, {}, noModules);
    assert.ok(broken.error, 'a parse error is reported');
    assert.equal(broken.error.line, 2);
    assert.deepEqual(unreadableGraph('/w/a.ipynb', 'cannot read it: no such file'), {
      path: '/w/a.ipynb',
      kind: 'notebook',
      nodes: [],
      edges: [],
      error: { message: 'cannot read it: no such file', line: 1, cell: null },
    });
    assert.deepEqual(emptyGraph(), { path: '', kind: 'python', nodes: [], edges: [], error: null });
  });

  it('reveals lines of a script and cells of a notebook; a parse error by its line', () => {
    const script = graphOf('python', [stepNode('step:load', 3, 8), stepNode('step:train', 10, 10)]);
    assert.deepEqual(revealTarget(script, 'step:load'), { kind: 'lines', file: null, line: 3, endLine: 8 });
    assert.equal(revealTarget(script, 'step:nothing'), null);
    const notebook = graphOf('notebook', [
      { ...stepNode('step:load', 2, 4), cell: 3, endCell: 3 },
      { ...stepNode('step:clean', 1, 2), cell: 5, endCell: 7 },
    ]);
    assert.deepEqual(revealTarget(notebook, 'step:load'), { kind: 'cells', cell: 3, endCell: 3, line: 2, endLine: 4 });
    assert.deepEqual(revealTarget(notebook, 'step:clean'), { kind: 'cells', cell: 5, endCell: 7, line: 1, endLine: 2 });
    assert.deepEqual(lineTarget(4, null), { kind: 'lines', file: null, line: 4, endLine: 4 });
    assert.deepEqual(lineTarget(4, 2), { kind: 'cells', cell: 2, endCell: 2, line: 4, endLine: 4 });
  });

  it('finds the step under the cursor: by line in a script, by cell and line in a notebook, the innermost first', () => {
    const script = graphOf('python', [stepNode('step:load', 3, 8), stepNode('step:train', 10, 20), stepNode('step:inner', 12, 14)]);
    assert.equal(stepAt(script, { line: 3, cell: null, file: null }), 'step:load');
    assert.equal(stepAt(script, { line: 8, cell: null, file: null }), 'step:load');
    assert.equal(stepAt(script, { line: 9, cell: null, file: null }), null);
    assert.equal(stepAt(script, { line: 13, cell: null, file: null }), 'step:inner');
    assert.equal(stepAt(script, { line: 15, cell: null, file: null }), 'step:train');
    const notebook = graphOf('notebook', [
      { ...stepNode('step:load', 2, 4), cell: 3, endCell: 3 },
      { ...stepNode('step:clean', 3, 2), cell: 5, endCell: 7 },
    ]);
    assert.equal(stepAt(notebook, { cell: 3, line: 1, file: null }), null);
    assert.equal(stepAt(notebook, { cell: 3, line: 2, file: null }), 'step:load');
    assert.equal(stepAt(notebook, { cell: 5, line: 9, file: null }), 'step:clean');
    assert.equal(stepAt(notebook, { cell: 6, line: 40, file: null }), 'step:clean');
    assert.equal(stepAt(notebook, { cell: 7, line: 3, file: null }), null);
    // Files and params are not steps.
    const withFile = graphOf('python', [{ ...stepNode('file:data.csv', 5, 5), kind: 'file' }]);
    assert.equal(stepAt(withFile, { line: 5, cell: null, file: null }), null);
  });

  it('names the panel after the file', () => {
    assert.equal(panelTitle('/w/examples/house_prices.py'), 'Pipeline: house_prices.py');
    assert.equal(panelTitle('/w/churn.ipynb'), 'Pipeline: churn.ipynb');
  });

  it('times an edit to a redrawn graph: from the last change and from the build, only for graphs it posted', () => {
    let now = 0;
    const clock = new RenderClock(() => now);
    now = 100;
    clock.changed();
    now = 180;
    clock.changed(); // typing on: the last change counts
    now = 330; // the debounce is over
    clock.built(1, 330, 360);
    now = 375;
    assert.deepEqual(clock.rendered(1, 12), {
      version: 1,
      changeToRenderedMs: 195,
      buildToRenderedMs: 45,
      buildMs: 30,
      viewMs: 12,
    });
    assert.equal(clock.rendered(1, 12), null, 'each graph is timed once');
    assert.equal(clock.rendered(7, 1), null, 'a version never posted');
    // A graph posted without an edit (another file, the view reloaded) has no edit time.
    clock.built(2, 400, 410);
    now = 420;
    assert.equal(clock.rendered(2, 3)?.changeToRenderedMs, null);
    assert.equal(clock.last?.version, 2);
  });
});

function stepNode(id: string, line: number, endLine: number): PipelineGraph['nodes'][number] {
  return { ...emptyNode(id, 'step', id.replace(/^\w+:/, '')), phase: 'data', line, endLine };
}

function graphOf(kind: 'python' | 'notebook', nodes: PipelineGraph['nodes']): PipelineGraph {
  return { path: kind === 'python' ? '/w/script.py' : '/w/book.ipynb', kind, nodes, edges: [], error: null };
}
