/**
 * Runs one command line in-process and returns what to print and the exit code; main.ts does
 * the printing. With a `write` sink (main.ts), `check` writes its report and warnings there as
 * the files complete instead (its returned stdout and stderr are then empty), so that memory
 * stays flat however many files are checked. Exit codes: 0 no findings, 1 findings, 2 usage or
 * fatal error. Errors never reach the user as a stack trace (set ML_HYGIENE_DEBUG=1 to see one).
 */
import { formatBytes } from '../core/engine';
import { closeSync, openSync, writeSync } from 'node:fs';
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
import { jsonWriter } from './formats/json';
import type { ReportWriter } from './formats/report';
import { sarifWriter } from './formats/sarif';
import { textWriter } from './formats/text';
import { formatRulesJson, formatRulesTable, ruleDoc, ruleListing } from './rules';

export interface CliIO {
  cwd: string;
  /** Whether stdout is a terminal (colour is used only then). */
  stdoutIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** Where `check` streams its report and warnings; absent: they come back in the result. */
  write?: CliSink;
}

export interface CliSink {
  stdout(text: string): void;
  stderr(text: string): void;
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
  const color =
    invocation.color && invocation.output === null && !io.env['NO_COLOR'] && (io.stdoutIsTTY || isForced(io.env['FORCE_COLOR']));
  const writer = reportWriter(invocation.format, io.cwd, color);
  const sink = io.write;
  const output = invocation.output === null ? (sink ? streamed(sink) : collected()) : fileOutput(invocation.output, io.cwd);
  let problems = 0;
  try {
    await runCheck(invocation, { cwd: io.cwd, warn: (line) => (sink ? sink.stderr(endLine(line)) : stderr.push(line)) }, (file) => {
      problems += file.findings.length;
      output.write(writer.file(file));
    });
    output.write(writer.end());
  } finally {
    output.close();
  }
  return { exitCode: problems > 0 ? EXIT_FINDINGS : EXIT_CLEAN, stdout: output.text(), stderr: joinLines(stderr) };
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
        stdout: `Removed ${shown} (${outcome.files} ${outcome.files === 1 ? 'file' : 'files'}, ${formatBytes(outcome.bytes)}).\n`,
        stderr: '',
      };
    case 'absent':
      return { exitCode: EXIT_CLEAN, stdout: `No cache to remove (${shown} does not exist).\n`, stderr: '' };
    case 'refused':
      return { exitCode: EXIT_USAGE, stdout: '', stderr: `ml-hygiene: error: not removing ${shown}: ${outcome.reason}\n` };
  }
}

/** Where the report goes, piece by piece; `text` is what the result's stdout holds. */
interface ReportOutput {
  write(text: string): void;
  close(): void;
  text(): string;
}

function streamed(sink: CliSink): ReportOutput {
  return {
    write: (text) => {
      if (text !== '') sink.stdout(text);
    },
    close: () => {},
    text: () => '',
  };
}

function collected(): ReportOutput {
  const parts: string[] = [];
  return { write: (text) => parts.push(text), close: () => {}, text: () => parts.join('') };
}

/** `--output FILE`: created when the first file is done (a usage error leaves no file behind), written as the run goes. */
function fileOutput(name: string, cwd: string): ReportOutput {
  let fd: number | null = null;
  const fail = (error: unknown): never => {
    throw new Error(`cannot write ${name}: ${errorMessage(error)}`, { cause: error });
  };
  return {
    write(text) {
      try {
        fd ??= openSync(resolve(cwd, name), 'w');
        writeSync(fd, text);
      } catch (error) {
        fail(error);
      }
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
    text: () => '',
  };
}

function reportWriter(format: OutputFormat, cwd: string, color: boolean): ReportWriter {
  switch (format) {
    case 'text':
      return textWriter({ color });
    case 'json':
      return jsonWriter();
    case 'sarif':
      return sarifWriter({
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

function endLine(line: string): string {
  return line.endsWith('\n') ? line : line + '\n';
}

function joinLines(lines: readonly string[]): string {
  return lines.map(endLine).join('');
}
