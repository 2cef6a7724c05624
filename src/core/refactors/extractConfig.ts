import type { ScriptModel } from '../semantic';
import type { ParamsEnv } from '../params';
import type { Finding, Range } from '../types';
import type { Refusal, RefactorResult } from './change';
import { refusal } from './change';
import { planFeatureLists } from './featureList';
import { planMoves } from './moveToConfig';
import { containsRange } from './nodes';
import { ParamsPlan } from './paramsPlan';
import { scriptResult } from './result';
import { planSeeds } from './seed';

/** The codes extract-config handles by default (refactors 1-3); MLH301 (refactor 6) on request. */
export const EXTRACT_CONFIG_CODES: readonly string[] = ['MLH002', 'MLH101', 'MLH102'];
export const EXTRACT_CONFIG_OPTIONAL_CODES: readonly string[] = ['MLH301'];

function overlapsAny(range: Range, ranges: readonly Range[]): boolean {
  return ranges.some((other) => containsRange(other, range) || containsRange(range, other));
}

/**
 * Every parameter, path and feature list of the file to the params file in one change:
 * refactors 1-3, and 6 for MLH301 findings when they are passed in.
 */
export function extractConfig(model: ScriptModel, env: ParamsEnv, findings: readonly Finding[], title?: string): RefactorResult {
  const plan = new ParamsPlan(model, env);
  const refused: Refusal[] = [];
  const lists = findings.filter((f) => f.code === 'MLH002');
  const listRanges = lists.flatMap((f) => [f.range, ...f.related.map((r) => r.range)]);
  // A value inside a feature list moves with the list.
  const movable = findings.filter((f) => {
    if ((f.code !== 'MLH101' && f.code !== 'MLH102') || !overlapsAny(f.range, listRanges)) return true;
    refused.push(refusal(f.range, f.code, 'it is part of a feature list that moves as a whole'));
    return false;
  });
  const moves = planMoves(model, plan, movable);
  const features = planFeatureLists(model, plan, lists);
  const seeds = planSeeds(model, plan, findings);
  refused.push(...moves.refused, ...features.refused, ...seeds.refused);
  return scriptResult(
    model,
    plan,
    title ?? `Move all parameters of this file to ${plan.paramsFileName}`,
    [...moves.edits, ...features.edits, ...seeds.edits],
    refused,
  );
}
