import type { Node } from '../parse/syntax';
import { kids } from '../parse/syntax';
import { importedNames } from './imports';

/**
 * Scopes and the names they bind: the one walk of binding forms (assignment and for targets,
 * `as` patterns, walrus, imports, `del`, `global`/`nonlocal`, parameters), done once per scope and
 * kept in `model.bindings`. The model's name walk (scopes.ts) takes a scope's local names from it;
 * rules ask it which single assignment a name refers to.
 */

/**
 * One way a scope binds a name: `value` is the right-hand side of a plain `name = value`, else null;
 * `parameter` when the name is a parameter of the scope's function.
 */
export interface Binding {
  readonly value: Node | null;
  readonly parameter: boolean;
}

/** The scope that binds a name, seen from a node, and every way it binds it. */
export interface ScopeLookup {
  readonly scope: Node;
  readonly bindings: readonly Binding[];
}

interface ScopeBindings {
  names: Map<string, Binding[]>;
  /** Names declared `global` (function scopes) or `nonlocal`: they live in another scope. */
  elsewhere: Set<string>;
}

const FUNCTION_SCOPES = new Set(['function_definition', 'lambda']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const TARGET_CONTAINERS = new Set([
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'tuple',
  'list',
  'expression_list',
  'parenthesized_expression',
  'list_splat_pattern',
  'list_splat',
  'as_pattern_target',
]);

/** The names a binding target binds (`a`, `a, (b, *c)`, `[a, b]`); not those it only mutates (`a.x`, `a[0]`). */
export function targetNames(target: Node, add: (name: string) => void): void {
  if (target.type === 'identifier') add(target.text);
  else if (TARGET_CONTAINERS.has(target.type)) for (const child of kids(target)) targetNames(child, add);
}

const SCOPES = new Set(['module', 'class_definition', ...FUNCTION_SCOPES, ...COMPREHENSIONS]);

/**
 * Expressions, which bind a name only with a walrus (`(y := f(x))`, also in a comprehension) or,
 * when the parser recovered from an error, with whatever statement it found inside them: in a
 * program without any walrus, an error-free one of these binds nothing and is not walked.
 */
const EXPRESSIONS = new Set([
  'call',
  'argument_list',
  'keyword_argument',
  'attribute',
  'subscript',
  'slice',
  'binary_operator',
  'unary_operator',
  'boolean_operator',
  'not_operator',
  'comparison_operator',
  'conditional_expression',
  'string',
  'concatenated_string',
  'list',
  'tuple',
  'set',
  'dictionary',
  'pair',
  'parenthesized_expression',
]);

function isScope(node: Node): boolean {
  return SCOPES.has(node.type);
}

/** Which names each scope binds, and how, computed once per scope. The index lives as long as its model. */
export class BindingIndex {
  private readonly scopes = new Map<number, ScopeBindings>();

  /** @param walrus whether the program may hold a walrus anywhere (false: expressions bind nothing) */
  constructor(private readonly walrus = true) {}

  /**
   * The value node of the only binding of `name` visible from `from`, when that binding is a plain
   * `name = value`; null when the name is a parameter, bound several times, bound another way, or
   * not bound in the file at all.
   */
  resolve(from: Node, name: string): Node | null {
    const found = this.lookup(from, name);
    return found?.bindings.length === 1 ? found.bindings[0]!.value : null;
  }

  /**
   * The scope a name read at `from` refers to (by Python's rules: innermost function, enclosing
   * functions, the module; a class body only for code directly in it) and every binding of the name
   * there; null when no scope of the file binds it (a builtin, or a name from `import *`).
   */
  lookup(from: Node, name: string): ScopeLookup | null {
    let passedFunction = false;
    for (let node: Node | null = from.parent; node; node = node.parent) {
      if (!isScope(node)) continue;
      if (node.type === 'class_definition' && passedFunction) continue;
      const scope = this.bindingsOf(node);
      if (FUNCTION_SCOPES.has(node.type)) passedFunction = true;
      if (scope.elsewhere.has(name)) continue;
      const bindings = scope.names.get(name);
      if (bindings) return { scope: node, bindings };
    }
    return null;
  }

  /** The names a scope (module, class, function, lambda) binds itself: not those it declares `global` or `nonlocal`. */
  localNames(scope: Node): Set<string> {
    const { names, elsewhere } = this.bindingsOf(scope);
    const locals = new Set(names.keys());
    for (const name of elsewhere) locals.delete(name);
    return locals;
  }

  private bindingsOf(scope: Node): ScopeBindings {
    const cached = this.scopes.get(scope.id);
    if (cached) return cached;
    const result: ScopeBindings = { names: new Map(), elsewhere: new Set() };
    const add = (name: string, value: Node | null, parameter = false): void => {
      const list = result.names.get(name);
      if (list) list.push({ value, parameter });
      else result.names.set(name, [{ value, parameter }]);
    };
    const addTargets = (target: Node): void => targetNames(target, (name) => add(name, null));
    if (FUNCTION_SCOPES.has(scope.type)) {
      const params = scope.childForFieldName('parameters');
      if (params) collectParameterNames(params, (n) => add(n, null, true));
    }
    if (COMPREHENSIONS.has(scope.type)) {
      for (const clause of kids(scope)) {
        const left = clause.type === 'for_in_clause' ? clause.childForFieldName('left') : null;
        if (left) addTargets(left);
      }
    }
    const body = scope.type === 'module' ? scope : scope.childForFieldName('body');
    const skipExpressions = !this.walrus;
    const visit = (node: Node): void => {
      if (skipExpressions && !node.hasError && EXPRESSIONS.has(node.type)) return;
      if (isScope(node)) {
        // A nested definition binds its own name here; its body is another scope.
        if (node.type === 'function_definition' || node.type === 'class_definition') {
          const defName = node.childForFieldName('name');
          if (defName) add(defName.text, null);
        }
        if (!skipExpressions && COMPREHENSIONS.has(node.type)) visitWalrus(node);
        return;
      }
      switch (node.type) {
        case 'assignment': {
          const left = node.childForFieldName('left');
          const right = node.childForFieldName('right');
          if (left?.type === 'identifier') add(left.text, right && right.type !== 'assignment' ? right : null);
          else if (left) addTargets(left);
          break;
        }
        case 'augmented_assignment': {
          const left = node.childForFieldName('left');
          if (left?.type === 'identifier') add(left.text, null);
          break;
        }
        case 'named_expression': {
          const walrus = node.childForFieldName('name');
          if (walrus) add(walrus.text, null);
          break;
        }
        case 'for_statement': {
          const left = node.childForFieldName('left');
          if (left) addTargets(left);
          break;
        }
        case 'as_pattern_target':
          addTargets(node);
          return;
        case 'import_statement':
        case 'import_from_statement':
          for (const name of importedNames(node)) add(name, null);
          return;
        case 'global_statement':
        case 'nonlocal_statement':
          for (const child of kids(node)) if (child.type === 'identifier') result.elsewhere.add(child.text);
          return;
        case 'delete_statement':
          for (const child of kids(node)) addTargets(child);
          return;
        default:
          break;
      }
      // Anonymous children (punctuation, keywords) are leaves that bind nothing.
      const children = kids(node);
      for (let i = 0; i < children.length; i++) if (children[i]!.isNamed) visit(children[i]!);
    };
    // `[y := f(x) for x in xs]` binds y in the enclosing scope.
    const visitWalrus = (comprehension: Node): void => {
      for (const child of kids(comprehension)) {
        if (child.type === 'named_expression') {
          const walrus = child.childForFieldName('name');
          if (walrus) add(walrus.text, null);
        } else if (!isScope(child) || COMPREHENSIONS.has(child.type)) visitWalrus(child);
      }
    };
    if (body) for (const child of kids(body)) visit(child);
    this.scopes.set(scope.id, result);
    return result;
  }
}

function collectParameterNames(params: Node, add: (name: string) => void): void {
  for (const param of kids(params)) {
    switch (param.type) {
      case 'identifier':
        add(param.text);
        break;
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = param.childForFieldName('name');
        if (name) add(name.text);
        break;
      }
      case 'typed_parameter':
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        for (const child of kids(param)) {
          if (child.type === 'identifier') add(child.text);
          else if (child.type === 'list_splat_pattern' || child.type === 'dictionary_splat_pattern') {
            const id = kids(child).find((c) => c.type === 'identifier');
            if (id) add(id.text);
          }
        }
        break;
      default:
        break;
    }
  }
}
