import type { ContextOf, Rule } from '../rule';

/**
 * A notebook whose saved execution counts do not increase from top to bottom was not run top to
 * bottom: its outputs came from another order, which "Run All" may not reproduce. Cells never run
 * (count null) are left out; only the first offending cell is reported.
 */
export const outOfOrderExecution: Rule = {
  code: 'MLH204',
  name: 'out-of-order-execution',
  family: 'notebook',
  defaultSeverity: 'warning',
  status: 'preview',
  summary:
    "A notebook's code cells were run out of order (execution counts not increasing top to bottom), so its saved outputs may not reproduce.",
  appliesTo: ['notebook'],
  options: {},
  check(ctx: ContextOf<'MLH204'>) {
    const { source, lines } = ctx.model;
    const cells = source.cells;
    if (!cells) return;
    let highest: { cell: (typeof source.codeCells)[number]; count: number } | null = null;
    for (const cell of source.codeCells) {
      const count = cells[cell.cellIndex]?.executionCount;
      if (typeof count !== 'number') continue;
      if (highest && count <= highest.count) {
        const earlier = highest;
        const lineEnd = (line: number): number => (lines[line] ?? '').replace(/\r$/, '').length;
        const last = earlier.cell.startLine + earlier.cell.lineCount - 1;
        ctx.report({
          range: { start: { line: cell.startLine, character: 0 }, end: { line: cell.startLine, character: lineEnd(cell.startLine) } },
          message:
            `Cell ${cell.cellIndex + 1} ran before cell ${earlier.cell.cellIndex + 1} above it (execution counts ${count} and ${earlier.count}): ` +
            'the notebook was not run top to bottom, so its saved outputs may not come out the same from a fresh kernel. Restart and run all cells, then save.',
          related: [
            {
              range: { start: { line: earlier.cell.startLine, character: 0 }, end: { line: last, character: lineEnd(last) } },
              message: `cell ${earlier.cell.cellIndex + 1}, run later (execution count ${earlier.count})`,
            },
          ],
          data: { cell: cell.cellIndex, executionCount: count, earlierCell: earlier.cell.cellIndex, earlierExecutionCount: earlier.count },
        });
        return;
      }
      if (!highest || count > highest.count) highest = { cell, count };
    }
  },
};
