// Fix all: every safe fix of a file at once (`source.fixAll.mlHygiene`), from the command, the
// Source Action menu and on save through `editor.codeActionsOnSave`, as ESLint and Ruff do it. Each
// test works in its own project folder, removed afterwards.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const h = require('../helpers.cjs');

const JOB = [
  'import numpy as np',
  'import pandas as pd',
  'from sklearn.ensemble import RandomForestClassifier',
  'from sklearn.model_selection import train_test_split',
  '',
  'df = pd.read_csv("data/churn.csv")',
  'missing = df[df["tenure"] == np.nan]',
  'X = df[["tenure", "monthly_charges"]]',
  'y = df["churned"]',
  'X_train, X_test, y_train, y_test = train_test_split(X, y)',
  'model = RandomForestClassifier(n_estimators=150)',
  'model.fit(X_train, y_train)',
  '',
].join('\n');

const { project, removeProjects } = h.scratchProjects('fix-all');

async function openJob() {
  const root = project({ 'pyproject.toml': '', 'job.py': JOB });
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, 'job.py'));
  await vscode.window.showTextDocument(document);
  await h.waitForDiagnostics(document.uri, 'MLH101 and MLH102', (ds) => ['MLH101', 'MLH102'].every((c) => h.codesOf(ds).includes(c)));
  return { root, document };
}

/** What fix-all must and must not do to JOB. */
function assertFixed(text) {
  assert.ok(text.includes('pd.read_csv(params["data"]["churn_csv"])'), text);
  assert.ok(text.includes('RandomForestClassifier(n_estimators=params["model"]["random_forest_classifier"]["n_estimators"])'), text);
  // Unsafe fixes stay offered, not applied: the NaN comparison and the unseeded split.
  assert.ok(text.includes('df["tenure"] == np.nan'), text);
  assert.ok(text.includes('train_test_split(X, y)'), text);
}

async function setOnSave(value) {
  await vscode.workspace.getConfiguration('editor').update('codeActionsOnSave', value, vscode.ConfigurationTarget.Workspace);
}

suite('Fix all safe problems', () => {
  suiteSetup(async () => {
    await h.activateExtension();
    await h.resetSettings();
  });
  teardown(async () => {
    await setOnSave(undefined);
    await h.resetSettings();
    await h.closeAllEditors();
  });
  suiteTeardown(() => removeProjects());

  test('the command applies every safe fix as one edit, and one undo takes it back', async () => {
    await h.updateSetting('refactor.preview', 'never');
    const { root, document } = await openJob();
    const result = await vscode.commands.executeCommand('mlHygiene.fixAll');
    assert.equal(result.applied, true, JSON.stringify(result));
    assert.ok(result.fixed >= 2, `fixed ${result.fixed}: the path and the value`);
    assertFixed(document.getText());
    assert.ok(fs.existsSync(path.join(root.fsPath, 'params.yaml')), 'params.yaml written and saved');
    await h.waitForDiagnostics(document.uri, 'no MLH101/MLH102 left', (ds) => !['MLH101', 'MLH102'].some((c) => h.codesOf(ds).includes(c)));
    await vscode.commands.executeCommand('undo');
    await h.waitFor('the undo to restore the script', () => document.getText() === JOB, { describeState: () => document.getText() });
  });

  test('the Source Action menu offers it (source.fixAll.mlHygiene), and the lightbulb does not', async () => {
    await h.updateSetting('refactor.preview', 'never');
    const { document } = await openJob();
    const whole = new vscode.Range(0, 0, 0, 0);
    const offered = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', document.uri, whole, 'source.fixAll', 1);
    const ours = offered.filter((a) => a.kind && a.kind.value === 'source.fixAll.mlHygiene');
    assert.equal(ours.length, 1, JSON.stringify(offered.map((a) => a.title)));
    assert.ok(ours[0].edit, 'resolved to an edit');
    assert.ok(await vscode.workspace.applyEdit(ours[0].edit));
    assertFixed(document.getText());
    const unasked = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', document.uri, whole);
    assert.ok(!unasked.some((a) => a.kind && a.kind.value.startsWith('source.fixAll')), 'not computed on every cursor move');
  });

  test('editor.codeActionsOnSave {"source.fixAll.mlHygiene": "explicit"} applies the fixes when the file is saved', async () => {
    await setOnSave({ 'source.fixAll.mlHygiene': 'explicit' });
    const { root, document } = await openJob();
    // A change, so that the save has something to save.
    const editor = vscode.window.activeTextEditor;
    await editor.edit((edit) => edit.insert(new vscode.Position(document.lineCount - 1, 0), 'print(model)\n'));
    await vscode.commands.executeCommand('workbench.action.files.save');
    await h.waitFor(
      'the fixes applied by the save',
      () => document.getText().includes('params["data"]["churn_csv"]') && !document.isDirty,
      {
        describeState: () => `dirty=${document.isDirty}\n${document.getText()}`,
      },
    );
    assertFixed(document.getText());
    assertFixed(fs.readFileSync(document.uri.fsPath, 'utf8'));
    await h.waitFor('params.yaml and params.py saved', () =>
      ['params.yaml', 'params.py'].every((name) => fs.existsSync(path.join(root.fsPath, name))),
    );
    assert.match(fs.readFileSync(path.join(root.fsPath, 'params.yaml'), 'utf8'), /n_estimators: 150/);
  });

  test('without the setting, saving changes nothing', async () => {
    const { document } = await openJob();
    const editor = vscode.window.activeTextEditor;
    await editor.edit((edit) => edit.insert(new vscode.Position(document.lineCount - 1, 0), 'print(model)\n'));
    await vscode.commands.executeCommand('workbench.action.files.save');
    await h.waitFor('the save', () => !document.isDirty);
    assert.equal(document.getText(), JOB + 'print(model)\n');
  });

  test('notebook.codeActionsOnSave {"notebook.source.fixAll.mlHygiene": "explicit"} fixes the whole notebook once, on save', async () => {
    await vscode.workspace
      .getConfiguration('notebook')
      .update('codeActionsOnSave', { 'notebook.source.fixAll.mlHygiene': 'explicit' }, vscode.ConfigurationTarget.Workspace);
    try {
      const cell = (source) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source });
      const root = project({
        'pyproject.toml': '',
        'svm.ipynb': JSON.stringify({
          nbformat: 4,
          nbformat_minor: 5,
          metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
          cells: [
            cell('import pandas as pd\nfrom sklearn.svm import SVC'),
            cell('df = pd.read_csv("data/churn.csv")'),
            cell('model = SVC(C=2.5)'),
          ],
        }),
      });
      const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.joinPath(root, 'svm.ipynb'));
      await vscode.window.showNotebookDocument(notebook);
      const last = notebook.cellAt(2).document;
      await h.waitForDiagnostics(last.uri, 'MLH101 in the last cell', (ds) => h.codesOf(ds).includes('MLH101'));
      const edit = new vscode.WorkspaceEdit();
      edit.insert(last.uri, new vscode.Position(0, 18), '\nprint(model)');
      await vscode.workspace.applyEdit(edit);
      await vscode.commands.executeCommand('workbench.action.files.save');
      await h.waitFor('the notebook fixed and saved', () => last.getText().includes('params["model"]') && !notebook.isDirty, {
        describeState: () =>
          `dirty=${notebook.isDirty}\n${notebook
            .getCells()
            .map((c) => c.document.getText())
            .join('\n---\n')}`,
      });
      const cells = notebook.getCells().map((c) => c.document.getText());
      assert.ok(cells[1].includes('pd.read_csv(params["data"]["churn_csv"])'), cells[1]);
      assert.equal(cells.join('\n').split('from params import params').length - 1, 1, 'the loader is imported once');
      assert.match(fs.readFileSync(path.join(root.fsPath, 'params.yaml'), 'utf8'), /C: 2.5/);
    } finally {
      await vscode.workspace.getConfiguration('notebook').update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
