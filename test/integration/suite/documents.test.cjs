// Live diagnostics for open Python documents: published on open, updated on edit, cleared on close.
const assert = require('node:assert/strict');
const vscode = require('vscode');
const h = require('../helpers.cjs');

const MONOLITH_CODES = ['MLH001', 'MLH002', 'MLH003', 'MLH101', 'MLH102', 'MLH202', 'MLH301', 'MLH401'];

suite('Live diagnostics for Python files', () => {
  suiteSetup(async () => {
    await h.activateExtension();
    await h.resetSettings();
  });

  suiteTeardown(() => h.closeAllEditors());

  test('opening a monolith publishes its findings with codes, ranges and doc links', async () => {
    const document = await h.openPython('monolith.py');
    const diagnostics = await h.waitForDiagnostics(document.uri, `findings ${MONOLITH_CODES.join(', ')}`, (ds) =>
      MONOLITH_CODES.every((code) => h.codesOf(ds).includes(code)),
    );

    const [monolith] = h.withCode(diagnostics, 'MLH001');
    assert.equal(monolith.range.start.line, 0, 'MLH001 sits on the first line of the module');
    assert.match(monolith.message, /\d+/, 'MLH001 names the score');

    const bare = h.withCode(diagnostics, 'MLH202');
    assert.deepEqual(
      bare.map((d) => d.range.start.line),
      [h.lineStartingWith(document, 'df.head()')],
    );

    const literal = h.positionOf(document, '150');
    assert.ok(
      h.withCode(diagnostics, 'MLH101').some((d) => d.range.contains(literal)),
      'MLH101 covers n_estimators=150',
    );
    const path = h.positionOf(document, 'data/churn.csv');
    assert.ok(
      h.withCode(diagnostics, 'MLH102').some((d) => d.range.contains(path)),
      'MLH102 covers the path literal',
    );

    const duplicates = h.withCode(diagnostics, 'MLH002');
    assert.equal(duplicates.length, 1, 'the feature list is reported once, on its first copy');
    const related = duplicates[0].relatedInformation ?? [];
    assert.equal(related.length, 1, 'the finding points at the other copy');
    assert.equal(related[0].location.uri.toString(), document.uri.toString());
    assert.equal(related[0].location.range.start.line, h.lineStartingWith(document, 'scores = model.predict_proba'));

    for (const diagnostic of diagnostics) {
      assert.equal(diagnostic.source, h.SOURCE);
      assert.equal(typeof diagnostic.code, 'object', 'the code carries a documentation link');
      assert.match(String(diagnostic.code.value), /^MLH\d{3}$/);
      // The extension's own URI (rendered page), never the writable .md file.
      const target = diagnostic.code.target;
      assert.equal(target.scheme, vscode.env.uriScheme);
      assert.equal(target.authority, 'ml-hygiene.ml-hygiene');
      assert.equal(target.path, `/rule/${diagnostic.code.value}`);
    }
  });

  test('an edit updates the findings shortly after the last keystroke', async () => {
    const document = await h.openPython('monolith.py');
    const editor = await vscode.window.showTextDocument(document);
    await h.waitForDiagnostics(document.uri, 'MLH202', (ds) => h.withCode(ds, 'MLH202').length === 1);
    const headLine = h.lineStartingWith(document, 'df.head()');

    const started = Date.now();
    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(headLine + 1, 0), 'df.describe()\n')));
    const updated = await h.waitForDiagnostics(document.uri, 'MLH202 on the inserted line too', (ds) =>
      h.withCode(ds, 'MLH202').some((d) => d.range.start.line === headLine + 1),
    );
    // A loose bound: the refresh is debounced by ~200 ms; this catches a refresh that never comes on its own.
    assert.ok(Date.now() - started < 2_000, `refreshed after ${Date.now() - started} ms`);
    assert.deepEqual(
      h.withCode(updated, 'MLH202').map((d) => d.range.start.line),
      [headLine, headLine + 1],
    );
    assert.ok(
      h.withCode(updated, 'MLH101').some((d) => d.range.contains(h.positionOf(document, '150'))),
      'later findings moved down',
    );

    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# mlh: ignore-file\n')));
    await h.waitForDiagnostics(document.uri, 'no findings under # mlh: ignore-file', (ds) => ds.length === 0);

    await vscode.commands.executeCommand('workbench.action.files.revert');
    await h.waitForDiagnostics(
      document.uri,
      'the original findings after revert',
      (ds) =>
        h.codesOf(ds).includes('MLH001') &&
        h
          .withCode(ds, 'MLH202')
          .map((d) => d.range.start.line)
          .join() === String(headLine),
    );
  });

  test('an untitled Python document is analysed', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 'import pandas as pd\n\ndf = pd.read_csv("/srv/data/untitled.csv")\ndf.head()\nprint(len(df))\n',
    });
    await vscode.window.showTextDocument(document);
    const diagnostics = await h.waitForDiagnostics(document.uri, 'MLH102 and MLH202', (ds) =>
      ['MLH102', 'MLH202'].every((code) => h.codesOf(ds).includes(code)),
    );
    assert.equal(h.withCode(diagnostics, 'MLH202')[0].range.start.line, 3);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('closing a document clears its findings', async () => {
    // Gitignored, so no workspace scan ever covers it: what is left after closing would be live.
    const uri = h.fixtureUri('build/scratch.py');
    await vscode.commands.executeCommand('vscode.open', uri);
    await h.waitForDiagnostics(uri, 'findings', (ds) => ds.length > 0);
    await h.closeAllEditors();
    // VS Code disposes the document once no editor shows it; that can take a moment.
    await h.waitFor('build/scratch.py to close', () => !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), {
      timeout: 30_000,
    });
    await h.waitForDiagnostics(uri, 'no findings after close', (ds) => ds.length === 0);
  });

  test('a document that stops being Python loses its findings', async () => {
    const document = await h.openPython('build/scratch.py');
    await h.waitForDiagnostics(document.uri, 'findings', (ds) => ds.length > 0);
    // A language change closes the Python document and opens a plain-text one.
    await vscode.languages.setTextDocumentLanguage(document, 'plaintext');
    await h.waitForDiagnostics(document.uri, 'no findings on plain text', (ds) => ds.length === 0);
  });
});
