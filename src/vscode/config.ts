import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  applyOverrides,
  defaultConfig,
  formatConfigProblem,
  loadOwnConfig,
  selectorProblem,
  type ConfigOverrides,
  type ConfigProblem,
  type ResolvedConfig,
} from '../core/config';
import { ConfigResolver, nearestConfig } from '../core/project/configs';
import type { PlanRead } from '../core/plan/types';
import { PlanContextResolver, planContextOf, type PlanContext } from '../core/project/plans';
import { RULES } from '../core/rules/registry';
import { SEVERITIES, type Severity } from '../core/types';

/** What the live analysis of one document runs with. */
export interface DocumentConfig {
  enabled: boolean;
  config: ResolvedConfig;
  /** The project plan: mlproject.yaml at the root of the document's workspace folder (MLH501 reads its decision). */
  plan: PlanContext | null;
}

const SECTION = 'mlHygiene';
const SETTINGS_FILE = 'VS Code settings';
const SEVERITY_VALUES: readonly string[] = [...SEVERITIES, 'off'];

interface Settings {
  enabled: boolean;
  overrides: ConfigOverrides;
  problems: ConfigProblem[];
}

/**
 * The configuration for a document: `[tool.ml-hygiene]` of the nearest pyproject.toml, with the
 * `mlHygiene.*` settings of the document's folder applied on top. pyproject.toml files and plans
 * are read once per folder; the caches are dropped when a pyproject.toml, a plan or the settings
 * change, and `onDidChange` tells the analyzers to run again. Problems in either are shown once
 * (per file and message) and logged.
 */
export class ConfigService implements vscode.Disposable {
  private readonly configs: ConfigResolver;
  private readonly plans = new PlanContextResolver();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];

  /** Fires after the configuration may have changed for any document. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const source = nearestConfig((dir) => {
      const loaded = loadOwnConfig(dir);
      if (loaded?.file) this.log.debug(`configuration in ${dir}: ${loaded.file}`);
      return loaded;
    });
    this.configs = new ConfigResolver((problem) => this.report(problem), { source });
    const watcher = vscode.workspace.createFileSystemWatcher('**/{pyproject.toml,mlproject.yaml}');
    const onFile = (what: string) => (uri: vscode.Uri) => this.invalidate(`${uri.fsPath} ${what}`);
    this.disposables.push(
      this.changed,
      watcher,
      watcher.onDidCreate(onFile('created')),
      watcher.onDidChange(onFile('changed')),
      watcher.onDidDelete(onFile('deleted')),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SECTION)) this.invalidate('settings changed');
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate('workspace folders changed')),
    );
  }

  /** The configuration for a Python file, an untitled document or a notebook. */
  forUri(uri: vscode.Uri): DocumentConfig {
    const base = configSearchStart(uri);
    const config = base === null ? defaultConfig() : this.configs.forDirectory(base).config;
    const settings = readSettings(uri);
    this.configs.reportOnce(settings.problems);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const plan = folder?.uri.scheme === 'file' ? this.plans.atFolder(folder.uri.fsPath) : base === null ? null : this.plans.nearest(base);
    return { enabled: settings.enabled, config: applyOverrides(config, settings.overrides), plan };
  }

  /**
   * What a plan file says now (null: it is gone), read or just written by the sidebar: its hygiene
   * index analyzes with it at once, before the file watcher reports the change.
   */
  planChanged(file: string, read: PlanRead | null): void {
    this.plans.set(file, read === null ? null : planContextOf(file, read).context);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    this.configs.clear();
    this.plans.clear();
  }

  private invalidate(reason: string): void {
    this.log.info(`configuration reloaded: ${reason}`);
    this.configs.clear();
    this.plans.clear();
    this.changed.fire();
  }

  private report(problem: ConfigProblem): void {
    const text = formatConfigProblem(problem);
    this.log.warn(text);
    void this.notify(problem, text);
  }

  private async notify(problem: ConfigProblem, text: string): Promise<void> {
    const inSettings = problem.file === SETTINGS_FILE;
    const action = inSettings ? 'Open Settings' : 'Open File';
    const choice = await vscode.window.showWarningMessage(`ML Hygiene: ${text}`, action);
    if (choice !== action) return;
    if (inSettings) {
      // problem.key is e.g. mlHygiene.severity.MLH999: search for the setting itself.
      await vscode.commands.executeCommand('workbench.action.openSettings', problem.key.split('.').slice(0, 2).join('.'));
      return;
    }
    const line = Math.max(0, (problem.line ?? 1) - 1);
    await vscode.window.showTextDocument(vscode.Uri.file(problem.file), { selection: new vscode.Range(line, 0, line, 0) });
  }
}

/**
 * Where the search for pyproject.toml starts: the document's folder; for an untitled document
 * the first workspace folder; null (defaults) when there is no file system path.
 */
function configSearchStart(uri: vscode.Uri): string | null {
  if (uri.scheme === 'file') return path.dirname(uri.fsPath);
  const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : null;
}

function readSettings(uri: vscode.Uri): Settings {
  const section = vscode.workspace.getConfiguration(SECTION, uri);
  const problems: ConfigProblem[] = [];
  const problem = (key: string, message: string) => problems.push({ file: SETTINGS_FILE, key: `${SECTION}.${key}`, message });

  const enable = section.get<unknown>('enable', true);
  if (typeof enable !== 'boolean') problem('enable', `expected true or false, got ${JSON.stringify(enable)}; analysis stays on`);

  const overrides: ConfigOverrides = {};
  const select = section.get<unknown>('select', null);
  if (select !== null && select !== undefined) overrides.select = selectors(select, 'select', problem);
  const ignore = selectors(section.get<unknown>('ignore', []), 'ignore', problem);
  if (ignore.length > 0) overrides.ignore = ignore;
  const severity = severities(section.get<unknown>('severity', {}), problem);
  if (Object.keys(severity).length > 0) overrides.severity = severity;

  return { enabled: enable !== false, overrides, problems };
}

function selectors(value: unknown, key: string, problem: (key: string, message: string) => void): string[] {
  if (!Array.isArray(value)) {
    problem(key, `expected a list of rule codes, got ${JSON.stringify(value)}; ignored`);
    return [];
  }
  const valid: string[] = [];
  for (const item of value) {
    const why = typeof item === 'string' ? selectorProblem(RULES, item) : `expected a string, got ${JSON.stringify(item)}`;
    if (why === null) valid.push(item as string);
    else problem(key, `${why}; ignored`);
  }
  return valid;
}

function severities(value: unknown, problem: (key: string, message: string) => void): Record<string, Severity | 'off'> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problem('severity', `expected an object of rule code to severity, got ${JSON.stringify(value)}; ignored`);
    return {};
  }
  const valid: Record<string, Severity | 'off'> = {};
  for (const [selector, level] of Object.entries(value)) {
    const why = selectorProblem(RULES, selector);
    if (why !== null) problem(`severity.${selector}`, `${why}; ignored`);
    else if (typeof level !== 'string' || !SEVERITY_VALUES.includes(level)) {
      problem(`severity.${selector}`, `expected one of ${SEVERITY_VALUES.join(', ')}, got ${JSON.stringify(level)}; ignored`);
    } else valid[selector] = level as Severity | 'off';
  }
  return valid;
}
