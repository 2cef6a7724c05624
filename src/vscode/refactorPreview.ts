import * as vscode from 'vscode';
import { applyEdits } from '../core/edits';
import { cellEdits } from '../core/refactors/apply';
import type { WorkspaceChange } from '../core/refactors/change';
import { reviewFirst } from '../core/refactors/change';
import type { ScriptTarget } from './refactorEdit';
import { saveWrittenFiles, toWorkspaceEdit, writtenFiles } from './refactorEdit';

/**
 * The refactor preview: a change that creates files (the params file, the loader, a package) or
 * moves statements (a fit moved after the split) is shown first in a multi-file diff editor, and applied, as one undoable edit, only when the user
 * says so (the notification's Apply, the editor toolbar's check mark, or the command). Discard,
 * closing the preview or dismissing the notification changes nothing.
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
  uris: string[];
  decide: (outcome: RefactorOutcome) => void;
}

/** The preview's tab: the workbench labels it with the title and the file count, `Preview: … (3 files)`. */
function isPreviewTab(tab: vscode.Tab, pending: Pending): boolean {
  return tab.label === pending.title || tab.label.startsWith(`${pending.title} (`);
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

export class RefactorPreviews implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private pending: Pending | undefined;
  private counter = 0;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this),
      vscode.commands.registerCommand(PREVIEW_REFACTOR_COMMAND, (change: WorkspaceChange, target: ScriptTarget) =>
        this.apply(change, target, true),
      ),
      vscode.commands.registerCommand(APPLY_PREVIEW_COMMAND, () => this.decide('applied')),
      vscode.commands.registerCommand(DISCARD_PREVIEW_COMMAND, () => this.decide('discarded')),
      // Closing the preview is a "no".
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        const pending = this.pending;
        if (pending && event.closed.some((tab) => isPreviewTab(tab, pending))) this.decide('discarded', pending);
      }),
    ];
  }

  /** Each preview has its own URIs (an id in the query), so a content never changes: no change event. */
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
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
    const uris: string[] = [];
    const resources = files.map((file) => {
      // Both sides share the file's path (the diff editor labels it as the file, not as a rename).
      const side = (which: string, text: string): vscode.Uri => {
        const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${file.name}`, query: `${id}-${which}` });
        this.contents.set(uri.toString(), text);
        uris.push(uri.toString());
        return uri;
      };
      // A new file has no "before": the editor shows it as added.
      return [file.uri, file.before === null ? undefined : side('before', file.before), side('after', file.after)] as const;
    });
    let decide!: (outcome: RefactorOutcome) => void;
    const decided = new Promise<RefactorOutcome>((resolve) => (decide = resolve));
    const pending: Pending = { title, change, target, versions: scriptDocuments(target).map((d) => d.version), uris, decide };
    this.pending = pending;
    await vscode.commands.executeCommand('setContext', PREVIEW_CONTEXT_KEY, true);
    await vscode.commands.executeCommand('vscode.changes', title, resources);
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
    await reveal(target);
    return result;
  }

  private decide(outcome: RefactorOutcome, which: Pending | undefined = this.pending): void {
    if (!which || this.pending !== which) return;
    this.pending = undefined;
    void vscode.commands.executeCommand('setContext', PREVIEW_CONTEXT_KEY, false);
    void this.closePreview(which).finally(() => {
      for (const uri of which.uris) this.contents.delete(uri);
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
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => isPreviewTab(tab, pending));
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
  }

  dispose(): void {
    this.decide('discarded');
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** Shows the script again: the preview may have taken the place of its editor. */
async function reveal(target: ScriptTarget): Promise<void> {
  if (target.kind === 'text') {
    if (!vscode.window.visibleTextEditors.some((e) => e.document === target.document))
      await vscode.window.showTextDocument(target.document, { preview: false });
  } else if (!vscode.window.visibleNotebookEditors.some((e) => e.notebook === target.notebook)) {
    await vscode.window.showNotebookDocument(target.notebook, { preview: false });
  }
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
