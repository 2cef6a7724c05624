import * as vscode from 'vscode';
import type { WorkspaceChange } from '../core/refactors/change';
import { RefactorError } from '../core/refactors/change';
import { cellEdits } from '../core/refactors/apply';
import { coalesceEdits } from '../core/edits';
import type { ProgramSource } from '../core/parse/source';
import type { TextEdit } from '../core/types';

/** Where the script of a refactor lives in the editor: a text document or a notebook's cells. */
export type ScriptTarget = { kind: 'text'; document: vscode.TextDocument } | { kind: 'notebook'; notebook: vscode.NotebookDocument };

/** The text of a file as the editor has it (an open, possibly unsaved document), or on disk; null when absent. */
export async function currentText(uri: vscode.Uri): Promise<string | null> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return null;
  }
}

/**
 * The engine's edits of one document, coalesced (edits that touch merged, each trimmed to what
 * changes): the workbench applies them as they are, decorations and markers away from the
 * changed spots stay put, and the whole WorkspaceEdit still undoes in one step.
 */
function replaceEach(
  edit: vscode.WorkspaceEdit,
  document: vscode.TextDocument,
  edits: readonly TextEdit[],
  meta: vscode.WorkspaceEditEntryMetadata | undefined,
): void {
  for (const located of coalesceEdits(document.getText(), edits)) {
    edit.replace(
      document.uri,
      new vscode.Range(document.positionAt(located.start), document.positionAt(located.end)),
      located.newText,
      meta,
    );
  }
}

/**
 * Program edits of the script into `edit`: on the document, or on the notebook's cells (throws
 * RefactorError when an edit would cross cells or change an IPython line). `meta` labels each
 * document's entries (`where`: the file, or `cell N`).
 */
function addScriptEdits(
  edit: vscode.WorkspaceEdit,
  target: ScriptTarget,
  source: ProgramSource,
  edits: readonly TextEdit[],
  meta?: (where: string) => vscode.WorkspaceEditEntryMetadata,
): void {
  if (target.kind === 'text') {
    replaceEach(edit, target.document, edits, meta?.(vscode.workspace.asRelativePath(target.document.uri)));
    return;
  }
  for (const [cellIndex, list] of cellEdits(source, edits))
    replaceEach(edit, target.notebook.cellAt(cellIndex).document, list, meta?.(`cell ${cellIndex + 1}`));
}

/** Program edits on the script alone (a rule's own fix, a suppression comment) as a WorkspaceEdit; null when they cannot map to cells. */
export function scriptEdit(target: ScriptTarget, source: ProgramSource, edits: readonly TextEdit[]): vscode.WorkspaceEdit | null {
  const edit = new vscode.WorkspaceEdit();
  try {
    addScriptEdits(edit, target, source, edits);
  } catch (error) {
    if (error instanceof RefactorError) return null; // it would touch an IPython line
    throw error;
  }
  return edit;
}

/**
 * One WorkspaceEdit for the whole change (one undo): the script's edits (per cell in a notebook),
 * the params file rewritten, new files created. When files are created every entry needs
 * confirmation, so the editor shows the refactor preview first.
 */
export async function toWorkspaceEdit(change: WorkspaceChange, target: ScriptTarget): Promise<vscode.WorkspaceEdit> {
  const edit = new vscode.WorkspaceEdit();
  // Entries are labelled (undo history, refactor preview) but need no confirmation: VS Code lists
  // entries that need confirmation unticked, so a preview of a whole refactor would apply nothing
  // until the user ticks every entry (as designed, microsoft/vscode#200991). The change is applied
  // as one edit instead; one undo takes it back, created files included.
  const metadata = (description: string): vscode.WorkspaceEditEntryMetadata => ({
    needsConfirmation: false,
    label: change.title,
    description,
  });
  for (const item of change.changes) {
    if (item.kind === 'script') {
      addScriptEdits(edit, target, item.source, item.edits, metadata);
    } else if (item.kind === 'create') {
      const uri = vscode.Uri.file(item.path);
      // Created empty, then filled by an insert in the same edit: `createFile(..., { contents })`
      // fails in the web workbench ("Could not revive data transfer file"), this works everywhere.
      const description = `new file ${vscode.workspace.asRelativePath(uri)}`;
      edit.createFile(uri, { overwrite: false }, metadata(description));
      edit.insert(uri, new vscode.Position(0, 0), item.text, metadata(description));
    } else {
      const uri = vscode.Uri.file(item.path);
      const document = await vscode.workspace.openTextDocument(uri);
      if (document.getText() !== item.expected)
        throw new RefactorError(`${vscode.workspace.asRelativePath(uri)} changed since the refactor was computed; try again`);
      const whole = new vscode.Range(0, 0, document.lineCount, 0);
      edit.replace(uri, document.validateRange(whole), item.text, metadata(vscode.workspace.asRelativePath(uri)));
    }
  }
  return edit;
}

/** The command a refactor's code action runs after its edit: saves the files the change wrote. */
export const SAVE_WRITTEN_FILES_COMMAND = 'mlHygiene.saveRefactorFiles';

/**
 * The files a change creates or rewrites besides the script (the params file, the loader). A
 * WorkspaceEdit leaves them as unsaved buffers; they are saved so that the script, which reads
 * them at run time, runs as soon as it is saved itself.
 */
export function writtenFiles(change: WorkspaceChange): vscode.Uri[] {
  return change.changes.flatMap((c) => (c.kind === 'create' || c.kind === 'rewrite' ? [vscode.Uri.file(c.path)] : []));
}

export async function saveWrittenFiles(uris: readonly vscode.Uri[]): Promise<void> {
  for (const uri of uris) {
    // Not `workspace.textDocuments`: a file the edit created may not have reached this extension
    // host's document list yet; opening it returns the workbench's (unsaved) model.
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.isDirty && !(await document.save())) throw new RefactorError(`${vscode.workspace.asRelativePath(uri)} could not be saved`);
  }
}
