import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlanJson } from '../../../src/cli/planFormat';
import type { CliResult } from '../../../src/cli/run';
import { runCli } from '../../../src/cli/run';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'plan');

describe('ml-hygiene plan status (in-process, fixture workspaces)', () => {
  let root: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'mlh-plan-cli-'));
    mkdirSync(join(root, '.git'));
    for (const name of ['churn', 'malformed', 'legacy', 'bare']) cpSync(join(FIXTURES, name), join(root, name), { recursive: true });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const cli = (args: string[], cwd = root): Promise<CliResult> => runCli(args, { cwd, stdoutIsTTY: false, env: {} });

  it('prints the plan as text: decision, current phase, every item with its evidence', async () => {
    const result = await cli(['plan', 'status', 'churn']);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stderr, '');
    const lines = result.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 6), [
      'Plan: churn/mlproject.yaml',
      'Decision: rung 4 of 6, A classical model (classical-ml), decided 2024-05-02',
      '  why: Gradient boosting on the customer table beats the rule baseline by 8 points of recall.',
      '  passed over: Not a data-science problem; A query, a report or a rule; Basic statistics',
      'Current phase: Development',
      'Progress: 11/31 items',
    ]);
    assert.ok(lines.includes('> Development 4/6 (current)'), result.stdout);
    assert.ok(lines.includes('  [x] Modules have unit tests  (development.tests)'));
    assert.ok(lines.includes('      verified: 1 test file: tests/test_features.py (tests/test_features.py)'));
    assert.ok(lines.includes('  [ ] The people who will use the result took part  (planning.stakeholders)'));
    assert.ok(lines.includes('      note: Ask Dana (retention lead) to the next review.'));
    assert.ok(
      lines.some((line) => /^ {6}not yet: legacy_train\.py is a monolithic script \(score \d+\) \(legacy_train\.py:\d+\)$/.test(line)),
      result.stdout,
    );
  });

  it('prints JSON with the decision and phases of items, evidence null for manual items', async () => {
    const result = await cli(['plan', 'status', 'churn', '--format', 'json']);
    assert.equal(result.exitCode, 0);
    const json = JSON.parse(result.stdout) as PlanJson;
    assert.equal(json.file, 'churn/mlproject.yaml');
    assert.deepEqual(json.decision, {
      rung: 'classical-ml',
      title: 'A classical model',
      step: 4,
      rationale: 'Gradient boosting on the customer table beats the rule baseline by 8 points of recall.',
      decidedOn: '2024-05-02',
      passedOver: ['not-ml', 'analytics', 'statistics'],
    });
    assert.deepEqual(
      json.phases.map((p) => p.id),
      ['planning', 'scoping', 'experimentation', 'development', 'deployment', 'evaluation'],
    );
    const items = json.phases.flatMap((p) => p.items);
    assert.equal(items.length, 31);
    assert.deepEqual(
      items.find((i) => i.id === 'development.ci'),
      {
        id: 'development.ci',
        title: 'Checks run automatically on every change',
        done: true,
        note: '',
        document: null,
        evidence: { ok: true, summary: 'CI configuration: .github/workflows/ci.yml', path: '.github/workflows/ci.yml', line: null },
      },
    );
    assert.equal(items.find((i) => i.id === 'development.reviews')?.evidence, null);
    assert.equal(items.find((i) => i.id === 'development.version-control')?.evidence?.summary, 'in the git repository at ..');
  });

  it('prints markdown for a pull-request comment', async () => {
    const result = await cli(['plan', 'status', '--format', 'markdown'], join(root, 'churn'));
    assert.equal(result.exitCode, 0);
    assert.ok(
      result.stdout.startsWith(
        '### ML project plan\n\n**Decision:** A classical model (rung 4 of 6) · decided 2024-05-02\n> Gradient boosting',
      ),
      result.stdout,
    );
    assert.match(result.stdout, /\| \*\*Development\*\* \(current\) \| 4\/6 \|/);
    assert.match(result.stdout, /<details open><summary>Development: 4\/6<\/summary>/);
    assert.match(result.stdout, /- \[x\] Modules have unit tests \(verified: 1 test file: tests\/test\\_features\.py\)/);
    assert.match(
      result.stdout,
      /- \[ \] The people who will use the result took part _Note: Ask Dana \(retention lead\) to the next review\._/,
    );
  });

  it('exits 2 with mlproject.yaml:LINE: message for a malformed plan', async () => {
    const inside = await cli(['plan', 'status'], join(root, 'malformed'));
    assert.deepEqual(inside, {
      exitCode: 2,
      stdout: '',
      stderr: 'mlproject.yaml:11: flow map in block collection must be sufficiently indented and end with a }\n',
    });
    const above = await cli(['plan', 'status', 'malformed', '--format', 'json']);
    assert.equal(above.exitCode, 2);
    assert.equal(
      above.stderr,
      'malformed/mlproject.yaml:11: flow map in block collection must be sufficiently indented and end with a }\n',
    );
  });

  it('reads an older plan file without changing it', async () => {
    const result = await cli(['plan', 'status', 'legacy', '--format', 'json']);
    assert.equal(result.exitCode, 0);
    const json = JSON.parse(result.stdout) as PlanJson;
    assert.equal(json.current, 'development');
    assert.equal(json.decision?.rung, 'classical-ml');
    assert.equal(json.phases[3]!.items.find((i) => i.id === 'development.reviews')?.note, 'every change, two reviewers');
  });

  it('finds the plan above a subfolder, and shows only the evidence without one', async () => {
    const nested = await cli(['plan', 'status', 'churn/src/churn', '--format', 'json']);
    assert.equal((JSON.parse(nested.stdout) as PlanJson).file, 'churn/mlproject.yaml');
    const none = await cli(['plan', 'status', 'bare']);
    assert.equal(none.exitCode, 0);
    assert.match(none.stdout, /^No mlproject\.yaml in bare or above: showing what the workspace verifies\.\nDecision: not taken yet/);
    assert.match(
      none.stdout,
      /\[ \] Runs are reproducible: randomness is seeded {2}\(experimentation\.seeds\)\n {6}not yet: 1 unseeded random call in 1 file \(MLH301\) \(script\.py:3\)/,
    );
  });

  it('is a usage error for a folder that does not exist', async () => {
    const result = await cli(['plan', 'status', 'nowhere']);
    assert.equal(result.exitCode, 2);
    assert.equal(result.stderr, 'ml-hygiene: error: plan status: not a folder: nowhere\n');
    const format = await cli(['plan', 'status', '--format', 'sarif']);
    assert.equal(format.exitCode, 2);
    assert.match(format.stderr, /argument 'sarif' is invalid\. Allowed choices are text, json, markdown/);
  });

  it('check: MLH501 against the nearest plan, and a warning for a plan it cannot read', async () => {
    const churn = await cli(['check', 'churn/notebooks', '--select', 'MLH501']);
    assert.equal(churn.exitCode, 1);
    assert.match(
      churn.stdout,
      /^churn\/notebooks\/explore_embeddings\.py:2:8: MLH501 warning: `torch` is deep-learning tooling, heavier than the team decided/,
    );
    const malformed = await cli(['check', 'malformed', '--select', 'MLH501']);
    assert.equal(malformed.exitCode, 0);
    assert.equal(
      malformed.stderr,
      "ml-hygiene: warning: malformed/mlproject.yaml:11: flow map in block collection must be sufficiently indented and end with a } (the plan's decision is ignored)\n",
    );
  });

  it('reports a broken [tool.ml-hygiene] as check does, once', async () => {
    const folder = join(root, 'broken-config');
    mkdirSync(join(folder, 'src'), { recursive: true });
    writeFileSync(join(folder, 'pyproject.toml'), '[project]\nname = "churn"\n\n[tool.ml-hygiene]\nseverity = { MLH101 = "loud" }\n');
    writeFileSync(join(folder, 'mlproject.yaml'), 'decision:\n  rung: classical-ml\n');
    writeFileSync(join(folder, 'train.py'), 'import sklearn\n');
    writeFileSync(join(folder, 'src', 'features.py'), 'import pandas as pd\n');
    const problem =
      'broken-config/pyproject.toml:5: tool.ml-hygiene.severity.MLH101: expected one of "error", "warning", "info", "hint", "off", got the string "loud"\n';
    const check = await cli(['check', 'broken-config']);
    assert.equal(check.stderr, problem);
    const status = await cli(['plan', 'status', 'broken-config']);
    assert.equal(status.exitCode, 0);
    assert.equal(status.stderr, problem);
    assert.match(status.stdout, /^Plan: broken-config\/mlproject\.yaml\nDecision: rung 4 of 6, A classical model/);
  });
});
