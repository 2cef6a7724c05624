import { memoKey, remember } from '../memo';
import type { Node } from '../parse/syntax';
import type { CallSite, ScriptModel } from '../semantic';
import { namesRead } from '../semantic/expressions';
import { nodesOfType } from '../semantic/nodes';

/**
 * Structural facts the data-flow rules (MLH401-MLH404, MLH431) ask for again and again while they
 * walk a script's statements: the calls that run with a statement or expression, the names an
 * expression reads, the nodes of a type in a statement. None of them depends on what a flow knows,
 * so each is worked out the first time any rule asks and kept per model, for every rule after it
 * (and for every later question of the same rule: the flows ask about the same expressions after
 * each change of what their names carry).
 *
 * The answers are shared arrays and sets: callers must not change them.
 */

/** Nodes whose code runs later, not with the statement they are in. */
const NESTED = new Set(['function_definition', 'lambda', 'class_definition', 'decorated_definition']);

interface Facts {
  /** The model the index is of (null: an index built elsewhere; its answers come from walks). */
  readonly model: ScriptModel | null;
  readonly calls: Map<number, CallSite>;
  /** Node id -> calls that run with it, inner calls before outer ones (evaluation order). */
  readonly inner: Map<number, readonly CallSite[]>;
  /** Node id -> calls that run with it, outer calls before inner ones (source order). */
  readonly outer: Map<number, readonly CallSite[]>;
  /** Node id -> identifiers read (see `namesRead`). */
  readonly read: Map<number, ReadonlySet<string>>;
  /** Node id -> names its value is computed from (see leakage.ts `valueNames`). */
  readonly value: Map<number, readonly string[]>;
  /** Type -> node id -> nodes of the type within the node, not inside nested scopes. */
  readonly within: Map<string, Map<number, readonly Node[]>>;
}

/** A model's call sites by node id, carrying the facts worked out about them (one per model: `callIndex`). */
class CallIndex extends Map<number, CallSite> {
  readonly facts: Facts;

  constructor(model: ScriptModel) {
    super();
    for (const call of model.calls) this.set(call.node.id, call);
    this.facts = newFacts(model, this);
  }
}

function newFacts(model: ScriptModel | null, calls: Map<number, CallSite>): Facts {
  return { model, calls, inner: new Map(), outer: new Map(), read: new Map(), value: new Map(), within: new Map() };
}

const CALL_INDEX = memoKey<CallIndex>('call index');

function factsOf(model: ScriptModel): Facts {
  return remember(model.memo, CALL_INDEX, () => new CallIndex(model)).facts;
}

/** The facts of `calls`: kept in the index when it is a model's (`callIndex`), for this question alone otherwise. */
function factsOfCalls(calls: Map<number, CallSite>): Facts {
  return calls instanceof CallIndex ? calls.facts : newFacts(null, calls);
}

/** The model's call sites by node id (one map per model, shared by every rule). */
export function callIndex(model: ScriptModel): Map<number, CallSite> {
  return factsOf(model).calls;
}

const NO_CALLS: readonly CallSite[] = [];
const NO_NODES: readonly Node[] = [];

/**
 * Calls inside `node` (itself included) that run with it, not inside nested functions, lambdas or
 * classes. `order` 'inner-first': a call after the calls in its arguments (the order they run);
 * 'outer-first': source order of the calls' starts.
 */
export function callsRunWith(calls: Map<number, CallSite>, node: Node, order: 'inner-first' | 'outer-first'): readonly CallSite[] {
  const facts = factsOfCalls(calls);
  const memo = order === 'inner-first' ? facts.inner : facts.outer;
  let out = memo.get(node.id);
  if (out) return out;
  let found: CallSite[] = [];
  if (NESTED.has(node.type)) {
    // The node's own code runs later.
  } else if (facts.model) {
    for (const n of runWith(facts.model, node, 'call')) {
      const call = calls.get(n.id);
      if (call) found.push(call);
    }
    if (order === 'inner-first' && found.length > 1) found = postOrder(found);
  } else if (order === 'inner-first') collectInnerFirst(calls, node, found);
  else collectOuterFirst(calls, node, found);
  out = found.length > 0 ? found : NO_CALLS;
  memo.set(node.id, out);
  return out;
}

function collectInnerFirst(calls: Map<number, CallSite>, n: Node, out: CallSite[]): void {
  if (NESTED.has(n.type)) return;
  const children = n.children;
  for (let i = 0; i < children.length; i++) collectInnerFirst(calls, children[i]!, out);
  if (n.type === 'call') {
    const call = calls.get(n.id);
    if (call) out.push(call);
  }
}

function collectOuterFirst(calls: Map<number, CallSite>, n: Node, out: CallSite[]): void {
  if (NESTED.has(n.type)) return;
  if (n.type === 'call') {
    const call = calls.get(n.id);
    if (call) out.push(call);
  }
  const children = n.children;
  for (let i = 0; i < children.length; i++) collectOuterFirst(calls, children[i]!, out);
}

/** `namesRead(node)`, worked out once per node (the set is shared: do not change it). */
export function namesReadOf(calls: Map<number, CallSite>, node: Node): ReadonlySet<string> {
  const facts = factsOfCalls(calls);
  let out = facts.read.get(node.id);
  if (!out) {
    out = namesRead(node);
    facts.read.set(node.id, out);
  }
  return out;
}

/** A node's answer to `compute`, worked out once per node (see leakage.ts `valueNames`). */
export function valueNamesOf(calls: Map<number, CallSite>, node: Node, compute: (node: Node) => Set<string>): readonly string[] {
  const facts = factsOfCalls(calls);
  let out = facts.value.get(node.id);
  if (!out) {
    out = [...compute(node)];
    facts.value.set(node.id, out);
  }
  return out;
}

/** Nodes of `type` inside `node` (itself included), not inside nested functions, lambdas or classes, in pre-order. */
export function nodesRunWith(model: ScriptModel, node: Node, type: string): readonly Node[] {
  // None of the type in the file (comparisons, in most): nothing to find or to remember per node.
  if (nodesOfType(model, type).length === 0) return NO_NODES;
  const facts = factsOf(model);
  let byNode = facts.within.get(type);
  if (!byNode) {
    byNode = new Map();
    facts.within.set(type, byNode);
  }
  let out = byNode.get(node.id);
  if (!out) {
    out = runWith(model, node, type);
    byNode.set(node.id, out);
  }
  return out;
}

/**
 * The calls of a pre-order list in post-order (`innerFirst`), by one pass with a stack of the calls
 * still open; checked against `innerFirst`, and sorted by it instead should a tree's ranges ever not
 * nest (so the answer is always the sort's).
 */
function postOrder(preOrder: CallSite[]): CallSite[] {
  const out: CallSite[] = [];
  const open: CallSite[] = [];
  for (const call of preOrder) {
    const { startIndex, endIndex } = call.node;
    for (let top = open[open.length - 1]; top; top = open[open.length - 1]) {
      if (startIndex >= top.node.startIndex && endIndex <= top.node.endIndex) break;
      out.push(open.pop()!);
    }
    open.push(call);
  }
  while (open.length > 0) out.push(open.pop()!);
  for (let i = 1; i < out.length; i++) if (innerFirst(out[i - 1]!, out[i]!) >= 0) return preOrder.sort(innerFirst);
  return out;
}

/** Post-order: a node after the nodes inside it. */
function innerFirst(a: CallSite, b: CallSite): number {
  const x = a.node;
  const y = b.node;
  return x.endIndex - y.endIndex || y.startIndex - x.startIndex || (isInside(x, y) ? -1 : isInside(y, x) ? 1 : 0);
}

function isInside(node: Node, ancestor: Node): boolean {
  for (let p = node.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

/**
 * Nodes of a type inside `node` (itself included) that run with it, in pre-order: from the model's
 * bucket of the type (document order), the ones that start inside the node and reach it without
 * crossing a nested function, lambda or class.
 */
function runWith(model: ScriptModel, node: Node, type: string): Node[] {
  const found: Node[] = [];
  const bucket = nodesOfType(model, type);
  if (bucket.length === 0) return found;
  const start = node.startIndex;
  const end = node.endIndex;
  let lo = 0;
  let hi = bucket.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bucket[mid]!.startIndex < start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < bucket.length; i++) {
    const candidate = bucket[i]!;
    if (candidate.startIndex > end) break;
    let p: Node | null = candidate;
    while (p && p !== node && !NESTED.has(p.type)) p = p.parent;
    if (p === node) found.push(candidate);
  }
  return found;
}
