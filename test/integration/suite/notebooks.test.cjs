// Notebook diagnostics: the code cells are analyzed as one program, findings land on their cells.
const assert = require('node:assert/strict');
const vscode = require('vscode');
const h = require('../helpers.cjs');

suite('Notebook cell diagnostics', () => {
  let notebook;

  suiteSetup(async () => {
    await h.activateExtension();
    await h.resetSettings();
    notebook = await vscode.workspace.openNotebookDocument(h.fixtureUri('analysis.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    assert.equal(notebook.notebookType, 'jupyter-notebook');
  });

  suiteTeardown(() => h.closeAllEditors());

  test('findings are published on their cells at cell-relative ranges', async () => {
    const load = notebook.cellAt(2).document;
    const loadFindings = await h.waitForDiagnostics(load.uri, 'MLH102 and MLH202 on the loading cell', (ds) =>
      ['MLH102', 'MLH202'].every((code) => h.codesOf(ds).includes(code)),
    );
    assert.ok(h.withCode(loadFindings, 'MLH102').some((d) => d.range.contains(h.positionOf(load, 'data/churn.csv'))));
    assert.deepEqual(
      h.withCode(loadFindings, 'MLH202').map((d) => d.range.start.line),
      [h.lineStartingWith(load, 'df.head()')],
    );

    const split = notebook.cellAt(3).document;
    const splitFindings = await h.waitForDiagnostics(split.uri, 'MLH301 on the split cell', (ds) => h.codesOf(ds).includes('MLH301'));
    assert.ok(h.withCode(splitFindings, 'MLH301').some((d) => d.range.start.line === 0));
    assert.deepEqual(h.withCode(splitFindings, 'MLH202'), [], 'a display as the last statement of a cell is not reported');

    assert.deepEqual(h.ourDiagnostics(notebook.cellAt(0).document.uri), [], 'no findings on the markdown cell');
    for (const diagnostic of [...loadFindings, ...splitFindings]) {
      assert.equal(diagnostic.source, h.SOURCE);
      // The rule's page, through the extension's URI handler (the rendered preview, not the .md file).
      assert.equal(diagnostic.code.target.scheme, vscode.env.uriScheme);
      assert.equal(diagnostic.code.target.path, `/rule/${diagnostic.code.value}`);
    }
  });

  test('adding a cell re-analyses the notebook', async () => {
    const edit = new vscode.WorkspaceEdit();
    const cell = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'df.tail()\nprint(rows)', 'python');
    edit.set(notebook.uri, [vscode.NotebookEdit.insertCells(notebook.cellCount, [cell])]);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const added = notebook.cellAt(notebook.cellCount - 1).document;
    assert.equal(added.getText(), 'df.tail()\nprint(rows)');
    await h.waitForDiagnostics(added.uri, 'MLH202 on the new cell', (ds) => h.withCode(ds, 'MLH202').some((d) => d.range.start.line === 0));
  });

  test('editing a cell updates its findings', async () => {
    const load = notebook.cellAt(2).document;
    const line = h.lineStartingWith(load, 'df.head()');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(load.uri, load.lineAt(line).range.end, '  # mlh: ignore[MLH202]');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await h.waitForDiagnostics(
      load.uri,
      'MLH202 suppressed, MLH102 kept',
      (ds) => h.codesOf(ds).includes('MLH102') && h.withCode(ds, 'MLH202').length === 0,
    );
  });

  test('markdown cells are not analysed as code', async () => {
    const edit = new vscode.WorkspaceEdit();
    const markdown = new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, 'df.head()\nprint(1)', 'markdown');
    const code = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'df.sample(5)\nprint(2)', 'python');
    edit.set(notebook.uri, [vscode.NotebookEdit.insertCells(1, [markdown, code])]);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(notebook.cellAt(1).kind, vscode.NotebookCellKind.Markup);
    // The new code cell's finding shows that the notebook was re-analyzed with both cells in it.
    await h.waitForDiagnostics(notebook.cellAt(2).document.uri, 'MLH202 on the new code cell', (ds) =>
      h.withCode(ds, 'MLH202').some((d) => d.range.start.line === 0),
    );
    assert.deepEqual(h.ourDiagnostics(notebook.cellAt(1).document.uri), [], 'the markdown cell has no findings');
  });
});
