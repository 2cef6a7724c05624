import assert from 'node:assert/strict';
import { initEngine } from '../../../src/core/engine';
import { hardCodedHyperparameter } from '../../../src/core/rules/configuration/hard-coded-hyperparameter';
import { payloadOf } from '../../../src/core/types';
import { findingsOf, notebook, ruleTester } from './tester';

const lines = (...l: string[]): string => l.join('\n') + '\n';
const RF = 'from sklearn.ensemble import RandomForestClassifier';

ruleTester(hardCodedHyperparameter, {
  valid: [
    {
      name: 'seeds, threads and verbosity are not hyperparameters',
      code: lines(RF, 'rf = RandomForestClassifier(random_state=42, n_jobs=-1, verbose=1, warm_start=False)'),
    },
    {
      name: 'values that come from configuration',
      code: lines(
        RF,
        'import yaml',
        'params = yaml.safe_load(open("params.yaml"))',
        'rf = RandomForestClassifier(**params["rf"])',
        'rf2 = RandomForestClassifier(n_estimators=params["n"], max_depth=args.depth)',
      ),
    },
    {
      name: 'dataset generators, splits and CV splitters',
      code: lines(
        'from sklearn.datasets import make_classification',
        'from sklearn.model_selection import train_test_split, KFold',
        'X, y = make_classification(n_samples=1500, n_features=6, weights=[0.8, 0.2], random_state=7)',
        'X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)',
        'cv = KFold(n_splits=5, shuffle=True, random_state=0)',
      ),
    },
    {
      name: 'the search protocol (cv, scoring, the grid) is not reported',
      code: lines(
        'from sklearn.svm import SVC',
        'from sklearn.model_selection import GridSearchCV',
        'search = GridSearchCV(SVC(), {"C": [1, 10]}, cv=5, scoring="accuracy", refit=True)',
        'from sklearn.linear_model import LogisticRegressionCV',
        'm = LogisticRegressionCV(cv=3, scoring="roc_auc")',
      ),
    },
    {
      name: 'plumbing settings of transformers',
      code: lines(
        'from sklearn.preprocessing import StandardScaler, OneHotEncoder',
        'from sklearn.impute import SimpleImputer',
        'from sklearn.compose import ColumnTransformer',
        'a = StandardScaler(with_mean=False)',
        'b = OneHotEncoder(handle_unknown="ignore", sparse_output=False)',
        'c = SimpleImputer(strategy="median")',
        'd = ColumnTransformer([("num", a, ["x"])], remainder="passthrough")',
      ),
    },
    {
      name: 'None, expressions and f-strings are not literals',
      code: lines(
        'from sklearn.linear_model import LogisticRegression',
        'from sklearn.svm import SVC',
        'a = LogisticRegression(penalty=None, C=10 ** 2)',
        'b = SVC(kernel=f"{k}", gamma=1 / n_features)',
      ),
    },
    {
      name: 'callees the knowledge base does not know',
      code: lines(
        'model = MyModel(n_estimators=100)',
        'est.fit(X, y, sample_weight=w)',
        'import re',
        'pattern = re.compile("a+", flags=0)',
      ),
    },
    {
      name: 'layer sizes describe the architecture',
      code: lines(
        'import torch.nn as nn',
        'from tensorflow.keras import layers',
        'a = nn.Linear(128, 64)',
        'b = layers.Dense(64, activation="relu")',
        'c = nn.Conv2d(3, 16, kernel_size=3)',
      ),
    },
    {
      name: 'a name bound twice is not a constant',
      code: lines(RF, 'N = 100', 'if fast:', '    N = 10', 'rf = RandomForestClassifier(n_estimators=N)'),
    },
    {
      name: 'a parameter default is a parameter',
      code: lines(RF, 'def train(n=100):', '    return RandomForestClassifier(n_estimators=n)'),
    },
    {
      name: 'a parameter shadows a module constant',
      code: lines(RF, 'N = 100', 'def train(N):', '    return RandomForestClassifier(n_estimators=N)'),
    },
    {
      name: 'a sweep over values',
      code: lines(
        RF,
        'for n in [10, 100]:',
        '    RandomForestClassifier(n_estimators=n)',
        'models = [RandomForestClassifier(max_depth=d) for d in (2, 4)]',
      ),
    },
    { name: 'compile: loss and metrics define the task', code: lines('model.compile(loss="mse", metrics=["mae"], optimizer=opt)') },
    { name: 'kernel="precomputed" describes the input', code: lines('from sklearn.svm import SVC', 'clf = SVC(kernel="precomputed")') },
    {
      name: 'manifold embeddings: n_components is the plot dimension',
      code: lines('from sklearn.manifold import TSNE', 'emb = TSNE(n_components=2, random_state=0)'),
    },
    {
      name: 'xgboost helpers that are not models',
      code: lines('import xgboost as xgb', 'xgb.plot_importance(model, max_num_features=10)', 'd = xgb.DMatrix(X, label=y, missing=0)'),
    },
    {
      name: 'task definition and per-feature constraints',
      code: lines(
        'import xgboost as xgb',
        'from sklearn.ensemble import HistGradientBoostingRegressor',
        'm = xgb.XGBClassifier(objective="binary:logistic", eval_metric="auc", use_label_encoder=False)',
        'h = HistGradientBoostingRegressor(monotonic_cst=[1, -1], categorical_features=[0])',
      ),
    },
    {
      name: 'suppressed on the line',
      code: lines(
        RF,
        'rf = RandomForestClassifier(n_estimators=100)  # mlh: ignore[MLH101]',
        'N = 3  # mlh: ignore',
        'rf2 = RandomForestClassifier(max_depth=N)',
      ),
    },
    {
      name: 'ignore-parameters',
      code: lines(RF, 'rf = RandomForestClassifier(n_estimators=100, max_depth=3)'),
      options: { 'ignore-parameters': ['n_estimators', 'max_depth'] },
    },
    {
      name: 'notebook: a seeded, configured cell',
      path: 'x.ipynb',
      code: notebook(['%matplotlib inline\n' + RF, 'rf = RandomForestClassifier(**cfg, random_state=0)']),
    },
  ],
  invalid: [
    {
      name: 'the churn model: every tuning value, not the seed',
      code: lines(RF, 'rf = RandomForestClassifier(n_estimators=200, max_depth=8, min_samples_leaf=3, random_state=42)'),
      errors: [
        {
          line: 2,
          column: 42,
          endLine: 2,
          endColumn: 45,
          message: /^Hard-coded hyperparameter n_estimators=200 for RandomForestClassifier: move it to the params file\.$/,
        },
        { line: 2, column: 57, message: /max_depth=8 for RandomForestClassifier/ },
        { line: 2, column: 77, message: /min_samples_leaf=3/ },
      ],
    },
    {
      name: 'an aliased module',
      code: lines('from sklearn import linear_model as lm', 'clf = lm.LogisticRegression(C=0.5, max_iter=500)'),
      errors: [
        { line: 2, column: 31, message: /C=0\.5 for LogisticRegression/ },
        { line: 2, column: 45, message: /max_iter=500/ },
      ],
    },
    {
      name: 'negative numbers, with the settings left out',
      code: lines('import lightgbm as lgb', 'model = lgb.LGBMClassifier(num_leaves=31, max_depth=-1, verbose=-1, n_jobs=-1)'),
      errors: [
        { line: 2, column: 39, message: /num_leaves=31 for LGBMClassifier/ },
        { line: 2, column: 53, endColumn: 55, message: /max_depth=-1/ },
      ],
    },
    {
      name: 'tuples, strings and scientific notation',
      code: lines(
        'from sklearn.neural_network import MLPClassifier',
        'mlp = MLPClassifier(hidden_layer_sizes=(100, 50), activation="relu", alpha=1e-4)',
      ),
      errors: [
        { line: 2, column: 40, endColumn: 49, message: /hidden_layer_sizes=\(100, 50\) for MLPClassifier/ },
        { line: 2, column: 62, message: /activation="relu"/ },
        { line: 2, column: 76, message: /alpha=1e-4/ },
      ],
    },
    {
      name: 'booleans and class_weight count; None does not',
      code: lines(
        'from sklearn.linear_model import LogisticRegression',
        'm = LogisticRegression(fit_intercept=False, penalty=None, class_weight="balanced")',
      ),
      errors: [
        { line: 2, column: 38, message: /fit_intercept=False/ },
        { line: 2, column: 72, message: /class_weight="balanced"/ },
      ],
    },
    {
      name: 'a module-level constant is reported where its value is written',
      code: lines(RF, 'N_ESTIMATORS = 150', 'rf = RandomForestClassifier(n_estimators=N_ESTIMATORS)'),
      errors: [
        {
          line: 2,
          column: 16,
          endColumn: 19,
          message:
            /^Hard-coded hyperparameter N_ESTIMATORS = 150 feeds n_estimators of RandomForestClassifier: move it to the params file\.$/,
        },
      ],
    },
    {
      name: 'a constant feeding two calls is reported once',
      code: lines('from sklearn.svm import SVC', 'C = 1.0', 'a = SVC(C=C)', 'b = SVC(C=C, kernel="linear")'),
      errors: [
        { line: 2, column: 5, message: /C = 1\.0 feeds C of SVC/ },
        { line: 4, column: 21, message: /kernel="linear"/ },
      ],
    },
    {
      name: 'inside a function, through a local name too',
      code: lines(
        RF,
        '',
        'def train(X, y):',
        '    n = 300',
        '    model = RandomForestClassifier(n_estimators=n, max_depth=12)',
        '    return model.fit(X, y)',
      ),
      errors: [
        { line: 4, column: 9, message: /n = 300 feeds n_estimators/ },
        { line: 5, column: 62, message: /max_depth=12/ },
      ],
    },
    {
      name: 'torch: optimiser lr (positional too), weight decay, momentum, dropout rate',
      code: lines(
        'import torch',
        'import torch.nn as nn',
        'opt = torch.optim.Adam(model.parameters(), 1e-3, weight_decay=0.01)',
        'sgd = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)',
        'layer = nn.Linear(128, 64)',
        'drop = nn.Dropout(0.5)',
      ),
      errors: [
        { line: 3, column: 44, message: /lr=1e-3 for Adam/ },
        { line: 3, column: 63, message: /weight_decay=0\.01/ },
        { line: 4, column: 46, message: /lr=0\.1 for SGD/ },
        { line: 4, column: 60, message: /momentum=0\.9/ },
        { line: 6, column: 19, message: /p=0\.5 for Dropout/ },
      ],
    },
    {
      name: 'keras: dropout rate, optimiser choice, epochs and batch size, optimiser learning rate, patience',
      code: lines(
        'from tensorflow import keras',
        'from tensorflow.keras import layers',
        'model = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dropout(0.2)])',
        'model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])',
        'model.fit(X, y, epochs=10, batch_size=32, validation_split=0.2, verbose=0)',
        'opt = keras.optimizers.Adam(0.001)',
        'stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5)',
      ),
      errors: [
        { line: 3, column: 79, message: /rate=0\.2 for Dropout/ },
        { line: 4, column: 25, message: /optimizer="adam" for model\.compile/ },
        { line: 5, column: 24, message: /epochs=10 for model\.fit/ },
        { line: 5, column: 39, message: /batch_size=32/ },
        { line: 6, column: 29, message: /learning_rate=0\.001 for Adam/ },
        { line: 7, column: 67, message: /patience=5 for EarlyStopping/ },
      ],
    },
    {
      name: 'xgboost.train: the params dict (settings left out) and num_boost_round',
      code: lines(
        'import xgboost as xgb',
        'params = {"objective": "binary:logistic", "max_depth": 6, "eta": 0.1, "seed": 0}',
        'booster = xgb.train(params, dtrain, num_boost_round=200)',
      ),
      errors: [
        { line: 2, column: 56, message: /max_depth=6 for xgb\.train/ },
        { line: 2, column: 66, message: /eta=0\.1/ },
        { line: 3, column: 53, message: /num_boost_round=200/ },
      ],
    },
    {
      name: 'lightgbm.train: an inline dict and a positional num_boost_round',
      code: lines('import lightgbm as lgb', 'booster = lgb.train({"num_leaves": 63, "metric": "auc", "verbose": -1}, train_set, 300)'),
      errors: [
        { line: 2, column: 36, message: /num_leaves=63 for lgb\.train/ },
        { line: 2, column: 84, message: /num_boost_round=300/ },
      ],
    },
    {
      name: 'a **params dict passed to a constructor',
      code: lines(
        'from sklearn.ensemble import GradientBoostingRegressor',
        'params = {"n_estimators": 500, "max_depth": 4, "random_state": 0}',
        'reg = GradientBoostingRegressor(**params)',
      ),
      errors: [
        { line: 2, column: 27, message: /n_estimators=500 for GradientBoostingRegressor/ },
        { line: 2, column: 45, message: /max_depth=4/ },
      ],
    },
    {
      name: 'set_params on a known estimator',
      code: lines('from sklearn.svm import SVC', 'clf = SVC()', 'clf.set_params(C=10, kernel="rbf", verbose=True)'),
      errors: [
        { line: 3, column: 18, message: /C=10 for clf\.set_params/ },
        { line: 3, column: 29, message: /kernel="rbf"/ },
      ],
    },
    {
      name: 'PyTorch DataLoader batch size',
      code: lines('from torch.utils.data import DataLoader', 'loader = DataLoader(ds, batch_size=64, shuffle=True, num_workers=4)'),
      errors: [{ line: 2, column: 36, message: /batch_size=64 for DataLoader/ }],
    },
    {
      name: 'transformers: tuned settings only',
      code: lines(
        'from sklearn.decomposition import PCA',
        'from sklearn.preprocessing import PolynomialFeatures',
        'pca = PCA(n_components=10, whiten=True)',
        'poly = PolynomialFeatures(degree=3, include_bias=False)',
      ),
      errors: [
        { line: 3, column: 24, message: /n_components=10 for PCA/ },
        { line: 4, column: 34, message: /degree=3 for PolynomialFeatures/ },
      ],
    },
    {
      name: 'ignore-parameters leaves the others',
      code: lines('from sklearn.linear_model import LogisticRegression', 'lr = LogisticRegression(C=0.5, max_iter=500)'),
      options: { 'ignore-parameters': ['max_iter'] },
      errors: [{ line: 2, column: 27, message: /C=0\.5/ }],
    },
    {
      name: 'a syntax error elsewhere in the file',
      code: lines('from sklearn.svm import SVC', 'def broken(:', '    pass', 'clf = SVC(C=3)'),
      errors: [{ line: 4, column: 13, message: /C=3 for SVC/ }],
    },
    {
      name: 'suppression of another code does not hide it',
      code: lines('from sklearn.svm import SVC', 'clf = SVC(C=3)  # mlh: ignore[MLH102]'),
      errors: [{ line: 2, column: 13 }],
    },
    {
      name: 'notebook: a constant in one cell feeds a model in a later one, around magics',
      path: 'x.ipynb',
      code: notebook([
        '%matplotlib inline\nfrom sklearn.svm import SVC',
        { markdown: '# Train' },
        'C = 10',
        '!pip install x\nclf = SVC(C=C, gamma=0.1)',
      ]),
      errors: [
        { cell: 3, line: 1, column: 5, message: /C = 10 feeds C of SVC/ },
        { cell: 4, line: 2, column: 22, message: /gamma=0\.1/ },
      ],
    },
  ],
});

describe('MLH101 data for the config refactor', () => {
  before(() => initEngine());
  it('carries parameter, value, callee and the constant name', () => {
    const code = lines(
      RF,
      'DEPTH = 8',
      'rf = RandomForestClassifier(n_estimators=200, max_depth=DEPTH, class_weight="balanced", ccp_alpha=-0.5)',
    );
    const found = findingsOf(hardCodedHyperparameter, { code });
    assert.deepEqual(
      found.map((f) => f.data),
      [
        { parameter: 'max_depth', value: 8, callee: 'sklearn.ensemble.RandomForestClassifier', constant: 'DEPTH' },
        { parameter: 'n_estimators', value: 200, callee: 'sklearn.ensemble.RandomForestClassifier' },
        { parameter: 'class_weight', value: 'balanced', callee: 'sklearn.ensemble.RandomForestClassifier' },
        { parameter: 'ccp_alpha', value: -0.5, callee: 'sklearn.ensemble.RandomForestClassifier' },
      ],
    );
  });
  it('gives tuples as arrays', () => {
    const code = lines('from sklearn.feature_extraction.text import TfidfVectorizer', 'v = TfidfVectorizer(ngram_range=(1, 2), min_df=5)');
    assert.deepEqual(
      findingsOf(hardCodedHyperparameter, { code }).map((f) => payloadOf(f, 'MLH101')?.value),
      [[1, 2], 5],
    );
  });
});
