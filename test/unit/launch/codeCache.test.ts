import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import type { BundleOptions } from '../../../src/launch/codeCache';
import {
  cacheFileName,
  codeCacheDir,
  encodeCacheFile,
  MAGIC,
  readCacheFile,
  runBundle,
  STALE_MS,
  writeCache,
} from '../../../src/launch/codeCache';
import type { FileFacts } from '../../../src/launch/wasmTiering';
import { LIFTOFF_ONLY_MAX_BYTES, LIFTOFF_ONLY_MAX_FILES, wasmTieringFor } from '../../../src/launch/wasmTiering';

describe('launcher: code cache (src/launch/codeCache.ts)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlh-codecache-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds the cache folder under XDG_CACHE_HOME, else ~/.cache, else none', () => {
    assert.equal(
      codeCacheDir({ XDG_CACHE_HOME: '/x/cache' }, () => '/home/u'),
      '/x/cache/ml-hygiene/code-cache',
    );
    // The XDG spec ignores a relative path.
    assert.equal(
      codeCacheDir({ XDG_CACHE_HOME: 'rel' }, () => '/home/u'),
      '/home/u/.cache/ml-hygiene/code-cache',
    );
    assert.equal(
      codeCacheDir({}, () => '/home/u'),
      '/home/u/.cache/ml-hygiene/code-cache',
    );
    assert.equal(
      codeCacheDir({}, () => ''),
      null,
    );
    assert.equal(
      codeCacheDir({}, () => {
        throw new Error('no home');
      }),
      null,
    );
  });

  it('keys the cache file by the bundle content and the variant', () => {
    const a = cacheFileName('/d/cli-main.js', Buffer.from('one'), 'liftoff');
    assert.match(a, /^cli-main-liftoff-[0-9a-f]{24}\.bin$/);
    assert.equal(cacheFileName('/elsewhere/cli-main.js', Buffer.from('one'), 'liftoff'), a);
    assert.notEqual(cacheFileName('/d/cli-main.js', Buffer.from('two'), 'liftoff'), a);
    assert.notEqual(cacheFileName('/d/cli-main.js', Buffer.from('one'), 'tiered').slice(-28), a.slice(-28));
  });

  it('reads back what it encodes and refuses damaged files', () => {
    const payload = Buffer.from('some bytes V8 produced');
    const file = encodeCacheFile(payload);
    assert.deepEqual(readCacheFile(file), payload);
    const flipped = Buffer.from(file);
    flipped[flipped.length - 3]! ^= 0xff;
    assert.equal(readCacheFile(flipped), null);
    assert.equal(readCacheFile(file.subarray(0, file.length - 1)), null);
    assert.equal(readCacheFile(file.subarray(0, MAGIC.length + 32)), null);
    assert.equal(readCacheFile(Buffer.concat([Buffer.from('NOTOURS!'), file.subarray(MAGIC.length)])), null);
    assert.equal(readCacheFile(Buffer.alloc(0)), null);
  });

  it('writes atomically, replaces the same bundle’s caches unused for a day and keeps the others', () => {
    const dir = join(root, 'cache');
    mkdirSync(dir);
    const aged = (name: string, ms: number): void => {
      writeFileSync(join(dir, name), name);
      const then = new Date(Date.now() - ms);
      utimesSync(join(dir, name), then, then);
    };
    aged('cli-main-liftoff-old.bin', STALE_MS + 60_000);
    // Another build of the same bundle, in use elsewhere (used an hour ago): it stays.
    aged('cli-main-liftoff-in-use.bin', 60 * 60_000);
    aged('cli-main-tiered-other.bin', 2 * STALE_MS);
    aged('extension-liftoff-x.bin', 2 * STALE_MS);
    writeCache(join(dir, 'cli-main-liftoff-new.bin'), 'cli-main-liftoff-', () => Buffer.from('payload'));
    assert.deepEqual(readdirSync(dir).sort(), [
      'cli-main-liftoff-in-use.bin',
      'cli-main-liftoff-new.bin',
      'cli-main-tiered-other.bin',
      'extension-liftoff-x.bin',
    ]);
    assert.deepEqual(readCacheFile(readFileSync(join(dir, 'cli-main-liftoff-new.bin'))), Buffer.from('payload'));
  });

  it('never throws when the cache cannot be written, and leaves no temporary file', () => {
    const notADir = join(root, 'file');
    writeFileSync(notADir, 'x');
    assert.doesNotThrow(() => writeCache(join(notADir, 'sub', 'c.bin'), 'c-', () => Buffer.from('p')));
    const dir = join(root, 'cache');
    mkdirSync(dir);
    assert.doesNotThrow(() =>
      writeCache(join(dir, 'c.bin'), 'c-', () => {
        throw new Error('V8 could not produce a cache');
      }),
    );
    assert.deepEqual(readdirSync(dir), []);
  });

  describe('runBundle', () => {
    function bundle(source: string): string {
      const dir = join(root, 'dist');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'helper.js'), 'module.exports = "helper beside the bundle";\n');
      const file = join(dir, 'bundle.js');
      writeFileSync(file, source);
      return file;
    }
    const SOURCE = [
      'exports.dir = __dirname;',
      'exports.file = __filename;',
      'exports.helper = require("./helper.js");',
      'exports.twice = function twice(x) { return x * 2; };',
      'exports.viaModule = module.exports === exports;',
    ].join('\n');
    const moduleStub = (): NodeJS.Module => ({ exports: {} }) as NodeJS.Module;

    function run(file: string, cacheDir: string | null, writes: Array<() => void>): { exports: Record<string, unknown>; outcome: string } {
      const module = moduleStub();
      const options: BundleOptions = { file, cacheDir, variant: 'tiered', module, atExit: (write) => writes.push(write) };
      const { outcome } = runBundle(options);
      return { exports: module.exports as Record<string, unknown>, outcome };
    }

    it('runs the bundle as require would: its folder, its file name, require beside it, module.exports', () => {
      const file = bundle(SOURCE);
      const writes: Array<() => void> = [];
      const { exports, outcome } = run(file, null, writes);
      assert.equal(outcome, 'off');
      assert.equal(exports['dir'], join(root, 'dist'));
      assert.equal(exports['file'], file);
      assert.equal(exports['helper'], 'helper beside the bundle');
      assert.equal((exports['twice'] as (x: number) => number)(21), 42);
      assert.equal(exports['viaModule'], true);
      assert.equal(writes.length, 0);
    });

    it('writes a cache on a miss, uses it on the next run, and rewrites a damaged or rejected one', () => {
      const file = bundle(SOURCE);
      const cacheDir = join(root, 'cache');
      const writes: Array<() => void> = [];
      assert.equal(run(file, cacheDir, writes).outcome, 'miss');
      assert.equal(writes.length, 1);
      writes.pop()!();
      const [name] = readdirSync(cacheDir);
      const cacheFile = join(cacheDir, name!);
      assert.notEqual(readCacheFile(readFileSync(cacheFile)), null);

      const hit = run(file, cacheDir, writes);
      assert.equal(hit.outcome, 'hit');
      assert.equal((hit.exports['twice'] as (x: number) => number)(4), 8);
      assert.equal(writes.length, 0, 'a hit writes nothing');
      // A hit marks the cache as used, at most once an hour (another build's write keeps it then).
      const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
      utimesSync(cacheFile, twoHoursAgo, twoHoursAgo);
      assert.equal(run(file, cacheDir, writes).outcome, 'hit');
      assert.ok(Date.now() - statSync(cacheFile).mtimeMs < 60_000, 'marked as used');
      const markedAt = statSync(cacheFile).mtimeMs;
      run(file, cacheDir, writes);
      assert.equal(statSync(cacheFile).mtimeMs, markedAt, 'not marked again within the hour');

      // Damaged on disk: refused before V8 sees it (a damaged payload can crash V8's deserializer).
      const damaged = readFileSync(cacheFile);
      damaged[damaged.length - 10]! ^= 0xff;
      writeFileSync(cacheFile, damaged);
      const afterDamage = run(file, cacheDir, writes);
      assert.equal(afterDamage.outcome, 'corrupt');
      assert.equal(afterDamage.exports['helper'], 'helper beside the bundle');
      writes.pop()!();
      assert.notEqual(readCacheFile(readFileSync(cacheFile)), null, 'rewritten');

      // Our digest is right but V8 refuses the payload (another V8, say): compiled from source, rewritten.
      // (A source of its own: V8's in-process compilation cache would answer before the code cache.)
      const other = bundle(`${SOURCE}\n// another build`);
      const otherCache = join(cacheDir, cacheFileName(other, readFileSync(other), 'tiered'));
      writeFileSync(otherCache, encodeCacheFile(Buffer.from('not a V8 code cache at all, but long enough to look like one')));
      const rejected = run(other, cacheDir, writes);
      assert.equal(rejected.outcome, 'rejected');
      assert.equal(rejected.exports['viaModule'], true);
      writes.pop()!();
      assert.notEqual(readCacheFile(readFileSync(otherCache)), null, 'rewritten');
    });

    it('a changed bundle does not meet the old cache', () => {
      const cacheDir = join(root, 'cache');
      const writes: Array<() => void> = [];
      run(bundle(SOURCE), cacheDir, writes);
      writes.pop()!();
      // The old build's cache, unused for over a day by now.
      const [old] = readdirSync(cacheDir);
      const longAgo = new Date(Date.now() - STALE_MS - 60_000);
      utimesSync(join(cacheDir, old!), longAgo, longAgo);
      // Same length, different code: V8's own check (the source length) would accept the old cache.
      const changed = SOURCE.replace('x * 2', 'x * 3');
      const { exports, outcome } = run(bundle(changed), cacheDir, writes);
      assert.equal(outcome, 'miss');
      assert.equal((exports['twice'] as (x: number) => number)(2), 6);
      writes.pop()!();
      assert.equal(readdirSync(cacheDir).length, 1, 'the old bundle’s cache is removed');
      assert.notEqual(readdirSync(cacheDir)[0], old);
    });

    it('runs without a cache when the cache folder cannot be made', () => {
      const file = bundle(SOURCE);
      const notADir = join(root, 'not-a-dir');
      writeFileSync(notADir, '');
      const writes: Array<() => void> = [];
      const { exports, outcome } = run(file, join(notADir, 'cache'), writes);
      assert.equal(outcome, 'miss');
      assert.equal(exports['helper'], 'helper beside the bundle');
      assert.doesNotThrow(() => writes.pop()!());
      assert.equal(existsSync(join(notADir, 'cache')), false);
    });
  });
});

describe('launcher: what the bundles may not do', () => {
  // A bundle run through vm.Script without importModuleDynamically cannot import() (Node 20 throws
  // ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING, and a code-cache hit loses any callback): the engine
  // passes web-tree-sitter bytes rather than paths, and no source of ours may use import().
  /** Lines of `text` with a dynamic `import()` call (not `typeof import('x')`, not prose). */
  function importCalls(fileName: string, text: string): string[] {
    const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
    const found: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        found.push(`${fileName}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
    return found;
  }

  it('no source file under src/ calls import()', () => {
    assert.deepEqual(
      importCalls('x.ts', "// runs on import (once)\ntype T = typeof import('node:fs');\nconst m = await import('node:fs');\n"),
      ['x.ts:3'],
    );
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name)) offenders.push(...importCalls(full, readFileSync(full, 'utf8')));
      }
    };
    walk(join(__dirname, '..', '..', '..', 'src'));
    assert.deepEqual(offenders, []);
  });

  it('the engine loads the Python grammar from bytes', () => {
    const parser = readFileSync(join(__dirname, '..', '..', '..', 'src', 'core', 'parse', 'parser.ts'), 'utf8');
    assert.match(parser, /Language\.load\(await readFile\(/);
  });
});

describe('launcher: wasm tiering (src/launch/wasmTiering.ts)', () => {
  const file = (size: number): FileFacts => ({ isFile: () => true, isDirectory: () => false, size });
  const folder: FileFacts = { isFile: () => false, isDirectory: () => true, size: 4096 };
  const fs = (entries: Record<string, FileFacts>) => (path: string) => entries[path] ?? null;

  it('uses Liftoff alone for a few small Python files named on the command line', () => {
    const stat = fs({ '/w/a.py': file(2000), '/w/b.ipynb': file(30_000) });
    assert.equal(wasmTieringFor(['check', 'a.py'], '/w', stat), 'liftoff');
    assert.equal(wasmTieringFor(['check', 'a.py', 'b.ipynb', '--format', 'json'], '/w', stat), 'liftoff');
    assert.equal(wasmTieringFor(['graph', '/w/a.py'], '/elsewhere', stat), 'liftoff');
  });

  it('keeps the tier-up for folders, large or many files, and commands without Python files', () => {
    const stat = fs({ '/w/a.py': file(2000), '/w/big.py': file(LIFTOFF_ONLY_MAX_BYTES + 1), '/w/src': folder, '/w/notes.txt': file(10) });
    assert.equal(wasmTieringFor(['check'], '/w', stat), 'tiered', 'the current folder');
    assert.equal(wasmTieringFor(['check', 'src'], '/w', stat), 'tiered');
    assert.equal(wasmTieringFor(['check', 'a.py', 'src'], '/w', stat), 'tiered');
    assert.equal(wasmTieringFor(['check', 'big.py'], '/w', stat), 'tiered');
    assert.equal(wasmTieringFor(['check', 'notes.txt'], '/w', stat), 'tiered');
    assert.equal(wasmTieringFor(['check', 'missing.py'], '/w', stat), 'tiered');
    assert.equal(wasmTieringFor(['rules'], '/w', stat), 'tiered');
    const many = Array.from({ length: LIFTOFF_ONLY_MAX_FILES + 1 }, () => 'a.py');
    assert.equal(wasmTieringFor(['check', ...many], '/w', stat), 'tiered');
    const throwing = (): FileFacts => {
      throw new Error('EACCES');
    };
    assert.equal(wasmTieringFor(['check', 'a.py'], '/w', throwing), 'tiered');
  });
});
