import type { Node } from '../parse/syntax';
import type { BindingIndex, CallSite, ScriptModel } from '../semantic';
import { stringValue } from '../semantic';
import { lookupMethod } from './apis';

/**
 * The files a script reads and writes: every call the knowledge base knows to take a path
 * (`pd.read_csv`, `df.to_csv`, `joblib.dump`, `plt.savefig`, `open`, `Path(...).read_text()`,
 * `model.save("m.keras")`), the argument holding the path, and the literal that path starts from
 * when there is one (a string, a name bound once to one, `os.path.join(<root>, ...)`,
 * `Path(<root>) / "x"`). Shared by `hard-coded-path` (MLH102) and the pipeline graph.
 */

/** Where a call takes its path: positional index and keyword names. */
export interface PathSpec {
  index: number;
  keywords: readonly string[];
  /** Generic method names (`save`): only strings that look like file paths count. */
  needsPathShape: boolean;
}

/** The literal a path expression starts from, and how the whole path reads. */
export interface PathRoot {
  literal: Node;
  value: string;
  /** The path as written, with non-literal pieces shown as `{expr}`. */
  display: string;
  /** The module- or function-level name the literal was bound to, when it came through one. */
  constant: string | null;
}

export interface FileAccess {
  call: CallSite;
  /** `open(p, "w")`, `to_csv`, `savefig`, `dump`: the call writes the file. */
  writes: boolean;
  spec: PathSpec | null;
  /** The argument expression holding the path. */
  argument: Node;
  /** The literal the path starts from, when the path comes from one. */
  root: PathRoot | null;
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
const PATH_WRITE_METHODS = new Set(['write_text', 'write_bytes']);
/** Method names generic enough that only a path-shaped string counts (`model.save("model.keras")`). */
const GENERIC_SAVE_LOAD: PathSpec = { index: 0, keywords: ['filepath', 'path', 'fname', 'f'], needsPathShape: true };
const GENERIC_METHODS = new Set(['save', 'save_weights', 'load_weights']);
const GENERIC_WRITES = new Set(['save', 'save_weights']);
/** `open(p, mode)`: a mode that writes. */
const WRITE_MODE = /[wax+]/;

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

function writes(call: CallSite, spec: PathSpec | null): boolean {
  const builtinOpen = call.qualified === 'open' || call.qualified === 'io.open' || (call.method === 'open' && !spec);
  if (builtinOpen) {
    const mode = call.keywords.get('mode') ?? call.positional[builtinOpen && spec ? 1 : 0];
    const value = mode ? stringValue(mode) : null;
    return value !== null && WRITE_MODE.test(value);
  }
  if (!spec && call.method) return PATH_WRITE_METHODS.has(call.method);
  if (spec?.needsPathShape) return GENERIC_WRITES.has(call.method ?? '');
  return call.api?.kind === 'write' || (call.method !== null && lookupMethod(call.method)?.kind === 'write');
}

/** What one run looks things up in. */
export interface PathLookup {
  index: BindingIndex;
  callsById: Map<number, CallSite>;
}

export function pathLookup(model: ScriptModel): PathLookup {
  return { index: model.bindings, callsById: new Map(model.calls.map((c) => [c.node.id, c])) };
}

function calleeQualified(call: Node, lookup: PathLookup): string | null {
  const found = lookup.callsById.get(call.id);
  if (found?.qualified) return found.qualified;
  const callee = call.childForFieldName('function');
  return callee?.type === 'identifier' ? callee.text : null;
}

/**
 * Follows a path expression to the literal it starts from: a string, a name bound once to one,
 * `os.path.join(<root>, ...)`, `Path(<root>)`, `<root> / "x"`, `<root> + "x"`.
 */
export function pathRoot(node: Node, lookup: PathLookup, depth = 0): PathRoot | null {
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

/** A piece of a path as people read it: the string, or `{expr}` for anything computed. */
export function pieceText(node: Node): string {
  const value = stringValue(node);
  if (value !== null) return value;
  const text = node.text.replace(/\s+/g, ' ');
  return `{${text.length > 30 ? text.slice(0, 29) + '…' : text}}`;
}

/** Every call of the script that reads or writes a file through a path argument, in source order. */
export function fileAccesses(model: ScriptModel, lookup: PathLookup = pathLookup(model)): FileAccess[] {
  const out: FileAccess[] = [];
  for (const call of model.calls) {
    const spec = pathSpecOf(call);
    const argument = pathArgument(call, spec);
    if (!argument) continue;
    out.push({ call, writes: writes(call, spec), spec, argument, root: pathRoot(argument, lookup) });
  }
  return out;
}
