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

interface Heavier {
  module: string;
  top: string;
  rung: RungId;
  node: Node;
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** "`torch` and `jax` are deep-learning tooling", one clause per rung, in the order they are first imported. */
function whatIsImported(heavier: readonly Heavier[]): string {
  const byRung = new Map<RungId, string[]>();
  for (const { top, rung } of heavier) {
    const tops = byRung.get(rung) ?? [];
    if (!tops.includes(top)) tops.push(top);
    byRung.set(rung, tops);
  }
  return listed(
    [...byRung].map(([rung, tops]) => `${listed(tops.map((t) => `\`${t}\``))} ${tops.length === 1 ? 'is' : 'are'} ${TOOLING_KIND[rung]}`),
  );
}

function check(ctx: ContextOf<'MLH501'>): void {
  const decision = ctx.plan?.decision;
  if (!decision || decision.rung === 'beyond-reach') return;
  const decided = rungDefinition(decision.rung);
  // Imports anywhere count: at top level, inside functions, under `try:` or `if`.
  const heavier: Heavier[] = [];
  for (const statement of ctx.model.importStatements) {
    for (const { module, node } of importedModules(statement)) {
      const rung = toolingRung(module);
      if (rung === null || rungIndex(rung) <= rungIndex(decided.id)) continue;
      heavier.push({ module, top: module.split('.')[0]!, rung, node });
    }
  }
  // One finding per file, on the first such import; the others are its related locations. A
  // suppressed import (`# mlh: ignore[MLH501]` on its line) is left out of both, as it would be
  // were it reported alone.
  const suppressed = (h: Heavier): boolean => {
    const pragma = ctx.model.suppressions.get(nodeRange(h.node).start.line);
    return pragma !== undefined && (pragma.codes.size === 0 || pragma.codes.has('MLH501'));
  };
  const reported = heavier.filter((h) => !suppressed(h));
  const [first, ...others] = reported;
  if (!first) return;
  ctx.report({
    range: nodeRange(first.node),
    message:
      `${whatIsImported(reported)}, heavier than the team decided: the decision path in mlproject.yaml stops at ` +
      `rung ${decided.step}, “${decided.title}”. Use what the decision allows, or revisit the decision with the team.`,
    related: others.map((h) => ({ range: nodeRange(h.node), message: `\`${h.module}\` imported here too` })),
    data: {
      module: first.module,
      tooling: first.rung,
      modules: reported.map((h) => h.module),
      decided: decided.id,
      planFile: ctx.plan!.file,
    },
  });
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
