import { analyzeText, withModel } from '../../engine';
import { applyEdits } from '../../edits';
import type { ParamsEnv } from '../../params';
import { pythonSource } from '../../parse/source';
import type { MovedValue, Refusal } from '../change';
import { EXTRACT_CONFIG_CODES, extractConfig } from '../extractConfig';

/**
 * The literals of the generated modules go to `OUT/params.yaml` through the config refactors
 * (extract-config: hyperparameters MLH101, paths MLH102, repeated feature lists MLH002), applied
 * to each module in turn so that one params file and one loader (`NAME/params.py`) serve them all.
 */

export interface ParamsOutcome {
  /** Module file name -> new text. */
  modules: Map<string, string>;
  /** null when nothing moved. */
  paramsText: string | null;
  loaderText: string | null;
  moved: MovedValue[];
  refused: Refusal[];
}

export function moveLiterals(modules: ReadonlyMap<string, string>, packageDir: string, paramsPath: string): ParamsOutcome {
  const out: ParamsOutcome = { modules: new Map(modules), paramsText: null, loaderText: null, moved: [], refused: [] };
  for (const [file, text] of modules) {
    if (file === 'pipeline.py') continue;
    const path = `${packageDir}/${file}`;
    const findings = analyzeText(path, text).findings.filter((f) => EXTRACT_CONFIG_CODES.includes(f.code));
    if (findings.length === 0) continue;
    const env: ParamsEnv = {
      params: { path: paramsPath, format: 'yaml', text: out.paramsText },
      loader: { path: `${packageDir}/params.py`, module: '.params', relativeParams: '../params.yaml', exists: out.loaderText !== null },
    };
    const result = withModel(pythonSource(path, text), (model) => extractConfig(model, env, findings));
    out.refused.push(...result.refused);
    if (!result.change) continue;
    for (const change of result.change.changes) {
      if (change.kind === 'script') out.modules.set(file, applyEdits(text, change.edits));
      else if (change.path === paramsPath) out.paramsText = change.text;
      else if (change.path === env.loader.path) out.loaderText = change.text;
    }
    out.moved.push(...result.moved);
  }
  return out;
}
