import type { Language, Tree } from 'web-tree-sitter';
import type { FlatTree } from './flat';
import { reserve } from './flat';

/**
 * Reads a tree-sitter tree straight out of the WebAssembly module's memory, with no call into
 * WebAssembly per node: the fast walk behind mirror.ts `copyTree`.
 *
 * The layouts are those of tree-sitter 0.25 compiled to wasm32 (web-tree-sitter 0.25.10, language
 * ABI 15), from its C sources (`lib/src/subtree.h`, `tree.h`, `parser.h`, `tree_cursor.c`):
 *
 * - `TSTree` = { Subtree root; const TSLanguage *language; ... }.
 * - A `Subtree` is 8 bytes: either an inline leaf (bit 0 of byte 0 set: then bit 1 visible, 2 named,
 *   3 extra, 5 missing; byte 1 the symbol; byte 6 the padding's bytes, byte 7 the size's bytes) or
 *   a pointer to a `SubtreeHeapData` whose `child_count` children (Subtrees) are stored just
 *   before it. Heap offsets: padding.bytes 4, size.bytes 16, child_count 36, symbol 40, flags 44
 *   (bit 0 visible, 2 extra, 9 missing), visible_child_count 48, visible_descendant_count 56,
 *   production_id 66.
 * - Which nodes a cursor stops at, their type (alias), field and position follow `tree_cursor.c`:
 *   a child is visible when its subtree is, or when it is not an extra and the alias sequence of
 *   its parent's production names an alias at its structural index (extras do not count); a
 *   hidden child with visible children is walked through; a node's field is the first
 *   non-inherited entry of its parent's field map for its structural index, or else the field of
 *   the hidden parent it sits in, up to the first visible ancestor or extra.
 * - Offsets are bytes of the UTF-16 input: web-tree-sitter's indices are half of them.
 *
 * The reader checks what it can afford to: the language's header and tables against the public
 * API once per language (`languageLayout`), and for every tree the root's type, offsets and child
 * count against the public API and the number of nodes against tree-sitter's own count of visible
 * descendants (`readTree`). When anything disagrees it reports failure, and the caller walks with a
 * cursor instead.
 */

/** The typed-array views of the module's memory (emscripten replaces them when the memory grows). */
export interface HeapViews {
  HEAPU8: Uint8Array;
  HEAPU16: Uint16Array;
  HEAP32: Int32Array;
}

/** What the reader needs of a TSLanguage, copied out of memory once. */
export interface LanguageLayout {
  address: number;
  /** Internal symbol -> public symbol (the type id web-tree-sitter reports). */
  publicSymbol: Uint16Array;
  /** `alias_sequences`, `maxAlias` entries per production id. */
  aliases: Uint16Array;
  maxAlias: number;
  /** Production id * `fieldWidth` + structural child index -> field id of the first non-inherited entry (0: none). */
  fields: Uint16Array;
  fieldWidth: number;
  productionCount: number;
}

const ERROR_SYMBOL = 0xffff;
const ABI_VERSION = 15;

const utf8 = new TextDecoder();

function cString(u8: Uint8Array, address: number): string {
  let end = address;
  while (end < u8.length && u8[end] !== 0) end++;
  return utf8.decode(u8.subarray(address, end));
}

/**
 * Copies the tables of `language` out of memory, after checking the header against the public API
 * (ABI version, symbol and field counts, every symbol and field name read through the struct's
 * pointers). Null when anything disagrees.
 */
export function languageLayout(views: HeapViews, language: Language): LanguageLayout | null {
  const address = (language as unknown as Record<number, number>)[0];
  const { HEAPU8: u8, HEAPU16: u16, HEAP32: i32 } = views;
  if (typeof address !== 'number' || address <= 0 || address % 4 !== 0 || address + 160 > u8.length) return null;
  const word = (offset: number): number => i32[(address + offset) >> 2]!;
  const abi = word(0);
  const symbolCount = word(4);
  const aliasCount = word(8);
  const productionCount = word(28);
  const fieldCount = word(32);
  const maxAlias = u16[(address + 36) >> 1]!;
  if (abi !== ABI_VERSION || abi !== language.abiVersion) return null;
  if (symbolCount + aliasCount !== language.nodeTypeCount || fieldCount !== language.fieldCount) return null;
  const symbolNames = word(56);
  const fieldNames = word(60);
  const fieldSlices = word(64);
  const fieldEntries = word(68);
  const publicMap = word(76);
  const aliasSequences = word(84);
  const inMemory = (pointer: number, bytes: number): boolean => pointer > 0 && pointer + bytes <= u8.length;
  const total = symbolCount + aliasCount;
  if (!inMemory(symbolNames, 4 * total) || !inMemory(publicMap, 2 * total)) return null;
  if (!inMemory(aliasSequences, 2 * productionCount * maxAlias)) return null;
  if (fieldCount > 0 && (!inMemory(fieldNames, 4 * (fieldCount + 1)) || !inMemory(fieldSlices, 4 * productionCount))) return null;
  const publicSymbol = new Uint16Array(total);
  for (let symbol = 0; symbol < total; symbol++) {
    const name = cString(u8, i32[(symbolNames >> 2) + symbol]!);
    if (symbol > 0 && name !== language.nodeTypeForId(symbol)) return null;
    const visible = u16[(publicMap >> 1) + symbol]!;
    if (visible >= total || cString(u8, i32[(symbolNames >> 2) + visible]!) !== name) return null;
    publicSymbol[symbol] = visible;
  }
  for (let id = 1; id <= fieldCount; id++) {
    if (cString(u8, i32[(fieldNames >> 2) + id]!) !== language.fieldNameForId(id)) return null;
  }
  const aliases = u16.slice(aliasSequences >> 1, (aliasSequences >> 1) + productionCount * maxAlias);
  for (const alias of aliases) if (alias >= total) return null;
  // Field map entries: { uint16 field_id; uint8 child_index; bool inherited }.
  let fieldWidth = 1;
  const slices: Array<[number, number]> = [];
  for (let production = 0; production < productionCount && fieldCount > 0; production++) {
    const index = u16[(fieldSlices >> 1) + 2 * production]!;
    const length = u16[(fieldSlices >> 1) + 2 * production + 1]!;
    if (length > 0 && !inMemory(fieldEntries + 4 * index, 4 * length)) return null;
    slices.push([index, length]);
    for (let i = 0; i < length; i++) fieldWidth = Math.max(fieldWidth, u8[fieldEntries + 4 * (index + i) + 2]! + 1);
  }
  const fields = new Uint16Array(productionCount * fieldWidth);
  for (let production = 0; production < slices.length; production++) {
    const [index, length] = slices[production]!;
    // The first matching entry wins: fill from the last one back.
    for (let i = length - 1; i >= 0; i--) {
      const entry = fieldEntries + 4 * (index + i);
      const fieldId = u16[entry >> 1]!;
      if (fieldId === 0 || fieldId > fieldCount) return null;
      if (u8[entry + 3] === 0) fields[production * fieldWidth + u8[entry + 2]!] = fieldId;
    }
  }
  return { address, publicSymbol, aliases, maxAlias, fields, fieldWidth, productionCount };
}

/** Saved frames of the walk (subtrees whose children are being read), reused from tree to tree. */
let saved = new Int32Array(8 * 64);
const FRAME = 8;

/**
 * Reads `tree` into `flat`. False when the memory does not hold what the layout expects (then
 * `flat` holds garbage and the caller must walk with a cursor).
 */
export function readTree(views: HeapViews, layout: LanguageLayout, tree: Tree, flat: FlatTree): boolean {
  const { HEAPU8: u8, HEAPU16: u16, HEAP32: i32 } = views;
  const { publicSymbol, aliases, maxAlias, fields, fieldWidth, productionCount } = layout;
  const symbolTotal = publicSymbol.length;
  const memory = u8.length;
  // Addresses are read as signed words: a memory of 2 GiB or more is left to the cursor.
  if (memory >= 0x80000000) return false;
  const treeAddress = (tree as unknown as Record<number, number>)[0];
  if (typeof treeAddress !== 'number' || treeAddress <= 0 || treeAddress % 4 !== 0 || treeAddress + 12 > memory) return false;
  if (i32[(treeAddress + 8) >> 2] !== layout.address) return false;

  // The root (never inline: the parser builds it as a node).
  if ((u8[treeAddress]! & 1) !== 0) return false;
  const root = i32[treeAddress >> 2]!;
  if (root <= 0 || root % 4 !== 0 || root + 72 > memory) return false;
  const rootChildren = i32[(root + 36) >> 2]!;
  const rootSymbol = u16[(root + 40) >> 1]!;
  const rootStart = i32[(root + 4) >> 2]!;
  const rootEnd = rootStart + i32[(root + 16) >> 2]!;
  const rootNode = tree.rootNode;
  const rootType = rootSymbol === ERROR_SYMBOL ? ERROR_SYMBOL : rootSymbol < symbolTotal ? publicSymbol[rootSymbol]! : -1;
  if (rootType !== rootNode.typeId || rootStart >> 1 !== rootNode.startIndex || rootEnd >> 1 !== rootNode.endIndex) return false;
  if (rootChildren < 0 || rootChildren * 8 > root) return false;
  const expected = rootChildren > 0 ? i32[(root + 56) >> 2]! + 1 : 1;
  if (expected <= 0) return false;
  reserve(flat, expected + 1);
  const { type: typeOf, field: fieldOf, missing: missingOf, start: startOf, end: endOf, childCount, next, depth: depthOf } = flat;
  const capacity = typeOf.length;

  typeOf[0] = rootType;
  fieldOf[0] = 0;
  missingOf[0] = 0;
  startOf[0] = rootStart >> 1;
  endOf[0] = rootEnd >> 1;
  childCount[0] = 0;
  depthOf[0] = 0;
  next[0] = 1;
  if (rootChildren === 0) {
    flat.count = 1;
    return rootNode.childCount === 0;
  }

  // The frame being read, in locals (saved to `frames` while a child's frame is read):
  let child: number; // address of the next child (a Subtree)
  let end: number; // address after the last child (the parent's heap data)
  let position: number; // byte offset the next child's padding starts at
  let structural: number; // structural index of the next child
  let aliasBase: number; // index of the parent's alias sequence in `aliases`, -1 for none
  let fieldBase: number; // index of the parent's row in `fields`
  let inherited = 0; // field of a hidden parent, for children with none of their own
  let owner = 0; // row of the visible node the children belong to (the parent, or the one a hidden parent sits in)
  let frames = saved;
  let top = 0; // frames saved
  let depth = 1; // depth of the rows the frame adds
  let row = 1;

  // Opens the frame of the root's children.
  let pointer = root;
  let start = rootStart;
  for (;;) {
    // Open the frame reading the children of the heap subtree at `pointer` (which starts at `start`).
    {
      const count = i32[(pointer + 36) >> 2]!;
      const first = pointer - 8 * count;
      const production = u16[(pointer + 66) >> 1]!;
      if (count <= 0 || first <= 0 || production >= productionCount) return false;
      child = first;
      end = pointer;
      position = start - ((u8[first]! & 1) !== 0 ? u8[first + 6]! : i32[(i32[first >> 2]! + 4) >> 2]!);
      structural = 0;
      aliasBase = production === 0 ? -1 : production * maxAlias;
      fieldBase = production * fieldWidth;
    }

    // Read children until one has children of its own to read (or every frame is done).
    pointer = 0;
    while (pointer === 0) {
      if (child === end) {
        // Every child read: back to the saved frame; a visible node's subtree ends here.
        if (top === 0) {
          next[0] = row;
          flat.count = row;
          return row === expected && childCount[0] === rootNode.childCount;
        }
        const f = --top * FRAME;
        const parentOwner = frames[f + 7]!;
        if (parentOwner !== owner) {
          next[owner] = row;
          depth--;
        }
        child = frames[f]!;
        end = frames[f + 1]!;
        position = frames[f + 2]!;
        structural = frames[f + 3]!;
        aliasBase = frames[f + 4]!;
        fieldBase = frames[f + 5]!;
        inherited = frames[f + 6]!;
        owner = parentOwner;
        continue;
      }
      const slot = child;
      child = slot + 8;

      let visible: number;
      let extra: number;
      let missing: number;
      let symbol: number;
      let size: number;
      let children = 0;
      let heap = 0;
      const flags = u8[slot]!;
      if ((flags & 1) !== 0) {
        visible = (flags >> 1) & 1;
        extra = (flags >> 3) & 1;
        missing = (flags >> 5) & 1;
        symbol = u8[slot + 1]!;
        start = position + u8[slot + 6]!;
        size = u8[slot + 7]!;
      } else {
        heap = i32[slot >> 2]!;
        if (heap <= 0 || heap % 4 !== 0 || heap + 72 > memory) return false;
        const bits = u16[(heap + 44) >> 1]!;
        visible = bits & 1;
        extra = (bits >> 2) & 1;
        missing = (bits >> 9) & 1;
        symbol = u16[(heap + 40) >> 1]!;
        start = position + i32[(heap + 4) >> 2]!;
        size = i32[(heap + 16) >> 2]!;
        children = i32[(heap + 36) >> 2]!;
      }
      position = start + size;

      let alias = 0;
      let field = 0;
      if (extra === 0) {
        if (aliasBase >= 0) {
          if (structural >= maxAlias) return false;
          alias = aliases[aliasBase + structural]!;
        }
        if (structural < fieldWidth) field = fields[fieldBase + structural]!;
        if (field === 0) field = inherited;
        structural++;
      }

      if (visible !== 0 || alias !== 0) {
        if (row >= capacity) return false;
        const shown = alias !== 0 ? alias : symbol;
        if (shown === ERROR_SYMBOL) typeOf[row] = ERROR_SYMBOL;
        else if (shown < symbolTotal) typeOf[row] = publicSymbol[shown]!;
        else return false;
        fieldOf[row] = field;
        missingOf[row] = missing;
        startOf[row] = start >> 1;
        endOf[row] = (start + size) >> 1;
        childCount[row] = 0;
        depthOf[row] = depth;
        childCount[owner]++;
        if (children > 0) {
          pointer = heap;
          field = 0; // the new frame's `inherited`
        } else {
          next[row] = row + 1;
        }
        row++;
      } else if (children > 0 && i32[(heap + 48) >> 2]! > 0) {
        // A hidden node with visible children: read through it; its children belong to our owner.
        pointer = heap;
        if (extra !== 0) field = 0;
      }
      if (pointer !== 0) {
        // Save the frame and read the child's children next.
        if ((top + 1) * FRAME > frames.length) {
          const bigger = new Int32Array(frames.length * 2);
          bigger.set(frames);
          saved = frames = bigger;
        }
        const f = top++ * FRAME;
        frames[f] = child;
        frames[f + 1] = end;
        frames[f + 2] = position;
        frames[f + 3] = structural;
        frames[f + 4] = aliasBase;
        frames[f + 5] = fieldBase;
        frames[f + 6] = inherited;
        frames[f + 7] = owner;
        inherited = field;
        if (visible !== 0 || alias !== 0) {
          owner = row - 1;
          depth++;
        }
      }
    }
  }
}
