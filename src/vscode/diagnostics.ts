import * as vscode from 'vscode';
import { IncrementalAnalyzer, type AnalysisResult } from '../core/engine';
import type { ConfigService } from './config';
import { DIAGNOSTIC_SOURCE, toVsRange, type DiagnosticFactory } from './convert';
import { KeyedDebouncer } from './debounce';
import { analysisPath, isLivePythonDocument } from './documents';
import type { FindingStore, PublishedFinding } from './findings';

/** Quiet time after the last keystroke before re-analysing; analysis itself takes a few ms. */
export const CHANGE_DEBOUNCE_MS = 200;

interface ContentChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/** An analysed open document: its parser state and the edits made since the last analysis. */
interface Tracked {
  analyzer: IncrementalAnalyzer;
  pending: ContentChange[];
}

export interface DocumentDiagnosticsDeps {
  config: ConfigService;
  store: FindingStore;
  factory: DiagnosticFactory;
  log: vscode.LogOutputChannel;
}

/**
 * Live diagnostics for open Python documents: analysed on open, on change (debounced, with the
 * edits passed on so the parser re-parses incrementally), on save and when the configuration
 * changes; cleared on close.
 */
export class DocumentDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly tracked = new Map<string, Tracked>();
  private readonly debouncer = new KeyedDebouncer<string>(CHANGE_DEBOUNCE_MS);
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly deps: DocumentDiagnosticsDeps) {
    this.disposables = [
      this.collection,
      this.debouncer,
      vscode.workspace.onDidOpenTextDocument((document) => this.analyse(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.onChange(event)),
      vscode.workspace.onDidSaveTextDocument((document) => this.onSave(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document)),
      deps.config.onDidChange(() => this.analyseAll()),
    ];
    this.analyseAll();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    for (const entry of this.tracked.values()) entry.analyzer.dispose();
    this.tracked.clear();
  }

  private analyseAll(): void {
    for (const document of vscode.workspace.textDocuments) this.analyse(document);
  }

  private onChange(event: vscode.TextDocumentChangeEvent): void {
    const { document, contentChanges } = event;
    if (contentChanges.length === 0 || !isLivePythonDocument(document)) return;
    const key = document.uri.toString();
    // VS Code's changes apply in sequence, so the edits of several events can simply be queued.
    this.tracked.get(key)?.pending.push(
      ...contentChanges.map((change) => ({ rangeOffset: change.rangeOffset, rangeLength: change.rangeLength, text: change.text })),
    );
    this.debouncer.schedule(key, () => this.analyse(document));
  }

  private onSave(document: vscode.TextDocument): void {
    // A save runs the pending analysis at once instead of at the end of the quiet period.
    this.debouncer.flush(document.uri.toString());
  }

  private analyse(document: vscode.TextDocument): void {
    if (!isLivePythonDocument(document) || document.isClosed) return;
    const key = document.uri.toString();
    this.debouncer.cancel(key);
    const { enabled, config, plan } = this.deps.config.forUri(document.uri);
    if (!enabled) {
      this.forget(document);
      return;
    }
    let entry = this.tracked.get(key);
    const firstRun = entry === undefined;
    if (!entry) {
      entry = { analyzer: new IncrementalAnalyzer(analysisPath(document.uri)), pending: [] };
      this.tracked.set(key, entry);
    }
    const changes = entry.pending;
    entry.pending = [];
    const started = performance.now();
    let result: AnalysisResult;
    try {
      result = entry.analyzer.update(document.getText(), firstRun ? undefined : changes, { config, plan });
    } catch (error) {
      this.deps.log.error(`analysis of ${document.uri.toString(true)} failed`, error);
      this.forget(document);
      return;
    }
    this.deps.log.trace(`analysed ${document.uri.toString(true)} (v${document.version}) in ${(performance.now() - started).toFixed(1)} ms: ${result.findings.length} findings`);
    this.publish(document.uri, result);
  }

  private publish(uri: vscode.Uri, result: AnalysisResult): void {
    const entries: PublishedFinding[] = result.findings.map((finding) => ({
      finding,
      diagnostic: this.deps.factory.create(finding, toVsRange(finding.range), this.deps.factory.sameDocumentRelated(finding, uri)),
    }));
    this.collection.set(uri, entries.map((entry) => entry.diagnostic));
    this.deps.store.setPublished(uri, entries);
    this.deps.store.setResult(uri, result);
  }

  private forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.debouncer.cancel(key);
    this.tracked.get(key)?.analyzer.dispose();
    this.tracked.delete(key);
    this.collection.delete(document.uri);
    this.deps.store.deletePublished(document.uri);
    this.deps.store.deleteResult(document.uri);
  }
}
