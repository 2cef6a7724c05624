/**
 * The bundled command as users run it: `node dist/cli.js ...` in a child process, on temp files.
 * The bundle is built once before these tests.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as Sarif from 'sarif';
import packageJson from '../../../package.json';
import type { JsonFinding } from '../../../src/cli/formats/json';
import { RULES } from '../../../src/core/rules/registry';
import { CLEAN_PY, MONOLITH_PY, monolithNotebook, NOT_UTF8, writeFiles } from './samples';
import { sarifShapeProblems } from './sarifShape';

const REPO = resolve(__dirname, '../../..');
const CLI = join(REPO, 'dist', 'cli.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe('ml-hygiene CLI end to end (node dist/cli.js)', function () {
  this.timeout(120_000);
  let root: string;

  before(() => {
    execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'pipe' });
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlh-e2e-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function cli(...args: string[]): Run {
    const result = spawnSync(process.execPath, [CLI, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  function assertNoStackTrace(run: Run): void {
    assert.doesNotMatch(run.stderr, /^\s+at /m, run.stderr);
  }

  it('exits 0 on clean input', () => {
    writeFiles(root, { 'a.py': CLEAN_PY });
    assert.deepEqual(cli('check'), { status: 0, stdout: 'All checks passed (1 file).\n', stderr: '' });
  });

  it('exits 1 with compiler-style lines on findings', () => {
    writeFiles(root, { 'train.py': MONOLITH_PY });
    const run = cli('check', 'train.py', '--select', 'MLH001');
    assert.equal(run.status, 1);
    assert.match(run.stdout, /^train\.py:1:1: MLH001 warning: Monolithic script/);
    assert.match(run.stdout, /Found 1 problem in 1 file \(0 fixable\)\.\n {2}1 monolithic script: `ml-hygiene refactor modularize FILE`/);
  });

  it('prints JSON findings with the documented fields', () => {
    writeFiles(root, { 'train.py': MONOLITH_PY, 'nb/explore.ipynb': monolithNotebook() });
    const run = cli('check', '--format', 'json', '--select', 'MLH001');
    assert.equal(run.status, 1);
    const findings = JSON.parse(run.stdout) as JsonFinding[];
    assert.deepEqual(
      findings.map((f) => [f.path, f.code, f.cell]),
      [
        ['nb/explore.ipynb', 'MLH001', 2],
        ['train.py', 'MLH001', null],
      ],
    );
    for (const finding of findings) {
      assert.deepEqual(Object.keys(finding).sort(), [
        'cell',
        'code',
        'column',
        'endColumn',
        'endLine',
        'fix',
        'line',
        'message',
        'name',
        'path',
        'related',
        'severity',
      ]);
      assert.equal(finding.name, 'monolithic-script');
      assert.equal(finding.severity, 'warning');
      for (const key of ['line', 'column', 'endLine', 'endColumn'] as const)
        assert.ok(Number.isInteger(finding[key]) && finding[key] >= 1, key);
      assert.ok(finding.fix === null || (typeof finding.fix.title === 'string' && typeof finding.fix.applicability === 'string'));
    }
  });

  it('prints SARIF 2.1.0 that code scanning accepts, with every rule', () => {
    writeFiles(root, { 'src/train.py': MONOLITH_PY, 'nb/explore.ipynb': monolithNotebook(), 'bad.py': NOT_UTF8 });
    const run = cli('check', '--format', 'sarif', '--select', 'MLH0');
    assert.equal(run.status, 1);
    const log = JSON.parse(run.stdout) as Sarif.Log;
    assert.deepEqual(sarifShapeProblems(log), []);
    const sarifRun = log.runs[0]!;
    assert.equal(sarifRun.tool.driver.version, packageJson.version);
    assert.deepEqual(
      sarifRun.tool.driver.rules!.map((rule) => rule.id),
      RULES.map((rule) => rule.code),
    );
    assert.ok(sarifRun.tool.driver.rules!.every((rule) => rule.helpUri?.startsWith('https://') && rule.help?.markdown));
    const located = sarifRun.results!.map((result) => [
      result.ruleId,
      result.locations![0]!.physicalLocation!.artifactLocation!.uri,
      result.properties?.['cell'] ?? null,
    ]);
    assert.deepEqual(
      located.filter(([code]) => code === 'MLH000' || code === 'MLH001'),
      [
        ['MLH000', 'bad.py', null],
        ['MLH001', 'nb/explore.ipynb', 2],
        ['MLH001', 'src/train.py', null],
      ],
    );
  });

  it('reports a non-UTF-8 file as MLH000 and still checks the others', () => {
    writeFiles(root, { 'a_bad.py': NOT_UTF8, 'b_train.py': MONOLITH_PY });
    const run = cli('check', '--select', 'MLH000,MLH001');
    assert.equal(run.status, 1);
    assert.match(run.stdout, /^a_bad\.py:1:1: MLH000 error: .*UTF-8/m);
    assert.match(run.stdout, /^b_train\.py:1:1: MLH001 warning: /m);
    assert.match(run.stdout, /Found 2 problems in 2 files/);
    assertNoStackTrace(run);
  });

  it('exits 2 with a message for a missing path', () => {
    writeFiles(root, { 'a.py': CLEAN_PY });
    const run = cli('check', 'a.py', 'no/such/file.py');
    assert.deepEqual(run, { status: 2, stdout: '', stderr: 'ml-hygiene: error: path not found: no/such/file.py\n' });
  });

  it('exits 2 on an unknown option, without a stack trace', () => {
    const run = cli('check', '--frobnicate');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^ml-hygiene: error: unknown option '--frobnicate'/);
    assertNoStackTrace(run);
  });

  it('keeps a warning after the report lines printed before it when stdout and stderr share a file (stdout is written in chunks)', () => {
    // Twelve files with findings, then a folder whose pyproject.toml has a bad value: its warning
    // comes once the first files are reported (reads run a few files ahead), and stays after them.
    const files: Record<string, string> = {
      'z/pyproject.toml': '[tool.ml-hygiene]\nseverity = { MLH301 = "loud" }\n',
      'z/b.py': MONOLITH_PY,
    };
    for (let i = 0; i < 12; i++) files[`a${String(i).padStart(2, '0')}.py`] = MONOLITH_PY;
    writeFiles(root, files);
    const out = join(root, 'out.txt');
    const fd = openSync(out, 'w');
    try {
      const result = spawnSync(process.execPath, [CLI, 'check', '--no-cache', '--select', 'MLH001'], {
        cwd: root,
        stdio: ['ignore', fd, fd],
        env: { ...process.env, NO_COLOR: '1' },
      });
      assert.equal(result.status, 1);
    } finally {
      closeSync(fd);
    }
    const merged = readFileSync(out, 'utf8');
    const warning = merged.indexOf('MLH301');
    assert.ok(warning > 0, merged);
    assert.ok(merged.indexOf('a00.py:1:1: MLH001') < warning, merged);
    assert.ok(merged.indexOf('z/b.py:1:1: MLH001') > warning, merged);
    assert.match(merged, /\nFound 13 problems in 13 files \(0 fixable\)\.\n/);
    assert.equal(merged.split('MLH301').length, 2, 'one warning');
  });

  it('prints its version', () => {
    assert.deepEqual(cli('--version'), { status: 0, stdout: `${packageJson.version}\n`, stderr: '' });
  });
});
