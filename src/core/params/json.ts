import type { ParamsCodec, ParamsEntry, ParamsNode, ParamsTree } from './document';
import { inGroupOrder, ParamsFileError } from './document';
import type { PyValue } from './values';
import { formatFloat } from './values';

/**
 * params.json, read as Python's json module reads it (`5` is an int, `5.0` a float). JSON has no
 * comments; keys keep their order and existing numbers keep their exact text. The merged file is
 * written with the indentation the file already uses (two spaces for a new file).
 */

type JsonNode =
  | { type: 'object'; entries: Array<[string, JsonNode]> }
  | { type: 'array'; items: JsonNode[] }
  /** A scalar as written: a string literal, a number, true, false or null. */
  | { type: 'raw'; text: string };

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/** Where a text stops being JSON: the offset of the first character a strict reader cannot accept. */
function firstError(text: string): number {
  let at = 0;
  const fail = (): never => {
    throw at;
  };
  const skip = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, at)) at += word.length;
    else fail();
  };
  const string = (): void => {
    at++;
    for (;;) {
      const ch = text[at];
      if (ch === undefined || ch < ' ') fail();
      if (ch === '"') break;
      if (ch === '\\') {
        at++;
        if (text[at] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) fail();
          at += 4;
        } else if (!'"\\/bfnrt'.includes(text[at] ?? 'x')) fail();
      }
      at++;
    }
    at++;
  };
  const value = (): void => {
    skip();
    const ch = text[at];
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      at++;
      skip();
      if (text[at] === close) {
        at++;
        return;
      }
      for (;;) {
        if (ch === '{') {
          skip();
          if (text[at] !== '"') fail();
          string();
          skip();
          if (text[at] !== ':') fail();
          at++;
        }
        value();
        skip();
        if (text[at] === ',') at++;
        else if (text[at] === close) {
          at++;
          return;
        } else fail();
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    const number = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/.exec(text.slice(at));
    if (!number) fail();
    at += number![0].length;
  };
  try {
    value();
    skip();
    return at < text.length ? at : -1;
  } catch (offset) {
    return offset as number;
  }
}

/** Validates (with the line of the first error), then reads the structure keeping each scalar's text. */
function parseJson(text: string, file: string): JsonNode {
  const error = firstError(text);
  if (error >= 0) {
    const shown = error < text.length ? JSON.stringify(text[error]) : 'the end of the file';
    throw new ParamsFileError(file, `not valid JSON: unexpected ${shown}`, lineAt(text, error));
  }
  let at = 0;
  const skip = (): void => {
    while (at < text.length && /\s/.test(text[at]!)) at++;
  };
  const value = (): JsonNode => {
    skip();
    const ch = text[at];
    if (ch === '{') {
      at++;
      const entries: Array<[string, JsonNode]> = [];
      skip();
      if (text[at] === '}') {
        at++;
        return { type: 'object', entries };
      }
      for (;;) {
        const key = value();
        skip();
        at++; // ':'
        const item = value();
        const name = JSON.parse((key as { text: string }).text) as string;
        const existing = entries.findIndex(([k]) => k === name);
        if (existing >= 0)
          entries[existing] = [name, item]; // json.loads keeps the last
        else entries.push([name, item]);
        skip();
        if (text[at++] === '}') return { type: 'object', entries };
      }
    }
    if (ch === '[') {
      at++;
      const items: JsonNode[] = [];
      skip();
      if (text[at] === ']') {
        at++;
        return { type: 'array', items };
      }
      for (;;) {
        items.push(value());
        skip();
        if (text[at++] === ']') return { type: 'array', items };
      }
    }
    const start = at;
    if (ch === '"') {
      at++;
      while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
      at++;
    } else {
      while (at < text.length && /[^\s,\]}]/.test(text[at]!)) at++;
    }
    return { type: 'raw', text: text.slice(start, at) };
  };
  return value();
}

function storedOf(node: JsonNode): ParamsNode {
  switch (node.type) {
    case 'object':
      return new Map(node.entries.map(([k, v]) => [k, storedOf(v)]));
    case 'array': {
      const items: PyValue[] = [];
      for (const item of node.items) {
        const stored = storedOf(item);
        if (stored instanceof Map || stored.kind === 'map' || stored.kind === 'unknown') return { kind: 'unknown' };
        items.push(stored);
      }
      return { kind: 'list', items };
    }
    case 'raw': {
      const text = node.text;
      if (text.startsWith('"')) return { kind: 'str', value: JSON.parse(text) as string };
      if (text === 'true' || text === 'false') return { kind: 'bool', value: text === 'true' };
      if (text === 'null') return { kind: 'unknown' };
      if (/^-?(?:0|[1-9][0-9]*)$/.test(text)) return { kind: 'int', value: BigInt(text) };
      return { kind: 'float', value: Number(text) };
    }
  }
}

function read(text: string, file: string): ParamsTree {
  const root = parseJson(text, file);
  if (root.type !== 'object') throw new ParamsFileError(file, 'the top level is not an object of keys to values');
  return storedOf(root) as ParamsTree;
}

function nodeOf(value: PyValue): JsonNode {
  switch (value.kind) {
    case 'int':
      return { type: 'raw', text: value.value.toString() };
    case 'float':
      return { type: 'raw', text: formatFloat(value.value) };
    case 'str':
      return { type: 'raw', text: JSON.stringify(value.value) };
    case 'bool':
      return { type: 'raw', text: String(value.value) };
    case 'list':
    case 'tuple':
      return { type: 'array', items: value.items.map(nodeOf) };
  }
}

function emit(node: JsonNode, indent: string, depth: number): string {
  const pad = indent.repeat(depth + 1);
  const close = indent.repeat(depth);
  switch (node.type) {
    case 'raw':
      return node.text;
    case 'array': {
      if (node.items.length === 0) return '[]';
      const inline = `[${node.items.map((item) => emit(item, indent, depth + 1)).join(', ')}]`;
      if (node.items.every((item) => item.type === 'raw') && inline.length + pad.length <= 100) return inline;
      return `[\n${node.items.map((item) => pad + emit(item, indent, depth + 1)).join(',\n')}\n${close}]`;
    }
    case 'object':
      if (node.entries.length === 0) return '{}';
      return `{\n${node.entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${emit(v, indent, depth + 1)}`).join(',\n')}\n${close}}`;
  }
}

function objectAt(root: JsonNode & { type: 'object' }, path: readonly string[]): JsonNode & { type: 'object' } {
  let node = root;
  for (const key of path) {
    const found = node.entries.find(([k]) => k === key);
    if (found && found[1].type === 'object') {
      node = found[1];
      continue;
    }
    if (found) throw new Error(`${key} is not an object`);
    const child: JsonNode & { type: 'object' } = { type: 'object', entries: [] };
    node.entries.push([key, child]);
    node = child;
  }
  return node;
}

function render(text: string | null, entries: readonly ParamsEntry[], file: string): string {
  const root = text === null ? ({ type: 'object', entries: [] } as JsonNode) : parseJson(text, file);
  if (root.type !== 'object') throw new ParamsFileError(file, 'the top level is not an object of keys to values');
  for (const entry of inGroupOrder(entries)) {
    objectAt(root, entry.path.slice(0, -1)).entries.push([entry.path[entry.path.length - 1]!, nodeOf(entry.value)]);
  }
  const indent = text === null ? '  ' : (/\n([ \t]+)"/.exec(text)?.[1] ?? '  ');
  const eol = text !== null && text.includes('\r\n') ? '\r\n' : '\n';
  return emit(root, indent, 0).replace(/\n/g, eol) + eol;
}

export const jsonCodec: ParamsCodec = { read, render };
