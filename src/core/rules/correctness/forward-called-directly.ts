import type { Node } from '../../parse/syntax';
import { nodeRange } from '../../parse/syntax';
import type { ScriptModel } from '../../semantic';
import { nodesOfType } from '../../semantic';
import { rolesOf } from '../../kb/roles';
import type { ContextOf, Rule } from '../rule';
import { importsTorch, within } from './torch-training';

/**
 * MLH422: `module.forward(x)` on a torch module instead of `module(x)`: the call skips the hooks
 * `nn.Module.__call__` runs (forward pre-hooks and hooks, which `weight_norm`, `spectral_norm`,
 * pruning, quantization observers and profilers rely on). `super().forward(...)` is how a subclass
 * extends its parent's forward, and `self.forward(...)` inside the module's own class is the
 * class's business (the author chose to call its own forward): neither is reported.
 */

/** The class body a node is in (through its methods), or null. */
function enclosingClass(node: Node): Node | null {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'class_definition') return p;
  return null;
}

/** `self.<name>` assigned in the class's methods: a torch module in every assignment whose role is known (and at least one). */
function attributeIsModule(model: ScriptModel, receiver: Node): boolean {
  const object = receiver.childForFieldName('object');
  const attr = receiver.childForFieldName('attribute')?.text;
  if (object?.type !== 'identifier' || object.text !== 'self' || !attr) return false;
  const cls = enclosingClass(receiver);
  if (!cls) return false;
  const roles = rolesOf(model);
  let modules = 0;
  for (const assignment of nodesOfType(model, 'assignment')) {
    if (!within(assignment, cls)) continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'attribute' || left.text.replace(/\s+/g, '') !== `self.${attr}`) continue;
    if (!right || roles.of(right) !== 'torch-module') return false;
    modules++;
  }
  return modules > 0;
}

function isModuleReceiver(model: ScriptModel, receiver: Node): boolean {
  if (receiver.type === 'call') return false; // super().forward(...), and calls whose result the file does not know
  if (receiver.type === 'identifier' && receiver.text === 'self') return false;
  if (rolesOf(model).of(receiver) === 'torch-module') return true;
  return receiver.type === 'attribute' && attributeIsModule(model, receiver);
}

export const forwardCalledDirectly: Rule = {
  code: 'MLH422',
  name: 'forward-called-directly',
  family: 'correctness',
  defaultSeverity: 'warning',
  status: 'preview',
  attachesFix: 'sometimes',
  summary: "A torch module's `forward()` is called directly instead of calling the module, which skips its hooks.",
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH422'>) {
    const { model } = ctx;
    if (!importsTorch(model)) return;
    for (const call of model.calls) {
      if (call.method !== 'forward' || call.callee.type !== 'attribute') continue;
      const receiver = call.callee.childForFieldName('object');
      if (!receiver || !isModuleReceiver(model, receiver)) continue;
      const module = receiver.text.replace(/\s+/g, '');
      // Delete `.forward`: from the end of the receiver to the end of the callee.
      const range = { start: nodeRange(receiver).end, end: nodeRange(call.callee).end };
      ctx.report({
        range: nodeRange(call.callee),
        message: `${module}.forward(...) calls the forward pass directly and skips the module's hooks (forward pre-hooks and hooks, which weight_norm, spectral_norm, pruning and profilers use). Call the module instead: ${module}(...).`,
        data: { module },
        fix: { title: `Call ${module}(...) instead of ${module}.forward(...)`, applicability: 'unsafe', edits: [{ range, newText: '' }] },
        call: nodeRange(call.node),
      });
    }
  },
};
