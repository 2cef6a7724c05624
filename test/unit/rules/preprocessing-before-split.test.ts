import { preprocessingBeforeSplit } from '../../../src/core/rules/correctness/preprocessing-before-split';
import { notebook, ruleTester } from './tester';

// Findings cover the fit: from the method name (`fit_transform`, `fit`) to the closing
// parenthesis, or the whole call for a function such as `scale(X)`. Columns are 1-based.

const IMPORTS = [
  'import numpy as np',
  'import pandas as pd',
  'from sklearn.preprocessing import StandardScaler, MinMaxScaler, PolynomialFeatures, LabelEncoder, scale',
  'from sklearn.model_selection import train_test_split, cross_val_score, GridSearchCV, KFold',
  'from sklearn.feature_selection import SelectKBest',
  'from sklearn.decomposition import PCA',
  'from sklearn.impute import SimpleImputer',
  'from sklearn.feature_extraction.text import TfidfVectorizer',
  'from sklearn.linear_model import LogisticRegression',
  'from sklearn.pipeline import make_pipeline',
  'from sklearn.svm import SVC',
].join('\n');
/** Lines taken by IMPORTS; snippets below start on line IMPORT_LINES + 1. */
const IMPORT_LINES = 11;
const code = (...lines: string[]): string => [IMPORTS, ...lines].join('\n');
const L = (n: number): number => IMPORT_LINES + n;

ruleTester(preprocessingBeforeSplit, {
  valid: [
    {
      name: 'split first, then fit on the training rows',
      code: code(
        'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
        'scaler = StandardScaler()',
        'X_train = scaler.fit_transform(X_train)',
        'X_test = scaler.transform(X_test)',
      ),
    },
    {
      name: 'split first, fit() then transform() both parts',
      code: code(
        'X_train, X_test = train_test_split(X, random_state=0)',
        'scaler = StandardScaler().fit(X_train)',
        'X_train_s = scaler.transform(X_train)',
        'X_test_s = scaler.transform(X_test)',
      ),
    },
    {
      name: 'the scaler inside a Pipeline that is cross-validated',
      code: code('model = make_pipeline(StandardScaler(), LogisticRegression())', 'scores = cross_val_score(model, X, y, cv=5)'),
    },
    {
      name: 'stateless transformers learn nothing from the rows',
      code: code('X = PolynomialFeatures(2).fit_transform(X)', 'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)'),
    },
    {
      name: 'encoding the labels is not a leak of feature statistics',
      code: code('y = LabelEncoder().fit_transform(y)', 'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)'),
    },
    {
      name: 'the scaled name is rebound to other data before the split',
      code: code('X_s = StandardScaler().fit_transform(X)', 'X_s = np.asarray(raw)', 'a, b = train_test_split(X_s, random_state=0)'),
    },
    {
      name: 'a PCA fitted for a plot; its components build the target; the raw data is split',
      code: code(
        'pca = PCA(n_components=2).fit(X)',
        'y = X @ pca.components_[0]',
        'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
      ),
    },
    {
      name: 'fit() then a split of the raw data, never transformed with that fit',
      code: code('scaler = StandardScaler()', 'scaler.fit(X)', 'X_train, X_test = train_test_split(X, random_state=0)'),
    },
    {
      name: 'fit() on everything, split, then refit on the training part before transforming',
      code: code(
        'scaler = StandardScaler()',
        'scaler.fit(X)',
        'X_train, X_test = train_test_split(X, random_state=0)',
        'scaler.fit(X_train)',
        'X_train = scaler.transform(X_train)',
      ),
    },
    {
      name: 'a scaled copy for plotting; the raw data is split',
      code: code(
        'X_plot = StandardScaler().fit_transform(X)',
        'plt.scatter(X_plot[:, 0], X_plot[:, 1])',
        'X_train, X_test = train_test_split(X, random_state=0)',
      ),
    },
    {
      name: 'an object of unknown type',
      code: code('prep = build_preprocessor()', 'X_s = prep.fit_transform(X)', 'X_train, X_test = train_test_split(X_s, random_state=0)'),
    },
    {
      name: 'fit in one function, split in another: separate scopes',
      code: code(
        'def prepare(X):',
        '    X_s = StandardScaler().fit_transform(X)',
        '    return X_s',
        'def split(X_s, y):',
        '    return train_test_split(X_s, y, random_state=0)',
      ),
    },
    {
      name: 'suppressed on the line',
      code: code('X_s = StandardScaler().fit_transform(X)  # mlh: ignore[MLH401]', 'a, b = train_test_split(X_s, random_state=0)'),
    },
    {
      name: 'the split comes first in program order',
      code: code('X_train, X_test = train_test_split(X, random_state=0)', 'X_all = StandardScaler().fit_transform(X)'),
    },
    {
      name: 'a pipeline ending with a model, fitted before an unrelated split of the raw data',
      code: code(
        'model = make_pipeline(StandardScaler(), LogisticRegression())',
        'model.fit(X, y)',
        'a, b = train_test_split(X, random_state=0)',
      ),
    },
    {
      name: 'a preprocessing pipeline fitted on the training rows after the split',
      code: code(
        'X_train, X_test = train_test_split(X, random_state=0)',
        'prep = make_pipeline(SimpleImputer(), StandardScaler())',
        'X_train = prep.fit_transform(X_train)',
        'X_test = prep.transform(X_test)',
      ),
    },
    {
      name: 'a pipeline of stateless transformers',
      code: code('X_p = make_pipeline(PolynomialFeatures(2)).fit_transform(X)', 'a, b = train_test_split(X_p, random_state=0)'),
    },
    {
      name: 'a helper fitting on its parameter, called on the training part only',
      code: code(
        'def prepare(df):',
        '    return PCA(5).fit_transform(df)',
        'X_train, X_test = train_test_split(X, random_state=0)',
        'X_train = prepare(X_train)',
      ),
    },
    {
      name: 'a helper that splits its parameter, then fits on the training part',
      code: code(
        'def run(X, y):',
        '    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
        '    return StandardScaler().fit_transform(X_train)',
        'out = run(X, y)',
        'a, b = train_test_split(X, random_state=0)',
      ),
    },
    {
      name: 'a helper that fits on something other than its parameter',
      code: code(
        'def prepare(df):',
        '    return StandardScaler().fit_transform(reference)',
        'X_s = prepare(X)',
        'a, b = train_test_split(X_s, random_state=0)',
      ),
    },
    {
      name: 'a helper redefined after the call: the definition above the call is the one called',
      code: code(
        'def split(X):',
        '    return X[:10], X[10:]',
        'X_s = StandardScaler().fit_transform(X)',
        'parts = split(X_s)',
        'def split(X):',
        '    return train_test_split(X, random_state=0)',
      ),
    },
    {
      name: 'a recursive helper does not loop',
      code: code('def f(x):', '    return f(x)', 'X_s = f(X)', 'a, b = train_test_split(X_s, random_state=0)'),
    },
  ],
  invalid: [
    {
      name: 'the churn pattern: fit_transform, then train_test_split',
      code: code(
        'scaler = StandardScaler()',
        'X_scaled = scaler.fit_transform(X)',
        'X_train, X_test, y_train, y_test = train_test_split(X_scaled, y, test_size=0.25)',
      ),
      errors: [
        {
          line: L(2),
          column: 19,
          endLine: L(2),
          endColumn: 35,
          message: new RegExp(
            `^StandardScaler is fitted on X before the train/test split at line ${L(3)} \\(train_test_split\\): statistics of the test rows leak into training\\. ` +
              'Split first, then fit the scaler on the training rows only \\(or put it in a Pipeline\\)\\.$',
          ),
        },
      ],
    },
    {
      name: 'a constructor chained with fit_transform, rebinding X',
      code: code(
        'X = StandardScaler().fit_transform(X)',
        'X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.4, random_state=42)',
      ),
      errors: [{ line: L(1), column: 22 }],
    },
    {
      name: 'aliases for the module and the function',
      code: [
        'import sklearn.preprocessing as pp',
        'from sklearn.model_selection import train_test_split as tts',
        'X_s = pp.MinMaxScaler().fit_transform(X)',
        'parts = tts(X_s, y, random_state=0)',
      ].join('\n'),
      errors: [
        { line: 3, column: 25, message: /^MinMaxScaler is fitted on X before the train\/test split at line 4 \(train_test_split\)/ },
      ],
    },
    {
      name: 'through derived names: a slice and a DataFrame',
      code: code(
        'X_scaled = StandardScaler().fit_transform(X)',
        'X2 = X_scaled[:, :3]',
        'df2 = pd.DataFrame(X2, columns=["a", "b", "c"])',
        'X_train, X_test = train_test_split(df2, random_state=0)',
      ),
      errors: [{ line: L(1), column: 29, message: new RegExp(`at line ${L(4)} `) }],
    },
    {
      name: 'columns scaled in place, then the frame is split',
      code: code(
        'cols = ["a", "b", "c"]',
        'df[cols] = StandardScaler().fit_transform(df[cols])',
        'train, test = train_test_split(df, random_state=0)',
      ),
      errors: [{ line: L(2), column: 29, message: /^StandardScaler is fitted on df\[cols\] before/ }],
    },
    {
      name: 'fit(), transform(), then split',
      code: code(
        'scaler = StandardScaler()',
        'scaler.fit(X)',
        'X_s = scaler.transform(X)',
        'X_train, X_test = train_test_split(X_s, random_state=0)',
      ),
      errors: [{ line: L(2), column: 8, endColumn: 14 }],
    },
    {
      name: 'fit() on everything, split, then transform the training part with that fit',
      code: code(
        'imputer = SimpleImputer()',
        'imputer.fit(X)',
        'X_train, X_test = train_test_split(X, random_state=0)',
        'X_train = imputer.transform(X_train)',
      ),
      errors: [
        {
          line: L(2),
          column: 9,
          message:
            /^SimpleImputer is fitted on X before the train\/test split .*: fill values of the test rows leak into training\. Split first, then fit the imputer/,
        },
      ],
    },
    {
      name: 'the fit nested in the split call',
      code: code('X_train, X_test, y_train, y_test = train_test_split(StandardScaler().fit_transform(X), y, random_state=0)'),
      errors: [{ line: L(1), column: 70 }],
    },
    {
      name: 'feature selection before cross-validation',
      code: code('X_sel = SelectKBest(k=5).fit_transform(X, y)', 'scores = cross_val_score(LogisticRegression(), X_sel, y, cv=5)'),
      errors: [
        {
          line: L(1),
          column: 26,
          message: new RegExp(
            `^SelectKBest is fitted on X before the cross-validation at line ${L(2)} \\(cross_val_score\\): feature scores of the validation folds leak into training\\. ` +
              'Put the selector and the model in a Pipeline and cross-validate the pipeline\\.$',
          ),
        },
      ],
    },
    {
      name: 'a grid search fitted on scaled data',
      code: code(
        'scaler = StandardScaler()',
        'X = scaler.fit_transform(X)',
        'grid = GridSearchCV(SVC(), param_grid={"C": [1, 10]}, cv=3)',
        'grid.fit(X, y)',
      ),
      errors: [{ line: L(2), column: 12, message: /cross-validation at line \d+ \(GridSearchCV\.fit\)/ }],
    },
    {
      name: 'a splitter splitting scaled data',
      code: code('X_s = StandardScaler().fit_transform(X)', 'for train_idx, test_idx in KFold(n_splits=5).split(X_s):', '    pass'),
      errors: [{ line: L(1), column: 24, message: /\(KFold\.split\)/ }],
    },
    {
      name: 'a vectorizer fitted on all documents',
      code: code(
        'X = TfidfVectorizer().fit_transform(docs)',
        'X_train, X_test, y_train, y_test = train_test_split(X, labels, random_state=0)',
      ),
      errors: [{ line: L(1), column: 23, message: /vocabulary and document frequencies of the test rows leak.*fit the vectorizer/ }],
    },
    {
      name: 'a scaling function',
      code: code('X = scale(X)', 'X_train, X_test = train_test_split(X, random_state=0)'),
      errors: [{ line: L(1), column: 5, endColumn: 13, message: /^scale\(\) is computed on X before the train\/test split/ }],
    },
    {
      name: 'two transformers before one split: one finding each',
      code: code(
        'X = StandardScaler().fit_transform(X)',
        'X = PCA(n_components=5).fit_transform(X)',
        'X_train, X_test = train_test_split(X, random_state=0)',
      ),
      errors: [
        { line: L(1), column: 22, message: /^StandardScaler/ },
        { line: L(2), column: 25, message: /^PCA is fitted on X .*fit the transformer/ },
      ],
    },
    {
      name: 'scaled column by column in a loop',
      code: code(
        'for col in ["a", "b"]:',
        '    df[col] = MinMaxScaler().fit_transform(df[[col]])',
        'train, test = train_test_split(df, random_state=0)',
      ),
      errors: [{ line: L(2), column: 30 }],
    },
    {
      name: 'inside one function body',
      code: code(
        'def train(X, y):',
        '    scaler = StandardScaler()',
        '    X_s = scaler.fit_transform(X)',
        '    X_train, X_test, y_train, y_test = train_test_split(X_s, y, random_state=0)',
        '    return LogisticRegression().fit(X_train, y_train)',
      ),
      errors: [{ line: L(3), column: 18, message: new RegExp(`at line ${L(4)} `) }],
    },
    {
      name: 'inside the main guard',
      code: code(
        'if __name__ == "__main__":',
        '    X = load()',
        '    X = StandardScaler().fit_transform(X)',
        '    X_train, X_test = train_test_split(X, random_state=0)',
      ),
      errors: [{ line: L(3), column: 26 }],
    },
    {
      name: 'with a syntax error elsewhere in the file',
      code: code(
        'X_s = StandardScaler().fit_transform(X)',
        'def broken(:',
        '    pass',
        'X_train, X_test = train_test_split(X_s, random_state=0)',
      ),
      errors: [{ line: L(1), column: 24 }],
    },
    {
      name: 'a preprocessing pipeline (make_pipeline) fitted on all rows before the split',
      code: code(
        'X_p = make_pipeline(SimpleImputer(), StandardScaler()).fit_transform(X)',
        'X_train, X_test = train_test_split(X_p, random_state=0)',
      ),
      errors: [
        {
          line: L(1),
          column: 56,
          message:
            /^make_pipeline\(SimpleImputer, StandardScaler\) is fitted on X before the train\/test split .*: fill values of the test rows leak into training\. Split first, then fit the pipeline on the training rows only \(or add the model to the pipeline\)\.$/,
        },
      ],
    },
    {
      name: 'a Pipeline of transformers bound to a name, fit() then transform() before the split',
      code: [
        IMPORTS,
        'from sklearn.pipeline import Pipeline',
        'prep = Pipeline([("impute", SimpleImputer()), ("scale", StandardScaler())])',
        'prep.fit(X)',
        'X_p = prep.transform(X)',
        'scores = cross_val_score(LogisticRegression(), X_p, y, cv=5)',
      ].join('\n'),
      errors: [{ line: L(3), column: 6, message: /^Pipeline\(SimpleImputer, StandardScaler\) is fitted on X before the cross-validation/ }],
    },
    {
      name: 'a pipeline defined at module level, fitted inside a function',
      code: code(
        'prep = make_pipeline(SimpleImputer(), PCA(3))',
        'def main(X):',
        '    X = prep.fit_transform(X)',
        '    return train_test_split(X, random_state=0)',
      ),
      errors: [{ line: L(3), column: 14 }],
    },
    {
      name: 'a fit inside a same-file helper, called on all rows before the split',
      code: code(
        'def prepare(df):',
        '    return PCA(5).fit_transform(df)',
        'X_p = prepare(X)',
        'X_train, X_test = train_test_split(X_p, random_state=0)',
      ),
      errors: [
        {
          line: L(3),
          column: 7,
          endColumn: 17,
          message: new RegExp(`^PCA is fitted on X by prepare\\(\\) at line ${L(2)} before the train/test split at line ${L(4)}`),
        },
      ],
    },
    {
      name: 'a helper that derives, fits and returns; a keyword argument',
      code: code(
        'def prepare(frame, k=5):',
        '    feats = frame.drop(columns=["y"])',
        '    sel = SelectKBest(k=k)',
        '    out = sel.fit_transform(feats, frame["y"])',
        '    return out',
        'X_p = prepare(k=3, frame=df)',
        'scores = cross_val_score(LogisticRegression(), X_p, df["y"], cv=5)',
      ),
      errors: [{ line: L(6), column: 7, message: /^SelectKBest is fitted on df by prepare\(\)/ }],
    },
    {
      name: 'a helper scaling its frame in place, then the frame is split',
      code: code(
        'def clean(df):',
        '    cols = ["a", "b"]',
        '    df[cols] = StandardScaler().fit_transform(df[cols])',
        'clean(data)',
        'train, test = train_test_split(data, random_state=0)',
      ),
      errors: [{ line: L(4), column: 1, message: /^StandardScaler is fitted on data by clean\(\)/ }],
    },
    {
      name: 'a helper applied to each column with DataFrame.apply',
      code: code(
        'def f(x):',
        '    if x.name != "label":',
        '        return MinMaxScaler().fit_transform(x)',
        '    return x',
        'r = r.apply(f, axis=0)',
        'X_train, X_test = train_test_split(r, random_state=0)',
      ),
      errors: [{ line: L(5), column: 5, message: /^MinMaxScaler is fitted on r by f\(\)/ }],
    },
    {
      name: 'a notebook redefines a helper: the definition above the call is the one called',
      code: code(
        'def split(X, y):',
        '    return X[:10], X[10:]',
        'def split(X, y):',
        '    return train_test_split(X, y, random_state=0)',
        'X_s = StandardScaler().fit_transform(X)',
        'parts = split(X_s, y)',
      ),
      errors: [{ line: L(5), column: 24 }],
    },
    {
      name: 'the split inside a same-file helper',
      code: code(
        'def split(X, y):',
        '    return train_test_split(X, y, random_state=0)',
        'X_s = StandardScaler().fit_transform(X)',
        'X_train, X_test, y_train, y_test = split(X_s, y)',
      ),
      errors: [{ line: L(3), column: 24, message: new RegExp(`before the train/test split at line ${L(4)} \\(split\\(\\)\\)`) }],
    },
    {
      name: 'helpers calling helpers: both the fit and the split',
      code: code(
        'def scale_all(df):',
        '    return StandardScaler().fit_transform(df)',
        'def prepare(df):',
        '    return scale_all(df)',
        'def split(X):',
        '    return train_test_split(X, random_state=0)',
        'X_p = prepare(X)',
        'a, b = split(X_p)',
      ),
      errors: [
        {
          line: L(7),
          column: 7,
          message: new RegExp(`^StandardScaler is fitted on X by prepare\\(\\) at line ${L(2)} before the train/test split`),
        },
      ],
    },
    {
      name: 'a notebook: cells in order, with magics; the message names the cell',
      path: 'x.ipynb',
      code: notebook([
        '%matplotlib inline\nfrom sklearn.preprocessing import StandardScaler\nfrom sklearn.model_selection import train_test_split',
        { markdown: '## Scale' },
        '!ls data\nX_s = StandardScaler().fit_transform(X)',
        'X_train, X_test = train_test_split(X_s, random_state=0)',
      ]),
      errors: [{ cell: 3, line: 2, column: 24, message: /before the train\/test split in cell 4, line 1 \(train_test_split\)/ }],
    },
  ],
});
