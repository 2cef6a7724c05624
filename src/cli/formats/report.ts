/**
 * What the formatters render: plain data built by the run from the engine's results. The
 * formatters are pure functions of it, so they are tested on synthetic reports.
 *
 * People and CI tools count from 1: every location handed out here is 1-based, with an exclusive
 * end column (the column just after the last character, as ESLint and SARIF count it).
 */
import type { CellLocation, Finding, InputKind, Range, RelatedLocation } from '../../core/types';
import { EXTRACT_CONFIG, MODULARIZE, resolvedBy } from '../../core/refactors/registry';

export interface FileReport {
  /** The path as shown: relative to the current directory, with forward slashes. */
  path: string;
  absolutePath: string;
  kind: InputKind;
  /** Findings sorted by position. */
  findings: readonly ReportFinding[];
  /**
   * Python files: the file's lines (for fingerprints); notebooks: the lines of every cell (all
   * cells, markdown too), used to map related locations and clamp ranges to their cell. Null when
   * the input could not be read.
   */
  source: SourceLines | null;
}

/** A related location with its notebook cell (null in a `.py` file). */
export interface ReportRelated extends Omit<RelatedLocation, 'cell'> {
  cell: CellLocation | null;
}

export interface ReportFinding extends Omit<Finding, 'related'> {
  related: ReportRelated[];
}

export type SourceLines = { kind: 'python'; lines: LineList } | { kind: 'notebook'; cells: readonly NotebookCellLines[] };

export interface NotebookCellLines {
  kind: 'code' | 'markdown' | 'raw';
  lines: LineList;
}

/**
 * The lines of a text, without their ends: an array of them, or `TextLines`, which finds them as
 * they are asked for. `at` is asked with indices ≥ 0 only (an array's `at` counts negative ones
 * from the end).
 */
export interface LineList {
  readonly length: number;
  at(index: number): string | undefined;
}

export interface CheckReport {
  files: readonly FileReport[];
}

/** A location in 1-based coordinates; `cell` is the 1-based index among all notebook cells. */
export interface HumanLocation {
  cell: number | null;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function splitLines(text: string): string[] {
  // Most files have no carriage return: a split on one character is several times faster than the regex.
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
}

/**
 * The lines of a text (`splitLines`'s), found up to the one asked for: the formatters ask for the
 * lines a file's findings are on, to keep ranges inside them, and a run answered from the cache
 * spent more time splitting whole files than anything it did with the lines. A text with a
 * carriage return is split at once.
 */
export class TextLines implements LineList {
  /** Where each line found so far starts; the text has a line feed before each but the first. */
  private readonly starts = [0];
  private readonly split: string[] | null;
  /** Whether `starts` holds every line. */
  private complete = false;

  constructor(private readonly text: string) {
    this.split = text.includes('\r') ? splitLines(text) : null;
  }

  get length(): number {
    if (this.split) return this.split.length;
    this.find(Infinity);
    return this.starts.length;
  }

  at(index: number): string | undefined {
    if (this.split) return this.split[index];
    if (index < 0 || !Number.isInteger(index)) return undefined;
    this.find(index + 2); // its start, and the next line's (or the end of the text)
    const start = this.starts[index];
    if (start === undefined) return undefined;
    const next = this.starts[index + 1];
    return this.text.slice(start, next === undefined ? this.text.length : next - 1);
  }

  /** Finds line starts until there are `count` of them or the text ends. */
  private find(count: number): void {
    const { starts, text } = this;
    while (!this.complete && starts.length < count) {
      const feed = text.indexOf('\n', starts[starts.length - 1]);
      if (feed < 0) this.complete = true;
      else starts.push(feed + 1);
    }
  }
}

/** Where the finding is, in the coordinates a person sees (cell-relative in a notebook). */
export function findingLocation(file: FileReport, finding: Pick<Finding, 'range' | 'cell'>): HumanLocation {
  return humanLocation(file, finding.range, finding.cell ?? null);
}

export function relatedLocation(file: FileReport, related: ReportRelated): HumanLocation {
  return humanLocation(file, related.range, related.cell);
}

function humanLocation(file: FileReport, programRange: Range, cell: CellLocation | null): HumanLocation {
  if (cell) {
    const cellLines = file.source?.kind === 'notebook' ? file.source.cells[cell.cellIndex]?.lines : undefined;
    return toHuman(clampRange(cell.range, cellLines), cell.cellIndex + 1);
  }
  const lines = file.source?.kind === 'python' ? file.source.lines : undefined;
  return toHuman(clampRange(programRange, lines), null);
}

function toHuman(range: Range, cell: number | null): HumanLocation {
  return {
    cell,
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/**
 * Keeps a range inside the text it points into: the engine marks "to the end of the cell" with a
 * huge character offset, and an end never precedes the start.
 */
function clampRange(range: Range, lines: LineList | undefined): Range {
  const start = clampPosition(range.start, lines);
  let end = clampPosition(range.end, lines);
  if (end.line < start.line || (end.line === start.line && end.character < start.character)) end = start;
  return { start, end };
}

function clampPosition(position: Range['start'], lines: LineList | undefined): Range['start'] {
  const line = Math.max(0, position.line);
  const character = Math.max(0, position.character);
  if (!lines) return { line, character: Math.min(character, Number.MAX_SAFE_INTEGER - 1) };
  const text = lines.at(line);
  if (text !== undefined) return { line, character: Math.min(character, text.length) };
  // Past the last line (or no lines at all): the end of the last one.
  const lastLine = Math.max(0, lines.length - 1);
  return { line: lastLine, character: lines.at(lastLine)?.length ?? 0 };
}

/** The text of the line a location starts on, or '' when unknown. */
export function lineText(file: FileReport, location: HumanLocation): string {
  if (!file.source) return '';
  const lines =
    file.source.kind === 'python' ? file.source.lines : location.cell !== null ? file.source.cells[location.cell - 1]?.lines : undefined;
  return (location.line >= 1 ? lines?.at(location.line - 1) : undefined) ?? '';
}

/** Only fixes that change code count as fixable (a display-only fix is advice). */
export function isFixable(finding: Pick<Finding, 'fix'>): boolean {
  return finding.fix !== null && finding.fix.applicability !== 'display-only';
}

/** Display form of a location prefix: `path:line:col` or `path:cell N:line:col`. */
export function locationPrefix(path: string, location: HumanLocation): string {
  const cell = location.cell !== null ? `cell ${location.cell}:` : '';
  return `${path}:${cell}${location.line}:${location.column}`;
}

/**
 * A format written file by file, so that a run keeps nothing of a file once it is written (flat
 * memory): `file` returns the text for one file, `end` the rest (a summary, a closing bracket,
 * or the whole document for a format that cannot be cut, as SARIF). The writers are pure: their
 * concatenated output is what the `format*` functions return for the whole report.
 */
export interface ReportWriter {
  file(file: FileReport): string;
  end(): string;
}

/** The whole report through a writer, as one string. */
export function writeReport(writer: ReportWriter, report: CheckReport): string {
  let text = '';
  for (const file of report.files) text += writer.file(file);
  return text + writer.end();
}

/** The counts of a summary, added up file by file. */
export class ReportTally {
  files = 0;
  problems = 0;
  filesWithProblems = 0;
  fixable = 0;
  /** Findings the extract-config refactor resolves, and the files holding them. */
  values = 0;
  valueFiles = 0;
  /** Files the modularize refactor splits. */
  monoliths = 0;

  add(file: FileReport): void {
    this.files++;
    this.problems += file.findings.length;
    if (file.findings.length > 0) this.filesWithProblems++;
    this.fixable += file.findings.filter(isFixable).length;
    const values = resolvedBy(EXTRACT_CONFIG, file.findings).length;
    this.values += values;
    if (values > 0) this.valueFiles++;
    if (resolvedBy(MODULARIZE, file.findings).length > 0) this.monoliths++;
  }
}

function tally(report: CheckReport): ReportTally {
  const counts = new ReportTally();
  for (const file of report.files) counts.add(file);
  return counts;
}

export function countFindings(report: CheckReport): { problems: number; filesWithProblems: number; fixable: number } {
  const { problems, filesWithProblems, fixable } = tally(report);
  return { problems, filesWithProblems, fixable };
}

/** What the refactor commands (extract-config, modularize) could resolve in this report: for the hints under the summary. */
export function refactorable(report: CheckReport): { values: number; valueFiles: number; monoliths: number } {
  const { values, valueFiles, monoliths } = tally(report);
  return { values, valueFiles, monoliths };
}
