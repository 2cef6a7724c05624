import { applyEdits } from '../edits';
import type { ScriptModel, Statement } from '../semantic';
import type { Node } from '../parse/syntax';
import { descendants, kids } from '../parse/syntax';
import type { Range, TextEdit } from '../types';
import type { RefactorResult, Refusal } from './change';
import { refusal } from './change';
import { dynamicNameLookups, eolOf, freshName, identifiersOf, indentUnit, linesInsideStrings, ownScopeNodes } from './nodes';

/**
 * Refactor 5, "Add a main guard" (MLH003): the top-level work moves into `def main():`, called
 * under `if __name__ == "__main__":`; imports, the docstring and the functions and classes stay
 * at module level. Names that the remaining definitions read (or bind) and that the moved code
 * binds are declared `global` in main(), so the functions see exactly what they saw before.
 */

function rangeOf(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

/** Names a definition evaluates when it is defined: decorators, defaults, annotations, bases, a class body. */
function definitionTimeNames(statement: Statement): Set<string> {
  const names = new Set<string>();
  const collect = (node: Node | null): void => {
    if (!node) return;
    if (node.type === 'identifier') names.add(node.text);
    for (const d of descendants(node, (n) => n.type === 'lambda' || n.type === 'function_definition'))
      if (d.type === 'identifier') names.add(d.text);
  };
  const visitDefinition = (node: Node): void => {
    if (node.type === 'decorated_definition') {
      for (const child of kids(node)) {
        if (child.type === 'decorator') collect(child);
        else visitDefinition(child);
      }
      return;
    }
    if (node.type === 'function_definition') {
      const params = node.childForFieldName('parameters');
      for (const param of params ? kids(params) : []) {
        collect(param.childForFieldName('value'));
        collect(param.childForFieldName('type'));
      }
      collect(node.childForFieldName('return_type'));
      return;
    }
    if (node.type === 'class_definition') {
      collect(node.childForFieldName('superclasses'));
      const body = node.childForFieldName('body');
      for (const child of body ? kids(body) : []) {
        if (child.type === 'function_definition' || child.type === 'decorated_definition') visitDefinition(child);
        else collect(child);
      }
    }
  };
  visitDefinition(statement.node);
  return names;
}

function bindCount(model: ScriptModel): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of model.statements) for (const name of s.defs) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

/** Which statements stay at module level; the rest move into main(). */
function partition(model: ScriptModel): { staying: Set<number>; refused: Refusal | null } {
  const counts = bindCount(model);
  const staying = new Set<number>();
  for (const s of model.statements) {
    if (s.kind === 'main-guard') continue;
    if (s.kind === 'docstring' || s.kind === 'import') staying.add(s.index);
    // A function defined twice is redefined at a point of the run: both definitions run in order, in main().
    else if ((s.kind === 'function' || s.kind === 'class') && [...s.defs].every((name) => counts.get(name) === 1)) staying.add(s.index);
  }
  // What a staying definition needs when it is defined must be defined before it, at module level.
  for (const s of model.statements) {
    if (!staying.has(s.index) || s.kind === 'import' || s.kind === 'docstring') continue;
    for (const name of definitionTimeNames(s)) {
      const binder = model.statements.find((other) => other.index < s.index && other.defs.has(name) && !staying.has(other.index));
      if (binder) {
        return {
          staying,
          refused: refusal(
            s.range,
            'MLH003',
            `the definition at line ${s.range.start.line + 1} uses ${name} when it is defined, ` +
              `and ${name} is computed at top level (line ${binder.range.start.line + 1}); move that by hand`,
          ),
        };
      }
    }
  }
  return { staying, refused: null };
}

function movedProblem(model: ScriptModel, moved: Statement[]): Refusal | null {
  for (const s of moved) {
    for (const node of ownScopeNodes(s.node, new Set(['global_statement', 'nonlocal_statement', 'await', 'return_statement', 'yield']))) {
      return refusal(
        rangeOf(node),
        'MLH003',
        `line ${node.startPosition.row + 1} has a top-level ${node.type.replace(/_statement$/, '')}, which means something else inside main()`,
      );
    }
    const star = model.starImports.find((imported) => imported.statement === s.index)?.node;
    if (star) return refusal(rangeOf(star), 'MLH003', `line ${star.startPosition.row + 1} has \`import *\`, which main() cannot hold`);
  }
  const dynamic = dynamicNameLookups(model, moved)[0];
  if (dynamic)
    return refusal(
      rangeOf(dynamic.node),
      'MLH003',
      `line ${dynamic.node.startPosition.row + 1} calls ${dynamic.callee.text}(), which sees other names inside main()`,
    );
  return null;
}

/** The lines of statement `s` with the comments and blank lines above it (down from the previous statement). */
function blockLines(model: ScriptModel, s: Statement): { from: number; to: number } {
  const previous = model.statements[s.index - 1];
  // The first statement's comments (a shebang, a coding line) stay at the top of the file.
  return { from: previous ? previous.range.end.line + 1 : s.range.start.line, to: s.range.end.line };
}

/** Refactor 5 for a Python file. */
export function addMainGuard(model: ScriptModel): RefactorResult {
  const none = (r: Refusal): RefactorResult => ({ change: null, refused: [r], moved: [] });
  const whole: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  if (model.kind !== 'python') return none(refusal(whole, 'MLH003', 'a notebook runs cell by cell: it has no main guard'));
  if (model.syntaxErrors.length > 0) return none(refusal(model.syntaxErrors[0]!, 'MLH003', 'the file does not parse'));
  const guard = model.mainGuard;
  const { staying, refused } = partition(model);
  if (refused) return none(refused);
  const moved = model.statements.filter((s) => s.kind !== 'main-guard' && !staying.has(s.index) && s.kind !== 'magic');
  if (moved.length === 0) return none(refusal(whole, 'MLH003', 'there is no top-level work to move'));
  if (guard && moved.some((s) => s.index > guard.index))
    return none(
      refusal(
        guard.range,
        'MLH003',
        `there is code after the main guard at line ${guard.range.start.line + 1}: move it under the guard by hand`,
      ),
    );
  const problem = movedProblem(model, moved);
  if (problem) return none(problem);

  const movedNames = new Set(moved.flatMap((s) => [...s.defs, ...s.deletes]));
  const globals = new Set<string>();
  for (const s of model.statements) {
    if (!staying.has(s.index) && s.kind !== 'main-guard') continue;
    for (const name of [...s.uses, ...s.defs, ...s.mutates]) if (movedNames.has(name)) globals.add(name);
  }
  const used = identifiersOf(model);
  const name = freshName(used, 'main');
  const eol = eolOf(model.source.text);
  const indent = indentUnit(model);
  const inStrings = new Set<number>();
  for (const s of moved) for (const line of linesInsideStrings(s.node)) inStrings.add(line);

  const body: string[] = [];
  if (globals.size > 0) body.push(`${indent}global ${[...globals].sort().join(', ')}`);
  const edits: TextEdit[] = [];
  for (const s of moved) {
    const { from, to } = blockLines(model, s);
    for (let line = from; line <= to; line++) {
      const text = model.lines[line]!.replace(/\r$/, '');
      body.push(inStrings.has(line) || text.trim() === '' ? text : indent + text);
    }
    // Removes the block with its line break; what is between blocks (staying code) is kept.
    const end = to + 1 < model.lines.length ? { line: to + 1, character: 0 } : { line: to, character: model.lines[to]!.length };
    edits.push({ range: { start: { line: from, character: 0 }, end }, newText: '' });
  }
  while (body.length > 0 && body[0]!.trim() === '') body.shift();
  const definition = [`def ${name}():`, ...body].join(eol);
  if (guard) {
    // main() goes before the existing guard, which calls it first.
    const at = { line: guard.range.start.line, character: 0 };
    const guardBody = guard.node.childForFieldName('consequence');
    const first = guardBody ? kids(guardBody).find((c) => c.isNamed && c.type !== 'comment') : undefined;
    const bodyIndent = first ? /^[ \t]*/.exec(model.lines[first.startPosition.row]!)![0] : indent;
    edits.push({ range: { start: at, end: at }, newText: definition + eol + eol + eol });
    if (first) {
      const firstAt = { line: first.startPosition.row, character: 0 };
      edits.push({ range: { start: firstAt, end: firstAt }, newText: `${bodyIndent}${name}()${eol}` });
    }
  } else {
    const lastLine = model.lines.length - 1;
    const end = { line: lastLine, character: model.lines[lastLine]!.length };
    // Two blank lines between what stays and main(), none when nothing stays.
    const rest = applyEdits(model.source.text, edits);
    const trailing = /(\r?\n)*$/.exec(rest)![0].split('\n').length - 1;
    const gap = rest.trim() === '' ? '' : eol.repeat(Math.max(0, 3 - trailing));
    edits.push({
      range: { start: end, end },
      newText: `${gap}${definition}${eol}${eol}${eol}if __name__ == "__main__":${eol}${indent}${name}()${eol}`,
    });
  }
  return {
    change: {
      title: `Move the top-level work into ${name}() under a main guard`,
      changes: [{ kind: 'script', path: model.path, source: model.source, edits }],
    },
    refused: [],
    moved: [],
  };
}
