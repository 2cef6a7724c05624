import type { ScriptModel, Statement } from '../semantic';
import type { TextEdit } from '../types';
import { eolOf } from './nodes';

/** Cell magics whose body is Python (see parse/source.ts): code may follow their first line. */
const PYTHON_BODY_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'memit', 'debug', 'pypy', 'python', 'python3']);

function importLine(module: string, binding: string): string {
  return binding === 'params' ? `from ${module} import params` : `from ${module} import params as ${binding}`;
}

/** Statements that belong to a file's header: docstring, imports (`from __future__` first of all). */
function isHeader(statement: Statement): boolean {
  return statement.kind === 'docstring' || statement.kind === 'import' || statement.kind === 'magic';
}

/** Program lines where a code cell starts, with whether Python may be written at its top (after a line magic). */
function candidateCells(model: ScriptModel): Array<{ startLine: number; endLine: number; firstLine: number }> {
  const { source } = model;
  if (source.kind !== 'notebook') return [{ startLine: 0, endLine: model.lines.length - 1, firstLine: 0 }];
  const cells: Array<{ startLine: number; endLine: number; firstLine: number }> = [];
  for (const cell of source.codeCells) {
    const last = cell.startLine + cell.lineCount - 1;
    // A cell magic is the cell's first line that is not blank.
    const magic = source.magics.find((m) => m.line >= cell.startLine && m.line <= last && m.kind === 'cell-magic');
    if (magic) {
      const name = magic.text.trim().slice(2).split(/\s/, 1)[0] ?? '';
      if (!PYTHON_BODY_CELL_MAGICS.has(name)) continue; // a %%bash or %%html cell is not Python
    }
    cells.push({ startLine: cell.startLine, endLine: last, firstLine: magic ? magic.line + 1 : cell.startLine });
  }
  return cells;
}

/**
 * The edit that imports the params loader: after the header imports of the file (of the first
 * code cell in a notebook), and before every edit that reads a parameter. Null when there is no
 * such place (a read in a cell before the first Python cell).
 */
export function loaderImportEdit(model: ScriptModel, module: string, binding: string, reads: readonly TextEdit[]): TextEdit | null {
  const eol = eolOf(model.source.text);
  const line = importLine(module, binding);
  const firstRead = Math.min(...reads.map((edit) => edit.range.start.line), Number.MAX_SAFE_INTEGER);
  const cell = candidateCells(model)[0];
  if (!cell || cell.firstLine > firstRead) return null;
  // The end of the file's import block, as isort sees it: setup calls between imports
  // (`matplotlib.use("Agg")`, `warnings.filterwarnings(...)`) do not end it; the import goes after
  // its last import, where isort puts a first-party import, never between two of its imports.
  let last: Statement | null = null;
  for (const statement of model.statements) {
    if (statement.range.start.line < cell.firstLine) continue;
    if (statement.range.start.line > cell.endLine || statement.range.end.line >= firstRead) break;
    if (isHeader(statement)) last = statement;
    else if (statement.kind !== 'expression') break;
  }
  if (last) {
    const endLine = last.range.end.line;
    // An IPython line holds a placeholder in the program: its real length is in the magic.
    const magic = model.source.magics.find((m) => m.line === endLine);
    const end = { line: endLine, character: (magic ? magic.text : model.lines[endLine]!).replace(/\r$/, '').length };
    return { range: { start: end, end }, newText: eol + line };
  }
  // No header: just before the first statement (a shebang or coding line above it stays first).
  const first = model.statements.find((s) => s.range.start.line >= cell.firstLine);
  const at = {
    line: first && first.range.start.line <= Math.min(firstRead, cell.endLine) ? first.range.start.line : cell.firstLine,
    character: 0,
  };
  return { range: { start: at, end: at }, newText: line + eol };
}
