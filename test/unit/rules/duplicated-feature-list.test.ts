import assert from 'node:assert/strict';
import { initEngine } from '../../../src/core/engine';
import { duplicatedFeatureList } from '../../../src/core/rules/structure/duplicated-feature-list';
import { findingsOf, notebook, ruleTester } from './tester';

ruleTester(duplicatedFeatureList, {
  valid: [
    { name: 'one list', code: 'features = ["age", "income", "tenure"]\nX = df[features]\n' },
    { name: 'different sets', code: 'X = df[["age", "income", "tenure"]]\nY = df[["age", "income", "plan"]]\n' },
    { name: 'a subset is another list', code: 'X = df[["age", "income", "tenure"]]\nY = df[["age", "income", "tenure", "plan"]]\n' },
    {
      name: 'the same names in another order are another list (swapped roles, on purpose)',
      code: 'a = games[["IDTeam2", "IDTeam1", "Season"]]\nb = games[["IDTeam1", "IDTeam2", "Season"]]\n',
    },
    { name: 'two names are below min-items', code: 'a = df[["age", "income"]]\nb = df[["age", "income"]]\n' },
    { name: 'repeated names do not make three', code: 'a = df[["age", "age", "income"]]\nb = df[["age", "age", "income"]]\n' },
    { name: 'a variable in the list', code: 'a = df[["age", "income", col]]\nb = df[["age", "income", col]]\n' },
    { name: 'numbers are not names', code: 'a = df[[1, 2, 3]]\nb = df[[1, 2, 3]]\n' },
    { name: 'lists that are never used as columns', code: 'a = ["age", "income", "tenure"]\nb = ["age", "income", "tenure"]\n' },
    {
      name: 'aggregation names are not columns',
      code: 'a = df.groupby("k")["x"].agg(["min", "mean", "max"])\nb = df.groupby("j")["y"].agg(["min", "mean", "max"])\n',
    },
    {
      name: 'plot orders, legends and demo strings',
      code: [
        'sns.countplot(x="q", data=df, order=["Unf", "LwQ", "Rec"])',
        'sns.boxplot(x="q", y="p", data=df, order=["Unf", "LwQ", "Rec"])',
        'plt.legend(["train", "test", "holdout"])',
        'ax.legend(["train", "test", "holdout"])',
        'for w in ("the", "quick", "fox"):',
        '    print(hash(w))',
        'for w in ("the", "quick", "fox"):',
        '    print(hash(w) % 10)',
      ].join('\n'),
    },
    {
      name: 'feature specs: the same keys in two specs define two features',
      code: 'SPECS = [{"groupby": ["ip", "day", "channel"], "agg": "var"}, {"groupby": ["ip", "day", "channel"], "agg": "mean"}]\n',
    },
    {
      name: 'groupby keys are an analysis choice, not a feature list',
      code: 'a = df.groupby(["lat", "lon", "state"]).size()\nb = df.groupby(["lat", "lon", "state"]).mean()\n',
    },
    {
      name: 'a tuple subscript is a key, not a column list',
      code: 'a = d[("age", "income", "tenure")]\nb = d[("age", "income", "tenure")]\n',
    },
    { name: 'drop of rows (no axis)', code: 'a = df.drop(["r1", "r2", "r3"])\nb = df.drop(["r1", "r2", "r3"])\n' },
    { name: '__all__ is an export list', code: '__all__ = ["load", "train", "evaluate"]\nX = df[["load", "train", "evaluate"]]\n' },
    {
      name: 'min-items raised',
      code: 'a = df[["age", "income", "tenure"]]\nb = df[["age", "income", "tenure"]]\n',
      options: { 'min-items': 4 },
    },
    {
      name: 'suppressed where it is reported',
      code: 'a = df[["age", "income", "tenure"]]  # mlh: ignore[MLH002]\nb = df[["age", "income", "tenure"]]\n',
    },
    { name: 'file suppressed', code: '# mlh: ignore-file\na = df[["age", "income", "tenure"]]\nb = df[["age", "income", "tenure"]]\n' },
    { name: 'notebook with one list', path: 'x.ipynb', code: notebook(['features = ["age", "income", "tenure"]', 'X = df[features]']) },
  ],
  invalid: [
    {
      name: 'a list assigned to a name used as columns, and a subscript: once, on the first copy',
      code: 'features = ["age", "income", "tenure"]\nX = df[features]\nX_test = test[["age", "income", "tenure"]]\n',
      errors: [
        {
          line: 1,
          column: 12,
          endLine: 1,
          endColumn: 39,
          message: /list of 3 column names \("age", "income", "tenure"\) is written 2 times \(also at line 3\)/,
        },
      ],
    },
    {
      name: 'usecols= and drop(columns=), inside functions',
      code: [
        'import pandas as pd',
        'def load(path):',
        '    return pd.read_csv(path, usecols=("age", "income", "tenure"))',
        '',
        'def features(df):',
        '    return df.drop(columns=["age", "income", "tenure"])',
      ].join('\n'),
      errors: [{ line: 3, column: 38, message: /also at line 6/ }],
    },
    {
      name: 'drop(axis=1), df.loc[:, ...], merge keys, a ColumnTransformer, .columns =',
      code: [
        'a = train.drop(["id", "day", "hour"], axis=1)',
        'b = test.loc[:, ["id", "day", "hour"]]',
        'c = x.merge(y, on=["id", "day", "hour"])',
        'ct = ColumnTransformer([("num", StandardScaler(), ["id", "day", "hour"])])',
        'mct = make_column_transformer((OneHotEncoder(), ["id", "day", "hour"]))',
        'sub.columns = ["id", "day", "hour"]',
        'd = test.drop(["id", "day", "hour"], axis="columns")',
      ].join('\n'),
      errors: [{ line: 1, column: 16, message: /written 7 times \(also at line 2, line 3, line 4, line 5, line 6 and 1 more\)/ }],
    },
    {
      name: 'names looped over to index a frame, or extended in a subscript',
      code: [
        'cats = ["sex", "embarked", "cabin"]',
        'for c in cats:',
        '    train[c] = le.fit_transform(train[c])',
        'cols = ["sex", "embarked", "cabin"]',
        'X = test[cols + ["fare"]]',
      ].join('\n'),
      errors: [{ line: 1, column: 8, message: /also at line 4/ }],
    },
    {
      name: 'a multi-line list, duplicates inside a list ignored',
      code: ['A = df[["age", "income", "tenure", "age"]]', 'B = df[[', '    "age",', '    "income",', '    "tenure",', ']]'].join('\n'),
      errors: [{ line: 1, column: 8, message: /written 2 times \(also at line 2\)/ }],
    },
    {
      name: 'the preview shows three names and an ellipsis',
      code: 'a = df[["a1", "a2", "a3", "a4", "a5"]]\nb = df[["a1", "a2", "a3", "a4", "a5"]]\n',
      errors: [{ line: 1, column: 8, message: /^The list of 5 column names \("a1", "a2", "a3", …\)/ }],
    },
    {
      name: 'min-items lowered to two',
      code: 'a = df[["age", "income"]]\nb = df[["age", "income"]]\n',
      options: { 'min-items': 2 },
      errors: [{ line: 1, column: 8 }],
    },
    {
      name: 'a suppression of another code does not hide it',
      code: 'a = df[["age", "income", "tenure"]]  # mlh: ignore[MLH101]\nb = df[["age", "income", "tenure"]]\n',
      errors: [{ line: 1, column: 8 }],
    },
    {
      name: 'a syntax error elsewhere in the file',
      code: 'def broken(:\n    pass\na = df[["age", "income", "tenure"]]\nb = df[["age", "income", "tenure"]]\n',
      errors: [{ line: 3, column: 8 }],
    },
    {
      name: 'notebook: cells after a markdown cell, with a magic',
      path: 'x.ipynb',
      code: notebook([
        '%matplotlib inline\nfeatures = ["age", "income", "tenure"]\nX = df[features]',
        { markdown: '# Model' },
        'x = 1\nX_new = new[["age", "income", "tenure"]]',
      ]),
      errors: [{ cell: 1, line: 2, column: 12, message: /also at cell 3 line 2/ }],
    },
  ],
});

describe('MLH002 duplicated-feature-list: related information', () => {
  before(() => initEngine());

  it('reports a list once, on its first copy, pointing at all the others', () => {
    const code = 'a = df[["x1", "x2", "x3"]]\nb = df[["x1", "x2", "x3"]]\nc = df[["x1", "x2", "x3"]]\n';
    const found = findingsOf(duplicatedFeatureList, { code });
    assert.equal(found.length, 1);
    assert.deepEqual(
      found[0]!.related.map((r) => `${r.range.start.line}:${r.range.start.character}`),
      ['1:7', '2:7'],
    );
    assert.ok(found[0]!.related.every((r) => r.message === 'also written here'));
    assert.equal(found[0]!.fix, null);
    assert.deepEqual(found[0]!.data, { names: ['x1', 'x2', 'x3'], occurrences: 3 });
  });

  it('reports the churn corpus lists at lines 40 and 69, not the 6-name list', () => {
    const code = [
      'raw = pd.DataFrame(X_raw, columns=["tenure", "monthly_charges", "total_charges",',
      '                                   "support_calls", "logins_30d", "discount_pct"])',
      'features = ["tenure", "monthly_charges", "total_charges", "support_calls",',
      '            "logins_30d", "discount_pct", "charges_per_month", "is_annual"]',
      'scores = rf.predict_proba(scaler.transform(latest[["tenure", "monthly_charges", "total_charges", "support_calls",',
      '                                                   "logins_30d", "discount_pct", "charges_per_month", "is_annual"]]))[:, 1]',
      'X = df[features]',
    ].join('\n');
    const found = findingsOf(duplicatedFeatureList, { code });
    assert.deepEqual(
      found.map((f) => [f.range.start.line + 1, f.range.start.character + 1, f.related[0]?.range.start.line]),
      [[3, 12, 4]],
    );
  });
});

describe('MLH002 duplicated-feature-list: many copies', () => {
  before(() => initEngine());

  it('names five places in the message and keeps related information bounded', () => {
    const code = Array.from({ length: 60 }, (_, i) => `c${i} = df[["age", "income", "tenure"]]`).join('\n') + '\n';
    const found = findingsOf(duplicatedFeatureList, { code });
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /written 60 times \(also at line 2, line 3, line 4, line 5, line 6 and 54 more\)/);
    assert.equal(found[0]!.related.length, 50);
  });
});
