import assert from 'node:assert/strict';
import { initEngine } from '../../../src/core/engine';
import { newCellTexts } from '../../../src/core/refactors/apply';
import type { ScriptChange } from '../../../src/core/refactors/change';
import { extractCells } from '../../../src/core/refactors/extractFunction';
import { Project } from './helpers';

/** Extract cells to function: several notebook cells become one function, the cells stay cells. */

type Cell = { cell_type: 'code' | 'markdown'; metadata: object; source: string; outputs?: []; execution_count?: null };
const code = (...lines: string[]): Cell => ({
  cell_type: 'code',
  metadata: {},
  outputs: [],
  execution_count: null,
  source: lines.join('\n'),
});
const md = (text: string): Cell => ({ cell_type: 'markdown', metadata: {}, source: text });
const ipynb = (cells: Cell[]): string => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }, null, 1);

const NOTEBOOK = [
  code('import pandas as pd', 'import numpy as np', 'limit = 0.2'), // 0
  md('## Prepare the data'), // 1
  code('rng = np.random.default_rng(0)', 'df = pd.DataFrame({"a": rng.random(20), "b": rng.random(20)})'), // 2
  md('Then keep the large ones.'), // 3
  code('# drop the small ones', 'df = df[df["a"] > limit]', 'ratio = df["a"] / df["b"]', '# ratio is printed below'), // 4
  code('print(ratio.round(3).tolist())'), // 5
];

describe('refactor 4 on notebook cells: extract cells to function', () => {
  before(() => initEngine());
  let project: Project;
  afterEach(() => project?.dispose());

  /** The cells' texts after the refactor (all cells, markdown included). */
  function after(cells: Cell[], from: number, to: number, name?: string): { texts: string[]; title: string; focus: unknown } {
    project = new Project({ 'nb.ipynb': ipynb(cells) });
    const result = project.run('nb.ipynb', (m) => extractCells(m, from, to, name ? { name } : {}));
    assert.ok(result.change, JSON.stringify(result.refused));
    const written = JSON.parse(project.contents(result).get('nb.ipynb')!) as {
      cells: Array<{ cell_type: string; source: string | string[] }>;
    };
    assert.deepEqual(
      written.cells.map((c) => c.cell_type),
      cells.map((c) => c.cell_type),
      'every cell keeps its place and kind',
    );
    const texts = written.cells.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
    // The edits the editor applies per cell give the same texts as the notebook written by the CLI.
    const script = result.change.changes[0] as ScriptChange;
    for (const [index, text] of newCellTexts(script.source, script.edits)) assert.equal(text, texts[index]);
    return { texts, title: result.change.title, focus: result.change.focus };
  }

  it('moves the code of every selected code cell into one function in the first, called there; markdown stays, later code cells keep what follows their code', () => {
    const { texts, title, focus } = after(NOTEBOOK, 1, 4);
    assert.equal(
      texts[2],
      [
        'def prepare_the_data(limit):',
        '    rng = np.random.default_rng(0)',
        '    df = pd.DataFrame({"a": rng.random(20), "b": rng.random(20)})',
        '',
        '    # drop the small ones',
        '    df = df[df["a"] > limit]',
        '    ratio = df["a"] / df["b"]',
        '    return ratio',
        '',
        '',
        'ratio = prepare_the_data(limit)',
      ].join('\n'),
    );
    assert.equal(texts[4], '# ratio is printed below');
    for (const i of [0, 1, 3, 5]) assert.equal(texts[i], NOTEBOOK[i]!.source, `cell ${i + 1} unchanged`);
    assert.equal(title, 'Extract cells to function prepare_the_data()');
    assert.deepEqual(focus, { line: 3, character: 4 }, 'the rename starts on the name in the first code cell');
  });

  const VALID: Array<[string, Cell[], [number, number], Record<number, string>]> = [
    [
      'a middle cell wholly moved is left empty, and the name says what the code returns',
      [code('x = 1'), code('y = x + 1'), code('z = y * 2'), code('w = z - x'), code('print(w)')],
      [1, 3],
      { 1: 'def compute_w(x):\n    y = x + 1\n\n    z = y * 2\n\n    w = z - x\n    return w\n\n\nw = compute_w(x)', 2: '', 3: '' },
    ],
    [
      'a name rebound in the cells and read afterwards is passed in and returned',
      [code('n = 0'), code('if n < 5:', '    n = n + 10'), code('m = n * 2'), code('print(n, m)')],
      [1, 2],
      { 1: 'def compute_n_m(n):\n    if n < 5:\n        n = n + 10\n\n    m = n * 2\n    return n, m\n\n\nn, m = compute_n_m(n)', 2: '' },
    ],
    [
      'a selection of one code cell among markdown is the single-cell extract',
      [md('# Title'), code('a = 2'), md('## Square it'), code('b = a ** 2'), md('done')],
      [2, 4],
      { 3: 'def square_it(a):\n    b = a ** 2\n\n\nsquare_it(a)' },
    ],
  ];
  for (const [what, cells, [from, to], expected] of VALID) {
    it(`extracts: ${what}`, () => {
      const { texts } = after(cells, from, to);
      cells.forEach((cell, i) => assert.equal(texts[i], expected[i] ?? cell.source, `cell ${i + 1}`));
    });
  }

  const INVALID: Array<[string, Cell[], [number, number], RegExp]> = [
    [
      '`return` in a later cell',
      [code('x = 1'), code('y = x'), code('if y:', '    return'), code('print(y)')],
      [1, 2],
      /^line 2 of cell 3 has `return` outside a function/,
    ],
    ['`yield`', [code('x = 1'), code('y = 2'), code('z = yield x')], [1, 2], /^line 1 of cell 3 has `yield`/],
    ['`global`', [code('x = 1'), code('global x'), code('x = 2')], [1, 2], /^line 1 of cell 2 has a `global` declaration/],
    ['`nonlocal`', [code('x = 1'), code('nonlocal x'), code('x = 2')], [1, 2], /`nonlocal`/],
    [
      'an IPython magic in a selected cell',
      [code('x = 1'), code('y = x'), code('%time z = y + 1', 'print(z)')],
      [1, 2],
      /^line 1 of cell 3 is an IPython magic or shell line/,
    ],
    [
      'a shell line in a selected cell',
      [code('x = 1'), code('!ls data', 'y = x'), code('z = 2')],
      [1, 2],
      /^line 1 of cell 2 is an IPython magic or shell line/,
    ],
    [
      'a cell whose statement starts in the cell above, not selected',
      [code('x = (1,'), code('2)', 'y = x'), code('print(y)')],
      [1, 2],
      /^the selection starts inside the statement at line 1 of cell 1/,
    ],
    [
      'a statement going on into the cell below, not selected',
      [code('x = 1'), code('y = [x,'), code('x]', 'print(y)')],
      [0, 1],
      /^the selection ends inside the statement at line 1 of cell 2/,
    ],
    ['`del` of a name the later cells use', [code('x = 1'), code('y = 2'), code('del x'), code('print(x)')], [1, 2], /deletes x/],
    ['globals()', [code('x = 1'), code('y = 2'), code('print(globals()["x"])')], [1, 2], /^line 1 of cell 3 calls globals\(\)/],
    ['markdown cells alone', [code('x = 1'), md('# A'), md('# B'), code('print(x)')], [1, 2], /hold no code cell/],
    ['code cells with only comments', [code('x = 1'), code('# later'), code('# maybe'), code('print(x)')], [1, 2], /hold no code/],
  ];
  for (const [what, cells, [from, to], reason] of INVALID) {
    it(`refuses ${what}, with the reason, the line and the cell`, () => {
      project = new Project({ 'nb.ipynb': ipynb(cells) });
      const result = project.run('nb.ipynb', (m) => extractCells(m, from, to));
      assert.equal(result.change, null);
      assert.equal(result.refused.length, 1);
      assert.match(result.refused[0]!.reason, reason);
    });
  }

  it('refuses a script: cells exist only in notebooks', () => {
    project = new Project({ 'job.py': 'x = 1\n' });
    const result = project.run('job.py', (m) => extractCells(m, 0, 1));
    assert.match(result.refused[0]!.reason, /only .* from a notebook/);
  });
});
