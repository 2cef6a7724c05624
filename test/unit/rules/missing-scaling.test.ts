import { missingScaling } from '../../../src/core/rules/correctness/missing-scaling';
import { notebook, ruleTester } from './tester';

// Findings cover the training call: from the method name (`fit`, `fit_transform`) to the closing
// parenthesis, or the whole call for `cross_val_score(...)`. Columns are 1-based.

const IMPORTS = [
  'import numpy as np',
  'import pandas as pd',
  'from sklearn.svm import SVC',
  'from sklearn.neighbors import KNeighborsClassifier',
  'from sklearn.linear_model import LogisticRegression, Ridge, LinearRegression',
  'from sklearn.decomposition import PCA',
  'from sklearn.ensemble import RandomForestClassifier',
  'from sklearn.preprocessing import StandardScaler, MinMaxScaler, OneHotEncoder, scale',
  'from sklearn.impute import SimpleImputer',
  'from sklearn.compose import ColumnTransformer',
  'from sklearn.pipeline import Pipeline, make_pipeline',
  'from sklearn.feature_extraction.text import TfidfVectorizer',
  'from sklearn.model_selection import train_test_split, cross_val_score, GridSearchCV',
  'from sklearn.datasets import load_breast_cancer, load_digits',
].join('\n');
/** Lines taken by IMPORTS; snippets below start on line IMPORT_LINES + 1. */
const IMPORT_LINES = 14;
const code = (...lines: string[]): string => [IMPORTS, ...lines].join('\n');
const L = (n: number): number => IMPORT_LINES + n;
const LOAD = ['df = pd.read_csv("train.csv")', 'X = df.drop("y", axis=1)', 'y = df["y"]'];

ruleTester(missingScaling, {
  valid: [
    {
      name: 'a scaler in the pipeline before the estimator',
      code: code(...LOAD, 'model = make_pipeline(StandardScaler(), SVC())', 'model.fit(X, y)'),
    },
    {
      name: 'a Pipeline with a named scaler step, cross-validated',
      code: code(
        ...LOAD,
        'pipe = Pipeline([("scale", MinMaxScaler()), ("knn", KNeighborsClassifier())])',
        'cross_val_score(pipe, X, y, cv=5)',
      ),
    },
    {
      name: 'a ColumnTransformer that scales the numeric columns',
      code: code(
        ...LOAD,
        'pre = ColumnTransformer([("num", StandardScaler(), ["a", "b"]), ("cat", OneHotEncoder(), ["c"])])',
        'make_pipeline(pre, LogisticRegression()).fit(X, y)',
      ),
    },
    {
      name: 'scaled by hand after the split',
      code: code(
        ...LOAD,
        'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
        'scaler = StandardScaler()',
        'X_train = scaler.fit_transform(X_train)',
        'X_test = scaler.transform(X_test)',
        'SVC().fit(X_train, y_train)',
      ),
    },
    {
      name: 'columns scaled in place',
      code: code(...LOAD, 'X[["a", "b"]] = StandardScaler().fit_transform(X[["a", "b"]])', 'KNeighborsClassifier().fit(X, y)'),
    },
    {
      name: 'the scale() function',
      code: code(...LOAD, 'Xs = scale(X)', 'SVC().fit(Xs, y)'),
    },
    {
      name: 'pixels divided by 255',
      code: code(...LOAD, 'X = X / 255.0', 'SVC().fit(X, y)'),
    },
    {
      name: 'image data reshaped to 28 x 28 somewhere in the file',
      code: code(...LOAD, 'img = X.values[0].reshape(28, 28)', 'PCA(n_components=2).fit(X)'),
    },
    {
      name: 'TF-IDF features are normalised',
      code: code(
        'df = pd.read_csv("reviews.csv")',
        'X = TfidfVectorizer().fit_transform(df["text"])',
        'LogisticRegression().fit(X, df["label"])',
      ),
    },
    {
      name: 'one-hot columns',
      code: code(...LOAD, 'X = pd.get_dummies(X)', 'SVC().fit(X, y)'),
    },
    {
      name: 'a function parameter: the data is unknown',
      code: code('def train(X, y):', '    SVC().fit(X, y)'),
    },
    {
      name: 'data from a helper the rule cannot see',
      code: code('X, y = make_features("train.csv")', 'SVC().fit(X, y)'),
    },
    {
      name: 'arrays built by hand',
      code: code('X = np.array([[0.0, 1.0], [1.0, 0.0]])', 'y = [0, 1]', 'SVC().fit(X, y)'),
    },
    {
      name: 'a scale-insensitive estimator',
      code: code(...LOAD, 'RandomForestClassifier(random_state=0).fit(X, y)', 'LinearRegression().fit(X, y)'),
    },
    {
      name: 'an unpenalised logistic regression',
      code: code(...LOAD, 'LogisticRegression(penalty="none").fit(X, y)'),
    },
    {
      name: 'a linear model that normalises its own input',
      code: code(...LOAD, 'Ridge(normalize=True).fit(X, y)'),
    },
    {
      name: 'a dataset whose pixels share one scale',
      code: code('X, y = load_digits(return_X_y=True)', 'SVC().fit(X, y)'),
    },
    {
      name: 'frames changed through a loop alias (Titanic-style banding)',
      code: code(
        'train = pd.read_csv("train.csv")',
        'test = pd.read_csv("test.csv")',
        'combine = [train, test]',
        'for dataset in combine:',
        '    dataset.loc[dataset["Age"] <= 16, "Age"] = 0',
        'SVC().fit(train.drop("Survived", axis=1), train["Survived"])',
      ),
    },
    {
      name: 'values binned in place',
      code: code(...LOAD, 'X.loc[X["fare"] > 31, "fare"] = 3', 'SVC().fit(X, y)'),
    },
    {
      name: 'a column log-transformed in place',
      code: code(...LOAD, 'X["fare"] = np.log1p(X["fare"])', 'SVC().fit(X, y)'),
    },
    {
      name: 'a grid search that tries scalers as a step',
      code: code(
        ...LOAD,
        'pipe = Pipeline([("scale", "passthrough"), ("svc", SVC())])',
        'GridSearchCV(pipe, {"scale": [StandardScaler(), MinMaxScaler()]}).fit(X, y)',
      ),
    },
    {
      name: 'a table of counts (one unit)',
      code: code(
        'orders = pd.read_csv("orders.csv")',
        'counts = pd.crosstab(orders["user"], orders["aisle"])',
        'PCA(n_components=3).fit(counts)',
      ),
    },
  ],
  invalid: [
    {
      name: 'SVC on a split of loaded features',
      code: code(
        ...LOAD,
        'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
        'svc = SVC()',
        'svc.fit(X_train, y_train)',
      ),
      errors: [
        {
          line: L(6),
          column: 5,
          endColumn: 26,
          message:
            /^SVC is trained on `X_train`: features from `pd\.read_csv\(…\)` at line 15 .*make_pipeline\(StandardScaler\(\), SVC\(…\)\)/,
        },
      ],
    },
    {
      name: 'a pipeline without a scaler, cross-validated',
      code: code(...LOAD, 'model = make_pipeline(SimpleImputer(), KNeighborsClassifier())', 'scores = cross_val_score(model, X, y, cv=5)'),
      errors: [{ line: L(5), column: 10, message: /^The pipeline has no scaler before KNeighborsClassifier, which is trained on `X`/ }],
    },
    {
      name: 'a Pipeline fitted inline',
      code: code(...LOAD, 'Pipeline([("pca", PCA(n_components=2)), ("clf", SVC())]).fit(X, y)'),
      errors: [
        {
          line: L(4),
          column: 58,
          message: /no scaler before PCA.*Add a StandardScaler \(or MinMaxScaler\) step before PCA in the pipeline/,
        },
      ],
    },
    {
      name: 'a grid search over a bare estimator',
      code: code(...LOAD, 'grid = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [3, 5]})', 'grid.fit(X, y)'),
      errors: [{ line: L(5), column: 6, message: /^KNeighborsClassifier is trained on `X`/ }],
    },
    {
      name: 'a dataset in mixed units',
      code: code('data = load_breast_cancer()', 'X, y = data.data, data.target', 'LogisticRegression(max_iter=1000).fit(X, y)'),
      errors: [{ line: L(3), column: 35, message: /LogisticRegression is trained on `X`: features from `load_breast_cancer\(…\)`/ }],
    },
    {
      name: 'PCA fit_transform on loaded data',
      code: code('df = pd.read_csv("data.csv")', 'Z = PCA(n_components=2).fit_transform(df.values)'),
      errors: [{ line: L(2), column: 25, message: /^PCA is trained on `df\.values`/ }],
    },
    {
      name: 'one finding per estimator, however often it is fitted',
      code: code(...LOAD, 'svc = SVC()', 'svc.fit(X, y)', 'svc.fit(X, y)', 'cross_val_score(svc, X, y)'),
      errors: [{ line: L(5), column: 5 }],
    },
    {
      name: 'a scaler fitted, but the raw features trained on',
      code: code(...LOAD, 'X_s = StandardScaler().fit_transform(X)', 'SVC().fit(X, y)'),
      errors: [{ line: L(5), column: 7 }],
    },
    {
      name: 'in a notebook cell',
      path: 'x.ipynb',
      code: notebook([IMPORTS, LOAD.join('\n'), 'knn = KNeighborsClassifier(n_neighbors=3)\nknn.fit(X, y)']),
      errors: [{ cell: 3, line: 2, column: 5, message: /features from `pd\.read_csv\(…\)` in cell 2, line 1/ }],
    },
  ],
});
