import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Node as TsNode } from 'web-tree-sitter';
import { initEngine } from '../../../src/core/engine';
import type { SyntaxNode, SyntaxTree } from '../../../src/core/parse/mirror';
import { copyTree, lastTreeWalk } from '../../../src/core/parse/mirror';
import { parsePython, parseToSyntax, pythonLanguage } from '../../../src/core/parse/parser';
import { programSource } from '../../../src/core/parse/source';
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

/**
 * Hand-written cases for the memory reader (heap.ts): each exercises one rule of how tree-sitter's
 * cursor turns the internal tree into visible nodes.
 */
const EDGE_CASES: Array<[string, string]> = [
  ['empty file', ''],
  ['only a comment', '# nothing else'],
  ['ERROR and MISSING nodes', 'def f(:\n    return (1,\nclass :\n    x = [1, 2\nprint(f"{)\n'],
  // A MISSING token after 200 spaces: too much padding for an inline leaf, so tree-sitter stores it on the heap.
  ['a MISSING node with long padding', `def f(${' '.repeat(200)}:\n    return 1\n`],
  ['a stray token at top level', ')\nx = 1\n]\n'],
  ['aliases: print and exec statements', 'print "a", x\nprint >> sys.stderr, "b"\nexec "code" in ns\n'],
  [
    'aliases: as_pattern targets',
    'with open(p) as f, g() as (a, b):\n    pass\ntry:\n    pass\nexcept (E, F) as e:\n    pass\nimport a.b as c\nfrom x import y as z\n',
  ],
  [
    'aliases: match patterns',
    'match p:\n    case [1, *rest] as whole if rest:\n        pass\n    case {"k": v, **kw}:\n        pass\n    case Point(x=0) | None:\n        pass\n',
  ],
  ['keyword identifiers', 'match = 1\ntype = 2\nprint(match, type)\nexec = print\nasync_ = await_ = 3\ntype X = list[int]\n'],
  [
    'fields inherited through hidden nodes',
    'def f(a, /, b: int = 1, *args, c, **kw) -> None:\n    return a if b else c\nx: int = 1\nlambda a, b=2: a\n',
  ],
  [
    'comments as extras between fields',
    'x = (  # c1\n    1  # c2\n)\ndef f(a,  # c3\n      b):  # c4\n    pass\nif x:  # c5\n    pass\n# c6\nelse:  # c7\n    pass\nf(a=1,  # c8\n  b=2)\n',
  ],
  ['strings with interpolation', `s = f"{a!r:>{w}} {b:{c}.{d}f} {{x}} {f'{e}'}"\nt = rb"\\d" "cat" f"{x=}"\nu = """doc\n{y}\n"""\n`],
  ['non-ASCII and astral characters', 'é = "日本語"\n𝔘 = "😀 𝔘 é"  # 😀 comment\nprint(é, 𝔘, f"{𝔘}😀")\n'],
  ['line continuations and semicolons', 'x = 1 + \\\n    2; y = 3\nif x: z = 4; w = 5\n'],
  [
    'decorators, classes, async',
    '@d\n@e.f(1)\nclass A(B, metaclass=M):\n    async def g(self):\n        async with a as b:\n            await c\n        async for i in d:\n            yield i\n',
  ],
  ['deep nesting', `x = ${'('.repeat(150)}1${')'.repeat(150)}\ny = ${'['.repeat(120)}${']'.repeat(120)}\n${nestedIfs(60)}`],
  ['deep nesting with errors', `x = ${'('.repeat(100)}1 +${')'.repeat(60)}\n`],
];

function nestedIfs(depth: number): string {
  let text = '';
  for (let i = 0; i < depth; i++) text += `${'    '.repeat(i)}if x${i}:  # level ${i}\n`;
  return `${text}${'    '.repeat(depth)}pass\n`;
}

type Walk = 'memory' | 'cursor' | 'public';

/** The copy of `text` by each walk (checking that the walk asked for is the one used). */
function copies(text: string): Record<Walk, SyntaxTree> {
  const tree = parsePython(text);
  try {
    const copy = (walk: Walk): SyntaxTree => {
      const result = copyTree(tree, text, pythonLanguage(), null, walk);
      assert.equal(lastTreeWalk(), walk, `the ${walk} walk was used`);
      return result;
    };
    return { memory: copy('memory'), cursor: copy('cursor'), public: copy('public') };
  } finally {
    tree.delete();
  }
}

/** Pre-order list of a copy's nodes. */
function preorder(root: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/** Two copies of one tree hold the same nodes, fields, error flags, parents, depth and named-node index. */
function sameCopy(actual: SyntaxTree, expected: SyntaxTree, where: string): void {
  const a = preorder(actual.rootNode);
  const e = preorder(expected.rootNode);
  assert.equal(a.length, e.length, `${where}: node count`);
  const position = new Map<SyntaxNode, number>();
  a.forEach((node, i) => position.set(node, i));
  e.forEach((node, i) => position.set(node, i));
  for (let i = 0; i < e.length; i++) {
    const [x, y] = [a[i]!, e[i]!];
    const at = `${where}: node ${i} ${y.type}@${y.startIndex}`;
    assert.deepEqual(
      [x.type, x.isNamed, x.isMissing, x.hasError, x.startIndex, x.endIndex, x.childCount],
      [y.type, y.isNamed, y.isMissing, y.hasError, y.startIndex, y.endIndex, y.childCount],
      at,
    );
    for (let c = 0; c < y.childCount; c++) assert.equal(x.fieldNameForChild(c), y.fieldNameForChild(c), `${at} field of child ${c}`);
    assert.equal(x.parent && position.get(x.parent), y.parent && position.get(y.parent), `${at} parent`);
  }
  assert.equal(actual.depth, expected.depth, `${where}: depth`);
  const index = (tree: SyntaxTree): Array<[string, number[]]> =>
    [...(tree.namedByType ?? new Map<string, SyntaxNode[]>())].map(([type, nodes]) => [type, nodes.map((n) => position.get(n)!)]);
  assert.deepEqual(index(actual), index(expected), `${where}: namedByType`);
}

function gallery(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) gallery(path, out);
    else out.push(path);
  }
  return out.sort();
}

/** The program of a gallery file (Debian compresses some notebooks): a notebook's is its code cells. */
function programText(path: string): string {
  const bytes = readFileSync(path);
  return programSource(path.replace(/\.gz$/, ''), (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')).text;
}

/** scikit-learn's example gallery as Debian ships it (python-sklearn-doc): scripts and notebooks. */
const GALLERY: Array<[string, string, RegExp]> = [
  ['scripts', '/usr/share/doc/python-sklearn-doc/examples', /\.py$/],
  ['notebooks', '/usr/share/doc/python-sklearn-doc/html/_downloads', /\.ipynb(\.gz)?$/],
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
  assert.equal(copy.namedChildCount, node.namedChildCount, `${at} namedChildCount`);
  for (let i = 0; i <= node.namedChildCount; i++)
    assert.equal(copy.namedChild(i)?.startIndex, node.namedChild(i)?.startIndex, `${at} namedChild(${i})`);
  // Field names live on the children (flags): every way of asking must agree with web-tree-sitter.
  const fields = Array.from({ length: node.childCount }, (_, i) => node.fieldNameForChild(i));
  assert.deepEqual(copy.fields, fields.some((f) => f !== null) ? fields : [], `${at} fields`);
  for (const field of new Set(fields)) {
    if (field === null) continue;
    assert.equal(copy.childForFieldName(field)?.startIndex, node.childForFieldName(field)?.startIndex, `${at} childForFieldName(${field})`);
    assert.deepEqual(
      copy.childrenForFieldName(field).map((c) => c.startIndex),
      node.childrenForFieldName(field).map((c) => c!.startIndex),
      `${at} childrenForFieldName(${field})`,
    );
  }
  assert.equal(copy.childForFieldName('no_such_field'), null, `${at} unknown field`);
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

  for (const [name, text] of EDGE_CASES) {
    it(`reads the tree out of memory as the cursors walk it: ${name}`, () => {
      const { memory, cursor, public: reference } = copies(text);
      sameCopy(memory, reference, name);
      sameCopy(cursor, reference, name);
      const tree = parsePython(text);
      try {
        compare(memory.rootNode, tree.rootNode, name);
      } finally {
        tree.delete();
      }
    });
  }

  it('the edge cases hold what they are named for (aliases, MISSING, ERROR, fields, deep nesting, astral characters)', () => {
    const edge = new Map(EDGE_CASES);
    const nodes = (name: string): SyntaxNode[] => preorder(copies(edge.get(name)!).memory.rootNode);
    const types = (name: string): Set<string> => new Set(nodes(name).map((n) => n.type));
    assert.ok(types('aliases: as_pattern targets').has('as_pattern_target'));
    assert.ok(types('aliases: print and exec statements').has('print_statement'));
    assert.ok(types('aliases: print and exec statements').has('exec_statement'));
    assert.ok(types('aliases: match patterns').has('case_pattern'));
    assert.ok(nodes('ERROR and MISSING nodes').some((n) => n.isMissing));
    assert.ok(nodes('ERROR and MISSING nodes').some((n) => n.isError));
    assert.ok(nodes('a MISSING node with long padding').some((n) => n.isMissing));
    assert.ok(nodes('comments as extras between fields').some((n) => n.type === 'comment' && n.parent?.type !== 'module'));
    assert.ok(nodes('fields inherited through hidden nodes').some((n) => n.fields.includes('parameters')));
    assert.ok(copies(edge.get('deep nesting')!).memory.depth > 150);
    const astral = nodes('non-ASCII and astral characters');
    assert.ok(
      astral.some((n) => n.type === 'identifier' && n.text === '𝔘' && n.endIndex - n.startIndex === 2),
      'UTF-16 offsets',
    );
  });

  for (const [label, dir, pattern] of GALLERY) {
    it(`reads every tree of scikit-learn's gallery ${label} out of memory as the public cursor walks it`, function () {
      if (!existsSync(dir)) this.skip();
      const files = gallery(dir).filter((f) => pattern.test(f));
      assert.ok(files.length > 200, `${files.length} ${label}`);
      for (const path of files) {
        const { memory, public: reference } = copies(programText(path));
        sameCopy(memory, reference, path);
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
    const previous = parseToSyntax(before);
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

  it('keeps the flags, fields and positions of reused statements, moved to another line and column offset', () => {
    // The second function is broken (its tokens end up at the top level, its parameters hold an
    // error); after the edit everything moves three lines down and must keep isNamed, isMissing,
    // hasError, fields and positions.
    const before = 'def f(a, *, b=1):\n    return g(a)[b]\n\ndef h(:\n    return (1,\n';
    const after = '# é𝔘 moved\n\n\ndef f(a, *, b=1):\n    return g(a)[b]\n\ndef h(:\n    return (1,\n';
    const previous = parseToSyntax(before);
    const old = previous.rootNode.children.map((c) => [c, c.hasError, c.isNamed, c.isMissing] as const);
    assert.ok(
      old.some(([, hasError]) => hasError),
      'a statement with an error',
    );
    const second = parsePython(after);
    try {
      const copy = copyTree(second, after, pythonLanguage(), previous);
      const reused = copy.rootNode.children.filter((c) => old.some(([node]) => node === c));
      assert.ok(
        reused.some((c) => c.hasError) && reused.some((c) => !c.isNamed),
        'reused: a node with an error (parameters) and anonymous tokens',
      );
      for (const node of reused) {
        const [, hasError, isNamed, isMissing] = old.find(([n]) => n === node)!;
        assert.deepEqual([node.hasError, node.isNamed, node.isMissing], [hasError, isNamed, isMissing], node.type);
      }
      assert.equal(copy.rootNode.hasError, second.rootNode.hasError, 'the root');
      compare(copy.rootNode, second.rootNode, 'moved');
      // Positions of the old copy's other nodes are those of the new text now (the nodes moved).
      const def = reused.find((c) => c.type === 'function_definition')!;
      assert.deepEqual(
        [def.startPosition, def.endPosition],
        [
          { row: 3, column: 0 },
          { row: 4, column: 18 },
        ],
      );
    } finally {
      second.delete();
    }
  });

  it('answers namedChildren with the children array itself when every child is named, a new array otherwise', () => {
    const text = 'f(a, b)\nx = [1, 2]\n';
    const tree = parsePython(text);
    const copy = copyTree(tree, text, pythonLanguage());
    tree.delete();
    const all = preorder(copy.rootNode);
    const module = copy.rootNode;
    assert.equal(module.namedChildren, module.children, 'module: all named');
    const args = all.find((n) => n.type === 'argument_list')!;
    assert.notEqual(args.namedChildren, args.children);
    assert.deepEqual(
      args.namedChildren.map((c) => c.text),
      ['a', 'b'],
    );
    assert.equal(args.namedChildCount, 2);
    assert.equal(args.namedChild(1)!.text, 'b');
    assert.equal(args.namedChild(2), null);
    assert.equal(args.namedChild(-1), null);
  });

  it('keeps the depth right over generations of reused statements', () => {
    const versions = [
      'def f():\n    if a:\n        if b:\n            return [[1]]\n\nx = 1\n',
      'def f():\n    if a:\n        if b:\n            return [[1]]\n\nx = 2\n',
      '# top\ndef f():\n    if a:\n        if b:\n            return [[1]]\n\nx = (((2)))\n',
      '# top\ndef f():\n    if a:\n        if b:\n            return [[1]]\n\nx = 3\ny = 4\n',
    ];
    let previous: SyntaxTree | null = null;
    for (const [i, text] of versions.entries()) {
      const tree = parsePython(text);
      try {
        const copy = copyTree(tree, text, pythonLanguage(), previous);
        const fresh = copyTree(tree, text, pythonLanguage());
        if (i > 0)
          assert.equal(copy.rootNode.children[i < 2 ? 0 : 1], previous!.rootNode.children[i < 3 ? 0 : 1], `version ${i}: f reused`);
        assert.equal(copy.depth, fresh.depth, `version ${i}: depth`);
        assert.deepEqual(copy.statementDepths, fresh.statementDepths, `version ${i}: statement depths`);
        compare(copy.rootNode, tree.rootNode, `version ${i}`);
        previous = copy;
      } finally {
        tree.delete();
      }
    }
  });

  it('reads a tree re-parsed incrementally (sharing subtrees with the old one) as the public cursor walks it', () => {
    const before = 'import os\n\ndef f(a):\n    return [a, os.sep]\n\nx = f(1)\n';
    const after = 'import os\n\ndef f(a, b=2):\n    return [a, os.sep]\n\nx = f(1)\n';
    const old = parsePython(before);
    const at = before.indexOf('a)');
    old.edit({
      startIndex: at + 1,
      oldEndIndex: at + 1,
      newEndIndex: at + 6,
      startPosition: { row: 2, column: 7 },
      oldEndPosition: { row: 2, column: 7 },
      newEndPosition: { row: 2, column: 12 },
    });
    const tree = parsePython(after, old);
    try {
      const memory = copyTree(tree, after, pythonLanguage());
      assert.equal(lastTreeWalk(), 'memory');
      sameCopy(memory, copyTree(tree, after, pythonLanguage(), null, 'public'), 'incremental');
      compare(memory.rootNode, tree.rootNode, 'incremental');
    } finally {
      tree.delete();
      old.delete();
    }
  });
});
