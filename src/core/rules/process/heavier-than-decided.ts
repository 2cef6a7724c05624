import type { Node } from '../../parse/syntax';
import { nodeRange } from '../../parse/syntax';
import { dottedName, importParts } from '../../semantic/imports';
import type { RungId } from '../../kb/rungs';
import { rungDefinition, rungIndex, toolingRung } from '../../kb/rungs';
import type { ContextOf, Rule } from '../rule';

/**
 * MLH501: the code imports tooling of a heavier rung of the simplest-solution decision path than
 * the one the team decided on in mlproject.yaml. Silent without a plan or a decision.
 */

const TOOLING_KIND: Partial<Record<RungId, string>> = {
  statistics: 'statistical-modelling tooling',
  'classical-ml': 'classical machine-learning tooling',
  'deep-learning': 'deep-learning tooling',
};

interface ImportedModule {
  module: string;
  /** Where to report: the module's name in the import. */
  node: Node;
}

/** Every module an import statement brings in; `from a import b` also names `a.b` (it may be a submodule). */
function importedModules(statement: Node): ImportedModule[] {
  const parts = importParts(statement);
  if (!parts) return [];
  if (statement.type === 'import_statement') return parts.names.map(({ name }) => ({ module: dottedName(name), node: name }));
  const moduleNode = parts.module;
  if (!moduleNode || moduleNode.type === 'relative_import') return [];
  const module = dottedName(moduleNode);
  const found: ImportedModule[] = [{ module, node: moduleNode }];
  if (toolingRung(module)) return found;
  for (const { name } of parts.names) found.push({ module: `${module}.${dottedName(name)}`, node: name });
  return found;
}

function check(ctx: ContextOf<'MLH501'>): void {
  const decision = ctx.plan?.decision;
  if (!decision || decision.rung === 'beyond-reach') return;
  const decided = rungDefinition(decision.rung);
  // Imports anywhere count: at top level, inside functions, under `try:` or `if`.
  for (const statement of ctx.model.importStatements) {
    for (const { module, node } of importedModules(statement)) {
      const rung = toolingRung(module);
      if (rung === null || rungIndex(rung) <= rungIndex(decided.id)) continue;
      const top = module.split('.')[0]!;
      ctx.report({
        range: nodeRange(node),
        message:
          `\`${top}\` is ${TOOLING_KIND[rung]}, heavier than the team decided: the decision path in mlproject.yaml stops at ` +
          `rung ${decided.step}, “${decided.title}”. Use what the decision allows, or revisit the decision with the team.`,
        data: { module, tooling: rung, decided: decided.id, planFile: ctx.plan!.file },
      });
    }
  }
}

export const heavierThanDecided: Rule = {
  code: 'MLH501',
  name: 'heavier-than-decided',
  family: 'process',
  defaultSeverity: 'warning',
  status: 'stable',
  summary: 'The code imports tooling of a heavier rung of the decision path than the project decided on in mlproject.yaml.',
  appliesTo: ['python', 'notebook'],
  options: {},
  check,
};
