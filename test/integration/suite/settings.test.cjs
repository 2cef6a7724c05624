// VS Code settings and pyproject.toml [tool.ml-hygiene] change what the live analysis reports.
const assert = require('node:assert/strict');
const vscode = require('vscode');
const h = require('../helpers.cjs');

/** The monolith's findings with default settings include these. */
const BASELINE = ['MLH001', 'MLH101', 'MLH102', 'MLH202'];

function hasBaseline(diagnostics) {
  return BASELINE.every((code) => h.codesOf(diagnostics).includes(code));
}

suite('Settings and pyproject.toml', () => {
  let monolith;

  suiteSetup(async () => {
    await h.activateExtension();
    await h.resetSettings();
    monolith = await h.openPython('monolith.py');
    await h.waitForDiagnostics(monolith.uri, 'the default findings', hasBaseline);
  });

  teardown(async () => {
    await h.resetSettings();
    await h.waitForDiagnostics(monolith.uri, 'the default findings again', hasBaseline);
  });

  suiteTeardown(() => h.closeAllEditors());

  test('mlHygiene.ignore turns a rule off', async () => {
    await h.updateSetting('ignore', ['MLH101']);
    await h.waitForDiagnostics(
      monolith.uri,
      'findings without MLH101',
      (ds) => h.codesOf(ds).includes('MLH001') && !h.codesOf(ds).includes('MLH101'),
    );
  });

  test('mlHygiene.select runs only the selected rules', async () => {
    await h.updateSetting('select', ['MLH102', 'MLH202']);
    const diagnostics = await h.waitForDiagnostics(
      monolith.uri,
      'only MLH102 and MLH202',
      (ds) => h.codesOf(ds).join() === 'MLH102,MLH202',
    );
    assert.ok(diagnostics.length >= 2);
  });

  test('mlHygiene.severity sets a severity, and "off" disables a rule', async () => {
    await h.updateSetting('severity', { MLH202: 'error', MLH101: 'off' });
    const diagnostics = await h.waitForDiagnostics(
      monolith.uri,
      'MLH202 as an error and no MLH101',
      (ds) => !h.codesOf(ds).includes('MLH101') && h.withCode(ds, 'MLH202').every((d) => d.severity === vscode.DiagnosticSeverity.Error),
    );
    assert.ok(h.withCode(diagnostics, 'MLH202').length > 0);
  });

  test('mlHygiene.enable false clears the findings', async () => {
    await h.updateSetting('enable', false);
    await h.waitForDiagnostics(monolith.uri, 'no findings', (ds) => ds.length === 0);
    // teardown turns it back on and waits for the findings to return.
  });

  test('[tool.ml-hygiene] in the nearest pyproject.toml applies, and is reloaded when it changes', async () => {
    const script = await h.openPython('sub/notebook_export.py');
    await h.waitForDiagnostics(script.uri, 'MLH102 and MLH202', (ds) => ['MLH102', 'MLH202'].every((code) => h.codesOf(ds).includes(code)));
    const pyproject = h.fixtureUri('sub/pyproject.toml');
    const write = (text) => vscode.workspace.fs.writeFile(pyproject, new TextEncoder().encode(text));
    try {
      await write('[project]\nname = "sub"\n\n[tool.ml-hygiene]\nignore = ["MLH202"]\n');
      await h.waitForDiagnostics(
        script.uri,
        'MLH202 ignored by pyproject.toml',
        (ds) => h.codesOf(ds).includes('MLH102') && !h.codesOf(ds).includes('MLH202'),
      );
      // An invalid value is reported (a notification) and the defaults apply: MLH202 returns.
      await write('[tool.ml-hygiene]\nignore = 42\n');
      await h.waitForDiagnostics(script.uri, 'MLH202 back under an invalid config', (ds) => h.codesOf(ds).includes('MLH202'));
      // Settings still apply on top of the file.
      await write('[tool.ml-hygiene]\nignore = ["MLH202"]\n');
      await h.waitForDiagnostics(script.uri, 'MLH202 ignored again', (ds) => !h.codesOf(ds).includes('MLH202'));
      await h.updateSetting('ignore', ['MLH102']);
      await h.waitForDiagnostics(
        script.uri,
        'MLH102 and MLH202 both ignored',
        (ds) => !h.codesOf(ds).includes('MLH102') && !h.codesOf(ds).includes('MLH202'),
      );
    } finally {
      await vscode.workspace.fs.delete(pyproject);
    }
    await h.resetSettings();
    await h.waitForDiagnostics(script.uri, 'MLH202 back after the pyproject.toml is deleted', (ds) => h.codesOf(ds).includes('MLH202'));
  });
});
