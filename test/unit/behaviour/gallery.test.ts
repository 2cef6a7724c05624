import assert from 'node:assert/strict';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { initEngine } from '../../../src/core/engine';
import { differences, hasPythonStack, pool, PYTHON, removeFolder, runPython, tempFolder } from './python';
import { EXAMPLES, GALLERY_SCRIPTS } from './galleryScripts';
import { refactorProgram } from './pipeline';
import { requireOnMachine } from '../machine';

/** Per program run; a script that needs longer has no place in this list. */
const RUN_TIMEOUT_MS = 60_000;

interface Outcome {
  script: string;
  moved: number;
  functions: number;
  mainGuard: boolean;
  problems: string[];
  seconds: number;
}

/**
 * Behaviour must not change, on real third-party code: each script runs as it is and after
 * extract-config (refactors 1-3), every section to a function (refactor 4) and the main guard
 * (refactor 5), each in its own folder as the working directory; stdout and every file written
 * (figures included, saved as PNG) must be byte-identical. Two scripts run at a time.
 */
describe('behaviour: refactored scikit-learn gallery scripts print and draw exactly what they did', function () {
  before(async function () {
    requireOnMachine(this, !existsSync(EXAMPLES) ? EXAMPLES : hasPythonStack() ? null : `${PYTHON} with the ML stack`);
    await initEngine();
  });

  it(`${GALLERY_SCRIPTS.length} scripts: same stdout, same files, same figures`, async function () {
    this.timeout(15 * 60_000);
    assert.ok(GALLERY_SCRIPTS.length >= 25);
    const started = performance.now();
    const outcomes = await pool(GALLERY_SCRIPTS, 2, async (script): Promise<Outcome> => {
      const before = tempFolder('gallery-before');
      const after = tempFolder('gallery-after');
      const t0 = performance.now();
      try {
        for (const dir of [before, after]) copyFileSync(join(EXAMPLES, script), join(dir, 'script.py'));
        const report = refactorProgram(join(after, 'script.py'), ['extract-config', 'extract-functions', 'main-guard']);
        // One after the other: with the pool of two, two programs run at a time (CI has two cores).
        const original = await runPython(before, 'script.py', new Set(['script.py']), RUN_TIMEOUT_MS);
        const refactored = await runPython(after, 'script.py', report.files, RUN_TIMEOUT_MS);
        const problems =
          original.code !== 0
            ? [`the original failed (${original.timedOut ? 'timed out' : `exit ${original.code}`})`]
            : differences(original, refactored);
        return {
          script,
          moved: report.applied['extract-config'],
          functions: report.applied['extract-functions'],
          mainGuard: report.applied['main-guard'] > 0,
          problems,
          seconds: (performance.now() - t0) / 1000,
        };
      } finally {
        removeFolder(before);
        removeFolder(after);
      }
    });
    const identical = outcomes.filter((o) => o.problems.length === 0);
    const summary =
      `gallery behaviour: ${outcomes.length} tried, ${outcomes.filter((o) => o.moved > 0).length} refactored by extract-config ` +
      `(${outcomes.reduce((n, o) => n + o.moved, 0)} values), ${outcomes.reduce((n, o) => n + o.functions, 0)} sections extracted to functions, ` +
      `${outcomes.filter((o) => o.mainGuard).length} main guards, ${identical.length} identical, in ${((performance.now() - started) / 1000).toFixed(1)} s`;
    console.log(`      ${summary}`);
    const failures = outcomes.filter((o) => o.problems.length > 0).map((o) => `${o.script}:\n  ${o.problems.join('\n  ')}`);
    assert.deepEqual(failures, []);
    assert.equal(outcomes.filter((o) => o.moved > 0).length, outcomes.length, 'every listed script has values to move');
  });
});
