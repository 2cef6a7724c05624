import assert from 'node:assert/strict';
import { initEngine } from '../../../src/core/engine';
import { ParamsFileError } from '../../../src/core/params';
import { extractConfig } from '../../../src/core/refactors/extractConfig';
import { moveToConfig } from '../../../src/core/refactors/moveToConfig';
import { payloadOf } from '../../../src/core/types';
import { Project, py } from './helpers';

const TRAIN = py(
  'import pandas as pd',
  'from sklearn.ensemble import RandomForestClassifier',
  'from sklearn.svm import SVC',
  '',
  'df = pd.read_csv("data/train.csv")',
  'rf = RandomForestClassifier(n_estimators=200, max_depth=8)',
  'svm = SVC(C=1.0, kernel="rbf")',
  'strict = SVC(C=10.0)',
  'df.to_csv("out/clean.csv")',
);

describe('refactors 1 and 2: move to config', () => {
  before(() => initEngine());
  let project: Project;
  afterEach(() => project?.dispose());

  it('moves one hyperparameter: the literal becomes a read, the value goes to params.yaml, the loader is created', () => {
    project = new Project({ 'train.py': TRAIN, 'pyproject.toml': '' });
    const finding = project.findings('train.py', ['MLH101']).find((f) => payloadOf(f, 'MLH101')?.parameter === 'n_estimators')!;
    const result = project.run('train.py', (m) => moveToConfig(m, project.env('train.py'), [finding]));
    const files = project.contents(result);
    assert.deepEqual([...files.keys()].sort(), ['params.py', 'params.yaml', 'train.py']);
    assert.equal(
      files.get('train.py'),
      TRAIN.replace('from sklearn.svm import SVC\n', 'from sklearn.svm import SVC\nfrom params import params\n').replace(
        'n_estimators=200',
        'n_estimators=params["model"]["random_forest_classifier"]["n_estimators"]',
      ),
    );
    assert.match(files.get('params.yaml')!, /^model:\n {2}random_forest_classifier:\n {4}n_estimators: 200\n/m);
    assert.match(files.get('params.py')!, /PARAMS_FILE = \(Path\(__file__\)\.resolve\(\)\.parent \/ "params\.yaml"\)\.resolve\(\)/);
    assert.equal(result.change!.title, 'Move n_estimators to params.yaml');
  });

  it('moves every parameter and path of the file in one change, paths under their file names; different values of one key get numbered keys', () => {
    project = new Project({ 'train.py': TRAIN });
    const result = project.run('train.py', (m) => moveToConfig(m, project.env('train.py'), project.findings('train.py')));
    const files = project.contents(result);
    const code = files.get('train.py')!;
    assert.ok(code.includes('pd.read_csv(params["data"]["train_csv"])'), code);
    assert.ok(code.includes('df.to_csv(params["data"]["clean_csv"])'), code);
    assert.ok(code.includes('SVC(C=params["model"]["svc"]["C"], kernel=params["model"]["svc"]["kernel"])'), code);
    assert.ok(code.includes('strict = SVC(C=params["model"]["svc_2"]["C"])'), 'C=10.0 differs from svc.C=1.0: a new key, not a merge');
    const yaml = files.get('params.yaml')!;
    assert.ok(yaml.includes('  svc:\n    C: 1.0\n    kernel: rbf\n  svc_2:\n    C: 10.0\n'), yaml);
    assert.ok(yaml.indexOf('data:') < yaml.indexOf('model:'), 'data before model');
    assert.deepEqual(result.refused, []);
  });

  it('is idempotent: once applied, there is nothing left to move', () => {
    project = new Project({ 'train.py': TRAIN });
    project.apply(project.run('train.py', (m) => extractConfig(m, project.env('train.py'), project.findings('train.py'))));
    const again = project.run('train.py', (m) => extractConfig(m, project.env('train.py'), project.findings('train.py')));
    assert.equal(again.change, null);
  });

  it('never overwrites an existing value: a different value gets a new key, an equal one is reused; comments stay', () => {
    const existing = py('# tuned by the team', 'model:', '  svc:', '    C: 5.0  # do not touch', '    kernel: rbf');
    project = new Project({ 'train.py': TRAIN, 'params.yaml': existing, '.git/HEAD': '' });
    const result = project.run('train.py', (m) => moveToConfig(m, project.env('train.py'), project.findings('train.py', ['MLH101'])));
    const files = project.contents(result);
    const yaml = files.get('params.yaml')!;
    assert.ok(yaml.startsWith('# tuned by the team\nmodel:\n  svc:\n    C: 5.0 # do not touch\n    kernel: rbf\n'), yaml);
    assert.ok(
      files.get('train.py')!.includes('SVC(C=params["model"]["svc_2"]["C"], kernel=params["model"]["svc_2"]["kernel"])'),
      'one call keeps one name',
    );
    assert.ok(yaml.includes('  svc_2:\n    C: 1.0\n    kernel: rbf\n'), yaml);
    const kernel = result.moved.find((m) => m.key === 'model.svc_2.kernel');
    assert.equal(kernel?.entry, 'new');
  });

  it('reuses an existing entry holding the very value, and then leaves the params file as it is', () => {
    project = new Project({
      'train.py': py('from sklearn.svm import SVC', 'm = SVC(C=1.0)'),
      'params.yaml': py('model:', '  svc:', '    C: 1.0'),
    });
    const result = project.run('train.py', (m) => moveToConfig(m, project.env('train.py'), project.findings('train.py', ['MLH101'])));
    assert.deepEqual(
      result.moved.map((m) => [m.key, m.entry]),
      [['model.svc.C', 'existing']],
    );
    assert.deepEqual(
      result.change!.changes.map((c) => c.kind).sort(),
      ['create', 'script'],
      'the loader is created, params.yaml is not rewritten',
    );
  });

  it('keeps Python types: a tuple is read back as a tuple, 1e-3 as a float', () => {
    project = new Project({
      'nn.py': py('from sklearn.neural_network import MLPClassifier', 'clf = MLPClassifier(hidden_layer_sizes=(64, 32), alpha=1e-3)'),
    });
    const files = project.contents(project.run('nn.py', (m) => moveToConfig(m, project.env('nn.py'), project.findings('nn.py'))));
    assert.ok(files.get('nn.py')!.includes('hidden_layer_sizes=tuple(params["model"]["mlp_classifier"]["hidden_layer_sizes"])'));
    assert.ok(files.get('params.yaml')!.includes('hidden_layer_sizes: [ 64, 32 ]'), files.get('params.yaml'));
    assert.ok(files.get('params.yaml')!.includes('alpha: 0.001'), files.get('params.yaml'));
  });

  it('moves a value bound to a constant at the constant; the same path read and written is one entry', () => {
    project = new Project({
      'job.py': py(
        'import joblib',
        'import pandas as pd',
        'from sklearn.linear_model import Ridge',
        'ALPHA = 0.5',
        'pd.DataFrame({"a": [1]}).to_csv("work/table.csv")',
        'df = pd.read_csv("work/table.csv")',
        'model = Ridge(alpha=ALPHA)',
        'joblib.dump(model, "work/model.joblib")',
      ),
    });
    const files = project.contents(project.run('job.py', (m) => moveToConfig(m, project.env('job.py'), project.findings('job.py'))));
    const code = files.get('job.py')!;
    assert.ok(code.includes('ALPHA = params["model"]["ridge"]["alpha"]'), code);
    assert.equal(code.match(/params\["data"\]\["table_csv"\]/g)?.length, 2, code);
    assert.ok(code.includes('joblib.dump(model, params["data"]["model_joblib"])'), code);
  });

  it('keys paths by their file names (train_csv, test_csv, submission_csv), by their folder when two files share a name, by their role when the name says nothing, numbered last', () => {
    const keysOf = (...lines: string[]): string[] => {
      project = new Project({ 'job.py': py('import pandas as pd', ...lines) });
      const code = project
        .contents(project.run('job.py', (m) => moveToConfig(m, project.env('job.py'), project.findings('job.py'))))
        .get('job.py')!;
      return [...code.matchAll(/params\["data"\]\["(\w+)"\]/g)].map((m) => m[1]!);
    };
    assert.deepEqual(
      keysOf(
        'train = pd.read_csv("../input/train.csv", index_col=0)',
        'test = pd.read_csv("../input/test.csv", index_col=0)',
        'pd.DataFrame({"ID": test.index}).to_csv("submission.csv", index=False)',
      ),
      ['train_csv', 'test_csv', 'submission_csv'],
    );
    assert.deepEqual(keysOf('a = pd.read_csv("old/train.csv")', 'b = pd.read_csv("new/train.csv")'), ['train_csv', 'new_train_csv']);
    assert.deepEqual(keysOf('a = pd.read_csv("x.csv")', 'b = pd.read_csv("y.csv")', 'c = pd.read_csv("z.csv")'), [
      'input_path',
      'input_path_2',
      'input_path_3',
    ]);
    assert.deepEqual(keysOf('a = pd.read_csv("train.csv")', 'b = pd.read_csv("train.CSV")', 'c = pd.read_csv("./train.csv.gz")'), [
      'train_csv',
      'input_path',
      'train_csv_gz',
    ]);
  });

  it('puts the import of the loader after the import block, as isort places a first-party import: setup calls between imports do not end the block', () => {
    const importLine = (...lines: string[]): number => {
      project = new Project({ 'job.py': py(...lines) });
      const code = project
        .contents(project.run('job.py', (m) => moveToConfig(m, project.env('job.py'), project.findings('job.py'))))
        .get('job.py')!;
      return code.split('\n').indexOf('from params import params');
    };
    const kaggle = [
      'import numpy as np # linear algebra',
      'import matplotlib',
      'matplotlib.use("Agg") #Needed to save figures',
      'import pandas as pd',
      'from sklearn.svm import SVC',
      '',
      'train = pd.read_csv("../input/train.csv")',
      'print(SVC(C=2.0))',
    ];
    assert.equal(importLine(...kaggle), 5);
    // Imports after the first code are another block: the import stays before the first value it reads.
    assert.equal(
      importLine('import pandas as pd', 'train = pd.read_csv("train.csv")', 'from sklearn.svm import SVC', 'print(SVC(C=2.0))'),
      1,
    );
    // A value read inside the block: the import goes before it.
    assert.equal(importLine('import pandas as pd', 'pd.read_csv("train.csv")', 'import numpy as np', 'print(np.pi)'), 1);
  });

  it("picks names that clash with nothing: the script's own `params` and an unrelated params.py", () => {
    project = new Project({
      'fit.py': py('import xgboost as xgb', 'params = {"max_depth": 3}', 'booster = xgb.train(params, None, num_boost_round=50)'),
      'params.py': py('# the team helper module'),
    });
    const files = project.contents(
      project.run('fit.py', (m) => moveToConfig(m, project.env('fit.py'), project.findings('fit.py', ['MLH101']))),
    );
    assert.ok(files.has('ml_params.py'), [...files.keys()].join());
    const code = files.get('fit.py')!;
    assert.ok(code.includes('from ml_params import params as params_2'), code);
    assert.ok(code.includes('params = {"max_depth": params_2["train"]["xgboost_train"]["max_depth"]}'), code);
    assert.ok(code.includes('num_boost_round=params_2["train"]["xgboost_train"]["num_boost_round"]'), code);
  });

  it('puts params.yaml at the project root and the loader beside the script, reading it relative to itself', () => {
    project = new Project({ 'pyproject.toml': '', 'src/jobs/train.py': py('from sklearn.svm import SVC', 'm = SVC(C=2.0)') });
    const files = project.contents(
      project.run('src/jobs/train.py', (m) => moveToConfig(m, project.env('src/jobs/train.py'), project.findings('src/jobs/train.py'))),
    );
    assert.deepEqual([...files.keys()].sort(), ['params.yaml', 'src/jobs/params.py', 'src/jobs/train.py']);
    assert.match(files.get('src/jobs/params.py')!, /Path\(__file__\)\.resolve\(\)\.parent \/ "\.\." \/ "\.\." \/ "params\.yaml"/);
  });

  it('writes TOML or JSON on request, with a loader that reads that format', () => {
    for (const format of ['toml', 'json'] as const) {
      project = new Project({ 'train.py': py('from sklearn.svm import SVC', 'm = SVC(C=2.0, kernel="linear")') });
      const files = project.contents(
        project.run('train.py', (m) => moveToConfig(m, project.env('train.py', { format }), project.findings('train.py'))),
      );
      assert.ok(files.has(`params.${format}`), [...files.keys()].join());
      assert.ok(files.get('params.py')!.includes(format === 'toml' ? 'tomllib.load' : 'json.load'));
      project.dispose();
    }
  });

  it('refuses, with the reason and the line, what it cannot store unchanged; moves the rest', () => {
    project = new Project({
      'odd.py': py('import pandas as pd', 'from sklearn.svm import SVC', 'raw = pd.read_csv(b"data/raw.csv")', 'm = SVC(C=3.0)'),
    });
    const result = project.run('odd.py', (m) => moveToConfig(m, project.env('odd.py'), project.findings('odd.py')));
    assert.equal(result.refused.length, 1);
    assert.equal(result.refused[0]!.range.start.line, 2);
    assert.match(result.refused[0]!.reason, /byte string/);
    assert.ok(project.contents(result).get('odd.py')!.includes('SVC(C=params["model"]["svc"]["C"])'));
  });

  it('stops with a clear error naming the params file and line when it does not parse, and changes nothing', () => {
    project = new Project({ 'train.py': TRAIN, 'params.yaml': 'model:\n  svc: [1, 2\n' });
    assert.throws(
      () => project.run('train.py', (m) => moveToConfig(m, project.env('train.py'), project.findings('train.py'))),
      (error: unknown) => error instanceof ParamsFileError && error.file === project.path('params.yaml') && error.line === 3,
    );
  });

  it("stops, changing nothing, when the params file's own layout defeats the merge (a TOML table written inline)", () => {
    project = new Project({
      'train.py': py('from sklearn.svm import SVC', 'm = SVC(C=2.0)'),
      'params.toml': 'model = { svc = { kernel = "rbf" } }\n',
    });
    assert.throws(
      () => project.run('train.py', (m) => moveToConfig(m, project.env('train.py', { format: 'toml' }), project.findings('train.py'))),
      (error: unknown) =>
        error instanceof ParamsFileError &&
        /cannot merge the new keys into this file/.test(error.message) &&
        error.file === project.path('params.toml'),
    );
  });

  it('in a notebook: the import goes into the first code cell after its magics and imports; cells stay cells', () => {
    const notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3' } },
      cells: [
        { cell_type: 'markdown', metadata: {}, source: ['# Churn\n'] },
        {
          cell_type: 'code',
          execution_count: 1,
          metadata: {},
          outputs: [],
          source: ['%matplotlib inline\n', 'import pandas as pd\n', 'from sklearn.svm import SVC'],
        },
        {
          cell_type: 'code',
          execution_count: 2,
          metadata: { tags: ['x'] },
          outputs: [{ output_type: 'stream', name: 'stdout', text: ['1.5\n'] }],
          source: ['df = pd.read_csv("d.csv")\n', 'm = SVC(C=1.5)'],
        },
      ],
    };
    const text = JSON.stringify(notebook, null, 1) + '\n';
    project = new Project({ 'nb.ipynb': text });
    const files = project.contents(project.run('nb.ipynb', (m) => moveToConfig(m, project.env('nb.ipynb'), project.findings('nb.ipynb'))));
    const after = JSON.parse(files.get('nb.ipynb')!) as typeof notebook;
    assert.deepEqual(after.cells[1]!.source, [
      '%matplotlib inline\n',
      'import pandas as pd\n',
      'from sklearn.svm import SVC\n',
      'from params import params',
    ]);
    assert.deepEqual(after.cells[2]!.source, [
      'df = pd.read_csv(params["data"]["input_path"])\n',
      'm = SVC(C=params["model"]["svc"]["C"])',
    ]);
    assert.deepEqual({ ...after, cells: [] }, { ...notebook, cells: [] });
    assert.deepEqual(after.cells[2]!.outputs, notebook.cells[2]!.outputs);
    // Everything but the two sources is byte for byte what it was (the file was written with indent 1, as Jupyter does).
    const expected = { ...notebook, cells: notebook.cells.map((cell, i) => ({ ...cell, source: after.cells[i]!.source })) };
    assert.equal(files.get('nb.ipynb'), JSON.stringify(expected, null, 1) + '\n');
  });
});
