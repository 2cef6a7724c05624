import type { Memo } from '../memo';
import type { ApiInfo, InputKind, Phase, Range } from '../types';
import type { ProgramSource } from '../parse/source';
import type { SyntaxTree } from '../parse/mirror';
import type { Node } from '../parse/syntax';
import type { BindingIndex } from './bindings';

/**
 * The script model: what a Python program's statements bind, read and call, its sections and
 * pragmas. The semantic layer builds it from the syntax tree alone; the knowledge base's pass
 * (kb/classify.ts) fills the slots that need it (`CallSite.api`, statement phases).
 */

export type StatementKind =
  | 'import'
  | 'function'
  | 'class'
  | 'assignment'
  | 'expression'
  | 'control'
  | 'main-guard'
  | 'docstring'
  /** An IPython magic or shell line (its placeholder in the program text). */
  | 'magic'
  | 'other';

/** A top-level statement with what it binds and reads. */
export interface Statement {
  index: number;
  node: Node;
  kind: StatementKind;
  range: Range;
  /**
   * Names (re)bound at module level. The four name sets and `phases` are read-only: a statement
   * that has none shares one empty set, and only the model's builders add to them (`addName`).
   */
  defs: ReadonlySet<string>;
  /** Module-level names read (for a def/class: the free names of its body, decorators and defaults). */
  uses: ReadonlySet<string>;
  /** Names changed in place without rebinding (`df["x"] = …`, `df.col = …`, `del df["x"]`). */
  mutates: ReadonlySet<string>;
  /** Names removed with `del`. */
  deletes: ReadonlySet<string>;
  /** The phase the statement mostly belongs to; null when nothing says (filled by kb/classify.ts). */
  phase: Phase | null;
  /** Every phase its calls touch. */
  phases: ReadonlySet<Phase>;
  /** Index into `model.sections`. */
  section: number;
  /** Lines holding code (not blank, not only a comment). */
  codeLines: number;
  hasError: boolean;
}

export interface Section {
  index: number;
  startLine: number;
  endLine: number;
  title: string | null;
  /** From `# %% phase: features`. */
  phaseHint: Phase | null;
  origin: 'file' | 'cell-marker' | 'in-marker' | 'notebook-cell';
  /** Notebook cell index (all cells), for notebook sections. */
  cellIndex: number | null;
}

export interface ImportBinding {
  /** Local name bound by the import. */
  local: string;
  /** Fully qualified name (`sklearn.ensemble.RandomForestClassifier`, `pandas`). */
  qualified: string;
  node: Node;
  statement: number;
}

export interface CallSite {
  node: Node;
  /** The callee expression node. */
  callee: Node;
  /** Top-level statement that contains the call. */
  statement: number;
  /** The qualified name when the callee resolves through imports (`pandas.read_csv`), or a builtin. */
  qualified: string | null;
  /** For `x.m(...)`: `m`. */
  method: string | null;
  /** For `x.m(...)` with `x` a plain name: `x`. */
  receiver: string | null;
  /** For `x.m(...)`: the qualified class `x` was built from (`x = StandardScaler()`), when known. */
  receiverType: string | null;
  /** For `name = call(...)` (a plain name on the left): `name`. */
  assignedTo: string | null;
  /** What the knowledge base says (filled by kb/classify.ts): from `qualified`, else from `receiverType`'s method, else by method name. */
  api: ApiInfo | undefined;
  /** Name of the enclosing function, if any (innermost). */
  enclosingFunction: string | null;
  /**
   * Positional argument expressions, in order (no punctuation, keywords, splats or comments); a bare
   * generator argument (`f(x for x in xs)`) is the only one.
   */
  positional: Node[];
  /** Keyword arguments by name (calls without any share one empty map). */
  keywords: ReadonlyMap<string, Node>;
  /** `*args` or `**kwargs` were passed: the argument list is not fully known. */
  hasSplat: boolean;
}

export interface Suppression {
  /** Codes suppressed on this line; empty set = every code. */
  codes: Set<string>;
}

export interface StarImport {
  module: string;
  /** The `*`. */
  node: Node;
  /** Index of the top-level statement that holds it. */
  statement: number;
}

export interface ScriptModel {
  path: string;
  kind: InputKind;
  source: ProgramSource;
  tree: SyntaxTree;
  /** The program text split at `\n` (the first time it is read). */
  readonly lines: string[];
  statements: Statement[];
  sections: Section[];
  imports: ImportBinding[];
  /** Local name -> qualified name. */
  importMap: Map<string, string>;
  /**
   * `from m import *` statements, in order: the module and the `*`. Those in a function or class body
   * (a syntax error to Python, not to the parser) count too: no refactor may move them.
   */
  starImports: StarImport[];
  /** Every `import` and `from … import` statement, at any depth (in a function, under `try:`), in order. */
  importStatements: Node[];
  /** Names bound to the result of a known constructor call: name -> qualified class. */
  instances: Map<string, string>;
  calls: CallSite[];
  /** The calls of each top-level statement, by statement index. */
  callsByStatement: Map<number, CallSite[]>;
  /** Top-level function and class names. */
  definitions: Map<string, Statement>;
  /** The names each scope binds, and to what (computed per scope on demand). */
  bindings: BindingIndex;
  mainGuard: Statement | null;
  suppressions: Map<number, Suppression>;
  fileSuppressed: boolean;
  syntaxErrors: Range[];
  codeLines: number;
  /** Facts rules and the knowledge base work out once and keep as long as the model (see memo.ts). */
  memo: Memo;
}
