import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import type { ParamsFormat } from './document';
import { formatOfPath, PARAMS_FILE_NAMES } from './document';
import { loaderTarget } from './loader';

/** The params file a refactor writes to. */
export interface ParamsTarget {
  /** Absolute path. */
  path: string;
  format: ParamsFormat;
  /** Current content; null when the file does not exist yet. */
  text: string | null;
}

/** The generated loader module the code imports the parameters from. */
export interface LoaderTarget {
  /** Absolute path of the `.py` module. */
  path: string;
  /** Its import name (`params`). */
  module: string;
  /** Path of the params file relative to the loader's folder, POSIX separators. */
  relativeParams: string;
  /** True when the module exists already (a loader generated earlier for the same params file). */
  exists: boolean;
}

export interface ParamsEnv {
  params: ParamsTarget;
  loader: LoaderTarget;
}

const ROOT_MARKERS = ['pyproject.toml', '.git'];

/**
 * The project root of a file: the nearest folder above it (its own folder first) that holds a
 * pyproject.toml, a .git or the params file; the file's own folder when there is none. The search
 * does not go above `boundary` (the editor's workspace folder) when the file is inside it.
 */
export function projectRoot(filePath: string, paramsFileName: string, boundary?: string): string {
  const start = dirname(resolve(filePath));
  const stop = boundary && (start === resolve(boundary) || start.startsWith(resolve(boundary) + sep)) ? resolve(boundary) : null;
  for (let dir = start; ; dir = dirname(dir)) {
    if ([...ROOT_MARKERS, paramsFileName].some((name) => existsSync(join(dir, name)))) return dir;
    if (dirname(dir) === dir || dir === stop) return start;
  }
}

export interface ParamsOptions {
  format?: ParamsFormat;
  /** Explicit params file (`--params`); its extension decides the format when it has one. */
  paramsPath?: string | null;
  /** Base for a relative `paramsPath`. */
  cwd?: string;
  /** The project root is not searched for above this folder (the editor's workspace folder). */
  boundary?: string;
}

function readIfExists(path: string): string | null {
  try {
    return statSync(path).isFile() ? readFileSync(path, 'utf8') : null;
  } catch {
    return null;
  }
}

export function locateParams(scriptPath: string, options: ParamsOptions = {}): ParamsTarget {
  if (options.paramsPath) {
    const path = resolve(options.cwd ?? process.cwd(), options.paramsPath);
    return { path, format: formatOfPath(path) ?? options.format ?? 'yaml', text: readIfExists(path) };
  }
  const format = options.format ?? 'yaml';
  const path = join(projectRoot(scriptPath, PARAMS_FILE_NAMES[format], options.boundary), PARAMS_FILE_NAMES[format]);
  return { path, format, text: readIfExists(path) };
}

const LOADER_MODULES = ['params', 'ml_params', 'project_params', 'params_loader'];

function posixRelative(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}

/**
 * The loader module beside the script: `params.py`, unless that name is taken by something else
 * (another module, a package, the script itself), then `ml_params.py`, ...
 */
export function locateLoader(scriptPath: string, paramsPath: string): LoaderTarget {
  const dir = dirname(resolve(scriptPath));
  const own = basename(scriptPath, extname(scriptPath));
  const relativeParams = posixRelative(dir, paramsPath);
  for (const module of LOADER_MODULES) {
    if (module === own || existsSync(join(dir, module))) continue;
    const path = join(dir, `${module}.py`);
    const text = readIfExists(path);
    if (text === null && !existsSync(path)) return { path, module, relativeParams, exists: false };
    if (text !== null && loaderTarget(text) === relativeParams) return { path, module, relativeParams, exists: true };
  }
  throw new Error(`cannot place the params loader beside ${scriptPath}: ${LOADER_MODULES.map((m) => `${m}.py`).join(', ')} are all taken`);
}

export function locateParamsEnv(scriptPath: string, options: ParamsOptions = {}): ParamsEnv {
  const params = locateParams(scriptPath, options);
  return { params, loader: locateLoader(scriptPath, params.path) };
}
