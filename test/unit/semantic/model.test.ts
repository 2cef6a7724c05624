import assert from 'node:assert/strict';
import { initEngine, withModel } from '../../../src/core/engine';
import { pythonSource } from '../../../src/core/parse/source';
import type { ScriptModel } from '../../../src/core/semantic';
import { commentHeading } from '../../../src/core/semantic/sections';

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
