import { memoKey, remember } from '../../memo';
import type { Node } from '../../parse/syntax';
import { kids, nodeRange } from '../../parse/syntax';
import { cellAtLine } from '../../parse/source';
import type { CallSite, ScriptModel } from '../../semantic';
import { nodesOfType } from '../../semantic/nodes';
import { CV_FUNCTIONS, lookupApi } from '../../kb/apis';
import type { Range } from '../../types';
import { lastSegment, rootName } from '../../semantic/expressions';
import { callIndex, callsRunWith, valueNamesOf } from '../flow-facts';

/**
 * Shared machinery of the leakage rules MLH402-MLH404: a forward taint flow over the statements of
 * one block at a time (each function body, then the module), in program order. Each rule says which
 * calls give their value tags of their own (`produces`: a resampler's output, the test part of a
 * split) and looks at every call with the tags its expressions carry (`onCall`). Tags flow through
 * assignments (tuple targets by position when the value is a call), in-place changes
 * (`df["c"] = …`, `xs.append(v)`) and for-loop targets. Function parameters can be given tags of
 * their own (`paramTags`) so a rule can summarise what a function does with its arguments.
 */

export interface FlowSpec<T extends object> {
  /**
   * Tags the value of `call` carries of its own; `position` is the index of the target when the
   * call's value is unpacked into a tuple (`a, b = f()`) or subscripted with a literal (`f()[1]`),
   * else null.
   */
  produces?(call: CallSite, position: number | null, view: FlowView<T>): readonly T[];
  /** Every call in program order (arguments before the binding). */
  onCall?(call: CallSite, view: FlowView<T>): void;
  /** Every simple statement or compound header, after its calls, before its binding. */
  onStep?(node: Node, view: FlowView<T>): void;
  /** Whether a tag of a call's arguments reaches its unpacked outputs (default: yes). */
  passes?(call: CallSite, tag: T): boolean;
  /** Tags for a function's parameters (the function is walked before the module). */
  paramTags?(definition: Node, parameters: Node[]): Map<string, T[]>;
  /**
   * Whether a call can give a value a tag of its own (a split, say). When the rule says so, a block
   * (a function body without parameter tags, or the module) is walked from its first step that makes
   * such a call, and not at all without one: the rule promises that its hooks do nothing while no
   * tag exists, and that it does not ask `typeOf` (the instances bound before are not followed).
   */
  carries?(call: CallSite): boolean;
  /** A function body was walked; `returned` is what its `return` statements carry. */
  onFunctionDone?(definition: Node, returned: Set<T>): void;
}

/** What the flow knows at a point of the program. */
export interface FlowView<T extends object> {
  /** The tags an expression carries (shared: never change it). */
  tags(node: Node): ReadonlySet<T>;
  /**
   * The class the receiver of `x.m()` was built from, flow-sensitively (`ran = RandomUnderSampler()`
   * then `ran = RandomOverSampler()`: each call sees the binding before it); `C().m()`: C.
   */
  typeOf(call: CallSite): string | null;
}

interface Flow<T extends object> {
  spec: FlowSpec<T>;
  /** What expressions carry, by node id, until the next change of `taint`. */
  cache: Map<number, ReadonlySet<T>>;
  /** Names bound in this block to a call of a qualified callee: name -> qualified callee (null: bound to something else). */
  instances: Map<string, string | null>;
  view: FlowView<T>;
  calls: Map<number, CallSite>;
  taint: Map<string, Set<T>>;
  returned: Set<T>;
}

const NESTED = new Set(['function_definition', 'lambda', 'class_definition', 'decorated_definition']);

/** Calls inside a node that run with it (not inside nested functions, lambdas or classes), inner calls first (they run before the outer one). */
export function callsWithin(calls: Map<number, CallSite>, node: Node): readonly CallSite[] {
  return callsRunWith(calls, node, 'inner-first');
}

/** Nodes of a type inside a node, not inside nested functions, lambdas or classes. */
export function nodesWithin(node: Node, type: string): Node[] {
  const out: Node[] = [];
  const visit = (n: Node): void => {
    if (NESTED.has(n.type) && n !== node) return;
    if (n.type === type) out.push(n);
    for (const child of kids(n)) visit(child);
  };
  visit(node);
  return out;
}

/** `in cell 3, line 2` / `at line 12`. */
export function where(model: ScriptModel, node: Node): string {
  const line = node.startPosition.row;
  const cell = model.kind === 'notebook' ? cellAtLine(model.source, line) : undefined;
  if (cell) return `in cell ${cell.cellIndex + 1}, line ${line - cell.startLine + 1}`;
  return `at line ${line + 1}`;
}

/** The method name through the closing parenthesis (`fit_resample(X, y)`), or the whole call. */
export function callRange(call: CallSite): Range {
  const method = call.callee.type === 'attribute' ? call.callee.childForFieldName('attribute') : null;
  return method ? { start: nodeRange(method).start, end: nodeRange(call.node).end } : nodeRange(call.node);
}

/** How a call reads in a message: `train_test_split`, `xgb.train`, `SMOTE.fit_resample`, `model.fit`. */
export function callLabel(call: CallSite): string {
  if (call.qualified) return call.callee.text.length <= 30 ? call.callee.text : lastSegment(call.qualified);
  const owner = call.receiverType ? lastSegment(call.receiverType) : (call.receiver ?? null);
  return owner ? `${owner}.${call.method ?? ''}` : (call.method ?? call.callee.text);
}

// ---------------------------------------------------------------------------------------------
// Splits: where data is divided into a training part and a held-out part.

export type SplitKind = 'train/test split' | 'cross-validation';

export interface Split {
  call: CallSite;
  kind: SplitKind;
  /** Data argument expressions. */
  data: Node[];
}

/** Whether the call splits its data, and which arguments are the data. */
export function splitOf(call: CallSite): Split | null {
  const qualified = call.qualified;
  if (qualified === 'sklearn.model_selection.train_test_split') return { call, kind: 'train/test split', data: call.positional };
  if (qualified === 'torch.utils.data.random_split') return { call, kind: 'train/test split', data: call.positional.slice(0, 1) };
  if (qualified && CV_FUNCTIONS.has(qualified)) return { call, kind: 'cross-validation', data: xy(call, 1) };
  if (call.method !== 'fit' && call.method !== 'split') return null;
  const receiverType = call.receiverType;
  const info = receiverType ? lookupApi(receiverType) : undefined;
  if (call.method === 'fit' && info?.kind === 'search') return { call, kind: 'cross-validation', data: xy(call, 0) };
  if (call.method === 'split' && info?.kind === 'splitter' && receiverType?.startsWith('sklearn.model_selection.')) {
    return { call, kind: 'cross-validation', data: xy(call, 0) };
  }
  return null;
}

/** The data arguments of a cross-validation: the positional ones from `skip` on, then `X=` and `y=`. */
function xy(call: CallSite, skip: number): Node[] {
  return [...call.positional.slice(skip), ...['X', 'y'].flatMap((k) => (call.keywords.has(k) ? [call.keywords.get(k)!] : []))];
}

/** Which outputs of a train/test split are held out, by position: odd ones of `train_test_split`, all but the first of `random_split`. */
export function isHeldOutPosition(call: CallSite, position: number): boolean {
  const qualified = call.qualified;
  if (qualified === 'sklearn.model_selection.train_test_split') return position % 2 === 1;
  if (qualified === 'torch.utils.data.random_split') return position > 0;
  return false;
}

// ---------------------------------------------------------------------------------------------
// The flow.

function add<T>(into: Set<T>, from: Iterable<T> | undefined): void {
  if (from) for (const t of from) into.add(t);
}

/**
 * Methods whose value is computed from their arguments by a fitted object, not from the data the
 * object was fitted on: `pca.transform(train)` carries what `train` carries, not what `pca` was fitted on.
 */
const APPLY_METHODS = new Set([
  'transform',
  'inverse_transform',
  'predict',
  'predict_proba',
  'predict_log_proba',
  'decision_function',
  'score',
  'evaluate',
  'kneighbors',
  'score_samples',
  'texts_to_sequences',
]);

/** `est.fit(X)` and its friends return the estimator: they carry neither X nor the estimator's history. */
const SELF_RETURNING = new Set(['fit', 'partial_fit', 'fit_on_texts', 'set_params']);

/** Calls whose value is a number about the data, not the data: scores, metrics, sizes. */
const SCALAR_METHODS = new Set(['score', 'evaluate', 'count', 'nunique', 'sum', 'mean', 'std']);
const SCALAR_FUNCTIONS = new Set(['len', 'int', 'float', 'round', 'str']);

/** Names an expression's value is computed from (see APPLY_METHODS, SELF_RETURNING, SCALAR_METHODS). */
export function valueNames(node: Node, calls: Map<number, CallSite>, into: Set<string> = new Set()): Set<string> {
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    const qualified = calls.get(node.id)?.qualified;
    if (qualified?.startsWith('sklearn.metrics.') || (fn?.type === 'identifier' && SCALAR_FUNCTIONS.has(fn.text))) return into;
    if (method && (SELF_RETURNING.has(method) || SCALAR_METHODS.has(method))) return into;
    if (method && APPLY_METHODS.has(method)) {
      const args = node.childForFieldName('arguments');
      if (args) valueNames(args, calls, into);
      return into;
    }
  }
  switch (node.type) {
    case 'identifier':
      into.add(node.text);
      return into;
    case 'attribute': {
      const object = node.childForFieldName('object');
      if (object) valueNames(object, calls, into);
      return into;
    }
    case 'keyword_argument': {
      const value = node.childForFieldName('value');
      if (value) valueNames(value, calls, into);
      return into;
    }
    case 'lambda':
    case 'function_definition':
    case 'class_definition':
      return into;
    default:
      for (const child of kids(node)) valueNames(child, calls, into);
      return into;
  }
}

function tagsOf<T extends object>(flow: Flow<T>, node: Node): ReadonlySet<T> {
  const cached = flow.cache.get(node.id);
  if (cached) return cached;
  const out = computeTags(flow, node);
  flow.cache.set(node.id, out);
  return out;
}

/** What most expressions carry: nothing (shared, never changed). */
const NO_TAGS: ReadonlySet<never> = new Set<never>();

function computeTags<T extends object>(flow: Flow<T>, node: Node): ReadonlySet<T> {
  let out: Set<T> | null = null;
  // Names carry nothing while nothing is tainted (most of a block, in most flows).
  if (flow.taint.size > 0)
    for (const name of valueNamesOf(flow.calls, node, (n) => valueNames(n, flow.calls))) {
      const carried = flow.taint.get(name);
      if (carried && carried.size > 0) add((out ??= new Set<T>()), carried);
    }
  if (flow.spec.produces) {
    for (const call of callsWithin(flow.calls, node)) {
      const parent = call.node.parent;
      // `f()[1]`: the position is the literal index.
      const index =
        parent?.type === 'subscript' && parent.childForFieldName('value') === call.node ? parent.childForFieldName('subscript') : null;
      const position = index?.type === 'integer' ? Number(index.text) : null;
      const own = flow.spec.produces(call, position, flow.view);
      if (own.length > 0) add((out ??= new Set<T>()), own);
    }
  }
  return out ?? NO_TAGS;
}

/** Binds a target to tags: names rebound, roots of subscripts/attributes changed in place. */
function bind<T extends object>(flow: Flow<T>, target: Node, tags: ReadonlySet<T>): void {
  switch (target.type) {
    case 'identifier':
      if (flow.cache.size > 0) flow.cache.clear(); // V8 allocates a new table even to clear an empty map
      if (tags.size === 0) flow.taint.delete(target.text);
      else flow.taint.set(target.text, new Set(tags));
      return;
    case 'subscript':
    case 'attribute': {
      const root = rootName(target);
      if (root && tags.size > 0) {
        if (flow.cache.size > 0) flow.cache.clear();
        const t = flow.taint.get(root) ?? new Set<T>();
        add(t, tags);
        flow.taint.set(root, t);
      }
      return;
    }
    case 'list_splat_pattern':
    case 'parenthesized_expression': {
      const inner = target.namedChild(0);
      if (inner) bind(flow, inner, tags);
      return;
    }
    default:
      for (const child of kids(target)) if (child.isNamed) bind(flow, child, tags);
  }
}

function unpacked(target: Node): Node[] | null {
  if (
    target.type === 'pattern_list' ||
    target.type === 'tuple_pattern' ||
    target.type === 'list_pattern' ||
    target.type === 'tuple' ||
    target.type === 'list'
  ) {
    return target.namedChildren.filter((c) => c.type !== 'comment' && c.type !== 'line_continuation');
  }
  if (target.type === 'parenthesized_expression') {
    const inner = target.namedChild(0);
    return inner ? unpacked(inner) : null;
  }
  return null;
}

const MUTATORS = new Set(['append', 'extend', 'insert', 'add', 'update', 'appendleft']);

/**
 * One step of a block's flow, worked out once per model from the tree (what a step reads and binds
 * does not depend on what the flow knows) and replayed by every rule's flow: a simple statement, a
 * compound statement's header, or a `return`.
 */
interface Step {
  node: Node;
  targets: Node[];
  value: Node | null;
  /** A for-loop's target and iterable. */
  loop: boolean;
  /** A `return` statement (its value adds to what the function returns). */
  returns: boolean;
  /** Worked out on the first replay that reaches the step (a flow may start further down). */
  details?: StepDetails;
}

interface StepDetails {
  /** The calls that run with the step, inner ones first. */
  calls: readonly CallSite[];
  /** For each call, `xs.append(v)` and friends: the root name changed and the arguments; else null. */
  mutations: ReadonlyArray<{ root: string | null; args: Node[] } | null>;
  /** The call that is the whole value, and what it builds (its qualified callee). */
  valueCall: CallSite | undefined;
  built: string | null;
  /** `a, b = f(x), g(y)`: the values one by one, and whether one is starred. */
  values: Node[] | null;
  starred: boolean;
  /** Each target's parts when it unpacks (`a, b`), else null. */
  parts: Array<Node[] | null>;
}

/** The steps of one block (a function body or the module), in program order. */
interface Plan {
  steps: Step[];
}

function planStep(node: Node, targets: Node[], value: Node | null, loop = false, returns = false): Step {
  return { node, targets, value, loop, returns };
}

function detailsOf(calls: Map<number, CallSite>, plan: Step): StepDetails {
  if (plan.details) return plan.details;
  const { value, targets } = plan;
  const within = callsWithin(calls, plan.node);
  const mutations = within.map((call) =>
    call.method && MUTATORS.has(call.method) && call.callee.type === 'attribute'
      ? { root: rootName(call.callee.childForFieldName('object')!), args: [...call.positional, ...call.keywords.values()] }
      : null,
  );
  const valueCall = value?.type === 'call' ? calls.get(value.id) : undefined;
  const values =
    value && (value.type === 'expression_list' || value.type === 'tuple') ? value.namedChildren.filter((c) => c.type !== 'comment') : null;
  plan.details = {
    calls: within,
    mutations,
    valueCall,
    built: valueCall?.qualified ?? null,
    values,
    starred: values?.some((v) => v.type === 'list_splat') ?? false,
    parts: targets.map(unpacked),
  };
  return plan.details;
}

/** Replays one step: its calls, then (unless `binds` is false: a `return`) what it binds. */
function step<T extends object>(flow: Flow<T>, plan: Step, binds = true): void {
  const tags = (n: Node): ReadonlySet<T> => tagsOf(flow, n);
  const details = detailsOf(flow.calls, plan);
  const { calls, mutations } = details;
  for (let i = 0; i < calls.length; i++) {
    flow.spec.onCall?.(calls[i]!, flow.view);
    // `scores.append(acc)`: the list now carries what acc carries.
    const mutation = mutations[i];
    if (mutation) {
      const carried = new Set<T>();
      for (const arg of mutation.args) add(carried, tags(arg));
      const root = mutation.root;
      if (root && carried.size > 0) {
        if (flow.cache.size > 0) flow.cache.clear();
        const t = flow.taint.get(root) ?? new Set<T>();
        add(t, carried);
        flow.taint.set(root, t);
      }
    }
  }
  flow.spec.onStep?.(plan.node, flow.view);
  const value = plan.value;
  if (!value || !binds) return;
  const { targets } = plan;
  const { values, parts, valueCall: call } = details;
  // `x = C(...)`: x holds an instance of C from here on.
  for (const target of targets) if (target.type === 'identifier') flow.instances.set(target.text, details.built);
  // Tuple unpacking of a call: each target gets what the call's arguments carry plus its own position's tags.
  const whole = tags(value);
  targets.forEach((target, k) => {
    const pieces = parts[k] ?? null;
    if (values && pieces && pieces.length === values.length && !details.starred) {
      // `a, b = f(x), g(y)`: each target gets its own value.
      pieces.forEach((piece, i) => bind(flow, piece, tags(values[i]!)));
      return;
    }
    if (plan.loop && pieces) return; // `for a, b in pairs:` which element is which is not known
    if (call && pieces && flow.spec.produces) {
      const own = new Set(flow.spec.produces(call, null, flow.view));
      const base = new Set([...whole].filter((t) => !own.has(t) && (flow.spec.passes?.(call, t) ?? true)));
      pieces.forEach((part, i) => {
        const t = new Set(base);
        add(t, flow.spec.produces!(call, i, flow.view));
        bind(flow, part, t);
      });
    } else {
      bind(flow, target, whole);
    }
  });
}

/** What an assignment binds (`a = b = expr`: a and b) and its value; augmented assignments read the target too. */
function assignment(statement: Node): { targets: Node[]; value: Node } | null {
  let node = statement.type === 'expression_statement' ? statement.namedChild(0) : null;
  if (node?.type !== 'assignment' && node?.type !== 'augmented_assignment') return null;
  const targets: Node[] = [];
  let augmented: Node | null = null;
  for (;;) {
    const left = node.childForFieldName('left');
    if (left) targets.push(left);
    if (node.type === 'augmented_assignment') augmented = node;
    const right: Node | null = node.childForFieldName('right');
    if (!right) return null;
    if (right.type !== 'assignment' && right.type !== 'augmented_assignment') return { targets, value: augmented ?? right };
    node = right;
  }
}

function block(out: Step[], statements: readonly Node[]): void {
  for (const statement of statements) {
    switch (statement.type) {
      case 'comment':
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
        break;
      case 'for_statement': {
        const right = statement.childForFieldName('right');
        const left = statement.childForFieldName('left');
        if (right) out.push(planStep(right, left ? [left] : [], right, true));
        bodies(out, statement);
        break;
      }
      case 'if_statement':
      case 'while_statement': {
        const condition = statement.childForFieldName('condition');
        if (condition) out.push(planStep(condition, [], null));
        bodies(out, statement);
        break;
      }
      case 'with_statement':
      case 'try_statement':
      case 'match_statement':
        bodies(out, statement);
        break;
      case 'return_statement':
        out.push(planStep(statement, [], statement.namedChild(0), false, true));
        break;
      default: {
        const a = assignment(statement);
        out.push(planStep(statement, a?.targets ?? [], a?.value ?? null));
      }
    }
  }
}

const CLAUSES = new Set(['elif_clause', 'else_clause', 'except_clause', 'finally_clause', 'case_clause', 'except_group_clause']);

function bodies(out: Step[], statement: Node): void {
  for (const child of kids(statement)) {
    if (child.type === 'block') block(out, kids(child));
    else if (CLAUSES.has(child.type)) {
      const condition = child.childForFieldName('condition');
      if (condition && child.type === 'elif_clause') out.push(planStep(condition, [], null));
      bodies(out, child);
    } else if (child.type === 'with_clause') {
      for (const item of child.namedChildren) {
        const value = item.childForFieldName('value');
        const inner = value?.type === 'as_pattern' ? value : null;
        const alias = inner?.childForFieldName('alias');
        const source = inner?.namedChild(0) ?? value;
        if (source) out.push(planStep(source, alias ? [alias] : [], source));
      }
    }
  }
}

/**
 * Replays a block's steps (from the first that makes a call that `carries`, when given): a `return`
 * is a step whose value is not bound but returned.
 */
function replay<T extends object>(flow: Flow<T>, plan: Plan, carries?: (call: CallSite) => boolean): void {
  const { steps } = plan;
  // Which calls a step makes, not their order: source order needs no sort.
  const first = carries ? steps.findIndex((s) => callsRunWith(flow.calls, s.node, 'outer-first').some(carries)) : 0;
  if (first < 0) return;
  for (let i = first; i < steps.length; i++) {
    const s = steps[i]!;
    step(flow, s, !s.returns);
    if (s.returns && s.value) add(flow.returned, tagsOf(flow, s.value));
  }
}

/** The plans of a model's blocks: the module (key 0) and each function body (by definition node id). */
const PLANS = memoKey<Map<number, Plan>>('flow plans');

function planOf(model: ScriptModel, key: number, statements: readonly Node[]): Plan {
  const byBlock = remember(model.memo, PLANS, () => new Map<number, Plan>());
  let plan = byBlock.get(key);
  if (!plan) {
    const steps: Step[] = [];
    block(steps, statements);
    plan = { steps };
    byBlock.set(key, plan);
  }
  return plan;
}

function parameterNames(definition: Node): Node[] {
  const params = definition.childForFieldName('parameters');
  if (!params) return [];
  const out: Node[] = [];
  for (const p of params.namedChildren) {
    const name =
      p.type === 'identifier' ? p : (p.childForFieldName('name') ?? (p.namedChild(0)?.type === 'identifier' ? p.namedChild(0) : null));
    if (name?.type === 'identifier') out.push(name);
  }
  return out;
}

/** The call sites of the model by node id, shared by the rules of one run. */
export function callsById(model: ScriptModel): Map<number, CallSite> {
  return callIndex(model);
}

/** Runs the flow: every function body (innermost last), then the module's top level. */
export function runFlow<T extends object>(model: ScriptModel, spec: FlowSpec<T>): void {
  const calls = callsById(model);
  for (const definition of nodesOfType(model, 'function_definition')) {
    const body = definition.childForFieldName('body');
    if (!body) continue;
    const tags = spec.paramTags?.(definition, parameterNames(definition));
    const carries = tags ? undefined : spec.carries;
    if (carries && !callsRunWith(calls, body, 'outer-first').some(carries)) {
      spec.onFunctionDone?.(definition, new Set());
      continue;
    }
    const flow = newFlow(spec, calls);
    if (tags) for (const [name, t] of tags) flow.taint.set(name, new Set(t));
    replay(flow, planOf(model, definition.id, kids(body)), carries);
    spec.onFunctionDone?.(definition, flow.returned);
  }
  if (spec.carries && !callsRunWith(calls, model.tree.rootNode, 'outer-first').some(spec.carries)) return;
  replay(newFlow(spec, calls), planOf(model, 0, kids(model.tree.rootNode)), spec.carries);
}

function newFlow<T extends object>(spec: FlowSpec<T>, calls: Map<number, CallSite>): Flow<T> {
  const flow: Flow<T> = {
    spec,
    calls,
    taint: new Map(),
    cache: new Map(),
    returned: new Set(),
    instances: new Map(),
    view: {
      tags: (node) => tagsOf(flow, node),
      typeOf: (call) => {
        if (call.receiver !== null && flow.instances.has(call.receiver)) return flow.instances.get(call.receiver) ?? null;
        return call.receiverType;
      },
    },
  };
  return flow;
}

/** The same-file function a call calls by its plain name, if it is defined in the file. */
export function localFunction(model: ScriptModel, call: CallSite): Node | null {
  if (call.callee.type !== 'identifier') return null;
  const statement = model.definitions.get(call.callee.text);
  let node: Node | null = statement?.node ?? null;
  if (node?.type === 'decorated_definition') node = node.childForFieldName('definition');
  return node?.type === 'function_definition' ? node : null;
}

// ---------------------------------------------------------------------------------------------
// Held-out data: the test (or validation) part of a train/test split, by position.

export interface HeldOut {
  kind: 'held-out';
  split: CallSite;
  position: number;
  /** The name the part is bound to (`X_test`), or `part 2 of train_test_split`. */
  name: string;
}

/** The target a split's output at `position` is unpacked into, when the split is the value of an assignment. */
function unpackedTarget(call: CallSite, position: number): Node | null {
  let node: Node | null = call.node.parent;
  while (node?.type === 'parenthesized_expression') node = node.parent;
  if (node?.type !== 'assignment' || node.childForFieldName('right')?.id !== call.node.id) return null;
  const left = node.childForFieldName('left');
  const parts = left ? unpacked(left) : null;
  return parts?.[position] ?? null;
}

/** A cache of held-out tags per split call and position, so one flow's tags compare by identity. */
export class HeldOutTags {
  private readonly cache = new Map<string, HeldOut>();

  /** The held-out tag of a split call's output at `position`, or null when that output is a training part. */
  of(call: CallSite, position: number | null): HeldOut | null {
    if (position === null || !isHeldOutPosition(call, position)) return null;
    const key = `${call.node.id}:${position}`;
    let tag = this.cache.get(key);
    if (!tag) {
      const target = unpackedTarget(call, position);
      const name = target && target.text.length <= 40 ? target.text : `part ${position + 1} of ${callLabel(call)}`;
      tag = { kind: 'held-out', split: call, position, name };
      this.cache.set(key, tag);
    }
    return tag;
  }
}

/** Calls that evaluate a model on data: `predict*`, `score`, `evaluate`, `decision_function`, sklearn.metrics functions. */
export function isEvaluation(call: CallSite): boolean {
  if (
    call.method &&
    /^(predict(_proba|_log_proba|_classes)?|score|evaluate|evaluate_generator|predict_generator|decision_function)$/.test(call.method)
  )
    return true;
  return call.qualified?.startsWith('sklearn.metrics.') === true;
}
