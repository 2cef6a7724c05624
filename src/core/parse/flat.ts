import type { RawCursor } from './wasm';

/**
 * A syntax tree flattened into columns, one row per node in document order (pre-order): what
 * mirror.ts builds its `SyntaxNode` objects from. Two walks fill it: `readTree` (heap.ts) reads
 * tree-sitter's tree straight out of the WebAssembly memory; `walkCursor` (below) asks a cursor,
 * the slower fallback. The columns are reused from one tree to the next (grown when too short), so
 * a copy allocates no memory for them: their contents are only valid until the next walk.
 */
export interface FlatTree {
  /** Number of rows. */
  count: number;
  /** Public type id (web-tree-sitter's `typeId`; 0xffff for ERROR). */
  type: Uint16Array;
  /** Field id of the node in its parent (0: none). */
  field: Uint16Array;
  /** 1 when tree-sitter inserted the node (MISSING). */
  missing: Uint8Array;
  /** Start and end, UTF-16 offsets. */
  start: Int32Array;
  end: Int32Array;
  /** Number of children. */
  childCount: Int32Array;
  /** Row after the node's subtree (its next sibling, or an ancestor's). */
  next: Int32Array;
  /** Nesting below the root (the root is at 0). */
  depth: Int32Array;
}

export function flatTree(): FlatTree {
  return grow({ count: 0 } as FlatTree, 1024);
}

function grow(flat: FlatTree, size: number): FlatTree {
  const resize = <T extends Uint8Array | Uint16Array | Int32Array>(old: T | undefined, make: (n: number) => T): T => {
    const fresh = make(size);
    if (old) fresh.set(old);
    return fresh;
  };
  flat.type = resize(flat.type, (n) => new Uint16Array(n));
  flat.field = resize(flat.field, (n) => new Uint16Array(n));
  flat.missing = resize(flat.missing, (n) => new Uint8Array(n));
  flat.start = resize(flat.start, (n) => new Int32Array(n));
  flat.end = resize(flat.end, (n) => new Int32Array(n));
  flat.childCount = resize(flat.childCount, (n) => new Int32Array(n));
  flat.next = resize(flat.next, (n) => new Int32Array(n));
  flat.depth = resize(flat.depth, (n) => new Int32Array(n));
  return flat;
}

/** Makes room for at least `rows` rows, keeping the ones written. */
export function reserve(flat: FlatTree, rows: number): void {
  if (rows > flat.type.length) grow(flat, Math.max(rows, flat.type.length * 2));
}

/** Fills `flat` by walking `cursor` (on the root) over every node. */
export function walkCursor(cursor: RawCursor, flat: FlatTree): void {
  /** Rows of the nodes whose children are being walked. */
  const open: number[] = [];
  let row = 0;
  for (;;) {
    reserve(flat, row + 1);
    const start = cursor.startIndex();
    const end = cursor.endIndex();
    flat.type[row] = cursor.typeId();
    flat.field[row] = open.length === 0 ? 0 : cursor.fieldId();
    // Only a zero-width node can be one the parser inserted (MISSING): ask for those alone.
    flat.missing[row] = start === end && cursor.isMissing() ? 1 : 0;
    flat.start[row] = start;
    flat.end[row] = end;
    flat.childCount[row] = 0;
    flat.depth[row] = open.length;
    if (open.length > 0) flat.childCount[open[open.length - 1]!]++;
    row++;
    if (cursor.gotoFirstChild()) {
      open.push(row - 1);
      continue;
    }
    flat.next[row - 1] = row;
    while (!cursor.gotoNextSibling()) {
      const parent = open.pop();
      if (parent === undefined) {
        flat.count = row;
        return;
      }
      flat.next[parent] = row;
      cursor.gotoParent();
    }
  }
}
