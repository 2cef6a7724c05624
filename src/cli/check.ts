/**
 * `ml-hygiene check`: find the files, resolve each one's configuration, analyze them with the
 * engine (in worker threads with `--jobs`) and hand each file's report to the formatters as it
 * completes, in file order.
 */
import { stat } from 'node:fs/promises';
import { basename, relative, resolve, sep } from 'node:path';
import type { ConfigProblem } from '../core/config';
import { formatConfigProblem, loadConfigFile, selectorProblem } from '../core/config';
import type { AnalysisResult } from '../core/engine';
import { compareFindings } from '../core/engine';
import { RULES } from '../core/rules/registry';
import type { CheckInvocation } from './args';
import type { ConfigSource } from '../core/project/configs';
import { ConfigResolver, fixedConfig, nearestConfig } from '../core/project/configs';
import { UsageError } from '../core/errors';
import type { FileReport, ReportFinding, SourceLines } from './formats/report';
import { TextLines } from './formats/report';
import { collectFiles } from '../core/files/walk';
import { analyzeFiles } from '../core/project/analyze';
import { jobsFor } from '../core/project/pool';
import { PlanContextResolver } from '../core/project/plans';
import { formatPlanProblem } from '../core/plan/types';
import { DiskCache, defaultCacheDir } from '../core/project/cache';
import packageJson from '../../package.json';

export interface CheckContext {
  cwd: string;
  /** A line for stderr (warnings, configuration problems). */
  warn: (line: string) => void;
}

/**
 * Checks the files, giving each file's report to `onFile` in file order as soon as it is known:
 * nothing of a file (its text, its result) is kept once `onFile` returns.
 */
export async function runCheck(invocation: CheckInvocation, context: CheckContext, onFile: (report: FileReport) => void): Promise<void> {
  validateSelectors(invocation);
  const configSource = await configSourceFor(invocation.config, context.cwd);
  const files = await collectFiles(invocation.paths, {
    cwd: context.cwd,
    warn: (message) => context.warn(`ml-hygiene: warning: ${message}`),
  });
  if (files.length === 0) context.warn(`ml-hygiene: warning: no Python files or notebooks found in ${invocation.paths.join(', ')}`);
  const configs = new ConfigResolver(reportConfigProblem(context), {
    source: configSource,
    overrides: { select: invocation.select, extendSelect: invocation.extendSelect, ignore: invocation.ignore },
  });
  // MLH501 compares imports with the decision in the nearest mlproject.yaml.
  const plans = new PlanContextResolver((file, problems) => {
    for (const problem of problems)
      context.warn(`ml-hygiene: warning: ${formatPlanProblem(displayPath(file, context.cwd), problem)} (the plan's decision is ignored)`);
  });
  for await (const { file, result, bytes } of analyzeFiles(files, {
    options: (file) => ({ config: configs.configFor(file), plan: plans.forFile(file) }),
    cache: openCache(invocation, context),
    jobs: jobsFor(invocation.jobs, files.length),
  })) {
    onFile(toFileReport(result, file, context.cwd, pythonText(result, bytes)));
  }
}

/** The disk cache of a run (`--cache-dir`, else `.ml-hygiene-cache` at the project root), or none with `--no-cache`. */
export function openCache(invocation: { cache: boolean; cacheDir: string | null }, context: CheckContext): DiskCache | undefined {
  if (!invocation.cache) return undefined;
  return new DiskCache({
    dir: invocation.cacheDir === null ? defaultCacheDir(context.cwd) : resolve(context.cwd, invocation.cacheDir),
    version: packageJson.version,
    warn: (message) => context.warn(`ml-hygiene: warning: ${message}`),
  });
}

/** Prints a configuration problem to stderr (`pyproject.toml:5: tool.ml-hygiene.…: message`), its file relative to the current directory. */
export function reportConfigProblem(context: CheckContext): (problem: ConfigProblem) => void {
  return (problem) => context.warn(formatConfigProblem({ ...problem, file: displayPath(problem.file, context.cwd) }));
}

/** The text of a readable `.py` file, for the formatters (BOM dropped as Python does). */
function pythonText(result: AnalysisResult, bytes: Uint8Array | null): string | null {
  if (result.kind !== 'python' || result.score === null || bytes === null) return null;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function validateSelectors(invocation: CheckInvocation): void {
  const flags: Array<[string, string[]]> = [
    ['--select', invocation.select ?? []],
    ['--extend-select', invocation.extendSelect],
    ['--ignore', invocation.ignore],
  ];
  for (const [flag, selectors] of flags) {
    for (const selector of selectors) {
      const problem = selectorProblem(RULES, selector);
      if (problem) throw new UsageError(`${flag}: ${problem}`);
    }
  }
}

/** `--config FILE` (checked to exist), else the nearest pyproject.toml of each file. */
export async function configSourceFor(config: string | null, cwd: string): Promise<ConfigSource> {
  if (config === null) return nearestConfig();
  const file = resolve(cwd, config);
  const stats = await stat(file).catch(() => null);
  if (!stats?.isFile()) throw new UsageError(`--config: no such file: ${config}`);
  return fixedConfig(() => loadConfigFile(file));
}

/**
 * The report of one file: findings sorted by position, related locations mapped to their notebook
 * cells, and the source lines the formatters need (`pythonText`: the text of a `.py` file).
 */
export function toFileReport(result: AnalysisResult, file: string, cwd: string, pythonText: string | null): FileReport {
  const findings: ReportFinding[] = [...result.findings].sort(compareFindings).map((finding) =>
    // Most findings have no related location: then the finding is already what a report holds.
    finding.related.length === 0
      ? (finding as ReportFinding)
      : { ...finding, related: finding.related.map((item) => ({ ...item, cell: item.cell ?? null })) },
  );
  return { path: displayPath(file, cwd), absolutePath: file, kind: result.kind, findings, source: sourceLines(result, pythonText) };
}

function sourceLines(result: AnalysisResult, pythonText: string | null): SourceLines | null {
  if (result.cells) return { kind: 'notebook', cells: result.cells.map((cell) => ({ kind: cell.kind, lines: new TextLines(cell.text) })) };
  return pythonText === null ? null : { kind: 'python', lines: new TextLines(pythonText) };
}

/** Relative to the current directory, with forward slashes. */
export function displayPath(file: string, cwd: string): string {
  // A file under the current directory (the usual case, once per file) without path.relative's work.
  const rel = file.startsWith(cwd + sep) ? file.slice(cwd.length + 1) : relative(cwd, file);
  const shown = rel === '' ? basename(file) : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}
