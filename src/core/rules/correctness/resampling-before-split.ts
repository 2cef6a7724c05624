import type { Node } from '../../parse/syntax';
import { nodeRange } from '../../parse/syntax';
import type { CallSite } from '../../semantic';
import type { Range } from '../../types';
import type { ContextOf, Rule } from '../rule';
import { lastSegment, rootName } from '../../semantic/expressions';
import { callLabel, callRange, localFunction, runFlow, splitOf, where } from './leakage';
import type { Split } from './leakage';

/**
 * MLH402: rows oversampled (copied or synthesised from their neighbours) before the data is split
 * into train and test or cross-validation folds, so a row and its copies land on both sides.
 */

interface Resampling {
  kind: 'resampling';
  call: CallSite;
  label: string;
  range: Range;
  reported: boolean;
}

/** A function parameter, for the per-function summary: which parameters reach a split. */
interface Parameter {
  kind: 'parameter';
  definition: Node;
  index: number;
}

type Tag = Resampling | Parameter;

/** imbalanced-learn's oversamplers and combined samplers (every class of these modules). */
const OVERSAMPLER_MODULES = /^imblearn\.(over_sampling|combine)\.(\w+\.)*[A-Z]\w*$/;

function isTruthy(node: Node | undefined): boolean {
  return node?.type === 'true' || (node?.type === 'integer' && node.text !== '0');
}

/** `frac=2`, `frac=1.5`. */
function isUpFraction(node: Node | undefined): boolean {
  return (node?.type === 'float' || node?.type === 'integer') && Number(node.text) > 1;
}

/** Whether a list (or `[a] * k`) names the same data twice: `[df, df[df.y == 1]]`, `[df] + [minority] * 3`. */
function duplicatesRows(node: Node | undefined): boolean {
  if (!node) return false;
  if (node.type === 'binary_operator') {
    const op = node.childForFieldName('operator')?.text;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (op === '*' && (left?.type === 'list' || right?.type === 'list')) {
      const n = left?.type === 'list' ? right : left;
      return n?.type !== 'integer' || Number(n.text) > 1;
    }
    if (op === '+') {
      return duplicatesRows(left ?? undefined) || duplicatesRows(right ?? undefined) || sameRootTwice([left, right]);
    }
    return false;
  }
  if (node.type === 'list' || node.type === 'tuple') return sameRootTwice(node.namedChildren);
  return false;
}

/** A subscript that selects columns (`df[["a", "b"]]`, `df["a"]`), not rows. */
function selectsColumns(node: Node): boolean {
  if (node.type === 'attribute' && ['values', 'T'].includes(node.childForFieldName('attribute')?.text ?? '')) {
    return selectsColumns(node.childForFieldName('object')!);
  }
  if (node.type !== 'subscript') return false;
  const index = node.childForFieldName('subscript');
  return index?.type === 'string' || (index?.type === 'list' && index.namedChildren.every((c) => c.type === 'string'));
}

/** `df`, `df.copy()`, `df.values`: the whole of a variable. */
function isWhole(node: Node): boolean {
  if (node.type === 'identifier') return true;
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'copy' && isWhole(fn.childForFieldName('object')!);
  }
  if (node.type === 'attribute')
    return node.childForFieldName('attribute')?.text === 'values' && isWhole(node.childForFieldName('object')!);
  return false;
}

/**
 * Whether a list of pieces repeats rows: the same expression twice (`[df, df]`), or a variable and a
 * row selection of it (`[df, df[df.y == 1]]`); not different slices or different columns of it.
 */
function sameRootTwice(items: ReadonlyArray<Node | null>): boolean {
  const seen = new Map<string, Node[]>();
  for (const item of items) {
    if (!item) continue;
    const elements = item.type === 'list' ? item.namedChildren : [item];
    for (const e of elements) {
      const root = rootName(e);
      if (!root) continue;
      const text = e.text.replace(/\s+/g, '');
      for (const other of seen.get(root) ?? []) {
        if (other.text.replace(/\s+/g, '') === text) return true;
        const [whole, part] = isWhole(other) ? [other, e] : isWhole(e) ? [e, other] : [null, null];
        if (whole && part && part.type === 'subscript' && !selectsColumns(part)) return true;
      }
      seen.set(root, [...(seen.get(root) ?? []), e]);
    }
  }
  return false;
}

/** The oversampling a call does, as a label for the message, or null. */
function oversampling(call: CallSite, receiverType: string | null): string | null {
  if ((call.method === 'fit_resample' || call.method === 'fit_sample') && receiverType && OVERSAMPLER_MODULES.test(receiverType)) {
    return `${lastSegment(receiverType)}.${call.method}`;
  }
  if (call.qualified === 'sklearn.utils.resample' || call.qualified === 'sklearn.utils._resample') {
    const replace = call.keywords.get('replace');
    if (replace && !isTruthy(replace)) return null; // replace=False draws a subset: no copies
    return 'resample(replace=True)';
  }
  if (call.method === 'sample' && call.callee.type === 'attribute' && !call.qualified) {
    if (isTruthy(call.keywords.get('replace')) || isUpFraction(call.keywords.get('frac'))) return `${call.callee.text}(…)`;
    return null;
  }
  if (
    call.qualified === 'pandas.concat' ||
    call.qualified === 'numpy.concatenate' ||
    call.qualified === 'numpy.vstack' ||
    call.qualified === 'numpy.r_'
  ) {
    const items = call.positional[0] ?? call.keywords.get('objs');
    const axis = call.keywords.get('axis');
    if (axis && axis.text !== '0' && axis.text !== "'index'" && axis.text !== '"index"') return null; // columns side by side
    if (duplicatesRows(items)) return `${lastSegment(call.qualified)}(…) of the same rows`;
  }
  if (call.method === 'append' && call.callee.type === 'attribute') {
    const receiver = call.callee.childForFieldName('object');
    const arg = call.positional[0];
    const root = receiver ? rootName(receiver) : null;
    if (root && arg && rootName(arg) === root && arg.type !== 'identifier') return `${root}.append(…) of its own rows`;
  }
  return null;
}

export const resamplingBeforeSplit: Rule = {
  code: 'MLH402',
  name: 'resampling-before-split',
  family: 'correctness',
  defaultSeverity: 'error',
  status: 'stable',
  summary:
    'Rows are oversampled (SMOTE and friends, `resample(replace=True)`, duplicated rows) before the data is split into train and test, so copies of a row land on both sides (data leakage).',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH402'>) {
    const { model } = ctx;
    if (!model.calls.some((c) => oversampling(c, c.receiverType) !== null)) return; // cheap: most files resample nothing
    const own = new Map<number, Resampling>();
    /** Function -> parameter index -> the split its parameter reaches inside. */
    const summaries = new Map<Node, Map<number, Split>>();
    const params = new Map<Node, Parameter[]>();

    const report = (resampling: Resampling, split: Split, via: CallSite | null): void => {
      if (resampling.reported) return;
      resampling.reported = true;
      const splitName = callLabel(split.call);
      const at = via
        ? `${where(model, via.node)} (through ${callLabel(via)}(), which calls ${splitName})`
        : `${where(model, split.call.node)} (${splitName})`;
      const side = split.kind === 'train/test split' ? 'both the training and the test rows' : 'both training and validation folds';
      const message =
        `${resampling.label} oversamples the data before the ${split.kind} ${at}: copies of a row (or synthetic neighbours of it) land in ${side}, ` +
        `so the score measures memorised rows. Split first, then oversample the training part only (or put the sampler in an imblearn Pipeline).`;
      ctx.report({
        range: resampling.range,
        message,
        related: [
          {
            range: nodeRange((via ?? split.call).node),
            message: split.kind === 'train/test split' ? 'the data is split here' : 'the data is cross-validated here',
          },
        ],
        data: { resampler: resampling.label, split: splitName, splitKind: split.kind },
      });
    };

    const sink = (split: Split, tags: ReadonlySet<Tag>, via: CallSite | null, definition: Node | null): void => {
      for (const tag of tags) {
        if (tag.kind === 'resampling') report(tag, split, via);
        else if (definition && tag.definition === definition) {
          const summary = summaries.get(definition) ?? new Map<number, Split>();
          if (!summary.has(tag.index)) summary.set(tag.index, split);
          summaries.set(definition, summary);
        }
      }
    };

    let current: Node | null = null;
    runFlow<Tag>(model, {
      produces(call, _position, view) {
        let tag = own.get(call.node.id);
        if (!tag) {
          const label = oversampling(call, view.typeOf(call));
          if (!label) return [];
          tag = { kind: 'resampling', call, label, range: callRange(call), reported: false };
          own.set(call.node.id, tag);
        }
        return [tag];
      },
      paramTags(definition, parameters) {
        current = definition;
        const list = parameters.map((_, index): Parameter => ({ kind: 'parameter', definition, index }));
        params.set(definition, list);
        return new Map(parameters.map((p, i) => [p.text, [list[i]!]]));
      },
      onFunctionDone() {
        current = null;
      },
      onCall(call, { tags }) {
        const split = splitOf(call);
        if (split) for (const arg of split.data) sink(split, tags(arg), null, current);
        const fn = localFunction(model, call);
        const summary = fn ? summaries.get(fn) : undefined;
        if (summary) {
          call.positional.forEach((arg, i) => {
            const inner = summary.get(i);
            if (inner) sink(inner, tags(arg), call, current);
          });
        }
      },
    });
  },
};
