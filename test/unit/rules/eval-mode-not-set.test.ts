import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/edits';
import { initEngine } from '../../../src/core/engine';
import { evalModeNotSet } from '../../../src/core/rules/correctness/eval-mode-not-set';
import { findingsOf, notebook, ruleTester } from './tester';

// Findings cover the module's call (`model(data)`). Columns are 1-based.

const NET = `import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.dropout = nn.Dropout(0.5)
        self.fc2 = nn.Linear(8, 2)

    def forward(self, x):
        return F.log_softmax(self.fc2(self.dropout(F.relu(self.fc1(x)))), dim=1)

`;

/** pytorch/examples' mnist train() and test(); `trainMode`/`evalMode` are their first lines. */
const script = (trainMode: string, evalMode: string): string => `${NET}
def train(args, model, device, train_loader, optimizer, epoch):
${trainMode}    for batch_idx, (data, target) in enumerate(train_loader):
        data, target = data.to(device), target.to(device)
        optimizer.zero_grad()
        output = model(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()


def test(model, device, test_loader):
${evalMode}    test_loss = 0
    with torch.no_grad():
        for data, target in test_loader:
            output = model(data)
            test_loss += F.nll_loss(output, target, reduction="sum").item()
    return test_loss


model = Net()
optimizer = optim.Adadelta(model.parameters(), lr=1.0)
for epoch in range(1, 3):
    train(None, model, "cpu", [], optimizer, epoch)
    test(model, "cpu", [])
`;

const TRAIN = '    model.train()\n';
const EVAL = '    model.eval()\n';

ruleTester(evalModeNotSet, {
  valid: [
    { name: 'pytorch/examples: model.train() in train(), model.eval() in test()', code: script(TRAIN, EVAL) },
    {
      name: 'a module without dropout or batch norm',
      code: `import torch\nimport torch.nn as nn\nmodel = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))\nwith torch.no_grad():\n    preds = model(X)\n`,
    },
    {
      name: 'eval() before the no_grad block',
      code: `${NET}model = Net()\nmodel.load_state_dict(torch.load("m.pt"))\nmodel.eval()\nwith torch.no_grad():\n    preds = model(X)\n`,
    },
    { name: 'built in eval mode', code: `${NET}model = Net().eval()\nwith torch.inference_mode():\n    preds = model(X)\n` },
    { name: 'train(False) is eval()', code: `${NET}model = Net()\nmodel.train(False)\nwith torch.no_grad():\n    preds = model(X)\n` },
    {
      name: 'torchvision fine-tuning: the mode set per phase',
      code: `import torch
import torchvision

def train_model(model, criterion, optimizer, num_epochs=25):
    for epoch in range(num_epochs):
        for phase in ["train", "val"]:
            if phase == "train":
                model.train()
            else:
                model.eval()
            for inputs, labels in loaders[phase]:
                optimizer.zero_grad()
                with torch.set_grad_enabled(phase == "train"):
                    outputs = model(inputs)
                    loss = criterion(outputs, labels)
                    if phase == "train":
                        loss.backward()
                        optimizer.step()

model = torchvision.models.resnet18(pretrained=True)
optimizer = torch.optim.SGD(model.parameters(), lr=0.001)
train_model(model, None, optimizer)
`,
    },
    {
      name: 'no_grad inside the training step (GAN samples, EMA) keeps training mode on purpose',
      code: `${NET}model = Net()\nopt = optim.SGD(model.parameters(), lr=0.1)\nfor x, y in loader:\n    opt.zero_grad()\n    F.nll_loss(model(x), y).backward()\n    opt.step()\n    with torch.no_grad():\n        sample = model(x[:1])\n`,
    },
    {
      name: 'an evaluation function nobody in the file calls: the caller may set the mode',
      code: `${NET}\ndef evaluate(model, loader):\n    with torch.no_grad():\n        return [model(x) for x in loader]\n`,
    },
    {
      name: 'the caller sets eval() before calling the evaluation function',
      code: `${NET}\ndef evaluate(model, loader):\n    with torch.no_grad():\n        return [model(x) for x in loader]\n\nnet = Net()\nnet.eval()\nevaluate(net, [])\n`,
    },
    {
      name: 'style transfer: vgg is in eval mode and the optimizer trains the image, not vgg',
      code: `import torch
import torchvision.models as models

vgg = models.vgg19(pretrained=True).features.eval()
target = content.clone().requires_grad_(True)
optimizer = torch.optim.Adam([target], lr=0.003)
for step in range(2000):
    features = vgg(target)
    loss = features.mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
`,
    },
    {
      name: 'a model loaded whole: the file does not know its layers',
      code: `import torch\nmodel = torch.load("model.pt")\nwith torch.no_grad():\n    preds = model(X)\n`,
    },
    { name: 'not a torch file', code: 'model = Net()\nwith no_grad():\n    model(x)\n' },
  ],
  invalid: [
    {
      name: 'test() never calls model.eval(): after train(), the model is in training mode',
      code: script(TRAIN, ''),
      errors: [
        {
          line: 33,
          column: 22,
          message:
            /model runs inference \(with torch\.no_grad\(\)\) in training mode: .*\(nn\.Dropout in Net\).*Call model\.eval\(\) first/,
        },
      ],
    },
    {
      name: 'train() never calls model.train(): from the second epoch on it trains in eval mode',
      code: script('', EVAL),
      errors: [{ line: 22, column: 18, message: /model is trained .* after model\.eval\(\) with no model\.train\(\) since/ }],
    },
    {
      name: 'a script: predictions under no_grad with no eval() anywhere',
      code: `${NET}model = Net()\nmodel.load_state_dict(torch.load("m.pt"))\nwith torch.no_grad():\n    preds = model(X_test).argmax(1)\n`,
      errors: [{ line: 20, column: 13, endColumn: 26 }],
    },
    {
      name: 'a torchvision model and an nn.Sequential with BatchNorm',
      code: `import torch\nimport torch.nn as nn\nimport torchvision\nbackbone = torchvision.models.resnet50(weights="DEFAULT")\nhead = nn.Sequential(nn.Linear(10, 10), nn.BatchNorm1d(10))\nwith torch.inference_mode():\n    feats = backbone(images)\n    out = head(feats)\n`,
      errors: [
        { line: 7, column: 13, message: /models\.resnet50/ },
        { line: 8, column: 11, message: /nn\.BatchNorm1d/ },
      ],
    },
    {
      name: '@torch.no_grad() on a predict function called at top level without eval()',
      code: `${NET}\n@torch.no_grad()\ndef predict(model, x):\n    return model(x).argmax(1)\n\nmodel = Net()\nprint(predict(model, X))\n`,
      errors: [{ line: 20, column: 12, message: /\(@torch\.no_grad\(\)\)/ }],
    },
    {
      name: 'eval() for validation at the end of each epoch, no train() at its start',
      code: `${NET}model = Net()
opt = optim.SGD(model.parameters(), lr=0.1)
model.train()
for epoch in range(10):
    for x, y in train_loader:
        opt.zero_grad()
        F.nll_loss(model(x), y).backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        val = sum(F.nll_loss(model(x), y) for x, y in val_loader)
`,
      errors: [{ line: 23, column: 20, message: /model is trained/ }],
    },
    {
      name: 'validation in the epoch loop after train(): eval() missing',
      code: `${NET}model = Net()
opt = optim.SGD(model.parameters(), lr=0.1)
for epoch in range(10):
    model.train()
    for x, y in train_loader:
        opt.zero_grad()
        F.nll_loss(model(x), y).backward()
        opt.step()
    with torch.no_grad():
        val = model(x_val)
`,
      errors: [{ line: 26, column: 15, message: /runs inference/ }],
    },
    {
      name: 'notebook: eval() in an earlier cell, training in a later one',
      path: 'nb.ipynb',
      code: notebook([
        NET,
        'model = Net()\nmodel.eval()\nopt = optim.Adam(model.parameters())',
        'for x, y in loader:\n    opt.zero_grad()\n    loss = F.nll_loss(model(x), y)\n    loss.backward()\n    opt.step()',
      ]),
      errors: [{ cell: 3, line: 3, column: 23 }],
    },
  ],
});

describe('MLH423 eval-mode-not-set: the fixes', () => {
  before(() => initEngine());

  const fix = (code: string, index = 0): string => {
    const finding = findingsOf(evalModeNotSet, { code })[index];
    assert.ok(finding?.fix, 'a fix');
    assert.equal(finding.fix.applicability, 'unsafe');
    return applyEdits(code, finding.fix.edits);
  };

  it('inserts model.eval() before the with block, at its indentation', () => {
    const out = fix(script(TRAIN, ''));
    assert.ok(out.includes('    test_loss = 0\n    model.eval()\n    with torch.no_grad():\n'), out);
    assert.deepEqual(findingsOf(evalModeNotSet, { code: out }), []);
  });

  it('inserts model.train() at the start of the training loop', () => {
    const out = fix(script('', EVAL));
    assert.ok(out.includes('enumerate(train_loader):\n        model.train()\n        data, target = '), out);
    assert.deepEqual(findingsOf(evalModeNotSet, { code: out }), []);
  });

  it('in a loop that trains, also puts the model back in training mode after the block', () => {
    const code = `${NET}model = Net()\nopt = optim.SGD(model.parameters(), lr=0.1)\nfor epoch in range(10):\n    model.train()\n    for x, y in train_loader:\n        opt.zero_grad()\n        F.nll_loss(model(x), y).backward()\n        opt.step()\n    with torch.no_grad():\n        val = model(x_val)\n    print(val)\n`;
    const out = fix(code);
    assert.ok(
      out.includes(
        '        opt.step()\n    model.eval()\n    with torch.no_grad():\n        val = model(x_val)\n    model.train()\n    print(val)\n',
      ),
      out,
    );
    assert.deepEqual(findingsOf(evalModeNotSet, { code: out }), []);
  });

  it('no fix for a decorated function (the mode would leak to its callers)', () => {
    const code = `${NET}\n@torch.no_grad()\ndef predict(model, x):\n    return model(x)\n\nnet = Net()\nprint(predict(net, X))\n`;
    const [finding] = findingsOf(evalModeNotSet, { code });
    assert.ok(finding && !finding.fix);
  });
});
