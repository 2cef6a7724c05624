import { cellAtLine } from '../../parse/source';
import type { ProgramCell } from '../../parse/source';
import type { ScriptModel } from '../../semantic';
import type { Range } from '../../types';
import type { ContextOf, Rule } from '../rule';

interface RunCell {
  cell: ProgramCell;
  count: number;
  /** Module-level names the cell binds or changes in place. */
  sets: Set<string>;
  /** Module-level names the cell reads before binding them itself. */
  reads: Set<string>;
}

/** The code cells that ran (with an execution count), with what they set and read at module level. */
function runCells(model: ScriptModel): RunCell[] {
  const cells = model.source.cells ?? [];
  const byStart = new Map<number, RunCell>();
  for (const cell of model.source.codeCells) {
    const count = cells[cell.cellIndex]?.executionCount;
    if (typeof count === 'number') byStart.set(cell.startLine, { cell, count, sets: new Set(), reads: new Set() });
  }
  for (const statement of model.statements) {
    const cell = cellAtLine(model.source, statement.range.start.line);
    const run = cell ? byStart.get(cell.startLine) : undefined;
    if (!run) continue;
    // A function's body reads its names when it is called, not when its cell runs; a loop or
    // `with` reads its own targets after binding them.
    if (statement.kind !== 'function' && statement.kind !== 'class') {
      const own = statement.kind === 'control' ? statement.defs : new Set<string>();
      for (const name of statement.uses) if (!run.sets.has(name) && !own.has(name)) run.reads.add(name);
    }
    // Importing a module again binds the same module: only other bindings can change a value.
    const binds = statement.kind === 'import' ? [] : [...statement.defs];
    for (const name of [...binds, ...statement.mutates, ...statement.deletes]) run.sets.add(name);
  }
  return [...byStart.values()];
}

function cellRange(model: ScriptModel, cell: ProgramCell, lines = cell.lineCount): Range {
  const last = cell.startLine + lines - 1;
  return {
    start: { line: cell.startLine, character: 0 },
    end: { line: last, character: (model.lines[last] ?? '').replace(/\r$/, '').length },
  };
}

/**
 * A saved notebook whose cells ran out of order in a way that shows in its outputs: a cell ran
 * before a cell above it (a lower execution count) and reads a name that the cell above sets, so
 * the value it used is not the one a run from top to bottom gives it. Cells never run (count
 * null) are left out; only the first such cell is reported.
 */
export const outOfOrderExecution: Rule = {
  code: 'MLH204',
  name: 'out-of-order-execution',
  family: 'notebook',
  defaultSeverity: 'warning',
  status: 'preview',
  summary:
    'A notebook cell ran before a cell above it that sets a name it reads (execution counts not increasing top to bottom), so its saved output may not reproduce.',
  appliesTo: ['notebook'],
  options: {},
  check(ctx: ContextOf<'MLH204'>) {
    const { model } = ctx;
    const run = runCells(model);
    for (let n = 1; n < run.length; n++) {
      const later = run[n]!;
      for (let m = 0; m < n; m++) {
        const earlier = run[m]!;
        if (earlier.count < later.count) continue; // the same count twice is out of order too (a copied cell)
        const name = [...later.reads].find((r) => earlier.sets.has(r));
        if (name === undefined) continue;
        ctx.report({
          range: cellRange(model, later.cell, 1),
          message:
            `Cell ${later.cell.cellIndex + 1} ran before cell ${earlier.cell.cellIndex + 1} above it (execution counts ${later.count} and ${earlier.count}) ` +
            `and reads \`${name}\`, which cell ${earlier.cell.cellIndex + 1} sets: run from the top, it would see another value, so its saved output may not reproduce. ` +
            'Restart the kernel, run all cells, then save.',
          related: [
            {
              range: cellRange(model, earlier.cell),
              message: `cell ${earlier.cell.cellIndex + 1}, run later (execution count ${earlier.count}), sets \`${name}\``,
            },
          ],
          data: {
            cell: later.cell.cellIndex,
            executionCount: later.count,
            earlierCell: earlier.cell.cellIndex,
            earlierExecutionCount: earlier.count,
            name,
          },
        });
        return;
      }
    }
  },
};
