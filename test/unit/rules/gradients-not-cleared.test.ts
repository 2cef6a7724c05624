import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/edits';
import { initEngine } from '../../../src/core/engine';
import { gradientsNotCleared } from '../../../src/core/rules/correctness/gradients-not-cleared';
import { findingsOf, notebook, ruleTester } from './tester';

// Findings cover the `.step()` call. Columns are 1-based.

const NET = `import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return F.log_softmax(self.fc(x), dim=1)

`;

/** pytorch/examples' mnist train(), with or without the zero_grad line. */
const train = (clear: string): string => `${NET}
def train(args, model, device, train_loader, optimizer, epoch):
    model.train()
    for batch_idx, (data, target) in enumerate(train_loader):
        data, target = data.to(device), target.to(device)
${clear}        output = model(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()


model = Net()
optimizer = optim.SGD(model.parameters(), lr=0.01)
for epoch in range(1, 3):
    train(None, model, "cpu", [], optimizer, epoch)
`;

ruleTester(gradientsNotCleared, {
  valid: [
    { name: 'pytorch/examples: optimizer.zero_grad() in the loop', code: train('        optimizer.zero_grad()\n') },
    { name: 'model.zero_grad() clears the same gradients', code: train('        model.zero_grad()\n') },
    {
      name: 'zero_grad(set_to_none=True) at the end of the loop',
      code: train('').replace('        optimizer.step()\n', '        optimizer.step()\n        optimizer.zero_grad(set_to_none=True)\n'),
    },
    {
      name: 'gradient accumulation: zero_grad under the same condition as step',
      code: `${NET}
model = Net()
opt = optim.Adam(model.parameters())
accum = 4
for i, (x, y) in enumerate(loader):
    loss = F.nll_loss(model(x), y) / accum
    loss.backward()
    if (i + 1) % accum == 0:
        opt.step()
        opt.zero_grad()
`,
    },
    {
      name: 'p.grad = None for every parameter',
      code: `${NET}
model = Net()
opt = optim.SGD(model.parameters(), lr=0.1)
for x, y in loader:
    for p in model.parameters():
        p.grad = None
    F.nll_loss(model(x), y).backward()
    opt.step()
`,
    },
    {
      name: 'p.grad.data.zero_() after the step',
      code: `${NET}
model = Net()
opt = optim.SGD(model.parameters(), lr=0.1)
for x, y in loader:
    F.nll_loss(model(x), y).backward()
    opt.step()
    for p in model.parameters():
        if p.grad is not None:
            p.grad.data.zero_()
`,
    },
    {
      name: 'LBFGS: the closure passed to step clears the gradients',
      code: `${NET}
model = Net()
optimizer = optim.LBFGS(model.parameters(), lr=0.8)
for i in range(15):
    def closure():
        optimizer.zero_grad()
        loss = F.nll_loss(model(x), y)
        loss.backward()
        return loss
    optimizer.step(closure)
`,
    },
    {
      name: 'a closure defined outside the loop',
      code: `${NET}
model = Net()
optimizer = optim.LBFGS(model.parameters())
def closure():
    optimizer.zero_grad()
    loss = F.nll_loss(model(x), y)
    loss.backward()
    return loss
for i in range(15):
    loss = closure()
    loss.backward()
    optimizer.step(closure)
`,
    },
    {
      name: 'a same-file helper clears the gradients',
      code: `${NET}
def reset_grads(opt):
    opt.zero_grad()

def clear(opt):
    reset_grads(opt)

model = Net()
opt = optim.SGD(model.parameters(), lr=0.1)
for x, y in loader:
    clear(opt)
    F.nll_loss(model(x), y).backward()
    opt.step()
`,
    },
    {
      name: 'a scheduler step is not an optimizer step',
      code: `${NET}
from torch.optim.lr_scheduler import StepLR

def fit(model, opt, sched, loader):
    for epoch in range(3):
        for x, y in loader:
            opt.zero_grad()
            F.nll_loss(model(x), y).backward()
            opt.step()
        sched.step()
`,
    },
    {
      name: 'env.step(action) in a reinforcement learning loop, manual update',
      code: `import torch
w = torch.zeros(3, requires_grad=True)
for t in range(100):
    state, reward, done, info = env.step(action)
    loss = (w * state).sum()
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
        w.grad.zero_()
`,
    },
    {
      name: 'distributed autograd keeps its gradients per context',
      code: `import torch.distributed.autograd as dist_autograd
from torch.distributed.optim import DistributedOptimizer
import torch.optim as optim
opt = DistributedOptimizer(optim.SGD, params, lr=0.05)
for epoch in range(10):
    with dist_autograd.context() as context_id:
        loss = model(x).sum()
        dist_autograd.backward(context_id, [loss])
        opt.step(context_id)
`,
    },
    {
      name: 'one step, not in a loop',
      code: `${NET}
model = Net()
opt = optim.SGD(model.parameters(), lr=0.1)
F.nll_loss(model(x), y).backward()
opt.step()
`,
    },
    { name: 'not a torch file', code: 'for x in xs:\n    loss.backward()\n    opt.step()\n' },
  ],
  invalid: [
    {
      name: 'pytorch/examples train() without zero_grad',
      code: train(''),
      errors: [
        {
          line: 23,
          column: 9,
          endLine: 23,
          endColumn: 25,
          message: /optimizer\.step\(\) .*never clears them.*Call optimizer\.zero_grad\(\)/,
        },
      ],
    },
    {
      name: 'zero_grad once before the loop only',
      code: `${NET}
model = Net()
opt = optim.Adam(model.parameters())
opt.zero_grad()
for epoch in range(10):
    for x, y in loader:
        loss = F.nll_loss(model(x), y)
        loss.backward()
        opt.step()
`,
      errors: [{ line: 23, column: 9, message: /`for` loop \(line 20\)/ }],
    },
    {
      name: 'zero_grad in the epoch loop, step per batch',
      code: `${NET}
model = Net()
opt = optim.Adam(model.parameters())
for epoch in range(10):
    opt.zero_grad()
    for x, y in loader:
        F.nll_loss(model(x), y).backward()
        opt.step()
`,
      errors: [{ line: 22, column: 9 }],
    },
    {
      name: 'AMP: scaler.step(optimizer) names the optimizer',
      code: `${NET}
model = Net()
optimizer = optim.AdamW(model.parameters())
scaler = torch.cuda.amp.GradScaler()
for x, y in loader:
    with torch.autocast("cuda"):
        loss = F.nll_loss(model(x), y)
    scaler.scale(loss).backward()
    scaler.step(optimizer)
    scaler.update()
`,
      errors: [{ line: 23, column: 5, message: /Call optimizer\.zero_grad\(\)/ }],
    },
    {
      name: 'an optimizer whose role is unknown (a method attribute), in a while loop',
      code: `import torch

class Trainer:
    def fit(self):
        step = 0
        while step < self.max_steps:
            loss = self.model(self.batch()).mean()
            loss.backward()
            self.optimizer.step()
            step += 1
`,
      errors: [{ line: 9, column: 13, message: /`while` loop \(line 6\).*self\.optimizer\.zero_grad\(\)/ }],
    },
    {
      name: 'notebook: the training loop in its own cell',
      path: 'train.ipynb',
      code: notebook([
        'import torch\nimport torch.nn as nn\nmodel = nn.Linear(3, 1)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)',
        'for x, y in data:\n    loss = ((model(x) - y) ** 2).mean()\n    loss.backward()\n    opt.step()',
      ]),
      errors: [{ cell: 2, line: 4, column: 5 }],
    },
  ],
});

describe('MLH421 gradients-not-cleared: the fix', () => {
  before(() => initEngine());

  const fixed = (code: string, path = 'train.py'): string => {
    const [finding] = findingsOf(gradientsNotCleared, { code, path });
    assert.ok(finding?.fix, 'a fix');
    assert.equal(finding.fix.applicability, 'unsafe');
    return applyEdits(code, finding.fix.edits);
  };

  it('inserts optimizer.zero_grad() as the first statement of the loop body, before the forward pass', () => {
    const out = fixed(train(''));
    assert.ok(
      out.includes(
        '    for batch_idx, (data, target) in enumerate(train_loader):\n        optimizer.zero_grad()\n        data, target = data.to(device), target.to(device)\n',
      ),
      out,
    );
    assert.deepEqual(findingsOf(gradientsNotCleared, { code: out }), []);
  });

  it('keeps the body indentation (tabs, comments first) and the optimizer as written', () => {
    const code =
      'import torch\nclass T:\n\tdef fit(self):\n\t\tfor b in self.loader:\n\t\t\t# forward\n\t\t\tself.net(b).sum().backward()\n\t\t\tself.opt.step()\n';
    assert.equal(
      fixed(code),
      'import torch\nclass T:\n\tdef fit(self):\n\t\tfor b in self.loader:\n\t\t\t# forward\n\t\t\tself.opt.zero_grad()\n\t\t\tself.net(b).sum().backward()\n\t\t\tself.opt.step()\n',
    );
  });

  it('offers no fix for a loop body on the for line, nor for an optimizer built inside the loop', () => {
    const oneLine = 'import torch\nopt = torch.optim.SGD(ps, lr=1)\nfor x in xs: f(x).backward(); opt.step()\n';
    const [a] = findingsOf(gradientsNotCleared, { code: oneLine });
    assert.ok(a && !a.fix);
    const rebuilt = 'import torch\nfor x in xs:\n    opt = torch.optim.SGD(ps, lr=1)\n    f(x).backward()\n    opt.step()\n';
    const [b] = findingsOf(gradientsNotCleared, { code: rebuilt });
    assert.ok(b && !b.fix);
  });
});
