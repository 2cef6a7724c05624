import { basename } from 'node:path/posix';
import type { ScriptModel, Statement } from '../../parse/model';
import type { FileCreation, MovedValue, Refusal, WorkspaceChange } from '../change';
import { identifiersOf, PYTHON_KEYWORDS } from '../nodes';
import { analyse, isPassive, refusalOf } from './analysis';
import type { Analysis } from './analysis';
import { callText, docstringText, importsFor, moduleText, namesRead, stepText, topLevelText } from './emit';
import type { ModuleParts } from './emit';
import type { Step } from './plan';
import { FIXED_MODULES, planSteps } from './plan';
import { moveLiterals } from './params';

/**
 * Modularize: a monolithic script or notebook becomes a package: one module per phase holding its
 * steps (a function per run of same-phase statements, taking the names it reads from earlier
 * steps and returning the names later steps read), `pipeline.py` calling the steps in order,
 * `__main__.py` so that `python -m NAME` runs it, and a pytest file. Pure: model in, files out.
 */

export interface ModularizeOptions {
  /** Package name (a Python identifier). */
  name: string;
  /** Folder the package and tests go into (absolute, POSIX separators or native: joined with '/'). */
  outDir: string;
  /** Move hyperparameters, paths and feature lists to OUT/params.yaml (default true). */
  params?: boolean;
}

export interface ModularizeResult {
  /** null when refused or when there is nothing to do. */
  change: WorkspaceChange | null;
  refused: Refusal[];
  /** The steps, for reports: module.function. */
  steps: string[];
  /** Values moved to params.yaml. */
  moved: MovedValue[];
  /** Literals the config refactors left in the code, with why. */
  kept: Refusal[];
}

/** `Churn Monolith-v2` -> `churn_monolith_v2`: a valid package name from a file stem. */
export function packageName(stem: string): string {
  let name = stem
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/_+/g, '_');
  if (name === '') name = 'pipeline_package';
  if (/^[0-9]/.test(name)) name = `p_${name}`;
  if (PYTHON_KEYWORDS.has(name)) name = `${name}_pkg`;
  return name;
}

export function isPackageName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PYTHON_KEYWORDS.has(name);
}

/** Where each pure definition goes: the one module that uses it, else `helpers`. */
function placeDefinitions(analysis: Analysis, steps: readonly Step[]): Map<string, string> {
  const place = new Map<string, string>();
  const users = (name: string): Set<string> => {
    const modules = new Set<string>();
    for (const step of steps) if (step.statements.some((s) => s.uses.has(name) || s.mutates.has(name))) modules.add(step.module);
    for (const [other, s] of analysis.pureDefs) if (other !== name && s.uses.has(name) && place.has(other)) modules.add(place.get(other)!);
    return modules;
  };
  const fallback = steps[0]?.module ?? 'helpers';
  for (const name of analysis.pureDefs.keys()) place.set(name, fallback);
  for (let round = 0; round < 50; round++) {
    let changed = false;
    for (const name of analysis.pureDefs.keys()) {
      const modules = users(name);
      const target = modules.size === 1 ? [...modules][0]! : modules.size === 0 ? place.get(name)! : 'helpers';
      // A definition used by a helper is a helper too (helpers never import step modules).
      const next = [...analysis.pureDefs].some(([other, s]) => other !== name && place.get(other) === 'helpers' && s.uses.has(name)) ? 'helpers' : target;
      if (next !== place.get(name)) {
        place.set(name, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return place;
}

function join(dir: string, ...parts: string[]): string {
  return [dir.replace(/[\\/]+$/, ''), ...parts].join('/');
}

function definitionNames(s: Statement): string[] {
  return [...s.defs];
}

function buildModules(model: ScriptModel, analysis: Analysis, steps: readonly Step[], name: string): Map<string, string> {
  const place = placeDefinitions(analysis, steps);
  const modules = new Map<string, { steps: Step[]; defs: Statement[] }>();
  const entry = (module: string) => {
    let e = modules.get(module);
    if (!e) modules.set(module, (e = { steps: [], defs: [] }));
    return e;
  };
  for (const step of steps) entry(step.module).steps.push(step);
  const seen = new Set<Statement>();
  for (const [def, module] of place) {
    const s = analysis.pureDefs.get(def)!;
    if (seen.has(s)) continue;
    seen.add(s);
    entry(module).defs.push(s);
  }
  const source = basename(model.path.replace(/\\/g, '/'));
  const files = new Map<string, string>();
  for (const [module, content] of modules) {
    content.defs.sort((a, b) => a.index - b.index);
    const statements = [...content.defs, ...content.steps.flatMap((s) => s.statements)];
    const read = namesRead(statements);
    const local = new Set(content.defs.flatMap(definitionNames));
    const fromPackage = new Map<string, string[]>();
    for (const [def, home] of place) {
      if (home === module || local.has(def) || !read.has(def)) continue;
      fromPackage.set(home, [...(fromPackage.get(home) ?? []), def]);
    }
    const readsDoc = read.has('__doc__');
    const parts: ModuleParts = {
      docstring: docstringText(model, analysis, module === 'helpers' ? `Functions of ${source} shared by several steps.` : `${titleOf(module)} steps of the ${name} pipeline (from ${source}).`, readsDoc),
      imports: importsFor(model, analysis, read),
      fromPackage,
      definitions: content.defs.map((s) => topLevelText(model, s)),
      steps: content.steps.map((step) => stepText(model, step)),
    };
    files.set(`${module}.py`, moduleText(parts));
  }
  files.set('pipeline.py', pipelineText(steps, name, source));
  return files;
}

function titleOf(module: string): string {
  const titles: Record<string, string> = { data: 'Data', features: 'Feature', train: 'Training', evaluate: 'Evaluation', publish: 'Publishing', plots: 'Plotting' };
  return titles[module] ?? module;
}

function pipelineText(steps: readonly Step[], name: string, source: string): string {
  const imports = new Map<string, string[]>();
  for (const step of steps) imports.set(step.module, [...(imports.get(step.module) ?? []), step.name]);
  const lines = [`"""The ${name} pipeline: the steps of ${source}, in order. Generated by ML Hygiene."""`, ''];
  for (const [module, names] of imports) lines.push(`from .${module} import ${names.join(', ')}`);
  lines.push('', '', 'def main():', `${'    '}"""Runs every step in the order of the original script."""`);
  for (const step of steps) lines.push(`    ${callText(step)}`);
  lines.push('');
  return lines.join('\n');
}

function testText(name: string, modules: readonly string[]): string {
  return [
    `"""Tests of the ${name} package, generated by ML Hygiene: every module imports, the pipeline runs."""`,
    'import importlib',
    '',
    'import pytest',
    '',
    '',
    `@pytest.mark.parametrize("module", ${JSON.stringify(modules)})`,
    'def test_module_imports(module):',
    `    importlib.import_module("${name}." + module)`,
    '',
    '',
    'def test_pipeline_runs():',
    `    from ${name}.pipeline import main`,
    '',
    '    main()',
    '',
  ].join('\n');
}

/** Splits the script into a package; refuses (with the reason and the line) when behaviour could change. */
export function modularize(model: ScriptModel, options: ModularizeOptions): ModularizeResult {
  const none = (refused: Refusal[]): ModularizeResult => ({ change: null, refused, steps: [], moved: [], kept: [] });
  if (!isPackageName(options.name)) return none([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, code: 'MLH001', reason: `\`${options.name}\` is not a valid package name` }]);
  if (model.statements.every(isPassive)) return none([]);
  const blocked = refusalOf(model);
  if (blocked) return none([blocked]);
  const analysis = analyse(model);
  if ('reason' in analysis) return none([analysis]);
  if (analysis.code.length === 0) return none([]);
  const taken = new Set([...identifiersOf(model), ...FIXED_MODULES, options.name, 'main']);
  const steps = planSteps(model, analysis, taken);
  if ('reason' in steps) return none([steps]);
  const pkg = join(options.outDir, options.name);
  const built = buildModules(model, analysis, steps, options.name);
  const literals = options.params === false ? null : moveLiterals(built, pkg, join(options.outDir, 'params.yaml'));
  const modules = literals?.modules ?? built;
  const changes: FileCreation[] = [
    { kind: 'create', path: join(pkg, '__init__.py'), text: `"""${options.name}: ${basename(model.path.replace(/\\/g, '/'))} as a package of steps. Run it with \`python -m ${options.name}\`."""\n` },
    { kind: 'create', path: join(pkg, '__main__.py'), text: `"""\`python -m ${options.name}\` runs the pipeline."""\nfrom .pipeline import main\n\nif __name__ == "__main__":\n    main()\n` },
  ];
  for (const [file, text] of modules) changes.push({ kind: 'create', path: join(pkg, file), text });
  if (literals?.paramsText && literals.loaderText) {
    changes.push({ kind: 'create', path: join(pkg, 'params.py'), text: literals.loaderText });
    changes.unshift({ kind: 'create', path: join(options.outDir, 'params.yaml'), text: literals.paramsText });
  }
  const moduleNames = [...modules.keys()].map((f) => f.replace(/\.py$/, ''));
  changes.push({ kind: 'create', path: join(options.outDir, 'tests', `test_${options.name}.py`), text: testText(options.name, moduleNames) });
  return {
    change: { title: `Modularize ${basename(model.path.replace(/\\/g, '/'))} into the package ${options.name}`, changes },
    refused: [],
    steps: steps.map((s) => `${s.module}.${s.name}`),
    moved: literals?.moved ?? [],
    kept: literals?.refused ?? [],
  };
}
