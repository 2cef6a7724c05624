import * as vscode from 'vscode';
import { IncrementalAnalyzer, type AnalysisResult, type AnalyzeOptions } from '../core/engine';
import type { ConfigService } from './config';
import { DIAGNOSTIC_SOURCE, toVsRange, type DiagnosticFactory } from './convert';
import { KeyedDebouncer } from './debounce';
import { analysisPath, isLivePythonDocument } from './documents';
import type { FindingStore, PublishedFinding } from './findings';

/** Quiet time after the last keystroke before re-analyzing; analysis itself takes a few ms. */
export const CHANGE_DEBOUNCE_MS = 200;

interface ContentChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/** An analyzed open document: its parser state and the edits made since the last analysis. */
interface Tracked {
  analyzer: IncrementalAnalyzer;
  pending: ContentChange[];
}

export interface LiveDiagnosticsDeps {
  config: ConfigService;
  store: FindingStore;
  factory: DiagnosticFactory;
  log: vscode.LogOutputChannel;
}

/**
 * What the live diagnostics of documents and of notebooks share: the collection, the debouncer,
 * the events (analyzed on open, on change, on save and when the configuration changes), and
 * analyzing one document or notebook: off when ML Hygiene is disabled for it, forgotten when the
 * analysis fails. A subclass says which ones it analyzes, how, and where the diagnostics go.
 */
export abstract class LiveDiagnostics<D extends { readonly uri: vscode.Uri; readonly isClosed: boolean }> implements vscode.Disposable {
  protected readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  protected readonly debouncer = new KeyedDebouncer<string>(CHANGE_DEBOUNCE_MS);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(protected readonly deps: LiveDiagnosticsDeps) {}

  /** Subscribes to `events` and the configuration, and analyzes what is open; called once the subclass is set up. */
  protected start(events: vscode.Disposable[]): void {
    this.disposables.push(
      this.collection,
      this.debouncer,
      ...events,
      this.deps.config.onDidChange(() => this.analyzeAll()),
    );
    this.analyzeAll();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** The open documents (or notebooks) of this kind. */
  protected abstract open(): readonly D[];
  protected abstract isAnalyzed(item: D): boolean;
  protected abstract run(item: D, options: AnalyzeOptions): AnalysisResult;
  protected abstract publish(item: D, result: AnalysisResult): void;
  /** Clears its diagnostics and what the store holds for it. */
  protected abstract forget(item: D): void;

  private analyzeAll(): void {
    for (const item of this.open()) this.analyze(item);
  }

  protected analyze(item: D): void {
    if (!this.isAnalyzed(item) || item.isClosed) return;
    this.debouncer.cancel(item.uri.toString());
    const { enabled, config, plan } = this.deps.config.forUri(item.uri);
    if (!enabled) {
      this.forget(item);
      return;
    }
    let result: AnalysisResult;
    try {
      result = this.run(item, { config, plan });
    } catch (error) {
      this.deps.log.error(`analysis of ${item.uri.toString(true)} failed`, error);
      this.forget(item);
      return;
    }
    this.publish(item, result);
  }
}

/**
 * Live diagnostics for open Python documents: analyzed on open, on change (debounced, with the
 * edits passed on so the parser re-parses incrementally), on save and when the configuration
 * changes; cleared on close.
 */
export class DocumentDiagnostics extends LiveDiagnostics<vscode.TextDocument> {
  private readonly tracked = new Map<string, Tracked>();

  constructor(deps: LiveDiagnosticsDeps) {
    super(deps);
    this.start([
      vscode.workspace.onDidOpenTextDocument((document) => this.analyze(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.onChange(event)),
      vscode.workspace.onDidSaveTextDocument((document) => this.onSave(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document)),
    ]);
  }

  override dispose(): void {
    super.dispose();
    for (const entry of this.tracked.values()) entry.analyzer.dispose();
    this.tracked.clear();
  }

  protected open(): readonly vscode.TextDocument[] {
    return vscode.workspace.textDocuments;
  }

  protected isAnalyzed(document: vscode.TextDocument): boolean {
    return isLivePythonDocument(document);
  }

  private onChange(event: vscode.TextDocumentChangeEvent): void {
    const { document, contentChanges } = event;
    if (contentChanges.length === 0 || !isLivePythonDocument(document)) return;
    const key = document.uri.toString();
    // VS Code's changes apply in sequence, so the edits of several events can simply be queued.
    this.tracked
      .get(key)
      ?.pending.push(
        ...contentChanges.map((change) => ({ rangeOffset: change.rangeOffset, rangeLength: change.rangeLength, text: change.text })),
      );
    this.debouncer.schedule(key, () => this.analyze(document));
  }

  private onSave(document: vscode.TextDocument): void {
    // A save runs the pending analysis at once instead of at the end of the quiet period.
    this.debouncer.flush(document.uri.toString());
  }

  protected run(document: vscode.TextDocument, options: AnalyzeOptions): AnalysisResult {
    const key = document.uri.toString();
    let entry = this.tracked.get(key);
    const firstRun = entry === undefined;
    if (!entry) {
      entry = { analyzer: new IncrementalAnalyzer(analysisPath(document.uri)), pending: [] };
      this.tracked.set(key, entry);
    }
    const changes = entry.pending;
    entry.pending = [];
    const started = performance.now();
    const result = entry.analyzer.update(document.getText(), firstRun ? undefined : changes, options);
    this.deps.log.trace(
      `analysed ${document.uri.toString(true)} (v${document.version}) in ${(performance.now() - started).toFixed(1)} ms: ${result.findings.length} findings`,
    );
    return result;
  }

  protected publish(document: vscode.TextDocument, result: AnalysisResult): void {
    const uri = document.uri;
    const entries: PublishedFinding[] = result.findings.map((finding) => ({
      finding,
      diagnostic: this.deps.factory.create(finding, toVsRange(finding.range), this.deps.factory.sameDocumentRelated(finding, uri)),
    }));
    this.collection.set(
      uri,
      entries.map((entry) => entry.diagnostic),
    );
    this.deps.store.setPublished(uri, entries);
    this.deps.store.setResult(uri, result);
  }

  protected forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.debouncer.cancel(key);
    this.tracked.get(key)?.analyzer.dispose();
    this.tracked.delete(key);
    this.collection.delete(document.uri);
    this.deps.store.deletePublished(document.uri);
    this.deps.store.deleteResult(document.uri);
  }
}
