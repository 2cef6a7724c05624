import type { Node } from '../parse/syntax';
import { kids } from '../parse/syntax';
import { targetNames } from './bindings';
import type { CallRecord } from './calls';
import type { ScriptModel, Statement } from './model';
import { readPragma } from './pragmas';
import { addName, collectErrors } from './statements';

/** Scope of names local to a function, lambda or comprehension while walking its body. */
interface Scope {
  locals: Set<string>;
  /** Name of the function the scope belongs to (a lambda or comprehension inherits it). */
  function: string | null;
  comprehension: boolean;
}

interface Walk {
  model: ScriptModel;
  statement: Statement;
  /** Innermost first; empty at module level. */
  scopes: Scope[];
  /** Calls met on the way, resolved once every statement has been walked. */
  calls: CallRecord[];
  /** The program has `mlh:` somewhere: its comments may be pragmas. */
  pragmas: boolean;
}

/** Named children only: anonymous nodes (punctuation, keywords) are leaves that bind and read nothing. */
function visitChildren(walk: Walk, node: Node): void {
  const children = kids(node);
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.isNamed) visitNode(walk, child);
  }
}

/** Walks every top-level statement for the names it binds and reads and the calls it makes (one walk state for all). */
export function walkStatements(model: ScriptModel, calls: CallRecord[], pragmas: boolean): void {
  const statements = model.statements;
  if (statements.length === 0) return;
  const walk: Walk = { model, statement: statements[0]!, scopes: [], calls, pragmas };
  for (const statement of statements) {
    walk.statement = statement;
    visitNode(walk, statement.node);
    if (statement.node.hasError) collectErrors(model, statement.node);
    if (statement.kind === 'function' || statement.kind === 'class') {
      for (const name of statement.defs) model.definitions.set(name, statement);
    }
  }
}

function isLocal(walk: Walk, name: string): boolean {
  const scopes = walk.scopes;
  for (let i = 0; i < scopes.length; i++) if (scopes[i]!.locals.has(name)) return true;
  return false;
}

function use(walk: Walk, name: string): void {
  if (!isLocal(walk, name)) addName(walk.statement, 'uses', name);
}

function bind(walk: Walk, name: string): void {
  if (walk.scopes.length === 0) addName(walk.statement, 'defs', name);
}

/** Binds a name in the innermost scope: the module's (a definition of the statement) or a local. */
function bindHere(walk: Walk, name: string): void {
  if (walk.scopes.length === 0) bind(walk, name);
  else walk.scopes[0]!.locals.add(name);
}

/** The node types `visitNode` has a case for; every other type only has its children visited. */
const HANDLED = new Set([
  'identifier',
  'comment',
  'string',
  'attribute',
  'keyword_argument',
  'call',
  'import_statement',
  'import_from_statement',
  'future_import_statement',
  'assignment',
  'augmented_assignment',
  'named_expression',
  'for_statement',
  'as_pattern',
  'delete_statement',
  'global_statement',
  'nonlocal_statement',
  'decorated_definition',
  'function_definition',
  'class_definition',
  'lambda',
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
]);

function visitNode(walk: Walk, node: Node): void {
  const type = node.type;
  if (type === 'identifier') {
    use(walk, node.text);
    return;
  }
  // One hash lookup instead of comparing the type with every case below (most nodes have none).
  if (!HANDLED.has(type)) {
    visitChildren(walk, node);
    return;
  }
  switch (type) {
    case 'identifier':
      use(walk, node.text);
      return;
    case 'comment':
      if (walk.pragmas) readPragma(walk.model, node);
      return;
    case 'string':
      for (const child of kids(node)) if (child.type === 'interpolation') visitNode(walk, child);
      return;
    case 'attribute': {
      const object = node.childForFieldName('object');
      if (object) visitNode(walk, object);
      return;
    }
    case 'keyword_argument': {
      const value = node.childForFieldName('value');
      if (value) visitNode(walk, value);
      return;
    }
    case 'call': {
      // A scope's function is its own or, when it has none, its enclosing scope's: the innermost one known.
      const fn = walk.scopes.length === 0 ? null : walk.scopes[0]!.function;
      walk.calls.push({ node, enclosingFunction: fn, statement: walk.statement.index });
      visitChildren(walk, node);
      return;
    }
    case 'import_statement':
    case 'import_from_statement':
    case 'future_import_statement':
      return; // handled by collectImports
    case 'assignment':
    case 'augmented_assignment': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const type = node.childForFieldName('type');
      if (type) visitNode(walk, type);
      if (right) visitNode(walk, right);
      if (left) {
        if (node.type === 'augmented_assignment' && left.type === 'identifier') use(walk, left.text);
        visitTarget(walk, left);
      }
      return;
    }
    case 'named_expression': {
      const value = node.childForFieldName('value');
      const name = node.childForFieldName('name');
      if (value) visitNode(walk, value);
      if (name) {
        // A walrus inside a comprehension binds in the enclosing scope.
        const scope = walk.scopes.find((s) => !s.comprehension);
        if (scope) scope.locals.add(name.text);
        else bind(walk, name.text);
      }
      return;
    }
    case 'for_statement': {
      const left = node.childForFieldName('left');
      for (const child of kids(node)) if (child !== left && child.id !== left?.id) visitNode(walk, child);
      if (left) visitTarget(walk, left);
      return;
    }
    case 'as_pattern': {
      const alias = node.childForFieldName('alias');
      for (const child of kids(node)) {
        if (alias && child.id === alias.id) continue;
        visitNode(walk, child);
      }
      if (alias) for (const target of kids(alias)) visitTarget(walk, target);
      return;
    }
    case 'delete_statement': {
      for (const target of kids(node)) {
        const items = target.type === 'expression_list' ? kids(target) : [target];
        for (const item of items) {
          if (item.type === 'identifier') {
            if (walk.scopes.length === 0) addName(walk.statement, 'deletes', item.text);
          } else {
            visitNode(walk, item);
            const root = rootName(item);
            if (root && walk.scopes.length === 0) addName(walk.statement, 'mutates', root);
          }
        }
      }
      return;
    }
    case 'global_statement':
    case 'nonlocal_statement':
      return;
    case 'decorated_definition':
      visitChildren(walk, node);
      return;
    case 'function_definition':
      visitFunction(walk, node);
      return;
    case 'class_definition':
      visitClass(walk, node);
      return;
    case 'lambda': {
      const params = node.childForFieldName('parameters');
      if (params) visitParameters(walk, params);
      walk.scopes.unshift({
        locals: walk.model.bindings.localNames(node),
        function: walk.scopes[0]?.function ?? '<lambda>',
        comprehension: false,
      });
      const body = node.childForFieldName('body');
      if (body) visitNode(walk, body);
      walk.scopes.shift();
      return;
    }
    case 'list_comprehension':
    case 'set_comprehension':
    case 'dictionary_comprehension':
    case 'generator_expression':
      visitComprehension(walk, node);
      return;
    default:
      visitChildren(walk, node);
  }
}

function rootName(node: Node): string | null {
  let current: Node | null = node;
  while (current && (current.type === 'subscript' || current.type === 'attribute')) {
    current = current.type === 'subscript' ? current.childForFieldName('value') : current.childForFieldName('object');
  }
  return current?.type === 'identifier' ? current.text : null;
}

/** Assignment targets: names bind, subscripts and attributes mutate their root object. */
function visitTarget(walk: Walk, target: Node): void {
  switch (target.type) {
    case 'identifier':
      bindHere(walk, target.text);
      return;
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'expression_list':
    case 'parenthesized_expression':
    case 'list_splat_pattern':
    case 'list_splat':
      for (const child of kids(target)) visitTarget(walk, child);
      return;
    case 'subscript':
    case 'attribute': {
      visitNode(walk, target);
      const root = rootName(target);
      if (root && walk.scopes.length === 0) addName(walk.statement, 'mutates', root);
      return;
    }
    default:
      if (target.isNamed) visitNode(walk, target);
  }
}

/** Default values and annotations of parameters: read in the enclosing scope. */
function visitParameters(walk: Walk, params: Node): void {
  for (const param of kids(params)) {
    switch (param.type) {
      case 'default_parameter':
      case 'typed_default_parameter': {
        const value = param.childForFieldName('value');
        if (value) visitNode(walk, value);
        const type = param.childForFieldName('type');
        if (type) visitNode(walk, type);
        break;
      }
      case 'typed_parameter':
        for (const c of kids(param)) if (c.type === 'type') visitNode(walk, c);
        break;
      default:
        break;
    }
  }
}

function visitFunction(walk: Walk, node: Node): void {
  const name = node.childForFieldName('name');
  if (name) bindHere(walk, name.text);
  const params = node.childForFieldName('parameters');
  const returnType = node.childForFieldName('return_type');
  if (returnType) visitNode(walk, returnType);
  if (params) visitParameters(walk, params);
  const body = node.childForFieldName('body');
  if (!body) return;
  walk.scopes.unshift({ locals: walk.model.bindings.localNames(node), function: name?.text ?? '<function>', comprehension: false });
  visitNode(walk, body);
  walk.scopes.shift();
}

function visitClass(walk: Walk, node: Node): void {
  const name = node.childForFieldName('name');
  if (name) bindHere(walk, name.text);
  const superclasses = node.childForFieldName('superclasses');
  if (superclasses) visitNode(walk, superclasses);
  const body = node.childForFieldName('body');
  if (!body) return;
  walk.scopes.unshift({ locals: walk.model.bindings.localNames(node), function: walk.scopes[0]?.function ?? null, comprehension: false });
  visitNode(walk, body);
  walk.scopes.shift();
}

function visitComprehension(walk: Walk, node: Node): void {
  const locals = new Set<string>();
  const clauses = kids(node).filter((c) => c.type === 'for_in_clause');
  // The first iterable is evaluated in the enclosing scope.
  clauses.forEach((clause, i) => {
    const right = clause.childForFieldName('right');
    if (right && i === 0) visitNode(walk, right);
    const left = clause.childForFieldName('left');
    if (left) targetNames(left, (name) => locals.add(name));
  });
  walk.scopes.unshift({ locals, function: walk.scopes[0]?.function ?? null, comprehension: true });
  clauses.forEach((clause, i) => {
    const right = clause.childForFieldName('right');
    if (right && i > 0) visitNode(walk, right);
  });
  for (const child of kids(node)) {
    if (child.type === 'for_in_clause') continue;
    visitNode(walk, child);
  }
  walk.scopes.shift();
}
