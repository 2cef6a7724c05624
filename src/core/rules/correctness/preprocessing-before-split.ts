import type { Node } from '../../parse/syntax';
import { lookupApi, STATELESS_TRANSFORMERS } from '../../kb/apis';
import type { CallSite, ScriptModel } from '../../semantic';
import { cellAtLine } from '../../parse/source';
import { kids, nodeRange } from '../../parse/syntax';
import { nodesOfType } from '../../semantic';
import type { Range } from '../../types';
import type { ContextOf, Rule } from '../rule';
import { lastSegment, rootName } from '../../semantic/expressions';
import { callIndex, callsRunWith, namesReadOf } from '../flow-facts';
import { splitOf as directSplitOf } from './leakage';
import type { Split as DirectSplit } from './leakage';

/**
 * MLH401: a preprocessing step fitted on data that is split into train and test (or cross-validation
 * folds) afterwards. A forward data-flow over the statements of one block at a time (the module,
 * then each function body), in program order: names holding the output of a fitted transformer
 * are "transformed"; names the transformer was fitted on are "seen". Splitting transformed data
 * leaks; so does splitting seen data and then transforming a part of it with the same fit.
 */

/** `sklearn.preprocessing` functions that fit and transform in one call. */
const FITTING_FUNCTIONS = new Set(['scale', 'minmax_scale', 'maxabs_scale', 'robust_scale', 'quantile_transform', 'power_transform']);

interface FitEvent {
  call: CallSite;
  /** Qualified class of the fitted transformer (`sklearn.preprocessing.StandardScaler`). */
  transformer: string;
  /** The range the finding covers: the method name through the closing parenthesis. */
  range: Range;
  /** `StandardScaler`, or `scale()` for a function. */
  label: string;
  /** What the transformer learns, for the message. */
  learned: string;
  noun: string;
  /** Source text of the data it was fitted on. */
  data: string;
  /** The data argument. */
  dataNode: Node;
  /** Parameters of the enclosing function the data comes from (function summaries). */
  dataParams: ReadonlySet<number>;
  /** A fit inside a same-file helper: the helper's name and the fit inside it. */
  via?: { name: string; fit: FitEvent };
  /** The helper transforms its argument in place (`df[cols] = scaler.fit_transform(df[cols])`). */
  inPlace?: boolean;
  /** The helper does not return the transformed data (only changes it in place). */
  notReturned?: boolean;
  reported: boolean;
}

/** A split (leakage.ts), or one inside a same-file helper: the helper's name and the split inside it. */
interface Split extends DirectSplit {
  via?: { name: string; split: Split };
}

/** What flows into a name. */
interface Taint {
  transformed: Set<FitEvent>;
  seen: Set<FitEvent>;
  /** A part of seen data, split off by this split (keyed by the fit that saw it). */
  splitOf: Map<FitEvent, Split>;
  /** Parameters of the enclosing function the value comes from (function summaries). */
  params: Set<number>;
}

/** What a same-file function does with its parameters, for its callers. */
interface Summary {
  /** Parameter index -> the fit of a learning transformer on it whose output the function returns (or writes back into it). */
  fits: Map<number, FitEvent>;
  /** Parameter indices the function splits, with the split. */
  splits: Map<number, Split>;
}

/** Same-file functions and their summaries, computed once per model, on demand. */
interface Helpers {
  /** Module-level function definitions by name, in program order (a notebook may redefine one). */
  definitions: Map<string, Node[]>;
  /** By definition node id. */
  summaries: Map<number, Summary | null>;
}

/** A learning transformer (or a pipeline of transformers only) a fit is made on. */
interface Transformer {
  /** Qualified class (`sklearn.preprocessing.StandardScaler`; `sklearn.pipeline.Pipeline` for pipelines). */
  qualified: string;
  /** `StandardScaler`, `make_pipeline(SimpleImputer, StandardScaler)`. */
  label: string;
  learned: string;
  noun: string;
}

interface Flow {
  ctx: ContextOf<'MLH401'>;
  calls: Map<number, CallSite>;
  taint: Map<string, Taint>;
  /** The fit that a transformer held in a name currently carries. */
  fitted: Map<string, FitEvent>;
  /** Names bound to a transformer in this block (`scaler = StandardScaler().fit(X)`, `prep = make_pipeline(...)`). */
  transformers: Map<string, Transformer>;
  helpers: Helpers;
  /** Set when the block can report nothing: it is walked only for the definitions nested in it. */
  idle?: boolean;
  /** Set when the flow computes a function's summary: nothing is reported, returns are collected. */
  summary: { returned: Taint; splits: Map<number, Split> } | null;
}

function emptyTaint(): Taint {
  return { transformed: new Set(), seen: new Set(), splitOf: new Map(), params: new Set() };
}

/** What flows into a name, as read (`taintOfNames`): never changed. */
interface TaintView {
  transformed: ReadonlySet<FitEvent>;
  seen: ReadonlySet<FitEvent>;
  splitOf: ReadonlyMap<FitEvent, Split>;
  params: ReadonlySet<number>;
}

/** No names (shared, never changed). */
const NO_NAMES: ReadonlySet<string> = new Set();

/** Nothing flows: what most names carry (shared, never changed). */
const NO_TAINT: TaintView = { transformed: new Set(), seen: new Set(), splitOf: new Map(), params: new Set() };

function isEmpty(t: Taint): boolean {
  return t.transformed.size === 0 && t.seen.size === 0 && t.splitOf.size === 0 && t.params.size === 0;
}

function merge(into: Taint, from: TaintView): void {
  for (const e of from.transformed) into.transformed.add(e);
  for (const e of from.seen) into.seen.add(e);
  for (const [e, s] of from.splitOf) if (!into.splitOf.has(e)) into.splitOf.set(e, s);
  for (const p of from.params) into.params.add(p);
}

/** A fitted scikit-learn transformer class that learns from its rows, by qualified name. */
function isLearningTransformer(qualified: string | null | undefined): qualified is string {
  if (!qualified?.startsWith('sklearn.')) return false;
  const info = lookupApi(qualified);
  return info?.kind === 'transformer' && /^[A-Z]/.test(lastSegment(qualified)) && !STATELESS_TRANSFORMERS.has(lastSegment(qualified));
}

function describe(cls: string): { learned: string; noun: string } {
  if (/Scaler$|scale$/.test(cls)) return { learned: 'statistics', noun: 'scaler' };
  if (/Imputer$/.test(cls)) return { learned: 'fill values', noun: 'imputer' };
  if (cls === 'TargetEncoder') return { learned: 'target statistics', noun: 'encoder' };
  if (/Encoder$/.test(cls)) return { learned: 'categories', noun: 'encoder' };
  if (cls === 'DictVectorizer') return { learned: 'feature names and categories', noun: 'vectorizer' };
  if (/Vectorizer$|Transformer$/.test(cls) && /Tfidf|Count/.test(cls))
    return { learned: 'vocabulary and document frequencies', noun: 'vectorizer' };
  if (/^Select|^RFE|^VarianceThreshold$|^SequentialFeatureSelector$|^GenericUnivariateSelect$/.test(cls))
    return { learned: 'feature scores', noun: 'selector' };
  return { learned: 'statistics', noun: 'transformer' };
}

/** The object of `x.m(...)` (the receiver expression), when the callee is an attribute. */
function receiverNode(call: CallSite): Node | null {
  return call.callee.type === 'attribute' ? call.callee.childForFieldName('object') : null;
}

/** Calls inside a node that run with it (not inside nested functions, lambdas or classes), in source order. */
function callsWithin(flow: Flow, node: Node): readonly CallSite[] {
  return callsRunWith(flow.calls, node, 'outer-first');
}

function shortText(node: Node): string {
  const text = node.text.replace(/\s+/g, ' ');
  if (text.length <= 40) return text;
  return rootName(node) ?? 'the data';
}

function transformerFor(qualified: string): Transformer {
  return { qualified, label: lastSegment(qualified), ...describe(lastSegment(qualified)) };
}

const PIPELINES = new Set(['sklearn.pipeline.Pipeline', 'sklearn.pipeline.make_pipeline']);

/** The steps of `make_pipeline(a, b)` or `Pipeline([("a", a), ("b", b)])` (`steps=` too). */
function pipelineSteps(call: CallSite): Node[] | null {
  if (call.qualified === 'sklearn.pipeline.make_pipeline') return call.positional;
  const list = call.positional[0] ?? call.keywords.get('steps');
  if (list?.type !== 'list') return null;
  const steps: Node[] = [];
  for (const item of list.namedChildren) {
    if (item.type !== 'tuple' || item.namedChildren.length !== 2) return null;
    steps.push(item.namedChildren[1]!);
  }
  return steps;
}

/**
 * A pipeline of transformers only (the model is not in it), at least one of which learns from the
 * rows: `make_pipeline(SimpleImputer(), StandardScaler())`. Steps are constructor calls, nested
 * pipelines, names bound once to a transformer, or `"passthrough"`/`None`.
 */
function pipelineOf(flow: Flow, call: CallSite, depth = 0): Transformer | null {
  if (!call.qualified || !PIPELINES.has(call.qualified) || depth > 3) return null;
  const steps = pipelineSteps(call);
  if (!steps || steps.length === 0) return null;
  const learning: Transformer[] = [];
  const names: string[] = [];
  for (const step of steps) {
    if (step.type === 'none' || (step.type === 'string' && /passthrough/.test(step.text))) continue;
    let stepCall = step.type === 'call' ? flow.calls.get(step.id) : undefined;
    if (!stepCall && step.type === 'identifier') {
      const value = flow.ctx.model.bindings.resolve(step, step.text);
      stepCall = value?.type === 'call' ? flow.calls.get(value.id) : undefined;
    }
    if (!stepCall?.qualified) return null;
    const nested = pipelineOf(flow, stepCall, depth + 1);
    if (nested) {
      learning.push(nested);
      names.push(nested.label);
      continue;
    }
    if (lookupApi(stepCall.qualified)?.kind !== 'transformer' || !stepCall.qualified.startsWith('sklearn.')) return null;
    names.push(lastSegment(stepCall.qualified));
    if (isLearningTransformer(stepCall.qualified)) learning.push(transformerFor(stepCall.qualified));
  }
  if (learning.length === 0) return null;
  const label = `${lastSegment(call.qualified)}(${names.join(', ')})`;
  return { qualified: 'sklearn.pipeline.Pipeline', label, learned: learning[0]!.learned, noun: 'pipeline' };
}

/** The fitted transformer for `r.fit(...)`/`r.fit_transform(...)`/`Ctor().fit_transform(...)`. */
function transformerOf(flow: Flow, call: CallSite): Transformer | null {
  const receiver = receiverNode(call);
  if (!receiver) return null;
  if (receiver.type === 'identifier') {
    const local = flow.transformers.get(receiver.text);
    if (local) return local;
  }
  if (call.receiverType && PIPELINES.has(call.receiverType)) {
    // `make_pipeline(...).fit_transform(X)`, or a name bound once to a pipeline.
    let ctor = receiver.type === 'call' ? flow.calls.get(receiver.id) : undefined;
    if (!ctor && receiver.type === 'identifier') {
      const value = flow.ctx.model.bindings.resolve(receiver, receiver.text);
      ctor = value?.type === 'call' ? flow.calls.get(value.id) : undefined;
    }
    return ctor ? pipelineOf(flow, ctor) : null;
  }
  return isLearningTransformer(call.receiverType) ? transformerFor(call.receiverType) : null;
}

/** The parameter names of a function definition, in order (`self` included). */
function parameterNames(definition: Node): string[] {
  const params = definition.childForFieldName('parameters');
  const names: string[] = [];
  for (const p of params?.namedChildren ?? []) {
    const name = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c.type === 'identifier'));
    if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern' || p.type === 'keyword_separator') break;
    if (name?.type === 'identifier') names.push(name.text);
  }
  return names;
}

/** The argument a call passes for a parameter of a same-file function. */
function argumentFor(call: CallSite, definition: Node, index: number): Node | undefined {
  if (call.hasSplat) return undefined;
  const name = parameterNames(definition)[index];
  return call.positional[index] ?? (name ? call.keywords.get(name) : undefined);
}

/**
 * The module-level function a name refers to at a node: the last definition above it (notebooks
 * redefine functions from cell to cell), or the only one.
 */
function definitionAt(flow: Flow, name: string, at: Node): Node | null {
  const definitions = flow.helpers.definitions.get(name);
  if (!definitions) return null;
  let found: Node | null = null;
  for (const definition of definitions) if (definition.startIndex < at.startIndex) found = definition;
  return found ?? (definitions.length === 1 ? definitions[0]! : null);
}

/** The same-file function a call calls by name (`prepare(df)`), or passes by name (`df.apply(prepare)`). */
function helperOf(flow: Flow, call: CallSite, callee: Node = call.callee): { name: string; definition: Node; summary: Summary } | null {
  if (callee.type !== 'identifier' || (callee === call.callee && call.qualified)) return null;
  if (flow.ctx.model.importMap.has(callee.text)) return null;
  const name = callee.text;
  const definition = definitionAt(flow, name, call.node);
  if (!definition) return null;
  const summary = summarize(flow, definition);
  return summary ? { name, definition, summary } : null;
}

/** pandas methods that call a function on the frame's columns or rows: `r.apply(f, axis=0)`. */
const APPLYING = new Set(['apply', 'applymap', 'map', 'pipe', 'transform', 'agg', 'aggregate']);

/** A function's summary, computed once: which parameters it fits a transformer on, which it splits. */
function summarize(flow: Flow, definition: Node): Summary | null {
  const { summaries } = flow.helpers;
  if (summaries.has(definition.id)) return summaries.get(definition.id) ?? null;
  summaries.set(definition.id, null); // recursion: no summary while it is being computed
  const body = definition.childForFieldName('body');
  if (!body) return null;
  const inner: Flow = { ...newFlow(flow.ctx, flow.calls, flow.helpers), summary: { returned: emptyTaint(), splits: new Map() } };
  const params = parameterNames(definition);
  params.forEach((p, i) => inner.taint.set(p, { ...emptyTaint(), params: new Set([i]) }));
  block(inner, kids(body), []);
  const summary: Summary = { fits: new Map(), splits: inner.summary!.splits };
  const returned = inner.summary!.returned.transformed;
  // Parameters whose rows were transformed in place (`df[cols] = scaler.fit_transform(df[cols])`).
  params.forEach((p, i) => {
    const t = inner.taint.get(p);
    if (!t?.params.has(i)) return;
    for (const event of t.transformed) {
      if (event.dataParams.has(i) && !summary.fits.has(i))
        summary.fits.set(i, { ...event, inPlace: true, notReturned: !returned.has(event) });
    }
  });
  for (const event of returned) for (const i of event.dataParams) if (!summary.fits.has(i)) summary.fits.set(i, event);
  // A parameter split inside the function is fitted on its parts, not on all its rows.
  for (const i of summary.splits.keys()) summary.fits.delete(i);
  const result = summary.fits.size > 0 || summary.splits.size > 0 ? summary : null;
  summaries.set(definition.id, result);
  return result;
}

/** A fit of a learning transformer, or a fitting function such as `scale(X)`. */
function fitEventOf(flow: Flow, call: CallSite): FitEvent | null {
  let transformer: Transformer;
  let range: Range;
  let data: Node | undefined;
  if (call.method === 'fit' || call.method === 'fit_transform') {
    const found = transformerOf(flow, call);
    if (!found) return null;
    transformer = found;
    const method = call.callee.childForFieldName('attribute')!;
    range = { start: nodeRange(method).start, end: nodeRange(call.node).end };
    data = call.keywords.get('X') ?? call.positional[0];
  } else if (call.qualified?.startsWith('sklearn.preprocessing.') && FITTING_FUNCTIONS.has(lastSegment(call.qualified))) {
    transformer = { ...transformerFor(call.qualified), label: `${lastSegment(call.qualified)}()` };
    range = nodeRange(call.node);
    data = call.keywords.get('X') ?? call.positional[0];
  } else {
    // A same-file helper that fits a transformer on one of its parameters: `prepare(df)`, or
    // on what a pandas method passes it: `df.apply(prepare)`.
    const passed = call.method && APPLYING.has(call.method) ? call.positional[0] : undefined;
    const receiver = receiverNode(call);
    if (passed && receiver) {
      const applied = helperOf(flow, call, passed);
      const fit = applied?.summary.fits.get(0);
      if (!applied || !fit) return null;
      return {
        ...fit,
        call,
        range: nodeRange(call.node),
        data: shortText(receiver),
        dataNode: receiver,
        dataParams: taintOfNames(flow, namesReadOf(flow.calls, receiver)).params,
        via: { name: applied.name, fit: fit.via?.fit ?? fit },
        inPlace: false,
        notReturned: false,
        reported: false,
      };
    }
    const helper = helperOf(flow, call);
    if (!helper) return null;
    for (const [index, fit] of helper.summary.fits) {
      const arg = argumentFor(call, helper.definition, index);
      if (!arg) continue;
      return {
        ...fit,
        call,
        range: nodeRange(call.node),
        data: shortText(arg),
        dataNode: arg,
        dataParams: taintOfNames(flow, namesReadOf(flow.calls, arg)).params,
        via: { name: helper.name, fit: fit.via?.fit ?? fit },
        reported: false,
      };
    }
    return null;
  }
  if (!data) return null;
  const { qualified, label, learned, noun } = transformer;
  const dataParams = flow.summary ? taintOfNames(flow, namesReadOf(flow.calls, data)).params : NO_TAINT.params;
  return { call, transformer: qualified, range, label, learned, noun, data: shortText(data), dataNode: data, dataParams, reported: false };
}

/** Whether the call splits its data, and which arguments are the data. */
function splitOf(flow: Flow, call: CallSite): Split | null {
  const qualified = call.qualified;
  const helper = qualified ? null : helperOf(flow, call);
  if (helper && helper.summary.splits.size > 0) {
    // `split(X, y)` where `def split(X, y): return train_test_split(X, y)`.
    const data: Node[] = [];
    let inner: Split | undefined;
    for (const [index, split] of helper.summary.splits) {
      const arg = argumentFor(call, helper.definition, index);
      if (arg) data.push(arg);
      inner ??= split.via?.split ?? split;
    }
    return data.length > 0 && inner ? { call, kind: inner.kind, data, via: { name: helper.name, split: inner } } : null;
  }
  return directSplitOf(call);
}

/** What the names carry together (`NO_TAINT` when none of them carries anything tracked). */
function taintOfNames(flow: Flow, names: Iterable<string>): TaintView {
  if (flow.taint.size === 0) return NO_TAINT;
  let out: Taint | null = null;
  for (const name of names) {
    const t = flow.taint.get(name);
    if (t) merge((out ??= emptyTaint()), t);
  }
  return out ?? NO_TAINT;
}

function where(model: ScriptModel, node: Node): string {
  const line = node.startPosition.row;
  const cell = model.kind === 'notebook' ? cellAtLine(model.source, line) : undefined;
  if (cell) return `in cell ${cell.cellIndex + 1}, line ${line - cell.startLine + 1}`;
  return `at line ${line + 1}`;
}

function report(flow: Flow, event: FitEvent, split: Split): void {
  if (event.reported || flow.summary) return;
  event.reported = true;
  const { model } = flow.ctx;
  const { call } = split;
  const splitName = split.via
    ? `${split.via.name}()`
    : call.qualified
      ? lastSegment(call.qualified)
      : `${call.receiverType ? lastSegment(call.receiverType) : (call.receiver ?? '')}.${call.method ?? 'split'}`;
  const at = `${where(model, split.call.node)} (${splitName})`;
  const by = event.via ? ` by ${event.via.name}() ${where(model, event.via.fit.call.node)}` : '';
  const fitted = (event.label.endsWith('()') ? `is computed on ${event.data}` : `is fitted on ${event.data}`) + by;
  const message =
    split.kind === 'train/test split'
      ? `${event.label} ${fitted} before the train/test split ${at}: ${event.learned} of the test rows leak into training. ` +
        `Split first, then fit the ${event.noun} on the training rows only (${event.noun === 'pipeline' ? 'or add the model to the pipeline' : 'or put it in a Pipeline'}).`
      : `${event.label} ${fitted} before the cross-validation ${at}: ${event.learned} of the validation folds leak into training. ` +
        `Put the ${event.noun} and the model in a Pipeline and cross-validate the pipeline.`;
  flow.ctx.report({
    range: event.range,
    message,
    related: [
      {
        range: nodeRange(split.call.node),
        message: split.kind === 'train/test split' ? 'the data is split here' : 'the data is cross-validated here',
      },
      ...(split.via ? [{ range: nodeRange(split.via.split.call.node), message: `${split.via.name}() splits it here` }] : []),
      ...(event.via ? [{ range: event.via.fit.range, message: `${event.via.name}() fits the ${event.noun} here` }] : []),
    ],
    data: { transformer: event.label, split: splitName, splitKind: split.kind },
  });
}

/** Targets bound by an assignment-like node: names rebound, and names changed in place. */
function targetsOf(target: Node, bound: Set<string>, mutated: Set<string>): void {
  switch (target.type) {
    case 'identifier':
      bound.add(target.text);
      return;
    case 'subscript':
    case 'attribute': {
      const root = rootName(target);
      if (root) mutated.add(root);
      return;
    }
    default:
      for (const child of kids(target)) if (child.isNamed) targetsOf(child, bound, mutated);
  }
}

/** The fit carried by the transformer a `x.transform(...)` call is made on. */
function fittedReceiver(flow: Flow, call: CallSite): FitEvent | undefined {
  const receiver = receiverNode(call);
  return receiver?.type === 'identifier' ? flow.fitted.get(receiver.text) : undefined;
}

/** Processes one simple statement (or a compound statement's header expression). */
function step(flow: Flow, node: Node, binding: Binding | null): void {
  if (flow.idle) return;
  const calls = callsWithin(flow, node);
  // Without a call, a step changes nothing until something is tracked.
  if (calls.length === 0 && flow.taint.size === 0 && flow.fitted.size === 0 && flow.transformers.size === 0) return;
  let events: Map<number, FitEvent> | null = null;
  for (const call of calls) {
    const event = fitEventOf(flow, call);
    if (event) (events ??= new Map()).set(call.node.id, event);
  }
  const splitOutputs: Array<[FitEvent, Split]> = [];
  // Uses first: the right-hand side is evaluated before anything is bound.
  for (const call of calls) {
    const split = splitOf(flow, call);
    if (split) {
      if (flow.summary) {
        for (const arg of split.data)
          for (const i of taintOfNames(flow, namesReadOf(flow.calls, arg)).params) flow.summary.splits.set(i, split);
      }
      for (const arg of split.data) {
        // `train_test_split(scaler.fit_transform(X))`, `train_test_split(scaler.transform(X))` after `scaler.fit(X)`.
        for (const inner of callsWithin(flow, arg)) {
          const direct = events?.get(inner.node.id) ?? (inner.method === 'transform' ? fittedReceiver(flow, inner) : undefined);
          if (direct) report(flow, direct, split);
        }
        const t = taintOfNames(flow, namesReadOf(flow.calls, arg));
        for (const e of t.transformed) report(flow, e, split);
        const root = rootName(arg);
        const seen = root ? flow.taint.get(root)?.seen : undefined;
        for (const e of seen ?? []) splitOutputs.push([e, split]);
      }
    }
    // `scaler.fit(X)`, split X, then `scaler.transform(X_train)`: the part was scaled with the whole.
    const event = call.method === 'transform' ? fittedReceiver(flow, call) : undefined;
    const arg = call.positional[0] ?? call.keywords.get('X');
    if (event && arg) {
      const split = taintOfNames(flow, namesReadOf(flow.calls, arg)).splitOf.get(event);
      if (split) report(flow, event, split);
    }
  }
  // Then what the statement binds.
  let bound: ReadonlySet<string> = NO_NAMES;
  let mutated: ReadonlySet<string> = NO_NAMES;
  const flowing = emptyTaint();
  if (binding) {
    const rebound = new Set<string>();
    const changed = new Set<string>();
    for (const target of binding.targets) targetsOf(target, rebound, changed);
    bound = rebound;
    mutated = changed;
    if (flow.taint.size > 0) {
      const read = new Set<string>();
      for (const value of binding.values) for (const name of namesReadOf(flow.calls, value)) read.add(name);
      merge(flowing, taintOfNames(flow, read));
    }
  }
  for (const call of calls) {
    const event = events?.get(call.node.id);
    if (event) {
      // `fit` returns the transformer itself; `fit_transform` and `scale(X)` return transformed data.
      if (call.method !== 'fit' && !event.notReturned) flowing.transformed.add(event);
      const root = rootName(event.dataNode);
      if (root) {
        const t = flow.taint.get(root) ?? emptyTaint();
        t.seen.add(event);
        if (event.inPlace) t.transformed.add(event);
        flow.taint.set(root, t);
      }
      const receiver = receiverNode(call);
      if (receiver?.type === 'identifier') flow.fitted.set(receiver.text, event);
      // `scaler = StandardScaler().fit(X)`: the name now holds the fitted transformer.
      if (call.method === 'fit' && call.node.parent?.type === 'assignment') {
        const left = call.node.parent.childForFieldName('left');
        if (left?.type === 'identifier') {
          flow.fitted.set(left.text, event);
          flow.transformers.set(left.text, { qualified: event.transformer, label: event.label, learned: event.learned, noun: event.noun });
        }
      }
    } else if (call.method === 'transform') {
      const fit = fittedReceiver(flow, call);
      if (fit) flowing.transformed.add(fit);
    }
  }
  for (const [event, split] of splitOutputs) flowing.splitOf.set(event, split);
  if (!binding) return;
  if (flow.summary && node.type === 'return_statement') merge(flow.summary.returned, flowing);
  // `prep = make_pipeline(SimpleImputer(), StandardScaler())`: the name holds a pipeline of transformers.
  const value = binding.values.length === 1 && binding.values[0]!.type === 'call' ? flow.calls.get(binding.values[0]!.id) : undefined;
  const pipeline = value && bound.size === 1 ? pipelineOf(flow, value) : null;
  for (const name of bound) {
    if (pipeline) flow.transformers.set(name, pipeline);
    else if (!events) flow.transformers.delete(name);
    if (flow.fitted.has(name) && !events) flow.fitted.delete(name);
    if (isEmpty(flowing)) flow.taint.delete(name);
    else {
      const t = emptyTaint();
      merge(t, flowing);
      flow.taint.set(name, t);
    }
  }
  for (const name of mutated) {
    if (isEmpty(flowing)) continue;
    const t = flow.taint.get(name) ?? emptyTaint();
    merge(t, flowing);
    flow.taint.set(name, t);
  }
}

/** What an assignment binds (`a = b = expr`: a and b) and the expressions its value comes from. */
interface Binding {
  targets: Node[];
  values: Node[];
}

function assignmentBinding(statement: Node): Binding | null {
  let node = statement.type === 'expression_statement' ? statement.namedChild(0) : null;
  if (node?.type !== 'assignment' && node?.type !== 'augmented_assignment') return null;
  const binding: Binding = { targets: [], values: [] };
  while (node?.type === 'assignment' || node?.type === 'augmented_assignment') {
    const left = node.childForFieldName('left');
    if (left) {
      binding.targets.push(left);
      if (node.type === 'augmented_assignment') binding.values.push(left);
    }
    const right: Node | null = node.childForFieldName('right');
    if (right?.type !== 'assignment' && right?.type !== 'augmented_assignment') {
      if (right) binding.values.push(right);
      break;
    }
    node = right;
  }
  return binding;
}

/** Runs the flow over a block's statements, in order; compound statements are walked branch after branch. */
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
        if (right) step(flow, right, left ? { targets: [left], values: [right] } : null);
        compoundBodies(flow, statement, nested);
        break;
      }
      case 'if_statement':
      case 'while_statement': {
        const condition = statement.childForFieldName('condition');
        if (condition) step(flow, condition, null);
        compoundBodies(flow, statement, nested);
        break;
      }
      case 'with_statement':
      case 'try_statement':
      case 'match_statement':
      case 'case_clause':
        compoundBodies(flow, statement, nested);
        break;
      case 'return_statement':
        step(flow, statement, { targets: [], values: [...statement.namedChildren] });
        break;
      default:
        step(flow, statement, assignmentBinding(statement));
    }
  }
}

function compoundBodies(flow: Flow, statement: Node, nested: Node[]): void {
  for (const child of kids(statement)) {
    if (child.type === 'block') block(flow, kids(child), nested);
    else if (child.type === 'case_clause') compoundBodies(flow, child, nested);
    else if (['elif_clause', 'else_clause', 'except_clause', 'finally_clause', 'case_clause', 'except_group_clause'].includes(child.type)) {
      compoundBodies(flow, child, nested);
    } else if (child.type === 'with_clause') {
      step(flow, child, null);
    }
  }
}

function newFlow(ctx: ContextOf<'MLH401'>, calls: Map<number, CallSite>, helpers: Helpers): Flow {
  return { ctx, calls, taint: new Map(), fitted: new Map(), transformers: new Map(), helpers, summary: null };
}

/** Functions defined at the module's top level, by name, in program order. */
function moduleFunctions(model: ScriptModel): Map<string, Node[]> {
  const out = new Map<string, Node[]>();
  for (const definition of nodesOfType(model, 'function_definition')) {
    let parent = definition.parent;
    if (parent?.type === 'decorated_definition') parent = parent.parent;
    if (parent?.type !== 'module') continue;
    const name = definition.childForFieldName('name')?.text;
    if (!name) continue;
    const list = out.get(name) ?? [];
    list.push(definition);
    out.set(name, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.startIndex - b.startIndex);
  return out;
}

/**
 * Whether a function body's own flow can report: a report needs a split in it, directly or in a
 * same-file helper it calls or passes (whose summary, computed on the way, it could also need). A
 * body with neither starts with nothing tainted and ends with nothing to report.
 */
function mayReport(body: Node, calls: Map<number, CallSite>, helpers: Helpers): boolean {
  for (const call of callsRunWith(calls, body, 'outer-first')) {
    if (directSplitOf(call) !== null) return true;
    if (call.callee.type === 'identifier' && helpers.definitions.has(call.callee.text)) return true;
    const passed = call.positional[0];
    if (call.method && APPLYING.has(call.method) && passed?.type === 'identifier' && helpers.definitions.has(passed.text)) return true;
  }
  return false;
}

/**
 * Whether the file both fits a transformer and splits something (directly or in a helper, whose body
 * holds the call too): a leak needs both, and most files lack one, so the flow is not run for them.
 */
function fitsAndSplits(calls: readonly CallSite[]): boolean {
  let fits = false;
  let splits = false;
  for (const call of calls) {
    const qualified = call.qualified;
    // A fit the flow follows: of a learning transformer or a pipeline (`transformerOf`), or a fitting
    // function. A transformer held in a name comes from a pipeline built in the file or from such a fit.
    if (qualified && PIPELINES.has(qualified)) fits = true;
    else if (
      (call.method === 'fit' || call.method === 'fit_transform') &&
      (PIPELINES.has(call.receiverType ?? '') || isLearningTransformer(call.receiverType))
    )
      fits = true;
    else if (qualified?.startsWith('sklearn.preprocessing.') && FITTING_FUNCTIONS.has(lastSegment(qualified))) fits = true;
    if (directSplitOf(call) !== null) splits = true;
    if (fits && splits) return true;
  }
  return false;
}

export const preprocessingBeforeSplit: Rule = {
  code: 'MLH401',
  name: 'preprocessing-before-split',
  family: 'correctness',
  defaultSeverity: 'warning',
  status: 'stable',
  summary:
    'A scaler, encoder, imputer, selector or decomposition is fitted on data that is split into train and test afterwards (data leakage).',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH401'>) {
    if (!fitsAndSplits(ctx.model.calls)) return;
    const calls = callIndex(ctx.model);
    const helpers: Helpers = { definitions: moduleFunctions(ctx.model), summaries: new Map() };
    const pending: Node[] = [];
    block(newFlow(ctx, calls, helpers), kids(ctx.model.tree.rootNode), pending);
    // Each function body is its own block, with its own names.
    while (pending.length > 0) {
      const definition = pending.shift()!;
      const inner = definition.type === 'decorated_definition' ? definition.childForFieldName('definition') : definition;
      const body = inner?.childForFieldName('body');
      if (!body) continue;
      const flow = newFlow(ctx, calls, helpers);
      flow.idle = !mayReport(body, calls, helpers);
      block(flow, kids(body), pending);
    }
  },
};
