/**
 * dist/extension.js, the extension's `main`: a small launcher that runs the extension's bundle
 * (dist/extension-main.js, from src/extension.ts) through V8's code cache (./codeCache.ts), which
 * about halves the time to load it. The bundle's exports (`activate`, `deactivate`) become this
 * module's. The extension host lives long and may be killed rather than exit, so the cache is
 * written a while after loading (once activation has compiled what it needs), not at exit.
 */
import { join } from 'node:path';
import { codeCacheDir, runBundle } from './codeCache';

const WRITE_AFTER_MS = 20_000;

runBundle({
  file: join(__dirname, 'extension-main.js'),
  cacheDir: codeCacheDir(process.env),
  variant: 'extension',
  module,
  atExit: (write) => setTimeout(write, WRITE_AFTER_MS).unref(),
});
