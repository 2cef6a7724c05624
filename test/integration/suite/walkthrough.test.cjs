// The first-run walkthrough: its contributions resolve (every step's media file is in the
// extension, every command a step completes on is registered), the sample it opens, a quick fix
// that completes the "apply a quick fix" step, and Modularize started from the walkthrough page,
// where no text editor is active. What the page shows is checked by the UI flow 12-walkthrough.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const h = require('../helpers.cjs');

const WALKTHROUGH = 'ml-hygiene.ml-hygiene#firstRun';
const { removeProjects } = h.scratchProjects('walkthrough');
const stem = `walkthrough-${process.pid}-`;
let counter = 0;
/** A fresh, empty folder inside the fixture workspace (removed by removeProjects). */
function emptyFolder() {
  const root = h.fixtureUri(`${stem}${++counter}`);
  fs.mkdirSync(root.fsPath, { recursive: true });
  return root;
}

suite('Walkthrough', () => {
  let extension;
  suiteSetup(async () => {
    extension = await h.activateExtension();
  });
  suiteTeardown(async () => {
    await h.closeAllEditors();
    removeProjects();
  });

  test('every step has its media file in the extension and completes on a registered command', async () => {
    const manifest = extension.packageJSON;
    const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === 'firstRun');
    assert.ok(walkthrough);
    const registered = new Set(await vscode.commands.getCommands(true));
    const checked = [];
    for (const step of walkthrough.steps) {
      const media = step.media.markdown ?? step.media.image;
      assert.ok(fs.existsSync(vscode.Uri.joinPath(extension.extensionUri, media).fsPath), `${step.id}: ${media}`);
      const commands = [
        ...step.completionEvents.map((e) => e.replace(/^onCommand:/, '')),
        ...[...step.description.matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1]),
      ];
      for (const id of commands) {
        assert.ok(registered.has(id), `${step.id}: ${id} is registered`);
        checked.push(id);
      }
    }
    for (const id of ['mlHygiene.openSample', 'mlHygiene.quickFixApplied', 'mlHygiene.modularize', 'mlHygiene.openDecisionPath'])
      assert.ok(checked.includes(id), id);
  });

  test('Open the Sample Monolith writes the bundled example and its pyproject.toml, opens it, and never overwrites it', async () => {
    const folder = emptyFolder();
    const outcome = await vscode.commands.executeCommand('mlHygiene.openSample', folder);
    assert.equal(outcome.created, true);
    assert.equal(outcome.reloading, false);
    const sample = path.join(folder.fsPath, 'ml-hygiene-sample', 'house_prices.py');
    assert.equal(outcome.uri.fsPath, sample);
    const bundled = fs.readFileSync(path.join(extension.extensionPath, 'examples', 'house_prices.py'), 'utf8');
    assert.equal(fs.readFileSync(sample, 'utf8'), bundled);
    assert.match(fs.readFileSync(path.join(folder.fsPath, 'ml-hygiene-sample', 'pyproject.toml'), 'utf8'), /^\[project\]$/m);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, sample);
    await h.waitForDiagnostics(outcome.uri, 'the monolith finding', (ds) => h.withCode(ds, 'MLH001').length === 1);

    fs.writeFileSync(sample, '# my own changes\n');
    const again = await vscode.commands.executeCommand('mlHygiene.openSample', folder);
    assert.equal(again.created, false);
    assert.equal(fs.readFileSync(sample, 'utf8'), '# my own changes\n', 'an existing sample is opened as it is');
    await h.closeAllEditors();
  });

  test('a quick fix on the sample runs mlHygiene.quickFixApplied after its edit (the step completes on it)', async () => {
    const folder = emptyFolder();
    const { uri } = await vscode.commands.executeCommand('mlHygiene.openSample', folder);
    const document = await vscode.workspace.openTextDocument(uri);
    const diagnostics = await h.waitForDiagnostics(uri, 'MLH202 on listings.describe()', (ds) => h.withCode(ds, 'MLH202').length > 0);
    const display = h.withCode(diagnostics, 'MLH202').find((d) => document.getText(d.range) === 'listings.describe()');
    assert.ok(display, JSON.stringify(h.codesOf(diagnostics)));
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, display.range, 'quickfix');
    const fix = actions.find((a) => a.title === 'Remove the display expression');
    assert.ok(fix, actions.map((a) => a.title).join());
    assert.equal(fix.command?.command, 'mlHygiene.quickFixApplied');
    assert.deepEqual(fix.command.arguments, ['MLH202', 'Remove the display expression']);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await vscode.commands.executeCommand(fix.command.command, ...fix.command.arguments);
    assert.ok(!document.getText().includes('listings.describe()'));
    await h.closeAllEditors();
  });

  test('Modularize from the walkthrough page (no active text editor) works on the sample in sight', async () => {
    const folder = emptyFolder();
    const { uri } = await vscode.commands.executeCommand('mlHygiene.openSample', folder);
    // To the side: the walkthrough page (not a text editor) has the focus, the sample stays in sight.
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, true);
    await h.waitFor('the walkthrough in front, the sample beside it', () => {
      const visible = vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === uri.fsPath);
      return vscode.window.activeTextEditor === undefined && visible;
    });
    const sampleFolder = path.dirname(uri.fsPath);
    const running = vscode.commands.executeCommand('mlHygiene.modularize', undefined, {
      name: 'house_prices_pkg',
      folder: sampleFolder,
      replaceOriginal: false,
    });
    await h.waitForPreview('Modularize house_prices.py into the package house_prices_pkg');
    await vscode.commands.executeCommand('mlHygiene.applyRefactorPreview');
    const outcome = await running;
    assert.equal(outcome.outcome, 'applied');
    assert.ok(fs.existsSync(path.join(sampleFolder, 'house_prices_pkg', 'pipeline.py')));
    assert.ok(fs.existsSync(path.join(sampleFolder, 'params.yaml')), 'the params file lands beside the sample, not in the workspace root');
    await h.closeAllEditors();
  });
});
