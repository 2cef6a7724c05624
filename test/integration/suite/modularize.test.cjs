// "ML Hygiene: Modularize This File": the command (with the prompts answered through its test
// arguments), the code action on MLH001, the files created in one edit and pipeline.py opened. Each test works in its own project folder.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const h = require('../helpers.cjs');

const SCRIPT = [
  'import pandas as pd',
  'from sklearn.linear_model import LogisticRegression',
  '',
  'df = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [0.5, 0.1, 0.4, 0.9], "label": [0, 1, 0, 1]})',
  'df.head()',
  'X = df[["a", "b"]]',
  'y = df["label"]',
  'model = LogisticRegression(C=0.5)',
  'model.fit(X, y)',
  'print(model.score(X, y))',
  '',
].join('\n');

const { project, removeProjects } = h.scratchProjects('modularize-project');

suite('Modularize This File', () => {
  suiteSetup(async () => {
    await h.activateExtension();
    await h.resetSettings();
  });

  suiteTeardown(async () => {
    await h.closeAllEditors();
    removeProjects();
  });

  test('the command is registered and contributed', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('mlHygiene.modularize'));
  });

  test('shows every new file in the preview, creates the package in one edit on Apply, leaves the original alone and opens pipeline.py', async () => {
    const root = project({ 'pyproject.toml': '', 'job.py': SCRIPT });
    const uri = vscode.Uri.joinPath(root, 'job.py');
    const running = vscode.commands.executeCommand('mlHygiene.modularize', uri, {
      name: 'job',
      folder: root.fsPath,
      replaceOriginal: false,
    });
    // Every new file is a read-only document in a tab of its own (no diff against nothing), pipeline.py in front.
    const title = 'Modularize job.py into the package job';
    const first = await h.waitFor('pipeline.py in front', () => {
      const active = h.previewTabs(title).find((tab) => tab.isActive);
      return active && active.label === 'pipeline.py' && active;
    });
    assert.equal(first.input.uri.scheme, 'ml-hygiene-preview');
    assert.ok(first.input.uri.path.startsWith(`/Preview: ${title}/`), first.input.uri.path);
    const labels = h.previewTabs(title).map((tab) => tab.label);
    for (const name of ['__init__.py', 'pipeline.py', 'params.yaml', `test_job.py`])
      assert.ok(labels.includes(name), `${name} in ${labels}`);
    assert.ok(
      h.previewTabs(title).every((tab) => tab.input instanceof vscode.TabInputText),
      'no diff: nothing is edited',
    );
    assert.ok((await vscode.workspace.openTextDocument(first.input.uri)).getText().includes('def main('));
    assert.deepEqual(fs.readdirSync(root.fsPath).sort(), ['job.py', 'pyproject.toml'], 'nothing is written before Apply');
    await vscode.commands.executeCommand('mlHygiene.applyRefactorPreview');
    const outcome = await running;
    assert.equal(outcome.outcome, 'applied');
    assert.deepEqual(outcome.refused, []);
    const created = outcome.created.map((p) => path.relative(root.fsPath, p)).sort();
    assert.ok(created.includes(path.join('job', 'pipeline.py')) && created.includes('params.yaml'), created.join(', '));
    for (const file of created) assert.ok(fs.existsSync(path.join(root.fsPath, file)), `${file} is on disk`);
    assert.match(fs.readFileSync(path.join(root.fsPath, 'job', 'pipeline.py'), 'utf8'), /def main\(/);
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), SCRIPT);
    assert.ok(vscode.window.activeTextEditor.document.uri.fsPath.endsWith(path.join('job', 'pipeline.py')));
  });

  test('"Replace with a thin script" makes the original call the pipeline, in the same edit', async () => {
    const root = project({ 'pyproject.toml': '', 'job.py': SCRIPT });
    const uri = vscode.Uri.joinPath(root, 'job.py');
    const running = vscode.commands.executeCommand('mlHygiene.modularize', uri, {
      name: 'job',
      folder: root.fsPath,
      replaceOriginal: true,
    });
    await h.waitForPreview('Modularize job.py into the package job and replace job.py with a script that runs it');
    await vscode.commands.executeCommand('mlHygiene.applyRefactorPreview');
    const outcome = await running;
    assert.equal(outcome.outcome, 'applied');
    assert.ok(fs.existsSync(path.join(root.fsPath, 'job', 'pipeline.py')));
    const original = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
    const text = original.getText();
    assert.match(text, /^from job\.pipeline import main$/m, text);
    assert.match(text, /^if __name__ == "__main__":\n {4}main\(\)$/m, text);
    assert.ok(!text.includes('LogisticRegression'), 'the code moved to the package');
  });

  test('a notebook becomes a package and a thin notebook in the same edit (one undo), shown in the preview; the notebook stays as it is (no "replace" prompt); the thin notebook opens in the notebook editor', async () => {
    const cells = SCRIPT.trim().split('\n\n');
    const notebookJson = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
      cells: [
        { cell_type: 'markdown', metadata: {}, source: ['# Load'] },
        ...cells.map((text) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: text.split(/(?<=\n)/) })),
      ],
    };
    const text = JSON.stringify(notebookJson, null, 1);
    const root = project({ 'pyproject.toml': '', 'explore.ipynb': text });
    const uri = vscode.Uri.joinPath(root, 'explore.ipynb');
    // No replaceOriginal given: a .py file would be asked; a notebook is not.
    const running = vscode.commands.executeCommand('mlHygiene.modularize', uri, { name: 'explore', folder: root.fsPath });
    // NAME.ipynb would be the notebook itself: the thin notebook takes another name.
    await h.waitForPreview('Modularize explore.ipynb into the package explore with the notebook explore_steps.ipynb calling its steps');
    assert.ok(!fs.existsSync(path.join(root.fsPath, 'explore_steps.ipynb')), 'nothing is written before Apply');
    await vscode.commands.executeCommand('mlHygiene.applyRefactorPreview');
    const outcome = await running;
    assert.equal(outcome.outcome, 'applied');
    assert.ok(fs.existsSync(path.join(root.fsPath, 'explore', 'pipeline.py')));
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), text, 'the notebook is untouched');
    const thinPath = path.join(root.fsPath, 'explore_steps.ipynb');
    assert.equal(outcome.notebook, thinPath);
    assert.ok(outcome.created.includes(thinPath), outcome.created.join(', '));
    const thin = JSON.parse(fs.readFileSync(thinPath, 'utf8'));
    assert.equal(thin.nbformat, 4);
    assert.equal(thin.nbformat_minor, 5);
    const pipeline = fs.readFileSync(path.join(root.fsPath, 'explore', 'pipeline.py'), 'utf8');
    const calls = pipeline
      .split('use_params_file(params_path)\n')[1]
      .trim()
      .split('\n')
      .map((l) => l.trim());
    const code = thin.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''));
    assert.deepEqual(code.slice(2), calls, 'a cell per step, called as main() calls them');
    const editor = await h.waitFor('the thin notebook in the notebook editor', () =>
      vscode.window.activeNotebookEditor && vscode.window.activeNotebookEditor.notebook.uri.fsPath === thinPath
        ? vscode.window.activeNotebookEditor
        : undefined,
    );
    assert.equal(editor.notebook.cellCount, thin.cells.length);
    // One undo takes the whole edit back: the package and the thin notebook alike.
    await vscode.window.showTextDocument(vscode.Uri.joinPath(root, 'explore', 'pipeline.py'));
    await vscode.commands.executeCommand('undo');
    await h.waitFor('the thin notebook removed by one undo', () => (fs.existsSync(thinPath) ? undefined : true));
    assert.ok(!fs.existsSync(path.join(root.fsPath, 'explore', 'pipeline.py')));
  });

  test('Discard in the preview creates nothing', async () => {
    const root = project({ 'pyproject.toml': '', 'job.py': SCRIPT });
    const running = vscode.commands.executeCommand('mlHygiene.modularize', vscode.Uri.joinPath(root, 'job.py'), {
      name: 'job',
      folder: root.fsPath,
      replaceOriginal: false,
    });
    await h.waitForPreview('Modularize job.py into the package job');
    await vscode.commands.executeCommand('mlHygiene.discardRefactorPreview');
    const outcome = await running;
    assert.equal(outcome.outcome, 'discarded');
    assert.deepEqual(outcome.created, []);
    await h.waitForNoPreview();
    assert.deepEqual(fs.readdirSync(root.fsPath).sort(), ['job.py', 'pyproject.toml']);
  });

  test('refuses with the reason and creates nothing', async () => {
    const root = project({ 'pyproject.toml': '', 'dyn.py': 'x = 1\nprint(eval("x + 1"))\n' });
    const outcome = await vscode.commands.executeCommand('mlHygiene.modularize', vscode.Uri.joinPath(root, 'dyn.py'), {
      name: 'dyn',
      folder: root.fsPath,
      replaceOriginal: false,
    });
    assert.equal(outcome.created.length, 0);
    assert.match(outcome.refused[0], /line 2: line 2 calls eval\(\)/);
    assert.deepEqual(fs.readdirSync(root.fsPath).sort(), ['dyn.py', 'pyproject.toml']);
  });

  test('MLH001 offers "Modularize this file into a package…", which runs the command on the file', async () => {
    const lines = [SCRIPT];
    for (let i = 0; i < 40; i++) lines.push(`v${i} = df["a"].sum() * ${i}\nprint(v${i})`);
    const root = project({ 'pyproject.toml': '', 'big.py': lines.join('\n') + '\n' });
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, 'big.py'));
    await vscode.window.showTextDocument(document);
    const diagnostics = await h.waitForDiagnostics(document.uri, 'MLH001', (ds) => h.withCode(ds, 'MLH001').length === 1);
    const monolith = h.withCode(diagnostics, 'MLH001')[0];
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', document.uri, monolith.range);
    const action = actions.find((a) => a.title === 'Modularize this file into a package…');
    assert.ok(action, actions.map((a) => a.title).join(', '));
    assert.equal(action.command.command, 'mlHygiene.modularize');
    assert.equal(action.command.arguments[0].fsPath, document.uri.fsPath);
  });
});
