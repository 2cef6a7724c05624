import * as vscode from 'vscode';
import { analyzeNotebookCells, type AnalysisResult, type NotebookCellInput } from '../core/engine';
import type { Finding } from '../core/types';
import type { ConfigService } from './config';
import { DIAGNOSTIC_SOURCE, toVsRange, type DiagnosticFactory } from './convert';
import { KeyedDebouncer } from './debounce';
import { CHANGE_DEBOUNCE_MS } from './diagnostics';
import { analysisPath, isJupyterNotebook, notebookOfCell } from './documents';
import type { FindingStore, PublishedFinding } from './findings';

export interface NotebookDiagnosticsDeps {
  config: ConfigService;
  store: FindingStore;
  factory: DiagnosticFactory;
  log: vscode.LogOutputChannel;
}

/** What the engine sees of a cell: markdown, Python code, or anything else as raw. */
export function cellInput(cell: vscode.NotebookCell): NotebookCellInput {
  const text = cell.document.getText();
  if (cell.kind === vscode.NotebookCellKind.Markup) return { kind: 'markdown', text };
  return { kind: cell.document.languageId === 'python' ? 'code' : 'raw', text };
}

/**
 * Live diagnostics for open Jupyter notebooks. The code cells are analysed together as one
 * program; each finding is shown on its cell, at its cell-relative range. Refreshed when the
 * notebook or any cell changes (debounced), on open, on save and on configuration changes.
 */
export class NotebookDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  /** Per notebook: the cell documents that currently carry diagnostics. */
  private readonly cellUris = new Map<string, vscode.Uri[]>();
  private readonly debouncer = new KeyedDebouncer<string>(CHANGE_DEBOUNCE_MS);
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly deps: NotebookDiagnosticsDeps) {
    this.disposables = [
      this.collection,
      this.debouncer,
      vscode.workspace.onDidOpenNotebookDocument((notebook) => this.analyse(notebook)),
      vscode.workspace.onDidChangeNotebookDocument((event) => {
        // Cells added, removed or moved, or a cell's text changed; not outputs or metadata.
        if (event.contentChanges.length > 0 || event.cellChanges.some((change) => change.document !== undefined)) {
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
      deps.config.onDidChange(() => this.analyseAll()),
    ];
    this.analyseAll();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    this.cellUris.clear();
  }

  private analyseAll(): void {
    for (const notebook of vscode.workspace.notebookDocuments) this.analyse(notebook);
  }

  private schedule(notebook: vscode.NotebookDocument): void {
    if (isJupyterNotebook(notebook)) this.debouncer.schedule(notebook.uri.toString(), () => this.analyse(notebook));
  }

  private analyse(notebook: vscode.NotebookDocument): void {
    if (!isJupyterNotebook(notebook) || notebook.isClosed) return;
    this.debouncer.cancel(notebook.uri.toString());
    const { enabled, config, plan } = this.deps.config.forUri(notebook.uri);
    if (!enabled) {
      this.clear(notebook.uri);
      return;
    }
    const cells = notebook.getCells().map(cellInput);
    let result: AnalysisResult;
    try {
      result = analyzeNotebookCells(analysisPath(notebook.uri), cells, { config, plan });
    } catch (error) {
      this.deps.log.error(`analysis of ${notebook.uri.toString(true)} failed`, error);
      this.clear(notebook.uri);
      return;
    }
    this.publish(notebook, cells, result);
  }

  private publish(notebook: vscode.NotebookDocument, cells: NotebookCellInput[], result: AnalysisResult): void {
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
      this.collection.set(uri, entries.map((entry) => entry.diagnostic));
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
