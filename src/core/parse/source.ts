import type { InputKind, Range } from '../types';

/** One cell of a notebook as the engine receives it. */
export interface NotebookCellInput {
  kind: 'code' | 'markdown' | 'raw';
  text: string;
  /**
   * Code cells: the saved `execution_count` (in the editor, the cell's execution order), null for
   * a cell never run; absent when unknown.
   */
  executionCount?: number | null;
}

/** A code cell placed in the program text. */
export interface ProgramCell {
  /** Index among all cells of the notebook (markdown included), 0-based. */
  cellIndex: number;
  /** First program line of the cell. */
  startLine: number;
  lineCount: number;
}

/** `autocall`: IPython's `,f a b`, `;f a b` and `/f a b` escapes (calls written without brackets). */
export type MagicKind = 'line-magic' | 'cell-magic' | 'shell' | 'help' | 'assigned-magic' | 'autocall';

/** An IPython line that is not Python; the program text holds a neutral placeholder in its place. */
export interface MagicLine {
  line: number;
  kind: MagicKind;
  text: string;
  /**
   * Physical lines after `line` that belong to the same IPython command (a backslash continuation,
   * or the rest of a help request over several lines, `(a,` then `b) = zip?`), blank in the
   * program. Absent when there are none.
   */
  extraLines?: number;
}

/**
 * The Python program the engine analyzes. For a `.py` file it is the file; for a notebook it is
 * its code cells in order, joined by newlines, with IPython magics and shell lines replaced by
 * placeholders on the same lines so that line numbers are kept.
 */
export interface ProgramSource {
  path: string;
  kind: InputKind;
  text: string;
  /** Notebooks: every cell, in order. */
  cells: NotebookCellInput[] | null;
  /** Notebooks: where each code cell sits in `text`. */
  codeCells: ProgramCell[];
  magics: MagicLine[];
  /** Notebooks read from JSON: the Python version the notebook says it was written for (`language_info.version`), if any. */
  languageVersion?: string | null;
}

/** A notebook's cells as read from its JSON, with the Python version its metadata declares. */
export type NotebookCells = NotebookCellInput[] & { languageVersion?: string | null };

export function pythonSource(path: string, text: string): ProgramSource {
  return { path, kind: 'python', text, cells: null, codeCells: [], magics: [] };
}

/** Cell magics whose body is still Python (only the first line is masked). */
const PYTHON_BODY_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'memit', 'debug', 'pypy', 'python', 'python3']);

export function notebookSource(path: string, cells: NotebookCellInput[] | NotebookCells): ProgramSource {
  const parts: string[] = [];
  const codeCells: ProgramCell[] = [];
  const magics: MagicLine[] = [];
  let line = 0;
  cells.forEach((cell, cellIndex) => {
    if (cell.kind !== 'code') return;
    const lines = cell.text.replace(/\r\n?/g, '\n').split('\n');
    const masked = maskMagics(lines, line, magics);
    codeCells.push({ cellIndex, startLine: line, lineCount: masked.length });
    parts.push(masked.join('\n'));
    line += masked.length;
  });
  const languageVersion = (cells as NotebookCells).languageVersion ?? null;
  return { path, kind: 'notebook', text: parts.join('\n'), cells, codeCells, magics, languageVersion };
}

function indentOf(text: string): string {
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text.slice(0, i);
}

/**
 * IPython's rules (`IPython.core.inputtransformer2`, IPython 7 and later), which tokenize the cell
 * and look at logical lines, not physical ones:
 *
 * - a cell magic `%%name` only on the cell's first line that is not blank (elsewhere `%%name` is
 *   run as a line magic named `%name`, which fails);
 * - the escapes `%`, `!`, `!!`, `?`, `??`, `,`, `;` and `/` only as the first token of a logical
 *   line: never inside open brackets, after a backslash continuation or inside a triple-quoted
 *   string; the command goes on over backslash continuations;
 * - `target = !cmd` and `target = %magic`: the first `=` outside brackets, followed by `!` or by
 *   `%` and a name;
 * - a logical line whose last token is `?` or `??` (`obj?`, `obj.attr??`, `%magic?`, `a = b + c?`,
 *   over several lines too) asks for help and runs nothing; a `?` in a comment or string does not.
 *
 * Each becomes `pass` (or `target = None`) at the same indentation, its continuation lines blank.
 * Automagic (`ls data`, `pip install x` without `%`) is also masked on any line starting a logical
 * line, a little more widely than IPython, which applies it to one-line cells only.
 */
function maskMagics(lines: string[], firstLine: number, magics: MagicLine[]): string[] {
  const out = lines.slice();
  // IPython drops the blank lines before a cell magic (leading_empty_lines).
  const head = lines.findIndex((text) => text.trim() !== '');
  const first = head >= 0 ? lines[head]!.trimStart() : '';
  let i = 0;
  if (first.startsWith('%%') && !HELP_END.test(first)) {
    const name = first.slice(2).split(/\s/, 1)[0] ?? '';
    magics.push({ line: firstLine + head, kind: 'cell-magic', text: lines[head] ?? '' });
    if (!PYTHON_BODY_CELL_MAGICS.has(name)) {
      // The body is another language (bash, html, sql...): none of it is Python.
      return out.map((text, k) => (k === head ? 'pass' : text.trim() === '' ? '' : '# ' + text));
    }
    out[head] = 'pass';
    i = head + 1;
  }
  const record = (at: number, kind: MagicKind, extraLines: number): void => {
    magics.push(
      extraLines > 0 ? { line: firstLine + at, kind, text: lines[at]!, extraLines } : { line: firstLine + at, kind, text: lines[at]! },
    );
  };
  /** Blanks the backslash continuation lines of the command on line `at`; returns how many. */
  const continuation = (at: number): number => {
    let n = 0;
    while (at + n < out.length && endsWithBackslash(lines[at + n]!) && at + n + 1 < out.length) {
      n++;
      out[at + n] = '';
    }
    return n;
  };
  while (i < out.length) {
    // Here a logical line starts.
    const text = lines[i]!;
    const trimmed = text.trimStart();
    const kind = escapeKind(trimmed);
    if (kind) {
      out[i] = indentOf(text) + 'pass';
      record(i, kind, continuation(i));
      i += 1 + (magics[magics.length - 1]!.extraLines ?? 0);
      continue;
    }
    // Python, possibly over several physical lines: scan to the end of the logical line.
    const lexer: LexState = { depth: 0, quote: null, continued: false, last: '', assign: null };
    const from = i;
    let assigned = false;
    do {
      scanLine(lines[i]!, lexer);
      if (lexer.assign !== null && lexer.assign.magic) {
        // `target = !cmd` / `target = %magic`: the target stays Python, the rest is IPython's.
        out[i] = lines[i]!.slice(0, lexer.assign.column).trimEnd() + ' = None';
        const extra = continuation(i);
        record(i, 'assigned-magic', extra);
        i += 1 + extra;
        assigned = true;
        break;
      }
      i++;
    } while (i < out.length && (lexer.depth > 0 || lexer.quote !== null || lexer.continued));
    if (!assigned && lexer.last === '?' && lexer.quote === null) {
      out[from] = indentOf(text) + 'pass';
      for (let k = from + 1; k < i; k++) out[k] = '';
      record(from, 'help', i - from - 1);
    }
  }
  return out;
}

/** `%%timeit?`: help on a cell magic, not the cell magic itself. */
const HELP_END = /^%{0,2}[A-Za-z_*][\w*]*(\.[\w*]+)*\?\??\s*$/;

/** Whether a line goes on to the next by a backslash (outside a comment). */
function endsWithBackslash(text: string): boolean {
  return /\\\r?$/.test(text) && !text.trimStart().startsWith('#');
}

/** Where a logical line stands at the end of a physical line. */
interface LexState {
  /** Open brackets. */
  depth: number;
  /** The open string's quote: a triple quote, or a single one continued by a backslash. */
  quote: string | null;
  /** The line ended with a backslash outside strings and comments. */
  continued: boolean;
  /** The last character outside strings, comments and blanks. */
  last: string;
  /** The first `=` outside brackets (IPython's `_find_assign_op`), and whether `!` or `%name` follows it. */
  assign: { column: number; magic: boolean } | null;
}

/**
 * Advances `state` over one physical line of Python: brackets opened and closed, strings (a
 * single-quoted one ends with its line unless a backslash continues it; a triple-quoted one may go
 * on), comments, a closing backslash, the first top-level `=`. Not a tokenizer: just enough to
 * know where logical lines end and what IPython would see in them.
 */
function scanLine(text: string, state: LexState): void {
  const line = text.replace(/\r$/, '');
  state.continued = false;
  let i = 0;
  while (i < line.length) {
    if (state.quote) {
      const close = findClose(line, i, state.quote);
      if (close < 0) {
        // A single-quoted string goes on only after a backslash (else it is unterminated).
        if (state.quote.length === 1 && !line.endsWith('\\')) state.quote = null;
        return;
      }
      i = close + state.quote.length;
      state.last = state.quote[0]!;
      state.quote = null;
      continue;
    }
    const c = line[i]!;
    if (c === '#') return;
    if (c === '"' || c === "'") {
      const triple = line.startsWith(c.repeat(3), i) ? c.repeat(3) : null;
      state.quote = triple ?? c;
      i += triple ? 3 : 1;
      continue;
    }
    if (c === '\\' && i === line.length - 1) {
      state.continued = true;
      return;
    }
    if (c === '(' || c === '[' || c === '{') state.depth++;
    else if ((c === ')' || c === ']' || c === '}') && state.depth > 0) state.depth--;
    else if (
      c === '=' &&
      state.depth === 0 &&
      state.assign === null &&
      line[i + 1] !== '=' &&
      !'=!<>:+-*/%&|^@'.includes(line[i - 1] ?? '')
    ) {
      const rest = line.slice(i + 1).trimStart();
      state.assign = { column: i, magic: rest.startsWith('!') || /^%[A-Za-z_]/.test(rest) };
      if (state.assign.magic) return;
    }
    if (c !== ' ' && c !== '\t') state.last = c;
    i++;
  }
}

/** Index of the closing `quote` from `from`, skipping backslash escapes; -1 when it is not on this line. */
function findClose(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text.startsWith(quote, i)) return i;
  }
  return -1;
}

/** The IPython command a logical line starts with, from its first characters: an escape or an automagic. */
function escapeKind(trimmed: string): MagicKind | null {
  const c = trimmed[0];
  if (HELP_END.test(trimmed)) return 'help'; // `%timeit?`, `?obj` below
  if (c === '%') return 'line-magic';
  if (c === '!') return 'shell';
  if (c === '?') return 'help';
  if (c === ',' || c === ';' || c === '/') return 'autocall';
  if (isAutomagic(trimmed)) return 'line-magic';
  return null;
}

/**
 * IPython's shell aliases and the magics most used without `%` (automagic, on by default): `ls
 * ../input`, `cat train.csv | head`, `pip install x`, `cd data` run in a notebook.
 */
const AUTOMAGICS = new Set([
  'ls',
  'cat',
  'cd',
  'pwd',
  'pip',
  'conda',
  'mkdir',
  'rmdir',
  'rm',
  'cp',
  'mv',
  'll',
  'less',
  'more',
  'man',
  'clear',
]);

/**
 * A line an alias or automagic starts, followed by arguments that cannot continue a Python
 * expression (IPython's AutoMagicChecker: not an assignment, an operator, `is`/`in`/`and`...).
 */
function isAutomagic(trimmed: string): boolean {
  const m = /^([a-z]+)[ \t]+(\S.*)$/.exec(trimmed);
  if (!m || !AUTOMAGICS.has(m[1]!)) return false;
  return !/^([-,&^|*/+=!()<>%[@:;]|(is|not|in|and|or|if|else|for)\s)/.test(m[2]!);
}

/** Maps a program range back to its notebook cell; null for a python source or a range outside cells. */
export function toCellRange(source: ProgramSource, range: Range): { cellIndex: number; range: Range } | null {
  if (source.kind !== 'notebook') return null;
  const cell = cellAtLine(source, range.start.line);
  if (!cell) return null;
  const lastLine = cell.startLine + cell.lineCount - 1;
  const end = range.end.line > lastLine ? { line: lastLine, character: Number.MAX_SAFE_INTEGER } : range.end;
  return {
    cellIndex: cell.cellIndex,
    range: {
      start: { line: range.start.line - cell.startLine, character: range.start.character },
      end: { line: end.line - cell.startLine, character: end.character },
    },
  };
}

export function cellAtLine(source: ProgramSource, line: number): ProgramCell | undefined {
  // Binary search: code cells are in program order.
  let lo = 0;
  let hi = source.codeCells.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const cell = source.codeCells[mid]!;
    if (line < cell.startLine) hi = mid - 1;
    else if (line >= cell.startLine + cell.lineCount) lo = mid + 1;
    else return cell;
  }
  return undefined;
}

export class NotebookFormatError extends Error {}

/** Reads nbformat 4 JSON into cells; throws NotebookFormatError with a reason a person can act on. */
export function parseNotebookJson(text: string): NotebookCells {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new NotebookFormatError(`not valid JSON (${(error as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new NotebookFormatError('not a notebook: the top level is not a JSON object');
  const nb = doc as { nbformat?: unknown; cells?: unknown };
  if (nb.nbformat !== 4) {
    throw new NotebookFormatError(
      typeof nb.nbformat === 'number'
        ? `nbformat ${nb.nbformat} is not supported (only nbformat 4)`
        : 'not a notebook: no "nbformat": 4 field',
    );
  }
  if (!Array.isArray(nb.cells)) throw new NotebookFormatError('not a notebook: "cells" is not a list');
  const cells: NotebookCells = nb.cells.map((cell: unknown, i: number) => {
    if (typeof cell !== 'object' || cell === null) throw new NotebookFormatError(`cell ${i + 1} is not an object`);
    const {
      cell_type: type,
      source,
      execution_count: count,
    } = cell as { cell_type?: unknown; source?: unknown; execution_count?: unknown };
    if (type !== 'code' && type !== 'markdown' && type !== 'raw')
      throw new NotebookFormatError(`cell ${i + 1} has an unknown cell_type ${JSON.stringify(type)}`);
    let text: string;
    if (typeof source === 'string') text = source;
    else if (Array.isArray(source) && source.every((s) => typeof s === 'string')) text = source.join('');
    else throw new NotebookFormatError(`cell ${i + 1} has no text source`);
    if (type !== 'code') return { kind: type, text };
    return { kind: type, text, executionCount: typeof count === 'number' && Number.isInteger(count) ? count : null };
  });
  const version = (nb as { metadata?: { language_info?: { version?: unknown } } }).metadata?.language_info?.version;
  if (typeof version === 'string') cells.languageVersion = version;
  return cells;
}

/** What a file is by its name: a notebook (`.ipynb`) or Python. */
export function inputKind(path: string): InputKind {
  return path.toLowerCase().endsWith('.ipynb') ? 'notebook' : 'python';
}

/** The program of a file's text: a `.py` file's, or a notebook's code cells (throws NotebookFormatError on a malformed notebook). */
export function programSource(path: string, text: string): ProgramSource {
  return inputKind(path) === 'notebook' ? notebookSource(path, parseNotebookJson(text)) : pythonSource(path, text);
}
