/**
 * The one loop over a project's files, for `ml-hygiene check`, `ml-hygiene plan status`, the
 * editor's Scan Workspace and the sidebar's hygiene index: files in, analyses out, in order.
 * Reading is asynchronous and analysis is not, so a few reads stay in flight while the current
 * file is analyzed. A file that cannot be read, or whose analysis throws (a bug), gets the
 * engine's MLH000 and the run goes on.
 */
import { readFile } from 'node:fs/promises';
import type { AnalysisResult, AnalyzeOptions } from '../engine';
import { analysisFailure, analyzeBytes, initEngine, readFailure } from '../engine';
import type { AnalysisCache } from './cache';

/** Reads in flight ahead of the file being analyzed. */
const READ_AHEAD = 8;

export interface AnalyzeFilesOptions<O extends AnalyzeOptions | null = AnalyzeOptions | null> {
  /**
   * The configuration and plan of a file, asked in file order as its read starts; null skips the
   * file (the editor's `mlHygiene.enable: false`): it is not read and its result is null.
   */
  options: (file: string) => O;
  /** Asked before each file: once it says yes, no further result comes (the editor's Cancel, a newer build). */
  cancelled?: () => boolean;
  /**
   * Results computed before (the CLI's disk cache, `./cache.ts`): asked after a file's bytes are
   * read, before it is analyzed; a fresh analysis is stored (not one that threw).
   */
  cache?: AnalysisCache;
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

type Read = { options: AnalyzeOptions; bytes: Promise<Uint8Array | { error: unknown }> } | null;

/** Analyzes `files` one after the other, yielding each result in order. */
export function analyzeFiles(
  files: readonly string[],
  options: AnalyzeFilesOptions<AnalyzeOptions>,
): AsyncGenerator<AnalyzedFile<AnalysisResult>>;
export function analyzeFiles(files: readonly string[], options: AnalyzeFilesOptions): AsyncGenerator<AnalyzedFile>;
export async function* analyzeFiles(files: readonly string[], options: AnalyzeFilesOptions): AsyncGenerator<AnalyzedFile> {
  // With a cache the parser is loaded before the first analysis: a run the cache answers needs none.
  let engineReady = options.cache === undefined;
  if (engineReady) await initEngine();
  const start = (file: string): Read => {
    const analyzeOptions = options.options(file);
    return analyzeOptions === null ? null : { options: analyzeOptions, bytes: readFile(file).catch((error: unknown) => ({ error })) };
  };
  const reads: Read[] = [];
  for (let i = 0; i < files.length; i++) {
    if (options.cancelled?.()) return;
    while (reads.length < Math.min(files.length, i + READ_AHEAD)) reads.push(start(files[reads.length]!));
    const file = files[i]!;
    const read = reads[i]!;
    reads[i] = null; // let the buffer go
    if (read === null) {
      yield { file, result: null, bytes: null };
      continue;
    }
    const bytes = await read.bytes;
    if (!(bytes instanceof Uint8Array)) {
      yield { file, result: readFailure(file, bytes.error, read.options), bytes: null };
      continue;
    }
    const cached = options.cache?.lookup(file, bytes, read.options) ?? null;
    if (cached !== null) {
      yield { file, result: cached, bytes };
      continue;
    }
    if (!engineReady) {
      await initEngine();
      engineReady = true;
    }
    let analyzed: AnalyzedFile;
    try {
      analyzed = { file, result: analyzeBytes(file, bytes, read.options), bytes };
    } catch (failure) {
      analyzed = { file, result: analysisFailure(file, failure, read.options), bytes, failure };
    }
    if (!('failure' in analyzed)) options.cache?.store(file, bytes, read.options, analyzed.result!);
    yield analyzed;
  }
}
