/**
 * Runs a CommonJS bundle through V8's code cache, by hand: Node 20 has no `module.enableCompileCache`
 * (that is Node ≥ 22.1). The bundle is compiled with `vm.Script` and the bytecode V8 produced for it
 * (the top level and every function the run compiled) is written at exit; the next process hands it
 * back to V8 and skips parsing and compiling most of the bundle.
 *
 * A cache file is `MAGIC`, the SHA-256 of the payload, then V8's payload. Its name carries a key of
 * the bundle's SHA-256, Node's and V8's versions, the architecture, Node's own flags and the caller's
 * `variant` (V8 flags set at run time), so a changed bundle or runtime never meets an old cache.
 * Installations of the same build share one cache. A new cache replaces the same bundle's older
 * ones that no run has used for a day (`STALE_MS`; a run that uses a cache marks it, at most once
 * an hour), so that an upgrade leaves no cache behind for long and two different builds in use at
 * once (a global installation and a project's, say) do not remove each other's at every run. The
 * digest matters: V8 rejects a cache of the wrong length or version, but a payload damaged on disk
 * can crash the process inside V8's deserializer (seen with Node 20.20), so it is checked first.
 *
 * Everything about the cache is best effort: a missing, damaged or rejected file is ignored and
 * rewritten at exit (to a temporary file, then renamed); a read-only or missing cache folder only
 * means that every run compiles. Nothing is printed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';

export const MAGIC = Buffer.from('MLHCODE1', 'latin1');
/** A cache no run has used for this long goes when the same bundle writes a new one. */
export const STALE_MS = 24 * 60 * 60 * 1000;
/** How often a cache in use is marked as used (its modification time set to now). */
const MARK_MS = 60 * 60 * 1000;
const DIGEST_BYTES = 32;

/** What happened to the cache in one run. */
export type CacheOutcome = 'off' | 'miss' | 'corrupt' | 'rejected' | 'hit';

export interface BundleOptions {
  /** Absolute path of the CommonJS bundle. */
  file: string;
  /** Folder of the cache files; null runs without a cache. */
  cacheDir: string | null;
  /** Anything else that changes V8's code for the bundle, such as V8 flags set before it runs. */
  variant: string;
  /** The module the bundle's `module.exports` should land in (the launcher's own). */
  module: NodeJS.Module;
  /** Registers the cache write; by default at the process's exit. */
  atExit?: (write: () => void) => void;
}

export interface BundleRun {
  outcome: CacheOutcome;
  /** The cache file this run read or will write (null without a cache folder). */
  cacheFile: string | null;
}

/**
 * The per-user folder of code caches: `$XDG_CACHE_HOME/ml-hygiene/code-cache`, else
 * `~/.cache/ml-hygiene/code-cache`; null when neither can be found.
 */
export function codeCacheDir(env: Readonly<Record<string, string | undefined>>, home: () => string = homedir): string | null {
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg && isAbsolute(xdg)) return join(xdg, 'ml-hygiene', 'code-cache');
  try {
    const dir = home();
    return dir ? join(dir, '.cache', 'ml-hygiene', 'code-cache') : null;
  } catch {
    return null;
  }
}

/** The cache file's name for a bundle: `<bundle>-<variant>-<key>.bin`. */
export function cacheFileName(file: string, source: Buffer, variant: string): string {
  const key = createHash('sha256')
    .update(source)
    .update(`\0${process.version}\0${process.versions.v8}\0${process.arch}\0${process.execArgv.join('\u0001')}\0${variant}`)
    .digest('hex')
    .slice(0, 24);
  return `${cachePrefix(file, variant)}${key}.bin`;
}

function cachePrefix(file: string, variant: string): string {
  return `${basename(file, '.js')}-${variant}-`;
}

/** The payload of a cache file, or null when it is not one of ours or its digest does not match. */
export function readCacheFile(bytes: Buffer): Buffer | null {
  if (bytes.length <= MAGIC.length + DIGEST_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const digest = bytes.subarray(MAGIC.length, MAGIC.length + DIGEST_BYTES);
  const payload = bytes.subarray(MAGIC.length + DIGEST_BYTES);
  return createHash('sha256').update(payload).digest().equals(digest) ? payload : null;
}

export function encodeCacheFile(payload: Buffer): Buffer {
  return Buffer.concat([MAGIC, createHash('sha256').update(payload).digest(), payload]);
}

/**
 * Compiles and runs the bundle as Node would `require` it (same wrapper, `require` resolving from
 * the bundle's folder, `__filename`/`__dirname` of the bundle), with the code cache when there is one.
 */
export function runBundle(options: BundleOptions): BundleRun {
  const source = readFileSync(options.file);
  const cacheFile = options.cacheDir === null ? null : join(options.cacheDir, cacheFileName(options.file, source, options.variant));
  let cachedData: Buffer | undefined;
  let outcome: CacheOutcome = cacheFile === null ? 'off' : 'miss';
  if (cacheFile !== null) {
    const bytes = readOrNull(cacheFile);
    if (bytes !== null) {
      cachedData = readCacheFile(bytes) ?? undefined;
      outcome = cachedData ? 'hit' : 'corrupt';
    }
  }
  if (cacheFile !== null && outcome === 'hit') markUsed(cacheFile);
  const script = new Script(wrap(source.toString('utf8')), { filename: options.file, ...(cachedData ? { cachedData } : {}) });
  if (cachedData && script.cachedDataRejected === true) outcome = 'rejected';
  if (cacheFile !== null && outcome !== 'hit') {
    // At exit the cache also holds the functions this run compiled lazily, not only the top level.
    const atExit = options.atExit ?? ((write: () => void) => process.once('exit', write));
    atExit(() => writeCache(cacheFile, cachePrefix(options.file, options.variant), () => script.createCachedData()));
  }
  const bundleModule = options.module;
  const compiled = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: NodeJS.Module,
    filename: string,
    dirname: string,
  ) => void;
  compiled.call(bundleModule.exports, bundleModule.exports, createRequire(options.file), bundleModule, options.file, dirname(options.file));
  return { outcome, cacheFile };
}

function readOrNull(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

/** Marks a cache as used by this run (see `STALE_MS`), at most once an hour; never throws. */
function markUsed(cacheFile: string): void {
  try {
    const now = Date.now();
    if (now - statSync(cacheFile).mtimeMs > MARK_MS) utimesSync(cacheFile, new Date(now), new Date(now));
  } catch {
    // a read-only folder: the cache may then go a day after it was written, and be written again
  }
}

/**
 * Writes the cache atomically and removes the same bundle's caches that no run has used for a
 * day (`STALE_MS`); never throws.
 */
export function writeCache(cacheFile: string, prefix: string, produce: () => Buffer): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    const dir = dirname(cacheFile);
    mkdirSync(dir, { recursive: true });
    writeFileSync(temporary, encodeCacheFile(produce()));
    renameSync(temporary, cacheFile);
    const now = Date.now();
    for (const entry of readdirSync(dir)) {
      if (!entry.startsWith(prefix) || !entry.endsWith('.bin') || entry === basename(cacheFile)) continue;
      const file = join(dir, entry);
      if (now - modifiedAt(file) > STALE_MS) unlinkQuietly(file);
    }
  } catch {
    unlinkQuietly(temporary);
  }
}

function modifiedAt(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY; // gone already
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone, or a read-only folder: nothing to do
  }
}
