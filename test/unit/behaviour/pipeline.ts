/**
 * Applies the refactors to a program in a folder, in process, as the CLI and the editor would:
 * extract-config (refactors 1-3), then every section to a function (refactor 4), then the main
 * guard (refactor 5). Each step works on the result of the previous one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { analyzeText, withModel } from '../../../src/core/engine';
import { locateParamsEnv } from '../../../src/core/params';
import type { ScriptModel } from '../../../src/core/semantic';
import { pythonSource } from '../../../src/core/parse/source';
import { newContents } from '../../../src/core/refactors/apply';
import type { RefactorResult, Refusal } from '../../../src/core/refactors/change';
import { EXTRACT_CONFIG_CODES, extractConfig } from '../../../src/core/refactors/extractConfig';
import { extractFunction } from '../../../src/core/refactors/extractFunction';
import { addMainGuard } from '../../../src/core/refactors/mainGuard';

export type Step = 'extract-config' | 'seed' | 'extract-functions' | 'main-guard';

export interface PipelineReport {
  /** What each step did: values moved, functions extracted, main guard added. */
  applied: Record<Step, number>;
  refused: Refusal[];
  /** Files of the folder the refactors wrote (relative names). */
  files: Set<string>;
}

/** Writes the result of a refactor into the folder; returns the names of the files written. */
function apply(result: RefactorResult, script: string): string[] {
  if (!result.change) return [];
  const contents = newContents(result.change, (path) => readFileSync(path, 'utf8'));
  for (const [path, text] of contents) writeFileSync(path, text);
  return [...contents.keys()].map((path) => (dirname(path) === dirname(script) ? basename(path) : path));
}

function model<T>(script: string, fn: (model: ScriptModel) => T): T {
  return withModel(pythonSource(script, readFileSync(script, 'utf8')), fn);
}

const PASSIVE = new Set(['import', 'function', 'class', 'docstring', 'main-guard']);

/** Extracts each section (cell) that does some work into a function, one after the other. */
function extractSections(script: string, report: PipelineReport): void {
  const count = model(script, (m) => m.sections.length);
  for (let index = 0; index < count; index++) {
    const result = model(script, (m) => {
      const section = m.sections[index];
      const statements = m.statements.filter((s) => s.section === index && s.kind !== 'main-guard' && s.kind !== 'docstring');
      if (!section || statements.length === 0 || statements.every((s) => PASSIVE.has(s.kind))) return null;
      const range = { start: statements[0]!.range.start, end: statements[statements.length - 1]!.range.end };
      return extractFunction(m, range);
    });
    if (!result) continue;
    report.refused.push(...result.refused);
    if (result.change) {
      apply(result, script);
      report.applied['extract-functions']++;
    }
  }
}

export function refactorProgram(script: string, steps: readonly Step[]): PipelineReport {
  const report: PipelineReport = {
    applied: { 'extract-config': 0, seed: 0, 'extract-functions': 0, 'main-guard': 0 },
    refused: [],
    files: new Set(),
  };
  const env = () => locateParamsEnv(script, {});
  for (const step of steps) {
    if (step === 'extract-config' || step === 'seed') {
      const text = readFileSync(script, 'utf8');
      const codes = step === 'seed' ? ['MLH301'] : EXTRACT_CONFIG_CODES;
      const findings = analyzeText(script, text).findings.filter((f) => codes.includes(f.code));
      const result = withModel(pythonSource(script, text), (m) => extractConfig(m, env(), findings));
      report.refused.push(...result.refused);
      for (const file of apply(result, script)) report.files.add(file);
      report.applied[step] += result.moved.length;
    } else if (step === 'extract-functions') {
      extractSections(script, report);
    } else {
      const result = model(script, addMainGuard);
      if (result.change) {
        apply(result, script);
        report.applied['main-guard']++;
      } else report.refused.push(...result.refused);
    }
  }
  report.files.add(basename(script));
  return report;
}

export function scriptIn(dir: string): string {
  return join(dir, 'script.py');
}
