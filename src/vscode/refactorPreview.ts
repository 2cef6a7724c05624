import * as vscode from 'vscode';
import { applyEdits } from '../core/edits';
import { errorMessage } from '../core/errors';
import { cellEdits } from '../core/refactors/apply';
import type { WorkspaceChange } from '../core/refactors/change';
import { reviewFirst } from '../core/refactors/change';
import type { ScriptTarget } from './refactorEdit';
import { saveWrittenFiles, toWorkspaceEdit, writtenFiles } from './refactorEdit';

/**
 * The refactor preview: a change that creates files (the params file, the loader, a package) or
 * moves statements (a fit moved after the split) is shown first, and applied, as one undoable edit,
 * only when the user says so (the notification's Apply, the editor toolbar's check mark, or the
 * command). Discard, closing every tab of the preview or dismissing the notification changes
 * nothing.
 *
 * What the preview shows: the files the change edits (the script, an existing params file) side by
 * side with their new text in one multi-file diff editor, `Preview: <title> (N files)`; each file it
 * creates as a plain read-only document of its own (a notebook in the notebook editor), since a diff
 * against nothing would spend half the width on an empty pane. The documents live in a read-only
 * file system of the preview's own (`ml-hygiene-preview:/Preview: <title>/<path>`), so the
 * breadcrumbs say which refactor they belong to and no editor can change them.
 *
 * Why not the workbench's own refactor preview: it only opens for entries marked
 * `needsConfirmation`, and lists those unticked, so a whole refactor would apply nothing until the
 * user ticked every file (as designed, microsoft/vscode#200991).
 */

export const PREVIEW_SCHEME = 'ml-hygiene-preview';
/** Internal: what a code action whose change needs a preview runs (arguments: the change and its target). */
export const PREVIEW_REFACTOR_COMMAND = 'mlHygiene.previewRefactor';
export const APPLY_PREVIEW_COMMAND = 'mlHygiene.applyRefactorPreview';
export const DISCARD_PREVIEW_COMMAND = 'mlHygiene.discardRefactorPreview';
/** Context key: a preview is waiting for Apply or Discard. */
export const PREVIEW_CONTEXT_KEY = 'mlHygiene.refactorPreviewOpen';

export const PREVIEW_MODES = ['whenCreatingFiles', 'always', 'never'] as const;
export type PreviewMode = (typeof PREVIEW_MODES)[number];

/** How a refactor ended: applied, discarded by the user, or refused by the editor (with the reason shown). */
export type RefactorOutcome = 'applied' | 'discarded' | 'failed';

export function previewMode(uri: vscode.Uri): PreviewMode {
  const value = vscode.workspace.getConfiguration('mlHygiene', uri).get<string>('refactor.preview');
  return (PREVIEW_MODES as readonly string[]).includes(value ?? '') ? (value as PreviewMode) : 'whenCreatingFiles';
}

export function wantsPreview(change: WorkspaceChange, uri: vscode.Uri): boolean {
  const mode = previewMode(uri);
  return mode === 'always' || (mode === 'whenCreatingFiles' && reviewFirst(change));
}

/** One file of the preview: where it is, and its text before and after. */
interface PreviewFile {
  uri: vscode.Uri;
  /** Path inside the preview (the file's name last, so the diff editor highlights it as Python, YAML…). */
  name: string;
  /** null for a new file. */
  before: string | null;
  after: string;
}

interface Pending {
  title: string;
  change: WorkspaceChange;
  target: ScriptTarget;
  /** Versions of the script's documents when the change was computed: applying refuses if they moved. */
  versions: number[];
  /** The preview's documents (both sides of the diffs, the created files): their tabs belong to the preview. */
  uris: Set<string>;
  /** While its tabs are being opened (a tab replaced meanwhile is not the user closing the preview). */
  opening: boolean;
  /** Settles once every tab is open: closing waits for it, so no tab opens after the decision. */
  opened: Promise<void>;
  /** Settles once its tabs are closed, after the decision. */
  closed: Promise<void>;
  decide: (outcome: RefactorOutcome) => void;
}

/**
 * A tab of the preview: the multi-file diff (the workbench labels it with the title and the file
 * count, `Preview: … (3 files)`), or one of the created files' documents.
 */
function isPreviewTab(tab: vscode.Tab, pending: Pending): boolean {
  if (tab.label === pending.title || tab.label.startsWith(`${pending.title} (`)) return true;
  const input = tab.input;
  const uri = input instanceof vscode.TabInputText || input instanceof vscode.TabInputNotebook ? input.uri : undefined;
  return uri !== undefined && pending.uris.has(uri.toString());
}

function openPreviewTabs(pending: Pending): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => isPreviewTab(tab, pending));
}

/** The folder of a preview's created files: the breadcrumbs show it above each document. */
function previewFolder(title: string): string {
  return `/${title.replaceAll('/', '∕')}`;
}

function scriptDocuments(target: ScriptTarget): vscode.TextDocument[] {
  return target.kind === 'text' ? [target.document] : target.notebook.getCells().map((c) => c.document);
}

function previewFiles(change: WorkspaceChange, target: ScriptTarget): PreviewFile[] {
  const files: PreviewFile[] = [];
  const relative = (uri: vscode.Uri): string => vscode.workspace.asRelativePath(uri, false);
  for (const item of change.changes) {
    if (item.kind === 'script') {
      if (target.kind === 'text') {
        const before = target.document.getText();
        files.push({ uri: target.document.uri, name: relative(target.document.uri), before, after: applyEdits(before, item.edits) });
      } else {
        for (const [cellIndex, edits] of cellEdits(item.source, item.edits)) {
          const cell = target.notebook.cellAt(cellIndex).document;
          const before = cell.getText();
          files.push({
            uri: cell.uri,
            name: `${relative(target.notebook.uri)}/cell ${cellIndex + 1}.py`,
            before,
            after: applyEdits(before, edits),
          });
        }
      }
    } else {
      const uri = vscode.Uri.file(item.path);
      files.push({ uri, name: relative(uri), before: item.kind === 'rewrite' ? item.expected : null, after: item.text });
    }
  }
  return files;
}

function summary(change: WorkspaceChange, target: ScriptTarget): string {
  const name = (path: string): string => vscode.workspace.asRelativePath(path, false);
  const created = change.changes.flatMap((c) => (c.kind === 'create' ? [name(c.path)] : []));
  const changed = change.changes.flatMap((c) =>
    c.kind === 'rewrite'
      ? [name(c.path)]
      : c.kind === 'script'
        ? [name((target.kind === 'text' ? target.document.uri : target.notebook.uri).fsPath)]
        : [],
  );
  const parts: string[] = [];
  const list = (items: string[]): string =>
    items.length > 4 ? `${items.slice(0, 3).join(', ')} and ${items.length - 3} more` : items.join(', ');
  if (created.length > 0) parts.push(`creates ${list(created)}`);
  if (changed.length > 0) parts.push(`changes ${list(changed)}`);
  return parts.join(' and ');
}

/**
 * The preview's documents, read-only: a file system rather than a content provider, so a created
 * notebook opens in the notebook editor like any notebook.
 */
class PreviewFileSystem implements vscode.FileSystemProvider {
  readonly contents = new Map<string, Uint8Array>();
  private readonly created = Date.now();
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  /** Each preview has its own URIs (an id in the query), so a content never changes: no change event. */
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const content = this.read(uri);
    return {
      type: vscode.FileType.File,
      ctime: this.created,
      mtime: this.created,
      size: content.byteLength,
      permissions: vscode.FilePermission.Readonly,
    };
  }

  readFile(uri: vscode.Uri): Uint8Array {
    return this.read(uri);
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    throw vscode.FileSystemError.FileNotADirectory(uri);
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  private read(uri: vscode.Uri): Uint8Array {
    const content = this.contents.get(uri.toString());
    if (content === undefined) throw vscode.FileSystemError.FileNotFound(uri);
    return content;
  }
}

export class RefactorPreviews implements vscode.Disposable {
  private readonly files = new PreviewFileSystem();
  private pending: Pending | undefined;
  private counter = 0;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables = [
      vscode.workspace.registerFileSystemProvider(PREVIEW_SCHEME, this.files, { isCaseSensitive: true, isReadonly: true }),
      vscode.commands.registerCommand(PREVIEW_REFACTOR_COMMAND, (change: WorkspaceChange, target: ScriptTarget) =>
        this.apply(change, target, true),
      ),
      vscode.commands.registerCommand(APPLY_PREVIEW_COMMAND, () => this.decide('applied')),
      vscode.commands.registerCommand(DISCARD_PREVIEW_COMMAND, () => this.decide('discarded')),
      // Closing the preview (its last tab) is a "no".
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        const pending = this.pending;
        if (pending && !pending.opening && event.closed.some((tab) => isPreviewTab(tab, pending)) && openPreviewTabs(pending).length === 0)
          this.decide('discarded', pending);
      }),
    ];
  }

  /**
   * Applies the change as one undoable edit, after a preview when the setting asks for one (by
   * default when it creates files). The files it writes besides the script are saved.
   */
  async apply(change: WorkspaceChange, target: ScriptTarget, preview: boolean): Promise<RefactorOutcome> {
    if (!preview) return applyNow(change, target, this.log);
    this.decide('discarded');
    const id = ++this.counter;
    const title = `Preview: ${change.title}`;
    const files = previewFiles(change, target);
    const uris = new Set<string>();
    const encoder = new TextEncoder();
    const document = (path: string, which: string, text: string): vscode.Uri => {
      const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path, query: `${id}-${which}` });
      this.files.contents.set(uri.toString(), encoder.encode(text));
      uris.add(uri.toString());
      return uri;
    };
    // Both sides of a diff share the file's path (the diff editor labels it as the file, not as a rename).
    const diffs = files.flatMap((file) =>
      file.before === null
        ? []
        : [[file.uri, document(`/${file.name}`, 'before', file.before), document(`/${file.name}`, 'after', file.after)] as const],
    );
    const created = files.flatMap((file) =>
      file.before === null ? [document(`${previewFolder(title)}/${file.name}`, 'after', file.after)] : [],
    );
    const readFirst = change.readFirst === undefined ? undefined : vscode.Uri.file(change.readFirst).fsPath;
    const firstFile = files.find((file) => file.before === null && file.uri.fsPath === readFirst);
    const first = firstFile && created.find((uri) => uri.path === `${previewFolder(title)}/${firstFile.name}`);
    let decide!: (outcome: RefactorOutcome) => void;
    const decided = new Promise<RefactorOutcome>((resolve) => (decide = resolve));
    const pending: Pending = {
      title,
      change,
      target,
      versions: scriptDocuments(target).map((d) => d.version),
      uris,
      opening: true,
      opened: Promise.resolve(),
      closed: Promise.resolve(),
      decide,
    };
    this.pending = pending;
    await vscode.commands.executeCommand('setContext', PREVIEW_CONTEXT_KEY, true);
    // The preview opens beside the script's tab, not in its place.
    await keepTab(target);
    pending.opened = openPreview(title, diffs, created, first).finally(() => (pending.opening = false));
    try {
      await pending.opened;
    } catch (error) {
      const message = `${change.title}: the preview could not be shown (${errorMessage(error)}); nothing was changed.`;
      this.log.error(message);
      void vscode.window.showErrorMessage(`ML Hygiene: ${message}`);
      this.decide('discarded', pending);
      return 'failed';
    }
    void vscode.window
      .showInformationMessage(
        `ML Hygiene: ${change.title} ${summary(change, target)}. Review the preview, then apply it (one undo takes it back).`,
        'Apply',
        'Discard',
      )
      .then((answer) => {
        // A decision taken elsewhere (toolbar, command, closed preview) leaves this notification without a pending preview.
        if (this.pending === pending) this.decide(answer === 'Apply' ? 'applied' : 'discarded', pending);
      });
    const outcome = await decided;
    const result = outcome === 'applied' ? await this.applyPending(pending) : outcome;
    await pending.closed;
    await reveal(target);
    return result;
  }

  private decide(outcome: RefactorOutcome, which: Pending | undefined = this.pending): void {
    if (!which || this.pending !== which) return;
    this.pending = undefined;
    void vscode.commands.executeCommand('setContext', PREVIEW_CONTEXT_KEY, false);
    which.closed = which.opened
      .catch(() => undefined)
      .then(() => this.closePreview(which))
      .finally(() => {
        for (const uri of which.uris) this.files.contents.delete(uri);
      });
    if (outcome === 'discarded') this.log.info(`${which.change.title}: preview discarded, nothing changed`);
    which.decide(outcome);
  }

  private async applyPending(pending: Pending): Promise<RefactorOutcome> {
    const versions = scriptDocuments(pending.target).map((d) => d.version);
    if (versions.join() !== pending.versions.join()) {
      const message = `${pending.change.title}: the file changed while the preview was open; nothing was applied. Run the refactor again.`;
      this.log.warn(message);
      void vscode.window.showWarningMessage(`ML Hygiene: ${message}`);
      return 'failed';
    }
    return applyNow(pending.change, pending.target, this.log);
  }

  private async closePreview(pending: Pending): Promise<void> {
    const tabs = openPreviewTabs(pending);
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
  }

  dispose(): void {
    this.decide('discarded');
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/**
 * Opens the preview's tabs: the created files first, each in a tab of its own, opened in the
 * background (a tab is not drawn until it is chosen, so ten new modules open at once); then the
 * diffs, which take the focus (or, when nothing is edited, `first`: the file the change says to
 * read first, else the first created).
 */
async function openPreview(
  title: string,
  diffs: ReadonlyArray<readonly [vscode.Uri, vscode.Uri, vscode.Uri]>,
  created: readonly vscode.Uri[],
  first: vscode.Uri | undefined = created[0],
): Promise<void> {
  // A tab opened in the background goes right after the active one: the last file first.
  for (const uri of [...created].reverse()) await showReadOnly(uri, { preview: false, preserveFocus: true, background: true });
  if (diffs.length > 0) await vscode.commands.executeCommand('vscode.changes', title, diffs);
  else if (first) await showReadOnly(first, { preview: false });
}

/**
 * Opens a created file of the preview: a notebook in the notebook editor, anything else as text.
 * (`background`, which the `vscode.open` command honours, opens the tab without showing it.)
 */
async function showReadOnly(uri: vscode.Uri, options: vscode.TextDocumentShowOptions & { background?: boolean }): Promise<void> {
  if (uri.path.endsWith('.ipynb')) await vscode.commands.executeCommand('vscode.openWith', uri, 'jupyter-notebook', options);
  else await vscode.commands.executeCommand('vscode.open', uri, options);
}

/** The script's tab, wherever it is. */
function scriptTab(target: ScriptTarget): vscode.Tab | undefined {
  const uri = (target.kind === 'text' ? target.document.uri : target.notebook.uri).toString();
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((t) => {
      const input = t.input;
      return (input instanceof vscode.TabInputText || input instanceof vscode.TabInputNotebook) && input.uri.toString() === uri;
    });
}

/**
 * Pins the script's tab when it is in preview mode (italic): the workbench would otherwise put the
 * refactor preview in its place, and the user would lose the file from sight (and the graph panel
 * its file).
 */
async function keepTab(target: ScriptTarget): Promise<void> {
  const tab = scriptTab(target);
  if (tab?.isPreview !== true) return;
  const options = { preview: false, preserveFocus: true, viewColumn: tab.group.viewColumn };
  if (target.kind === 'text') await vscode.window.showTextDocument(target.document, options);
  else await vscode.window.showNotebookDocument(target.notebook, options);
}

/**
 * Shows the script again, the preview may have taken the place of its editor, and keeps its tab:
 * a tab in preview mode (italic) would be replaced by the next file opened, such as a new package's
 * `pipeline.py`, and the user would lose the file they were working on from sight.
 */
async function reveal(target: ScriptTarget): Promise<void> {
  const tab = scriptTab(target);
  const visible =
    target.kind === 'text'
      ? vscode.window.visibleTextEditors.some((e) => e.document === target.document)
      : vscode.window.visibleNotebookEditors.some((e) => e.notebook === target.notebook);
  if (visible && tab?.isPreview !== true) return;
  const options = { preview: false, viewColumn: tab?.group.viewColumn };
  if (target.kind === 'text') await vscode.window.showTextDocument(target.document, options);
  else await vscode.window.showNotebookDocument(target.notebook, options);
}

/**
 * Applies the change as one WorkspaceEdit (one undo) and saves the files it writes besides the
 * script. A refusal by the editor (a file created meanwhile, a document changed under the edit)
 * is reported to the user, not swallowed.
 */
export async function applyNow(change: WorkspaceChange, target: ScriptTarget, log: vscode.LogOutputChannel): Promise<RefactorOutcome> {
  const edit = await toWorkspaceEdit(change, target);
  const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  if (!applied) {
    const message = `${change.title}: the editor refused the edit (a file it creates exists now, or a file changed meanwhile); nothing was changed.`;
    log.warn(message);
    void vscode.window.showErrorMessage(`ML Hygiene: ${message}`);
    return 'failed';
  }
  await saveWrittenFiles(writtenFiles(change));
  log.info(`${change.title}: applied (${summary(change, target)})`);
  return 'applied';
}
