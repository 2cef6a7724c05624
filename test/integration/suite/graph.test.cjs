// "ML Hygiene: Show Pipeline Graph": the panel beside the editor, its graph the one
// `ml-hygiene graph` prints for the same file, live on edits and on the active editor, the step
// under the cursor, clicking a node (simulated through the extension's API) moving the editor,
// the package graph after Modularize, the sidebar's button, and the manifest's `when` clauses.
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const h = require('../helpers.cjs');

const COMMAND = 'mlHygiene.showPipelineGraph';
const { project, removeProjects } = h.scratchProjects('graph-project');

const SCRIPT = [
  'import pandas as pd',
  'from sklearn.linear_model import LogisticRegression',
  '',
  'df = pd.read_csv("data/train.csv")',
  'df = df.dropna()',
  'X = df[["a", "b"]]',
  'y = df["label"]',
  'model = LogisticRegression(C=0.5)',
  'model.fit(X, y)',
  'print(model.score(X, y))',
  '',
].join('\n');

let api;
let extensionPath;

/** The graph `ml-hygiene graph` prints for a file (the bundled CLI, run by this Node). */
function cliGraph(file) {
  const out = execFileSync(process.execPath, [path.join(extensionPath, 'dist', 'cli.js'), 'graph', file], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

function stepsOf(graph) {
  return graph.nodes.filter((n) => n.kind === 'step').map((n) => `${n.name}@${n.cell ?? ''}:${n.line}-${n.endLine}`);
}

function mainPanel() {
  return api.panels().find((p) => p.follows);
}

function describePanels() {
  const panels = api.panels().map((p) => ({
    id: p.id,
    path: p.path && path.basename(p.path),
    column: p.viewColumn,
    version: p.version,
    rendered: p.rendered,
    visible: p.visible,
    nodes: p.graph.nodes.length,
  }));
  const groups = vscode.window.tabGroups.all.map(
    (g) => `${g.viewColumn}${g.isActive ? '*' : ''}: ${g.tabs.map((t) => `${t.label}${t.isActive ? '*' : ''}`).join(', ')}`,
  );
  return `${JSON.stringify(panels)}; tabs ${JSON.stringify(groups)}`;
}

/** Waits until the following panel shows `file` and its view has drawn the graph, and returns the panel's state. */
function waitForDrawn(file, predicate = () => true, description = '') {
  return h.waitFor(
    `the graph panel drawing ${path.basename(file)}${description ? `: ${description}` : ''}`,
    () => {
      const panel = mainPanel();
      return panel && panel.path === file && panel.version > 0 && panel.rendered >= panel.version && predicate(panel) ? panel : undefined;
    },
    { timeout: 30_000, describeState: describePanels },
  );
}

/** The identifiers a `when` clause tests (the left side of each comparison, or a bare key). */
function contextKeysOf(when) {
  const keys = [];
  for (const atom of when.split(/&&|\|\||[()]/)) {
    const match = /^\s*!?\s*([A-Za-z_][\w.]*)/.exec(atom);
    if (match) keys.push(match[1]);
  }
  return keys;
}

suite('Show Pipeline Graph', () => {
  suiteSetup(async () => {
    const extension = await h.activateExtension();
    api = extension.exports.graph;
    extensionPath = extension.extensionPath;
    await h.resetSettings();
  });

  suiteTeardown(async () => {
    await h.closeAllEditors();
    removeProjects();
  });

  test('the manifest contributes the command with `when` clauses of real context keys only', async () => {
    const manifest = vscode.extensions.getExtension('ml-hygiene.ml-hygiene').packageJSON;
    assert.ok(manifest.contributes.commands.some((c) => c.command === COMMAND && c.title === 'Show Pipeline Graph'));
    assert.ok(manifest.activationEvents.includes(`onCommand:${COMMAND}`));
    const entries = Object.entries(manifest.contributes.menus).flatMap(([menu, items]) =>
      items.filter((item) => item.command === COMMAND).map((item) => ({ menu, when: item.when ?? '' })),
    );
    assert.deepEqual([...new Set(entries.map((e) => e.menu))].sort(), ['commandPalette', 'editor/title']);
    // The workbench's own list of the context keys it declares.
    const known = new Set((await vscode.commands.executeCommand('getContextKeyInfo')).map((info) => info.key));
    assert.ok(known.has('editorLangId') && known.has('activeEditor'), 'the workbench lists its context keys');
    for (const { menu, when } of entries) {
      const keys = contextKeysOf(when);
      assert.ok(keys.length > 0, `${menu}: ${when}`);
      for (const key of keys) assert.ok(known.has(key), `${menu}: "${key}" in "${when}" is not a context key of VS Code`);
    }
  });

  test('opens a panel beside a Python file, its graph the one `ml-hygiene graph` prints', async () => {
    const document = await h.openPython('monolith.py');
    const state = await vscode.commands.executeCommand(COMMAND);
    assert.equal(state.title, 'Pipeline: monolith.py');
    const panel = await waitForDrawn(document.uri.fsPath);
    assert.ok(panel.visible);
    assert.notEqual(panel.viewColumn, vscode.window.activeTextEditor.viewColumn, 'beside the editor');
    assert.equal(vscode.window.activeTextEditor.document, document, 'the editor keeps the focus');
    const expected = cliGraph(document.uri.fsPath);
    assert.deepEqual(stepsOf(panel.graph), stepsOf(expected));
    assert.deepEqual(
      panel.graph.nodes.map((n) => n.id),
      expected.nodes.map((n) => n.id),
    );
    assert.ok(stepsOf(panel.graph).length >= 3, stepsOf(panel.graph).join(', '));
    // Run again: the same panel.
    await vscode.commands.executeCommand(COMMAND);
    assert.equal(api.panels().length, 1);
  });

  test('clicking a step selects its lines in the editor, the cursor on its first line', async () => {
    const panel = await waitForDrawn(h.fixtureUri('monolith.py').fsPath);
    const step = panel.graph.nodes.filter((n) => n.kind === 'step')[1];
    // Move the cursor away first, so the reveal has something to do.
    const editor = vscode.window.activeTextEditor;
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await api.dispatch({ type: 'reveal', nodeId: step.id });
    const active = vscode.window.activeTextEditor;
    assert.equal(active.document.uri.fsPath, panel.path);
    assert.equal(active.selection.active.line, step.line - 1);
    assert.equal(active.selection.anchor.line, step.endLine - 1);
    // The cursor is in that step now: the graph selects it.
    await h.waitFor('the step under the cursor to be focused', () => mainPanel().focused === step.id, { describeState: describePanels });
    // Any other id is dropped, as the view's messages are checked.
    await assert.rejects(api.dispatch({ type: 'reveal', nodeId: 'step:nothing' }), /not a valid graph view message/);
  });

  test('follows edits: a model saved at the end appears as a file node', async () => {
    const root = project({ 'pyproject.toml': '', 'job.py': SCRIPT });
    const uri = vscode.Uri.joinPath(root, 'job.py');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
    const before = await waitForDrawn(uri.fsPath);
    assert.ok(!before.graph.nodes.some((n) => n.id === 'file:model.pkl'));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(document.lineCount, 0), 'import joblib\njoblib.dump(model, "model.pkl")\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await waitForDrawn(uri.fsPath, (p) => p.version > before.version && p.graph.nodes.some((n) => n.id === 'file:model.pkl'));
    fs.writeFileSync(path.join(root.fsPath, 'edited.py'), document.getText());
    const expected = cliGraph(path.join(root.fsPath, 'edited.py'));
    assert.deepEqual(stepsOf(after.graph), stepsOf(expected));
    assert.equal(after.timing.version, after.version);
    assert.equal(typeof after.timing.changeToRenderedMs, 'number', 'the edit was timed to the screen');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('follows the active editor to a notebook; clicking a step reveals its cell', async () => {
    const uri = h.fixtureUri('analysis.ipynb');
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    await vscode.window.showNotebookDocument(notebook, { viewColumn: vscode.ViewColumn.One });
    const panel = await waitForDrawn(uri.fsPath);
    assert.equal(panel.graph.kind, 'notebook');
    assert.equal(panel.title, 'Pipeline: analysis.ipynb');
    assert.deepEqual(stepsOf(panel.graph), stepsOf(cliGraph(uri.fsPath)));
    const step = panel.graph.nodes.filter((n) => n.kind === 'step').at(-1);
    assert.ok(step.cell > 1, JSON.stringify(step));
    await vscode.window.showNotebookDocument(notebook, { viewColumn: vscode.ViewColumn.One, selections: [new vscode.NotebookRange(0, 1)] });
    await api.dispatch({ type: 'reveal', nodeId: step.id });
    const editor = vscode.window.activeNotebookEditor;
    assert.equal(editor.notebook.uri.toString(), uri.toString());
    assert.equal(editor.selection.start, step.cell - 1, 'the step’s cell is selected');
    const cellEditor = vscode.window.visibleTextEditors.find((e) => e.document === notebook.cellAt(step.cell - 1).document);
    if (cellEditor) assert.equal(cellEditor.selection.active.line, step.line - 1, 'the cursor is on the step’s line in its cell');
  });

  test('the command on a notebook not yet open opens it and draws it; a closed file clears the panel', async () => {
    await h.closeAllEditors();
    const uri = h.fixtureUri('analysis.ipynb');
    await vscode.commands.executeCommand(COMMAND, uri);
    await h.waitFor('the notebook to be open', () => vscode.window.activeNotebookEditor?.notebook.uri.toString() === uri.toString());
    const panel = await waitForDrawn(uri.fsPath);
    assert.deepEqual(stepsOf(panel.graph), stepsOf(cliGraph(uri.fsPath)));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await h.waitFor(
      'the panel to clear when the notebook closes',
      () => mainPanel()?.path === null && mainPanel().graph.nodes.length === 0,
      {
        describeState: describePanels,
      },
    );
  });

  test('a file that cannot be opened shows the error graph', async () => {
    const missing = h.fixtureUri('no_such_file.py');
    await vscode.commands.executeCommand(COMMAND, missing);
    const panel = await waitForDrawn(missing.fsPath, (p) => p.graph.error !== null);
    assert.match(panel.graph.error.message, /^cannot read it: /);
    assert.deepEqual(panel.graph.nodes, []);
  });

  test("the sidebar's graph button runs the command on its file", async () => {
    const state = await h.activateExtension().then((e) => e.exports.plan.snapshot());
    const file = state.overview.files.find((f) => f.path === 'monolith.py');
    assert.ok(file, 'the overview lists monolith.py');
    await h.activateExtension().then((e) => e.exports.plan.dispatch({ type: 'showGraph', folder: state.folder, path: 'monolith.py' }));
    const panel = await waitForDrawn(h.fixtureUri('monolith.py').fsPath);
    assert.equal(vscode.window.activeTextEditor.document.uri.fsPath, panel.path, 'the file is opened too');
  });

  test('after Modularize, the package graph opens beside the original’s, which stays', async () => {
    await h.closeAllEditors();
    const root = project({ 'pyproject.toml': '', 'job.py': SCRIPT });
    const uri = vscode.Uri.joinPath(root, 'job.py');
    await vscode.commands.executeCommand(COMMAND, uri);
    await waitForDrawn(uri.fsPath);
    const running = vscode.commands.executeCommand('mlHygiene.modularize', uri, {
      name: 'job',
      folder: root.fsPath,
      replaceOriginal: false,
    });
    await h.waitForPreview('Modularize job.py into the package job');
    await vscode.commands.executeCommand('mlHygiene.applyRefactorPreview');
    const outcome = await running;
    assert.equal(outcome.outcome, 'applied');
    const pipeline = path.join(root.fsPath, 'job', 'pipeline.py');
    const pinned = await h.waitFor(
      'the package graph panel',
      () => api.panels().find((p) => !p.follows && p.path === pipeline && p.rendered > 0 && p.rendered >= p.version),
      { timeout: 30_000, describeState: describePanels },
    );
    assert.equal(pinned.graph.kind, 'package');
    assert.equal(pinned.title, 'Pipeline: job/pipeline.py');
    assert.deepEqual(stepsOf(pinned.graph), stepsOf(cliGraph(pipeline)));
    const main = mainPanel();
    assert.equal(main.path, uri.fsPath, 'the following panel keeps the original, though pipeline.py is active');
    await h.waitFor(
      'both graphs visible, side by side, beside the code',
      () => {
        const [before, after] = [mainPanel(), api.panels().find((p) => p.id === pinned.id)];
        const code = vscode.window.activeTextEditor?.viewColumn;
        return before.visible && after.visible && code < before.viewColumn && before.viewColumn < after.viewColumn;
      },
      { describeState: describePanels },
    );
    // A package step opens its module at its function.
    const step = pinned.graph.nodes.find((n) => n.kind === 'step' && n.source);
    await api.dispatch({ type: 'reveal', nodeId: step.id }, pinned.id);
    const active = vscode.window.activeTextEditor;
    assert.equal(active.document.uri.fsPath, path.join(root.fsPath, 'job', step.source));
    assert.equal(active.selection.active.line, step.line - 1);
    assert.equal(mainPanel().path, uri.fsPath, 'opening a module of the package does not move the following panel');
  });
});
