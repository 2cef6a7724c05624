import type { ScriptModel, Statement } from '../../semantic';
import type { Node } from '../../parse/syntax';
import { descendants } from '../../parse/syntax';
import type { Phase, Range } from '../../types';
import type { Refusal } from '../change';
import { refusal } from '../change';
import { dynamicNameLookups, ownScopeNodes } from '../nodes';

/**
 * What the script does, for modularize: which top-level statements are imports, which are
 * definitions that can move to a module on their own ("pure": they read only imports and other
 * pure definitions), which are the code that runs; and why the script cannot be split when it
 * cannot (refusals, each with its line).
 */

export interface Analysis {
  /** Top-level import statements (hoisted to the modules that use their names). */
  imports: Statement[];
  /** Local name -> import statement binding it. */
  importOf: Map<string, Statement>;
  /** Functions and classes that read only imports and other pure definitions: they move to modules. */
  pureDefs: Map<string, Statement>;
  /** The statements that run, in order (impure definitions included: they stay in their step). */
  code: Statement[];
  /** Names bound by the code. */
  codeNames: Set<string>;
  docstring: Statement | null;
  /** `__doc__` is read somewhere (the modules reading it get the script's docstring). */
  readsDoc: boolean;
}

function rangeOf(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

const DISPLAY_METHODS = new Set(['head', 'tail', 'describe', 'sample', 'info_repr']);

/** A notebook display leftover: `df`, `df.shape`, `df.head()` as a statement (no effect in a script). */
export function isDisplayLeftover(statement: Statement): boolean {
  if (statement.kind !== 'expression') return false;
  const expr = statement.node.namedChild(0);
  if (!expr) return false;
  if (expr.type === 'identifier' || expr.type === 'attribute') return !expr.text.includes('(');
  if (expr.type === 'call') {
    const callee = expr.childForFieldName('function');
    if (callee?.type !== 'attribute') return false;
    const object = callee.childForFieldName('object');
    const method = callee.childForFieldName('attribute')?.text ?? '';
    return object?.type === 'identifier' && DISPLAY_METHODS.has(method);
  }
  return false;
}

/** The first reason the script cannot be split without changing what it does, or null. */
export function refusalOf(model: ScriptModel): Refusal | null {
  const first = model.syntaxErrors[0];
  if (first) return refusal(first, 'MLH001', `line ${first.start.line + 1} does not parse`);
  const guard = model.mainGuard;
  if (
    guard &&
    (guard.node.childForFieldName('alternative') || guard.node.children.some((c) => c.type === 'else_clause' || c.type === 'elif_clause'))
  ) {
    return refusal(
      guard.range,
      'MLH001',
      `line ${guard.range.start.line + 1} has an \`if __name__ == "__main__":\` block with an \`else\`, which would run instead inside a package module`,
    );
  }
  const guardCondition = guard?.node.childForFieldName('condition') ?? null;
  for (const statement of model.statements) {
    for (const node of [statement.node, ...descendants(statement.node)]) {
      const line = node.startPosition.row + 1;
      if (node.type === 'wildcard_import')
        return refusal(rangeOf(node), 'MLH001', `line ${line} has \`import *\`, whose names cannot be resolved without running it`);
      if (node.type === 'global_statement')
        return refusal(rangeOf(node), 'MLH001', `line ${line} has a \`global\` declaration, which would rebind a name across sections`);
      if (node.type === 'identifier' && node.text === '__file__')
        return refusal(rangeOf(node), 'MLH001', `line ${line} reads \`__file__\`, which would point into the package after the move`);
      const inGuard = guardCondition !== null && node.startIndex >= guardCondition.startIndex && node.endIndex <= guardCondition.endIndex;
      if (node.type === 'identifier' && node.text === '__name__' && node.parent?.type !== 'attribute' && !inGuard) {
        return refusal(rangeOf(node), 'MLH001', `line ${line} reads \`__name__\`, which is different inside a package module`);
      }
    }
    if (statement.kind !== 'function' && statement.kind !== 'class') {
      for (const node of ownScopeNodes(statement.node, new Set(['return_statement', 'yield', 'await', 'nonlocal_statement']))) {
        return refusal(
          rangeOf(node),
          'MLH001',
          `line ${node.startPosition.row + 1} has \`${node.type.replace('_statement', '')}\` outside a function`,
        );
      }
    }
  }
  const dynamic = dynamicNameLookups(model, model.statements)[0];
  if (dynamic)
    return refusal(
      rangeOf(dynamic.node),
      'MLH001',
      `line ${dynamic.node.startPosition.row + 1} calls ${dynamic.callee.text}(), which looks names up by their text`,
    );
  const magic = model.source.magics.find((m) => !model.statements.some((s) => s.kind === 'magic' && s.range.start.line === m.line));
  if (magic)
    return refusal(
      { start: { line: magic.line, character: 0 }, end: { line: magic.line, character: 0 } },
      'MLH001',
      `line ${magic.line + 1} is an IPython line inside a block, which Python cannot run`,
    );
  return null;
}

/** Whether a statement is only definitions (imports, functions, classes, docstring, main guard): then there is nothing to split. */
export function isPassive(statement: Statement): boolean {
  if (statement.kind === 'main-guard') return isEntryGuard(statement);
  return ['import', 'function', 'class', 'docstring', 'magic'].includes(statement.kind);
}

/** `if __name__ == "__main__": main()`: a guard that only calls functions by name (a structured entry point). */
function isEntryGuard(statement: Statement): boolean {
  const body = statement.node.childForFieldName('consequence');
  const statements = body?.namedChildren.filter((n) => n !== null && n.type !== 'comment') ?? [];
  return statements.every(
    (n) =>
      n?.type === 'expression_statement' &&
      n.namedChild(0)?.type === 'call' &&
      n.namedChild(0)?.childForFieldName('function')?.type === 'identifier',
  );
}

function conflict(name: string, statement: Statement): Refusal {
  return refusal(
    statement.range,
    'MLH001',
    `line ${statement.range.start.line + 1} binds \`${name}\`, which is also an import or a function of the script: the modules could not tell them apart`,
  );
}

export function analyze(model: ScriptModel): Analysis | Refusal {
  const imports = model.statements.filter((s) => s.kind === 'import');
  const importOf = new Map<string, Statement>();
  for (const s of imports) {
    for (const name of s.defs) {
      const previous = importOf.get(name);
      if (previous && previous.node.text !== s.node.text) {
        const a = model.imports.find((b) => b.local === name && b.statement === previous.index)?.qualified;
        const b = model.imports.find((c) => c.local === name && c.statement === s.index)?.qualified;
        if (a !== b) return conflict(name, s);
      }
      if (!previous) importOf.set(name, s);
    }
  }
  const defs = model.statements.filter((s) => s.kind === 'function' || s.kind === 'class');
  const defOf = new Map<string, Statement>();
  for (const s of defs) {
    for (const name of s.defs) {
      if (defOf.has(name) || importOf.has(name)) return conflict(name, s);
      defOf.set(name, s);
    }
  }
  // The body of `if __name__ == "__main__":` runs when the script runs: it becomes code of a step.
  const runs = model.statements.filter((s) => (!isPassive(s) || s.kind === 'main-guard') && !isDisplayLeftover(s));
  const boundByCode = new Set<string>();
  for (const s of runs) for (const name of [...s.defs, ...s.deletes]) boundByCode.add(name);
  for (const s of runs) {
    for (const name of [...s.defs, ...s.deletes]) if (importOf.has(name) || defOf.has(name)) return conflict(name, s);
  }
  // A definition reading a name the code binds (or an impure definition) stays where it is, in its step.
  const impure = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, s] of defOf) {
      if (impure.has(name)) continue;
      if ([...s.uses].some((u) => boundByCode.has(u) || impure.has(u))) {
        impure.add(name);
        changed = true;
      }
    }
  }
  const pureDefs = new Map([...defOf].filter(([name]) => !impure.has(name)));
  const code = model.statements.filter(
    (s) => runs.includes(s) || ((s.kind === 'function' || s.kind === 'class') && [...s.defs].some((n) => impure.has(n))),
  );
  const codeNames = new Set(boundByCode);
  for (const name of impure) codeNames.add(name);
  const docstring = model.statements.find((s) => s.kind === 'docstring') ?? null;
  const readsDoc = model.statements.some((s) => s.uses.has('__doc__'));
  return { imports, importOf, pureDefs, code, codeNames, docstring, readsDoc };
}

/** The phase of a run of statements: the hint, else the phase of most code lines, else null. */
export function majorityPhase(statements: readonly Statement[]): Phase | null {
  const weight = new Map<Phase, number>();
  for (const s of statements) if (s.phase) weight.set(s.phase, (weight.get(s.phase) ?? 0) + Math.max(1, s.codeLines));
  let best: Phase | null = null;
  for (const [phase, w] of weight) if (best === null || w > weight.get(best)!) best = phase;
  return best;
}
