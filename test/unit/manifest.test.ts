import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every `when` (and `enablement`) clause of package.json names context keys VS Code really sets:
 * a key VS Code does not know is simply undefined, so the menu item silently never shows (as
 * `activeNotebookEditor`, which is an API property, not a context key, once hid Modularize and Move
 * Parameters from the command palette in notebooks).
 */

const ROOT = join(__dirname, '..', '..');

/**
 * The context keys of VS Code's reference "when clause contexts"
 * (code.visualstudio.com/api/references/when-clause-contexts, "Available context keys" and the
 * view-container table), as documented in 2024.
 */
const DOCUMENTED_KEYS = new Set([
  // Editor contexts
  'editorFocus',
  'editorTextFocus',
  'textInputFocus',
  'inputFocus',
  'editorTabMovesFocus',
  'editorHasSelection',
  'editorHasMultipleSelections',
  'editorReadonly',
  'editorLangId',
  'isInDiffEditor',
  'isInEmbeddedEditor',
  // Operating system contexts
  'isLinux',
  'isMac',
  'isWindows',
  'isWeb',
  // List contexts
  'listFocus',
  'listSupportsMultiselect',
  'listHasSelectionOrFocus',
  'listDoubleSelection',
  'listMultiSelection',
  // Mode contexts
  'inSnippetMode',
  'inQuickOpen',
  // Resource contexts
  'resourceScheme',
  'resourceFilename',
  'resourceExtname',
  'resourceDirname',
  'resourcePath',
  'resourceLangId',
  'isFileSystemResource',
  'resourceSet',
  'resource',
  // Explorer contexts
  'explorerViewletVisible',
  'explorerViewletFocus',
  'filesExplorerFocus',
  'openEditorsFocus',
  'explorerResourceIsFolder',
  // Editor widget contexts
  'findWidgetVisible',
  'suggestWidgetVisible',
  'suggestWidgetMultipleSuggestions',
  'renameInputVisible',
  'referenceSearchVisible',
  'inReferenceSearchEditor',
  'codeActionMenuVisible',
  'parameterHintsVisible',
  'parameterHintsMultipleSignatures',
  // Debugger contexts
  'debuggersAvailable',
  'inDebugMode',
  'debugState',
  'debugType',
  'inDebugRepl',
  // Integrated terminal contexts
  'terminalFocus',
  'terminalIsOpen',
  // Timeline view contexts
  'timelineFollowActiveEditor',
  'timelineItem',
  // Extension contexts
  'extension',
  'extensionStatus',
  'extensionHasConfiguration',
  // Global UI contexts
  'notificationFocus',
  'notificationCenterVisible',
  'notificationToastsVisible',
  'searchViewletVisible',
  'sideBarVisible',
  'sideBarFocus',
  'panelFocus',
  'inZenMode',
  'isCenteredLayout',
  'workbenchState',
  'workspaceFolderCount',
  'replaceActive',
  'view',
  'viewItem',
  'webviewId',
  'isFullscreen',
  'focusedView',
  'canNavigateBack',
  'canNavigateForward',
  'canNavigateToLastEditLocation',
  // Global Editor UI contexts
  'textCompareEditorVisible',
  'textCompareEditorActive',
  'editorIsOpen',
  'groupEditorsCount',
  'activeEditorGroupEmpty',
  'activeEditorGroupIndex',
  'activeEditorGroupLast',
  'multipleEditorGroups',
  'activeEditor',
  'activeEditorIsDirty',
  'activeEditorIsNotPreview',
  'activeEditorIsPinned',
  'inSearchEditor',
  'activeWebviewPanelId',
  'activeCustomEditorId',
  // Visible view container contexts
  'activeViewlet',
  'activePanel',
  'activeAuxiliary',
  'auxiliaryBarFocus',
]);

/**
 * The reference says its list is not exhaustive. Notebook keys are defined in VS Code's
 * src/vs/workbench/contrib/notebook/common/notebookContextKeys.ts (`NOTEBOOK_VIEW_TYPE` is
 * `notebookType`: the notebook type of the focused notebook editor, e.g. `jupyter-notebook`).
 */
const NOTEBOOK_KEYS = new Set(['notebookType', 'notebookEditorFocused', 'notebookCellType', 'notebookCellEditable', 'notebookEditable']);

// ---------------------------------------------------------------------------------------------
// A when clause, parsed as VS Code's context-key parser reads it (src/vs/platform/contextkey).

type Expr =
  | { kind: 'bool'; value: boolean }
  | { kind: 'key'; key: string }
  | { kind: 'not'; of: Expr }
  | { kind: 'and' | 'or'; parts: Expr[] }
  | { kind: 'compare'; key: string; op: '==' | '!=' | '<' | '<=' | '>' | '>='; value: string }
  | { kind: 'match'; key: string; regex: RegExp }
  | { kind: 'in'; key: string; container: string; negated: boolean };

type Token =
  { type: 'op'; text: string } | { type: 'word'; text: string } | { type: 'quoted'; text: string } | { type: 'regex'; regex: RegExp };

function tokenize(clause: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < clause.length) {
    const rest = clause.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const op = /^(===|!==|==|!=|=~|<=|>=|&&|\|\||[()!<>])/.exec(rest);
    if (op) {
      tokens.push({ type: 'op', text: op[1]! });
      i += op[1]!.length;
      if (op[1] === '=~') {
        // A regular expression literal: /.../flags, with \ escapes.
        const after = /^\s*/.exec(clause.slice(i))![0].length;
        i += after;
        if (clause[i] !== '/') throw new Error(`expected a /regex/ after =~ at ${i} in "${clause}"`);
        let j = i + 1;
        while (j < clause.length && clause[j] !== '/') j += clause[j] === '\\' ? 2 : 1;
        if (j >= clause.length) throw new Error(`unterminated /regex/ in "${clause}"`);
        const flags = /^[a-z]*/.exec(clause.slice(j + 1))![0];
        tokens.push({ type: 'regex', regex: new RegExp(clause.slice(i + 1, j), flags.replace(/[gy]/g, '')) });
        i = j + 1 + flags.length;
      }
      continue;
    }
    if (clause[i] === "'") {
      const end = clause.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated quoted value in "${clause}"`);
      tokens.push({ type: 'quoted', text: clause.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const word = /^[^\s()!=<>&|'~]+/.exec(rest);
    if (!word) throw new Error(`unexpected "${clause[i]}" at ${i} in "${clause}"`);
    tokens.push({ type: 'word', text: word[0] });
    i += word[0].length;
  }
  return tokens;
}

export function parseWhen(clause: string): Expr {
  const tokens = tokenize(clause);
  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  const isOp = (text: string): boolean => {
    const token = peek();
    return token?.type === 'op' && token.text === text;
  };
  const expectWord = (what: string): string => {
    const token = tokens[at++];
    if (!token || token.type === 'op' || token.type === 'regex') throw new Error(`expected ${what} in "${clause}"`);
    return token.text;
  };
  const or = (): Expr => {
    const parts = [and()];
    while (isOp('||')) {
      at++;
      parts.push(and());
    }
    return parts.length === 1 ? parts[0]! : { kind: 'or', parts };
  };
  const and = (): Expr => {
    const parts = [unary()];
    while (isOp('&&')) {
      at++;
      parts.push(unary());
    }
    return parts.length === 1 ? parts[0]! : { kind: 'and', parts };
  };
  const unary = (): Expr => {
    if (isOp('!')) {
      at++;
      return { kind: 'not', of: unary() };
    }
    if (isOp('(')) {
      at++;
      const inner = or();
      if (!isOp(')')) throw new Error(`missing ")" in "${clause}"`);
      at++;
      return inner;
    }
    const key = expectWord('a context key');
    if (key === 'true' || key === 'false') return { kind: 'bool', value: key === 'true' };
    const next = peek();
    if (next?.type === 'op') {
      const op = next.text;
      if (op === '==' || op === '===' || op === '!=' || op === '!==') {
        at++;
        return { kind: 'compare', key, op: op.startsWith('!') ? '!=' : '==', value: expectWord(`a value after ${op}`) };
      }
      if (op === '<' || op === '<=' || op === '>' || op === '>=') {
        at++;
        return { kind: 'compare', key, op, value: expectWord(`a number after ${op}`) };
      }
      if (op === '=~') {
        at++;
        const regex = tokens[at++];
        if (regex?.type !== 'regex') throw new Error(`expected a /regex/ in "${clause}"`);
        return { kind: 'match', key, regex: regex.regex };
      }
    }
    if (next?.type === 'word' && next.text === 'in') {
      at++;
      return { kind: 'in', key, container: expectWord('a context key after "in"'), negated: false };
    }
    if (
      next?.type === 'word' &&
      next.text === 'not' &&
      tokens[at + 1]?.type === 'word' &&
      (tokens[at + 1] as { text: string }).text === 'in'
    ) {
      at += 2;
      return { kind: 'in', key, container: expectWord('a context key after "not in"'), negated: true };
    }
    return { kind: 'key', key };
  };
  const expr = or();
  if (at !== tokens.length) throw new Error(`unexpected "${JSON.stringify(tokens[at])}" in "${clause}"`);
  return expr;
}

/** Every context key the clause reads (both sides of `in`; never the values compared with). */
export function keysOf(expr: Expr): string[] {
  switch (expr.kind) {
    case 'bool':
      return [];
    case 'key':
    case 'compare':
    case 'match':
      return [expr.key];
    case 'in':
      return [expr.key, expr.container];
    case 'not':
      return keysOf(expr.of);
    default:
      return expr.parts.flatMap(keysOf);
  }
}

type Context = Record<string, string | number | boolean | string[] | undefined>;

/** The clause's value in `context` (an absent key is undefined, as in VS Code). */
export function evaluate(expr: Expr, context: Context): boolean {
  switch (expr.kind) {
    case 'bool':
      return expr.value;
    case 'key':
      return !!context[expr.key];
    case 'not':
      return !evaluate(expr.of, context);
    case 'and':
      return expr.parts.every((part) => evaluate(part, context));
    case 'or':
      return expr.parts.some((part) => evaluate(part, context));
    case 'match': {
      const value = context[expr.key];
      return typeof value === 'string' && expr.regex.test(value);
    }
    case 'in': {
      const container = context[expr.container];
      const found = Array.isArray(container) && container.includes(String(context[expr.key]));
      return expr.negated ? !found : found;
    }
    case 'compare': {
      const value = context[expr.key];
      if (expr.op === '==') return String(value) === expr.value;
      if (expr.op === '!=') return String(value) !== expr.value;
      const [left, right] = [Number(value), Number(expr.value)];
      return expr.op === '<' ? left < right : expr.op === '<=' ? left <= right : expr.op === '>' ? left > right : left >= right;
    }
  }
}

// ---------------------------------------------------------------------------------------------

interface Manifest {
  contributes: {
    commands: Array<{ command: string }>;
    menus: Record<string, Array<{ command?: string; when?: string }>>;
    views?: Record<string, Array<{ id: string }>>;
    configuration: { properties: Record<string, unknown> };
  };
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

/** Every `when` and `enablement` string under `contributes` (menus, keybindings, views, walkthroughs, …), with where it is. */
function whenClauses(node: unknown, path: string): Array<{ path: string; clause: string }> {
  if (Array.isArray(node)) return node.flatMap((item, i) => whenClauses(item, `${path}[${i}]`));
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    (key === 'when' || key === 'enablement') && typeof value === 'string'
      ? [{ path: `${path}.${key}`, clause: value }]
      : whenClauses(value, `${path}.${key}`),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** The context keys the extension sets: `executeCommand('setContext', KEY, …)`, KEY a literal or a constant of src/. */
function keysSetInSource(): Set<string> {
  const files = sourceFiles(join(ROOT, 'src')).map((file) => readFileSync(file, 'utf8'));
  const constants = new Map<string, string>();
  for (const text of files)
    for (const match of text.matchAll(/(?:export\s+)?const\s+([A-Z_][A-Z0-9_]*)\s*=\s*'([^']+)'/g)) constants.set(match[1]!, match[2]!);
  const keys = new Set<string>();
  for (const text of files) {
    for (const match of text.matchAll(/executeCommand\(\s*'setContext',\s*(?:'([^']+)'|([A-Za-z_][A-Za-z0-9_]*))/g)) {
      const key = match[1] ?? constants.get(match[2]!);
      if (key) keys.add(key);
    }
  }
  return keys;
}

/** Why a key of a when clause is unknown, or null when VS Code or this extension sets it. */
function unknownKey(key: string, ownKeys: ReadonlySet<string>): string | null {
  if (DOCUMENTED_KEYS.has(key) || NOTEBOOK_KEYS.has(key)) return null;
  if (/^view\.[\w.-]+\.visible$/.test(key)) return null;
  if (key.startsWith('config.')) {
    const setting = key.slice('config.'.length);
    if (setting.startsWith('mlHygiene.') && !(setting in manifest.contributes.configuration.properties))
      return `${key} names a setting this extension does not contribute`;
    return null;
  }
  if (key.startsWith('mlHygiene.')) return ownKeys.has(key) ? null : `${key} is never set with setContext in src/`;
  return `${key} is not a documented VS Code context key`;
}

function problemsOf(clauses: ReadonlyArray<{ path: string; clause: string }>, ownKeys: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const { path, clause } of clauses) {
    let expr: Expr;
    try {
      expr = parseWhen(clause);
    } catch (error) {
      problems.push(`${path}: ${(error as Error).message}`);
      continue;
    }
    for (const key of keysOf(expr)) {
      const why = unknownKey(key, ownKeys);
      if (why) problems.push(`${path} ("${clause}"): ${why}`);
    }
  }
  return problems;
}

describe('package.json when clauses', () => {
  const clauses = whenClauses(manifest.contributes, 'contributes');
  const ownKeys = keysSetInSource();

  it('parses when clauses as VS Code does', () => {
    assert.deepEqual(keysOf(parseWhen('a && !b || (c == x.y && d =~ /^f\\/o+$/i) || e in f || g not in h || n >= 2')), [
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'g',
      'h',
      'n',
    ]);
    assert.deepEqual(keysOf(parseWhen("resourceFilename == 'My File.md' && view === mlHygiene.plan")), ['resourceFilename', 'view']);
    assert.throws(() => parseWhen('a && (b || c'), /missing "\)"/);
    assert.throws(() => parseWhen('a == '), /expected a value/);
    assert.throws(() => parseWhen('a =~ b'), /regex/);
    const context = { resourceLangId: 'python', workspaceFolderCount: 1 };
    assert.equal(evaluate(parseWhen('resourceLangId == python && workspaceFolderCount > 0'), context), true);
    assert.equal(evaluate(parseWhen('!(resourceLangId == python) || workspaceFolderCount > 1'), context), false);
  });

  it('finds the clauses of commands, menus, keybindings and views', () => {
    assert.ok(clauses.length >= 10, `only ${clauses.length} when clauses found`);
    assert.ok(clauses.some((c) => c.path.startsWith('contributes.menus.commandPalette')));
  });

  it('flags keys VS Code never sets, and own keys never set by the extension', () => {
    const problems = problemsOf(
      [
        { path: 'x', clause: 'resourceLangId == python || activeNotebookEditor' },
        { path: 'y', clause: 'mlHygiene.noSuchKey' },
        { path: 'z', clause: 'config.mlHygiene.noSuchSetting && config.editor.minimap.enabled' },
      ],
      ownKeys,
    );
    assert.deepEqual(problems, [
      'x ("resourceLangId == python || activeNotebookEditor"): activeNotebookEditor is not a documented VS Code context key',
      'y ("mlHygiene.noSuchKey"): mlHygiene.noSuchKey is never set with setContext in src/',
      'z ("config.mlHygiene.noSuchSetting && config.editor.minimap.enabled"): config.mlHygiene.noSuchSetting names a setting this extension does not contribute',
    ]);
  });

  it('uses only documented context keys and keys the extension sets', () => {
    assert.deepEqual(problemsOf(clauses, ownKeys), []);
  });

  it('finds the keys the extension sets with setContext', () => {
    assert.ok(ownKeys.has('mlHygiene.refactorPreviewOpen'), [...ownKeys].join(', '));
  });

  it('names only contributed views in `view ==`', () => {
    const views = new Set(Object.values(manifest.contributes.views ?? {}).flatMap((list) => list.map((v) => v.id)));
    for (const { path, clause } of clauses)
      for (const match of clause.matchAll(/\bview\s*==\s*'?([\w.-]+)/g)) assert.ok(views.has(match[1]!), `${path}: no view ${match[1]}`);
  });

  it('lists Modularize and Move Parameters in the command palette for a Python file and a Jupyter notebook, not elsewhere', () => {
    const palette = manifest.contributes.menus.commandPalette ?? [];
    const whenOf = (command: string): Expr => {
      const entry = palette.find((e) => e.command === command);
      assert.ok(entry?.when, `${command} has a commandPalette when clause`);
      return parseWhen(entry.when);
    };
    // What VS Code sets: a Python file's editor; a notebook editor with focus in a cell (the
    // notebook's own resource is the .ipynb, its cells' language python); the notebook editor
    // active while focus is elsewhere (no notebookType there); a markdown file.
    const python = {
      resourceLangId: 'python',
      resourceExtname: '.py',
      editorLangId: 'python',
      activeEditor: 'workbench.editors.files.textFileEditor',
    };
    const notebookCell = {
      notebookType: 'jupyter-notebook',
      resourceExtname: '.ipynb',
      editorLangId: 'python',
      activeEditor: 'workbench.editor.notebook',
    };
    const notebookUnfocused = { resourceExtname: '.ipynb', activeEditor: 'workbench.editor.notebook' };
    const markdown = { resourceLangId: 'markdown', resourceExtname: '.md', editorLangId: 'markdown' };
    for (const command of ['mlHygiene.modularize', 'mlHygiene.extractConfig']) {
      const when = whenOf(command);
      assert.equal(evaluate(when, python), true, `${command} in a Python file`);
      assert.equal(evaluate(when, notebookCell), true, `${command} in a notebook cell`);
      assert.equal(evaluate(when, notebookUnfocused), true, `${command} with a notebook active`);
      assert.equal(evaluate(when, markdown), false, `${command} in a markdown file`);
    }
  });
});
