import type { Node } from '../../parse/syntax';
import { CV_FUNCTIONS, isScaleSensitive, isScaler, isScalingFunction, keepsScale, loadsUnscaledData } from '../../kb/apis';
import type { CallSite, ScriptModel } from '../../semantic';
import { stringValue } from '../../semantic/strings';
import { cellAtLine } from '../../parse/source';
import { kids, nodeRange } from '../../parse/syntax';
import type { Range } from '../../types';
import type { ContextOf, Rule } from '../rule';
import { lastSegment, rootName } from '../../semantic/expressions';
import { callIndex, callsRunWith } from '../flow-facts';

/**
 * MLH431: a scale-sensitive scikit-learn estimator (SVM, neighbours, PCA, MLP, SGD, penalised linear
 * models) trained on features that no scaler touched. A forward pass over the statements of one
 * block at a time (the module, then each function body), in program order, as MLH401 does: each
 * name holds a lineage (did its data come from a file or an unscaled dataset? did a scaler, a
 * normalising vectoriser, a division or anything the rule cannot see touch it?) and each name bound
 * to an estimator holds its steps. A fit reports only when the lineage is certain: the data reaches
 * a load and nothing on the way could have scaled it.
 */

/** Where data comes from, as far as the rule can tell. */
interface Lineage {
  /** The load call the data comes from (`pd.read_csv(...)`), if any. */
  load: CallSite | null;
  /** A scaler (or scaling function, or normalising vectoriser) transformed it. */
  scaled: boolean;
  /** Something the rule cannot judge touched it: an unknown name or function, a division, an encoder. */
  opaque: boolean;
}

const EMPTY: Lineage = { load: null, scaled: false, opaque: false };
const OPAQUE: Lineage = { load: null, scaled: false, opaque: true };
const SCALED: Lineage = { load: null, scaled: true, opaque: false };

function union(a: Lineage, b: Lineage): Lineage {
  return { load: a.load ?? b.load, scaled: a.scaled || b.scaled, opaque: a.opaque || b.opaque };
}

/** What a pipeline step does to the scale of the features. */
type StepKind = 'scaler' | 'keep' | 'sensitive' | 'other';

interface Step {
  kind: StepKind;
  /** The qualified class (`sklearn.svm.SVC`), when known. */
  qualified: string | null;
  /** The constructor call (its id identifies the estimator across fits). */
  node: Node;
}

interface Estimator {
  steps: Step[];
  /** Built with `Pipeline`/`make_pipeline` (or a search over one). */
  pipeline: boolean;
}

const SEARCHES = new Set([
  'sklearn.model_selection.GridSearchCV',
  'sklearn.model_selection.RandomizedSearchCV',
  'sklearn.model_selection.HalvingGridSearchCV',
  'sklearn.model_selection.HalvingRandomSearchCV',
]);

const COMBINERS = new Set([
  'sklearn.compose.ColumnTransformer',
  'sklearn.compose.make_column_transformer',
  'sklearn.pipeline.FeatureUnion',
  'sklearn.pipeline.make_union',
]);

/** NumPy functions that change the scale of their argument (a hand-made transform the rule does not judge). */
const NUMPY_RESCALING = new Set([
  'log',
  'log1p',
  'log2',
  'log10',
  'sqrt',
  'cbrt',
  'exp',
  'expm1',
  'tanh',
  'arctan',
  'clip',
  'divide',
  'true_divide',
  'floor_divide',
  'power',
  'sign',
]);

/** pandas functions whose output the rule does not judge (one-hot columns, bins, a table of one measure such as counts). */
const PANDAS_OPAQUE = new Set(['get_dummies', 'cut', 'qcut', 'factorize', 'eval', 'crosstab', 'pivot_table']);

/** DataFrame/array methods whose result the rule does not judge (arbitrary functions, divisions, ranks). */
const OPAQUE_METHODS = new Set([
  'apply',
  'applymap',
  'map',
  'pipe',
  'transform',
  'agg',
  'aggregate',
  'div',
  'divide',
  'truediv',
  'floordiv',
  'rdiv',
  'rtruediv',
  'rfloordiv',
  'pow',
  'rpow',
  'rank',
  'clip',
  'pct_change',
  'predict',
  'predict_proba',
  'predict_log_proba',
  'decision_function',
  'fit_predict',
  'kneighbors',
  'eval',
  // One column spread into a table: every feature is in the same unit.
  'pivot_table',
  'pivot',
  'unstack',
]);

/** Methods that combine their receiver with their arguments. */
const COMBINING_METHODS = new Set(['merge', 'join', 'append', 'combine_first', 'combine']);

const TRAINING_METHODS = new Set(['fit', 'fit_transform', 'fit_predict']);

interface Flow {
  ctx: ContextOf<'MLH431'>;
  model: ScriptModel;
  calls: Map<number, CallSite>;
  data: Map<string, Lineage>;
  estimators: Map<string, Estimator>;
  /** Names bound to a list or tuple of names (`combine = [train, test]`), which a loop can change through an alias. */
  containers: Map<string, string[]>;
  /** Estimator steps (constructor ids) already reported. */
  reported: Set<number>;
}

function unwrap(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression' && current.namedChild(0)) current = current.namedChild(0)!;
  return current;
}

function receiverNode(call: CallSite): Node | null {
  return call.callee.type === 'attribute' ? call.callee.childForFieldName('object') : null;
}

// ---------------------------------------------------------------------------------------------
// Estimators

function stepOfClass(qualified: string, node: Node, call: CallSite | undefined): Step {
  if (isScaler(qualified)) return { kind: 'scaler', qualified, node };
  if (keepsScale(qualified)) return { kind: 'keep', qualified, node };
  if (isScaleSensitive(qualified)) {
    // An unpenalised logistic regression is not scale-sensitive in what it learns.
    const penalty = call?.keywords.get('penalty');
    if (penalty && (penalty.type === 'none' || stringValue(penalty) === 'none')) return { kind: 'other', qualified, node };
    if (lastSegment(qualified) === 'PCA' && call?.keywords.get('whiten')?.type === 'true') return { kind: 'other', qualified, node };
    // Older linear models scaled their input themselves with `normalize=True`.
    if (call?.keywords.get('normalize')?.type === 'true') return { kind: 'other', qualified, node };
    return { kind: 'sensitive', qualified, node };
  }
  return { kind: 'other', qualified, node };
}

/** Whether an expression (a ColumnTransformer's or a search's arguments) builds or names a scaler anywhere inside. */
function mentionsScaler(flow: Flow, node: Node): boolean {
  if (node.type === 'call') {
    const call = flow.calls.get(node.id);
    if (call && (isScaler(call.qualified) || isScalingFunction(call.qualified))) return true;
  }
  if (node.type === 'identifier') {
    const known = flow.estimators.get(node.text);
    if (known?.steps.some((s) => s.kind === 'scaler')) return true;
    if (isScaler(flow.model.instances.get(node.text))) return true;
  }
  return kids(node).some((child) => mentionsScaler(flow, child));
}

/** The steps of one pipeline step expression (a pipeline inside a pipeline is flattened). */
function stepsOf(flow: Flow, expression: Node): Step[] {
  const node = unwrap(expression);
  if (node.type === 'none' || stringValue(node) === 'passthrough') return [];
  const estimator = estimatorOf(flow, node);
  if (estimator) return estimator.steps;
  return [{ kind: 'other', qualified: null, node }];
}

/** What an expression builds or names, when it is an estimator the rule can see. */
function estimatorOf(flow: Flow, expression: Node): Estimator | null {
  const node = unwrap(expression);
  if (node.type === 'identifier') return flow.estimators.get(node.text) ?? null;
  if (node.type !== 'call') return null;
  const call = flow.calls.get(node.id);
  if (!call) return null;
  // `SVC().fit(X, y)`, `make_pipeline(...).set_params(...)` return the estimator itself.
  if (call.method === 'fit' || call.method === 'set_params') {
    const receiver = receiverNode(call);
    return receiver ? estimatorOf(flow, receiver) : null;
  }
  const qualified = call.qualified;
  if (!qualified?.startsWith('sklearn.')) return null;
  if (qualified === 'sklearn.pipeline.make_pipeline') {
    if (call.hasSplat) return { steps: [{ kind: 'other', qualified: null, node }], pipeline: true };
    return { steps: call.positional.flatMap((arg) => stepsOf(flow, arg)), pipeline: true };
  }
  if (qualified === 'sklearn.pipeline.Pipeline') {
    const list = call.keywords.get('steps') ?? call.positional[0];
    if (!list || list.type !== 'list') return { steps: [{ kind: 'other', qualified: null, node }], pipeline: true };
    const steps: Step[] = [];
    for (const item of list.namedChildren) {
      const pair = unwrap(item);
      const est = pair.type === 'tuple' ? pair.namedChildren[1] : undefined;
      if (!est || pair.namedChildren.length !== 2) steps.push({ kind: 'other', qualified: null, node: item });
      else steps.push(...stepsOf(flow, est));
    }
    return { steps, pipeline: true };
  }
  if (COMBINERS.has(qualified)) {
    return { steps: [{ kind: mentionsScaler(flow, node) ? 'scaler' : 'other', qualified, node }], pipeline: false };
  }
  if (SEARCHES.has(qualified)) {
    const inner = call.keywords.get('estimator') ?? call.positional[0];
    const estimator = inner ? estimatorOf(flow, inner) : null;
    if (!estimator) return null;
    // A grid that tries a scaler as a step, or the search's own arguments naming one.
    const grid = [...call.positional.slice(1), ...call.keywords.values()];
    if (grid.some((arg) => mentionsScaler(flow, arg)))
      return { steps: [{ kind: 'scaler', qualified, node }], pipeline: estimator.pipeline };
    return estimator;
  }
  if (!/^[A-Z]/.test(lastSegment(qualified))) return null;
  return { steps: [stepOfClass(qualified, node, call)], pipeline: false };
}

/** The scale-sensitive step that sees the estimator's input unscaled: the first one, with only scale-keeping steps before it. */
function exposedStep(estimator: Estimator): Step | null {
  for (const step of estimator.steps) {
    if (step.kind === 'sensitive') return step;
    if (step.kind !== 'keep') return null;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Data lineage

/** What a transformer's `transform`/`fit_transform` output is, given its input. */
function transformed(flow: Flow, call: CallSite, input: Lineage): Lineage {
  const receiver = receiverNode(call);
  let estimator = receiver ? estimatorOf(flow, receiver) : null;
  if (!estimator && call.receiverType) {
    estimator = { steps: [stepOfClass(call.receiverType, call.node, undefined)], pipeline: false };
  }
  if (!estimator) return OPAQUE;
  if (estimator.steps.some((s) => s.kind === 'scaler')) return SCALED;
  if (estimator.steps.every((s) => s.kind === 'keep')) return input;
  return OPAQUE;
}

function lineageOfCall(flow: Flow, node: Node): Lineage {
  const call = flow.calls.get(node.id);
  if (!call) return OPAQUE;
  const all = (nodes: readonly Node[]): Lineage => nodes.reduce((acc, n) => union(acc, lineageOf(flow, n)), EMPTY);
  const qualified = call.qualified;
  if (loadsUnscaledData(qualified)) return { load: call, scaled: false, opaque: false };
  if (isScalingFunction(qualified)) return SCALED;
  if (call.method === 'transform' || call.method === 'fit_transform') {
    const receiver = receiverNode(call);
    // `df.transform(f)` on data, `scaler.transform(X)` on a transformer.
    if (receiver && !estimatorOf(flow, receiver) && !call.receiverType) return OPAQUE;
    const data = call.keywords.get('X') ?? call.positional[0];
    return transformed(flow, call, data ? lineageOf(flow, data) : EMPTY);
  }
  if (qualified) {
    if (qualified === 'sklearn.model_selection.train_test_split' || qualified === 'sklearn.utils.shuffle') return all(call.positional);
    if (qualified.startsWith('numpy.')) {
      if (NUMPY_RESCALING.has(lastSegment(qualified))) return OPAQUE;
      if (qualified.startsWith('numpy.random.')) return OPAQUE;
      return all([...call.positional, ...call.keywords.values()]);
    }
    if (qualified.startsWith('pandas.')) {
      if (PANDAS_OPAQUE.has(lastSegment(qualified))) return OPAQUE;
      return all([...call.positional, ...(call.keywords.has('data') ? [call.keywords.get('data')!] : [])]);
    }
    return OPAQUE;
  }
  if (call.method && call.callee.type === 'attribute') {
    const argument = call.positional[0];
    // `s.map({"male": 0, "female": 1})` encodes categories; `s.map(f)` may rescale.
    if (call.method === 'map' && argument?.type === 'dictionary') return lineageOf(flow, receiverNode(call)!);
    if (OPAQUE_METHODS.has(call.method)) return OPAQUE;
    const receiver = receiverNode(call)!;
    const base = lineageOf(flow, receiver);
    if (COMBINING_METHODS.has(call.method)) return union(base, all(call.positional));
    return base;
  }
  return OPAQUE;
}

/** The lineage of an expression's value. */
function lineageOf(flow: Flow, expression: Node): Lineage {
  const node = unwrap(expression);
  switch (node.type) {
    case 'identifier':
      if (flow.model.importMap.has(node.text)) return EMPTY;
      return flow.data.get(node.text) ?? OPAQUE;
    case 'subscript':
    case 'attribute': {
      const inner = node.childForFieldName(node.type === 'subscript' ? 'value' : 'object');
      return inner ? lineageOf(flow, inner) : OPAQUE;
    }
    case 'call':
      return lineageOfCall(flow, node);
    case 'binary_operator': {
      const operator = node.childForFieldName('operator')?.text ?? '';
      if (['/', '//', '**', '%', '@'].includes(operator)) return OPAQUE;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      return union(left ? lineageOf(flow, left) : EMPTY, right ? lineageOf(flow, right) : EMPTY);
    }
    case 'unary_operator': {
      const operand = node.childForFieldName('argument');
      return operand ? lineageOf(flow, operand) : OPAQUE;
    }
    case 'list':
    case 'tuple':
    case 'expression_list':
    case 'conditional_expression':
      return node.namedChildren.filter((c) => c.type !== 'comment').reduce((acc, c) => union(acc, lineageOf(flow, c)), EMPTY);
    case 'integer':
    case 'float':
    case 'string':
    case 'concatenated_string':
    case 'true':
    case 'false':
    case 'none':
      return EMPTY;
    default:
      return OPAQUE;
  }
}

// ---------------------------------------------------------------------------------------------
// Reports

function where(model: ScriptModel, node: Node): string {
  const line = node.startPosition.row;
  const cell = model.kind === 'notebook' ? cellAtLine(model.source, line) : undefined;
  if (cell) return `in cell ${cell.cellIndex + 1}, line ${line - cell.startLine + 1}`;
  return `at line ${line + 1}`;
}

function shortText(node: Node): string {
  const text = node.text.replace(/\s+/g, ' ');
  if (text.length <= 40) return text;
  return rootName(node) ?? 'the data';
}

function fitRange(call: CallSite): Range {
  if (call.method && call.callee.type === 'attribute') {
    const method = call.callee.childForFieldName('attribute')!;
    return { start: nodeRange(method).start, end: nodeRange(call.node).end };
  }
  return nodeRange(call.node);
}

/** A training call: the estimator expression and the feature argument. */
function trainingOf(call: CallSite): { estimator: Node; data: Node } | null {
  if (call.method && TRAINING_METHODS.has(call.method)) {
    const estimator = receiverNode(call);
    const data = call.keywords.get('X') ?? call.positional[0];
    return estimator && data ? { estimator, data } : null;
  }
  if (call.qualified && CV_FUNCTIONS.has(call.qualified)) {
    const estimator = call.keywords.get('estimator') ?? call.positional[0];
    const data = call.keywords.get('X') ?? call.positional[1];
    return estimator && data ? { estimator, data } : null;
  }
  return null;
}

function checkTraining(flow: Flow, call: CallSite): void {
  const training = trainingOf(call);
  if (!training) return;
  const estimator = estimatorOf(flow, training.estimator);
  const step = estimator ? exposedStep(estimator) : null;
  if (!estimator || !step || flow.reported.has(step.node.id)) return;
  const lineage = lineageOf(flow, training.data);
  if (!lineage.load || lineage.scaled || lineage.opaque) return;
  flow.reported.add(step.node.id);
  const { model } = flow;
  const name = lastSegment(step.qualified!);
  const data = shortText(training.data);
  const load = lineage.load;
  const loadName = load.callee.text;
  const start = estimator.pipeline
    ? `The pipeline has no scaler before ${name}, which is trained on \`${data}\``
    : `${name} is trained on \`${data}\``;
  const advice = estimator.pipeline
    ? `Add a StandardScaler (or MinMaxScaler) step before ${name} in the pipeline, which fits it on the training rows only.`
    : `Add a StandardScaler (or MinMaxScaler) in front of it in a Pipeline, make_pipeline(StandardScaler(), ${name}(…)), ` +
      'so the scaler is fitted on the training rows only.';
  const message = `${start}: features from \`${loadName}(…)\` ${where(model, load.node)} that no scaler touched, and ${name} depends on their scale. ${advice}`;
  flow.ctx.report({
    range: fitRange(call),
    message,
    related: [
      { range: nodeRange(step.node), message: `${name} is built here` },
      { range: nodeRange(load.node), message: 'the features are loaded here' },
    ],
    data: { estimator: name, data, inPipeline: estimator.pipeline },
    call: nodeRange(call.node),
  });
}

// ---------------------------------------------------------------------------------------------
// The pass over statements

/** Calls inside a node that run with it (not inside nested functions, lambdas or classes), inner calls first (shared per model). */
function callsWithin(flow: Flow, node: Node): readonly CallSite[] {
  return callsRunWith(flow.calls, node, 'inner-first');
}

function bindNames(flow: Flow, target: Node, lineage: Lineage, estimator: Estimator | null): void {
  const node = unwrap(target);
  if (node.type === 'identifier') {
    flow.data.set(node.text, lineage);
    if (estimator) flow.estimators.set(node.text, estimator);
    else flow.estimators.delete(node.text);
    return;
  }
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list'].includes(node.type)) {
    for (const child of node.namedChildren) bindNames(flow, child, lineage, null);
    return;
  }
  if (node.type === 'list_splat_pattern' || node.type === 'list_splat') {
    for (const child of node.namedChildren) bindNames(flow, child, lineage, null);
  }
}

/** `df[cols] = value`, `df.loc[:, cols] = value`: a scaler's output written back in place scales the frame. */
function mutate(flow: Flow, target: Node, value: Node | null, augmented: string | null): void {
  const root = rootName(target);
  if (!root || !flow.data.has(root)) return;
  const current = flow.data.get(root)!;
  if (augmented !== null) {
    if (['/=', '//=', '-=', '*=', '**=', '%='].includes(augmented)) flow.data.set(root, { ...current, opaque: true });
    return;
  }
  if (!value) return;
  const lineage = lineageOf(flow, value);
  if (lineage.scaled) {
    flow.data.set(root, { ...current, scaled: true });
    return;
  }
  // `df[c] = np.log1p(df[c])`, `df["band"] = pd.cut(df.age, 5)`: a column rescaled, binned or derived by hand.
  if (lineage.opaque) {
    flow.data.set(root, { ...current, opaque: true });
    return;
  }
  // `df.loc[df.age <= 16, "age"] = 0`: values replaced by bins.
  if (target.type === 'subscript' && target.childrenForFieldName('subscript').some((key) => hasComparison(key))) {
    flow.data.set(root, { ...current, opaque: true });
  }
}

function hasComparison(node: Node): boolean {
  if (node.type === 'comparison_operator') return true;
  return kids(node).some(hasComparison);
}

function assign(flow: Flow, left: Node, right: Node): void {
  const target = unwrap(left);
  const value = unwrap(right);
  if (target.type === 'subscript' || target.type === 'attribute') {
    mutate(flow, target, value, null);
    return;
  }
  // `X_train, X_test, y_train, y_test = train_test_split(X, y)`: each part from its own input.
  const call = value.type === 'call' ? flow.calls.get(value.id) : undefined;
  const parts = ['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'expression_list'].includes(target.type)
    ? target.namedChildren
    : null;
  if (parts && call?.qualified === 'sklearn.model_selection.train_test_split' && call.positional.length > 0) {
    if (parts.length === call.positional.length * 2) {
      parts.forEach((part, i) => bindNames(flow, part, lineageOf(flow, call.positional[Math.floor(i / 2)]!), null));
      return;
    }
  }
  // `X, y = a, b`: pairwise.
  if (parts && ['tuple', 'expression_list'].includes(value.type) && value.namedChildren.length === parts.length) {
    const values = value.namedChildren.map((v) => ({ lineage: lineageOf(flow, v), estimator: estimatorOf(flow, v) }));
    parts.forEach((part, i) => bindNames(flow, part, values[i]!.lineage, values[i]!.estimator));
    return;
  }
  if (target.type === 'identifier') {
    const names = ['list', 'tuple'].includes(value.type)
      ? value.namedChildren.filter((c) => c.type === 'identifier').map((c) => c.text)
      : [];
    if (names.length > 0) flow.containers.set(target.text, names);
    else flow.containers.delete(target.text);
  }
  bindNames(flow, target, lineageOf(flow, value), estimatorOf(flow, value));
}

function step(flow: Flow, node: Node): void {
  // Uses first: the right-hand side is evaluated before anything is bound.
  for (const call of callsWithin(flow, node)) checkTraining(flow, call);
  let expression = node.type === 'expression_statement' ? node.namedChild(0) : null;
  if (expression?.type === 'augmented_assignment') {
    const left = expression.childForFieldName('left');
    const operator = expression.childForFieldName('operator')?.text ?? '';
    if (left?.type === 'identifier') {
      const current = flow.data.get(left.text);
      const right = expression.childForFieldName('right');
      const added = right ? lineageOf(flow, right) : OPAQUE;
      if (current) flow.data.set(left.text, ['+=', '|='].includes(operator) ? union(current, added) : { ...current, opaque: true });
    } else if (left) mutate(flow, left, null, operator);
    return;
  }
  // `a = b = value`: every target gets the value.
  const targets: Node[] = [];
  while (expression?.type === 'assignment') {
    const left = expression.childForFieldName('left');
    if (left) targets.push(left);
    const right: Node | null = expression.childForFieldName('right');
    if (right?.type !== 'assignment') {
      if (right) for (const target of targets) assign(flow, target, right);
      else for (const target of targets) bindNames(flow, target, OPAQUE, null); // `x: int`
      break;
    }
    expression = right;
  }
}

/** Whether a statement changes `name` in place: `name[...] = v`, `name.loc[...] = v`, `name.x(..., inplace=True)`. */
function mutatesName(flow: Flow, node: Node, name: string): boolean {
  if (node.type === 'assignment' || node.type === 'augmented_assignment') {
    const left = node.childForFieldName('left');
    if (left && left.type !== 'identifier' && rootName(left) === name) return true;
  }
  if (node.type === 'call' && rootName(node) === name && flow.calls.get(node.id)?.keywords.get('inplace')?.type === 'true') return true;
  return kids(node).some((child) => mutatesName(flow, child, name));
}

/**
 * `for dataset in [train, test]: dataset["Age"] = ...`: the loop changes the frames through an alias
 * the pass does not follow, so what they hold is no longer known.
 */
function aliasedLoop(flow: Flow, left: Node, right: Node, statement: Node): void {
  if (left.type !== 'identifier') return;
  const iterable = unwrap(right);
  let members: string[] = [];
  if (iterable.type === 'identifier') members = flow.containers.get(iterable.text) ?? [];
  else if (['list', 'tuple'].includes(iterable.type))
    members = iterable.namedChildren.filter((c) => c.type === 'identifier').map((c) => c.text);
  if (members.length === 0) return;
  const body = statement.childForFieldName('body');
  if (!body || !mutatesName(flow, body, left.text)) return;
  for (const member of members) {
    const current = flow.data.get(member);
    if (current) flow.data.set(member, { ...current, opaque: true });
  }
}

function block(flow: Flow, statements: readonly Node[], nested: Node[]): void {
  for (const statement of statements) {
    switch (statement.type) {
      case 'comment':
        break;
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
        nested.push(statement);
        break;
      case 'for_statement': {
        const right = statement.childForFieldName('right');
        const left = statement.childForFieldName('left');
        if (right) step(flow, right);
        if (left) bindNames(flow, left, OPAQUE, null);
        if (left && right) aliasedLoop(flow, left, right, statement);
        compoundBodies(flow, statement, nested);
        break;
      }
      case 'if_statement':
      case 'while_statement': {
        const condition = statement.childForFieldName('condition');
        if (condition) step(flow, condition);
        compoundBodies(flow, statement, nested);
        break;
      }
      case 'with_statement':
      case 'try_statement':
      case 'match_statement':
        compoundBodies(flow, statement, nested);
        break;
      default:
        step(flow, statement);
    }
  }
}

function compoundBodies(flow: Flow, statement: Node, nested: Node[]): void {
  for (const child of kids(statement)) {
    if (child.type === 'block') block(flow, kids(child), nested);
    else if (['elif_clause', 'else_clause', 'except_clause', 'finally_clause', 'case_clause', 'except_group_clause'].includes(child.type)) {
      compoundBodies(flow, child, nested);
    } else if (child.type === 'with_clause') {
      step(flow, child);
      for (const item of child.namedChildren) {
        const alias = item.namedChild(0)?.childForFieldName('alias');
        if (alias) bindNames(flow, alias, OPAQUE, null);
      }
    }
  }
}

/** `x.reshape(-1, 28, 28)`, `np.reshape(x, (64, 64, 3))`: two equal sides of at least 8, the shape of an image. */
function reshapesToImage(call: CallSite): boolean {
  if (call.method !== 'reshape' && call.qualified !== 'numpy.reshape') return false;
  const args = call.positional.flatMap((arg) => (['tuple', 'list'].includes(arg.type) ? arg.namedChildren : [arg]));
  const sides = args.map((arg) => (arg.type === 'integer' ? Number(arg.text) : NaN));
  return sides.some((side, i) => side >= 8 && sides[i + 1] === side);
}

export const missingScaling: Rule = {
  code: 'MLH431',
  name: 'missing-scaling',
  family: 'correctness',
  defaultSeverity: 'warning',
  status: 'preview',
  summary:
    'A scale-sensitive estimator (SVM, k-NN, PCA, MLP, SGD, penalised linear model) is trained on loaded features that no scaler touched.',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH431'>) {
    const { model } = ctx;
    // Cheap exits: no scikit-learn, no scale-sensitive estimator, or no data load in the file.
    if (![...model.importMap.values()].some((q) => q === 'sklearn' || q.startsWith('sklearn.'))) return;
    if (!model.calls.some((c) => isScaleSensitive(c.qualified))) return;
    if (!model.calls.some((c) => loadsUnscaledData(c.qualified))) return;
    // Images (`x.reshape(28, 28)`): pixels share one scale.
    if (model.calls.some(reshapesToImage)) return;
    const calls = callIndex(model);
    const reported = new Set<number>();
    const newFlow = (): Flow => ({ ctx, model, calls, data: new Map(), estimators: new Map(), containers: new Map(), reported });
    const pending: Node[] = [];
    block(newFlow(), kids(model.tree.rootNode), pending);
    // Each function body is its own block, with its own names: parameters are unknown data.
    while (pending.length > 0) {
      const definition = pending.shift()!;
      const inner = definition.type === 'decorated_definition' ? definition.childForFieldName('definition') : definition;
      const body = inner?.childForFieldName('body');
      if (body) block(newFlow(), kids(body), pending);
    }
  },
};
