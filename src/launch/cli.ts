/**
 * dist/cli.js, the `ml-hygiene` command: a small launcher that runs the CLI's bundle
 * (dist/cli-main.js, from src/cli/main.ts) through V8's code cache (./codeCache.ts), after choosing
 * how V8 compiles tree-sitter's WebAssembly for this command line (./wasmTiering.ts).
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { codeCacheDir, runBundle } from './codeCache';
import { wasmTieringFor } from './wasmTiering';

const tiering = wasmTieringFor(process.argv.slice(2), process.cwd());
// Before anything compiles: V8's flags are part of the code cache's key.
if (tiering === 'liftoff') setFlagsFromString('--liftoff-only');
runBundle({ file: join(__dirname, 'cli-main.js'), cacheDir: codeCacheDir(process.env), variant: tiering, module });
