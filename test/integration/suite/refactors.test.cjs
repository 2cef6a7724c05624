// Refactors as code actions and commands: quick fixes on their diagnostics, the file-wide source
// action, extract-to-function, "Disable ... for this line" and "Show documentation". Each test works
// in its own project folder (with a pyproject.toml, so the params file lands there) created here and
// removed afterwards, so that the other suites see the fixture workspace unchanged.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const h = require('../helpers.cjs');

const TRAIN = [
  'import pandas as pd',
  'from sklearn.ensemble import RandomForestClassifier',
  'from sklearn.model_selection import train_test_split',
  '',
  'df = pd.read_csv("data/churn.csv")',
  'features = ["tenure", "monthly_charges", "support_calls"]',
  'X = df[features]',
  'y = df["churned"]',
  'X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25)',
  'model = RandomForestClassifier(n_estimators=150, max_depth=8)',
  'model.fit(X_train, y_train)',
  'latest = df.tail(10)[["tenure", "monthly_charges", "support_calls"]]',
  'print(model.score(X_test, y_test), len(latest))',
  '',
].join('\n');

/** A notebook: a heading, the imports, a cell with a hard-coded hyperparameter. */
const NOTEBOOK = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
  cells: [
    { cell_type: 'markdown', metadata: {}, source: ['# Churn'] },
    {
      cell_type: 'code',
      execution_count: null,
      metadata: {},
      outputs: [],
      source: ['import pandas as pd\n', 'from sklearn.svm import SVC'],
    },
    { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['model = SVC(C=2.5)\n', 'print(model)'] },
  ],
};

const { project, removeProjects } = h.scratchProjects('refactor-project');

/** A project (pyproject.toml, train.py) with train.py open in an editor. */
async function openTrain() {
  const root = project({ 'pyproject.toml': '', 'train.py': TRAIN });
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, 'train.py'));
  await vscode.window.showTextDocument(document);
  return { root, document };
}

/**
 * Runs "Move Parameters to the Params File" on the active file and waits for its preview; `running`
 * is the command, which ends when the preview is applied or discarded (wrapped: awaiting it here
 * would wait for that decision).
 */
async function extractConfigInPreview() {
  const running = vscode.commands.executeCommand('mlHygiene.extractConfig');
  await h.waitForPreview('Move all parameters of this file to params.yaml');
  return { running };
}

/** Waits until the preview has all its tabs (the diff and the created files), and returns them. */
function waitForWholePreview(title, count) {
  return h.waitFor(`${count} tabs of the preview "${title}"`, () => {
    const tabs = h.previewTabs(title);
    return tabs.length === count && tabs;
  });
}

async function codeActions(uri, range, kind, resolve = 0) {
  return vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range, kind, resolve);
}

/** What the workbench does when a code action is chosen: its edit, then its command. */
async function applyAction(action) {
  const applied = await vscode.workspace.applyEdit(action.edit);
  if (applied && action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  return applied;
}

function titles(actions) {
  return actions.map((action) => action.title);
}

suite('Refactors: code actions and commands', () => {
  // The code actions are tested as one edit; the preview that file-creating changes open by
  // default has its own tests below.
  suiteSetup(async () => {
    await h.activateExtension();
    await h.resetSettings();
    await h.updateSetting('refactor.preview', 'never');
  });

  teardown(async () => {
    await h.updateSetting('params.format', undefined);
    await h.updateSetting('refactor.preview', 'never');
  });

  suiteTeardown(async () => {
    await h.closeAllEditors();
    await h.resetSettings();
    removeProjects();
  });

  test('the refactor commands are registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['mlHygiene.extractConfig', 'mlHygiene.extractFunction']) assert.ok(commands.includes(id), id);
  });

  test('a hard-coded hyperparameter offers "Move n_estimators to params.yaml" (preferred), "Disable" and "Show documentation"', async () => {
    const { document } = await openTrain();
    const diagnostics = await h.waitForDiagnostics(document.uri, 'MLH101 on n_estimators', (ds) => h.withCode(ds, 'MLH101').length === 2);
    const literal = h.withCode(diagnostics, 'MLH101').find((d) => d.range.contains(h.positionOf(document, '150')));
    const actions = await codeActions(document.uri, literal.range, vscode.CodeActionKind.QuickFix.value);
    assert.deepEqual(
      titles(actions).filter((t) => /n_estimators|MLH101/.test(t)),
      ['Move n_estimators to params.yaml', 'Disable MLH101 for this line', 'Show documentation for MLH101 (hard-coded-hyperparameter)'],
    );
    const move = actions.find((a) => a.title === 'Move n_estimators to params.yaml');
    assert.equal(move.kind.value, 'quickfix');
    assert.equal(move.isPreferred, true, 'moving a value to the params file keeps behaviour');
    const docs = actions.find((a) => a.title.startsWith('Show documentation'));
    assert.equal(docs.command.command, 'mlHygiene.showRuleDocumentation');
    assert.deepEqual(docs.command.arguments, ['MLH101']);
  });

  test('"Disable MLH101 for this line" adds the pragma and the finding goes away', async () => {
    const { document } = await openTrain();
    const diagnostics = await h.waitForDiagnostics(document.uri, 'MLH101', (ds) => h.withCode(ds, 'MLH101').length === 2);
    const literal = h.withCode(diagnostics, 'MLH101')[0];
    const actions = await codeActions(document.uri, literal.range, vscode.CodeActionKind.QuickFix.value);
    const disable = actions.find((a) => a.title === 'Disable MLH101 for this line');
    assert.ok(await applyAction(disable));
    const line = document.lineAt(literal.range.start.line).text;
    assert.ok(line.endsWith('  # mlh: ignore[MLH101]'), line);
    await h.waitForDiagnostics(document.uri, 'no MLH101 on the line', (ds) => h.withCode(ds, 'MLH101').length === 0);
  });

  test('"Move n_estimators to params.yaml" rewrites the call and creates params.yaml and params.py in one edit', async () => {
    const root = project({ 'pyproject.toml': '', 'src/train.py': TRAIN });
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, 'src', 'train.py'));
    await vscode.window.showTextDocument(document);
    const diagnostics = await h.waitForDiagnostics(document.uri, 'MLH101', (ds) => h.withCode(ds, 'MLH101').length === 2);
    const literal = h.withCode(diagnostics, 'MLH101').find((d) => d.range.contains(h.positionOf(document, '150')));
    const actions = await codeActions(document.uri, literal.range, vscode.CodeActionKind.QuickFix.value, 1);
    const move = actions[0];
    assert.equal(move.title, 'Move n_estimators to params.yaml');
    assert.ok(move.edit, 'the edit is computed when the action is resolved');
    assert.ok(await applyAction(move));
    const text = document.getText();
    assert.ok(
      text.includes('RandomForestClassifier(n_estimators=params["model"]["random_forest_classifier"]["n_estimators"], max_depth=8)'),
      text,
    );
    assert.ok(text.includes('from sklearn.model_selection import train_test_split\nfrom params import params\n'), text);
    const yaml = fs.readFileSync(path.join(root.fsPath, 'params.yaml'), 'utf8');
    assert.match(yaml, /^model:\n {2}random_forest_classifier:\n {4}n_estimators: 150$/m);
    const loader = fs.readFileSync(path.join(root.fsPath, 'src', 'params.py'), 'utf8');
    assert.match(loader, /Path\(__file__\)\.resolve\(\)\.parent \/ "\.\." \/ "params\.yaml"/);
    await h.waitForDiagnostics(document.uri, 'one MLH101 left (max_depth)', (ds) => h.withCode(ds, 'MLH101').length === 1);
  });

  test('the source action moves every parameter, path and feature list of the file; mlHygiene.params.format picks TOML', async () => {
    await h.updateSetting('params.format', 'toml');
    const { root, document } = await openTrain();
    await h.waitForDiagnostics(document.uri, 'MLH002, MLH101 and MLH102', (ds) =>
      ['MLH002', 'MLH101', 'MLH102'].every((c) => h.codesOf(ds).includes(c)),
    );
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await codeActions(document.uri, whole, 'source.mlHygiene.extractConfig', 1);
    assert.deepEqual(titles(actions), ['Move all parameters of this file to params.toml']);
    assert.equal(actions[0].kind.value, 'source.mlHygiene.extractConfig');
    assert.ok(await applyAction(actions[0]));
    const toml = fs.readFileSync(path.join(root.fsPath, 'params.toml'), 'utf8');
    assert.match(toml, /^features = \[/m);
    assert.match(toml, /^\[data\]\nchurn_csv = "data\/churn\.csv"$/m);
    assert.match(toml, /^\[model\.random_forest_classifier\]\nn_estimators = 150\nmax_depth = 8$/m);
    assert.match(fs.readFileSync(path.join(root.fsPath, 'params.py'), 'utf8'), /tomllib\.load/);
    await h.waitForDiagnostics(
      document.uri,
      'no MLH002, MLH101 or MLH102 left',
      (ds) => !['MLH002', 'MLH101', 'MLH102'].some((c) => h.codesOf(ds).includes(c)),
    );
    assert.ok(document.getText().includes('latest = df.tail(10)[params["features"]]'));
  });

  test('extract to function: whole statements become a function called in their place; a partial selection says why not', async () => {
    const { document } = await openTrain();
    const first = h.lineStartingWith(document, 'X = df[features]');
    const partial = await codeActions(document.uri, new vscode.Range(first, 4, first + 1, 0), vscode.CodeActionKind.RefactorExtract.value);
    const blocked = partial.filter((a) => a.title === 'Extract to function');
    assert.ok(
      blocked.every((a) => a.disabled && /select whole statements/.test(a.disabled.reason)),
      JSON.stringify(blocked),
    );
    const actions = await codeActions(
      document.uri,
      new vscode.Range(first, 0, first + 2, 0),
      vscode.CodeActionKind.RefactorExtract.value,
      1,
    );
    const extract = actions.find((a) => a.title === 'Extract to function');
    assert.ok(extract && !extract.disabled, titles(actions).join());
    assert.equal(extract.kind.value, 'refactor.extract');
    assert.ok(await applyAction(extract), 'extract to function creates no file');
    const text = document.getText();
    assert.ok(
      text.includes(
        'def compute_x_y(df, features):\n    X = df[features]\n    y = df["churned"]\n    return X, y\n\n\nX, y = compute_x_y(df, features)\n',
      ),
      text,
    );
  });

  test('after Extract to Function, what the author types names the new function at its def and its call', async () => {
    const { document } = await openTrain();
    const first = h.lineStartingWith(document, 'X = df[features]');
    vscode.window.activeTextEditor.selection = new vscode.Selection(first, 0, first + 2, 0);
    const result = await vscode.commands.executeCommand('mlHygiene.extractFunction');
    assert.equal(result.applied, true, JSON.stringify(result));
    // No Python rename provider in this instance: the def's name and the call's are one linked
    // placeholder, selected, so typing replaces both.
    const selections = vscode.window.activeTextEditor.selections;
    assert.equal(selections.length, 2, JSON.stringify(selections));
    assert.equal(document.getText(selections[0]), 'compute_x_y');
    assert.equal(selections[0].start.line, first, 'the def first');
    await vscode.commands.executeCommand('type', { text: 'split_target' });
    const text = document.getText();
    assert.ok(text.includes('def split_target(df, features):\n'), text);
    assert.ok(text.includes('\nX, y = split_target(df, features)\n'), text);
    assert.ok(!text.includes('compute_x_y'), text);
  });

  test('with a rename provider for Python, the Extract to Function code action starts editor.action.rename on the new name', async () => {
    const asked = [];
    const provider = vscode.languages.registerRenameProvider(
      { language: 'python' },
      {
        prepareRename(document, position) {
          asked.push(position);
          return document.getWordRangeAtPosition(position);
        },
        provideRenameEdits(document, position, newName) {
          const edit = new vscode.WorkspaceEdit();
          edit.replace(document.uri, document.getWordRangeAtPosition(position), newName);
          return edit;
        },
      },
    );
    try {
      const { document } = await openTrain();
      const first = h.lineStartingWith(document, 'X = df[features]');
      const actions = await codeActions(
        document.uri,
        new vscode.Range(first, 0, first + 2, 0),
        vscode.CodeActionKind.RefactorExtract.value,
        1,
      );
      const extract = actions.find((a) => a.title === 'Extract to function');
      assert.ok(extract && extract.command, 'the action renames after its edit');
      assert.ok(await applyAction(extract));
      // The rename widget asks the provider where the name is.
      await h.waitFor('the rename to start at the new function', () => asked.length >= 1, {
        describeState: () => JSON.stringify(asked),
      });
      for (const position of asked) assert.deepEqual([position.line, position.character], [first, 4]);
      assert.equal(document.getText(document.getWordRangeAtPosition(asked[0])), 'compute_x_y');
    } finally {
      await vscode.commands.executeCommand('cancelRenameInput');
      provider.dispose();
    }
  });

  test('"Move the top-level work into main()" is offered on MLH003, not preferred, and applied in one edit', async () => {
    const { document } = await openTrain();
    const diagnostics = await h.waitForDiagnostics(document.uri, 'MLH003', (ds) => h.withCode(ds, 'MLH003').length === 1);
    const guard = h.withCode(diagnostics, 'MLH003')[0];
    const actions = await codeActions(document.uri, guard.range, vscode.CodeActionKind.QuickFix.value, 10);
    const fix = actions.find((a) => a.title === 'Move the top-level work into main() under a main guard');
    assert.ok(fix, titles(actions).join());
    assert.equal(fix.isPreferred, false, 'importing the module changes: not preferred');
    assert.ok(await applyAction(fix));
    assert.ok(document.getText().endsWith('\n\nif __name__ == "__main__":\n    main()\n'), document.getText());
    await h.waitForDiagnostics(document.uri, 'no MLH003', (ds) => h.withCode(ds, 'MLH003').length === 0);
  });

  test('in a notebook, "Move C to params.yaml" edits the cell and imports the loader in the first code cell', async () => {
    const root = project({ 'pyproject.toml': '', 'churn.ipynb': JSON.stringify(NOTEBOOK, null, 1) });
    const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.joinPath(root, 'churn.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(2).document;
    const diagnostics = await h.waitForDiagnostics(cell.uri, 'MLH101 on C', (ds) => h.withCode(ds, 'MLH101').length === 1);
    const actions = await codeActions(cell.uri, h.withCode(diagnostics, 'MLH101')[0].range, vscode.CodeActionKind.QuickFix.value, 1);
    assert.equal(actions[0].title, 'Move C to params.yaml');
    assert.ok(await applyAction(actions[0]));
    assert.equal(cell.getText(), 'model = SVC(C=params["model"]["svc"]["C"])\nprint(model)');
    assert.equal(notebook.cellAt(1).document.getText(), 'import pandas as pd\nfrom sklearn.svm import SVC\nfrom params import params');
    assert.equal(notebook.cellCount, 3, 'cells stay cells');
    assert.match(fs.readFileSync(path.join(root.fsPath, 'params.yaml'), 'utf8'), /svc:\n {4}C: 2\.5/);
  });

  test('mlHygiene.extractConfig applies extract-config to the active file and reports what it did', async () => {
    const { root } = await openTrain();
    const result = await vscode.commands.executeCommand('mlHygiene.extractConfig');
    assert.equal(result.applied, true);
    assert.equal(result.moved, 5, JSON.stringify(result));
    assert.deepEqual(result.refused, []);
    assert.ok(fs.existsSync(path.join(root.fsPath, 'params.yaml')));
  });

  test('by default a change that creates files opens the preview first; Apply writes it all in one edit, then changes to the file alone apply at once', async () => {
    await h.updateSetting('refactor.preview', undefined);
    const { root, document } = await openTrain();
    const diagnostics = await h.waitForDiagnostics(document.uri, 'MLH101', (ds) => h.withCode(ds, 'MLH101').length === 2);
    const literal = h.withCode(diagnostics, 'MLH101').find((d) => d.range.contains(h.positionOf(document, '150')));
    const [move] = await codeActions(document.uri, literal.range, vscode.CodeActionKind.QuickFix.value, 1);
    assert.equal(move.title, 'Move n_estimators to params.yaml');
    assert.equal(move.edit, undefined, 'nothing is applied before the preview');
    assert.equal(move.command.command, 'mlHygiene.previewRefactor');
    const running = vscode.commands.executeCommand(move.command.command, ...move.command.arguments);
    await h.waitForPreview('Move n_estimators to params.yaml');
    assert.equal(document.getText(), TRAIN, 'the script is unchanged while the preview is open');
    assert.ok(!fs.existsSync(path.join(root.fsPath, 'params.yaml')), 'params.yaml is not written before Apply');
    await vscode.commands.executeCommand('mlHygiene.applyRefactorPreview');
    assert.equal(await running, 'applied');
    await h.waitForNoPreview();
    assert.ok(document.getText().includes('n_estimators=params["model"]["random_forest_classifier"]["n_estimators"]'));
    assert.match(fs.readFileSync(path.join(root.fsPath, 'params.yaml'), 'utf8'), /n_estimators: 150/);
    assert.ok(fs.existsSync(path.join(root.fsPath, 'params.py')));
    // params.yaml and params.py exist now: moving max_depth only edits files, so it applies at once.
    const again = await h.waitForDiagnostics(document.uri, 'MLH101 on max_depth only', (ds) => h.withCode(ds, 'MLH101').length === 1);
    const [depth] = await codeActions(document.uri, h.withCode(again, 'MLH101')[0].range, vscode.CodeActionKind.QuickFix.value, 1);
    assert.equal(depth.title, 'Move max_depth to params.yaml');
    assert.ok(depth.edit, 'a change without new files is a plain edit');
    assert.ok(await applyAction(depth));
    assert.match(fs.readFileSync(path.join(root.fsPath, 'params.yaml'), 'utf8'), /max_depth: 8/);
  });

  test('Discard, or closing the preview, changes nothing', async () => {
    await h.updateSetting('refactor.preview', undefined);
    const { root, document } = await openTrain();
    let running = vscode.commands.executeCommand('mlHygiene.extractConfig');
    await h.waitForPreview('Move all parameters of this file to params.yaml');
    await vscode.commands.executeCommand('mlHygiene.discardRefactorPreview');
    assert.equal((await running).applied, false);
    await h.waitForNoPreview();
    running = vscode.commands.executeCommand('mlHygiene.extractConfig');
    const tabs = await waitForWholePreview('Move all parameters of this file to params.yaml', 3);
    // Closing the diff alone leaves the created files open, and the preview waiting.
    const diff = tabs.find((tab) => !(tab.input instanceof vscode.TabInputText));
    await vscode.window.tabGroups.close(diff);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(h.previewTabs('Move all parameters of this file to params.yaml').length, 2);
    assert.equal(await Promise.race([running.then(() => 'settled'), Promise.resolve('waiting')]), 'waiting');
    // Closing its last tab is a "no".
    await vscode.window.tabGroups.close(h.previewTabs('Move all parameters of this file to params.yaml'));
    assert.equal((await running).applied, false);
    assert.equal(document.getText(), TRAIN);
    assert.deepEqual(fs.readdirSync(root.fsPath).sort(), ['pyproject.toml', 'train.py']);
  });

  test('the preview diffs the edited script and shows each created file as a read-only document of its own', async () => {
    await h.updateSetting('refactor.preview', undefined);
    const { root, document } = await openTrain();
    const running = vscode.commands.executeCommand('mlHygiene.extractConfig');
    const tabs = await waitForWholePreview('Move all parameters of this file to params.yaml', 3);
    const diff = tabs.find((tab) => !(tab.input instanceof vscode.TabInputText));
    assert.ok(diff, `a multi-file diff among ${tabs.map((tab) => tab.label).join(', ')}`);
    assert.deepEqual(
      (diff.input.textDiffs ?? []).map((item) => path.posix.basename(item.original.path)),
      ['train.py'],
      'the diff holds the edited script only',
    );
    const created = tabs.filter((tab) => tab.input instanceof vscode.TabInputText).map((tab) => tab.input.uri);
    assert.deepEqual(created.map((uri) => path.posix.basename(uri.path)).sort(), ['params.py', 'params.yaml']);
    for (const uri of created) {
      assert.equal(uri.scheme, 'ml-hygiene-preview');
      assert.ok(uri.path.startsWith('/Preview: Move all parameters of this file to params.yaml/'), uri.path);
    }
    assert.equal(vscode.workspace.fs.isWritableFileSystem('ml-hygiene-preview'), false, 'the preview cannot be edited');
    const yaml = await vscode.workspace.openTextDocument(created.find((uri) => uri.path.endsWith('params.yaml')));
    assert.equal(yaml.languageId, 'yaml');
    assert.match(yaml.getText(), /n_estimators: 150/);
    await vscode.commands.executeCommand('mlHygiene.applyRefactorPreview');
    assert.equal((await running).applied, true);
    await h.waitForNoPreview();
    assert.match(document.getText(), /params\[/);
    assert.ok(fs.existsSync(path.join(root.fsPath, 'params.yaml')));
  });

  test('in a notebook, the preview shows the changed cells and the new files; Apply edits the cells, which stay cells', async () => {
    await h.updateSetting('refactor.preview', undefined);
    const root = project({ 'pyproject.toml': '', 'churn.ipynb': JSON.stringify(NOTEBOOK, null, 1) });
    const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.joinPath(root, 'churn.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(2).document;
    const diagnostics = await h.waitForDiagnostics(cell.uri, 'MLH101 on C', (ds) => h.withCode(ds, 'MLH101').length === 1);
    const [move] = await codeActions(cell.uri, h.withCode(diagnostics, 'MLH101')[0].range, vscode.CodeActionKind.QuickFix.value, 1);
    assert.equal(move.command.command, 'mlHygiene.previewRefactor');
    const running = vscode.commands.executeCommand(move.command.command, ...move.command.arguments);
    await h.waitForPreview('Move C to params.yaml');
    assert.equal(cell.getText(), 'model = SVC(C=2.5)\nprint(model)');
    await vscode.commands.executeCommand('mlHygiene.applyRefactorPreview');
    assert.equal(await running, 'applied');
    assert.equal(cell.getText(), 'model = SVC(C=params["model"]["svc"]["C"])\nprint(model)');
    assert.equal(notebook.cellAt(1).document.getText(), 'import pandas as pd\nfrom sklearn.svm import SVC\nfrom params import params');
    assert.equal(notebook.cellCount, 3);
  });

  test('a script edited while its preview is open is not changed by Apply: the refactor says to run it again', async () => {
    await h.updateSetting('refactor.preview', undefined);
    const { root, document } = await openTrain();
    const { running } = await extractConfigInPreview();
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), '# edited meanwhile\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await vscode.commands.executeCommand('mlHygiene.applyRefactorPreview');
    assert.equal((await running).applied, false);
    assert.equal(document.getText(), `# edited meanwhile\n${TRAIN}`);
    assert.ok(!fs.existsSync(path.join(root.fsPath, 'params.yaml')), 'nothing is written');
  });

  test('one undo takes a file-creating refactor back: the script as it was, params.yaml and params.py gone', async () => {
    await h.updateSetting('refactor.preview', undefined);
    const { root, document } = await openTrain();
    const { running } = await extractConfigInPreview();
    await vscode.commands.executeCommand('mlHygiene.applyRefactorPreview');
    assert.equal((await running).applied, true);
    for (const file of ['params.yaml', 'params.py']) assert.ok(fs.existsSync(path.join(root.fsPath, file)), `${file} written`);
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await h.waitFor(
      'the undo to take every file back',
      () => document.getText() === TRAIN && !['params.yaml', 'params.py'].some((f) => fs.existsSync(path.join(root.fsPath, f))),
      {
        describeState: () => `${JSON.stringify(document.getText().slice(0, 80))}; ${fs.readdirSync(root.fsPath).join(', ')}`,
      },
    );
  });
});
