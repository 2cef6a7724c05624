import type { Node } from '../parse/syntax';
import { kids } from '../parse/syntax';
import type { ScriptModel, Statement } from './model';
import { nodesOfType } from './nodes';
import { addName } from './statements';

/** Normalises well-known aliases so the knowledge base sees one name per API. */
export function canonical(qualified: string): string {
  if (qualified === 'tensorflow.keras' || qualified.startsWith('tensorflow.keras.')) return qualified;
  if (qualified.startsWith('tf.')) return 'tensorflow.' + qualified.slice(3);
  return qualified;
}

/** A dotted name as Python reads it (`a . b` is `a.b`). */
export function dottedName(node: Node): string {
  return node.text.replace(/\s+/g, '');
}

/** One name an import statement imports: `a.b` or `a.b as c` (`import`), `x` or `x as y` (`from m import`). */
export interface ImportedName {
  /** The clause (a dotted name or an aliased import). */
  node: Node;
  /** The dotted name imported. */
  name: Node;
  alias: Node | null;
}

/** The parts of an `import` or `from … import` statement: the one reader of import syntax. */
export interface ImportParts {
  /** `from m import …`: `m` (a dotted name or a relative import); null for `import …`. */
  module: Node | null;
  /** `from m import *`. */
  wildcard: boolean;
  names: ImportedName[];
}

export function importParts(node: Node): ImportParts | null {
  if (node.type !== 'import_statement' && node.type !== 'import_from_statement') return null;
  const names: ImportedName[] = [];
  for (const child of node.childrenForFieldName('name')) {
    if (!child) continue;
    if (child.type !== 'aliased_import') names.push({ node: child, name: child, alias: null });
    else {
      const name = child.childForFieldName('name');
      const alias = child.childForFieldName('alias');
      if (name && alias) names.push({ node: child, name, alias });
    }
  }
  const module = node.type === 'import_from_statement' ? node.childForFieldName('module_name') : null;
  return { module, wildcard: kids(node).some((c) => c.type === 'wildcard_import'), names };
}

/** The names an `import` / `from … import` statement binds in its scope (`import a.b` binds `a`; `as x` binds `x`). */
export function importedNames(node: Node): string[] {
  return (importParts(node)?.names ?? []).map((n) => (n.alias ?? n.name).text.split('.')[0]!);
}

/** Nodes that can hold statements: a walk for import statements in a definition's body goes into these only. */
const STATEMENT_CONTAINERS = new Set([
  'block',
  'if_statement',
  'elif_clause',
  'else_clause',
  'try_statement',
  'except_clause',
  'except_group_clause',
  'finally_clause',
  'with_statement',
  'for_statement',
  'while_statement',
  'function_definition',
  'class_definition',
  'decorated_definition',
  'match_statement',
  'case_clause',
  'ERROR',
]);

/**
 * The import statements of the program and every node above them: the only nodes `collectImports`
 * has anything to do in (an import is found anywhere, even under an ERROR inside an expression,
 * without walking every expression of every statement).
 */
export function importPaths(model: ScriptModel): Set<Node> {
  const paths = new Set<Node>();
  for (const type of ['import_statement', 'import_from_statement']) {
    for (const found of nodesOfType(model, type)) {
      for (let node: Node | null = found; node && !paths.has(node); node = node.parent) paths.add(node);
    }
  }
  return paths;
}

/** Records the imports of a top-level statement; `paths` is `importPaths(model)`. */
export function collectImports(model: ScriptModel, statement: Statement, paths: ReadonlySet<Node>): void {
  if (!paths.has(statement.node)) return; // no import in the statement (most of them)
  // Imports anywhere in the statement count (a guarded or conditional import still binds the name).
  const visit = (node: Node, nested: boolean): void => {
    if (!paths.has(node)) return; // no import below
    const parts = importParts(node);
    if (parts) model.importStatements.push(node);
    if (parts?.wildcard) {
      const star = kids(node).find((c) => c.type === 'wildcard_import')!;
      model.starImports.push({ module: parts.module ? dottedName(parts.module) : '', node: star, statement: statement.index });
      return;
    }
    if (nested) {
      // In a definition's body the names an import binds are its own: only the statement is recorded.
      for (const child of kids(node)) if (STATEMENT_CONTAINERS.has(child.type) || isImportStatement(child)) visit(child, true);
      return;
    }
    if (parts && node.type === 'import_statement') {
      for (const { node: clause, name, alias } of parts.names) {
        const full = dottedName(name);
        if (alias) addImport(model, alias.text, full, clause, statement);
        else addImport(model, full.split('.')[0]!, full.split('.')[0]!, clause, statement);
      }
      return;
    }
    if (parts) {
      const moduleName = parts.module ? dottedName(parts.module) : '';
      for (const { node: clause, name, alias } of parts.names)
        addImport(model, (alias ?? name).text, `${moduleName}.${dottedName(name)}`, clause, statement);
      return;
    }
    const definition = node.type === 'function_definition' || node.type === 'class_definition';
    for (const child of kids(node)) visit(child, definition);
  };
  visit(statement.node, false);
}

function isImportStatement(node: Node): boolean {
  return node.type === 'import_statement' || node.type === 'import_from_statement';
}

function addImport(model: ScriptModel, local: string, qualified: string, node: Node, statement: Statement): void {
  const q = canonical(qualified);
  model.imports.push({ local, qualified: q, node, statement: statement.index });
  model.importMap.set(local, q);
  addName(statement, 'defs', local);
}
