import type { Node } from '../../parse/syntax';
import { nodeRange } from '../../parse/syntax';
import type { CallSite, ScriptModel } from '../../semantic';
import { nodesOfType } from '../../semantic';
import type { ContextOf, Rule } from '../rule';

/**
 * MLH602: inside a `@tf.function`, a tensor grown in a Python loop: `acc = tf.concat([acc, x], 0)`
 * assigned back to the same name, or a Python list appended to in a `for ... in tf.range(...)` loop
 * and then given to `tf.stack` / `tf.concat`. AutoGraph turns a loop over a tensor into a `tf.while_loop`, where the
 * growing shape fails (or needs shape invariants) and each step copies the whole tensor; a loop over
 * a Python range is unrolled into the graph, one op per step. `tf.TensorArray` is the tool for it.
 */

const GROWERS = new Set(['tensorflow.concat', 'tensorflow.stack']);

/** `tf.function` (also `from tensorflow import function`, `tf.compat.v2.function`) through the imports. */
function qualifiedOf(model: ScriptModel, node: Node): string | null {
  if (node.type === 'identifier') return model.importMap.get(node.text) ?? null;
  if (node.type !== 'attribute') return null;
  const object = node.childForFieldName('object');
  const attribute = node.childForFieldName('attribute');
  const base = object ? qualifiedOf(model, object) : null;
  return base && attribute ? `${base}.${attribute.text}` : null;
}

function isTfFunction(model: ScriptModel, node: Node): boolean {
  const target = node.type === 'call' ? node.childForFieldName('function') : node;
  const qualified = target ? qualifiedOf(model, target) : null;
  return qualified === 'tensorflow.function' || qualified === 'tensorflow.compat.v2.function';
}

/** Function definitions compiled by `tf.function`: decorated, or wrapped by name (`step = tf.function(step)`). */
function tfFunctions(model: ScriptModel): Set<number> {
  const out = new Set<number>();
  for (const decorated of nodesOfType(model, 'decorated_definition')) {
    const definition = decorated.childForFieldName('definition');
    if (definition?.type !== 'function_definition') continue;
    const compiled = decorated.namedChildren.some(
      (d) => d.type === 'decorator' && d.namedChildren[0] && isTfFunction(model, d.namedChildren[0]),
    );
    if (compiled) out.add(definition.id);
  }
  const wrapped = new Set<string>();
  for (const call of model.calls) {
    const first = call.positional[0];
    if (first?.type === 'identifier' && (call.qualified === 'tensorflow.function' || call.qualified === 'tensorflow.compat.v2.function'))
      wrapped.add(first.text);
  }
  if (wrapped.size > 0) {
    for (const definition of nodesOfType(model, 'function_definition')) {
      if (wrapped.has(definition.childForFieldName('name')?.text ?? '')) out.add(definition.id);
    }
  }
  return out;
}

const LOOPS = new Set(['for_statement', 'while_statement']);

/** The innermost function around `node`, and whether a loop of that function holds `node`. */
function placeOf(node: Node): { fn: Node | null; inLoop: boolean } {
  let inLoop = false;
  for (let p = node.parent; p; p = p.parent) {
    if (LOOPS.has(p.type)) inLoop = true;
    if (p.type === 'function_definition') return { fn: p, inLoop };
    if (p.type === 'lambda') return { fn: null, inLoop };
  }
  return { fn: null, inLoop };
}

/** The values argument of `tf.concat(values, axis)` / `tf.stack(values)`. */
function valuesOf(call: CallSite): Node | undefined {
  return call.positional[0] ?? call.keywords.get('values');
}

/** The innermost `for` loop around `node` iterates over `tf.range(...)`: AutoGraph makes it a `tf.while_loop`. */
function inTensorLoop(model: ScriptModel, node: Node): boolean {
  for (let p = node.parent; p && p.type !== 'function_definition'; p = p.parent) {
    if (p.type === 'while_statement') return false;
    if (p.type !== 'for_statement') continue;
    const iterable = p.childForFieldName('right');
    const callee = iterable?.type === 'call' ? iterable.childForFieldName('function') : null;
    return callee !== null && callee !== undefined && qualifiedOf(model, callee) === 'tensorflow.range';
  }
  return false;
}

/**
 * `name` is bound to `[]` in `fn` and appended to inside a `for ... in tf.range(...)` loop of `fn`. A
 * list grown over a Python iterable (the towers of a multi-GPU step, the layers of a model) is
 * unrolled at tracing on purpose and is not reported.
 */
function grownList(model: ScriptModel, fn: Node, name: string): boolean {
  const inFn = (n: Node): boolean => placeOf(n).fn?.id === fn.id;
  const startsEmpty = nodesOfType(model, 'assignment').some((a) => {
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    return left?.type === 'identifier' && left.text === name && right?.type === 'list' && right.namedChildren.length === 0 && inFn(a);
  });
  if (!startsEmpty) return false;
  return model.calls.some(
    (c) => c.receiver === name && c.method === 'append' && placeOf(c.node).fn?.id === fn.id && inTensorLoop(model, c.node),
  );
}

export const tensorArrayNotUsed: Rule = {
  code: 'MLH602',
  name: 'tensor-array-not-used',
  family: 'performance',
  defaultSeverity: 'warning',
  status: 'preview',
  summary: 'Inside a @tf.function, a tensor is grown in a loop with tf.concat (or a Python list is stacked) instead of a tf.TensorArray.',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH602'>) {
    const { model } = ctx;
    const candidates = model.calls.filter((c) => c.qualified !== null && GROWERS.has(c.qualified));
    if (candidates.length === 0) return;
    const compiled = tfFunctions(model);
    if (compiled.size === 0) return;
    for (const call of candidates) {
      const { fn, inLoop } = placeOf(call.node);
      if (!fn || !compiled.has(fn.id)) continue;
      const values = valuesOf(call);
      const op = call.qualified === 'tensorflow.concat' ? 'concat' : 'stack';
      const written = call.callee.text.replace(/\s+/g, '');
      const parent = call.node.parent;
      const target =
        parent?.type === 'assignment' && parent.childForFieldName('right')?.id === call.node.id ? parent.childForFieldName('left') : null;
      if (
        inLoop &&
        target?.type === 'identifier' &&
        (values?.type === 'list' || values?.type === 'tuple') &&
        values.namedChildren.some((v) => v.type === 'identifier' && v.text === target.text)
      ) {
        ctx.report({
          range: nodeRange(call.node),
          message: `${target.text} grows by ${written} in a loop inside a tf.function: every step copies the whole tensor, and in a loop over a tensor AutoGraph needs its shape to stay fixed across the tf.while_loop. Write each step to a tf.TensorArray (ta = ta.write(i, x)) and call ta.stack() after the loop.`,
          data: { name: target.text, op },
          call: nodeRange(call.node),
        });
        continue;
      }
      if (values?.type === 'identifier' && grownList(model, fn, values.text)) {
        ctx.report({
          range: nodeRange(call.node),
          message: `${written}(${values.text}) stacks a Python list appended to in a loop over tf.range inside a tf.function: AutoGraph turns the loop into a tf.while_loop, which cannot carry a growing Python list. Write each step to a tf.TensorArray (ta = ta.write(i, x)) and call ta.stack() after the loop.`,
          data: { name: values.text, op },
          call: nodeRange(call.node),
        });
      }
    }
  },
};
