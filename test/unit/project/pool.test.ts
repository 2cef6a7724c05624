import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../../src/core/config';
import type { AnalyzeOptions } from '../../../src/core/engine';
import type { AnalyzedFile } from '../../../src/core/project/analyze';
import type { AnalysisCache } from '../../../src/core/project/cache';
import { analyzeFiles } from '../../../src/core/project/analyze';
import { ConfigResolver } from '../../../src/core/project/configs';
import { PlanContextResolver } from '../../../src/core/project/plans';
import { AnalysisPool, BIG_FILE_BYTES, defaultJobs, jobsFor } from '../../../src/core/project/pool';

const GALLERY = '/usr/share/doc/python-sklearn-doc/examples';
const DYING_WORKER = join(__dirname, 'workers', 'dying-worker.ts');

async function collect(files: readonly string[], options: Parameters<typeof analyzeFiles>[1]): Promise<AnalyzedFile[]> {
  const results: AnalyzedFile[] = [];
  for await (const analyzed of analyzeFiles(files, options)) results.push(analyzed);
  return results;
}

/** What a caller sees of a file, minus the failure (an Error, compared by its message). */
const seen = ({ file, result, bytes, failure }: AnalyzedFile) => ({
  file,
  result,
  bytes: bytes === null ? null : Buffer.from(bytes).toString('base64'),
  failure: failure === undefined ? undefined : (failure as Error).message,
});

function galleryScripts(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.py')) files.push(join(dir, entry.name));
    }
  };
  walk(GALLERY);
  return files;
}

describe('project: the analysis pool (worker threads)', function () {
  this.timeout(240_000);
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlh-pool-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const script = (name: string, text: string | Uint8Array): string => {
    writeFileSync(join(root, name), text);
    return join(root, name);
  };

  it('gives exactly the in-thread results, in input order, on a tree of odd files', async () => {
    const deep = `x = ${'('.repeat(5000)}1${')'.repeat(5000)}\n`;
    const files = [
      script('a.py', 'import random\nx = random.random()\n'),
      script('binary.py', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2])),
      script('latin1.py', new Uint8Array([0x78, 0x20, 0x3d, 0x20, 0x27, 0xe9, 0x27, 0x0a])),
      script('malformed.ipynb', '{"cells": [ {"cell_type": "code", "source": '),
      script('not-a-notebook.ipynb', '[1, 2, 3]'),
      script('deep.py', deep),
      script('empty.py', ''),
      script('bom.py', '\uFEFFimport os\nos.chdir("/data/raw")\n'),
      script('syntax.py', 'def f(:\n  return\n'),
      join(root, 'missing.py'),
      script(
        'nb.ipynb',
        JSON.stringify({
          cells: [{ cell_type: 'code', source: ['import pandas as pd\n', "df = pd.read_csv('/home/me/data.csv')\n"], outputs: [] }],
          metadata: {},
          nbformat: 4,
          nbformat_minor: 5,
        }),
      ),
      ...Array.from({ length: 6 }, (_, i) => script(`s${i}.py`, `from sklearn.svm import SVC\nm = SVC(C=${i})\n`)),
    ];
    const options = { options: () => ({ config: defaultConfig() }) };
    const inThread = (await collect(files, { ...options, jobs: 1 })).map(seen);
    assert.deepEqual(
      inThread.map((r) => r.file),
      files,
    );
    assert.ok(inThread.some((r) => r.result?.findings.some((f) => f.code === 'MLH000')));
    for (const jobs of [2, 3]) assert.deepEqual((await collect(files, { ...options, jobs })).map(seen), inThread, `jobs ${jobs}`);
  });

  it('gives the in-thread MLH000 for a file whose analysis throws, and goes on', async () => {
    const files = [script('a.py', 'x = 1\n'), script('broken.py', 'x = 1\n'), script('c.py', 'x = 1\n')];
    const throwing: AnalyzeOptions = {
      config: defaultConfig(),
      get plan(): never {
        throw new Error('boom');
      },
    };
    const options = { options: (file: string) => (file.endsWith('broken.py') ? throwing : { config: defaultConfig() }) };
    const inThread = (await collect(files, { ...options, jobs: 1 })).map(seen);
    assert.deepEqual(
      inThread[1]!.result!.findings.map((f) => f.message),
      ['Cannot analyse this file: internal error (boom).'],
    );
    assert.deepEqual((await collect(files, { ...options, jobs: 2 })).map(seen), inThread);
  });

  it('replaces a worker that dies: its file gets MLH000, the others their results', async () => {
    const files = ['a', 'die', 'b', 'c', 'die', 'd'].map((name, i) => script(`${i}-${name}.py`, 'import random\nx = random.random()\n'));
    const pool = new AnalysisPool({ size: 1, script: DYING_WORKER });
    try {
      const results = await collect(files, { options: () => ({ config: defaultConfig() }), pool });
      assert.deepEqual(
        results.map(({ file, result }) => [file, result!.findings.map((f) => (f.code === 'MLH000' ? f.message : f.code))]),
        files.map((file) => [
          file,
          file.endsWith('die.py') ? ['Cannot analyse this file: internal error (the analysis worker stopped (exit code 3)).'] : ['MLH301'],
        ]),
      );
      // Files reach the pool as their reads complete, not in file order: the second death may come
      // last, with nothing left to analyze (no replacement yet), or before `d`.
      assert.ok(pool.started === 2 || pool.started === 3, `a first worker, then one after each death with work left (${pool.started})`);
      // A pool whose worker died goes on with a fresh one.
      const after = await pool.analyze('later.py', Buffer.from('x = 1\n'), { config: defaultConfig() });
      assert.ok('result' in after, 'the next file is analyzed');
      assert.equal(pool.workers, 1);
      assert.equal(pool.started, 3, 'one replacement per death, started when there was work');
    } finally {
      await pool.close();
    }
  });

  it('analyzes a big file alone, then replaces its worker; a file too big for a worker heap is analyzed in this thread', async () => {
    const lines = Array.from({ length: 12_000 }, (_, i) => `v${i} = load_value('/data/file_${i}.csv', ${i})`);
    const big = script('big.py', `import os\n${lines.join('\n')}\nos.chdir('/tmp')\n`);
    assert.ok(readFileSync(big).byteLength > BIG_FILE_BYTES);
    const files = [script('a.py', 'import random\nx = random.random()\n'), big, script('b.py', 'import os\nos.chdir("/x")\n')];
    const options = { options: () => ({ config: defaultConfig() }) };
    const inThread = (await collect(files, { ...options, jobs: 1 })).map(seen);
    const pool = new AnalysisPool({ size: 2 });
    try {
      assert.deepEqual((await collect(files, { ...options, pool })).map(seen), inThread);
      assert.ok(pool.workers < pool.started, `${pool.started} started, ${pool.workers} left: the big file's worker was stopped`);
    } finally {
      await pool.close();
    }
    const small = new AnalysisPool({ size: 1, heapMb: 8 });
    try {
      assert.deepEqual((await collect(files, { ...options, pool: small })).map(seen), inThread, 'out of a worker heap: same results');
    } finally {
      await small.close();
    }
  });

  it('a shared pool serves run after run; a cancelled run stops and leaves the pool usable', async () => {
    const files = Array.from({ length: 10 }, (_, i) => script(`f${i}.py`, `import os\nos.chdir('/data/${i}')\n`));
    const pool = new AnalysisPool({ size: 2 });
    try {
      let yielded = 0;
      for await (const _ of analyzeFiles(files, { options: () => ({ config: defaultConfig() }), pool, cancelled: () => yielded >= 3 }))
        yielded++;
      assert.equal(yielded, 3);
      const again = await collect(files, { options: () => ({ config: defaultConfig() }), pool });
      assert.deepEqual(
        again.map((r) => r.file),
        files,
      );
      assert.ok(again.every((r) => r.failure === undefined && r.result!.findings.some((f) => f.code === 'MLH102')));
      assert.ok(pool.started <= 2);
    } finally {
      await pool.close();
    }
    assert.deepEqual((await pool.analyze('x.py', new Uint8Array(), {})).constructor, Object);
    assert.match(((await pool.analyze('x.py', new Uint8Array(), {})) as { failure: Error }).failure.message, /closed/);
  });

  it('consults a cache on the main thread before dispatching, and stores what the workers return', async () => {
    const files = ['a', 'b', 'c', 'd'].map((name) => script(`${name}.py`, `import os\nos.chdir('/data/${name}')\n`));
    const stored = new Map<string, number>();
    const canned = { path: files[1]!, kind: 'python' as const, findings: [], score: null, cells: null, syntaxErrors: [] };
    const cache: AnalysisCache = {
      lookup: (file) => (file === files[1] ? canned : null),
      store: (file, _bytes, _options, result) => stored.set(file, result.findings.length),
    };
    const results = await collect(files, { options: () => ({ config: defaultConfig() }), jobs: 2, cache });
    assert.deepEqual(results[1]!.result, canned, 'a hit is the result');
    assert.deepEqual([...stored.keys()].sort(), [files[0], files[2], files[3]]);
    for (const [file, count] of stored) assert.equal(count, results[files.indexOf(file)]!.result!.findings.length);
    assert.ok(results[0]!.result!.findings.some((f) => f.code === 'MLH102'));
  });

  it('results, configurations and plan decisions survive structured clone (what crosses to and from a worker)', async function () {
    const files = galleryScripts();
    if (files.length === 0) this.skip();
    writeFileSync(
      join(root, 'pyproject.toml'),
      '[tool.ml-hygiene]\nextend-select = ["ALL"]\nignore = ["MLH2"]\nseverity = { MLH301 = "error" }\n' +
        '[tool.ml-hygiene.per-file-ignores]\n"tests/*" = ["MLH1"]\n[tool.ml-hygiene.rules.MLH001]\nthreshold = 40\n',
    );
    writeFileSync(join(root, 'mlproject.yaml'), 'decision:\n  rung: classical-ml\n');
    const config = new ConfigResolver(() => {}).configFor(join(root, 'x.py'));
    const plan = new PlanContextResolver(() => {}).forFile(join(root, 'x.py'));
    assert.equal(plan?.decision?.rung, 'classical-ml');
    assert.deepEqual(structuredClone(config), config);
    assert.deepEqual(structuredClone(plan), plan);
    let findings = 0;
    for await (const { result } of analyzeFiles(files, { options: () => ({ config, plan }) })) {
      assert.deepEqual(structuredClone(result), result, result.path);
      findings += result.findings.length;
    }
    assert.ok(findings > 1000, `${findings} findings cloned`);
  });

  it('defaults to one worker per core, none for a small run', () => {
    assert.equal(defaultJobs(1), 1);
    assert.equal(defaultJobs(31), 1);
    assert.equal(defaultJobs(285), 1, 'the gallery stays in one thread: workers would not pay');
    assert.ok(defaultJobs(100_000) >= 1);
    // --jobs N wins; without it (null) the default for the run's size.
    assert.equal(jobsFor(3, 1), 3);
    assert.equal(jobsFor(null, 285), defaultJobs(285));
    assert.equal(jobsFor(null, 100_000), defaultJobs(100_000));
    assert.throws(() => new AnalysisPool({ size: 0 }), /positive integer/);
  });
});
