import { withAnalysis } from '../../engine';
import { applyEdits } from '../../edits';
import type { ParamsEnv } from '../../params';
import type { ScriptModel } from '../../semantic';
import type { Node } from '../../parse/syntax';
import { kids, nodeRange } from '../../parse/syntax';
import { pythonSource } from '../../parse/source';
import type { Finding, Range } from '../../types';
import type { MovedValue, RefactorResult, Refusal } from '../change';
import { refusal } from '../change';
import { EXTRACT_CONFIG_CODES, extractConfig } from '../extractConfig';
import { containsRange } from '../nodes';

/**
 * The literals of the generated modules go to `OUT/params.yaml` through the config refactors
 * (extract-config: hyperparameters MLH101, paths MLH102, repeated feature lists MLH002), applied
 * to each module in turn so that one params file and one loader (`NAME/params.py`) serve them all.
 *
 * Only literals that are evaluated when a function runs move: `main(params_path=...)` loads another
 * params file into the loader's `params` dict before the first step runs, so a read of `params`
 * that happens while the module is imported (a default value, a decorator, a class body of a moved
 * definition) would keep the values of the default file. Those literals stay in the code.
 */

export interface ParamsOutcome {
  /** Module file name -> new text. */
  modules: Map<string, string>;
  /** The params file's new text (the existing text when nothing moved, null when there was none). */
  paramsText: string | null;
  loaderText: string | null;
  moved: MovedValue[];
  refused: Refusal[];
}

const IMPORT_TIME =
  'it is evaluated when the module is imported (a default value, a decorator or a class body), before main(params_path=...) can load another params file';

/** Whether the code at `range` runs when the module is imported: it is not inside the body of a function or a lambda. */
export function runsOnImport(model: ScriptModel, range: Range): boolean {
  let node: Node = model.tree.rootNode;
  for (;;) {
    if (node.type === 'function_definition' || node.type === 'lambda') {
      const body = node.childForFieldName('body');
      if (body && containsRange(nodeRange(body), range)) return false;
    }
    const next = kids(node).find((child) => containsRange(nodeRange(child), range));
    if (!next) return true;
    node = next;
  }
}

function readsOnImport(model: ScriptModel, finding: Finding): boolean {
  return [finding.range, ...finding.related.map((r) => r.range)].some((range) => runsOnImport(model, range));
}

/**
 * `existing`: the text of the params file when there is one already (another package's, the
 * user's): the new keys are merged into it as extract-config merges them (an equal value reuses its
 * key, a key holding another value is never touched and the new value gets a numbered key), so
 * that no key of the file is lost or changed.
 */
export function moveLiterals(
  modules: ReadonlyMap<string, string>,
  packageDir: string,
  paramsPath: string,
  existing: string | null = null,
): ParamsOutcome {
  const out: ParamsOutcome = { modules: new Map(modules), paramsText: existing, loaderText: null, moved: [], refused: [] };
  for (const [file, text] of modules) {
    if (file === 'pipeline.py') continue;
    const path = `${packageDir}/${file}`;
    const env: ParamsEnv = {
      params: { path: paramsPath, format: 'yaml', text: out.paramsText },
      loader: { path: `${packageDir}/params.py`, module: '.params', relativeParams: '../params.yaml', exists: out.loaderText !== null },
    };
    const result = withAnalysis(pythonSource(path, text), {}, (findings: Finding[], model): RefactorResult | null => {
      const all = findings.filter((f) => EXTRACT_CONFIG_CODES.includes(f.code));
      if (all.length === 0) return null;
      const late = all.filter((f) => readsOnImport(model, f));
      const refused = late.map((f) => refusal(f.range, f.code, IMPORT_TIME));
      const movable = all.filter((f) => !late.includes(f));
      if (movable.length === 0) return { change: null, refused, moved: [] };
      let extracted = extractConfig(model, env, movable);
      if (editsOnImport(model, extracted)) {
        // A value read through a name is replaced where the name is bound, which can be a default value: each finding on its own.
        const early = movable.filter((f) => editsOnImport(model, extractConfig(model, env, [f])));
        refused.push(...early.map((f) => refusal(f.range, f.code, IMPORT_TIME)));
        const rest = movable.filter((f) => !early.includes(f));
        extracted = rest.length > 0 ? extractConfig(model, env, rest) : { change: null, refused: [], moved: [] };
      }
      return { ...extracted, refused: [...refused, ...extracted.refused] };
    });
    if (!result) continue;
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

/** Whether the change replaces a literal with a read of `params` in code that runs on import (insertions, such as the loader's import, do not count). */
function editsOnImport(model: ScriptModel, result: RefactorResult): boolean {
  const edits = result.change?.changes.flatMap((c) => (c.kind === 'script' ? c.edits : [])) ?? [];
  return edits.some(
    (e) => !(e.range.start.line === e.range.end.line && e.range.start.character === e.range.end.character) && runsOnImport(model, e.range),
  );
}
