import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initEngine } from '../../../src/core/engine';
import { PYTHON, removeFolder, runPython, tempFolder } from './python';
import { refactorProgram } from './pipeline';
import { requireOnMachine } from '../machine';

/** A small PyTorch training job with every kind of unseeded torch randomness MLH301 reports. */
const JOB = `import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset, random_split

x = torch.randn(64, 4)
y = (x.sum(dim=1, keepdim=True) > 0).float()
train, val = random_split(TensorDataset(x, y), [48, 16])
loader = DataLoader(train, batch_size=8, shuffle=True)
model = nn.Linear(4, 1)
nn.init.xavier_uniform_(model.weight)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(2):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = nn.functional.binary_cross_entropy_with_logits(model(xb), yb)
        loss.backward()
        optimizer.step()
print(val.indices[:5], [round(v, 6) for v in model.weight.flatten().tolist()])
`;

function hasTorch(): boolean {
  try {
    execSync(`${PYTHON} -c "import torch, yaml"`, { stdio: 'ignore', timeout: 120_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * The seed fix changes what the job computes on purpose: two runs of the original differ, two runs
 * of the seeded job print the same, and the seeded job still runs.
 */
describe('behaviour: a PyTorch job seeded by the MLH301 fix gives the same numbers on every run', function () {
  this.timeout(300_000);
  let dir: string;

  before(async function () {
    requireOnMachine(this, hasTorch() ? null : `${PYTHON} with torch and yaml`);
    await initEngine();
    dir = tempFolder('torch-seed');
    writeFileSync(join(dir, 'script.py'), JOB);
  });

  after(() => {
    if (dir) removeFolder(dir);
  });

  it('seeds torch.manual_seed before the first draw and the loader with its own generator; runs agree', async () => {
    const own = new Set(['script.py']);
    const first = await runPython(dir, 'script.py', own, 120_000);
    const second = await runPython(dir, 'script.py', own, 120_000);
    assert.equal(first.code, 0, first.stderr);
    assert.notEqual(first.stdout, second.stdout, 'the original changes from run to run');
    const report = refactorProgram(join(dir, 'script.py'), ['seed']);
    assert.deepEqual(report.refused, []);
    const code = readFileSync(join(dir, 'script.py'), 'utf8');
    assert.ok(code.includes('torch.manual_seed(params["seed"])\nx = torch.randn(64, 4)'), code);
    assert.ok(code.includes('shuffle=True, generator=torch.Generator().manual_seed(params["seed"]))'), code);
    const seeded = await runPython(dir, 'script.py', report.files, 120_000);
    const again = await runPython(dir, 'script.py', report.files, 120_000);
    assert.equal(seeded.code, 0, seeded.stderr);
    assert.equal(seeded.stdout, again.stdout);
  });
});
