import { readFile } from 'node:fs/promises';
import type { Tree } from 'web-tree-sitter';
import type { ResolvedConfig } from './config/types';
import { defaultConfig } from './config/types';
import { effectiveSeverity, isRuleEnabled, ruleOptions, selectedRules, withoutFileIgnores } from './config/selection';
import type { ScriptModel } from './semantic';
import { buildClassifiedModel } from './kb/classify';
import type { SyntaxTree } from './parse/mirror';
import { copyTree, MAX_SYNTAX_DEPTH } from './parse/mirror';
import { initParser, parsePython, parseToSyntax, pythonLanguage } from './parse/parser';
import type { NotebookCellInput, ProgramSource } from './parse/source';
import { NotebookFormatError, inputKind, notebookSource, parseNotebookJson, pythonSource, toCellRange } from './parse/source';
import { RULES, findRule } from './rules/registry';
import type { Report, Rule, RulePlan } from './rules/rule';
import type { MonolithScore } from './rules/structure/monolithic-script';
import { monolithScore } from './rules/structure/monolithic-script';
import { errorMessage } from './errors';
import type { Finding, InputKind, Range, Severity } from './types';

export type { NotebookCellInput } from './parse/source';
export { inputKind } from './parse/source';
export type { MonolithScore } from './rules/structure/monolithic-script';

export interface AnalyzeOptions {
  config?: ResolvedConfig;
  /** The project plan (mlproject.yaml) the file belongs to, for the rules that compare code with it (MLH501). */
  plan?: RulePlan | null;
}

export interface AnalysisResult {
  path: string;
  kind: InputKind;
  findings: Finding[];
  /** null when the input could not be read. */
  score: MonolithScore | null;
  /** Notebooks: every cell, in order. */
  cells: NotebookCellInput[] | null;
  /** Where the parser had to recover; findings still cover the rest of the file. */
  syntaxErrors: Range[];
}

/** The configuration when none is given: one object, read only, so that its rule selection is worked out once. */
const DEFAULT_CONFIG: ResolvedConfig = defaultConfig();

/** Loads the parser and grammar once; every other entry point needs it done. */
export async function initEngine(): Promise<void> {
  await initParser();
}

export function analyzeText(path: string, text: string, options: AnalyzeOptions = {}): AnalysisResult {
  if (inputKind(path) === 'notebook') {
    let cells: NotebookCellInput[];
    try {
      cells = parseNotebookJson(text);
    } catch (error) {
      if (error instanceof NotebookFormatError) return unreadable(path, 'notebook', `malformed notebook: ${error.message}`, options);
      throw error;
    }
    return analyzeNotebookCells(path, cells, options);
  }
  return analyzeSource(pythonSource(path, text), options);
}

/** UTF-8 size of a notebook's code cells, the way the size of a script is counted. */
function codeBytes(cells: readonly NotebookCellInput[]): number {
  const encoder = new TextEncoder();
  let total = 0;
  for (const cell of cells) if (cell.kind === 'code') total += encoder.encode(cell.text).length + 1;
  return total;
}

export function analyzeNotebookCells(path: string, cells: NotebookCellInput[], options: AnalyzeOptions = {}): AnalysisResult {
  return analyzeSource(notebookSource(path, cells), options);
}

/**
 * The most JSON a notebook file may hold, outputs included: a bound on what is read and parsed,
 * apart from `max-file-size`, which for a notebook applies to the code of its cells only (a valid
 * notebook often carries megabytes of output images).
 */
export const MAX_NOTEBOOK_JSON_BYTES = 64 * 1024 * 1024;

/** Decodes and checks raw bytes first: what cannot be read becomes one MLH000 finding. */
export function analyzeBytes(path: string, bytes: Uint8Array, options: AnalyzeOptions = {}): AnalysisResult {
  const program = readProgram(path, bytes, options.config ?? DEFAULT_CONFIG);
  if (typeof program === 'string') return unreadable(path, inputKind(path), program, options);
  return analyzeSource(program, options);
}

/**
 * A file's program from its bytes, or why it cannot be read: over the size limit (`max-file-size`;
 * for a notebook its code cells, and its whole JSON against `MAX_NOTEBOOK_JSON_BYTES`), binary,
 * not UTF-8, a malformed notebook.
 */
/**
 * A `.py` file's program from text an editor already holds, or why not: the checks of `readProgram`
 * without encoding the text to bytes and decoding it back (the size counted in UTF-8 bytes).
 */
export function readPythonText(path: string, text: string, config: ResolvedConfig): ProgramSource | string {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > config.maxFileBytes) return `file is ${formatBytes(size)}, over the ${formatBytes(config.maxFileBytes)} limit (max-file-size)`;
  if (text.slice(0, 8192).includes('\0')) return 'binary file (it contains NUL bytes)';
  return pythonSource(path, text);
}

export function readProgram(path: string, bytes: Uint8Array, config: ResolvedConfig): ProgramSource | string {
  const kind = inputKind(path);
  const limit = config.maxFileBytes;
  if (kind === 'notebook' && bytes.length > MAX_NOTEBOOK_JSON_BYTES) {
    return `the notebook file is ${formatBytes(bytes.length)}, over the ${formatBytes(MAX_NOTEBOOK_JSON_BYTES)} bound on a notebook's JSON, outputs included`;
  }
  if (kind !== 'notebook' && bytes.length > limit)
    return `file is ${formatBytes(bytes.length)}, over the ${formatBytes(limit)} limit (max-file-size)`;
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return 'binary file (it contains NUL bytes)';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return `not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(bytes)})`;
  }
  if (kind !== 'notebook') return pythonSource(path, text);
  let cells: NotebookCellInput[];
  try {
    cells = parseNotebookJson(text);
  } catch (error) {
    if (error instanceof NotebookFormatError) return `malformed notebook: ${error.message}`;
    throw error;
  }
  const code = codeBytes(cells);
  if (code > limit) return `its code cells hold ${formatBytes(code)}, over the ${formatBytes(limit)} limit (max-file-size)`;
  return notebookSource(path, cells);
}

export async function analyzeFile(path: string, options: AnalyzeOptions = {}): Promise<AnalysisResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return readFailure(path, error, options);
  }
  return analyzeBytes(path, bytes, options);
}

/** The result for a file that could not be read from disk (MLH000 naming the system error). */
export function readFailure(path: string, error: unknown, options: AnalyzeOptions = {}): AnalysisResult {
  return unreadable(
    path,
    inputKind(path),
    `cannot read the file (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`,
    options,
  );
}

/**
 * The result for a file whose analysis threw (a bug): MLH000 naming the error, so that a run over
 * many files goes on with the others.
 */
export function analysisFailure(path: string, error: unknown, options: AnalyzeOptions = {}): AnalysisResult {
  return unreadable(path, inputKind(path), `internal error (${errorMessage(error)})`, options);
}

/**
 * Keeps the syntax tree of one open document and re-parses incrementally as it changes.
 * Changes are VS Code's content changes (offsets in UTF-16 code units, in order).
 */
export class IncrementalAnalyzer {
  private tree: Tree | null = null;
  /** The plain copy of `tree`; unchanged top-level statements are reused from it. */
  private syntax: SyntaxTree | null = null;
  private text = '';

  constructor(readonly path: string) {}

  update(
    text: string,
    changes?: readonly { rangeOffset: number; rangeLength: number; text: string }[],
    options: AnalyzeOptions = {},
  ): AnalysisResult {
    if (inputKind(this.path) === 'notebook') return analyzeText(this.path, text, options);
    if (this.tree && changes && changes.length > 0) {
      let current = this.text;
      for (const change of changes) {
        const start = change.rangeOffset;
        const oldEnd = start + change.rangeLength;
        const next = current.slice(0, start) + change.text + current.slice(oldEnd);
        this.tree.edit({
          startIndex: start,
          oldEndIndex: oldEnd,
          newEndIndex: start + change.text.length,
          startPosition: pointAt(current, start),
          oldEndPosition: pointAt(current, oldEnd),
          newEndPosition: pointAt(next, start + change.text.length),
        });
        current = next;
      }
      if (current !== text) this.dispose(); // the changes did not describe this text: start over
    } else if (this.tree && text !== this.text) {
      this.dispose();
    }
    const previous = this.tree;
    const tree = parsePython(text, previous);
    previous?.delete();
    this.tree = tree;
    this.text = text;
    this.syntax = copyTree(tree, text, pythonLanguage(), this.syntax);
    return runOnTree(pythonSource(this.path, text), this.syntax, options);
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = null;
    this.syntax = null;
  }
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** Parses, builds the model, runs the rules and frees the tree. */
export function analyzeSource(source: ProgramSource, options: AnalyzeOptions = {}): AnalysisResult {
  return runOnTree(source, parseToSyntax(source.text), options);
}

/**
 * Analyzes a program and runs `fn` on its findings and its model, both from one parse: a refactor
 * run on fresh findings (the findings are those of `analyzeSource`).
 */
export function withAnalysis<T>(source: ProgramSource, options: AnalyzeOptions, fn: (findings: Finding[], model: ScriptModel) => T): T {
  const { model, findings } = guardDepth(() =>
    modelAndFindings(source, shallow(parseToSyntax(source.text)), options.config ?? DEFAULT_CONFIG, options),
  );
  return fn(findings, model);
}

/** Runs `fn` on the model of a program (for refactors and tools). */
export function withModel<T>(source: ProgramSource, fn: (model: ScriptModel) => T): T {
  return fn(guardDepth(() => buildClassifiedModel(source, shallow(parseToSyntax(source.text)))));
}

/** A tree nested more deeply than the walks may recurse is refused up front (`MAX_SYNTAX_DEPTH`), whatever the stack. */
function shallow(tree: SyntaxTree): SyntaxTree {
  if (tree.depth > MAX_SYNTAX_DEPTH) throw new Error(TOO_DEEP);
  return tree;
}

/** Why a program cannot be analyzed when it is nested too deeply: the MLH000 of an analysis, the error a refactor throws. */
export const TOO_DEEP = 'the code is nested too deeply to analyse';

function guardDepth<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (isStackOverflow(error)) throw new Error(TOO_DEEP, { cause: error });
    throw error;
  }
}

function modelAndFindings(
  source: ProgramSource,
  tree: SyntaxTree,
  config: ResolvedConfig,
  options: AnalyzeOptions,
): { model: ScriptModel; findings: Finding[] } {
  const model = buildClassifiedModel(source, tree);
  return { model, findings: model.fileSuppressed ? [] : runRules(model, config, options.plan ?? null) };
}

/**
 * Expressions nested thousands of levels deep (`1 + 1 + ...` ten thousand times) exhaust the
 * stack of the tree walks. Such a file gets one clear MLH000 instead of a crash.
 */
function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function runOnTree(source: ProgramSource, tree: SyntaxTree, options: AnalyzeOptions): AnalysisResult {
  if (tree.depth > MAX_SYNTAX_DEPTH) return unreadable(source.path, source.kind, TOO_DEEP, options);
  try {
    return runOnTreeUnguarded(source, tree, options);
  } catch (error) {
    if (isStackOverflow(error)) return unreadable(source.path, source.kind, TOO_DEEP, options);
    throw error;
  }
}

function runOnTreeUnguarded(source: ProgramSource, tree: SyntaxTree, options: AnalyzeOptions): AnalysisResult {
  const config = options.config ?? DEFAULT_CONFIG;
  const { model, findings } = modelAndFindings(source, tree, config, options);
  const monolith = findRule('MLH001');
  return {
    path: source.path,
    kind: source.kind,
    findings,
    score: monolithScore(model, monolith ? ruleOptions(config, monolith) : {}),
    cells: source.cells,
    syntaxErrors: model.syntaxErrors,
  };
}

/**
 * What a configuration selects, worked out once per configuration object (a configuration is not
 * changed once resolved): its rules and their severities, leaving only the per-file ignores to
 * match per file.
 */
interface Selection {
  rules: Rule[];
  severity: Map<Rule, Severity>;
  /** Each selected rule's options, frozen: every file's rules read the same objects. */
  options: Map<Rule, Readonly<Record<string, unknown>>>;
}

const selections = new WeakMap<ResolvedConfig, Selection>();

function selectionOf(config: ResolvedConfig): Selection {
  let selection = selections.get(config);
  if (!selection) {
    const rules = selectedRules(config, RULES);
    selection = {
      rules,
      severity: new Map(rules.map((rule) => [rule, effectiveSeverity(config, rule)])),
      options: new Map(rules.map((rule) => [rule, frozenOptions(config, rule)])),
    };
    selections.set(config, selection);
  }
  return selection;
}

/** `ruleOptions`, frozen (arrays too), so that sharing them between files cannot leak one file's change into the next. */
function frozenOptions(config: ResolvedConfig, rule: Rule): Readonly<Record<string, unknown>> {
  const options = ruleOptions(config, rule);
  for (const value of Object.values(options)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(options);
}

export function runRules(model: ScriptModel, config: ResolvedConfig, plan: RulePlan | null = null): Finding[] {
  const findings: Finding[] = [];
  const selection = selectionOf(config);
  for (const rule of withoutFileIgnores(config, selection.rules, model.path)) {
    if (!rule.appliesTo.includes(model.kind)) continue;
    const severity = selection.severity.get(rule)!;
    const reports: Report[] = [];
    try {
      rule.check({ model, options: selection.options.get(rule)!, plan, report: (r) => reports.push(r) });
    } catch (error) {
      if (isStackOverflow(error)) throw error;
      // A rule's bug must not take the others down: say so, once, and go on.
      findings.push(internalError(model, rule, error));
      continue;
    }
    for (const report of reports) {
      if (isSuppressed(model, rule.code, report.range)) continue;
      findings.push(toFinding(model.source, rule, severity, report));
    }
  }
  return findings.sort(compareFindings);
}

function isSuppressed(model: ScriptModel, code: string, range: Range): boolean {
  const pragma = model.suppressions.get(range.start.line);
  return pragma !== undefined && (pragma.codes.size === 0 || pragma.codes.has(code));
}

function toFinding(source: ProgramSource, rule: Rule, severity: Finding['severity'], report: Report): Finding {
  const finding: Finding = {
    code: rule.code,
    name: rule.name,
    severity,
    message: report.message,
    range: report.range,
    related: (report.related ?? []).map((related) => {
      const cell = toCellRange(source, related.range);
      return cell ? { ...related, cell } : related;
    }),
    fix: report.fix ?? null,
  };
  if (report.data) finding.data = report.data;
  if (report.call) finding.call = report.call;
  const cell = toCellRange(source, report.range);
  if (cell) finding.cell = cell;
  return finding;
}

function internalError(model: ScriptModel, rule: Rule, error: unknown): Finding {
  const finding = readerFinding(`internal error in rule ${rule.code} (${rule.name}); please report it: ${errorMessage(error)}`, 'error');
  const cell = toCellRange(model.source, finding.range);
  if (cell) finding.cell = cell;
  return finding;
}

/** Findings by position, then code (plain string order: `MLH` and three digits). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}

/** One MLH000 finding, unless the user switched MLH000 off for this file. */
function unreadable(path: string, kind: InputKind, reason: string, options: AnalyzeOptions): AnalysisResult {
  const rule = findRule('MLH000')!;
  const config = options.config ?? DEFAULT_CONFIG;
  const reported = isRuleEnabled(config, rule, path);
  return {
    path,
    kind,
    findings: !reported ? [] : [readerFinding(`Cannot analyse this file: ${reason}.`, effectiveSeverity(config, rule))],
    score: null,
    cells: null,
    syntaxErrors: [],
  };
}

/** The one builder of MLH000 findings (unreadable input, a rule's or the engine's bug), at the start of the file. */
function readerFinding(message: string, severity: Severity): Finding {
  const rule = findRule('MLH000')!;
  return {
    code: rule.code,
    name: rule.name,
    severity,
    message,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    related: [],
    fix: null,
  };
}

/** A size for people: `512 bytes`, `3.2 KiB`, `1.5 MiB`. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Narrow down by halves. A streaming decode accepts a prefix that ends inside a valid
  // sequence, so a prefix fails exactly when it holds an invalid byte.
  const decodes = (end: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = bytes.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (decodes(mid)) lo = mid;
    else hi = mid;
  }
  // Byte hi-1 made the prefix fail; when it cuts short a multi-byte sequence begun just
  // before it, the sequence's lead byte is the bad one.
  const failing = hi - 1;
  for (let back = failing - 1; back >= 0 && back >= failing - 3; back--) {
    const byte = bytes[back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > 1 && back + length > failing ? back : failing;
  }
  return failing;
}
