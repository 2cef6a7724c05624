import type { ApiInfo } from '../kb/apis';
import { PHASE_PRIORITY, lookupApi, lookupMethod } from '../kb/apis';
import type { InputKind, Phase, Range } from '../types';
import { PHASES } from '../types';
import type { ProgramSource } from './source';
import type { SyntaxTree } from './mirror';
import type { Node } from './syntax';
import { importedNames, kids, nodeRange } from './syntax';

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
  /** Names (re)bound at module level. */
  defs: Set<string>;
  /** Module-level names read (for a def/class: the free names of its body, decorators and defaults). */
  uses: Set<string>;
  /** Names changed in place without rebinding (`df["x"] = …`, `df.col = …`, `del df["x"]`). */
  mutates: Set<string>;
  /** Names removed with `del`. */
  deletes: Set<string>;
  /** The phase the statement mostly belongs to; null when nothing says. */
  phase: Phase | null;
  /** Every phase its calls touch. */
  phases: Set<Phase>;
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
  /** What the knowledge base says: from `qualified`, else from `receiverType`'s method, else by method name. */
  api: ApiInfo | undefined;
  /** Name of the enclosing function, if any (innermost). */
  enclosingFunction: string | null;
  positional: Node[];
  keywords: Map<string, Node>;
  /** `*args` or `**kwargs` were passed: the argument list is not fully known. */
  hasSplat: boolean;
}

export interface Suppression {
  /** Codes suppressed on this line; empty set = every code. */
  codes: Set<string>;
}

export interface ScriptModel {
  path: string;
  kind: InputKind;
  source: ProgramSource;
  tree: SyntaxTree;
  lines: string[];
  statements: Statement[];
  sections: Section[];
  imports: ImportBinding[];
  /** Local name -> qualified name. */
  importMap: Map<string, string>;
  starImports: string[];
  /** Names bound to the result of a known constructor call: name -> qualified class. */
  instances: Map<string, string>;
  calls: CallSite[];
  /** The calls of each top-level statement, by statement index. */
  callsByStatement: Map<number, CallSite[]>;
  /** Top-level function and class names. */
  definitions: Map<string, Statement>;
  mainGuard: Statement | null;
  suppressions: Map<number, Suppression>;
  fileSuppressed: boolean;
  syntaxErrors: Range[];
  codeLines: number;
}

const BUILTIN_CALLABLES = new Set(['open', 'print', 'eval', 'exec', 'globals', 'locals', 'vars', 'input']);

/** Normalises well-known aliases so the knowledge base sees one name per API. */
function canonical(qualified: string): string {
  if (qualified === 'tensorflow.keras' || qualified.startsWith('tensorflow.keras.')) return qualified;
  if (qualified.startsWith('tf.')) return 'tensorflow.' + qualified.slice(3);
  return qualified;
}

export function buildModel(source: ProgramSource, tree: SyntaxTree): ScriptModel {
  const root = tree.rootNode;
  const model: ScriptModel = {
    path: source.path,
    kind: source.kind,
    source,
    tree,
    lines: source.text.split('\n'),
    statements: [],
    sections: [],
    imports: [],
    importMap: new Map(),
    starImports: [],
    instances: new Map(),
    calls: [],
    callsByStatement: new Map(),
    definitions: new Map(),
    mainGuard: null,
    suppressions: new Map(),
    fileSuppressed: false,
    syntaxErrors: [],
    codeLines: 0,
  };
  const topLevel = kids(root);
  collectSections(model, topLevel);
  let sectionCursor = 0;
  for (const node of topLevel) {
    if (node.type === 'comment') {
      readPragma(model, node);
      continue;
    }
    if (!node.isNamed) continue; // `;` between statements on one line
    while (sectionCursor + 1 < model.sections.length && model.sections[sectionCursor + 1]!.startLine <= node.startPosition.row) sectionCursor++;
    const statement = newStatement(model, node, sectionCursor);
    model.statements.push(statement);
  }
  // Imports first, so that calls anywhere resolve; then names and calls per statement.
  for (const statement of model.statements) collectImports(model, statement);
  const calls: CallRecord[] = [];
  for (const statement of model.statements) analyseStatement(model, statement, calls);
  resolveCalls(model, calls);
  for (const call of model.calls) {
    const list = model.callsByStatement.get(call.statement);
    if (list) list.push(call);
    else model.callsByStatement.set(call.statement, [call]);
  }
  for (const statement of model.statements) classify(model, statement, callsIn(model, statement));
  model.codeLines = model.statements.reduce((sum, s) => sum + s.codeLines, 0);
  return model;
}

function newStatement(model: ScriptModel, node: Node, section: number): Statement {
  const kind = statementKind(model, node);
  const statement: Statement = {
    index: model.statements.length,
    node,
    kind,
    range: nodeRange(node),
    defs: new Set(),
    uses: new Set(),
    mutates: new Set(),
    deletes: new Set(),
    phase: null,
    phases: new Set(),
    section,
    codeLines: countCodeLines(model.lines, node.startPosition.row, node.endPosition.row),
    hasError: node.hasError,
  };
  if (kind === 'main-guard') model.mainGuard = statement;
  return statement;
}

function countCodeLines(lines: string[], from: number, to: number): number {
  let n = 0;
  for (let i = from; i <= to && i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t !== '' && !t.startsWith('#')) n++;
  }
  return n;
}

function statementKind(model: ScriptModel, node: Node): StatementKind {
  if (node.type === 'pass_statement' && model.source.magics.some((m) => m.line === node.startPosition.row && m.kind !== 'assigned-magic')) return 'magic';
  switch (node.type) {
    case 'import_statement':
    case 'import_from_statement':
    case 'future_import_statement':
      return 'import';
    case 'function_definition':
      return 'function';
    case 'class_definition':
      return 'class';
    case 'decorated_definition': {
      const def = node.childForFieldName('definition');
      return def?.type === 'class_definition' ? 'class' : 'function';
    }
    case 'expression_statement': {
      const inner = node.namedChild(0);
      if (inner?.type === 'assignment' || inner?.type === 'augmented_assignment') return 'assignment';
      if (inner?.type === 'string' && model.statements.length === 0) return 'docstring';
      return 'expression';
    }
    case 'if_statement':
      return isMainGuard(node) ? 'main-guard' : 'control';
    case 'for_statement':
    case 'while_statement':
    case 'with_statement':
    case 'try_statement':
    case 'match_statement':
      return 'control';
    default:
      return 'other';
  }
}

/** `if __name__ == "__main__":` in either order. */
export function isMainGuard(node: Node): boolean {
  const condition = node.childForFieldName('condition');
  if (condition?.type !== 'comparison_operator') return false;
  const operands = condition.namedChildren.filter((n): n is Node => n !== null);
  if (operands.length !== 2 || !condition.text.includes('==')) return false;
  const texts = operands.map((n) => (n.type === 'string' ? stringValue(n) : n.text));
  return texts.includes('__name__') && texts.includes('__main__') && operands.some((n) => n.type === 'string');
}

/** The value of a plain string literal (no interpolation, no implicit concatenation); null otherwise. */
export function stringValue(node: Node): string | null {
  if (node.type !== 'string') return null;
  const prefix = (node.child(0)?.text ?? '').replace(/["']/g, '').toLowerCase();
  const raw = prefix.includes('r');
  let value = '';
  for (const child of kids(node)) {
    if (child.type === 'interpolation') return null;
    if (child.type !== 'string_content') continue;
    // tree-sitter-python puts escape sequences inside string_content: decode them unless raw.
    let cursor = child.startIndex;
    const text = child.text;
    for (const part of kids(child)) {
      if (part.type === 'interpolation') return null;
      if (part.type !== 'escape_sequence') continue;
      value += text.slice(cursor - child.startIndex, part.startIndex - child.startIndex);
      value += raw ? part.text : unescape(part.text);
      cursor = part.endIndex;
    }
    value += text.slice(cursor - child.startIndex);
  }
  return value;
}

function unescape(sequence: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };
  const body = sequence.slice(1);
  if (body in simple) return simple[body]!;
  if (/^x[0-9a-fA-F]{2}$/.test(body) || /^u[0-9a-fA-F]{4}$/.test(body) || /^U[0-9a-fA-F]{8}$/.test(body)) {
    return String.fromCodePoint(parseInt(body.slice(1), 16));
  }
  if (/^[0-7]{1,3}$/.test(body)) return String.fromCharCode(parseInt(body, 8));
  return sequence;
}

function readPragma(model: ScriptModel, comment: Node): void {
  const text = comment.text;
  const at = text.indexOf('mlh:');
  if (at < 0) return;
  const rest = text.slice(at + 4).trim();
  if (rest.startsWith('ignore-file')) {
    model.fileSuppressed = true;
    return;
  }
  if (!rest.startsWith('ignore')) return;
  const codes = new Set<string>();
  const open = rest.indexOf('[');
  if (rest.slice(6).trimStart().startsWith('[') && open >= 0) {
    const close = rest.indexOf(']', open);
    for (const code of rest.slice(open + 1, close < 0 ? undefined : close).split(',')) {
      const trimmed = code.trim().toUpperCase();
      if (trimmed) codes.add(trimmed);
    }
  }
  const line = comment.startPosition.row;
  const existing = model.suppressions.get(line);
  if (existing && existing.codes.size > 0 && codes.size > 0) for (const c of codes) existing.codes.add(c);
  else model.suppressions.set(line, { codes: existing && existing.codes.size === 0 ? existing.codes : codes });
}

function parseCellMarker(text: string): { title: string | null; phaseHint: Phase | null } {
  // `# %% Title  phase: features` or `# %% [markdown]`
  let rest = text.replace(/^#\s*%%/, '').trim();
  let phaseHint: Phase | null = null;
  const phaseAt = rest.search(/\bphase\s*:/);
  if (phaseAt >= 0) {
    const value = rest.slice(phaseAt).replace(/^phase\s*:\s*/, '').split(/\s/, 1)[0]!.toLowerCase();
    phaseHint = normalisePhase(value);
    rest = rest.slice(0, phaseAt).trim();
  }
  return { title: rest === '' ? null : rest, phaseHint };
}

const PHASE_ALIASES: Record<string, Phase> = {
  load: 'data', loading: 'data', data: 'data', ingest: 'data',
  features: 'features', feature: 'features', preprocessing: 'features', preprocess: 'features', prep: 'features',
  train: 'training', training: 'training', model: 'training', fit: 'training',
  evaluate: 'evaluation', evaluation: 'evaluation', eval: 'evaluation', metrics: 'evaluation',
  publish: 'persistence', persistence: 'persistence', serve: 'persistence', serving: 'persistence', save: 'persistence', export: 'persistence',
  plot: 'visualisation', plots: 'visualisation', visualisation: 'visualisation', visualization: 'visualisation', viz: 'visualisation',
};

export function normalisePhase(value: string): Phase | null {
  if ((PHASES as readonly string[]).includes(value)) return value as Phase;
  return PHASE_ALIASES[value] ?? null;
}

function collectSections(model: ScriptModel, topLevel: readonly Node[]): void {
  const { source } = model;
  if (source.kind === 'notebook') {
    let heading: string | null = null;
    const cells = source.cells ?? [];
    const byIndex = new Map(source.codeCells.map((c) => [c.cellIndex, c]));
    cells.forEach((cell, cellIndex) => {
      if (cell.kind === 'markdown') {
        const h = cell.text.split('\n').find((l) => /^\s{0,3}#{1,6}\s/.test(l));
        if (h) heading = h.replace(/^\s*#+\s*/, '').trim();
        return;
      }
      const placed = byIndex.get(cellIndex);
      if (!placed) return;
      const firstLine = model.lines[placed.startLine]?.trim() ?? '';
      const marker = firstLine.startsWith('# %%') ? parseCellMarker(firstLine) : { title: null, phaseHint: null };
      model.sections.push({
        index: model.sections.length,
        startLine: placed.startLine,
        endLine: placed.startLine + placed.lineCount - 1,
        title: marker.title ?? heading,
        phaseHint: marker.phaseHint,
        origin: 'notebook-cell',
        cellIndex,
      });
      heading = null;
    });
  } else {
    for (const node of topLevel) {
      if (node.type !== 'comment' || node.startPosition.column !== 0) continue;
      const text = node.text;
      let section: Pick<Section, 'title' | 'phaseHint' | 'origin'> | null = null;
      if (/^#\s*%%/.test(text)) section = { ...parseCellMarker(text), origin: 'cell-marker' };
      else if (/^#\s*In\s*\[\s*\d*\s*\]\s*:/.test(text)) section = { title: null, phaseHint: null, origin: 'in-marker' };
      if (!section) continue;
      model.sections.push({ index: model.sections.length, startLine: node.startPosition.row, endLine: 0, cellIndex: null, ...section });
    }
    if (model.sections.length === 0 || model.sections[0]!.startLine > 0) {
      model.sections.unshift({ index: 0, startLine: 0, endLine: 0, title: null, phaseHint: null, origin: 'file', cellIndex: null });
    }
    model.sections.forEach((s, i) => {
      s.index = i;
      s.endLine = i + 1 < model.sections.length ? model.sections[i + 1]!.startLine - 1 : model.lines.length - 1;
    });
    // Markdown cells written as comments (`# %% [markdown]` then `# ## Title`) name the next section.
    for (const s of model.sections) {
      if (s.title === '[markdown]' || s.title === null) {
        const heading = model.lines.slice(s.startLine + 1, s.endLine + 1).find((l) => /^#\s+#{1,6}\s/.test(l));
        if (heading) s.title = heading.replace(/^#\s+#+\s*/, '').trim();
      }
    }
  }
  if (model.sections.length === 0) {
    model.sections.push({ index: 0, startLine: 0, endLine: Math.max(0, model.lines.length - 1), title: null, phaseHint: null, origin: 'file', cellIndex: null });
  }
}

function dottedName(node: Node): string {
  return node.text.replace(/\s+/g, '');
}

function collectImports(model: ScriptModel, statement: Statement): void {
  // Imports anywhere in the statement count (a guarded or conditional import still binds the name).
  const visit = (node: Node): void => {
    if (node.type === 'import_statement') {
      for (const child of node.childrenForFieldName('name')) {
        if (!child) continue;
        if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name');
          const alias = child.childForFieldName('alias');
          if (name && alias) addImport(model, alias.text, dottedName(name), child, statement);
        } else {
          const full = dottedName(child);
          addImport(model, full.split('.')[0]!, full.split('.')[0]!, child, statement);
        }
      }
      return;
    }
    if (node.type === 'import_from_statement') {
      const moduleNode = node.childForFieldName('module_name');
      const moduleName = moduleNode ? dottedName(moduleNode) : '';
      if (kids(node).some((c) => c.type === 'wildcard_import')) {
        model.starImports.push(moduleName);
        return;
      }
      for (const child of node.childrenForFieldName('name')) {
        if (!child) continue;
        const name = child.type === 'aliased_import' ? child.childForFieldName('name') : child;
        const alias = child.type === 'aliased_import' ? child.childForFieldName('alias') : child;
        if (name && alias) addImport(model, alias.text, `${moduleName}.${dottedName(name)}`, child, statement);
      }
      return;
    }
    if (node.type === 'function_definition' || node.type === 'class_definition') return;
    for (const child of kids(node)) visit(child);
  };
  visit(statement.node);
}

function addImport(model: ScriptModel, local: string, qualified: string, node: Node, statement: Statement): void {
  const q = canonical(qualified);
  model.imports.push({ local, qualified: q, node, statement: statement.index });
  model.importMap.set(local, q);
  statement.defs.add(local);
}

/** Scope of names local to a function, lambda or comprehension while walking its body. */
interface Scope {
  locals: Set<string>;
  /** Name of the function the scope belongs to (a lambda or comprehension inherits it). */
  function: string | null;
  comprehension: boolean;
}

interface CallRecord {
  node: Node;
  enclosingFunction: string | null;
  statement: number;
}

interface Walk {
  model: ScriptModel;
  statement: Statement;
  /** Innermost first; empty at module level. */
  scopes: Scope[];
  /** Calls met on the way, resolved once every statement has been walked. */
  calls: CallRecord[];
}

function analyseStatement(model: ScriptModel, statement: Statement, calls: CallRecord[]): void {
  const walk: Walk = { model, statement, scopes: [], calls };
  visitNode(walk, statement.node);
  if (statement.node.hasError) collectErrors(model, statement.node);
  if (statement.kind === 'function' || statement.kind === 'class') {
    for (const name of statement.defs) model.definitions.set(name, statement);
  }
}

function collectErrors(model: ScriptModel, node: Node): void {
  if (node.isError || node.isMissing) {
    model.syntaxErrors.push(nodeRange(node));
    return;
  }
  for (const child of kids(node)) if (child.hasError || child.isMissing) collectErrors(model, child);
}

function isLocal(walk: Walk, name: string): boolean {
  return walk.scopes.some((s) => s.locals.has(name));
}

function use(walk: Walk, name: string): void {
  if (!isLocal(walk, name)) walk.statement.uses.add(name);
}

function bind(walk: Walk, name: string): void {
  if (walk.scopes.length === 0) walk.statement.defs.add(name);
}


function visitNode(walk: Walk, node: Node): void {
  switch (node.type) {
    case 'identifier':
      use(walk, node.text);
      return;
    case 'comment':
      readPragma(walk.model, node);
      return;
    case 'string':
      for (const child of kids(node)) if (child.type === 'interpolation') visitNode(walk, child);
      return;
    case 'attribute': {
      const object = node.childForFieldName('object');
      if (object) visitNode(walk, object);
      return;
    }
    case 'keyword_argument': {
      const value = node.childForFieldName('value');
      if (value) visitNode(walk, value);
      return;
    }
    case 'call': {
      const fn = walk.scopes.find((s) => s.function !== null)?.function ?? null;
      walk.calls.push({ node, enclosingFunction: fn, statement: walk.statement.index });
      for (const child of kids(node)) visitNode(walk, child);
      return;
    }
    case 'import_statement':
    case 'import_from_statement':
    case 'future_import_statement':
      return; // handled by collectImports
    case 'assignment':
    case 'augmented_assignment': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const type = node.childForFieldName('type');
      if (type) visitNode(walk, type);
      if (right) visitNode(walk, right);
      if (left) {
        if (node.type === 'augmented_assignment' && left.type === 'identifier') use(walk, left.text);
        visitTarget(walk, left);
      }
      return;
    }
    case 'named_expression': {
      const value = node.childForFieldName('value');
      const name = node.childForFieldName('name');
      if (value) visitNode(walk, value);
      if (name) {
        // A walrus inside a comprehension binds in the enclosing scope.
        const scope = walk.scopes.find((s) => !s.comprehension);
        if (scope) scope.locals.add(name.text);
        else bind(walk, name.text);
      }
      return;
    }
    case 'for_statement': {
      const left = node.childForFieldName('left');
      for (const child of kids(node)) if (child !== left && child.id !== left?.id) visitNode(walk, child);
      if (left) visitTarget(walk, left);
      return;
    }
    case 'as_pattern': {
      const alias = node.childForFieldName('alias');
      for (const child of kids(node)) {
        if (alias && child.id === alias.id) continue;
        visitNode(walk, child);
      }
      if (alias) for (const target of kids(alias)) visitTarget(walk, target);
      return;
    }
    case 'delete_statement': {
      for (const target of kids(node)) {
        const items = target.type === 'expression_list' ? kids(target) : [target];
        for (const item of items) {
          if (item.type === 'identifier') {
            if (walk.scopes.length === 0) walk.statement.deletes.add(item.text);
          } else {
            visitNode(walk, item);
            const root = rootName(item);
            if (root && walk.scopes.length === 0) walk.statement.mutates.add(root);
          }
        }
      }
      return;
    }
    case 'global_statement':
    case 'nonlocal_statement':
      return;
    case 'decorated_definition':
      for (const child of kids(node)) visitNode(walk, child);
      return;
    case 'function_definition':
      visitFunction(walk, node);
      return;
    case 'class_definition':
      visitClass(walk, node);
      return;
    case 'lambda': {
      const params = node.childForFieldName('parameters');
      const locals = new Set<string>();
      if (params) collectParams(walk, params, locals);
      walk.scopes.unshift({ locals, function: walk.scopes[0]?.function ?? '<lambda>', comprehension: false });
      const body = node.childForFieldName('body');
      if (body) visitNode(walk, body);
      walk.scopes.shift();
      return;
    }
    case 'list_comprehension':
    case 'set_comprehension':
    case 'dictionary_comprehension':
    case 'generator_expression':
      visitComprehension(walk, node);
      return;
    default:
      for (const child of kids(node)) visitNode(walk, child);
  }
}

function rootName(node: Node): string | null {
  let current: Node | null = node;
  while (current && (current.type === 'subscript' || current.type === 'attribute')) {
    current = current.type === 'subscript' ? current.childForFieldName('value') : current.childForFieldName('object');
  }
  return current?.type === 'identifier' ? current.text : null;
}

/** Assignment targets: names bind, subscripts and attributes mutate their root object. */
function visitTarget(walk: Walk, target: Node): void {
  switch (target.type) {
    case 'identifier':
      if (walk.scopes.length === 0) bind(walk, target.text);
      else walk.scopes[0]!.locals.add(target.text);
      return;
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'expression_list':
    case 'parenthesized_expression':
    case 'list_splat_pattern':
    case 'list_splat':
      for (const child of kids(target)) visitTarget(walk, child);
      return;
    case 'subscript':
    case 'attribute': {
      visitNode(walk, target);
      const root = rootName(target);
      if (root && walk.scopes.length === 0) walk.statement.mutates.add(root);
      return;
    }
    default:
      if (target.isNamed) visitNode(walk, target);
  }
}

function collectParams(walk: Walk, params: Node, locals: Set<string>): void {
  for (const param of kids(params)) {
    switch (param.type) {
      case 'identifier':
        locals.add(param.text);
        break;
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = param.childForFieldName('name');
        if (name) locals.add(name.text);
        const value = param.childForFieldName('value');
        if (value) visitNode(walk, value);
        const type = param.childForFieldName('type');
        if (type) visitNode(walk, type);
        break;
      }
      case 'typed_parameter': {
        for (const c of kids(param)) {
          if (c.type === 'identifier') locals.add(c.text);
          else if (c.type === 'type') visitNode(walk, c);
          else if (c.type === 'list_splat_pattern' || c.type === 'dictionary_splat_pattern') {
            const id = kids(c).find((x) => x.type === 'identifier');
            if (id) locals.add(id.text);
          }
        }
        break;
      }
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern': {
        const id = kids(param).find((x) => x.type === 'identifier');
        if (id) locals.add(id.text);
        break;
      }
      default:
        break;
    }
  }
}

/** Names a function body binds locally (not crossing nested scopes), minus `global` ones. */
function bodyLocals(body: Node): { locals: Set<string>; globals: Set<string> } {
  const locals = new Set<string>();
  const globals = new Set<string>();
  const addTargets = (target: Node): void => {
    if (target.type === 'identifier') locals.add(target.text);
    else if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list', 'parenthesized_expression', 'list_splat_pattern', 'as_pattern_target'].includes(target.type)) {
      for (const c of kids(target)) addTargets(c);
    }
  };
  const visit = (node: Node): void => {
    switch (node.type) {
      case 'function_definition':
      case 'class_definition': {
        const name = node.childForFieldName('name');
        if (name) locals.add(name.text);
        return;
      }
      case 'lambda':
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression':
        return;
      case 'global_statement':
      case 'nonlocal_statement':
        for (const c of kids(node)) if (c.type === 'identifier') globals.add(c.text);
        return;
      case 'assignment':
      case 'augmented_assignment': {
        const left = node.childForFieldName('left');
        if (left) addTargets(left);
        break;
      }
      case 'for_statement':
      case 'for_in_clause': {
        const left = node.childForFieldName('left');
        if (left) addTargets(left);
        break;
      }
      case 'as_pattern_target':
        addTargets(node);
        return;
      case 'named_expression': {
        const name = node.childForFieldName('name');
        if (name) locals.add(name.text);
        break;
      }
      case 'import_statement':
      case 'import_from_statement':
        for (const name of importedNames(node)) locals.add(name);
        return;
      default:
        break;
    }
    for (const child of kids(node)) visit(child);
  };
  visit(body);
  for (const g of globals) locals.delete(g);
  return { locals, globals };
}

function visitFunction(walk: Walk, node: Node): void {
  const name = node.childForFieldName('name');
  if (name) {
    if (walk.scopes.length === 0) bind(walk, name.text);
    else walk.scopes[0]!.locals.add(name.text);
  }
  const params = node.childForFieldName('parameters');
  const returnType = node.childForFieldName('return_type');
  if (returnType) visitNode(walk, returnType);
  const locals = new Set<string>();
  if (params) collectParams(walk, params, locals);
  const body = node.childForFieldName('body');
  if (!body) return;
  const inner = bodyLocals(body);
  for (const l of inner.locals) locals.add(l);
  walk.scopes.unshift({ locals, function: name?.text ?? '<function>', comprehension: false });
  visitNode(walk, body);
  walk.scopes.shift();
}

function visitClass(walk: Walk, node: Node): void {
  const name = node.childForFieldName('name');
  if (name) {
    if (walk.scopes.length === 0) bind(walk, name.text);
    else walk.scopes[0]!.locals.add(name.text);
  }
  const superclasses = node.childForFieldName('superclasses');
  if (superclasses) visitNode(walk, superclasses);
  const body = node.childForFieldName('body');
  if (!body) return;
  const inner = bodyLocals(body);
  walk.scopes.unshift({ locals: inner.locals, function: walk.scopes[0]?.function ?? null, comprehension: false });
  visitNode(walk, body);
  walk.scopes.shift();
}

function visitComprehension(walk: Walk, node: Node): void {
  const locals = new Set<string>();
  const clauses = kids(node).filter((c) => c.type === 'for_in_clause');
  // The first iterable is evaluated in the enclosing scope.
  clauses.forEach((clause, i) => {
    const right = clause.childForFieldName('right');
    if (right && i === 0) visitNode(walk, right);
    const left = clause.childForFieldName('left');
    if (left) collectTargetNames(left, locals);
  });
  walk.scopes.unshift({ locals, function: walk.scopes[0]?.function ?? null, comprehension: true });
  clauses.forEach((clause, i) => {
    const right = clause.childForFieldName('right');
    if (right && i > 0) visitNode(walk, right);
  });
  for (const child of kids(node)) {
    if (child.type === 'for_in_clause') continue;
    visitNode(walk, child);
  }
  walk.scopes.shift();
}

function collectTargetNames(target: Node, into: Set<string>): void {
  if (target.type === 'identifier') into.add(target.text);
  else for (const c of kids(target)) collectTargetNames(c, into);
}

/** `moduleNames`: names the module binds itself, which shadow builtins. */
function calleeName(callee: Node, model: ScriptModel, moduleNames: Set<string>): string | null {
  if (callee.type === 'identifier') {
    const imported = model.importMap.get(callee.text);
    if (imported) return imported;
    if (BUILTIN_CALLABLES.has(callee.text) && !moduleNames.has(callee.text)) return callee.text;
    return null;
  }
  if (callee.type === 'attribute') {
    const object = callee.childForFieldName('object');
    const attr = callee.childForFieldName('attribute');
    if (!object || !attr) return null;
    const base = calleeName(object, model, moduleNames);
    return base ? canonical(`${base}.${attr.text}`) : null;
  }
  return null;
}

function resolveCalls(model: ScriptModel, records: CallRecord[]): void {
  const moduleNames = new Set<string>();
  for (const s of model.statements) for (const d of s.defs) if (!model.importMap.has(d)) moduleNames.add(d);
  // First pass: which names are bound to which constructor (`scaler = StandardScaler()`).
  const qualifiedByNode = new Map<number, string | null>();
  for (const record of records) {
    const callee = record.node.childForFieldName('function');
    qualifiedByNode.set(record.node.id, callee ? calleeName(callee, model, moduleNames) : null);
  }
  for (const record of records) {
    const parent = record.node.parent;
    if (parent?.type !== 'assignment') continue;
    const left = parent.childForFieldName('left');
    const right = parent.childForFieldName('right');
    if (left?.type !== 'identifier' || right?.id !== record.node.id) continue;
    const qualified = qualifiedByNode.get(record.node.id);
    if (qualified && /^[A-Z]/.test(qualified.split('.').pop() ?? '')) model.instances.set(left.text, qualified);
    else if (qualified && lookupApi(qualified)?.kind === 'estimator') model.instances.set(left.text, qualified);
  }
  for (const record of records) {
    const callee = record.node.childForFieldName('function');
    if (!callee) continue;
    const qualified = qualifiedByNode.get(record.node.id) ?? null;
    let method: string | null = null;
    let receiver: string | null = null;
    let receiverType: string | null = null;
    if (callee.type === 'attribute') {
      method = callee.childForFieldName('attribute')?.text ?? null;
      const object = callee.childForFieldName('object');
      if (object?.type === 'identifier') {
        receiver = object.text;
        receiverType = model.instances.get(receiver) ?? null;
      } else if (object?.type === 'call') {
        const inner = object.childForFieldName('function');
        receiverType = inner ? calleeName(inner, model, moduleNames) : null;
      }
    }
    const positional: Node[] = [];
    const keywords = new Map<string, Node>();
    let hasSplat = false;
    const args = record.node.childForFieldName('arguments');
    if (args && args.type === 'argument_list') {
      for (const arg of kids(args)) {
        if (arg.type === 'keyword_argument') {
          const name = arg.childForFieldName('name');
          const value = arg.childForFieldName('value');
          if (name && value) keywords.set(name.text, value);
        } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') hasSplat = true;
        else if (arg.isNamed && arg.type !== 'comment') positional.push(arg);
      }
    } else if (args) {
      positional.push(args); // a bare generator argument
    }
    model.calls.push({
      node: record.node,
      callee,
      statement: record.statement,
      qualified,
      method,
      receiver,
      receiverType,
      api: apiFor(qualified, receiverType, method),
      enclosingFunction: record.enclosingFunction,
      positional,
      keywords,
      hasSplat,
    });
  }
}

function apiFor(qualified: string | null, receiverType: string | null, method: string | null): ApiInfo | undefined {
  if (qualified) {
    const info = lookupApi(qualified);
    if (info) return info;
  }
  if (method) {
    const byMethod = lookupMethod(method);
    if (byMethod && receiverType) {
      const owner = lookupApi(receiverType);
      // A transformer's `fit` prepares features; an estimator's `fit` trains.
      if (owner?.kind === 'transformer' && (method === 'fit' || method === 'partial_fit')) return { kind: 'transformer', phase: 'features' };
    }
    if (byMethod) return byMethod;
  }
  return undefined;
}

function classify(model: ScriptModel, statement: Statement, calls: readonly CallSite[]): void {
  if (statement.kind === 'import' || statement.kind === 'docstring') return;
  const inOwnBody = statement.kind === 'function' || statement.kind === 'class';
  for (const call of calls) {
    if (!call.api) continue;
    // A definition does nothing until it is called: its body's calls do not give it a phase.
    if (inOwnBody) continue;
    statement.phases.add(call.api.phase);
  }
  if (!inOwnBody && statement.phases.size === 0 && statement.mutates.size > 0 && statement.node.text.includes('[')) {
    statement.phases.add('features'); // df["col"] = ... : a derived column
  }
  statement.phase = PHASE_PRIORITY.find((p) => statement.phases.has(p)) ?? null;
  const hint = model.sections[statement.section]?.phaseHint;
  if (hint) statement.phase = hint;
}

/** Calls made inside a statement (any depth). */
export function callsIn(model: ScriptModel, statement: Statement): CallSite[] {
  return model.callsByStatement.get(statement.index) ?? [];
}
