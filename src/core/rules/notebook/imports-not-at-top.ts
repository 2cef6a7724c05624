import type { MagicLine, ProgramCell } from '../../parse/source';
import type { Node } from '../../parse/syntax';
import type { ScriptModel, Statement } from '../../semantic';
import { cellAtLine } from '../../parse/source';
import { descendants, kids, nodeRange } from '../../parse/syntax';
import type { Fix, Position, Range, TextEdit } from '../../types';
import type { ContextOf, Rule } from '../rule';

/** Cell magics whose body is Python (as in parse/source.ts): imports may be written below them. */
const PYTHON_BODY_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'memit', 'debug', 'pypy', 'python', 'python3']);

/** Line magics that change nothing an import depends on. */
const HARMLESS_MAGICS = new Set([
  'matplotlib',
  'config',
  'time',
  'timeit',
  'who',
  'whos',
  'who_ls',
  'precision',
  'pprint',
  'autosave',
  'history',
  'lsmagic',
]);

/** Shell commands that only look (a `!pip install` or a `!git clone` above an import is what the import needs). */
const HARMLESS_SHELL = new Set([
  'ls',
  'cat',
  'head',
  'tail',
  'nvidia-smi',
  'free',
  'df',
  'du',
  'pwd',
  'echo',
  'wc',
  'which',
  'whoami',
  'tree',
  'lscpu',
  'nproc',
  'date',
  'uname',
]);

/** Calls that change where or how an import finds its module. */
const ENVIRONMENT_CALLS = new Set([
  'os.chdir',
  'os.putenv',
  'site.addsitedir',
  'matplotlib.use',
  'pip.main',
  'importlib.reload',
  'importlib.invalidate_caches',
]);
/** Objects whose change does the same (`sys.path.append(...)`, `os.environ["CUDA_VISIBLE_DEVICES"] = "0"`). */
const ENVIRONMENT_OBJECTS = new Set(['sys.path', 'os.environ', 'sys.modules']);

interface CellStatements {
  cell: ProgramCell;
  statements: Statement[];
}

/** `try: import xgboost` / `except ImportError: ...`: an optional import, neither code nor an import to move. */
function isOptionalImport(statement: Statement): boolean {
  if (statement.node.type !== 'try_statement') return false;
  const body = statement.node.childForFieldName('body');
  const parts = body ? kids(body).filter((n) => n.isNamed && n.type !== 'comment') : [];
  return (
    parts.length > 0 &&
    parts.some((n) => n.type.startsWith('import')) &&
    parts.every((n) => n.type.startsWith('import') || n.type === 'expression_statement')
  );
}

/** `from __future__ import ...` applies to its own cell in IPython and must stay first there. */
const isFuture = (statement: Statement): boolean => statement.node.type === 'future_import_statement';

const isImport = (statement: Statement): boolean => statement.kind === 'import' && !isFuture(statement);

/** A statement that runs code: not an import, an IPython line, a docstring or a string standing as prose. */
function isCode(statement: Statement): boolean {
  if (statement.kind === 'import' || statement.kind === 'magic' || statement.kind === 'docstring') return false;
  if (isOptionalImport(statement)) return false;
  const only = statement.node.type === 'expression_statement' ? statement.node.namedChildren : [];
  return !(only.length === 1 && ['string', 'concatenated_string'].includes(only[0]!.type));
}

function statementsByCell(model: ScriptModel): CellStatements[] {
  const byCell = new Map<number, CellStatements>();
  for (const cell of model.source.codeCells) byCell.set(cell.startLine, { cell, statements: [] });
  for (const statement of model.statements) {
    const cell = cellAtLine(model.source, statement.range.start.line);
    if (cell) byCell.get(cell.startLine)!.statements.push(statement);
  }
  return [...byCell.values()];
}

/** What a moved import's names are bound to: local name -> qualified module or object. */
function bindingsOf(model: ScriptModel, statement: Statement): Map<string, string> {
  return new Map(model.imports.filter((b) => b.statement === statement.index).map((b) => [b.local, b.qualified]));
}

const normalized = (statement: Statement): string => statement.node.text.replace(/\s+/g, ' ').trim();

function magicAt(model: ScriptModel, line: number): MagicLine | undefined {
  return model.source.magics.find((m) => line >= m.line && line <= m.line + (m.extraLines ?? 0));
}

/** An IPython line that may change what an import finds: `!pip install`, `%cd`, `%run`, `%%writefile`... */
function magicChangesEnvironment(magic: MagicLine): boolean {
  const text = magic.text.trim();
  const firstWord = (t: string): string => t.trim().split(/\s/, 1)[0] ?? '';
  switch (magic.kind) {
    case 'help':
      return false;
    case 'cell-magic':
      return !PYTHON_BODY_CELL_MAGICS.has(firstWord(text.slice(2)));
    case 'shell':
      return !HARMLESS_SHELL.has(firstWord(text.replace(/^!+/, '')));
    case 'assigned-magic': {
      const value = text.slice(text.indexOf('=') + 1).trim();
      return value.startsWith('!')
        ? !HARMLESS_SHELL.has(firstWord(value.replace(/^!+/, '')))
        : !HARMLESS_MAGICS.has(firstWord(value.slice(1)));
    }
    default: {
      // `%pip install x`, `%cd data`, `%run setup.py`; automagic `pip install x` and aliases `ls data` alike.
      const name = firstWord(text.replace(/^%+/, ''));
      return !HARMLESS_MAGICS.has(name) && !HARMLESS_SHELL.has(name);
    }
  }
}

/** A qualified dotted name for an attribute chain rooted at an import (`sys.path`), else null. */
function qualifiedOf(model: ScriptModel, node: Node): string | null {
  let root: Node | null = node;
  while (root?.type === 'attribute') root = root.childForFieldName('object');
  if (root?.type !== 'identifier') return null;
  const module = model.importMap.get(root.text);
  return module ? module + node.text.slice(root.text.length).replace(/\s+/g, '') : null;
}

/** Methods that change `sys.path`, `os.environ` or `sys.modules` in place. */
const MUTATORS = new Set(['append', 'insert', 'extend', 'update', 'setdefault', 'pop', 'remove', 'clear', 'popitem']);

/** The command word of `subprocess.run(["ls", ...])` or `os.system("ls ...")`, when written as a literal. */
function commandWord(node: Node | undefined): string | null {
  if (!node) return null;
  const literal = node.type === 'list' || node.type === 'tuple' ? node.namedChildren[0] : node;
  if (literal?.type !== 'string') return null;
  const text = literal.text.replace(/^[rbuRBU]*(['"]{1,3})/, '').trimStart();
  return text.split(/[\s'"]/, 1)[0] ?? null;
}

/** Whether the `sys.path` / `os.environ` node is changed here (a mutating method, an assignment to it or to an item). */
function isChanged(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === node.id)
    return parent.parent?.type === 'call' && MUTATORS.has(parent.childForFieldName('attribute')?.text ?? '');
  const target = parent.type === 'subscript' && parent.childForFieldName('value')?.id === node.id ? parent : node;
  const assignment = target.parent;
  return (
    (assignment?.type === 'assignment' || assignment?.type === 'augmented_assignment') &&
    assignment.childForFieldName('left')?.id === target.id
  );
}

/** Python code that may change what an import finds: `sys.path.append(...)`, `os.chdir(...)`, `os.environ[...] = ...`, `subprocess.run(["pip", ...])`. */
function codeChangesEnvironment(model: ScriptModel, statement: Statement): boolean {
  for (const call of model.callsByStatement.get(statement.index) ?? []) {
    const name = call.qualified ?? '';
    if (name === 'os.system' || name.startsWith('subprocess.')) {
      const word = commandWord(call.positional[0]);
      if (word === null || !HARMLESS_SHELL.has(word)) return true;
    } else if (ENVIRONMENT_CALLS.has(name)) return true;
  }
  for (const node of descendants(statement.node)) {
    if (node.type !== 'attribute') continue;
    const qualified = qualifiedOf(model, node);
    if (qualified && ENVIRONMENT_OBJECTS.has(qualified) && isChanged(node)) return true;
  }
  return false;
}

/** Where the moved imports go: after the imports (and IPython lines) that open the first code cell. */
function insertionPoint(model: ScriptModel, first: CellStatements): { at: Position; after: boolean } | string {
  const { cell, statements } = first;
  const last = cell.startLine + cell.lineCount - 1;
  const cellMagic = model.source.magics.find((m) => m.kind === 'cell-magic' && m.line >= cell.startLine && m.line <= last);
  if (cellMagic && !PYTHON_BODY_CELL_MAGICS.has(cellMagic.text.trim().slice(2).split(/\s/, 1)[0] ?? ''))
    return `the first code cell is a ${cellMagic.text.trim().split(/\s/, 1)[0]} cell, not Python`;
  let header: Statement | null = null;
  for (const statement of statements) {
    if (cellMagic && statement.range.start.line === cellMagic.line) continue;
    if (isCode(statement) || isFuture(statement)) {
      if (isFuture(statement)) header = statement;
      else break;
    } else header = statement;
  }
  if (header) {
    const line = header.range.end.line;
    const magic = magicAt(model, line);
    const text = magic && magic.line === line ? magic.text : (model.lines[line] ?? '');
    return { at: { line, character: text.replace(/\r$/, '').length }, after: true };
  }
  const firstStatement = statements.find((s) => !(cellMagic && s.range.start.line === cellMagic.line));
  const line = firstStatement ? firstStatement.range.start.line : cellMagic ? cellMagic.line + 1 : cell.startLine;
  if (line > last) return { at: { line: cellMagic!.line, character: cellMagic!.text.replace(/\r$/, '').length }, after: true };
  return { at: { line, character: 0 }, after: false };
}

/** Whether the statement's lines hold nothing else (a trailing comment goes with it). */
function aloneOnItsLines(model: ScriptModel, statement: Statement): boolean {
  const { start, end } = statement.range;
  const before = (model.lines[start.line] ?? '').slice(0, start.character);
  const after = (model.lines[end.line] ?? '').replace(/\r$/, '').slice(end.character);
  return before.trim() === '' && (after.trim() === '' || after.trimStart().startsWith('#'));
}

/** Deletions of whole lines, one per run of consecutive lines inside one cell, never touching an IPython line. */
function deleteLines(model: ScriptModel, cell: ProgramCell, lines: number[]): TextEdit[] {
  const edits: TextEdit[] = [];
  const last = cell.startLine + cell.lineCount - 1;
  const length = (line: number): number => (model.lines[line] ?? '').replace(/\r$/, '').length;
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const a = sorted[i]!;
    const b = sorted[j]!;
    let range: Range;
    if (b < last) range = { start: { line: a, character: 0 }, end: { line: b + 1, character: 0 } };
    else if (a > cell.startLine && !magicAt(model, a - 1))
      range = { start: { line: a - 1, character: length(a - 1) }, end: { line: b, character: length(b) } };
    else range = { start: { line: a, character: 0 }, end: { line: b, character: length(b) } };
    edits.push({ range, newText: '' });
    i = j + 1;
  }
  return edits;
}

interface Flagged {
  cell: CellStatements;
  imports: Statement[];
}

/** Why the imports of `flagged` cannot be moved (1-based cell lines in the reason), or null. */
function refusal(model: ScriptModel, flagged: Flagged, everyStatement: Statement[], insertAt: Position): string | null {
  const where = (statement: Statement | { line: number }): string => {
    const line = 'line' in statement ? statement.line : statement.range.start.line;
    const cell = cellAtLine(model.source, line)!;
    return `line ${line - cell.startLine + 1} of cell ${cell.cellIndex + 1}`;
  };
  for (const statement of flagged.imports) {
    if (!aloneOnItsLines(model, statement)) return `${where(statement)} holds more than the import`;
    const bound = bindingsOf(model, statement);
    for (const earlier of everyStatement) {
      if (earlier.range.start.line >= statement.range.start.line) break;
      if (earlier.range.start.line >= insertAt.line) {
        if (codeChangesEnvironment(model, earlier)) return `${where(earlier)} changes the environment the import runs in`;
      }
      const theirs = earlier.kind === 'import' ? bindingsOf(model, earlier) : null;
      for (const [name, qualified] of bound) {
        if (!earlier.defs.has(name) && !earlier.deletes.has(name)) continue;
        if (theirs?.get(name) === qualified) continue; // the same import again
        return `${where(earlier)} binds \`${name}\` before the import does`;
      }
    }
    const magic = model.source.magics.find(
      (m) => m.line >= insertAt.line && m.line < statement.range.start.line && magicChangesEnvironment(m),
    );
    if (magic) return `${where(magic)} (\`${magic.text.trim()}\`) runs before the import and may be what it needs`;
  }
  return null;
}

const cellName = (cell: ProgramCell): string => `cell ${cell.cellIndex + 1}`;

export const importsNotAtTop: Rule = {
  code: 'MLH203',
  name: 'imports-not-at-top',
  family: 'notebook',
  defaultSeverity: 'warning',
  status: 'preview',
  attachesFix: 'sometimes',
  summary: 'A notebook cell imports modules after earlier cells have run code: the imports belong in the first code cell.',
  appliesTo: ['notebook'],
  options: {},
  check(ctx: ContextOf<'MLH203'>) {
    const { model } = ctx;
    const cells = statementsByCell(model);
    const firstCode = cells.findIndex((c) => c.statements.some(isCode));
    if (firstCode < 0 || cells.length === 0) return;
    const flagged: Flagged[] = [];
    for (const cell of cells.slice(firstCode + 1)) {
      const imports = cell.statements.filter(isImport);
      if (imports.length > 0) flagged.push({ cell, imports });
    }
    if (flagged.length === 0) return;
    const first = cells[0]!;
    const codeCell = cells[firstCode]!.cell;
    const place = insertionPoint(model, first);
    const reasons = new Map<Flagged, string | null>();
    for (const f of flagged) reasons.set(f, typeof place === 'string' ? place : refusal(model, f, model.statements, place.at));
    const fix =
      typeof place === 'string'
        ? null
        : fixFor(
            model,
            first,
            flagged.filter((f) => reasons.get(f) === null),
            place,
          );
    for (const f of flagged) {
      const statement = f.imports[0]!;
      const modules = [...new Set(f.imports.flatMap((s) => [...bindingsOf(model, s).values()].map((q) => q.split('.')[0]!)))];
      const reason = reasons.get(f);
      const shown = modules.length > 3 ? `${modules.slice(0, 3).join(', ')} and ${modules.length - 3} more` : modules.join(', ');
      ctx.report({
        range: nodeRange(statement.node),
        message:
          `Cell ${f.cell.cell.cellIndex + 1} imports ${shown} after ${cellName(codeCell)} has run code: ` +
          `a notebook's imports belong in its first code cell (${cellName(first.cell)}), where a reader sees every dependency and a restart runs them first.` +
          (reason ? ` Not moved automatically: ${reason}.` : ''),
        related: [{ range: cellRange(model, codeCell), message: `${cellName(codeCell)}: the first cell that runs code` }],
        fix: reason ? null : fix,
        data: { firstCodeCell: first.cell.cellIndex, firstCellWithCode: codeCell.cellIndex, modules },
      });
    }
  },
};

function cellRange(model: ScriptModel, cell: ProgramCell): Range {
  const last = cell.startLine + cell.lineCount - 1;
  return { start: { line: cell.startLine, character: 0 }, end: { line: last, character: (model.lines[last] ?? '').length } };
}

/** One fix for the whole notebook: every movable import into the first code cell, in order, exact duplicates dropped. */
function fixFor(model: ScriptModel, first: CellStatements, movable: Flagged[], place: { at: Position; after: boolean }): Fix | null {
  if (movable.length === 0) return null;
  const seen = new Set(first.statements.filter((s) => s.kind === 'import').map(normalized));
  const moved: string[] = [];
  const edits: TextEdit[] = [];
  for (const f of movable) {
    for (const statement of f.imports) {
      const key = normalized(statement);
      if (!seen.has(key)) moved.push(statement.node.text);
      seen.add(key);
    }
    const lines = f.imports.flatMap((s) =>
      Array.from({ length: s.range.end.line - s.range.start.line + 1 }, (_, k) => s.range.start.line + k),
    );
    edits.push(...deleteLines(model, f.cell.cell, lines));
  }
  if (moved.length > 0) {
    const text = moved.join('\n');
    edits.unshift({ range: { start: place.at, end: place.at }, newText: place.after ? '\n' + text : text + '\n' });
  }
  return { title: 'Move the imports to the first code cell', applicability: 'unsafe', edits };
}
