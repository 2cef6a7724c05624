import assert from 'node:assert/strict';
import { initEngine } from '../../../src/core/engine';
import { duplicatedFeatureList } from '../../../src/core/rules/structure/duplicated-feature-list';
import { findingsOf, notebook, ruleTester } from './tester';

ruleTester(duplicatedFeatureList, {
  valid: [
    { name: 'one list', code: 'features = ["age", "income", "tenure"]\nX = df[features]\n' },
    { name: 'different sets', code: 'a = ["age", "income", "tenure"]\nb = ["age", "income", "plan"]\n' },
    { name: 'a subset is another list', code: 'a = ["age", "income", "tenure"]\nb = ["age", "income", "tenure", "plan"]\n' },
    { name: 'two names are below min-items', code: 'a = df[["age", "income"]]\nb = df[["income", "age"]]\n' },
    { name: 'repeated names do not make three', code: 'a = ["age", "age", "income"]\nb = ["income", "age", "income"]\n' },
    { name: 'a variable in the list', code: 'a = ["age", "income", col]\nb = ["age", "income", col]\n' },
    { name: 'an f-string in the list', code: 'a = ["age", "income", f"x{i}"]\nb = ["age", "income", f"x{i}"]\n' },
    { name: 'numbers are not names', code: 'a = [1, 2, 3]\nb = [3, 2, 1]\n' },
    { name: 'set literals are not lists', code: 'a = {"age", "income", "tenure"}\nb = {"age", "income", "tenure"}\n' },
    { name: '__all__ is an export list', code: '__all__ = ["load", "train", "evaluate"]\nSTEPS = ["load", "train", "evaluate"]\n' },
    { name: 'joined words', code: 'a = ", ".join(["age", "income", "tenure"])\nb = "-".join(["age", "income", "tenure"])\n' },
    {
      name: 'data values in np.array',
      code: 'import numpy as np\nX = np.array(["AGCT", "AGC", "TAA"])\nY = np.array(["AGCT", "AGC", "TAA"])\n',
    },
    {
      name: 'plot colours',
      code: 'colors = ["g.", "r.", "b."]\nfor c in ["g.", "r.", "b."]:\n    pass\nstyle = ["red", "C1", "#1f77b4"]\nother = ["#1f77b4", "red", "C1"]\n',
    },
    {
      name: 'legend labels',
      code: 'plt.legend(handles, ["train", "test", "holdout"])\nax.legend(handles, ["train", "test", "holdout"])\n',
    },
    {
      name: 'tick labels by keyword',
      code: 'a = ConfusionMatrixDisplay(cm, display_labels=["cat", "dog", "bird"])\nb = plot(labels=["cat", "dog", "bird"])\n',
    },
    { name: 'min-items raised', code: 'a = ["age", "income", "tenure"]\nb = ["age", "income", "tenure"]\n', options: { 'min-items': 4 } },
    {
      name: 'suppressed on both lines',
      code: 'a = ["age", "income", "tenure"]  # mlh: ignore[MLH002]\nb = ["age", "income", "tenure"]  # mlh: ignore\n',
    },
    { name: 'file suppressed', code: '# mlh: ignore-file\na = ["age", "income", "tenure"]\nb = ["age", "income", "tenure"]\n' },
    { name: 'notebook with one list', path: 'x.ipynb', code: notebook(['features = ["age", "income", "tenure"]', 'X = df[features]']) },
  ],
  invalid: [
    {
      name: 'assignment and subscript, order-insensitive',
      code: 'features = ["age", "income", "tenure"]\nX = df[["tenure", "age", "income"]]\n',
      errors: [
        {
          line: 1,
          column: 12,
          endLine: 1,
          endColumn: 39,
          message: /list of 3 names \("age", "income", "tenure"\) is written 2 times \(also at line 2\)/,
        },
        { line: 2, column: 8, endLine: 2, endColumn: 35, message: /also at line 1\)/ },
      ],
    },
    {
      name: 'a tuple and a list, in function arguments and inside functions',
      code: [
        'import pandas as pd',
        'def load(path):',
        '    return pd.read_csv(path, usecols=("age", "income", "tenure"))',
        '',
        'def features(df):',
        '    return df.drop(columns=["income", "tenure", "age"])',
      ].join('\n'),
      errors: [
        { line: 3, column: 38 },
        { line: 6, column: 28 },
      ],
    },
    {
      name: 'three occurrences, duplicates inside a list ignored, a multi-line list',
      code: [
        'A = ["age", "income", "tenure", "age"]',
        'B = [',
        '    "tenure",',
        '    "income",',
        '    "age",',
        ']',
        'C = ("age", "tenure", "income")',
      ].join('\n'),
      errors: [
        { line: 1, column: 5, message: /written 3 times \(also at line 2, line 7\)/ },
        { line: 2, column: 5, endLine: 6, endColumn: 2 },
        { line: 7, column: 5 },
      ],
    },
    {
      name: 'the preview shows three names and an ellipsis',
      code: 'a = ["a1", "a2", "a3", "a4", "a5"]\nb = ["a5", "a4", "a3", "a2", "a1"]\n',
      errors: [
        { line: 1, column: 5, message: /^The list of 5 names \("a1", "a2", "a3", …\)/ },
        { line: 2, column: 5, message: /^The list of 5 names \("a5", "a4", "a3", …\)/ },
      ],
    },
    {
      name: 'min-items lowered to two',
      code: 'a = df[["age", "income"]]\nb = df[["income", "age"]]\n',
      options: { 'min-items': 2 },
      errors: [
        { line: 1, column: 8 },
        { line: 2, column: 8 },
      ],
    },
    {
      name: 'one occurrence suppressed: the others are still reported',
      code: 'a = ["age", "income", "tenure"]  # mlh: ignore[MLH002]\nb = ["age", "income", "tenure"]\n',
      errors: [{ line: 2, column: 5, message: /also at line 1/ }],
    },
    {
      name: 'a suppression of another code does not hide it',
      code: 'a = ["age", "income", "tenure"]  # mlh: ignore[MLH101]\nb = ["age", "income", "tenure"]\n',
      errors: [
        { line: 1, column: 5 },
        { line: 2, column: 5 },
      ],
    },
    {
      name: 'a syntax error elsewhere in the file',
      code: 'def broken(:\n    pass\na = ["age", "income", "tenure"]\nb = ["age", "income", "tenure"]\n',
      errors: [
        { line: 3, column: 5 },
        { line: 4, column: 5 },
      ],
    },
    {
      name: 'notebook: cells after a markdown cell, with a magic',
      path: 'x.ipynb',
      code: notebook([
        '%matplotlib inline\nfeatures = ["age", "income", "tenure"]',
        { markdown: '# Model' },
        'x = 1\nX = df[["age", "tenure", "income"]]',
      ]),
      errors: [
        { cell: 1, line: 2, column: 12, message: /also at cell 3 line 2/ },
        { cell: 3, line: 2, column: 8, message: /also at cell 1 line 2/ },
      ],
    },
  ],
});

describe('MLH002 duplicated-feature-list: related information', () => {
  before(() => initEngine());

  it('points every occurrence at all the others', () => {
    const code = 'a = ["x1", "x2", "x3"]\nb = ["x3", "x2", "x1"]\nc = df[["x2", "x1", "x3"]]\n';
    const found = findingsOf(duplicatedFeatureList, { code });
    assert.equal(found.length, 3);
    const starts = found.map((f) => `${f.range.start.line}:${f.range.start.character}`);
    assert.deepEqual(starts, ['0:4', '1:4', '2:7']);
    found.forEach((f, i) => {
      const related = f.related.map((r) => `${r.range.start.line}:${r.range.start.character}`);
      assert.deepEqual(
        related,
        starts.filter((_, j) => j !== i),
      );
      assert.ok(f.related.every((r) => r.message === 'also written here'));
      assert.equal(f.fix, null);
    });
  });

  it('reports the churn corpus lists at lines 40 and 69, not the 6-name list', () => {
    const code = [
      'raw = pd.DataFrame(X_raw, columns=["tenure", "monthly_charges", "total_charges",',
      '                                   "support_calls", "logins_30d", "discount_pct"])',
      'features = ["tenure", "monthly_charges", "total_charges", "support_calls",',
      '            "logins_30d", "discount_pct", "charges_per_month", "is_annual"]',
      'scores = rf.predict_proba(scaler.transform(latest[["tenure", "monthly_charges", "total_charges", "support_calls",',
      '                                                   "logins_30d", "discount_pct", "charges_per_month", "is_annual"]]))[:, 1]',
    ].join('\n');
    const found = findingsOf(duplicatedFeatureList, { code });
    assert.deepEqual(
      found.map((f) => [f.range.start.line + 1, f.range.start.character + 1, f.related[0]?.range.start.line]),
      [
        [3, 12, 4],
        [5, 51, 2],
      ],
    );
  });
});

describe('MLH002 duplicated-feature-list: many copies', () => {
  before(() => initEngine());

  it('names five places in the message and keeps related information bounded', () => {
    const code = Array.from({ length: 60 }, (_, i) => `c${i} = ["age", "income", "tenure"]`).join('\n') + '\n';
    const found = findingsOf(duplicatedFeatureList, { code });
    assert.equal(found.length, 60);
    assert.match(found[0]!.message, /written 60 times \(also at line 2, line 3, line 4, line 5, line 6 and 54 more\)/);
    assert.equal(found[0]!.related.length, 50);
    assert.equal(found[59]!.related[0]!.range.start.line, 0);
  });
});
