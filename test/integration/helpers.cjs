// Shared helpers of the extension-host tests: activation, fixture paths, and polling for state
// (never fixed sleeps: every wait is for a condition, with a deadline and a clear message).
const assert = require('node:assert/strict');
const vscode = require('vscode');

const EXTENSION_ID = 'ml-hygiene.ml-hygiene';
const SOURCE = 'ML Hygiene';

async function activateExtension() {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is installed in the test instance`);
  await extension.activate();
  return extension;
}

function workspaceRoot() {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'the test instance has the fixture workspace open');
  return folder.uri;
}

/** URI of a file of the fixture workspace, from its POSIX relative path. */
function fixtureUri(relativePath) {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
}

/**
 * Polls `probe` until it returns a truthy value and returns that value; fails after `timeout`
 * ms with `description` and the last state `describeState` reports.
 */
async function waitFor(description, probe, { timeout = 10_000, interval = 20, describeState } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      const state = describeState ? `; last state: ${describeState()}` : '';
      throw new Error(`timed out after ${timeout} ms waiting for ${description}${state}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

function codeOf(diagnostic) {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

/** This extension's diagnostics on `uri` (live or from a workspace scan). */
function ourDiagnostics(uri) {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE);
}

function summarise(diagnostics) {
  return JSON.stringify(
    diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`),
  );
}

/** Waits until the diagnostics on `uri` satisfy `predicate`, and returns them. */
function waitForDiagnostics(uri, description, predicate, options = {}) {
  return waitFor(
    `${description} on ${vscode.workspace.asRelativePath(uri)}`,
    () => {
      const diagnostics = ourDiagnostics(uri);
      return predicate(diagnostics) ? diagnostics : undefined;
    },
    { ...options, describeState: () => summarise(ourDiagnostics(uri)) },
  );
}

function codesOf(diagnostics) {
  return [...new Set(diagnostics.map(codeOf))].sort();
}

function withCode(diagnostics, code) {
  return diagnostics.filter((diagnostic) => codeOf(diagnostic) === code);
}

/** Position of the first occurrence of `needle` in the document (or cell document). */
function positionOf(document, needle, occurrence = 0) {
  const text = document.getText();
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `"${needle}" occurs ${occurrence + 1} time(s) in ${document.uri.toString(true)}`);
  }
  return document.positionAt(offset);
}

/** Line (0-based) of the first line that starts with `prefix`. */
function lineStartingWith(document, prefix) {
  for (let line = 0; line < document.lineCount; line++) {
    if (document.lineAt(line).text.startsWith(prefix)) return line;
  }
  assert.fail(`no line starts with "${prefix}" in ${document.uri.toString(true)}`);
}

async function openPython(relativePath) {
  const document = await vscode.workspace.openTextDocument(fixtureUri(relativePath));
  await vscode.window.showTextDocument(document);
  assert.equal(document.languageId, 'python');
  return document;
}

async function updateSetting(key, value) {
  await vscode.workspace.getConfiguration('mlHygiene').update(key, value, vscode.ConfigurationTarget.Workspace);
}

async function resetSettings() {
  for (const key of ['enable', 'select', 'ignore', 'severity', 'refactor.preview']) await updateSetting(key, undefined);
}

function allTabs() {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs);
}

const PREVIEW_SCHEME = 'ml-hygiene-preview';

function tabUri(tab) {
  const input = tab.input;
  return input instanceof vscode.TabInputText || input instanceof vscode.TabInputNotebook ? input.uri : undefined;
}

/**
 * The tabs of the refactor preview titled `Preview: <title>` (any preview when no title): its
 * multi-file diff, labelled `Preview: … (3 files)` by the workbench, and the read-only documents of
 * the files it creates, under `ml-hygiene-preview:/Preview: <title>/`.
 */
function previewTabs(title) {
  const label = title === undefined ? 'Preview: ' : `Preview: ${title}`;
  return allTabs().filter((tab) => {
    if (title === undefined ? tab.label.startsWith(label) : tab.label === label || tab.label.startsWith(`${label} (`)) return true;
    const uri = tabUri(tab);
    return uri !== undefined && uri.scheme === PREVIEW_SCHEME && uri.path.startsWith(title === undefined ? '/Preview: ' : `/${label}/`);
  });
}

/** Waits for the refactor preview titled `Preview: <title>` to be open, and returns its active tab (the diff, or the first created file). */
function waitForPreview(title) {
  return waitFor(
    `the refactor preview "Preview: ${title}"`,
    () => {
      const tabs = previewTabs(title);
      return tabs.find((tab) => tab.isActive) ?? tabs[0];
    },
    {
      describeState: () =>
        allTabs()
          .map((tab) => tab.label)
          .join(', '),
    },
  );
}

/** Waits until no refactor preview is open. */
function waitForNoPreview() {
  return waitFor('the refactor preview to close', () => previewTabs().length === 0, {
    describeState: () =>
      allTabs()
        .map((tab) => tab.label)
        .join(', '),
  });
}

function tabCount() {
  return vscode.window.tabGroups.all.reduce((sum, group) => sum + group.tabs.length, 0);
}

/** Closes every editor, discarding unsaved changes (a dirty editor would otherwise ask to save). */
async function closeAllEditors() {
  for (let left = tabCount(); left > 0 && tabCount() > 0; left--) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Scratch project folders inside the fixture workspace, for tests that create files: `project`
 * writes `files` into a fresh folder and returns its URI; `removeProjects` deletes them all.
 */
function scratchProjects(prefix) {
  const fs = require('node:fs');
  const path = require('node:path');
  const stem = `${prefix}-${process.pid}-`;
  let counter = 0;
  return {
    project(files) {
      const root = fixtureUri(`${stem}${++counter}`);
      for (const [name, text] of Object.entries(files)) {
        const file = path.join(root.fsPath, name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
      }
      return root;
    },
    removeProjects() {
      const workspace = fixtureUri('.').fsPath;
      for (const name of fs.readdirSync(workspace)) {
        if (name.startsWith(stem)) fs.rmSync(path.join(workspace, name), { recursive: true, force: true });
      }
    },
  };
}

module.exports = {
  scratchProjects,
  SOURCE,
  activateExtension,
  closeAllEditors,
  codeOf,
  codesOf,
  fixtureUri,
  lineStartingWith,
  openPython,
  ourDiagnostics,
  positionOf,
  resetSettings,
  waitForNoPreview,
  waitForPreview,
  previewTabs,
  updateSetting,
  waitFor,
  waitForDiagnostics,
  withCode,
};
