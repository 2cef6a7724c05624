/**
 * What the workspace shows about the checklist items the extension can verify. Pure: the facts
 * (files and their findings, the git repository, CI and parameter files, the README) are
 * gathered elsewhere (facts.ts on disk, the editor's index in the sidebar).
 */
import type { EvidenceKind } from './catalog';
import type { ItemState } from './types';

/** One analyzed Python file or notebook, relative to the project folder. */
export interface FileHygiene {
  /** POSIX path relative to the project folder. */
  path: string;
  kind: 'python' | 'notebook';
  /** Monolith score 0–100; null when the file could not be analyzed. */
  score: number | null;
  isMonolith: boolean;
  findings: number;
  /** Per rule code: how many findings, and the 1-based line of the first (null in notebooks). */
  codes: Readonly<Record<string, { count: number; line: number | null }>>;
  /** A test file ML Hygiene wrote (Modularize's smoke test, `isGeneratedTest`): not evidence of the team's tests. */
  generated?: boolean;
}

export interface FolderFacts {
  /** Every Python file and notebook of the folder that `.gitignore` does not ignore. */
  files: readonly FileHygiene[];
  /** The `.git` of the repository holding the folder, relative to the folder (`.git`, `../.git`); null: none. */
  git: string | null;
  /** The first CI configuration found, relative to the folder. */
  ci: string | null;
  /** The parameter file, relative to the folder. */
  params: string | null;
  readme: { path: string; text: string } | null;
  /** Documents referenced by the plan (relative paths as written) that exist and are not empty. */
  documents: ReadonlySet<string>;
}

export interface Evidence {
  /** Whether the workspace shows the item done. */
  ok: boolean;
  /** One line for people: what was found, or what is missing. */
  summary: string;
  /** A file to open, relative to the folder; null when there is nothing to show. */
  path: string | null;
  /** 1-based line in `path`. */
  line: number | null;
}

export function emptyFacts(): FolderFacts {
  return { files: [], git: null, ci: null, params: null, readme: null, documents: new Set() };
}

export function evaluateEvidence(kind: EvidenceKind, facts: FolderFacts, item: ItemState | undefined): Evidence {
  switch (kind) {
    case 'readme-problem':
      return readmeProblem(facts);
    case 'attribution-document':
      return attributionDocument(facts, item);
    case 'no-unseeded-randomness':
      return noFindings(facts, ['MLH301'], 'unseeded random call', 'no unseeded randomness');
    case 'modular-code':
      return modularCode(facts);
    case 'configuration':
      return configuration(facts);
    case 'tests':
      return tests(facts);
    case 'version-control':
      return facts.git
        ? evidence(true, facts.git === '.git' ? 'a git repository' : `in the git repository at ${facts.git.replace(/\/?\.git$/, '')}`)
        : evidence(false, 'not a git repository');
    case 'ci':
      return facts.ci
        ? evidence(true, `CI configuration: ${facts.ci}`, facts.ci)
        : evidence(false, 'no CI configuration (.github/workflows, .gitlab-ci.yml, Jenkinsfile, ...)');
  }
}

function evidence(ok: boolean, summary: string, path: string | null = null, line: number | null = null): Evidence {
  return { ok, summary, path, line };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function countWith(facts: FolderFacts, codes: readonly string[]): { total: number; files: FileHygiene[] } {
  const files = facts.files.filter((file) => codes.some((code) => (file.codes[code]?.count ?? 0) > 0));
  const total = files.reduce((sum, file) => sum + codes.reduce((n, code) => n + (file.codes[code]?.count ?? 0), 0), 0);
  return { total, files };
}

function firstLocation(file: FileHygiene, codes: readonly string[]): { path: string; line: number | null } {
  const lines = codes.map((code) => file.codes[code]?.line ?? null).filter((line): line is number => line !== null);
  return { path: file.path, line: lines.length > 0 ? Math.min(...lines) : null };
}

function noFindings(facts: FolderFacts, codes: readonly string[], what: string, clean: string): Evidence {
  if (facts.files.length === 0) return evidence(false, 'no Python files or notebooks yet');
  const { total, files } = countWith(facts, codes);
  if (total === 0) return evidence(true, `${clean} in ${plural(facts.files.length, 'file')}`);
  const at = firstLocation(files[0]!, codes);
  return evidence(false, `${plural(total, what)} in ${plural(files.length, 'file')} (${codes.join(', ')})`, at.path, at.line);
}

function modularCode(facts: FolderFacts): Evidence {
  if (facts.files.length === 0) return evidence(false, 'no Python files or notebooks yet');
  const monoliths = facts.files.filter((file) => (file.codes['MLH001']?.count ?? 0) > 0);
  if (monoliths.length === 0) return evidence(true, `no monolithic script among ${plural(facts.files.length, 'file')}`);
  const worst = [...monoliths].sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0]!;
  const score = worst.score === null ? '' : ` (score ${worst.score})`;
  const summary =
    monoliths.length === 1
      ? `${worst.path} is a monolithic script${score}`
      : `${monoliths.length} monolithic scripts; the largest is ${worst.path}${score}`;
  return evidence(false, summary, worst.path, worst.codes['MLH001']?.line ?? null);
}

function configuration(facts: FolderFacts): Evidence {
  const { total, files } = countWith(facts, ['MLH101', 'MLH102']);
  const left = total === 0 ? null : `${plural(total, 'hard-coded value')} left in ${plural(files.length, 'file')} (MLH101, MLH102)`;
  const at = files[0] ? firstLocation(files[0], ['MLH101', 'MLH102']) : null;
  if (!facts.params) {
    return evidence(
      false,
      left ? `no parameter file (params.yaml), and ${left}` : 'no parameter file (params.yaml) yet',
      at?.path ?? null,
      at?.line ?? null,
    );
  }
  if (left) return evidence(false, `${facts.params}, but ${left}`, at!.path, at!.line);
  return evidence(true, `${facts.params}; no hard-coded hyperparameters or paths`, facts.params);
}

const TEST_FILE = /(^|\/)(test_[^/]*\.py|[^/]*_test\.py|conftest\.py)$|(^|\/)tests?\/[^/]+/;
/** Beside the tests, but no tests themselves. */
const TEST_SUPPORT = /(^|\/)(conftest|__init__)\.py$/;

/**
 * Whether a file's text is the pytest file Modularize writes (`testText` in
 * src/core/refactors/modularize/index.ts): its docstring, on the first line, says so.
 */
export function isGeneratedTest(text: string): boolean {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return first.startsWith('"""Tests of the ') && first.includes(' package, generated by ML Hygiene');
}

/** `a`, `a, b`, `a, b, c`, `a, b, c and 2 more`. */
function paths(files: readonly FileHygiene[]): string {
  const shown = files.slice(0, 3).map((f) => f.path);
  return files.length > 3 ? `${shown.join(', ')} and ${files.length - 3} more` : shown.join(', ');
}

/** The team's own test files are the evidence; the smoke test Modularize generates is not, and the summary says so. */
function tests(facts: FolderFacts): Evidence {
  const candidates = facts.files.filter((file) => file.kind === 'python' && TEST_FILE.test(file.path) && !TEST_SUPPORT.test(file.path));
  const own = candidates.filter((file) => !file.generated);
  const generated = candidates.filter((file) => file.generated);
  if (own.length === 0) {
    if (generated.length === 0) return evidence(false, 'no tests found (a tests/ folder, test_*.py files)');
    return evidence(false, `only the smoke test Modularize generated (${paths(generated)}): write tests of your own`, generated[0]!.path);
  }
  const notCounted = generated.length === 0 ? '' : `; not counted: ${paths(generated)}, generated by Modularize`;
  return evidence(true, `${plural(own.length, 'test file')}: ${paths(own)}${notCounted}`, own[0]!.path);
}

/** Headings that state the problem: "Problem", "The problem", "Goal", "Objectives", "Motivation", ... */
const PROBLEM_HEADING = /\b(problem|goals?|objectives?|motivation|purpose|business (need|question|case)|why)\b/i;

interface Heading {
  line: number;
  title: string;
  /** Index of the first line after the heading. */
  bodyStart: number;
}

/** Markdown ATX and setext headings, and reStructuredText underlined titles. */
function headings(lines: readonly string[]): Heading[] {
  const found: Heading[] = [];
  let fence = false;
  lines.forEach((text, i) => {
    if (/^\s*(```|~~~)/.test(text)) fence = !fence;
    if (fence) return;
    const atx = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (atx) found.push({ line: i, title: atx[1]!, bodyStart: i + 1 });
    else if (i > 0 && /^(=+|-+|~+|\^+)\s*$/.test(text) && lines[i - 1]!.trim() !== '' && !/^\s*[-*]\s/.test(lines[i - 1]!)) {
      found.push({ line: i - 1, title: lines[i - 1]!.trim(), bodyStart: i + 1 });
    }
  });
  return found;
}

function readmeProblem(facts: FolderFacts): Evidence {
  const readme = facts.readme;
  if (!readme) return evidence(false, 'no README yet: write the problem there, in the business’s words');
  const lines = readme.text.split(/\r?\n/);
  const all = headings(lines);
  for (const [i, heading] of all.entries()) {
    if (!PROBLEM_HEADING.test(heading.title)) continue;
    const end = all[i + 1]?.line ?? lines.length;
    const body = lines.slice(heading.bodyStart, end).filter((line) => line.trim() !== '');
    if (body.length > 0) return evidence(true, `${readme.path}, section “${heading.title}”`, readme.path, heading.line + 1);
  }
  return evidence(
    false,
    `${readme.path} has no section stating the problem (a heading such as Problem, Goal or Motivation)`,
    readme.path,
    1,
  );
}

function attributionDocument(facts: FolderFacts, item: ItemState | undefined): Evidence {
  const document = item?.document ?? null;
  if (document === null) return evidence(false, 'no plan document referenced yet (add `document:` to this item)');
  if (!facts.documents.has(document)) return evidence(false, `${document} is referenced but missing or empty`);
  return evidence(true, `plan document: ${document}`, document);
}
