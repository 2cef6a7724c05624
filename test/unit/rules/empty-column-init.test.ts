import assert from 'node:assert/strict';
import { initEngine } from '../../../src/core/engine';
import { emptyColumnInit } from '../../../src/core/rules/correctness/empty-column-init';
import { hasPythonStack, PYTHON, runBeforeAndAfter } from '../behaviour/python';
import { requireOnMachine } from '../machine';
import { findingsOf, notebook, ruleTester, fixAll } from './tester';

const frame = 'import pandas as pd\nimport numpy as np\ndf = pd.read_csv("a")\n';

ruleTester(emptyColumnInit, {
  valid: [
    { name: 'np.nan', code: `${frame}df["new"] = np.nan\n` },
    {
      name: 'real constants, even when updated later',
      code: `${frame}df["count"] = 0\ndf["flag"] = False\ndf["source"] = "train"\ndf["w"] = 1.0\ndf.loc[m, "count"] += 1\ndf.loc[m, "flag"] = True\ndf.loc[m, "source"] = "test"\n`,
    },
    { name: 'None is missing to pandas', code: `${frame}df["new"] = None\ndf.loc[0, "new"] = "a"\n` },
    {
      name: 'not a DataFrame by role',
      code: 'import pandas as pd\nrow = {}\nrow["name"] = ""\nrow["name"] += "a"\nd = get()\nd["x"] = ""\nd.loc[0, "x"] = "a"\n',
    },
    { name: 'a cell, not a column', code: `${frame}df.loc[0, "a"] = ""\ndf.at[0, "a"] = ""\n` },
    { name: 'a computed value', code: `${frame}df["a"] = df["b"].fillna("")\ndf.loc[0, "a"] = "x"\n` },
    { name: 'no pandas import', code: 'df = pd.read_csv("a")\ndf["x"] = ""\ndf.loc[0, "x"] = "a"\n' },
    {
      name: 'a constant column never written again: a dummy axis for a plot, not a placeholder',
      code: `${frame}df["Counts"] = ""\nsns.violinplot(x="Fare", y="Counts", data=df)\n`,
    },
    { name: 'written before, not after', code: `${frame}df.loc[0, "t"] = "a"\ndf["t"] = ""\n` },
    {
      name: 'another frame or another column written later',
      code: `${frame}other = df.copy()\ndf["t"] = ""\nother.loc[0, "t"] = "a"\ndf.loc[0, "u"] = "b"\n`,
    },
    {
      name: 'written in another function',
      code: `${frame}def fill(d):\n    d.loc[0, "t"] = "a"\ndef make(d):\n    d["t"] = ""\nmake(df)\nfill(df)\n`,
    },
  ],
  invalid: [
    {
      name: 'empty string, blanks, spellings of missing',
      code: `${frame}df["text"] = ""\ndf['pad'] = ' '\ndf["label"] = "NA"\ndf["x"] = "N/A"\ndf["y"] = "nan"\ndf["z"] = "null"\ndf.loc[:, "w"] = ""\nfill(df)\ndf.loc[df.a > 0, "text"] = "x"\ndf["pad"][0] = "p"\ndf.label[df.b == 1] = "L"\nfor i in range(3):\n    df.at[i, "x"] = "v"\ndf["y"] = df["b"].map(str)\ndf.loc[:, "z"] += "!"\ndf.loc[0, "w"] = "w"\n`,
      errors: [
        {
          line: 4,
          column: 1,
          endColumn: 16,
          message: /Column "text" is initialised with the placeholder "", which pandas does not count as missing/,
        },
        { line: 5, column: 1 },
        { line: 6, column: 1 },
        { line: 7, column: 1 },
        { line: 8, column: 1 },
        { line: 9, column: 1 },
        { line: 10, column: 1 },
      ],
    },
    {
      name: 'notebook, frame from a method chain',
      path: 'x.ipynb',
      code: notebook(['import pandas as pd\nsub = pd.read_csv("s").copy()', 'sub["target"] = ""', 'sub.loc[0, "target"] = "a"']),
      errors: [{ cell: 2, line: 1, column: 1 }],
    },
  ],
});

describe('MLH416 empty-column-init: fix', () => {
  before(() => initEngine());
  it('np.nan with the local name of numpy (unsafe)', () => {
    const code = 'import pandas as pd\nimport numpy as xp\ndf = pd.DataFrame()\ndf["a"] = ""\ndf.loc[0, "a"] = "v"\n';
    const found = findingsOf(emptyColumnInit, { code });
    assert.equal(found[0]?.fix?.applicability, 'unsafe');
    assert.equal(found[0]?.fix?.title, 'Initialise with xp.nan');
    assert.equal(
      fixAll(emptyColumnInit, code),
      'import pandas as pd\nimport numpy as xp\ndf = pd.DataFrame()\ndf["a"] = xp.nan\ndf.loc[0, "a"] = "v"\n',
    );
  });
  it('no fix when numpy is not imported', () => {
    const found = findingsOf(emptyColumnInit, { code: 'import pandas as pd\ndf = pd.DataFrame()\ndf["a"] = ""\ndf.loc[0, "a"] = "v"\n' });
    assert.equal(found.length, 1);
    assert.equal(found[0]!.fix, null);
  });
});

describe('MLH416 empty-column-init: after the fix pandas sees the unfilled rows as missing (Python before and after)', function () {
  this.timeout(120_000);
  before(() => initEngine());
  const script = [
    'import numpy as np',
    'import pandas as pd',
    'df = pd.DataFrame({"age": [10, 40, 70]})',
    'df["group"] = ""',
    'df.loc[df.age < 18, "group"] = "child"',
    'df.loc[df.age > 60, "group"] = "senior"',
    'print(int(df["group"].isna().sum()), int(df["group"].count()))',
    '',
  ].join('\n');

  it('before: no missing value, after: one', async function () {
    requireOnMachine(this, hasPythonStack() ? null : `${PYTHON} with the ML stack`);
    const fixed = fixAll(emptyColumnInit, script);
    assert.ok(fixed.includes('df["group"] = np.nan'));
    const { before, after } = await runBeforeAndAfter('emptycol', script, fixed);
    assert.equal(before.stdout, '0 3\n', before.stderr);
    assert.equal(after.stdout, '1 2\n', after.stderr);
  });
});
