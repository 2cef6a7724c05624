import * as vscode from 'vscode';
import { withModel } from '../core/engine';
import type { NotebookCellInput, ProgramSource } from '../core/parse/source';
import { notebookSource, pythonSource } from '../core/parse/source';
import type { ModularizeResult } from '../core/refactors/modularize/index';
import { isPackageName, packageName } from '../core/refactors/modularize/index';
import { MODULARIZE } from '../core/refactors/registry';
import type { ScriptTarget } from './refactorEdit';
import type { RefactorOutcome, RefactorPreviews } from './refactorPreview';
import { previewMode } from './refactorPreview';

/**
 * "ML Hygiene: Modularize This File" and the MLH001 code action: asks for the package name and
 * folder, shows every new file in the refactor preview (refactorPreview.ts), creates them in one
 * undoable edit when the user applies it, saves them and opens pipeline.py. The original file is
 * not changed unless the user asks for a thin script calling the pipeline in its place. A notebook
 * also gets its thin notebook (NAME.ipynb beside it, a cell per step) in the same edit, opened in
 * the notebook editor once applied.
 */

export const MODULARIZE_COMMAND = 'mlHygiene.modularize';

export interface ModularizeOutcome {
  /** Files created (absolute paths), empty when cancelled, refused or nothing to do. */
  created: string[];
  /** A notebook's thin notebook (absolute path, among `created`), opened in the notebook editor after Apply. */
  notebook?: string;
  refused: string[];
  /** Whether the change was applied, discarded in the preview, or refused by the editor (absent when it never got that far). */
  outcome?: RefactorOutcome;
}

/** Options the extension-host tests pass to skip the prompts. */
export interface ModularizePrompts {
  name?: string;
  folder?: string;
  /** Replace a `.py` original with a thin script calling the pipeline (default: keep it). */
  replaceOriginal?: boolean;
  /** A notebook: also create the thin notebook NAME.ipynb beside it (default true). */
  thinNotebook?: boolean;
}

function notebookOf(uri: vscode.Uri): vscode.NotebookDocument | undefined {
  return vscode.workspace.notebookDocuments.find(
    (n) => n.uri.toString() === uri.toString() || n.getCells().some((c) => c.document.uri.toString() === uri.toString()),
  );
}

async function target(uri: vscode.Uri): Promise<{ target: ScriptTarget; source: ProgramSource; path: string }> {
  const notebook = notebookOf(uri) ?? (uri.path.endsWith('.ipynb') ? await vscode.workspace.openNotebookDocument(uri) : undefined);
  if (notebook) {
    const cells: NotebookCellInput[] = notebook
      .getCells()
      .map((c) => ({ kind: c.kind === vscode.NotebookCellKind.Code ? 'code' : 'markdown', text: c.document.getText() }));
    return { target: { kind: 'notebook', notebook }, source: notebookSource(notebook.uri.fsPath, cells), path: notebook.uri.fsPath };
  }
  const document = await vscode.workspace.openTextDocument(uri);
  return { target: { kind: 'text', document }, source: pythonSource(document.uri.fsPath, document.getText()), path: document.uri.fsPath };
}

function stemOf(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base.replace(/\.[^.]*$/, '');
}

async function askName(path: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Modularize: package name',
    value: packageName(stemOf(path)),
    prompt: 'The Python package the script becomes (run it with `python -m NAME`)',
    validateInput: (value) => (isPackageName(value) ? null : 'A Python identifier: letters, digits and _, not starting with a digit'),
  });
}

async function askFolder(path: string): Promise<string | undefined> {
  const folder = vscode.Uri.file(path).with({ path: vscode.Uri.file(path).path.replace(/\/[^/]*$/, '') });
  const relative = vscode.workspace.asRelativePath(folder);
  const here = {
    label: relative === folder.fsPath ? (folder.path.split('/').pop() ?? relative) : relative,
    description: "the file's folder",
    uri: folder,
  };
  const other = { label: 'Choose another folder…', description: '', uri: undefined as vscode.Uri | undefined };
  const picked = await vscode.window.showQuickPick([here, other], { title: 'Modularize: where to create the package' });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri.fsPath;
  const chosen = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    defaultUri: folder,
    openLabel: 'Create the package here',
  });
  return chosen?.[0]?.fsPath;
}

/** Keep the original (the default) or replace it with a thin script; notebooks are always kept. */
async function askOriginal(path: string, name: string): Promise<boolean | undefined> {
  const file = vscode.workspace.asRelativePath(path);
  const keep = { label: `Keep ${file} as it is`, description: 'default', replace: false };
  const replace = {
    label: `Replace ${file} with a thin script calling the pipeline`,
    description: `\`python ${file.split('/').pop() ?? file}\` keeps working`,
    detail: `Its code moves to the package; the file becomes \`from ${name}.pipeline import main\` under a main guard (one undo brings it back).`,
    replace: true,
  };
  const picked = await vscode.window.showQuickPick([keep, replace], { title: `Modularize: what becomes of ${file}` });
  return picked?.replace;
}

async function readTextIfExists(uri: vscode.Uri): Promise<string | null> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return null;
  }
}

/** The files beside `path` (absolute, POSIX separators): the thin notebook takes none of their names. */
async function filesBeside(path: string): Promise<Set<string>> {
  const folder = vscode.Uri.file(path.replace(/[\\/][^\\/]*$/, ''));
  try {
    const entries = await vscode.workspace.fs.readDirectory(folder);
    return new Set(entries.map(([name]) => vscode.Uri.joinPath(folder, name).fsPath.replace(/\\/g, '/')));
  } catch {
    return new Set();
  }
}

async function existing(result: ModularizeResult): Promise<string[]> {
  const found: string[] = [];
  for (const change of result.change?.changes ?? []) {
    if (change.kind !== 'create') continue;
    try {
      await vscode.workspace.fs.stat(vscode.Uri.file(change.path));
      found.push(vscode.workspace.asRelativePath(change.path));
    } catch {
      // absent: good
    }
  }
  return found;
}

/** Called once the package exists, with the original file (a notebook's URI for a notebook), pipeline.py and the package name. */
export type AfterModularize = (original: vscode.Uri, pipeline: vscode.Uri, name: string) => void;

export async function modularizeFile(
  uri: vscode.Uri,
  prompts: ModularizePrompts,
  { log, previews, after }: { log: vscode.LogOutputChannel; previews: RefactorPreviews; after?: AfterModularize },
): Promise<ModularizeOutcome> {
  const { target: script, source, path } = await target(uri);
  const name = prompts.name ?? (await askName(path));
  if (!name) return { created: [], refused: [] };
  const outDir = prompts.folder ?? (await askFolder(path));
  if (!outDir) return { created: [], refused: [] };
  const replaceOriginal = script.kind === 'notebook' ? false : (prompts.replaceOriginal ?? (await askOriginal(path, name)));
  if (replaceOriginal === undefined) return { created: [], refused: [] };
  // A params.yaml in the folder already (another package's, the user's) is merged into, never replaced.
  const paramsText = await readTextIfExists(vscode.Uri.file(`${outDir.replace(/[\\/]+$/, '')}/params.yaml`));
  const thinNotebook = script.kind === 'notebook' && prompts.thinNotebook !== false;
  const existingPaths = thinNotebook ? await filesBeside(path) : new Set<string>();
  const result = withModel(source, (model) =>
    MODULARIZE.run(model, { name, outDir: outDir.replace(/\\/g, '/'), replaceOriginal, paramsText, thinNotebook, existingPaths }),
  );
  if (result.refused.length > 0) {
    const reasons = result.refused.map((r) => `line ${r.range.start.line + 1}: ${r.reason}`);
    void vscode.window.showErrorMessage(`Cannot modularize ${vscode.workspace.asRelativePath(path)}: ${result.refused[0]!.reason}`);
    for (const reason of reasons) log.info(`modularize refused: ${reason}`);
    return { created: [], refused: reasons };
  }
  if (!result.change) {
    void vscode.window.showInformationMessage(
      `${vscode.workspace.asRelativePath(path)} has no code at module level: nothing to modularize.`,
    );
    return { created: [], refused: [] };
  }
  const clash = await existing(result);
  if (clash.length > 0) {
    void vscode.window.showErrorMessage(`Modularize would overwrite ${clash.join(', ')}: choose another name or folder.`);
    return { created: [], refused: [`exists: ${clash.join(', ')}`] };
  }
  const outcome = await previews.apply(result.change, script, previewMode(uri) !== 'never');
  if (outcome !== 'applied') return { created: [], refused: [], outcome };
  const created = result.change.changes.flatMap((c) => (c.kind === 'create' ? [c.path] : []));
  const pipeline = created.find((p) => p.endsWith(`/${name}/pipeline.py`));
  if (pipeline) {
    // The package exists whatever happens to this editor: another editor opening at the same moment
    // (the graph panel's, the script shown again after the preview) can cancel it.
    await vscode.window
      .showTextDocument(vscode.Uri.file(pipeline))
      .then(undefined, (error: unknown) => log.warn(`modularize: could not show ${pipeline}: ${(error as Error).message}`));
    after?.(script.kind === 'notebook' ? script.notebook.uri : script.document.uri, vscode.Uri.file(pipeline), name);
  }
  const notebook = result.notebook ?? null;
  if (notebook) {
    // Where the user keeps working: the thin notebook, in the notebook editor, beside pipeline.py.
    await vscode.workspace
      .openNotebookDocument(vscode.Uri.file(notebook.path))
      .then((document) => vscode.window.showNotebookDocument(document))
      .then(undefined, (error: unknown) => log.warn(`modularize: could not show ${notebook.path}: ${(error as Error).message}`));
    if (notebook.note) void vscode.window.showInformationMessage(`Modularize: ${notebook.note}.`);
  }
  log.info(`modularized ${path} into ${name}: ${result.steps.join(', ')}${notebook ? `; thin notebook ${notebook.path}` : ''}`);
  return notebook ? { created, refused: [], outcome, notebook: notebook.path } : { created, refused: [], outcome };
}

/** Offers "Modularize this file into a package…" on an MLH001 diagnostic. */
export class ModularizeCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.RefactorRewrite] };

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const monolith = context.diagnostics.find((d) => MODULARIZE.codes.includes(String(typeof d.code === 'object' ? d.code.value : d.code)));
    if (!monolith) return [];
    const action = new vscode.CodeAction(MODULARIZE.title, vscode.CodeActionKind.RefactorRewrite);
    action.diagnostics = [monolith];
    const uri = notebookOf(document.uri)?.uri ?? document.uri;
    action.command = { command: MODULARIZE_COMMAND, title: 'Modularize This File', arguments: [uri] };
    return [action];
  }
}

/**
 * With no active editor (a button of the walkthrough or a webview has the focus), the one Python
 * file or notebook in sight, if there is exactly one.
 */
function onlyVisibleScript(): vscode.Uri | undefined {
  const uris = new Set<string>();
  for (const editor of vscode.window.visibleNotebookEditors) uris.add(editor.notebook.uri.toString());
  for (const editor of vscode.window.visibleTextEditors)
    if (editor.document.languageId === 'python' && editor.document.uri.scheme === 'file') uris.add(editor.document.uri.toString());
  const [only, ...others] = uris;
  return only !== undefined && others.length === 0 ? vscode.Uri.parse(only) : undefined;
}

/** `after`: what follows a package's creation (the graph panels show it beside the original's). */
export function registerModularize(log: vscode.LogOutputChannel, previews: RefactorPreviews, after?: AfterModularize): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(MODULARIZE_COMMAND, async (arg?: vscode.Uri, prompts: ModularizePrompts = {}) => {
      const uri =
        arg instanceof vscode.Uri
          ? arg
          : (vscode.window.activeNotebookEditor?.notebook.uri ?? vscode.window.activeTextEditor?.document.uri ?? onlyVisibleScript());
      if (!uri) {
        void vscode.window.showInformationMessage('Open a Python file or notebook to modularize.');
        return { created: [], refused: [] };
      }
      try {
        return await modularizeFile(uri, prompts, { log, previews, after });
      } catch (error) {
        log.error('modularize failed', error);
        void vscode.window.showErrorMessage(`Modularize failed: ${(error as Error).message}`);
        return { created: [], refused: [(error as Error).message] };
      }
    }),
    vscode.languages.registerCodeActionsProvider([{ language: 'python' }], new ModularizeCodeActions(), ModularizeCodeActions.metadata),
  ];
}
