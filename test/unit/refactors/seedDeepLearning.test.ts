import assert from 'node:assert/strict';
import { initEngine } from '../../../src/core/engine';
import { seedRandomness } from '../../../src/core/refactors/seed';
import { Project, py } from './helpers';

/** Refactor 6 on the deep-learning findings of MLH301: each library's own global seed, a loader's generator, a JAX key. */
describe('refactor 6: seed it (torch, TensorFlow, Keras, JAX)', () => {
  before(() => initEngine());
  let project: Project;
  afterEach(() => project?.dispose());

  const seedAll = (file: string) => project.run(file, (m) => seedRandomness(m, project.env(file), project.findings(file, ['MLH301'])));

  it('seeds torch once before its first draw (under its alias) and gives a DataLoader a seeded generator', () => {
    project = new Project({
      'train.py': py(
        'import torch as T',
        'from torch.utils.data import DataLoader, TensorDataset',
        'w = T.randn(3, 3)',
        'b = T.rand(3)',
        'loader = DataLoader(TensorDataset(w), batch_size=2, shuffle=True)',
      ),
      'params.yaml': 'seed: 7\n',
    });
    const result = seedAll('train.py');
    assert.deepEqual(result.refused, []);
    assert.equal(
      project.contents(result).get('train.py'),
      py(
        'import torch as T',
        'from torch.utils.data import DataLoader, TensorDataset',
        'from params import params',
        'T.manual_seed(params["seed"])',
        'w = T.randn(3, 3)',
        'b = T.rand(3)',
        'loader = DataLoader(TensorDataset(w), batch_size=2, shuffle=True, generator=T.Generator().manual_seed(params["seed"]))',
      ),
    );
  });

  it('refuses a loader when torch itself is not imported, with the reason', () => {
    project = new Project({
      'load.py': py('from torch.utils.data import random_split', 'a, b = random_split(ds, [8, 2])'),
      'params.yaml': 'seed: 7\n',
    });
    const result = seedAll('load.py');
    assert.equal(result.refused.length, 1);
    assert.match(result.refused[0]!.reason, /torch is not imported by name before this call/);
  });

  it('seeds TensorFlow with tf.random.set_seed, TF1 graphs with tf.compat.v1.set_random_seed', () => {
    project = new Project({
      'tf2.py': py('import tensorflow as tf', 'x = tf.random.uniform([3])', 'ds = tf.data.Dataset.range(9).shuffle(9)'),
      'tf1.py': py('import tensorflow as tf', 'W = tf.Variable(tf.random_normal([784, 10]))'),
      'params.yaml': 'seed: 7\n',
    });
    assert.equal(
      project.contents(seedAll('tf2.py')).get('tf2.py'),
      py(
        'import tensorflow as tf',
        'from params import params',
        'tf.random.set_seed(params["seed"])',
        'x = tf.random.uniform([3])',
        'ds = tf.data.Dataset.range(9).shuffle(9)',
      ),
    );
    assert.equal(
      project.contents(seedAll('tf1.py')).get('tf1.py'),
      py(
        'import tensorflow as tf',
        'from params import params',
        'tf.compat.v1.set_random_seed(params["seed"])',
        'W = tf.Variable(tf.random_normal([784, 10]))',
      ),
    );
  });

  it('seeds Keras initialisers with keras.utils.set_random_seed (through tf.keras when keras is not imported)', () => {
    project = new Project({
      'k.py': py('import keras', 'init = keras.initializers.HeNormal()'),
      'tk.py': py('import tensorflow as tf', 'init = tf.keras.initializers.GlorotUniform()'),
      'params.yaml': 'seed: 7\n',
    });
    assert.ok(project.contents(seedAll('k.py')).get('k.py')!.includes('keras.utils.set_random_seed(params["seed"])\ninit = keras'));
    assert.ok(project.contents(seedAll('tk.py')).get('tk.py')!.includes('tf.keras.utils.set_random_seed(params["seed"])\ninit = tf'));
  });

  it('builds a JAX key from the seed, and refuses a reused key with the reason', () => {
    project = new Project({
      'j.py': py(
        'import time',
        'import jax',
        'key = jax.random.PRNGKey(int(time.time()))',
        'a = jax.random.normal(key, (2,))',
        'b = jax.random.normal(key, (2,))',
      ),
      'params.yaml': 'seed: 7\n',
    });
    const result = seedAll('j.py');
    assert.ok(project.contents(result).get('j.py')!.includes('key = jax.random.PRNGKey(params["seed"])'));
    assert.equal(result.refused.length, 1);
    assert.match(result.refused[0]!.reason, /jax\.random\.split/);
  });
});
