import type { Language, Tree, TreeCursor } from 'web-tree-sitter';

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

/** Shared by all nodes of one copy: the text they slice from. */
interface Document {
  text: string;
}

let nextId = 1;

export class SyntaxNode {
  readonly id = nextId++;
  parent: SyntaxNode | null = null;
  readonly children: SyntaxNode[] = [];
  /** Field name of each child (null where the grammar gives none). */
  readonly fields: (string | null)[] = [];
  hasError = false;

  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    public startIndex: number,
    public endIndex: number,
    public startPosition: Point,
    public endPosition: Point,
    public doc: Document,
  ) {}

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

  get namedChildren(): SyntaxNode[] {
    return this.children.filter((c) => c.isNamed);
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

/** Type and field names by id, read once per language. */
interface Names {
  types: string[];
  fields: (string | null)[];
}

const namesByLanguage = new WeakMap<Language, Names>();

function namesOf(language: Language): Names {
  let names = namesByLanguage.get(language);
  if (!names) {
    const types: string[] = [];
    for (let id = 0; id < language.nodeTypeCount; id++) types.push(language.nodeTypeForId(id) ?? '');
    const fields: (string | null)[] = [null];
    for (let id = 1; id <= language.fieldCount; id++) fields.push(language.fieldNameForId(id));
    names = { types, fields };
    namesByLanguage.set(language, names);
  }
  return names;
}

/** Start offsets of every line, to turn offsets into points without asking the tree. */
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
  cursor: TreeCursor;
  names: Names;
  starts: number[];
  doc: Document;
}

/** Copies the node under the cursor and its subtree (iteratively: no recursion depth limit), noting its depth. */
function copySubtree(ctx: CopyContext): SyntaxNode {
  const { cursor, names, starts, doc } = ctx;
  const make = (): SyntaxNode => {
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    return new SyntaxNode(
      names.types[cursor.nodeTypeId] ?? cursor.nodeType,
      cursor.nodeIsNamed,
      cursor.nodeIsMissing,
      start,
      end,
      pointOf(starts, start),
      pointOf(starts, end),
      doc,
    );
  };
  const root = make();
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
    const node = make();
    node.parent = parent;
    parent.children.push(node);
    parent.fields.push(names.fields[cursor.currentFieldId] ?? null);
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
function shift(node: SyntaxNode, deltaIndex: number, deltaRow: number, doc: Document): void {
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    n.startIndex += deltaIndex;
    n.endIndex += deltaIndex;
    n.startPosition = { row: n.startPosition.row + deltaRow, column: n.startPosition.column };
    n.endPosition = { row: n.endPosition.row + deltaRow, column: n.endPosition.column };
    n.doc = doc;
    for (const c of n.children) stack.push(c);
  }
}

/**
 * Copies `tree` (parsed from `text`). With `previous`, a copy of an earlier version of the same
 * document, top-level statements whose type, text and start column are unchanged are reused.
 */
export function copyTree(tree: Tree, text: string, language: Language, previous?: SyntaxTree | null): SyntaxTree {
  const names = namesOf(language);
  const starts = lineStarts(text);
  const doc: Document = { text };
  const reusable = new Map<string, SyntaxNode[]>();
  if (previous) {
    for (const child of previous.rootNode.children) {
      const key = `${child.type}\u0000${child.startPosition.column}\u0000${child.text}`;
      const list = reusable.get(key);
      if (list) list.push(child);
      else reusable.set(key, [child]);
    }
  }
  const cursor = tree.walk();
  try {
    const rootStart = cursor.startIndex;
    const rootEnd = cursor.endIndex;
    const root = new SyntaxNode(
      cursor.nodeType,
      true,
      false,
      rootStart,
      rootEnd,
      pointOf(starts, rootStart),
      pointOf(starts, rootEnd),
      doc,
    );
    const ctx: CopyContext = { cursor, names, starts, doc };
    let depth = 0;
    if (cursor.gotoFirstChild()) {
      do {
        const start = cursor.startIndex;
        const end = cursor.endIndex;
        const point = pointOf(starts, start);
        const key = `${names.types[cursor.nodeTypeId] ?? cursor.nodeType}\u0000${point.column}\u0000${text.slice(start, end)}`;
        const candidates = reusable.get(key);
        let node: SyntaxNode;
        if (candidates && candidates.length > 0) {
          node = candidates.shift()!;
          shift(node, start - node.startIndex, point.row - node.startPosition.row, doc);
        } else {
          node = copySubtree(ctx);
        }
        depth = Math.max(depth, 1 + (statementDepth.get(node) ?? 0));
        node.parent = root;
        root.children.push(node);
        root.fields.push(names.fields[cursor.currentFieldId] ?? null);
      } while (cursor.gotoNextSibling());
    }
    finish(root);
    return { rootNode: root, depth };
  } finally {
    cursor.delete();
  }
}
