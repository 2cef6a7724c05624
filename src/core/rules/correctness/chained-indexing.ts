import type { Node } from '../../parse/syntax';
import { rolesOf } from '../../kb/roles';
import type { Roles } from '../../kb/roles';
import type { ScriptModel } from '../../semantic';
import { nodesOfType } from '../../semantic/nodes';
import { nodeRange } from '../../parse/syntax';
import type { Fix } from '../../types';
import type { ContextOf, Rule } from '../rule';

/**
 * MLH412: an assignment whose target indexes the result of indexing a DataFrame
 * (`df["a"][mask] = v`, `df[mask]["a"] = v`, `df.a[mask] = v`, `df.loc[mask]["a"] = v`,
 * `df["a"].iloc[0] = v`, `df.iloc[i]["a"] = v`). The first indexing may return a copy, so the
 * write may never reach `df`; under copy-on-write (pandas 3) it never does.
 */

/** Indexers whose subscript is the actual indexing (`df.loc[...]`; `.ix`, removed in pandas 1.0, in old code). */
const INDEXERS = new Set(['loc', 'iloc', 'at', 'iat', 'ix']);

/** Calls that give a boolean mask (`s.isin(...)`, `s.isna()`, `s.str.contains(...)`). */
const MASK_METHODS = new Set(['isin', 'isna', 'isnull', 'notna', 'notnull', 'between', 'contains', 'startswith', 'endswith', 'duplicated']);

export function importsPandas(model: ScriptModel): boolean {
  for (const qualified of model.importMap.values()) if (qualified === 'pandas' || qualified.startsWith('pandas.')) return true;
  return false;
}

const unparen = (node: Node): Node => {
  let n = node;
  while (n.type === 'parenthesized_expression') {
    const inner = n.namedChildren.find((c) => c.type !== 'comment');
    if (!inner) break;
    n = inner;
  }
  return n;
};

/** `df.loc` in `df.loc[...]`: the object indexed, with the indexer's name; otherwise the node itself. */
function indexed(value: Node): { object: Node; indexer: string | null } {
  if (value.type === 'attribute') {
    const attr = value.childForFieldName('attribute')?.text ?? '';
    const object = value.childForFieldName('object');
    if (INDEXERS.has(attr) && object) return { object, indexer: attr };
  }
  return { object: value, indexer: null };
}

interface Chain {
  /** The DataFrame expression indexed first. */
  frame: Node;
  /** The first indexing: `df["a"]`, `df[mask]`, `df.a`, `df.loc[mask]`. */
  first: Node;
  /** How the first indexing is written: `[]`, `.loc[]`, `.iloc[]`, `.at[]`, `.iat[]`, or `.column`. */
  firstKind: string;
  /** How the second indexing is written. */
  secondKind: string;
}

/** The chain when `target` indexes a DataFrame's indexing; null otherwise. */
export function chainOf(roles: Roles, target: Node): Chain | null {
  if (target.type !== 'subscript') return null;
  const value = target.childForFieldName('value');
  if (!value) return null;
  const second = indexed(value);
  const first = unparen(second.object);
  const secondKind = second.indexer ? `.${second.indexer}[]` : '[]';
  if (first.type === 'subscript') {
    const inner = first.childForFieldName('value');
    if (!inner) return null;
    const { object, indexer } = indexed(inner);
    if (roles.of(object) !== 'dataframe') return null;
    return { frame: object, first, firstKind: indexer ? `.${indexer}[]` : '[]', secondKind };
  }
  if (first.type === 'attribute') {
    // df.a[mask]: a column read as an attribute (the roles know `df.shape` is not a column).
    const object = first.childForFieldName('object');
    if (!object || roles.of(object) !== 'dataframe' || roles.of(first) !== 'series') return null;
    return { frame: object, first, firstKind: '.column', secondKind };
  }
  return null;
}

/** A row selection that is a boolean mask by its form (`df.a > 0`, `~m`, `(a) & (b)`, `s.isin(...)`), or a name bound once to one. */
function isBooleanMask(model: ScriptModel, node: Node, depth = 0): boolean {
  if (depth > 20) return false;
  const n = unparen(node);
  switch (n.type) {
    case 'comparison_operator':
      return true;
    case 'unary_operator':
      return n.text.trimStart().startsWith('~');
    case 'binary_operator': {
      const op = n.childForFieldName('operator')?.text ?? '';
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      return (
        ['&', '|', '^'].includes(op) && !!left && !!right && isBooleanMask(model, left, depth + 1) && isBooleanMask(model, right, depth + 1)
      );
    }
    case 'call': {
      const callee = n.childForFieldName('function');
      return callee?.type === 'attribute' && MASK_METHODS.has(callee.childForFieldName('attribute')?.text ?? '');
    }
    case 'identifier': {
      const bound = model.bindings.resolve(n, n.text);
      return !!bound && bound.id !== n.id && isBooleanMask(model, bound, depth + 1);
    }
    default:
      return false;
  }
}

/** A single column key: a string literal (one subscript, no slice or tuple). */
function columnKey(node: Node): string | null {
  const indices = node.childrenForFieldName('subscript');
  return indices.length === 1 && indices[0]!.type === 'string' ? indices[0]!.text : null;
}

function singleIndex(node: Node): Node | null {
  const indices = node.childrenForFieldName('subscript');
  return indices.length === 1 ? indices[0]! : null;
}

/**
 * `df["a"][mask] = v`, `df.a[mask] = v` and `df[mask]["a"] = v` become `df.loc[mask, "a"] = v`, when
 * the mask is boolean by its form (a label or a position could mean another row under `.loc`).
 */
function fixFor(model: ScriptModel, target: Node, chain: Chain): Fix | null {
  if (chain.secondKind !== '[]') return null;
  const frame = chain.frame.text;
  let mask: Node | null = null;
  let column: string | null = null;
  if (chain.firstKind === '[]') {
    const firstKey = columnKey(chain.first);
    const secondKey = columnKey(target);
    if (firstKey !== null) {
      column = firstKey;
      mask = singleIndex(target);
    } else if (secondKey !== null) {
      column = secondKey;
      mask = singleIndex(chain.first);
    }
  } else if (chain.firstKind === '.column') {
    column = JSON.stringify(chain.first.childForFieldName('attribute')?.text ?? '');
    mask = singleIndex(target);
  }
  if (!mask || column === null || !isBooleanMask(model, mask)) return null;
  if (chain.frame.type !== 'identifier' && chain.frame.type !== 'attribute') return null; // evaluated once either way
  return {
    title: `Assign through ${frame}.loc[mask, ${column}]`,
    applicability: 'unsafe',
    edits: [{ range: nodeRange(target), newText: `${frame}.loc[${mask.text}, ${column}]` }],
  };
}

export const chainedIndexing: Rule = {
  code: 'MLH412',
  name: 'chained-indexing',
  family: 'correctness',
  defaultSeverity: 'warning',
  status: 'stable',
  attachesFix: 'sometimes',
  summary:
    'A value is assigned through chained indexing on a DataFrame (`df["a"][mask] = v`), which may write to a copy and leave the frame unchanged.',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH412'>) {
    const { model } = ctx;
    if (!importsPandas(model)) return;
    const roles = rolesOf(model);
    const targets: Node[] = [];
    for (const node of nodesOfType(model, 'assignment')) {
      const left = node.childForFieldName('left');
      if (left && node.childForFieldName('right')) targets.push(left);
    }
    for (const node of nodesOfType(model, 'augmented_assignment')) {
      const left = node.childForFieldName('left');
      if (left) targets.push(left);
    }
    targets.sort((a, b) => a.startIndex - b.startIndex);
    for (const target of targets) {
      const chain = chainOf(roles, target);
      if (!chain) continue;
      const pattern = `${chain.firstKind} then ${chain.secondKind}`;
      ctx.report({
        range: nodeRange(target),
        message:
          `\`${preview(target)}\` assigns through chained indexing (${pattern}): the first indexing may return a copy, ` +
          `so the write may never reach \`${preview(chain.frame)}\` (always so under pandas copy-on-write). Index once: \`${preview(chain.frame)}.loc[rows, column] = ...\`.`,
        fix: fixFor(model, target, chain),
        data: { frame: chain.frame.text, pattern },
      });
    }
  },
};

function preview(node: Node): string {
  const text = node.text.replace(/\s+/g, ' ').trim();
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
