import { parse, TomlError } from 'smol-toml';
import type { ParamsCodec, ParamsEntry, ParamsNode, ParamsTree } from './document';
import { inGroupOrder, PARAMS_HEADER, ParamsFileError } from './document';
import type { PyValue } from './values';
import { formatFloat } from './values';

/**
 * params.toml, read as Python's tomllib reads it. There is no comment-keeping TOML document
 * library, so new keys are inserted as text: into the section of their table when the file has a
 * `[table]` header for it, else as a new section at the end (top-level keys go before the first
 * header). The merged text is parsed again and checked before anything is written.
 */

function storedOf(value: unknown): ParamsNode {
  if (typeof value === 'bigint') return { kind: 'int', value };
  if (typeof value === 'number') return { kind: 'float', value };
  if (typeof value === 'string') return { kind: 'str', value };
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (Array.isArray(value)) {
    const items: PyValue[] = [];
    for (const item of value) {
      const stored = storedOf(item);
      if (stored instanceof Map || stored.kind === 'map' || stored.kind === 'unknown') return { kind: 'unknown' };
      items.push(stored);
    }
    return { kind: 'list', items };
  }
  const proto = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null) {
    return new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, storedOf(v)]));
  }
  return { kind: 'unknown' }; // dates and times
}

function read(text: string, file: string): ParamsTree {
  let table: unknown;
  try {
    table = parse(text, { integersAsBigInt: true });
  } catch (error) {
    if (error instanceof TomlError) throw new ParamsFileError(file, `not valid TOML: ${error.message.split('\n')[0]}`, error.line);
    throw error;
  }
  return storedOf(table) as ParamsTree;
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function tomlKey(key: string): string {
  return BARE_KEY.test(key) ? key : tomlString(key);
}

/** A basic string: JSON's escapes are TOML's, except that DEL must be escaped too. */
function tomlString(value: string): string {
  return JSON.stringify(value).replace(/\x7f/g, '\\u007F');
}

function tomlValue(value: PyValue): string {
  switch (value.kind) {
    case 'int':
      if (value.value >= 2n ** 63n || value.value < -(2n ** 63n)) throw new RangeError('TOML integers are 64-bit');
      return value.value.toString();
    case 'float':
      return formatFloat(value.value);
    case 'str':
      return tomlString(value.value);
    case 'bool':
      return String(value.value);
    case 'list':
    case 'tuple':
      return `[${value.items.map(tomlValue).join(', ')}]`;
  }
}

function entryLine(keys: readonly string[], entry: ParamsEntry): string {
  if ((entry.value.kind === 'list' || entry.value.kind === 'tuple') && entry.layout === 'block' && entry.value.items.length > 0) {
    const items = entry.value.items.map((item) => `    ${tomlValue(item)},`).join('\n');
    return `${keys.map(tomlKey).join('.')} = [\n${items}\n]`;
  }
  return `${keys.map(tomlKey).join('.')} = ${tomlValue(entry.value)}`;
}

/** The key path of a `[a."b c".d]` header line; null for other lines (and `[[array]]` headers return []). */
function headerPath(line: string): string[] | null {
  const trimmed = line.trim();
  if (trimmed.startsWith('[[')) return [];
  const match = /^\[(.+)\]\s*(#.*)?$/.exec(trimmed);
  if (!match) return null;
  const keys: string[] = [];
  const re = /\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')\s*(\.|$)/y;
  const body = match[1]!;
  let at = 0;
  while (at < body.length) {
    re.lastIndex = at;
    const part = re.exec(body);
    if (!part) return null;
    keys.push(part[1] ?? (part[2] !== undefined ? (JSON.parse(`"${part[2]}"`) as string) : part[3]!));
    at = re.lastIndex;
    if (part[4] === '') break;
  }
  return keys;
}

interface Section {
  /** null: the top-level section before the first header; [] for array-of-tables sections. */
  path: string[] | null;
  /** Line index of the header (-1 for the top-level section). */
  header: number;
  /** Index of the first line after the section. */
  end: number;
}

/** The file's sections: the header lines are only recognised outside multi-line strings. */
function sections(lines: readonly string[]): Section[] {
  const found: Section[] = [{ path: null, header: -1, end: lines.length }];
  let inString: string | null = null;
  lines.forEach((line, i) => {
    if (inString === null) {
      const path = headerPath(line);
      if (path !== null) {
        found[found.length - 1]!.end = i;
        found.push({ path, header: i, end: lines.length });
      }
    }
    for (const delimiter of ['"""', "'''"]) {
      const count = line.split(delimiter).length - 1;
      if (count % 2 === 1 && (inString === null || inString === delimiter)) inString = inString === null ? delimiter : null;
    }
  });
  return found;
}

/** Index after the last non-blank, non-comment line of a section (where new keys go). */
function insertionLine(lines: readonly string[], section: Section): number {
  let at = section.end;
  while (at > section.header + 1 && /^\s*(#.*)?$/.test(lines[at - 1]!)) at--;
  return at;
}

function samePath(a: readonly string[] | null, b: readonly string[]): boolean {
  return a !== null && a.length === b.length && a.every((key, i) => key === b[i]);
}

function render(text: string | null, entries: readonly ParamsEntry[], file: string): string {
  if (text !== null) read(text, file); // refuse to merge into a file that does not parse
  const eol = text !== null && text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text === null ? [`# ${PARAMS_HEADER}`] : text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  const existing = sections(lines);
  const inserts = new Map<number, string[]>();
  const appended = new Map<string, { path: string[]; lines: string[] }>();
  const insertAt = (line: number, content: string): void => {
    const list = inserts.get(line) ?? [];
    list.push(content);
    inserts.set(line, list);
  };
  for (const entry of inGroupOrder(entries)) {
    const table = entry.path.slice(0, -1);
    const key = entry.path.slice(-1);
    if (table.length === 0) {
      const top = existing[0]!;
      // Top-level keys go before the first table header.
      insertAt(existing.length > 1 ? insertionLine(lines, top) : lines.length, entryLine(key, entry));
      continue;
    }
    // Into the section of its table when the file has one; else a new section at the end.
    const section = existing.find((s) => samePath(s.path, table));
    if (section) {
      insertAt(insertionLine(lines, section), entryLine(key, entry));
      continue;
    }
    const id = JSON.stringify(table);
    const block = appended.get(id) ?? { path: table, lines: [] };
    block.lines.push(entryLine(key, entry));
    appended.set(id, block);
  }
  const out: string[] = [];
  lines.forEach((line, i) => {
    for (const content of inserts.get(i) ?? []) out.push(content);
    out.push(line);
  });
  for (const content of inserts.get(lines.length) ?? []) out.push(content);
  for (const block of appended.values()) {
    if (out.length > 0 && out[out.length - 1] !== '') out.push('');
    out.push(`[${block.path.map(tomlKey).join('.')}]`, ...block.lines);
  }
  return out.join(eol) + eol;
}

export const tomlCodec: ParamsCodec = { read, render };
