import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/edits';
import { initEngine } from '../../../src/core/engine';
import { forwardCalledDirectly } from '../../../src/core/rules/correctness/forward-called-directly';
import { findingsOf, notebook, ruleTester } from './tester';

// Findings cover the callee `m.forward`. Columns are 1-based.

const NET = `import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Linear(4, 8)
        self.head = nn.Sequential(nn.ReLU(), nn.Linear(8, 2))

    def forward(self, x):
        return self.head(self.encoder(x))
`;

ruleTester(forwardCalledDirectly, {
  valid: [
    { name: 'calling the module', code: `${NET}\nmodel = Net()\nout = model(torch.ones(1, 4))\n` },
    {
      name: 'super().forward extends the parent forward',
      code: `import torch.nn as nn\nclass Bottle(nn.Linear):\n    def forward(self, input):\n        return super(Bottle, self).forward(input.view(-1, 4))\nclass B(nn.Linear):\n    def forward(self, x):\n        return super().forward(x) * 2\n`,
    },
    {
      name: 'self.forward inside the module: its own choice (forward-forward training)',
      code: `import torch.nn as nn\nclass Layer(nn.Linear):\n    def train_layer(self, x_pos, x_neg):\n        g_pos = self.forward(x_pos).pow(2).mean(1)\n        return g_pos\n`,
    },
    {
      name: 'an object the file does not know as a module (TF graph, RemoteModule)',
      code: `import torch\nfrom torch.distributed.nn import RemoteModule\nremote = RemoteModule("ps", torch.nn.EmbeddingBag, args=(10, 3))\ny = remote.forward(ids)\npred = nn_graph.forward(sess, x_valid)\n`,
    },
    {
      name: 'self.<attr> that is not always a module',
      code: `import torch.nn as nn\nclass M(nn.Module):\n    def __init__(self, f):\n        super().__init__()\n        self.f = f\n        self.g = nn.Linear(2, 2)\n    def forward(self, x):\n        return self.f.forward(x)\n`,
    },
    { name: 'not a torch file', code: 'class A:\n    def forward(self, x):\n        return x\na = A()\na.forward(1)\n' },
  ],
  invalid: [
    {
      name: 'model.forward(x) on an instance of a file module class',
      code: `${NET}\nmodel = Net().to("cpu")\nout = model.forward(torch.ones(1, 4))\n`,
      errors: [
        {
          line: 15,
          column: 7,
          endLine: 15,
          endColumn: 20,
          message: /model\.forward\(\.\.\.\) .*skips the module's hooks.*Call the module instead: model\(\.\.\.\)/,
        },
      ],
    },
    {
      name: 'an nn layer',
      code: 'import torch.nn as nn\nlin = nn.Linear(2, 3)\ny = lin.forward(x)\n',
      errors: [{ line: 3, column: 5 }],
    },
    {
      name: 'self.<sub>.forward on a submodule assigned in __init__',
      code: NET.replace('return self.head(self.encoder(x))', 'return self.head.forward(self.encoder.forward(x))'),
      errors: [
        { line: 12, column: 16, message: /self\.head\.forward/ },
        { line: 12, column: 34, message: /self\.encoder\.forward/ },
      ],
    },
    {
      name: 'a parameter given a module at the call sites',
      code: `${NET}\ndef predict(net, x):\n    return net.forward(x)\n\npredict(Net(), torch.ones(1, 4))\n`,
      errors: [{ line: 15, column: 12 }],
    },
    {
      name: 'notebook',
      path: 'n.ipynb',
      code: notebook(['import torchvision', 'm = torchvision.models.resnet18()\nlogits = m.forward(batch)']),
      errors: [{ cell: 2, line: 2, column: 10 }],
    },
  ],
});

describe('MLH422 forward-called-directly: the fix', () => {
  before(() => initEngine());

  it('drops `.forward`, keeping the arguments (and a receiver split over lines)', () => {
    const code = `${NET}\nmodel = Net()\nout = model.forward(torch.ones(1, 4), )\nz = (model\n     ).forward(x)\n`;
    const found = findingsOf(forwardCalledDirectly, { code });
    assert.equal(found.length, 2);
    for (const f of found) assert.equal(f.fix?.applicability, 'unsafe');
    const out = applyEdits(
      code,
      found.flatMap((f) => f.fix!.edits),
    );
    assert.ok(out.endsWith('\nout = model(torch.ones(1, 4), )\nz = (model\n     )(x)\n'), out);
    assert.deepEqual(findingsOf(forwardCalledDirectly, { code: out }), []);
  });
});
