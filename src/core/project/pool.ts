/**
 * A pool of analysis worker threads (`node:worker_threads`), each with its own web-tree-sitter
 * parser (worker.ts). `analyzeFiles` (analyze.ts) hands it one file at a time and puts the results
 * back in file order. Workers start when first needed; a worker that dies (a crash, an exit, out
 * of memory) fails the file it held (the caller makes that MLH000) and is replaced by a fresh one
 * for the next file. In the editor, idle workers stop after a while and start again on demand.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisResult, AnalyzeOptions } from '../engine';
import { locateAsset, localRequire } from '../assets';
import type { WorkerRequest, WorkerResponse } from './worker';

/** What a worker made of one file: the engine's result, or what its analysis threw (a bug). */
export type PoolOutcome = { result: AnalysisResult } | { failure: unknown };

export interface PoolOptions {
  /** How many workers at most (at least 1). */
  size: number;
  /** The worker's script; by default dist/worker.js beside the bundle (worker.ts when run from the sources). */
  script?: string;
  /** Stop a worker after this long without work (the editor); undefined: keep it until `close`. */
  idleMs?: number;
  /** A worker's old-generation heap (MB); `WORKER_HEAP_MB` by default. */
  heapMb?: number;
}

/**
 * A file this large (bytes as read) is analyzed alone: its syntax tree and model take a hundred
 * megabytes or more for a moment, so two at once would double the peak. The worker that did it
 * is then replaced by a fresh one, so that its grown heap goes with it.
 */
export const BIG_FILE_BYTES = 256 * 1024;

/**
 * A worker's heap: enough for all but the largest files, small enough that N workers stay within
 * a few hundred megabytes (V8 otherwise lets each heap grow far beyond what it holds alive). A
 * file that needs more stops its worker with ERR_WORKER_OUT_OF_MEMORY (`isOutOfMemory`), and
 * `analyzeFiles` analyzes it in its own thread instead, with the same result.
 */
export const WORKER_HEAP_MB = 96;

/** Whether a worker stopped because the file did not fit in its heap. */
export function isOutOfMemory(failure: unknown): boolean {
  return (failure as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}

interface Task {
  request: WorkerRequest;
  big: boolean;
  resolve: (outcome: PoolOutcome) => void;
  signal: AbortSignal | undefined;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  idleTimer: NodeJS.Timeout | null;
  /** Set by `error` before `exit`: what killed the worker. */
  death: unknown;
}

/**
 * Files per worker below which workers do not pay (measured on the quiet 2-core machine, fresh
 * processes, `--no-cache`): the 285 gallery scripts took 1.6–2.0 s wall in one thread and 1.9 s
 * with two workers (each worker loads the engine and the grammar and compiles the lexer's hot
 * code again); the 2,850 of the 10x gallery took 10.4 s in one thread and 8.0 s with two.
 */
const FILES_PER_WORKER = 256;

/**
 * How many files `--jobs` analyzes at once by default: one per core the process may use, but no
 * more than one per `FILES_PER_WORKER` files, so that a small run stays in the calling thread.
 */
export function defaultJobs(files: number): number {
  return Math.max(1, Math.min(availableParallelism(), Math.floor(files / FILES_PER_WORKER)));
}

/** The jobs of a run over `files` files: `--jobs N` when given (`ml-hygiene check`, `plan status`), else `defaultJobs`. */
export function jobsFor(requested: number | null, files: number): number {
  return requested ?? defaultJobs(files);
}

/** The worker script: dist/worker.js in the bundles; worker.ts beside this file when run from the sources (tests, under tsx). */
export function workerScript(): string {
  return locateAsset('worker.js', [() => join(__dirname, 'worker.ts')]);
}

/**
 * The worker's stack, the size of this thread's: code nested too deeply for the engine's tree
 * walks (MLH000 "nested too deeply") must be too deep in a worker exactly when it is in this
 * thread. V8 gives the main thread `--stack-size` KiB (984 unless set); Node gives a worker its
 * `stackSizeMb` less 192 KiB that it keeps in reserve.
 */
function workerStackMb(): number {
  const flags = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)];
  let kib = 984;
  for (const flag of flags) {
    const set = /^--stack[-_]size=(\d+)$/.exec(flag);
    if (set) kib = Number(set[1]);
  }
  return (kib + 192) / 1024;
}

function startWorker(script: string, heapMb: number): Worker {
  const options = { resourceLimits: { stackSizeMb: workerStackMb(), maxOldGenerationSizeMb: heapMb } };
  if (!script.endsWith('.ts')) return new Worker(script, options);
  // From the sources (tests) the worker is TypeScript: it loads through tsx, as the tests do.
  const tsx = localRequire.resolve('tsx/cjs/api');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(script)});`, { ...options, eval: true });
}

export class AnalysisPool {
  readonly size: number;
  private readonly script: string;
  private readonly idleMs: number | undefined;
  private readonly heapMb: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;
  /** Workers started over the pool's life, replacements included (for tests and logs). */
  started = 0;

  constructor(options: PoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1)
      throw new RangeError(`pool size must be a positive integer, not ${options.size}`);
    this.size = options.size;
    this.script = options.script ?? workerScript();
    this.idleMs = options.idleMs;
    this.heapMb = options.heapMb ?? WORKER_HEAP_MB;
  }

  /**
   * Analyzes one file in a worker. The bytes are copied to the worker, so the caller keeps its
   * own. Never rejects: a failure (the options cannot be sent, the analysis threw, the worker
   * died, the pool closed, `signal` aborted before a worker took the file) comes back as `failure`.
   */
  analyze(file: string, bytes: Uint8Array, options: AnalyzeOptions, signal?: AbortSignal): Promise<PoolOutcome> {
    if (this.closed) return Promise.resolve({ failure: new Error('the analysis pool is closed') });
    return new Promise((resolve) => {
      const task: Task = { request: { id: this.nextId++, file, bytes, options }, big: bytes.byteLength > BIG_FILE_BYTES, resolve, signal };
      this.queue.push(task);
      this.pump();
    });
  }

  /** Stops every worker; files still waiting or in a worker fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.resolve({ failure: new Error('the analysis pool is closed') });
    const stopping: Promise<number>[] = [];
    for (const slot of this.slots) {
      this.clearIdle(slot);
      slot.task?.resolve({ failure: new Error('the analysis pool is closed') });
      slot.task = null;
      stopping.push(slot.worker.terminate());
    }
    this.slots.clear();
    await Promise.all(stopping);
  }

  /** Workers running now. */
  get workers(): number {
    return this.slots.size;
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const task = this.queue[0]!;
      // A file of a run that stopped (cancelled) is dropped when its turn comes.
      if (task.signal?.aborted) {
        this.queue.shift();
        task.resolve({ failure: new Error('cancelled') });
        continue;
      }
      // A big file waits for the big file in a worker (files after it wait too: first come, first served).
      if (task.big && [...this.slots].some((slot) => slot.task?.big)) return;
      const slot = this.freeSlot();
      if (!slot) return;
      this.queue.shift();
      this.run(slot, task);
    }
  }

  private freeSlot(): Slot | null {
    for (const slot of this.slots) if (slot.task === null) return slot;
    return this.slots.size < this.size ? this.spawn() : null;
  }

  private run(slot: Slot, task: Task): void {
    this.clearIdle(slot);
    try {
      // Structured clone: throws here for options that cannot cross (a function, a getter that throws).
      slot.worker.postMessage(task.request);
    } catch (failure) {
      task.resolve({ failure });
      this.idle(slot);
      return;
    }
    slot.task = task;
    slot.worker.ref(); // a pending file keeps the process alive
  }

  private spawn(): Slot {
    const worker = startWorker(this.script, this.heapMb);
    this.started++;
    const slot: Slot = { worker, task: null, idleTimer: null, death: undefined };
    worker.on('message', (response: WorkerResponse) => {
      const task = slot.task;
      if (!task || task.request.id !== response.id) return;
      slot.task = null;
      task.resolve('result' in response ? { result: response.result } : { failure: response.failure });
      if (task.big) this.retire(slot);
      else this.idle(slot);
      this.pump();
    });
    worker.on('error', (error) => {
      slot.death = error;
    });
    worker.on('exit', (code) => {
      if (!this.slots.delete(slot)) return; // closed, or stopped when idle
      this.clearIdle(slot);
      const task = slot.task;
      slot.task = null;
      task?.resolve({
        failure: slot.death ?? new Error(`the analysis worker stopped (exit code ${code})`),
      });
      this.pump(); // a replacement starts if files are waiting
    });
    this.slots.add(slot);
    return slot;
  }

  /** Stops a worker whose heap grew (after a big file); a fresh one starts when needed. */
  private retire(slot: Slot): void {
    this.clearIdle(slot);
    this.slots.delete(slot);
    void slot.worker.terminate();
  }

  /** A worker without work: lets the process exit, and stops after `idleMs`. */
  private idle(slot: Slot): void {
    slot.worker.unref();
    if (this.idleMs === undefined || this.queue.length > 0) return;
    this.clearIdle(slot);
    slot.idleTimer = setTimeout(() => {
      if (slot.task !== null || !this.slots.delete(slot)) return;
      void slot.worker.terminate();
    }, this.idleMs);
    slot.idleTimer.unref();
  }

  private clearIdle(slot: Slot): void {
    if (slot.idleTimer !== null) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
  }
}
