import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import packageJson from '../../../package.json';
import type { JsonFinding } from '../../../src/cli/formats/json';
import type { CliResult } from '../../../src/cli/run';
import { runCli } from '../../../src/cli/run';
import { readRuleDoc, RULES } from '../../../src/core/rules/registry';
import { CLEAN_PY, MONOLITH_PY, monolithNotebook, NOT_UTF8, writeFiles } from './samples';

describe('cli run (in-process, real engine)', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlh-run-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const cli = (args: string[], options: { tty?: boolean; env?: Record<string, string> } = {}): Promise<CliResult> =>
    runCli(args, { cwd: root, stdoutIsTTY: options.tty ?? false, env: options.env ?? {} });

  const json = (result: CliResult): JsonFinding[] => JSON.parse(result.stdout) as JsonFinding[];

  it('exits 0 with "All checks passed" on clean files', async () => {
    writeFiles(root, { 'a.py': CLEAN_PY, 'pkg/b.py': CLEAN_PY });
    assert.deepEqual(await cli(['check']), { exitCode: 0, stdout: 'All checks passed (2 files).\n', stderr: '' });
  });

  it('exits 1 and prints compiler-style lines when there are findings', async () => {
    writeFiles(root, { 'src/train.py': MONOLITH_PY });
    const result = await cli(['check', 'src', '--select', 'MLH001']);
    assert.equal(result.exitCode, 1);
    assert.match(result.stdout, /^src\/train\.py:1:1: MLH001 warning: Monolithic script \(score \d+\/100\): 21 top-level statements/);
    assert.match(
      result.stdout,
      /\n\nFound 1 problem in 1 file \(0 fixable\)\.\n {2}1 monolithic script: `ml-hygiene refactor modularize FILE` splits it into a package of steps\.\n$/,
    );
    assert.equal(result.stderr, '');
  });

  it('reports a non-UTF-8 file as MLH000 and goes on with the other files', async () => {
    writeFiles(root, { 'bad.py': NOT_UTF8, 'good.py': MONOLITH_PY });
    const result = await cli(['check', '--format', 'json', '--select', 'MLH000,MLH001']);
    assert.equal(result.exitCode, 1);
    const findings = json(result);
    assert.deepEqual(
      findings.map((f) => [f.path, f.code, f.line, f.cell]),
      [
        ['bad.py', 'MLH000', 1, null],
        ['good.py', 'MLH001', 1, null],
      ],
    );
    assert.match(findings[0]!.message, /UTF-8/);
  });

  it('maps notebook findings to 1-based cells counting markdown cells', async () => {
    writeFiles(root, { 'nb/explore.ipynb': monolithNotebook() });
    const [finding, ...rest] = json(await cli(['check', 'nb', '--format', 'json', '--select', 'MLH001']));
    assert.deepEqual(rest, []);
    assert.equal(finding!.path, 'nb/explore.ipynb');
    assert.equal(finding!.cell, 2);
    assert.equal(finding!.line, 1);
    const text = await cli(['check', 'nb', '--select', 'MLH001']);
    assert.match(text.stdout, /^nb\/explore\.ipynb:cell 2:1:1: MLH001 warning: /);
  });

  it('exits 2 with a message for a missing path, and prints nothing else', async () => {
    writeFiles(root, { 'a.py': MONOLITH_PY });
    assert.deepEqual(await cli(['check', 'a.py', 'missing.py']), {
      exitCode: 2,
      stdout: '',
      stderr: 'ml-hygiene: error: path not found: missing.py\n',
    });
  });

  it('exits 2 on usage errors: unknown option, bad format, unknown selector', async () => {
    for (const args of [['check', '--bogus'], ['check', '--format', 'xml'], ['check', '--select', 'MLH999'], ['frobnicate']]) {
      const result = await cli(args);
      assert.equal(result.exitCode, 2, args.join(' '));
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^ml-hygiene: error: /, args.join(' '));
    }
  });

  it('--ignore and --select change what is reported', async () => {
    writeFiles(root, { 'a.py': MONOLITH_PY });
    assert.equal((await cli(['check', '--select', 'MLH001'])).exitCode, 1);
    assert.equal((await cli(['check', '--select', 'MLH001', '--ignore', 'monolithic-script'])).exitCode, 0);
    assert.equal((await cli(['check', '--select', 'MLH000'])).exitCode, 0);
    assert.equal((await cli(['check', '--select', 'MLH0'])).exitCode, 1);
  });

  it('uses the nearest pyproject.toml for each file', async () => {
    writeFiles(root, {
      'pyproject.toml': '[tool.ml-hygiene]\nselect = ["MLH000"]\n',
      'a.py': MONOLITH_PY,
      'sub/pyproject.toml': '[tool.ml-hygiene]\nselect = ["MLH001"]\n',
      'sub/b.py': MONOLITH_PY,
    });
    assert.deepEqual(
      json(await cli(['check', '--format', 'json'])).map((f) => [f.path, f.code]),
      [['sub/b.py', 'MLH001']],
    );
  });

  it('prints each configuration problem once, as path:line: message, and goes on with defaults', async () => {
    writeFiles(root, {
      'pyproject.toml': '[tool.ml-hygiene]\nselect = ["MLH001"]\nbogus-key = 1\n',
      'a.py': MONOLITH_PY,
      'pkg/b.py': MONOLITH_PY,
    });
    const result = await cli(['check', '--format', 'json']);
    assert.equal(result.exitCode, 1);
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, /^pyproject\.toml:3: .*bogus-key/);
    assert.deepEqual(
      json(result).map((f) => f.path),
      ['a.py', 'pkg/b.py'],
    );
  });

  it('--config uses the named file for every file; a missing one is a usage error', async () => {
    writeFiles(root, {
      'pyproject.toml': '[tool.ml-hygiene]\nselect = ["MLH000"]\n',
      'ci/strict.toml': '[tool.ml-hygiene]\nselect = ["MLH001"]\n',
      'a.py': MONOLITH_PY,
    });
    assert.equal((await cli(['check'])).exitCode, 0);
    assert.equal((await cli(['check', '--config', 'ci/strict.toml'])).exitCode, 1);
    assert.deepEqual(await cli(['check', '--config', 'ci/none.toml']), {
      exitCode: 2,
      stdout: '',
      stderr: 'ml-hygiene: error: --config: no such file: ci/none.toml\n',
    });
  });

  it('--output writes the report to a file instead of stdout', async () => {
    writeFiles(root, { 'a.py': MONOLITH_PY });
    const result = await cli(['check', '--select', 'MLH001', '--format', 'json', '--output', 'report.json']);
    assert.deepEqual([result.exitCode, result.stdout], [1, '']);
    assert.equal((JSON.parse(readFileSync(join(root, 'report.json'), 'utf8')) as JsonFinding[])[0]!.code, 'MLH001');
  });

  it('colours only on a terminal, and not with --no-color or NO_COLOR', async () => {
    writeFiles(root, { 'a.py': MONOLITH_PY });
    const args = ['check', '--select', 'MLH001'];
    assert.ok((await cli(args, { tty: true })).stdout.includes('\x1b['));
    assert.ok(!(await cli(args)).stdout.includes('\x1b['));
    assert.ok(!(await cli([...args, '--no-color'], { tty: true })).stdout.includes('\x1b['));
    assert.ok(!(await cli(args, { tty: true, env: { NO_COLOR: '1' } })).stdout.includes('\x1b['));
  });

  it('rules lists every registered rule, as a table or JSON', async () => {
    const table = await cli(['rules']);
    assert.equal(table.exitCode, 0);
    assert.match(table.stdout, /^CODE +NAME +SEVERITY +FIXABLE +SUMMARY\n/);
    for (const rule of RULES) assert.match(table.stdout, new RegExp(`^${rule.code} +${rule.name}`, 'm'));
    const listing = JSON.parse((await cli(['rules', '--format', 'json'])).stdout) as Array<{ code: string; url: string }>;
    assert.deepEqual(
      listing.map((rule) => rule.code),
      RULES.map((rule) => rule.code),
    );
    assert.ok(listing.every((rule) => rule.url.startsWith('https://')));
  });

  it('docs prints a rule page by code or name; an unknown rule exits 2', async () => {
    const rule = RULES.find((r) => r.code === 'MLH001')!;
    const expected = readRuleDoc(rule);
    assert.equal((await cli(['docs', 'MLH001'])).stdout.trimEnd(), expected.trimEnd());
    assert.equal((await cli(['docs', 'monolithic-script'])).stdout.trimEnd(), expected.trimEnd());
    const unknown = await cli(['docs', 'MLH999']);
    assert.equal(unknown.exitCode, 2);
    assert.match(unknown.stderr, /^ml-hygiene: error: unknown rule "MLH999"/);
  });

  it('--version and --help exit 0', async () => {
    assert.deepEqual(await cli(['--version']), { exitCode: 0, stdout: `${packageJson.version}\n`, stderr: '' });
    const help = await cli(['check', '--help']);
    assert.equal(help.exitCode, 0);
    assert.match(help.stdout, /--format <format>/);
    assert.match(help.stdout, /Exit codes: 0 no findings, 1 findings, 2 usage or fatal error\./);
  });
});
