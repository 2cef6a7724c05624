// Bundles the extension (Node, `vscode` external), the CLI and the analysis worker into dist/, and
// copies the assets they load at run time: the two tree-sitter wasm files and the rules' doc pages.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, statSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

function copyAssets() {
  mkdirSync('dist', { recursive: true });
  cpSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), 'dist/tree-sitter.wasm');
  cpSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), 'dist/tree-sitter-python.wasm');
  // Rule doc pages live beside their rules (src/core/rules/<family>/<name>.md).
  const rulesDir = 'src/core/rules';
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.md')) {
        const target = join('dist/docs', relative(rulesDir, full));
        mkdirSync(dirname(target), { recursive: true });
        cpSync(full, target);
      }
    }
  };
  walk(rulesDir);
  // The sidebar webview loads everything from dist/webview (its only local resource root).
  mkdirSync('dist/webview', { recursive: true });
  cpSync(require.resolve('@vscode/codicons/dist/codicon.css'), 'dist/webview/codicon.css');
  cpSync(require.resolve('@vscode/codicons/dist/codicon.ttf'), 'dist/webview/codicon.ttf');
  cpSync('media/plan.css', 'dist/webview/plan.css');
  cpSync('media/graph.css', 'dist/webview/graph.css');
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // web-tree-sitter's ESM build reads import.meta.url, which a CommonJS bundle does not have:
  // take its CommonJS build instead.
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/tree-sitter.cjs' },
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension-main.js', external: ['vscode'] },
  // dist/extension.js (package.json `main`): a small launcher that runs dist/extension-main.js through V8's code cache.
  { ...common, entryPoints: ['src/launch/extension.ts'], outfile: 'dist/extension.js' },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli-main.js' },
  // dist/cli.js (package.json `bin`): a small launcher that runs dist/cli-main.js through V8's code cache.
  { ...common, entryPoints: ['src/launch/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js' },
  // The analysis worker thread of the CLI's and the editor's pool (src/core/project/pool.ts).
  { ...common, entryPoints: ['src/core/project/worker.ts'], outfile: 'dist/worker.js' },
  // The sidebar webview's app, for the browser.
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: ['src/webview/app/main.ts'],
    outfile: 'dist/webview/app.js',
  },
  // The pipeline-graph panel's page (dagre is bundled into it).
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: ['src/webview/graph/main.ts'],
    outfile: 'dist/webview/graph.js',
  },
];

copyAssets();
if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  chmodSync('dist/cli.js', 0o755);
}
