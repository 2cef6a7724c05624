import { readFile } from 'node:fs/promises';
import { Language, Parser } from 'web-tree-sitter';
import type { Tree } from 'web-tree-sitter';
import { locateAsset, localRequire } from '../assets';
import type { SyntaxTree } from './mirror';
import { copyTree } from './mirror';
import { useWasmExports } from './wasm';

let ready: Promise<Language> | undefined;
let language: Language | undefined;
let parser: Parser | undefined;

/** Loads web-tree-sitter and the Python grammar once per process. Safe to call many times. */
export function initParser(): Promise<Language> {
  ready ??= (async () => {
    const runtimeWasm = locateAsset('tree-sitter.wasm', [() => localRequire.resolve('web-tree-sitter/tree-sitter.wasm')]);
    // emscripten builds the module on this object: its exports land here (see wasm.ts).
    const module = { locateFile: () => runtimeWasm };
    await Parser.init(module);
    useWasmExports(module);
    const grammarWasm = locateAsset('tree-sitter-python.wasm', [() => localRequire.resolve('tree-sitter-python/tree-sitter-python.wasm')]);
    // Bytes, not a path: given a path, web-tree-sitter reads it through a dynamic `import()`, which
    // a bundle compiled by the CLI's code-cache launcher (src/launch/) cannot run.
    language = await Language.load(await readFile(grammarWasm));
    parser = new Parser();
    parser.setLanguage(language);
    return language;
  })();
  return ready;
}

export function pythonLanguage(): Language {
  if (!language) throw new Error('ML Hygiene: initEngine() must complete before analysis');
  return language;
}

/** Parses Python source into tree-sitter's tree; with `previous` (already edited with `tree.edit`) the parse is incremental. */
export function parsePython(text: string, previous?: Tree | null): Tree {
  if (!parser) throw new Error('ML Hygiene: initEngine() must complete before analysis');
  const tree = parser.parse(text, previous ?? null);
  if (!tree) throw new Error('ML Hygiene: tree-sitter returned no tree');
  return tree;
}

/** Parses Python source into the engine's plain syntax tree (the wasm tree is freed at once). */
export function parseToSyntax(text: string): SyntaxTree {
  const tree = parsePython(text);
  try {
    return copyTree(tree, text, pythonLanguage());
  } finally {
    tree.delete();
  }
}
