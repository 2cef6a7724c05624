/** The `plan` command line: `ml-hygiene plan status [DIR] [--format text|json|markdown]`. */
import type { Command } from 'commander';
import { Option } from 'commander';
import { jobsOption } from './jobs';

export type PlanFormat = 'text' | 'json' | 'markdown';
export const PLAN_FORMATS: readonly PlanFormat[] = ['text', 'json', 'markdown'];

export interface PlanStatusInvocation {
  command: 'plan-status';
  /** The folder to start from (the plan is the nearest mlproject.yaml at or above it). */
  dir: string;
  format: PlanFormat;
  /** false: `--no-cache`. */
  cache: boolean;
  /** `--cache-dir DIR`; null: `.ml-hygiene-cache` at the project root. */
  cacheDir: string | null;
  /** `--jobs N` for the analysis of the folder's files; null: one per core. */
  jobs: number | null;
}

/** Adds `plan status` to the program; `found` receives the parsed invocation. */
export function addPlanCommand(program: Command, found: (invocation: PlanStatusInvocation) => void): void {
  const plan = program
    .command('plan')
    .description('The project plan (mlproject.yaml): phases, decision path and what the workspace verifies.')
    .helpCommand(false);
  plan
    .command('status')
    .description('Print the plan: the decision, the current phase and every checklist item, verified ones with their evidence.')
    .argument('[dir]', 'the project folder (the nearest mlproject.yaml at or above it is read)', '.')
    .addOption(
      new Option('-f, --format <format>', 'output format (markdown for a pull-request comment)').choices(PLAN_FORMATS).default('text'),
    )
    .option('--no-cache', 'analyse every file afresh, neither reading nor writing the cache')
    .option('--cache-dir <dir>', 'keep the cache in this folder (default: .ml-hygiene-cache at the project root)')
    .addOption(jobsOption())
    .addHelpText('after', '\nExit codes: 0 the plan was read (or there is none yet), 2 a malformed plan file or a usage error.')
    .action((dir: string, options: { format: PlanFormat; cache: boolean; cacheDir?: string; jobs?: number }) => {
      found({
        command: 'plan-status',
        dir,
        format: options.format,
        cache: options.cache,
        cacheDir: options.cacheDir ?? null,
        jobs: options.jobs ?? null,
      });
    });
}
