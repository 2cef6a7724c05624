import assert from 'node:assert/strict';
import { analyzeText, initEngine } from '../../../src/core/engine';
import { notebookSource } from '../../../src/core/parse/source';
import type { MagicKind } from '../../../src/core/parse/source';
import { cellEdits } from '../../../src/core/refactors/apply';
import { notebook } from '../rules/tester';

/**
 * Which lines of a notebook cell are IPython rather than Python, case by case, following the
 * transformers of IPython 7+ (`IPython.core.inputtransformer2`) and the cases of its own tests
 * (`IPython/core/tests/test_inputtransformer2.py`), restated here: the cell, then each IPython
 * command as [first line (1-based in the cell), kind, continuation lines it takes after that].
 */
type Expected = Array<[line: number, kind: MagicKind, extra?: number]>;

const CASES: Array<[what: string, cell: string, expected: Expected]> = [
  // Escapes at the start of a logical line, going on over backslash continuations.
  ['a line magic continued by a backslash', 'a = f()\n%foo \\\nbar\ng()', [[2, 'line-magic', 1]]],
  ['a line magic indented in a block', 'for a in range(5):\n    %ls', [[2, 'line-magic']]],
  [
    'a shell line and a captured shell line',
    '!pip install x\n!!ls',
    [
      [1, 'shell'],
      [2, 'shell'],
    ],
  ],
  ['`%%name` below the first line is a (failing) line magic', 'x = 1\n%%time\ny = 2', [[2, 'line-magic']]],
  ['a comment first: `%%name` is not a cell magic', '# time it\n%%time\ny = 2', [[2, 'line-magic']]],
  // Assignments of a magic's or a shell command's output.
  ['`b = %foo` continued by a backslash', 'a = f()\nb = %foo \\\n  bar\ng()', [[2, 'assigned-magic', 1]]],
  ['`b = !foo` continued by a backslash', 'a = f()\nb = !foo \\\n  bar\ng()', [[2, 'assigned-magic', 1]]],
  ['`res =! ls` after a dedent', 'def test():\n  for i in range(1):\n    print(i)\n  res =! ls', [[4, 'assigned-magic']]],
  [
    '`a =  !ls` and `a=!ls`',
    'a =  !ls\na=!ls',
    [
      [1, 'assigned-magic'],
      [2, 'assigned-magic'],
    ],
  ],
  [
    'an item or a tuple as the target',
    'd["files"] = !ls\nout, = %sx ls',
    [
      [1, 'assigned-magic'],
      [2, 'assigned-magic'],
    ],
  ],
  ['`=` inside brackets or a comparison is not an assignment', 'f(a=1) != 2\nx = y == 3', []],
  // Autocall escapes.
  [
    '`,f 1 2 3`, `;f 1 2 3` and `/f 1 2 3`',
    ',f 1 2 3\n;f 1 2 3\n/f 1 2 3',
    [
      [1, 'autocall'],
      [2, 'autocall'],
      [3, 'autocall'],
    ],
  ],
  // Help: a logical line whose last token is `?` or `??`, or that starts with one.
  [
    '`foo?` and `foo??`',
    'foo?\nfoo??',
    [
      [1, 'help'],
      [2, 'help'],
    ],
  ],
  ['help on a magic', '%foo?', [[1, 'help']]],
  ['help on a cell magic on the first line', '%%timeit?\nx = 1', [[1, 'help']]],
  [
    '`?foo` and `??foo.bar`',
    '?foo\n??foo.bar',
    [
      [1, 'help'],
      [2, 'help'],
    ],
  ],
  ['help at the end of an expression', 'a = b + c?', [[1, 'help']]],
  ['help after a backslash continuation', 'a = \\\nzip?', [[1, 'help', 1]]],
  ['help at the end of a logical line over two lines', '(a,\nb) = zip?\nc = 1', [[1, 'help', 1]]],
  ['a `?` in a comment is not help', 'foo  # bar?', []],
  ['nor in a string', 'foo = """bar?\n"""\nx = "baz?"', []],
  // Cell magics: the first line that is not blank.
  ['a cell magic with a Python body', '%%time\nx = 1', [[1, 'cell-magic']]],
  ['a cell magic after blank lines', '\n\n%%bash\nls -l', [[3, 'cell-magic']]],
  // Not at the start of a logical line: Python.
  [
    'black puts `%` at the start of a line inside brackets',
    'ax.set_title(\n    "n_clusters = %d"\n    % n_clusters,\n)\n%time f()',
    [[5, 'line-magic']],
  ],
  ['`%` after a backslash continuation', 'x = a \\\n    % b\n!ls', [[3, 'shell']]],
  ['escapes inside a triple-quoted string', 'doc = """\n%not a magic\n!nor shell\n?nor help\n"""\n%who', [[6, 'line-magic']]],
  ['escapes inside a string continued by a backslash', "s = 'a\\\n%d'\n%who", [[3, 'line-magic']]],
  ['a bracket in a comment or a string opens nothing', "s = '('  # [\n%who", [[2, 'line-magic']]],
  ['a magic in a block after a comment line', 'if x:\n    # list\n    !ls', [[3, 'shell']]],
  // Automagic (kept from before: IPython runs these without `%`).
  [
    'automagic aliases, not names used as Python',
    'ls ../input\nls = [1, 2]\nls [0]\ncd data',
    [
      [1, 'line-magic'],
      [4, 'line-magic'],
    ],
  ],
];

describe("IPython's logical-line rules in notebook cells", () => {
  before(initEngine);

  for (const [what, cell, expected] of CASES) {
    it(what, () => {
      const source = notebookSource('n.ipynb', [{ kind: 'code', text: cell }]);
      const actual = source.magics.map((m): Expected[number] => (m.extraLines ? [m.line + 1, m.kind, m.extraLines] : [m.line + 1, m.kind]));
      assert.deepEqual(actual, expected);
      // Every case is Python once its IPython lines are masked.
      const cellLines = cell.split('\n').length;
      assert.equal(source.text.split('\n').length, cellLines, 'line numbers are kept');
      assert.deepEqual(analyzeText('n.ipynb', notebook([cell])).syntaxErrors, []);
    });
  }

  it('protects the continuation lines of an IPython command from edits', () => {
    const source = notebookSource('n.ipynb', [{ kind: 'code', text: 'a = 1\nb = !foo \\\n  bar\nc = 2' }]);
    const at = (line: number) => ({ range: { start: { line, character: 0 }, end: { line, character: 1 } }, newText: 'x' });
    assert.throws(() => cellEdits(source, [at(2)]), /IPython line 3 of cell 1/);
    assert.equal(cellEdits(source, [at(3)]).get(0)?.length, 1);
  });
});
