import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../src/core/config';
import { ConfigResolver, nearestConfig } from '../../../src/core/project/configs';
import { makeTree, removeTree } from '../config/helpers';

describe('project/configs: the configuration of each folder', () => {
  let root: string;
  beforeEach(() => {
    root = makeTree({
      'pyproject.toml': '[tool.ml-hygiene]\nignore = ["MLH101"]\n',
      'a/b/c/x.py': '',
      'a/b/d/x.py': '',
      // A sub-package's pyproject.toml without the section does not hide the project's.
      'pkg/pyproject.toml': '[project]\nname = "pkg"\n',
      'pkg/src/x.py': '',
      'inner/pyproject.toml': '[tool.ml-hygiene]\nignore = ["MLH102"]\n',
      'inner/deep/er/x.py': '',
      'broken/pyproject.toml': '[tool.ml-hygiene\nignore = 1\n',
      'broken/sub/x.py': '',
    });
  });
  afterEach(() => removeTree(root));

  const folders = (): string[] =>
    [
      '',
      'a',
      'a/b',
      'a/b/c',
      'a/b/d',
      'pkg',
      'pkg/src',
      'inner',
      'inner/deep',
      'inner/deep/er',
      'broken',
      'broken/sub',
      'missing/folder',
    ].map((folder) => join(root, folder));

  it('finds what the walk from each folder finds, asked in any order', () => {
    for (const order of [folders(), folders().reverse()]) {
      const source = nearestConfig();
      for (const folder of order) assert.deepEqual(source.forDirectory(folder), loadConfig(folder), folder);
    }
  });

  it('gives the folders under one configuration file one object, overrides applied once', () => {
    const resolver = new ConfigResolver(() => {}, { overrides: { extendSelect: ['MLH501'] } });
    const [deep, other, inner] = [join(root, 'a/b/c/x.py'), join(root, 'pkg/src/x.py'), join(root, 'inner/deep/er/x.py')];
    assert.equal(resolver.configFor(deep), resolver.configFor(other));
    assert.notEqual(resolver.configFor(deep), resolver.configFor(inner));
    assert.deepEqual(resolver.configFor(deep).extendSelect, ['MLH501']);
    assert.deepEqual(resolver.configFor(inner).ignore, ['MLH102']);
  });

  it('reports a broken configuration once, for all the folders under it', () => {
    const problems: string[] = [];
    const resolver = new ConfigResolver((problem) => problems.push(problem.message));
    resolver.configFor(join(root, 'broken/sub/x.py'));
    resolver.configFor(join(root, 'broken/x.py'));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /invalid TOML/);
  });

  it('reads the files again after clear()', () => {
    const resolver = new ConfigResolver(() => {});
    const file = join(root, 'a/b/c/x.py');
    assert.deepEqual(resolver.configFor(file).ignore, ['MLH101']);
    mkdirSync(join(root, 'a/b'), { recursive: true });
    writeFileSync(join(root, 'a/b/pyproject.toml'), '[tool.ml-hygiene]\nignore = ["MLH003"]\n');
    assert.deepEqual(resolver.configFor(file).ignore, ['MLH101']); // loaded once
    resolver.clear();
    assert.deepEqual(resolver.configFor(file).ignore, ['MLH003']);
  });
});
