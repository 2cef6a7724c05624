import assert from 'node:assert/strict';
import { initEngine } from '../../../src/core/engine';
import { applyEdits } from '../../../src/core/edits';
import { discardedDataframeResult } from '../../../src/core/rules/correctness/discarded-dataframe-result';
import { bareExpression } from '../../../src/core/rules/notebook/bare-expression';
import { findingsOf, notebook, ruleTester } from './tester';

const lines = (...l: string[]): string => l.join('\n') + '\n';
const DF = 'import pandas as pd\ndf = pd.read_csv("a.csv")\n';

ruleTester(discardedDataframeResult, {
  valid: [
    { name: 'assigned back', code: DF + 'df = df.dropna()\ndf["a"] = df["a"].fillna(0)' },
    { name: 'inplace=True', code: DF + 'df.dropna(inplace=True)\ndf.sort_values("a", inplace=True)\ndf["a"].fillna(0, inplace=True)' },
    { name: 'inplace from a variable or **kwargs', code: DF + 'df.dropna(inplace=flag)\ndf.fillna(0, **opts)' },
    { name: 'methods that change the frame', code: DF + 'df.update(other)\ndf.insert(0, "b", 1)\ndf.pop("a")\ndf.to_csv("out.csv")' },
    { name: 'apply may be called for its effects', code: DF + 'df["a"].apply(print)\ndf.apply(plot_row, axis=1)' },
    {
      name: 'not known to be a DataFrame',
      code: 'import pandas as pd\nframe = load()\nframe.dropna()\ntext = "a"\ntext.replace("a", "b")',
    },
    { name: 'a list, a dict', code: 'import pandas as pd\nitems = []\nitems.append(1)\nd = {}\nd.pop("a")' },
    { name: 'no pandas import', code: 'df = load()\ndf.dropna()' },
    { name: 'used in an expression', code: DF + 'print(df.dropna())\nx = df.drop("a", axis=1).shape' },
    {
      name: 'notebook: the last statement of a cell is its display (bare-expression territory)',
      path: 'x.ipynb',
      code: notebook(['import pandas as pd\ndf = pd.read_csv("a.csv")', 'df.sort_values("a")', 'x = 1\ndf.dropna()  # shown']),
    },
    { name: 'suppressed', code: DF + 'df.dropna()  # mlh: ignore[MLH413]' },
    {
      name: 'sorting a selection of rows is a way to look at them',
      code: DF + 'df.loc[df.id == 5, ["a", "b"]].sort_values("a")\ndf[df.a > 1].sort_index()\nx = 1',
    },
    {
      name: "a list that becomes a DataFrame later: append is the list's",
      code: 'import pandas as pd\nparts = []\nfor f in files:\n    parts.append(pd.read_csv(f))\nparts = pd.concat(parts)\nrows = list()\nrows.append(1)\nrows = pd.DataFrame(rows)\na, b = [], list()\nfor r in rs:\n    a.append(r)\n    b.append(r)\na = pd.DataFrame(a)\nb = pd.concat(b)',
    },
    {
      name: 'a script exported from a notebook: the last statement of an In[] section was its display',
      code: lines(
        'import pandas as pd',
        '# In[1]:',
        'df = pd.read_csv("a.csv")',
        'df.sort_values("a")',
        '',
        '# In[2]:',
        'df.rename(columns=str.lower)',
        '# a comment',
      ),
    },
  ],
  invalid: [
    {
      name: 'dropna as a statement',
      code: DF + 'df.dropna()',
      errors: [
        {
          line: 3,
          column: 1,
          endColumn: 12,
          message: /`df.dropna\(\)` returns a new DataFrame .* `df` is unchanged.*`df = df.dropna\(\)`/,
        },
      ],
    },
    { name: 'inplace=False', code: DF + 'df.drop("a", axis=1, inplace=False)', errors: [{ line: 3, column: 1 }] },
    {
      name: 'a column',
      code: DF + 'df["a"].fillna(0)\ndf.b.astype(int)',
      errors: [
        { line: 3, column: 1, message: /new Series/ },
        { line: 4, column: 1, message: /`df\["b"\] = df.b.astype\(int\)`/ },
      ],
    },
    { name: 'the .str accessor', code: DF + 'df["name"].str.lower()', errors: [{ line: 3, column: 1 }] },
    {
      name: 'a script exported from a notebook: not the last statement of its section',
      code: lines('import pandas as pd', '# In[1]:', 'df = pd.read_csv("a.csv")', 'df.dropna()', 'print(df.shape)'),
      errors: [{ line: 4, column: 1 }],
    },
    { name: 'a chain', code: DF + 'df.drop("a", axis=1).reset_index(drop=True)', errors: [{ line: 3, column: 1 }] },
    { name: 'append in a loop', code: DF + 'for r in rows:\n    df.append(r, ignore_index=True)', errors: [{ line: 4, column: 5 }] },
    {
      name: 'in a function, on a parameter the file passes a frame to',
      code: lines('import pandas as pd', 'def clean(d):', '    d.drop_duplicates()', '    return d', 'clean(pd.read_csv("x"))'),
      errors: [{ line: 3, column: 5 }],
    },
    {
      name: 'notebook: not the last statement, silenced, or in a block',
      path: 'x.ipynb',
      code: notebook([
        'import pandas as pd\ndf = pd.read_csv("a.csv")\ndf.dropna()\nx = 1',
        'df.fillna(0);',
        'if x:\n    df.rename(columns={"a": "b"})',
      ]),
      errors: [
        { cell: 1, line: 3, column: 1 },
        { cell: 2, line: 1, column: 1 },
        { cell: 3, line: 2, column: 5 },
      ],
    },
  ],
});

describe('MLH413 discarded-dataframe-result: the fix, and MLH202', () => {
  before(() => initEngine());

  const fixed = (code: string): string | null => {
    const [finding] = findingsOf(discardedDataframeResult, { code });
    assert.ok(finding, `no finding in:\n${code}`);
    return finding.fix ? applyEdits(code, finding.fix.edits) : null;
  };

  const cases: Array<[string, string, string | null]> = [
    ['a name', 'df.dropna()', 'df = df.dropna()'],
    ['a column by subscript', 'df["a"].fillna(0)', 'df["a"] = df["a"].fillna(0)'],
    ['a column by attribute', 'df.a.fillna(0)', 'df["a"] = df.a.fillna(0)'],
    ['the .str accessor', 'df["n"].str.strip()  # tidy', 'df["n"] = df["n"].str.strip()  # tidy'],
    ['a chain, assigned to its start', 'df.dropna().reset_index(drop=True)', 'df = df.dropna().reset_index(drop=True)'],
    ['a row selection', 'df.loc[df.a > 0, "b"].fillna(0)', 'df.loc[df.a > 0, "b"] = df.loc[df.a > 0, "b"].fillna(0)'],
  ];
  for (const [name, line, expected] of cases) it(name, () => assert.equal(fixed(DF + line), expected === null ? null : DF + expected));

  it('is unsafe', () => {
    const [finding] = findingsOf(discardedDataframeResult, { code: DF + 'df.dropna()' });
    assert.equal(finding?.fix?.applicability, 'unsafe');
  });

  it('a call both could claim is reported once: by MLH413 on a known frame, by MLH202 otherwise', () => {
    const code = DF + 'df.sort_values("a")\nother = load()\nother.sort_values("a")\n';
    assert.deepEqual(
      findingsOf(discardedDataframeResult, { code }).map((f) => f.range.start.line + 1),
      [3],
    );
    assert.deepEqual(
      findingsOf(bareExpression, { code }).map((f) => f.range.start.line + 1),
      [5],
    );
  });

  it("in an exported script, a section's last expression is MLH202's (a display left in a script)", () => {
    const code = lines(
      'import pandas as pd',
      '# In[1]:',
      'df = pd.read_csv("a.csv")',
      'df.sort_values("a")',
      '# In[2]:',
      'df.sort_values("b")',
      'x = 1',
    );
    assert.deepEqual(
      findingsOf(discardedDataframeResult, { code }).map((f) => f.range.start.line + 1),
      [6],
    );
    assert.deepEqual(
      findingsOf(bareExpression, { code }).map((f) => f.range.start.line + 1),
      [4],
    );
  });

  it('a notebook cell output is MLH202 territory, and MLH202 leaves a display alone', () => {
    const code = notebook(['import pandas as pd\ndf = pd.read_csv("a.csv")', 'df.sort_values("a")', 'df.sort_values("a")\nx = 1']);
    const at = (f: { cell?: { cellIndex: number } }): number => (f.cell?.cellIndex ?? -1) + 1;
    assert.deepEqual(findingsOf(discardedDataframeResult, { code, path: 'x.ipynb' }).map(at), [3]);
    assert.deepEqual(findingsOf(bareExpression, { code, path: 'x.ipynb' }).map(at), []);
  });
});
