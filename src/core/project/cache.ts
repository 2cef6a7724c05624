/**
 * The disk cache of `ml-hygiene check` and `ml-hygiene plan status`, as Ruff's: a file's analysis
 * is reused when nothing it depends on changed. An analysis depends on the file's path, its bytes,
 * its resolved configuration, the plan decision the rules read and the engine that ran; so does
 * the cache:
 *
 * - one entry per file and options: its name is the hash of the file's absolute path and a stable
 *   serialisation of its `ResolvedConfig` and `RulePlan`; the entry holds the hash of the bytes it
 *   was computed from, the engine's identity (`engineIdentity`) and the `AnalysisResult` as JSON.
 *   A changed file or a new build finds its entry and replaces it (no growth per edit); a changed
 *   configuration or decision has another name, so switching back and forth reuses both.
 * - nothing is held in memory: an entry is read when its file comes up and written when its
 *   analysis is done (temporary file, then rename: a reader sees the old entry or the new one,
 *   never half of one, and two runs at once at worst write the same entry twice).
 * - an entry that cannot be read, does not parse, fails its checksum, or was written by another
 *   build counts as a miss, is rewritten, and is reported once per run (`warn`: the first problem; the others are alike or follow from it).
 *
 * Layout, under the cache folder (`.ml-hygiene-cache/` at the project root, `projectRoot`):
 * `CACHEDIR.TAG` (backup tools skip the folder), `.gitignore` (`*`), `v1/<2 hex>/<62 hex>` entries.
 * The editor does not use it: it analyses open documents from memory.
 */
import * as crypto from 'node:crypto';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { AnalysisResult, AnalyzeOptions } from '../engine';
import type { ResolvedConfig } from '../config';
import type { RulePlan } from '../rules/rule';
import type { NotebookCells } from '../parse/source';
import { RULES } from '../rules/registry';
import { errorMessage } from '../errors';
import { locateAsset, localRequire } from '../assets';

/** The cache folder's name at the project root. */
export const CACHE_DIR_NAME = '.ml-hygiene-cache';
/** The layout of the entries; a new layout gets a new folder beside the old one. */
const FORMAT = 'v1';
/** Files that mark a project root, looked for from the current folder upwards. */
export const ROOT_MARKERS: readonly string[] = ['pyproject.toml', 'mlproject.yaml', '.git'];
const TAG_SIGNATURE = 'Signature: 8a477f597d28d172789f06886806bc55';
const CACHEDIR_TAG = `${TAG_SIGNATURE}\n# This file is a cache directory tag created by ml-hygiene.\n# For information about cache directory tags, see:\n#\thttps://bford.info/cachedir/\n`;

/** What `analyzeFiles` asks of a cache (src/core/project/analyze.ts). */
export interface AnalysisCache {
  /** The result computed before from the same bytes and options, or null. */
  lookup(file: string, bytes: Uint8Array, options: AnalyzeOptions): AnalysisResult | null;
  store(file: string, bytes: Uint8Array, options: AnalyzeOptions, result: AnalysisResult): void;
}

/** The folder at or above `cwd` holding pyproject.toml, mlproject.yaml or .git; else `cwd` (as Ruff places `.ruff_cache`). */
export function projectRoot(cwd: string): string {
  const start = resolve(cwd);
  for (let dir = start; ;) {
    if (ROOT_MARKERS.some((marker) => existsSync(join(dir, marker)))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

/** The default cache folder of a run started in `cwd`. */
export function defaultCacheDir(cwd: string): string {
  return join(projectRoot(cwd), CACHE_DIR_NAME);
}

/** Node's one-shot `crypto.hash` (20.12+: no Hash object per call, a third of the cost on short inputs), else a Hash. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;
const sha256 = (data: string | Uint8Array): string =>
  oneShot !== undefined ? oneShot('sha256', data, 'hex') : createHash('sha256').update(data).digest('hex');

/**
 * JSON with object keys sorted, so that equal configurations serialise equally whatever order
 * their keys were set in (arrays keep their order: it can matter, as in `per-file-ignores`).
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const prototype = Object.getPrototypeOf(inner) as unknown;
    // A Map, a RegExp or a class instance would serialise as {} and key different values alike.
    if (prototype !== Object.prototype && prototype !== null) throw new Error(`cannot key a ${inner.constructor.name}`);
    return Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/**
 * The plan as rules see it (`RulePlan`): the analysis may pass a fuller object (the sidebar's
 * `PlanContext` with the decision's rationale), whose other fields no rule reads. The
 * `Record<keyof RulePlan, …>` makes a new `RulePlan` field a compile error here until it is keyed.
 */
function rulePlanKey(plan: RulePlan | null | undefined): Record<keyof RulePlan, unknown> | null {
  if (!plan) return null;
  return { file: plan.file, decision: plan.decision === null ? null : { rung: plan.decision.rung } };
}

/** What an analysis depends on besides the bytes and the engine. */
function optionsKey(
  options: AnalyzeOptions,
  configKey: (config: ResolvedConfig | undefined) => string,
  planKey: (plan: RulePlan | null | undefined) => string,
): string {
  return `${configKey(options.config)}\n${planKey(options.plan)}`;
}

const NO_PLAN_KEY = stableJson(rulePlanKey(null));

let identity: string | undefined;

/**
 * The identity of the engine that computes results: the cache format, the package version, the
 * rule set (codes, names, statuses, severities, option defaults), the grammar and the engine's
 * code itself. In a bundle the code is the bundle file this module was bundled into
 * (`dist/cli.js`): any rebuild with a changed rule, even at the same version, has another
 * identity. Run from the sources (tests, `tsx`), it is every `.ts` file of `src/core`. Hashing
 * the code (about 1.6 MB, a few milliseconds) is done once per process.
 */
export function engineIdentity(version: string): string {
  identity ??= computeIdentity();
  return sha256(`${version}\n${identity}`);
}

function computeIdentity(): string {
  const hash = createHash('sha256');
  hash.update(`${FORMAT}\n`);
  for (const rule of RULES)
    hash.update(stableJson([rule.code, rule.name, rule.status, rule.defaultSeverity, rule.appliesTo, rule.options]) + '\n');
  const grammar = locateAsset('tree-sitter-python.wasm', [() => localRequire.resolve('tree-sitter-python/tree-sitter-python.wasm')]);
  hash.update(readFileSync(grammar));
  if (__filename.endsWith('.js')) {
    hash.update(readFileSync(__filename));
  } else {
    const core = dirname(__dirname);
    for (const file of sourceFiles(core)) hash.update(`${file}\n`).update(readFileSync(join(core, file)));
  }
  return hash.digest('hex');
}

/** The `.ts` files under `dir`, relative and sorted. */
function sourceFiles(dir: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) found.push(...sourceFiles(dir, rel));
    else if (entry.name.endsWith('.ts')) found.push(rel);
  }
  return found;
}

export interface DiskCacheOptions {
  /** The cache folder (created with its tag and .gitignore on the first write). */
  dir: string;
  /** The tool's version (package.json), part of the engine's identity. */
  version: string;
  /** One line for stderr, at most once per run. */
  warn: (message: string) => void;
}

/** The first line of an entry; the result's JSON follows it. */
interface EntryHeader {
  engine: string;
  /** sha256 of the file's bytes. */
  content: string;
  /** sha256 of the result's JSON (what follows the header line): catches truncation and damage. */
  check: string;
}

type Problem = 'corrupt' | 'version' | 'unreadable' | 'unwritable' | 'foreign' | 'unkeyable';

/** The cache of one run: entries are read and written one at a time, none is kept. */
export class DiskCache implements AnalysisCache {
  readonly dir: string;
  private readonly entries: string;
  /** null: the engine's identity could not be computed (its code or grammar unreadable): no cache. */
  private readonly engine: string | null;
  private warned: Problem | null = null;
  /** The shard folders known to exist (at most 256). */
  private readonly shards = new Set<string>();
  /** Keys of the configurations and plans met (one object per folder, shared by its files). */
  private readonly configKeys = new WeakMap<ResolvedConfig, string>();
  private readonly planKeys = new WeakMap<RulePlan, string>();
  /** What `lookup` worked out for a file's bytes (its entry, their hash), for the `store` that follows a miss. */
  private readonly looked = new WeakMap<Uint8Array, { path: string; content: string }>();
  private ready: boolean | null = null;
  /** Where entries are read: one at a time, each decoded (copied out) before the next is read. */
  private buffer: Buffer | null = null;
  /** Entries read and written in this run (for the benchmark and tests). */
  readonly stats = { hits: 0, misses: 0, stores: 0 };

  constructor(private readonly options: DiskCacheOptions) {
    this.dir = resolve(options.dir);
    this.entries = join(this.dir, FORMAT);
    let engine: string | null;
    try {
      engine = engineIdentity(options.version);
    } catch (error) {
      engine = null;
      this.warnOnce('unkeyable', `the cache is not used: cannot identify the engine (${errorMessage(error)})`);
    }
    this.engine = engine;
  }

  lookup(file: string, bytes: Uint8Array, options: AnalyzeOptions): AnalysisResult | null {
    const path = this.engine === null ? null : this.entryPath(file, options);
    if (path === null) {
      this.stats.misses++;
      return null;
    }
    const looked = { path, content: sha256(bytes) };
    this.looked.set(bytes, looked);
    let entry: Buffer;
    try {
      entry = this.read(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR')
        this.warnOnce('unreadable', `cannot read the cache (${code ?? errorMessage(error)} on ${path})`);
      this.stats.misses++;
      return null;
    }
    const result = this.decode(entry, looked.content, path);
    if (result === null) this.stats.misses++;
    else {
      this.stats.hits++;
      // No store follows a hit. Left in the WeakMap, the bytes would outlive their file until a full
      // collection: V8's young-generation collector keeps the values of dead keys (see memo.ts).
      this.looked.delete(bytes);
    }
    return result;
  }

  store(file: string, bytes: Uint8Array, options: AnalyzeOptions, result: AnalysisResult): void {
    // The entry's name and the bytes' hash, as `lookup` worked them out for these bytes.
    const looked = this.looked.get(bytes) ?? (this.engine === null ? null : this.lookedUp(file, bytes, options));
    this.looked.delete(bytes);
    if (looked === null || this.engine === null || !this.prepare()) return;
    const { path, content } = looked;
    const body = encodeResult(result);
    const header: EntryHeader = { engine: this.engine, content, check: sha256(body) };
    try {
      const shard = dirname(path);
      if (!this.shards.has(shard)) {
        mkdirSync(shard, { recursive: true });
        this.shards.add(shard);
      }
      writeAtomically(path, `${JSON.stringify(header)}\n${body}`);
      this.stats.stores++;
    } catch (error) {
      this.warnOnce(
        'unwritable',
        `cannot write the cache (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)} in ${this.dir})`,
      );
      this.ready = false;
    }
  }

  /**
   * The bytes of an entry, in a buffer reused from one entry to the next: `readFileSync` would
   * allocate a buffer per entry (and ask for its size first), whose pages the kernel then maps
   * afresh; a warm run reads thousands of entries of a few KB.
   */
  private read(path: string): Buffer {
    let buffer = (this.buffer ??= Buffer.allocUnsafeSlow(64 * 1024));
    const fd = openSync(path, 'r');
    try {
      let length = 0;
      for (;;) {
        if (length === buffer.length) {
          const larger = Buffer.allocUnsafeSlow(buffer.length * 2);
          buffer.copy(larger);
          buffer = this.buffer = larger;
        }
        length += readSync(fd, buffer, length, buffer.length - length, null);
        // A read that leaves room reached the end: a regular file is read in full up to it, and a
        // short read for another reason fails the entry's checksum (a miss, never a wrong result).
        if (length < buffer.length) return buffer.subarray(0, length);
      }
    } finally {
      closeSync(fd);
    }
  }

  /** A store without a lookup first (not what `analyzeFiles` does): the entry's name and the bytes' hash. */
  private lookedUp(file: string, bytes: Uint8Array, options: AnalyzeOptions): { path: string; content: string } | null {
    const path = this.entryPath(file, options);
    return path === null ? null : { path, content: sha256(bytes) };
  }

  /** The entry's file, or null when the options cannot be keyed (not plain data: a bug, reported once). */
  private entryPath(file: string, options: AnalyzeOptions): string | null {
    let key: string;
    try {
      key = optionsKey(
        options,
        (config) => this.configKey(config),
        (plan) => this.planKey(plan),
      );
    } catch (error) {
      this.warnOnce('unkeyable', `the cache is not used: ${errorMessage(error)} in the configuration`);
      return null;
    }
    // The path as given and resolved: the result names the file as given, the rules see it resolved.
    const name = sha256(`${resolve(file)}\n${file}\n${key}`);
    return `${this.entries}${sep}${name.slice(0, 2)}${sep}${name.slice(2)}`;
  }

  private planKey(plan: RulePlan | null | undefined): string {
    if (!plan) return NO_PLAN_KEY;
    let key = this.planKeys.get(plan);
    if (key === undefined) {
      key = stableJson(rulePlanKey(plan));
      this.planKeys.set(plan, key);
    }
    return key;
  }

  private configKey(config: ResolvedConfig | undefined): string {
    if (config === undefined) return 'default';
    let key = this.configKeys.get(config);
    if (key === undefined) {
      key = stableJson(config);
      this.configKeys.set(config, key);
    }
    return key;
  }

  /** The entry's result when it is whole, from this engine and for these bytes; else null (and a warning for damage). */
  private decode(entry: Buffer, content: string, path: string): AnalysisResult | null {
    // Bytes rather than text: the checksum is over the body's bytes, as written (UTF-8).
    const newline = entry.indexOf(0x0a);
    let header: Partial<EntryHeader> | null;
    try {
      header = newline < 0 ? null : (JSON.parse(entry.toString('utf8', 0, newline)) as Partial<EntryHeader>);
    } catch {
      header = null;
    }
    if (header === null || typeof header !== 'object' || typeof header.engine !== 'string' || typeof header.check !== 'string') {
      this.warnOnce('corrupt', `ignoring a damaged cache entry (${path}); damaged entries are rewritten`);
      return null;
    }
    if (header.engine !== this.engine) {
      this.warnOnce('version', `the cache in ${this.dir} was written by another build of ml-hygiene; its entries are rewritten`);
      return null;
    }
    if (header.content !== content) return null; // the file changed: an ordinary miss
    const body = entry.subarray(newline + 1);
    if (sha256(body) !== header.check) {
      this.warnOnce('corrupt', `ignoring a damaged cache entry (${path}); damaged entries are rewritten`);
      return null;
    }
    try {
      return decodeResult(body.toString('utf8'));
    } catch {
      this.warnOnce('corrupt', `ignoring a damaged cache entry (${path}); damaged entries are rewritten`);
      return null;
    }
  }

  /**
   * Creates the folder with its tag and .gitignore before the first write. A folder that exists,
   * holds something and has no tag is not ours (`--cache-dir src`): nothing is written into it.
   */
  private prepare(): boolean {
    if (this.ready !== null) return this.ready;
    try {
      const exists = existsSync(this.dir);
      if (exists && !statSync(this.dir).isDirectory()) {
        this.warnOnce('foreign', `the cache folder ${this.dir} is not a folder; results are not cached`);
        return (this.ready = false);
      }
      if (exists && !isCacheDir(this.dir) && readdirSync(this.dir).length > 0) {
        this.warnOnce(
          'foreign',
          `${this.dir} is not an ml-hygiene cache (it has no CACHEDIR.TAG) and is not empty; results are not cached`,
        );
        return (this.ready = false);
      }
      mkdirSync(this.entries, { recursive: true });
      writeAtomically(join(this.dir, 'CACHEDIR.TAG'), CACHEDIR_TAG);
      writeAtomically(join(this.dir, '.gitignore'), '# Automatically created by ml-hygiene.\n*\n');
      this.ready = true;
    } catch (error) {
      this.warnOnce(
        'unwritable',
        `cannot write the cache (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)} in ${this.dir})`,
      );
      this.ready = false;
    }
    return this.ready;
  }

  /** One warning per run, the first problem's: a damaged cache is one problem, not one per file. */
  private warnOnce(problem: Problem, message: string): void {
    if (this.warned !== null) return;
    this.warned = problem;
    this.options.warn(message);
  }
}

/**
 * The result as JSON, and back. JSON keeps everything a result holds (plain objects, arrays,
 * strings, finite numbers, null; no `undefined` values) except one thing: a notebook's `cells`
 * array carries the notebook's `languageVersion` as a property (parse/source.ts `NotebookCells`),
 * which JSON drops from arrays. It travels beside the result. The gallery test compares results
 * through the cache with fresh ones deeply.
 */
function encodeResult(result: AnalysisResult): string {
  const languageVersion = (result.cells as NotebookCells | null)?.languageVersion;
  return JSON.stringify(languageVersion === undefined ? { result } : { result, languageVersion });
}

function decodeResult(body: string): AnalysisResult {
  const decoded = JSON.parse(body) as { result: AnalysisResult; languageVersion?: string | null };
  const { result } = decoded;
  if (typeof result !== 'object' || result === null || !Array.isArray(result.findings)) throw new Error('not a result');
  if (decoded.languageVersion !== undefined && result.cells) (result.cells as NotebookCells).languageVersion = decoded.languageVersion;
  return result;
}

/** Writes through a temporary file and a rename: a reader sees the old file or the new one, never half of one. */
function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // it was never written
    }
    throw error;
  }
}

/** Whether `dir` holds a cache directory tag (ours or another tool's: either way it is a cache). */
export function isCacheDir(dir: string): boolean {
  try {
    return readFileSync(join(dir, 'CACHEDIR.TAG'), 'utf8').startsWith(TAG_SIGNATURE);
  } catch {
    return false;
  }
}

export type CleanOutcome =
  | { kind: 'removed'; dir: string; files: number; bytes: number }
  | { kind: 'absent'; dir: string }
  | { kind: 'refused'; dir: string; reason: string };

/** Removes a cache folder: only one that holds a CACHEDIR.TAG (so `clean --cache-dir src` removes nothing). */
export function cleanCache(dir: string): CleanOutcome {
  const target = resolve(dir);
  if (!existsSync(target)) return { kind: 'absent', dir: target };
  if (!statSync(target).isDirectory()) return { kind: 'refused', dir: target, reason: 'it is not a folder' };
  if (!isCacheDir(target)) return { kind: 'refused', dir: target, reason: 'it has no CACHEDIR.TAG, so it is not a cache folder' };
  const { files, bytes } = measure(target);
  rmSync(target, { recursive: true, force: true });
  return { kind: 'removed', dir: target, files, bytes };
}

function measure(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = measure(path);
      files += inner.files;
      bytes += inner.bytes;
    } else {
      files++;
      bytes += statSync(path).size;
    }
  }
  return { files, bytes };
}
