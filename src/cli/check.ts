/**
 * `ml-hygiene check`: find the files, resolve each one's configuration, analyse them with the
 * engine and build the report the formatters render.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, relative, resolve, sep } from 'node:path';
import type { ConfigProblem, LoadedConfig } from '../core/config';
import { formatConfigProblem, loadConfig, loadConfigFile, selectorProblem } from '../core/config';
import type { AnalysisResult } from '../core/engine';
import { analyzeBytes, readFailure, initEngine, inputKind } from '../core/engine';
import { findRule, RULES } from '../core/rules/registry';
import type { Finding } from '../core/types';
import type { CheckInvocation } from './args';
import type { ConfigSource } from './configs';
import { ConfigResolver, fixedConfig, nearestConfig } from './configs';
import { errorMessage, UsageError } from '../core/errors';
import type { CheckReport, FileReport, ReportFinding, SourceLines } from './formats/report';
import { splitLines } from './formats/report';
import { collectFiles } from '../core/files/walk';
import { PlanContextResolver } from '../core/plan/context';
import { formatPlanProblem } from '../core/plan/types';

export interface CheckContext {
  cwd: string;
  /** A line for stderr (warnings, configuration problems). */
  warn: (line: string) => void;
}

export async function runCheck(invocation: CheckInvocation, context: CheckContext): Promise<CheckReport> {
  validateSelectors(invocation);
  const configSource = await configSourceFor(invocation, context.cwd);
  const files = await collectFiles(invocation.paths, { cwd: context.cwd, warn: (message) => context.warn(`ml-hygiene: warning: ${message}`) });
  if (files.length === 0) context.warn(`ml-hygiene: warning: no Python files or notebooks found in ${invocation.paths.join(', ')}`);
  const resolver = new ConfigResolver(
    configSource,
    { select: invocation.select, extendSelect: invocation.extendSelect, ignore: invocation.ignore },
    (problem) => context.warn(formatConfigProblem(relativeProblem(problem, context.cwd))),
  );
  // MLH501 compares imports with the decision in the nearest mlproject.yaml.
  const plans = new PlanContextResolver((file, problems) => {
    for (const problem of problems) context.warn(`ml-hygiene: warning: ${formatPlanProblem(displayPath(file, context.cwd), problem)} (the plan's decision is ignored)`);
  });
  await initEngine();
  // Reading is asynchronous and analysis is not: keep a few reads in flight while analysing.
  const read = (file: string): Promise<Uint8Array | { error: unknown }> => readFile(file).catch((error: unknown) => ({ error }));
  const inFlight = files.slice(0, READ_AHEAD).map(read);
  const reports: FileReport[] = [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    const bytes = await inFlight[i]!;
    if (i + READ_AHEAD < files.length) inFlight.push(read(files[i + READ_AHEAD]!));
    inFlight[i] = Promise.resolve(new Uint8Array()); // let the buffer go
    const config = { config: resolver.configFor(file), plan: plans.forFile(file) };
    const result = bytes instanceof Uint8Array ? analyzeSafely(file, () => analyzeBytes(file, bytes, config)) : readFailure(file, bytes.error, config);
    reports.push(toFileReport(result, file, context.cwd, pythonText(result, bytes)));
  }
  return { files: reports };
}

const READ_AHEAD = 8;

/** The text of a readable `.py` file, for the formatters (BOM dropped as Python does). */
function pythonText(result: AnalysisResult, bytes: Uint8Array | { error: unknown }): string | null {
  if (result.kind !== 'python' || result.score === null || !(bytes instanceof Uint8Array)) return null;
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

async function configSourceFor(invocation: CheckInvocation, cwd: string): Promise<ConfigSource> {
  if (invocation.config === null) return nearestConfig((dir): LoadedConfig => loadConfig(dir));
  const file = resolve(cwd, invocation.config);
  const stats = await stat(file).catch(() => null);
  if (!stats?.isFile()) throw new UsageError(`--config: no such file: ${invocation.config}`);
  return fixedConfig(() => loadConfigFile(file));
}

/**
 * The engine turns bad input into MLH000 itself; should it throw anyway (a bug), the file gets an
 * MLH000 finding too and the run goes on with the other files.
 */
function analyzeSafely(file: string, analyse: () => AnalysisResult): AnalysisResult {
  try {
    return analyse();
  } catch (error) {
    return {
      path: file,
      kind: inputKind(file),
      findings: [unreadableFinding(`Cannot analyse this file: internal error (${errorMessage(error)}).`)],
      score: null,
      cells: null,
      syntaxErrors: [],
    };
  }
}

function unreadableFinding(message: string): Finding {
  const rule = findRule('MLH000');
  const origin = { line: 0, character: 0 };
  return {
    code: 'MLH000',
    name: rule?.name ?? 'unreadable-input',
    severity: rule?.defaultSeverity ?? 'error',
    message,
    range: { start: origin, end: origin },
    related: [],
    fix: null,
  };
}

/**
 * The report of one file: findings sorted by position, related locations mapped to their notebook
 * cells, and the source lines the formatters need (`pythonText`: the text of a `.py` file).
 */
export function toFileReport(result: AnalysisResult, file: string, cwd: string, pythonText: string | null): FileReport {
  const findings: ReportFinding[] = [...result.findings].sort(byPosition).map((finding) => ({
    ...finding,
    related: finding.related.map((item) => ({ ...item, cell: item.cell ?? null })),
  }));
  return { path: displayPath(file, cwd), absolutePath: file, kind: result.kind, findings, source: sourceLines(result, pythonText) };
}

function sourceLines(result: AnalysisResult, pythonText: string | null): SourceLines | null {
  if (result.cells) return { kind: 'notebook', cells: result.cells.map((cell) => ({ kind: cell.kind, lines: splitLines(cell.text) })) };
  return pythonText === null ? null : { kind: 'python', lines: splitLines(pythonText) };
}

function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** Relative to the current directory, with forward slashes. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return (rel === '' ? basename(file) : rel).split(sep).join('/');
}

function relativeProblem(problem: ConfigProblem, cwd: string): ConfigProblem {
  return { ...problem, file: displayPath(problem.file, cwd) };
}
