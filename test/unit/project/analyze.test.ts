import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../../src/core/config';
import type { AnalyzeOptions } from '../../../src/core/engine';
import type { AnalyzedFile } from '../../../src/core/project/analyze';
import { analyzeFiles } from '../../../src/core/project/analyze';
import { ConfigResolver } from '../../../src/core/project/configs';

async function collect(files: readonly string[], options: Parameters<typeof analyzeFiles>[1]): Promise<AnalyzedFile[]> {
  const results: AnalyzedFile[] = [];
  for await (const analyzed of analyzeFiles(files, options)) results.push(analyzed);
  return results;
}

describe('project: the analysis pipeline', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlh-pipeline-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const script = (name: string, text: string): string => {
    writeFileSync(join(root, name), text);
    return join(root, name);
  };

  it('yields every file in order with its result and bytes, asking its options a few files ahead', async () => {
    const files = Array.from({ length: 12 }, (_, i) =>
      script(`s${String(i).padStart(2, '0')}.py`, `import random\nx = random.random() + ${i}\n`),
    );
    const asked: string[] = [];
    const seenWhenYielded: number[] = [];
    for await (const { file, result, bytes } of analyzeFiles(files, {
      options: (file) => (asked.push(file), { config: defaultConfig() }),
    })) {
      seenWhenYielded.push(asked.length);
      assert.equal(result.path, file);
      assert.ok(result.findings.some((f) => f.code === 'MLH301'));
      assert.equal(Buffer.from(bytes!).toString('utf8'), `import random\nx = random.random() + ${files.indexOf(file)}\n`);
    }
    assert.deepEqual(asked, files, 'options asked once per file, in order');
    assert.deepEqual(seenWhenYielded, [8, 9, 10, 11, 12, 12, 12, 12, 12, 12, 12, 12], 'eight reads in flight');
  });

  it('gives a file that cannot be read, or whose analysis throws, the engine’s MLH000 and goes on', async () => {
    const missing = join(root, 'gone.py');
    const broken = script('broken.py', 'x = 1\n');
    const fine = script('fine.py', 'x = 1\n');
    const throwing: AnalyzeOptions = {
      config: defaultConfig(),
      get plan(): never {
        throw new Error('boom');
      },
    };
    const results = await collect([missing, broken, fine], {
      options: (file) => (file === broken ? throwing : { config: defaultConfig() }),
    });
    assert.deepEqual(
      results.map(({ result }) => result?.findings.map((f) => `${f.code} ${f.severity}: ${f.message}`)),
      [
        ['MLH000 error: Cannot analyse this file: cannot read the file (ENOENT).'],
        ['MLH000 error: Cannot analyse this file: internal error (boom).'],
        [],
      ],
    );
    assert.equal(results[0]!.bytes, null);
    assert.equal((results[1]!.failure as Error).message, 'boom');
    assert.equal(results[2]!.failure, undefined);
  });

  it('asks the cache after reading a file: a hit is yielded as is, a fresh analysis is stored, a failure is not', async () => {
    const hit = script('hit.py', 'import random\nx = random.random()\n');
    const miss = script('miss.py', 'import random\nx = random.random()\n');
    const broken = script('broken.py', 'x = 1\n');
    const missing = join(root, 'gone.py');
    const throwing: AnalyzeOptions = {
      config: defaultConfig(),
      get plan(): never {
        throw new Error('boom');
      },
    };
    const canned = { path: hit, kind: 'python' as const, findings: [], score: null, cells: null, syntaxErrors: [] };
    const looked: string[] = [];
    const stored: Array<[string, string, AnalyzeOptions, number]> = [];
    const results = await collect([hit, miss, broken, missing], {
      options: (file) => (file === broken ? throwing : { config: defaultConfig() }),
      cache: {
        lookup: (file, bytes) => (looked.push(`${file} ${Buffer.from(bytes).toString('utf8').length}`), file === hit ? canned : null),
        store: (file, bytes, options, result) => stored.push([file, Buffer.from(bytes).toString('utf8'), options, result.findings.length]),
      },
    });
    // Asked as each read completes (reads run ahead, in any order); results still come in file order.
    assert.deepEqual(looked.sort(), [`${hit} 34`, `${miss} 34`, `${broken} 6`].sort());
    assert.equal(results[0]!.result, canned);
    assert.equal(Buffer.from(results[0]!.bytes!).toString('utf8'), 'import random\nx = random.random()\n');
    assert.ok(results[1]!.result!.findings.some((f) => f.code === 'MLH301'));
    assert.deepEqual(
      stored.map(([file, text]) => [file, text]),
      [[miss, 'import random\nx = random.random()\n']],
    );
    assert.equal(stored[0]![3], results[1]!.result!.findings.length);
    assert.match(results[2]!.result!.findings[0]!.message, /internal error \(boom\)/);
    assert.match(results[3]!.result!.findings[0]!.message, /ENOENT/);
  });

  it('skips the files whose options are null without reading them', async () => {
    const files = [script('a.py', 'x = 1\n'), join(root, 'missing.py')];
    const results = await collect(files, { options: (file) => (file.endsWith('missing.py') ? null : { config: defaultConfig() }) });
    assert.deepEqual(
      results.map((r) => [r.file, r.result === null, r.bytes === null]),
      [
        [files[0], false, false],
        [files[1], true, true],
      ],
    );
  });

  it('stops before the next file once cancelled', async () => {
    const files = ['a', 'b', 'c', 'd'].map((name) => script(`${name}.py`, 'x = 1\n'));
    let yielded = 0;
    for await (const _ of analyzeFiles(files, { options: () => ({ config: defaultConfig() }), cancelled: () => yielded >= 2 })) yielded++;
    assert.equal(yielded, 2);
    assert.deepEqual(await collect(files, { options: () => ({}), cancelled: () => true }), []);
  });

  it('reports each configuration problem once, whichever folders share the file', async () => {
    mkdirSync(join(root, 'src', 'deep'), { recursive: true });
    writeFileSync(join(root, 'pyproject.toml'), '[tool.ml-hygiene]\nseverity = { MLH301 = "loud" }\nignore = ["MLH999"]\n');
    const files = [script('a.py', 'x = 1\n'), script('src/b.py', 'x = 1\n'), script('src/deep/c.py', 'x = 1\n')];
    const reported: string[] = [];
    const configs = new ConfigResolver((problem) => reported.push(`${problem.line}: ${problem.key}`));
    await collect(files, { options: (file) => ({ config: configs.configFor(file) }) });
    assert.deepEqual(reported, ['2: tool.ml-hygiene.severity.MLH301', '3: tool.ml-hygiene.ignore']);
    assert.equal(configs.configFor(files[1]!), configs.configFor(join(root, 'src', 'other.py')), 'one load per folder');
    configs.clear();
    configs.configFor(files[0]!);
    assert.equal(reported.length, 2, 'problems already reported stay reported');
  });
});
