import * as vscode from 'vscode';
import { walkDirectory } from '../core/files/walk';
import type { AnalyzeOptions } from '../core/engine';
import type { AnalyzedFile } from '../core/project/analyze';
import { analyzeFiles } from '../core/project/analyze';
import type { Finding } from '../core/types';
import type { ConfigService } from './config';
import { toVsRange, type DiagnosticFactory } from './convert';
import { isJupyterNotebook, isLivePythonDocument } from './documents';
import { editorPool } from './pool';

export interface ScanSummary {
  /** Files found in the workspace folders (.py and .ipynb, minus what .gitignore ignores). */
  files: number;
  /** Files analyzed before the end or the cancellation. */
  analyzed: number;
  findings: number;
  cancelled: boolean;
}

export interface WorkspaceScannerDeps {
  config: ConfigService;
  factory: DiagnosticFactory;
  log: vscode.LogOutputChannel;
}

/**
 * "Scan Workspace": analyzes every `.py` and `.ipynb` file of the workspace folders that
 * `.gitignore` does not ignore, with the same file walk as `ml-hygiene check <folder>`, in the
 * editor's worker threads (pool.ts). Results
 * go to their own diagnostic collection; a file that is open in an editor shows its live
 * diagnostics instead, and gets its scan result back (re-read from disk) when it closes.
 */
export class WorkspaceScanner implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('ML Hygiene (workspace scan)');
  /** Files of the last scan (URI strings). */
  private readonly scanned = new Set<string>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly deps: WorkspaceScannerDeps) {
    this.disposables = [
      this.collection,
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (isLivePythonDocument(document)) this.collection.delete(document.uri);
      }),
      vscode.workspace.onDidOpenNotebookDocument((notebook) => {
        if (isJupyterNotebook(notebook)) this.collection.delete(notebook.uri);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => void this.restore(document.uri)),
      vscode.workspace.onDidCloseNotebookDocument((notebook) => void this.restore(notebook.uri)),
    ];
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  /**
   * Runs the scan under a cancellable progress notification. A caller (another extension, a
   * test) may pass its own token as well: either one cancels.
   */
  scan(external?: vscode.CancellationToken): Thenable<ScanSummary> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'ML Hygiene: scanning the workspace', cancellable: true },
      (progress, token) =>
        this.run(
          progress,
          external
            ? {
                get isCancellationRequested() {
                  return token.isCancellationRequested || external.isCancellationRequested;
                },
              }
            : token,
        ),
    );
  }

  private async run(
    progress: vscode.Progress<{ message?: string; increment?: number }>,
    token: Pick<vscode.CancellationToken, 'isCancellationRequested'>,
  ): Promise<ScanSummary> {
    progress.report({ message: 'finding files…' });
    const files = await this.workspaceFiles();
    this.collection.clear();
    this.scanned.clear();
    const summary: ScanSummary = { files: files.length, analyzed: 0, findings: 0, cancelled: false };
    const cancelled = (): boolean => token.isCancellationRequested;
    for await (const analyzed of analyzeFiles(
      files.map((uri) => uri.fsPath),
      { options: (file) => this.options(vscode.Uri.file(file)), cancelled, pool: editorPool(this.deps.log) },
    )) {
      const uri = vscode.Uri.file(analyzed.file);
      this.scanned.add(uri.toString());
      summary.findings += this.publish(uri, analyzed);
      summary.analyzed++;
      progress.report({ message: `${summary.analyzed}/${files.length}`, increment: 100 / files.length });
    }
    summary.cancelled = summary.analyzed < files.length;
    this.deps.log.info(
      `workspace scan${summary.cancelled ? ' cancelled' : ''}: ${summary.analyzed}/${summary.files} files, ${summary.findings} findings`,
    );
    void this.announce(summary);
    return summary;
  }

  private async workspaceFiles(): Promise<vscode.Uri[]> {
    const seen = new Set<string>();
    const files: vscode.Uri[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const found = await walkDirectory(folder.uri.fsPath, (message) => this.deps.log.warn(message));
      for (const file of found) {
        if (seen.has(file)) continue;
        seen.add(file);
        files.push(vscode.Uri.file(file));
      }
    }
    return files;
  }

  /** What a file is analyzed with; null when analysis is off for it. */
  private options(uri: vscode.Uri): AnalyzeOptions | null {
    const { enabled, config, plan } = this.deps.config.forUri(uri);
    return enabled ? { config, plan } : null;
  }

  /** Publishes a file's result unless the file is open; returns the finding count. */
  private publish(uri: vscode.Uri, { result, failure }: AnalyzedFile): number {
    if (failure !== undefined) this.deps.log.error(`analysis of ${uri.fsPath} failed`, failure);
    if (result === null) {
      this.collection.delete(uri);
      return 0;
    }
    if (isOpen(uri)) this.collection.delete(uri);
    else
      this.collection.set(
        uri,
        result.findings.map((finding) => this.diagnostic(uri, finding)),
      );
    return result.findings.length;
  }

  /** A closed file keeps no squiggles: a notebook's findings name their cell in the message. */
  private diagnostic(uri: vscode.Uri, finding: Finding): vscode.Diagnostic {
    if (!finding.cell)
      return this.deps.factory.create(finding, toVsRange(finding.range), this.deps.factory.sameDocumentRelated(finding, uri));
    const { cellIndex, range } = finding.cell;
    const where = `Cell ${cellIndex + 1}, line ${range.start.line + 1}: `;
    return this.deps.factory.create(finding, new vscode.Range(0, 0, 0, 0), [], where);
  }

  private async restore(uri: vscode.Uri): Promise<void> {
    if (!this.scanned.has(uri.toString()) || isOpen(uri)) return;
    for await (const analyzed of analyzeFiles([uri.fsPath], {
      options: (file) => this.options(vscode.Uri.file(file)),
      pool: editorPool(this.deps.log),
    }))
      this.publish(uri, analyzed);
  }

  private async announce(summary: ScanSummary): Promise<void> {
    const text = summary.cancelled
      ? `ML Hygiene: scan cancelled after ${summary.analyzed} of ${summary.files} files (${summary.findings} findings so far).`
      : `ML Hygiene: ${summary.findings} findings in ${summary.files} files.`;
    const action = 'Show Problems';
    if ((await vscode.window.showInformationMessage(text, action)) === action) {
      await vscode.commands.executeCommand('workbench.actions.view.problems');
    }
  }
}

/** Whether live diagnostics cover the file: open as a Python document or as a Jupyter notebook. */
function isOpen(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return (
    vscode.workspace.textDocuments.some((document) => document.uri.toString() === key && isLivePythonDocument(document)) ||
    vscode.workspace.notebookDocuments.some((notebook) => notebook.uri.toString() === key && isJupyterNotebook(notebook))
  );
}
