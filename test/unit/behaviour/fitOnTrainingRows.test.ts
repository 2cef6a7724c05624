import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../../../src/core/config/types';
import { applyEdits } from '../../../src/core/edits';
import { analyzeText, initEngine, withModel } from '../../../src/core/engine';
import { pythonSource } from '../../../src/core/parse/source';
import { fitOnTrainingRows } from '../../../src/core/refactors/splitFirst';
import { hasPythonStack, PYTHON, removeFolder, runPython, tempFolder } from './python';
import { requireOnMachine } from '../machine';

/** A job with a scaler fitted on all rows before the split, and a scaler before cross-validation. */
const JOB = [
  'import numpy as np',
  'from sklearn.preprocessing import StandardScaler',
  'from sklearn.model_selection import train_test_split, cross_val_score',
  'from sklearn.linear_model import LogisticRegression',
  '',
  'rng = np.random.default_rng(0)',
  'X = rng.normal(loc=5.0, scale=3.0, size=(200, 4))',
  'y = (X[:, 0] + rng.normal(size=200) > 5).astype(int)',
  'scaler = StandardScaler()',
  'X = scaler.fit_transform(X)',
  'X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)',
  'model = LogisticRegression().fit(X_train, y_train)',
  'print("seen", scaler.n_samples_seen_, "train", len(X_train), "test", len(X_test))',
  'print("mean of the training rows", np.allclose(scaler.inverse_transform(X_train).mean(axis=0), scaler.mean_))',
  'print("accuracy", round(model.score(X_test, y_test), 2) >= 0.5)',
  '',
  'Z = rng.normal(size=(120, 3))',
  't = (Z[:, 1] > 0).astype(int)',
  'Z_s = StandardScaler().fit_transform(Z)',
  'scores = cross_val_score(LogisticRegression(), Z_s, t, cv=3)',
  'print("folds", len(scores))',
  '',
].join('\n');

/** Applies the refactor to every MLH401 finding, one at a time, re-analysing in between. */
function fixAll(text: string): string {
  const config = { ...defaultConfig(), select: ['MLH401'] };
  for (let round = 0; round < 5; round++) {
    const finding = analyzeText('job.py', text, { config }).findings[0];
    if (!finding) return text;
    const result = withModel(pythonSource('job.py', text), (model) => fitOnTrainingRows(model, finding));
    const change = result.change?.changes[0];
    assert.ok(change?.kind === 'script', `refused: ${JSON.stringify(result.refused)}`);
    text = applyEdits(text, change.edits);
  }
  throw new Error('the findings do not go away');
}

describe('behaviour: the fixed job runs and fits the scaler on the training rows only (MLH401)', function () {
  this.timeout(120_000);
  const folders: string[] = [];
  before(async function () {
    requireOnMachine(this, hasPythonStack() ? null : `${PYTHON} with the ML stack`);
    await initEngine();
  });
  after(() => folders.forEach(removeFolder));

  async function run(text: string): Promise<string> {
    const dir = tempFolder('leak');
    folders.push(dir);
    writeFileSync(join(dir, 'job.py'), text);
    const result = await runPython(dir, 'job.py', new Set(['job.py']), 100_000);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout;
  }

  it('before: the scaler saw all 200 rows; after: only the 150 training rows, and its mean is theirs', async () => {
    const original = await run(JOB);
    assert.match(original, /^seen 200 train 150 test 50$/m);
    assert.match(original, /^mean of the training rows False$/m);
    const fixed = fixAll(JOB);
    assert.ok(fixed.includes('X_train = scaler.fit_transform(X_train)\nX_test = scaler.transform(X_test)\n'), fixed);
    assert.ok(fixed.includes('cross_val_score(make_pipeline(StandardScaler(), LogisticRegression()), Z, t, cv=3)'), fixed);
    const output = await run(fixed);
    assert.match(output, /^seen 150 train 150 test 50$/m);
    assert.match(output, /^mean of the training rows True$/m);
    assert.match(output, /^accuracy True$/m);
    assert.match(output, /^folds 3$/m);
  });
});
