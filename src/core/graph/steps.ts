import type { ScriptModel, Statement } from '../semantic';
import { analyze, isDisplayLeftover, isPassive } from '../refactors/modularize/analysis';
import type { Analysis } from '../refactors/modularize/analysis';
import { packageName, PIPELINE_NAMES } from '../refactors/modularize';
import type { Step } from '../refactors/modularize/plan';
import { FIXED_MODULES, planSteps } from '../refactors/modularize/plan';
import { identifiersOf } from '../refactors/nodes';

/**
 * The steps of a script as modularize would cut and name them, drawn even where modularize would
 * refuse to write the package (a `global`, `__file__`, a name bound both by an import and by the
 * code): the picture is of the script as it is. The pure definitions that move to modules are not
 * steps; each belongs to the first step that calls it.
 */

export interface GraphSteps {
  steps: Step[];
  /** Top-level statement index -> step index, for the statements of steps and the definitions they call. */
  stepOf: Map<number, number>;
}

/** What modularize would treat as code, without its refusals. */
function lenientAnalysis(model: ScriptModel): Analysis {
  const imports = model.statements.filter((s) => s.kind === 'import');
  const importOf = new Map<string, Statement>();
  for (const s of imports) for (const name of s.defs) if (!importOf.has(name)) importOf.set(name, s);
  const code = model.statements.filter((s) => (!isPassive(s) || s.kind === 'main-guard') && !isDisplayLeftover(s));
  const codeNames = new Set(code.flatMap((s) => [...s.defs, ...s.deletes]));
  const pureDefs = new Map<string, Statement>();
  for (const s of model.statements) {
    if (s.kind !== 'function' && s.kind !== 'class') continue;
    for (const name of s.defs) pureDefs.set(name, s);
  }
  return { imports, importOf, pureDefs, code, codeNames, docstring: null, readsDoc: false };
}

export function graphSteps(model: ScriptModel): GraphSteps {
  const strict = analyze(model);
  const analysis = 'reason' in strict ? lenientAnalysis(model) : strict;
  const stem = model.path
    .replace(/\\/g, '/')
    .split('/')
    .pop()!
    .replace(/\.(py|ipynb)$/i, '');
  const taken = new Set([...identifiersOf(model), ...FIXED_MODULES, ...PIPELINE_NAMES, packageName(stem)]);
  const planned = analysis.code.length === 0 ? [] : planSteps(model, analysis, taken);
  const steps = 'reason' in planned ? [] : planned;
  const stepOf = new Map<number, number>();
  steps.forEach((step, k) => {
    for (const s of step.statements) stepOf.set(s.index, k);
  });
  // A definition that moves to a module belongs to the first step that calls it (directly or through another definition).
  const users = (names: ReadonlySet<string>): number | undefined => {
    for (let k = 0; k < steps.length; k++) {
      if (steps[k]!.statements.some((s) => [...names].some((n) => s.uses.has(n) || s.mutates.has(n)))) return k;
    }
    return undefined;
  };
  for (let round = 0, changed = true; changed && round < 10; round++) {
    changed = false;
    for (const s of new Set(analysis.pureDefs.values())) {
      if (stepOf.has(s.index)) continue;
      let k = users(s.defs);
      if (k === undefined) {
        for (const other of model.statements) {
          if (other !== s && stepOf.has(other.index) && (other.kind === 'function' || other.kind === 'class')) {
            if ([...s.defs].some((n) => other.uses.has(n))) k = stepOf.get(other.index);
          }
        }
      }
      if (k !== undefined) {
        stepOf.set(s.index, k);
        changed = true;
      }
    }
  }
  return { steps, stepOf };
}
