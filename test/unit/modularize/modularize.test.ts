import assert from 'node:assert/strict';
import { initEngine, withModel } from '../../../src/core/engine';
import { notebookSource, pythonSource } from '../../../src/core/parse/source';
import type { ModularizeResult } from '../../../src/core/refactors/modularize/index';
import { modularize, packageName } from '../../../src/core/refactors/modularize/index';

const OUT = '/project/out';

function run(text: string, name = 'job', params = false): ModularizeResult {
  return withModel(pythonSource('/project/job.py', text), (model) => modularize(model, { name, outDir: OUT, params }));
}

/** The generated files by path relative to OUT. */
function files(result: ModularizeResult): Map<string, string> {
  const out = new Map<string, string>();
  for (const change of result.change?.changes ?? []) if (change.kind === 'create') out.set(change.path.slice(OUT.length + 1), change.text);
  return out;
}

const SCRIPT = `import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
import os

df = pd.read_csv("data.csv")
df.head()
df["ratio"] = df["a"] / df["b"]
X = df[["a", "ratio"]]
y = df["label"]
model = LogisticRegression(C=0.5)
model.fit(X, y)
print("acc", accuracy_score(y, model.predict(X)))
`;

describe('modularize (pure refactor)', () => {
  before(async () => {
    await initEngine();
  });

  it('makes one step per run of same-phase statements, with the names it reads as parameters and the names read later as return values', () => {
    const result = run(SCRIPT);
    assert.deepEqual(result.refused, []);
    assert.deepEqual(result.steps, ['data.load_data', 'features.build_features', 'train.train_model', 'evaluate.evaluate_model']);
    const out = files(result);
    assert.deepEqual([...out.keys()].sort(), ['job/__init__.py', 'job/__main__.py', 'job/data.py', 'job/evaluate.py', 'job/features.py', 'job/pipeline.py', 'job/train.py', 'tests/test_job.py']);
    const pipeline = out.get('job/pipeline.py')!;
    assert.match(pipeline, /def main\(\):\n.*\n {4}df = load_data\(\)\n {4}X, y = build_features\(df\)\n {4}model = train_model\(X, y\)\n {4}evaluate_model\(y, model, X\)\n/);
    assert.match(out.get('job/features.py')!, /^def build_features\(df\):\n {4}df\["ratio"\] = df\["a"\] \/ df\["b"\]\n/m);
    assert.match(out.get('job/train.py')!, /\n {4}return model\n/);
  });

  it('drops display leftovers, keeps prints, and moves each import to the modules that use it (unused ones dropped)', () => {
    const out = files(run(SCRIPT));
    const data = out.get('job/data.py')!;
    assert.doesNotMatch(data, /head\(\)/);
    assert.match(data, /^import pandas as pd$/m);
    assert.doesNotMatch(data, /LogisticRegression|import os/);
    assert.match(out.get('job/evaluate.py')!, /^from sklearn\.metrics import accuracy_score$/m);
    assert.match(out.get('job/evaluate.py')!, /print\("acc"/);
    for (const text of out.values()) assert.doesNotMatch(text, /^import os$/m);
  });

  it('keeps the text of multi-line strings as it was when indenting a statement', () => {
    const out = files(run('x = 1\nprint("""a\nb""", x)\n'));
    const module = [...out.entries()].find(([path]) => path.endsWith('data.py') || path.endsWith('evaluate.py'))![1];
    assert.match(module, / {4}print\("""a\nb""", x\)/);
  });

  it('moves a function that reads only imports to the module of the phase that uses it, and one used by several phases to helpers.py', () => {
    const text = `import numpy as np
from sklearn.linear_model import LinearRegression

def noisy(n):
    return np.arange(n) * 2.0

def score(m, X, y):
    return m.score(X, y)

X = noisy(10).reshape(-1, 1)
y = noisy(10)
m = LinearRegression().fit(X, y)
print(score(m, X, y))
z = noisy(3)
print(z)
`;
    const result = run(text);
    assert.deepEqual(result.refused, []);
    const out = files(result);
    const helpers = out.get('job/helpers.py');
    assert.ok(helpers, [...out.keys()].join(', '));
    assert.match(helpers, /^def noisy\(n\):/m);
    assert.match(helpers, /^import numpy as np$/m);
    const users = [...out.entries()].filter(([, t]) => /from \.helpers import noisy/.test(t)).map(([p]) => p);
    assert.ok(users.length >= 2, users.join(', '));
    const scoreHome = [...out.entries()].filter(([, t]) => /^def score\(m, X, y\):/m.test(t)).map(([p]) => p);
    assert.equal(scoreHome.length, 1);
  });

  it('keeps a function that reads a variable of the script inside its step, where the variable is', () => {
    const text = `scale = 3
def times(v):
    return v * scale
print(times(2))
`;
    const result = run(text);
    assert.deepEqual(result.refused, []);
    const all = [...files(result).values()].join('\n');
    assert.match(all, /\n {4}def times\(v\):\n {8}return v \* scale\n/);
  });

  it('refuses a function that reads a variable a later section rebinds', () => {
    const text = `# %% phase: data
k = 1
def f():
    return k
# %% phase: training
k = 2
print(f())
`;
    const result = run(text);
    assert.equal(result.change, null);
    assert.equal(result.refused.length, 1);
    assert.equal(result.refused[0]!.range.start.line, 2);
    assert.match(result.refused[0]!.reason, /`f` reads `k`, which a later section \(re\)binds/);
  });

  const refusals: Array<[string, string, number, RegExp]> = [
    ['eval', 'x = 1\ny = eval("x + 1")\nprint(y)\n', 1, /calls eval\(\)/],
    ['globals()', 'x = 1\nglobals()["y"] = 2\nprint(y)\n', 1, /calls globals\(\)/],
    ['exec', 'exec("z = 3")\nprint(z)\n', 0, /calls exec\(\)/],
    ['global', 'n = 0\ndef bump():\n    global n\n    n += 1\nbump()\nprint(n)\n', 2, /`global` declaration/],
    ['__file__', 'import os\nhere = os.path.dirname(__file__)\nprint(here)\n', 1, /`__file__`/],
    ['star import', 'from math import *\nprint(sqrt(4))\n', 0, /`import \*`/],
    ['a main guard with an else', 'x = 1\nif __name__ == "__main__":\n    print(x)\nelse:\n    print(0)\n', 1, /with an `else`/],
    ['`__name__` outside the main guard', 'print(__name__)\n', 0, /`__name__`/],
    ['name bound by an import and by code', 'from sklearn import datasets\ndatasets = [1, 2]\nprint(datasets)\n', 1, /binds `datasets`/],
  ];
  for (const [what, text, line, reason] of refusals) {
    it(`refuses ${what}, with the reason and the line, and creates nothing`, () => {
      const result = run(text);
      assert.equal(result.change, null);
      assert.equal(result.refused.length, 1);
      assert.match(result.refused[0]!.reason, reason);
      assert.equal(result.refused[0]!.range.start.line, line);
    });
  }

  it('runs the body of `if __name__ == "__main__":` as a step, dedented (strings inside it untouched)', () => {
    const text = 'import numpy as np\n\n\ndef square(v):\n    return v * v\n\n\nif __name__ == "__main__":\n    x = square(np.arange(3))\n    print("""total:\n  %d""" % x.sum())\n';
    const result = run(text);
    assert.deepEqual(result.refused, []);
    const out = files(result);
    const all = [...out.entries()].filter(([path]) => !path.endsWith('__main__.py')).map(([, t]) => t).join('\n');
    assert.match(all, /\n {4}x = square\(np\.arange\(3\)\)\n {4}print\("""total:\n {2}%d""" % x\.sum\(\)\)\n/);
    assert.doesNotMatch(all, /__name__/);
  });

  it('finds nothing to do in the modules it generated (modularizing the output again)', () => {
    const out = files(run(SCRIPT));
    for (const [path, text] of out) {
      if (!path.startsWith('job/')) continue;
      const again = withModel(pythonSource(`${OUT}/${path}`, text), (model) => modularize(model, { name: 'again', outDir: OUT }));
      assert.deepEqual({ path, change: again.change, refused: again.refused }, { path, change: null, refused: [] });
    }
  });

  it('moves literals to params.yaml through the config refactors, the loader beside the modules', () => {
    const result = run(SCRIPT, 'job', true);
    const out = files(result);
    assert.ok(out.has('params.yaml') && out.has('job/params.py'), [...out.keys()].join(', '));
    assert.match(out.get('params.yaml')!, /C: 0\.5/);
    assert.match(out.get('job/train.py')!, /^from \.params import params$/m);
    assert.match(out.get('job/train.py')!, /LogisticRegression\(C=params\["model"\]\["logistic_regression"\]\["C"\]\)/);
    assert.match(out.get('job/params.py')!, /"\.\." \/ "params\.yaml"/);
    assert.ok(result.moved.some((m) => m.value === '0.5'));
  });

  it('takes sections from notebook markdown headings and drops magics', () => {
    const cells = [
      { kind: 'markdown' as const, text: '# Load the data' },
      { kind: 'code' as const, text: '%matplotlib inline\nimport pandas as pd\ndf = pd.DataFrame({"a": [1, 2]})\ndf' },
      { kind: 'markdown' as const, text: '## Report totals' },
      { kind: 'code' as const, text: 'total = df["a"].sum()\nprint(total)' },
    ];
    const result = withModel(notebookSource('/project/nb.ipynb', cells), (model) => modularize(model, { name: 'nb', outDir: OUT, params: false }));
    assert.deepEqual(result.refused, []);
    assert.deepEqual(result.steps.map((s) => s.split('.')[1]), ['load_the_data', 'report_totals']);
    const all = [...files(result).values()].join('\n');
    assert.doesNotMatch(all, /%matplotlib|\n {4}df\n/);
  });

  it('derives a package name from a file stem', () => {
    assert.equal(packageName('Churn Monolith-v2'), 'churn_monolith_v2');
    assert.equal(packageName('2024_job'), 'p_2024_job');
    assert.equal(packageName('class'), 'class_pkg');
    assert.equal(packageName('trainModel'), 'train_model');
  });

  it('refuses an invalid package name', () => {
    const result = run(SCRIPT, 'not-a-name');
    assert.equal(result.change, null);
    assert.match(result.refused[0]!.reason, /not a valid package name/);
  });
});
