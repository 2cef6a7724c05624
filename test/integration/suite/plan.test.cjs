// The sidebar (issue 6): the plan file, the view's messages as the host handles them, evidence
// and overview kept up to date by the file watcher, MLH501 with its "Open decision path" action.
// Every file this suite creates is removed in suiteTeardown (the later suites count files).
const assert = require('node:assert/strict');
const fs = require('node:fs');
const vscode = require('vscode');
const h = require('../helpers.cjs');

const PLAN = 'mlproject.yaml';
const HEAVY = 'deep_experiment.py';
const TEST_FILE = 'tests/test_features.py';

function planUri() {
  return h.fixtureUri(PLAN);
}

function readPlanText() {
  return fs.existsSync(planUri().fsPath) ? fs.readFileSync(planUri().fsPath, 'utf8') : null;
}

async function writeFile(relativePath, text) {
  await vscode.workspace.fs.writeFile(h.fixtureUri(relativePath), new TextEncoder().encode(text));
}

async function removeIfPresent(relativePath) {
  try {
    await vscode.workspace.fs.delete(h.fixtureUri(relativePath), { recursive: true });
  } catch {
    // not there
  }
}

function item(state, id) {
  for (const phase of state.plan.status.phases) {
    const found = phase.items.find((candidate) => candidate.id === id);
    if (found) return found;
  }
  assert.fail(`no item ${id}`);
}

suite('Sidebar: project plan, decision path, hygiene overview', () => {
  let api;
  let folder;

  /** Polls the host's snapshot until `predicate` holds (file-watcher updates arrive asynchronously). */
  function waitForState(description, predicate, timeout = 15_000) {
    let last;
    return h.waitFor(
      description,
      async () => {
        last = await api.snapshot();
        return predicate(last) ? last : undefined;
      },
      {
        timeout,
        describeState: () =>
          JSON.stringify(
            last && {
              plan: last.plan && { exists: last.plan.exists, problems: last.plan.problems },
              files: last.overview.files.map((f) => f.path),
            },
          ),
      },
    );
  }

  suiteSetup(async () => {
    const extension = await h.activateExtension();
    api = extension.exports.plan;
    assert.ok(api, 'the extension exports the sidebar API');
    await h.resetSettings();
    await removeIfPresent(PLAN);
    folder = vscode.workspace.workspaceFolders[0].uri.toString();
  });

  suiteTeardown(async () => {
    await h.closeAllEditors();
    for (const path of [PLAN, HEAVY, 'tests']) await removeIfPresent(path);
  });

  test('contributes the view, its container and the commands', async () => {
    const contributes = vscode.extensions.getExtension('ml-hygiene.ml-hygiene').packageJSON.contributes;
    assert.deepEqual(
      contributes.viewsContainers.activitybar.map((c) => c.id),
      ['mlHygiene'],
    );
    assert.deepEqual(
      contributes.views.mlHygiene.map((v) => [v.id, v.type]),
      [['mlHygiene.plan', 'webview']],
    );
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['mlHygiene.openDecisionPath', 'mlHygiene.openPlanFile', 'mlHygiene.refreshPlan', 'mlHygiene.plan.focus']) {
      assert.ok(commands.includes(id), id);
    }
  });

  test('without a plan file: everything open, the overview ranked by monolith score', async () => {
    const state = await waitForState('the first index of the folder', (s) => !s.overview.indexing);
    assert.equal(state.folder, folder);
    assert.equal(state.plan.exists, false);
    assert.equal(state.plan.readOnly, false);
    assert.equal(state.plan.status.decision, null);
    assert.deepEqual(
      state.rungs.map((r) => r.id),
      ['not-ml', 'analytics', 'statistics', 'classical-ml', 'deep-learning', 'beyond-reach'],
    );
    const paths = state.overview.files.map((f) => f.path);
    assert.deepEqual([...paths].sort(), [
      'analysis.ipynb',
      'monolith.py',
      'pipeline/clean_module.py',
      'scan_only.py',
      'sub/notebook_export.py',
    ]);
    const scores = state.overview.files.map((f) => f.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
      'worst first',
    );
    assert.equal(item(state, 'development.modular').evidence.ok, false, 'monolith.py is a monolith');
    // The host looks for the command once it is registered (activation order): wait for it to agree.
    const registered = (await vscode.commands.getCommands(true)).includes('mlHygiene.modularize');
    await waitForState('the modularize button to follow the command', (s) => s.canModularize === registered);
  });

  test('ticking an item creates mlproject.yaml from the template and shows it ticked', async () => {
    await api.dispatch({ type: 'setItemDone', folder, item: 'planning.prediction-use', done: true });
    const text = readPlanText();
    assert.ok(text, 'the plan file exists');
    assert.match(text, /^# The ML project plan/);
    assert.match(text, /\nphases:\n {2}planning:\n {4}items:\n {6}prediction-use:\n {8}done: true\n/);
    const state = await api.snapshot();
    assert.equal(state.plan.exists, true);
    assert.equal(item(state, 'planning.prediction-use').done, true);
    assert.equal(state.plan.status.phases[0].done >= 1, true);
  });

  test('a hand edit shows at once, and the next change keeps its comments', async () => {
    const hand = [
      '# Churn plan: edited by hand.',
      'version: 1',
      'current: development   # since the May review',
      'decision:',
      '  rung: classical-ml',
      '  rationale: Trees on the customer table are enough.',
      'phases:',
      '  planning:',
      '    items:',
      '      prediction-use: { done: true }  # the retention team calls the top 200',
      '',
    ].join('\n');
    await writeFile(PLAN, hand);
    const state = await waitForState(
      'the hand edit in the snapshot',
      (s) => s.plan.status.current === 'development' && s.plan.status.decision,
    );
    assert.equal(state.plan.status.decision.rung, 'classical-ml');
    assert.deepEqual(
      state.plan.status.decision.passedOver.map((r) => r.id),
      ['not-ml', 'analytics', 'statistics'],
    );
    await api.dispatch({ type: 'setItemNote', folder, item: 'development.reviews', note: 'Two reviewers per change.' });
    const text = readPlanText();
    assert.ok(text.startsWith('# Churn plan: edited by hand.\nversion: 1\ncurrent: development   # since the May review\n'), text);
    assert.match(text, /prediction-use: \{ done: true \} {2}# the retention team calls the top 200\n/);
    assert.match(text, /\n {2}development:\n {4}items:\n {6}reviews:\n {8}note: Two reviewers per change\.\n/);
    assert.equal(item(await api.snapshot(), 'development.reviews').note, 'Two reviewers per change.');
  });

  test('MLH501 once per file, on the first import heavier than the decision, the others related, with "Open decision path"', async () => {
    await writeFile(HEAVY, 'import numpy as np\nimport torch\nimport tensorflow as tf\n\nx = torch.zeros(3)\n');
    const document = await h.openPython(HEAVY);
    const diagnostics = await h.waitForDiagnostics(
      document.uri,
      'MLH501 on the torch import',
      (ds) => h.withCode(ds, 'MLH501').length === 1,
    );
    const finding = h.withCode(diagnostics, 'MLH501')[0];
    assert.deepEqual([finding.range.start.line, finding.range.start.character, finding.range.end.character], [1, 7, 12]);
    assert.match(finding.message, /`torch` and `tensorflow` are deep-learning tooling, heavier than the team decided.*“A classical model”/);
    assert.deepEqual(
      (finding.relatedInformation ?? []).map((r) => [r.location.uri.toString(), r.location.range.start.line, r.message]),
      [[document.uri.toString(), 2, '`tensorflow` imported here too']],
    );
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', document.uri, finding.range);
    const open = actions.find((action) => action.title === 'Open decision path');
    assert.ok(open, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(open.kind.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(open.command.command, 'mlHygiene.openDecisionPath');
    await vscode.commands.executeCommand(open.command.command, ...open.command.arguments);
    // The overview counts the new file, with its MLH501 finding.
    await waitForState('the new file in the overview', (s) => s.overview.files.some((f) => f.path === HEAVY));
  });

  test('deciding on deep learning from the view clears MLH501', async () => {
    const document = await h.openPython(HEAVY);
    await api.dispatch({ type: 'setDecision', folder, rung: 'deep-learning', rationale: 'Images need a network.' });
    const state = await api.snapshot();
    assert.equal(state.plan.status.decision.rung, 'deep-learning');
    assert.equal(state.plan.status.decision.rationale, 'Images need a network.');
    assert.match(state.plan.status.decision.decidedOn, /^\d{4}-\d{2}-\d{2}$/);
    await h.waitForDiagnostics(document.uri, 'no MLH501 once deep learning is decided', (ds) => h.withCode(ds, 'MLH501').length === 0);
  });

  test('evidence follows the workspace: a test file ticks development.tests', async () => {
    assert.equal(item(await api.snapshot(), 'development.tests').done, false);
    await writeFile(TEST_FILE, 'def test_nothing():\n    assert True\n');
    const state = await waitForState('development.tests verified', (s) => item(s, 'development.tests').done);
    assert.deepEqual(item(state, 'development.tests').evidence, {
      ok: true,
      summary: `1 test file: ${TEST_FILE}`,
      path: TEST_FILE,
      line: null,
    });
  });

  test('a malformed plan is shown with its line and never overwritten', async () => {
    const broken = 'version: 1\ncurrent: development\nphases:\n  planning: [prediction-use\n';
    await writeFile(PLAN, broken);
    const state = await waitForState('the problem in the snapshot', (s) => s.plan.problems.length > 0);
    assert.equal(state.plan.readOnly, true);
    assert.ok(state.plan.problems[0].line >= 4, JSON.stringify(state.plan.problems));
    // The last good plan stays in view, read-only.
    assert.equal(state.plan.status.decision.rung, 'deep-learning');
    await api.dispatch({ type: 'setItemDone', folder, item: 'development.reviews', done: true });
    assert.equal(readPlanText(), broken, 'the file is untouched');
    await writeFile(PLAN, 'version: 1\ncurrent: deployment\n');
    await waitForState('the fixed file', (s) => s.plan.problems.length === 0 && s.plan.status.current === 'deployment');
  });

  test('Open Plan File opens mlproject.yaml; openFile opens a file at its line', async () => {
    await vscode.commands.executeCommand('mlHygiene.openPlanFile');
    await h.waitFor('mlproject.yaml in the editor', () => vscode.window.activeTextEditor?.document.uri.fsPath === planUri().fsPath);
    await api.dispatch({ type: 'openFile', folder, path: 'monolith.py', line: 5 });
    const editor = await h.waitFor('monolith.py in the editor', () => {
      const active = vscode.window.activeTextEditor;
      return active && active.document.uri.fsPath === h.fixtureUri('monolith.py').fsPath ? active : undefined;
    });
    assert.equal(editor.selection.active.line, 4);
    // Nothing outside the folder can be opened through the view.
    await api.dispatch({ type: 'openFile', folder, path: '../../etc/passwd', line: null });
    assert.equal(vscode.window.activeTextEditor.document.uri.fsPath, h.fixtureUri('monolith.py').fsPath);
  });

  test('the view refuses messages that name unknown items or folders', async () => {
    await assert.rejects(
      api.dispatch({ type: 'setItemDone', folder, item: 'development.nothing', done: true }),
      /not a valid view message/,
    );
    await assert.rejects(
      api.dispatch({ type: 'setItemDone', folder: 'file:///elsewhere', item: 'development.reviews', done: true }),
      /not a valid view message/,
    );
  });
});
