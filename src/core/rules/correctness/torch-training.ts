import { memoKey, remember } from '../../memo';
import type { Node } from '../../parse/syntax';
import type { CallSite, ScriptModel } from '../../semantic';
import { nodesOfType } from '../../semantic';
import { rolesOf } from '../../kb/roles';

/**
 * What the PyTorch rules (MLH421-MLH423) share: training loops (a `for`/`while` that calls
 * `.backward()` and an optimizer's `.step()`), where code runs (scopes, loops), and what the
 * same-file functions do. Learnt from the syntax and the roles of kb/roles.ts, never from names,
 * except to leave out a `.step()` of an object whose role is unknown and whose name says scheduler.
 */

/** Whether the file imports torch (or a package of it): the PyTorch rules return at once otherwise. */
export function importsTorch(model: ScriptModel): boolean {
  return model.imports.some((i) => i.qualified === 'torch' || i.qualified.startsWith('torch.') || i.qualified.startsWith('torchvision'));
}

export function within(node: Node, region: Node): boolean {
  return node.startIndex >= region.startIndex && node.endIndex <= region.endIndex;
}

const SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);
const LOOPS = new Set(['for_statement', 'while_statement']);

/** The function (or lambda, or class body) the node runs in; the module's root node at top level. */
export function scopeOf(node: Node): Node {
  let last = node;
  for (let p = node.parent; p; p = p.parent) {
    if (SCOPES.has(p.type)) return p;
    last = p;
  }
  return last;
}

/** The loops around `node` in its own scope, innermost first. */
export function loopsAround(node: Node): Node[] {
  const loops: Node[] = [];
  for (let p = node.parent; p && !SCOPES.has(p.type); p = p.parent) if (LOOPS.has(p.type)) loops.push(p);
  return loops;
}

/** Whether `node` runs in `scope` itself, not in a def, lambda or class nested in it. */
export function inOwnScope(node: Node, scope: Node): boolean {
  return scopeOf(node).id === scope.id;
}

/** The calls whose node lies in `region`, in document order. */
export function callsWithin(model: ScriptModel, region: Node): CallSite[] {
  return model.calls.filter((c) => within(c.node, region));
}

/** The receiver expression of `x.m(...)`. */
export function receiverOf(call: CallSite): Node | null {
  return call.callee.type === 'attribute' ? call.callee.childForFieldName('object') : null;
}

/** The statement that starts the loop's body, when the body starts on a line of its own; with its indentation. */
export function bodyStart(model: ScriptModel, body: Node | null): { line: number; indent: string } | null {
  const first = body?.namedChildren.find((c) => c.type !== 'comment');
  if (!first) return null;
  const line = first.startPosition.row;
  const prefix = (model.lines[line] ?? '').slice(0, first.startPosition.column);
  return prefix.trim() === '' ? { line, indent: prefix } : null;
}

export function eolOf(model: ScriptModel): string {
  return model.source.text.includes('\r\n') ? '\r\n' : '\n';
}

// ---------------------------------------------------------------------------------------------
// Training loops

export interface TrainingStep {
  /** The `.step()` call. */
  step: CallSite;
  /** The optimizer as written (`optimizer`, `self.opt`): the receiver, or the argument of `scaler.step(opt)`. */
  optimizer: Node;
  /** The innermost loop around the step (in its scope) that also calls `.backward()`. */
  loop: Node;
  /** The first `.backward()` call in that loop. */
  backward: CallSite;
}

const SCHEDULER_NAME = /sched|warmup|lr_?policy/i;

function isScheduler(model: ScriptModel, receiver: Node): boolean {
  if (SCHEDULER_NAME.test(receiver.text)) return true;
  if (receiver.type !== 'identifier') return false;
  const found = model.bindings.lookup(receiver, receiver.text);
  return (found?.bindings ?? []).some((b) => {
    if (b.value?.type !== 'call') return false;
    const callee = b.value.childForFieldName('function')?.text ?? '';
    return /lr_scheduler|Scheduler|LR\b|LambdaLR|schedule/i.test(callee);
  });
}

function isGradScaler(model: ScriptModel, receiver: Node): boolean {
  if (receiver.type !== 'identifier') return false;
  const found = model.bindings.lookup(receiver, receiver.text);
  return (found?.bindings ?? []).some((b) => /GradScaler\s*\(/.test(b.value?.text ?? ''));
}

/** The optimizer a `.step()` call steps, or null when it is not an optimizer's step (a scheduler, `env.step(action)`, a module). */
function optimizerOfStep(model: ScriptModel, call: CallSite): Node | null {
  const receiver = receiverOf(call);
  if (!receiver) return null;
  const roles = rolesOf(model);
  const role = roles.of(receiver);
  if (role === 'torch-optimizer') return receiver;
  const first = call.positional[0];
  // AMP: scaler.step(optimizer)
  if (first && (roles.of(first) === 'torch-optimizer' || isGradScaler(model, receiver))) return first;
  if (role !== null || isScheduler(model, receiver)) return null;
  // An unknown receiver: an optimizer's step takes nothing or a closure.
  if (call.hasSplat || call.keywords.size > (call.keywords.has('closure') ? 1 : 0)) return null;
  if (call.positional.length === 0) return receiver;
  return call.positional.length === 1 && (first!.type === 'lambda' || first!.text === 'closure') ? receiver : null;
}

const STEPS = memoKey<TrainingStep[]>('training steps');

/** Every optimizer step inside a loop that also calls `.backward()` (the loop found from the step outwards). */
export function trainingSteps(model: ScriptModel): TrainingStep[] {
  return remember(model.memo, STEPS, () => findTrainingSteps(model));
}

function findTrainingSteps(model: ScriptModel): TrainingStep[] {
  const steps: TrainingStep[] = [];
  // Not distributed autograd's backward: its gradients live in a context of their own, never in `.grad`.
  const backwards = model.calls.filter(
    (c) => (c.method === 'backward' && !c.qualified?.startsWith('torch.distributed.')) || c.qualified === 'torch.autograd.backward',
  );
  if (backwards.length > 0) {
    for (const call of model.calls) {
      if (call.method !== 'step') continue;
      const loops = loopsAround(call.node);
      if (loops.length === 0) continue;
      const optimizer = optimizerOfStep(model, call);
      if (!optimizer) continue;
      for (const loop of loops) {
        const backward = backwards.find((b) => within(b.node, loop));
        if (backward) {
          steps.push({ step: call, optimizer, loop, backward });
          break;
        }
      }
    }
  }
  return steps;
}

// ---------------------------------------------------------------------------------------------
// Same-file functions

/** Top-level (or nested) function definitions of the file by name; a name defined twice maps to all. */
export function functionsByName(model: ScriptModel): Map<string, Node[]> {
  const map = new Map<string, Node[]>();
  for (const fn of nodesOfType(model, 'function_definition')) {
    const name = fn.childForFieldName('name')?.text;
    if (!name) continue;
    const list = map.get(name);
    if (list) list.push(fn);
    else map.set(name, [fn]);
  }
  return map;
}

/** The name a call calls by: `f(...)` -> f, `x.f(...)` -> f. */
export function calledName(call: CallSite): string | null {
  if (call.callee.type === 'identifier') return call.callee.text;
  return call.method;
}

/** The parameter names of a function, in order (positional ones; `self` included). */
export function parameterNames(fn: Node): string[] {
  const params = fn.childForFieldName('parameters');
  const names: string[] = [];
  for (const param of params?.namedChildren ?? []) {
    if (param.type === 'identifier') names.push(param.text);
    else if (param.type === 'typed_parameter') names.push(param.namedChildren.find((c) => c.type === 'identifier')?.text ?? '');
    else if (param.type === 'default_parameter' || param.type === 'typed_default_parameter')
      names.push(param.childForFieldName('name')?.text ?? '');
    else break;
  }
  return names;
}

/** Whether `fn` is a method (directly in a class body). */
export function isMethod(fn: Node): boolean {
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  return holder.parent?.parent?.type === 'class_definition';
}

/** The argument a call passes for parameter `index`/`name` of the function it calls. */
export function argumentFor(call: CallSite, fn: Node, name: string): Node | null {
  if (call.hasSplat) return null;
  const keyword = call.keywords.get(name);
  if (keyword) return keyword;
  let index = parameterNames(fn).indexOf(name);
  if (index < 0) return null;
  if (isMethod(fn) && call.callee.type === 'attribute') index -= 1; // self
  return index >= 0 ? (call.positional[index] ?? null) : null;
}

/** The same-file calls of a (non-method) function defined at `fn`, by its name in the scope that defines it. */
export function callSitesOf(model: ScriptModel, fn: Node): CallSite[] {
  const name = fn.childForFieldName('name')?.text;
  if (!name || isMethod(fn)) return [];
  const definer = scopeOf(fn.parent?.type === 'decorated_definition' ? fn.parent : fn);
  return model.calls.filter((c) => {
    if (c.callee.type !== 'identifier' || c.callee.text !== name) return false;
    const found = model.bindings.lookup(c.node, name);
    return found !== null && found.scope.id === definer.id;
  });
}
