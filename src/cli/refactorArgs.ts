/**
 * The `refactor` command line:
 * `ml-hygiene refactor extract-config FILE [--params PATH] [--format yaml|toml|json] [--select CODES] [--dry-run]`.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { ParamsFormat } from '../core/params/document';
import { PARAMS_FORMATS } from '../core/params/document';
import { EXTRACT_CONFIG } from '../core/refactors/registry';

export interface ExtractConfigInvocation {
  command: 'refactor-extract-config';
  file: string;
  /** `--params PATH`; null: params.<format> at the project root. */
  params: string | null;
  /** `--format`; null: from the --params extension, else yaml. */
  format: ParamsFormat | null;
  /** Rule selectors; null: the default set (MLH002, MLH101, MLH102). */
  select: string[] | null;
  dryRun: boolean;
  color: boolean;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  ];
}

/** Adds `refactor extract-config` to the program; `found` receives the parsed invocation. */
export function addRefactorCommand(program: Command, found: (invocation: ExtractConfigInvocation) => void): void {
  const refactor = program.command('refactor').description('Change the code without changing what it does.').helpCommand(false);
  refactor
    .command(EXTRACT_CONFIG.command)
    .description(
      'Move the hard-coded hyperparameters (MLH101), paths (MLH102) and repeated feature lists (MLH002) of a .py or .ipynb file ' +
        'to the params file, and make the code read them through a generated loader module. With MLH301 selected, also seed ' +
        'unseeded randomness from a `seed` entry.',
    )
    .argument('<file>', 'the Python file or notebook to change in place')
    .option(
      '--params <path>',
      'the params file (default: params.yaml at the project root: the nearest folder with pyproject.toml, .git or params.yaml)',
    )
    .addOption(new Option('--format <format>', 'params file format (default: from --params, else yaml)').choices(PARAMS_FORMATS))
    .option(
      '--select <codes>',
      `comma-separated codes to refactor: ${[...EXTRACT_CONFIG.codes, ...EXTRACT_CONFIG.optionalCodes].join(', ')} ` +
        `(default: ${EXTRACT_CONFIG.codes.join(',')})`,
      collect,
    )
    .option('--dry-run', 'print a unified diff of every file it would change or create, and write nothing')
    .option('--no-color', 'never colour the diff')
    .addHelpText('after', '\nExit codes: 0 done (or would be done), 1 nothing to do, 2 error (nothing written).')
    .action((file: string, options: { params?: string; format?: ParamsFormat; select?: string[]; dryRun?: boolean; color: boolean }) => {
      found({
        command: 'refactor-extract-config',
        file,
        params: options.params ?? null,
        format: options.format ?? null,
        select: options.select ?? null,
        dryRun: options.dryRun === true,
        color: options.color,
      });
    });
}
