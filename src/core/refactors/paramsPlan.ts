import type { ScriptModel } from '../semantic';
import type { ParamsEntry, ParamsEnv, ParamsNode, ParamsTree, PyValue } from '../params';
import { codecFor, isTree, lookup, ParamsFileError, PARAMS_FILE_NAMES, pythonRepr, sameValue, verifyMerge, loaderText } from '../params';
import type { TextEdit } from '../types';
import type { FileChange, MovedValue } from './change';
import { RefactorError } from './change';
import { eolOf, freshName, identifiersOf } from './nodes';
import { loaderImportEdit } from './loaderImport';

/**
 * Collects the values one refactor moves to the params file: chooses their keys (an existing
 * entry with the same value is reused; a key holding a different value is never touched, the
 * value gets a numbered key instead), writes the Python reads, and at the end produces the
 * merged params file, the loader module and the import of the loader in the script.
 */
export class ParamsPlan {
  private readonly tree: ParamsTree;
  private readonly added: ParamsEntry[] = [];
  private readonly addedByKey = new Map<string, PyValue>();
  readonly moved: MovedValue[] = [];
  private used = false;
  /** The name the script reads the parameters through. */
  readonly binding: string;
  private readonly importExists: boolean;

  constructor(
    private readonly model: ScriptModel,
    private readonly env: ParamsEnv,
  ) {
    const { params } = env;
    this.tree = params.text === null ? new Map() : codecFor(params.format).read(params.text, params.path);
    const existing = existingImport(model, env.loader.module);
    this.importExists = existing !== null;
    this.binding = existing ?? freshName(identifiersOf(model), 'params');
  }

  /** What the params file (with this plan's additions) holds at a key path. */
  private state(path: readonly string[]): ParamsNode | 'blocked' | undefined {
    for (let i = 1; i < path.length; i++) {
      const prefix = path.slice(0, i);
      const stored = lookup(this.tree, prefix);
      if (stored !== undefined && !isTree(stored)) return 'blocked';
      if (this.addedByKey.has(prefix.join('\u0000'))) return 'blocked';
    }
    const added = this.addedByKey.get(path.join('\u0000'));
    if (added) return added;
    if ([...this.addedByKey.keys()].some((key) => key.startsWith(path.join('\u0000') + '\u0000'))) return 'blocked';
    return lookup(this.tree, path);
  }

  /** Why the params file's format cannot hold `value` (TOML integers are 64-bit), or null. */
  unsupported(value: PyValue): string | null {
    if (this.env.params.format !== 'toml') return null;
    const tooBig = (v: PyValue): boolean =>
      v.kind === 'int'
        ? v.value >= 2n ** 63n || v.value < -(2n ** 63n)
        : v.kind === 'list' || v.kind === 'tuple'
          ? v.items.some(tooBig)
          : false;
    return tooBig(value) ? 'TOML integers are 64-bit: this one does not fit (use YAML or JSON)' : null;
  }

  /** What the existing params file holds at `path` (before this plan). */
  existing(path: readonly string[]): ParamsNode | undefined {
    return lookup(this.tree, path);
  }

  /** True when `path` is free for `value` or already holds exactly it. */
  fits(path: readonly string[], value: PyValue): boolean {
    const state = this.state(path);
    return state === undefined || (state !== 'blocked' && !isTree(state) && sameValue(state, value));
  }

  /** The first candidate key path that fits; null when none does. */
  choose(candidates: Iterable<string[]>, value: PyValue): string[] | null {
    for (const path of candidates) if (this.fits(path, value)) return path;
    return null;
  }

  /** Existing or planned entries directly under `prefix` holding `value`. */
  keyHolding(prefix: readonly string[], value: PyValue): string[] | null {
    const stored = prefix.length === 0 ? this.tree : lookup(this.tree, prefix);
    if (isTree(stored)) {
      for (const [key, node] of stored) if (!isTree(node) && sameValue(node, value)) return [...prefix, key];
    }
    for (const entry of this.added) {
      if (entry.path.length === prefix.length + 1 && prefix.every((k, i) => entry.path[i] === k) && sameValue(entry.value, value))
        return entry.path;
    }
    return null;
  }

  /** Records the value at `path` (which must fit) and returns the Python expression that reads it. */
  read(
    path: string[],
    value: PyValue,
    line: number,
    options: { layout?: ParamsEntry['layout']; wrap?: 'tuple' | 'list' | null; group?: string } = {},
  ): string {
    if (!this.fits(path, value)) throw new Error(`internal error: ${path.join('.')} does not fit`);
    const stored = value.kind === 'tuple' ? { kind: 'list' as const, items: value.items } : value;
    const entry = lookup(this.tree, path) !== undefined ? 'existing' : this.addedByKey.has(path.join('\u0000')) ? 'shared' : 'new';
    if (entry === 'new') {
      this.added.push({
        path,
        value: stored,
        ...(options.layout ? { layout: options.layout } : {}),
        ...(options.group ? { group: options.group } : {}),
      });
      this.addedByKey.set(path.join('\u0000'), stored);
    }
    this.used = true;
    this.moved.push({ key: path.join('.'), value: pythonRepr(value), line, entry });
    const expression = this.binding + path.map((key) => `[${JSON.stringify(key)}]`).join('');
    const wrap = options.wrap ?? (value.kind === 'tuple' ? 'tuple' : null);
    return wrap ? `${wrap}(${expression})` : expression;
  }

  /** Whether any value was placed: nothing else needs writing otherwise. */
  get isUsed(): boolean {
    return this.used;
  }

  /**
   * The file changes: the params file (created or merged) and the loader (created), plus the
   * import of the loader as a script edit (`avoid`: edits already made, the import must come first).
   */
  finish(scriptEdits: readonly TextEdit[]): { edits: TextEdit[]; files: FileChange[] } {
    if (!this.used) return { edits: [], files: [] };
    const { params, loader } = this.env;
    const files: FileChange[] = [];
    if (this.added.length > 0) {
      const codec = codecFor(params.format);
      let text: string;
      try {
        text = codec.render(params.text, this.added, params.path);
      } catch (error) {
        if (error instanceof ParamsFileError) throw error;
        throw new ParamsFileError(params.path, `cannot merge: ${(error as Error).message}`);
      }
      let merged;
      try {
        merged = codec.read(text, params.path);
      } catch (error) {
        // The file's own layout defeats the text merge (a TOML table written inline, say): stop, change nothing.
        const reason = error instanceof ParamsFileError ? error.reason : (error as Error).message;
        throw new ParamsFileError(
          params.path,
          `cannot merge the new keys into this file (the result would not parse: ${reason}); nothing was changed, add them by hand`,
        );
      }
      verifyMerge(params.text === null ? null : this.tree, merged, this.added, params.path);
      files.push(
        params.text === null
          ? { kind: 'create', path: params.path, text }
          : { kind: 'rewrite', path: params.path, expected: params.text, text },
      );
    }
    if (!loader.exists) {
      files.push({
        kind: 'create',
        path: loader.path,
        text: loaderText(loader.module, loader.relativeParams, params.format, eolOf(this.model.source.text)),
      });
    }
    const edits: TextEdit[] = [];
    if (!this.importExists) {
      const edit = loaderImportEdit(this.model, loader.module, this.binding, scriptEdits);
      if (!edit) throw new RefactorError('there is no place for the import of the params loader before the first value it reads');
      edits.push(edit);
    }
    return { edits, files };
  }

  get paramsFileName(): string {
    return this.env.params.path.split(/[\\/]/).pop() ?? PARAMS_FILE_NAMES[this.env.params.format];
  }
}

/** The local name of `from <module> import params [as name]` at module level, if the script has it. */
export function existingImport(model: ScriptModel, module: string): string | null {
  for (const binding of model.imports) {
    if (binding.qualified === `${module}.params`) return binding.local;
  }
  return null;
}
