import assert from 'node:assert/strict';
import { initEngine } from '../../../src/core/engine';
import { nanEquality } from '../../../src/core/rules/correctness/nan-equality';
import { hasPythonStack, PYTHON, runBeforeAndAfter } from '../behaviour/python';
import { requireOnMachine } from '../machine';
import { findingsOf, notebook, ruleTester, fixAll } from './tester';

ruleTester(nanEquality, {
  valid: [
    { name: 'isnan', code: 'import numpy as np\nif np.isnan(x):\n    pass\n' },
    { name: 'isna', code: 'import pandas as pd\ndf = pd.read_csv("a")\ndf[df.a.isna()]\n' },
    { name: 'ordering against NaN is another matter', code: 'import numpy as np\ny = x < np.nan\n' },
    { name: 'pd.NA identity is the singleton test', code: 'import pandas as pd\nif x is pd.NA:\n    pass\n' },
    { name: 'a name called nan that is not NumPy', code: 'nan = 0\nif x == nan:\n    pass\n' },
    { name: 'np is not numpy', code: 'import mylib as np\nif x == np.nan:\n    pass\n' },
    { name: 'float of another string', code: 'x = 1\nif x == float("inf"):\n    pass\n' },
    { name: 'a local float', code: 'def float(s):\n    return 0\nif x == float("nan"):\n    pass\n' },
    { name: 'eq against a number', code: 'import pandas as pd\ndf = pd.read_csv("a")\nm = df.a.eq(0)\n' },
    { name: 'operator.eq', code: 'import operator\nimport numpy as np\nm = operator.eq(np.nan, 1)\n' },
    { name: 'np.nan == np.nan: a demonstration of the rule itself', code: 'import numpy as np\nprint(np.nan == np.nan)\n' },
    { name: 'no import, no float call', code: 'if x == nan:\n    pass\n' },
  ],
  invalid: [
    {
      name: '== np.nan',
      code: 'import numpy as np\nif x == np.nan:\n    pass\n',
      errors: [{ line: 2, column: 4, endLine: 2, endColumn: 15, message: /`== np\.nan` is always false: NaN equals nothing/ }],
    },
    {
      name: '!= numpy.NaN, NAN, aliases, from-import, math, float("NaN")',
      code: [
        'import numpy',
        'import numpy as xp',
        'from numpy import nan',
        'from numpy import NaN as missing',
        'import math',
        'a = x != numpy.NaN',
        'b = x == xp.NAN',
        'c = x == nan',
        'd = x == missing',
        'e = x == math.nan',
        "f = x == float('NaN')",
        'g = np.nan == x',
      ].join('\n'),
      errors: [
        { line: 6, column: 5, message: /`!= numpy\.NaN` is always true/ },
        { line: 7, column: 5 },
        { line: 8, column: 5 },
        { line: 9, column: 5 },
        { line: 10, column: 5 },
        { line: 11, column: 5 },
      ],
    },
    {
      name: 'float("nan") with no import at all',
      code: 'if x == float("nan"):\n    pass\n',
      errors: [{ line: 1, column: 4 }],
    },
    {
      name: 'pd.NA',
      code: 'import pandas\ny = x == pandas.NA\n',
      errors: [{ line: 2, column: 5, message: /gives pd\.NA, never True or False/ }],
    },
    {
      name: 'is np.nan: identity with the singleton works by accident only',
      code: 'import numpy as np\ndf = load()\ndf["a"].apply(lambda v: v is np.nan)\nok = v is not np.nan\n',
      errors: [
        { line: 3, column: 25, message: /tests for the object np\.nan itself, not for NaN: .*so the test is false for it/ },
        { line: 4, column: 6, message: /so the test is true for it/ },
      ],
    },
    {
      name: 'a boolean mask of a DataFrame',
      code: 'import pandas as pd\nimport numpy as np\ndf = pd.read_csv("a")\nrows = df[df.col == np.nan]\n',
      errors: [{ line: 4, column: 11 }],
    },
    {
      name: '.eq / .ne / np.equal / np.not_equal',
      code: 'import pandas as pd\nimport numpy as np\ndf = pd.read_csv("a")\nm = df["a"].eq(np.nan)\nn = df.ne(other=np.nan)\no = np.equal(arr, np.nan)\np = np.not_equal(np.nan, arr)\n',
      errors: [
        { line: 4, column: 5, message: /`\.eq\(np\.nan\)` compares with NaN, which equals nothing: it is False everywhere/ },
        { line: 5, column: 5, message: /True everywhere/ },
        { line: 6, column: 5 },
        { line: 7, column: 5 },
      ],
    },
    {
      name: 'a chain: reported on the constant, with no fix',
      code: 'import numpy as np\ny = a == b == np.nan\n',
      errors: [{ line: 2, column: 15, endColumn: 21 }],
    },
    {
      name: 'notebook cell',
      path: 'x.ipynb',
      code: notebook(['import numpy as np', 'x = 1.0\nprint(x == np.nan)']),
      errors: [{ cell: 2, line: 2, column: 7 }],
    },
  ],
});

const fixNan = (code: string): string => fixAll(nanEquality, code);

describe('MLH411 nan-equality: fixes', () => {
  before(() => initEngine());

  it('is unsafe and titled', () => {
    const [finding] = findingsOf(nanEquality, { code: 'import numpy as np\ny = x == np.nan\n' });
    assert.equal(finding?.fix?.applicability, 'unsafe');
    assert.equal(finding?.fix?.title, 'Use np.isnan()');
  });

  it('np.isnan with the local name of numpy; ~ for !=', () => {
    assert.equal(
      fixNan('import numpy as xp\ny = a + b == xp.nan\nz = c != xp.nan\n'),
      'import numpy as xp\ny = xp.isnan(a + b)\nz = ~xp.isnan(c)\n',
    );
  });

  it('.isna() / .notna() on a DataFrame or Series, in a mask too', () => {
    assert.equal(
      fixNan(
        'import pandas as pd\nimport numpy as np\ndf = pd.read_csv("a")\nrows = df[df.col == np.nan]\nm = df["b"] != np.nan\nk = df.a.eq(np.nan)\n',
      ),
      'import pandas as pd\nimport numpy as np\ndf = pd.read_csv("a")\nrows = df[df.col.isna()]\nm = df["b"].notna()\nk = df.a.isna()\n',
    );
  });

  it('pd.isna when pandas is imported and the kind of the value is unknown; pd.NA too', () => {
    assert.equal(
      fixNan('import pandas as pd\nimport numpy as np\ny = v == np.nan\nz = v != pd.NA\n'),
      'import pandas as pd\nimport numpy as np\ny = pd.isna(v)\nz = pd.notna(v)\n',
    );
  });

  it('np.isnan on a known array even when pandas is imported', () => {
    assert.equal(
      fixNan('import pandas as pd\nimport numpy as np\na = np.zeros(3)\ny = a == np.nan\n'),
      'import pandas as pd\nimport numpy as np\na = np.zeros(3)\ny = np.isnan(a)\n',
    );
  });

  it('math.isnan when only math is imported; not for !=', () => {
    assert.equal(
      fixNan('import math\nif x == math.nan:\n    pass\nif x != math.nan and y:\n    pass\n'),
      'import math\nif math.isnan(x):\n    pass\nif not math.isnan(x) and y:\n    pass\n',
    );
    assert.equal(fixNan('import math\nz = 1 + (x != math.nan) * 2\n'), 'import math\nz = 1 + (not math.isnan(x)) * 2\n');
  });

  it('no fix when no library that tests NaN is imported, nor on a chain, nor for .eq of an unknown object', () => {
    for (const code of [
      'y = x == float("nan")\n',
      'import numpy as np\ny = a == b == np.nan\n',
      'import numpy as np\ny = thing.eq(np.nan)\n',
    ]) {
      const found = findingsOf(nanEquality, { code });
      assert.equal(found.length, 1, code);
      assert.equal(found[0]!.fix, null, code);
    }
  });
});

describe('MLH411 nan-equality: the fix finds the missing values (Python before and after)', function () {
  this.timeout(120_000);
  before(() => initEngine());
  const script = [
    'import numpy as np',
    'import pandas as pd',
    'df = pd.DataFrame({"age": [1.0, np.nan, 3.0, np.nan], "name": ["a", None, "c", "d"]})',
    'print(len(df[df["age"] == np.nan]), int((df.age != np.nan).sum()), int(df["age"].eq(np.nan).sum()))',
    'print(sum(1 for v in df["age"] if v is np.nan), sum(1 for v in df["name"].tolist() if v == np.nan))',
    'a = np.array([1.0, np.nan])',
    'print(int((a == np.nan).sum()))',
    '',
  ].join('\n');

  it('before: nothing is missing, after: the NaNs are found', async function () {
    requireOnMachine(this, hasPythonStack() ? null : `${PYTHON} with the ML stack`);
    const fixed = fixNan(script);
    assert.notEqual(fixed, script);
    const { before, after } = await runBeforeAndAfter('nan', script, fixed);
    assert.equal(before.stdout, '0 4 0\n0 0\n0\n', before.stderr);
    assert.equal(after.stdout, '2 2 2\n2 1\n1\n', `${after.stderr}\n${fixed}`);
  });
});
