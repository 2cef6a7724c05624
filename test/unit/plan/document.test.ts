import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyPlanEdit, keepFormatting, PLAN_TEMPLATE, PlanFileError, readPlan } from '../../../src/core/plan/document';
import type { PlanData, PlanRead } from '../../../src/core/plan/types';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'plan');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name, 'mlproject.yaml'), 'utf8');

function plan(read: PlanRead): PlanData {
  assert.ok(read.ok, `expected a readable plan, got ${JSON.stringify(!read.ok && read.problems)}`);
  return read.plan;
}

function problems(read: PlanRead): string[] {
  assert.ok(!read.ok, 'expected problems');
  return read.problems.map((p) => `${p.line}: ${p.message}`);
}

describe('plan file: reading', () => {
  it('reads the decision, the current phase and every item the file mentions', () => {
    const read = readPlan(fixture('churn'));
    const data = plan(read);
    assert.deepEqual(data.decision, {
      rung: 'classical-ml',
      rationale: 'Gradient boosting on the customer table beats the rule baseline by 8 points of recall.',
      decidedOn: '2024-05-02',
    });
    assert.equal(data.current, 'development');
    assert.deepEqual(data.items.get('planning.stakeholders'), {
      done: false,
      note: 'Ask Dana (retention lead) to the next review.',
      document: null,
    });
    assert.deepEqual(data.items.get('scoping.candidates'), { done: true, note: 'logistic regression, gradient boosting', document: null });
    assert.deepEqual(data.items.get('evaluation.attribution-plan'), { done: false, note: '', document: 'docs/ab-test-plan.md' });
    assert.equal(data.items.has('development.tests'), false);
    assert.ok(read.ok && read.migrations.length === 0);
  });

  it('reads an empty or partial file with defaults', () => {
    for (const text of [
      '',
      '# only a comment\n',
      'version: 1\n',
      'phases:\n',
      'decision: ~\nphases:\n  planning:\n    items:\n      stakeholders:\n',
    ]) {
      const data = plan(readPlan(text));
      assert.equal(data.decision, null, JSON.stringify(text));
      assert.equal(data.current, null);
    }
    assert.deepEqual(plan(readPlan('phases:\n  planning:\n    items:\n      stakeholders:\n')).items.get('planning.stakeholders'), {
      done: false,
      note: '',
      document: null,
    });
  });

  it('reports YAML syntax errors with their line', () => {
    assert.deepEqual(problems(readPlan(fixture('malformed'))), [
      '11: flow map in block collection must be sufficiently indented and end with a }',
    ]);
    assert.deepEqual(problems(readPlan('current: planning\ncurrent: scoping\n')), ['2: map keys must be unique']);
    assert.match(problems(readPlan('decision:\n  rung: "open\n'))[0]!, /^\d+: missing closing "quote/);
  });

  it('reports schema problems at the line of the offending key or value', () => {
    const text = [
      'version: 1',
      'current: devlopment',
      'decision:',
      '  rationale: no rung',
      '  decidedOn: May 2nd',
      'phases:',
      '  development:',
      '    items:',
      '      tests: { done: yes }',
      '      unit-test: { done: true }',
      '  operations: {}',
      'owner: ana',
      '',
    ].join('\n');
    assert.deepEqual(problems(readPlan(text)), [
      '2: current: must be one of planning, scoping, experimentation, development, deployment, evaluation',
      '3: decision: needs `rung`',
      '5: decision.decidedOn: must be a date like 2024-05-31',
      '9: phases.development.items.tests.done: must be true or false',
      '10: phases.development.items.unit-test: unknown key; the keys here are modular, config, tests, version-control, reviews, ci',
      '11: phases.operations: unknown key; the keys here are planning, scoping, experimentation, development, deployment, evaluation',
      '12: owner: unknown key; the keys here are version, current, decision, phases',
    ]);
  });

  it('refuses a file written by a newer version, and a file that is not a mapping', () => {
    assert.deepEqual(problems(readPlan('version: 2\ncurrent: planning\n')), [
      '1: written by a newer ML Hygiene (format version 2); this one reads version 1',
    ]);
    assert.deepEqual(problems(readPlan('- planning\n- scoping\n')), [
      '1: the plan must be a mapping of keys (version, current, decision, phases)',
    ]);
  });

  it('accepts extension keys starting with x-', () => {
    plan(readPlan('version: 1\nx-owner: ana\n'));
  });
});

describe('plan file: migration of older files', () => {
  it('reads the older shapes and says what the next write upgrades', () => {
    const read = readPlan(fixture('legacy'));
    const data = plan(read);
    assert.equal(data.current, 'development');
    assert.deepEqual(data.decision, { rung: 'classical-ml', rationale: '', decidedOn: null });
    assert.deepEqual(
      [...data.items.entries()].map(([id, item]) => `${id} ${item.done} ${item.note}`),
      [
        'planning.problem-statement true ',
        'planning.prediction-use true ',
        'development.tests true ',
        'development.reviews false every change, two reviewers',
      ],
    );
    assert.ok(read.ok);
    assert.deepEqual(read.migrations, [
      '`phase:` is now `current:`.',
      'The current phase `dev` is now `development`.',
      '`decision: <rung>` is now `decision: {rung: <rung>}`.',
      'The rung `classical` is now `classical-ml`.',
      'The `planning` list of done items is now a map under `items:`.',
      'The item `planning.problem` is now `planning.problem-statement`.',
      'The items of `development` now sit under `items:`.',
      'The item `development.unit-tests` is now `development.tests`.',
      '`development.tests: true` is now `development.tests: {done: true}`.',
      'The item `development.code-review` is now `development.reviews`.',
      'The text of `development.reviews` is now its `note:`.',
    ]);
  });

  it('upgrades the file on the next write, keeping its comments', () => {
    const next = applyPlanEdit(fixture('legacy'), { kind: 'setItemDone', item: 'development.ci', done: true });
    assert.equal(
      next,
      [
        '# Written by hand before the plan format had items: keep this comment.',
        'version: 1',
        'current: development',
        'decision:',
        '  rung: classical-ml # trees are enough',
        'phases:',
        '  planning:',
        '    items:',
        '      problem-statement:',
        '        done: true',
        '      prediction-use:',
        '        done: true',
        '  development:',
        '    items:',
        '      tests:',
        '        done: true',
        '      reviews:',
        '        note: every change, two reviewers',
        '      ci:',
        '        done: true',
        '',
      ].join('\n'),
    );
    const read = readPlan(next);
    assert.ok(read.ok && read.migrations.length === 0, 'the upgraded file needs no more migration');
  });

  it('keeps an unknown alias that would collide with an existing key for the schema to report', () => {
    assert.deepEqual(
      problems(readPlan('phases:\n  development:\n    items:\n      git: {done: true}\n      version-control: {done: false}\n')),
      ['4: phases.development.items.git: unknown key; the keys here are modular, config, tests, version-control, reviews, ci'],
    );
  });
});

describe('plan file: writing with the yaml document API', () => {
  it('changes only the lines of the edit: comments, blank lines, flow maps and spacing stay', () => {
    const source = fixture('churn');
    const next = applyPlanEdit(source, { kind: 'setItemDone', item: 'planning.stakeholders', done: true });
    const before = source.split('\n');
    const after = next.split('\n');
    assert.equal(after.length, before.length);
    const changed = after.flatMap((line, i) => (line === before[i] ? [] : [`${i + 1}: ${before[i]} -> ${line}`]));
    assert.deepEqual(changed, ['20:         done: false ->         done: true']);
    // The original spacing before comments survives (the library would print one space).
    assert.match(next, /rung: classical-ml {2}# agreed with the retention team/);
    assert.match(next, /document: docs\/ab-test-plan\.md {3}# holdout of 10% of the call list/);
  });

  it('adds items, notes and documents where they belong, creating the maps on the way', () => {
    let text = applyPlanEdit(fixture('churn'), {
      kind: 'setItemNote',
      item: 'deployment.cost-estimate',
      note: 'Two VMs, about 40 EUR a month.',
    });
    text = applyPlanEdit(text, { kind: 'setItemDone', item: 'scoping.hard-parts', done: true });
    text = applyPlanEdit(text, { kind: 'setItemDocument', item: 'evaluation.attribution-plan', document: 'docs/ab-v2.md' });
    const data = plan(readPlan(text));
    assert.deepEqual(data.items.get('deployment.cost-estimate'), { done: false, note: 'Two VMs, about 40 EUR a month.', document: null });
    assert.equal(data.items.get('scoping.hard-parts')?.done, true);
    assert.equal(data.items.get('evaluation.attribution-plan')?.document, 'docs/ab-v2.md');
    assert.match(
      text,
      / {2}scoping:\n {4}items:\n {6}will-it-solve: \{ done: true \}\n {6}candidates: \{ done: true, note: "logistic regression, gradient boosting" \}\n {6}hard-parts:\n {8}done: true\n/,
    );
    assert.match(text, /\n {2}deployment:\n {4}items:\n {6}cost-estimate:\n {8}note: Two VMs, about 40 EUR a month\.\n/);
    // An empty note removes the key.
    const cleared = applyPlanEdit(text, { kind: 'setItemNote', item: 'deployment.cost-estimate', note: '  ' });
    assert.deepEqual(plan(readPlan(cleared)).items.get('deployment.cost-estimate'), { done: false, note: '', document: null });
  });

  it('records a decision with its rationale and date, and keeps the comment on the rung', () => {
    const text = applyPlanEdit(fixture('churn'), {
      kind: 'setDecision',
      rung: 'statistics',
      rationale: 'A weekly average: "enough"',
      decidedOn: '2024-06-03',
    });
    assert.deepEqual(plan(readPlan(text)).decision, {
      rung: 'statistics',
      rationale: 'A weekly average: "enough"',
      decidedOn: '2024-06-03',
    });
    // The changed line is printed by the library (one space before the comment); the comment stays.
    assert.match(text, /\n {2}rung: statistics # agreed with the retention team on 2024-05-02\n/);
    assert.match(text, /document: docs\/ab-test-plan\.md {3}# holdout/);
    const cleared = applyPlanEdit(text, { kind: 'clearDecision' });
    assert.equal(plan(readPlan(cleared)).decision, null);
  });

  it('keeps a rationale written over several lines (the sidebar box is multi-line)', () => {
    const rationale = 'A weekly average per segment is enough.\nNo label to learn from yet: revisit in Q3.';
    const text = applyPlanEdit(fixture('churn'), { kind: 'setDecision', rung: 'statistics', rationale, decidedOn: '2024-06-03' });
    assert.equal(plan(readPlan(text)).decision?.rationale, rationale);
    assert.equal(plan(readPlan(applyPlanEdit(text, { kind: 'setCurrent', phase: 'scoping' }))).decision?.rationale, rationale);
  });

  it('turns an empty value into a map when it writes below it', () => {
    const text = applyPlanEdit('version: 1\nphases:  # to do\n', { kind: 'setCurrent', phase: 'scoping' });
    assert.equal(
      applyPlanEdit(text, { kind: 'setItemDone', item: 'scoping.candidates', done: true }),
      'version: 1\nphases:\n  # to do\n  scoping:\n    items:\n      candidates:\n        done: true\ncurrent: scoping\n',
    );
  });

  it('starts a missing file from the template', () => {
    const text = applyPlanEdit(null, { kind: 'setCurrent', phase: 'planning' });
    assert.ok(text.startsWith(PLAN_TEMPLATE), text);
    assert.equal(text.slice(PLAN_TEMPLATE.length), 'current: planning\n');
    assert.equal(plan(readPlan(text)).current, 'planning');
  });

  it('adds the format version to a file that has none, below its heading comment', () => {
    assert.equal(
      applyPlanEdit('# Our plan\ncurrent: planning\n', { kind: 'setCurrent', phase: 'scoping' }),
      '# Our plan\nversion: 1\ncurrent: scoping\n',
    );
  });

  it('never writes a malformed file, nor an unknown item', () => {
    assert.throws(
      () => applyPlanEdit(fixture('malformed'), { kind: 'setCurrent', phase: 'planning' }),
      (error: unknown) => {
        assert.ok(error instanceof PlanFileError);
        assert.equal(error.problems[0]!.line, 11);
        return true;
      },
    );
    assert.throws(() => applyPlanEdit('current: nowhere\n', { kind: 'setCurrent', phase: 'planning' }), PlanFileError);
    assert.throws(
      () => applyPlanEdit('', { kind: 'setItemDone', item: 'development.magic', done: true }),
      /unknown checklist item "development\.magic"/,
    );
  });

  it('falls back to the printed document when the source does not line up with it', () => {
    // A flow map over two lines prints on one: the line-by-line merge would be wrong, so it is not used.
    const source = 'phases: { planning: { items: {\n  stakeholders: { done: true } } } }\n';
    const next = applyPlanEdit(source, { kind: 'setCurrent', phase: 'planning' });
    assert.deepEqual(plan(readPlan(next)).items.get('planning.stakeholders')?.done, true);
    assert.equal(plan(readPlan(next)).current, 'planning');
    assert.equal(keepFormatting('a:  1\n', 'a: 1\n', 'a: 1\nb: 2\n'), 'a:  1\nb: 2\n');
    assert.equal(keepFormatting('a:  1\nz: 0\n', 'a: 1\n', 'a: 2\n'), 'a: 2\n');
  });
});
