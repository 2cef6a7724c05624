import { memoKey, remember } from '../../memo';
import type { Node } from '../../parse/syntax';
import { rolesOf } from '../../kb/roles';
import type { Roles } from '../../kb/roles';
import { cellAtLine } from '../../parse/source';
import type { ScriptModel } from '../../semantic';
import { nodesOfType } from '../../semantic/nodes';
import { kids, nodeRange } from '../../parse/syntax';
import type { Fix } from '../../types';
import type { ContextOf, Rule } from '../rule';
import { importsPandas } from './chained-indexing';

/**
 * MLH413: a pandas method that returns a new object (`df.dropna()`, `df["a"].fillna(0)`) called as a
 * statement, with no `inplace=True`: the result is thrown away and the frame stays as it was.
 */

/** DataFrame and Series methods that return a new object and leave the receiver unchanged (unless `inplace=True`). */
export const NEW_OBJECT_METHODS: ReadonlySet<string> = new Set([
  'dropna',
  'drop',
  'fillna',
  'replace',
  'rename',
  'sort_values',
  'sort_index',
  'reset_index',
  'set_index',
  'astype',
  'drop_duplicates',
  'merge',
  'join',
  'assign',
  'append',
  'interpolate',
  'ffill',
  'bfill',
  'backfill',
  'pad',
  'reindex',
  'round',
  'abs',
  'clip',
  'where',
  'mask',
  'convert_dtypes',
  'infer_objects',
  'rename_axis',
  'set_axis',
  'add_prefix',
  'add_suffix',
  'droplevel',
  'explode',
  'query',
  'shift',
  'combine_first',
  'tz_convert',
  'tz_localize',
]);

/** Methods of the `.str` accessor that return a new Series. */
const STR_METHODS = new Set([
  'lower',
  'upper',
  'strip',
  'lstrip',
  'rstrip',
  'replace',
  'title',
  'capitalize',
  'casefold',
  'swapcase',
  'pad',
  'zfill',
  'slice',
  'normalize',
]);

interface Discarded {
  call: Node;
  method: string;
  receiver: Node;
  /** What the fix assigns the result to, as text; null when there is nothing clear to assign to. */
  target: string | null;
}

function keywordArguments(call: Node): Map<string, Node | null> | null {
  const args = call.childForFieldName('arguments');
  const found = new Map<string, Node | null>();
  if (!args || args.type !== 'argument_list') return null;
  for (const arg of kids(args)) {
    if (arg.type === 'dictionary_splat') return null; // **kwargs may hold inplace=True
    if (arg.type === 'keyword_argument') found.set(arg.childForFieldName('name')?.text ?? '', arg.childForFieldName('value'));
  }
  return found;
}

/** The name (or column, or attribute) the chain of frame methods starts from, as an assignment target. */
function targetOf(roles: Roles, receiver: Node): string | null {
  let node = receiver;
  for (let depth = 0; depth < 50 && node.type === 'call'; depth++) {
    const callee = node.childForFieldName('function');
    const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
    if (!object || !roles.of(node) || !roles.of(object)) return null;
    node = object;
  }
  if (node.type === 'identifier' || node.type === 'subscript') return node.text;
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text ?? '';
    if (!object) return null;
    const role = roles.of(object);
    if (role === 'dataframe') return roles.of(node) === 'series' ? `${object.text}[${JSON.stringify(attr)}]` : null;
    return role === null ? node.text : null; // self.df
  }
  return null;
}

/** Methods that only reorder what they are called on: sorting a selection of rows is a way to look at it. */
const ORDERING = new Set(['sort_values', 'sort_index']);

/** The chain's start and whether the chain sorts: `df.loc[mask, cols].sort_values("a")` -> (`df.loc[mask, cols]`, true). */
function chainStart(receiver: Node, method: string): { start: Node; sorts: boolean } {
  let node = receiver;
  let sorts = ORDERING.has(method);
  for (let depth = 0; depth < 50 && node.type === 'call'; depth++) {
    const callee = node.childForFieldName('function');
    const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
    if (!object) break;
    if (ORDERING.has(callee?.childForFieldName('attribute')?.text ?? '')) sorts = true;
    node = object;
  }
  return { start: node, sorts };
}

/** `df.loc[...]`, `df.iloc[...]`, `df[mask]`: a selection of rows (not a column by name). */
function isRowSelection(node: Node): boolean {
  if (node.type !== 'subscript') return false;
  const value = node.childForFieldName('value');
  if (value?.type === 'attribute' && ['loc', 'iloc', 'ix'].includes(value.childForFieldName('attribute')?.text ?? '')) return true;
  const index = node.childrenForFieldName('subscript');
  return index.length !== 1 || !['string', 'identifier', 'list', 'attribute'].includes(index[0]!.type);
}

/** The call an expression statement throws away, when it is a pandas method returning a new object. */
function discardedCall(model: ScriptModel, roles: Roles, statement: Node): Discarded | null {
  const parts = statement.namedChildren.filter((c) => c.type !== 'comment');
  if (parts.length !== 1 || parts[0]!.type !== 'call') return null;
  const call = parts[0]!;
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute') return null;
  const method = callee.childForFieldName('attribute')?.text ?? '';
  const receiver = callee.childForFieldName('object');
  if (!receiver) return null;
  // Only these methods can be reported (below): the other calls need no arguments read, no bindings looked up.
  const strMethod = STR_METHODS.has(method) && receiver.type === 'attribute' && receiver.childForFieldName('attribute')?.text === 'str';
  if (!NEW_OBJECT_METHODS.has(method) && !strMethod) return null;
  const keywords = keywordArguments(call);
  if (!keywords) return null;
  const inplace = keywords.get('inplace');
  if (inplace !== undefined && inplace?.type !== 'false') return null;
  if (alsoBoundToOther(model, receiver)) return null;
  if (NEW_OBJECT_METHODS.has(method)) {
    const role = roles.of(receiver);
    if (role !== 'dataframe' && role !== 'series') return null;
    // `df.loc[df.id == 5, cols].sort_values("age")` looks at some rows in order: a display (MLH202's).
    const { start, sorts } = chainStart(receiver, method);
    if (sorts && isRowSelection(start)) return null;
    return { call, method, receiver, target: targetOf(roles, receiver) };
  }
  // s.str.lower(): the accessor of a Series
  if (strMethod) {
    const series = receiver.childForFieldName('object');
    if (!series || roles.of(series) !== 'series') return null;
    return { call, method: `str.${method}`, receiver: series, target: targetOf(roles, series) };
  }
  return null;
}

/**
 * A notebook shows the value of the last top-level statement of a cell (unless a `;` silences it):
 * there the expression is the cell's output, a display, which is bare-expression's (MLH202)
 * territory. So is the last top-level statement of a `# In[n]:` or `# %%` section of a script
 * exported from a notebook: it was a cell's output there.
 */
function isCellOutput(model: ScriptModel, statement: Node): boolean {
  if (statement.parent?.type !== 'module') return false;
  if (model.kind === 'notebook') {
    const cell = cellAtLine(model.source, statement.startPosition.row);
    if (!cell) return false;
    let next = statement.nextNamedSibling;
    while (next?.type === 'comment') next = next.nextNamedSibling;
    if (next && next.startPosition.row < cell.startLine + cell.lineCount) return false;
    return statement.nextSibling?.type !== ';';
  }
  if (!model.sections.some((s) => s.origin === 'cell-marker' || s.origin === 'in-marker')) return false;
  const at = model.statements.findIndex((s) => s.node.id === statement.id);
  if (at < 0) return false;
  const next = model.statements[at + 1];
  return (!next || next.section !== model.statements[at]!.section) && statement.nextSibling?.type !== ';';
}

/** Values that are no DataFrame: a name also bound to one of these (`rows = []` ... `rows = pd.DataFrame(rows)`) holds a list for a while. */
const NOT_FRAMES = new Set([
  'list',
  'list_comprehension',
  'dictionary',
  'dictionary_comprehension',
  'set',
  'set_comprehension',
  'tuple',
  'string',
  'concatenated_string',
  'integer',
  'float',
  'none',
]);
const NOT_FRAME_CALLS = new Set(['list', 'dict', 'set', 'tuple', 'str', 'defaultdict', 'OrderedDict', 'deque']);

function isNotFrame(value: Node): boolean {
  if (NOT_FRAMES.has(value.type)) return true;
  const callee = value.type === 'call' ? value.childForFieldName('function') : null;
  return !!callee && NOT_FRAME_CALLS.has(callee.type === 'attribute' ? (callee.childForFieldName('attribute')?.text ?? '') : callee.text);
}

/** Names a tuple assignment binds to a value that is no DataFrame (`rows, ids = [], list()`), anywhere in the file. */
const TUPLE_BOUND = memoKey<Set<string>>('names tuple-bound to no DataFrame');

function namesTupleBoundToOther(model: ScriptModel): Set<string> {
  return remember(model.memo, TUPLE_BOUND, () => findNamesTupleBoundToOther(model));
}

function findNamesTupleBoundToOther(model: ScriptModel): Set<string> {
  const names = new Set<string>();
  for (const assignment of nodesOfType(model, 'assignment')) {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (!left || !right || (left.type !== 'pattern_list' && left.type !== 'tuple_pattern')) continue;
    const targets = left.namedChildren;
    const values = right.type === 'expression_list' || right.type === 'tuple' ? right.namedChildren : [];
    targets.forEach((target, i) => {
      const value = values[i];
      if (target.type === 'identifier' && value && isNotFrame(value)) names.add(target.text);
    });
  }
  return names;
}

/** The chain's first name is also bound to a value that is no DataFrame: its role changes along the program. */
function alsoBoundToOther(model: ScriptModel, receiver: Node): boolean {
  let node: Node | null = receiver;
  while (node && (node.type === 'call' || node.type === 'attribute' || node.type === 'subscript'))
    node =
      node.type === 'call'
        ? (node.childForFieldName('function')?.childForFieldName('object') ?? null)
        : node.childForFieldName(node.type === 'attribute' ? 'object' : 'value');
  if (node?.type !== 'identifier') return false;
  if (namesTupleBoundToOther(model).has(node.text)) return true;
  return model.bindings.lookup(node, node.text)?.bindings.some((b) => !!b.value && isNotFrame(b.value)) ?? false;
}

/**
 * Whether MLH413 reports this expression statement (a pandas method returning a new object, its
 * result discarded, not a notebook cell's output). MLH202 bare-expression leaves such statements to it.
 */
export function claimedByDiscardedResult(model: ScriptModel, statement: Node): boolean {
  if (statement.type !== 'expression_statement' || !importsPandas(model)) return false;
  return discardedCall(model, rolesOf(model), statement) !== null && !isCellOutput(model, statement);
}

function fixFor(statement: Node, found: Discarded): Fix | null {
  if (!found.target) return null;
  return {
    title: `Assign the result back to ${found.target}`,
    applicability: 'unsafe',
    edits: [{ range: { start: nodeRange(statement).start, end: nodeRange(statement).start }, newText: `${found.target} = ` }],
  };
}

export const discardedDataframeResult: Rule = {
  code: 'MLH413',
  name: 'discarded-dataframe-result',
  family: 'correctness',
  defaultSeverity: 'warning',
  status: 'stable',
  attachesFix: 'sometimes',
  summary:
    'A pandas method that returns a new object (`df.dropna()`, `df.fillna(0)`) is called as a statement without `inplace=True`, so its result is thrown away.',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH413'>) {
    const { model } = ctx;
    if (!importsPandas(model)) return;
    const roles = rolesOf(model);
    for (const statement of nodesOfType(model, 'expression_statement')) {
      const found = discardedCall(model, roles, statement);
      if (!found || isCellOutput(model, statement)) continue;
      const receiver = preview(found.receiver);
      const what = roles.of(found.call) === 'series' || roles.of(found.receiver) === 'series' ? 'Series' : 'DataFrame';
      const advice = found.target ? `assign it (\`${found.target} = ${preview(found.call)}\`)` : 'assign it to a name';
      ctx.report({
        range: nodeRange(found.call),
        message: `\`${preview(found.call)}\` returns a new ${what} and the result is thrown away: \`${receiver}\` is unchanged. Use the result: ${advice}.`,
        fix: fixFor(statement, found),
        data: { method: found.method, receiver: found.receiver.text, target: found.target },
      });
    }
  },
};

function preview(node: Node): string {
  const text = node.text.replace(/\s+/g, ' ').trim();
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
