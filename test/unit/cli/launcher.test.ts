/**
 * The launcher dist/cli.js (src/launch/cli.ts) as users run it, in child processes: whatever state
 * the code cache is in, the output is that of the bundle run directly (dist/cli-main.js), with
 * nothing more on stderr. The bundle is built once before these tests.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import packageJson from '../../../package.json';
import { readCacheFile } from '../../../src/launch/codeCache';
import { CLEAN_PY, MONOLITH_PY, writeFiles } from './samples';

const REPO = resolve(__dirname, '../../..');
const LAUNCHER = join(REPO, 'dist', 'cli.js');
const BUNDLE = join(REPO, 'dist', 'cli-main.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe('ml-hygiene launcher (node dist/cli.js) and its code cache', function () {
  this.timeout(120_000);
  let root: string;
  let cacheHome: string;

  before(() => {
    execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'pipe' });
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlh-launch-'));
    cacheHome = join(root, 'xdg-cache');
    writeFiles(join(root, 'project'), { 'train.py': MONOLITH_PY, 'lib/clean.py': CLEAN_PY });
  });
  afterEach(() => {
    chmodSync(root, 0o700);
    rmSync(root, { recursive: true, force: true });
  });

  function run(script: string, args: string[], xdgCacheHome: string = cacheHome, user: { uid?: number; gid?: number } = {}): Run {
    const env = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: xdgCacheHome };
    const result = spawnSync(process.execPath, [script, ...args], { cwd: join(root, 'project'), encoding: 'utf8', env, ...user });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }
  const CHECK = ['check', 'train.py', '--format', 'json'];
  const cacheDir = (): string => join(cacheHome, 'ml-hygiene', 'code-cache');
  const cacheFiles = (): string[] => readdirSync(cacheDir()).sort();

  it('package.json `bin` names the launcher, an executable file with a shebang', () => {
    assert.equal(packageJson.bin['ml-hygiene'], 'dist/cli.js');
    assert.match(readFileSync(LAUNCHER, 'utf8'), /^#!\/usr\/bin\/env node\n/);
    const viaShebang = spawnSync(LAUNCHER, ['--version'], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
    assert.equal(viaShebang.stdout.trim(), packageJson.version);
  });

  it('with no cache: the same output as the bundle, then a valid cache file; a second run uses it unchanged', () => {
    const expected = run(BUNDLE, CHECK);
    assert.equal(expected.status, 1);
    assert.match(expected.stdout, /"code": "MLH001"/);
    assert.deepEqual(run(LAUNCHER, CHECK), expected);
    const files = cacheFiles();
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^cli-main-liftoff-[0-9a-f]{24}\.bin$/, 'one small file: wasm by Liftoff alone');
    const written = readFileSync(join(cacheDir(), files[0]!));
    assert.notEqual(readCacheFile(written), null);
    assert.deepEqual(run(LAUNCHER, CHECK), expected);
    assert.deepEqual(readFileSync(join(cacheDir(), files[0]!)), written, 'a hit does not rewrite the cache');
  });

  it('a folder keeps the wasm tier-up, in a cache of its own, with the same findings', () => {
    const single = run(LAUNCHER, ['check', 'train.py', '--format', 'json']);
    const folder = run(LAUNCHER, ['check', '.', '--format', 'json']);
    assert.equal(folder.status, 1);
    assert.equal(folder.stderr, '');
    assert.deepEqual(
      cacheFiles().map((name) => name.replace(/-[0-9a-f]+\.bin$/, '')),
      ['cli-main-liftoff', 'cli-main-tiered'],
    );
    const findings = (out: string): unknown => (JSON.parse(out) as Array<{ path: string }>).filter((f) => f.path === 'train.py');
    assert.deepEqual(findings(folder.stdout), findings(single.stdout));
  });

  it('two different builds used in turn (a global installation and a project’s) keep a cache each', () => {
    const other = join(root, 'other-build');
    mkdirSync(other);
    writeFileSync(join(other, 'cli.js'), readFileSync(LAUNCHER));
    writeFileSync(join(other, 'cli-main.js'), `${readFileSync(BUNDLE, 'utf8')}\n// another build\n`);
    const version = ['--version'];
    run(LAUNCHER, version);
    run(join(other, 'cli.js'), version);
    const written = cacheFiles();
    assert.equal(written.length, 2, 'the second build did not remove the first one’s cache');
    const contents = written.map((name) => readFileSync(join(cacheDir(), name)));
    assert.equal(run(LAUNCHER, version).stdout.trim(), packageJson.version);
    assert.equal(run(join(other, 'cli.js'), version).stdout.trim(), packageJson.version);
    assert.deepEqual(cacheFiles(), written);
    assert.deepEqual(
      written.map((name) => readFileSync(join(cacheDir(), name))),
      contents,
      'both runs were hits: nothing written again',
    );
  });

  it('a damaged cache file is ignored silently and rewritten', () => {
    const expected = run(BUNDLE, CHECK);
    run(LAUNCHER, CHECK);
    const [name] = cacheFiles();
    const file = join(cacheDir(), name!);
    const damaged = readFileSync(file);
    for (let i = 200; i < damaged.length; i += 997) damaged[i]! ^= 0x5a;
    writeFileSync(file, damaged);
    assert.deepEqual(run(LAUNCHER, CHECK), expected);
    assert.notEqual(readCacheFile(readFileSync(file)), null, 'rewritten at exit');
    writeFileSync(file, damaged.subarray(0, 100));
    assert.deepEqual(run(LAUNCHER, CHECK), expected);
    assert.notEqual(readCacheFile(readFileSync(file)), null);
  });

  it('a cache folder that cannot be created changes nothing', () => {
    const expected = run(BUNDLE, CHECK);
    // XDG_CACHE_HOME is a file: no folder can be made under it, whoever runs the test.
    const notADir = join(root, 'plain-file');
    writeFileSync(notADir, '');
    assert.deepEqual(run(LAUNCHER, CHECK, notADir), expected);
    assert.deepEqual(run(LAUNCHER, CHECK, notADir), expected);
  });

  it('a read-only cache folder changes nothing', () => {
    // As root (who writes anywhere) the runs are made as `nobody`, for whom the folder is read-only.
    const user = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    chmodSync(root, 0o755);
    const readOnly = join(root, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    const expected = run(BUNDLE, CHECK, readOnly, user);
    assert.equal(expected.status, 1);
    assert.deepEqual(run(LAUNCHER, CHECK, readOnly, user), expected);
    assert.deepEqual(run(LAUNCHER, CHECK, readOnly, user), expected);
    assert.deepEqual(readdirSync(readOnly), []);
  });
});
