import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { defaultConfig } from '../../../src/core/config/types';
import { applyEdits } from '../../../src/core/edits';
import { analyzeText, initEngine } from '../../../src/core/engine';
import { PYTHON, folderWith, removeFolder, runPython } from './python';
import { requireOnMachine } from '../machine';

/**
 * The PyTorch fixes (MLH421-MLH423) change what the program computes, on purpose: each program is
 * run with /usr/bin/python3 and torch (Debian's python3-torch) before and after its fix, CPU only,
 * seeded, a few steps, and the change is the one the fix promises.
 */

let torchChecked: boolean | null = null;
function hasTorch(): boolean {
  if (torchChecked === null) {
    try {
      execSync(`${PYTHON} -c "import torch"`, { stdio: 'ignore', timeout: 120_000 });
      torchChecked = true;
    } catch {
      torchChecked = false;
    }
  }
  return torchChecked;
}

/** The program with the fix of its only finding of `code` applied. */
function fixed(code: string, program: string): string {
  const config = { ...defaultConfig(), select: [code] };
  const findings = analyzeText('script.py', program, { config }).findings.filter((f) => f.code === code);
  assert.equal(findings.length, 1, `one ${code} finding in:\n${program}`);
  assert.ok(findings[0]!.fix, 'with a fix');
  return applyEdits(program, findings[0]!.fix.edits);
}

const folders: string[] = [];

/** What the program prints (it must exit 0). */
async function run(program: string): Promise<string[]> {
  const dir = folderWith('torch', new Map([['script.py', program]]));
  folders.push(dir);
  const result = await runPython(dir, 'script.py', new Set(['script.py']), 120_000);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.trim().split('\n');
}

const DROPOUT_NET = `import torch
import torch.nn as nn

torch.manual_seed(0)
torch.use_deterministic_algorithms(True)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.drop = nn.Dropout(0.5)

    def forward(self, x):
        return self.drop(self.fc(x))


model = Net()
x = torch.ones(2, 8)
`;

describe('behaviour: the PyTorch fixes change what they promise', function () {
  this.timeout(300_000);

  before(async function () {
    requireOnMachine(this, hasTorch() ? null : `${PYTHON} with torch (python3-torch)`);
    await initEngine();
  });

  after(() => {
    for (const folder of folders) removeFolder(folder);
  });

  it('MLH421: with zero_grad() the gradients no longer accumulate from step to step', async () => {
    const program = `import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(3, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
x = torch.ones(4, 3)
for step in range(3):
    loss = model(x).sum()
    loss.backward()
    optimizer.step()
    print(round(model.weight.grad.norm().item(), 4))
`;
    const after = fixed('MLH421', program);
    assert.ok(after.includes('for step in range(3):\n    optimizer.zero_grad()\n    loss = model(x).sum()'), after);
    const norms = (await run(program)).map(Number);
    const fixedNorms = (await run(after)).map(Number);
    assert.deepEqual(
      norms,
      [1, 2, 3].map((k) => Math.round(k * 4 * Math.sqrt(3) * 10_000) / 10_000),
      'the original sums the gradients',
    );
    assert.deepEqual(fixedNorms, [norms[0], norms[0], norms[0]], 'each step sees only its own gradient');
  });

  it('MLH422: model(x) runs the forward hooks that model.forward(x) skipped, with the same output', async () => {
    const program = (hooked: boolean): string => `import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(2, 2)
calls = []
${hooked ? 'model.register_forward_hook(lambda module, inputs, output: calls.append(1))\n' : ''}y = model.forward(torch.ones(1, 2))
print(len(calls), [round(v, 4) for v in y.flatten().tolist()])
`;
    const [before] = await run(program(true));
    const [after] = await run(fixed('MLH422', program(true)));
    assert.match(before!, /^0 \[/);
    assert.equal(after, before!.replace(/^0 /, '1 '));
    // Without hooks, the fix changes nothing.
    assert.deepEqual(await run(fixed('MLH422', program(false))), await run(program(false)));
  });

  it('MLH423: after model.eval() two dropout forward passes under no_grad agree', async () => {
    const program = `${DROPOUT_NET}with torch.no_grad():
    a = model(x)
    b = model(x)
print(torch.equal(a, b), model.training)
`;
    const after = fixed('MLH423', program);
    assert.ok(after.includes('model.eval()\nwith torch.no_grad():'), after);
    assert.deepEqual(await run(program), ['False True']);
    assert.deepEqual(await run(after), ['True False']);
  });

  it('MLH423: model.train() at the start of the training loop turns dropout back on after eval()', async () => {
    const program = `${DROPOUT_NET}optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
model.eval()
for step in range(2):
    optimizer.zero_grad()
    out = model(x)
    print(model.training, int((out == 0).sum()))
    out.sum().backward()
    optimizer.step()
`;
    const after = fixed('MLH423', program);
    assert.ok(after.includes('for step in range(2):\n    model.train()\n    optimizer.zero_grad()'), after);
    const before = await run(program);
    const fixedRun = await run(after);
    assert.deepEqual(
      before.map((l) => l.split(' ')[0]),
      ['False', 'False'],
    );
    assert.deepEqual(
      fixedRun.map((l) => l.split(' ')[0]),
      ['True', 'True'],
    );
    assert.ok(
      fixedRun.every((l) => Number(l.split(' ')[1]) > 0),
      `dropout zeroes activations in training mode: ${fixedRun.join(', ')}`,
    );
  });
});
