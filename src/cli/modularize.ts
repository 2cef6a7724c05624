/**
 * `ml-hygiene refactor modularize FILE [--out DIR] [--name NAME] [--replace-original] [--no-notebook] [--force] [--dry-run]`:
 * splits a script or notebook into a package, and with --replace-original turns the script into a
 * thin one that runs the pipeline. Exit codes: 0 done (or would be done), 1 nothing to do,
 * 2 refused or error (nothing written). Existing files are never overwritten without --force;
 * the files are written all or nothing.
 */
import { mkdir, readdir, readFile, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { initEngine, withModel } from '../core/engine';
import { errorMessage } from '../core/errors';
import type { ProgramSource } from '../core/parse/source';
import { isPackageName, packageName } from '../core/refactors/modularize/index';
import { MODULARIZE } from '../core/refactors/registry';
import { programSource } from '../core/parse/source';
import { displayPath, plannedWrites, readScript, ReadError, unifiedDiff, where } from './refactorRun';
import type { PlannedWrite } from './refactorWrite';
import { WriteError, pathExists, writeAll } from './refactorWrite';

export interface ModularizeInvocation {
  command: 'refactor-modularize';
  file: string;
  /** `--out DIR`; null: the file's folder. */
  out: string | null;
  /** `--name NAME`; null: the file's stem in snake case. */
  name: string | null;
  /** `--replace-original`: the script becomes a thin script calling the pipeline. */
  replaceOriginal: boolean;
  /** A notebook: also write the thin notebook NAME.ipynb beside it (`--no-notebook`: false). */
  notebook: boolean;
  force: boolean;
  dryRun: boolean;
}

interface ModularizeIO {
  cwd: string;
}

interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Adds `modularize` under the `refactor` command (added by addRefactorCommand). */
export function addModularizeCommand(program: Command, found: (invocation: ModularizeInvocation) => void): void {
  const refactor =
    program.commands.find((c) => c.name() === 'refactor') ??
    program.command('refactor').description('Change the code without changing what it does.').helpCommand(false);
  refactor
    .command(MODULARIZE.command)
    .description(
      'Split a monolithic .py script or .ipynb notebook into a package: one module per phase (data, features, train, evaluate, publish, plots), ' +
        'pipeline.py calling the steps in order, __main__.py so that `python -m NAME` runs it, and tests/test_NAME.py. ' +
        'The original is not changed, unless --replace-original is given. A notebook also gets the thin notebook NAME.ipynb beside it, ' +
        'a cell per step calling the package (--no-notebook: not).',
    )
    .argument('<file>', 'the Python file or notebook to split')
    .option('--out <dir>', "the folder to create the package in (default: the file's folder)")
    .option('--name <name>', "the package name (default: the file's stem in snake case)")
    .option(
      '--replace-original',
      'replace the .py script with a thin script that runs the pipeline, so that `python FILE` still runs the job (not for notebooks)',
    )
    .option(
      '--no-notebook',
      'for a notebook: do not write the thin notebook NAME.ipynb beside it (by default written, never over an existing file: ' +
        'a cell per step calling the package, to keep exploring step by step)',
    )
    .option('--force', 'overwrite files that exist already (never the thin notebook: it takes a free name)')
    .option('--dry-run', 'print every file it would create or change as a diff, and write nothing')
    .addHelpText('after', '\nExit codes: 0 done (or would be done), 1 nothing to do, 2 refused or error (nothing written).')
    .action(
      (
        file: string,
        options: { out?: string; name?: string; replaceOriginal?: boolean; notebook: boolean; force?: boolean; dryRun?: boolean },
      ) => {
        found({
          command: 'refactor-modularize',
          file,
          out: options.out ?? null,
          name: options.name ?? null,
          replaceOriginal: options.replaceOriginal === true,
          notebook: options.notebook !== false,
          force: options.force === true,
          dryRun: options.dryRun === true,
        });
      },
    );
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

const fail = (message: string): Outcome => ({ exitCode: 2, stdout: '', stderr: `ml-hygiene: error: ${message}\n` });

export async function runModularize(invocation: ModularizeInvocation, io: ModularizeIO): Promise<Outcome> {
  const path = resolve(io.cwd, invocation.file);
  const display = displayPath(io.cwd, path);
  let raw: string;
  let text: string;
  try {
    // Python skips a UTF-8 byte order mark; the thin script keeps it (newContents puts it back).
    ({ raw, text } = await readScript(path, display));
  } catch (error) {
    if (error instanceof ReadError) return fail(error.message);
    throw error;
  }
  const name = invocation.name ?? packageName(basename(path, extname(path)));
  if (!isPackageName(name)) return fail(`--name: \`${name}\` is not a valid Python package name`);
  const outDir = resolve(io.cwd, invocation.out ?? dirname(path));
  // A missing --out folder is created with the files (and removed again if the writing fails).
  const outExists = await pathExists(outDir);
  if (outExists && !(await isDirectory(outDir))) return fail(`--out: ${displayPath(io.cwd, outDir)} is not a folder`);
  // A params.yaml there already (another package's, the user's) is merged into, never replaced.
  const paramsText = outExists ? await readIfExists(join(outDir, 'params.yaml')) : null;
  // The thin notebook never takes the name of a file beside the original.
  const existingPaths = new Set(
    (await readdir(dirname(path)).catch(() => [] as string[])).map((f) => join(dirname(path), f).replace(/\\/g, '/')),
  );
  await initEngine();
  let source: ProgramSource;
  try {
    source = programSource(path, text);
  } catch (error) {
    return fail(`cannot read ${display}: ${errorMessage(error)}`);
  }
  const result = withModel(source, (model) =>
    MODULARIZE.run(model, {
      name,
      outDir,
      replaceOriginal: invocation.replaceOriginal,
      paramsText,
      thinNotebook: invocation.notebook,
      existingPaths,
    }),
  );
  if (result.refused.length > 0) {
    return {
      exitCode: 2,
      stdout: '',
      stderr: result.refused.map((r) => `${where(source, display, r)}: refused: ${r.reason}; nothing was written\n`).join(''),
    };
  }
  if (!result.change) return { exitCode: 1, stdout: `${display}: nothing to modularize (no code runs at module level)\n`, stderr: '' };
  // What is at each new file's place now: refused, or (--force) the content it must still have.
  const current = new Map<string, string | null>();
  for (const change of result.change.changes) if (change.kind === 'create') current.set(change.path, await readIfExists(change.path));
  let planned: PlannedWrite[];
  try {
    planned = plannedWrites(result.change, raw, io.cwd, (change) => (invocation.force ? (current.get(change.path) ?? null) : null));
  } catch (error) {
    return fail(errorMessage(error));
  }
  const existing = result.change.changes
    .filter((c) => c.kind === 'create' && current.get(c.path) !== null)
    .map((c) => displayPath(io.cwd, c.path));
  if (existing.length > 0 && !invocation.force)
    return fail(`${existing.join(', ')} exist${existing.length === 1 ? 's' : ''} already (use --force to overwrite); nothing was written`);
  const kinds = new Map(result.change.changes.map((c) => [c.path, c.kind]));
  const writes = planned.filter((w) => kinds.get(w.path) === 'create');
  const merged = planned.filter((w) => kinds.get(w.path) === 'rewrite');
  const replaced = planned.find((w) => kinds.get(w.path) === 'script') ?? null;
  const steps = `${display}: ${result.steps.length} step${result.steps.length === 1 ? '' : 's'}: ${result.steps.join(', ')}\n`;
  const all = [...writes, ...merged, ...(replaced ? [replaced] : [])];
  const mergedNote =
    (merged.length > 0 ? `${merged.map((w) => w.display).join(', ')}: new keys merged in, the existing ones kept\n` : '') +
    (result.notebook?.note ? `${result.notebook.note}\n` : '');
  if (invocation.dryRun) {
    const diffs = all.map((w) => unifiedDiff(w, false));
    const replacing = replaced ? `would replace ${replaced.display} with a script that runs the pipeline\n` : '';
    return {
      exitCode: 0,
      stdout: diffs.join('') + steps + `would create ${writes.map((w) => w.display).join(', ')}\n` + mergedNote + replacing,
      stderr: '',
    };
  }
  const created = await makeFolders([outDir, ...writes.map((w) => dirname(w.path))]);
  try {
    await writeAll(all.filter((w) => w.expected !== w.text));
  } catch (error) {
    for (const dir of created.reverse()) await rmdir(dir).catch(() => undefined);
    if (error instanceof WriteError) return fail(error.message);
    throw error;
  }
  const run = replaced
    ? `replaced ${replaced.display} with a script that runs the pipeline\nrun it: python3 ${shellWord(display)}\n`
    : `run it: cd ${shellWord(relative(io.cwd, outDir) || '.')} && python3 -m ${name}\n` +
      (result.notebook ? `or step by step: open ${displayPath(io.cwd, result.notebook.path)}\n` : '');
  return { exitCode: 0, stdout: steps + `created ${writes.map((w) => w.display).join(', ')}\n` + mergedNote + run, stderr: '' };
}

/** A path as one word of a POSIX shell command line (quoted when it needs to be). */
function shellWord(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}

/** Creates the missing folders (and their missing parents); returns them (parents first) so that a failed write can remove them. */
async function makeFolders(dirs: readonly string[]): Promise<string[]> {
  const created: string[] = [];
  for (const dir of [...new Set(dirs)]) {
    const missing: string[] = [];
    for (let d = dir; !(await pathExists(d)) && dirname(d) !== d; d = dirname(d)) missing.unshift(d);
    for (const d of missing) {
      await mkdir(d);
      created.push(d);
    }
  }
  return created;
}
