import type { Language, Tree } from 'web-tree-sitter';
import type { Memo } from '../memo';
import { flatTree, walkCursor } from './flat';
import type { LanguageLayout } from './heap';
import { languageLayout, readTree } from './heap';
import { heapViews, rawCursor } from './wasm';

/**
 * A plain-JavaScript copy of a tree-sitter syntax tree.
 *
 * Every property read on a web-tree-sitter `Node` crosses into WebAssembly and allocates; the
 * rules read each node many times. The engine therefore copies the tree once into these objects
 * (read out of the WebAssembly memory, heap.ts, into flat columns, flat.ts, then built here) and
 * works on the copy. For an edited document, top-level statements whose
 * text did not change are taken over from the previous copy (their positions shifted) instead of
 * being copied again, which keeps re-analysis after a keystroke cheap.
 *
 * The API is the subset of web-tree-sitter's `Node` that the engine uses, with the same names.
 */

export interface Point {
  row: number;
  column: number;
}

/** Shared by all nodes of one copy: the text they slice from and where its lines start. */
interface Document {
  text: string;
  /** Start offset of every line, to turn offsets into points without asking the tree. */
  lineStarts: number[];
  /** Facts about this copy's nodes, kept as long as it (see memo.ts); a reused node moves to the new copy's. */
  memo: Memo;
  /**
   * The last point worked out and its offset: callers read `startPosition.row`, then
   * `startPosition.column`, so one search answers both.
   */
  lastOffset: number;
  lastPoint: Point;
  /** The language's field names by id (`SyntaxNode.flags` holds the node's field id). */
  fieldNames: readonly (string | null)[];
}

let nextId = 1;

const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);
const NO_FIELDS: readonly (string | null)[] = Object.freeze([]);

/** Bits of `SyntaxNode.flags`; above them, the id of the node's field in its parent (0: none). */
const NAMED = 1;
const MISSING = 2;
const HAS_ERROR = 4;
const FIELD_SHIFT = 3;
const BITS = (1 << FIELD_SHIFT) - 1;

export class SyntaxNode {
  // Every field is set in the constructor, in one order (`declare`: no class-field definitions
  // run before it), which keeps the construction of the ~1,000 nodes of a script cheap. Node has
  // no pointer compression: each field costs 8 bytes per node, so the node keeps only what it
  // cannot work out (positions come from the offsets, named children from the children, its field
  // name is a small integer beside its flags).
  /** Unique in the process; a copy numbers its nodes in document order. */
  declare readonly id: number;
  declare readonly type: string;
  /** `isNamed`, `isMissing` and `hasError` as bits, and above them the id of the node's field in its parent. */
  declare private flags: number;
  declare startIndex: number;
  declare endIndex: number;
  declare doc: Document;
  declare parent: SyntaxNode | null;
  /** The children (a leaf shares one frozen empty array: most nodes are leaves). */
  declare children: readonly SyntaxNode[];

  /**
   * `flags`: NAMED, MISSING, HAS_ERROR (a node with children gets the error of its subtree from
   * `addError`), and the field id shifted by FIELD_SHIFT.
   */
  constructor(id: number, type: string, flags: number, startIndex: number, endIndex: number, doc: Document) {
    this.id = id;
    this.type = type;
    this.flags = flags;
    this.startIndex = startIndex;
    this.endIndex = endIndex;
    this.doc = doc;
    this.parent = null;
    this.children = NO_CHILDREN;
  }

  get isNamed(): boolean {
    return (this.flags & NAMED) !== 0;
  }

  get isMissing(): boolean {
    return (this.flags & MISSING) !== 0;
  }

  /** Whether the node is or holds an ERROR or MISSING node. */
  get hasError(): boolean {
    return (this.flags & HAS_ERROR) !== 0;
  }

  /** Marks the node as holding an error (copyTree, when a child has one). */
  addError(): void {
    this.flags |= HAS_ERROR;
  }

  /** Sets the id of the node's field in its parent (copyTree, for a reused statement). */
  setField(id: number): void {
    this.flags = (this.flags & BITS) | (id << FIELD_SHIFT);
  }

  /** The name of the node's field in its parent (null where the grammar gives none). */
  private get field(): string | null {
    return this.flags > BITS ? (this.doc.fieldNames[this.flags >> FIELD_SHIFT] ?? null) : null;
  }

  /** Field name of each child (null where the grammar gives none; empty when no child has one). */
  get fields(): readonly (string | null)[] {
    const children = this.children;
    for (let i = 0; i < children.length; i++) if (children[i]!.flags > BITS) return children.map((child) => child.field);
    return NO_FIELDS;
  }

  get startPosition(): Point {
    return pointAt(this.doc, this.startIndex);
  }

  get endPosition(): Point {
    return pointAt(this.doc, this.endIndex);
  }

  /** Moves the node to `startIndex` + `delta` in `doc` (a reused subtree in a new version of its text). */
  moveTo(delta: number, doc: Document): void {
    this.startIndex += delta;
    this.endIndex += delta;
    this.doc = doc;
  }

  get text(): string {
    return this.doc.text.slice(this.startIndex, this.endIndex);
  }

  get isError(): boolean {
    return this.type === 'ERROR';
  }

  get childCount(): number {
    return this.children.length;
  }

  child(index: number): SyntaxNode | null {
    return this.children[index] ?? null;
  }

  /**
   * The named children: the children array itself when every child is named, else a new array (do
   * not mutate it). Few nodes are asked (about 2% of the gallery's), so none keeps it.
   */
  get namedChildren(): readonly SyntaxNode[] {
    const children = this.children;
    for (let i = 0; i < children.length; i++) if ((children[i]!.flags & NAMED) === 0) return children.filter(isNamedNode);
    return children;
  }

  get namedChildCount(): number {
    const children = this.children;
    let count = 0;
    for (let i = 0; i < children.length; i++) if ((children[i]!.flags & NAMED) !== 0) count++;
    return count;
  }

  namedChild(index: number): SyntaxNode | null {
    const children = this.children;
    let seen = 0;
    for (let i = 0; i < children.length; i++) if ((children[i]!.flags & NAMED) !== 0 && seen++ === index) return children[i]!;
    return null;
  }

  childForFieldName(field: string): SyntaxNode | null {
    // Called ~170k times a gallery pass: an indexed loop (no iterator) comparing interned names.
    const children = this.children;
    const names = this.doc.fieldNames;
    for (let i = 0; i < children.length; i++) {
      const flags = children[i]!.flags;
      if (flags > BITS && names[flags >> FIELD_SHIFT] === field) return children[i]!;
    }
    return null;
  }

  childrenForFieldName(field: string): SyntaxNode[] {
    return this.children.filter((child) => child.field === field);
  }

  fieldNameForChild(index: number): string | null {
    return this.children[index]?.field ?? null;
  }

  get nextSibling(): SyntaxNode | null {
    if (!this.parent) return null;
    const siblings = this.parent.children;
    return siblings[siblings.indexOf(this) + 1] ?? null;
  }

  get previousSibling(): SyntaxNode | null {
    if (!this.parent) return null;
    const siblings = this.parent.children;
    return siblings[siblings.indexOf(this) - 1] ?? null;
  }

  get nextNamedSibling(): SyntaxNode | null {
    for (let next = this.nextSibling; next; next = next.nextSibling) if (next.isNamed) return next;
    return null;
  }

  get previousNamedSibling(): SyntaxNode | null {
    for (let previous = this.previousSibling; previous; previous = previous.previousSibling) if (previous.isNamed) return previous;
    return null;
  }

  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const wanted = typeof types === 'string' ? [types] : types;
    const out: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [...this.children].reverse();
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (wanted.includes(node.type)) out.push(node);
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
    return out;
  }

  toString(): string {
    return this.children.length === 0
      ? `(${this.type})`
      : `(${this.type} ${this.children
          .filter((c) => c.isNamed)
          .map((c) => c.toString())
          .join(' ')})`;
  }
}

function isNamedNode(node: SyntaxNode): boolean {
  return node.isNamed;
}

export interface SyntaxTree {
  rootNode: SyntaxNode;
  /**
   * Every named node by type, in document order (pre-order), gathered while copying; absent when
   * the copy reused statements of an earlier one (semantic/nodes.ts then walks the tree).
   */
  namedByType?: ReadonlyMap<string, readonly SyntaxNode[]>;
  /**
   * How deeply nodes nest below the root (a statement of the module is at depth 1). The engine
   * refuses a tree deeper than `MAX_SYNTAX_DEPTH` before any recursive walk runs, so that how deep
   * is too deep does not depend on the thread's stack (a worker's, the CLI's) nor on what the JIT
   * did to the walks' frames.
   */
  depth: number;
  /** How deeply each top-level statement's subtree nests below it, for a later copy that reuses the statement. */
  statementDepths: readonly number[];
}

/**
 * The deepest nesting the engine analyzes. Its recursive walks overflow the main thread's default
 * stack (984 KiB) at about 1,830 levels; this leaves them room.
 */
export const MAX_SYNTAX_DEPTH = 1000;

/**
 * Type names, whether each type is named, and field names, read once per language. The type
 * tables are dense (no holes: a hole at ERROR's id 0xffff would turn them into slow dictionaries),
 * indexed by `slot(id)`: the type id itself, `count` for ERROR, `count` + 1 for an id the language
 * does not have.
 */
interface Names {
  types: string[];
  named: boolean[];
  fields: (string | null)[];
  /** Type slot -> index of its type name in `bucketNames` (several ids can share a name: `block`, `lambda`). */
  bucket: number[];
  /** Type slot -> the flags its nodes start with (NAMED; HAS_ERROR for ERROR). */
  flags: Uint8Array;
  /** Type slot -> `bucket` for a named type, -1 for an anonymous one. */
  namedBucket: Int32Array;
  bucketNames: string[];
  /** Number of type ids (the slot of ERROR). */
  count: number;
}

const namesByLanguage = new WeakMap<Language, Names>();

/** The id tree-sitter gives ERROR nodes (outside the grammar's own ids). */
const ERROR_ID = 0xffff;

/** The slot of a type id in the `Names` tables. */
function slot(names: Names, id: number): number {
  return id < names.count ? id : id === ERROR_ID ? names.count : names.count + 1;
}

/**
 * The same string, internalized: web-tree-sitter builds type and field names from the module's
 * memory, so without this every `node.type === 'call'` in the walks compares characters instead of
 * pointers. A string used as a property key is internalized by V8.
 */
function intern(name: string): string {
  return Object.keys({ [name]: 0 })[0]!;
}

function namesOf(language: Language): Names {
  let names = namesByLanguage.get(language);
  if (!names) {
    const types: string[] = [];
    const named: boolean[] = [];
    const count = language.nodeTypeCount;
    for (let id = 0; id < count; id++) {
      types.push(intern(language.nodeTypeForId(id) ?? ''));
      named.push(language.nodeTypeIsNamed(id));
    }
    // ERROR, then any id the language does not know (copied as an ERROR node, named).
    types.push('ERROR', 'ERROR');
    named.push(language.nodeTypeIsNamed(ERROR_ID), true);
    const fields: (string | null)[] = [null];
    for (let id = 1; id <= language.fieldCount; id++) {
      const field = language.fieldNameForId(id);
      fields.push(field === null ? null : intern(field));
    }
    const bucket: number[] = [];
    const bucketNames: string[] = [];
    const byName = new Map<string, number>();
    types.forEach((type) => {
      let index = byName.get(type);
      if (index === undefined) {
        index = bucketNames.push(type) - 1;
        byName.set(type, index);
      }
      bucket.push(index);
    });
    const flags = new Uint8Array(types.length);
    const namedBucket = new Int32Array(types.length);
    types.forEach((type, index) => {
      flags[index] = (named[index] ? NAMED : 0) | (type === 'ERROR' ? HAS_ERROR : 0);
      namedBucket[index] = named[index] ? bucket[index]! : -1;
    });
    names = { types, named, fields, bucket, flags, namedBucket, bucketNames, count };
    namesByLanguage.set(language, names);
  }
  return names;
}

/** Start offsets of every line (split at `\n`). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The point at `offset` in `doc`, the last one again when asked twice in a row. */
function pointAt(doc: Document, offset: number): Point {
  if (offset === doc.lastOffset) return doc.lastPoint;
  const point = pointOf(doc.lineStarts, offset);
  doc.lastOffset = offset;
  doc.lastPoint = point;
  return point;
}

function pointOf(starts: readonly number[], offset: number): Point {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { row: lo, column: offset - starts[lo]! };
}

/** The columns every copy is flattened into (reused: a copy allocates nothing for them). */
const flat = flatTree();

/** Which walk filled `flat` for the last copy (for tests). */
let lastWalk: TreeWalk = 'memory';

/** The language layouts for the memory reader (null: the reader cannot be used with that language). */
const layouts = new WeakMap<Language, LanguageLayout | null>();

/**
 * How a copy reads the tree: `memory` straight out of the WebAssembly memory (heap.ts), falling back
 * to `cursor` (wasm.ts's direct cursor) when the memory is not laid out as expected, and that to
 * `public` (web-tree-sitter's `TreeCursor`) when the module's exports are not there.
 */
export type TreeWalk = 'memory' | 'cursor' | 'public';

/** Flattens `tree` into `flat` with the fastest walk that works. */
function flatten(tree: Tree, language: Language, walk: TreeWalk): void {
  if (walk === 'memory') {
    const views = heapViews();
    if (views) {
      let layout = layouts.get(language);
      if (layout === undefined) {
        layout = languageLayout(views, language);
        layouts.set(language, layout);
      }
      if (layout && readTree(views, layout, tree, flat)) {
        lastWalk = 'memory';
        return;
      }
    }
  }
  const cursor = rawCursor(tree, walk !== 'public');
  lastWalk = cursor.direct ? 'cursor' : 'public';
  try {
    walkCursor(cursor, flat);
  } finally {
    cursor.delete();
  }
}

/** The walk that filled the columns of the last copy (tests check that the fast one is in use). */
export function lastTreeWalk(): TreeWalk {
  return lastWalk;
}

/** Scratch stack of the build: finished nodes not yet given to their parent. */
const done: SyntaxNode[] = [];
/** Rows and nodes whose subtrees are being built. */
let openRows = new Int32Array(256);
const openNodes: SyntaxNode[] = [];

/**
 * The named nodes of the copy being built by type, bucket after bucket in the order of
 * `Names.bucketNames`, each bucket in document order: copyTree slices namedByType's lists out of
 * it, each exactly as long as it must be (lists grown by `push` cost twice the memory, and so does
 * `new Array(n)` for short ones). A new array for each copy: storing young nodes into a reused (old)
 * one costs a write barrier each, and clearing it a runtime call. Sliced out of `NULLS`, not made
 * by `new Array(total)`: the slices of that would be holey arrays, and the rules' loops over them as
 * well as over packed ones cost ~100M more instructions a gallery pass (callgrind).
 */
let gathered: SyntaxNode[] = [];
/** Nulls only (never a node), grown as needed: a packed array of any length is one `slice` of it. */
const NULLS: null[] = [];
/** Per bucket: where its nodes start in `gathered`, and where the next one goes. */
let bucketStart = new Int32Array(0);
let nextOfBucket = new Int32Array(0);

/**
 * Counts the root and the named nodes of `flat`'s rows by bucket and lays out `gathered` for them
 * (null until `build` puts each node in its place).
 */
function layOutBuckets(names: Names): void {
  const buckets = names.bucketNames.length;
  if (bucketStart.length < buckets) {
    bucketStart = new Int32Array(buckets);
    nextOfBucket = new Int32Array(buckets);
  }
  const counts = nextOfBucket;
  counts.fill(0);
  const { type: typeOf, count } = flat;
  const { namedBucket, count: typeCount } = names;
  counts[names.bucket[slot(names, typeOf[0]!)]!] = 1; // the root, whatever its type
  for (let row = 1; row < count; row++) {
    const id = typeOf[row]!;
    const b = namedBucket[id < typeCount ? id : slot(names, id)]!;
    if (b >= 0) counts[b]++;
  }
  let total = 0;
  for (let b = 0; b < buckets; b++) {
    const n = counts[b]!;
    bucketStart[b] = total;
    nextOfBucket[b] = total;
    total += n;
  }
  while (NULLS.length < total) NULLS.push(null);
  gathered = NULLS.slice(0, total) as unknown as SyntaxNode[];
}

/**
 * Builds the nodes of rows `from`..`to` - 1 of `flat` (whole subtrees) in document order, named ones
 * into `gathered` (when `gather`: after `layOutBuckets`). A node is finished when the row after its
 * subtree is reached: its children are then the top `childCount` entries of `done`, in order.
 * Leaves the top-level nodes of the range on `done`, in order.
 */
function build(from: number, to: number, names: Names, doc: Document, idBase: number, gather: boolean): void {
  const { type: typeOf, field: fieldOf, missing: missingOf, start: startOf, end: endOf, childCount, next } = flat;
  const { types, flags: slotFlags, namedBucket, count: typeCount } = names;
  let top = done.length;
  let open = 0;
  for (let row = from; row < to; row++) {
    const id = typeOf[row]!;
    const index = id < typeCount ? id : slot(names, id);
    const type = types[index]!;
    const start = startOf[row]!;
    const end = endOf[row]!;
    // Only a zero-width node can be MISSING; an ERROR or MISSING node has an error itself.
    const flags =
      (missingOf[row] === 1 && start === end ? slotFlags[index]! | MISSING | HAS_ERROR : slotFlags[index]!) |
      (fieldOf[row]! << FIELD_SHIFT);
    const node = new SyntaxNode(idBase + row, type, flags, start, end, doc);
    const b = namedBucket[index]!;
    if (b >= 0 && gather) gathered[nextOfBucket[b]!++] = node;
    if (childCount[row]! > 0) {
      if (open === openRows.length) {
        const bigger = new Int32Array(open * 2);
        bigger.set(openRows);
        openRows = bigger;
      }
      openRows[open] = row;
      openNodes[open++] = node;
      continue;
    }
    done[top++] = node;
    // Finish every open node whose subtree ends here.
    while (open > 0 && next[openRows[open - 1]!] === row + 1) {
      const parentRow = openRows[--open]!;
      const parent = openNodes[open]!;
      const base = top - childCount[parentRow]!;
      const children = childrenOf(base, top);
      let hasError = false;
      for (let i = base; i < top; i++) {
        const child = done[i]!;
        child.parent = parent;
        if (child.hasError) hasError = true;
      }
      parent.children = children;
      if (hasError) parent.addError();
      top = base;
      done[top++] = parent;
    }
  }
  openNodes.length = 0;
  done.length = top;
}

/**
 * `done.slice(from, to)`; array literals for the short ones (most nodes have one to three children),
 * which the compiler allocates inline instead of calling `slice`.
 */
function childrenOf(from: number, to: number): SyntaxNode[] {
  switch (to - from) {
    case 1:
      return [done[from]!];
    case 2:
      return [done[from]!, done[from + 1]!];
    case 3:
      return [done[from]!, done[from + 1]!, done[from + 2]!];
    default:
      return done.slice(from, to);
  }
}

/** How deeply the rows of `from`..`to` - 1 nest below the first (which must be the range's only top-level row). */
function depthBelow(from: number, to: number): number {
  const depthOf = flat.depth;
  let deepest = depthOf[from]!;
  for (let row = from + 1; row < to; row++) if (depthOf[row]! > deepest) deepest = depthOf[row]!;
  return deepest - depthOf[from]!;
}

/** Moves a reused subtree to its new place in the new text. */
function shift(node: SyntaxNode, delta: number, doc: Document): void {
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    n.moveTo(delta, doc);
    for (const c of n.children) stack.push(c);
  }
}

/**
 * Copies `tree` (parsed from `text`). With `previous`, a copy of an earlier version of the same
 * document, top-level statements whose type, text and start column are unchanged are reused.
 * `walk` forces a slower way of reading the tree (for tests: all must agree).
 */
export function copyTree(
  tree: Tree,
  text: string,
  language: Language,
  previous?: SyntaxTree | null,
  walk: TreeWalk = 'memory',
): SyntaxTree {
  const names = namesOf(language);
  const doc: Document = {
    text,
    lineStarts: lineStarts(text),
    memo: new Map(),
    lastOffset: -1,
    lastPoint: { row: 0, column: 0 },
    fieldNames: names.fields,
  };
  flatten(tree, language, walk);
  const { type: typeOf, start: startOf, end: endOf, next } = flat;
  const count = flat.count;
  const idBase = nextId;
  nextId += count;

  // The top-level statements (rows at depth 1), and those an earlier copy already holds.
  const statements: number[] = [];
  for (let row = 1; row < count; row = next[row]!) statements.push(row);
  let reused: Array<[SyntaxNode, number] | undefined> | null = null;
  if (previous && previous.rootNode.children.length > 0 && statements.length > 0) {
    const reusable = new Map<string, Array<[SyntaxNode, number]>>();
    previous.rootNode.children.forEach((child, i) => {
      const key = `${child.type}\u0000${child.startPosition.column}\u0000${child.text}`;
      const entry: [SyntaxNode, number] = [child, previous.statementDepths[i]!];
      const list = reusable.get(key);
      if (list) list.push(entry);
      else reusable.set(key, [entry]);
    });
    const found = statements.map((row) => {
      const start = startOf[row]!;
      const key = `${names.types[slot(names, typeOf[row]!)]!}\u0000${pointOf(doc.lineStarts, start).column}\u0000${text.slice(start, endOf[row]!)}`;
      return reusable.get(key)?.shift();
    });
    if (found.some((entry) => entry !== undefined)) reused = found;
  }

  const rootSlot = slot(names, typeOf[0]!);
  const rootType = names.types[rootSlot]!;
  const root = new SyntaxNode(idBase, rootType, rootType === 'ERROR' ? NAMED | HAS_ERROR : NAMED, startOf[0]!, endOf[0]!, doc);
  const children: SyntaxNode[] = [];
  const statementDepths: number[] = [];
  let namedByType: Map<string, SyntaxNode[]> | null = null;
  if (reused) {
    statements.forEach((row, i) => {
      const entry = reused[i];
      if (entry) {
        const [node, below] = entry;
        shift(node, startOf[row]! - node.startIndex, doc);
        node.setField(flat.field[row]!);
        children.push(node);
        statementDepths.push(below);
      } else {
        build(row, next[row]!, names, doc, idBase, false);
        children.push(done.pop()!);
        statementDepths.push(depthBelow(row, next[row]!));
      }
    });
  } else {
    layOutBuckets(names);
    gathered[nextOfBucket[names.bucket[rootSlot]!]!++] = root;
    if (count > 1) {
      build(1, count, names, doc, idBase, true);
      for (let i = 0; i < done.length; i++) children.push(done[i]!);
      done.length = 0;
      for (const row of statements) statementDepths.push(depthBelow(row, next[row]!));
    }
    namedByType = new Map<string, SyntaxNode[]>();
    for (let b = 0; b < names.bucketNames.length; b++) {
      const from = bucketStart[b]!;
      const to = nextOfBucket[b]!;
      if (to > from) namedByType.set(names.bucketNames[b]!, gathered.slice(from, to));
    }
    gathered = [];
  }
  let depth = 0;
  for (const below of statementDepths) depth = Math.max(depth, 1 + below);
  if (children.length > 0) {
    root.children = children;
    for (const child of children) child.parent = root;
  }
  if (children.some((c) => c.hasError)) root.addError();
  if (!namedByType) return { rootNode: root, depth, statementDepths };
  return { rootNode: root, namedByType, depth, statementDepths };
}
