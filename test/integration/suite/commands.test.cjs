// Commands other than the scan: rule documentation (from the command and from a diagnostic's code link).
const assert = require('node:assert/strict');
const vscode = require('vscode');
const h = require('../helpers.cjs');

function tabLabels() {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
}

suite('Commands', () => {
  suiteSetup(() => h.activateExtension());
  suiteTeardown(() => h.closeAllEditors());

  test('the commands are registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['mlHygiene.scanWorkspace', 'mlHygiene.showRuleDocumentation', 'mlHygiene.showFindings']) {
      assert.ok(commands.includes(id), id);
    }
  });

  test('Show Rule Documentation opens the page of a rule named by code', async () => {
    const rule = await vscode.commands.executeCommand('mlHygiene.showRuleDocumentation', 'MLH001');
    assert.equal(rule.code, 'MLH001');
    await h.waitFor(
      `a tab showing the page of ${rule.name}`,
      () => tabLabels().some((label) => label.includes(rule.name) || label.includes(rule.code)),
      {
        describeState: () => JSON.stringify(tabLabels()),
      },
    );
  });

  test('Show Rule Documentation accepts a rule name and rejects unknown rules', async () => {
    const byName = await vscode.commands.executeCommand('mlHygiene.showRuleDocumentation', 'monolithic-script');
    assert.equal(byName.code, 'MLH001');
    assert.equal(await vscode.commands.executeCommand('mlHygiene.showRuleDocumentation', 'MLH999'), undefined);
  });

  /** Tabs of the markdown preview (a webview) and text editors showing a .md file. */
  function docTabs() {
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    return {
      previews: tabs.filter((tab) => tab.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(tab.input.viewType)),
      rawPages: tabs.filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.path.endsWith('.md')),
    };
  }

  test("a diagnostic's code link opens the rendered, read-only page, as the command does", async () => {
    await h.closeAllEditors();
    const document = await h.openPython('monolith.py');
    const diagnostics = await h.waitForDiagnostics(document.uri, 'MLH101', (ds) => h.withCode(ds, 'MLH101').length > 0);
    const target = h.withCode(diagnostics, 'MLH101')[0].code.target;
    // What the hover and the Problems panel do with a click on the code: the workbench's opener.
    await vscode.commands.executeCommand('vscode.open', target);
    const preview = await h.waitFor(
      'the markdown preview of hard-coded-hyperparameter.md',
      () => docTabs().previews.find((tab) => tab.label.includes('hard-coded-hyperparameter')),
      { describeState: () => JSON.stringify(tabLabels()) },
    );
    assert.ok(preview);
    assert.deepEqual(
      docTabs().rawPages.map((tab) => tab.label),
      [],
      'no .md file is open as text',
    );
    assert.ok(!vscode.window.visibleTextEditors.some((editor) => editor.document.uri.path.endsWith('.md')));

    // The command shows the same kind of page.
    await h.closeAllEditors();
    await vscode.commands.executeCommand('mlHygiene.showRuleDocumentation', 'MLH401');
    await h.waitFor(
      'the markdown preview of preprocessing-before-split.md',
      () => docTabs().previews.find((tab) => tab.label.includes('preprocessing-before-split')),
      { describeState: () => JSON.stringify(tabLabels()) },
    );
    assert.deepEqual(
      docTabs().rawPages.map((tab) => tab.label),
      [],
    );
  });
});
