import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/edits';
import { initEngine, withAnalysis } from '../../../src/core/engine';
import { EXTRACT_CONFIG_CODES } from '../../../src/core/refactors/extractConfig';
import { combineSafeFixes, conflicts, fixAll, safeRefactorCodes } from '../../../src/core/refactors/fixAll';
import { REFACTORS } from '../../../src/core/refactors/registry';
import type { Applicability, Finding, Range, TextEdit } from '../../../src/core/types';
import { Project, py } from './helpers';

const JOB = py(
  'import numpy as np',
  'import pandas as pd',
  'from sklearn.ensemble import RandomForestClassifier',
  'from sklearn.model_selection import train_test_split',
  '',
  'df = pd.read_csv("data/train.csv")',
  'df.head()',
  'missing = df[df["age"] == np.nan]',
  'X = df[["age", "income", "tenure"]]',
  'y = df["churned"]',
  'X_train, X_test, y_train, y_test = train_test_split(X, y)',
  'model = RandomForestClassifier(n_estimators=200, max_depth=8)',
  'model.fit(X_train, y_train)',
  'scored = df[["age", "income", "tenure"]]',
);

const range = (line: number, from: number, to: number, endLine = line): Range => ({
  start: { line, character: from },
  end: { line: endLine, character: to },
});

/** A finding of code `code` at `at` whose own fix is `edits`, with that applicability. */
function withFix(code: string, at: Range, applicability: Applicability, edits: TextEdit[]): Finding {
  return {
    code,
    name: 'synthetic',
    severity: 'warning',
    message: `${code} here`,
    range: at,
    related: [],
    fix: { title: `fix ${code}`, applicability, edits },
  } as unknown as Finding;
}

describe('fix all: every safe fix of a file as one change', () => {
  before(() => initEngine());
  let project: Project | undefined;
  afterEach(() => project?.dispose());

  it('moves the hard-coded values and the repeated feature list, and leaves every unsafe fix alone', () => {
    project = new Project({ 'job.py': JOB });
    const env = project.env('job.py');
    const result = withAnalysis(project.source('job.py'), {}, (findings, model) => fixAll(model, findings, env));
    assert.ok(result.change, JSON.stringify(result.refused));
    assert.deepEqual([...new Set(result.fixed.map((f) => f.code))].sort(), ['MLH002', 'MLH101', 'MLH102']);
    const files = project.apply(result);
    assert.deepEqual([...files.keys()].sort(), ['job.py', 'params.py', 'params.yaml']);
    const code = files.get('job.py')!;
    assert.ok(code.includes('pd.read_csv(params["data"]["train_csv"])'), code);
    assert.ok(code.includes('n_estimators=params["model"]["random_forest_classifier"]["n_estimators"]'), code);
    // Unsafe fixes (nan-equality, bare-expression, seeding) are not applied.
    assert.ok(code.includes('df["age"] == np.nan'), code);
    assert.ok(code.includes('\ndf.head()\n'), code);
    assert.ok(code.includes('train_test_split(X, y)'), code);
    const after = project.findings('job.py').map((f) => f.code);
    for (const gone of ['MLH002', 'MLH101', 'MLH102']) assert.ok(!after.includes(gone), `${gone} is fixed: ${after.join(', ')}`);
    for (const left of ['MLH202', 'MLH301', 'MLH411'])
      assert.ok(after.includes(left), `${left} is left for the author: ${after.join(', ')}`);
    // Once applied, nothing safe is left.
    const again = withAnalysis(project.source('job.py'), {}, (findings, model) => fixAll(model, findings, project!.env('job.py')));
    assert.equal(again.change, null);
  });

  it('writes no file for a document that has no place for them (env null): nothing safe is left then', () => {
    project = new Project({ 'job.py': JOB });
    const result = withAnalysis(project.source('job.py'), {}, (findings, model) => fixAll(model, findings, null));
    assert.equal(result.change, null);
    assert.deepEqual(result.fixed, []);
  });

  it('applies the rules’ own safe fixes with the moves, as one script change; an own fix overlapping a move is refused', () => {
    project = new Project({ 'job.py': JOB });
    const env = project.env('job.py');
    const result = withAnalysis(project.source('job.py'), {}, (findings, model) => {
      const extra = [
        // A safe fix far from any move: applied.
        withFix('MLH900', range(12, 0, 5), 'safe', [{ range: range(12, 0, 5), newText: 'model' }]),
        // A safe fix on the literal 200, which the move replaces: refused.
        withFix('MLH901', range(11, 45, 48), 'safe', [{ range: range(11, 45, 48), newText: '300' }]),
      ];
      return fixAll(model, [...findings, ...extra], env);
    });
    assert.ok(result.fixed.some((f) => f.code === 'MLH900'));
    assert.ok(!result.fixed.some((f) => f.code === 'MLH901'));
    assert.deepEqual(
      result.refused.filter((r) => r.code === 'MLH901').map((r) => r.reason),
      ['its fix overlaps another fix: run Fix All again to apply it'],
    );
    const scripts = result.change!.changes.filter((c) => c.kind === 'script');
    assert.equal(scripts.length, 1, 'one script change: one edit, one undo');
  });

  it('combines non-overlapping safe fixes in source order and refuses the ones that clash', () => {
    const text = 'a = 1\nb = 2\nc = 3\n';
    const findings = [
      withFix('X1', range(2, 0, 1), 'safe', [{ range: range(2, 0, 1), newText: 'cc' }]),
      withFix('X2', range(0, 0, 5), 'safe', [{ range: range(0, 0, 5), newText: 'a = 10' }]),
      // Overlaps X2's edit, which comes first in the source.
      withFix('X3', range(0, 4, 5), 'safe', [{ range: range(0, 4, 5), newText: '11' }]),
      // Unsafe and display-only fixes never apply.
      withFix('X4', range(1, 4, 5), 'unsafe', [{ range: range(1, 4, 5), newText: '20' }]),
      withFix('X5', range(1, 0, 1), 'display-only', []),
      // Two edits, both applied or neither.
      withFix('X6', range(1, 0, 5), 'safe', [
        { range: range(1, 0, 0), newText: '# two\n' },
        { range: range(1, 4, 5), newText: '22' },
      ]),
    ];
    const { edits, fixed, refused } = combineSafeFixes(findings);
    assert.deepEqual(
      fixed.map((f) => f.code),
      ['X2', 'X6', 'X1'],
    );
    assert.deepEqual(
      refused.map((r) => r.code),
      ['X3'],
    );
    assert.equal(applyEdits(text, edits), 'a = 10\n# two\nb = 22\ncc = 3\n');
  });

  it('treats two insertions at one place, and a fix whose own edits overlap, as clashes', () => {
    assert.equal(conflicts(range(0, 2, 2), range(0, 2, 2)), true);
    assert.equal(conflicts(range(0, 2, 2), range(0, 2, 4)), true);
    assert.equal(conflicts(range(0, 0, 2), range(0, 2, 4)), false, 'touching edits apply in order');
    assert.equal(conflicts(range(0, 0, 3), range(0, 2, 4)), true);
    assert.equal(conflicts(range(0, 0, 1, 2), range(1, 0, 1)), true, 'across lines');
    const selfClash = withFix('X7', range(0, 0, 3), 'safe', [
      { range: range(0, 0, 3), newText: 'x' },
      { range: range(0, 1, 2), newText: 'y' },
    ]);
    assert.deepEqual(
      combineSafeFixes([selfClash]).refused.map((r) => r.code),
      ['X7'],
    );
    const first = withFix('X8', range(0, 0, 0), 'safe', [{ range: range(0, 0, 0), newText: '# a\n' }]);
    const second = withFix('X9', range(0, 0, 0), 'safe', [{ range: range(0, 0, 0), newText: '# b\n' }]);
    assert.deepEqual(
      combineSafeFixes([first, second]).fixed.map((f) => f.code),
      ['X8'],
    );
  });

  it('covers every safe quick fix of the registry (a new one must be added to fix-all)', () => {
    const safe = safeRefactorCodes();
    assert.ok(safe.size > 0);
    for (const code of safe) assert.ok(EXTRACT_CONFIG_CODES.includes(code), `fix-all does not apply the safe refactor of ${code}`);
    for (const refactor of REFACTORS)
      if (refactor.scope === 'finding' && refactor.applicability !== 'safe')
        for (const code of refactor.codes) assert.ok(!safe.has(code) || EXTRACT_CONFIG_CODES.includes(code));
  });
});
