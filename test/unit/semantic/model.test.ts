import assert from 'node:assert/strict';
import { initEngine, withModel } from '../../../src/core/engine';
import { pythonSource } from '../../../src/core/parse/source';
import type { ScriptModel } from '../../../src/core/semantic';
import { nodesOfType } from '../../../src/core/semantic';
import { BindingIndex } from '../../../src/core/semantic/bindings';
import fc from 'fast-check';
import { Lines } from '../../../src/core/semantic/lines';
import { commentHeading as headingOf } from '../../../src/core/semantic/sections';

const commentHeading = (lines: string[], from?: number, to?: number): string | null => headingOf(Lines.of(lines.join('\n')), from, to);

const sectionsOf = (text: string): Array<[number, string, string | null]> =>
  withModel(pythonSource('s.py', text), (model: ScriptModel) => model.sections.map((s) => [s.startLine, s.origin, s.title]));

describe('the script model (semantic/index.ts buildModel)', () => {
  before(() => initEngine());

  it('gives statements that bind, read, mutate or delete nothing one shared empty set that refuses to change', () => {
    withModel(pythonSource('p.py', 'a = 1\nb = a\nprint(b)\ndel b\nc = [1]\nc[0] = 2\n'), (model) => {
      const [a, b, printed, deleted, , mutated] = model.statements;
      assert.deepEqual([...a!.defs], ['a']);
      assert.deepEqual([...b!.defs], ['b']);
      assert.deepEqual([...b!.uses], ['a']);
      assert.deepEqual([...printed!.uses], ['print', 'b']);
      assert.deepEqual([...deleted!.deletes], ['b']);
      assert.deepEqual([...mutated!.mutates], ['c']);
      assert.notEqual(a!.defs, b!.defs, 'each statement that binds a name has a set of its own');
      assert.equal(a!.uses.size, 0);
      assert.equal(a!.uses, printed!.defs, 'no names: the one shared set');
      assert.throws(() => (a!.uses as Set<string>).add('x'), /read-only/);
      assert.throws(() => (a!.mutates as Set<string>).clear(), /read-only/);
      assert.equal(a!.uses.size, 0);
    });
  });

  it('gives calls without keyword arguments one shared empty map that refuses to change', () => {
    withModel(pythonSource('p.py', 'f(1)\ng(2, k=3)\nh()\n'), (model) => {
      const [f, g, h] = model.calls;
      assert.deepEqual([...g!.keywords.keys()], ['k']);
      assert.equal(f!.keywords.size, 0);
      assert.equal(f!.keywords, h!.keywords);
      assert.throws(() => (f!.keywords as Map<string, unknown>).set('k', null), /read-only/);
    });
  });

  it('records phases per statement, a statement without any sharing the empty set', () => {
    const text = 'import pandas as pd\ndf = pd.read_csv("a.csv")\nx = 1\n';
    withModel(pythonSource('p.py', text), (model) => {
      assert.deepEqual(
        model.statements.map((s) => [...s.phases]),
        [[], ['data'], []],
      );
      assert.throws(() => (model.statements[2]!.phases as Set<string>).add('data'), /read-only/);
    });
  });

  it('reads a cell marker only from a comment at the start of a line, after `#` and any whitespace', () => {
    assert.deepEqual(sectionsOf('x = 1  # %% not a marker\ny = 2\n'), [[0, 'file', null]]);
    assert.deepEqual(sectionsOf('#%% A\nx = 1\n#\t %%  B\ny = 2\n#\u00a0%% C\nz = 3\n'), [
      [0, 'cell-marker', 'A'],
      [2, 'cell-marker', 'B'],
      [4, 'cell-marker', 'C'],
    ]);
    assert.deepEqual(sectionsOf('# Index\nx = 1\n# In [3]:\ny = 2\n# % not a marker\nz = 3\n# x %%\n'), [
      [0, 'file', null],
      [2, 'in-marker', null],
    ]);
    assert.deepEqual(sectionsOf('if x:\n    pass\n    # %% indented\ny = 1\n'), [[0, 'file', null]]);
  });

  it('reads pragmas in comments at any depth, and none from a program without `mlh:`', () => {
    const text = 'def f():\n    return g(1)  # mlh: ignore[MLH101]\n# mlh: ignore\nx = 1\n';
    withModel(pythonSource('p.py', text), (model) => {
      assert.deepEqual([...model.suppressions.keys()].sort(), [1, 2]);
      assert.deepEqual([...model.suppressions.get(1)!.codes], ['MLH101']);
    });
    withModel(pythonSource('p.py', text.replace(/mlh:/g, 'mlh ')), (model) => assert.equal(model.suppressions.size, 0));
  });
});

describe('commentHeading (semantic/sections.ts)', () => {
  it('finds the first heading of the comment block, markdown or underlined, in the order they come', () => {
    assert.equal(commentHeading(['# Title', '# =====', '# ## Other']), 'Title');
    assert.equal(commentHeading(['# ## Markdown', '# Title', '# -----']), 'Markdown');
    assert.equal(commentHeading(['# some prose', '# Title', '# ~~~', '# ## Later']), 'Title');
    assert.equal(commentHeading(['# Ab', '# ---']), 'Ab', 'an underline as long as a short title');
    assert.equal(commentHeading(['# Title', '# --']), null, 'an underline shorter than three characters');
    assert.equal(commentHeading(['#', '# ---']), null, 'nothing to underline');
    assert.equal(commentHeading(['# Title\r', '# -----\r']), 'Title', 'CRLF lines');
  });

  it('stops at the first line that is not a comment, and at the given end', () => {
    assert.equal(commentHeading(['# Title', 'x = 1', '# -----']), null);
    assert.equal(commentHeading(['x = 1', '# ## Below']), null);
    assert.equal(commentHeading(['# Title', '# -----'], 0, 1), null);
    assert.equal(commentHeading(['x', '# ## T'], 1), 'T');
  });
});

describe('Lines (semantic/lines.ts)', () => {
  /** What the model computed from `text.split('\n')` before. */
  const codeLinesOf = (lines: string[], from: number, to: number): number => {
    let n = 0;
    for (let i = from; i <= to && i < lines.length; i++) {
      const trimmed = lines[i]!.trim();
      if (trimmed !== '' && !trimmed.startsWith('#')) n++;
    }
    return n;
  };
  const texts = fc
    .array(fc.constantFrom('a', ' ', '\t', '#', '\n', '\r', '\u00a0', '\u2028', 'é', '\ud83d\ude00'), { maxLength: 40 })
    .map((cs) => cs.join(''));

  it('reads the lines text.split("\\n") gives, and the lines holding code', () => {
    fc.assert(
      fc.property(texts, fc.nat(12), fc.nat(12), (text, from, to) => {
        const lines = Lines.of(text);
        const split = text.split('\n');
        assert.equal(lines.length, split.length);
        for (let i = -1; i <= split.length; i++) assert.equal(lines.at(i), split[i]);
        assert.equal(lines.codeLines(from, to), codeLinesOf(split, from, to));
      }),
    );
  });

  it('counts code lines per statement as the model reports them', () => {
    const text = 'x = [\n  1,  # one\n\n  # two\n  2]\r\n\u00a0# three\ny = 1\n';
    withModel(pythonSource('p.py', text), (model) => {
      assert.deepEqual(
        model.statements.map((s) => [s.kind, s.codeLines]),
        [
          ['assignment', 3],
          ['other', 0], // the no-break space is no Python: an error statement, on a line that holds only a comment after it
          ['assignment', 1],
        ],
      );
      assert.equal(model.codeLines, 4);
      assert.deepEqual(model.lines, text.split('\n'));
    });
  });
});

describe('BindingIndex (semantic/bindings.ts) in a program without a walrus', () => {
  before(() => initEngine());

  const PROGRAMS = [
    'import os\nfrom a import (b as c, d)\nx = y = f(1, k=[i for i in z])\nfor p, (q, *r) in items():\n    s = p\nwith open(x) as fh, g() as (u, v):\n    w = fh.read()\ntry:\n    import json\nexcept ValueError as err:\n    del w\nif x:\n    def h(a, b=c, *args, **kw):\n        global x\n        t = a\n        return lambda m: m + t\nclass K(Base):\n    attr = 1\n    def meth(self):\n        return attr\nmatch x:\n    case [1, rest] as whole:\n        pass\nn: int = 3\nn += 1\n',
    'f(import os)\nx = g(y, (from m import q))\nprint(x)\n',
    'value = call(a)[0].attr["k"] + other(b) if c else {d: e for d, e in f}\n',
  ];

  it('finds the same bindings as the walk of every expression', () => {
    for (const text of PROGRAMS) {
      withModel(pythonSource('b.py', text), (model) => {
        const full = new BindingIndex(true);
        const quick = new BindingIndex(false);
        const names = nodesOfType(model, 'identifier');
        assert.ok(names.length > 5);
        for (const name of names) {
          const a = full.lookup(name, name.text);
          const b = quick.lookup(name, name.text);
          assert.equal(b?.scope.id, a?.scope.id, `${name.text} at ${name.startPosition.row}`);
          assert.deepEqual(
            b?.bindings.map((x) => [x.value?.id, x.parameter]),
            a?.bindings.map((x) => [x.value?.id, x.parameter]),
            `${name.text} at ${name.startPosition.row}`,
          );
        }
      });
    }
  });

  it('is only used for a program the copy says has no walrus', () => {
    const bound = (text: string): number | undefined =>
      withModel(
        pythonSource('w.py', text),
        (model) => model.bindings.lookup(nodesOfType(model, 'identifier').at(-1)!, 'y')?.bindings.length,
      );
    assert.equal(bound('x = f((y := 2))\nprint(y)\n'), 1);
    assert.equal(bound('x = [(y := i) for i in z]\nprint(y)\n'), 1);
    assert.equal(bound('x = f(2)\nprint(y)\n'), undefined);
  });
});
