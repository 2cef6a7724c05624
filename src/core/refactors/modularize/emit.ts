import type { ScriptModel, Statement } from '../../semantic';
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

/** Comment lines right above a statement (down to the previous statement), without cell markers. */
function leadingComments(model: ScriptModel, s: Statement): string[] {
  const previous = model.statements[s.index - 1];
  const from = previous ? previous.range.end.line + 1 : 0;
  const out: string[] = [];
  for (let line = s.range.start.line - 1; line >= from; line--) {
    const text = (model.lines[line] ?? '').replace(/\r$/, '').trim();
    if (text === '' || !text.startsWith('#') || MARKER.test(text) || text.startsWith('#!') || /^#.*coding[:=]/.test(text)) break;
    out.unshift(text);
  }
  return out;
}

/** A top-level statement as module-level text (comments above it included). */
export function topLevelText(model: ScriptModel, s: Statement): string {
  return [...leadingComments(model, s), ...statementLines(model, s)].join('\n');
}

/** A top-level statement indented into a function body; lines inside multi-line strings keep their text. */
function bodyText(model: ScriptModel, s: Statement): string[] {
  const inStrings = linesInsideStrings(s.node);
  const lines = statementLines(model, s).map((text, i) => (inStrings.has(firstRow(s) + i) || text.trim() === '' ? text : INDENT + text));
  return [...leadingComments(model, s).map((c) => INDENT + c), ...lines];
}

export function stepText(model: ScriptModel, step: Step): string {
  const body: string[] = [];
  for (const s of step.statements) body.push(...bodyText(model, s));
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
export function importsFor(model: ScriptModel, analysis: Analysis, read: ReadonlySet<string>): string[] {
  return analysis.imports
    .filter((s) => isSideEffectImport(model, s) || [...s.defs].some((n) => read.has(n) && analysis.importOf.get(n) === s))
    .sort((a, b) => Number(!isFuture(model, a)) - Number(!isFuture(model, b)) || a.index - b.index)
    .map((s) => statementLines(model, s).join('\n'));
}

function isFuture(model: ScriptModel, s: Statement): boolean {
  return model.imports.some((b) => b.statement === s.index && b.qualified.startsWith('__future__'));
}

export function docstringText(model: ScriptModel, analysis: Analysis, fallback: string, readsDoc: boolean): string {
  if (readsDoc) return analysis.docstring ? statementLines(model, analysis.docstring).join('\n') : '';
  return `"""${fallback}"""`;
}
