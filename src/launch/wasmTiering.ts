/**
 * Whether a command line should run tree-sitter's WebAssembly with V8's baseline compiler (Liftoff)
 * only. By default V8 re-compiles hot wasm functions with TurboFan on a background thread; for the
 * Python grammar's lexer that takes 100-300 ms of CPU after the first kilobyte or so of input, and
 * Node waits for the compile to end before the process exits. Checking a few small files is over
 * long before the faster code would pay back, so the CLI skips the tier-up for them; a folder or
 * larger files keep it (Liftoff code parses about 1.5 times slower). Results are the same either way.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

/** Input (bytes of `.py`/`.ipynb` named on the command line) at or below which Liftoff alone is used. */
export const LIFTOFF_ONLY_MAX_BYTES = 256 * 1024;
/** More operands than this (a long file list): tiered, as for a folder, without a stat of each. */
export const LIFTOFF_ONLY_MAX_FILES = 64;

export type WasmTiering = 'liftoff' | 'tiered';

export interface FileFacts {
  isFile(): boolean;
  isDirectory(): boolean;
  size: number;
}

const defaultStat = (path: string): FileFacts | null => statSync(path, { throwIfNoEntry: false }) ?? null;

/**
 * `liftoff` when the operands (arguments not starting with `-`) name only a few existing `.py` or
 * `.ipynb` files, small in total, and no folder; `tiered` otherwise (a folder, the current folder by
 * default, many or large files, commands that parse no Python). Option values that happen to be
 * operands (`--format json`) are harmless: they name no Python file.
 */
export function wasmTieringFor(argv: readonly string[], cwd: string, stat: (path: string) => FileFacts | null = defaultStat): WasmTiering {
  const operands = argv.filter((arg) => !arg.startsWith('-'));
  if (operands.length > LIFTOFF_ONLY_MAX_FILES) return 'tiered';
  let files = 0;
  let bytes = 0;
  for (const operand of operands) {
    let facts: FileFacts | null;
    try {
      facts = stat(resolve(cwd, operand));
    } catch {
      facts = null;
    }
    if (facts === null) continue;
    if (facts.isDirectory()) return 'tiered';
    if (!facts.isFile() || !/\.(py|ipynb)$/i.test(operand)) continue;
    files += 1;
    bytes += facts.size;
    if (bytes > LIFTOFF_ONLY_MAX_BYTES) return 'tiered';
  }
  return files > 0 ? 'liftoff' : 'tiered';
}
