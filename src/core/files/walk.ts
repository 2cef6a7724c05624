/**
 * Finds the files `ml-hygiene check` analyzes: `.py` and `.ipynb` files under the given
 * directories, skipping what `.gitignore` files ignore (the ones above the directory up to the
 * repository root, and nested ones, each relative to its own folder, deeper ones winning) and the
 * usual tool and environment folders. Symlinked directories are not followed. Files named
 * explicitly are always analyzed.
 */
import type { Dirent } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';
import { UsageError, errorMessage } from '../errors';

export const ANALYSED_EXTENSIONS: readonly string[] = ['.py', '.ipynb'];

export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  '.git',
  'node_modules',
  '__pycache__',
  '.venv',
  'venv',
  '.ipynb_checkpoints',
  'site-packages',
  '.ml-hygiene-cache',
]);

/** One `.gitignore` file: its patterns apply to paths below its folder. */
interface IgnoreLevel {
  dir: string;
  rules: Ignore;
}

/** The `.gitignore` files that apply in a folder, outermost first. Never mutated: extended by copy. */
type IgnoreStack = readonly IgnoreLevel[];

export interface CollectOptions {
  cwd: string;
  /** Called for folders that cannot be read; the walk goes on. */
  warn: (message: string) => void;
}

/**
 * Absolute paths of the files to analyze, in argument order, each directory's files sorted,
 * without duplicates. A path that does not exist is a usage error.
 */
export async function collectFiles(paths: readonly string[], options: CollectOptions): Promise<string[]> {
  const targets = await Promise.all(
    paths.map(async (path) => ({ path: resolve(options.cwd, path), stats: await statOrUsageError(path, options.cwd) })),
  );
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push(file);
  };
  for (const target of targets) {
    if (target.stats.isDirectory()) {
      for (const file of await walkDirectory(target.path, options.warn)) add(file);
    } else {
      add(target.path);
    }
  }
  return files;
}

async function statOrUsageError(path: string, cwd: string): Promise<Awaited<ReturnType<typeof stat>>> {
  try {
    return await stat(resolve(cwd, path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`path not found: ${path}`);
    throw new UsageError(`cannot access ${path}: ${errorMessage(error)}`);
  }
}

export function isAnalyzedFile(name: string): boolean {
  return ANALYSED_EXTENSIONS.includes(extname(name).toLowerCase());
}

/** Every analyzable file under `root` that no `.gitignore` ignores, sorted per folder. */
export async function walkDirectory(root: string, warn: (message: string) => void): Promise<string[]> {
  let outer = await ancestorIgnores(root);
  // A folder named on the command line is walked even when an outer .gitignore ignores it.
  if (isIgnored(outer, root, true)) outer = [];
  const files: string[] = [];
  collect(await walk(root, outer), files, warn);
  return files;
}

/** What a folder holds, in walk order: a file's path, the listing of a subfolder, or why it could not be read. */
type Listing = Array<string | Listing | { unreadable: string }>;

/** The files of a listing in order; the warnings too, so that they come in the same order on every run. */
function collect(listing: Listing, files: string[], warn: (message: string) => void): void {
  for (const item of listing) {
    if (typeof item === 'string') files.push(item);
    else if (Array.isArray(item)) collect(item, files, warn);
    else warn(item.unreadable);
  }
}

/**
 * Lists a folder; its subfolders are listed at the same time (each read waits on a thread of
 * libuv's pool: one folder after another, a run spent most of its walk waiting), and the result
 * keeps the order of a walk that went one folder at a time.
 */
async function walk(dir: string, inherited: IgnoreStack): Promise<Listing> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    return [{ unreadable: `cannot read directory ${dir}: ${errorMessage(error)}` }];
  }
  // The listing says whether there is a .gitignore: no failed read per folder without one.
  const stack = entries.some((entry) => entry.name === '.gitignore') ? await withGitignore(inherited, dir) : inherited;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const listing: Array<string | Promise<Listing | null>> = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name) && !isIgnored(stack, path, true)) listing.push(walk(path, stack));
    } else if (isAnalyzedFile(entry.name) && !isIgnored(stack, path, false)) {
      if (entry.isFile()) listing.push(path);
      else if (entry.isSymbolicLink()) listing.push(isFileTarget(path).then((isFile) => (isFile ? [path] : null)));
    }
  }
  const settled: Listing = [];
  for (const item of listing) {
    const value = typeof item === 'string' ? item : await item;
    if (value !== null) settled.push(value);
  }
  return settled;
}

/** A symlink is analyzed when it points at a file; symlinked folders are never followed. */
async function isFileTarget(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function withGitignore(stack: IgnoreStack, dir: string): Promise<IgnoreStack> {
  const rules = await readGitignore(dir);
  return rules ? [...stack, { dir, rules }] : stack;
}

async function readGitignore(dir: string): Promise<Ignore | null> {
  try {
    return ignore().add(await readFile(join(dir, '.gitignore'), 'utf8'));
  } catch {
    return null;
  }
}

/**
 * The `.gitignore` files of the folders above `root`, up to the repository root (the nearest
 * folder with a `.git`). Outside a repository only the walked tree's own files count.
 */
async function ancestorIgnores(root: string): Promise<IgnoreStack> {
  if (await exists(join(root, '.git'))) return [];
  const ancestors: string[] = [];
  for (let dir = dirname(root); ; dir = dirname(dir)) {
    ancestors.unshift(dir);
    if (await exists(join(dir, '.git'))) break;
    if (dirname(dir) === dir) return [];
  }
  let stack: IgnoreStack = [];
  for (const dir of ancestors) stack = await withGitignore(stack, dir);
  return stack;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Git's rule: the deepest `.gitignore` with a matching pattern decides, and within one file the
 * last matching pattern (a `!negation` re-includes).
 */
function isIgnored(stack: IgnoreStack, path: string, isDirectory: boolean): boolean {
  for (let i = stack.length - 1; i >= 0; i--) {
    const level = stack[i]!;
    const rel = relative(level.dir, path);
    if (rel === '' || rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) continue;
    const result = level.rules.test(rel.split(sep).join('/') + (isDirectory ? '/' : ''));
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}
