import type { PyValue, StoredValue } from './values';
import { sameValue } from './values';

export type ParamsFormat = 'yaml' | 'toml' | 'json';

export const PARAMS_FORMATS: readonly ParamsFormat[] = ['yaml', 'toml', 'json'];

/** The file name a format is stored under by default. */
export const PARAMS_FILE_NAMES: Record<ParamsFormat, string> = { yaml: 'params.yaml', toml: 'params.toml', json: 'params.json' };

/** The format a params file's extension says, if any. */
export function formatOfPath(path: string): ParamsFormat | null {
  const lower = path.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.toml')) return 'toml';
  if (lower.endsWith('.json')) return 'json';
  return null;
}

/** The content of a params file: nested mappings with Python values at the leaves. */
export type ParamsTree = Map<string, ParamsNode>;
export type ParamsNode = ParamsTree | StoredValue;

export function isTree(node: ParamsNode | undefined): node is ParamsTree {
  return node instanceof Map;
}

/** One value to add under a dotted key path (`["model", "svc", "C"]`). */
export interface ParamsEntry {
  path: string[];
  value: PyValue;
  /** Lists: one item per line (feature lists) or inline (short hyperparameter lists). */
  layout?: 'block' | 'inline';
  /** The group it is ordered with when its top-level key is new (a named feature list: `features`). */
  group?: string;
}

/** A params file that cannot be read or merged: names the file, and the line for parse errors. */
export class ParamsFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    /** 1-based. */
    readonly line?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${reason}`);
  }
}

/** What a format module provides: read a file into a tree, and render it with entries added. */
export interface ParamsCodec {
  read(text: string, file: string): ParamsTree;
  /** The new text of the file (`text` null: a new file) with every entry added. */
  render(text: string | null, entries: readonly ParamsEntry[], file: string): string;
}

export function lookup(tree: ParamsTree, path: readonly string[]): ParamsNode | undefined {
  let node: ParamsNode | undefined = tree;
  for (const key of path) {
    if (!isTree(node)) return undefined;
    node = node.get(key);
  }
  return node;
}

/**
 * Checks a merge: every value of the old file is still there, unchanged, and every entry reads
 * back as the value it was meant to hold. Anything else is a bug to stop at, not to write.
 */
export function verifyMerge(before: ParamsTree | null, after: ParamsTree, entries: readonly ParamsEntry[], file: string): void {
  if (before) assertContains(after, before, [], file);
  for (const entry of entries) {
    const found = lookup(after, entry.path);
    if (!found || isTree(found) || !sameValue(found, entry.value)) {
      throw new ParamsFileError(file, `internal error: ${entry.path.join('.')} does not read back as written; nothing was changed`);
    }
  }
}

function assertContains(after: ParamsTree, before: ParamsTree, path: string[], file: string): void {
  for (const [key, old] of before) {
    const now = after.get(key);
    const here = [...path, key];
    const same = isTree(old) ? isTree(now) : now !== undefined && !isTree(now) && storedEqual(old, now);
    if (!same) throw new ParamsFileError(file, `internal error: merging would change ${here.join('.')}; nothing was changed`);
    if (isTree(old)) assertContains(now as ParamsTree, old, here, file);
  }
}

function storedEqual(a: StoredValue, b: StoredValue): boolean {
  if (a.kind === 'map' || a.kind === 'unknown') return a.kind === b.kind;
  return sameValue(b, a);
}

/** Order of the top-level groups in a params file: the phases of the pipeline. */
export const GROUP_ORDER: readonly string[] = ['seed', 'data', 'features', 'preprocessing', 'model', 'train'];

export function groupRank(key: string): number {
  const exact = GROUP_ORDER.indexOf(key);
  if (exact >= 0) return exact;
  // Named feature lists (numeric_features) sit with `features`.
  if (/features/.test(key)) return GROUP_ORDER.indexOf('features');
  return GROUP_ORDER.length;
}

/** Entries sorted so that new groups come in pipeline order (stable within a group). */
export function inGroupOrder(entries: readonly ParamsEntry[]): ParamsEntry[] {
  return entries
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => groupRank(a.entry.group ?? a.entry.path[0]!) - groupRank(b.entry.group ?? b.entry.path[0]!) || a.i - b.i)
    .map(({ entry }) => entry);
}

export const PARAMS_HEADER =
  'Parameters of this project, read by the generated params loader (ML Hygiene). Edit values here, not in the code.';
