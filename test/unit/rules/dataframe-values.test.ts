import assert from 'node:assert/strict';
import { initEngine } from '../../../src/core/engine';
import { dataframeValues } from '../../../src/core/rules/correctness/dataframe-values';
import { hasPythonStack, PYTHON, runBeforeAndAfter } from '../behaviour/python';
import { requireOnMachine } from '../machine';
import { findingsOf, notebook, ruleTester, fixAll } from './tester';

ruleTester(dataframeValues, {
  valid: [
    { name: 'to_numpy', code: 'import pandas as pd\ndf = pd.read_csv("a")\nX = df.to_numpy()\n' },
    { name: 'an object of unknown kind', code: 'import pandas as pd\nX = data.values\ny = load().values\n' },
    { name: 'not from the name', code: 'import pandas as pd\ndf = get()\nX = df.values\n' },
    { name: 'dict.values() is a call', code: 'import pandas as pd\nd = {"a": 1}\nfor v in d.values():\n    pass\n' },
    { name: 'no pandas import', code: 'df = pd.read_csv("a")\nX = df.values\n' },
    { name: 'an ndarray', code: 'import pandas as pd\nimport numpy as np\na = np.zeros(3)\nb = a.values\n' },
    {
      name: 'a name bound to a frame and to something else',
      code: 'import pandas as pd\nimport numpy as np\nX = pd.read_csv("a")\nX = np.zeros(3)\nY = X.values\n',
    },
  ],
  invalid: [
    {
      name: 'DataFrame and Series',
      code: 'import pandas as pd\ndf = pd.read_csv("a.csv")\nX = df.drop(columns=["y"]).values\ny = df["y"].values\nz = df.Age.values.reshape(-1, 1)\n',
      errors: [
        { line: 3, column: 28, endColumn: 34, message: /`\.values` of a DataFrame silently converts the columns to one common dtype/ },
        { line: 4, column: 13, message: /`\.values` of a Series is a NumPy array or a pandas ExtensionArray depending on its dtype/ },
        { line: 5, column: 12 },
      ],
    },
    {
      name: 'a parameter passed a DataFrame in the file',
      code: 'import pandas as pd\ndef features(frame):\n    return frame.values\nfeatures(pd.DataFrame({"a": [1]}))\n',
      errors: [{ line: 3, column: 18 }],
    },
    {
      name: 'notebook',
      path: 'x.ipynb',
      code: notebook(['import pandas as pd\ntrain = pd.read_csv("t.csv")', 'X = train.values']),
      errors: [{ cell: 2, line: 1, column: 11 }],
    },
  ],
});

describe('MLH414 dataframe-values: fix', () => {
  before(() => initEngine());
  it('replaces .values with .to_numpy() (unsafe)', () => {
    const code = 'import pandas as pd\ndf = pd.read_csv("a")\nX = df[["a", "b"]].values\ny = df.y.values.ravel()\n';
    const found = findingsOf(dataframeValues, { code });
    assert.equal(found[0]?.fix?.applicability, 'unsafe');
    assert.equal(found[0]?.fix?.title, 'Use .to_numpy()');
    assert.equal(
      fixAll(dataframeValues, code),
      'import pandas as pd\ndf = pd.read_csv("a")\nX = df[["a", "b"]].to_numpy()\ny = df.y.to_numpy().ravel()\n',
    );
  });
});

describe('MLH414 dataframe-values: the fix keeps plain numeric results (Python before and after)', function () {
  this.timeout(120_000);
  before(() => initEngine());
  const script = [
    'import pandas as pd',
    'df = pd.DataFrame({"a": [1, 2, 3], "b": [0.5, 1.5, 2.5], "y": [0, 1, 0]})',
    'X = df.drop(columns=["y"]).values',
    'y = df["y"].values',
    'print(type(X).__name__, X.dtype, X.tolist(), type(y).__name__, y.tolist())',
    '',
  ].join('\n');

  it('same ndarray for NumPy dtypes', async function () {
    requireOnMachine(this, hasPythonStack() ? null : `${PYTHON} with the ML stack`);
    const fixed = fixAll(dataframeValues, script);
    assert.ok(fixed.includes('.to_numpy()') && !fixed.includes('.values'));
    const { before, after } = await runBeforeAndAfter('values', script, fixed);
    assert.equal(before.code, 0, before.stderr);
    assert.equal(after.stdout, before.stdout, after.stderr);
  });
});
