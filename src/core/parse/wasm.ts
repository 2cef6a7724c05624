import type { Tree, TreeCursor } from 'web-tree-sitter';
import type { HeapViews } from './heap';

/**
 * A direct line to the tree cursor functions of web-tree-sitter's WebAssembly module, and the
 * module's memory views. mirror.ts `copyTree` reads trees out of memory (heap.ts); the cursors here
 * are its fallback when the memory is not laid out as heap.ts expects.
 *
 * web-tree-sitter's `TreeCursor` keeps the cursor (four 32-bit words) in JavaScript and copies it
 * into the module's transfer buffer before every call and back after each move, word by word
 * through emscripten's generic `setValue`/`getValue`: that marshalling costs more than the walk.
 * The C side of every `ts_tree_cursor_*_wasm` function reads the cursor from the transfer buffer
 * and writes it back there after a move, so a walk that leaves the cursor in the buffer between
 * calls needs no marshalling at all. The functions are the module's exports, which emscripten puts
 * on the object given to `Parser.init` (web-tree-sitter 0.25's binding, `lib/tree-sitter.c`).
 *
 * When the exports are not there (another web-tree-sitter build), `rawCursor` falls back to the
 * public `TreeCursor`, which gives the same answers more slowly.
 */
export interface WasmExports {
  HEAP32: Int32Array;
  _ts_init(): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
}

const FUNCTIONS = [
  '_ts_init',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_current_node_is_missing_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
] as const;

let exportsInUse: WasmExports | null = null;
let transferBuffer = 0;
/** The object given to `Parser.init`: emscripten keeps the memory's current views on it (HEAPU8, ...). */
let moduleInUse: Partial<Record<string, unknown>> | null = null;

/** Called by parser.ts with the object it gave `Parser.init`; ignored unless it holds every export used here. */
export function useWasmExports(module: object | null): void {
  const candidate = module as Partial<Record<string, unknown>> | null;
  moduleInUse = candidate;
  const complete =
    candidate !== null && candidate.HEAP32 instanceof Int32Array && FUNCTIONS.every((name) => typeof candidate[name] === 'function');
  exportsInUse = complete ? (candidate as unknown as WasmExports) : null;
  // ts_init only writes the language versions into the transfer buffer and returns its address.
  transferBuffer = exportsInUse ? exportsInUse._ts_init() : 0;
}

/**
 * The views of the module's memory, for heap.ts's reader; null when the module does not expose
 * them. Take them again for every tree: emscripten replaces them when the memory grows.
 */
export function heapViews(): HeapViews | null {
  const module = moduleInUse;
  if (!module) return null;
  const { HEAPU8, HEAPU16, HEAP32 } = module;
  if (!(HEAPU8 instanceof Uint8Array) || !(HEAPU16 instanceof Uint16Array) || !(HEAP32 instanceof Int32Array)) return null;
  // A view of memory that has grown since is detached (empty): never read through it.
  if (HEAPU8.length === 0 || HEAPU8.buffer !== HEAPU16.buffer || HEAPU8.buffer !== HEAP32.buffer) return null;
  return { HEAPU8, HEAPU16, HEAP32 };
}

/** A tree cursor reduced to what a full walk needs; positions are UTF-16 offsets. */
export interface RawCursor {
  /** Whether the cursor avoids web-tree-sitter's marshalling (the direct one). */
  readonly direct: boolean;
  typeId(): number;
  fieldId(): number;
  startIndex(): number;
  endIndex(): number;
  isMissing(): boolean;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  /** Frees the cursor; it must not be used afterwards. */
  delete(): void;
}

/** Words of a cursor (web-tree-sitter's `[0]`..`[3]` on `TreeCursor`, `[0]` on `Tree` the tree's address). */
type Words = Record<number, number>;

class DirectCursor implements RawCursor {
  readonly direct = true;
  private readonly tree: number;

  constructor(
    private readonly wasm: WasmExports,
    private readonly cursor: TreeCursor,
    tree: Tree,
  ) {
    this.tree = (tree as unknown as Words)[0]!;
    const words = cursor as unknown as Words;
    const heap = wasm.HEAP32;
    const at = transferBuffer >> 2;
    for (let i = 0; i < 4; i++) heap[at + i] = words[i]!;
  }

  typeId(): number {
    return this.wasm._ts_tree_cursor_current_node_type_id_wasm(this.tree);
  }
  fieldId(): number {
    return this.wasm._ts_tree_cursor_current_field_id_wasm(this.tree);
  }
  startIndex(): number {
    return this.wasm._ts_tree_cursor_start_index_wasm(this.tree);
  }
  endIndex(): number {
    return this.wasm._ts_tree_cursor_end_index_wasm(this.tree);
  }
  isMissing(): boolean {
    return this.wasm._ts_tree_cursor_current_node_is_missing_wasm(this.tree) === 1;
  }
  gotoFirstChild(): boolean {
    return this.wasm._ts_tree_cursor_goto_first_child_wasm(this.tree) === 1;
  }
  gotoNextSibling(): boolean {
    return this.wasm._ts_tree_cursor_goto_next_sibling_wasm(this.tree) === 1;
  }
  gotoParent(): boolean {
    return this.wasm._ts_tree_cursor_goto_parent_wasm(this.tree) === 1;
  }
  delete(): void {
    // The moves may have reallocated the cursor's stack (and grown the memory): take the words back.
    const words = this.cursor as unknown as Words;
    const heap = this.wasm.HEAP32;
    const at = transferBuffer >> 2;
    for (let i = 0; i < 4; i++) words[i] = heap[at + i]!;
    this.cursor.delete();
  }
}

class PublicCursor implements RawCursor {
  readonly direct = false;
  constructor(private readonly cursor: TreeCursor) {}
  typeId(): number {
    return this.cursor.nodeTypeId;
  }
  fieldId(): number {
    return this.cursor.currentFieldId;
  }
  startIndex(): number {
    return this.cursor.startIndex;
  }
  endIndex(): number {
    return this.cursor.endIndex;
  }
  isMissing(): boolean {
    return this.cursor.nodeIsMissing;
  }
  gotoFirstChild(): boolean {
    return this.cursor.gotoFirstChild();
  }
  gotoNextSibling(): boolean {
    return this.cursor.gotoNextSibling();
  }
  gotoParent(): boolean {
    return this.cursor.gotoParent();
  }
  delete(): void {
    this.cursor.delete();
  }
}

/**
 * A cursor on the root of `tree`. While it is in use, nothing else may call into web-tree-sitter
 * (the direct cursor lives in the shared transfer buffer). `direct: false` forces the public API.
 */
export function rawCursor(tree: Tree, direct = true): RawCursor {
  const cursor = tree.walk();
  return direct && exportsInUse ? new DirectCursor(exportsInUse, cursor, tree) : new PublicCursor(cursor);
}

/** Whether `rawCursor` walks without web-tree-sitter's marshalling (for tests). */
export function directCursorAvailable(): boolean {
  return exportsInUse !== null;
}
