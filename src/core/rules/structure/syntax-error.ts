import type { Node } from '../../parse/syntax';
import { kids, nodeRange } from '../../parse/syntax';
import type { ScriptModel } from '../../semantic';
import { nodesOfType } from '../../semantic';
import type { Range } from '../../types';
import type { ContextOf, Rule } from '../rule';

/** At most this many syntax errors per file: one broken file must not flood the problem list. */
const MAX_ERRORS = 20;
/** Characters of the unexpected code quoted in a message. */
const QUOTE = 30;

/** The nodes where the parser had to recover (ERROR) or invented a token (MISSING), outermost only. */
function errorNodes(root: Node): Node[] {
  const found: Node[] = [];
  // An explicit stack (deeply nested code), visiting only subtrees that hold an error.
  const stack: Node[] = [root];
  while (stack.length > 0 && found.length < MAX_ERRORS) {
    const node = stack.pop()!;
    if (node.isError || node.isMissing) {
      found.push(node);
      continue;
    }
    const children = kids(node);
    for (let i = children.length - 1; i >= 0; i--) if (children[i]!.hasError || children[i]!.isMissing) stack.push(children[i]!);
  }
  return found;
}

const CLOSERS = new Set([')', ']', '}', '"', "'", '"""', "'''", 'string_end']);

/**
 * For a missing closing bracket or quote that the parser put lines after the opening one (a string
 * or bracket never closed swallows the code after it), the node that opened it: CPython reports
 * "'(' was never closed" there, where the mistake is.
 */
function unclosed(node: Node): Node | null {
  if (!node.isMissing || !CLOSERS.has(node.type) || !node.parent) return null;
  return node.parent.startPosition.row < node.startPosition.row ? node.parent : null;
}

/** A range that stays on the error's first line: an ERROR node can swallow the rest of the file. */
function firstLine(model: ScriptModel, range: Range): Range {
  if (range.end.line === range.start.line) return range;
  const line = range.start.line;
  return { start: range.start, end: { line, character: Math.max(range.start.character, model.lines[line]?.length ?? 0) } };
}

function quote(model: ScriptModel, range: Range): string {
  const text = (model.lines[range.start.line] ?? '').slice(range.start.character, range.end.character).trim();
  return text.length > QUOTE ? `${text.slice(0, QUOTE)}…` : text;
}

function describe(model: ScriptModel, node: Node, range: Range): string {
  if (node.isMissing) {
    const token = /^[a-z_]+$/.test(node.type) ? node.type.replace(/_/g, ' ') : `\`${node.type}\``;
    return `Syntax error: expected ${token} here; the parser inserted it to read on.`;
  }
  const text = quote(model, range);
  return text
    ? `Syntax error: unexpected \`${text}\`; the rest of the file is still checked, but this code is not.`
    : 'Syntax error: this code does not parse; the rest of the file is still checked, but this code is not.';
}

export const syntaxError: Rule = {
  code: 'MLH004',
  name: 'syntax-error',
  family: 'structure',
  defaultSeverity: 'error',
  status: 'stable',
  summary: 'The code does not parse as Python 3: it cannot run, and the checks skip what they cannot read.',
  appliesTo: ['python', 'notebook'],
  options: {},
  check(ctx: ContextOf<'MLH004'>) {
    const { model } = ctx;
    const reports: { range: Range; message: string; token: string | null }[] = [];
    if (model.tree.rootNode.hasError) {
      for (const node of errorNodes(model.tree.rootNode)) {
        const opened = unclosed(node);
        if (opened) {
          const range = firstLine(model, nodeRange(opened));
          const what = opened.type === 'string' ? 'this string' : `this \`${opened.child(0)?.type ?? opened.type}\``;
          const expected = node.type === 'string_end' ? 'its closing quotes' : `\`${node.type}\``;
          reports.push({ range, message: `Syntax error: ${what} is never closed (expected ${expected}).`, token: node.type });
          continue;
        }
        // An ERROR node can begin with the comments before the bad code: start at the code.
        const code = node.isError ? (kids(node).find((k) => k.type !== 'comment') ?? node) : node;
        const range = firstLine(model, { start: nodeRange(code).start, end: nodeRange(node).end });
        reports.push({ range, message: describe(model, node, range), token: node.isMissing ? node.type : null });
      }
    }
    // tree-sitter-python still accepts Python 2's print and exec statements, which Python 3 rejects;
    // a notebook that declares Python 2 (language_info.version 2.x) is checked as what it is.
    const python2 = model.source.languageVersion?.startsWith('2.') ?? false;
    for (const type of python2 ? [] : ['print_statement', 'exec_statement']) {
      for (const node of nodesOfType(model, type)) {
        if (reports.length >= MAX_ERRORS) break;
        const keyword = type === 'print_statement' ? 'print' : 'exec';
        reports.push({
          range: firstLine(model, nodeRange(node)),
          message: `Syntax error: \`${keyword}\` as a statement is Python 2; in Python 3 it is a function: \`${keyword}(...)\`.`,
          token: null,
        });
      }
    }
    for (const r of reports) ctx.report({ range: r.range, message: r.message, data: { missing: r.token } });
  },
};
