// Bad input does not break anything: a syntax error, a file that is not UTF-8, and a scan that
// is cancelled half-way.
const assert = require('node:assert/strict');
const vscode = require('vscode');
const h = require('../helpers.cjs');

const created = [];

async function writeFixture(relativePath, content) {
  const uri = h.fixtureUri(relativePath);
  await vscode.workspace.fs.writeFile(uri, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  created.push(uri);
  return uri;
}

/** A script with a Latin-1 "ü" in a string: not valid UTF-8. */
function latin1(path) {
  return Buffer.concat([
    Buffer.from('import pandas as pd\ncity = "Z'),
    Buffer.from([0xfc]),
    Buffer.from(`rich"\ndf = pd.read_csv("${path}")\n`),
  ]);
}

suite('Robustness', () => {
  suiteSetup(async () => {
    await h.activateExtension();
    await h.resetSettings();
  });

  suiteTeardown(async () => {
    await h.closeAllEditors();
    for (const uri of created.reverse()) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
  });

  test('a file with a syntax error still gets findings for the parts that parse', async () => {
    const uri = await writeFixture(
      'broken.py',
      'import pandas as pd\ndef broken(:\n    pass\ndf = pd.read_csv("data/after_the_error.csv")\n',
    );
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const diagnostics = await h.waitForDiagnostics(uri, 'MLH102 after the syntax error', (ds) => h.codesOf(ds).includes('MLH102'));
    assert.equal(h.withCode(diagnostics, 'MLH102')[0].range.start.line, 3);
  });

  test('a file that is not UTF-8 is analysed as the editor decodes it', async () => {
    const uri = await writeFixture('latin1.py', latin1('data/latin1.csv'));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await h.waitForDiagnostics(uri, 'MLH102 in the decoded text', (ds) => h.codesOf(ds).includes('MLH102'));
  });

  test('Scan Workspace reports a file that is not UTF-8 as MLH000 and goes on', async () => {
    const uri = await writeFixture('latin1_never_opened.py', latin1('data/other.csv'));
    const summary = await vscode.commands.executeCommand('mlHygiene.scanWorkspace');
    assert.equal(summary.cancelled, false);
    assert.equal(summary.analyzed, summary.files);
    const unreadable = h.withCode(h.ourDiagnostics(uri), 'MLH000');
    assert.equal(unreadable.length, 1, `diagnostics of the file after the scan: ${h.codesOf(h.ourDiagnostics(uri))}`);
    assert.match(unreadable[0].message, /not valid UTF-8/);
    assert.ok(h.codesOf(h.ourDiagnostics(h.fixtureUri('scan_only.py'))).includes('MLH102'), 'the other files are still scanned');
  });

  test('Scan Workspace can be cancelled', async () => {
    for (let i = 0; i < 60; i++) await writeFixture(`many/script_${i}.py`, `import pandas as pd\ndf = pd.read_csv("data/part_${i}.csv")\n`);
    const source = new vscode.CancellationTokenSource();
    const scan = vscode.commands.executeCommand('mlHygiene.scanWorkspace', source.token);
    source.cancel();
    const summary = await scan;
    assert.equal(summary.cancelled, true);
    assert.ok(summary.analyzed < summary.files, `analysed ${summary.analyzed} of ${summary.files} files before stopping`);
    const many = h.fixtureUri('many');
    created.splice(created.length - 60, 60, many); // the folder goes in one delete
  });
});
