import assert from 'node:assert/strict';
import { initEngine, withModel } from '../../../src/core/engine';
import { cellRange, extractFunction } from '../../../src/core/refactors/extractFunction';
import { addMainGuard } from '../../../src/core/refactors/mainGuard';
import { suppressionEdit } from '../../../src/core/refactors/suppress';
import { applyEdits } from '../../../src/core/edits';
import type { Range } from '../../../src/core/types';
import { Project, py } from './helpers';

/** Lines `from`..`to` (1-based, inclusive) as a selection, as an editor selects whole lines. */
function lines(from: number, to: number): Range {
  return { start: { line: from - 1, character: 0 }, end: { line: to, character: 0 } };
}

const SCRIPT = py(
  'import pandas as pd', // 1
  'df = pd.read_csv("d.csv")', // 2
  'limit = 3', // 3
  '# clean the frame', // 4
  'df = df.dropna()', // 5
  'df["ratio"] = df["a"] / df["b"]', // 6
  'small = df[df["ratio"] < limit]', // 7
  'tmp = len(small)', // 8
  'print(small.shape, df.shape)', // 9
);

describe('refactor 4: extract to function', () => {
  before(() => initEngine());
  let project: Project;
  afterEach(() => project?.dispose());

  it('passes what the statements read from before, returns what the code after them uses, and calls it in their place', () => {
    project = new Project({ 'job.py': SCRIPT });
    const result = project.run('job.py', (m) => extractFunction(m, lines(5, 8), { name: 'clean' }));
    assert.equal(
      project.contents(result).get('job.py'),
      py(
        'import pandas as pd',
        'df = pd.read_csv("d.csv")',
        'limit = 3',
        '# clean the frame',
        'def clean(df, limit):',
        '    df = df.dropna()',
        '    df["ratio"] = df["a"] / df["b"]',
        '    small = df[df["ratio"] < limit]',
        '    tmp = len(small)',
        '    return df, small',
        '',
        '',
        'df, small = clean(df, limit)',
        'print(small.shape, df.shape)',
      ),
    );
  });

  it('names the function after the section title, and a notebook cell can be extracted whole', () => {
    const cells = [
      { cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: ['import numpy as np\n', 'x = np.arange(5)'] },
      { cell_type: 'markdown', metadata: {}, source: ['## Scale the values'] },
      { cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: ['y = x * 2\n', 'z = y + 1'] },
      { cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: ['print(z)'] },
    ];
    project = new Project({ 'nb.ipynb': JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }, null, 1) });
    const result = project.run('nb.ipynb', (m) => extractFunction(m, cellRange(m, 2)!));
    const after = JSON.parse(project.contents(result).get('nb.ipynb')!) as { cells: Array<{ source: string[] }> };
    assert.deepEqual(after.cells[2]!.source, [
      'def scale_the_values(x):\n',
      '    y = x * 2\n',
      '    z = y + 1\n',
      '    return z\n',
      '\n',
      '\n',
      'z = scale_the_values(x)',
    ]);
    assert.deepEqual(after.cells[0]!.source, cells[0]!.source);
    assert.equal(result.change!.title, 'Extract cell to function scale_the_values()');
  });

  const NAMES: Array<[string, string[], [number, number], string]> = [
    [
      'a commented-out heading nearby is not a title: the read names it',
      [
        'import pandas as pd',
        '# # Add log of var38',
        "# X['logvar38'] = X['var38'].map(np.log1p)",
        'train = pd.read_csv("../input/train.csv")',
        'print(train.shape)',
      ],
      [4, 4],
      'load_train',
    ],
    [
      'a fit names it after the estimator',
      [
        'import xgboost as xgb',
        'X, y = [[1]], [0]',
        '# tuned by hand',
        'clf = xgb.XGBClassifier(max_depth=5)',
        'clf.fit(X, y)',
        'print(clf)',
      ],
      [4, 5],
      'train_xgb_classifier',
    ],
    [
      'a prediction after what it predicts',
      ['X = [[1]]', 'clf = object()', 'sel_test = X', 'y_pred = clf.predict_proba(sel_test)', 'print(y_pred)'],
      [4, 4],
      'predict_sel_test',
    ],
    [
      'a written file after what is written',
      ['import pandas as pd', 'submission = pd.DataFrame({"a": [1]})', 'submission.to_csv("submission.csv", index=False)'],
      [3, 3],
      'save_submission',
    ],
    ['what it returns when no call says anything', ['x = 1', 'ratio = x / 2', 'print(ratio)'], [2, 2], 'compute_ratio'],
  ];
  for (const [what, code, [from, to], name] of NAMES) {
    it(`names the function after what it does: ${what} (${name})`, () => {
      project = new Project({ 'job.py': py(...code) });
      const result = project.run('job.py', (m) => extractFunction(m, lines(from, to)));
      assert.match(project.contents(result).get('job.py')!, new RegExp(`^def ${name}\\(`, 'm'), result.change?.title);
    });
  }

  it('keeps names that module functions read as globals, so the functions still see them', () => {
    project = new Project({ 'job.py': py('def report():', '    print(total)', 'total = 0', 'total = total + 5', 'report()') });
    const code = project.contents(project.run('job.py', (m) => extractFunction(m, lines(4, 5), { name: 'step' }))).get('job.py')!;
    assert.ok(code.includes('def step():\n    global total\n    total = total + 5\n    report()\n'), code);
  });

  it('does not re-indent the inside of a multi-line string', () => {
    project = new Project({ 'job.py': py('sql = """', 'SELECT *', '  FROM t', '"""', 'print(sql)') });
    const code = project.contents(project.run('job.py', (m) => extractFunction(m, lines(1, 5), { name: 'q' }))).get('job.py')!;
    assert.ok(code.includes('    sql = """\nSELECT *\n  FROM t\n"""\n    print(sql)\n'), code);
  });

  const refusals: Array<[string, string, Range, RegExp]> = [
    [
      'a selection that starts inside a statement',
      SCRIPT,
      { start: { line: 4, character: 3 }, end: { line: 6, character: 0 } },
      /starts inside the statement at line 5/,
    ],
    [
      'a selection that ends inside a statement',
      SCRIPT,
      { start: { line: 4, character: 0 }, end: { line: 5, character: 4 } },
      /ends inside the statement at line 6/,
    ],
    ['`return` at top level', py('x = 1', 'if x:', '    return', 'print(x)'), lines(2, 3), /line 3 has `return`/],
    ['`yield`', py('x = 1', 'y = yield x'), lines(2, 2), /`yield`/],
    ['`global`', py('x = 1', 'global x', 'x = 2'), lines(2, 3), /`global`/],
    ['`del` of a name used later', py('x = 1', 'del x', 'x = 2', 'print(x)', 'y = 3', 'del y', 'print(y)'), lines(6, 6), /deletes y/],
    ['the module docstring', py('"""Doc."""', 'x = 1'), lines(1, 2), /docstring/],
    ['a selection with no statement', py('x = 1', '', '# just a comment', 'y = 2'), lines(2, 3), /no top-level statement/],
    ['globals()', py('x = 1', 'print(globals()["x"])'), lines(2, 2), /globals\(\)/],
    [
      '`import *`',
      py('x = 1', 'if x:', '    from os.path import *', 'print(x)'),
      lines(2, 3),
      /line 3 has `import \*`, which a function cannot hold/,
    ],
  ];
  for (const [what, text, range, reason] of refusals) {
    it(`refuses ${what}, with the reason and the line`, () => {
      project = new Project({ 'job.py': text });
      const result = project.run('job.py', (m) => extractFunction(m, range));
      assert.equal(result.change, null);
      assert.equal(result.refused.length, 1);
      assert.match(result.refused[0]!.reason, reason);
    });
  }

  it('refuses a notebook cell holding an IPython magic', () => {
    const cells = [{ cell_type: 'code', metadata: {}, outputs: [], execution_count: null, source: ['%time x = 1\n', 'y = 2'] }];
    project = new Project({ 'nb.ipynb': JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }) });
    const result = project.run('nb.ipynb', (m) => extractFunction(m, cellRange(m, 0)!));
    assert.match(result.refused[0]!.reason, /IPython magic/);
  });
});

describe('refactor 5: add a main guard', () => {
  before(() => initEngine());
  let project: Project;
  afterEach(() => project?.dispose());

  it('moves the top-level work into main(); imports, docstring, functions and classes stay; globals the functions read are declared', () => {
    project = new Project({
      'job.py': py(
        '#!/usr/bin/env python',
        '"""The job."""',
        'import pandas as pd',
        '',
        'def load():',
        '    return pd.read_csv(PATH)',
        '',
        'PATH = "d.csv"',
        'df = load()',
        'df.to_csv("out.csv")',
      ),
    });
    const code = project.contents(project.run('job.py', addMainGuard)).get('job.py')!;
    assert.ok(
      code.startsWith('#!/usr/bin/env python\n"""The job."""\nimport pandas as pd\n\ndef load():\n    return pd.read_csv(PATH)\n'),
      code,
    );
    assert.ok(code.includes('def main():\n    global PATH\n\n    PATH = "d.csv"\n    df = load()\n    df.to_csv("out.csv")\n'), code);
    assert.ok(code.endsWith('\n\nif __name__ == "__main__":\n    main()\n'), code);
  });

  it('calls main() first in an existing guard when all the loose work is above it', () => {
    project = new Project({
      'job.py': py('import os', 'os.makedirs("out", exist_ok=True)', 'if __name__ == "__main__":', '    print("done")'),
    });
    const code = project.contents(project.run('job.py', addMainGuard)).get('job.py')!;
    assert.equal(
      code,
      py(
        'import os',
        'def main():',
        '    os.makedirs("out", exist_ok=True)',
        '',
        '',
        'if __name__ == "__main__":',
        '    main()',
        '    print("done")',
      ),
    );
  });

  it('refuses when a definition needs a top-level value when it is defined (a decorator, a default)', () => {
    project = new Project({
      'job.py': py('import functools', 'cache = functools.lru_cache(maxsize=8)', '@cache', 'def f(x):', '    return x', 'print(f(1))'),
    });
    const result = project.run('job.py', addMainGuard);
    assert.equal(result.change, null);
    assert.match(result.refused[0]!.reason, /line 3 uses cache when it is defined.*line 2/);
  });

  it('refuses to move an `import *` into main(), with its line', () => {
    project = new Project({ 'job.py': py('import sys', 'if sys.argv:', '    from os.path import *', 'print(join("a", "b"))') });
    const result = project.run('job.py', addMainGuard);
    assert.equal(result.change, null);
    assert.match(result.refused[0]!.reason, /line 3 has `import \*`, which main\(\) cannot hold/);
    assert.equal(result.refused[0]!.range.start.line, 2);
  });

  it('a function defined twice is redefined at its point of the run: both definitions move with the work', () => {
    project = new Project({ 'job.py': py('def f():', '    return 1', 'print(f())', 'def f():', '    return 2', 'print(f())') });
    const code = project.contents(project.run('job.py', addMainGuard)).get('job.py')!;
    assert.ok(code.startsWith('def main():\n    def f():\n        return 1\n    print(f())\n    def f():'), code);
  });
});

describe('Disable MLHxxx for this line', () => {
  before(() => initEngine());
  let project: Project;
  afterEach(() => project?.dispose());

  it('adds a pragma at the end of the line, or adds the code to the pragma there', () => {
    project = new Project({ 'job.py': py('a = f(1)', 'b = f(2)  # mlh: ignore[MLH102]', 'c = """x', 'y"""', 'd = 1 + \\', '    2') });
    const source = project.source('job.py');
    const edit = (line: number) => withModel(source, (m) => suppressionEdit(m, line, 'MLH101'));
    const apply = (line: number): string => applyEdits(source.text, [edit(line)!]).split('\n')[line]!;
    assert.equal(apply(0), 'a = f(1)  # mlh: ignore[MLH101]');
    assert.equal(apply(1), 'b = f(2)  # mlh: ignore[MLH102, MLH101]');
    assert.equal(edit(2), null, 'the line ends inside a string');
    assert.equal(edit(4), null, 'the line ends with a continuation');
  });
});
