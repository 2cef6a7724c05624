import type { Node } from '../../parse/syntax';
import { lookupMethod } from '../../kb/apis';
import type { BindingIndex, CallSite } from '../../semantic';
import { stringValue } from '../../semantic';
import { nodeRange } from '../../parse/syntax';
import type { ContextOf, Rule } from '../rule';
import { option } from '../rule';

/** Where a call takes its path: positional index and keyword names. */
interface PathSpec {
  index: number;
  keywords: readonly string[];
  /** Generic method names (`save`): only strings that look like file paths count. */
  needsPathShape: boolean;
}

/** The literal a path expression starts from, and how the whole path reads. */
interface PathRoot {
  literal: Node;
  value: string;
  /** The path as written, with non-literal pieces shown as `{expr}`. */
  display: string;
  /** The module- or function-level name the literal was bound to, when it came through one. */
  constant: string | null;
}

/** Calls that build a path from their first argument. */
const PATH_BUILDERS = new Set([
  'os.path.join',
  'os.path.expanduser',
  'os.path.abspath',
  'os.path.realpath',
  'os.path.normpath',
  'os.path.expandvars',
  'posixpath.join',
  'ntpath.join',
  'pathlib.Path',
  'pathlib.PurePath',
  'pathlib.PosixPath',
  'pathlib.WindowsPath',
  'str',
]);
/** Methods of a `Path(...)` that read or write the file. */
const PATH_IO_METHODS = new Set(['open', 'read_text', 'read_bytes', 'write_text', 'write_bytes']);
/** Method names generic enough that only a path-shaped string counts (`model.save("model.keras")`). */
const GENERIC_SAVE_LOAD: PathSpec = { index: 0, keywords: ['filepath', 'path', 'fname', 'f'], needsPathShape: true };
const GENERIC_METHODS = new Set(['save', 'save_weights', 'load_weights']);
/** Only remote resources are left alone; `s3://`, `gs://`, `hdfs://`, `file://` locations are paths. */
const REMOTE_URL = /^(https?|ftp):\/\//i;

/**
 * Top-level directories of absolute POSIX paths that name a place on some machine's disk. An absolute
 * path elsewhere counts only with a file extension, so URL routes (`/api/predict`) stay quiet.
 */
const FILESYSTEM_ROOTS = new Set([
  'home',
  'Users',
  'tmp',
  'var',
  'opt',
  'mnt',
  'media',
  'srv',
  'data',
  'datasets',
  'usr',
  'etc',
  'root',
  'scratch',
  'workspace',
  'workspaces',
  'content',
  'kaggle',
  'dbfs',
  'Volumes',
  'gpfs',
  'nfs',
  'efs',
  'lustre',
  'projects',
  'storage',
]);

function pathSpecOf(call: CallSite): PathSpec | null {
  const fromApi = call.api?.pathArg;
  if (fromApi) return { ...fromApi, needsPathShape: false };
  if (call.method) {
    // `plt.savefig` resolves to matplotlib (a plot), but the method still writes a file.
    const byMethod = lookupMethod(call.method)?.pathArg;
    if (byMethod) return { ...byMethod, needsPathShape: false };
    if (GENERIC_METHODS.has(call.method)) return GENERIC_SAVE_LOAD;
  }
  return null;
}

/** The argument holding the path: `Path("x").read_text()` has it in the receiver. */
function pathArgument(call: CallSite, spec: PathSpec | null): Node | null {
  if (spec) {
    for (const keyword of spec.keywords) {
      const value = call.keywords.get(keyword);
      if (value) return value;
    }
    return call.positional[spec.index] ?? null;
  }
  if (call.method && PATH_IO_METHODS.has(call.method) && call.receiverType === 'pathlib.Path') {
    // `Path("x").read_text()`, or `p.read_text()` with `p = Path("x")`.
    const object = call.callee.childForFieldName('object');
    return object?.type === 'call' || object?.type === 'identifier' ? object : null;
  }
  return null;
}

/** What one run of the rule looks things up in. */
interface Lookup {
  index: BindingIndex;
  callsById: Map<number, CallSite>;
}

function calleeQualified(call: Node, lookup: Lookup): string | null {
  const found = lookup.callsById.get(call.id);
  if (found?.qualified) return found.qualified;
  const callee = call.childForFieldName('function');
  return callee?.type === 'identifier' ? callee.text : null;
}

/**
 * Follows a path expression to the literal it starts from: a string, a name bound once to one,
 * `os.path.join(<root>, ...)`, `Path(<root>)`, `<root> / "x"`, `<root> + "x"`.
 */
function pathRoot(node: Node, lookup: Lookup, depth = 0): PathRoot | null {
  if (depth > 8) return null;
  switch (node.type) {
    case 'string': {
      const value = stringValue(node);
      return value === null ? null : { literal: node, value, display: value, constant: null };
    }
    case 'parenthesized_expression': {
      const inner = node.namedChild(0);
      return inner ? pathRoot(inner, lookup, depth + 1) : null;
    }
    case 'identifier': {
      const bound = lookup.index.resolve(node, node.text);
      const root = bound ? pathRoot(bound, lookup, depth + 1) : null;
      return root ? { ...root, constant: root.constant ?? node.text } : null;
    }
    case 'binary_operator': {
      const operator = node.childForFieldName('operator')?.text;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if ((operator !== '/' && operator !== '+') || !left || !right) return null;
      const root = pathRoot(left, lookup, depth + 1);
      if (!root) return null;
      const separator = operator === '/' ? '/' : '';
      return { ...root, display: root.display + separator + pieceText(right) };
    }
    case 'call': {
      const qualified = calleeQualified(node, lookup);
      if (!qualified || !PATH_BUILDERS.has(qualified)) return null;
      const args = node.childForFieldName('arguments');
      const pieces = args
        ? args.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment' && n.type !== 'keyword_argument')
        : [];
      if (pieces.length === 0) return null;
      const root = pathRoot(pieces[0]!, lookup, depth + 1);
      if (!root) return null;
      const rest = pieces.slice(1).map(pieceText);
      return { ...root, display: [root.display, ...rest].join('/') };
    }
    default:
      return null;
  }
}

function pieceText(node: Node): string {
  const value = stringValue(node);
  if (value !== null) return value;
  const text = node.text.replace(/\s+/g, ' ');
  return `{${text.length > 30 ? text.slice(0, 29) + '…' : text}}`;
}

/** Text that is data rather than a location: JSON, HTML, several lines. */
function looksLikeData(value: string): boolean {
  return value.includes('\n') || /^\s*[{[<]/.test(value);
}

function hasPathShape(value: string): boolean {
  return /[\\/]/.test(value) || /\.[A-Za-z][A-Za-z0-9]{0,7}$/.test(value);
}

/** A POSIX or Windows absolute path, a home-relative path, or a network share; not prose, URLs or regexes. */
export function isAbsolutePath(value: string): boolean {
  if (value.includes('\n')) return false;
  if (/^~[\\/]\S/.test(value)) return true;
  if (/^[A-Za-z]:[\\/][^\s\\/]/.test(value)) return true;
  if (/^\\\\[^\\\s]+\\[^\\\s]+/.test(value)) return true;
  if (!value.startsWith('/') || value.startsWith('//')) return false;
  if (/[\\^$|()[\]+]/.test(value)) return false; // a regular expression
  const segments = value.slice(1).split('/');
  if (segments.filter((s) => s !== '').length < 2 || segments[0] === '') return false;
  const rooted = FILESYSTEM_ROOTS.has(segments[0]!);
  if (/\s/.test(value) && !rooted) return false; // prose with a slash in it
  return rooted || /\.[A-Za-z][A-Za-z0-9]{0,7}$/.test(segments[segments.length - 1]!);
}

/** The callee as written (`pd.read_csv`, `raw.to_csv`), or its method name when the receiver is itself a call. */
function calleeLabel(call: CallSite): string {
  const text = call.callee.text;
  if (!/[\n(]/.test(text) && text.length <= 40) return text;
  return call.method ?? call.qualified ?? 'this call';
}

/** The call a string is a direct argument of, if any. */
function enclosingCall(literal: Node, lookup: Lookup): CallSite | null {
  let node = literal.parent;
  if (node?.type === 'keyword_argument') node = node.parent;
  if (node?.type !== 'argument_list') return null;
  const call = node.parent;
  return call ? (lookup.callsById.get(call.id) ?? null) : null;
}

/** The path in double quotes as people read it (backslashes of Windows paths left single). */
function quoted(value: string): string {
  const oneLine = value.replace(/\s+/g, ' ');
  return `"${oneLine.length > 60 ? oneLine.slice(0, 59) + '…' : oneLine}"`;
}

export const hardCodedPath: Rule = {
  code: 'MLH102',
  name: 'hard-coded-path',
  family: 'configuration',
  defaultSeverity: 'warning',
  status: 'stable',
  summary: 'A file path is written into the code: passed as a literal to a read or write call, or absolute anywhere.',
  appliesTo: ['python', 'notebook'],
  options: {
    allow: {
      type: 'string[]',
      default: ['/dev/null', '/dev/stdout', '/dev/stderr'],
      description: 'Path prefixes that are never reported (for example ["/dev/shm", "/etc/ssl/"]).',
    },
  },
  check(ctx: ContextOf<'MLH102'>) {
    const { model } = ctx;
    const allowed = option<string[]>(ctx, 'allow');
    const isAllowed = (value: string): boolean => allowed.some((prefix) => prefix !== '' && value.startsWith(prefix));
    const lookup: Lookup = { index: model.bindings, callsById: new Map(model.calls.map((c) => [c.node.id, c])) };
    const reported = new Set<number>();

    for (const call of model.calls) {
      const spec = pathSpecOf(call);
      const argument = pathArgument(call, spec);
      const root = argument ? pathRoot(argument, lookup) : null;
      if (!root || reported.has(root.literal.id)) continue;
      const { value } = root;
      if (value.trim() === '' || REMOTE_URL.test(value) || looksLikeData(value) || isAllowed(value)) continue;
      if (spec?.needsPathShape && !hasPathShape(value)) continue;
      reported.add(root.literal.id);
      const named = root.constant ? ` (${root.constant})` : '';
      ctx.report({
        range: nodeRange(root.literal),
        message: `Hard-coded path ${quoted(root.display)}${named} passed to ${calleeLabel(call)}: move it to the params file.`,
        data: {
          path: root.display,
          callee: call.qualified ?? call.callee.text,
          absolute: isAbsolutePath(value),
          ...(root.constant ? { constant: root.constant } : {}),
        },
        call: nodeRange(call.node),
      });
    }

    for (const literal of model.tree.rootNode.descendantsOfType('string')) {
      if (!literal || reported.has(literal.id)) continue;
      const value = stringValue(literal);
      if (value === null || !isAbsolutePath(value) || isAllowed(value)) continue;
      reported.add(literal.id);
      const call = enclosingCall(literal, lookup);
      const where = call ? ` passed to ${calleeLabel(call)}` : '';
      ctx.report({
        range: nodeRange(literal),
        message: `Hard-coded absolute path ${quoted(value)}${where}: it exists only on one machine; move it to the params file.`,
        data: { path: value, callee: call ? (call.qualified ?? call.callee.text) : null, absolute: true },
        ...(call ? { call: nodeRange(call.node) } : {}),
      });
    }
  },
};
