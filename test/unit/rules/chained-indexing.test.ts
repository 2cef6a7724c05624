import assert from 'node:assert/strict';
import { initEngine } from '../../../src/core/engine';
import { applyEdits } from '../../../src/core/edits';
import { chainedIndexing } from '../../../src/core/rules/correctness/chained-indexing';
import { findingsOf, notebook, ruleTester } from './tester';

const lines = (...l: string[]): string => l.join('\n') + '\n';
const DF = 'import pandas as pd\ndf = pd.read_csv("a.csv")\n';

ruleTester(chainedIndexing, {
  valid: [
    { name: 'one indexing through .loc', code: DF + 'df.loc[df["a"] > 0, "b"] = 1' },
    { name: 'a column assigned whole', code: DF + 'df["b"] = df["a"] * 2\ndf["c"] += 1' },
    { name: '.at and .iat', code: DF + 'df.at[0, "a"] = 1\ndf.iat[0, 1] = 2' },
    { name: 'reading through chained indexing is not writing', code: DF + 'x = df["a"][df["a"] > 0]\ny = df[df.a > 0]["b"]' },
    {
      name: 'not known to be a DataFrame (a dict of frames, by its name only)',
      code: 'import pandas as pd\ndata = load()\ndata["train"]["a"] = 1',
    },
    { name: 'a nested list', code: 'import pandas as pd\ngrid = [[0] * 3 for _ in range(3)]\ngrid[0][1] = 5' },
    { name: 'a NumPy array from a frame', code: DF + 'arr = df.values\narr[0][1] = 5\ndf.values[0][1] = 5' },
    { name: 'no pandas import', code: 'df = read()\ndf["a"][0] = 1' },
    { name: 'the old .ix indexer, once', code: DF + 'df.ix[df.a > 0, "b"] = 1\ndf.ix[:, 0] = 2' },
    { name: 'a frame property, not a column', code: DF + 'df.columns.values[0] = "x"' },
    { name: 'suppressed', code: DF + 'df["a"][df.a > 0] = 0  # mlh: ignore[MLH412]' },
  ],
  invalid: [
    {
      name: 'column then mask',
      code: DF + 'df["a"][df["a"] > 5] = 5',
      errors: [{ line: 3, column: 1, endColumn: 21, message: /chained indexing \(\[\] then \[\]\).*never reach `df`/ }],
    },
    { name: 'mask then column', code: DF + 'df[df["a"] > 5]["b"] = 0', errors: [{ line: 3, column: 1 }] },
    {
      name: 'attribute column then mask',
      code: DF + 'df.a[df.a.isna()] = 0',
      errors: [{ line: 3, column: 1, message: /\.column then \[\]/ }],
    },
    { name: '.loc then column', code: DF + 'df.loc[df.a > 0]["b"] = 1', errors: [{ line: 3, column: 1, message: /\.loc\[\] then \[\]/ }] },
    { name: '.ix then column', code: DF + 'df.ix[3]["a"] = 1', errors: [{ line: 3, column: 1, message: /\.ix\[\] then \[\]/ }] },
    { name: 'column then .iloc', code: DF + 'df["a"].iloc[0] = 1', errors: [{ line: 3, column: 1, message: /\[\] then \.iloc\[\]/ }] },
    { name: '.iloc row then column', code: DF + 'df.iloc[3]["a"] = 1', errors: [{ line: 3, column: 1 }] },
    { name: 'augmented assignment', code: DF + 'df["a"][0] += 1', errors: [{ line: 3, column: 1 }] },
    {
      name: 'a frame passed to a function, in a loop',
      code: lines(
        'import pandas as pd',
        'def clean(d):',
        '    for c in ["a", "b"]:',
        '        d[c][d[c] < 0] = 0',
        'clean(pd.read_csv("x.csv"))',
      ),
      errors: [{ line: 4, column: 9 }],
    },
    {
      name: 'in a notebook cell',
      path: 'x.ipynb',
      code: notebook(['import pandas as pd\ndf = pd.DataFrame({"a": [1]})', 'df["a"][0] = 2']),
      errors: [{ cell: 2, line: 1, column: 1 }],
    },
  ],
});

describe('MLH412 chained-indexing: the fix', () => {
  before(() => initEngine());

  const fixed = (code: string): string | null => {
    const [finding] = findingsOf(chainedIndexing, { code });
    assert.ok(finding, `no finding in:\n${code}`);
    return finding.fix ? applyEdits(code, finding.fix.edits) : null;
  };

  const cases: Array<[string, string, string | null]> = [
    ['column then mask', 'df["a"][df["a"] > 5] = 5', 'df.loc[df["a"] > 5, "a"] = 5'],
    ['mask then column', 'df[df["a"] > 5]["b"] = 0', 'df.loc[df["a"] > 5, "b"] = 0'],
    ['attribute column', 'df.a[df.a.isna()] = 0', 'df.loc[df.a.isna(), "a"] = 0'],
    ['combined masks', 'df["a"][(df.a > 1) & ~(df.b < 2)] = 0', 'df.loc[(df.a > 1) & ~(df.b < 2), "a"] = 0'],
    ['a mask bound to a name', 'm = df.a > 1\ndf["a"][m] += 1', 'm = df.a > 1\ndf.loc[m, "a"] += 1'],
    ['a label or position: no fix (.loc would read it as a label)', 'df["a"][0] = 1', null],
    ['a slice: no fix (positional for a Series, labels for .loc)', 'df["a"][0:3] = 1', null],
    ['column then .iloc: no fix', 'df["a"].iloc[0] = 1', null],
    ['.loc rows then column: no fix', 'df.loc[df.a > 0]["b"] = 1', null],
  ];
  for (const [name, line, expected] of cases)
    it(name, () => {
      const out = fixed(DF + line);
      assert.equal(out, expected === null ? null : DF + expected);
    });

  it('is unsafe: it writes where the original wrote to a copy', () => {
    const [finding] = findingsOf(chainedIndexing, { code: DF + 'df[df.a > 0]["b"] = 0' });
    assert.equal(finding?.fix?.applicability, 'unsafe');
  });
});
