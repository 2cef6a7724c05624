import { mergeWithoutKeys } from '../../../src/core/rules/correctness/merge-without-keys';
import { notebook, ruleTester } from './tester';

const frames = 'import pandas as pd\na = pd.read_csv("a")\nb = pd.read_csv("b")\n';

ruleTester(mergeWithoutKeys, {
  valid: [
    { name: 'on', code: `${frames}m = pd.merge(a, b, on="id")\nn = a.merge(b, on=["id", "day"], how="left")\n` },
    { name: 'left_on/right_on', code: `${frames}m = a.merge(b, left_on="id", right_on="key")\n` },
    {
      name: 'index',
      code: `${frames}m = pd.merge(a, b, left_index=True, right_index=True)\nn = a.merge(b, left_on="id", right_index=True)\n`,
    },
    { name: 'on given by position', code: `${frames}m = pd.merge(a, b, "inner", "id")\nn = a.merge(b, "left", "id")\n` },
    { name: 'a cross join has no keys', code: `${frames}m = a.merge(b, how="cross")\nn = pd.merge(a, b, "cross")\n` },
    { name: 'join joins on the index', code: `${frames}m = a.join(b)\n` },
    { name: 'merge of an object of unknown kind', code: 'import pandas as pd\nm = left.merge(right)\ncfg.merge(other)\n' },
    { name: 'splat', code: `${frames}kw = {"on": "id"}\nm = a.merge(b, **kw)\n` },
    { name: 'no pandas import', code: 'm = pd.merge(a, b)\n' },
  ],
  invalid: [
    {
      name: 'pd.merge and DataFrame.merge with no key, with or without how',
      code: `${frames}m = pd.merge(a, b)\nn = a.merge(b, how="left")\nk = a.dropna().merge(b, on=None)\n`,
      errors: [
        {
          line: 4,
          column: 5,
          endColumn: 19,
          message: /`pd\.merge\(\.\.\.\)` names no key .*pandas joins on every column the two frames share/,
        },
        { line: 5, column: 5, message: /`a\.merge\(\.\.\.\)`/ },
        { line: 6, column: 5 },
      ],
    },
    {
      name: 'from-import and notebook',
      path: 'x.ipynb',
      code: notebook(['from pandas import merge, read_csv\nx = read_csv("x")', 'y = merge(x, read_csv("y"), how="outer")']),
      errors: [{ cell: 2, line: 1, column: 5 }],
    },
  ],
});
