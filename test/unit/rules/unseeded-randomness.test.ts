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
      name: 'torch: aliases and from-imports after torch.manual_seed',
      code: 'import torch as T\nfrom torch import randn\nT.manual_seed(0)\nx = randn(3)\ny = T.rand(2)',
    },
    {
      name: 'torch.random.manual_seed and Lightning seed_everything seed torch',
      code: 'import torch\nimport lightning as L\ntorch.random.manual_seed(1)\nL.seed_everything(1)\nx = torch.randint(0, 9, (3,))',
    },
    {
      name: 'nn.init initialisers after a seed; constant initialisers never draw',
      code: 'import torch\nimport torch.nn as nn\ntorch.manual_seed(0)\nlayer = nn.Linear(3, 2)\nnn.init.xavier_uniform_(layer.weight)\n',
    },
    {
      name: 'model construction alone is not a finding; constant initialisers do not draw',
      code: 'import torch.nn as nn\nfrom torch.nn import init\nmodel = nn.Sequential(nn.Linear(3, 2), nn.ReLU())\ninit.zeros_(model[0].bias)\ninit.constant_(model[0].weight, 0.5)',
    },
    {
      name: 'DataLoader with a seeded generator, random_split with a generator',
      code: 'import torch\nfrom torch.utils.data import DataLoader, random_split\ng = torch.Generator().manual_seed(0)\na, b = random_split(ds, [8, 2], generator=g)\nloader = DataLoader(a, shuffle=True, generator=g)',
    },
    {
      name: 'a DataLoader built before torch.manual_seed shuffles when iterated, after it',
      code: 'import torch\nfrom torch.utils.data import DataLoader\nloader = DataLoader(ds, shuffle=True)\ntorch.manual_seed(0)\nfor batch in loader:\n    pass',
    },
    {
      name: 'samplers with a generator',
      code: 'import torch\nfrom torch.utils.data import RandomSampler\ns = RandomSampler(ds, generator=torch.Generator().manual_seed(1))',
    },
    {
      name: 'TensorFlow global seed before ops, datasets and initialisers',
      code: 'import tensorflow as tf\ntf.random.set_seed(1)\nx = tf.random.uniform([3])\nds = tf.data.Dataset.range(10).shuffle(10)\ninit = tf.keras.initializers.GlorotUniform()',
    },
    {
      name: 'TensorFlow ops seeded positionally, TF1 global seed',
      code: 'import tensorflow as tf\ntf.set_random_seed(3)\nw = tf.random_normal([2, 2])\nv = tf.random.shuffle(t, 7)',
    },
    {
      name: 'dataset shuffle with seed=, and a shuffle that is not a dataset',
      code: 'import tensorflow as tf\nimport random\nrandom.seed(0)\nds = tf.data.Dataset.from_tensor_slices(x)\nds = ds.map(f)\nds = ds.shuffle(100, seed=4)\nrandom.shuffle(items)\ndf = df.sample(frac=1)\nother.shuffle(100)',
    },
    {
      name: 'keras.utils.set_random_seed seeds Keras initialisers; seeded initialisers; default layer initialisers',
      code: 'import keras\nfrom keras import layers, initializers\nkeras.utils.set_random_seed(0)\na = initializers.HeNormal()\nb = layers.Dense(3, kernel_initializer="glorot_uniform")',
    },
    {
      name: 'Keras initialisers with their own seed',
      code: 'from tensorflow.keras import initializers, layers\na = initializers.GlorotUniform(seed=1)\nb = initializers.RandomNormal(0.0, 0.05, 7)\nc = layers.Dense(4)',
    },
    {
      name: 'JAX: a key from a constant seed, split before each draw',
      code: 'import jax\nkey = jax.random.PRNGKey(0)\nkey, sub = jax.random.split(key)\nx = jax.random.normal(sub, (3,))\nkey, sub = jax.random.split(key)\ny = jax.random.uniform(sub, (3,))',
    },
    {
      name: 'JAX: one key in the two branches of an if, and per function',
      code: 'from jax import random\n\ndef a(key):\n    return random.normal(key, (2,))\n\ndef b(key):\n    return random.uniform(key)\n\nif flag:\n    x = random.normal(k, (2,))\nelse:\n    x = random.uniform(k, (2,))',
    },
    {
      name: 'JAX: a key from a seeded NumPy draw or a configuration value',
      code: 'import jax\nimport numpy as np\nnp.random.seed(0)\nk1 = jax.random.PRNGKey(np.random.randint(100))\nk2 = jax.random.key(int(args.seed))',
    },
    {
      name: 'nn.init inside a model class is model construction',
      code: 'import torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(3, 2)\n        nn.init.xavier_uniform_(self.fc.weight)\n\nnet = Net()',
    },
    {
      name: 'a model module that only defines things: the script that imports it seeds',
      code: 'import torch\nimport tensorflow as tf\nSCALE = 0.1\n\ndef noise(x):\n    return x + SCALE * torch.randn_like(x)\n\nclass Block:\n    def call(self, x):\n        return tf.random.normal(tf.shape(x))',
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
      name: 'torch: an alias, a from-import, torch.normal and a _like draw',
      code: 'import torch as T\nfrom torch import randn, bernoulli\nx = randn(3)\ny = T.normal(0.0, 1.0, size=(2,))\nz = T.rand_like(x)\nb = bernoulli(p)',
      errors: [
        {
          line: 3,
          column: 5,
          endColumn: 10,
          message: /^randn draws from PyTorch's global random generator.*Call torch\.manual_seed\(seed\) once/,
        },
        { line: 4, column: 5, message: /^T\.normal draws/ },
        { line: 5, column: 5, message: /^T\.rand_like draws/ },
        { line: 6, column: 5, message: /^bernoulli draws/ },
      ],
    },
    {
      name: 'torch: nn.init initialisers, inside a helper too, with no seed anywhere',
      code: 'import torch.nn as nn\nfrom torch.nn import init\n\ndef init_weights(m):\n    nn.init.kaiming_normal_(m.weight)\n\nlayer = nn.Linear(3, 2)\ninit.xavier_uniform_(layer.weight)',
      errors: [
        { line: 5, column: 5, message: /^nn\.init\.kaiming_normal_ draws from PyTorch's global random generator/ },
        { line: 8, column: 1, message: /^init\.xavier_uniform_ draws/ },
      ],
    },
    {
      name: 'torch: a seed after the draw does not count',
      code: 'import torch\nw = torch.randperm(10)\ntorch.manual_seed(0)',
      errors: [{ line: 2, column: 5, message: /^torch\.randperm draws/ }],
    },
    {
      name: 'torch data: DataLoader(shuffle=True), random_split and samplers without a generator',
      code: 'import torch\nimport torch.utils.data as tud\ntrain, val = tud.random_split(ds, [8, 2])\nloader = tud.DataLoader(train, batch_size=4, shuffle=True)\nsampler = tud.RandomSampler(val)',
      errors: [
        {
          line: 3,
          column: 14,
          message:
            /^tud\.random_split draws from PyTorch's global random generator, and no seed is set before it: the values change on every run\. Pass generator=torch\.Generator\(\)\.manual_seed\(seed\), or call torch\.manual_seed\(seed\) once at the start\.$/,
        },
        {
          line: 4,
          column: 10,
          message: /^tud\.DataLoader\(shuffle=True\) draws .*Pass generator=torch\.Generator\(\)\.manual_seed\(seed\)/,
        },
        { line: 5, column: 11, message: /^tud\.RandomSampler draws/ },
      ],
    },
    {
      name: 'TensorFlow 2: tf.random ops and image augmentation',
      code: 'import tensorflow as tf\na = tf.random.normal([2])\nd = tf.image.random_flip_left_right(img)\ne = tf.random.shuffle(t)',
      errors: [
        {
          line: 2,
          column: 5,
          message:
            /^tf\.random\.normal draws from TensorFlow's global random seed.*Call tf\.random\.set_seed\(seed\) once at the start, or pass seed=\.$/,
        },
        { line: 3, column: 5, message: /^tf\.image\.random_flip_left_right draws/ },
        { line: 4, column: 5, message: /^tf\.random\.shuffle draws/ },
      ],
    },
    {
      name: 'TensorFlow 1: TF1 names, compat.v1, contrib initialisers; the advice names the TF1 seed',
      code: 'import tensorflow as tf\nfrom tensorflow.compat import v1\nb = tf.truncated_normal([2, 2], stddev=0.1)\nc = v1.random_uniform([3])\nk = tf.contrib.layers.xavier_initializer()',
      errors: [
        {
          line: 3,
          column: 5,
          message:
            /^tf\.truncated_normal draws .*Call tf\.compat\.v1\.set_random_seed\(seed\) \(tf\.set_random_seed in TensorFlow 1\) once at the start, or pass seed=\.$/,
        },
        { line: 4, column: 5, message: /^v1\.random_uniform draws/ },
        { line: 5, column: 5, message: /^tf\.contrib\.layers\.xavier_initializer draws/ },
      ],
    },
    {
      name: 'TensorFlow: dataset shuffle in a chain and on a name bound to a dataset',
      code: 'import tensorflow as tf\nds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000).batch(32)\nval = tf.data.TFRecordDataset(files)\nval = val.map(parse)\nval = val.shuffle(buffer_size=64)',
      errors: [
        {
          line: 2,
          column: 49,
          endColumn: 56,
          message: /^Dataset\.shuffle draws from TensorFlow's global random seed.*tf\.random\.set_seed\(seed\)/,
        },
        { line: 5, column: 11, endColumn: 18 },
      ],
    },
    {
      name: 'Keras: explicit initialiser objects without a seed and no global seed',
      code: 'import tensorflow as tf\nfrom keras import initializers\na = tf.keras.initializers.GlorotUniform()\nb = initializers.RandomNormal(mean=0.0, stddev=0.05)\nc = initializers.TruncatedNormal(0.0, 0.1, None)',
      errors: [
        {
          line: 3,
          column: 5,
          message:
            /^tf\.keras\.initializers\.GlorotUniform\(\) draws from Keras's global random seed.*Call keras\.utils\.set_random_seed\(seed\) once at the start, or pass seed=\.$/,
        },
        { line: 4, column: 5, message: /^initializers\.RandomNormal\(\) draws/ },
        { line: 5, column: 5 },
      ],
    },
    {
      name: 'JAX: a key built from the clock or an unseeded draw',
      code: 'import jax\nimport time\nimport numpy as np\nkey = jax.random.PRNGKey(int(time.time()))\nk2 = jax.random.key(np.random.randint(0, 1000))',
      errors: [
        {
          line: 4,
          column: 7,
          message: /^jax\.random\.PRNGKey\(\.\.\.\) is built from time\.time\(\), which changes on every run.*jax\.random\.PRNGKey\(seed\)/,
        },
        { line: 5, column: 6, message: /^jax\.random\.key\(\.\.\.\) is built from numpy\.random\.randint\(\)/ },
        { line: 5, column: 21, message: /^np\.random\.randint draws/ },
      ],
    },
    {
      name: 'JAX: one key given to two draws without a split',
      code: 'from jax import random as jr\nkey = jr.PRNGKey(0)\nw = jr.normal(key, (3, 3))\nb = jr.normal(key, (3,))\nkey = jr.split(key)[0]\nc = jr.uniform(key)',
      errors: [
        {
          line: 4,
          column: 5,
          message:
            /^jr\.normal reuses the key key already given to jr\.normal on line 3: the two draws are the same numbers, not independent ones\. Split the key first \(key, sub = jax\.random\.split\(key\)\)\.$/,
        },
      ],
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
