import assert from 'node:assert/strict';
import { defaultConfig } from '../../../src/core/config/types';
import { analyzeText, initEngine, withModel } from '../../../src/core/engine';
import { pythonSource } from '../../../src/core/parse/source';
import { monolithicScript, monolithScore, smallestMonolith } from '../../../src/core/rules/structure/monolithic-script';
import { findingsOf, notebook, ruleTester } from './tester';

/** Five phases, one statement each, `repeat` times over: data, features, training, evaluation, persistence. */
function pipeline(repeat: number, indent = ''): string {
  const lines: string[] = [];
  for (let i = 0; i < repeat; i++) {
    lines.push(
      `df${i} = pd.read_csv(path${i})`,
      `df${i}["r"] = df${i}["a"] / df${i}["b"]`,
      `m${i} = RandomForestClassifier(random_state=0).fit(df${i}[cols], df${i}["y"])`,
      `print(accuracy_score(df${i}["y"], m${i}.predict(df${i}[cols])))`,
      `joblib.dump(m${i}, out${i})`,
    );
  }
  return lines.map((l) => indent + l).join('\n') + '\n';
}

const IMPORTS = [
  'import joblib',
  'import pandas as pd',
  'from sklearn.ensemble import RandomForestClassifier',
  'from sklearn.metrics import accuracy_score',
  '',
].join('\n');

/** A notebook exported as a script: five `# %%` cells, four phases, two small helpers, 12 top-level statements. */
const CELL_SCRIPT = [
  '# %% imports',
  'import joblib',
  'import pandas as pd',
  'from sklearn.linear_model import LogisticRegression',
  'from sklearn.metrics import accuracy_score',
  '',
  'def add_ratio(df):',
  '    df["ratio"] = df["a"] / df["b"]',
  '    return df',
  '',
  'def report(y, p):',
  '    print("accuracy", accuracy_score(y, p))',
  '',
  '# %% load',
  'train = pd.read_csv("train.csv")',
  'test = pd.read_csv("test.csv")',
  'print(train.shape)',
  '# %% features',
  'train = add_ratio(train)',
  'test = add_ratio(test)',
  'train["a2"] = train["a"] ** 2',
  'test["a2"] = test["a"] ** 2',
  '# %% train',
  'model = LogisticRegression()',
  'model.fit(train[["a", "ratio", "a2"]], train["y"])',
  '# %% evaluate',
  'pred = model.predict(test[["a", "ratio", "a2"]])',
  'report(test["y"], pred)',
  'joblib.dump(model, "model.joblib")',
  '',
].join('\n');

/** An exploration notebook: many cells of loading, cleaning and plots, no model. */
const EXPLORATION = notebook([
  'import pandas as pd\nimport matplotlib.pyplot as plt',
  ...Array.from(
    { length: 8 },
    (_, i) => `df${i} = pd.read_csv("p${i}.csv")\ndf${i}["x"] = df${i}["a"].fillna(0)\nplt.hist(df${i}["x"])\nplt.show()`,
  ),
]);

ruleTester(monolithicScript, {
  valid: [
    { code: IMPORTS + pipeline(3), name: '15 top-level statements: under the default 20' },
    { code: IMPORTS + 'def run():\n' + pipeline(6, '    ') + '\nrun()\n', name: 'the work is inside a function' },
    {
      code: IMPORTS + Array.from({ length: 30 }, (_, i) => `df${i} = pd.read_csv(p${i})\ndf${i}["x"] = df${i}["a"] * 2`).join('\n') + '\n',
      name: 'many statements but only two phases',
    },
    { code: IMPORTS + pipeline(6), options: { 'min-statements': 40 }, name: 'threshold raised by option' },
    { code: IMPORTS + pipeline(6), options: { 'min-phases': 6 }, name: 'phase threshold raised by option' },
    { code: '"""Docstring."""\n' + IMPORTS + pipeline(6) + '# mlh: ignore-file\n', name: 'file suppressed' },
    { code: EXPLORATION, path: 'eda.ipynb', name: 'an exploration notebook: 32 statements, 9 cells, no training or evaluation' },
    { code: CELL_SCRIPT.replace(/# %%.*\n/g, ''), name: 'the short script without its cells: 12 statements, under 20' },
    { code: CELL_SCRIPT, options: { 'min-cells': 6 }, name: 'cells threshold raised by option' },
    { code: CELL_SCRIPT, options: { 'min-phases': 5 }, name: 'short cell scripts need one phase more than min-phases' },
  ],
  invalid: [
    {
      code: IMPORTS + pipeline(6),
      name: '30 statements over five phases, first line is the first import',
      errors: [
        {
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 14,
          message:
            /score \d+\/100\): 30 top-level statements, 100% of the code outside functions, 5 phases mixed \(data loading, feature engineering, training, evaluation, persistence\/serving\)/,
        },
      ],
    },
    {
      code: '"""Nightly job."""\n' + IMPORTS + pipeline(6),
      name: 'the finding skips the module docstring',
      errors: [{ line: 2, column: 1 }],
    },
    {
      code: IMPORTS + 'if __name__ == "__main__":\n' + pipeline(6, '    '),
      name: 'a main guard holding the whole job is still a monolith',
      errors: [{ line: 1, column: 1, message: /30 top-level statements/ }],
    },
    {
      code: IMPORTS + pipeline(3),
      options: { 'min-statements': 10 },
      name: 'threshold lowered by option',
      errors: [{ line: 1, column: 1, message: /15 top-level statements/ }],
    },
    {
      code: notebook([{ markdown: '# Churn' }, IMPORTS, pipeline(3), '%matplotlib inline\n' + pipeline(3)]),
      path: 'job.ipynb',
      name: 'a notebook: reported on its first code cell',
      errors: [{ cell: 2, line: 1, column: 1, message: /30 top-level statements/ }],
    },
    {
      code: CELL_SCRIPT,
      path: 'job.py',
      name: 'a short script in # %% cells, four phases, two helpers: a monolith by its cells',
      errors: [{ line: 2, column: 1, message: /12 top-level statements, .* 5 phases mixed \(.*\) over 4 cells/ }],
    },
  ],
});

describe('MLH001 score breakdown', () => {
  it('carries the breakdown in the finding data', () => {
    const [finding] = findingsOf(monolithicScript, { code: IMPORTS + 'def helper():\n    return 1\n' + pipeline(6) });
    assert.ok(finding);
    const data = finding.data as { topLevelStatements: number; outsideFunctionsShare: number; phases: string[]; score: number };
    assert.equal(data.topLevelStatements, 30);
    assert.ok(data.outsideFunctionsShare > 0.9 && data.outsideFunctionsShare < 1);
    assert.deepEqual(data.phases, ['data', 'features', 'training', 'evaluation', 'persistence']);
    assert.ok(data.score >= 80 && data.score <= 100);
  });
});

describe('MLH001 score of files too small to be monoliths', () => {
  before(() => initEngine());
  const score = (code: string, options: Record<string, unknown> = {}): number | undefined => {
    const config = defaultConfig();
    const withOptions = { ...config, ruleOptions: { ...config.ruleOptions, MLH001: options } };
    return analyzeText('pkg/__init__.py', code, { config: withOptions }).score?.score;
  };
  /** `n` top-level statements, every phase: data, features, training, evaluation, persistence. */
  const statements = (n: number): string =>
    pipeline(Math.ceil(n / 5))
      .split('\n')
      .slice(0, n)
      .join('\n') + '\n';

  it('scores a one-line __init__.py 0, not 30 (all top level, but nothing to split)', () => {
    assert.equal(score('__version__ = "1.0"\n'), 0);
    assert.equal(score('from .train import main\n\n__all__ = ["main"]\n'), 0);
  });

  it('starts scoring at the smallest monolith: half of min-statements', () => {
    assert.equal(smallestMonolith(20), 10);
    assert.equal(score(IMPORTS + statements(9)), 0);
    assert.ok(score(IMPORTS + statements(10))! > 50, String(score(IMPORTS + statements(10))));
    // The threshold follows the option.
    assert.equal(score(IMPORTS + statements(4), { 'min-statements': 10 }), 0);
    assert.ok(score(IMPORTS + statements(5), { 'min-statements': 10 })! > 50);
  });
});

describe('MLH001 score kept per model (the rule and the engine ask alike)', () => {
  before(() => initEngine());

  it('gives the engine the score the rule worked out, with arrays of its own, and works it out again for other options', () => {
    const code = IMPORTS + 'def helper():\n    return 1\n' + pipeline(6);
    const result = analyzeText('job.py', code);
    const finding = result.findings.find((f) => f.code === 'MLH001');
    assert.ok(finding && result.score);
    const data = finding.data as Record<string, unknown>;
    for (const key of Object.keys(result.score)) assert.deepEqual(result.score[key as keyof typeof result.score], data[key], key);
    assert.notEqual(result.score.phases, data.phases);

    withModel(pythonSource('job.py', code), (model) => {
      const first = monolithScore(model, {});
      first.phases.pop();
      const again = monolithScore(model, {});
      assert.equal(again.phases.length, 5);
      assert.deepEqual(again, { ...first, phases: again.phases });
      const strict = monolithScore(model, { 'min-statements': 100 });
      assert.equal(strict.isMonolith, false);
      assert.equal(monolithScore(model, {}).isMonolith, true);
    });
  });
});
