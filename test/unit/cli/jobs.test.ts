/**
 * `--jobs` and the streamed report: the same bytes whatever the number of worker threads, and
 * the same bytes streamed (main.ts) as returned (the string API).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliResult, CliSink } from '../../../src/cli/run';
import { runCli } from '../../../src/cli/run';
import { CLEAN_PY, MONOLITH_PY, monolithNotebook, NOT_UTF8, writeFiles } from './samples';

const GALLERY = '/usr/share/doc/python-sklearn-doc/examples';

describe('cli --jobs and the streamed report (in-process, real engine, worker threads)', function () {
  this.timeout(300_000);
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlh-jobs-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const cli = (args: string[], cwd = root): Promise<CliResult> => runCli(args, { cwd, stdoutIsTTY: false, env: {} });

  /** Runs with a sink, as main.ts does: what was written, in pieces, and the result. */
  async function streamed(args: string[]): Promise<{ result: CliResult; stdout: string[]; stderr: string[] }> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const write: CliSink = { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text) };
    const result = await runCli(args, { cwd: root, stdoutIsTTY: false, env: {}, write });
    return { result, stdout, stderr };
  }

  /** A tree of everything that goes wrong: unreadable, binary, malformed, too deep, a broken config. */
  function oddTree(): void {
    writeFiles(root, {
      'pyproject.toml': '[tool.ml-hygiene]\nextend-select = ["ALL"]\n',
      'sub/pyproject.toml': '[tool.ml-hygiene]\nseverity = { MLH301 = "loud" }\n',
      'train.py': MONOLITH_PY,
      'clean.py': CLEAN_PY,
      'nb/explore.ipynb': monolithNotebook(),
      'nb/malformed.ipynb': '{"cells": [ {"cell_type": "code", "source": ',
      'nb/list.ipynb': '[1, 2]',
      'binary.py': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]),
      'latin1.py': NOT_UTF8,
      'deep.py': `x = ${'('.repeat(5000)}1${')'.repeat(5000)}\n`,
      'syntax.py': 'def f(:\n    return\n',
      'empty.py': '',
      'sub/seeded.py': 'import random\nx = random.random()\n',
      ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`many/s${i}.py`, `import os\nos.chdir('/data/${i}')\n`])),
    });
  }

  it('prints the same bytes with 1, 2 and 3 jobs, in every format, on a tree of odd files', async () => {
    oddTree();
    for (const format of ['text', 'json', 'sarif']) {
      const one = await cli(['check', '--format', format, '--jobs', '1']);
      assert.equal(one.exitCode, 1);
      assert.match(one.stdout, format === 'sarif' ? /MLH000/ : /MLH000/);
      assert.match(one.stderr, /MLH301.*loud/);
      for (const jobs of ['2', '3'])
        assert.deepEqual(await cli(['check', '--format', format, '--jobs', jobs]), one, `${format}, --jobs ${jobs}`);
    }
  });

  it('streams the same bytes as it returns: text and JSON file by file, SARIF at the end', async () => {
    oddTree();
    for (const format of ['text', 'json', 'sarif']) {
      for (const jobs of ['1', '2']) {
        const args = ['check', '--format', format, '--jobs', jobs];
        const returned = await cli(args);
        const run = await streamed(args);
        assert.deepEqual(run.result, { exitCode: returned.exitCode, stdout: '', stderr: '' }, 'nothing left to return');
        assert.equal(run.stdout.join(''), returned.stdout, `${format}, --jobs ${jobs}`);
        assert.equal(run.stderr.join(''), returned.stderr);
        if (format === 'sarif') assert.equal(run.stdout.length, 1);
        else assert.ok(run.stdout.length >= 5, `${format}: ${run.stdout.length} pieces, one per file with findings and the end`);
      }
    }
    // JSON written piece by piece is JSON.stringify's own layout.
    const json = (await cli(['check', '--format', 'json'])).stdout;
    assert.equal(json, JSON.stringify(JSON.parse(json), null, 2) + '\n');
  });

  it('--output receives the streamed report; no file is created on a usage error', async () => {
    oddTree();
    const stdout = (await cli(['check', '--format', 'json'])).stdout;
    const run = await streamed(['check', '--format', 'json', '--jobs', '2', '--output', 'report.json']);
    assert.deepEqual(run.stdout, []);
    assert.equal(readFileSync(join(root, 'report.json'), 'utf8'), stdout);
    const bad = await streamed(['check', '--select', 'MLH9999', '--output', 'bad.json']);
    assert.equal(bad.result.exitCode, 2);
    assert.equal(existsSync(join(root, 'bad.json')), false);
    const unwritable = await cli(['check', '--output', 'no/such/dir/report.txt']);
    assert.equal(unwritable.exitCode, 2);
    assert.match(unwritable.stderr, /^ml-hygiene: error: cannot write no\/such\/dir\/report\.txt: ENOENT/);
  });

  for (const value of ['0', 'x', '1.5', '-2', '']) {
    it(`--jobs ${JSON.stringify(value)} is a usage error with a clear message`, async () => {
      writeFiles(root, { 'a.py': CLEAN_PY });
      for (const command of [['check'], ['plan', 'status']]) {
        const result = await cli([...command, '--jobs', value]);
        assert.equal(result.exitCode, 2);
        assert.equal(result.stdout, '');
        assert.match(
          result.stderr,
          /option '-j, --jobs <n>' argument '.*' is invalid\. expected a whole number of files to analyze at once, 1 or more/,
        );
      }
    });
  }

  it('plan status gives the same evidence with 1 and 2 jobs', async () => {
    oddTree();
    writeFiles(root, { 'mlproject.yaml': 'decision:\n  rung: classical-ml\n' });
    const one = await cli(['plan', 'status', '--format', 'json', '--jobs', '1']);
    assert.equal(one.exitCode, 0, one.stderr);
    assert.deepEqual(await cli(['plan', 'status', '--format', 'json', '--jobs', '2']), one);
  });

  it('prints the same bytes with 1 and 2 jobs on the scikit-learn gallery (text and JSON)', async function () {
    if (!existsSync(GALLERY)) this.skip();
    for (const format of ['json', 'text']) {
      const one = await cli(['check', GALLERY, '--format', format, '--jobs', '1']);
      assert.equal(one.exitCode, 1);
      assert.ok(one.stdout.length > 100_000);
      assert.deepEqual(await cli(['check', GALLERY, '--format', format, '--jobs', '2']), one, format);
    }
  });
});
