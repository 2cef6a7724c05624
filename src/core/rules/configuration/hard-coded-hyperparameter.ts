import type { Node } from '../../parse/syntax';
import {
  CALLBACK_HYPERPARAMETERS,
  COMPILE_HYPERPARAMETERS,
  DROPOUT_RATE_PARAMETERS,
  FIT_HYPERPARAMETERS,
  LAYER_HYPERPARAMETERS,
  NOT_HYPERPARAMETERS,
  TRAIN_PARAMS_SETTINGS,
  TRANSFORMER_HYPERPARAMETERS,
  hyperparameterPositionals,
  lookupApi,
} from '../../kb/apis';
import type { BindingIndex, CallSite } from '../../semantic';
import { stringValue } from '../../semantic';
import { kids, nodeRange } from '../../parse/syntax';
import type { ContextOf, Rule } from '../rule';
import { option } from '../rule';
import type { Literal } from './constants';
import { literalOf, literalText } from './constants';

/** Which of a call's parameters hold hyperparameters. */
type Accepts = (parameter: string) => boolean;

/** A place in a call where a hyperparameter's value goes. */
interface Slot {
  parameter: string;
  value: Node;
}

interface Target {
  accepts: Accepts;
  /** Positional arguments whose parameter is certain. */
  positionals: ReadonlyArray<readonly [number, string]>;
  /** `**params` dicts are read as keyword arguments. */
  readSplat: boolean;
  /** Only string values count (`compile(optimizer="adam")`). */
  stringsOnly?: boolean;
}

const anyButSettings: Accepts = (p) => !NOT_HYPERPARAMETERS.has(p);
const among =
  (names: ReadonlySet<string>): Accepts =>
  (p) =>
    names.has(p);

const FIT_METHODS = new Set(['fit', 'fit_generator']);
const TRAIN_FUNCTIONS = new Set(['xgboost.train', 'lightgbm.train']);
/** Values that describe the input's format rather than a modelling choice. */
const FORMAT_VALUES = new Set(['precomputed']);

function isClassName(qualified: string): boolean {
  const first = qualified.charCodeAt(qualified.lastIndexOf('.') + 1);
  return first >= 65 && first <= 90; // A-Z
}

function isKerasCallback(qualified: string): boolean {
  return /^(tensorflow\.)?keras\.callbacks\./.test(qualified);
}

function isDropout(qualified: string): boolean {
  return /Dropout\w*$/.test(qualified);
}

/**
 * What a constructor accepts, remembered per qualified name (a script builds the same classes many
 * times; bounded). The targets are shared: callers must not change them.
 */
const targetsByName = new Map<string, Target | null>();

/** What a constructor (resolved through the imports) accepts as hyperparameters, if anything. */
function constructorTarget(qualified: string): Target | null {
  if (!isClassName(qualified)) return null;
  const remembered = targetsByName.get(qualified);
  if (remembered !== undefined) return remembered;
  const target = findConstructorTarget(qualified);
  if (targetsByName.size >= 20_000) targetsByName.clear();
  targetsByName.set(qualified, target);
  return target;
}

function findConstructorTarget(qualified: string): Target | null {
  const info = lookupApi(qualified);
  const positionals = hyperparameterPositionals(qualified);
  // In PyTorch the training batch size is set on the DataLoader.
  if (qualified === 'torch.utils.data.DataLoader') return { accepts: (p) => p === 'batch_size', positionals: [], readSplat: true };
  switch (info?.kind) {
    case 'estimator':
      if (isKerasCallback(qualified)) return { accepts: among(CALLBACK_HYPERPARAMETERS), positionals, readSplat: false };
      return { accepts: anyButSettings, positionals, readSplat: true };
    case 'optimizer':
      return { accepts: anyButSettings, positionals, readSplat: true };
    case 'transformer':
      if (qualified.startsWith('torchvision.')) return null;
      // A manifold embedding's n_components is the dimension of the picture drawn from it.
      if (qualified.startsWith('sklearn.manifold.'))
        return { accepts: (p) => p !== 'n_components' && TRANSFORMER_HYPERPARAMETERS.has(p), positionals, readSplat: true };
      return { accepts: among(TRANSFORMER_HYPERPARAMETERS), positionals, readSplat: true };
    case 'layer': {
      const dropout = isDropout(qualified);
      return { accepts: (p) => LAYER_HYPERPARAMETERS.has(p) || (dropout && DROPOUT_RATE_PARAMETERS.has(p)), positionals, readSplat: false };
    }
    default:
      return null;
  }
}

const FIT_TARGET: Target = { accepts: among(FIT_HYPERPARAMETERS), positionals: [], readSplat: false };
const COMPILE_TARGET: Target = { accepts: among(COMPILE_HYPERPARAMETERS), positionals: [], readSplat: false, stringsOnly: true };
const TRAIN_TARGETS = new Map(
  [...TRAIN_FUNCTIONS].map((q): [string, Target] => [
    q,
    { accepts: among(FIT_HYPERPARAMETERS), positionals: hyperparameterPositionals(q), readSplat: false },
  ]),
);

/** What a call accepts as hyperparameters, if anything (shared: do not change it). */
function targetOf(call: CallSite): Target | null {
  if (call.qualified) return TRAIN_TARGETS.get(call.qualified) ?? constructorTarget(call.qualified);
  if (!call.method) return null;
  if (FIT_METHODS.has(call.method)) return FIT_TARGET;
  if (call.method === 'compile') return COMPILE_TARGET;
  if (call.method === 'set_params' && call.receiverType) {
    const target = constructorTarget(call.receiverType);
    return target ? { ...target, positionals: [] } : null;
  }
  return null;
}

/** Key/value pairs of a dict display (`{"a": 1}`) or a `dict(a=1)` call; null for anything else. */
function dictEntries(node: Node): Slot[] | null {
  if (node.type === 'dictionary') {
    const slots: Slot[] = [];
    for (const pair of kids(node)) {
      if (pair.type !== 'pair') continue;
      const key = pair.childForFieldName('key');
      const value = pair.childForFieldName('value');
      const name = key ? stringValue(key) : null;
      if (name !== null && value) slots.push({ parameter: name, value });
    }
    return slots;
  }
  if (node.type === 'call' && node.childForFieldName('function')?.text === 'dict') {
    const args = node.childForFieldName('arguments');
    if (!args) return null;
    const slots: Slot[] = [];
    for (const arg of kids(args)) {
      if (arg.type !== 'keyword_argument') continue;
      const name = arg.childForFieldName('name');
      const value = arg.childForFieldName('value');
      if (name && value) slots.push({ parameter: name.text, value });
    }
    return slots;
  }
  return null;
}

/** A dict given directly or through a name bound once to it. */
function resolveDict(node: Node, index: BindingIndex): Slot[] | null {
  const direct = dictEntries(node);
  if (direct) return direct;
  if (node.type !== 'identifier') return null;
  const bound = index.resolve(node, node.text);
  return bound ? dictEntries(bound) : null;
}

function slotsOf(call: CallSite, target: Target, index: BindingIndex): Slot[] {
  const slots: Slot[] = [];
  for (const [name, value] of call.keywords) if (target.accepts(name)) slots.push({ parameter: name, value });
  const positional = call.positional;
  for (const [position, name] of target.positionals) {
    const value = positional[position];
    if (value && !call.keywords.has(name)) slots.push({ parameter: name, value });
  }
  // The params dict of xgboost.train / lightgbm.train.
  if (call.qualified && TRAIN_FUNCTIONS.has(call.qualified)) {
    const params = call.keywords.get('params') ?? positional[0];
    const entries = params ? resolveDict(params, index) : null;
    for (const entry of entries ?? []) {
      if (!NOT_HYPERPARAMETERS.has(entry.parameter) && !TRAIN_PARAMS_SETTINGS.has(entry.parameter)) slots.push(entry);
    }
  }
  if (target.readSplat && call.hasSplat) {
    const args = call.node.childForFieldName('arguments');
    for (const arg of args ? kids(args) : []) {
      if (arg.type !== 'dictionary_splat') continue;
      const inner = arg.namedChildren.find((n): n is Node => n !== null);
      const entries = inner ? resolveDict(inner, index) : null;
      for (const entry of entries ?? []) if (target.accepts(entry.parameter)) slots.push(entry);
    }
  }
  return slots;
}

/** How the callee is shown in a message: the class name, or the call as written. */
function calleeLabel(call: CallSite): string {
  if (call.qualified && isClassName(call.qualified)) return call.qualified.split('.').pop()!;
  const text = call.callee.text;
  if (!text.includes('\n') && text.length <= 40) return text;
  return call.method ?? call.qualified ?? 'this call';
}

function isReportable(literal: Literal, target: Target): boolean {
  if (typeof literal.value === 'string') return literal.value !== '' && !FORMAT_VALUES.has(literal.value);
  return !target.stringsOnly;
}

export const hardCodedHyperparameter: Rule = {
  code: 'MLH101',
  name: 'hard-coded-hyperparameter',
  family: 'configuration',
  defaultSeverity: 'warning',
  status: 'stable',
  summary: 'A literal hyperparameter is written into a model, optimiser or training call instead of coming from configuration.',
  appliesTo: ['python', 'notebook'],
  options: {
    'ignore-parameters': {
      type: 'string[]',
      default: [],
      description: 'Parameter names never reported (for example ["max_iter", "tol"]).',
    },
  },
  check(ctx: ContextOf<'MLH101'>) {
    const { model } = ctx;
    const ignored = new Set(option<string[]>(ctx, 'ignore-parameters'));
    const index = model.bindings;
    const reported = new Set<number>();
    for (const call of model.calls) {
      const target = targetOf(call);
      if (!target) continue;
      let callee: string | undefined;
      for (const slot of slotsOf(call, target, index)) {
        if (ignored.has(slot.parameter)) continue;
        const direct = literalOf(slot.value);
        const bound = direct || slot.value.type !== 'identifier' ? null : index.resolve(slot.value, slot.value.text);
        const literal = direct ?? (bound ? literalOf(bound) : null);
        if (!literal || !isReportable(literal, target) || reported.has(literal.node.id)) continue;
        reported.add(literal.node.id);
        callee ??= calleeLabel(call);
        const value = literalText(literal.node);
        const constant = direct ? null : slot.value.text;
        ctx.report({
          range: nodeRange(literal.node),
          message: constant
            ? `Hard-coded hyperparameter ${constant} = ${value} feeds ${slot.parameter} of ${callee}: move it to the params file.`
            : `Hard-coded hyperparameter ${slot.parameter}=${value} for ${callee}: move it to the params file.`,
          data: {
            parameter: slot.parameter,
            value: literal.value,
            callee: call.qualified ?? call.callee.text,
            ...(constant ? { constant } : {}),
          },
          call: nodeRange(call.node),
        });
      }
    }
  },
};
