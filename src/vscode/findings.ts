import * as vscode from 'vscode';
import type { AnalysisResult } from '../core/engine';
import type { Finding } from '../core/types';

/** A finding as it was published: the diagnostic shown and the engine's finding behind it. */
export interface PublishedFinding {
  readonly finding: Finding;
  readonly diagnostic: vscode.Diagnostic;
}

/**
 * What the live analysis last produced: the result per analyzed document (a Python file or a
 * notebook) and the findings per diagnostic URI (the file, or a notebook cell). Code actions use
 * `findingFor` to get back from a diagnostic to its finding (fix, data); the status bar reads
 * `result`. One instance, created in `activate` and handed to the services that need it.
 */
export class FindingStore implements vscode.Disposable {
  private readonly results = new Map<string, AnalysisResult>();
  private readonly published = new Map<string, readonly PublishedFinding[]>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();

  /** Fires with the analyzed document's URI when its result changes or is removed. */
  readonly onDidChangeResult = this.changed.event;

  setResult(uri: vscode.Uri, result: AnalysisResult): void {
    this.results.set(uri.toString(), result);
    this.changed.fire(uri);
  }

  deleteResult(uri: vscode.Uri): void {
    if (this.results.delete(uri.toString())) this.changed.fire(uri);
  }

  result(uri: vscode.Uri): AnalysisResult | undefined {
    return this.results.get(uri.toString());
  }

  setPublished(uri: vscode.Uri, entries: readonly PublishedFinding[]): void {
    if (entries.length === 0) this.published.delete(uri.toString());
    else this.published.set(uri.toString(), entries);
  }

  deletePublished(uri: vscode.Uri): void {
    this.published.delete(uri.toString());
  }

  publishedOn(uri: vscode.Uri): readonly PublishedFinding[] {
    return this.published.get(uri.toString()) ?? [];
  }

  /**
   * The finding behind a diagnostic on `uri`. Diagnostics handed to code-action providers are
   * copies, so they are matched by code, range and message rather than by identity.
   */
  findingFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Finding | undefined {
    const code = diagnosticCode(diagnostic);
    return this.publishedOn(uri).find(
      (entry) =>
        entry.diagnostic === diagnostic ||
        (diagnosticCode(entry.diagnostic) === code &&
          entry.diagnostic.message === diagnostic.message &&
          entry.diagnostic.range.isEqual(diagnostic.range)),
    )?.finding;
  }

  dispose(): void {
    this.changed.dispose();
    this.results.clear();
    this.published.clear();
  }
}

export function diagnosticCode(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}
