import { nondeterministicAlgorithms } from '../../../src/core/rules/reproducibility/nondeterministic-algorithms';
import { notebook, ruleTester } from './tester';

const LOOP = [
  'model = Net().cuda()',
  'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)',
  'for x, y in loader:',
  '    optimizer.zero_grad()',
  '    loss = loss_fn(model(x), y)',
  '    loss.backward()',
  '    optimizer.step()',
];

const training = (...head: string[]): string => [...head, ...LOOP].join('\n');

ruleTester(nondeterministicAlgorithms, {
  valid: [
    { name: 'use_deterministic_algorithms(True)', code: training('import torch', 'torch.use_deterministic_algorithms(True)') },
    {
      name: 'a configurable flag counts as asking',
      code: training('import torch', 'torch.use_deterministic_algorithms(args.deterministic, warn_only=True)'),
    },
    {
      name: 'cudnn.deterministic under an alias, benchmark off',
      code: training('import torch', 'import torch.backends.cudnn as cudnn', 'cudnn.deterministic = True', 'cudnn.benchmark = False'),
    },
    {
      name: 'cudnn settings inside a seeding helper',
      code: training(
        'import torch',
        'def set_seed(s):',
        '    torch.manual_seed(s)',
        '    torch.backends.cudnn.deterministic = True',
        'set_seed(0)',
      ),
    },
    {
      name: 'a Lightning Trainer(deterministic=True)',
      code: training('import torch', 'import lightning as L', 'trainer = L.Trainer(deterministic=True)'),
    },
    {
      name: 'inference only: no backward, no optimizer step',
      code: 'import torch\nmodel = Net()\nwith torch.no_grad():\n    y = model(x)',
    },
    {
      name: 'backward without an optimizer (a gradient check)',
      code: 'import torch\nx = torch.ones(3, requires_grad=True)\n(x * 2).sum().backward()\nprint(x.grad)',
    },
    { name: 'not a torch file', code: 'import tensorflow as tf\nloss.backward()\nopt.step().cuda()' },
    {
      name: 'a CPU-only training script',
      code: 'import torch\nmodel = Net()\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nloss = model(x).sum()\nloss.backward()\nopt.step()',
    },
    { name: 'suppressed for the file', code: '# mlh: ignore-file[MLH302]\n' + training('import torch') },
  ],
  invalid: [
    {
      name: 'a training loop with no determinism: one finding, on the optimizer construction',
      code: training('import torch', 'torch.manual_seed(0)'),
      errors: [
        {
          line: 4,
          column: 13,
          endColumn: 28,
          message:
            /^This script trains a PyTorch model and never calls torch\.use_deterministic_algorithms\(True\) nor sets torch\.backends\.cudnn\.deterministic = True: .*Call torch\.use_deterministic_algorithms\(True\) and set torch\.backends\.cudnn\.benchmark = False where runs must be repeatable\.$/,
        },
      ],
    },
    {
      name: 'from-imports; the optimizer passed in, known from the call site; anchored on the first backward',
      code: [
        'import torch',
        'from torch import nn, optim',
        '',
        'def train(model, opt, loader):',
        '    for x, y in loader:',
        '        opt.zero_grad()',
        '        loss = nn.functional.mse_loss(model(x), y)',
        '        loss.backward()',
        '        opt.step()',
        '',
        'device = torch.device("cuda" if torch.cuda.is_available() else "cpu")',
        'train(net, optim.Adam(net.parameters()), loader)',
      ].join('\n'),
      errors: [{ line: 8, column: 9, endColumn: 24 }],
    },
    {
      name: 'a GPU through torch.accelerator',
      code: 'import torch\ndevice = torch.accelerator.current_accelerator()\nmodel = Net().to(device)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nmodel(x).sum().backward()\nopt.step()',
      errors: [{ line: 4, column: 7 }],
    },
    {
      name: 'deterministic cuDNN undone by benchmark = True',
      code: training('import torch', 'torch.backends.cudnn.deterministic = True', 'torch.backends.cudnn.benchmark = True'),
      errors: [{ line: 5, column: 13, message: /also benchmark = True, which picks cuDNN algorithms by timing/ }],
    },
    {
      name: 'use_deterministic_algorithms(False) is no request',
      code: training('import torch', 'torch.use_deterministic_algorithms(False)'),
      errors: [{ line: 4, column: 13 }],
    },
    {
      name: 'a notebook: reported once, in the cell of the optimizer',
      path: 'x.ipynb',
      code: notebook(['import torch', LOOP.slice(0, 2).join('\n'), LOOP.slice(2).join('\n'), 'loss2.backward()\noptimizer.step()']),
      errors: [{ cell: 2, line: 2, column: 13 }],
    },
  ],
});
