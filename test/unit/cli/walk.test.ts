import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { UsageError } from '../../../src/core/errors';
import { collectFiles, walkDirectory } from '../../../src/core/files/walk';

function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

function relativeAll(root: string, files: readonly string[]): string[] {
  return files.map((file) => relative(root, file).split(sep).join('/'));
}

describe('cli file walker', () => {
  let root: string;
  const warnings: string[] = [];
  const warn = (message: string): void => {
    warnings.push(message);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlh-walk-'));
    warnings.length = 0;
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds .py and .ipynb files, honouring root and nested .gitignore files and skipping tool folders', async () => {
    writeTree(root, {
      '.gitignore': 'build/\n*.tmp.py\n!keep.tmp.py\n',
      'a.py': '',
      'b.ipynb': '{}',
      'notes.txt': '',
      'x.tmp.py': '',
      'keep.tmp.py': '',
      'build/c.py': '',
      'node_modules/d.py': '',
      '.venv/e.py': '',
      'venv/e.py': '',
      '__pycache__/f.py': '',
      '.ipynb_checkpoints/g-checkpoint.ipynb': '{}',
      'lib/site-packages/s.py': '',
      '.git/hooks/h.py': '',
      'pkg/.gitignore': 'secret.py\n/local/\n',
      'pkg/main.py': '',
      'pkg/secret.py': '',
      'pkg/local/h.py': '',
      'pkg/sub/local/i.py': '',
      'pkg/sub/.gitignore': '!secret.py\n',
      'pkg/sub/secret.py': '',
      'UPPER.PY': '',
    });
    symlinkSync(join(root, 'pkg'), join(root, 'link'), 'dir');
    symlinkSync(join(root, 'a.py'), join(root, 'linkfile.py'));
    const files = await walkDirectory(root, warn);
    assert.deepEqual(relativeAll(root, files), [
      'UPPER.PY',
      'a.py',
      'b.ipynb',
      'keep.tmp.py',
      'linkfile.py',
      'pkg/main.py',
      'pkg/sub/local/i.py',
      'pkg/sub/secret.py',
    ]);
    assert.deepEqual(warnings, []);
  });

  it('lists a deep tree depth first, each folder sorted, though its folders are read at the same time', async () => {
    const paths: string[] = [];
    // Folders of very different depths and sizes, so that their reads finish out of order.
    for (const top of ['a', 'b', 'c']) {
      paths.push(`${top}.py`);
      for (let i = 0; i < 6; i++) {
        paths.push(`${top}/f${i}.py`);
        let dir = `${top}/d${i}`;
        for (let depth = 0; depth < (i * 7) % 5; depth++) dir += `/n${depth}`;
        paths.push(`${dir}/deep.py`, `${dir}/deeper.ipynb`);
      }
    }
    writeTree(root, Object.fromEntries(paths.map((path) => [path, ''])));
    // What a walk one folder at a time gives: each folder's entries sorted by name, a folder's files where its name falls.
    const expected = (dir: string): string[] =>
      [...new Set(paths.filter((path) => path.startsWith(dir)).map((path) => path.slice(dir.length).split('/')[0]!))]
        .sort()
        .flatMap((name) => (paths.includes(dir + name) ? [dir + name] : expected(`${dir}${name}/`)));
    assert.deepEqual(relativeAll(root, await walkDirectory(root, warn)), expected(''));
  });

  it('applies .gitignore files above the folder up to the repository root', async () => {
    writeTree(root, {
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'generated/\n',
      'src/model.py': '',
      'src/generated/out.py': '',
      'generated/top.py': '',
    });
    assert.deepEqual(relativeAll(root, await collectFiles(['src'], { cwd: root, warn })), ['src/model.py']);
    // A folder named on the command line is walked even when ignored.
    assert.deepEqual(relativeAll(root, await collectFiles(['generated'], { cwd: root, warn })), ['generated/top.py']);
  });

  it('ignores .gitignore files above a repository root', async () => {
    writeTree(root, { '.gitignore': '*.py\n', 'repo/.git/HEAD': '', 'repo/a.py': '' });
    assert.deepEqual(relativeAll(root, await collectFiles(['repo'], { cwd: root, warn })), ['repo/a.py']);
  });

  it('checks files named explicitly even when ignored or not .py, without duplicates', async () => {
    writeTree(root, { '.gitignore': 'skip.py\n', 'skip.py': '', script: '', 'a.py': '' });
    const files = await collectFiles(['skip.py', 'script', '.', 'a.py'], { cwd: root, warn });
    assert.deepEqual(relativeAll(root, files), ['skip.py', 'script', 'a.py']);
  });

  it('rejects a path that does not exist with a usage error naming it', async () => {
    writeTree(root, { 'a.py': '' });
    await assert.rejects(collectFiles(['a.py', 'missing/dir'], { cwd: root, warn }), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, 'path not found: missing/dir');
      return true;
    });
  });

  it('warns about a folder it cannot read and goes on', async function () {
    if (process.getuid?.() === 0) this.skip(); // root reads everything
    writeTree(root, { 'a.py': '', 'locked/b.py': '' });
    chmodSync(join(root, 'locked'), 0o000);
    try {
      assert.deepEqual(relativeAll(root, await walkDirectory(root, warn)), ['a.py']);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /^cannot read directory .*locked/);
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });
});
