import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlan } from '../../../src/core/plan/document';
import { PlanContextResolver, planContextOf } from '../../../src/core/project/plans';

describe('project: the plan of each analysed file', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlh-plans-'));
    mkdirSync(join(root, 'project', 'src'), { recursive: true });
    writeFileSync(join(root, 'project', 'mlproject.yaml'), 'decision:\n  rung: statistics\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds the nearest plan for the command line and a folder’s own plan for the editor, each file read once', () => {
    const plans = new PlanContextResolver();
    const nearest = plans.forFile(join(root, 'project', 'src', 'train.py'));
    assert.equal(nearest?.decision?.rung, 'statistics');
    assert.equal(plans.atFolder(join(root, 'project')), nearest);
    assert.equal(plans.nearest(join(root, 'project', 'src')), nearest);
    assert.equal(plans.atFolder(join(root, 'project', 'src')), null, 'the editor looks at the workspace folder only');
    assert.equal(plans.forFile(join(root, 'elsewhere.py')), null);
  });

  it('takes a plan read or written elsewhere at once, and reads the file again after clear', () => {
    const plans = new PlanContextResolver();
    const file = join(root, 'project', 'mlproject.yaml');
    assert.equal(plans.forFile(join(root, 'project', 'src', 'train.py'))?.decision?.rung, 'statistics');
    plans.set(file, planContextOf(file, readPlan('decision:\n  rung: deep-learning\n')).context);
    assert.equal(plans.atFolder(join(root, 'project'))?.decision?.rung, 'deep-learning');
    assert.equal(plans.forFile(join(root, 'project', 'src', 'train.py'))?.decision?.rung, 'deep-learning');
    plans.set(file, null);
    assert.equal(plans.forFile(join(root, 'project', 'src', 'train.py')), null);
    plans.clear();
    assert.equal(plans.atFolder(join(root, 'project'))?.decision?.rung, 'statistics');
  });

  it('gives a plan with problems no decision', () => {
    const read = readPlan('decision:\n  rung: classicalml\n');
    const loaded = planContextOf('/p/mlproject.yaml', read);
    assert.deepEqual(loaded.context, { file: '/p/mlproject.yaml', decision: null });
    assert.equal(loaded.problems.length, 1);
  });
});
