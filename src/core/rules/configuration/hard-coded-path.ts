import type { Node } from '../../parse/syntax';
import type { PathLookup } from '../../kb/paths';
import { fileAccesses } from '../../kb/paths';
import { callIndex } from '../flow-facts';
import type { CallSite } from '../../semantic';
import { nodesOfType, stringValue } from '../../semantic';
import { nodeRange } from '../../parse/syntax';
import type { ContextOf, Rule } from '../rule';
import { option } from '../rule';

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

/**
 * Whether a literal's source text can hold an absolute path, without decoding it (most strings,
 * docstrings above all, cannot): the value of one has a slash or a backslash, starts with `/`, `\\`,
 * `~` or a drive letter, and has no line break. Each of these shows in the source text too, as an
 * escape (with a backslash) when not written plainly.
 */
function mayBeAbsolute(text: string): boolean {
  if (!text.includes('/') && !text.includes('\\')) return false;
  if (/[^\\]\n/.test(text)) return false; // a line break (not a line continuation) stays in the value
  let i = 0;
  while (i < text.length && text[i] !== '"' && text[i] !== "'") i++;
  const quote = text[i];
  if (quote === undefined) return true;
  i += text[i + 1] === quote && text[i + 2] === quote ? 3 : 1;
  const first = text[i];
  return first === undefined || first === '/' || first === '\\' || first === '~' || first === '{' || /[A-Za-z]/.test(first);
}

/** The callee as written (`pd.read_csv`, `raw.to_csv`), or its method name when the receiver is itself a call. */
function calleeLabel(call: CallSite): string {
  const text = call.callee.text;
  if (!/[\n(]/.test(text) && text.length <= 40) return text;
  return call.method ?? call.qualified ?? 'this call';
}

/** The call a string is a direct argument of, if any. */
function enclosingCall(literal: Node, lookup: PathLookup): CallSite | null {
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
    // The model's shared call index (as `pathLookup` would build it, without a map of its own).
    const lookup: PathLookup = { index: model.bindings, callsById: callIndex(model) };
    const reported = new Set<number>();

    for (const { call, spec, root } of fileAccesses(model, lookup)) {
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

    for (const literal of nodesOfType(model, 'string')) {
      if (!literal || reported.has(literal.id)) continue;
      if (!mayBeAbsolute(literal.text)) continue;
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
