import type { InputKind, Range } from '../types';

/** One cell of a notebook as the engine receives it. */
export interface NotebookCellInput {
  kind: 'code' | 'markdown' | 'raw';
  text: string;
}

/** A code cell placed in the program text. */
export interface ProgramCell {
  /** Index among all cells of the notebook (markdown included), 0-based. */
  cellIndex: number;
  /** First program line of the cell. */
  startLine: number;
  lineCount: number;
}

export type MagicKind = 'line-magic' | 'cell-magic' | 'shell' | 'help' | 'assigned-magic';

/** An IPython line that is not Python; the program text holds a neutral placeholder in its place. */
export interface MagicLine {
  line: number;
  kind: MagicKind;
  text: string;
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
 * IPython's own input transformers work line by line in the same way: a line whose first
 * non-blank character is `%` or `!` is a magic or a shell escape, `%%name` on a cell's first line
 * is a cell magic, `name = !cmd` / `name = %magic` assign their output, and a trailing `?` asks
 * for help. Each becomes `pass` (or `name = None`) at the same indentation.
 */
function maskMagics(lines: string[], firstLine: number, magics: MagicLine[]): string[] {
  const out = lines.slice();
  const first = lines[0]?.trimStart() ?? '';
  if (first.startsWith('%%')) {
    const name = first.slice(2).split(/\s/, 1)[0] ?? '';
    magics.push({ line: firstLine, kind: 'cell-magic', text: lines[0] ?? '' });
    if (!PYTHON_BODY_CELL_MAGICS.has(name)) {
      // The body is another language (bash, html, sql...): none of it is Python.
      return out.map((text, i) => (i === 0 ? 'pass' : text.trim() === '' ? '' : '# ' + text));
    }
    out[0] = 'pass';
  }
  let continued = false;
  // Only a line that starts a logical line can be a magic: `    % (a, b)` inside an open bracket or
  // a triple-quoted string is Python, as IPython's transformers (which tokenize) also decide.
  const lexer: LexState = { depth: 0, quote: null };
  for (let i = first.startsWith('%%') ? 1 : 0; i < out.length; i++) {
    const text = out[i] ?? '';
    const trimmed = text.trimStart();
    if (continued) {
      out[i] = '';
      continued = text.trimEnd().endsWith('\\');
      continue;
    }
    const inside = lexer.depth > 0 || lexer.quote !== null;
    const kind = inside ? null : magicKind(trimmed);
    if (!kind) {
      scanLine(text, lexer);
      continue;
    }
    magics.push({ line: firstLine + i, kind, text });
    if (kind === 'assigned-magic') {
      const eq = assignmentOfMagic(trimmed);
      out[i] = indentOf(text) + trimmed.slice(0, eq).trimEnd() + ' = None';
    } else {
      out[i] = indentOf(text) + 'pass';
    }
    continued = text.trimEnd().endsWith('\\');
  }
  return out;
}

/** Where a cell's Python stands at the end of a line: open brackets, and the open triple-quoted string. */
interface LexState {
  depth: number;
  quote: string | null;
}

/**
 * Advances `state` over one line of Python: brackets opened and closed, strings (a single-quoted
 * one ends with its line; a triple-quoted one may go on), comments. Not a tokenizer: just enough to
 * know whether the next line continues a logical line.
 */
function scanLine(text: string, state: LexState): void {
  let i = 0;
  while (i < text.length) {
    if (state.quote) {
      const close = findClose(text, i, state.quote);
      if (close < 0) return;
      i = close + state.quote.length;
      state.quote = null;
      continue;
    }
    const c = text[i]!;
    if (c === '#') return;
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i) ? c.repeat(3) : null;
      if (triple) {
        state.quote = triple;
        i += 3;
        continue;
      }
      const close = findClose(text, i + 1, c);
      if (close < 0) return; // an unterminated string ends with its line
      i = close + 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') state.depth++;
    else if ((c === ')' || c === ']' || c === '}') && state.depth > 0) state.depth--;
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

function magicKind(trimmed: string): MagicKind | null {
  if (trimmed.startsWith('%')) return 'line-magic';
  if (trimmed.startsWith('!')) return 'shell';
  if ((trimmed.startsWith('?') || trimmed.endsWith('?')) && !trimmed.includes('#') && !/["']/.test(trimmed)) return 'help';
  if (assignmentOfMagic(trimmed) > 0) return 'assigned-magic';
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

/** For `files = !ls` returns the index of `=`; otherwise -1. */
function assignmentOfMagic(trimmed: string): number {
  const eq = trimmed.indexOf('=');
  if (eq <= 0 || trimmed[eq + 1] === '=' || '!<>=:+-*/%&|^'.includes(trimmed[eq - 1] ?? '')) return -1;
  const target = trimmed.slice(0, eq).trim();
  if (!/^[A-Za-z_][\w.,\s]*$/.test(target)) return -1;
  const value = trimmed.slice(eq + 1).trimStart();
  return value.startsWith('!') || value.startsWith('%') ? eq : -1;
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
    const { cell_type: type, source } = cell as { cell_type?: unknown; source?: unknown };
    if (type !== 'code' && type !== 'markdown' && type !== 'raw')
      throw new NotebookFormatError(`cell ${i + 1} has an unknown cell_type ${JSON.stringify(type)}`);
    let text: string;
    if (typeof source === 'string') text = source;
    else if (Array.isArray(source) && source.every((s) => typeof s === 'string')) text = source.join('');
    else throw new NotebookFormatError(`cell ${i + 1} has no text source`);
    return { kind: type, text };
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
