import { unnecessaryIteration } from '../../../src/core/rules/performance/unnecessary-iteration';
import { notebook, ruleTester } from './tester';

const lines = (...l: string[]): string => l.join('\n') + '\n';
const DF = 'import pandas as pd\nimport numpy as np\ndf = pd.read_csv("a.csv")\n';

ruleTester(unnecessaryIteration, {
  valid: [
    { name: 'vectorised already', code: DF + 'df["c"] = df["a"] * 2\ntotal = df["x"].sum()' },
    {
      name: 'a body that calls something other than arithmetic',
      code: DF + lines('out = []', 'for i, row in df.iterrows():', '    out.append(model.predict(row))', '    print(row["a"])'),
    },
    {
      name: 'a method call on the row (string work)',
      code: DF + lines('out = []', 'for _, row in df.iterrows():', '    out.append(row["text"].split()[0])'),
    },
    { name: 'a nested loop', code: DF + lines('for i in range(len(df)):', '    for j in range(3):', '        df.loc[i, "c"] += j') },
    { name: 'nothing produced per row', code: DF + lines('for _, row in df.iterrows():', '    x = row.a * 2') },
    { name: 'the loop variable is not used', code: DF + lines('n = 0', 'for _ in range(len(df)):', '    n += 1') },
    {
      name: 'not known to be a DataFrame',
      code: 'import pandas as pd\nrows = load()\nout = []\nfor r in rows.iterrows():\n    out.append(r[1].a * 2)',
    },
    {
      name: 'range over something else',
      code: DF + lines('xs = [1, 2]', 'out = []', 'for i in range(len(xs)):', '    out.append(xs[i] * 2)'),
    },
    { name: 'items() walks columns', code: DF + lines('out = []', 'for name, col in df.items():', '    out.append(col * 2)') },
    {
      name: 'a break',
      code: DF + lines('out = []', 'for i, row in df.iterrows():', '    if row.a > 3:', '        break', '    out.append(row.a)'),
    },
    {
      name: 'a value carried from row to row (a scan, not element-wise)',
      code:
        DF +
        lines(
          'prev = None',
          'out = []',
          'for _, row in df.iterrows():',
          '    if row.team != prev:',
          '        out.append(row.a)',
          '    prev = row.team',
        ),
    },
    {
      name: 'an accumulator read in the loop',
      code:
        DF +
        lines(
          'w = 0.0',
          'g = []',
          'for i in range(len(df)):',
          '    if w + df.iloc[i, 3] <= 10:',
          '        w += df.iloc[i, 3]',
          '        g.append(i)',
        ),
    },
    { name: 'no pandas import', code: lines('out = []', 'for i, row in df.iterrows():', '    out.append(row.a * 2)') },
    {
      name: 'appending to the frame itself is not a list append',
      code: DF + lines('for i, row in df.iterrows():', '    df.append(row * 2)'),
    },
  ],
  invalid: [
    {
      name: 'iterrows with an append',
      code: DF + lines('out = []', 'for i, row in df.iterrows():', '    out.append(row["a"] * 2)'),
      errors: [{ line: 5, column: 1, endLine: 5, endColumn: 28, message: /`for i, row in df.iterrows\(\)` runs Python code row by row/ }],
    },
    {
      name: 'range(len(df)) writing a cell',
      code: DF + lines('for i in range(len(df)):', '    df.loc[i, "c"] = df.loc[i, "a"] + 1'),
      errors: [{ line: 4, column: 1 }],
    },
    {
      name: 'itertuples with an accumulator',
      code: DF + lines('total = 0', 'for row in df.itertuples():', '    total += row.x'),
      errors: [{ line: 5, column: 1 }],
    },
    {
      name: 'range(df.shape[0]) with a condition and NumPy',
      code:
        DF +
        lines(
          'for i in range(0, df.shape[0]):',
          '    if df["a"][i] > 0:',
          '        df.at[i, "b"] = np.log(df["a"][i])',
          '    else:',
          '        df.at[i, "b"] = 0',
        ),
      errors: [{ line: 4, column: 1 }],
    },
    {
      name: 'in a function over a frame passed in the file',
      code: lines(
        'import pandas as pd',
        'def f(d):',
        '    out = []',
        '    for _, r in d.iterrows():',
        '        out.append(abs(r.a - r.b))',
        '    return out',
        'f(pd.DataFrame())',
      ),
      errors: [{ line: 4, column: 5 }],
    },
    {
      name: 'in a notebook',
      path: 'x.ipynb',
      code: notebook([
        'import pandas as pd\ndf = pd.read_csv("a")',
        'flags = []\nfor i, r in df.iterrows():\n    flags.append(1 if r.a > 2 else 0)',
      ]),
      errors: [{ cell: 2, line: 2, column: 1 }],
    },
  ],
});
