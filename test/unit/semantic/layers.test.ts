import assert from 'node:assert/strict';
import { initEngine, withModel } from '../../../src/core/engine';
import { classifyModel } from '../../../src/core/kb/classify';
import { parseToSyntax } from '../../../src/core/parse/parser';
import { pythonSource } from '../../../src/core/parse/source';
import { buildModel } from '../../../src/core/semantic';

const CODE = [
  'import keras',
  'from sklearn.preprocessing import StandardScaler',
  'scaler = StandardScaler()',
  'net = keras.models.model_from_json(spec)',
  'net.fit(X)',
  'scaler.fit(X)',
  '',
].join('\n');

describe('the semantic layer and the knowledge-base pass', () => {
  before(() => initEngine());

  it('builds the model from syntax alone; kb/classify.ts fills the API slots, the phases and the estimator instances', () => {
    const model = buildModel(pythonSource('l.py', CODE), parseToSyntax(CODE));
    assert.ok(model.calls.every((c) => c.api === undefined));
    assert.ok(model.statements.every((s) => s.phase === null && s.phases.size === 0));
    assert.deepEqual([...model.instances], [['scaler', 'sklearn.preprocessing.StandardScaler']], 'a class by its name only');
    classifyModel(model);
    assert.deepEqual([...model.instances].sort(), [
      ['net', 'keras.models.model_from_json'],
      ['scaler', 'sklearn.preprocessing.StandardScaler'],
    ]);
    assert.deepEqual(
      model.calls.filter((c) => c.method === 'fit').map((c) => [c.receiverType, c.api?.phase]),
      [
        ['keras.models.model_from_json', 'training'],
        ['sklearn.preprocessing.StandardScaler', 'features'],
      ],
    );
    assert.deepEqual(
      model.statements.map((s) => s.phase),
      [null, null, 'features', 'training', 'training', 'features'],
    );
  });

  it('gives the engine and the refactors the classified model', () => {
    withModel(pythonSource('l.py', CODE), (model) => assert.equal(model.statements[4]!.phase, 'training'));
  });
});
