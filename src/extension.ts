import * as vscode from 'vscode';
import { initEngine } from './core/engine';
import { RefactorCodeActions } from './vscode/codeActions';
import { registerCommands } from './vscode/commands';
import { ConfigService } from './vscode/config';
import { DiagnosticFactory } from './vscode/convert';
import { DocumentDiagnostics } from './vscode/diagnostics';
import { FindingStore } from './vscode/findings';
import type { GraphApi } from './vscode/graphPanel';
import { PipelineGraphs } from './vscode/graphPanel';
import { NotebookDiagnostics } from './vscode/notebooks';
import { registerRefactorCommands } from './vscode/refactorCommands';
import { registerModularize } from './vscode/modularize';
import { RefactorPreviews } from './vscode/refactorPreview';
import { RuleDocumentation } from './vscode/ruleDocs';
import { editorPool, editorPoolDisposable } from './vscode/pool';
import { WorkspaceScanner } from './vscode/scan';
import { MonolithStatusBar } from './vscode/statusBar';
import { registerWalkthrough } from './vscode/walkthrough';
import type { PlanApi } from './webview/host/register';
import { registerPlanView } from './webview/host/register';

/** What `activate` returns to other extensions (and to the tests): how long activation took. */
export interface MlHygieneApi {
  activationMs: number;
  /** The sidebar's data and message handling (the extension-host tests drive it). */
  plan: PlanApi;
  /** The pipeline-graph panels: their state and their views' messages (the extension-host tests drive them). */
  graph: GraphApi;
  /** Analysis worker threads started so far (Scan Workspace and the hygiene index run in them). */
  analysisWorkersStarted(): number;
}

/** Builds the services and registers them; everything else lives in src/vscode and src/core. */
export async function activate(context: vscode.ExtensionContext): Promise<MlHygieneApi> {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('ML Hygiene', { log: true });
  context.subscriptions.push(log);
  try {
    await initEngine();
  } catch (error) {
    log.error('cannot load the Python parser', error);
    void vscode.window.showErrorMessage(`ML Hygiene cannot load its Python parser: ${String(error)}`);
    throw error;
  }
  const store = new FindingStore();
  const config = new ConfigService(log);
  const previews = new RefactorPreviews(log);
  const factory = new DiagnosticFactory(context.extension.id);
  const scanner = new WorkspaceScanner({ config, factory, log });
  const docs = new RuleDocumentation(log);
  const graphs = new PipelineGraphs({ extensionUri: context.extensionUri, config, log });
  context.subscriptions.push(
    editorPoolDisposable(),
    store,
    config,
    scanner,
    docs,
    new DocumentDiagnostics({ config, store, factory, log }),
    new NotebookDiagnostics({ config, store, factory, log }),
    new MonolithStatusBar(store),
    ...registerCommands({ scanner, docs, store }),
    previews,
    vscode.languages.registerCodeActionsProvider(
      { language: 'python' },
      new RefactorCodeActions({ store, config, log }),
      RefactorCodeActions.metadata,
    ),
    ...registerRefactorCommands({ config, log, previews }),
    ...registerModularize(log, previews, (original, pipeline, name) => void graphs.showPackage(original, pipeline, name)),
    ...registerWalkthrough(context, log),
    graphs,
  );
  const sidebar = registerPlanView({ extensionUri: context.extensionUri, config, log });
  context.subscriptions.push(...sidebar.disposables);
  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs, plan: sidebar.api, graph: graphs.api(), analysisWorkersStarted: () => editorPool()?.started ?? 0 };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
