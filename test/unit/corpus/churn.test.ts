import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, initEngine } from '../../../src/core/engine';
import { requireOnMachine } from '../machine';

/** The team's hand-written monolith (../shared/corpus beside the repository, as in CI). */
const CHURN = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'churn_monolith.py');

describe('shared corpus: churn_monolith.py', function () {
  before(async function () {
    requireOnMachine(this, existsSync(CHURN) ? null : CHURN);
    await initEngine();
  });

  it('reports every hygiene problem of the script at the right place', () => {
    const result = analyzeText('churn_monolith.py', readFileSync(CHURN, 'utf8'));
    const got = result.findings.map(
      (f) =>
        `${f.code} ${f.range.start.line + 1}:${f.range.start.character + 1}${f.related.length ? ' -> ' + f.related.map((r) => r.range.start.line + 1).join(',') : ''}`,
    );
    assert.deepEqual(got, [
      'MLH001 6:1', // the first import: the module is one monolith
      'MLH003 25:1 -> 26,29,47,52,54', // os.makedirs at top level, no main guard; then to_csv, read_csv, fits
      'MLH102 25:13', // "/tmp/churn_job"
      'MLH102 26:12',
      'MLH102 29:18',
      'MLH202 30:1', // df.head()
      'MLH002 40:12 -> 69', // the feature list, written again at line 69: once, on the first copy
      'MLH401 47:19 -> 48', // scaler.fit_transform(X) before train_test_split
      'MLH301 48:36', // train_test_split without random_state
      'MLH101 51:42', // n_estimators=200
      'MLH101 51:57', // max_depth=8
      'MLH101 51:77', // min_samples_leaf=3
      'MLH101 53:27', // C=0.5
      'MLH101 53:41', // max_iter=500
      'MLH102 66:22',
      'MLH102 75:11',
      'MLH102 77:16',
    ]);
    assert.equal(result.score?.isMonolith, true);
  });
});
