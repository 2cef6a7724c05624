import * as vscode from 'vscode';
import { withAnalysis, withModel } from '../core/engine';
import type { RefactorResult } from '../core/refactors/change';
import { cellRange, extractCells, extractFunction } from '../core/refactors/extractFunction';
import { notebookSource, toCellRange } from '../core/parse/source';
import { EXTRACT_CONFIG, resolvedBy } from '../core/refactors/registry';
import { fixAll } from '../core/refactors/fixAll';
import type { ConfigService } from './config';
import type { ScriptContext } from './codeActions';
import { paramsEnv, scriptContext } from './codeActions';
import type { RefactorPreviews } from './refactorPreview';
import { wantsPreview } from './refactorPreview';
import { SAVE_WRITTEN_FILES_COMMAND, saveWrittenFiles } from './refactorEdit';
import { focusLocation, registerRenameAt, renameAt } from './renameAfter';
import { analysisPath, isJupyterNotebook } from './documents';
import type { CellSpan } from './notebooks';
import { cellInput, selectedCellSpan } from './notebooks';

export const EXTRACT_CONFIG_COMMAND = 'mlHygiene.extractConfig';
export const EXTRACT_FUNCTION_COMMAND = 'mlHygiene.extractFunction';
export const FIX_ALL_COMMAND = 'mlHygiene.fixAll';

/** What a refactor command did, for the caller (and the extension-host tests). */
export interface RefactorCommandResult {
  applied: boolean;
  moved: number;
  /** Findings fixed (Fix All). */
  fixed?: number;
  /** Lines are 1-based, in the cell (`cell`, 1-based among all cells) for a notebook. */
  refused: Array<{ line: number; cell?: number; reason: string }>;
}

export interface RefactorCommandDeps {
  config: ConfigService;
  log: vscode.LogOutputChannel;
  previews: RefactorPreviews;
}

/** The document a command works on: the given URI, the active editor's, or the active notebook's first code cell. */
async function targetDocument(uri?: unknown): Promise<vscode.TextDocument | undefined> {
  if (uri instanceof vscode.Uri) {
    const notebook = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === uri.toString());
    if (notebook) return notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code)?.document;
    return vscode.workspace.openTextDocument(uri);
  }
  const notebookEditor = vscode.window.activeNotebookEditor;
  const active = vscode.window.activeTextEditor?.document;
  if (active) return active;
  return notebookEditor?.notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code)?.document;
}

function report(result: RefactorResult, applied: boolean, script: ScriptContext): RefactorCommandResult {
  return {
    applied,
    moved: result.moved.length,
    refused: result.refused.map((r) => {
      const inCell = toCellRange(script.source, r.range);
      return inCell
        ? { line: inCell.range.start.line + 1, cell: inCell.cellIndex + 1, reason: r.reason }
        : { line: r.range.start.line - script.lineOffset + 1, reason: r.reason };
    }),
  };
}

async function run(
  script: ScriptContext,
  result: RefactorResult,
  title: string,
  { log, previews }: Pick<RefactorCommandDeps, 'log' | 'previews'>,
): Promise<RefactorCommandResult> {
  if (!result.change) {
    const reason = result.refused[0]?.reason;
    void vscode.window.showInformationMessage(`ML Hygiene: ${title}: nothing to change${reason ? ` (${reason})` : ''}.`);
    return report(result, false, script);
  }
  for (const refused of result.refused) log.info(`${title}: line ${refused.range.start.line + 1} not changed: ${refused.reason}`);
  const outcome = await previews.apply(result.change, script.target, wantsPreview(result.change, script.analyzedUri));
  return report(result, outcome === 'applied', script);
}

/**
 * The cells Extract to Function works on, when it works on cells: a cell given by its toolbar
 * menu (with the cells selected around it), the range given with the notebook's URI (`{ start, end }`, end exclusive, as a NotebookRange), or the active notebook
 * editor's selection when it holds several cells, or one cell selected while no cell's editor has
 * the focus. A string says why the selection cannot be used; null: the text selection decides.
 */
function targetCells(uri: unknown, cells: unknown): CellSpan | string | null {
  // From a cell's toolbar (its "..." menu): the selected cells when that cell is one of them, else that cell.
  const cell = uri as Partial<vscode.NotebookCell> | undefined;
  if (cell && !(uri instanceof vscode.Uri) && typeof cell.index === 'number' && cell.notebook) {
    const notebook = cell.notebook;
    const editor = vscode.window.visibleNotebookEditors.find((e) => e.notebook === notebook);
    const span = editor ? selectedCellSpan(editor) : null;
    if (span && typeof span !== 'string' && cell.index >= span.start && cell.index < span.end) return span;
    return { notebook, start: cell.index, end: cell.index + 1 };
  }
  if (uri instanceof vscode.Uri) {
    const notebook = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === uri.toString());
    const range = cells as { start?: unknown; end?: unknown } | undefined;
    if (!notebook || typeof range?.start !== 'number' || typeof range.end !== 'number') return null;
    if (range.start < 0 || range.end > notebook.cellCount || range.end <= range.start)
      return `cells ${range.start + 1} to ${range.end} are not cells of the notebook`;
    return { notebook, start: range.start, end: range.end };
  }
  const editor = vscode.window.activeNotebookEditor;
  if (!editor || !isJupyterNotebook(editor.notebook)) return null;
  const span = selectedCellSpan(editor);
  if (span === null || typeof span === 'string') return span;
  const cellEditor = vscode.window.activeTextEditor?.document;
  const typingInCell = editor.notebook.getCells().some((c) => c.document === cellEditor);
  return span.end - span.start > 1 || !typingInCell ? span : null;
}

/** Extract Cells to Function on a span of cells: one function in the first code cell, the rename started on its name. */
async function extractCellSpan(span: CellSpan, deps: Pick<RefactorCommandDeps, 'log' | 'previews'>): Promise<RefactorCommandResult> {
  const { notebook } = span;
  const script: ScriptContext = {
    target: { kind: 'notebook', notebook },
    source: notebookSource(analysisPath(notebook.uri), notebook.getCells().map(cellInput)),
    analyzedUri: notebook.uri,
    lineOffset: 0,
    onDisk: notebook.uri.scheme === 'file',
  };
  const result = withModel(script.source, (m) => extractCells(m, span.start, span.end - 1));
  const outcome = await run(script, result, 'Extract Cells to Function', deps);
  const focus = outcome.applied && result.change?.focus ? focusLocation(script.target, script.source, result.change.focus) : null;
  if (focus) await renameAt(focus.uri, focus.position);
  return outcome;
}

/** "Move Parameters to the Params File", "Extract to Function" and "Fix All Safe Problems", from the command palette. */
export function registerRefactorCommands({ config, log, previews }: RefactorCommandDeps): vscode.Disposable[] {
  const failing = async <T>(title: string, body: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await body();
    } catch (error) {
      log.error(`${title} failed`, error);
      void vscode.window.showErrorMessage(`ML Hygiene: ${title}: ${(error as Error).message}`);
      return undefined;
    }
  };
  return [
    vscode.commands.registerCommand(SAVE_WRITTEN_FILES_COMMAND, (uris: readonly vscode.Uri[]) => saveWrittenFiles(uris)),
    registerRenameAt(),
    vscode.commands.registerCommand(EXTRACT_CONFIG_COMMAND, (uri?: unknown) =>
      failing('Move Parameters to the Params File', async () => {
        const document = await targetDocument(uri);
        const script = document ? scriptContext(document) : null;
        if (!script || !script.onDisk) throw new Error('open a saved Python file or notebook first');
        const env = await paramsEnv(script);
        const result = withAnalysis(script.source, { config: config.forUri(script.analyzedUri).config }, (findings, m) =>
          EXTRACT_CONFIG.run(m, resolvedBy(EXTRACT_CONFIG, findings), env),
        );
        return run(script, result, 'Move Parameters to the Params File', { log, previews });
      }),
    ),
    vscode.commands.registerCommand(FIX_ALL_COMMAND, (uri?: unknown) =>
      failing('Fix All Safe Problems', async () => {
        const document = await targetDocument(uri);
        const script = document ? scriptContext(document) : null;
        if (!script) throw new Error('open a Python file or notebook first');
        const env = script.onDisk ? await paramsEnv(script) : null;
        const result = withAnalysis(script.source, { config: config.forUri(script.analyzedUri).config }, (findings, m) =>
          fixAll(m, findings, env),
        );
        return {
          ...(await run(script, result, 'Fix All Safe Problems', { log, previews })),
          fixed: result.change ? result.fixed.length : 0,
        };
      }),
    ),
    vscode.commands.registerCommand(EXTRACT_FUNCTION_COMMAND, (uri?: unknown, cells?: unknown) =>
      failing('Extract to Function', async () => {
        // Several cells selected in a notebook (or given): Extract Cells to Function.
        const span = targetCells(uri, cells);
        if (typeof span === 'string') throw new Error(span);
        if (span) return extractCellSpan(span, { log, previews });
        const editor = vscode.window.activeTextEditor;
        const script = editor ? scriptContext(editor.document) : null;
        if (!editor || !script) throw new Error('select top-level statements in a Python file or a notebook cell first');
        const selection = editor.selection;
        const range = selection.isEmpty
          ? withModel(script.source, (m) =>
              script.target.kind === 'notebook'
                ? cellRange(m, script.source.codeCells.find((c) => c.startLine === script.lineOffset)?.cellIndex ?? -1)
                : null,
            )
          : {
              start: { line: selection.start.line + script.lineOffset, character: selection.start.character },
              end: { line: selection.end.line + script.lineOffset, character: selection.end.character },
            };
        if (!range) throw new Error('select the statements to extract');
        const result = withModel(script.source, (m) => extractFunction(m, range));
        const outcome = await run(script, result, 'Extract to Function', { log, previews });
        // Name the new function at once.
        const focus = outcome.applied && result.change?.focus ? focusLocation(script.target, script.source, result.change.focus) : null;
        if (focus) await renameAt(focus.uri, focus.position);
        return outcome;
      }),
    ),
  ];
}
