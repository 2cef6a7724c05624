import type { Node } from '../../parse/syntax';
import { nodeRange } from '../../parse/syntax';
import { rolesOf } from '../../kb/roles';
import type { CallSite, ScriptModel } from '../../semantic';
import { nodesOfType, stringValue } from '../../semantic';
import { canonical } from '../../semantic/imports';
import type { Fix } from '../../types';
import type { ContextOf, Rule } from '../rule';

/**
 * MLH411: a value compared with NaN by `==`, `!=` (never true, always true) or `is` (true only for
 * the very object `np.nan`, which values read from an array or a frame never are), or by
 * `.eq(np.nan)` / `np.equal(x, np.nan)`. `pd.NA` compared with `==` gives `pd.NA`, never a truth
 * value; `x is pd.NA` is the documented singleton test and is left alone.
 */

/** What a NaN constant is, by qualified name. */
const NAN_CONSTANTS: Record<string, 'nan' | 'na'> = {
  'numpy.nan': 'nan',
  'numpy.NaN': 'nan',
  'numpy.NAN': 'nan',
  'math.nan': 'nan',
  'pandas.NA': 'na',
  'pandas.np.nan': 'nan',
};

type NanKind = 'nan' | 'na';

/** The qualified name of a dotted expression through the imports (`np.nan` -> `numpy.nan`). */
function qualifiedOf(model: ScriptModel, node: Node): string | null {
  if (node.type === 'identifier') return model.importMap.get(node.text) ?? null;
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute');
    const base = object ? qualifiedOf(model, object) : null;
    return base && attr ? canonical(`${base}.${attr.text}`) : null;
  }
  return null;
}

/** Whether `node` is a NaN constant: `np.nan` (any alias or from-import), `math.nan`, `pd.NA`, `float("nan")`. */
function nanKind(model: ScriptModel, node: Node | null | undefined): NanKind | null {
  if (!node) return null;
  if (node.type === 'parenthesized_expression') {
    const inner = node.namedChildren.filter((c) => c.type !== 'comment');
    return inner.length === 1 ? nanKind(model, inner[0]) : null;
  }
  if (node.type === 'identifier' || node.type === 'attribute') {
    const qualified = qualifiedOf(model, node);
    return qualified ? (NAN_CONSTANTS[qualified] ?? null) : null;
  }
  if (node.type === 'call') {
    const callee = node.childForFieldName('function');
    const args = node.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
    if (callee?.type !== 'identifier' || callee.text !== 'float' || args.length !== 1) return null;
    if (model.bindings.lookup(node, 'float')) return null; // a local `float`, not the builtin
    const value = stringValue(args[0]!);
    return value !== null && /^\s*[+-]?nan\s*$/i.test(value) ? 'nan' : null;
  }
  return null;
}

/** Expressions that can take `.isna()` or be an argument without parentheses. */
const PRIMARY = new Set(['identifier', 'attribute', 'subscript', 'call', 'parenthesized_expression', 'integer', 'float', 'string']);
const wrap = (node: Node): string => (PRIMARY.has(node.type) ? node.text : `(${node.text})`);

/** The local name a module is imported as (`import numpy as np`: `np`); null when it is not imported whole. */
function moduleAlias(model: ScriptModel, module: string): string | null {
  return model.imports.find((i) => i.qualified === module && i.local !== '*' && !i.local.includes('.'))?.local ?? null;
}

/** Parents under which `not f(x)` may replace a comparison without parentheses. */
const NOT_SAFE_PARENTS = new Set([
  'expression_statement',
  'assignment',
  'boolean_operator',
  'not_operator',
  'parenthesized_expression',
  'argument_list',
  'if_statement',
  'elif_clause',
  'while_statement',
  'return_statement',
  'lambda',
  'keyword_argument',
  'assert_statement',
]);

/**
 * The replacement of a test of `operand` against NaN: `.isna()` / `.notna()` on a DataFrame or
 * Series, `pd.isna()` when pandas is imported, `np.isnan()` when NumPy is, `math.isnan()` when math
 * is; null when none of them is imported.
 */
function replacement(model: ScriptModel, operand: Node, negated: boolean, kind: NanKind, at: Node): { text: string; title: string } | null {
  const role = rolesOf(model).of(operand);
  if (role === 'dataframe' || role === 'series') {
    const method = negated ? 'notna' : 'isna';
    return { text: `${wrap(operand)}.${method}()`, title: `Use .${method}()` };
  }
  const pd = moduleAlias(model, 'pandas');
  const np = moduleAlias(model, 'numpy');
  if (pd && (kind === 'na' || role !== 'ndarray' || !np)) {
    const fn = negated ? 'notna' : 'isna';
    return { text: `${pd}.${fn}(${operand.text})`, title: `Use ${pd}.${fn}()` };
  }
  if (kind === 'na') return null;
  if (np) return { text: `${negated ? '~' : ''}${np}.isnan(${operand.text})`, title: `Use ${negated ? '~' : ''}${np}.isnan()` };
  const math = moduleAlias(model, 'math');
  if (!math) return null;
  const call = `${math}.isnan(${operand.text})`;
  if (!negated) return { text: call, title: `Use ${math}.isnan()` };
  const parent = at.parent?.type ?? '';
  return { text: NOT_SAFE_PARENTS.has(parent) ? `not ${call}` : `(not ${call})`, title: `Use not ${math}.isnan()` };
}

const LIBRARIES = ['numpy', 'math', 'pandas'];
const NAN_SPELLING = /nan|\bNA\b/i;

/** A call the second loop of the check looks at: `np.equal`, `np.not_equal`, `.eq()`, `.ne()`. */
function isEqualityCall(call: CallSite): boolean {
  return call.qualified === 'numpy.equal' || call.qualified === 'numpy.not_equal' || call.method === 'eq' || call.method === 'ne';
}

export const nanEquality: Rule = {
  code: 'MLH411',
  name: 'nan-equality',
  family: 'correctness',
  defaultSeverity: 'warning',
  status: 'stable',
  attachesFix: 'sometimes',
  summary: 'A value is compared with NaN by `==`, `!=` or `is`, which does not test for a missing value: use isna() or isnan().',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH411'>) {
    const { model } = ctx;
    // Cheapest first: nothing to report without a comparison or an equality call (the two loops below).
    if (nodesOfType(model, 'comparison_operator').length === 0 && !model.calls.some(isEqualityCall)) return;
    const imported = model.imports.some((i) => LIBRARIES.includes(i.qualified.split('.')[0]!));
    if (!imported && !model.calls.some((c) => c.callee.text === 'float')) return;
    // Cheap: no line spells NaN (or NA), so no comparison can be with it.
    if (!NAN_SPELLING.test(model.source.text)) return; // the lines are this text split at newlines, which no spelling spans

    // x == np.nan, np.nan != x, x is np.nan
    for (const node of nodesOfType(model, 'comparison_operator')) {
      const operands = node.namedChildren.filter((c) => c.type !== 'comment');
      const operators = node.childrenForFieldName('operators').map((o) => o.text.replace(/\s+/g, ' '));
      if (operators.length !== operands.length - 1) continue;
      for (let i = 0; i < operators.length; i++) {
        const operator = operators[i]!;
        if (!['==', '!=', 'is', 'is not'].includes(operator)) continue;
        const [a, b] = [operands[i]!, operands[i + 1]!];
        const kindB = nanKind(model, b);
        const kindA = kindB ? null : nanKind(model, a);
        const kind = kindB ?? kindA;
        if (!kind) continue;
        if (kind === 'na' && operator.startsWith('is')) continue; // pd.NA is a singleton: `is` is its test
        const [other, constant] = kindB ? [a, b] : [b, a];
        if (nanKind(model, other)) continue; // np.nan == np.nan: a demonstration
        const negated = operator === '!=' || operator === 'is not';
        const message = operator.startsWith('is')
          ? `\`${node.text.length > 60 ? `${operator} ${constant.text}` : node.text}\` tests for the object ${constant.text} itself, not for NaN: a NaN computed, or read from a float column or an array, is another object (${negated ? 'so the test is true for it' : 'so the test is false for it'}). Use isna() or isnan().`
          : kind === 'na'
            ? `\`${operator} ${constant.text}\` gives pd.NA, never True or False: test missing values with isna().`
            : `\`${operator} ${constant.text}\` is ${negated ? 'always true' : 'always false'}: NaN equals nothing, not even NaN. Use isna() or isnan().`;
        const single = operators.length === 1;
        const replaced = single ? replacement(model, other, negated, kind, node) : null;
        const fix: Fix | null = replaced
          ? { title: replaced.title, applicability: 'unsafe', edits: [{ range: nodeRange(node), newText: replaced.text }] }
          : null;
        ctx.report({
          range: nodeRange(single ? node : constant),
          message,
          fix,
          data: { operator, constant: constant.text, callee: null },
        });
      }
    }

    // s.eq(np.nan), s.ne(np.nan), np.equal(x, np.nan), np.not_equal(x, np.nan)
    for (const call of model.calls) {
      let operand: Node | null | undefined;
      let other: Node | undefined;
      let negated: boolean;
      if (call.qualified === 'numpy.equal' || call.qualified === 'numpy.not_equal') {
        const [a, b] = call.positional;
        if (!a || !b) continue;
        [operand, other] = nanKind(model, b) ? [a, b] : [b, a];
        negated = call.qualified === 'numpy.not_equal';
      } else if (call.method === 'eq' || call.method === 'ne') {
        if (call.qualified && !call.qualified.startsWith('pandas.')) continue; // operator.eq, a module's function
        operand = call.callee.childForFieldName('object');
        other = call.positional[0] ?? call.keywords.get('other');
        negated = call.method === 'ne';
      } else continue;
      const kind = nanKind(model, other);
      if (!kind || !operand || !other) continue;
      const callee = call.qualified ?? call.callee.text;
      const role = rolesOf(model).of(operand);
      const frame = role === 'dataframe' || role === 'series';
      const replaced = call.method
        ? frame
          ? { text: `${wrap(operand)}.${negated ? 'notna' : 'isna'}()`, title: `Use .${negated ? 'notna' : 'isna'}()` }
          : null
        : replacement(model, operand, negated, kind, call.node);
      ctx.report({
        range: nodeRange(call.node),
        message: `\`${call.method ? `.${call.method}(${other.text})` : `${call.callee.text}(…, ${other.text})`}\` compares with ${kind === 'na' ? 'pd.NA' : 'NaN'}, which equals nothing: it is ${negated ? 'True' : 'False'} everywhere. Use isna() or isnan().`,
        fix: replaced
          ? { title: replaced.title, applicability: 'unsafe', edits: [{ range: nodeRange(call.node), newText: replaced.text }] }
          : null,
        data: { operator: negated ? '!=' : '==', constant: other.text, callee },
        call: nodeRange(call.node),
      });
    }
  },
};
