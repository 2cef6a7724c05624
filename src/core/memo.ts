/**
 * Facts worked out once and kept as long as the object they are about: a script model (the rules'
 * shared indexes, the roles of its expressions) or a copied syntax tree (decoded string literals).
 *
 * Each model and each copy owns one `Memo`, so what is kept dies with its owner. A module-level
 * `WeakMap` keyed by the model would do the same on paper, but V8's young-generation collector
 * (Node 20's scavenger) keeps a WeakMap entry's value alive even when the key is garbage: every
 * model, with its tree, then survived the collections run while later files were analysed, was
 * promoted to the old generation and copied there (2 to 5 MB at each collection on the gallery,
 * 5-10 ms pauses instead of under 1 ms), and lived until the next full collection.
 */
export type Memo = Map<MemoKey<unknown>, unknown>;

/** What one kind of fact is filed under (a unique object per kind; `T` is the fact's type). */
export interface MemoKey<T> {
  readonly name: string;
  /** Never set: carries `T` for `remember`. */
  readonly fact?: T;
}

export function memoKey<T>(name: string): MemoKey<T> {
  return { name };
}

/** The fact filed under `key` in `memo`, made by `make` the first time it is asked for. */
export function remember<T>(memo: Memo, key: MemoKey<T>, make: () => T): T {
  const known = memo.get(key);
  if (known !== undefined || memo.has(key)) return known as T;
  const fact = make();
  memo.set(key, fact);
  return fact;
}
