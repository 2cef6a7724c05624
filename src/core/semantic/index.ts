import type { ProgramSource } from '../parse/source';
import type { SyntaxTree } from '../parse/mirror';
import { kids } from '../parse/syntax';
import { BindingIndex } from './bindings';
import type { CallRecord } from './calls';
import { resolveCalls } from './calls';
import { collectImports, importPaths } from './imports';
import type { ScriptModel } from './model';
import { readPragma } from './pragmas';
import { walkStatements } from './scopes';
import { Lines } from './lines';
import { collectSections } from './sections';
import { newStatement } from './statements';

export type { Binding, BindingIndex, ScopeLookup } from './bindings';
export { nodesOfType } from './nodes';
export type { CallSite, ImportBinding, ScriptModel, Section, Statement, StatementKind, Suppression } from './model';
export { bindInstances, callsIn, looksLikeClass } from './calls';
export { normalisePhase } from './sections';
export { addPhase, isMainGuard } from './statements';
export { stringValue } from './strings';

/**
 * The script model of a program, from its syntax tree alone: statements, sections, pragmas,
 * imports, names bound and read, calls. The knowledge base's pass (kb/classify.ts) fills the rest.
 */
export function buildModel(source: ProgramSource, tree: SyntaxTree): ScriptModel {
  const root = tree.rootNode;
  // The copy of the tree knows where the lines of its text start; the model's `lines` are split on first use.
  const lines = root.doc.text === source.text ? new Lines(source.text, root.doc.lineStarts) : Lines.of(source.text);
  let split: string[] | null = null;
  const model: ScriptModel = {
    path: source.path,
    kind: source.kind,
    source,
    tree,
    get lines(): string[] {
      return (split ??= source.text.split('\n'));
    },
    statements: [],
    sections: [],
    imports: [],
    importMap: new Map(),
    starImports: [],
    importStatements: [],
    instances: new Map(),
    calls: [],
    callsByStatement: new Map(),
    definitions: new Map(),
    // Without a walrus in the program, expressions bind nothing (a copy that reused statements does not say: walk them).
    bindings: new BindingIndex(tree.namedByType ? (tree.namedByType.get('named_expression')?.length ?? 0) > 0 : true),
    mainGuard: null,
    suppressions: new Map(),
    fileSuppressed: false,
    syntaxErrors: [],
    codeLines: 0,
    memo: new Map(),
  };
  const topLevel = kids(root);
  // Comments hold pragmas only in a program that has `mlh:` somewhere: one scan instead of one per comment.
  const pragmas = root.doc.text.includes('mlh:');
  collectSections(model, topLevel, lines);
  let sectionCursor = 0;
  for (const node of topLevel) {
    if (node.type === 'comment') {
      if (pragmas) readPragma(model, node);
      continue;
    }
    if (!node.isNamed) continue; // `;` between statements on one line
    while (sectionCursor + 1 < model.sections.length && model.sections[sectionCursor + 1]!.startLine <= node.startPosition.row)
      sectionCursor++;
    model.statements.push(newStatement(model, node, sectionCursor, lines));
  }
  // Imports first, so that calls anywhere resolve; then names and calls per statement.
  const paths = importPaths(model);
  for (const statement of model.statements) collectImports(model, statement, paths);
  const calls: CallRecord[] = [];
  walkStatements(model, calls, pragmas);
  resolveCalls(model, calls);
  for (const call of model.calls) {
    const list = model.callsByStatement.get(call.statement);
    if (list) list.push(call);
    else model.callsByStatement.set(call.statement, [call]);
  }
  model.codeLines = model.statements.reduce((sum, s) => sum + s.codeLines, 0);
  return model;
}
