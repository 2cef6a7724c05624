import type { Node } from '../../parse/syntax';
import type { ScriptModel } from '../../semantic';
import { cellAtLine } from '../../parse/source';
import { kids, nodeRange } from '../../parse/syntax';
import type { Fix, Range } from '../../types';
import type { Rule } from '../rule';
import { claimedByDiscardedResult } from '../correctness/discarded-dataframe-result';

/**
 * Methods of pandas / NumPy objects that only compute a value to look at. A call of anything
 * else may have an effect, so it is never flagged.
 */
export const DISPLAY_METHODS: ReadonlySet<string> = new Set([
  'head',
  'tail',
  'describe',
  'info',
  'sample',
  'value_counts',
  'nunique',
  'unique',
  'memory_usage',
  'corr',
  'cov',
  'isna',
  'isnull',
  'notna',
  'notnull',
  'sum',
  'mean',
  'median',
  'std',
  'var',
  'min',
  'max',
  'count',
  'quantile',
  'duplicated',
  'groupby',
  'agg',
  'aggregate',
  'sort_values',
  'sort_index',
]);

/** Statements that hold blocks run at module level (a function or class body does not). */
const CONTROL = new Set(['if_statement', 'for_statement', 'while_statement', 'with_statement', 'try_statement', 'match_statement']);
const CLAUSES = new Set(['elif_clause', 'else_clause', 'except_clause', 'except_group_clause', 'finally_clause', 'case_clause', 'block']);

/** Expression nodes that are pure when their parts are. */
const PURE_COMPOUND = new Set([
  'parenthesized_expression',
  'list',
  'tuple',
  'set',
  'dictionary',
  'pair',
  'comparison_operator',
  'boolean_operator',
  'binary_operator',
  'unary_operator',
  'not_operator',
  'conditional_expression',
  'slice',
  'attribute',
  'subscript',
  'string',
  'concatenated_string',
  'interpolation',
  'argument_list',
  'keyword_argument',
  'expression_list',
]);
const PURE_LEAVES = new Set([
  'identifier',
  'integer',
  'float',
  'true',
  'false',
  'none',
  'ellipsis',
  'string_start',
  'string_content',
  'string_end',
  'escape_sequence',
  'format_specifier',
  'type_conversion',
]);

/** Deeper expressions are not judged (and never flagged): nothing recursive may exhaust the stack. */
const MAX_DEPTH = 100;

interface Candidate {
  statement: Node;
  /** The block (or module) holding the statement. */
  container: Node;
  topLevel: boolean;
}

function namedStatements(container: Node): Node[] {
  return kids(container).filter((n) => n.isNamed && n.type !== 'comment');
}

/** Names bound by imports: a call through one of them is a module's function, with effects for all we know. */
type ModuleNames = ReadonlySet<string>;

/** A call whose only purpose is a value to look at: `df.head()`, `df.isna().sum()`. */
function isDisplayCall(call: Node, modules: ModuleNames, depth: number): boolean {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute') return false;
  const method = callee.childForFieldName('attribute')?.text ?? '';
  const receiver = callee.childForFieldName('object');
  if (!DISPLAY_METHODS.has(method) || !receiver || rootIsModule(receiver, modules)) return false;
  const args = call.childForFieldName('arguments');
  if (args && args.type !== 'argument_list') return false;
  // `df.sort_values("a", inplace=True)` changes the frame.
  if (args && kids(args).some((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'inplace')) return false;
  return isPure(receiver, modules, depth + 1) && (!args || isPure(args, modules, depth + 1));
}

/** `np.random` in `np.random.sample(5)`: the receiver is a module, not a data frame. */
function rootIsModule(receiver: Node, modules: ModuleNames): boolean {
  let node: Node | null = receiver;
  while (node?.type === 'attribute') node = node.childForFieldName('object');
  return node?.type === 'identifier' && modules.has(node.text);
}

function isPure(node: Node, modules: ModuleNames, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (PURE_LEAVES.has(node.type) || node.type === 'comment') return true;
  if (node.type === 'call') return isDisplayCall(node, modules, depth);
  if (!PURE_COMPOUND.has(node.type)) return false;
  const children = node.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.isNamed && !isPure(child, modules, depth + 1)) return false;
  }
  return true;
}

/** A named node that is not a comment: a statement of a block, or a part of an expression statement. */
function isStatementLike(node: Node): boolean {
  return node.isNamed && node.type !== 'comment';
}

/** The expression statement computes a value and does nothing else. */
function isBare(statement: Node, moduleNames: ModuleNames): boolean {
  const children = statement.children;
  let count = 0;
  let first: Node | null = null;
  for (let i = 0; i < children.length; i++) {
    if (!isStatementLike(children[i]!)) continue;
    first ??= children[i]!;
    count++;
  }
  if (first === null) return false;
  // Strings are docstrings or prose (sphinx-gallery writes text blocks as strings); `...` is a placeholder.
  if (count === 1 && (first.type === 'string' || first.type === 'concatenated_string' || first.type === 'ellipsis')) return false;
  for (let i = 0; i < children.length; i++) {
    const part = children[i]!;
    if (isStatementLike(part) && !isPure(part, moduleNames, 0)) return false;
  }
  return true;
}

/** Expression statements at module level and in the blocks of module-level `if`/`for`/`with`/`try`... */
function candidates(root: Node, moduleNames: ModuleNames): Candidate[] {
  const found: Candidate[] = [];
  const visit = (container: Node, topLevel: boolean, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    const children = container.children;
    for (let i = 0; i < children.length; i++) {
      const node = children[i]!;
      if (!isStatementLike(node)) continue;
      if (node.type === 'expression_statement') {
        if (isBare(node, moduleNames)) found.push({ statement: node, container, topLevel });
      } else if (CONTROL.has(node.type) || node.type === 'case_clause') {
        for (const block of blocksOf(node)) visit(block, false, depth + 1);
      }
    }
  };
  visit(root, true, 0);
  return found;
}

function blocksOf(control: Node): Node[] {
  const blocks: Node[] = [];
  const visit = (node: Node): void => {
    for (const child of kids(node)) {
      if (child.type === 'block') blocks.push(child);
      else if (CLAUSES.has(child.type)) visit(child);
    }
  };
  visit(control);
  return blocks;
}

/** Why a notebook shows nothing of the expression; null when it is the cell's displayed output. */
type NotebookReason = 'in-block' | 'not-last' | 'silenced';

/** A notebook shows the value of a cell's last top-level statement, unless a `;` silences it. */
function notebookReason(model: ScriptModel, candidate: Candidate): NotebookReason | null {
  if (!candidate.topLevel) return 'in-block';
  const { statement } = candidate;
  const cell = cellAtLine(model.source, statement.startPosition.row);
  if (!cell) return null;
  let next = statement.nextNamedSibling;
  while (next?.type === 'comment') next = next.nextNamedSibling;
  if (next && next.startPosition.row < cell.startLine + cell.lineCount) return 'not-last';
  return statement.nextSibling?.type === ';' ? 'silenced' : null;
}

const NOTEBOOK_REASONS: Record<NotebookReason, string> = {
  'in-block': 'sits inside a block, where a notebook displays nothing',
  'not-last': 'is not the last statement of its cell, so it is never displayed',
  silenced: 'ends with `;`, which hides its output',
};

function lineText(model: ScriptModel, line: number): string {
  return (model.lines[line] ?? '').replace(/\r$/, '');
}

function aloneOnItsLines(model: ScriptModel, statement: Node): boolean {
  const before = lineText(model, statement.startPosition.row).slice(0, statement.startPosition.column);
  const after = lineText(model, statement.endPosition.row).slice(statement.endPosition.column);
  return before.trim() === '' && (after.trim() === '' || after.trimStart().startsWith('#'));
}

/** The next line exists and belongs to the same notebook cell (an edit must not cross cells). */
function hasNextLineInCell(model: ScriptModel, line: number): boolean {
  if (line + 1 >= model.lines.length) return false;
  if (model.kind !== 'notebook') return true;
  return cellAtLine(model.source, line) === cellAtLine(model.source, line + 1);
}

/**
 * The statement's lines with their line break. On the last line of a file or cell there is no
 * break to take: the text goes and an empty line stays (joining it to the line above could
 * overlap the edit of a flagged statement there).
 */
function deleteLines(model: ScriptModel, statement: Node): Range {
  const first = statement.startPosition.row;
  const last = statement.endPosition.row;
  if (hasNextLineInCell(model, last)) return { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } };
  return { start: { line: first, character: 0 }, end: { line: last, character: lineText(model, last).length } };
}

function fixFor(model: ScriptModel, candidate: Candidate, flagged: ReadonlySet<number>): Fix | null {
  const { statement, container } = candidate;
  if (!aloneOnItsLines(model, statement)) return null;
  const title = 'Remove the display expression';
  // A block needs a statement: when nothing else would stay in it, `pass` takes the expression's place.
  const keepsAStatement = candidate.topLevel || namedStatements(container).some((s) => !flagged.has(s.id));
  const edit = keepsAStatement ? { range: deleteLines(model, statement), newText: '' } : { range: nodeRange(statement), newText: 'pass' };
  return { title, applicability: 'unsafe', edits: [edit] };
}

function messageFor(candidate: Candidate, reason: NotebookReason | null): string {
  const shown = `\`${preview(candidate.statement)}\``;
  if (reason === null) {
    return (
      `${shown} computes a value and throws it away: a notebook display left in a script does nothing when it runs. ` +
      'Delete it, or print or log the value if it matters.'
    );
  }
  return `${shown} ${NOTEBOOK_REASONS[reason]}: its value is thrown away. Delete it, or print it if you need to see it.`;
}

function preview(node: Node): string {
  const text = node.text.replace(/\s+/g, ' ').trim();
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

export const bareExpression: Rule = {
  code: 'MLH202',
  name: 'bare-expression',
  family: 'notebook',
  defaultSeverity: 'warning',
  status: 'stable',
  attachesFix: 'sometimes',
  summary: 'An expression whose value is thrown away: a notebook display (`df.head()`, a bare name) left in the code.',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx) {
    const { model } = ctx;
    const moduleNames = new Set(model.imports.map((i) => i.local));
    const found: Array<{ candidate: Candidate; reason: NotebookReason | null }> = [];
    for (const candidate of candidates(model.tree.rootNode, moduleNames)) {
      // `df.sort_values("a")` thrown away on a known DataFrame: MLH413 discarded-dataframe-result reports it.
      if (claimedByDiscardedResult(model, candidate.statement)) continue;
      const reason = model.kind === 'notebook' ? notebookReason(model, candidate) : null;
      if (model.kind === 'notebook' && reason === null) continue; // the cell's output: intended
      found.push({ candidate, reason });
    }
    const flagged = new Set(found.map((f) => f.candidate.statement.id));
    for (const { candidate, reason } of found) {
      ctx.report({ range: nodeRange(candidate.statement), message: messageFor(candidate, reason), fix: fixFor(model, candidate, flagged) });
    }
  },
};
