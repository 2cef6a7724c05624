import { isAbsolute, relative, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { PlanEdit } from '../../core/plan/document';
import { PlanFileError } from '../../core/plan/document';
import { emptyFacts } from '../../core/plan/evidence';
import type { ConfigService } from '../../vscode/config';
import type { ViewMessage, ViewState } from '../protocol';
import { FolderPlan, PlanWriteRefused } from './folderPlan';
import { buildViewState } from './snapshot';

export const MODULARIZE_COMMAND = 'mlHygiene.modularize';
export const SCAN_COMMAND = 'mlHygiene.scanWorkspace';
export const SHOW_GRAPH_COMMAND = 'mlHygiene.showPipelineGraph';

export interface PlanHostDeps {
  config: ConfigService;
  log: vscode.LogOutputChannel;
}

/**
 * The data behind the sidebar: one FolderPlan per workspace folder (started the first time the
 * view or a command needs it, so a user who never opens the sidebar pays nothing), the folder
 * the view shows, and the handling of what the view asks for. The view only ever gets snapshots.
 */
export class PlanHost implements vscode.Disposable {
  private readonly plans = new Map<string, FolderPlan>();
  private selected: string | null = null;
  private scanning = false;
  private canModularize = false;
  private started = false;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[];

  /** Fires when the snapshot may have changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: PlanHostDeps) {
    this.disposables = [
      this.changed,
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        if (this.started) this.syncFolders();
      }),
    ];
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    for (const plan of this.plans.values()) plan.dispose();
    this.plans.clear();
  }

  /** Starts watching and analyzing the workspace folders (once). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.syncFolders();
    // After the rest of activation has registered its commands (modularize among them).
    setTimeout(() => void this.checkModularize(), 0);
  }

  private syncFolders(): void {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
    const ids = new Set(folders.map((folder) => folder.uri.toString()));
    for (const [id, plan] of this.plans) {
      if (!ids.has(id)) {
        plan.dispose();
        this.plans.delete(id);
      }
    }
    for (const folder of folders) {
      const id = folder.uri.toString();
      if (this.plans.has(id)) continue;
      const plan = new FolderPlan({ folder, config: this.deps.config, log: this.deps.log });
      plan.onDidChange(() => {
        if (this.selected === id) this.changed.fire();
      });
      this.plans.set(id, plan);
      void plan.start().then(() => this.changed.fire());
    }
    if (this.selected === null || !this.plans.has(this.selected)) this.selected = folders[0]?.uri.toString() ?? null;
    this.changed.fire();
  }

  folderIds(): Set<string> {
    return new Set(this.plans.keys());
  }

  /** The folder holding `uri` becomes the one shown (the MLH501 code action passes its file). */
  selectFor(uri: vscode.Uri | undefined): void {
    this.start();
    const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
    if (folder && this.plans.has(folder.uri.toString())) this.select(folder.uri.toString());
  }

  select(id: string): void {
    if (!this.plans.has(id) || this.selected === id) return;
    this.selected = id;
    this.changed.fire();
  }

  selectedPlan(): FolderPlan | undefined {
    return this.selected === null ? undefined : this.plans.get(this.selected);
  }

  snapshot(): ViewState {
    const plan = this.selectedPlan();
    return buildViewState({
      folders: [...this.plans.entries()].map(([id, p]) => ({ id, name: vscode.workspace.getWorkspaceFolder(p.planUri)?.name ?? id })),
      folder: plan ? this.selected : null,
      file: plan?.planFile() ?? { exists: false },
      lastGood: plan?.lastGoodPlan() ?? null,
      facts: plan?.facts() ?? emptyFacts(),
      indexing: plan?.index.indexing ?? false,
      scanning: this.scanning,
      canModularize: this.canModularize,
    });
  }

  /** Resolves once every folder's pending work is done (tests, and the refresh command). */
  async idle(): Promise<void> {
    await Promise.all([...this.plans.values()].map((plan) => plan.idle()));
  }

  async refresh(): Promise<void> {
    this.start();
    await this.checkModularize();
    await Promise.all([...this.plans.values()].map((plan) => plan.refresh()));
    this.changed.fire();
  }

  /** Whether the command that splits a file into modules exists (it shows a button per file). */
  async checkModularize(): Promise<void> {
    const available = (await vscode.commands.getCommands(true)).includes(MODULARIZE_COMMAND);
    if (available !== this.canModularize) {
      this.canModularize = available;
      this.changed.fire();
    }
  }

  /** Acts on a (validated) message from the view. */
  async handle(message: ViewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (message.folder) this.select(message.folder);
        await this.checkModularize();
        return;
      case 'selectFolder':
        this.select(message.folder);
        return;
      case 'setItemDone':
        return this.edit(message.folder, { kind: 'setItemDone', item: message.item, done: message.done });
      case 'setItemNote':
        return this.edit(message.folder, { kind: 'setItemNote', item: message.item, note: message.note });
      case 'setItemDocument':
        return this.edit(message.folder, { kind: 'setItemDocument', item: message.item, document: message.document });
      case 'setCurrent':
        return this.edit(message.folder, { kind: 'setCurrent', phase: message.phase });
      case 'setDecision':
        return this.edit(message.folder, { kind: 'setDecision', rung: message.rung, rationale: message.rationale, decidedOn: today() });
      case 'openFile':
        return this.openFile(message.folder, message.path, message.line);
      case 'openPlanFile':
        return this.openPlanFile(message.folder, message.line);
      case 'scanWorkspace':
        return this.scan();
      case 'modularize':
        return this.modularize(message.folder, message.path);
      case 'showGraph':
        return this.showGraph(message.folder, message.path);
    }
  }

  private async edit(folder: string, edit: PlanEdit): Promise<void> {
    const plan = this.plans.get(folder);
    if (!plan) return;
    try {
      await plan.write(edit);
    } catch (error) {
      if (!(error instanceof PlanWriteRefused || error instanceof PlanFileError)) throw error;
      this.deps.log.warn(error.message);
      this.changed.fire(); // the view shows the file's state again (an optimistic tick goes back)
      void this.offerToOpen(folder, error.message);
    }
  }

  /** Not awaited: the notification stays until the user answers it. */
  private async offerToOpen(folder: string, message: string): Promise<void> {
    const action = 'Open mlproject.yaml';
    if ((await vscode.window.showWarningMessage(`ML Hygiene: ${message}`, action)) === action) await this.openPlanFile(folder, null);
  }

  /** A file of the folder, by its path relative to the folder; never outside it. */
  private fileUri(folder: string, path: string): vscode.Uri | undefined {
    const plan = this.plans.get(folder);
    if (!plan) return undefined;
    const target = resolve(plan.root, path);
    const rel = relative(plan.root, target);
    if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
    return vscode.Uri.file(target);
  }

  private async openFile(folder: string, path: string, line: number | null): Promise<void> {
    const uri = this.fileUri(folder, path);
    if (!uri) return;
    const options: vscode.TextDocumentShowOptions = line === null ? {} : { selection: new vscode.Range(line - 1, 0, line - 1, 0) };
    await vscode.commands.executeCommand('vscode.open', uri, options);
  }

  async openPlanFile(folder: string | null, line: number | null): Promise<void> {
    this.start();
    const plan = folder ? this.plans.get(folder) : this.selectedPlan();
    if (!plan) {
      void vscode.window.showInformationMessage('ML Hygiene: open a folder first; the plan lives at its root (mlproject.yaml).');
      return;
    }
    await plan.ensureFile();
    const selection = line === null ? undefined : new vscode.Range(line - 1, 0, line - 1, 0);
    await vscode.window.showTextDocument(plan.planUri, selection ? { selection } : {});
  }

  private async scan(): Promise<void> {
    if (this.scanning) return;
    this.scanning = true;
    this.changed.fire();
    try {
      await vscode.commands.executeCommand(SCAN_COMMAND);
      await Promise.all([...this.plans.values()].map((plan) => plan.index.rebuild()));
    } finally {
      this.scanning = false;
      this.changed.fire();
    }
  }

  private async modularize(folder: string, path: string): Promise<void> {
    const uri = this.fileUri(folder, path);
    if (uri && this.canModularize) await vscode.commands.executeCommand(MODULARIZE_COMMAND, uri);
  }

  private async showGraph(folder: string, path: string): Promise<void> {
    const uri = this.fileUri(folder, path);
    if (uri) await vscode.commands.executeCommand(SHOW_GRAPH_COMMAND, uri);
  }
}

/** Today in the local time zone, YYYY-MM-DD. */
function today(): string {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
