import assert from 'node:assert/strict';
import { defaultConfig } from '../../../src/core/config/types';
import { applyEdits } from '../../../src/core/edits';
import { analyzeText, initEngine, withModel } from '../../../src/core/engine';
import { pythonSource } from '../../../src/core/parse/source';
import { fitOnTrainingRows } from '../../../src/core/refactors/splitFirst';
import { FIT_ON_TRAINING_ROWS, fixability, quickFixesFor } from '../../../src/core/refactors/registry';
import { preprocessingBeforeSplit } from '../../../src/core/rules/correctness/preprocessing-before-split';
import { reviewFirst, type RefactorResult } from '../../../src/core/refactors/change';

const HEADER = [
  'import numpy as np',
  'from sklearn.preprocessing import StandardScaler',
  'from sklearn.feature_selection import SelectKBest',
  'from sklearn.decomposition import PCA',
  'from sklearn.model_selection import train_test_split, cross_val_score',
  'from sklearn.linear_model import LogisticRegression',
];

function run(lines: string[], which = 0): { result: RefactorResult; text: string; after: string | null } {
  const text = [...HEADER, ...lines, ''].join('\n');
  const config = { ...defaultConfig(), select: ['MLH401'] };
  const findings = analyzeText('job.py', text, { config }).findings;
  const finding = findings[which];
  assert.ok(finding, `no MLH401 finding in:\n${text}`);
  const result = withModel(pythonSource('job.py', text), (model) => fitOnTrainingRows(model, finding));
  const change = result.change?.changes[0];
  const after = change?.kind === 'script' ? applyEdits(text, change.edits) : null;
  return { result, text, after };
}

const body = (after: string | null): string => (after ?? '').split('\n').slice(HEADER.length).join('\n');

function mlh401(text: string): number {
  return analyzeText('job.py', text, { config: { ...defaultConfig(), select: ['MLH401'] } }).findings.length;
}

describe('refactor: fit the transformer on the training rows (MLH401)', () => {
  before(() => initEngine());

  it('is the quick fix of MLH401, unsafe, and makes the rule fixable sometimes', () => {
    assert.deepEqual(
      quickFixesFor('MLH401').map((r) => r.id),
      ['fit-on-training-rows'],
    );
    assert.equal(FIT_ON_TRAINING_ROWS.applicability, 'unsafe');
    assert.equal(fixability(preprocessingBeforeSplit), 'sometimes');
  });

  it('moves fit_transform after the split: fit on the training part, transform the test part', () => {
    const { after } = run([
      'scaler = StandardScaler()',
      'X = scaler.fit_transform(X)',
      'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
      'model = LogisticRegression().fit(X_train, y_train)',
    ]);
    assert.equal(
      body(after),
      [
        'scaler = StandardScaler()',
        'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
        'X_train = scaler.fit_transform(X_train)',
        'X_test = scaler.transform(X_test)',
        'model = LogisticRegression().fit(X_train, y_train)',
        '',
      ].join('\n'),
    );
    assert.equal(mlh401(after!), 0);
  });

  it('asks the editor to show it in the refactor preview first: it moves statements', () => {
    const { result } = run([
      'X = StandardScaler().fit_transform(X)',
      'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
    ]);
    assert.ok(result.change);
    assert.equal(result.change.movesStatements, true);
    assert.equal(reviewFirst(result.change), true);
  });

  it('names a transformer built inline, and passes the split data instead of the transformed name', () => {
    const { after } = run([
      'X_scaled = StandardScaler().fit_transform(X)',
      'X_train, X_test, y_train, y_test = train_test_split(X_scaled, y, test_size=0.2, random_state=0)',
    ]);
    assert.equal(
      body(after),
      [
        'X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)',
        'scaler = StandardScaler()',
        'X_train = scaler.fit_transform(X_train)',
        'X_test = scaler.transform(X_test)',
        '',
      ].join('\n'),
    );
  });

  it('gives a supervised selector the training part of y too, inside a function, keeping the indentation', () => {
    const { after } = run([
      'def main(X, y):',
      '    X_sel = SelectKBest(k=5).fit_transform(X, y)',
      '    X_tr, X_te, y_tr, y_te = train_test_split(X_sel, y, random_state=0)',
      '    return X_tr, X_te',
    ]);
    assert.equal(
      body(after),
      [
        'def main(X, y):',
        '    X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)',
        '    selector = SelectKBest(k=5)',
        '    X_tr = selector.fit_transform(X_tr, y_tr)',
        '    X_te = selector.transform(X_te)',
        '    return X_tr, X_te',
        '',
      ].join('\n'),
    );
  });

  it('moves fit() after the split and fits it on the training part', () => {
    const { after } = run([
      'scaler = StandardScaler()',
      'scaler.fit(X)',
      'X_train, X_test = train_test_split(X, random_state=0)',
      'X_train = scaler.transform(X_train)',
      'X_test = scaler.transform(X_test)',
    ]);
    assert.equal(
      body(after),
      [
        'scaler = StandardScaler()',
        'X_train, X_test = train_test_split(X, random_state=0)',
        'scaler.fit(X_train)',
        'X_train = scaler.transform(X_train)',
        'X_test = scaler.transform(X_test)',
        '',
      ].join('\n'),
    );
    assert.equal(mlh401(after!), 0);
  });

  it('before cross-validation: the transformer goes into a pipeline with the model (and make_pipeline is imported)', () => {
    const { after, result } = run([
      'X_s = StandardScaler().fit_transform(X)',
      'scores = cross_val_score(LogisticRegression(), X_s, y, cv=5)',
    ]);
    assert.equal(result.change?.title, 'Cross-validate the transformer with the model in a pipeline');
    assert.ok(after!.includes('from sklearn.linear_model import LogisticRegression\nfrom sklearn.pipeline import make_pipeline\n'), after!);
    assert.equal(
      body(after).split('\n').slice(1).join('\n'),
      ['scores = cross_val_score(make_pipeline(StandardScaler(), LogisticRegression()), X, y, cv=5)', ''].join('\n'),
    );
    assert.equal(mlh401(after!), 0);
  });

  it('before cross-validation inside another statement (a print, a loop)', () => {
    const { after } = run([
      'from sklearn.pipeline import make_pipeline',
      'sc = StandardScaler()',
      'X_s = sc.fit_transform(X)',
      'for C in [0.1, 1.0]:',
      '    print(C, cross_val_score(LogisticRegression(C=C), X_s, y, cv=5).mean())',
    ]);
    assert.equal(
      body(after),
      [
        'from sklearn.pipeline import make_pipeline',
        'sc = StandardScaler()',
        'for C in [0.1, 1.0]:',
        '    print(C, cross_val_score(make_pipeline(sc, LogisticRegression(C=C)), X, y, cv=5).mean())',
        '',
      ].join('\n'),
    );
  });

  const refusals: Array<[string, string[], RegExp]> = [
    [
      'the data is used between the fit and the split',
      ['X = StandardScaler().fit_transform(X)', 'print(X.mean())', 'a, b = train_test_split(X, random_state=0)'],
      /`X` is used at line 8, between the fit \(line 7\) and the split/,
    ],
    [
      'several transformers chained',
      ['X = StandardScaler().fit_transform(X)', 'X = PCA(3).fit_transform(X)', 'a, b = train_test_split(X, random_state=0)'],
      /`X` is used at line 8, between the fit/,
    ],
    [
      'the transformed data is used again after the split',
      ['X_s = StandardScaler().fit_transform(X)', 'a, b = train_test_split(X_s, random_state=0)', 'print(X_s.shape)'],
      /`X_s` \(the transformed data\) is used again at line 9, after the split/,
    ],
    [
      'a scaling function',
      ['from sklearn.preprocessing import scale', 'X = scale(X)', 'a, b = train_test_split(X, random_state=0)'],
      /not a transformer's fit\(\) or fit_transform\(\)/,
    ],
    [
      'the fit nested in the split call',
      ['a, b = train_test_split(StandardScaler().fit_transform(X), random_state=0)'],
      /is not a statement of its own/,
    ],
    [
      'the fit and the split in different blocks',
      ['X = StandardScaler().fit_transform(X)', 'if True:', '    a, b = train_test_split(X, random_state=0)'],
      /not in the same block/,
    ],
    [
      'a grid search',
      [
        'from sklearn.model_selection import GridSearchCV',
        'X = StandardScaler().fit_transform(X)',
        'GridSearchCV(LogisticRegression(), {"C": [1]}).fit(X, y)',
      ],
      /only train_test_split and cross_val_score/,
    ],
    [
      'a helper function',
      ['def prep(d):', '    return PCA(2).fit_transform(d)', 'X_p = prep(X)', 'a, b = train_test_split(X_p, random_state=0)'],
      /inside a helper function/,
    ],
  ];
  for (const [name, lines, reason] of refusals) {
    it(`refuses, with the reason and the line: ${name}`, () => {
      const { result } = run(lines);
      assert.equal(result.change, null);
      assert.equal(result.refused.length, 1);
      assert.match(result.refused[0]!.reason, reason);
    });
  }
});
