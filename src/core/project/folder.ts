/**
 * Gathers the facts the evidence needs from a project folder on disk: the git repository, CI and
 * parameter files, the README, the documents the plan references, and (for the command line) the
 * analysis of every Python file and notebook. The editor keeps its own index of the analyses and
 * only calls `probeFolder`.
 */
import type { Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ConfigProblem } from '../config';
import type { AnalysisResult } from '../engine';
import { walkDirectory } from '../files/walk';
import type { FileHygiene, FolderFacts } from '../plan/evidence';
import { isGeneratedTest } from '../plan/evidence';
import type { RulePlan } from '../rules/rule';
import { analyzeFiles } from './analyze';
import type { AnalysisCache } from './cache';
import { ConfigResolver } from './configs';
import { jobsFor } from './pool';

/** CI configurations, checked in the folder and each folder above it up to the repository root. */
const CI_FILES = [
  '.gitlab-ci.yml',
  '.circleci/config.yml',
  'azure-pipelines.yml',
  'bitbucket-pipelines.yml',
  'Jenkinsfile',
  '.travis.yml',
  '.drone.yml',
  '.woodpecker.yml',
  '.buildkite/pipeline.yml',
];
const CI_FOLDERS = ['.github/workflows', '.woodpecker', '.forgejo/workflows', '.gitea/workflows'];
const CI_EXTENSIONS = /\.ya?ml$/;

/** Parameter files at the folder root, in order of preference; then these folders with a YAML, TOML or JSON file. */
const PARAM_FILES = [
  'params.yaml',
  'params.yml',
  'params.toml',
  'params.json',
  'config.yaml',
  'config.yml',
  'config.toml',
  'config.json',
  'settings.yaml',
  'settings.toml',
];
const PARAM_FOLDERS = ['conf', 'config', 'configs'];
const PARAM_EXTENSIONS = /\.(ya?ml|toml|json)$/;

const README = /^readme(\.(md|markdown|rst|txt))?$/i;

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch {
    return null;
  }
}

async function listOrEmpty(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

function posix(path: string): string {
  return path.split(sep).join('/');
}

/** The `.git` (a folder, or a file in worktrees and submodules) of the repository holding `folder`. */
async function findGit(folder: string): Promise<string | null> {
  for (let dir = resolve(folder); ;) {
    if (await statOrNull(join(dir, '.git'))) return join(dir, '.git');
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

async function findCi(folder: string, repositoryRoot: string | null): Promise<string | null> {
  const levels: string[] = [];
  for (let dir = resolve(folder); ; dir = dirname(dir)) {
    levels.push(dir);
    if (repositoryRoot === null || dir === repositoryRoot || dirname(dir) === dir) break;
  }
  for (const dir of levels) {
    for (const file of CI_FILES) {
      if ((await statOrNull(join(dir, file)))?.isFile()) return posix(relative(folder, join(dir, file)));
    }
    for (const sub of CI_FOLDERS) {
      const found = (await listOrEmpty(join(dir, sub))).find((name) => CI_EXTENSIONS.test(name));
      if (found) return posix(relative(folder, join(dir, sub, found)));
    }
  }
  return null;
}

async function findParams(folder: string): Promise<string | null> {
  for (const file of PARAM_FILES) {
    if ((await statOrNull(join(folder, file)))?.isFile()) return file;
  }
  for (const sub of PARAM_FOLDERS) {
    const found = (await listOrEmpty(join(folder, sub))).find((name) => PARAM_EXTENSIONS.test(name));
    if (found) return `${sub}/${found}`;
  }
  return null;
}

async function findReadme(folder: string): Promise<{ path: string; text: string } | null> {
  const names = (await listOrEmpty(folder)).filter((name) => README.test(name));
  // README.md before README.rst before README.txt before README.
  names.sort((a, b) => rank(a) - rank(b));
  for (const name of names) {
    const text = await readFile(join(folder, name), 'utf8').catch(() => null);
    if (text !== null) return { path: name, text };
  }
  return null;
}

function rank(name: string): number {
  const order = ['.md', '.markdown', '.rst', '.txt'];
  const index = order.findIndex((ext) => name.toLowerCase().endsWith(ext));
  return index < 0 ? order.length : index;
}

async function existingDocuments(folder: string, documents: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const document of documents) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(document)) {
      found.add(document); // a link (wiki, shared drive): taken at its word
      continue;
    }
    const stats = await statOrNull(resolve(folder, document));
    if (stats?.isFile() && stats.size > 0) found.add(document);
  }
  return found;
}

/** Everything but the file analyses. `documents` are the paths the plan references. */
export async function probeFolder(folder: string, documents: readonly string[]): Promise<Omit<FolderFacts, 'files'>> {
  const git = await findGit(folder);
  const [ci, params, readme, existing] = await Promise.all([
    findCi(folder, git === null ? null : dirname(git)),
    findParams(folder),
    findReadme(folder),
    existingDocuments(folder, documents),
  ]);
  return { git: git === null ? null : posix(relative(folder, git)), ci, params, readme, documents: existing };
}

/** How much of a file's start `isGeneratedTest` needs (its first line). */
const HEADER_BYTES = 512;

/** What the evidence keeps of one analysis; `bytes` (the file as read) tells a generated test apart. */
export function fileHygiene(result: AnalysisResult, folder: string, bytes: Uint8Array | null = null): FileHygiene {
  const codes: Record<string, { count: number; line: number | null }> = {};
  for (const finding of result.findings) {
    const line = result.kind === 'python' ? finding.range.start.line + 1 : null;
    const entry = codes[finding.code];
    if (entry) {
      entry.count++;
      if (line !== null && (entry.line === null || line < entry.line)) entry.line = line;
    } else {
      codes[finding.code] = { count: 1, line };
    }
  }
  return {
    path: posix(relative(folder, result.path)),
    kind: result.kind,
    score: result.score ? Math.round(result.score.score) : null,
    isMonolith: result.score?.isMonolith ?? false,
    findings: result.findings.length,
    codes,
    ...(result.kind === 'python' && bytes && isGeneratedTest(new TextDecoder().decode(bytes.subarray(0, HEADER_BYTES)))
      ? { generated: true }
      : {}),
  };
}

export interface AnalyzeFolderOptions {
  warn: (message: string) => void;
  /** A problem in a pyproject.toml, reported once (ignored unless given). */
  configProblem?: (problem: ConfigProblem) => void;
  plan: RulePlan | null;
  /** Results computed before (the CLI's disk cache). */
  cache?: AnalysisCache;
  /** Files analyzed at once (`analyzeFiles`' `jobs`); null: `jobsFor`'s default; 1 when absent. */
  jobs?: number | null;
}

/**
 * Analyzes every Python file and notebook of the folder, as `ml-hygiene check <folder>` would:
 * `.gitignore` respected, each file with the nearest pyproject.toml's configuration.
 */
export async function analyzeFolder(folder: string, options: AnalyzeFolderOptions): Promise<FileHygiene[]> {
  const files = await walkDirectory(folder, options.warn);
  const configs = new ConfigResolver(options.configProblem ?? (() => {}));
  const results: FileHygiene[] = [];
  for await (const { result, bytes } of analyzeFiles(files, {
    options: (file) => ({ config: configs.configFor(file), plan: options.plan }),
    cache: options.cache,
    jobs: options.jobs === undefined ? 1 : jobsFor(options.jobs, files.length),
  })) {
    results.push(fileHygiene(result, folder, bytes));
  }
  return results;
}

/** The full facts of a folder from disk (the command line). */
export async function gatherFolderFacts(folder: string, documents: readonly string[], options: AnalyzeFolderOptions): Promise<FolderFacts> {
  const [probe, files] = await Promise.all([probeFolder(folder, documents), analyzeFolder(folder, options)]);
  return { ...probe, files };
}
