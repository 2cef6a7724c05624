import type { Language, Tree } from 'web-tree-sitter';
import type { RawCursor } from './wasm';
import { rawCursor } from './wasm';

/**
 * A plain-JavaScript copy of a tree-sitter syntax tree.
 *
 * Every property read on a web-tree-sitter `Node` crosses into WebAssembly and allocates; the
 * rules read each node many times. The engine therefore copies the tree once, with a cursor,
 * into these objects and works on the copy. For an edited document, top-level statements whose
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
}

let nextId = 1;

const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);
const NO_FIELDS: readonly (string | null)[] = Object.freeze([]);

export class SyntaxNode {
  readonly id = nextId++;
  parent: SyntaxNode | null = null;
  /** The children (a leaf shares one frozen empty array: most nodes are leaves). */
  children: readonly SyntaxNode[] = NO_CHILDREN;
  /** Field name of each child (null where the grammar gives none). */
  fields: readonly (string | null)[] = NO_FIELDS;
  hasError = false;
  /** Positions, worked out from the offsets on first use (most nodes are never asked). */
  private start: Point | null = null;
  private end: Point | null = null;
  private named: SyntaxNode[] | null = null;

  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    public startIndex: number,
    public endIndex: number,
    public doc: Document,
  ) {}

  get startPosition(): Point {
    return (this.start ??= pointOf(this.doc.lineStarts, this.startIndex));
  }

  get endPosition(): Point {
    return (this.end ??= pointOf(this.doc.lineStarts, this.endIndex));
  }

  /** Appends a child (while copying). */
  addChild(child: SyntaxNode, field: string | null): void {
    if (this.children === NO_CHILDREN) {
      this.children = [child];
      this.fields = [field];
    } else {
      (this.children as SyntaxNode[]).push(child);
      (this.fields as (string | null)[]).push(field);
    }
    child.parent = this;
  }

  /** Moves the node to `startIndex` + `delta` in `doc` (a reused subtree in a new version of its text). */
  moveTo(delta: number, doc: Document): void {
    this.startIndex += delta;
    this.endIndex += delta;
    this.doc = doc;
    this.start = null;
    this.end = null;
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

  /** The named children (one array, kept: do not mutate it). */
  get namedChildren(): readonly SyntaxNode[] {
    return (this.named ??= this.children.filter((c) => c.isNamed));
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  namedChild(index: number): SyntaxNode | null {
    return this.namedChildren[index] ?? null;
  }

  childForFieldName(field: string): SyntaxNode | null {
    const i = this.fields.indexOf(field);
    return i < 0 ? null : this.children[i]!;
  }

  childrenForFieldName(field: string): SyntaxNode[] {
    return this.children.filter((_, i) => this.fields[i] === field);
  }

  fieldNameForChild(index: number): string | null {
    return this.fields[index] ?? null;
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
}

/**
 * The deepest nesting the engine analyzes. Its recursive walks overflow the main thread's default
 * stack (984 KiB) at about 1,830 levels; this leaves them room.
 */
export const MAX_SYNTAX_DEPTH = 1000;

/** The depth of each top-level statement's subtree, for a reused statement (incremental copies). */
const statementDepth = new WeakMap<SyntaxNode, number>();

/** Type names, whether each type is named, and field names, by id, read once per language. */
interface Names {
  types: string[];
  named: boolean[];
  fields: (string | null)[];
  /** Type id -> index of its type name in `bucketNames` (several ids can share a name: `block`, `lambda`). */
  bucket: number[];
  bucketNames: string[];
}

const namesByLanguage = new WeakMap<Language, Names>();

/** The id tree-sitter gives ERROR nodes (outside the grammar's own ids). */
const ERROR_ID = 0xffff;

function namesOf(language: Language): Names {
  let names = namesByLanguage.get(language);
  if (!names) {
    const types: string[] = [];
    const named: boolean[] = [];
    for (let id = 0; id < language.nodeTypeCount; id++) {
      types.push(language.nodeTypeForId(id) ?? '');
      named.push(language.nodeTypeIsNamed(id));
    }
    types[ERROR_ID] = 'ERROR';
    named[ERROR_ID] = language.nodeTypeIsNamed(ERROR_ID);
    const fields: (string | null)[] = [null];
    for (let id = 1; id <= language.fieldCount; id++) fields.push(language.fieldNameForId(id));
    const bucket: number[] = [];
    const bucketNames: string[] = [];
    const byName = new Map<string, number>();
    types.forEach((type, id) => {
      let index = byName.get(type);
      if (index === undefined) {
        index = bucketNames.push(type) - 1;
        byName.set(type, index);
      }
      bucket[id] = index;
    });
    names = { types, named, fields, bucket, bucketNames };
    namesByLanguage.set(language, names);
  }
  return names;
}

/** Start offsets of every line. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
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

interface CopyContext {
  cursor: RawCursor;
  names: Names;
  doc: Document;
  /** Named nodes by `names.bucket`, in the order they are copied (pre-order). */
  buckets: SyntaxNode[][];
}

/** The node under the cursor, without its children. */
function nodeAt(ctx: CopyContext): SyntaxNode {
  const { cursor, names } = ctx;
  const id = cursor.typeId();
  const start = cursor.startIndex();
  const end = cursor.endIndex();
  const type = names.types[id];
  const isNamed = names.named[id] ?? true;
  // Only a zero-width node can be one the parser inserted (MISSING): ask for those alone.
  const node = new SyntaxNode(type ?? 'ERROR', isNamed, start === end && cursor.isMissing(), start, end, ctx.doc);
  if (isNamed) {
    const index = names.bucket[type === undefined ? ERROR_ID : id]!;
    const bucket = ctx.buckets[index];
    if (bucket) bucket.push(node);
    else ctx.buckets[index] = [node];
  }
  return node;
}

/** Copies the node under the cursor and its subtree (iteratively: no recursion depth limit), noting its depth. */
function copySubtree(ctx: CopyContext): SyntaxNode {
  const { cursor, names } = ctx;
  const root = nodeAt(ctx);
  const stack: SyntaxNode[] = [root];
  let depth = 0;
  let deepest = 0;
  if (!cursor.gotoFirstChild()) {
    finish(root);
    statementDepth.set(root, 0);
    return root;
  }
  depth++;
  for (;;) {
    if (depth > deepest) deepest = depth;
    const parent = stack[stack.length - 1]!;
    const node = nodeAt(ctx);
    parent.addChild(node, names.fields[cursor.fieldId()] ?? null);
    if (cursor.gotoFirstChild()) {
      depth++;
      stack.push(node);
      continue;
    }
    finish(node);
    while (!cursor.gotoNextSibling()) {
      cursor.gotoParent();
      depth--;
      finish(stack.pop()!);
      if (depth === 0) {
        statementDepth.set(root, deepest);
        return root;
      }
    }
  }
}

function finish(node: SyntaxNode): void {
  node.hasError = node.type === 'ERROR' || node.isMissing || node.children.some((c) => c.hasError);
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
 * `direct: false` walks with web-tree-sitter's public cursor (for tests: both must agree).
 */
export function copyTree(tree: Tree, text: string, language: Language, previous?: SyntaxTree | null, direct = true): SyntaxTree {
  const names = namesOf(language);
  const doc: Document = { text, lineStarts: lineStarts(text) };
  const reusable = new Map<string, SyntaxNode[]>();
  if (previous) {
    for (const child of previous.rootNode.children) {
      const key = `${child.type}\u0000${child.startPosition.column}\u0000${child.text}`;
      const list = reusable.get(key);
      if (list) list.push(child);
      else reusable.set(key, [child]);
    }
  }
  const cursor = rawCursor(tree, direct);
  const ctx: CopyContext = { cursor, names, doc, buckets: [] };
  let reused = false;
  try {
    const rootId = cursor.typeId();
    const root = new SyntaxNode(names.types[rootId] ?? 'ERROR', true, false, cursor.startIndex(), cursor.endIndex(), doc);
    ctx.buckets[names.bucket[names.types[rootId] === undefined ? ERROR_ID : rootId]!] = [root];
    let depth = 0;
    if (cursor.gotoFirstChild()) {
      do {
        const start = cursor.startIndex();
        const end = cursor.endIndex();
        let node: SyntaxNode | undefined;
        if (reusable.size > 0) {
          const key = `${names.types[cursor.typeId()] ?? 'ERROR'}\u0000${pointOf(doc.lineStarts, start).column}\u0000${text.slice(start, end)}`;
          node = reusable.get(key)?.shift();
          if (node) {
            shift(node, start - node.startIndex, doc);
            reused = true;
          }
        }
        node ??= copySubtree(ctx);
        depth = Math.max(depth, 1 + (statementDepth.get(node) ?? 0));
        root.addChild(node, names.fields[cursor.fieldId()] ?? null);
      } while (cursor.gotoNextSibling());
    }
    finish(root);
    if (reused) return { rootNode: root, depth };
    const namedByType = new Map<string, SyntaxNode[]>();
    ctx.buckets.forEach((bucket, index) => namedByType.set(names.bucketNames[index]!, bucket));
    return { rootNode: root, namedByType, depth };
  } finally {
    cursor.delete();
  }
}
