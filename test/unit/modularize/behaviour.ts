/**
 * Runs a program and its modularized package with Debian's ML stack and compares what they print
 * and write (figures included). The package runs as `python -m NAME` does: `runpy.run_module` with
 * the folder first on sys.path, through the same harness that saves the figures left open.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyzeText, withModel } from '../../../src/core/engine';
import { programSource } from '../../../src/core/parse/source';
import type { ModularizeResult } from '../../../src/core/refactors/modularize/index';
import { modularize } from '../../../src/core/refactors/modularize/index';
import { newScriptText } from '../../../src/core/refactors/apply';
import { applyEdits } from '../../../src/core/edits';
import type { RunResult } from '../behaviour/python';
import { differences, removeFolder, runPython, tempFolder } from '../behaviour/python';

export const PACKAGE = 'example';
const RUNNER = '_mlh_run_package.py';

export interface Outcome {
  script: string;
  /** 'identical' | 'changed' | 'refused' | 'original failed'. */
  verdict: 'identical' | 'changed' | 'refused' | 'original failed';
  /** Refusal reason (without the line), or the differences. */
  detail: string;
  /** Line of the refusal (1-based). */
  line: number | null;
  /** Findings of the generated modules that must not be there (MLH001, MLH101). */
  leftovers: string[];
  moved: number;
  seconds: number;
}

/**
 * Writes the created files of a result under their absolute paths, and the thin script over the
 * original when the result replaces it; returns the created paths relative to `dir`.
 */
export function writeResult(result: ModularizeResult, dir: string): Set<string> {
  const written = new Set<string>();
  for (const change of result.change?.changes ?? []) {
    if (change.kind === 'script') {
      writeFileSync(change.path, newScriptText(change, readFileSync(change.path, 'utf8')));
      continue;
    }
    if (change.kind !== 'create') continue;
    mkdirSync(dirname(change.path), { recursive: true });
    writeFileSync(change.path, change.text);
    written.add(change.path.slice(dir.length + 1));
  }
  return written;
}

/** Codes that must not be found in a generated package: it is not a monolith, does no work on import, and its hyperparameters are in params.yaml. */
export const LEFTOVER_CODES = ['MLH001', 'MLH003', 'MLH101'];

/** MLH001 / MLH003 / MLH101 findings in the generated package's modules (the loader included) and in the thin script. */
export function leftoverFindings(result: ModularizeResult): string[] {
  const out: string[] = [];
  for (const change of result.change?.changes ?? []) {
    const text = change.kind === 'script' ? applyEdits(change.source.text, change.edits) : change.kind === 'create' ? change.text : null;
    if (text === null || !change.path.endsWith('.py') || change.path.includes('/tests/')) continue;
    for (const f of analyzeText(change.path, text).findings)
      if (LEFTOVER_CODES.includes(f.code)) out.push(`${change.path}:${f.range.start.line + 1} ${f.code}`);
  }
  return out;
}

export function modularizeFile(path: string, outDir: string, replaceOriginal = false): ModularizeResult {
  const text = readFileSync(path, 'utf8');
  return withModel(programSource(path, text), (model) => modularize(model, { name: PACKAGE, outDir, replaceOriginal }));
}

/** Runs the package in `dir` as `python -m PACKAGE` would (through the figure-saving harness). */
export function runPackage(dir: string, own: ReadonlySet<string>, timeoutMs: number, outputs: readonly string[] = []): Promise<RunResult> {
  writeFileSync(join(dir, RUNNER), `import runpy\nrunpy.run_module(${JSON.stringify(PACKAGE)}, run_name="__main__", alter_sys=True)\n`);
  return runPython(dir, RUNNER, new Set([...own, RUNNER]), timeoutMs, outputs);
}

interface Comparison {
  /** Prefix of the two temporary folders. */
  folders: string;
  /**
   * The program run as it is (`before/<file>`) and the file refactored (`after/<file>`); default:
   * the gallery script, as `script.py` in both.
   */
  inputs?: { before: [string, string]; after: [string, string] };
  /** Modularizes the file of `after`. */
  modularize(after: string): ModularizeResult;
  /** Runs the refactored program in `after` (`own`: the files the refactor wrote there). */
  run(after: string, own: ReadonlySet<string>): Promise<RunResult>;
  /** The reason shown for a refusal. */
  refusal(reason: string): string;
  timeoutMs: number;
}

/** Copies one script into two fresh folders, refactors one copy, runs both and compares what they print and write. */
async function compare(examples: string, script: string, how: Comparison): Promise<Outcome> {
  const started = performance.now();
  const before = tempFolder(`${how.folders}-before`);
  const after = tempFolder(`${how.folders}-after`);
  try {
    const inputs = how.inputs ?? { before: ['script.py', ''], after: ['script.py', ''] };
    if (how.inputs) {
      writeFileSync(join(before, inputs.before[0]), inputs.before[1]);
      writeFileSync(join(after, inputs.after[0]), inputs.after[1]);
    } else for (const dir of [before, after]) copyFileSync(join(examples, script), join(dir, 'script.py'));
    const result = how.modularize(after);
    const base = { script, line: null, leftovers: [] as string[], moved: result.moved.length };
    if (!result.change) {
      const refusal = result.refused[0];
      return {
        ...base,
        verdict: 'refused',
        detail: refusal ? how.refusal(refusal.reason) : 'nothing to do',
        line: refusal ? refusal.range.start.line + 1 : null,
        seconds: 0,
      };
    }
    const own = writeResult(result, after);
    own.add(inputs.after[0]);
    const original = await runPython(before, inputs.before[0], new Set([inputs.before[0]]), how.timeoutMs);
    if (original.code !== 0)
      return {
        ...base,
        verdict: 'original failed',
        detail: original.timedOut ? 'timed out' : `exit ${original.code}`,
        seconds: (performance.now() - started) / 1000,
      };
    const refactored = await how.run(after, own);
    const problems = differences(original, refactored);
    return {
      ...base,
      verdict: problems.length === 0 ? 'identical' : 'changed',
      detail: problems.join('\n'),
      leftovers: leftoverFindings(result),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    removeFolder(before);
    removeFolder(after);
  }
}

/** Modularizes one script (a file copied into two fresh folders), runs both, compares. */
export function compareScript(examples: string, script: string, timeoutMs: number): Promise<Outcome> {
  return compare(examples, script, {
    folders: 'mod',
    timeoutMs,
    modularize: (after) => modularizeFile(join(after, 'script.py'), after),
    run: (after, own) => runPackage(after, own, timeoutMs),
    refusal: (reason) => reason.replace(/^line \d+:? ?/, ''),
  });
}

/**
 * Modularizes one script with `replaceOriginal` (the package in the script's folder, or in the
 * sub-folder `outSub`), then runs the thin script that replaced it as `python script.py` and the
 * original, and compares them.
 */
export function compareThinScript(examples: string, script: string, outSub: string | null, timeoutMs: number): Promise<Outcome> {
  return compare(examples, script, {
    folders: 'thin',
    timeoutMs,
    modularize: (after) => {
      const outDir = outSub === null ? after : join(after, outSub);
      mkdirSync(outDir, { recursive: true });
      return modularizeFile(join(after, 'script.py'), outDir, true);
    },
    run: (after, own) => runPython(after, 'script.py', own, timeoutMs),
    refusal: (reason) => reason,
  });
}

/** The table of counts: tried / identical / refused by reason / changed. */
export function countsTable(outcomes: readonly Outcome[]): string {
  const count = (v: Outcome['verdict']) => outcomes.filter((o) => o.verdict === v).length;
  const reasons = new Map<string, number>();
  for (const o of outcomes)
    if (o.verdict === 'refused')
      reasons.set(o.detail.replace(/`[^`]*`/g, '`…`'), (reasons.get(o.detail.replace(/`[^`]*`/g, '`…`')) ?? 0) + 1);
  const rows = [
    '| outcome | scripts |',
    '| --- | ---: |',
    `| tried | ${outcomes.length} |`,
    `| modularized, identical stdout and files | ${count('identical')} |`,
    ...[...reasons].map(([reason, n]) => `| refused: ${reason} | ${n} |`),
    `| changed | ${count('changed')} |`,
  ];
  if (count('original failed') > 0) rows.push(`| original failed | ${count('original failed')} |`);
  return rows.join('\n');
}

/**
 * A notebook as the program it runs, top to bottom without a display: its code cells joined, with
 * IPython's lines masked as the engine masks them (`%matplotlib inline` becomes `pass`), so that
 * the program run is the one modularize reads.
 */
export function notebookProgram(path: string, text: string): string {
  return programSource(path, text).text + '\n';
}

/**
 * Modularizes a gallery notebook (its JSON as `notebook.ipynb`), runs its code cells as one program
 * (`notebookProgram`) and the package as `python -m NAME`, and compares them.
 */
export function compareNotebook(script: string, notebookText: string, timeoutMs: number): Promise<Outcome> {
  return compare('', script, {
    folders: 'nb',
    timeoutMs,
    inputs: { before: ['notebook.py', notebookProgram('notebook.ipynb', notebookText)], after: ['notebook.ipynb', notebookText] },
    modularize: (after) => modularizeFile(join(after, 'notebook.ipynb'), after),
    run: (after, own) => runPackage(after, own, timeoutMs),
    refusal: (reason) => reason.replace(/^line \d+:? ?/, ''),
  });
}

/**
 * The thin notebook proven: modularizes a notebook twice, in two fresh folders (the package beside
 * it, or in the sub-folder `outSub` of the second), runs `python -m NAME` in the first and the thin
 * notebook's code cells as one program (`notebookProgram`, the notebook's folder as the working
 * directory, as Jupyter runs it) in the second, and compares them.
 */
export async function compareThinNotebook(
  script: string,
  notebookText: string,
  outSub: string | null,
  timeoutMs: number,
): Promise<Outcome> {
  const started = performance.now();
  const modular = tempFolder('thin-nb-package');
  const thin = tempFolder('thin-nb-cells');
  try {
    for (const dir of [modular, thin]) writeFileSync(join(dir, 'notebook.ipynb'), notebookText);
    const results = [
      modularizeFile(join(modular, 'notebook.ipynb'), modular),
      modularizeFile(join(thin, 'notebook.ipynb'), outSub ? join(thin, outSub) : thin),
    ];
    const base = { script, line: null, leftovers: [] as string[], moved: results[0]!.moved.length };
    const [a, b] = results as [ModularizeResult, ModularizeResult];
    if (!a.change || !b.change || !b.notebook) {
      const refusal = a.refused[0] ?? b.refused[0];
      return {
        ...base,
        verdict: 'refused',
        detail: refusal?.reason ?? 'no thin notebook',
        line: refusal ? refusal.range.start.line + 1 : null,
        seconds: 0,
      };
    }
    const ownA = writeResult(a, modular);
    ownA.add('notebook.ipynb');
    const ownB = writeResult(b, thin);
    ownB.add('notebook.ipynb');
    const notebookFile = b.notebook.path.slice(thin.length + 1);
    writeFileSync(join(thin, 'thin.py'), notebookProgram(b.notebook.path, readFileSync(b.notebook.path, 'utf8')));
    ownB.add('thin.py');
    const packageRun = await runPackage(modular, ownA, timeoutMs);
    const cellsRun = await runPython(thin, 'thin.py', ownB, timeoutMs);
    const problems = differences(packageRun, cellsRun);
    if (packageRun.code !== 0) problems.push(`python -m failed: ${packageRun.stderr.slice(-500)}`);
    return {
      ...base,
      verdict: problems.length === 0 ? 'identical' : 'changed',
      detail: problems.length === 0 ? notebookFile : problems.join('\n'),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    removeFolder(modular);
    removeFolder(thin);
  }
}
