import type { Node } from '../../parse/syntax';
import type { ScriptModel } from '../../semantic';
import { stringValue } from '../../semantic';
import { cellAtLine } from '../../parse/source';
import { kids, nodeRange } from '../../parse/syntax';
import { nodesOfType } from '../../semantic';
import type { ContextOf, Rule } from '../rule';
import { option } from '../rule';

/** A list or tuple literal made only of plain string literals. */
interface NameList {
  node: Node;
  /** Distinct names in order of first appearance. */
  names: string[];
  /** Identity of the list: its names in order. */
  key: string;
}

const PREVIEW_NAMES = 3;
/** Places named in a message, and related locations per finding: bounded, so pathological input stays linear. */
const MAX_PLACES = 5;
const MAX_RELATED = 50;

/**
 * The names of a `[...]` / `(...)` literal whose items are all plain strings; null otherwise
 * (a variable, an f-string, a splat or a nested list makes it something other than a name list).
 */
function literalNames(node: Node): string[] | null {
  const names: string[] = [];
  for (const item of kids(node)) {
    if (!item.isNamed || item.type === 'comment') continue;
    const value = stringValue(item);
    if (value === null) return null;
    if (!names.includes(value)) names.push(value);
  }
  return names;
}

/** The items of a list or tuple literal (what `literalNames` reads). */
function itemCount(node: Node): number {
  let count = 0;
  for (const item of kids(node)) if (item.isNamed && item.type !== 'comment') count++;
  return count;
}

/** `__all__ = [...]`: the module's export list names functions, not columns. */
function isExportList(node: Node): boolean {
  const parent = node.parent;
  if (parent?.type !== 'assignment' && parent?.type !== 'augmented_assignment') return false;
  return parent.childForFieldName('left')?.text === '__all__';
}

/** The call a node is an argument of (positional or keyword), with the keyword's name. */
function enclosingCall(node: Node): { call: Node; callee: Node | null; keyword: string | null } | null {
  let arg = node;
  let keyword: string | null = null;
  if (node.parent?.type === 'keyword_argument') {
    keyword = node.parent.childForFieldName('name')?.text ?? null;
    arg = node.parent;
  }
  const args = arg.parent;
  if (args?.type !== 'argument_list' || args.parent?.type !== 'call') return null;
  return { call: args.parent, callee: args.parent.childForFieldName('function'), keyword };
}

function lastName(callee: Node | null): string {
  if (!callee) return '';
  if (callee.type === 'attribute') return callee.childForFieldName('attribute')?.text ?? '';
  return callee.text;
}

/**
 * Keywords whose value is a list of column names: pandas (`columns=`, `usecols=`, `subset=`, merge
 * keys, melt), the feature names of scikit-learn, LightGBM and CatBoost.
 */
const COLUMN_KEYWORDS = new Set([
  'columns',
  'usecols',
  'subset',
  'on',
  'left_on',
  'right_on',
  'id_vars',
  'value_vars',
  'feature_names',
  'feature_names_in',
  'categorical_feature',
  'cat_features',
]);
/** `names=` names the columns only in the pandas readers. */
const READERS = new Set(['read_csv', 'read_table', 'read_fwf', 'read_excel']);
/** scikit-learn's column transformers: the column lists sit in their `(name, transformer, columns)` tuples. */
const COLUMN_TRANSFORMERS = new Set(['ColumnTransformer', 'make_column_transformer']);

/** `axis=1` or `axis="columns"` among a call's keywords: `drop(list, axis=1)` drops columns. */
function dropsColumns(call: Node): boolean {
  const args = call.childForFieldName('arguments');
  for (const arg of args ? kids(args) : []) {
    if (arg.type !== 'keyword_argument' || arg.childForFieldName('name')?.text !== 'axis') continue;
    const value = arg.childForFieldName('value');
    return value?.text === '1' || (value !== null && value !== undefined && stringValue(value) === 'columns');
  }
  return false;
}

/**
 * Whether `node` (a list literal, or a name holding one) sits where pandas or scikit-learn reads
 * column names: the index of a subscript (`df[[...]]`, `df.loc[:, [...]]`), a column keyword
 * (`columns=`, `usecols=`, `subset=`, `on=`, ...), `df.drop([...], axis=1)`, `df.columns = [...]`,
 * a column transformer's column list. `df[cols + ["y"]]` counts for `cols`.
 */
function isColumnUse(node: Node): boolean {
  let at = node;
  // `cols + ["target"]`, `(cols)`, `list(cols)`: still the columns of the enclosing use.
  for (;;) {
    const up = at.parent;
    if (up?.type === 'parenthesized_expression' || (up?.type === 'binary_operator' && up.child(1)?.text === '+')) at = up;
    else if (
      up?.type === 'argument_list' &&
      up.namedChildCount === 1 &&
      ['list', 'tuple'].includes(up.parent?.childForFieldName('function')?.text ?? '')
    )
      at = up.parent!;
    else break;
  }
  const parent = at.parent;
  if (!parent) return false;
  if (parent.type === 'subscript') return parent.childForFieldName('value')?.id !== at.id;
  if (parent.type === 'assignment' && parent.childForFieldName('right')?.id === at.id) {
    const left = parent.childForFieldName('left');
    return left?.type === 'attribute' && left.childForFieldName('attribute')?.text === 'columns';
  }
  if (parent.type === 'tuple' && parent.parent) {
    // ("num", StandardScaler(), [...]) inside ColumnTransformer([...]) or make_column_transformer(...)
    const holder = parent.parent.type === 'list' ? parent.parent : parent;
    const call = enclosingCall(holder);
    return call !== null && call.keyword === null ? COLUMN_TRANSFORMERS.has(lastName(call.callee)) : call?.keyword === 'transformers';
  }
  const call = enclosingCall(at);
  if (!call) return false;
  const name = lastName(call.callee);
  if (call.keyword) return COLUMN_KEYWORDS.has(call.keyword) || (call.keyword === 'names' && READERS.has(name));
  return name === 'drop' && dropsColumns(call.call);
}

/** The name a list literal is assigned to (`features = [...]`), when it is the whole right-hand side. */
function assignedName(node: Node): string | null {
  const parent = node.parent;
  if (parent?.type !== 'assignment' || parent.childForFieldName('right')?.id !== node.id) return null;
  const left = parent.childForFieldName('left');
  return left?.type === 'identifier' ? left.text : null;
}

/**
 * Whether the name `name` is used for columns somewhere in the file: in a column position itself,
 * or looped over with the loop variable indexing a frame (`for c in cols: df[c] = ...`).
 */
function nameUsedForColumns(name: string, uses: IdentifierUses): boolean {
  for (const use of uses.get(name)) {
    if (isColumnUse(use)) return true;
    const loop = use.parent;
    if ((loop?.type === 'for_statement' || loop?.type === 'for_in_clause') && loop.childForFieldName('right')?.id === use.id) {
      const target = loop.childForFieldName('left');
      if (target?.type !== 'identifier') continue;
      const scope = loop.type === 'for_statement' ? loop.childForFieldName('body') : loop.parent;
      if (
        scope &&
        uses
          .get(target.text)
          .some((u) => within(u, scope) && u.parent?.type === 'subscript' && u.parent.childForFieldName('value')?.id !== u.id)
      )
        return true;
    }
  }
  return false;
}

function within(node: Node, ancestor: Node): boolean {
  return node.startIndex >= ancestor.startIndex && node.endIndex <= ancestor.endIndex;
}

function nameLists(model: ScriptModel, minItems: number): NameList[] {
  const found: NameList[] = [];
  let uses: IdentifierUses | null = null;
  for (const type of ['list', 'tuple']) {
    for (const node of nodesOfType(model, type)) {
      // Fewer items than names needed (most tuples, `(x, y)`): no list of names, nothing to decode.
      if (itemCount(node) < minItems) continue;
      const names = literalNames(node);
      if (!names || names.length < minItems || isExportList(node)) continue;
      let column = type === 'list' ? isColumnUse(node) : isColumnUse(node) && node.parent?.type !== 'subscript';
      if (!column) {
        const name = assignedName(node);
        if (name) {
          uses ??= identifierUses(model);
          column = nameUsedForColumns(name, uses);
        }
      }
      if (column) found.push({ node, names, key: JSON.stringify(names) });
    }
  }
  return found.sort((a, b) => a.node.startIndex - b.node.startIndex);
}

/** The identifiers of the program with a given name, found on first request per name. */
interface IdentifierUses {
  get(name: string): readonly Node[];
}

/** Identifiers by name, from the shared bucket; only the names asked for are looked up (by length first, without slicing every name). */
function identifierUses(model: ScriptModel): IdentifierUses {
  const identifiers = nodesOfType(model, 'identifier');
  const byName = new Map<string, Node[]>();
  return {
    get(name) {
      let list = byName.get(name);
      if (!list) {
        list = [];
        const length = name.length;
        for (const node of identifiers) if (node.endIndex - node.startIndex === length && node.text === name) list.push(node);
        byName.set(name, list);
      }
      return list;
    },
  };
}

function preview(names: string[]): string {
  const shown = names.slice(0, PREVIEW_NAMES).map((n) => JSON.stringify(n));
  return names.length > PREVIEW_NAMES ? `${shown.join(', ')}, …` : shown.join(', ');
}

/** Where a list is, in the words a person reading the file uses (line, or cell in a notebook). */
function place(model: ScriptModel, node: Node): string {
  const line = node.startPosition.row;
  if (model.kind === 'notebook') {
    const cell = cellAtLine(model.source, line);
    if (cell) return `cell ${cell.cellIndex + 1} line ${line - cell.startLine + 1}`;
  }
  return `line ${line + 1}`;
}

function places(model: ScriptModel, lists: NameList[]): string {
  const named = lists
    .slice(0, MAX_PLACES)
    .map((l) => place(model, l.node))
    .join(', ');
  return lists.length > MAX_PLACES ? `${named} and ${lists.length - MAX_PLACES} more` : named;
}

export const duplicatedFeatureList: Rule = {
  code: 'MLH002',
  name: 'duplicated-feature-list',
  family: 'structure',
  defaultSeverity: 'warning',
  status: 'stable',
  summary: 'The same list of column names is written out in two or more places.',
  appliesTo: ['python', 'notebook'],
  options: {
    'min-items': {
      type: 'integer',
      default: 3,
      minimum: 2,
      description: 'Distinct string literals a list or tuple must hold to count as a list of names.',
    },
  },
  check(ctx: ContextOf<'MLH002'>) {
    const { model } = ctx;
    const groups = new Map<string, NameList[]>();
    for (const list of nameLists(model, option<number>(ctx, 'min-items'))) {
      const group = groups.get(list.key);
      if (group) group.push(list);
      else groups.set(list.key, [list]);
    }
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      // Once per list, on its first copy; the other copies are its related locations.
      const [list, ...others] = group as [NameList, ...NameList[]];
      ctx.report({
        range: nodeRange(list.node),
        message:
          `The list of ${list.names.length} column names (${preview(list.names)}) is written ${group.length} times ` +
          `(also at ${places(model, others)}); define it once, in a constant or params.yaml, and reuse it.`,
        related: others.slice(0, MAX_RELATED).map((other) => ({ range: nodeRange(other.node), message: 'also written here' })),
        data: { names: list.names, occurrences: group.length },
      });
    }
  },
};
