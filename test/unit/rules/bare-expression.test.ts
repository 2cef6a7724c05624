import assert from 'node:assert/strict';
import { initEngine } from '../../../src/core/engine';
import { bareExpression } from '../../../src/core/rules/notebook/bare-expression';
import { findingsOf, notebook, ruleTester, fixAll } from './tester';

const lines = (...l: string[]): string => l.join('\n') + '\n';

ruleTester(bareExpression, {
  valid: [
    {
      name: 'docstring and prose strings',
      code: lines('"""Module docstring."""', 'x = 1', '"""', 'Some prose between cells.', '"""', 'f"value {x}"', '"a" "b"'),
    },
    { name: 'an ellipsis placeholder', code: lines('...', 'if x:', '    ...') },
    {
      name: 'calls that may have effects',
      code: lines('print(df.head())', 'display(df)', 'plt.show()', 'train(model)', 'df.to_csv("out.csv")', 'model.fit(X, y)'),
    },
    { name: 'display method with inplace=True changes the frame', code: lines('df.sort_values("a", inplace=True)') },
    {
      name: 'a module function sharing a display name',
      code: lines('import numpy as np', 'import random', 'np.random.sample(5)', 'random.sample(items, 3)', 'np.max(a)'),
    },
    { name: 'a display call on an unknown call', code: lines('import pandas as pd', 'pd.read_csv("a.csv").head()', 'load().describe()') },
    { name: 'assignments and augmented assignments', code: lines('x = df.head()', 'x += 1', 'y: int = 2', 'df["a"] = 1') },
    {
      name: 'inside a function body',
      code: lines('def show(df):', '    df.head()', '    df', 'class A:', '    x', '    def m(self):', '        self.x'),
    },
    {
      name: 'a walrus, a comprehension, await-free lambdas are effects or values used',
      code: lines('(y := compute())', '[print(v) for v in values]'),
    },
    { name: 'suppressed', code: lines('df.head()  # mlh: ignore[MLH202]', 'df  # mlh: ignore') },
    { name: 'a syntax error does not make fragments bare', code: lines('df = foo(', 'x', 'y = 2') },
    {
      name: 'notebook: the last statement of a cell is its output',
      path: 'x.ipynb',
      code: notebook(['df = load()\ndf.head()', 'df', 'x = 1\nx  # shown']),
    },
    {
      name: 'notebook: the last statement before trailing comments and blank lines',
      path: 'x.ipynb',
      code: notebook(['df.describe()\n# look at it\n\n']),
    },
    { name: 'notebook: a magic-only cell', path: 'x.ipynb', code: notebook(['%matplotlib inline', '!pip list']) },
    { name: 'notebook: markdown cells are not code', path: 'x.ipynb', code: notebook([{ markdown: 'df.head()' }, 'df.head()']) },
  ],
  invalid: [
    {
      name: 'the churn corpus display',
      code: lines('import pandas as pd', 'df = pd.read_csv("/tmp/churn_job/customers.csv")', 'df.head()', 'print("rows:", len(df))'),
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 10, message: /^`df\.head\(\)` computes a value and throws it away/ }],
    },
    {
      name: 'names, attributes, subscripts, literals, comparisons',
      code: lines('df', 'df.shape', 'df["age"]', 'df.iloc[0:5, :]', '42', 'None', 'x == 1', 'a, b', 'not ready', 'df.columns[::2]'),
      errors: [
        { line: 1, column: 1 },
        { line: 2, column: 1, message: /^`df\.shape`/ },
        { line: 3, column: 1 },
        { line: 4, column: 1 },
        { line: 5, column: 1 },
        { line: 6, column: 1 },
        { line: 7, column: 1 },
        { line: 8, column: 1 },
        { line: 9, column: 1 },
        { line: 10, column: 1 },
      ],
    },
    {
      name: 'display-only methods, chained',
      code: lines(
        'import pandas as pd',
        'df = pd.DataFrame()',
        'df.describe()',
        'df.info()',
        'df.isna().sum()',
        'df["plan"].value_counts()',
        'df.groupby("plan")["y"].mean()',
      ),
      errors: [
        { line: 3, column: 1 },
        { line: 4, column: 1 },
        { line: 5, column: 1, message: /^`df\.isna\(\)\.sum\(\)`/ },
        { line: 6, column: 1 },
        { line: 7, column: 1 },
      ],
    },
    {
      name: 'inside top-level blocks and the main guard',
      code: lines(
        'if debug:',
        '    df.head()',
        'for col in cols:',
        '    df[col].nunique()',
        'with ctx:',
        '    df.tail(3)',
        'try:',
        '    df',
        'except KeyError:',
        '    pass',
        'if __name__ == "__main__":',
        '    df.sample(5)',
        'while x:',
        '    if y:',
        '        x',
        'match cmd:',
        '    case "show":',
        '        df.info()',
        'try:',
        '    pass',
        'finally:',
        '    df.shape',
      ),
      errors: [
        { line: 2, column: 5 },
        { line: 4, column: 5 },
        { line: 6, column: 5 },
        { line: 8, column: 5 },
        { line: 12, column: 5 },
        { line: 15, column: 9 },
        { line: 18, column: 9 },
        { line: 22, column: 5 },
      ],
    },
    {
      name: 'a long expression is shortened in the message',
      code: lines('df[["tenure", "monthly_charges", "total_charges", "support_calls"]]'),
      errors: [{ line: 1, column: 1, message: /^`df\[\["tenure", "monthly_charges", "total…` computes/ }],
    },
    {
      name: 'a syntax error elsewhere',
      code: lines('def broken(:', '    pass', 'df.head()'),
      errors: [{ line: 3, column: 1 }],
    },
    {
      name: 'notebook: not the last statement of its cell',
      path: 'x.ipynb',
      code: notebook([
        'import pandas as pd\ndf = pd.read_csv("a.csv")\ndf.head()\nprint(len(df))',
        { markdown: '## Next' },
        'df.shape\n%time x = 1',
      ]),
      errors: [
        { cell: 1, line: 3, column: 1, message: /is not the last statement of its cell, so it is never displayed/ },
        { cell: 3, line: 1, column: 1 },
      ],
    },
    {
      name: 'notebook: a trailing semicolon hides the output',
      path: 'x.ipynb',
      code: notebook(['x = 1\ndf.head();']),
      errors: [{ cell: 1, line: 2, column: 1, message: /ends with `;`, which hides its output/ }],
    },
    {
      name: 'notebook: inside a block nothing is displayed, even at the end of the cell',
      path: 'x.ipynb',
      code: notebook(['for c in cols:\n    df[c].describe()']),
      errors: [{ cell: 1, line: 2, column: 5, message: /sits inside a block, where a notebook displays nothing/ }],
    },
  ],
});

const fixBare = (code: string): string => fixAll(bareExpression, code);

describe('MLH202 bare-expression: fixes', () => {
  before(() => initEngine());

  it('is unsafe and titled', () => {
    const [finding] = findingsOf(bareExpression, { code: 'df.head()\nx = 1\n' });
    assert.equal(finding?.fix?.title, 'Remove the display expression');
    assert.equal(finding?.fix?.applicability, 'unsafe');
  });

  it('deletes whole lines, including a multi-line expression and its trailing comment', () => {
    assert.equal(fixBare('x = 1\ndf.head()\ndf[[\n    "a",\n    "b",\n]]  # columns\ny = 2\n'), 'x = 1\ny = 2\n');
  });

  it('empties the last line of a file without a final newline; adjacent fixes do not overlap', () => {
    assert.equal(fixBare('x = 1\ndf.head()'), 'x = 1\n');
    assert.equal(fixBare('x = 1\ndf.head()\ndf.tail()'), 'x = 1\n');
  });

  it('keeps a block valid: pass replaces the only statement, a sibling lets it go', () => {
    assert.equal(fixBare('for c in cols:\n    df[c].describe()\n'), 'for c in cols:\n    pass\n');
    assert.equal(fixBare('if x:\n    df\n    df.shape\n'), 'if x:\n    pass\n    pass\n');
    assert.equal(fixBare('if x:\n    df.head()\n    print(df)\n'), 'if x:\n    print(df)\n');
  });

  it('offers no fix when the expression shares its line', () => {
    const found = findingsOf(bareExpression, { code: 'x = 1; x\ny = 2\n' });
    assert.equal(found.length, 1);
    assert.equal(found[0]!.fix, null);
  });

  it('in a notebook, never deletes across a cell boundary', () => {
    const code = notebook(['if x:\n    print(1)\n    df.head()', 'y = 2']);
    const [finding] = findingsOf(bareExpression, { code, path: 'x.ipynb' });
    assert.ok(finding?.fix);
    // Program lines: 0-2 are cell 1, line 3 is cell 2; the edit stays on line 2.
    assert.deepEqual(finding.fix.edits[0]!.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 13 } });
  });
});
