import type { Node } from '../parse/syntax';
import { kids, nodeRange } from '../parse/syntax';
import type { Phase } from '../types';
import type { Lines } from './lines';
import type { ScriptModel, Statement, StatementKind } from './model';
import { stringValue } from './strings';

/** The empty set every statement without names (or phases) shares: it refuses to change. */
class EmptySet<T> extends Set<T> {
  override add(): this {
    throw new Error('ML Hygiene: a shared empty set is read-only');
  }
  override delete(): boolean {
    throw new Error('ML Hygiene: a shared empty set is read-only');
  }
  override clear(): void {
    throw new Error('ML Hygiene: a shared empty set is read-only');
  }
}

/** Most statements bind, mutate or delete nothing: they share this set instead of one each. */
const NONE: ReadonlySet<never> = new EmptySet<never>();

/** Adds a name to one of a statement's name sets, giving it a set of its own on the first one. */
export function addName(statement: Statement, field: 'defs' | 'uses' | 'mutates' | 'deletes', name: string): void {
  const names = statement[field];
  if (names !== NONE) (names as Set<string>).add(name);
  else {
    const own = new Set<string>();
    own.add(name);
    statement[field] = own;
  }
}

/** Adds a phase to `statement.phases` (the knowledge base's pass), as `addName` does. */
export function addPhase(statement: Statement, phase: Phase): void {
  const phases = statement.phases;
  if (phases !== NONE) (phases as Set<Phase>).add(phase);
  else {
    const own = new Set<Phase>();
    own.add(phase);
    statement.phases = own;
  }
}

export function newStatement(model: ScriptModel, node: Node, section: number, lines: Lines): Statement {
  const kind = statementKind(model, node);
  const statement: Statement = {
    index: model.statements.length,
    node,
    kind,
    range: nodeRange(node),
    defs: NONE,
    uses: NONE,
    mutates: NONE,
    deletes: NONE,
    phase: null,
    phases: NONE,
    section,
    codeLines: lines.codeLines(node.startPosition.row, node.endPosition.row),
    hasError: node.hasError,
  };
  if (kind === 'main-guard') model.mainGuard = statement;
  return statement;
}

function statementKind(model: ScriptModel, node: Node): StatementKind {
  if (node.type === 'pass_statement' && model.source.magics.some((m) => m.line === node.startPosition.row && m.kind !== 'assigned-magic'))
    return 'magic';
  switch (node.type) {
    case 'import_statement':
    case 'import_from_statement':
    case 'future_import_statement':
      return 'import';
    case 'function_definition':
      return 'function';
    case 'class_definition':
      return 'class';
    case 'decorated_definition': {
      const def = node.childForFieldName('definition');
      return def?.type === 'class_definition' ? 'class' : 'function';
    }
    case 'expression_statement': {
      const inner = firstNamed(node);
      if (inner?.type === 'assignment' || inner?.type === 'augmented_assignment') return 'assignment';
      if (inner?.type === 'string' && model.statements.length === 0) return 'docstring';
      return 'expression';
    }
    case 'if_statement':
      return isMainGuard(node) ? 'main-guard' : 'control';
    case 'for_statement':
    case 'while_statement':
    case 'with_statement':
    case 'try_statement':
    case 'match_statement':
      return 'control';
    default:
      return 'other';
  }
}

function firstNamed(node: Node): Node | null {
  const children = kids(node);
  for (let i = 0; i < children.length; i++) if (children[i]!.isNamed) return children[i]!;
  return null;
}

/** `if __name__ == "__main__":` in either order. */
export function isMainGuard(node: Node): boolean {
  const condition = node.childForFieldName('condition');
  if (condition?.type !== 'comparison_operator') return false;
  const operands = condition.namedChildren.filter((n): n is Node => n !== null);
  if (operands.length !== 2 || !condition.text.includes('==')) return false;
  const texts = operands.map((n) => (n.type === 'string' ? stringValue(n) : n.text));
  return texts.includes('__name__') && texts.includes('__main__') && operands.some((n) => n.type === 'string');
}

export function collectErrors(model: ScriptModel, node: Node): void {
  if (node.isError || node.isMissing) {
    model.syntaxErrors.push(nodeRange(node));
    return;
  }
  for (const child of kids(node)) if (child.hasError || child.isMissing) collectErrors(model, child);
}
