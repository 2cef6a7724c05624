import assert from 'node:assert/strict';
import type { Language, Tree } from 'web-tree-sitter';
import { initEngine } from '../../../src/core/engine';
import { flatTree } from '../../../src/core/parse/flat';
import type { HeapViews } from '../../../src/core/parse/heap';
import { languageLayout, readTree } from '../../../src/core/parse/heap';
import { parsePython, pythonLanguage } from '../../../src/core/parse/parser';
import { heapViews } from '../../../src/core/parse/wasm';

/**
 * The memory reader refuses what it does not recognize (then copyTree walks with a cursor): a
 * language or tree whose address does not lead to what the layout expects. mirror.test.ts checks
 * that what it accepts is read right.
 */
describe('parse/heap memory reader', () => {
  let views: HeapViews;
  before(async () => {
    await initEngine();
    views = heapViews()!;
    assert.ok(views, 'the module exposes its memory views');
  });

  /** A stand-in for web-tree-sitter's object, with its address word moved by `offset`. */
  const moved = <T extends object>(object: T, offset: number): T => {
    const copy = Object.create(Object.getPrototypeOf(object) as object) as T & Record<number, number>;
    Object.assign(copy, object);
    copy[0] = (object as unknown as Record<number, number>)[0]! + offset;
    return copy;
  };

  it('reads the Python grammar: ABI 15, its symbols, aliases and fields', () => {
    const layout = languageLayout(views, pythonLanguage());
    assert.ok(layout);
    assert.equal(layout.publicSymbol.length, pythonLanguage().nodeTypeCount);
    assert.ok(
      layout.aliases.some((alias) => alias !== 0),
      'the grammar has aliases',
    );
    assert.ok(
      layout.fields.some((field) => field !== 0),
      'the grammar has fields',
    );
  });

  it('refuses a language whose address does not lead to a TSLanguage', () => {
    for (const offset of [4, -4, 64, 4096]) assert.equal(languageLayout(views, moved(pythonLanguage(), offset)), null, `offset ${offset}`);
    const nowhere = moved(pythonLanguage(), 0) as Language & Record<number, number>;
    nowhere[0] = 0;
    assert.equal(languageLayout(views, nowhere), null);
  });

  it('refuses a tree whose address does not lead to a TSTree of the language', () => {
    const layout = languageLayout(views, pythonLanguage())!;
    const tree = parsePython('x = f(1)\nif x:\n    pass\n');
    try {
      const flat = flatTree();
      assert.equal(readTree(views, layout, tree, flat), true);
      assert.equal(
        flat.count,
        18,
        'module, statement, assignment, x, =, call, f, arguments, (, 1, ), if, if, x, :, block, pass statement, pass',
      );
      for (const offset of [4, 8, -8, 72])
        assert.equal(readTree(views, layout, moved(tree, offset) as Tree, flat), false, `offset ${offset}`);
      assert.equal(readTree(views, { ...layout, address: layout.address + 4 }, tree, flat), false, 'another language');
    } finally {
      tree.delete();
    }
  });
});
