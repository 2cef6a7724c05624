import * as vscode from 'vscode';
import type { ProgramSource } from '../core/parse/source';
import type { Position } from '../core/types';
import type { ScriptTarget } from './refactorEdit';

/**
 * After Extract to Function: a rename starts on the new function's name, so that the author names
 * it at once. `editor.action.rename` when a rename provider serves Python (Pylance, Jedi…); without
 * one, the name's occurrences (the def and its call) are all selected, so that what the author
 * types renames both (and the extraction stays one undo).
 */

/** Internal command a code action runs after its edit: (document URI, position in that document). */
export const RENAME_AT_COMMAND = 'mlHygiene.renameAt';

/** Where the change's `focus` (program coordinates) lies: the script's document, or the notebook cell holding that line. */
export function focusLocation(
  target: ScriptTarget,
  source: ProgramSource,
  focus: Position,
): { uri: vscode.Uri; position: vscode.Position } | null {
  if (target.kind === 'text') return { uri: target.document.uri, position: new vscode.Position(focus.line, focus.character) };
  const cell = source.codeCells.find((c) => focus.line >= c.startLine && focus.line < c.startLine + c.lineCount);
  if (!cell || cell.cellIndex >= target.notebook.cellCount) return null;
  return {
    uri: target.notebook.cellAt(cell.cellIndex).document.uri,
    position: new vscode.Position(focus.line - cell.startLine, focus.character),
  };
}

/**
 * Whether a rename provider serves this position. `vscode.prepareRename` cannot tell (without a
 * provider it answers the word range); asked for the edits of a rename to another name, no provider
 * answers an empty edit, a provider the occurrences (the edit is only looked at, not applied).
 */
async function hasRenameProvider(uri: vscode.Uri, position: vscode.Position, name: string): Promise<boolean> {
  try {
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit | undefined>(
      'vscode.executeDocumentRenameProvider',
      uri,
      position,
      `${name}_probe`,
    );
    return (edit?.size ?? 0) > 0;
  } catch {
    return false; // the provider cannot rename here
  }
}

/** Puts the cursor on the name at `position` of `uri` and starts renaming it. */
export async function renameAt(uri: vscode.Uri, position: vscode.Position): Promise<'rename' | 'linked' | 'none'> {
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), preview: false });
  const word = document.getWordRangeAtPosition(position, /[A-Za-z_][A-Za-z0-9_]*/);
  if (!word) return 'none';
  const name = document.getText(word);
  if (await hasRenameProvider(uri, position, name)) {
    // Not awaited: the command ends when the author has typed the name.
    void vscode.commands.executeCommand('editor.action.rename');
    return 'rename';
  }
  const text = document.getText();
  const ranges: vscode.Range[] = [];
  for (const match of text.matchAll(new RegExp(`(?<![\\w.])${name}(?!\\w)`, 'g')))
    ranges.push(new vscode.Range(document.positionAt(match.index), document.positionAt(match.index + name.length)));
  // The def first: the primary cursor is where the author looks.
  ranges.sort((a, b) => (a.contains(position) ? -1 : b.contains(position) ? 1 : a.start.compareTo(b.start)));
  if (ranges.length === 0) return 'none';
  // One selection per occurrence: what the author types replaces them all. Selections, not a
  // snippet: a snippet is an edit of its own, which the first undo would take back (showing no
  // change) before the extraction itself.
  editor.selections = ranges.map((r) => new vscode.Selection(r.start, r.end));
  editor.revealRange(ranges[0]!);
  return 'linked';
}

export function registerRenameAt(): vscode.Disposable {
  return vscode.commands.registerCommand(RENAME_AT_COMMAND, (uri: vscode.Uri, position: vscode.Position) => renameAt(uri, position));
}
