import assert from 'node:assert/strict';
import { initEngine, withModel } from '../../../src/core/engine';
import { rolesOf } from '../../../src/core/kb/roles';
import { pythonSource } from '../../../src/core/parse/source';
import type { Node } from '../../../src/core/parse/syntax';
import { nodesOfType } from '../../../src/core/semantic';

/** The role of the expression `probe(<expr>)` marks, or of the last `probe(...)` when several. */
function roleAt(code: string): string | null {
  return withModel(pythonSource('r.py', code), (model) => {
    const probes = model.calls.filter((c) => c.callee.text === 'probe');
    const arg: Node | undefined = probes[probes.length - 1]?.positional[0];
    assert.ok(arg, 'no probe(...) in the snippet');
    return rolesOf(model).of(arg);
  });
}

describe('kb/roles: what an expression holds, learnt from the script model', () => {
  before(() => initEngine());

  const cases: Array<[string, string, string | null]> = [
    ['pandas reader', 'import pandas as pd\ndf = pd.read_csv("a.csv")\nprobe(df)', 'dataframe'],
    ['from-import', 'from pandas import read_parquet\nd = read_parquet("a")\nprobe(d)', 'dataframe'],
    ['read_html is a list', 'import pandas as pd\nt = pd.read_html("x")\nprobe(t)', null],
    ['method chain', 'import pandas as pd\ndf = pd.read_csv("a").dropna().reset_index(drop=True)\nprobe(df)', 'dataframe'],
    ['column by string', 'import pandas as pd\ndf = pd.DataFrame()\nprobe(df["a"])', 'series'],
    ['columns by list', 'import pandas as pd\ndf = pd.DataFrame()\nprobe(df[["a", "b"]])', 'dataframe'],
    ['rows by mask', 'import pandas as pd\ndf = pd.DataFrame()\nprobe(df[df["a"] > 0])', 'dataframe'],
    ['column by attribute', 'import pandas as pd\ndf = pd.DataFrame()\nprobe(df.Age)', 'series'],
    ['shape is not a column', 'import pandas as pd\ndf = pd.DataFrame()\nprobe(df.shape)', null],
    ['loc with a column', 'import pandas as pd\ndf = pd.DataFrame()\nprobe(df.loc[df.a > 1, "b"])', 'series'],
    ['values', 'import pandas as pd\ndf = pd.DataFrame()\nprobe(df.values)', 'ndarray'],
    ['rebound to the same role', 'import pandas as pd\ndf = pd.read_csv("a")\ndf = df.fillna(0)\nprobe(df)', 'dataframe'],
    ['rebound to another role: unknown', 'import pandas as pd\nX = pd.read_csv("a")\nX = X.values\nprobe(X)', null],
    ['unknown rebinding does not erase the role', 'import pandas as pd\ndf = pd.read_csv("a")\ndf = clean(df)\nprobe(df)', 'dataframe'],
    ['not from its name', 'df = load()\nprobe(df)', null],
    ['a cycle', 'x = y\ny = x\nprobe(x)', null],
    ['torch optimizer', 'import torch.optim as optim\nopt = optim.Adam(params)\nprobe(opt)', 'torch-optimizer'],
    ['scheduler is not an optimizer', 'import torch\ns = torch.optim.lr_scheduler.StepLR(o, 1)\nprobe(s)', null],
    ['nn layer', 'import torch.nn as nn\nm = nn.Linear(2, 3)\nprobe(m)', 'torch-module'],
    [
      'a subclass of nn.Module, moved to a device',
      'import torch\nfrom torch import nn\nclass Net(nn.Module):\n    pass\nclass Deeper(Net):\n    pass\nmodel = Deeper().to("cuda")\nprobe(model)',
      'torch-module',
    ],
    ['forward pass gives a tensor', 'import torch.nn as nn\nm = nn.Linear(2, 3)\nout = m(x)\nprobe(out)', 'tensor'],
    ['torchvision model', 'import torchvision\nm = torchvision.models.resnet18(pretrained=True)\nprobe(m)', 'torch-module'],
    ['DataLoader', 'from torch.utils.data import DataLoader\ndl = DataLoader(ds, batch_size=2)\nprobe(dl)', 'dataloader'],
    [
      'a parameter, from the calls in the file',
      'import torch\nimport torch.nn as nn\ndef train(net, opt):\n    probe(opt)\nmodel = nn.Linear(1, 1)\ntrain(model, opt=torch.optim.SGD(model.parameters(), lr=0.1))',
      'torch-optimizer',
    ],
    [
      'a parameter: an argument with no known role does not erase it',
      'import pandas as pd\ndef f(d):\n    probe(d)\nf(pd.read_csv("a"))\nf(3)',
      'dataframe',
    ],
    [
      'a parameter passed different roles: unknown',
      'import pandas as pd\nimport numpy as np\ndef f(d):\n    probe(d)\nf(pd.read_csv("a"))\nf(np.zeros(3))',
      null,
    ],
    ['a method parameter: unknown', 'import pandas as pd\nclass A:\n    def f(self, d):\n        probe(d)\nA().f(pd.read_csv("a"))', null],
    ['keras model', 'from tensorflow import keras\nm = keras.Sequential([])\nprobe(m)', 'keras-model'],
    ['tf tensor', 'import tensorflow as tf\nt = tf.concat([a, b], 0)\nprobe(t)', 'tf-tensor'],
    ['arithmetic keeps the role', 'import numpy as np\na = np.zeros(3)\nprobe(a * 2 + 1)', 'ndarray'],
  ];
  for (const [name, code, expected] of cases) it(name, () => assert.equal(roleAt(code), expected));

  it('nodesOfType: one walk, document order, named nodes only', () => {
    withModel(pythonSource('n.py', 'a == b\nif c != d:\n    e == f\n'), (model) => {
      assert.deepEqual(
        nodesOfType(model, 'comparison_operator').map((n) => n.text),
        ['a == b', 'c != d', 'e == f'],
      );
      assert.equal(nodesOfType(model, '==').length, 0);
      assert.equal(nodesOfType(model, 'lambda').length, 0);
    });
  });
});
