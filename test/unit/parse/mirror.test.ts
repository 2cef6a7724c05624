import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Node as TsNode } from 'web-tree-sitter';
import { initEngine } from '../../../src/core/engine';
import type { SyntaxNode } from '../../../src/core/parse/mirror';
import { copyTree, lastTreeWalk } from '../../../src/core/parse/mirror';
import { parsePython, pythonLanguage } from '../../../src/core/parse/parser';
import { directCursorAvailable } from '../../../src/core/parse/wasm';

/**
 * The plain copy of a tree (mirror.ts) must say what web-tree-sitter's own `Node` says about every
 * node: type, named, missing, offsets, positions, field names, error flags. The copy walks with a
 * cursor kept in the module's transfer buffer (wasm.ts); the reference here is the public API.
 */
const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'rules');

const BROKEN = [
  'def f(:\n    return 1\n',
  'x = (1, 2\ny = 3\n',
  'if x\n    pass\nprint("é", 𝔘)\n',
  'for i in range(3):\nprint(i)\n',
  'class A:\n    def g(self):\n        return [1, 2,\n',
  'a = 1 +\n',
  'print "old"\n',
  '',
  '\n\n',
  's = "日本語" ; t = f"{s!r:>10}" # 😀 comment\n',
  'x = lambda: (yield)\nasync def f():\n    async with a as b:\n        await c\n',
  'match p:\n    case [1, *rest] if rest:\n        pass\n    case {"k": v}:\n        pass\n',
];

function sources(): Array<[string, string]> {
  const files = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((f): [string, string] => [f, readFileSync(join(FIXTURES, f), 'utf8')]);
  return [...files, ...BROKEN.map((text, i): [string, string] => [`broken ${i}`, text])];
}

function compare(copy: SyntaxNode, node: TsNode, where: string): void {
  const at = `${where} > ${node.type}@${node.startIndex}`;
  assert.equal(copy.type, node.type, at);
  assert.equal(copy.isNamed, node.isNamed, `${at} isNamed`);
  assert.equal(copy.isMissing, node.isMissing, `${at} isMissing`);
  assert.equal(copy.hasError, node.hasError, `${at} hasError`);
  assert.equal(copy.startIndex, node.startIndex, `${at} startIndex`);
  assert.equal(copy.endIndex, node.endIndex, `${at} endIndex`);
  assert.deepEqual(copy.startPosition, node.startPosition, `${at} startPosition`);
  assert.deepEqual(copy.endPosition, node.endPosition, `${at} endPosition`);
  assert.equal(copy.text, node.text, `${at} text`);
  assert.equal(copy.childCount, node.childCount, `${at} childCount`);
  for (let i = 0; i < node.childCount; i++) {
    assert.equal(copy.fieldNameForChild(i), node.fieldNameForChild(i), `${at} field of child ${i}`);
    compare(copy.child(i)!, node.child(i)!, at);
  }
  assert.deepEqual(
    copy.namedChildren.map((c) => c.startIndex),
    node.namedChildren.map((c) => c!.startIndex),
    `${at} namedChildren`,
  );
}

describe('parse/mirror copyTree', () => {
  before(async () => {
    await initEngine();
  });

  it('walks with the direct cursor in this build of web-tree-sitter', () => {
    assert.equal(directCursorAvailable(), true);
  });

  it('the broken snippets hold MISSING and ERROR nodes (what the comparison must cover)', () => {
    let missing = 0;
    let errors = 0;
    for (const text of BROKEN) {
      const tree = parsePython(text);
      const stack = [copyTree(tree, text, pythonLanguage()).rootNode];
      tree.delete();
      while (stack.length > 0) {
        const node = stack.pop()!;
        if (node.isMissing) missing++;
        if (node.isError) errors++;
        stack.push(...node.children);
      }
    }
    assert.ok(missing > 0 && errors > 0, `${missing} missing, ${errors} errors`);
  });

  for (const walk of ['memory', 'cursor', 'public'] as const) {
    it(`copies every node as web-tree-sitter reports it (${walk})`, () => {
      const all = sources();
      assert.ok(all.length > 20, 'the rule fixtures are there');
      for (const [name, text] of all) {
        const tree = parsePython(text);
        try {
          compare(copyTree(tree, text, pythonLanguage(), null, walk).rootNode, tree.rootNode, name);
          assert.equal(lastTreeWalk(), walk, name);
        } finally {
          tree.delete();
        }
      }
    });
  }

  it('gathers the named nodes by type in document order, as a walk of the copy finds them', () => {
    for (const [name, text] of sources()) {
      const tree = parsePython(text);
      const copy = copyTree(tree, text, pythonLanguage());
      tree.delete();
      const walked = new Map<string, SyntaxNode[]>();
      const stack = [copy.rootNode];
      while (stack.length > 0) {
        const node = stack.pop()!;
        if (node.isNamed) walked.set(node.type, [...(walked.get(node.type) ?? []), node]);
        for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
      }
      const byType: ReadonlyMap<string, readonly SyntaxNode[]> | undefined = copy.namedByType;
      assert.ok(byType, name);
      assert.deepEqual([...byType.keys()].sort(), [...walked.keys()].sort(), name);
      for (const [type, nodes] of walked) {
        const gathered: readonly SyntaxNode[] = byType.get(type)!;
        assert.equal(gathered.length, nodes.length, `${name}: ${type}`);
        nodes.forEach((node, i) => assert.equal(gathered[i], node, `${name}: ${type} #${i}`));
      }
    }
  });

  it('reuses unchanged statements of the previous copy, moved to their new place', () => {
    const before = 'import os\n\nx = 1\n\ndef f():\n    return os.sep\n';
    const after = 'import os\n# a new comment\n\nx = 1\n\ndef f():\n    return os.sep\n';
    const first = parsePython(before);
    const previous = copyTree(first, before, pythonLanguage());
    first.delete();
    const oldDef = previous.rootNode.children.find((c) => c.type === 'function_definition')!;
    const second = parsePython(after);
    try {
      const copy = copyTree(second, after, pythonLanguage(), previous);
      const newDef = copy.rootNode.children.find((c) => c.type === 'function_definition')!;
      assert.equal(newDef, oldDef, 'the same object');
      assert.equal(copy.namedByType, undefined, 'no index over reused nodes: nodesOfType walks');
      compare(copy.rootNode, second.rootNode, 'edited');
    } finally {
      second.delete();
    }
  });
});
