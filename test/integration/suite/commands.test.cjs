// Commands other than the scan: rule documentation.
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
});
