/**
 * `ml-hygiene refactor extract-config FILE`: refactors 1-3 (and 6 with MLH301 selected) on one
 * `.py` or `.ipynb` file, in place. Exit codes: 0 done (or, with --dry-run, would be done),
 * 1 nothing to do, 2 error; on an error nothing is written.
 */
import { extname, resolve } from 'node:path';
import { applyOverrides, formatConfigProblem, loadConfig, selectorProblem } from '../core/config';
import { matchesSelector } from '../core/config/selectors';
import { initEngine, withAnalysis } from '../core/engine';
import { errorMessage, UsageError } from '../core/errors';
import { locateParamsEnv, ParamsFileError } from '../core/params';
import type { ProgramSource } from '../core/parse/source';
import type { RefactorResult } from '../core/refactors/change';
import { RefactorError } from '../core/refactors/change';
import { EXTRACT_CONFIG } from '../core/refactors/registry';
import { RULES } from '../core/rules/registry';
import type { ExtractConfigInvocation } from './refactorArgs';
import { programSource } from '../core/parse/source';
import { displayPath, plannedWrites, readScript, ReadError, unifiedDiff, where } from './refactorRun';
import type { PlannedWrite } from './refactorWrite';
import { WriteError, writeAll } from './refactorWrite';

export interface RefactorIO {
  cwd: string;
  stdoutIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

export interface RefactorOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const REFACTORABLE = [...EXTRACT_CONFIG.codes, ...EXTRACT_CONFIG.optionalCodes];

/** The codes the selectors name, among those extract-config handles. */
export function refactorCodes(selectors: readonly string[] | null): string[] {
  if (selectors === null) return [...EXTRACT_CONFIG.codes];
  const codes = new Set<string>();
  for (const selector of selectors) {
    const problem = selectorProblem(RULES, selector);
    if (problem) throw new UsageError(`--select: ${problem}`);
    const matched = RULES.filter((rule) => matchesSelector(rule, selector)).map((rule) => rule.code);
    const usable = matched.filter((code) => REFACTORABLE.includes(code));
    if (usable.length === 0)
      throw new UsageError(`--select: ${selector} has no ${EXTRACT_CONFIG.command} refactor (it handles ${REFACTORABLE.join(', ')})`);
    for (const code of usable) codes.add(code);
  }
  return [...codes].sort();
}

function summary(result: RefactorResult, display: string, writes: readonly PlannedWrite[], dryRun: boolean): string {
  const lines: string[] = [];
  const verb = dryRun ? 'would move' : 'moved';
  const created = writes.filter((w) => w.expected === null).map((w) => w.display);
  lines.push(`${display}: ${verb} ${result.moved.length} value${result.moved.length === 1 ? '' : 's'} to the params file`);
  for (const moved of result.moved) {
    const value = moved.value.length > 60 ? `${moved.value.slice(0, 59)}…` : moved.value;
    const note = moved.entry === 'new' ? '' : moved.entry === 'shared' ? ', same entry' : ', existing entry';
    lines.push(`  ${moved.key} = ${value}  (line ${moved.line + 1}${note})`);
  }
  if (created.length > 0) lines.push(`${dryRun ? 'would create' : 'created'} ${created.join(', ')}`);
  return lines.join('\n') + '\n';
}

export async function runExtractConfig(invocation: ExtractConfigInvocation, io: RefactorIO): Promise<RefactorOutcome> {
  const stderr: string[] = [];
  try {
    return await extractConfigUnguarded(invocation, io, stderr);
  } catch (error) {
    if (
      error instanceof ParamsFileError ||
      error instanceof RefactorError ||
      error instanceof WriteError ||
      error instanceof UsageError ||
      error instanceof ReadError
    ) {
      stderr.push(`ml-hygiene: error: ${error.message}`);
      return { exitCode: 2, stdout: '', stderr: stderr.join('\n') + '\n' };
    }
    throw error;
  }
}

async function extractConfigUnguarded(invocation: ExtractConfigInvocation, io: RefactorIO, stderr: string[]): Promise<RefactorOutcome> {
  const codes = refactorCodes(invocation.select);
  const path = resolve(io.cwd, invocation.file);
  const display = displayPath(io.cwd, path);
  const kind = extname(path).toLowerCase();
  if (kind !== '.py' && kind !== '.ipynb') throw new UsageError(`${display}: ${EXTRACT_CONFIG.command} works on .py and .ipynb files`);
  const { raw, text } = await readScript(path, display);
  let source: ProgramSource;
  try {
    source = programSource(path, text);
  } catch (error) {
    throw new UsageError(`${display}: ${errorMessage(error)}`);
  }
  const loaded = loadConfig(path);
  for (const problem of loaded.problems) stderr.push(formatConfigProblem(problem));
  const config = applyOverrides(loaded.config, { select: codes });
  await initEngine();
  let env;
  try {
    env = locateParamsEnv(path, { format: invocation.format ?? undefined, paramsPath: invocation.params, cwd: io.cwd });
  } catch (error) {
    throw new RefactorError(errorMessage(error));
  }
  const result = withAnalysis(source, { config }, (findings, model) =>
    EXTRACT_CONFIG.run(
      model,
      findings.filter((f) => codes.includes(f.code)),
      env,
    ),
  );
  for (const refused of result.refused)
    stderr.push(`${where(source, display, refused)}: ${refused.code ?? 'refactor'}: not changed: ${refused.reason}`);
  if (!result.change) {
    stderr.push(`ml-hygiene: nothing to do in ${display}`);
    return { exitCode: 1, stdout: '', stderr: stderr.join('\n') + '\n' };
  }
  const writes = plannedWrites(result.change, raw, io.cwd);
  const color = invocation.color && !io.env['NO_COLOR'] && io.stdoutIsTTY;
  if (invocation.dryRun) {
    const diffs = writes.map((w) => unifiedDiff(w, color)).join('');
    return {
      exitCode: 0,
      stdout: diffs + summary(result, display, writes, true),
      stderr: stderr.length > 0 ? stderr.join('\n') + '\n' : '',
    };
  }
  await writeAll(writes);
  return { exitCode: 0, stdout: summary(result, display, writes, false), stderr: stderr.length > 0 ? stderr.join('\n') + '\n' : '' };
}
