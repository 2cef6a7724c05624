import { basename, dirname, isAbsolute, relative as relativePath } from 'node:path/posix';
import type { ScriptModel, Statement } from '../../semantic';
import type { TextEdit } from '../../types';
import type { FileChange, MovedValue, Refusal, WorkspaceChange } from '../change';
import { refusal } from '../change';
import { eolOf, identifiersOf, PYTHON_KEYWORDS } from '../nodes';
import { analyze, isPassive, refusalOf } from './analysis';
import type { Analysis } from './analysis';
import { callText, docstringText, importsFor, importText, moduleText, namesRead, planComments, stepText, topLevelText } from './emit';
import type { CommentPlan, ModuleParts } from './emit';
import type { Step } from './plan';
import { FIXED_MODULES, planSteps } from './plan';
import { moveLiterals } from './params';
import { stepNarratives, thinNotebookPath, thinNotebookText } from './notebook';

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
  /**
   * The text of OUT/params.yaml when the file exists (a package modularized there before, the
   * user's own values): the new keys are merged into it as extract-config merges them, and no key
   * of it is lost or changed. Null or absent: the file is created.
   */
  paramsText?: string | null;
  /**
   * Also replace the original `.py` script with a thin script that runs the pipeline (a `ScriptChange`
   * on it), so that `python SCRIPT` keeps working; refused for a notebook, which stays as it is.
   */
  replaceOriginal?: boolean;
  /**
   * A notebook only: also create the thin notebook (`NAME.ipynb` beside it, notebook.ts) whose
   * cells call the steps one by one. Default true; false skips it.
   */
  thinNotebook?: boolean;
  /** Files that exist (beside the original): the thin notebook takes none of them (it is named otherwise, with a note). */
  existingPaths?: ReadonlySet<string>;
}

/** Names pipeline.py binds besides the steps: a step never takes one of them. */
export const PIPELINE_NAMES = ['main', 'PARAMS_FILE', 'use_params_file', 'params_path'];

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
  /** The thin notebook created (absolute path), and why it is not `NAME.ipynb` when it is not; null when none. */
  notebook?: { path: string; note: string | null } | null;
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
      const next = [...analysis.pureDefs].some(([other, s]) => other !== name && place.get(other) === 'helpers' && s.uses.has(name))
        ? 'helpers'
        : target;
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

function buildModules(
  model: ScriptModel,
  analysis: Analysis,
  steps: readonly Step[],
  name: string,
  comments: CommentPlan,
): { files: Map<string, string>; imported: Set<Statement> } {
  const imported = new Set<Statement>();
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
      docstring: docstringText(
        model,
        analysis,
        module === 'helpers'
          ? `Functions of ${source} shared by several steps.`
          : `${titleOf(module)} steps of the ${name} pipeline (from ${source}).`,
        readsDoc,
      ),
      imports: importsFor(model, analysis, read).map((s) => {
        imported.add(s);
        return importText(model, s, comments);
      }),
      fromPackage,
      definitions: content.defs.map((s) => topLevelText(model, s, comments)),
      steps: content.steps.map((step) => stepText(model, step, comments)),
    };
    files.set(`${module}.py`, moduleText(parts));
  }
  return { files, imported };
}

/** The comments that have no place in a module (above the docstring, above an import no module needs), for `__init__.py`. */
function headerComments(comments: CommentPlan, imported: ReadonlySet<Statement>): string[] {
  const orphans = [...comments.aboveImport].filter(([s]) => !imported.has(s)).sort((a, b) => a[0].index - b[0].index);
  const trailing = [...comments.trailing].filter(([s]) => s.kind === 'import' && !imported.has(s)).map(([, t]) => t.trim());
  return [...comments.header, ...orphans.flatMap(([, lines]) => lines), ...trailing];
}

function titleOf(module: string): string {
  const titles: Record<string, string> = {
    data: 'Data',
    features: 'Feature',
    train: 'Training',
    evaluate: 'Evaluation',
    publish: 'Publishing',
    plots: 'Plotting',
  };
  return titles[module] ?? module;
}

function pipelineText(steps: readonly Step[], name: string, source: string, paramsFile: string | null): string {
  const imports = new Map<string, string[]>();
  for (const step of steps) imports.set(step.module, [...(imports.get(step.module) ?? []), step.name]);
  const lines = [`"""The ${name} pipeline: the steps of ${source}, in order. Generated by ML Hygiene."""`, ''];
  for (const [module, names] of imports) lines.push(`from .${module} import ${names.join(', ')}`);
  if (paramsFile === null) {
    lines.push('', '', 'def main():', '    """Runs every step in the order of the original script."""');
  } else {
    lines.push(
      'from .params import PARAMS_FILE, use_params_file',
      '',
      '',
      'def main(params_path=PARAMS_FILE):',
      '    """Runs every step in the order of the original script, with the parameters of `params_path`.',
      '',
      `    The default is the project's ${paramsFile} beside the package. Another file is loaded in its`,
      '    place before the first step runs, so every step reads its values.',
      '    """',
      '    use_params_file(params_path)',
    );
  }
  for (const step of steps) lines.push(`    ${callText(step)}`);
  lines.push('');
  return lines.join('\n');
}

function testText(name: string, modules: readonly string[], withParams: boolean): string {
  const run = withParams
    ? [
        'def test_pipeline_runs(tmp_path):',
        '    """The pipeline runs with a copy of the params file given as `params_path`."""',
        `    from ${name}.params import PARAMS_FILE`,
        `    from ${name}.pipeline import main`,
        '',
        '    copy = tmp_path / PARAMS_FILE.name',
        '    shutil.copyfile(PARAMS_FILE, copy)',
        '    main(params_path=copy)',
      ]
    : ['def test_pipeline_runs():', `    from ${name}.pipeline import main`, '', '    main()'];
  return [
    `"""Tests of the ${name} package, generated by ML Hygiene: every module imports, the pipeline runs."""`,
    'import importlib',
    ...(withParams ? ['import shutil'] : []),
    '',
    'import pytest',
    '',
    '',
    `@pytest.mark.parametrize("module", ${JSON.stringify(modules)})`,
    'def test_module_imports(module):',
    `    importlib.import_module("${name}." + module)`,
    '',
    '',
    ...run,
    '',
  ].join('\n');
}

/** Text for a Python docstring: backslashes and quotes escaped, control characters left out. */
function docText(text: string): string {
  return [...text].map((c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : c < ' ' || c === '\u007f' ? '?' : c)).join('');
}

/** Python expression of the folder `relative` (POSIX, from the script's folder) as an absolute Path, relative to the script's own location. */
function folderExpression(relative: string): string {
  if (isAbsolute(relative) || /^[A-Za-z]:/.test(relative)) return `Path(${JSON.stringify(relative)})`;
  return `Path(__file__).resolve().parent / ${relative
    .split('/')
    .map((segment) => JSON.stringify(segment))
    .join(' / ')}`;
}

/**
 * The thin script that takes the original's place: a docstring saying where the code went, and the
 * call of the pipeline's main() under a main guard; a shebang line stays. When the package is not in
 * the script's folder, OUT goes first on sys.path (relative to the script, so it runs from any
 * working directory) inside a function, so that the module stays only definitions: modularizing it
 * again finds nothing to do.
 */
function thinScriptText(model: ScriptModel, options: ModularizeOptions, paramsFile: string | null): string {
  const scriptPath = model.path.replace(/\\/g, '/');
  const file = basename(scriptPath);
  const outDir = options.outDir.replace(/\\/g, '/').replace(/\/+$/, '');
  const relative = relativePath(dirname(scriptPath), outDir);
  const name = options.name;
  const where = (path: string): string => (relative === '' ? path : `${relative}/${path}`);
  const lines: string[] = [];
  const first = (model.lines[0] ?? '').replace(/\r$/, '');
  if (first.startsWith('#!')) lines.push(first);
  const folder = relative === '' ? 'this folder' : `${docText(relative)}/`;
  lines.push(
    `"""${docText(file)}, modularized into the package ${name} by ML Hygiene.`,
    '',
    `The code is in ${docText(where(`${name}/`))} (a module per phase; pipeline.py calls the steps in order)` +
      `${paramsFile ? ` and the values in ${docText(where(paramsFile))}` : ''}.`,
    `Run it as before with \`python ${docText(file)}\`, or with \`python -m ${name}\` in ${folder}.`,
    '"""',
  );
  if (relative === '') {
    lines.push(`from ${name}.pipeline import main`, '', 'if __name__ == "__main__":', '    main()', '');
  } else {
    lines.push(
      'import sys',
      'from pathlib import Path',
      '',
      '',
      'def main():',
      `    """Runs the pipeline of the package ${name}, in ${docText(relative)}/ relative to this file."""`,
      `    sys.path.insert(0, str(${folderExpression(relative)}))`,
      `    from ${name}.pipeline import main as run_pipeline`,
      '',
      '    run_pipeline()',
      '',
      '',
      'if __name__ == "__main__":',
      '    main()',
      '',
    );
  }
  const eol = eolOf(model.source.text);
  return lines.join('\n').replace(/\n/g, eol);
}

/** An edit replacing the whole program text. */
function wholeTextEdit(model: ScriptModel, newText: string): TextEdit {
  const text = model.source.text;
  const lastBreak = text.lastIndexOf('\n');
  const end = { line: text.split('\n').length - 1, character: text.length - (lastBreak + 1) };
  return { range: { start: { line: 0, character: 0 }, end }, newText };
}

/** Splits the script into a package; refuses (with the reason and the line) when behaviour could change. */
export function modularize(model: ScriptModel, options: ModularizeOptions): ModularizeResult {
  const none = (refused: Refusal[]): ModularizeResult => ({ change: null, refused, steps: [], moved: [], kept: [] });
  const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  if (!isPackageName(options.name)) return none([refusal(top, 'MLH001', `\`${options.name}\` is not a valid package name`)]);
  if (options.replaceOriginal && model.kind === 'notebook') {
    return none([
      refusal(
        top,
        'MLH001',
        'a notebook stays as it is: only a .py script can be replaced by a script that runs the pipeline (modularize it without replacing the original)',
      ),
    ]);
  }
  if (model.statements.every(isPassive)) return none([]);
  const blocked = refusalOf(model);
  if (blocked) return none([blocked]);
  const analysis = analyze(model);
  if ('reason' in analysis) return none([analysis]);
  if (analysis.code.length === 0) return none([]);
  const taken = new Set([...identifiersOf(model), ...FIXED_MODULES, ...PIPELINE_NAMES, options.name]);
  const steps = planSteps(model, analysis, taken);
  if ('reason' in steps) return none([steps]);
  const pkg = join(options.outDir, options.name);
  const source = basename(model.path.replace(/\\/g, '/'));
  const comments = planComments(model, analysis);
  const { files: built, imported } = buildModules(model, analysis, steps, options.name, comments);
  const header = headerComments(comments, imported);
  const paramsPath = join(options.outDir, 'params.yaml');
  const existingParams = options.paramsText ?? null;
  const literals = options.params === false ? null : moveLiterals(built, pkg, paramsPath, existingParams);
  const modules = new Map(literals?.modules ?? built);
  const withParams = Boolean(literals?.paramsText && literals.loaderText);
  modules.set('pipeline.py', pipelineText(steps, options.name, source, withParams ? 'params.yaml' : null));
  const changes: FileChange[] = [
    {
      kind: 'create',
      path: join(pkg, '__init__.py'),
      text:
        `"""${options.name}: ${source} as a package of steps. Run it with \`python -m ${options.name}\`."""\n` +
        (header.length > 0 ? `\n# Comments of ${source} that belong to no step:\n${header.join('\n')}\n` : ''),
    },
    {
      kind: 'create',
      path: join(pkg, '__main__.py'),
      text: `"""\`python -m ${options.name}\` runs the pipeline."""\nfrom .pipeline import main\n\nif __name__ == "__main__":\n    main()\n`,
    },
  ];
  for (const [file, text] of modules) changes.push({ kind: 'create', path: join(pkg, file), text });
  if (literals?.paramsText && literals.loaderText) {
    changes.push({ kind: 'create', path: join(pkg, 'params.py'), text: literals.loaderText });
    if (existingParams === null) changes.unshift({ kind: 'create', path: paramsPath, text: literals.paramsText });
    else if (literals.paramsText !== existingParams)
      changes.unshift({ kind: 'rewrite', path: paramsPath, expected: existingParams, text: literals.paramsText });
  }
  const moduleNames = [...modules.keys()].map((f) => f.replace(/\.py$/, ''));
  changes.push({
    kind: 'create',
    path: join(options.outDir, 'tests', `test_${options.name}.py`),
    text: testText(options.name, moduleNames, withParams),
  });
  let title = `Modularize ${source} into the package ${options.name}`;
  let notebook: ModularizeResult['notebook'] = null;
  if (model.kind === 'notebook' && options.thinNotebook !== false) {
    const original = model.path.replace(/\\/g, '/');
    const created = new Set(changes.map((c) => c.path.replace(/\\/g, '/')));
    const existing = new Set([...(options.existingPaths ?? [])].map((p) => p.replace(/\\/g, '/')));
    notebook = thinNotebookPath(original, options.name, (p) => created.has(p) || existing.has(p));
    changes.push({
      kind: 'create',
      path: notebook.path,
      text: thinNotebookText({
        original,
        path: notebook.path,
        name: options.name,
        outDir: options.outDir.replace(/\\/g, '/'),
        steps,
        withParams,
        narratives: stepNarratives(model, steps),
      }),
    });
    title += ` with the notebook ${basename(notebook.path)} calling its steps`;
  }
  if (options.replaceOriginal) {
    const original = model.path.replace(/\\/g, '/');
    if (changes.some((c) => c.path.replace(/\\/g, '/') === original)) {
      return none([refusal(top, 'MLH001', `the package would overwrite ${source} itself: choose another folder or name`)]);
    }
    changes.push({
      kind: 'script',
      path: model.path,
      source: model.source,
      edits: [wholeTextEdit(model, thinScriptText(model, options, withParams ? 'params.yaml' : null))],
    });
    title += ` and replace ${source} with a script that runs it`;
  }
  return {
    change: { title, changes, readFirst: join(pkg, 'pipeline.py') },
    refused: [],
    steps: steps.map((s) => `${s.module}.${s.name}`),
    moved: literals?.moved ?? [],
    kept: literals?.refused ?? [],
    notebook,
  };
}
