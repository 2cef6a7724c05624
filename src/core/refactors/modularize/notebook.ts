import { basename, dirname, relative as relativePath } from 'node:path/posix';
import type { ScriptModel } from '../../semantic';
import { cellAtLine } from '../../parse/source';
import { notebookSourceLines } from '../apply';
import { callText } from './emit';
import type { Step } from './plan';

/**
 * The thin notebook of a modularized notebook: `NAME.ipynb` beside the original, whose cells import
 * the package and call one step each, in the order and with the names of `pipeline.py`'s `main()`,
 * with a markdown cell per step (its heading in the original, else its name), so that the user can
 * keep exploring step by step: every value a step returns is a variable of the notebook. nbformat
 * 4.5 (every cell has an id).
 */

export interface ThinNotebook {
  path: string;
  text: string;
  /** Why the notebook is not `NAME.ipynb` (that file exists), or null. */
  note: string | null;
}

/** `NAME.ipynb` beside the original, else `NAME_steps.ipynb`, `NAME_steps_2.ipynb`...: never the original nor a taken path. */
export function thinNotebookPath(original: string, name: string, taken: (path: string) => boolean): { path: string; note: string | null } {
  const dir = dirname(original);
  const at = (file: string): string => (dir === '.' ? file : `${dir}/${file}`);
  const free = (path: string): boolean => path !== original && !taken(path);
  const first = at(`${name}.ipynb`);
  if (free(first)) return { path: first, note: null };
  for (let n = 1; ; n++) {
    const path = at(n === 1 ? `${name}_steps.ipynb` : `${name}_steps_${n}.ipynb`);
    if (free(path)) {
      const why = first === original ? 'is the notebook itself' : 'exists already';
      return { path, note: `${basename(first)} ${why}: the thin notebook is ${basename(path)}` };
    }
  }
}

/**
 * The original's markdown cells, as the text of the step each introduces: a markdown cell goes to
 * the first step that starts in a later cell (the notebook's title and introduction to the first
 * step); those after the last step's first cell are returned as `after`.
 */
export function stepNarratives(model: ScriptModel, steps: readonly Step[]): { byStep: Map<Step, string>; after: string | null } {
  const cells = model.source.cells ?? [];
  const firstCell = steps.map((step) => {
    const line = step.statements[0]?.range.start.line;
    return line === undefined ? -1 : (cellAtLine(model.source, line)?.cellIndex ?? -1);
  });
  const texts = new Map<number, string[]>();
  cells.forEach((cell, index) => {
    if (cell.kind !== 'markdown' || cell.text.trim() === '') return;
    const k = firstCell.findIndex((first) => first > index);
    texts.set(k, [...(texts.get(k) ?? []), cell.text.trim()]);
  });
  const byStep = new Map<Step, string>();
  steps.forEach((step, k) => {
    const text = texts.get(k);
    if (text) byStep.set(step, text.join('\n\n'));
  });
  return { byStep, after: texts.get(-1)?.join('\n\n') ?? null };
}

interface Cell {
  kind: 'markdown' | 'code';
  text: string;
}

/** A step's heading: its section's title, else its name in words. */
function headingOf(step: Step): string {
  return step.title ?? step.name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

function values(names: readonly string[]): string {
  return names.map((n) => `\`${n}\``).join(', ');
}

/** Markdown text: characters that Markdown would read as markup are escaped. */
function markdownText(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

/**
 * The thin notebook's JSON. `packageDir`: where the package's folder is (OUT), so that a notebook
 * beside an original whose package went elsewhere puts OUT on `sys.path`, relative to the
 * notebook's folder (the working directory Jupyter and VS Code give a notebook).
 */
export function thinNotebookText(options: {
  original: string;
  path: string;
  name: string;
  outDir: string;
  steps: readonly Step[];
  withParams: boolean;
  /** The original's markdown, per step (stepNarratives). */
  narratives: { byStep: ReadonlyMap<Step, string>; after: string | null };
}): string {
  const { name, steps } = options;
  const source = `\`${basename(options.original).replace(/`/g, '')}\``;
  const rel = relativePath(dirname(options.path), options.outDir.replace(/\/+$/, ''));
  const cells: Cell[] = [
    {
      kind: 'markdown',
      text: [
        `# ${source}, step by step`,
        '',
        `The code of ${source} is now the package \`${name}\` (a module per phase; \`${name}/pipeline.py\` calls the steps in order). ` +
          `Each code cell below runs one step, in the order of \`main()\`, and keeps the values it returns as variables of this notebook: ` +
          `run the cells top to bottom to run the pipeline, stop after any step to look at its values, or change a step in the package and run its cell again ` +
          `(\`%autoreload 2\` reloads the package's modules before each cell).`,
      ].join('\n'),
    },
  ];
  const setup: string[] = ['%load_ext autoreload', '%autoreload 2', ''];
  if (rel !== '') {
    setup.push(
      'import os',
      'import sys',
      '',
      `# The package is in ${[...rel].map((c) => (c < ' ' || c === '\u007f' ? '?' : c)).join('')}, relative to this notebook's folder (the working directory).`,
      `sys.path.insert(0, os.path.abspath(${JSON.stringify(rel)}))`,
      '',
    );
  }
  const byModule = new Map<string, string[]>();
  for (const step of steps) byModule.set(step.module, [...(byModule.get(step.module) ?? []), step.name]);
  for (const [module, names] of byModule) setup.push(`from ${name}.${module} import ${names.join(', ')}`);
  if (options.withParams) setup.push(`from ${name}.params import PARAMS_FILE, use_params_file`);
  cells.push({ kind: 'code', text: setup.join('\n') });
  if (options.withParams) {
    cells.push({
      kind: 'markdown',
      text: `## Parameters\n\nThe steps read their values from \`params_path\` (the project's params.yaml by default): point it at another file to run them with other values.`,
    });
    cells.push({ kind: 'code', text: 'params_path = PARAMS_FILE\nuse_params_file(params_path)' });
  }
  for (const step of steps) {
    const takes = step.parameters.length > 0 ? `takes ${values(step.parameters)}` : 'takes nothing';
    const gives = step.returns.length > 0 ? `returns ${values(step.returns)}` : 'returns nothing';
    const narrative = options.narratives.byStep.get(step);
    cells.push({
      kind: 'markdown',
      text: `${narrative ?? `## ${markdownText(headingOf(step))}`}\n\n**Step:** \`${name}.${step.module}.${step.name}\` ${takes}, ${gives}.`,
    });
    cells.push({ kind: 'code', text: callText(step) });
  }
  if (options.narratives.after !== null) cells.push({ kind: 'markdown', text: options.narratives.after });
  const notebook = {
    cells: cells.map((cell, i) => {
      const id = `${cell.kind === 'code' ? 'code' : 'md'}-${String(i).padStart(3, '0')}`;
      return cell.kind === 'code'
        ? { cell_type: 'code', execution_count: null, id, metadata: {}, outputs: [], source: notebookSourceLines(cell.text) }
        : { cell_type: 'markdown', id, metadata: {}, source: notebookSourceLines(cell.text) };
    }),
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return JSON.stringify(notebook, null, 1) + '\n';
}
