import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initEngine } from '../../../src/core/engine';
import type { RunResult } from './python';
import { differences, hasPythonStack, PYTHON, removeFolder, runPython, tempFolder } from './python';
import type { Step } from './pipeline';
import { refactorProgram } from './pipeline';
import { requireOnMachine } from '../machine';

/** The team's hand-written monolith (../shared/corpus beside the repository, as in CI). */
const CHURN = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'churn_monolith.py');

/**
 * Behaviour must not change: the churn job, seeded first (refactor 6: it splits its data without a
 * seed, so two runs of the original differ), then refactored, must print the same lines and write
 * the same files, byte for byte, as the seeded original.
 */
describe('behaviour: churn_monolith.py refactored prints and writes exactly what it did', function () {
  this.timeout(180_000);
  let work: string;
  let output: string;
  let baseline: RunResult;
  const folders: string[] = [];

  /** A copy of the job whose output folder is a private one (it writes to /tmp/churn_job otherwise). */
  function jobIn(dir: string): void {
    writeFileSync(join(dir, 'script.py'), readFileSync(CHURN, 'utf8').replaceAll('/tmp/churn_job', output));
  }

  async function run(dir: string, files: ReadonlySet<string>): Promise<RunResult> {
    rmSync(output, { recursive: true, force: true });
    return runPython(dir, 'script.py', files, 120_000, [output]);
  }

  before(async function () {
    requireOnMachine(this, !existsSync(CHURN) ? CHURN : hasPythonStack() ? null : `${PYTHON} with the ML stack`);
    await initEngine();
    work = tempFolder('churn');
    output = join(work, 'churn_job');
    const seeded = join(work, 'seeded');
    folders.push(work);
    mkdirSync(seeded);
    jobIn(seeded);
    const report = refactorProgram(join(seeded, 'script.py'), ['seed']);
    assert.equal(report.applied.seed, 1, 'train_test_split gets random_state=params["seed"]');
    assert.ok(readFileSync(join(seeded, 'script.py'), 'utf8').includes('test_size=0.25, random_state=params["seed"])'));
    baseline = await run(seeded, report.files);
    assert.equal(baseline.code, 0, baseline.stderr);
    assert.ok(baseline.written.size >= 3, 'the job writes its csv files and the model');
  });

  after(() => {
    for (const folder of folders) removeFolder(folder);
  });

  const variants: Array<[string, Step[]]> = [
    ['extract-config (refactors 1-3)', ['extract-config']],
    ['extract-config, every cell to a function, main guard (refactors 1-5)', ['extract-config', 'extract-functions', 'main-guard']],
  ];
  for (const [title, steps] of variants) {
    it(`${title}: same stdout and same files`, async () => {
      const dir = join(work, steps.join('+'));
      mkdirSync(dir);
      for (const file of ['script.py', 'params.yaml', 'params.py']) copyFileSync(join(work, 'seeded', file), join(dir, file));
      const report = refactorProgram(join(dir, 'script.py'), steps);
      assert.ok(report.applied['extract-config'] >= 12, `moved ${report.applied['extract-config']} values`);
      assert.deepEqual(report.refused, []);
      const result = await run(dir, new Set([...report.files, 'params.yaml', 'params.py']));
      assert.deepEqual(differences(baseline, result), []);
    });
  }

  it('the comparison can fail: the refactored job reads params.yaml, so another value there changes its output', async () => {
    const dir = join(work, 'changed');
    mkdirSync(dir);
    for (const file of ['script.py', 'params.yaml', 'params.py']) copyFileSync(join(work, 'seeded', file), join(dir, file));
    const report = refactorProgram(join(dir, 'script.py'), ['extract-config']);
    const yaml = readFileSync(join(dir, 'params.yaml'), 'utf8');
    assert.ok(yaml.includes('    n_estimators: 200\n'), yaml);
    writeFileSync(join(dir, 'params.yaml'), yaml.replace('    n_estimators: 200\n', '    n_estimators: 20\n'));
    const result = await run(dir, new Set([...report.files, 'params.yaml', 'params.py']));
    assert.equal(result.code, 0, result.stderr);
    const changed = differences(baseline, result);
    assert.ok(
      changed.some((d) => d.startsWith('stdout differs')),
      'the printed scores change',
    );
    assert.ok(
      changed.some((d) => d.includes('model.pkl')),
      'the pickled model changes',
    );
  });
});
