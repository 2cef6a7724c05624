import type { Node } from '../../parse/syntax';
import { rolesOf } from '../../kb/roles';
import type { Roles } from '../../kb/roles';
import type { ScriptModel } from '../../semantic';
import { nodesOfType } from '../../semantic/nodes';
import { kids, nodeRange } from '../../parse/syntax';
import type { ContextOf, Rule } from '../rule';
import { importsPandas } from '../correctness/chained-indexing';

/**
 * MLH601: a Python `for` loop over the rows of a DataFrame (`df.iterrows()`, `df.itertuples()`,
 * `range(len(df))`, `range(df.shape[0])`) whose body only does element-wise work (arithmetic,
 * comparisons, `append`, `+=`, writing one cell): a vectorised column operation does the same.
 */

/** Builtins that are element-wise over a column (`.abs()`, `.round()`, `.astype(float)`, `.str.len()`, `np.minimum`...). */
const ELEMENTWISE_BUILTINS = new Set(['abs', 'round', 'min', 'max', 'float', 'int', 'str', 'bool', 'len']);

/** NumPy and math functions that are ufuncs (or have one). */
const ELEMENTWISE_FUNCTIONS = new Set([
  'log',
  'log1p',
  'log2',
  'log10',
  'exp',
  'expm1',
  'sqrt',
  'abs',
  'fabs',
  'floor',
  'ceil',
  'round',
  'trunc',
  'sin',
  'cos',
  'tan',
  'power',
  'pow',
  'square',
  'sign',
  'maximum',
  'minimum',
  'isnan',
  'where',
]);

/** Expression nodes that are element-wise when their parts are. */
const COMPOUND = new Set([
  'binary_operator',
  'unary_operator',
  'comparison_operator',
  'boolean_operator',
  'not_operator',
  'parenthesized_expression',
  'conditional_expression',
  'attribute',
  'subscript',
  'slice',
  'tuple',
  'list',
  'expression_list',
  'string',
  'concatenated_string',
  'interpolation',
]);
const LEAVES = new Set([
  'identifier',
  'integer',
  'float',
  'true',
  'false',
  'none',
  'string_start',
  'string_content',
  'string_end',
  'escape_sequence',
  'format_specifier',
  'type_conversion',
  'comment',
]);

const MAX_DEPTH = 60;

interface Iteration {
  kind: string;
  frame: Node;
}

function frameOf(roles: Roles, node: Node | undefined, allowSeries: boolean): Node | null {
  if (!node) return null;
  const role = roles.of(node);
  return role === 'dataframe' || (allowSeries && role === 'series') ? node : null;
}

/** `len(df)`, `len(df.index)`, `df.shape[0]`: the frame whose rows are counted. */
function rowCountOf(roles: Roles, node: Node): Node | null {
  if (node.type === 'call' && node.childForFieldName('function')?.text === 'len') {
    const args = node.childForFieldName('arguments')?.namedChildren ?? [];
    if (args.length !== 1) return null;
    const arg = args[0]!;
    if (arg.type === 'attribute' && arg.childForFieldName('attribute')?.text === 'index')
      return frameOf(roles, arg.childForFieldName('object') ?? undefined, true);
    return frameOf(roles, arg, true);
  }
  if (node.type === 'subscript') {
    const value = node.childForFieldName('value');
    const index = node.childrenForFieldName('subscript');
    if (
      value?.type === 'attribute' &&
      value.childForFieldName('attribute')?.text === 'shape' &&
      index.length === 1 &&
      index[0]!.text === '0'
    )
      return frameOf(roles, value.childForFieldName('object') ?? undefined, true);
  }
  return null;
}

/** How the loop walks a frame's rows, or null. */
function iterationOf(roles: Roles, iterable: Node): Iteration | null {
  if (iterable.type !== 'call') return null;
  const callee = iterable.childForFieldName('function');
  const args = iterable.childForFieldName('arguments')?.namedChildren ?? [];
  if (callee?.type === 'attribute') {
    const method = callee.childForFieldName('attribute')?.text ?? '';
    const frame =
      method === 'iterrows' || method === 'itertuples' ? frameOf(roles, callee.childForFieldName('object') ?? undefined, false) : null;
    return frame ? { kind: `${method}()`, frame } : null;
  }
  if (callee?.type === 'identifier' && callee.text === 'range') {
    if (args.some((a) => a.type === 'keyword_argument' || a.type === 'list_splat')) return null;
    // range(n), range(0, n)
    const bound = args.length === 1 ? args[0] : args.length === 2 && args[0]!.text === '0' ? args[1] : undefined;
    const frame = bound ? rowCountOf(roles, bound) : null;
    return frame ? { kind: 'range(len(...))', frame } : null;
  }
  return null;
}

/** Names the loop binds. */
function loopNames(target: Node): Set<string> {
  const names = new Set<string>();
  const visit = (node: Node): void => {
    if (node.type === 'identifier') names.add(node.text);
    else for (const child of node.namedChildren) visit(child);
  };
  visit(target);
  return names;
}

class BodyCheck {
  /** Statements that produce one result per row: an append, an accumulation, a cell written. */
  outputs = 0;
  /** The loop's names are read somewhere in the body. */
  usesLoopNames = false;
  /** Names read in the body, with where. */
  private readonly reads: Array<{ name: string; at: number }> = [];
  /** Names the body binds (`x = ...`): where the first binding ends. */
  private readonly assigned = new Map<string, number>();
  /** Names the body accumulates into (`total += ...`). */
  private readonly accumulated = new Set<string>();

  constructor(
    private readonly model: ScriptModel,
    private readonly roles: Roles,
    private readonly names: ReadonlySet<string>,
  ) {}

  expression(node: Node, depth = 0): boolean {
    if (depth > MAX_DEPTH) return false;
    if (node.type === 'identifier') {
      if (this.names.has(node.text)) this.usesLoopNames = true;
      this.reads.push({ name: node.text, at: node.startIndex });
    }
    if (LEAVES.has(node.type)) return true;
    if (node.type === 'call') return this.elementwiseCall(node, depth);
    if (!COMPOUND.has(node.type)) return false;
    return kids(node).every((child) => !child.isNamed || this.expression(child, depth + 1));
  }

  private elementwiseCall(node: Node, depth: number): boolean {
    const callee = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    if (!callee || args?.type !== 'argument_list') return false;
    let known = false;
    if (callee.type === 'identifier') known = ELEMENTWISE_BUILTINS.has(callee.text) && !this.model.bindings.lookup(node, callee.text);
    else if (callee.type === 'attribute') {
      const object = callee.childForFieldName('object');
      const module = object?.type === 'identifier' ? this.model.importMap.get(object.text) : undefined;
      known = (module === 'numpy' || module === 'math') && ELEMENTWISE_FUNCTIONS.has(callee.childForFieldName('attribute')?.text ?? '');
    }
    return known && args.namedChildren.every((a) => this.expression(a, depth + 1));
  }

  private target(node: Node, statement: Node, augmented = false): boolean {
    const bind = (name: Node): void => {
      if (augmented) this.accumulated.add(name.text);
      else if (!this.assigned.has(name.text)) this.assigned.set(name.text, statement.endIndex);
    };
    if (node.type === 'identifier') {
      bind(node);
      return true;
    }
    if (node.type === 'subscript') return this.expression(node);
    if (node.type === 'pattern_list' || node.type === 'tuple_pattern') {
      if (!node.namedChildren.every((c) => c.type === 'identifier')) return false;
      node.namedChildren.forEach(bind);
      return true;
    }
    return false;
  }

  /**
   * A value carried from one row to the next: a name read before the body binds it
   * (`if row.team != previous: ... previous = row.team`), or an accumulator the body also reads
   * (`if w + row.weight <= limit: w += row.weight`). Such a loop is a scan, not element-wise work.
   */
  carriesState(): boolean {
    return this.reads.some(({ name, at }) => {
      const bound = this.assigned.get(name);
      return (bound !== undefined && at < bound) || this.accumulated.has(name);
    });
  }

  statements(block: Node, depth = 0): boolean {
    if (depth > 10) return false;
    const parts = block.namedChildren.filter((c) => c.type !== 'comment');
    return parts.length > 0 && parts.every((s) => this.statement(s, depth));
  }

  private statement(node: Node, depth: number): boolean {
    switch (node.type) {
      case 'pass_statement':
      case 'continue_statement':
        return true;
      case 'expression_statement': {
        const parts = node.namedChildren.filter((c) => c.type !== 'comment');
        if (parts.length !== 1) return false;
        const part = parts[0]!;
        if (part.type === 'assignment') return this.assignment(part);
        if (part.type === 'augmented_assignment') {
          const left = part.childForFieldName('left');
          const right = part.childForFieldName('right');
          if (!left || !right || !this.target(left, part, true) || !this.expression(right)) return false;
          this.outputs++;
          return true;
        }
        return this.append(part);
      }
      case 'if_statement': {
        const condition = node.childForFieldName('condition');
        if (!condition || !this.expression(condition)) return false;
        for (const child of node.namedChildren) {
          if (child.type === 'block' && !this.statements(child, depth + 1)) return false;
          if (child.type === 'elif_clause') {
            const c = child.childForFieldName('condition');
            const b = child.childForFieldName('consequence');
            if (!c || !b || !this.expression(c) || !this.statements(b, depth + 1)) return false;
          }
          if (child.type === 'else_clause') {
            const b = child.childForFieldName('body');
            if (!b || !this.statements(b, depth + 1)) return false;
          }
        }
        return true;
      }
      default:
        return false;
    }
  }

  private assignment(node: Node): boolean {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right || node.childForFieldName('type')) return false;
    if (right.type === 'assignment') return false;
    if (!this.target(left, node) || !this.expression(right)) return false;
    if (left.type === 'subscript') this.outputs++;
    return true;
  }

  /** `out.append(row["a"] * 2)` on a list (not a DataFrame's append). */
  private append(node: Node): boolean {
    if (node.type !== 'call') return false;
    const callee = node.childForFieldName('function');
    if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'append') return false;
    const object = callee.childForFieldName('object');
    const args = node.childForFieldName('arguments');
    if (!object || (object.type !== 'identifier' && object.type !== 'attribute') || args?.type !== 'argument_list') return false;
    if (object.type === 'identifier' && this.names.has(object.text)) return false;
    if (this.roles.of(object) !== null) return false;
    const values = args.namedChildren.filter((c) => c.type !== 'comment');
    if (values.length !== 1 || !this.expression(values[0]!)) return false;
    this.outputs++;
    return true;
  }
}

export const unnecessaryIteration: Rule = {
  code: 'MLH601',
  name: 'unnecessary-iteration',
  family: 'performance',
  defaultSeverity: 'warning',
  status: 'preview',
  summary:
    'A Python loop over the rows of a DataFrame (`iterrows()`, `itertuples()`, `range(len(df))`) does element-wise work a vectorised column operation would do.',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH601'>) {
    const { model } = ctx;
    if (!importsPandas(model)) return;
    const roles = rolesOf(model);
    for (const loop of nodesOfType(model, 'for_statement')) {
      const left = loop.childForFieldName('left');
      const right = loop.childForFieldName('right');
      const body = loop.childForFieldName('body');
      if (!left || !right || !body || loop.childForFieldName('alternative')) continue;
      const iteration = iterationOf(roles, right);
      if (!iteration) continue;
      const check = new BodyCheck(model, roles, loopNames(left));
      if (!check.statements(body) || check.outputs === 0 || !check.usesLoopNames || check.carriesState()) continue;
      const header = `for ${left.text} in ${right.text}`.replace(/\s+/g, ' ');
      const frame = iteration.frame.text.replace(/\s+/g, ' ');
      ctx.report({
        range: { start: nodeRange(loop).start, end: nodeRange(right).end },
        message:
          `\`${header.length > 60 ? `${header.slice(0, 59)}…` : header}\` runs Python code row by row for element-wise work: ` +
          `a vectorised operation on the columns of \`${frame.length > 30 ? `${frame.slice(0, 29)}…` : frame}\` ` +
          '(`df["c"] = df["a"] * 2`, `df["a"].sum()`, `np.where(...)`) does it in one call, much faster.',
        data: { iteration: iteration.kind, frame: iteration.frame.text },
      });
    }
  },
};
