/**
 * Finding and reading the checker's configuration: `[tool.ml-hygiene]` in the nearest
 * `pyproject.toml`, parsed with smol-toml.
 *
 * Discovery walks up from a file or folder to the filesystem root and takes the first
 * `pyproject.toml` that configures ml-hygiene; one without a `[tool.ml-hygiene]` table is skipped,
 * as Ruff skips a pyproject.toml without `[tool.ruff]`, so a sub-package's pyproject.toml does not
 * hide the project's configuration. Configuration files are not merged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { isFile } from '../files/isFile';
import type { RuleMeta } from '../rules/rule';
import { indexKeyLines } from './keylines';
import { defaultConfig, type ConfigProblem, type ResolvedConfig } from './types';
import { isTable, resolveSection, SECTION_PATH } from './validate';

export const PYPROJECT = 'pyproject.toml';

export interface LoadedConfig {
  config: ResolvedConfig;
  /** The file the configuration came from (or failed to come from); null when none was found. */
  file: string | null;
  problems: ConfigProblem[];
}

type Candidate =
  | { kind: 'skip' }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'syntax-error'; message: string; line: number }
  | { kind: 'config'; text: string; section: unknown };

function readText(file: string): string {
  const bytes = fs.readFileSync(file);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function errorReason(error: unknown): string {
  if (error instanceof TypeError) return 'it is not valid UTF-8';
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

function sectionOf(document: Record<string, unknown>): unknown {
  let node: unknown = document;
  for (const segment of SECTION_PATH) {
    if (!isTable(node) || !Object.hasOwn(node, segment)) return undefined;
    node = node[segment];
  }
  return node;
}

/**
 * Reads one file. `mustConfigure`: the file was named explicitly, so it counts even without the
 * section; otherwise a file without the section (or, when it does not parse, without the text
 * `ml-hygiene`) is skipped.
 */
function inspect(file: string, mustConfigure: boolean): Candidate {
  let text: string;
  try {
    text = readText(file);
  } catch (error) {
    return { kind: 'unreadable', reason: errorReason(error) };
  }
  let document: Record<string, unknown>;
  try {
    document = parse(text);
  } catch (error) {
    if (!mustConfigure && !text.includes('ml-hygiene')) return { kind: 'skip' };
    const firstLine = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const message = firstLine.replace(/^Invalid TOML document:\s*/i, '');
    return { kind: 'syntax-error', message, line: error instanceof TomlError ? error.line : 1 };
  }
  const section = sectionOf(document);
  if (section === undefined && !mustConfigure) return { kind: 'skip' };
  return { kind: 'config', text, section: section ?? {} };
}

/** The folder to start the walk from: the path itself when it is a folder, else its parent. */
function startFolder(fromPath: string): string {
  const absolute = path.resolve(fromPath);
  try {
    if (fs.statSync(absolute).isDirectory()) return absolute;
  } catch {
    // A path that does not exist (an unsaved editor) is treated as a file.
  }
  return path.dirname(absolute);
}

/** Every pyproject.toml from the start folder up to the filesystem root, nearest first. */
function* candidates(fromPath: string): Generator<string> {
  let folder = startFolder(fromPath);
  for (;;) {
    const file = path.join(folder, PYPROJECT);
    if (isFile(file)) yield file;
    const parent = path.dirname(folder);
    if (parent === folder) return;
    folder = parent;
  }
}

function fromCandidate(file: string, candidate: Exclude<Candidate, { kind: 'skip' }>, rules: readonly RuleMeta[]): LoadedConfig {
  const root = path.dirname(file);
  const defaults = (): ResolvedConfig => ({ ...defaultConfig(), root });
  switch (candidate.kind) {
    case 'unreadable':
      return {
        config: defaults(),
        file,
        problems: [{ file, key: '', message: `cannot read the configuration: ${candidate.reason}; defaults apply` }],
      };
    case 'syntax-error':
      return {
        config: defaults(),
        file,
        problems: [
          { file, key: '', line: candidate.line, message: `invalid TOML: ${candidate.message}; the file is ignored and defaults apply` },
        ],
      };
    case 'config': {
      const { config, problems } = resolveSection(candidate.section, file, root, indexKeyLines(candidate.text), rules);
      return { config, file, problems };
    }
  }
}

/** The pyproject.toml {@link loadConfig} would use for `fromPath`, or null. */
export function findConfigFile(fromPath: string): string | null {
  for (const file of candidates(fromPath)) {
    if (inspect(file, false).kind !== 'skip') return file;
  }
  return null;
}

/**
 * The configuration for a file or folder: `[tool.ml-hygiene]` of the nearest pyproject.toml
 * that has one, validated against `rules`. Never throws; every problem is in `problems` and the
 * defaults apply in place of what was invalid.
 */
export function loadConfigWithRules(fromPath: string, rules: readonly RuleMeta[]): LoadedConfig {
  for (const file of candidates(fromPath)) {
    const candidate = inspect(file, false);
    if (candidate.kind !== 'skip') return fromCandidate(file, candidate, rules);
  }
  return { config: defaultConfig(), file: null, problems: [] };
}

/**
 * The configuration of a folder's own pyproject.toml when it configures ml-hygiene (or cannot be
 * read, or does not parse and mentions ml-hygiene: then defaults and the problem), else null: the
 * one step of `loadConfigWithRules`'s walk that looks at this folder.
 */
export function loadOwnConfigWithRules(dir: string, rules: readonly RuleMeta[]): LoadedConfig | null {
  const file = path.join(dir, PYPROJECT);
  if (!isFile(file)) return null;
  const candidate = inspect(file, false);
  return candidate.kind === 'skip' ? null : fromCandidate(file, candidate, rules);
}

/**
 * The configuration in one named TOML file (`--config FILE`), whatever its name; a missing
 * section means defaults. Its folder is the root for per-file-ignores.
 */
export function loadConfigFileWithRules(file: string, rules: readonly RuleMeta[]): LoadedConfig {
  const absolute = path.resolve(file);
  if (!isFile(absolute)) {
    return {
      config: defaultConfig(),
      file: absolute,
      problems: [{ file: absolute, key: '', message: 'cannot read the configuration: no such file; defaults apply' }],
    };
  }
  const candidate = inspect(absolute, true);
  return candidate.kind === 'skip' ? { config: defaultConfig(), file: null, problems: [] } : fromCandidate(absolute, candidate, rules);
}

/** One line for people: `path:line: key: message`. */
export function formatConfigProblem(problem: ConfigProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return problem.key === '' ? `${where}: ${problem.message}` : `${where}: ${problem.key}: ${problem.message}`;
}
