// "ML Hygiene: Scan Workspace": every .py/.ipynb file that .gitignore does not ignore.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const vscode = require('vscode');
const h = require('../helpers.cjs');

/** The fixture's analyzable files outside build/ (which .gitignore ignores). */
const SCANNED = ['analysis.ipynb', 'monolith.py', 'pipeline/clean_module.py', 'scan_only.py', 'sub/notebook_export.py'];

suite('Scan Workspace', () => {
  suiteSetup(async () => {
    await h.activateExtension();
    await h.resetSettings();
  });

  test('analyses the files .gitignore keeps and publishes their findings', async () => {
    const summary = await vscode.commands.executeCommand('mlHygiene.scanWorkspace');
    assert.deepEqual(
      { files: summary.files, analyzed: summary.analyzed, cancelled: summary.cancelled },
      { files: SCANNED.length, analyzed: SCANNED.length, cancelled: false },
    );
    assert.ok(summary.findings > 0);
    const api = (await h.activateExtension()).exports;
    assert.ok(api.analysisWorkersStarted() >= 1, 'the files were analysed in worker threads (dist/worker.js), off the host thread');

    // Never opened, so these findings can only come from the scan.
    const scanOnly = h.fixtureUri('scan_only.py');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === scanOnly.toString()));
    const diagnostics = h.ourDiagnostics(scanOnly);
    assert.deepEqual(
      ['MLH102', 'MLH202'].filter((code) => h.codesOf(diagnostics).includes(code)),
      ['MLH102', 'MLH202'],
      `findings of scan_only.py: ${h.codesOf(diagnostics)}`,
    );
    const lines = fs.readFileSync(scanOnly.fsPath, 'utf8').split('\n');
    assert.deepEqual(
      h.withCode(diagnostics, 'MLH202').map((d) => d.range.start.line),
      [lines.indexOf('df.describe()')],
    );

    assert.deepEqual(h.ourDiagnostics(h.fixtureUri('build/generated.py')), [], 'gitignored files are not scanned');
    assert.deepEqual(h.withCode(h.ourDiagnostics(h.fixtureUri('pipeline/clean_module.py')), 'MLH001'), []);

    const notebookUri = h.fixtureUri('analysis.ipynb');
    if (!vscode.workspace.notebookDocuments.some((notebook) => notebook.uri.toString() === notebookUri.toString())) {
      const cellFindings = h.ourDiagnostics(notebookUri);
      assert.ok(cellFindings.length > 0, 'the closed notebook has findings');
      for (const diagnostic of cellFindings) assert.match(diagnostic.message, /^Cell \d+, line \d+: /);
    }
  });
});
