import type { Node } from '../../parse/syntax';
import type { ScriptModel } from '../../semantic';
import { stringValue } from '../../semantic';
import { cellAtLine } from '../../parse/source';
import { kids, nodeRange } from '../../parse/syntax';
import type { ContextOf, Rule } from '../rule';
import { option } from '../rule';

/** A list or tuple literal made only of plain string literals. */
interface NameList {
  node: Node;
  /** Distinct names in order of first appearance. */
  names: string[];
  /** Order-insensitive identity of the list. */
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

/** `__all__ = [...]`: the module's export list names functions, not columns. */
function isExportList(node: Node): boolean {
  const parent = node.parent;
  if (parent?.type !== 'assignment' && parent?.type !== 'augmented_assignment') return false;
  return parent.childForFieldName('left')?.text === '__all__';
}

/** The call a list is an argument of (positional or keyword), with the keyword's name. */
function enclosingCall(node: Node): { callee: Node | null; keyword: string | null } | null {
  let arg = node;
  let keyword: string | null = null;
  if (node.parent?.type === 'keyword_argument') {
    keyword = node.parent.childForFieldName('name')?.text ?? null;
    arg = node.parent;
  }
  const args = arg.parent;
  if (args?.type !== 'argument_list') return null;
  return { callee: args.parent?.childForFieldName('function') ?? null, keyword };
}

function lastName(callee: Node | null): string {
  if (!callee) return '';
  if (callee.type === 'attribute') return callee.childForFieldName('attribute')?.text ?? '';
  return callee.text;
}

/** Calls whose list argument holds values (data, words to glue) rather than names of columns. */
const VALUE_CALLS = new Set(['array', 'asarray', 'tensor', 'Series', 'Categorical', 'join']);
/** Plot calls and keywords whose list argument is text for a reader: legends, tick labels. */
const LABEL_CALLS = new Set(['legend', 'xticks', 'yticks', 'set_xticklabels', 'set_yticklabels', 'set_ticklabels', 'table']);
const LABEL_KEYWORDS = new Set(['labels', 'tick_labels', 'xticklabels', 'yticklabels', 'display_labels', 'target_names']);

function isValuesOrLabels(node: Node): boolean {
  const call = enclosingCall(node);
  if (!call) return false;
  const name = lastName(call.callee);
  if (call.keyword) return LABEL_KEYWORDS.has(call.keyword);
  return VALUE_CALLS.has(name) || LABEL_CALLS.has(name);
}

/** matplotlib colours and format strings: `"r"`, `"g."`, `"k--"`, `"C0"`, `"#1f77b4"`, `"tab:blue"`, `"red"`. */
const NAMED_COLOURS = new Set([
  'black',
  'white',
  'red',
  'green',
  'blue',
  'yellow',
  'orange',
  'purple',
  'pink',
  'brown',
  'gray',
  'grey',
  'cyan',
  'magenta',
  'navy',
  'teal',
  'olive',
  'maroon',
  'lime',
  'gold',
  'silver',
  'violet',
  'indigo',
  'turquoise',
  'darkorange',
  'darkblue',
  'darkgreen',
  'darkred',
  'lightblue',
  'lightgreen',
  'lightgray',
  'lightgrey',
  'darkgray',
  'darkgrey',
  'steelblue',
  'cornflowerblue',
  'crimson',
  'tomato',
  'salmon',
  'coral',
  'firebrick',
  'forestgreen',
  'seagreen',
  'royalblue',
  'skyblue',
  'orchid',
  'plum',
  'tan',
  'khaki',
  'beige',
  'aqua',
  'fuchsia',
  'chocolate',
  'sienna',
  'peru',
  'slategray',
  'slategrey',
  'darkviolet',
  'deeppink',
  'hotpink',
  'dodgerblue',
  'deepskyblue',
  'limegreen',
  'yellowgreen',
  'olivedrab',
  'darkcyan',
  'mediumpurple',
]);
function isStyleSpec(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (NAMED_COLOURS.has(v) || /^c\d$/.test(v) || /^#[0-9a-f]{3,8}$/.test(v) || /^(tab|xkcd|css4):/.test(v)) return true;
  // A format string: at most one colour letter, one marker, one line style ("g.", "k--", "o-", "r").
  const m = /^([bgrcmykw]?)([.,ov^<>1-4sp*hh+xxdd|_]?)(-|--|-\.|:)?([bgrcmykw]?)$/.exec(v);
  return m !== null && v.length > 0 && !(m[1] && m[4]);
}

function nameLists(model: ScriptModel, minItems: number): NameList[] {
  const found: NameList[] = [];
  // An explicit stack: very deeply nested code must not exhaust the call stack.
  const stack: Node[] = [model.tree.rootNode];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const children = kids(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    if (node.type !== 'list' && node.type !== 'tuple') continue;
    const names = literalNames(node);
    if (!names || names.length < minItems || isExportList(node) || isValuesOrLabels(node) || names.every(isStyleSpec)) continue;
    found.push({ node, names, key: JSON.stringify([...names].sort()) });
  }
  return found;
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
      for (const list of group) {
        const others = group.filter((other) => other !== list);
        ctx.report({
          range: nodeRange(list.node),
          message:
            `The list of ${list.names.length} names (${preview(list.names)}) is written ${group.length} times ` +
            `(also at ${places(model, others)}); define it once, in a constant or params.yaml, and reuse it.`,
          related: others.slice(0, MAX_RELATED).map((other) => ({ range: nodeRange(other.node), message: 'also written here' })),
          data: { names: list.names, occurrences: group.length },
        });
      }
    }
  },
};
