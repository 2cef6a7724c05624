import type { ScriptModel, Statement } from '../../semantic';
import { descendants } from '../../parse/syntax';
import { linesInsideStrings } from '../nodes';
import type { Analysis } from './analysis';
import type { Step } from './plan';

/** Python text of the generated modules. */

const INDENT = '    ';

/** The statement's own text, line by line (a statement sharing a line with another keeps only its part). */
function statementLines(model: ScriptModel, s: Statement): string[] {
  if (s.kind === 'main-guard') return guardBodyLines(model, s);
  const { start, end } = s.range;
  const out: string[] = [];
  for (let line = start.line; line <= end.line; line++) {
    let text = (model.lines[line] ?? '').replace(/\r$/, '');
    if (line === end.line) text = text.slice(0, end.character);
    if (line === start.line) text = text.slice(start.character);
    out.push(text);
  }
  return out;
}

/** The body of `if __name__ == "__main__":`, dedented to module level (lines inside strings kept). */
function guardBodyLines(model: ScriptModel, s: Statement): string[] {
  const block = s.node.childForFieldName('consequence');
  if (!block) return [];
  const first = block.startPosition.row;
  const sameLine = first === s.range.start.line;
  const indent = sameLine ? 0 : block.startPosition.column;
  const inStrings = linesInsideStrings(s.node);
  const out: string[] = [];
  for (let line = first; line <= block.endPosition.row; line++) {
    let text = (model.lines[line] ?? '').replace(/\r$/, '');
    if (line === block.endPosition.row) text = text.slice(0, block.endPosition.column);
    if (line === first && sameLine) text = text.slice(block.startPosition.column);
    else if (!inStrings.has(line)) text = text.slice(Math.min(indent, /^[ \t]*/.exec(text)![0].length));
    out.push(text);
  }
  return out;
}

/** The first program line of a statement's text (for a main guard: its body). */
function firstRow(s: Statement): number {
  return s.kind === 'main-guard' ? (s.node.childForFieldName('consequence')?.startPosition.row ?? s.range.start.line) : s.range.start.line;
}

const MARKER = /^#\s*(%%|In\s*\[\s*\d*\s*\]\s*:)/;

/**
 * Where every comment of the script goes in the package. A comment inside a statement moves with
 * its text; a comment after a statement on its last line stays on that line (`trailing`); a
 * comment on a line of its own goes above the next statement that lands somewhere (`above`): a
 * statement of a step, a definition, or an import of the file's header (imports further down are
 * skipped: the comment is about the code after them); after the last statement, below it
 * (`below`). What has no such place (a comment above the docstring, above an import that no
 * module needs) goes to the package's `__init__.py` (`header`). Cell markers (`# %%`,
 * `# In[3]:`), whose titles name the steps, and the shebang and encoding lines are left out.
 */
export interface CommentPlan {
  above: Map<Statement, string[]>;
  below: Map<Statement, string[]>;
  trailing: Map<Statement, string>;
  header: string[];
  /** Comments above an import: they go to the header when no module needs the import. */
  aboveImport: Map<Statement, string[]>;
}

/** Whether a comment is a cell marker, the shebang or the encoding line: not kept as a comment. */
export function isDroppedComment(text: string, row: number): boolean {
  return MARKER.test(text) || (row === 0 && text.startsWith('#!')) || (row <= 1 && /^#.*coding[:=]/.test(text));
}

function before(a: { row: number; column: number }, b: { line: number; character: number }): boolean {
  return a.row < b.line || (a.row === b.line && a.column < b.character);
}

export function planComments(model: ScriptModel, analysis: Analysis): CommentPlan {
  const plan: CommentPlan = { above: new Map(), below: new Map(), trailing: new Map(), header: [], aboveImport: new Map() };
  const placed = new Set<Statement>([...analysis.code, ...analysis.pureDefs.values()]);
  const firstCode = analysis.code[0]?.range.start.line ?? Number.MAX_SAFE_INTEGER;
  const headerImports = new Set(analysis.imports.filter((s) => s.range.start.line < firstCode));
  const anchors = model.statements.filter((s) => placed.has(s) || headerImports.has(s));
  const push = (map: Map<Statement, string[]>, s: Statement, text: string) => map.set(s, [...(map.get(s) ?? []), text]);
  const lastOnRow = new Map<number, Statement>();
  for (const s of model.statements) lastOnRow.set(s.range.end.line, s);
  for (const node of descendants(model.tree.rootNode)) {
    if (node.type !== 'comment') continue;
    const text = node.text.trim();
    const at = { row: node.startPosition.row, column: node.startPosition.column };
    if (isDroppedComment(text, at.row)) continue;
    const owner = model.statements.find((s) => !before(at, s.range.start) && before(at, s.range.end));
    if (owner) {
      // Inside a statement: its text carries it, except in a main guard above the body that is kept.
      const body = owner.kind === 'main-guard' ? owner.node.childForFieldName('consequence') : null;
      if (body && at.row < body.startPosition.row) push(plan.above, owner, text);
      continue;
    }
    const ending = lastOnRow.get(at.row);
    // On the line of a statement that lands somewhere (a dropped display leftover's comment goes with the next statement).
    if (ending && (placed.has(ending) || ending.kind === 'import') && !before(at, ending.range.end) && ending.range.start.line <= at.row) {
      const line = (model.lines[at.row] ?? '').replace(/\r$/, '');
      if (line.slice(ending.range.end.character).trimStart().startsWith('#')) {
        plan.trailing.set(ending, line.slice(ending.range.end.character).trimEnd());
        continue;
      }
    }
    const next = anchors.find((s) => s.range.start.line > at.row);
    if (next) {
      push(headerImports.has(next) ? plan.aboveImport : plan.above, next, text);
      continue;
    }
    const previous = [...anchors].reverse().find((s) => s.range.end.line < at.row && placed.has(s));
    if (previous) push(plan.below, previous, text);
    else plan.header.push(text);
  }
  return plan;
}

/** A top-level statement as module-level text (comments above, on and below it included). */
export function topLevelText(model: ScriptModel, s: Statement, comments: CommentPlan): string {
  return [
    ...(comments.above.get(s) ?? []),
    ...(comments.aboveImport.get(s) ?? []),
    ...withTrailing(model, s, comments),
    ...(comments.below.get(s) ?? []),
  ].join('\n');
}

function withTrailing(model: ScriptModel, s: Statement, comments: CommentPlan): string[] {
  const lines = statementLines(model, s);
  const trailing = comments.trailing.get(s);
  if (trailing && lines.length > 0) lines[lines.length - 1] = lines[lines.length - 1]!.trimEnd() + trailing;
  return lines;
}

/** A top-level statement indented into a function body; lines inside multi-line strings keep their text. */
function bodyText(model: ScriptModel, s: Statement, comments: CommentPlan): string[] {
  const inStrings = linesInsideStrings(s.node);
  const lines = withTrailing(model, s, comments).map((text, i) =>
    inStrings.has(firstRow(s) + i) || text.trim() === '' ? text : INDENT + text,
  );
  return [...(comments.above.get(s) ?? []).map((c) => INDENT + c), ...lines, ...(comments.below.get(s) ?? []).map((c) => INDENT + c)];
}

export function stepText(model: ScriptModel, step: Step, comments: CommentPlan): string {
  const body: string[] = [];
  for (const s of step.statements) body.push(...bodyText(model, s, comments));
  if (step.returns.length > 0) body.push(`${INDENT}return ${step.returns.join(', ')}`);
  return [`def ${step.name}(${step.parameters.join(', ')}):`, ...body].join('\n');
}

export function callText(step: Step): string {
  const call = `${step.name}(${step.parameters.join(', ')})`;
  if (step.returns.length === 0) return call;
  return `${step.returns.join(', ')} = ${call}`;
}

/** Imports whose side effects matter even when none of their names is read. */
export function isSideEffectImport(model: ScriptModel, s: Statement): boolean {
  return model.imports.some(
    (b) => b.statement === s.index && (b.qualified.startsWith('sklearn.experimental') || b.qualified.startsWith('__future__')),
  );
}

export interface ModuleParts {
  docstring: string;
  imports: string[];
  fromPackage: Map<string, string[]>;
  definitions: string[];
  steps: string[];
}

export function moduleText(parts: ModuleParts): string {
  const blocks: string[] = [parts.docstring];
  const imports = [...parts.imports];
  for (const [module, names] of parts.fromPackage) imports.push(`from .${module} import ${names.join(', ')}`);
  if (imports.length > 0) blocks.push(imports.join('\n'));
  return [...blocks.map((b) => b + '\n'), ...[...parts.definitions, ...parts.steps].map((d) => `\n${d}\n`)].join('\n');
}

/** Names a module's code reads (its steps and definitions). */
export function namesRead(statements: readonly Statement[]): Set<string> {
  const names = new Set<string>();
  for (const s of statements) for (const n of [...s.uses, ...s.mutates, ...s.deletes]) names.add(n);
  return names;
}

/** The import statements a module needs, in the script's order. */
export function importsFor(model: ScriptModel, analysis: Analysis, read: ReadonlySet<string>): Statement[] {
  return analysis.imports
    .filter((s) => isSideEffectImport(model, s) || [...s.defs].some((n) => read.has(n) && analysis.importOf.get(n) === s))
    .sort((a, b) => Number(!isFuture(model, a)) - Number(!isFuture(model, b)) || a.index - b.index);
}

/** An import statement's text with its comments (those above it, the one on its line). */
export function importText(model: ScriptModel, s: Statement, comments: CommentPlan): string {
  return topLevelText(model, s, comments);
}

function isFuture(model: ScriptModel, s: Statement): boolean {
  return model.imports.some((b) => b.statement === s.index && b.qualified.startsWith('__future__'));
}

export function docstringText(model: ScriptModel, analysis: Analysis, fallback: string, readsDoc: boolean): string {
  if (readsDoc) return analysis.docstring ? statementLines(model, analysis.docstring).join('\n') : '';
  return `"""${fallback}"""`;
}
