import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../../../src/core/config/types';
import { applyEdits } from '../../../src/core/edits';
import { analyzeText, initEngine } from '../../../src/core/engine';
import { hasPythonStack, PYTHON, removeFolder, runPython, tempFolder } from './python';
import { requireOnMachine } from '../machine';

/**
 * MLH412's fix changes behaviour on purpose: run with pandas, the chained assignment writes to a
 * copy and leaves the frame as it was (with a SettingWithCopyWarning), and the fixed program,
 * `df.loc[mask, "a"] = v`, writes into the frame.
 */
const PROGRAM = `import warnings
import pandas as pd

warnings.simplefilter("always")
df = pd.DataFrame({"age": [22.0, 70.0, 65.0], "senior": [0, 0, 0]})
df[df["age"] > 60]["senior"] = 1
df["age"][df["age"] > 68] = 68.0
print(df["senior"].tolist(), df["age"].tolist())
`;

describe('behaviour: MLH412 chained-indexing fix makes the write reach the frame', function () {
  this.timeout(120_000);
  let dir: string;

  before(async function () {
    requireOnMachine(this, hasPythonStack() ? null : `${PYTHON} with the ML stack`);
    await initEngine();
    dir = tempFolder('chained');
  });

  after(() => {
    if (dir) removeFolder(dir);
  });

  it('the original leaves df unchanged where it wrote to a copy; the fixed program writes', async () => {
    const config = { ...defaultConfig(), select: ['MLH412'] };
    const findings = analyzeText('program.py', PROGRAM, { config }).findings.filter((f) => f.code === 'MLH412');
    assert.equal(findings.length, 2);
    const edits = findings.flatMap((f) => f.fix?.edits ?? []);
    assert.equal(edits.length, 2, 'both chained assignments get the fix');
    const fixed = applyEdits(PROGRAM, edits);
    assert.ok(fixed.includes('df.loc[df["age"] > 60, "senior"] = 1'));
    assert.ok(fixed.includes('df.loc[df["age"] > 68, "age"] = 68.0'));

    writeFileSync(join(dir, 'original.py'), PROGRAM);
    writeFileSync(join(dir, 'fixed.py'), fixed);
    const own = new Set(['original.py', 'fixed.py']);
    const before = await runPython(dir, 'original.py', own, 60_000);
    const after = await runPython(dir, 'fixed.py', own, 60_000);
    assert.equal(before.code, 0, before.stderr);
    assert.equal(after.code, 0, after.stderr);
    // df[mask]["senior"] = 1 wrote to a copy: no senior is marked, and pandas warned.
    assert.match(before.stdout, /^\[0, 0, 0\]/);
    assert.match(before.stderr, /SettingWithCopyWarning|ChainedAssignment/);
    // The fix writes into the frame, without a warning.
    assert.equal(after.stdout.trim(), '[0, 1, 1] [22.0, 68.0, 65.0]');
    assert.doesNotMatch(after.stderr, /SettingWithCopyWarning|ChainedAssignment/);
  });
});
