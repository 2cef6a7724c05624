/**
 * The body of one analysis worker thread (bundled to dist/worker.js): its own web-tree-sitter
 * parser, fed one file at a time by `AnalysisPool` (pool.ts). A request holds everything the
 * main thread resolved (the file's bytes, its configuration and plan decision) as plain data; the
 * worker resolves nothing itself and answers with the engine's result, or with what the analysis
 * threw, which the main thread turns into MLH000 as it does for an analysis in its own thread.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { AnalysisResult, AnalyzeOptions } from '../engine';
import { analyzeBytes, initEngine } from '../engine';
import { errorMessage } from '../errors';

export interface WorkerRequest {
  id: number;
  file: string;
  bytes: Uint8Array;
  options: AnalyzeOptions;
}

export type WorkerResponse = { id: number; result: AnalysisResult } | { id: number; failure: unknown };

/** Answers requests on `port` until the thread is stopped. */
export function serveAnalyses(port: MessagePort): void {
  const ready = initEngine();
  port.on('message', (request: WorkerRequest) => {
    void ready.then(
      () => answer(port, request),
      (error: unknown) => port.postMessage({ id: request.id, failure: cloneableError(error) } satisfies WorkerResponse),
    );
  });
}

function answer(port: MessagePort, { id, file, bytes, options }: WorkerRequest): void {
  let response: WorkerResponse;
  try {
    response = { id, result: analyzeBytes(file, bytes, options) };
  } catch (failure) {
    response = { id, failure: cloneableError(failure) };
  }
  try {
    port.postMessage(response);
  } catch (error) {
    // A result that cannot cross to the main thread is a bug like any other: MLH000 for the file.
    port.postMessage({ id, failure: new Error(`the result cannot be sent back (${errorMessage(error)})`) } satisfies WorkerResponse);
  }
}

/** Errors cross threads by structured clone; anything else thrown is sent as its text. */
function cloneableError(error: unknown): unknown {
  if (error instanceof Error) {
    try {
      structuredClone(error);
      return error;
    } catch {
      return new Error(error.message);
    }
  }
  return new Error(errorMessage(error));
}

if (!isMainThread && parentPort) serveAnalyses(parentPort);
