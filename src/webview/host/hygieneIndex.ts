import { extname } from 'node:path';
import * as vscode from 'vscode';
import type { AnalyzeOptions } from '../../core/engine';
import { isAnalyzedFile, walkDirectory } from '../../core/files/walk';
import type { FileHygiene } from '../../core/plan/evidence';
import { analyzeFiles } from '../../core/project/analyze';
import { fileHygiene } from '../../core/project/folder';
import type { ConfigService } from '../../vscode/config';
import { KeyedDebouncer } from '../../vscode/debounce';
import { editorPool } from '../../vscode/pool';

/** Quiet time after the last file event before re-analyzing (saves come in bursts). */
const FILE_EVENT_DEBOUNCE_MS = 250;
/** Files analyzed between two yields to the extension host's event loop during a full build. */
const BATCH = 8;

export interface HygieneIndexDeps {
  root: string;
  config: ConfigService;
  log: vscode.LogOutputChannel;
}

/**
 * The analysis of every Python file and notebook of one workspace folder, as on disk: what the
 * hygiene overview ranks and the plan's evidence counts. Built once in full (the same file walk
 * as Scan Workspace, so `.gitignore` applies), then kept up to date file by file as the folder's
 * watcher reports saves, new files and deletions.
 */
export class HygieneIndex implements vscode.Disposable {
  private readonly files = new Map<string, FileHygiene>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly debouncer = new KeyedDebouncer<string>(FILE_EVENT_DEBOUNCE_MS);
  /** Bumped by each full build; a build that is overtaken drops its results. */
  private generation = 0;
  private building: Promise<void> | null = null;
  private built = false;

  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: HygieneIndexDeps) {}

  dispose(): void {
    this.generation++;
    this.debouncer.dispose();
    this.changed.dispose();
  }

  /** Whether the first full build is still running. */
  get indexing(): boolean {
    return !this.built;
  }

  list(): FileHygiene[] {
    return [...this.files.values()];
  }

  /** Analyzes the whole folder again; resolves when done (or overtaken by a newer build). */
  rebuild(): Promise<void> {
    const generation = ++this.generation;
    const run = this.build(generation).catch((error: unknown) => this.deps.log.error(`indexing ${this.deps.root} failed`, error));
    this.building = run;
    return run;
  }

  /** Resolves once no build or file update is pending. */
  async idle(): Promise<void> {
    while (this.building) {
      const current = this.building;
      await current;
      if (this.building === current) this.building = null;
    }
  }

  /** A file event from the folder's watcher. */
  onFileEvent(uri: vscode.Uri, kind: 'create' | 'change' | 'delete'): void {
    if (!isAnalyzedFile(uri.fsPath)) {
      // A folder created or deleted with files in it may come as one event for the folder alone.
      if (kind !== 'change' && extname(uri.fsPath) === '') this.debouncer.schedule('\nwalk', () => void this.track(this.rewalk()));
      return;
    }
    if (kind === 'delete') {
      this.debouncer.cancel(uri.fsPath);
      if (this.files.delete(uri.fsPath)) this.changed.fire();
      return;
    }
    // A new file may be ignored by .gitignore: walk again to know; a changed one is re-analyzed.
    if (kind === 'create' || !this.files.has(uri.fsPath)) this.debouncer.schedule('\nwalk', () => void this.track(this.rewalk()));
    else this.debouncer.schedule(uri.fsPath, () => void this.track(this.refresh([uri.fsPath])));
  }

  private track(work: Promise<void>): Promise<void> {
    const previous = this.building;
    const run = (previous ? previous.then(() => work) : work).catch((error: unknown) =>
      this.deps.log.error('updating the hygiene index failed', error),
    );
    this.building = run;
    return run;
  }

  private async build(generation: number): Promise<void> {
    const started = performance.now();
    const paths = await walkDirectory(this.deps.root, (message) => this.deps.log.warn(message));
    const results = new Map<string, FileHygiene>();
    const overtaken = (): boolean => generation !== this.generation;
    for await (const { file, result, bytes } of analyzeFiles(paths, {
      options: (file) => this.options(file),
      cancelled: overtaken,
      pool: editorPool(this.deps.log),
    })) {
      results.set(file, fileHygiene(result, this.deps.root, bytes));
      if (results.size % BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    if (generation !== this.generation) return;
    this.files.clear();
    for (const [path, hygiene] of results) this.files.set(path, hygiene);
    this.built = true;
    this.deps.log.info(`hygiene index of ${this.deps.root}: ${paths.length} files in ${(performance.now() - started).toFixed(0)} ms`);
    this.changed.fire();
  }

  /** Walks the folder again: analyzes files that appeared, forgets files that went. */
  private async rewalk(): Promise<void> {
    const paths = new Set(await walkDirectory(this.deps.root, (message) => this.deps.log.warn(message)));
    let changed = false;
    for (const path of [...this.files.keys()]) {
      if (!paths.has(path)) changed = this.files.delete(path) || changed;
    }
    const added = [...paths].filter((path) => !this.files.has(path));
    if (added.length > 0) await this.refresh(added);
    else if (changed) this.changed.fire();
  }

  private async refresh(paths: readonly string[]): Promise<void> {
    for await (const { file, result, bytes } of analyzeFiles(paths, {
      options: (file) => this.options(file),
      pool: editorPool(this.deps.log),
    }))
      this.files.set(file, fileHygiene(result, this.deps.root, bytes));
    this.changed.fire();
  }

  /** The file's configuration and plan, as its live diagnostics have them (the host tells the config service of each plan it reads or writes). */
  private options(path: string): AnalyzeOptions {
    const { config, plan } = this.deps.config.forUri(vscode.Uri.file(path));
    return { config, plan };
  }
}
