import type { CallSite, ScriptModel, Statement } from '../semantic';
import type { Node } from '../parse/syntax';
import { kids, nodeRange } from '../parse/syntax';
import type { Position, Range } from '../types';

/** Helpers on the syntax tree shared by the refactors. */

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

export function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

export function sameRange(a: Range, b: Range): boolean {
  return samePosition(a.start, b.start) && samePosition(a.end, b.end);
}

export function containsRange(outer: Range, inner: Range): boolean {
  return !before(inner.start, outer.start) && !before(outer.end, inner.end);
}

/** The outermost node whose range is exactly `range` (of one of `types`, when given). */
export function nodeAtRange(model: ScriptModel, range: Range, types?: readonly string[]): Node | null {
  let node: Node = model.tree.rootNode;
  for (;;) {
    if (sameRange(nodeRange(node), range) && node.type !== 'module' && (!types || types.includes(node.type))) return node;
    const next = kids(node).find((child) => containsRange(nodeRange(child), range));
    if (!next) return null;
    node = next;
  }
}

/** Every identifier spelled in the file (any scope): a new name must not clash with any of them. */
export function identifiersOf(model: ScriptModel): Set<string> {
  const names = new Set<string>();
  const stack: Node[] = [model.tree.rootNode];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'identifier') names.add(node.text);
    for (const child of kids(node)) stack.push(child);
  }
  return names;
}

/** A name not used anywhere in the file: `base`, then `base_2`, ... */
export function freshName(taken: ReadonlySet<string>, base: string): string {
  if (!taken.has(base) && !PYTHON_KEYWORDS.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

export const PYTHON_KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
  'match',
  'case',
  'type',
  'print',
  'exec',
]);

/** The call whose argument list holds `node` directly (as a positional or keyword argument). */
export function callOfArgument(model: ScriptModel, node: Node): CallSite | null {
  let arg = node;
  if (arg.parent?.type === 'keyword_argument') arg = arg.parent;
  const list = arg.parent;
  if (list?.type !== 'argument_list' || !list.parent) return null;
  const id = list.parent.id;
  return model.calls.find((call) => call.node.id === id) ?? null;
}

/** The call whose node spans exactly `range` (a finding's `call`); null when there is none there any more. */
export function callAtRange(model: ScriptModel, range: Range | undefined): CallSite | null {
  return range ? (model.calls.find((call) => sameRange(nodeRange(call.node), range)) ?? null) : null;
}

/** Lines (0-based) that start inside a string literal spanning several lines: their indentation is part of the string. */
export function linesInsideStrings(node: Node): Set<number> {
  const lines = new Set<number>();
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.startPosition.row === current.endPosition.row) continue;
    if (current.type === 'string' || current.type === 'concatenated_string') {
      for (let line = current.startPosition.row + 1; line <= current.endPosition.row; line++) lines.add(line);
      continue;
    }
    for (const child of kids(current)) stack.push(child);
  }
  return lines;
}

/** The indentation unit the file uses (its first indented code line), four spaces by default. */
export function indentUnit(model: ScriptModel): string {
  const inStrings = linesInsideStrings(model.tree.rootNode);
  for (let i = 0; i < model.lines.length; i++) {
    const line = model.lines[i]!;
    if (inStrings.has(i) || line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const indent = /^[ \t]+/.exec(line)?.[0];
    if (indent) return indent.startsWith('\t') ? '\t' : indent.length <= 8 ? indent : '    ';
  }
  return '    ';
}

/** The file's line ending. */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Statements of the model in `[first, last]` by index. */
export function statementsBetween(model: ScriptModel, first: number, last: number): Statement[] {
  return model.statements.slice(first, last + 1);
}

/** Nodes of `types` anywhere under `node` that run in its own scope (not inside a nested def, lambda or class). */
export function ownScopeNodes(node: Node, types: ReadonlySet<string>): Node[] {
  const found: Node[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (types.has(current.type)) found.push(current);
    if (current.type === 'function_definition' || current.type === 'lambda' || current.type === 'class_definition') continue;
    for (const child of kids(current)) stack.push(child);
  }
  return found;
}

/** Calls to `globals()`, `locals()`, `vars()`, `eval`, `exec`: code that looks names up by their text. */
export function dynamicNameLookups(model: ScriptModel, statements: readonly Statement[]): CallSite[] {
  const indices = new Set(statements.map((s) => s.index));
  return model.calls.filter(
    (call) =>
      indices.has(call.statement) &&
      call.callee.type === 'identifier' &&
      ['globals', 'locals', 'vars', 'eval', 'exec'].includes(call.callee.text) &&
      !model.definitions.has(call.callee.text),
  );
}
