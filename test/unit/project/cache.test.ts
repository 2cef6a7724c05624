import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnalysisResult, AnalyzeOptions } from '../../../src/core/engine';
import { analyzeBytes, initEngine } from '../../../src/core/engine';
import { defaultConfig } from '../../../src/core/config';
import { applyOverrides } from '../../../src/core/config';
import { analyzeFiles } from '../../../src/core/project/analyze';
import { CACHE_DIR_NAME, cleanCache, DiskCache, projectRoot, stableJson } from '../../../src/core/project/cache';
import type { CliResult } from '../../../src/cli/run';
import { runCli } from '../../../src/cli/run';
import { GALLERY, galleryFiles, readGalleryFile } from '../corpus/sklearn-gallery.test';
import { requireOnMachine } from '../machine';
import { MONOLITH_PY, monolithNotebook, NOT_UTF8, writeFiles } from '../cli/samples';

const REPO = resolve(__dirname, '../../..');

/** Every entry file of a cache folder. */
function entries(cacheDir: string): string[] {
  const root = join(cacheDir, 'v1');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((shard) => readdirSync(join(root, shard)).map((name) => join(root, shard, name)));
}

/** Rewrites an entry's result (and its checksum, so that it stays valid). */
function rewriteEntry(path: string, edit: (result: AnalysisResult) => void): void {
  const text = readFileSync(path, 'utf8');
  const newline = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, newline)) as { check: string };
  const decoded = JSON.parse(text.slice(newline + 1)) as { result: AnalysisResult };
  edit(decoded.result);
  const body = JSON.stringify(decoded);
  header.check = createHash('sha256').update(body).digest('hex');
  writeFileSync(path, `${JSON.stringify(header)}\n${body}`);
}

const PLAN_SCRIPT = 'import torch\nfrom sklearn.linear_model import LogisticRegression\n\nmodel = LogisticRegression()\n';

describe('disk cache', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlh-cache-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const cli = (args: string[]): Promise<CliResult> => runCli(args, { cwd: root, stdoutIsTTY: false, env: {} });
  const cacheDir = (): string => join(root, CACHE_DIR_NAME);

  /** The run with the cache and the run without it print the same, byte for byte (stdout and stderr). */
  async function assertSameAsCold(args: string[]): Promise<CliResult> {
    const warm = await cli(['check', ...args]);
    const cold = await cli(['check', ...args, '--no-cache']);
    assert.deepEqual(warm, cold);
    return warm;
  }

  function writeProject(): void {
    writeFiles(root, {
      'pyproject.toml': '[project]\nname = "p"\n\n[tool.ml-hygiene]\nextend-select = ["MLH501"]\n',
      'mlproject.yaml': 'decision:\n  rung: classical-ml\n',
      'src/train.py': MONOLITH_PY,
      'src/plan.py': PLAN_SCRIPT,
      'nb/explore.ipynb': monolithNotebook(),
      'bad.py': NOT_UTF8,
    });
  }

  it('writes entries under .ml-hygiene-cache at the project root, with CACHEDIR.TAG and a .gitignore of *', async () => {
    writeProject();
    mkdirSync(join(root, 'src', 'deep'));
    const first = await cli(['check', 'src', 'nb', 'bad.py', '-f', 'json']);
    assert.equal(first.exitCode, 1);
    assert.equal(
      readFileSync(join(cacheDir(), '.gitignore'), 'utf8')
        .split('\n')
        .filter((line) => !line.startsWith('#'))[0],
      '*',
    );
    assert.match(readFileSync(join(cacheDir(), 'CACHEDIR.TAG'), 'utf8'), /^Signature: 8a477f597d28d172789f06886806bc55\n/);
    assert.equal(entries(cacheDir()).length, 4);
    // From a sub-folder the project root (pyproject.toml) holds the cache.
    assert.equal(projectRoot(join(root, 'src', 'deep')), root);
    const nested = await runCli(['check', '.', '-f', 'json'], { cwd: join(root, 'src'), stdoutIsTTY: false, env: {} });
    assert.equal(nested.exitCode, 1);
    assert.equal(existsSync(join(root, 'src', CACHE_DIR_NAME)), false);
    assert.equal(entries(cacheDir()).length, 4);
  });

  it('answers a re-run from the cache, in every format the same as a cold run', async () => {
    writeProject();
    for (const format of ['text', 'json', 'sarif']) {
      await cli(['check', '-f', format]);
      await assertSameAsCold(['-f', format]);
    }
    // The results really come from the cache: an entry edited on disk is what the next run prints.
    const count = entries(cacheDir()).length;
    for (const entry of entries(cacheDir()))
      rewriteEntry(entry, (result) => {
        for (const finding of result.findings) {
          finding.message = `cached: ${finding.message}`;
          for (const item of finding.related) item.message = `cached: ${item.message}`;
        }
      });
    const warm = await cli(['check', '-f', 'json']);
    assert.match(warm.stdout, /"message": "cached: /);
    assert.doesNotMatch(warm.stdout, /"message": "(?!cached: )/);
    assert.equal(entries(cacheDir()).length, count);
  });

  it('gives a cold run’s results after a file, [tool.ml-hygiene] or the mlproject.yaml decision changes', async () => {
    writeProject();
    const before = await cli(['check', '-f', 'json']);
    assert.match(before.stdout, /"code": "MLH501"/);

    // A changed file.
    writeFileSync(join(root, 'src', 'train.py'), MONOLITH_PY.replace('import pandas as pd', 'import pandas as pd\nimport os'));
    const changedFile = await assertSameAsCold(['-f', 'json']);
    assert.notEqual(changedFile.stdout, before.stdout);

    // A changed [tool.ml-hygiene]: MLH501 no longer selected, MLH001 ignored.
    writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "p"\n\n[tool.ml-hygiene]\nignore = ["MLH001", "MLH501"]\n');
    const changedConfig = await assertSameAsCold(['-f', 'json']);
    assert.doesNotMatch(changedConfig.stdout, /"code": "MLH501"|"code": "MLH001"/);
    // Back to the first configuration: its entries are still there, and still right.
    writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "p"\n\n[tool.ml-hygiene]\nextend-select = ["MLH501"]\n');
    await assertSameAsCold(['-f', 'json']);

    // A changed decision: deep learning is allowed, so torch is no longer heavier than decided.
    writeFileSync(join(root, 'mlproject.yaml'), 'decision:\n  rung: deep-learning\n');
    const changedPlan = await assertSameAsCold(['-f', 'json']);
    assert.doesNotMatch(changedPlan.stdout, /"code": "MLH501"/);
    writeFileSync(join(root, 'mlproject.yaml'), 'decision:\n  rung: statistics\n');
    const stricter = await assertSameAsCold(['-f', 'json']);
    assert.match(stricter.stdout, /"code": "MLH501"/);
    assert.notEqual(stricter.stdout, before.stdout);

    // Command-line selections are part of the key too.
    await cli(['check', '--select', 'MLH1']);
    await assertSameAsCold(['--select', 'MLH1']);
  });

  const damages: Array<[string, (entry: string) => void, RegExp]> = [
    ['truncated', (entry) => truncateSync(entry, Math.floor(readFileSync(entry).length / 2)), /damaged cache entry/],
    ['garbage', (entry) => writeFileSync(entry, '\u0000\u0001not json at all'), /damaged cache entry/],
    ['empty', (entry) => writeFileSync(entry, ''), /damaged cache entry/],
    [
      'a changed body with the old checksum',
      (entry) => writeFileSync(entry, readFileSync(entry, 'utf8').replace('"findings":[', '"findings":[{"code":"MLH999"},')),
      /damaged cache entry/,
    ],
    [
      'written by another build',
      (entry) => writeFileSync(entry, readFileSync(entry, 'utf8').replace(/"engine":"[0-9a-f]+"/, '"engine":"0000"')),
      /written by another build of ml-hygiene; its entries are rewritten/,
    ],
    [
      'unreadable (a folder where the entry should be)',
      (entry) => {
        unlinkSync(entry);
        mkdirSync(entry);
      },
      /cannot read the cache \(EISDIR/,
    ],
  ];
  for (const [what, damage, warning] of damages) {
    it(`ignores a cache entry ${what} with one warning, and rewrites it`, async () => {
      writeProject();
      const cold = await cli(['check', '-f', 'json', '--no-cache']);
      await cli(['check', '-f', 'json']);
      for (const entry of entries(cacheDir())) damage(entry);
      const damaged = await cli(['check', '-f', 'json']);
      assert.equal(damaged.stdout, cold.stdout);
      assert.equal(damaged.exitCode, cold.exitCode);
      const lines = damaged.stderr.split('\n').filter((line) => line !== '');
      assert.equal(lines.length, 1, damaged.stderr);
      assert.match(lines[0]!, /^ml-hygiene: warning: /);
      assert.match(lines[0]!, warning);
      if (what.startsWith('unreadable')) return; // a file cannot replace a folder: the write fails, unreported
      const again = await cli(['check', '-f', 'json']);
      assert.deepEqual(again, { ...cold, stderr: '' });
    });
  }

  it('warns once when the cache’s layout is damaged (a file where its entries folder should be), and goes on', async () => {
    writeProject();
    const cold = await cli(['check', '--no-cache']);
    await cli(['check']);
    rmSync(join(cacheDir(), 'v1'), { recursive: true });
    writeFileSync(join(cacheDir(), 'v1'), 'not a folder');
    const result = await cli(['check']);
    assert.equal(result.stdout, cold.stdout);
    assert.match(result.stderr, /^ml-hygiene: warning: cannot write the cache \(EEXIST[^\n]*\n$/);
    // clean puts it right.
    assert.match((await cli(['clean'])).stdout, /^Removed \.ml-hygiene-cache \(3 files, /);
    await cli(['check']);
    assert.deepEqual(await cli(['check']), cold);
  });

  it('--no-cache neither reads nor writes; --cache-dir puts the cache elsewhere', async () => {
    writeProject();
    await cli(['check', '--no-cache']);
    assert.equal(existsSync(cacheDir()), false);
    await cli(['check', '--cache-dir', 'elsewhere/c']);
    assert.equal(existsSync(cacheDir()), false);
    assert.equal(entries(join(root, 'elsewhere', 'c')).length, 4);
    assert.ok(existsSync(join(root, 'elsewhere', 'c', 'CACHEDIR.TAG')));
    await assertSameAsCold(['--cache-dir', 'elsewhere/c']);
  });

  it('writes nothing into a --cache-dir that is a folder of something else, and says so once', async () => {
    writeProject();
    const cold = await cli(['check', '--no-cache']);
    const result = await cli(['check', '--cache-dir', 'src']);
    assert.equal(result.stdout, cold.stdout);
    assert.match(
      result.stderr,
      /^ml-hygiene: warning: .*src is not an ml-hygiene cache \(it has no CACHEDIR\.TAG\) and is not empty; results are not cached\n$/,
    );
    assert.deepEqual(readdirSync(join(root, 'src')).sort(), ['plan.py', 'train.py']);
  });

  it('warns once and goes on when the cache folder cannot be created', async () => {
    writeProject();
    writeFileSync(join(root, 'blocker'), 'a file');
    const cold = await cli(['check', '--no-cache']);
    const result = await cli(['check', '--cache-dir', 'blocker/cache']);
    assert.equal(result.stdout, cold.stdout);
    assert.match(result.stderr, /^ml-hygiene: warning: cannot write the cache \((ENOTDIR|EEXIST)[^\n]*\n$/);
  });

  it('clean removes the cache and says what it removed; it refuses a folder that is not a cache', async () => {
    writeProject();
    await cli(['check']);
    const files = entries(cacheDir()).length + 2;
    const removed = await cli(['clean']);
    assert.equal(removed.exitCode, 0);
    assert.match(removed.stdout, new RegExp(`^Removed \\.ml-hygiene-cache \\(${files} files, [\\d.]+ (bytes|KiB)\\)\\.\\n$`));
    assert.equal(existsSync(cacheDir()), false);
    assert.deepEqual(await cli(['clean']), { exitCode: 0, stdout: 'No cache to remove (.ml-hygiene-cache does not exist).\n', stderr: '' });
    const refused = await cli(['clean', '--cache-dir', 'src']);
    assert.deepEqual(refused, {
      exitCode: 2,
      stdout: '',
      stderr: 'ml-hygiene: error: not removing src: it has no CACHEDIR.TAG, so it is not a cache folder\n',
    });
    assert.ok(existsSync(join(root, 'src', 'train.py')));
    await cli(['check', '--cache-dir', 'c2']);
    assert.equal(cleanCache(join(root, 'c2')).kind, 'removed');
  });

  it('plan status reads and writes the same cache, and gives a cold run’s report after a change', async () => {
    writeProject();
    const status = (...args: string[]): Promise<CliResult> => cli(['plan', 'status', '-f', 'json', ...args]);
    const cold = await status('--no-cache');
    assert.equal(existsSync(cacheDir()), false);
    assert.deepEqual(await status(), cold);
    assert.equal(entries(cacheDir()).length, 4);
    assert.deepEqual(await status(), cold);
    writeFileSync(join(root, 'mlproject.yaml'), 'decision:\n  rung: deep-learning\n');
    assert.deepEqual(await status(), await status('--no-cache'));
    await status('--cache-dir', 'c3');
    assert.equal(entries(join(root, 'c3')).length, 4);
  });

  it('reads back entries of every size, the ones larger than its read buffer too, one after another', () => {
    const cache = new DiskCache({ dir: cacheDir(), version: 'test', warn: (message) => assert.fail(message) });
    const options: AnalyzeOptions = { config: defaultConfig(), plan: null };
    const finding = (message: string): AnalysisResult['findings'][number] => ({
      code: 'MLH102',
      name: 'hard-coded-path',
      severity: 'warning',
      message,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      related: [],
      fix: null,
    });
    // Entries a little under and over the 64 KB they are read into (an entry is its message and some 400
    // bytes), past twice that, then small ones read into the grown buffer.
    const sizes = [10, 64_900, 65_050, 65_100, 65_150, 65_200, 65_300, 131_000, 300_000, 10, 1_000];
    const results = sizes.map((size, i): AnalysisResult => ({
      path: join(root, `f${i}.py`),
      kind: 'python',
      cells: null,
      findings: [finding(`${'a'.repeat(size)}é`)],
      score: null,
      syntaxErrors: [],
    }));
    const bytes = sizes.map((_, i) => Buffer.from(`x = ${i}\n`));
    results.forEach((result, i) => cache.store(result.path, bytes[i]!, options, result));
    results.forEach((result, i) => assert.deepStrictEqual(cache.lookup(result.path, bytes[i]!, options), result, `size ${sizes[i]}`));
    assert.equal(cache.stats.hits, sizes.length);
  });

  it('serialises configurations with sorted keys, arrays in order, and refuses what is not plain data', () => {
    assert.equal(stableJson({ b: 1, a: { d: [2, 1], c: null } }), '{"a":{"c":null,"d":[2,1]},"b":1}');
    const config = defaultConfig();
    const reordered = Object.fromEntries(Object.entries(config).reverse());
    assert.equal(stableJson(reordered), stableJson(config));
    // A resolved configuration is plain data: its serialisation reads back as the same value.
    const loaded = applyOverrides(config, { select: ['MLH1'], extendSelect: ['MLH501'], ignore: ['MLH102'] });
    assert.deepStrictEqual(JSON.parse(stableJson(loaded)), loaded);
    // What JSON cannot tell apart is refused rather than keyed alike.
    assert.throws(() => stableJson({ a: new Map([[1, 2]]) }), /cannot key a Map/);
    assert.throws(() => stableJson({ a: /x/ }), /cannot key a RegExp/);
    const warnings: string[] = [];
    const cache = new DiskCache({ dir: join(root, 'c'), version: 'test', warn: (message) => warnings.push(message) });
    const odd = { config: { ...config, ruleOptions: { MLH101: { pattern: /x/ } } } } as unknown as AnalyzeOptions;
    const result = { path: 'a.py', kind: 'python' as const, findings: [], score: null, cells: null, syntaxErrors: [] };
    cache.store('a.py', new Uint8Array([120]), odd, result);
    assert.equal(cache.lookup('a.py', new Uint8Array([120]), odd), null);
    assert.deepEqual(warnings, ['the cache is not used: cannot key a RegExp in the configuration']);
    assert.equal(existsSync(join(root, 'c')), false);
  });

  it('survives runs at once on the same tree (separate processes)', async function () {
    this.timeout(120_000);
    writeProject();
    const main = join(REPO, 'src', 'cli', 'main.ts');
    const run = (): Promise<{ code: number | null; stdout: string; stderr: string }> =>
      new Promise((done) => {
        const child = spawn(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, main, 'check', '-f', 'json'], {
          cwd: root,
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => done({ code, stdout, stderr }));
      });
    const cold = await cli(['check', '-f', 'json', '--no-cache']);
    const runs = await Promise.all([run(), run(), run()]);
    for (const result of runs) assert.deepEqual(result, { code: cold.exitCode, stdout: cold.stdout, stderr: '' });
    assert.equal(entries(cacheDir()).length, 4);
    assert.deepEqual(
      readdirSync(join(cacheDir(), 'v1'), { recursive: true }).filter((name) => String(name).endsWith('.tmp')),
      [],
    );
    assert.deepEqual(await cli(['check', '-f', 'json']), { ...cold, stderr: '' });
  });
});

describe('disk cache on the scikit-learn gallery', () => {
  let dir: string;
  before(async function () {
    requireOnMachine(this, existsSync(GALLERY) ? null : `${GALLERY} (python-sklearn-doc)`);
    await initEngine();
    dir = mkdtempSync(join(tmpdir(), 'mlh-cache-gallery-'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives back every result exactly as analysed: findings, fixes, related locations, payloads, cells', function () {
    this.timeout(600_000);
    const { scripts, notebooks } = galleryFiles();
    // Every rule, preview ones too, so that every payload goes through the cache.
    const options: AnalyzeOptions = { config: applyOverrides(defaultConfig(), { select: ['ALL'] }), plan: null };
    const withPlan: AnalyzeOptions = { ...options, plan: { file: '/p/mlproject.yaml', decision: { rung: 'not-ml' } } };
    const cache = new DiskCache({ dir, version: 'test', warn: (message) => assert.fail(message) });
    let fixes = 0;
    let related = 0;
    let payloads = 0;
    for (const [index, file] of [...scripts, ...notebooks].entries()) {
      const { name, bytes } = readGalleryFile(file);
      const opts = index % 7 === 0 ? withPlan : options;
      const fresh = analyzeBytes(name, bytes, opts);
      assert.equal(cache.lookup(name, bytes, opts), null);
      cache.store(name, bytes, opts, fresh);
      const cached = cache.lookup(name, bytes, opts);
      assert.deepStrictEqual(cached, fresh, name);
      for (const finding of fresh.findings) {
        if (finding.fix) fixes++;
        related += finding.related.length;
        if (finding.data !== undefined) payloads++;
      }
    }
    assert.equal(cache.stats.hits, scripts.length + notebooks.length);
    // The gallery exercises what must round-trip.
    assert.ok(fixes > 50 && related > 50 && payloads > 500, `fixes ${fixes}, related ${related}, payloads ${payloads}`);
  });

  it('analyzeFiles with the cache yields what it yields without (cold, then warm)', async function () {
    this.timeout(600_000);
    const { scripts } = galleryFiles();
    const files = scripts.slice(0, 60);
    const options = (): AnalyzeOptions => ({ config: defaultConfig(), plan: null });
    const collect = async (cache?: DiskCache): Promise<AnalysisResult[]> => {
      const out: AnalysisResult[] = [];
      for await (const { result } of analyzeFiles(files, { options, ...(cache ? { cache } : {}) })) out.push(result);
      return out;
    };
    const plain = await collect();
    const cache = new DiskCache({ dir: join(dir, 'files'), version: 'test', warn: (message) => assert.fail(message) });
    assert.deepStrictEqual(await collect(cache), plain);
    assert.deepEqual(cache.stats, { hits: 0, misses: files.length, stores: files.length });
    assert.deepStrictEqual(await collect(cache), plain);
    assert.deepEqual(cache.stats, { hits: files.length, misses: files.length, stores: files.length });
    // Another version misses, with one warning, and rewrites.
    const warnings: string[] = [];
    const other = new DiskCache({ dir: join(dir, 'files'), version: 'other', warn: (message) => warnings.push(message) });
    assert.deepStrictEqual(await collect(other), plain);
    assert.equal(warnings.length, 1);
    assert.deepEqual(other.stats, { hits: 0, misses: files.length, stores: files.length });
  });
});
