import * as vscode from 'vscode';
import { analyzeNotebookCells, type AnalysisResult, type AnalyzeOptions, type NotebookCellInput } from '../core/engine';
import type { Finding } from '../core/types';
import { toVsRange } from './convert';
import { LiveDiagnostics, type LiveDiagnosticsDeps } from './diagnostics';
import { analysisPath, isJupyterNotebook, notebookOfCell } from './documents';
import type { PublishedFinding } from './findings';

/** What the engine sees of a cell: markdown, Python code, or anything else as raw. */
export function cellInput(cell: vscode.NotebookCell): NotebookCellInput {
  const text = cell.document.getText();
  if (cell.kind === vscode.NotebookCellKind.Markup) return { kind: 'markdown', text };
  if (cell.document.languageId !== 'python') return { kind: 'raw', text };
  return { kind: 'code', text, executionCount: cell.executionSummary?.executionOrder ?? null };
}

/**
 * Live diagnostics for open Jupyter notebooks. The code cells are analyzed together as one
 * program; each finding is shown on its cell, at its cell-relative range. Refreshed when the
 * notebook or any cell changes (debounced), on open, on save and on configuration changes.
 */
export class NotebookDiagnostics extends LiveDiagnostics<vscode.NotebookDocument> {
  /** Per notebook: the cell documents that currently carry diagnostics. */
  private readonly cellUris = new Map<string, vscode.Uri[]>();

  constructor(deps: LiveDiagnosticsDeps) {
    super(deps);
    this.start([
      vscode.workspace.onDidOpenNotebookDocument((notebook) => this.analyze(notebook)),
      vscode.workspace.onDidChangeNotebookDocument((event) => {
        // Cells added, removed or moved, a cell's text changed, or a cell run (its execution order
        // feeds MLH204 out-of-order-execution); not outputs or metadata.
        if (
          event.contentChanges.length > 0 ||
          event.cellChanges.some((change) => change.document !== undefined || change.executionSummary !== undefined)
        ) {
          this.schedule(event.notebook);
        }
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        const notebook = event.contentChanges.length > 0 ? notebookOfCell(event.document) : undefined;
        if (notebook) this.schedule(notebook);
      }),
      // A cell whose language changes is closed and reopened with the new language.
      vscode.workspace.onDidOpenTextDocument((document) => {
        const notebook = notebookOfCell(document);
        if (notebook) this.schedule(notebook);
      }),
      vscode.workspace.onDidSaveNotebookDocument((notebook) => this.debouncer.flush(notebook.uri.toString())),
      vscode.workspace.onDidCloseNotebookDocument((notebook) => this.clear(notebook.uri)),
    ]);
  }

  override dispose(): void {
    super.dispose();
    this.cellUris.clear();
  }

  protected open(): readonly vscode.NotebookDocument[] {
    return vscode.workspace.notebookDocuments;
  }

  protected isAnalyzed(notebook: vscode.NotebookDocument): boolean {
    return isJupyterNotebook(notebook);
  }

  private schedule(notebook: vscode.NotebookDocument): void {
    if (isJupyterNotebook(notebook)) this.debouncer.schedule(notebook.uri.toString(), () => this.analyze(notebook));
  }

  protected run(notebook: vscode.NotebookDocument, options: AnalyzeOptions): AnalysisResult {
    return analyzeNotebookCells(analysisPath(notebook.uri), notebook.getCells().map(cellInput), options);
  }

  protected forget(notebook: vscode.NotebookDocument): void {
    this.clear(notebook.uri);
  }

  protected publish(notebook: vscode.NotebookDocument, result: AnalysisResult): void {
    const cells = result.cells ?? notebook.getCells().map(cellInput);
    const byCell = new Map<number, PublishedFinding[]>();
    for (const finding of result.findings) {
      // The engine maps findings and related locations to cells; a finding outside any cell (none
      // today) would go on the first code cell rather than be lost.
      const at = finding.cell ?? { cellIndex: firstCodeCell(cells), range: zeroRange() };
      if (at.cellIndex < 0 || at.cellIndex >= notebook.cellCount) continue;
      const cellDocument = notebook.cellAt(at.cellIndex).document;
      const related = finding.related.flatMap((item) => {
        const target = item.cell;
        if (!target || target.cellIndex >= notebook.cellCount) return [];
        const document = notebook.cellAt(target.cellIndex).document;
        const location = new vscode.Location(document.uri, document.validateRange(toVsRange(target.range)));
        return [new vscode.DiagnosticRelatedInformation(location, item.message)];
      });
      const diagnostic = this.deps.factory.create(finding, cellDocument.validateRange(toVsRange(at.range)), related);
      const list = byCell.get(at.cellIndex) ?? [];
      list.push({ finding, diagnostic });
      byCell.set(at.cellIndex, list);
    }
    this.clearCells(notebook.uri);
    const uris: vscode.Uri[] = [];
    for (const [cellIndex, entries] of byCell) {
      const uri = notebook.cellAt(cellIndex).document.uri;
      uris.push(uri);
      this.collection.set(
        uri,
        entries.map((entry) => entry.diagnostic),
      );
      this.deps.store.setPublished(uri, entries);
    }
    this.cellUris.set(notebook.uri.toString(), uris);
    this.deps.store.setResult(notebook.uri, result);
  }

  private clearCells(notebookUri: vscode.Uri): void {
    for (const uri of this.cellUris.get(notebookUri.toString()) ?? []) {
      this.collection.delete(uri);
      this.deps.store.deletePublished(uri);
    }
    this.cellUris.delete(notebookUri.toString());
  }

  private clear(notebookUri: vscode.Uri): void {
    this.debouncer.cancel(notebookUri.toString());
    this.clearCells(notebookUri);
    this.deps.store.deleteResult(notebookUri);
  }
}

function firstCodeCell(cells: readonly NotebookCellInput[]): number {
  const index = cells.findIndex((cell) => cell.kind === 'code');
  return index < 0 ? 0 : index;
}

function zeroRange(): Finding['range'] {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** A range of a notebook's cells (`end` exclusive, as `vscode.NotebookRange`). */
export interface CellSpan {
  notebook: vscode.NotebookDocument;
  start: number;
  end: number;
}

/**
 * The cells selected in the notebook's editor as one span, for Extract Cells to Function: the
 * selections from the first selected cell to the last; a string saying why not when a code cell
 * between them is not selected (the cells must be adjacent, markdown cells between them may be
 * left out). Null when the notebook has no editor or nothing is selected.
 */
export function selectedCellSpan(editor: vscode.NotebookEditor): CellSpan | string | null {
  const ranges = editor.selections.filter((r) => !r.isEmpty);
  if (ranges.length === 0) return null;
  const start = Math.min(...ranges.map((r) => r.start));
  const end = Math.max(...ranges.map((r) => r.end));
  for (let index = start; index < end; index++) {
    const cell = editor.notebook.cellAt(index);
    if (cell.kind === vscode.NotebookCellKind.Code && !ranges.some((r) => index >= r.start && index < r.end))
      return `cell ${index + 1}, a code cell between the selected cells, is not selected: select adjacent cells`;
  }
  return { notebook: editor.notebook, start, end };
}
