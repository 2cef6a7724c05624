/**
 * The command line, parsed by commander into a plain description of what to do. Nothing runs
 * here; help, version and usage errors come back as text with their exit code.
 */
import { Command, CommanderError, Option } from 'commander';
import { jobsOption } from './jobs';
import type { PlanStatusInvocation } from './planArgs';
import { addPlanCommand } from './planArgs';
import type { ExtractConfigInvocation } from './refactorArgs';
import { addRefactorCommand } from './refactorArgs';
import type { ModularizeInvocation } from './modularize';
import { addModularizeCommand } from './modularize';
import type { GraphInvocation } from './graph';
import { addGraphCommand } from './graph';

export type OutputFormat = 'text' | 'json' | 'sarif';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export interface CheckInvocation {
  command: 'check';
  paths: string[];
  format: OutputFormat;
  /** Replaces the configured selection; null: keep it. */
  select: string[] | null;
  extendSelect: string[];
  ignore: string[];
  /** `--config FILE`; null: the nearest pyproject.toml per file. */
  config: string | null;
  /** `--output FILE`; null: stdout. */
  output: string | null;
  color: boolean;
  /** false: `--no-cache`. */
  cache: boolean;
  /** `--cache-dir DIR`; null: `.ml-hygiene-cache` at the project root. */
  cacheDir: string | null;
  /** `--jobs N`: files analyzed at once (1: in the CLI's own thread); null: one per core. */
  jobs: number | null;
}

export interface CleanInvocation {
  command: 'clean';
  /** `--cache-dir DIR`; null: `.ml-hygiene-cache` at the project root. */
  cacheDir: string | null;
}

export interface RulesInvocation {
  command: 'rules';
  format: 'text' | 'json';
}

export interface DocsInvocation {
  command: 'docs';
  rule: string;
}

/** Commander answered by itself (help, version, usage error). */
export interface DoneInvocation {
  command: 'done';
  exitCode: number;
  stdout: string;
  stderr: string;
}

export type Invocation =
  | CheckInvocation
  | RulesInvocation
  | DocsInvocation
  | CleanInvocation
  | PlanStatusInvocation
  | ExtractConfigInvocation
  | ModularizeInvocation
  | GraphInvocation
  | DoneInvocation;

export const EXIT_USAGE = 2;

/** `--select A,B --select C` -> [A, B, C]. */
function collectSelectors(value: string, previous: string[] | undefined): string[] {
  const added = value
    .split(',')
    .map((selector) => selector.trim())
    .filter((selector) => selector !== '');
  return [...(previous ?? []), ...added];
}

interface CheckOptions {
  format: OutputFormat;
  select?: string[];
  extendSelect?: string[];
  ignore?: string[];
  config?: string;
  output?: string;
  color: boolean;
  cache: boolean;
  cacheDir?: string;
  jobs?: number;
}

export const CACHE_DIR_HELP = 'keep the cache in this folder (default: .ml-hygiene-cache at the project root)';

export function parseArgs(argv: readonly string[], version: string): Invocation {
  const out: string[] = [];
  const err: string[] = [];
  let invocation: Invocation | undefined;
  const program = new Command('ml-hygiene')
    .description('Find monolithic notebook-style ML code and ML hygiene problems in Python scripts and notebooks.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => out.push(text),
      writeErr: (text) => err.push(text),
      outputError: (text, write) => write(`ml-hygiene: ${text}`),
    })
    .showHelpAfterError('(run `ml-hygiene --help` for usage)')
    .helpCommand(false);

  program
    .command('check')
    .description('Check Python files and notebooks (folders are searched, respecting .gitignore).')
    .argument('[paths...]', 'files or folders to check', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('text'))
    .option(
      '--select <codes>',
      'comma-separated rule codes, prefixes or names to run (replaces the configured selection)',
      collectSelectors,
    )
    .option('--extend-select <codes>', 'rules to run in addition to the configured selection', collectSelectors)
    .option('--ignore <codes>', 'comma-separated rule codes, prefixes or names to skip', collectSelectors)
    .option('--config <file>', 'use this pyproject.toml instead of the nearest one')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--no-color', 'never colour the output')
    .option('--no-cache', 'analyse every file afresh, neither reading nor writing the cache')
    .option('--cache-dir <dir>', CACHE_DIR_HELP)
    .addOption(jobsOption())
    .addHelpText('after', '\nExit codes: 0 no findings, 1 findings, 2 usage or fatal error.')
    .action((paths: string[], options: CheckOptions) => {
      invocation = {
        command: 'check',
        paths: paths.length > 0 ? paths : ['.'],
        format: options.format,
        select: options.select ?? null,
        extendSelect: options.extendSelect ?? [],
        ignore: options.ignore ?? [],
        config: options.config ?? null,
        output: options.output ?? null,
        color: options.color,
        cache: options.cache,
        cacheDir: options.cacheDir ?? null,
        jobs: options.jobs ?? null,
      };
    });

  program
    .command('clean')
    .description(
      'Remove the cache (.ml-hygiene-cache at the project root: the nearest folder with pyproject.toml, mlproject.yaml or .git).',
    )
    .option('--cache-dir <dir>', 'remove this cache folder instead')
    .action((options: { cacheDir?: string }) => {
      invocation = { command: 'clean', cacheDir: options.cacheDir ?? null };
    });

  program
    .command('rules')
    .description('List the rules.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((options: { format: 'text' | 'json' }) => {
      invocation = { command: 'rules', format: options.format };
    });

  program
    .command('docs')
    .description("Print a rule's documentation.")
    .argument('<rule>', 'rule code or name, e.g. MLH101 or hard-coded-path')
    .action((rule: string) => {
      invocation = { command: 'docs', rule };
    });

  addPlanCommand(program, (found) => {
    invocation = found;
  });

  addRefactorCommand(program, (found) => {
    invocation = found;
  });

  addModularizeCommand(program, (found) => {
    invocation = found;
  });

  addGraphCommand(program, (found) => {
    invocation = found;
  });

  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    const exitCode = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : EXIT_USAGE;
    return { command: 'done', exitCode, stdout: out.join(''), stderr: err.join('') };
  }
  return invocation ?? { command: 'done', exitCode: EXIT_USAGE, stdout: out.join(''), stderr: err.join('') + program.helpInformation() };
}
