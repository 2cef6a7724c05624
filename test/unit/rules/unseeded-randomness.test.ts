import assert from 'node:assert/strict';
import { initEngine } from '../../../src/core/engine';
import { unseededRandomness } from '../../../src/core/rules/reproducibility/unseeded-randomness';
import { findingsOf, notebook, ruleTester } from './tester';

// Findings cover the callee name (`train_test_split`, `np.random.rand`, `RandomForestClassifier`).
// Columns are 1-based.

ruleTester(unseededRandomness, {
  valid: [
    'from sklearn.model_selection import train_test_split\na, b = train_test_split(X, random_state=0)',
    'from sklearn.model_selection import train_test_split\nSEED = 7\na, b = train_test_split(X, random_state=SEED)',
    'from sklearn.model_selection import train_test_split\na, b = train_test_split(X, random_state=rng)',
    {
      name: 'no shuffling, no randomness',
      code: 'from sklearn.model_selection import train_test_split\na, b = train_test_split(X, shuffle=False)',
    },
    {
      name: 'a **params splat may hold the seed',
      code: 'from sklearn.model_selection import train_test_split\na, b = train_test_split(X, **split_params)',
    },
    {
      name: '*arrays splat with a seed',
      code: 'from sklearn.model_selection import train_test_split\nparts = train_test_split(*arrays, random_state=0)',
    },
    'from sklearn.ensemble import RandomForestClassifier\nrf = RandomForestClassifier(n_estimators=200, random_state=42)',
    {
      name: 'lbfgs is deterministic',
      code: 'from sklearn.linear_model import LogisticRegression\nlr = LogisticRegression(C=0.5, max_iter=500)',
    },
    'from sklearn.linear_model import LogisticRegression\nlr = LogisticRegression(solver="lbfgs")',
    { name: 'SVC without probability estimates is deterministic', code: 'from sklearn.svm import SVC\nclf = SVC(kernel="rbf")' },
    'from sklearn.decomposition import PCA\np = PCA(n_components=2)',
    'from sklearn.decomposition import PCA\np = PCA(svd_solver="randomized", random_state=0)',
    { name: 'LinearSVC(dual=False) does not shuffle', code: 'from sklearn.svm import LinearSVC\nclf = LinearSVC(dual=False)' },
    {
      name: 'SGD without shuffling or early stopping',
      code: 'from sklearn.linear_model import SGDClassifier\nclf = SGDClassifier(shuffle=False)',
    },
    { name: 'NMF with its default deterministic init', code: 'from sklearn.decomposition import NMF\nm = NMF(n_components=3)' },
    'from sklearn.model_selection import KFold\ncv = KFold(n_splits=5)',
    'from sklearn.model_selection import KFold\ncv = KFold(n_splits=5, shuffle=True, random_state=0)',
    'from sklearn.model_selection import StratifiedKFold\ncv = StratifiedKFold(shuffle=False)',
    'from sklearn.model_selection import ShuffleSplit\ncv = ShuffleSplit(n_splits=3, random_state=1)',
    {
      name: 'np.random.seed earlier seeds NumPy draws and scikit-learn',
      code: 'import numpy as np\nfrom sklearn.model_selection import train_test_split\nfrom sklearn.ensemble import RandomForestClassifier\nnp.random.seed(0)\nx = np.random.rand(3)\na, b = train_test_split(X)\nrf = RandomForestClassifier()',
    },
    {
      name: 'an estimator built before the seed but fitted after it',
      code: 'import numpy as np\nfrom sklearn.ensemble import RandomForestClassifier\nmodels = [RandomForestClassifier()]\nfor m in models:\n    np.random.seed(13)\n    m.fit(X, y)',
    },
    {
      name: 'draws on seeded generator objects',
      code: 'import numpy as np\nimport random\nrng = np.random.default_rng(0)\nx = rng.normal(size=3)\ny = np.random.RandomState(0).rand(2)\nz = random.Random(1).random()\ng = np.random.default_rng(seed=42)',
    },
    { name: 'XGBoost falls back to a fixed default seed', code: 'from xgboost import XGBClassifier\nm = XGBClassifier(n_estimators=10)' },
    {
      name: 'LightGBM and CatBoost too',
      code: 'import lightgbm as lgb\nfrom catboost import CatBoostClassifier\na = lgb.LGBMClassifier()\nb = CatBoostClassifier()',
    },
    {
      name: 'torch.Generator() starts from a fixed default seed',
      code: 'import torch\ng = torch.Generator()\nx = torch.rand(3, generator=g)',
    },
    'import torch\ntorch.manual_seed(0)\nx = torch.randn(2, 3)\nidx = torch.randperm(10)',
    'import random\nrandom.seed(1)\nrandom.shuffle(items)\npick = random.choice(items)',
    {
      name: 'a seed passed by keyword',
      code: 'import random\nimport numpy as np\nrandom.seed(a=3)\nnp.random.seed(seed=3)\nx = random.random() + np.random.rand()',
    },
    {
      name: 'a seed helper called before the draws',
      code: 'import random\nimport numpy as np\n\ndef set_seed(s):\n    random.seed(s)\n    np.random.seed(s)\n\nset_seed(0)\nx = np.random.rand(2)\ny = random.random()',
    },
    {
      name: 'a draw inside a function, with the seed set at module level',
      code: 'import numpy as np\n\ndef noise(n):\n    return np.random.randn(n)\n\nnp.random.seed(0)\nx = noise(3)',
    },
    {
      name: 'keras seeds NumPy, random and TensorFlow at once',
      code: 'import keras\nimport numpy as np\nkeras.utils.set_random_seed(1)\nx = np.random.rand(2)',
    },
    { name: 'TensorFlow op with its own seed', code: 'import tensorflow as tf\nx = tf.random.normal([2], seed=1)' },
    {
      name: 'a meta-estimator seeds what it wraps',
      code: 'from sklearn.ensemble import BaggingClassifier\nfrom sklearn.tree import DecisionTreeClassifier\nb = BaggingClassifier(DecisionTreeClassifier(), random_state=0)',
    },
    {
      name: 'seeded afterwards with set_params',
      code: 'from sklearn.ensemble import RandomForestClassifier\nrf = RandomForestClassifier()\nrf.set_params(random_state=0)',
    },
    {
      name: 'seeded by a helper that calls set_params',
      code: 'from sklearn.cluster import KMeans\n\ndef evaluate(km, X):\n    for seed in range(5):\n        km.set_params(random_state=seed)\n        km.fit(X)\n\nkmeans = KMeans(n_clusters=3)\nevaluate(kmeans, X)',
    },
    {
      name: 'global draws not checked when the option is off',
      code: 'import numpy as np\nx = np.random.rand(3)',
      options: { 'check-global-draws': false },
    },
    { name: 'suppressed on the line', code: 'import numpy as np\nx = np.random.rand(3)  # mlh: ignore[MLH301]' },
    { name: 'suppressed for the file', code: '# mlh: ignore-file\nimport numpy as np\nx = np.random.rand(3)' },
    {
      name: 'DataLoader without shuffling',
      code: 'from torch.utils.data import DataLoader\nloader = DataLoader(ds, batch_size=32, shuffle=False)',
    },
    {
      name: 'make_classification with a seed',
      code: 'from sklearn.datasets import make_classification\nX, y = make_classification(n_samples=100, random_state=7)',
    },
  ],
  invalid: [
    {
      name: 'train_test_split without random_state',
      code: 'from sklearn.model_selection import train_test_split\nX_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25)',
      errors: [
        {
          line: 2,
          column: 36,
          endLine: 2,
          endColumn: 52,
          message:
            /^train_test_split without random_state: the split changes on every run\. Pass random_state \(e\.g\. from params: seed\)\.$/,
        },
      ],
    },
    {
      name: 'random_state=None is the default: still unseeded',
      code: 'from sklearn.model_selection import train_test_split\na, b = train_test_split(X, random_state=None)',
      errors: [{ line: 2, column: 8, message: /^train_test_split with random_state=None: / }],
    },
    {
      name: 'module aliases: the whole dotted callee is the range',
      code: 'import sklearn.model_selection as ms\na, b = ms.train_test_split(X)',
      errors: [{ line: 2, column: 8, endColumn: 27 }],
    },
    {
      name: 'imported under another name',
      code: 'from sklearn.model_selection import train_test_split as tts\nparts = tts(X, y)',
      errors: [{ line: 2, column: 9, message: /^train_test_split without random_state/ }],
    },
    {
      name: 'shuffling splitters',
      code: [
        'from sklearn.model_selection import KFold, StratifiedKFold, ShuffleSplit, RepeatedKFold',
        'a = KFold(n_splits=5, shuffle=True)',
        'b = StratifiedKFold(5, shuffle=True)',
        'c = ShuffleSplit(n_splits=3)',
        'd = RepeatedKFold()',
      ].join('\n'),
      errors: [
        { line: 2, column: 5, message: /^KFold\(shuffle=True\) without random_state: the splits change on every run\./ },
        { line: 3, column: 5, message: /^StratifiedKFold\(shuffle=True\) without random_state/ },
        { line: 4, column: 5, message: /^ShuffleSplit without random_state/ },
        { line: 5, column: 5, message: /^RepeatedKFold without random_state/ },
      ],
    },
    {
      name: 'estimators random by default and in some settings',
      code: [
        'from sklearn.ensemble import RandomForestClassifier',
        'from sklearn.linear_model import LogisticRegression',
        'from sklearn.svm import SVC',
        'from sklearn.decomposition import PCA',
        'rf = RandomForestClassifier(n_estimators=100)',
        'lr = LogisticRegression(solver="saga")',
        'svc = SVC(probability=True)',
        'pca = PCA(n_components=2, svd_solver="randomized")',
      ].join('\n'),
      errors: [
        {
          line: 5,
          column: 6,
          endColumn: 28,
          message: /^RandomForestClassifier without random_state: the fitted model changes on every run\. Pass random_state/,
        },
        { line: 6, column: 6, message: /^LogisticRegression\(solver="saga"\) without random_state/ },
        { line: 7, column: 7, message: /^SVC\(probability=True\) without random_state/ },
        { line: 8, column: 7, message: /^PCA\(svd_solver="randomized"\) without random_state: the transformed features change/ },
      ],
    },
    {
      name: 'estimators nested in a pipeline and a search',
      code: [
        'from sklearn import ensemble, model_selection',
        'from sklearn.pipeline import make_pipeline',
        'from sklearn.preprocessing import StandardScaler',
        'pipe = make_pipeline(StandardScaler(), ensemble.GradientBoostingClassifier())',
        'search = model_selection.RandomizedSearchCV(pipe, dist, n_iter=5, random_state=0)',
        'grid = model_selection.RandomizedSearchCV(pipe, dist)',
      ].join('\n'),
      errors: [
        { line: 4, column: 40, message: /^GradientBoostingClassifier without random_state/ },
        { line: 6, column: 8, message: /^RandomizedSearchCV without random_state: the candidates tried change on every run/ },
      ],
    },
    {
      name: 'generated data and permutation functions',
      code: [
        'from sklearn.datasets import make_classification',
        'from sklearn.inspection import permutation_importance',
        'X, y = make_classification(n_samples=100)',
        'r = permutation_importance(model, X, y)',
      ].join('\n'),
      errors: [
        { line: 3, column: 8, message: /^make_classification without random_state: the generated data changes on every run/ },
        { line: 4, column: 5, message: /^permutation_importance without random_state: the result changes on every run/ },
      ],
    },
    {
      name: 'global NumPy draws with no seed: one finding per call',
      code: 'import numpy as np\nx = np.random.rand(3)\nnoise = np.random.normal(0, 1, size=10)\nnp.random.shuffle(x)',
      errors: [
        {
          line: 2,
          column: 5,
          endColumn: 19,
          message:
            /^np\.random\.rand draws from NumPy's global random state, and no seed is set before it: the values change on every run\. Seed it once at the start \(np\.random\.seed\(seed\)\) or draw from a seeded generator/,
        },
        { line: 3, column: 9, message: /^np\.random\.normal draws/ },
        { line: 4, column: 1, message: /^np\.random\.shuffle draws/ },
      ],
    },
    {
      name: "a seed set after the draw does not count; nor does another library's seed",
      code: 'import numpy as np\nimport random\nrandom.seed(0)\nx = np.random.rand(3)\nnp.random.seed(0)\ny = np.random.rand(3)',
      errors: [{ line: 4, column: 5 }],
    },
    {
      name: 'np.random.seed() without an argument seeds from entropy',
      code: 'import numpy as np\nnp.random.seed()\nx = np.random.rand(3)',
      errors: [{ line: 3, column: 5 }],
    },
    {
      name: 'from-imports of draws, and Python random',
      code: 'from numpy.random import randn\nimport random\nx = randn(3)\ny = random.randint(0, 10)',
      errors: [
        { line: 3, column: 5, message: /^randn draws from NumPy's global random state/ },
        { line: 4, column: 5, message: /^random\.randint draws from Python's global random state.*random\.seed\(seed\)/ },
      ],
    },
    {
      name: 'torch draws and a shuffling DataLoader without torch.manual_seed',
      code: 'import torch\nfrom torch.utils.data import DataLoader\nw = torch.randn(3, 3)\nloader = DataLoader(ds, batch_size=8, shuffle=True)',
      errors: [
        { line: 3, column: 5, message: /^torch\.randn draws from PyTorch's global random generator.*torch\.manual_seed\(seed\)/ },
        { line: 4, column: 10, message: /^DataLoader\(shuffle=True\) draws from PyTorch's global random generator/ },
      ],
    },
    {
      name: 'TensorFlow op without a seed and no global seed',
      code: 'import tensorflow as tf\nx = tf.random.uniform([3])',
      errors: [{ line: 2, column: 5, message: /^tf\.random\.uniform draws from TensorFlow's global random seed/ }],
    },
    {
      name: 'generators built without a seed',
      code: [
        'import numpy as np',
        'import random',
        'rng = np.random.default_rng()',
        'rs = np.random.RandomState(None)',
        'r = random.Random()',
        'g = np.random.default_rng(seed=None)',
      ].join('\n'),
      errors: [
        {
          line: 3,
          column: 7,
          endColumn: 28,
          message: /^np\.random\.default_rng\(\) without a seed starts from fresh entropy: its numbers change on every run\. Pass a seed/,
        },
        { line: 4, column: 6, message: /^np\.random\.RandomState\(\) without a seed/ },
        { line: 5, column: 5, message: /^random\.Random\(\) without a seed/ },
        { line: 6, column: 5 },
      ],
    },
    {
      name: 'a draw inside a function, with no seed anywhere',
      code: 'import numpy as np\n\ndef noise(n):\n    return np.random.randn(n)',
      errors: [{ line: 4, column: 12 }],
    },
    {
      name: 'with a syntax error elsewhere in the file',
      code: 'import numpy as np\ndef broken(:\n    pass\nx = np.random.rand(3)',
      errors: [{ line: 4, column: 5 }],
    },
    {
      name: 'suppressing another code does not hide this one',
      code: 'from sklearn.model_selection import train_test_split\na, b = train_test_split(X)  # mlh: ignore[MLH101]',
      errors: [{ line: 2, column: 8 }],
    },
    {
      name: 'a notebook: the seed cell comes after the draw cell',
      path: 'x.ipynb',
      code: notebook([
        '%matplotlib inline\nimport numpy as np',
        { markdown: '# Data' },
        '!pip list\nx = np.random.rand(5)',
        'np.random.seed(0)\ny = np.random.rand(5)',
      ]),
      errors: [{ cell: 3, line: 2, column: 5 }],
    },
  ],
});

describe('MLH301 on the churn corpus excerpt', () => {
  before(() => initEngine());
  it('reports only the unseeded train_test_split (make_classification and the forest are seeded, lbfgs is deterministic)', () => {
    // Lines 10-14 and 19-20, 46-54 of ../shared/corpus/churn_monolith.py, where the split sits on line 48, column 36.
    const code = [
      'from sklearn.datasets import make_classification',
      'from sklearn.preprocessing import StandardScaler',
      'from sklearn.model_selection import train_test_split',
      'from sklearn.ensemble import RandomForestClassifier',
      'from sklearn.linear_model import LogisticRegression',
      'X_raw, y_raw = make_classification(n_samples=1500, n_features=6, n_informative=4,',
      '                                   weights=[0.8, 0.2], random_state=7)',
      'scaler = StandardScaler()',
      'X_scaled = scaler.fit_transform(X)',
      'X_train, X_test, y_train, y_test = train_test_split(X_scaled, y, test_size=0.25)',
      'rf = RandomForestClassifier(n_estimators=200, max_depth=8, min_samples_leaf=3, random_state=42)',
      'rf.fit(X_train, y_train)',
      'lr = LogisticRegression(C=0.5, max_iter=500)',
      'lr.fit(X_train, y_train)',
    ].join('\n');
    const found = findingsOf(unseededRandomness, { code });
    assert.deepEqual(
      found.map((f) => [f.range.start.line + 1, f.range.start.character + 1, f.data]),
      [[10, 36, { callee: 'sklearn.model_selection.train_test_split', parameter: 'random_state', kind: 'split' }]],
    );
  });
});
