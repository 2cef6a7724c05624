import type { Node as YamlNode, ParsedNode, ScalarTag, Tags } from 'yaml';
import { Document, isAlias, isMap, isScalar, isSeq, Pair, parseDocument, Scalar, visit, YAMLMap, YAMLSeq } from 'yaml';
import type { ParamsCodec, ParamsEntry, ParamsNode, ParamsTree } from './document';
import { inGroupOrder, PARAMS_HEADER, ParamsFileError } from './document';
import type { PyValue, StoredValue } from './values';
import { formatFloat } from './values';

/**
 * params.yaml, read the way PyYAML (`yaml.safe_load`, YAML 1.1) reads it and merged with the
 * `yaml` package's document API, so that comments, order and formatting of the existing file stay.
 */

/**
 * A plain scalar written exactly as given, for two cases where the `yaml` package would re-format
 * a number (`1.0e-7` as `1e-7`, which PyYAML then reads as a string): a float whose text we choose
 * (see formatFloat: PyYAML needs `1.0e-07`), and a scalar of the existing file, kept as it was.
 */
class VerbatimText {
  constructor(readonly text: string) {}
}

// Own tag names: an explicit `!!float` or `!!str` of the file must not reach these stringifiers.
const verbatimTextTag: ScalarTag = {
  tag: 'tag:ml-hygiene,2024:verbatim-text',
  default: true,
  identify: (value) => value instanceof VerbatimText,
  test: /(?!)/, // never used to read
  resolve: (text) => text,
  stringify: (item) => ((item as Scalar).value as VerbatimText).text,
};

/** A string with characters PyYAML does not accept raw (DEL, C1 controls, lone surrogates): written with escapes. */
class EscapedText {
  constructor(readonly value: string) {}
}

/** PyYAML's printable set (yaml/reader.py); anything else must be escaped in a double-quoted scalar. */
// eslint-disable-next-line no-control-regex -- the tab and line breaks are part of the set on purpose
const PYYAML_PRINTABLE = /^[\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

function escapedDoubleQuoted(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (PYYAML_PRINTABLE.test(ch) && code >= 0x20) out += ch;
    else
      out +=
        code <= 0xff
          ? `\\x${code.toString(16).padStart(2, '0')}`
          : code <= 0xffff
            ? `\\u${code.toString(16).padStart(4, '0')}`
            : `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out + '"';
}

const escapedTextTag: ScalarTag = {
  tag: 'tag:ml-hygiene,2024:escaped-text',
  default: true,
  identify: (value) => value instanceof EscapedText,
  test: /(?!)/,
  resolve: (text) => text,
  stringify: (item) => escapedDoubleQuoted(((item as Scalar).value as EscapedText).value),
};

const OPTIONS = {
  version: '1.1' as const,
  intAsBigInt: true,
  customTags: (tags: Tags) => [verbatimTextTag, escapedTextTag, ...tags],
};

/** Keeps the text of every untagged plain scalar of a parsed document as it is. */
function keepScalarText(doc: Document): void {
  visit(doc, {
    Scalar(_key, node) {
      const source = (node as Scalar & { source?: unknown }).source;
      if (node.type === 'PLAIN' && !node.tag && typeof source === 'string') node.value = new VerbatimText(source);
    },
  });
}

// PyYAML's implicit resolvers (yaml/resolver.py), for plain scalars.
const PY_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const PY_INT_DECIMAL = /^[-+]?(?:0|[1-9][0-9_]*)$/;
const PY_INT_OTHER = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PY_FLOAT_DECIMAL = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?)$/;
const PY_FLOAT_OTHER = /^(?:[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const PY_NULL = /^(?:~|null|Null|NULL|)$/;
const PY_TIMESTAMP = /^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?/;
const PY_SPECIAL = /^(?:<<|=)$/;

/** What PyYAML makes of a plain (unquoted) scalar. */
export function pyyamlPlainScalar(text: string): StoredValue {
  if (PY_BOOL.test(text)) return { kind: 'bool', value: /^(?:yes|true|on)$/i.test(text) };
  if (PY_INT_DECIMAL.test(text)) return { kind: 'int', value: BigInt(text.replace(/_/g, '')) };
  if (PY_FLOAT_DECIMAL.test(text)) return { kind: 'float', value: Number(text.replace(/_/g, '')) };
  if (PY_INT_OTHER.test(text) || PY_FLOAT_OTHER.test(text) || PY_NULL.test(text) || PY_TIMESTAMP.test(text) || PY_SPECIAL.test(text)) {
    return { kind: 'unknown' };
  }
  return { kind: 'str', value: text };
}

const STR_TAG = 'tag:yaml.org,2002:str';

function storedOf(node: unknown): ParamsNode {
  if (isAlias(node) || node === null || node === undefined) return { kind: 'unknown' };
  if (isMap(node)) return treeOf(node);
  if (isSeq(node)) {
    const items: PyValue[] = [];
    for (const item of node.items) {
      const value = storedOf(item);
      if (value instanceof Map || value.kind === 'map' || value.kind === 'unknown') return { kind: 'unknown' };
      items.push(value);
    }
    return { kind: 'list', items };
  }
  if (isScalar(node)) {
    if (node.tag && node.tag !== STR_TAG && node.tag !== '!') return { kind: 'unknown' };
    if (node.tag === STR_TAG || node.type !== 'PLAIN')
      return typeof node.value === 'string' ? { kind: 'str', value: node.value } : { kind: 'unknown' };
    const source = (node as Scalar & { source?: string }).source;
    return pyyamlPlainScalar(typeof source === 'string' ? source : String(node.value));
  }
  return { kind: 'unknown' };
}

/** A key as PyYAML sees it: only string keys can be reached with `params["key"]`. */
function keyOf(key: unknown): string | null {
  if (!isScalar(key)) return null;
  const stored = storedOf(key);
  return !(stored instanceof Map) && stored.kind === 'str' ? stored.value : null;
}

function treeOf(map: YAMLMap): ParamsTree {
  const tree: ParamsTree = new Map();
  for (const pair of map.items) {
    const key = keyOf(pair.key);
    if (key !== null) tree.set(key, storedOf(pair.value));
  }
  return tree;
}

function parse(text: string, file: string): Document.Parsed {
  const doc = parseDocument(text, OPTIONS);
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    throw new ParamsFileError(file, `not valid YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, line);
  }
  if (doc.contents !== null && !isMap(doc.contents)) throw new ParamsFileError(file, 'the top level is not a mapping of keys to values');
  return doc;
}

function nodeFor(doc: Document, value: PyValue, layout: ParamsEntry['layout']): YamlNode {
  switch (value.kind) {
    case 'float':
      return new Scalar(new VerbatimText(formatFloat(value.value)));
    case 'list':
    case 'tuple': {
      const seq = new YAMLSeq();
      seq.items = value.items.map((item) => nodeFor(doc, item, 'inline'));
      seq.flow = layout !== 'block';
      return seq;
    }
    case 'str': {
      // Written double-quoted by us when PyYAML would read it plain as something else (yes, 1.0, ~,
      // <<, 2024-01-31: the package would write `<<` plain, as a merge key) or when it holds
      // characters PyYAML only accepts escaped.
      const plain = pyyamlPlainScalar(value.value);
      const ambiguous = plain.kind !== 'str' || plain.value !== value.value;
      return ambiguous || !PYYAML_PRINTABLE.test(value.value)
        ? new Scalar(new EscapedText(value.value))
        : (doc.createNode(value.value) as YamlNode);
    }
    default:
      return doc.createNode(value.value) as YamlNode;
  }
}

/** The map at `path`, creating the missing ones (checked absent or a mapping by the caller). */
function mapAt(doc: Document, root: YAMLMap, path: readonly string[]): YAMLMap {
  let map = root;
  for (const key of path) {
    const pair = map.items.find((p) => keyOf(p.key) === key);
    if (pair && isMap(pair.value)) {
      map = pair.value;
      continue;
    }
    if (pair) throw new Error(`${key} is not a mapping`);
    const child = new YAMLMap();
    addPair(doc, map, key, child);
    map = child;
  }
  return map;
}

function addPair(doc: Document, map: YAMLMap, key: string, value: YamlNode): void {
  const keyNode = doc.createNode(key) as Scalar;
  // A blank line before each new top-level group, as people write params files.
  if (map === doc.contents && map.items.length > 0) keyNode.spaceBefore = true;
  map.items.push(new Pair(keyNode, value));
}

export const yamlCodec: ParamsCodec = {
  read(text, file) {
    const doc = parse(text, file);
    return doc.contents ? treeOf(doc.contents as YAMLMap<ParsedNode, ParsedNode>) : new Map();
  },
  render(text, entries, file) {
    const doc = text === null ? new Document(null, OPTIONS) : parse(text, file);
    if (text === null) doc.commentBefore = ` ${PARAMS_HEADER}`;
    else keepScalarText(doc);
    if (!isMap(doc.contents)) doc.contents = new YAMLMap() as never;
    const root = doc.contents as unknown as YAMLMap;
    for (const entry of inGroupOrder(entries)) {
      const map = mapAt(doc, root, entry.path.slice(0, -1));
      addPair(doc, map, entry.path[entry.path.length - 1]!, nodeFor(doc, entry.value, entry.layout));
    }
    return doc.toString({ lineWidth: 0 });
  },
};
