import assert from 'node:assert/strict';
import { initEngine } from '../../../src/core/engine';
import { loaderText } from '../../../src/core/params/loader';
import { missingMainGuard } from '../../../src/core/rules/structure/missing-main-guard';
import { findingsOf, notebook, ruleTester } from './tester';

const lines = (...l: string[]): string => l.join('\n') + '\n';

/** The generated loader without its `# ml-hygiene: params-loader` line. */
const unmarkedLoader = loaderText('params', '../params.yaml', 'yaml')
  .split('\n')
  .filter((l) => !l.startsWith('# ml-hygiene: params-loader'))
  .join('\n');

ruleTester(missingMainGuard, {
  valid: [
    {
      name: 'work inside main under the guard',
      code: lines(
        'import pandas as pd',
        'def main():',
        '    df = pd.read_csv("data.csv")',
        '    df.to_csv("out.csv")',
        'if __name__ == "__main__":',
        '    main()',
      ),
    },
    {
      name: 'guard written the other way round',
      code: lines('import joblib', "if '__main__' == __name__:", '    joblib.dump(1, "m.joblib")'),
    },
    {
      name: 'computation only',
      code: lines('from sklearn.datasets import make_classification', 'X, y = make_classification(random_state=0)', 'print(X.shape)'),
    },
    {
      name: 'definitions only',
      code: lines(
        'import pandas as pd',
        'def load(path):',
        '    return pd.read_csv(path)',
        'class Model:',
        '    def fit(self, X):',
        '        open("log.txt", "w")',
      ),
    },
    { name: 'a lambda is not run on import', code: lines('import pandas as pd', 'loader = lambda: pd.read_csv("a.csv")') },
    { name: 'a local function that does nothing outside', code: lines('def helper(x):', '    return x + 1', 'y = helper(2)') },
    {
      name: 'names shared with non-training calls',
      code: lines('import re', 'pattern = re.compile("a+")', 'model.train()', 'model.compile(optimizer="adam")'),
    },
    { name: 'in-memory serialisation', code: lines('import pickle', 'blob = pickle.dumps({"a": 1})') },
    {
      name: 'a DataFrame built in memory',
      code: lines('import pandas as pd', 'df = pd.DataFrame({"a": [1, 2]})', 'df["b"] = df["a"] * 2'),
    },
    {
      name: 'notebooks are meant to run top to bottom',
      path: 'x.ipynb',
      code: notebook(['import pandas as pd', 'df = pd.read_csv("data.csv")']),
    },
    { name: 'file suppressed', code: lines('# mlh: ignore-file', 'import pandas as pd', 'df = pd.read_csv("data.csv")') },
    {
      name: 'the generated params loader (it loads the params file on import: that is its purpose)',
      code: loaderText('params', '../params.yaml', 'yaml'),
    },
    { name: 'the generated TOML loader, with CRLF line ends', code: loaderText('.params', 'params.toml', 'toml', '\r\n') },
    { name: 'suppressed on the reported line', code: lines('import pandas as pd', 'df = pd.read_csv("data.csv")  # mlh: ignore[MLH003]') },
  ],
  invalid: [
    {
      name: 'reads a file through an alias',
      code: lines('import pandas as pd', 'df = pd.read_csv("data.csv")', 'print(len(df))'),
      errors: [
        {
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 29,
          message:
            /^Importing this module runs the job: it reads a file with pd\.read_csv at top level and there is no `if __name__ == "__main__":` guard\./,
        },
      ],
    },
    {
      name: 'from-import with an alias',
      code: lines('from pandas import read_parquet as rp', 'df = rp("data.parquet")'),
      errors: [{ line: 2, column: 1, message: /reads a file with rp / }],
    },
    {
      name: 'training with fit',
      code: lines('from sklearn.ensemble import RandomForestClassifier', 'rf = RandomForestClassifier()', 'rf.fit(X, y)'),
      errors: [{ line: 3, column: 1, message: /fits a model with rf\.fit/ }],
    },
    {
      name: 'xgboost.train',
      code: lines('import xgboost as xgb', 'booster = xgb.train(params, dtrain)'),
      errors: [{ line: 2, column: 1, message: /trains a model with xgb\.train/ }],
    },
    {
      name: 'file system calls',
      code: lines('import os', 'import shutil', 'os.makedirs("out", exist_ok=True)', 'shutil.rmtree("tmp")'),
      errors: [{ line: 3, column: 1, endColumn: 34, message: /creates a directory with os\.makedirs/ }],
    },
    {
      name: 'open in a with block: the range is the first line only',
      code: lines('import pickle', 'with open("model.pkl", "wb") as f:', '    pickle.dump(model, f)'),
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 35, message: /opens a file with open/ }],
    },
    {
      name: 'data set loaders read or download; generators do not count',
      code: lines('from sklearn.datasets import make_moons, fetch_openml', 'X, y = make_moons()', 'mnist = fetch_openml("mnist_784")'),
      errors: [{ line: 3, column: 1, message: /downloads a data set with fetch_openml/ }],
    },
    {
      name: 'a bundled data set',
      code: lines('from sklearn import datasets', 'iris = datasets.load_iris()'),
      errors: [{ line: 2, column: 1, message: /loads a data set from disk with datasets\.load_iris/ }],
    },
    {
      name: 'a write by method name',
      code: lines('df = make_frame()', 'df.to_csv("out.csv")'),
      errors: [{ line: 2, column: 1, message: /writes a file with df\.to_csv/ }],
    },
    {
      name: 'a figure saved with savefig',
      code: lines('import matplotlib.pyplot as plt', 'plt.plot([1, 2])', 'plt.savefig("fig.png")'),
      errors: [{ line: 3, column: 1, message: /writes a file with plt\.savefig/ }],
    },
    {
      name: 'a loop at top level that trains',
      code: lines('for name, model in models.items():', '    model.fit(X, y)'),
      errors: [{ line: 1, column: 1, message: /fits a model with model\.fit/ }],
    },
    {
      name: 'a comprehension at top level runs',
      code: lines('import pandas as pd', 'frames = [pd.read_csv(p) for p in paths]'),
      errors: [{ line: 2, column: 1, message: /reads a file with pd\.read_csv/ }],
    },
    {
      name: 'main() called without a guard',
      code: lines('import pandas as pd', 'def load():', '    return pd.read_csv("a.csv")', 'def main():', '    df = load()', 'main()'),
      errors: [
        { line: 6, column: 1, message: /it calls main\(\), which calls load\(\), which reads a file with pd\.read_csv at top level/ },
      ],
    },
    {
      name: 'mutually recursive functions do not hang',
      code: lines('import joblib', 'def a(n):', '    return b(n)', 'def b(n):', '    a(n - 1)', '    joblib.dump(n, "n.joblib")', 'a(3)'),
      errors: [{ line: 7, column: 1, message: /calls a\(\), which calls b\(\), which writes a file with joblib\.dump/ }],
    },
    {
      name: 'a guard exists but work runs before it',
      code: lines(
        'import pandas as pd',
        'df = pd.read_csv("a.csv")',
        'def main():',
        '    print(df)',
        'if __name__ == "__main__":',
        '    main()',
      ),
      errors: [
        { line: 2, column: 1, message: /^Importing this module still runs work outside the main guard: it reads a file with pd\.read_csv/ },
      ],
    },
    {
      name: 'a syntax error elsewhere',
      code: lines('import pandas as pd', 'def broken(:', '    pass', 'df = pd.read_csv("a.csv")'),
      errors: [{ line: 4, column: 1 }],
    },
    {
      name: 'the loader without its marker line is an ordinary module that opens a file on import',
      code: unmarkedLoader,
      errors: [
        {
          line: unmarkedLoader.split('\n').indexOf('params = load_params()') + 1,
          column: 1,
          message: /calls load_params\(\), which opens a file with open/,
        },
      ],
    },
    {
      name: 'indented first line inside a notebook-style export marker',
      code: lines('# In[1]:', 'import numpy as np', '', '# In[2]:', 'np.save("a.npy", arr)'),
      errors: [{ line: 5, column: 1, message: /writes a file with np\.save/ }],
    },
  ],
});

describe('MLH003 missing-main-guard: related side effects', () => {
  before(() => initEngine());

  it('lists up to five further top-level side effects', () => {
    const code = lines(
      'import pandas as pd',
      'import os',
      'os.makedirs("out")',
      'df = pd.read_csv("a.csv")',
      'x = 1',
      'df.to_csv("b.csv")',
      'model.fit(X, y)',
      'df.to_parquet("c.parquet")',
      'os.remove("a.csv")',
      'df.to_json("d.json")',
    );
    const [finding, ...others] = findingsOf(missingMainGuard, { code });
    assert.ok(finding);
    assert.equal(others.length, 0);
    assert.deepEqual(
      finding.related.map((r) => [r.range.start.line + 1, r.message]),
      [
        [4, 'also reads a file with pd.read_csv'],
        [6, 'also writes a file with df.to_csv'],
        [7, 'also fits a model with model.fit'],
        [8, 'also writes a file with df.to_parquet'],
        [9, 'also removes a file with os.remove'],
      ],
    );
    assert.deepEqual(finding.data, { effects: 7, hasMainGuard: false });
    assert.equal(finding.fix, null);
  });

  it('finds the first side effect of the churn corpus on its os.makedirs line, not make_classification', () => {
    const code = lines(
      'import os',
      'import pandas as pd',
      'from sklearn.datasets import make_classification',
      'X_raw, y_raw = make_classification(n_samples=1500, n_features=6, n_informative=4,',
      '                                   weights=[0.8, 0.2], random_state=7)',
      'raw = pd.DataFrame(X_raw)',
      'os.makedirs("/tmp/churn_job", exist_ok=True)',
      'raw.to_csv("/tmp/churn_job/customers.csv", index=False)',
    );
    const found = findingsOf(missingMainGuard, { code });
    assert.deepEqual(
      found.map((f) => [f.range.start.line + 1, f.range.start.character + 1, f.range.end.character + 1]),
      [[7, 1, 45]],
    );
  });
});
