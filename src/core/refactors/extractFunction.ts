import type { ScriptModel, Statement } from '../semantic';
import { cellAtLine } from '../parse/source';
import type { Node } from '../parse/syntax';
import { keyName } from '../params';
import type { Phase, Position, Range, TextEdit } from '../types';
import type { RefactorResult, Refusal } from './change';
import { refusal } from './change';
import { actionNames, GENERIC_NAMES } from './stepNames';
import { dynamicNameLookups, eolOf, freshName, identifiersOf, indentUnit, linesInsideStrings, ownScopeNodes } from './nodes';

/**
 * Refactor 4, "Extract to function": top-level statements (a selection, or a whole notebook cell)
 * become a function. Its parameters are the names the statements read that were bound before
 * them (not imports or functions, which stay globals); it returns the names they bind that are
 * used afterwards; the call takes the statements' place, so the program runs as before.
 */

export interface ExtractOptions {
  /** The function's name; derived from the section title or the phase when not given. */
  name?: string;
}

/** Statements that cannot move into a function body without changing what they mean. */
const FORBIDDEN: Record<string, string> = {
  return_statement: '`return` outside a function',
  yield: '`yield` outside a function',
  global_statement: 'a `global` declaration',
  nonlocal_statement: 'a `nonlocal` declaration',
  await: 'a top-level `await`',
};

/** The function a step of each phase becomes (extract to function, and modularize's steps). */
export const PHASE_FUNCTION_NAMES: Record<Phase, string> = {
  data: 'load_data',
  features: 'build_features',
  training: 'train_model',
  evaluation: 'evaluate_model',
  persistence: 'save_outputs',
  visualisation: 'plot_results',
};

/** A program line as the user sees it: `line N` in a script, `line n of cell C` in a notebook (both 1-based). */
export function lineLabel(model: ScriptModel, line: number): string {
  const cell = model.kind === 'notebook' ? cellAtLine(model.source, line) : undefined;
  return cell ? `line ${line - cell.startLine + 1} of cell ${cell.cellIndex + 1}` : `line ${line + 1}`;
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function selected(model: ScriptModel, selection: Range): Statement[] {
  return model.statements.filter(
    (s) => comparePositions(s.range.start, selection.end) < 0 && comparePositions(s.range.end, selection.start) > 0,
  );
}

/** Why these statements cannot be extracted as they are, or null; `acrossCells`: they may lie in several notebook cells. */
function problem(model: ScriptModel, selection: Range, statements: Statement[], acrossCells = false): Refusal | null {
  const first = statements[0]!;
  const last = statements[statements.length - 1]!;
  const at = (line: number): string => lineLabel(model, line);
  if (comparePositions(selection.start, first.range.start) > 0) {
    return refusal(
      first.range,
      null,
      `the selection starts inside the statement at ${at(first.range.start.line)}: select whole statements`,
    );
  }
  if (comparePositions(selection.end, last.range.end) < 0) {
    return refusal(last.range, null, `the selection ends inside the statement at ${at(last.range.start.line)}: select whole statements`);
  }
  const before = model.statements[first.index - 1];
  const after = model.statements[last.index + 1];
  if ((before && before.range.end.line === first.range.start.line) || (after && after.range.start.line === last.range.end.line)) {
    return refusal(first.range, null, 'the selection shares a line with other statements: select whole lines');
  }
  if (
    !acrossCells &&
    model.kind === 'notebook' &&
    cellAtLine(model.source, first.range.start.line) !== cellAtLine(model.source, last.range.end.line)
  ) {
    return refusal(first.range, null, 'the selection spans several cells: extract one cell at a time');
  }
  const magic = model.source.magics.find((m) => m.line >= first.range.start.line && m.line <= last.range.end.line);
  if (magic)
    return refusal(lineRange(magic.line), null, `${at(magic.line)} is an IPython magic or shell line, which a function body cannot hold`);
  for (const statement of statements) {
    if (statement.kind === 'docstring')
      return refusal(statement.range, null, "the selection holds the module's docstring, which must stay the first statement");
    if (statement.hasError) return refusal(statement.range, null, `the statement at ${at(statement.range.start.line)} does not parse`);
    for (const node of ownScopeNodes(statement.node, new Set(Object.keys(FORBIDDEN)))) {
      return refusal(
        rangeOf(node),
        null,
        `${at(node.startPosition.row)} has ${FORBIDDEN[node.type]}, which means something else inside a function`,
      );
    }
    const star = model.starImports.find((s) => s.statement === statement.index)?.node;
    if (star) return refusal(rangeOf(star), null, `${at(star.startPosition.row)} has \`import *\`, which a function cannot hold`);
  }
  const dynamic = dynamicNameLookups(model, statements)[0];
  if (dynamic)
    return refusal(
      rangeOf(dynamic.node),
      null,
      `${at(dynamic.node.startPosition.row)} calls ${dynamic.callee.text}(), which sees other names inside a function`,
    );
  return null;
}

function rangeOf(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

function lineRange(line: number): Range {
  return { start: { line, character: 0 }, end: { line, character: 0 } };
}

const DEFINITION_KINDS = new Set(['import', 'function', 'class']);

interface Flow {
  parameters: string[];
  returns: string[];
  /** Names bound here that functions defined elsewhere read: they stay module globals (`global`). */
  globals: string[];
  /** A name the statements delete that is used afterwards. */
  deletedThenUsed: string | null;
}

/** In order of first appearance in the statements' text. */
function inTextOrder(names: Set<string>, statements: Statement[]): string[] {
  const text = statements.map((s) => s.node.text).join('\n');
  const at = (name: string): number => {
    const match = new RegExp(`\\b${name}\\b`).exec(text);
    return match ? match.index : Number.MAX_SAFE_INTEGER;
  };
  return [...names].sort((a, b) => at(a) - at(b) || a.localeCompare(b));
}

function dataflow(model: ScriptModel, statements: Statement[]): Flow {
  const first = statements[0]!.index;
  const last = statements[statements.length - 1]!.index;
  const before = model.statements.slice(0, first);
  const after = model.statements.slice(last + 1);
  const boundBefore = new Map<string, Statement[]>();
  for (const s of before) for (const name of s.defs) boundBefore.set(name, [...(boundBefore.get(name) ?? []), s]);
  const uses = new Set(statements.flatMap((s) => [...s.uses, ...s.mutates]));
  const defs = new Set(statements.flatMap((s) => [...s.defs]));
  const deletes = new Set(statements.flatMap((s) => [...s.deletes]));
  const usedAfter = new Set<string>();
  for (const s of after) for (const name of [...s.uses, ...s.mutates, ...s.deletes]) usedAfter.add(name);
  // A function or class defined outside the selection may run during it or later and read (or, with
  // `global`, write) the module's names: those stay module globals.
  const sharedWithFunctions = new Set<string>();
  for (const s of [...before, ...after])
    if (s.kind === 'function' || s.kind === 'class') for (const name of s.uses) sharedWithFunctions.add(name);
  const parameters = new Set<string>();
  for (const [name, binders] of boundBefore) {
    if (sharedWithFunctions.has(name)) continue;
    const onlyDefinitions = binders.every((s) => DEFINITION_KINDS.has(s.kind));
    const read = uses.has(name) && (!onlyDefinitions || defs.has(name)); // imports and functions stay globals
    const rebound = defs.has(name) && usedAfter.has(name); // a conditional rebinding keeps the old value otherwise
    if (read || rebound || deletes.has(name)) parameters.add(name);
  }
  const globals = new Set([...defs, ...deletes].filter((name) => sharedWithFunctions.has(name)));
  const returns = new Set([...defs].filter((name) => usedAfter.has(name) && !deletes.has(name) && !globals.has(name)));
  const deletedThenUsed = [...deletes].find((name) => usedAfter.has(name)) ?? null;
  return {
    parameters: inTextOrder(parameters, statements),
    returns: inTextOrder(returns, statements),
    globals: [...globals].sort(),
    deletedThenUsed,
  };
}

function defaultName(model: ScriptModel, statements: Statement[], returns: readonly string[]): string {
  const section = model.sections[statements[0]!.section];
  const title = section?.title && section.title !== '[markdown]' ? section.title : null;
  if (title) {
    const words = keyName(title.replace(/[`*_]/g, ' '), '')
      .split('_')
      .filter((w) => w !== '')
      .slice(0, 5)
      .join('_');
    if (/^[a-z_][a-z0-9_]*$/.test(words)) return words;
  }
  // What it does (`load_train`, `train_xgb_classifier`: stepNames.ts), then what it returns, then its phase; never a comment.
  const action = actionNames(model, statements);
  if (action.names[0]) return action.names[0];
  const phases = statements.map((s) => s.phase).filter((p): p is Phase => p !== null);
  const phase = phases.length > 0 ? PHASE_FUNCTION_NAMES[phases[phases.length - 1]!] : null;
  const product = returns.find((r) => r.length > 2 && !GENERIC_NAMES.has(r.toLowerCase()));
  const verb = action.verb ?? phase?.split('_')[0] ?? 'compute';
  if (product) return `${verb}_${keyName(product, '')}`;
  // Short names (`X, y`) still say what comes out, better than a generic name.
  const short = returns.filter((r) => !r.startsWith('_')).slice(0, 2);
  const named = short.length > 0 ? `${verb}_${short.map((r) => keyName(r, '')).join('_')}` : null;
  if (named && /^[a-z_][a-z0-9_]*$/.test(named)) return named;
  return phase ?? 'step';
}

/** Refactor 4 for a selection (program coordinates) of whole top-level statements. */
export function extractFunction(model: ScriptModel, selection: Range, options: ExtractOptions = {}): RefactorResult {
  return extract(model, selection, options, false);
}

function extract(model: ScriptModel, selection: Range, options: ExtractOptions, acrossCells: boolean): RefactorResult {
  const statements = selected(model, selection);
  if (statements.length === 0) {
    const reason = acrossCells ? 'the selected cells hold no code' : 'the selection holds no top-level statement';
    return { change: null, refused: [refusal(selection, null, reason)], moved: [] };
  }
  const blocked = problem(model, selection, statements, acrossCells);
  if (blocked) return { change: null, refused: [blocked], moved: [] };
  const flow = dataflow(model, statements);
  if (flow.deletedThenUsed) {
    return {
      change: null,
      refused: [refusal(statements[0]!.range, null, `it deletes ${flow.deletedThenUsed} with \`del\`, which the code after it uses`)],
      moved: [],
    };
  }
  const taken = identifiersOf(model);
  const name = options.name ?? freshName(taken, defaultName(model, statements, flow.returns));
  const eol = eolOf(model.source.text);
  const indent = indentUnit(model);
  const firstLine = statements[0]!.range.start.line;
  const lastLine = statements[statements.length - 1]!.range.end.line;
  const inStrings = new Set<number>();
  for (const s of statements) for (const line of linesInsideStrings(s.node)) inStrings.add(line);
  // The cells after the first one (several cells only): where each starts in the program.
  const cells = model.kind === 'notebook' ? model.source.codeCells.filter((c) => c.startLine > firstLine && c.startLine <= lastLine) : [];
  const cellStarts = new Set(cells.map((c) => c.startLine));
  const body: string[] = [];
  if (flow.globals.length > 0) body.push(`${indent}global ${flow.globals.join(', ')}`);
  for (let line = firstLine; line <= lastLine; line++) {
    const text = model.lines[line]!.replace(/\r$/, '');
    // One blank line where a cell ended, as between the steps of a script.
    if (cellStarts.has(line) && body.length > 0 && body[body.length - 1]!.trim() !== '' && text.trim() !== '') body.push('');
    body.push(inStrings.has(line) || text.trim() === '' ? text : indent + text);
  }
  if (flow.returns.length > 0) body.push(`${indent}return ${flow.returns.join(', ')}`);
  const args = flow.parameters.join(', ');
  const call = `${name}(${args})`;
  const callLine = flow.returns.length > 0 ? `${flow.returns.join(', ')} = ${call}` : call;
  const newText = [`def ${name}(${args}):`, ...body, '', '', callLine].join(eol);
  const lineEnd = (line: number): Position => ({ line, character: model.lines[line]!.replace(/\r$/, '').length });
  // The definition and its call take the first cell's place (or the statements' in a script); the
  // later cells keep their place and kind, left without the code that moved (see cellsEnd).
  const firstEnd = cells.length > 0 ? cells[0]!.startLine - 1 : lastLine;
  const edits: TextEdit[] = [{ range: { start: { line: firstLine, character: 0 }, end: lineEnd(firstEnd) }, newText }];
  for (const cell of cells) {
    const cellLast = cell.startLine + cell.lineCount - 1;
    // A cell wholly moved is left empty; the last cell keeps the lines after the last statement.
    const end = lastLine >= cellLast ? lineEnd(cellLast) : { line: lastLine + 1, character: 0 };
    edits.push({ range: { start: { line: cell.startLine, character: 0 }, end }, newText: '' });
  }
  const where = cells.length > 0 ? 'cells' : model.kind === 'notebook' ? 'cell' : 'statements';
  return {
    change: {
      title: `Extract ${where} to function ${name}()`,
      changes: [{ kind: 'script', path: model.path, source: model.source, edits }],
      focus: { line: firstLine, character: 4 },
    },
    refused: [],
    moved: [],
  };
}

/**
 * Refactor 4 for notebook cells `from`..`to` (indices among all cells, inclusive; markdown and raw
 * cells among them are kept as they are). One function holds the code of every selected code cell;
 * its definition and the call take the first code cell's place, so the author can name it there;
 * the later code cells stay in the notebook, empty (with what followed their last statement),
 * so that the cells around and between them, markdown included, keep their place.
 */
export function extractCells(model: ScriptModel, from: number, to: number, options: ExtractOptions = {}): RefactorResult {
  const whole: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  if (model.kind !== 'notebook')
    return { change: null, refused: [refusal(whole, null, 'cells can only be extracted from a notebook')], moved: [] };
  const cells = model.source.codeCells.filter((c) => c.cellIndex >= from && c.cellIndex <= to);
  if (cells.length === 0) return { change: null, refused: [refusal(whole, null, 'the selected cells hold no code cell')], moved: [] };
  const first = cellRange(model, cells[0]!.cellIndex)!;
  const last = cellRange(model, cells[cells.length - 1]!.cellIndex)!;
  return extract(model, { start: first.start, end: last.end }, options, true);
}

/** The program range of a whole notebook cell (by index among all cells), for "extract cell". */
export function cellRange(model: ScriptModel, cellIndex: number): Range | null {
  const cell = model.source.codeCells.find((c) => c.cellIndex === cellIndex);
  if (!cell) return null;
  const lastLine = cell.startLine + cell.lineCount - 1;
  return { start: { line: cell.startLine, character: 0 }, end: { line: lastLine, character: (model.lines[lastLine] ?? '').length } };
}
