import type { Node } from '../../parse/syntax';
import { nodeRange } from '../../parse/syntax';
import type { CallSite, ScriptModel } from '../../semantic';
import { nodesOfType } from '../../semantic';
import type { Fix } from '../../types';
import type { ContextOf, Rule } from '../rule';
import type { TrainingStep } from './torch-training';
import { bodyStart, calledName, callsWithin, eolOf, functionsByName, importsTorch, trainingSteps, within } from './torch-training';

/**
 * MLH421: a training loop that steps an optimizer after `.backward()` and never clears the
 * gradients, so each step uses the sum of every gradient computed so far.
 */

/** `x.grad.zero_()`, `p.grad.data.zero_()`, `p.grad.detach_()`... on a `.grad`. */
const GRAD_RECEIVER = /\.grad(\.data)?$/;

function clearsDirectly(call: CallSite): boolean {
  if (call.method === 'zero_grad') return true;
  if ((call.method === 'zero_' || call.method === 'fill_') && call.callee.type === 'attribute') {
    return GRAD_RECEIVER.test(call.callee.childForFieldName('object')?.text.replace(/\s+/g, '') ?? '');
  }
  return false;
}

/** `p.grad = None` (or any new value). */
function assignsGrad(node: Node): boolean {
  const left = node.childForFieldName('left');
  return left?.type === 'attribute' && left.childForFieldName('attribute')?.text === 'grad';
}

/** Whether `region` clears gradients: directly, or by calling (or passing) a same-file function that does. */
function clearsIn(model: ScriptModel, region: Node, clearing: () => Set<string>): boolean {
  const calls = callsWithin(model, region);
  if (calls.some(clearsDirectly)) return true;
  if (nodesOfType(model, 'assignment').some((a) => within(a, region) && assignsGrad(a))) return true;
  const names = clearing();
  if (names.size === 0) return false;
  return calls.some((c) => {
    const name = calledName(c);
    if (name && names.has(name)) return true;
    return c.positional.some((a) => a.type === 'identifier' && names.has(a.text));
  });
}

/** Names of the file's functions that clear gradients, directly or through another such function. */
function clearingFunctions(model: ScriptModel): Set<string> {
  const byName = functionsByName(model);
  const clearing = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const [name, defs] of byName) {
      if (clearing.has(name)) continue;
      const does = defs.some((fn) => {
        const calls = callsWithin(model, fn);
        if (calls.some(clearsDirectly)) return true;
        if (nodesOfType(model, 'assignment').some((a) => within(a, fn) && assignsGrad(a))) return true;
        return calls.some((c) => {
          const called = calledName(c);
          return called !== null && called !== name && clearing.has(called);
        });
      });
      if (does) {
        clearing.add(name);
        changed = true;
      }
    }
  }
  return clearing;
}

/** `opt.zero_grad()` as the loop body's first line, when the body has a line of its own and the optimizer exists before the loop. */
function zeroGradFix(model: ScriptModel, step: TrainingStep): Fix | null {
  const optimizer = step.optimizer;
  if (optimizer.text.includes('\n') || !/^[A-Za-z_][\w.]*$/.test(optimizer.text)) return null;
  const root = optimizer.text.split('.')[0]!;
  // An optimizer (re)built inside the loop does not exist yet at the loop's first line.
  const rebound = nodesOfType(model, 'assignment').some((a) => {
    const left = a.childForFieldName('left');
    return within(a, step.loop) && left !== null && (left.text === root || left.text === optimizer.text);
  });
  if (rebound) return null;
  const start = bodyStart(model, step.loop.childForFieldName('body'));
  if (!start) return null;
  const at = { line: start.line, character: 0 };
  return {
    title: `Call ${optimizer.text}.zero_grad() at the start of each iteration`,
    applicability: 'unsafe',
    edits: [{ range: { start: at, end: at }, newText: `${start.indent}${optimizer.text}.zero_grad()${eolOf(model)}` }],
  };
}

export const gradientsNotCleared: Rule = {
  code: 'MLH421',
  name: 'gradients-not-cleared',
  family: 'correctness',
  defaultSeverity: 'warning',
  status: 'stable',
  attachesFix: 'sometimes',
  summary:
    'A training loop calls `.backward()` and `optimizer.step()` but never clears the gradients, so they accumulate across iterations.',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH421'>) {
    const { model } = ctx;
    if (!importsTorch(model)) return;
    const steps = trainingSteps(model);
    if (steps.length === 0) return;
    let clearing: Set<string> | null = null;
    const lazyClearing = (): Set<string> => (clearing ??= clearingFunctions(model));
    const verdicts = new Map<number, boolean>();
    for (const step of steps) {
      let clears = verdicts.get(step.loop.id);
      if (clears === undefined) {
        clears = clearsIn(model, step.loop, lazyClearing);
        verdicts.set(step.loop.id, clears);
      }
      if (clears) continue;
      const opt = step.optimizer.text.replace(/\s+/g, '');
      const kind = step.loop.type === 'while_statement' ? 'while' : 'for';
      ctx.report({
        range: nodeRange(step.step.node),
        message: `${step.step.callee.text.replace(/\s+/g, '')}() steps with the gradients of \`.backward()\` in a \`${kind}\` loop (line ${step.loop.startPosition.row + 1}) that never clears them: PyTorch adds each new gradient to \`.grad\`, so every step uses the sum of all gradients so far. Call ${opt}.zero_grad() once per iteration, before the forward pass.`,
        related: [{ range: nodeRange(step.backward.node), message: 'the gradients are computed here' }],
        data: { optimizer: opt },
        fix: zeroGradFix(model, step),
        call: nodeRange(step.step.node),
      });
    }
  },
};
