import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileHygiene, FolderFacts } from '../../../src/core/plan/evidence';
import { emptyFacts, evaluateEvidence } from '../../../src/core/plan/evidence';
import { gatherFolderFacts, probeFolder } from '../../../src/core/project/folder';
import { planStatus } from '../../../src/core/plan/status';
import { readPlan } from '../../../src/core/plan/document';
import { emptyPlan } from '../../../src/core/plan/types';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'plan');

function file(path: string, codes: Record<string, [number, number | null]> = {}, score = 10): FileHygiene {
  const entries = Object.fromEntries(Object.entries(codes).map(([code, [count, line]]) => [code, { count, line }]));
  const findings = Object.values(codes).reduce((n, [count]) => n + count, 0);
  return { path, kind: path.endsWith('.ipynb') ? 'notebook' : 'python', score, isMonolith: 'MLH001' in codes, findings, codes: entries };
}

function facts(overrides: Partial<FolderFacts>): FolderFacts {
  return { ...emptyFacts(), ...overrides };
}

describe('plan evidence from workspace facts', () => {
  it('tests: a tests folder or test_*.py files', () => {
    assert.deepEqual(evaluateEvidence('tests', facts({ files: [file('train.py')] }), undefined), {
      ok: false,
      summary: 'no tests found (a tests/ folder, test_*.py files)',
      path: null,
      line: null,
    });
    const found = evaluateEvidence(
      'tests',
      facts({ files: [file('src/a.py'), file('tests/conftest.py'), file('tests/test_a.py'), file('src/b_test.py')] }),
      undefined,
    );
    assert.deepEqual(found, { ok: true, summary: '3 test files, e.g. tests/test_a.py', path: 'tests/test_a.py', line: null });
    assert.equal(evaluateEvidence('tests', facts({ files: [file('pkg/test_io.py')] }), undefined).ok, true);
    assert.equal(evaluateEvidence('tests', facts({ files: [file('contest.py'), file('latest_model.py')] }), undefined).ok, false);
  });

  it('configuration: a params file and no MLH101/MLH102 left', () => {
    const clean = [file('train.py')];
    const dirty = [file('train.py', { MLH101: [2, 14], MLH102: [1, 9] }), file('eval.py', { MLH101: [1, 3] })];
    assert.deepEqual(evaluateEvidence('configuration', facts({ files: clean, params: 'params.yaml' }), undefined), {
      ok: true,
      summary: 'params.yaml; no hard-coded hyperparameters or paths',
      path: 'params.yaml',
      line: null,
    });
    assert.deepEqual(evaluateEvidence('configuration', facts({ files: dirty, params: 'conf/config.yaml' }), undefined), {
      ok: false,
      summary: 'conf/config.yaml, but 4 hard-coded values left in 2 files (MLH101, MLH102)',
      path: 'train.py',
      line: 9,
    });
    assert.equal(evaluateEvidence('configuration', facts({ files: clean }), undefined).summary, 'no parameter file (params.yaml) yet');
    assert.equal(evaluateEvidence('configuration', facts({ files: dirty }), undefined).ok, false);
  });

  it('modular: no file with MLH001; the largest monolith is the link', () => {
    assert.equal(evaluateEvidence('modular-code', facts({}), undefined).summary, 'no Python files or notebooks yet');
    assert.deepEqual(evaluateEvidence('modular-code', facts({ files: [file('a.py'), file('b.ipynb')] }), undefined), {
      ok: true,
      summary: 'no monolithic script among 2 files',
      path: null,
      line: null,
    });
    const two = facts({ files: [file('small.py', { MLH001: [1, 1] }, 60), file('big.ipynb', { MLH001: [1, null] }, 91)] });
    assert.deepEqual(evaluateEvidence('modular-code', two, undefined), {
      ok: false,
      summary: '2 monolithic scripts; the largest is big.ipynb (score 91)',
      path: 'big.ipynb',
      line: null,
    });
  });

  it('seeds: no MLH301', () => {
    assert.equal(evaluateEvidence('no-unseeded-randomness', facts({ files: [file('a.py', { MLH101: [3, 1] })] }), undefined).ok, true);
    assert.deepEqual(
      evaluateEvidence('no-unseeded-randomness', facts({ files: [file('a.py'), file('split.py', { MLH301: [2, 7] })] }), undefined),
      {
        ok: false,
        summary: '2 unseeded random calls in 1 file (MLH301)',
        path: 'split.py',
        line: 7,
      },
    );
  });

  it('version control, CI', () => {
    assert.equal(evaluateEvidence('version-control', facts({ git: '.git' }), undefined).summary, 'a git repository');
    assert.equal(evaluateEvidence('version-control', facts({ git: '../../.git' }), undefined).summary, 'in the git repository at ../..');
    assert.equal(evaluateEvidence('version-control', facts({}), undefined).ok, false);
    assert.deepEqual(evaluateEvidence('ci', facts({ ci: '.github/workflows/ci.yml' }), undefined), {
      ok: true,
      summary: 'CI configuration: .github/workflows/ci.yml',
      path: '.github/workflows/ci.yml',
      line: null,
    });
    assert.equal(evaluateEvidence('ci', facts({}), undefined).ok, false);
  });

  it('problem statement: a README section with a problem heading and text under it', () => {
    const readme = (text: string): FolderFacts => facts({ readme: { path: 'README.md', text } });
    assert.deepEqual(evaluateEvidence('readme-problem', readme('# Churn\n\nIntro.\n\n## The problem\n\nCustomers leave.\n'), undefined), {
      ok: true,
      summary: 'README.md, section “The problem”',
      path: 'README.md',
      line: 5,
    });
    assert.equal(
      evaluateEvidence('readme-problem', readme('Churn\n=====\n\nGoals\n-----\nCall the right 200 customers.\n'), undefined).line,
      4,
      'setext headings',
    );
    assert.equal(
      evaluateEvidence('readme-problem', readme('# Churn\n## Problem\n## Usage\nrun it\n'), undefined).ok,
      false,
      'an empty section does not count',
    );
    assert.equal(
      evaluateEvidence('readme-problem', readme('# Churn\n```md\n## Problem\ntext\n```\n'), undefined).ok,
      false,
      'not inside a code block',
    );
    assert.equal(evaluateEvidence('readme-problem', readme('# Install\n\npip install churn\n'), undefined).ok, false);
    assert.equal(evaluateEvidence('readme-problem', facts({}), undefined).ok, false);
  });

  it('attribution plan: a document referenced in the plan that exists', () => {
    const item = { done: false, note: '', document: 'docs/ab.md' };
    assert.equal(evaluateEvidence('attribution-document', facts({ documents: new Set(['docs/ab.md']) }), item).ok, true);
    assert.equal(evaluateEvidence('attribution-document', facts({}), item).summary, 'docs/ab.md is referenced but missing or empty');
    assert.equal(evaluateEvidence('attribution-document', facts({}), undefined).ok, false);
  });
});

describe('plan evidence from a folder on disk', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlh-evidence-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds the repository, CI, params, README and referenced documents of the churn fixture', async () => {
    mkdirSync(join(root, '.git'));
    cpSync(join(FIXTURES, 'churn'), join(root, 'churn'), { recursive: true });
    const folder = join(root, 'churn');
    const probe = await probeFolder(folder, ['docs/ab-test-plan.md', 'docs/missing.md', 'https://wiki.example.com/ab']);
    assert.equal(probe.git, '../.git');
    assert.equal(probe.ci, '.github/workflows/ci.yml');
    assert.equal(probe.params, 'params.yaml');
    assert.equal(probe.readme?.path, 'README.md');
    assert.deepEqual([...probe.documents].sort(), ['docs/ab-test-plan.md', 'https://wiki.example.com/ab']);
  });

  it('finds CI at the repository root above a project folder, but not above the repository', async () => {
    mkdirSync(join(root, 'repo', '.git'), { recursive: true });
    mkdirSync(join(root, 'repo', 'projects', 'churn'), { recursive: true });
    writeFileSync(join(root, 'repo', '.gitlab-ci.yml'), 'test:\n  script: pytest\n');
    writeFileSync(join(root, '.travis.yml'), 'language: python\n');
    assert.equal((await probeFolder(join(root, 'repo', 'projects', 'churn'), [])).ci, '../../.gitlab-ci.yml');
    mkdirSync(join(root, 'other'));
    assert.equal((await probeFolder(join(root, 'other'), [])).ci, null, 'not a repository: only the folder itself');
  });

  it('takes a config folder as the parameter file', async () => {
    mkdirSync(join(root, 'conf'));
    writeFileSync(join(root, 'conf', 'train.yaml'), 'lr: 0.1\n');
    assert.equal((await probeFolder(root, [])).params, 'conf/train.yaml');
  });

  it('gives the churn fixture its status: verified items from the code, manual ones from the file', async () => {
    mkdirSync(join(root, '.git'));
    cpSync(join(FIXTURES, 'churn'), join(root, 'churn'), { recursive: true });
    const folder = join(root, 'churn');
    const read = readPlan(readFileSync(join(folder, 'mlproject.yaml'), 'utf8'));
    assert.ok(read.ok);
    const gathered = await gatherFolderFacts(folder, ['docs/ab-test-plan.md'], {
      warn: () => {},
      plan: { file: join(folder, 'mlproject.yaml'), decision: read.plan.decision },
    });
    assert.deepEqual(gathered.files.map((f) => f.path).sort(), [
      'legacy_train.py',
      'notebooks/explore_embeddings.py',
      'src/churn/__init__.py',
      'src/churn/features.py',
      'src/churn/train.py',
      'tests/test_features.py',
    ]);
    assert.equal(
      gathered.files.find((f) => f.path === 'notebooks/explore_embeddings.py')?.codes['MLH501']?.count,
      1,
      'MLH501 with the plan: once for the file, however many heavier imports',
    );
    const status = planStatus(read.plan, gathered);
    const item = (id: string) => status.phases.flatMap((p) => p.items).find((i) => i.id === id)!;
    assert.deepEqual(
      status.phases.map((p) => `${p.id} ${p.done}/${p.total}${p.current ? ' current' : ''}`),
      ['planning 4/5', 'scoping 2/5', 'experimentation 0/5', 'development 4/6 current', 'deployment 0/5', 'evaluation 1/5'],
    );
    assert.equal(item('development.modular').evidence?.summary.startsWith('legacy_train.py is a monolithic script (score '), true);
    assert.equal(item('development.config').evidence?.summary, 'params.yaml, but 4 hard-coded values left in 1 file (MLH101, MLH102)');
    assert.equal(item('experimentation.seeds').evidence?.path, 'legacy_train.py');
    assert.equal(item('planning.problem-statement').done, true);
    assert.equal(item('evaluation.attribution-plan').done, true);
    assert.equal(item('planning.stakeholders').evidence, null);
    assert.deepEqual(
      status.decision?.passedOver.map((r) => r.id),
      ['not-ml', 'analytics', 'statistics'],
    );
  });

  it('ignores a `done: true` in the file for an item the workspace verifies', () => {
    const read = readPlan('phases:\n  development:\n    items:\n      tests: { done: true, note: pytest }\n');
    assert.ok(read.ok);
    const item = planStatus(read.plan, emptyFacts()).phases[3]!.items.find((i) => i.id === 'development.tests')!;
    assert.equal(item.done, false);
    assert.equal(item.note, 'pytest');
    assert.equal(planStatus(emptyPlan(), emptyFacts()).decision, null);
  });
});
