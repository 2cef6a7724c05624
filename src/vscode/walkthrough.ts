import * as vscode from 'vscode';

/**
 * The first-run walkthrough's own commands (the steps are contributed in package.json under
 * `contributes.walkthroughs` and complete on the commands a user runs anyway):
 *
 * - "ML Hygiene: Open the Sample Monolith" copies the bundled `examples/house_prices.py` (a notebook
 *   exported as a script, with its own synthetic data, so it runs anywhere) into a folder where the
 *   steps can write files: `ml-hygiene-sample/` in the first workspace folder, or, with no folder
 *   open, a sandbox in the extension's global storage, which it then opens as the workspace (the
 *   window reloads; the sample and the walkthrough open again after the reload). An existing sample
 *   is opened as it is, never overwritten: the user may have changed it.
 * - `mlHygiene.quickFixApplied` runs after a quick fix whose edit applies directly (no preview, no
 *   files to save), so the "apply a quick fix" step completes; it notes the fix in the log.
 */

export const WALKTHROUGH_ID = 'ml-hygiene.ml-hygiene#firstRun';
export const OPEN_SAMPLE_COMMAND = 'mlHygiene.openSample';
export const QUICK_FIX_APPLIED_COMMAND = 'mlHygiene.quickFixApplied';

export const SAMPLE_FOLDER = 'ml-hygiene-sample';
export const SAMPLE_FILE = 'house_prices.py';
/** Where the sample sits in the extension's folder (shipped in the VSIX by `.vscodeignore`). */
const SAMPLE_SOURCE = ['examples', SAMPLE_FILE];
/** Set before the window reloads into the sandbox; read on the next activation. */
const PENDING_KEY = 'mlHygiene.sample.openAfterReload';

/**
 * The sample's project file: params files and generated packages go beside the sample (the project
 * root is the nearest folder with a pyproject.toml), never into the user's own project, and a
 * folder holding it activates the extension (`workspaceContains:**\/pyproject.toml`).
 */
const SAMPLE_PYPROJECT = `# The ML Hygiene walkthrough's sample project: delete this folder when you are done.
[project]
name = "house-prices-sample"
version = "0.1.0"
requires-python = ">=3.9"
dependencies = ["numpy", "pandas", "scikit-learn", "joblib"]

[tool.ml-hygiene]
`;

export interface SampleOutcome {
  /** The sample script that was opened (or will open after the reload). */
  uri: vscode.Uri;
  /** Whether this call wrote it (false: an existing sample was opened as it was). */
  created: boolean;
  /** Whether the window is reloading into the sandbox folder. */
  reloading: boolean;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Writes the sample into `folder/ml-hygiene-sample/` unless a sample is already there. */
async function placeSample(extensionUri: vscode.Uri, folder: vscode.Uri): Promise<{ uri: vscode.Uri; created: boolean }> {
  const dir = vscode.Uri.joinPath(folder, SAMPLE_FOLDER);
  const uri = vscode.Uri.joinPath(dir, SAMPLE_FILE);
  if (await exists(uri)) return { uri, created: false };
  const script = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, ...SAMPLE_SOURCE));
  await vscode.workspace.fs.createDirectory(dir);
  const pyproject = vscode.Uri.joinPath(dir, 'pyproject.toml');
  if (!(await exists(pyproject))) await vscode.workspace.fs.writeFile(pyproject, new TextEncoder().encode(SAMPLE_PYPROJECT));
  await vscode.workspace.fs.writeFile(uri, script);
  return { uri, created: true };
}

async function showSample(uri: vscode.Uri): Promise<void> {
  // Beside the walkthrough, which stays readable while the user follows its steps.
  await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}

/**
 * Opens the sample monolith. `folder` (the extension-host tests pass one) overrides where it goes;
 * otherwise the first workspace folder on disk, or the sandbox when no folder is open.
 */
export async function openSample(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  folder?: vscode.Uri,
): Promise<SampleOutcome> {
  const workspace = folder ?? vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri;
  if (workspace) {
    const placed = await placeSample(context.extensionUri, workspace);
    log.info(`${placed.created ? 'wrote' : 'opened'} the sample monolith ${placed.uri.fsPath}`);
    await showSample(placed.uri);
    if (placed.created)
      void vscode.window.showInformationMessage(
        `ML Hygiene: the sample monolith is in ${SAMPLE_FOLDER}/ of your workspace; delete the folder when you are done.`,
      );
    return { ...placed, reloading: false };
  }
  const sandbox = vscode.Uri.joinPath(context.globalStorageUri, SAMPLE_FOLDER);
  const placed = await placeSample(context.extensionUri, context.globalStorageUri);
  log.info(`no folder open: opening the sample folder ${sandbox.fsPath}`);
  await context.globalState.update(PENDING_KEY, placed.uri.toString());
  await vscode.commands.executeCommand('vscode.openFolder', sandbox, { forceNewWindow: false });
  return { ...placed, reloading: true };
}

/** After the reload into the sandbox: the sample and the walkthrough open again. */
async function resumeAfterReload(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<void> {
  const pending = context.globalState.get<string>(PENDING_KEY);
  if (!pending) return;
  const uri = vscode.Uri.parse(pending);
  if (!vscode.workspace.getWorkspaceFolder(uri)) return; // another window; the sandbox window takes it
  await context.globalState.update(PENDING_KEY, undefined);
  try {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
    await showSample(uri);
  } catch (error) {
    log.warn(`cannot reopen the sample after the reload: ${(error as Error).message}`);
  }
}

export function registerWalkthrough(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable[] {
  void resumeAfterReload(context, log);
  return [
    vscode.commands.registerCommand(OPEN_SAMPLE_COMMAND, async (folder?: unknown) => {
      try {
        return await openSample(context, log, folder instanceof vscode.Uri ? folder : undefined);
      } catch (error) {
        log.error('cannot open the sample monolith', error);
        void vscode.window.showErrorMessage(`ML Hygiene: cannot open the sample monolith: ${(error as Error).message}`);
        return undefined;
      }
    }),
    vscode.commands.registerCommand(QUICK_FIX_APPLIED_COMMAND, (code?: unknown, title?: unknown) => {
      log.info(`quick fix applied: ${String(title)} (${String(code)})`);
    }),
  ];
}
