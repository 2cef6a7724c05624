import type { CallSite, ScriptModel } from '../semantic';
import type { Node } from '../parse/syntax';
import { kids, nodeRange } from '../parse/syntax';
import type { Finding, Range, TextEdit } from '../types';
import { payloadOf } from '../types';
import type { Refusal, RefactorResult } from './change';
import { refusal } from './change';
import { callAtRange, eolOf, freshName, identifiersOf, sameRange } from './nodes';
import { scriptResult } from './result';

/**
 * "Fit it on the training rows" (MLH401): the fit that leaks is moved after the split and made on
 * the training rows; the test rows are transformed with that fit:
 *
 *     X = scaler.fit_transform(X)                  X_train, X_test, y_train, y_test = train_test_split(X, y)
 *     X_train, X_test, y_train, y_test = ...   ->  X_train = scaler.fit_transform(X_train)
 *                                                   X_test = scaler.transform(X_test)
 *
 * `scaler.fit(X)` before a split whose parts are transformed later becomes `scaler.fit(X_train)`
 * after it. Before cross-validation (`cross_val_score(model, X_s, y)`) the transformer goes into a
 * pipeline with the model instead: `cross_val_score(make_pipeline(scaler, model), X, y)`.
 * Unsafe: every number downstream changes, on purpose. Anything else is refused with its reason.
 */

const CV_FUNCTIONS = new Set([
  'sklearn.model_selection.cross_val_score',
  'sklearn.model_selection.cross_validate',
  'sklearn.model_selection.cross_val_predict',
]);

type Shape =
  /** `T = R.fit_transform(D, ...)` */
  | { kind: 'fit_transform'; target: string }
  /** `R.fit(D)` or `T = Ctor().fit(D)` */
  | { kind: 'fit'; target: string | null };

/** The statement a call is the whole of (`x = call` or `call`), with its shape; null otherwise. */
function statementOf(call: CallSite): { statement: Node; target: string | null } | null {
  const parent = call.node.parent;
  if (parent?.type === 'expression_statement') return { statement: parent, target: null };
  if (parent?.type !== 'assignment' || parent.childForFieldName('right')?.id !== call.node.id) return null;
  const statement = parent.parent;
  if (statement?.type !== 'expression_statement') return null;
  const left = parent.childForFieldName('left');
  return { statement, target: left?.type === 'identifier' ? left.text : '' };
}

/** Identifiers anywhere in a node. */
function identifiers(node: Node, into: Set<string> = new Set()): Set<string> {
  if (node.type === 'identifier') into.add(node.text);
  for (const child of kids(node)) identifiers(child, into);
  return into;
}

/** Whether the statement stands alone on its lines (nothing but blanks and a comment beside it). */
function aloneOnItsLines(model: ScriptModel, statement: Node): boolean {
  const first = model.lines[statement.startPosition.row] ?? '';
  const last = model.lines[statement.endPosition.row] ?? '';
  return first.slice(0, statement.startPosition.column).trim() === '' && /^\s*(#.*)?$/.test(last.slice(statement.endPosition.column));
}

/** A plain data expression: a name, or attributes and subscripts of one (`df[cols]`, `data.values`), no calls. */
function isPlainData(node: Node): boolean {
  if (node.type === 'identifier') return true;
  if (node.type === 'attribute') return isPlainData(node.childForFieldName('object')!);
  if (node.type === 'subscript') {
    const value = node.childForFieldName('value');
    return !!value && isPlainData(value) && !kids(node).some((c) => c.type === 'call' || c.type === 'lambda');
  }
  return false;
}

function rootOf(node: Node): string {
  let current = node;
  while (current.type !== 'identifier') current = (current.childForFieldName('object') ?? current.childForFieldName('value'))!;
  return current.text;
}

function baseName(label: string): string {
  if (/pipeline/i.test(label)) return 'preprocessor';
  const match = /(Scaler|Imputer|Encoder|Vectorizer|Selector|Transformer)$/.exec(label);
  if (match) return match[1]!.toLowerCase();
  if (/^(PCA|TruncatedSVD|FastICA|NMF)$/.test(label)) return label.toLowerCase();
  if (/^Select|^RFE/.test(label)) return 'selector';
  return 'transformer';
}

interface Context {
  model: ScriptModel;
  finding: Finding;
  refuse(range: Range, reason: string): RefactorResult;
}

export function fitOnTrainingRows(model: ScriptModel, finding: Finding): RefactorResult {
  const refused: Refusal[] = [];
  const ctx: Context = {
    model,
    finding,
    refuse(range, reason) {
      refused.push(refusal(range, finding.code, reason));
      return { change: null, refused, moved: [] };
    },
  };
  const result = plan(ctx);
  if ('reason' in result) return ctx.refuse(result.range, result.reason);
  const done = scriptResult(model, null, result.title, result.edits, refused);
  return done.change ? { ...done, change: { ...done.change, movesStatements: true } } : done;
}

type Plan = { title: string; edits: TextEdit[] } | { range: Range; reason: string };

function plan(ctx: Context): Plan {
  const { model, finding } = ctx;
  const no = (range: Range, reason: string): Plan => ({ range, reason });
  const related = finding.related ?? [];
  if (related.length !== 1) return no(finding.range, 'the fit or the split is inside a helper function: move it by hand');
  const split = callAtRange(model, related[0]!.range);
  const fit = model.calls.find(
    (c) =>
      (c.method === 'fit' || c.method === 'fit_transform') &&
      c.callee.type === 'attribute' &&
      sameRange({ start: nodeRange(c.callee.childForFieldName('attribute')!).start, end: nodeRange(c.node).end }, finding.range),
  );
  if (!split || !fit) {
    const what = finding.range.start.line === finding.range.end.line ? 'this fit' : 'the fit';
    return no(
      finding.range,
      `${what} is not a transformer's fit() or fit_transform() that can be moved (a function such as scale(), or the file changed)`,
    );
  }
  const fitAt = statementOf(fit);
  // The statement holding the split, in the fit's block: the split itself for train_test_split, any
  // statement around a cross-validation call (`print(cross_val_score(...).mean())`).
  const cvCall = split.qualified !== null && CV_FUNCTIONS.has(split.qualified);
  const cv = cvCall;
  const isTrainTest = split.qualified === 'sklearn.model_selection.train_test_split';
  if (!cv && !isTrainTest) {
    return no(
      related[0]!.range,
      `only train_test_split and cross_val_score/cross_validate/cross_val_predict can be rewritten: put the transformer in a Pipeline with the model by hand`,
    );
  }
  let holder: Node | null = split.node;
  while (holder && holder.parent?.id !== fitAt?.statement.parent?.id) {
    if (['function_definition', 'lambda', 'class_definition'].includes(holder.type)) holder = null;
    else holder = holder.parent;
  }
  const own = statementOf(split);
  const splitAt = cvCall && holder ? { statement: holder, target: null } : own;
  const fitLine = `line ${fit.node.startPosition.row + 1}`;
  if (!fitAt || fitAt.target === '')
    return no(finding.range, `the fit at ${fitLine} is not a statement of its own (\`X = scaler.fit_transform(X)\` or \`scaler.fit(X)\`)`);
  if (!splitAt) return no(related[0]!.range, 'the split is not a statement of its own (`X_train, X_test, ... = train_test_split(...)`)');
  if (fitAt.statement.parent?.id !== splitAt.statement.parent?.id || fitAt.statement.startIndex > splitAt.statement.startIndex) {
    return no(finding.range, 'the fit and the split are not in the same block: move the fit by hand');
  }
  if (!aloneOnItsLines(model, fitAt.statement)) return no(finding.range, `the fit at ${fitLine} shares its line with other code`);
  const shape: Shape =
    fit.method === 'fit_transform' ? { kind: 'fit_transform', target: fitAt.target ?? '' } : { kind: 'fit', target: fitAt.target };
  if (shape.kind === 'fit_transform' && !shape.target) return no(finding.range, 'the output of fit_transform() is not assigned to a name');
  const data = fit.keywords.get('X') ?? fit.positional[0];
  if (!data || !isPlainData(data) || fit.hasSplat || fit.positional.length + fit.keywords.size > 2) {
    return no(finding.range, 'the fit is not made on a plain name or column selection (`X`, `df[cols]`)');
  }
  const receiver = fit.callee.childForFieldName('object')!;
  const isCtor = receiver.type === 'call';
  if (!isCtor && receiver.type !== 'identifier') return no(finding.range, 'the transformer is neither a name nor a constructor call');
  if (shape.kind === 'fit' && isCtor && !shape.target) return no(finding.range, 'the fitted transformer is not kept in a name');

  // Nothing between the fit and the split may touch the data, its output or the transformer.
  const watched = new Set([rootOf(data), shape.target ?? '', isCtor ? '' : receiver.text].filter(Boolean));
  const block = fitAt.statement.parent!;
  const siblings = kids(block).filter((c) => c.isNamed && c.type !== 'comment');
  const fitIndex = siblings.findIndex((s) => s.id === fitAt.statement.id);
  const splitIndex = siblings.findIndex((s) => s.id === splitAt.statement.id);
  for (const between of siblings.slice(fitIndex + 1, splitIndex)) {
    const used = [...identifiers(between)].find((n) => watched.has(n));
    if (used) {
      return no(
        nodeRange(between),
        `\`${used}\` is used at line ${between.startPosition.row + 1}, between the fit (${fitLine}) and the split: move the fit by hand`,
      );
    }
  }
  const after = siblings.slice(splitIndex + 1);
  const splitArgs = split.positional;
  const eol = eolOf(model.source.text);
  const indent = ' '.repeat(splitAt.statement.startPosition.column);
  const deleteFit: TextEdit = {
    range: {
      start: { line: fitAt.statement.startPosition.row, character: 0 },
      end: { line: fitAt.statement.endPosition.row + 1, character: 0 },
    },
    newText: '',
  };
  if (fitAt.statement.endPosition.row + 1 >= model.lines.length) deleteFit.range.end = nodeRange(fitAt.statement).end;
  const taken = identifiersOf(model);
  const name = isCtor ? freshName(taken, baseName(payloadOf(finding, 'MLH401')?.transformer ?? '')) : receiver.text;

  // The data the split now takes: for fit_transform, the output name is replaced by the input.
  const splitData = shape.kind === 'fit_transform' ? shape.target! : data.text;
  const dataArg = cv ? (split.keywords.get('X') ?? splitArgs[1]) : splitArgs.find((a) => a.text === splitData);
  if (!dataArg || dataArg.text !== splitData) {
    return no(related[0]!.range, `the split does not take \`${splitData}\` itself as an argument`);
  }
  if (shape.kind === 'fit_transform') {
    // The output name is gone after the rewrite (or, when it is the input's name, holds the raw rows).
    for (const later of after) {
      if (identifiers(later).has(shape.target!)) {
        return no(
          nodeRange(later),
          `\`${shape.target}\` (the transformed data) is used again at line ${later.startPosition.row + 1}, after the split: move the fit by hand`,
        );
      }
    }
  } else if (cv) {
    return no(finding.range, 'fit() before cross-validation: put the transformer in a Pipeline with the model by hand');
  }
  const edits: TextEdit[] = [deleteFit];
  if (cv) {
    const estimator = split.keywords.get('estimator') ?? splitArgs[0];
    if (!estimator) return no(related[0]!.range, 'the cross-validation call has no estimator argument');
    const local = [...model.importMap].find(([, q]) => q === 'sklearn.pipeline.make_pipeline')?.[0];
    const makePipeline = local ?? freshName(taken, 'make_pipeline');
    edits.push({ range: nodeRange(estimator), newText: `${makePipeline}(${receiver.text}, ${estimator.text})` });
    edits.push({ range: nodeRange(dataArg), newText: data.text });
    if (!local) {
      const importLine = `from sklearn.pipeline import make_pipeline${makePipeline === 'make_pipeline' ? '' : ` as ${makePipeline}`}`;
      const lastImport = [...model.importStatements]
        .filter((s) => s.parent?.type === 'module' && s.startIndex < splitAt.statement.startIndex)
        .sort((a, b) => a.startIndex - b.startIndex)
        .pop();
      const at = lastImport ? nodeRange(lastImport).end : { line: splitAt.statement.startPosition.row, character: 0 };
      edits.push({ range: { start: at, end: at }, newText: lastImport ? `${eol}${importLine}` : `${indent}${importLine}${eol}` });
    }
    return { title: 'Cross-validate the transformer with the model in a pipeline', edits };
  }
  // train_test_split: the parts of the data argument are `targets[2i]`, `targets[2i + 1]`.
  const left = splitAt.statement.namedChild(0)?.childForFieldName('left');
  const targets =
    left && ['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'expression_list'].includes(left.type) ? left.namedChildren : [];
  const index = splitArgs.indexOf(dataArg);
  if (targets.length !== 2 * splitArgs.length || targets.some((t) => t.type !== 'identifier') || split.hasSplat) {
    return no(related[0]!.range, 'the split’s parts are not assigned to one name each (`X_train, X_test, y_train, y_test = ...`)');
  }
  const train = targets[2 * index]!.text;
  const test = targets[2 * index + 1]!.text;
  // Other arguments of the fit (a selector's `y`) are split too: use their training part.
  const extra: string[] = [];
  for (const arg of fit.positional.slice(1)) {
    const i = splitArgs.findIndex((a) => a.text === arg.text);
    if (i < 0) return no(finding.range, `\`${arg.text}\`, passed to the fit, is not split with the data`);
    extra.push(targets[2 * i]!.text);
  }
  const extraText = extra.map((e) => `, ${e}`).join('');
  const lines: string[] = [];
  if (shape.kind === 'fit_transform') {
    edits.push({ range: nodeRange(dataArg), newText: data.text });
    if (isCtor) lines.push(`${name} = ${receiver.text}`);
    lines.push(`${train} = ${name}.fit_transform(${train}${extraText})`, `${test} = ${name}.transform(${test})`);
  } else {
    const call = `${receiver.text}.fit(${train}${extraText})`;
    lines.push(shape.target ? `${shape.target} = ${call}` : call);
  }
  const end = nodeRange(splitAt.statement).end;
  edits.push({ range: { start: end, end }, newText: lines.map((l) => `${eol}${indent}${l}`).join('') });
  return { title: 'Fit it on the training rows after the split', edits };
}
