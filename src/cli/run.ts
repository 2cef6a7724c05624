/**
 * Runs one command line in-process and returns what to print and the exit code; main.ts does
 * the printing. Exit codes: 0 no findings, 1 findings, 2 usage or fatal error. Errors never
 * reach the user as a stack trace (set ML_HYGIENE_DEBUG=1 to see one).
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import packageJson from '../../package.json';
import { readRuleDoc, findRule, ruleDocUrl, RULES } from '../core/rules/registry';
import type { RuleMeta } from '../core/rules/rule';
import type { CheckInvocation, CleanInvocation, OutputFormat } from './args';
import { EXIT_USAGE, parseArgs } from './args';
import { displayPath, runCheck } from './check';
import { cleanCache, defaultCacheDir } from '../core/project/cache';
import { runPlanStatus } from './plan';
import { runExtractConfig } from './refactor';
import { runModularize } from './modularize';
import { runGraph } from './graph';
import { errorMessage, UsageError } from '../core/errors';
import { formatJson } from './formats/json';
import type { CheckReport } from './formats/report';
import { countFindings } from './formats/report';
import { formatSarif } from './formats/sarif';
import { formatText } from './formats/text';
import { formatRulesJson, formatRulesTable, ruleDoc, ruleListing } from './rules';

export interface CliIO {
  cwd: string;
  /** Whether stdout is a terminal (colour is used only then). */
  stdoutIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;

export const VERSION: string = packageJson.version;
export const INFORMATION_URI: string = packageJson.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

export async function runCli(argv: readonly string[], io: CliIO): Promise<CliResult> {
  const stderr: string[] = [];
  try {
    const invocation = parseArgs(argv, VERSION);
    switch (invocation.command) {
      case 'done':
        return { exitCode: invocation.exitCode, stdout: invocation.stdout, stderr: invocation.stderr };
      case 'rules': {
        const listing = ruleListing(RULES, ruleDocUrl);
        return {
          exitCode: EXIT_CLEAN,
          stdout: invocation.format === 'json' ? formatRulesJson(listing) : formatRulesTable(listing),
          stderr: '',
        };
      }
      case 'docs':
        return { exitCode: EXIT_CLEAN, stdout: ruleDoc(invocation.rule, findRule, readRuleDoc), stderr: '' };
      case 'check':
        return await check(invocation, io, stderr);
      case 'clean':
        return clean(invocation, io);
      case 'plan-status':
        return await runPlanStatus(invocation, io.cwd);
      case 'refactor-extract-config':
        return await runExtractConfig(invocation, io);
      case 'refactor-modularize':
        return await runModularize(invocation, io);
      case 'graph':
        return await runGraph(invocation, io.cwd);
    }
  } catch (error) {
    const detail = io.env['ML_HYGIENE_DEBUG'] && error instanceof Error && !(error instanceof UsageError) ? `\n${error.stack}` : '';
    stderr.push(`ml-hygiene: error: ${errorMessage(error)}${detail}`);
    return { exitCode: EXIT_USAGE, stdout: '', stderr: joinLines(stderr) };
  }
}

async function check(invocation: CheckInvocation, io: CliIO, stderr: string[]): Promise<CliResult> {
  const report = await runCheck(invocation, { cwd: io.cwd, warn: (line) => stderr.push(line) });
  const color =
    invocation.color && invocation.output === null && !io.env['NO_COLOR'] && (io.stdoutIsTTY || isForced(io.env['FORCE_COLOR']));
  const rendered = render(report, invocation.format, io.cwd, color);
  let stdout = rendered;
  if (invocation.output !== null) {
    const target = resolve(io.cwd, invocation.output);
    await writeFile(target, rendered).catch((error: unknown) => {
      throw new Error(`cannot write ${invocation.output}: ${errorMessage(error)}`, { cause: error });
    });
    stdout = '';
  }
  const exitCode = countFindings(report).problems > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
  return { exitCode, stdout, stderr: joinLines(stderr) };
}

/** `ml-hygiene clean`: removes the cache folder (only one with a CACHEDIR.TAG) and says what went. */
function clean(invocation: CleanInvocation, io: CliIO): CliResult {
  const dir = invocation.cacheDir === null ? defaultCacheDir(io.cwd) : resolve(io.cwd, invocation.cacheDir);
  const outcome = cleanCache(dir);
  const shown = invocation.cacheDir ?? displayPath(outcome.dir, io.cwd);
  switch (outcome.kind) {
    case 'removed':
      return {
        exitCode: EXIT_CLEAN,
        stdout: `Removed ${shown} (${outcome.files} ${outcome.files === 1 ? 'file' : 'files'}, ${formatSize(outcome.bytes)}).\n`,
        stderr: '',
      };
    case 'absent':
      return { exitCode: EXIT_CLEAN, stdout: `No cache to remove (${shown} does not exist).\n`, stderr: '' };
    case 'refused':
      return { exitCode: EXIT_USAGE, stdout: '', stderr: `ml-hygiene: error: not removing ${shown}: ${outcome.reason}\n` };
  }
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function render(report: CheckReport, format: OutputFormat, cwd: string, color: boolean): string {
  switch (format) {
    case 'text':
      return formatText(report, { color });
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, {
        cwd,
        toolVersion: VERSION,
        informationUri: INFORMATION_URI,
        rules: RULES.map((rule) => ({ meta: rule, helpUri: ruleDocUrl(rule), doc: docOrSummary(rule) })),
      });
  }
}

/** A missing doc page must not fail a CI run: the summary and the link stand in for it. */
function docOrSummary(rule: RuleMeta): string {
  try {
    return readRuleDoc(rule);
  } catch {
    return `# ${rule.code} ${rule.name}\n\n${rule.summary}\n\nSee ${ruleDocUrl(rule)}\n`;
  }
}

function isForced(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

function joinLines(lines: readonly string[]): string {
  return lines.map((line) => (line.endsWith('\n') ? line : line + '\n')).join('');
}
