import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import type { PlanEdit } from '../../core/plan/document';
import { PLAN_TEMPLATE, applyPlanEdit, readPlan } from '../../core/plan/document';
import type { FolderFacts } from '../../core/plan/evidence';
import { emptyFacts } from '../../core/plan/evidence';
import { probeFolder } from '../../core/project/folder';
import type { PlanData } from '../../core/plan/types';
import { PLAN_FILE, formatPlanProblem } from '../../core/plan/types';
import type { ConfigService } from '../../vscode/config';
import { KeyedDebouncer } from '../../vscode/debounce';
import type { PlanFileState } from './snapshot';
import { HygieneIndex } from './hygieneIndex';

/** Quiet time after file events before checking the folder for evidence again. */
const PROBE_DEBOUNCE_MS = 300;

export interface FolderPlanDeps {
  folder: vscode.WorkspaceFolder;
  config: ConfigService;
  log: vscode.LogOutputChannel;
}

/** Why a change to the plan was not written. */
export class PlanWriteRefused extends Error {
  override readonly name = 'PlanWriteRefused';
}

/**
 * One workspace folder's plan: its `mlproject.yaml` (read on start and whenever it changes on
 * disk, written on the user's changes), the evidence facts of the folder, and its hygiene index.
 * A file that does not read cleanly is never written; the last plan that did is kept for the
 * read-only view.
 */
export class FolderPlan implements vscode.Disposable {
  readonly index: HygieneIndex;
  private file: PlanFileState = { exists: false };
  private lastGood: PlanData | null = null;
  private probe: Omit<FolderFacts, 'files'> = emptyFacts();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly debouncer = new KeyedDebouncer<string>(PROBE_DEBOUNCE_MS);
  private readonly disposables: vscode.Disposable[];
  /** Writes run one after the other (a quick second tick reads what the first wrote). */
  private writing: Promise<unknown> = Promise.resolve();
  private pending: Promise<unknown> = Promise.resolve();

  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: FolderPlanDeps) {
    this.index = new HygieneIndex({ root: this.root, config: deps.config, log: deps.log });
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(deps.folder, '**/*'));
    this.disposables = [
      this.index,
      this.changed,
      this.debouncer,
      watcher,
      watcher.onDidCreate((uri) => this.onFileEvent(uri, 'create')),
      watcher.onDidChange((uri) => this.onFileEvent(uri, 'change')),
      watcher.onDidDelete((uri) => this.onFileEvent(uri, 'delete')),
      this.index.onDidChange(() => this.changed.fire()),
    ];
  }

  get root(): string {
    return this.deps.folder.uri.fsPath;
  }

  get planUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.deps.folder.uri, PLAN_FILE);
  }

  /** Reads the plan, checks the folder and starts the index. */
  start(): Promise<void> {
    this.pending = (async () => {
      await this.loadPlan();
      await this.reprobe();
    })();
    void this.index.rebuild();
    return this.pending as Promise<void>;
  }

  /** Everything again: the plan, the evidence, every file's analysis. */
  async refresh(): Promise<void> {
    await this.loadPlan();
    await this.reprobe();
    await this.index.rebuild();
  }

  /** Resolves once pending reads, probes and analyses are done. */
  async idle(): Promise<void> {
    await this.pending;
    await this.writing;
    await this.index.idle();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** The decision the rules see (a plan with problems has none for them), as JSON to compare. */
  private decision(): string {
    return JSON.stringify(this.file.exists && this.file.read.ok ? this.file.read.plan.decision : null);
  }

  planFile(): PlanFileState {
    return this.file;
  }

  lastGoodPlan(): PlanData | null {
    return this.lastGood;
  }

  facts(): FolderFacts {
    return { ...this.probe, files: this.index.list() };
  }

  /**
   * Applies `edit` to the plan file (creating it when there is none) and reads it back. Refuses
   * a file with problems, and one with unsaved changes in an editor.
   */
  write(edit: PlanEdit): Promise<void> {
    const run = this.writing.then(() => this.writeNow(edit));
    this.writing = run.catch(() => undefined);
    return run;
  }

  /** Creates the plan file from the template when it does not exist. */
  async ensureFile(): Promise<void> {
    await this.writing;
    if ((await this.readText()) !== null) return;
    await vscode.workspace.fs.writeFile(this.planUri, new TextEncoder().encode(PLAN_TEMPLATE));
    await this.loadPlan();
  }

  private async writeNow(edit: PlanEdit): Promise<void> {
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === this.planUri.toString());
    if (open?.isDirty) throw new PlanWriteRefused(`${PLAN_FILE} has unsaved changes in the editor: save them first.`);
    const text = await this.readText();
    const read = text === null ? null : readPlan(text);
    if (read && !read.ok) {
      throw new PlanWriteRefused(`${PLAN_FILE} cannot be read, so it is not changed: ${formatPlanProblem(PLAN_FILE, read.problems[0]!)}`);
    }
    const next = applyPlanEdit(text, edit);
    await vscode.workspace.fs.writeFile(this.planUri, new TextEncoder().encode(next));
    const before = this.decision();
    this.setPlanText(next);
    if (this.decision() !== before) void this.index.rebuild();
    if (edit.kind === 'setItemDocument') await this.reprobe();
    this.changed.fire();
  }

  private async readText(): Promise<string | null> {
    try {
      return await readFile(join(this.root, PLAN_FILE), 'utf8');
    } catch {
      return null;
    }
  }

  /** Takes the plan file's text as read or written; the rules' plan (config.forUri) follows at once. */
  private setPlanText(text: string | null): void {
    if (text === null) {
      this.file = { exists: false };
      this.lastGood = null;
    } else {
      const read = readPlan(text);
      this.file = { exists: true, read };
      if (read.ok) this.lastGood = read.plan;
    }
    this.deps.config.planChanged(join(this.root, PLAN_FILE), this.file.exists ? this.file.read : null);
  }

  /** Reads the plan file again; when the decision changed, MLH501's counts in the index follow. */
  private async loadPlan(): Promise<void> {
    const before = this.decision();
    this.setPlanText(await this.readText());
    if (this.decision() !== before && !this.index.indexing) void this.index.rebuild();
  }

  private documents(): string[] {
    const plan = this.file.exists && this.file.read.ok ? this.file.read.plan : this.lastGood;
    return plan ? [...plan.items.values()].flatMap((item) => (item.document === null ? [] : [item.document])) : [];
  }

  private async reprobe(): Promise<void> {
    this.probe = await probeFolder(this.root, this.documents());
  }

  private onFileEvent(uri: vscode.Uri, kind: 'create' | 'change' | 'delete'): void {
    const path = relative(this.root, uri.fsPath);
    if (path === PLAN_FILE) {
      // A hand edit (or our own write, read again): shown at once, then the evidence that depends on it.
      this.pending = (async () => {
        await this.loadPlan();
        this.changed.fire();
        await this.reprobe();
        this.changed.fire();
      })();
      return;
    }
    this.index.onFileEvent(uri, kind);
    if (path.split(sep).includes('node_modules')) return;
    this.debouncer.schedule('probe', () => {
      this.pending = this.reprobe().then(() => this.changed.fire());
    });
  }
}
