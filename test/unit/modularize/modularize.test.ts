import assert from 'node:assert/strict';
import { initEngine, withModel } from '../../../src/core/engine';
import { notebookSource, pythonSource } from '../../../src/core/parse/source';
import type { ModularizeResult } from '../../../src/core/refactors/modularize/index';
import { modularize, packageName } from '../../../src/core/refactors/modularize/index';
import { newScriptText } from '../../../src/core/refactors/apply';

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
    assert.deepEqual(result.steps, [
      'data.load_data',
      'features.build_features',
      'train.train_logistic_regression',
      'evaluate.evaluate_accuracy',
    ]);
    const out = files(result);
    assert.deepEqual([...out.keys()].sort(), [
      'job/__init__.py',
      'job/__main__.py',
      'job/data.py',
      'job/evaluate.py',
      'job/features.py',
      'job/pipeline.py',
      'job/train.py',
      'tests/test_job.py',
    ]);
    const pipeline = out.get('job/pipeline.py')!;
    assert.match(
      pipeline,
      /def main\(\):\n.*\n {4}df = load_data\(\)\n {4}X, y = build_features\(df\)\n {4}model = train_logistic_regression\(X, y\)\n {4}evaluate_accuracy\(y, model, X\)\n/,
    );
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

  it('joins the sections from a function that reads a variable to the later section that rebinds it (the closure sees the new value)', () => {
    const text = `# %% phase: data
k = 1
def f():
    return k
# %% phase: training
k = 2
print(f())
`;
    const result = run(text);
    assert.deepEqual(result.refused, []);
    assert.equal(result.steps.length, 1, result.steps.join(', '));
    const all = [...files(result).values()].join('\n');
    assert.match(all, /\n {4}k = 1\n {4}def f\(\):\n {8}return k\n {4}k = 2\n {4}print\(f\(\)\)\n/);
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
    const text =
      'import numpy as np\n\n\ndef square(v):\n    return v * v\n\n\nif __name__ == "__main__":\n    x = square(np.arange(3))\n    print("""total:\n  %d""" % x.sum())\n';
    const result = run(text);
    assert.deepEqual(result.refused, []);
    const out = files(result);
    const all = [...out.entries()]
      .filter(([path]) => !path.endsWith('__main__.py'))
      .map(([, t]) => t)
      .join('\n');
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

  it("gives main() a params_path (the loader's PARAMS_FILE) that loads another params file in place, and the test file passes it", () => {
    const out = files(run(SCRIPT, 'job', true));
    const pipeline = out.get('job/pipeline.py')!;
    assert.match(pipeline, /^from \.params import PARAMS_FILE, use_params_file$/m);
    assert.match(
      pipeline,
      /\ndef main\(params_path=PARAMS_FILE\):\n {4}"""[^]*?"""\n {4}use_params_file\(params_path\)\n {4}df = load_data\(\)\n/,
    );
    const loader = out.get('job/params.py')!;
    assert.match(loader, /^PARAMS_FILE = \(Path\(__file__\)\.resolve\(\)\.parent \/ "\.\." \/ "params\.yaml"\)\.resolve\(\)$/m);
    assert.match(loader, /\ndef use_params_file\(path\):\n[^]*params\.clear\(\)\n {8}params\.update\(values\)\n/);
    assert.match(out.get('tests/test_job.py')!, /shutil\.copyfile\(PARAMS_FILE, copy\)\n {4}main\(params_path=copy\)\n/);
    // Without a params file there is nothing to pass.
    const plain = files(run(SCRIPT));
    assert.match(plain.get('job/pipeline.py')!, /\ndef main\(\):\n/);
    assert.doesNotMatch(plain.get('job/pipeline.py')!, /params/);
    assert.match(plain.get('tests/test_job.py')!, /\n {4}main\(\)\n/);
  });

  it('leaves in the code the literals a moved definition reads when its module is imported (defaults, class bodies), so that params_path governs every value moved', () => {
    const text = `from sklearn.svm import SVC

def fit(X, y, model=SVC(C=2.0)):
    return model.fit(X, y)

class Settings:
    model = SVC(C=3.0)

def build():
    return SVC(C=4.0)

X = [[0.0], [1.0], [2.0], [3.0]]
y = [0, 1, 0, 1]
print(fit(X, y).score(X, y), Settings.model.C, build().C)
`;
    const result = run(text, 'job', true);
    assert.deepEqual(result.refused, []);
    assert.deepEqual(
      result.moved.map((m) => m.value),
      ['4.0'],
    );
    const late = result.kept.filter((k) => /evaluated when the module is imported/.test(k.reason));
    assert.equal(late.length, 2, result.kept.map((k) => k.reason).join('\n'));
    const all = [...files(result).values()].join('\n');
    assert.match(all, /def fit\(X, y, model=SVC\(C=2\.0\)\):/);
    assert.match(all, /\n {4}model = SVC\(C=3\.0\)\n/);
    assert.match(all, /return SVC\(C=params\["model"\]\["svc"\]\["C"\]\)/);
  });

  const TWICE = `import pandas as pd
from sklearn.linear_model import LogisticRegression

df = pd.read_csv("data.csv")
df["ratio"] = df["a"] / df["b"]
X = df[["a", "ratio"]]
model = LogisticRegression().fit(X, df["label"])
print(model.score(X, df["label"]))
latest = pd.read_csv("latest.csv")
latest["ratio"] = latest["a"] / latest["b"]
scores = model.predict_proba(latest[["a", "ratio"]])[:, 1]
at_risk = latest[scores > 0.5]
print(len(at_risk))
`;

  it('names a later step of a phase that occurs again after what it produces (returns, binds, then changes in place)', () => {
    const result = run(TWICE);
    assert.deepEqual(result.refused, []);
    assert.deepEqual(result.steps, [
      'data.load_data',
      'features.build_features',
      'train.train_logistic_regression',
      'evaluate.evaluate_model',
      'data.load_latest',
      'features.build_latest',
      'evaluate.predict_latest',
    ]);
    const pipeline = files(result).get('job/pipeline.py')!;
    assert.match(pipeline, /\n {4}latest = load_latest\(\)\n {4}build_latest\(latest\)\n {4}predict_latest\(model, latest\)\n/);
  });

  it('never takes a name the script uses (a definition moved into the same module), and numbers a step only when nothing it produces gives a free name', () => {
    const taken = TWICE.replace('import pandas as pd\n', 'import pandas as pd\n\n\ndef build_latest(v):\n    return v\n\n').replace(
      'latest["ratio"] = latest["a"]',
      'latest["ratio"] = build_latest(latest["a"])',
    );
    const result = run(taken);
    assert.deepEqual(result.refused, []);
    const features = files(result).get('job/features.py')!;
    assert.match(features, /^def build_latest\(v\):\n/m);
    assert.match(features, /^def build_features_2\(latest\):\n/m);
    assert.ok(result.steps.includes('features.build_features_2'), result.steps.join(', '));
    assert.ok(!result.steps.includes('features.build_latest'), result.steps.join(', '));
    const names = result.steps.map((s) => s.split('.')[1]);
    assert.equal(new Set(names).size, names.length);
    // The first step of a phase whose name the script uses already is named after what it produces too.
    const own = run('import numpy as np\n\n\ndef load_data(n):\n    return np.arange(n)\n\n\nvalues = load_data(3)\nprint(values.sum())\n');
    assert.equal(own.steps[0], 'data.load_values');
    // A later data step that binds only a loop variable produces nothing with a name.
    const loop = run(
      '# %% phase: data\nimport numpy as np\nx = np.arange(3)\n# %% phase: evaluation\nprint(x)\n# %% phase: data\nfor i in range(2):\n    print(i)\n',
    );
    assert.deepEqual(loop.steps, ['data.load_data', 'evaluate.evaluate_model', 'data.load_data_2']);
  });

  it('takes sections from notebook markdown headings and drops magics', () => {
    const cells = [
      { kind: 'markdown' as const, text: '# Load the data' },
      { kind: 'code' as const, text: '%matplotlib inline\nimport pandas as pd\ndf = pd.DataFrame({"a": [1, 2]})\ndf' },
      { kind: 'markdown' as const, text: '## Report totals' },
      { kind: 'code' as const, text: 'total = df["a"].sum()\nprint(total)' },
    ];
    const result = withModel(notebookSource('/project/nb.ipynb', cells), (model) =>
      modularize(model, { name: 'nb', outDir: OUT, params: false }),
    );
    assert.deepEqual(result.refused, []);
    assert.deepEqual(
      result.steps.map((s) => s.split('.')[1]),
      ['load_the_data', 'report_totals'],
    );
    const all = [...files(result).values()].join('\n');
    assert.doesNotMatch(all, /%matplotlib|\n {4}df\n/);
  });

  describe('replaceOriginal: the script becomes a thin script that runs the pipeline', () => {
    function thin(text: string, outDir = '/project', name = 'job', path = '/project/job.py'): { result: ModularizeResult; text: string } {
      const result = withModel(pythonSource(path, text), (model) =>
        modularize(model, { name, outDir, params: false, replaceOriginal: true }),
      );
      const script = result.change?.changes.find((c) => c.kind === 'script');
      assert.ok(script?.kind === 'script', result.refused.map((r) => r.reason).join('; '));
      assert.equal(script.path, path);
      return { result, text: newScriptText(script, text) };
    }

    it("in the package's folder: a docstring saying where the code went, the import of main and the main guard", () => {
      const { result, text } = thin(SCRIPT);
      assert.match(result.change!.title, /and replace job\.py with a script that runs it$/);
      assert.equal(
        text,
        [
          '"""job.py, modularized into the package job by ML Hygiene.',
          '',
          'The code is in job/ (a module per phase; pipeline.py calls the steps in order).',
          'Run it as before with `python job.py`, or with `python -m job` in this folder.',
          '"""',
          'from job.pipeline import main',
          '',
          'if __name__ == "__main__":',
          '    main()',
          '',
        ].join('\n'),
      );
      // The package and its tests are created as without the option.
      assert.ok(result.change!.changes.some((c) => c.kind === 'create' && c.path === '/project/job/pipeline.py'));
    });

    it('elsewhere: OUT goes first on sys.path relative to the file, inside main(), so the module stays definitions only', () => {
      const { text } = thin(SCRIPT, '/build/out');
      assert.match(text, /^import sys\nfrom pathlib import Path\n\n\ndef main\(\):\n/m);
      assert.match(
        text,
        /\n {4}sys\.path\.insert\(0, str\(Path\(__file__\)\.resolve\(\)\.parent \/ "\.\." \/ "build" \/ "out"\)\)\n {4}from job\.pipeline import main as run_pipeline\n\n {4}run_pipeline\(\)\n\n\nif __name__ == "__main__":\n {4}main\(\)\n$/,
      );
      assert.match(text, /The code is in \.\.\/build\/out\/job\/ /);
    });

    it('keeps a shebang line and the line ends, drops an encoding line (the new text is UTF-8) and `from __future__` imports', () => {
      const original =
        '#!/usr/bin/env python3\r\n# -*- coding: latin-1 -*-\r\nfrom __future__ import annotations\r\nimport numpy as np\r\nx = np.arange(3)\r\nprint(x.sum())\r\n';
      const { text } = thin(original);
      assert.ok(text.startsWith('#!/usr/bin/env python3\r\n"""job.py, modularized'), text);
      assert.doesNotMatch(text, /coding|__future__/);
      assert.doesNotMatch(text.replace(/\r\n/g, ''), /\n/);
    });

    it('escapes a file name that would end the docstring', () => {
      const { text } = thin(SCRIPT, '/project', 'job', '/project/say "hi".py');
      assert.match(text, /^"""say \\"hi\\"\.py, modularized/);
      assert.match(text, /`python say \\"hi\\"\.py`/);
    });

    it('modularizing the thin script again finds nothing to do, in either shape', () => {
      for (const out of ['/project', '/elsewhere']) {
        const { text } = thin(SCRIPT, out);
        const again = withModel(pythonSource('/project/job.py', text), (model) =>
          modularize(model, { name: 'again', outDir: out, replaceOriginal: true }),
        );
        assert.deepEqual({ change: again.change, refused: again.refused }, { change: null, refused: [] });
      }
    });

    it('refuses a notebook, which stays as it is, and creates nothing', () => {
      const cells = [{ kind: 'code' as const, text: 'import numpy as np\nx = np.arange(3)\nprint(x.sum())' }];
      const result = withModel(notebookSource('/project/nb.ipynb', cells), (model) =>
        modularize(model, { name: 'nb', outDir: OUT, replaceOriginal: true }),
      );
      assert.equal(result.change, null);
      assert.equal(result.refused.length, 1);
      assert.match(result.refused[0]!.reason, /a notebook stays as it is: only a \.py script can be replaced/);
    });

    it('refuses when the package would overwrite the script itself', () => {
      const result = withModel(pythonSource('/project/job/pipeline.py', SCRIPT), (model) =>
        modularize(model, { name: 'job', outDir: '/project', params: false, replaceOriginal: true }),
      );
      assert.equal(result.change, null);
      assert.match(result.refused[0]!.reason, /would overwrite pipeline\.py itself/);
    });
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
  describe('the thin notebook: NAME.ipynb beside a modularized notebook, a cell per step', () => {
    const cells = [
      { kind: 'markdown' as const, text: '# Load the data\n\nThe raw table.' },
      { kind: 'code' as const, text: '%matplotlib inline\nimport pandas as pd\ndf = pd.DataFrame({"a": [1, 2]})' },
      { kind: 'markdown' as const, text: '## Report totals' },
      { kind: 'code' as const, text: 'total = df["a"].sum()\nprint(total)' },
      { kind: 'markdown' as const, text: 'That is all.' },
    ];
    interface NbCell {
      cell_type: string;
      id: string;
      source: string[];
      outputs?: unknown[];
      execution_count?: null;
      metadata: object;
    }
    interface Nb {
      cells: NbCell[];
      nbformat: number;
      nbformat_minor: number;
    }
    const thinOf = (result: ModularizeResult): { path: string; nb: Nb } => {
      const created = result.change?.changes.find((c) => c.kind === 'create' && c.path.endsWith('.ipynb'));
      assert.ok(created?.kind === 'create', result.refused.map((r) => r.reason).join('; '));
      return { path: created.path, nb: JSON.parse(created.text) as Nb };
    };
    const text = (cell: NbCell): string => cell.source.join('');

    it('is nbformat 4.5 (unique cell ids), calls the steps as pipeline.py main() does, one cell each, under the original markdown', () => {
      const result = withModel(notebookSource('/project/explore.ipynb', cells), (model) =>
        modularize(model, { name: 'nb', outDir: '/project', params: false }),
      );
      const { path, nb } = thinOf(result);
      assert.equal(path, '/project/nb.ipynb');
      assert.deepEqual(result.notebook, { path: '/project/nb.ipynb', note: null });
      assert.equal(nb.nbformat, 4);
      assert.equal(nb.nbformat_minor, 5);
      const ids = nb.cells.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length);
      for (const id of ids) assert.match(id, /^[a-zA-Z0-9-_]{1,64}$/);
      for (const cell of nb.cells.filter((c) => c.cell_type === 'code')) {
        assert.deepEqual(cell.outputs, []);
        assert.equal(cell.execution_count, null);
      }
      const created = result.change!.changes.find((c) => c.path === '/project/nb/pipeline.py');
      assert.ok(created?.kind === 'create');
      const pipeline = created.text;
      const calls = pipeline
        .split('def main():')[1]!
        .split('\n')
        .filter((l) => /^ {4}\w/.test(l))
        .map((l) => l.trim());
      const code = nb.cells.filter((c) => c.cell_type === 'code').map(text);
      assert.deepEqual(code.slice(1), calls);
      assert.equal(code[0], '%load_ext autoreload\n%autoreload 2\n\nfrom nb.data import load_the_data, report_totals');
      const markdown = nb.cells.filter((c) => c.cell_type === 'markdown').map(text);
      assert.match(markdown[0]!, /^# `explore\.ipynb`, step by step/);
      assert.equal(markdown[1], '# Load the data\n\nThe raw table.\n\n**Step:** `nb.data.load_the_data` takes nothing, returns `df`.');
      assert.equal(markdown[2], '## Report totals\n\n**Step:** `nb.data.report_totals` takes `df`, returns nothing.');
      assert.equal(markdown[3], 'That is all.');
      assert.deepEqual(
        nb.cells.map((c) => c.cell_type[0]),
        ['m', 'c', 'm', 'c', 'm', 'c', 'm'],
      );
    });

    it('never takes the original nor an existing file: another name, with a note', () => {
      const own = withModel(notebookSource('/project/nb.ipynb', cells), (model) =>
        modularize(model, { name: 'nb', outDir: '/project', params: false }),
      );
      assert.deepEqual(own.notebook, {
        path: '/project/nb_steps.ipynb',
        note: 'nb.ipynb is the notebook itself: the thin notebook is nb_steps.ipynb',
      });
      const taken = withModel(notebookSource('/project/explore.ipynb', cells), (model) =>
        modularize(model, {
          name: 'nb',
          outDir: '/project',
          params: false,
          existingPaths: new Set(['/project/nb.ipynb', '/project/nb_steps.ipynb']),
        }),
      );
      assert.deepEqual(taken.notebook, {
        path: '/project/nb_steps_2.ipynb',
        note: 'nb.ipynb exists already: the thin notebook is nb_steps_2.ipynb',
      });
      assert.equal(thinOf(taken).path, '/project/nb_steps_2.ipynb');
    });

    it('with the package in another folder, puts that folder on sys.path relative to the notebook; with params, a params_path cell as main() has', () => {
      const withParams = [
        {
          kind: 'code' as const,
          text: 'from sklearn.linear_model import LogisticRegression\nmodel = LogisticRegression(C=0.5)\nprint(model.C)',
        },
      ];
      const result = withModel(notebookSource('/project/explore.ipynb', withParams), (model) =>
        modularize(model, { name: 'nb', outDir: '/project/build/out' }),
      );
      const code = thinOf(result)
        .nb.cells.filter((c) => c.cell_type === 'code')
        .map(text);
      assert.match(code[0]!, /\nsys\.path\.insert\(0, os\.path\.abspath\("build\/out"\)\)\n/);
      assert.match(code[0]!, /\nfrom nb\.params import PARAMS_FILE, use_params_file$/);
      assert.equal(code[1], 'params_path = PARAMS_FILE\nuse_params_file(params_path)');
    });

    it('thinNotebook: false writes none; a .py script gets none', () => {
      const off = withModel(notebookSource('/project/explore.ipynb', cells), (model) =>
        modularize(model, { name: 'nb', outDir: '/project', params: false, thinNotebook: false }),
      );
      assert.equal(off.notebook, null);
      assert.ok(off.change && !off.change.changes.some((c) => c.path.endsWith('.ipynb')));
      const script = run(SCRIPT, 'job');
      assert.ok(script.change && !script.change.changes.some((c) => c.path.endsWith('.ipynb')));
    });
  });
});
