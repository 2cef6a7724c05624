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

  test("Show Findings (the status bar's click) lists this file's findings in order and moves the cursor to the one chosen", async () => {
    await h.closeAllEditors();
    const document = await h.openPython('monolith.py');
    const diagnostics = await h.waitForDiagnostics(document.uri, 'the findings', (ds) => ds.length >= 5);
    const editor = vscode.window.activeTextEditor;
    const end = new vscode.Position(document.lineCount - 1, 0);
    editor.selection = new vscode.Selection(end, end);
    const running = vscode.commands.executeCommand('mlHygiene.showFindings');
    let result;
    void running.then((value) => (result = { value }));
    // Enter on the first item, the file's first finding, once the quick pick is open.
    await h.waitFor('the quick pick of findings', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return result;
    });
    const sorted = [...diagnostics].sort((a, b) => a.range.start.compareTo(b.range.start));
    assert.ok(result.value, 'a finding was chosen');
    const position = vscode.window.activeTextEditor.selection.active;
    assert.equal(vscode.window.activeTextEditor.document.uri.toString(), document.uri.toString());
    assert.ok(
      position.isEqual(sorted[0].range.start),
      `cursor at ${position.line}:${position.character}, expected ${sorted[0].range.start.line}:${sorted[0].range.start.character}`,
    );
    assert.equal(result.value.line, sorted[0].range.start.line);
    assert.ok(h.withCode(diagnostics, result.value.code).some((d) => d.range.start.isEqual(position)));
  });
});
