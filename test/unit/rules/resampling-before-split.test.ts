import { resamplingBeforeSplit } from '../../../src/core/rules/correctness/resampling-before-split';
import { notebook, ruleTester } from './tester';

// Findings cover the resampling: from the method name (`fit_resample`) to the closing parenthesis,
// or the whole call for a function (`resample(...)`, `pd.concat(...)`). Columns are 1-based.

const IMPORTS = [
  'import numpy as np',
  'import pandas as pd',
  'from imblearn.over_sampling import SMOTE, RandomOverSampler',
  'from imblearn.under_sampling import RandomUnderSampler',
  'from imblearn.pipeline import make_pipeline',
  'from sklearn.utils import resample',
  'from sklearn.model_selection import train_test_split, cross_val_score',
  'from sklearn.linear_model import LogisticRegression',
].join('\n');
const IMPORT_LINES = 8;
const code = (...lines: string[]): string => [IMPORTS, ...lines].join('\n');
const L = (n: number): number => IMPORT_LINES + n;

ruleTester(resamplingBeforeSplit, {
  valid: [
    {
      name: 'split first, then oversample the training part',
      code: code(
        'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
        'X_res, y_res = SMOTE(random_state=0).fit_resample(X_train, y_train)',
      ),
    },
    {
      name: 'undersampling copies nothing',
      code: code('X_res, y_res = RandomUnderSampler().fit_resample(X, y)', 'a, b, c, d = train_test_split(X_res, y_res, random_state=0)'),
    },
    {
      name: 'the name is rebound to an undersampler before the call',
      code: code(
        'ros = RandomOverSampler()',
        'ros = RandomUnderSampler()',
        'X_res, y_res = ros.fit_resample(X, y)',
        'a, b, c, d = train_test_split(X_res, y_res, random_state=0)',
      ),
    },
    {
      name: 'resample without replacement draws a subset',
      code: code('small = resample(df, replace=False, n_samples=100)', 'train, test = train_test_split(small, random_state=0)'),
    },
    {
      name: 'the sampler inside an imblearn pipeline that is cross-validated',
      code: code('model = make_pipeline(SMOTE(), LogisticRegression())', 'print(cross_val_score(model, X, y, cv=5))'),
    },
    {
      name: 'different slices and different columns of one frame are not copies',
      code: code(
        'X = np.concatenate((x[0:200], x[800:1000]), axis=0)',
        "coords = np.vstack((df[['a_lat', 'a_lon']].values, df[['b_lat', 'b_lon']].values))",
        'train, test = train_test_split(X, random_state=0)',
        'tr2, te2 = train_test_split(coords, random_state=0)',
      ),
    },
    {
      name: 'columns side by side',
      code: code('wide = pd.concat([df, df[["a"]]], axis=1)', 'train, test = train_test_split(wide, random_state=0)'),
    },
    {
      name: 'a fit on oversampled rows does not carry the copies into what it transforms',
      code: code(
        'from sklearn.decomposition import PCA',
        'pca = PCA().fit(pd.concat([df, df]))',
        'df["pc0"] = pca.transform(df)[:, 0]',
        'train, test = train_test_split(df, random_state=0)',
      ),
    },
  ],
  invalid: [
    {
      name: 'SMOTE then train_test_split',
      code: code(
        'X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)',
        'X_train, X_test, y_train, y_test = train_test_split(X_res, y_res, random_state=0)',
      ),
      errors: [
        {
          line: L(1),
          column: 38,
          endColumn: 56,
          message: /^SMOTE\.fit_resample oversamples the data before the train\/test split at line 10 \(train_test_split\): copies/,
        },
      ],
    },
    {
      name: 'old fit_sample API, a named sampler, cross-validation',
      code: code(
        'ros = RandomOverSampler()',
        'X_res, y_res = ros.fit_sample(X, y)',
        'print(cross_val_score(LogisticRegression(), X_res, y_res, cv=5))',
      ),
      errors: [
        {
          line: L(2),
          column: 20,
          message: /^RandomOverSampler\.fit_sample oversamples the data before the cross-validation at line 11 .*validation folds/,
        },
      ],
    },
    {
      name: 'sklearn resample of the minority class, concatenated back',
      code: code(
        'minority = df[df.y == 1]',
        'majority = df[df.y == 0]',
        'up = resample(minority, replace=True, n_samples=len(majority), random_state=0)',
        'balanced = pd.concat([majority, up])',
        'train, test = train_test_split(balanced, random_state=0)',
      ),
      errors: [{ line: L(3), column: 6, message: /^resample\(replace=True\) oversamples/ }],
    },
    {
      name: 'rows duplicated with concat and with sample(frac > 1)',
      code: code(
        'df2 = pd.concat([df, df[df.y == 1]])',
        'df3 = df.sample(frac=2, replace=True)',
        'a, b = train_test_split(df2, random_state=0)',
        'c, d = train_test_split(df3, random_state=0)',
      ),
      errors: [
        { line: L(1), column: 10, message: /^concat\(…\) of the same rows oversamples/ },
        { line: L(2), column: 10, message: /^df\.sample\(…\) oversamples/ },
      ],
    },
    {
      name: 'through a same-file helper that splits its argument',
      code: code(
        'def evaluate(X, y):',
        '    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
        '    return LogisticRegression().fit(X_train, y_train).score(X_test, y_test)',
        'X_res, y_res = RandomOverSampler().fit_resample(X, y)',
        'print(evaluate(X_res, y_res))',
      ),
      errors: [
        {
          line: L(4),
          column: 36,
          message: /before the train\/test split at line 13 \(through evaluate\(\), which calls train_test_split\)/,
        },
      ],
    },
    {
      name: 'notebook cells',
      path: 'x.ipynb',
      code: notebook([
        IMPORTS,
        'X_res, y_res = SMOTE().fit_resample(X, y)',
        'X_train, X_test, y_train, y_test = train_test_split(X_res, y_res)',
      ]),
      errors: [{ cell: 2, line: 1, column: 24, message: /before the train\/test split in cell 3, line 1/ }],
    },
  ],
});
