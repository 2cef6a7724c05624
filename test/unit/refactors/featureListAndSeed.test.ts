import assert from 'node:assert/strict';
import { initEngine } from '../../../src/core/engine';
import { defineFeatureListOnce } from '../../../src/core/refactors/featureList';
import { seedRandomness } from '../../../src/core/refactors/seed';
import { Project, py } from './helpers';

describe('refactor 3: define the feature list once', () => {
  before(() => initEngine());
  let project: Project;
  afterEach(() => project?.dispose());

  it('writes the list once to params.yaml (named after its variable) and reads it at every occurrence', () => {
    project = new Project({
      'job.py': py(
        'import pandas as pd',
        'df = pd.read_csv("d.csv")',
        'numeric = ["age", "income", "tenure"]',
        'X = df[numeric]',
        'latest = df.tail(10)[["age", "income", "tenure"]]',
      ),
    });
    const finding = project.findings('job.py', ['MLH002'])[0]!;
    const files = project.contents(project.run('job.py', (m) => defineFeatureListOnce(m, project.env('job.py'), finding)));
    const code = files.get('job.py')!;
    assert.ok(code.includes('numeric = params["numeric"]\n'), code);
    assert.ok(code.includes('latest = df.tail(10)[params["numeric"]]'), code);
    assert.ok(files.get('params.yaml')!.includes('numeric:\n  - age\n  - income\n  - tenure\n'), files.get('params.yaml'));
  });

  it('gives a list that is changed in place its own copy, and a tuple a tuple', () => {
    project = new Project({
      'job.py': py(
        'cols = ["a", "b", "c"]',
        'cols.append("d")',
        'keys = ("a", "b", "c")',
        'other = ["a", "b", "c"]',
        'print(df[cols], df.drop(columns=keys), df[other])',
      ),
    });
    const finding = project.findings('job.py', ['MLH002'])[0]!;
    const code = project.contents(project.run('job.py', (m) => defineFeatureListOnce(m, project.env('job.py'), finding))).get('job.py')!;
    assert.ok(code.includes('cols = list(params["cols"])'), code);
    assert.ok(code.includes('keys = tuple(params["cols"])'), code);
    assert.ok(code.includes('other = params["cols"]'), code);
  });

  it('leaves a differently ordered copy alone (order is meaning for columns)', () => {
    project = new Project({ 'job.py': py('a = df[["x", "y", "z"]]', 'b = df[["z", "y", "x"]]', 'c = df[["x", "y", "z"]]') });
    const findings = project.findings('job.py', ['MLH002']);
    assert.equal(findings.length, 1);
    const files = project.contents(project.run('job.py', (m) => defineFeatureListOnce(m, project.env('job.py'), findings[0]!)));
    assert.deepEqual(
      files.get('job.py'),
      py('from params import params', 'a = df[params["features"]]', 'b = df[["z", "y", "x"]]', 'c = df[params["features"]]'),
    );
  });

  it('refuses a list with comments in it, with the reason and the line', () => {
    project = new Project({ 'job.py': py('a = df[["x", "y", "z"]]', 'b = df[[', '    "x",  # the key', '    "y",', '    "z",', ']]') });
    const finding = project.findings('job.py', ['MLH002'])[0]!;
    const result = project.run('job.py', (m) => defineFeatureListOnce(m, project.env('job.py'), finding));
    assert.equal(result.refused.length, 1);
    assert.equal(result.refused[0]!.range.start.line, 1);
    assert.match(result.refused[0]!.reason, /comments/);
  });
});

describe('refactor 6: seed it', () => {
  before(() => initEngine());
  let project: Project;
  afterEach(() => project?.dispose());

  it('binds random_state to one seed entry (a new `seed: 42`) and replaces an explicit None', () => {
    project = new Project({
      'split.py': py(
        'from sklearn.model_selection import train_test_split',
        'from sklearn.ensemble import RandomForestClassifier',
        'X_train, X_test = train_test_split([1, 2, 3, 4], test_size=0.5)',
        'rf = RandomForestClassifier(random_state=None)',
      ),
    });
    const files = project.contents(
      project.run('split.py', (m) => seedRandomness(m, project.env('split.py'), project.findings('split.py', ['MLH301']))),
    );
    const code = files.get('split.py')!;
    assert.ok(code.includes('train_test_split([1, 2, 3, 4], test_size=0.5, random_state=params["seed"])'), code);
    assert.ok(code.includes('RandomForestClassifier(random_state=params["seed"])'), code);
    assert.equal(
      files.get('params.yaml'),
      '# Parameters of this project, read by the generated params loader (ML Hygiene). Edit values here, not in the code.\n\nseed: 42\n',
    );
  });

  it('uses the project seed already in params.yaml; seeds generators and global draws', () => {
    project = new Project({
      'draw.py': py('import numpy as np', 'rng = np.random.default_rng()', 'noise = np.random.rand(3)', 'print(rng.random(), noise)'),
      'params.yaml': 'seed: 7\n',
    });
    const result = project.run('draw.py', (m) => seedRandomness(m, project.env('draw.py'), project.findings('draw.py', ['MLH301'])));
    const files = project.contents(result);
    assert.deepEqual(
      files.get('draw.py'),
      py(
        'import numpy as np',
        'from params import params',
        'rng = np.random.default_rng(params["seed"])',
        'np.random.seed(params["seed"])',
        'noise = np.random.rand(3)',
        'print(rng.random(), noise)',
      ),
    );
    assert.ok(!files.has('params.yaml'), 'the existing seed is used as it is');
    assert.deepEqual(
      result.moved.map((m) => m.entry),
      ['existing', 'existing'],
    );
  });
});
