import type { Node } from '../parse/syntax';
import type { CallSite, ScriptModel, Statement } from '../semantic';
import { lastSegment, rootName } from '../semantic/expressions';
import { stringValue as literalString } from '../semantic/strings';
import { DATASET_PREFIXES, KNOWN_ACTIONS, METRIC_SUFFIXES, PREDICT_METHODS, TITLE_CALLS, VERB_OF_KIND, VERB_WEIGHT } from '../kb/actions';
import { keyName } from '../params';

/**
 * Names for a run of statements (a step of modularize, an extracted function) from what it does:
 * the verb of its strongest call and that call's object (`load_train`, `train_xgb_classifier`,
 * `predict_sel_test`, `save_submission`, `plot_feature_importance`). The knowledge (verbs per
 * API kind, known calls) is in kb/actions.ts. Comments are never read: a name comes from code or
 * from a section's title, nothing else.
 */

/** Names that say nothing about what a statement produces. */
export const GENERIC_NAMES: ReadonlySet<string> = new Set([
  'fig',
  'figure',
  'ax',
  'axes',
  'axs',
  'idx',
  'tmp',
  'temp',
  'res',
  'result',
  'results',
  'out',
  'output',
  'data',
  'df',
  'self',
]);

interface Action {
  verb: string;
  object: string | null;
  order: number;
  /** Among actions of one verb, which names the step best: a plot's title (2) over its file name (1) over the rest. */
  rank?: number;
  node?: Node;
}

/** A name of at most `words` words from prose (`XGBoost Feature Importance` -> `xgboost_feature_importance`), or null. */
export function proseName(text: string, words = 4): string | null {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '')
    .slice(0, words)
    .join('_');
  return /^[a-z_][a-z0-9_]*$/.test(name) && name.length > 2 ? name : null;
}

/** A name from an identifier (`X_test` -> `x_test`), or null for short and generic ones. */
function identifierObject(name: string | null | undefined): string | null {
  if (!name || name.length <= 2 || name.startsWith('_') || GENERIC_NAMES.has(name.toLowerCase())) return null;
  const key = keyName(name, '');
  return key.split('_').length <= 4 && key !== '' ? key : null;
}

function stringValue(node: Node | undefined): string | null {
  return node ? literalString(node) : null;
}

/** `../input/train.csv` -> `train`. */
function fileStem(path: string | null): string | null {
  if (!path) return null;
  const base = path.split(/[\\/]/).pop() ?? '';
  return proseName(base.replace(/\.[A-Za-z0-9]+$/, ''), 3);
}

function argumentObject(node: Node | undefined): string | null {
  if (!node) return null;
  return identifierObject(node.type === 'identifier' ? node.text : rootName(node));
}

/** What one call does, or null when nothing in it makes a name. */
function actionOf(call: CallSite, order: number): Action | null {
  const qualified = call.qualified ?? '';
  const method = call.method ?? '';
  const known = KNOWN_ACTIONS[qualified] ?? (call.method ? KNOWN_ACTIONS[method] : undefined);
  if (known) return { verb: known.verb, object: known.object, order };
  if (PREDICT_METHODS.has(method)) return { verb: 'predict', object: argumentObject(call.positional[0]), order };
  if (TITLE_CALLS.has(method) || TITLE_CALLS.has(lastSegment(qualified))) {
    const title = stringValue(call.positional[0]) ?? stringValue(call.keywords.get('label'));
    return { verb: 'plot', object: title ? proseName(title) : null, order, rank: 2 };
  }
  const api = call.api;
  if (!api) return null;
  const kind = api.kind;
  const own = lastSegment(qualified || method);
  if (method === 'savefig' || lastSegment(qualified) === 'savefig') {
    return { verb: 'plot', object: fileStem(stringValue(call.positional[0])), order, rank: 1 };
  }
  if (kind === 'dataset') {
    const prefix = DATASET_PREFIXES.find(([p]) => own.startsWith(p) && own.length > p.length);
    if (prefix && call.qualified) return { verb: prefix[1], object: proseName(own.slice(prefix[0].length).replace(/_/g, ' ')), order };
    if (/^(DataFrame|Series|concat|merge)$/.test(own) && call.qualified)
      return { verb: 'build', object: identifierObject(call.assignedTo), order };
    return null;
  }
  const verb = VERB_OF_KIND[kind];
  if (!verb) return null;
  switch (kind) {
    case 'read':
      return { verb, object: fileStem(stringValue(call.positional[0])) ?? identifierObject(call.assignedTo), order };
    case 'write':
      return {
        verb,
        object: call.method
          ? argumentObject(call.callee.childForFieldName('object') ?? undefined)
          : (argumentObject(call.positional[0]) ?? fileStem(stringValue(call.positional[1]))),
        order,
      };
    case 'train': {
      if (!call.method) return { verb, object: proseName(qualified.split('.')[0] ?? ''), order };
      const type = call.receiverType ? keyName(lastSegment(call.receiverType), '') : null;
      return { verb, object: type || identifierObject(call.receiver), order };
    }
    case 'estimator':
    case 'search':
      return /^[A-Z]/.test(own) && call.assignedTo ? { verb, object: keyName(own, '') || null, order } : null;
    case 'splitter':
      return call.method || !/^[a-z]/.test(own) ? null : { verb, object: 'train_test', order };
    case 'metric': {
      if (call.method) return { verb, object: identifierObject(call.receiver), order };
      const stem = METRIC_SUFFIXES.reduce((name, suffix) => (name.endsWith(suffix) ? name.slice(0, -suffix.length) : name), own);
      return { verb, object: proseName(stem.replace(/_/g, ' ')), order };
    }
    case 'plot':
      return { verb, object: argumentObject(call.positional[0]) ?? identifierObject(call.receiver), order };
    case 'seed':
      return { verb, object: 'seed', order };
    default:
      return { verb, object: null, order };
  }
}

/** The actions of the statements' own calls (not those inside the functions they define), in order. */
function actionsOf(model: ScriptModel, statements: readonly Statement[]): Action[] {
  const out: Action[] = [];
  for (const s of statements) {
    if (s.kind === 'function' || s.kind === 'class') continue;
    for (const call of model.callsByStatement.get(s.index) ?? []) {
      if (call.enclosingFunction !== null) continue;
      // A call inside the arguments of another that says something (`roc_auc_score(y, clf.predict_proba(X))`) is its detail.
      if (out.some((a) => a.object && a.node && a.node.startIndex <= call.node.startIndex && call.node.endIndex <= a.node.endIndex))
        continue;
      const action = actionOf(call, out.length);
      if (action) out.push({ ...action, node: call.node });
    }
  }
  return out;
}

/** Verbs whose two objects make one name. */
const JOINED_VERBS = new Set(['load', 'fetch', 'make']);

function lexicographicLess(a: readonly number[], b: readonly number[]): boolean {
  const i = a.findIndex((v, j) => v !== b[j]);
  return i >= 0 && a[i]! < b[i]!;
}

export interface ActionNames {
  /** The verb of the strongest action, or null when no call says anything. */
  verb: string | null;
  /** Names from the verb and its objects, best first (may be empty when the objects are unknown). */
  names: string[];
}

/**
 * Names from what the statements do: the strongest verb (kb/actions.ts VERB_WEIGHT, the later
 * action on a tie) with its object (`train_xgb_classifier`), two objects of the same verb joined
 * (`load_train_and_test`).
 */
export function actionNames(model: ScriptModel, statements: readonly Statement[]): ActionNames {
  const actions = actionsOf(model, statements);
  if (actions.length === 0) return { verb: null, names: [] };
  const weight = (a: Action): number => VERB_WEIGHT[a.verb] ?? 0;
  const key = (a: Action): number[] => [weight(a), a.object ? 1 : 0, a.rank ?? 0, a.order];
  const main = actions.reduce((best, a) => (lexicographicLess(key(best), key(a)) ? a : best));
  const objects = [...new Set(actions.filter((a) => a.verb === main.verb && a.object).map((a) => a.object!))];
  const verb = main.verb;
  const names: string[] = [];
  // Two files or data sets loaded together name the step together (`load_train_and_test`).
  if (objects.length === 2 && JOINED_VERBS.has(verb)) names.push(`${verb}_${objects[0]}_and_${objects[1]}`);
  if (main.object) names.push(`${verb}_${main.object}`);
  for (const o of objects) names.push(`${verb}_${o}`);
  return { verb, names: [...new Set(names)] };
}

/** A literal value: a number, a string without interpolation, None, a boolean, or a tuple, list, set or dict of them. */
function isLiteral(node: Node): boolean {
  switch (node.type) {
    case 'integer':
    case 'float':
    case 'true':
    case 'false':
    case 'none':
      return true;
    case 'string':
      return !node.namedChildren.some((c) => c?.type === 'interpolation');
    case 'concatenated_string':
    case 'parenthesized_expression':
    case 'tuple':
    case 'list':
    case 'set':
    case 'dictionary':
    case 'pair':
      return node.namedChildren.every((c) => c === null || c.type === 'comment' || isLiteral(c));
    case 'unary_operator': {
      const argument = node.childForFieldName('argument');
      return argument !== null && isLiteral(argument);
    }
    default:
      return false;
  }
}

/** `A = B = 1`, `x: int = 2`: whether every value the statement assigns is a literal. */
function assignsLiteral(statement: Statement): boolean {
  if (statement.kind !== 'assignment') return false;
  let node = statement.node.namedChild(0);
  if (node?.type !== 'assignment') return false;
  while (node?.type === 'assignment') {
    const right: Node | null = node.childForFieldName('right');
    if (right === null) return false;
    if (right.type !== 'assignment') return isLiteral(right);
    node = right;
  }
  return false;
}

/** Calls that only show something (the output of a notebook cell, a script's log). */
const SHOW_CALLS: ReadonlySet<string> = new Set(['print', 'display', 'IPython.display.display', 'pprint.pprint']);

/**
 * Names for statements in which no call says anything (no action): settings given as literals
 * (`ID = "id"`, `NFOLDS = 4`) are `define_constants`; statements that only print or display a
 * value with a name are `show_<value>` (`print(train_test.head())` -> `show_train_test`). Empty
 * otherwise.
 */
export function plainNames(model: ScriptModel, statements: readonly Statement[]): string[] {
  const code = statements.filter((s) => s.kind !== 'docstring');
  if (code.length === 0) return [];
  if (code.every(assignsLiteral)) return ['define_constants', 'define_settings'];
  const shown: string[] = [];
  for (const s of code) {
    if (s.kind !== 'expression' || s.defs.size > 0) return [];
    const calls = (model.callsByStatement.get(s.index) ?? []).filter((c) => c.enclosingFunction === null);
    const outer = calls.find((c) => c.node.startIndex === s.node.startIndex || c.node.parent?.startIndex === s.node.startIndex);
    if (!outer || !SHOW_CALLS.has(outer.qualified ?? '')) return [];
    const object = argumentObject(outer.positional[0]);
    if (object) shown.push(object);
  }
  return [...new Set(shown.map((o) => `show_${o}`))];
}
