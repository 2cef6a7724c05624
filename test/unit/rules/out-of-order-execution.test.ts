import assert from 'node:assert/strict';
import { analyzeNotebookCells, initEngine } from '../../../src/core/engine';
import { defaultConfig } from '../../../src/core/config/types';
import { parseNotebookJson } from '../../../src/core/parse/source';
import { outOfOrderExecution } from '../../../src/core/rules/notebook/out-of-order-execution';
import { ruleTester } from './tester';

/** A saved notebook: each code cell with its execution count (null: never run); `{ markdown }` cells have none. */
function saved(cells: Array<[string, number | null] | { markdown: string }>): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((c) =>
      Array.isArray(c)
        ? { cell_type: 'code', metadata: {}, execution_count: c[1], outputs: [], source: c[0] }
        : { cell_type: 'markdown', metadata: {}, source: c.markdown },
    ),
  });
}

const at = (code: string) => ({ path: 'x.ipynb', code });

ruleTester(outOfOrderExecution, {
  valid: [
    { name: 'a script has no execution counts', code: 'x = 1\ny = 2\n' },
    { name: 'run top to bottom', ...at(saved([['import os', 1], { markdown: 'm' }, ['x = 1', 2], ['y = x', 3]])) },
    {
      name: 'gaps in the counts (cells re-run or deleted) keep the order',
      ...at(
        saved([
          ['a = 1', 3],
          ['b = a', 7],
          ['c = b', 12],
        ]),
      ),
    },
    {
      name: 'cells never run are left out',
      ...at(
        saved([
          ['a = 1', 1],
          ['b = 2', null],
          ['c = a', 2],
          ['d = c', null],
        ]),
      ),
    },
    {
      name: 'never run at all',
      ...at(
        saved([
          ['a = 1', null],
          ['b = a', null],
        ]),
      ),
    },
    {
      name: 'a display cell run again later changes nothing below it',
      ...at(
        saved([
          ['df = load()', 1],
          ['df.head()', 9],
          ['plt.plot(df.x)', 3],
        ]),
      ),
    },
    {
      name: 'the cell below reads nothing the later cell sets',
      ...at(
        saved([
          ['df = load()', 1],
          ['model = fit(df)', 9],
          ['print(df.shape)', 3],
        ]),
      ),
    },
    {
      name: 'a loop variable of both cells',
      ...at(
        saved([
          ['for i in range(3):\n    print(i)', 5],
          ['for i in "ab":\n    print(i)', 3],
        ]),
      ),
    },
    {
      name: 'the imports cell run again binds the same modules',
      ...at(
        saved([
          ['import pandas as pd', 9],
          ['df = pd.read_csv("a.csv")', 2],
        ]),
      ),
    },
    {
      name: 'a function reads its names when called, not when defined',
      ...at(
        saved([
          ['def helper():\n    return 1', 9],
          ['def main():\n    return helper()', 2],
        ]),
      ),
    },
    {
      name: 'a name the cell sets itself before reading it',
      ...at(
        saved([
          ['x = 1', 5],
          ['x = 2\nprint(x)', 3],
        ]),
      ),
    },
    {
      name: 'suppressed on the cell',
      ...at(
        saved([
          ['a = 1', 2],
          ['b = a  # mlh: ignore[MLH204]', 1],
        ]),
      ),
    },
  ],
  invalid: [
    {
      name: 'a cell ran before the cell above it that sets what it reads',
      ...at(saved([['import numpy as np', 1], ['x = np.ones(3)', 7], { markdown: 'next' }, ['y = x * 2\nprint(y)', 3], ['z = y', 2]])),
      errors: [
        {
          cell: 4,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 10,
          message:
            /^Cell 4 ran before cell 2 above it \(execution counts 3 and 7\) and reads `x`, which cell 2 sets: run from the top, it would see another value/,
        },
      ],
    },
    {
      name: 'the same count twice is not increasing',
      ...at(
        saved([
          ['a = 1', 1],
          ['b = a', 1],
        ]),
      ),
      errors: [{ cell: 2, line: 1, column: 1, message: /^Cell 2 ran before cell 1 above it \(execution counts 1 and 1\) and reads `a`/ }],
    },
    {
      name: 'a change in place counts as setting; a never-run cell between hides nothing',
      ...at(
        saved([
          ['df["z"] = 0', 5],
          ['b = 2', null],
          ['print(df.z)', 4],
        ]),
      ),
      errors: [{ cell: 3, line: 1, column: 1, message: /^Cell 3 ran before cell 1 above it \(execution counts 4 and 5\) and reads `df`/ }],
    },
  ],
});

describe('MLH204: execution counts from the notebook and from the editor', () => {
  before(() => initEngine());
  const config = { ...defaultConfig(), select: ['MLH204'] };

  it('reads execution_count for code cells only, null when absent or not a count', () => {
    const cells = parseNotebookJson(
      JSON.stringify({
        nbformat: 4,
        cells: [
          { cell_type: 'code', source: 'a', execution_count: 4 },
          { cell_type: 'markdown', source: 'b' },
          { cell_type: 'code', source: 'c' },
          { cell_type: 'code', source: 'd', execution_count: 'x' },
        ],
      }),
    );
    assert.deepEqual(
      cells.map((c) => c.executionCount),
      [4, undefined, null, null],
    );
  });

  it('relates the finding to the earlier cell, mapped to that cell', () => {
    const result = analyzeNotebookCells(
      'x.ipynb',
      [
        { kind: 'code', text: 'a = 1\nb = 2', executionCount: 9 },
        { kind: 'code', text: 'c = b', executionCount: 2 },
      ],
      { config },
    );
    const [finding] = result.findings;
    assert.equal(finding?.code, 'MLH204');
    assert.deepEqual(finding.related?.[0]?.cell, {
      cellIndex: 0,
      range: { start: { line: 0, character: 0 }, end: { line: 1, character: 5 } },
    });
    assert.deepEqual(finding.data, { cell: 1, executionCount: 2, earlierCell: 0, earlierExecutionCount: 9, name: 'b' });
  });

  it('says nothing when the counts are unknown (cells without them, as from a text editor)', () => {
    const result = analyzeNotebookCells(
      'x.ipynb',
      [
        { kind: 'code', text: 'a = 1' },
        { kind: 'code', text: 'b = 2' },
      ],
      { config },
    );
    assert.deepEqual(result.findings, []);
  });
});
