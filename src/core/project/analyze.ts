/**
 * The one loop over a project's files, for `ml-hygiene check`, `ml-hygiene plan status`, the
 * editor's Scan Workspace and the sidebar's hygiene index: files in, analyses out, in order.
 *
 * Files are read on the calling thread, a few ahead of the one being yielded. Each file's bytes
 * then go to the cache (when given: a hit skips the analysis), else to the analysis: in this
 * thread (`jobs: 1`, the default) or in a pool of worker threads (`jobs` > 1, or a `pool` the
 * caller keeps), several files at a time. Whatever finishes first, results are yielded in the
 * order of `files`, so the output of a run does not depend on the number of workers. A file that
 * cannot be read, or whose analysis throws (a bug) or kills its worker, gets the engine's MLH000
 * and the run goes on. Nothing of a file (bytes, result) is kept once it is yielded.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AnalysisResult, AnalyzeOptions } from '../engine';
import { analysisFailure, analyzeBytes, initEngine, readFailure } from '../engine';
import type { AnalysisCache } from './cache';
import type { PoolOutcome } from './pool';
import { AnalysisPool, isOutOfMemory } from './pool';

/** Reads in flight ahead of the file being yielded (in this thread). */
const READ_AHEAD = 8;
/** Files in flight per worker: one in the worker, one waiting so that it never idles. */
const PER_WORKER = 2;

export interface AnalyzeFilesOptions<O extends AnalyzeOptions | null = AnalyzeOptions | null> {
  /**
   * The configuration and plan of a file, asked in file order as its read starts; null skips the
   * file (the editor's `mlHygiene.enable: false`): it is not read and its result is null. With
   * workers the options are copied to them (structured clone): plain data only.
   */
  options: (file: string) => O;
  /** Asked before each file: once it says yes, no further result comes (the editor's Cancel, a newer build). */
  cancelled?: () => boolean;
  /**
   * Results computed before (the CLI's disk cache, `./cache.ts`): asked after a file's bytes are
   * read, before it is analyzed; a fresh analysis is stored (not one that threw).
   */
  cache?: AnalysisCache;
  /**
   * How many files are analyzed at once: 1 (the default) in this thread, N > 1 in a pool of N
   * worker threads started for this run (at most one per file) and stopped at its end.
   */
  jobs?: number;
  /** A pool the caller keeps across runs (the editor); it wins over `jobs`. */
  pool?: AnalysisPool;
}

export interface AnalyzedFile<R extends AnalysisResult | null = AnalysisResult | null> {
  file: string;
  /** null when the file was skipped. */
  result: R;
  /** The file's bytes, when they could be read and the file was analyzed. */
  bytes: Uint8Array | null;
  /** What the analysis threw, when it did (the result is then MLH000). */
  failure?: unknown;
}

/** Analyzes `files`, yielding each result in order. */
export function analyzeFiles(
  files: readonly string[],
  options: AnalyzeFilesOptions<AnalyzeOptions>,
): AsyncGenerator<AnalyzedFile<AnalysisResult>>;
export function analyzeFiles(files: readonly string[], options: AnalyzeFilesOptions): AsyncGenerator<AnalyzedFile>;
export async function* analyzeFiles(files: readonly string[], options: AnalyzeFilesOptions): AsyncGenerator<AnalyzedFile> {
  const jobs = options.jobs ?? 1;
  if (!Number.isInteger(jobs) || jobs < 1) throw new RangeError(`jobs must be a positive integer, not ${jobs}`);
  const size = Math.min(jobs, files.length);
  const owned = options.pool === undefined && size > 1 ? new AnalysisPool({ size }) : null;
  const pool = options.pool ?? owned;
  const stop = new AbortController();
  const pending: Array<Promise<Step>> = [];
  try {
    // With workers the parser loads here only for a file too big for one; with a cache, before the
    // first file it does not answer (a run the cache answers needs none).
    if (pool === null && options.cache === undefined) await initEngine();
    const ahead = pool === null ? READ_AHEAD : Math.max(READ_AHEAD, PER_WORKER * pool.size);
    let started = 0;
    for (let i = 0; i < files.length; i++) {
      if (options.cancelled?.()) return;
      while (started < Math.min(files.length, i + ahead)) pending.push(start(files[started++]!, options, pool, stop.signal));
      const step = await pending.shift()!;
      if ('result' in step) {
        yield step;
        continue;
      }
      await initEngine();
      yield settle(step, inThread(step.file, step.bytes, step.options), options.cache);
    }
  } finally {
    stop.abort(); // files of this run still waiting in a shared pool are dropped
    for (const step of pending) step.catch(() => {}); // not yielded: nobody waits for them
    await owned?.close();
  }
}

/** A file read and not found in the cache, to be analyzed in this thread when its turn comes. */
interface ToAnalyze {
  file: string;
  bytes: Uint8Array;
  options: AnalyzeOptions;
}

type Step = AnalyzedFile | ToAnalyze;

/**
 * Starts one file: asks its options (in file order), reads it, looks it up in the cache and, with
 * a pool, sends it to a worker at once. Without a pool the analysis waits for the file's turn
 * (`ToAnalyze`), so that files are analyzed in order and none after a cancellation.
 */
function start(file: string, options: AnalyzeFilesOptions, pool: AnalysisPool | null, signal: AbortSignal): Promise<Step> {
  const analyzeOptions = options.options(file);
  if (analyzeOptions === null) return Promise.resolve({ file, result: null, bytes: null });
  const { cache } = options;
  const analyze = async (bytes: Uint8Array): Promise<Step> => {
    const read = { file, bytes, options: analyzeOptions };
    if (pool === null) return read;
    const outcome = await pool.analyze(file, bytes, analyzeOptions, signal);
    // Too big for a worker's heap: analyzed here, where the heap is the process's.
    if ('failure' in outcome && isOutOfMemory(outcome.failure)) return read;
    return settle(read, outcome, cache);
  };
  const unreadable = (error: unknown): Step => ({ file, result: readFailure(file, error, analyzeOptions), bytes: null });
  if (cache === undefined) return readFile(file).then(analyze, unreadable);
  // With a cache most files are hits on a re-run: read and looked up at once, in this thread. An
  // asynchronous read costs four round trips through libuv's thread pool (open, stat, read,
  // close) and a turn of the event loop, several times the read itself for a script of a few KB
  // (the 10x gallery's warm run spent more time there than in anything else).
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return Promise.resolve(unreadable(error));
  }
  const cached = cache.lookup(file, bytes, analyzeOptions);
  return cached ? Promise.resolve({ file, result: cached, bytes }) : analyze(bytes);
}

function inThread(file: string, bytes: Uint8Array, options: AnalyzeOptions): PoolOutcome {
  try {
    return { result: analyzeBytes(file, bytes, options) };
  } catch (failure) {
    return { failure };
  }
}

/** The outcome of an analysis as the caller sees it: MLH000 for a failure, a result stored in the cache. */
function settle({ file, bytes, options }: ToAnalyze, outcome: PoolOutcome, cache: AnalysisCache | undefined): AnalyzedFile {
  if ('failure' in outcome) return { file, result: analysisFailure(file, outcome.failure, options), bytes, failure: outcome.failure };
  cache?.store(file, bytes, options, outcome.result);
  return { file, result: outcome.result, bytes };
}
