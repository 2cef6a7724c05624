import { testDataInTraining } from '../../../src/core/rules/correctness/test-data-in-training';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/edits';
import { initEngine } from '../../../src/core/engine';
import { findingsOf, notebook, ruleTester } from './tester';
import { folderWith, hasPythonStack, PYTHON, removeFolder, runPython } from '../behaviour/python';
import { requireOnMachine } from '../machine';

// Findings cover the fit: from the method name to the closing parenthesis. Columns are 1-based.

const IMPORTS = [
  'import numpy as np',
  'import pandas as pd',
  'from sklearn.model_selection import train_test_split',
  'from sklearn.preprocessing import StandardScaler, LabelEncoder',
  'from sklearn.linear_model import LogisticRegression',
  'from sklearn.metrics import accuracy_score',
].join('\n');
const IMPORT_LINES = 6;
const code = (...lines: string[]): string => [IMPORTS, ...lines].join('\n');
const L = (n: number): number => IMPORT_LINES + n;
const SPLIT = 'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)';

ruleTester(testDataInTraining, {
  valid: [
    {
      name: 'fit on the training part, transform the test part',
      code: code(
        SPLIT,
        'sc = StandardScaler().fit(X_train)',
        'model = LogisticRegression().fit(sc.transform(X_train), y_train)',
        'print(accuracy_score(y_test, model.predict(sc.transform(X_test))))',
      ),
    },
    {
      name: 'a final refit on all rows after the evaluation',
      code: code(
        SPLIT,
        'model = LogisticRegression().fit(X_train, y_train)',
        'print(model.score(X_test, y_test))',
        'model.fit(np.vstack([X_train, X_test]), np.concatenate([y_train, y_test]))',
      ),
    },
    {
      name: "a competition's separate test file is not a held-out split",
      code: code(
        "train = pd.read_csv('train.csv')",
        "test = pd.read_csv('test.csv')",
        'full = pd.concat([train, test])',
        "sc = StandardScaler().fit(full[['a', 'b']])",
        "X_train, X_val, y_train, y_val = train_test_split(train[['a', 'b']], train['y'], random_state=0)",
        'model = LogisticRegression().fit(sc.transform(X_train), y_train)',
        'print(model.score(sc.transform(X_val), y_val))',
      ),
    },
    {
      name: 'label encoders learn only the set of labels',
      code: code(SPLIT, 'y_test_enc = LabelEncoder().fit_transform(y_test)', 'print(accuracy_score(y_test_enc, pred))'),
    },
    {
      name: 'the held-out name rebound to other data',
      code: code(SPLIT, "X_test = pd.read_csv('new.csv')", 'model = LogisticRegression().fit(X_test, y)', 'print(model.score(X_test, y))'),
    },
    {
      name: 'predicting with a model fitted on the training part does not make its later fits test-fitted',
      code: code(
        SPLIT,
        'sc = StandardScaler().fit(X_train)',
        'X_train_s = sc.transform(X_train)',
        'model = LogisticRegression().fit(X_train_s, y_train)',
        'print(model.score(sc.transform(X_test), y_test))',
      ),
    },
    {
      name: 'two-fold cross-fitting: each half trains a model that predicts the other half',
      code: code(
        'X_1, X_2, y_1, y_2 = train_test_split(X, y, test_size=0.5, random_state=0)',
        'model = LogisticRegression().fit(X_1, y_1)',
        'p2 = model.predict(X_2)',
        'model = LogisticRegression()',
        'model.fit(X_2, y_2)',
        'p1 = model.predict(X_1)',
        'model = LogisticRegression().fit(X_1, y_1)',
        'print(model.score(X_2, y_2))',
      ),
    },
    {
      name: 'an ImageDataGenerator without featurewise statistics learns nothing',
      code: code(
        'from keras.preprocessing.image import ImageDataGenerator',
        SPLIT,
        'gen = ImageDataGenerator()',
        'gen.fit(X_test)',
        'print(model.evaluate(gen.flow(X_test, y_test)))',
      ),
    },
    {
      name: 'a split unpacked over continuation lines',
      code: code(
        'y_full, y_val, \\',
        '    X_full, X_val = train_test_split(y, X, random_state=0)',
        'model = LogisticRegression().fit(X_full, y_full)',
        'print(model.score(X_val, y_val))',
      ),
    },
  ],
  invalid: [
    {
      name: 'a scaler refitted on the test part',
      code: code(
        SPLIT,
        'sc = StandardScaler()',
        'X_train = sc.fit_transform(X_train)',
        'X_test = sc.fit_transform(X_test)',
        'model = LogisticRegression().fit(X_train, y_train)',
        'print(model.score(X_test, y_test))',
      ),
      errors: [
        {
          line: L(4),
          column: 13,
          endColumn: 34,
          message:
            /^StandardScaler\.fit_transform is fitted on X_test, held out by the train_test_split at line 7, and what it learnt is then used on that data: /,
        },
      ],
    },
    {
      name: 'the model fitted on the test part and scored on it',
      code: code(
        SPLIT,
        'model = LogisticRegression()',
        'model.fit(X_test, y_test)',
        'print(accuracy_score(y_test, model.predict(X_test)))',
      ),
      errors: [{ line: L(3), column: 7, message: /^LogisticRegression\.fit is fitted on X_test,/ }],
    },
    {
      name: 'fit on train and test concatenated, then scored on the test part',
      code: code(
        SPLIT,
        'sc = StandardScaler().fit(pd.concat([X_train, X_test]))',
        'model = LogisticRegression().fit(sc.transform(X_train), y_train)',
        'print(model.score(sc.transform(X_test), y_test))',
      ),
      errors: [
        { line: L(2), column: 23, message: /^StandardScaler\.fit is fitted on pd\.concat\(\[X_train, X_test\]\) \(which holds X_test\)/ },
      ],
    },
    {
      name: 'legacy module path, data derived from the test part',
      code: [
        'from sklearn.cross_validation import train_test_split',
        'from sklearn.preprocessing import StandardScaler',
        'train, test = train_test_split(df, test_size=0.2)',
        "test_x = test.drop('y', axis=1)",
        'sc = StandardScaler()',
        'test_x = sc.fit_transform(test_x)',
        "print(model.score(test_x, test['y']))",
      ].join('\n'),
      errors: [{ line: 6, column: 13, message: /^StandardScaler\.fit_transform is fitted on test_x \(which holds test\)/ }],
    },
    {
      name: 'notebook cells',
      path: 'x.ipynb',
      code: notebook([IMPORTS, SPLIT, 'sc = StandardScaler()\nX_test = sc.fit_transform(X_test)', 'print(model.score(X_test, y_test))']),
      errors: [{ cell: 3, line: 2, column: 13, message: /held out by the train_test_split in cell 2, line 1/ }],
    },
  ],
});

describe('MLH403 test-data-in-training: fix', () => {
  before(() => initEngine());
  const fixed = (text: string): { title: string | undefined; applicability: string | undefined; after: string } => {
    const [finding] = findingsOf(testDataInTraining, { code: text });
    return { title: finding?.fix?.title, applicability: finding?.fix?.applicability, after: applyEdits(text, finding?.fix?.edits ?? []) };
  };

  it('refitting the scaler on the test part becomes transform() with the fit on the training part', () => {
    const before = code(
      SPLIT,
      'sc = StandardScaler()',
      'X_train = sc.fit_transform(X_train)',
      'X_test = sc.fit_transform(X_test)',
      'print(model.score(X_test, y_test))',
    );
    const result = fixed(before);
    assert.equal(result.title, 'Use sc.transform(), fitted on the training part');
    assert.equal(result.applicability, 'unsafe');
    assert.equal(result.after, before.replace('X_test = sc.fit_transform(X_test)', 'X_test = sc.transform(X_test)'));
  });

  it('offers nothing without an earlier fit of the same object on the training part', () => {
    const text = code(SPLIT, 'sc = StandardScaler()', 'X_test = sc.fit_transform(X_test)', 'print(model.score(X_test, y_test))');
    assert.equal(findingsOf(testDataInTraining, { code: text })[0]?.fix ?? null, null);
  });

  it('offers nothing when the object was rebuilt in between', () => {
    const text = code(
      SPLIT,
      'sc = StandardScaler()',
      'X_train = sc.fit_transform(X_train)',
      'sc = StandardScaler()',
      'X_test = sc.fit_transform(X_test)',
      'print(model.score(X_test, y_test))',
    );
    assert.equal(findingsOf(testDataInTraining, { code: text })[0]?.fix ?? null, null);
  });
});

/** The fixed script still runs, and the test part is now scaled with the training part's statistics. */
describe('MLH403 test-data-in-training: the fixed script runs', function () {
  this.timeout(120_000);
  const script = [
    'import numpy as np',
    'from sklearn.datasets import make_classification',
    'from sklearn.linear_model import LogisticRegression',
    'from sklearn.model_selection import train_test_split',
    'from sklearn.preprocessing import StandardScaler',
    'X, y = make_classification(n_samples=400, random_state=0)',
    'X = X + np.arange(400)[:, None] / 100.0',
    'X_train, X_test, y_train, y_test = train_test_split(X, y, shuffle=False)',
    'sc = StandardScaler()',
    'X_train = sc.fit_transform(X_train)',
    'X_test = sc.fit_transform(X_test)',
    'model = LogisticRegression().fit(X_train, y_train)',
    'print(round(float(abs(X_test.mean())), 3) < 0.001)',
    'print(model.score(X_test, y_test) >= 0)',
  ].join('\n');

  before(async function () {
    requireOnMachine(this, hasPythonStack() ? null : `${PYTHON} with the ML stack`);
    await initEngine();
  });

  it('prints that the test part is no longer centred on itself', async () => {
    const [finding] = findingsOf(testDataInTraining, { code: script });
    const fixed = applyEdits(script, finding?.fix?.edits ?? []);
    assert.ok(fixed.includes('X_test = sc.transform(X_test)'));
    const dir = folderWith('mlh403', new Map([['script.py', fixed]]));
    try {
      const result = await runPython(dir, 'script.py', new Set(['script.py']), 100_000);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, 'False\nTrue\n');
    } finally {
      removeFolder(dir);
    }
  });
});
