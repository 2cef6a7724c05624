import type { ParamsEnv } from '../params';
import type { ScriptModel } from '../semantic';
import type { Fixability, RuleMeta } from '../rules/rule';
import type { Applicability, Finding } from '../types';
import type { RefactorResult } from './change';
import { RefactorError } from './change';
import { EXTRACT_CONFIG_CODES, EXTRACT_CONFIG_OPTIONAL_CODES, extractConfig } from './extractConfig';
import { defineFeatureListOnce } from './featureList';
import { addMainGuard } from './mainGuard';
import type { ModularizeOptions, ModularizeResult } from './modularize/index';
import { modularize } from './modularize/index';
import { describeMove, moveToConfig } from './moveToConfig';
import { seedRandomness } from './seed';
import { fitOnTrainingRows } from './splitFirst';

/**
 * Every refactor that resolves findings, in one place: the editor's quick fixes and source actions,
 * its commands, `ml-hygiene refactor ...`, the CLI's hints and each rule's fixability (`fixability`) read it here.
 * A quick fix is preferred (isPreferred) exactly when it is `safe`.
 */

interface RefactorInfo {
  id: string;
  /** The rule codes whose findings it resolves. */
  codes: readonly string[];
  /** `safe`: keeps what the program computes; `unsafe`: changes it on purpose or may change it (review it). */
  applicability: Applicability;
}

/** Resolves one finding: the editor's quick fix on its diagnostic. */
export type FindingRefactor = RefactorInfo & {
  scope: 'finding';
  /** The action's title; `paramsFile` is the params file's name (`params.yaml`). */
  title(finding: Finding, paramsFile: string): string;
} & (
    | {
        /** It writes the params file and the loader beside the script: the script must be a file on disk. */
        createsFiles: true;
        run(model: ScriptModel, finding: Finding, env: ParamsEnv): RefactorResult;
      }
    | { createsFiles: false; run(model: ScriptModel, finding: Finding): RefactorResult }
  );

/** Resolves every finding of its codes in a file at once: the editor's source action and command, `ml-hygiene refactor COMMAND`. */
export interface FileRefactor extends RefactorInfo {
  scope: 'file';
  createsFiles: true;
  /** The CLI subcommand: `ml-hygiene refactor COMMAND FILE`. */
  command: string;
  /** Codes it also resolves when they are selected (`--select`). */
  optionalCodes: readonly string[];
  title(paramsFile: string): string;
  run(model: ScriptModel, findings: readonly Finding[], env: ParamsEnv): RefactorResult;
}

/** Turns the whole file into a package: the editor's refactor action and command, `ml-hygiene refactor COMMAND`. */
export interface PackageRefactor extends RefactorInfo {
  scope: 'package';
  createsFiles: true;
  command: string;
  title: string;
  run(model: ScriptModel, options: ModularizeOptions): ModularizeResult;
}

export type RefactorEntry = FindingRefactor | FileRefactor | PackageRefactor;

/** Refactors 1 and 2: one hard-coded hyperparameter or path to the params file. */
export const MOVE_TO_CONFIG: FindingRefactor = {
  id: 'move-to-config',
  scope: 'finding',
  codes: ['MLH101', 'MLH102'],
  applicability: 'safe',
  createsFiles: true,
  title: (finding, paramsFile) => `Move ${describeMove(finding)} to ${paramsFile}`,
  run: (model, finding, env) => moveToConfig(model, env, [finding]),
};

/** Refactor 3: a repeated feature list defined once in the params file. */
export const DEFINE_FEATURE_LIST_ONCE: FindingRefactor = {
  id: 'define-feature-list-once',
  scope: 'finding',
  codes: ['MLH002'],
  applicability: 'safe',
  createsFiles: true,
  title: (_finding, paramsFile) => `Define this list once in ${paramsFile}`,
  run: (model, finding, env) => defineFeatureListOnce(model, env, finding),
};

/** Refactor 5: importing the module no longer runs the job. */
export const ADD_MAIN_GUARD: FindingRefactor = {
  id: 'add-main-guard',
  scope: 'finding',
  codes: ['MLH003'],
  // Running the script does the same; importing it no longer does, and names move into main().
  applicability: 'unsafe',
  createsFiles: false,
  title: () => 'Move the top-level work into main() under a main guard',
  run: (model) => addMainGuard(model),
};

/** Refactor 6: seeded from the params file, which changes what the program computes, on purpose. */
export const SEED_RANDOMNESS: FindingRefactor = {
  id: 'seed-randomness',
  scope: 'finding',
  codes: ['MLH301'],
  applicability: 'unsafe',
  createsFiles: true,
  title: (_finding, paramsFile) => `Seed it from ${paramsFile} (seed)`,
  run: (model, finding, env) => seedRandomness(model, env, [finding]),
};

/** MLH401: the leaking fit moved after the split, on the training rows (or into a pipeline with the model); unsafe: every score changes, on purpose. */
export const FIT_ON_TRAINING_ROWS: FindingRefactor = {
  id: 'fit-on-training-rows',
  scope: 'finding',
  codes: ['MLH401'],
  applicability: 'unsafe',
  createsFiles: false,
  title: (finding) =>
    finding.related?.[0]?.message === 'the data is cross-validated here'
      ? 'Cross-validate the transformer with the model in a pipeline'
      : 'Fit it on the training rows after the split',
  run: (model, finding) => fitOnTrainingRows(model, finding),
};

/** Refactors 1-3 (and 6 when MLH301 is selected) on the whole file. */
export const EXTRACT_CONFIG: FileRefactor = {
  id: 'extract-config',
  scope: 'file',
  command: 'extract-config',
  codes: EXTRACT_CONFIG_CODES,
  optionalCodes: EXTRACT_CONFIG_OPTIONAL_CODES,
  applicability: 'safe',
  createsFiles: true,
  title: (paramsFile) => `Move all parameters of this file to ${paramsFile}`,
  run: (model, findings, env) => extractConfig(model, env, findings),
};

/** A monolithic script or notebook becomes a package of steps. */
export const MODULARIZE: PackageRefactor = {
  id: 'modularize',
  scope: 'package',
  command: 'modularize',
  codes: ['MLH001'],
  // New files beside the original, which stays as it is unless asked; the steps run in the original's order.
  applicability: 'unsafe',
  createsFiles: true,
  title: 'Modularize this file into a package…',
  run: (model, options) => modularize(model, options),
};

export const REFACTORS: readonly RefactorEntry[] = [
  MOVE_TO_CONFIG,
  DEFINE_FEATURE_LIST_ONCE,
  ADD_MAIN_GUARD,
  SEED_RANDOMNESS,
  FIT_ON_TRAINING_ROWS,
  EXTRACT_CONFIG,
  MODULARIZE,
];

/** The quick fixes of a finding, in registry order. */
export function quickFixesFor(code: string): FindingRefactor[] {
  return REFACTORS.filter((r): r is FindingRefactor => r.scope === 'finding' && r.codes.includes(code));
}

/** Runs a quick fix; `env` (where the params file and the loader go) is needed when it creates files. */
export function runFindingRefactor(refactor: FindingRefactor, model: ScriptModel, finding: Finding, env: ParamsEnv | null): RefactorResult {
  if (!refactor.createsFiles) return refactor.run(model, finding);
  if (!env) throw new RefactorError(`${refactor.id} needs to know where the params file goes`);
  return refactor.run(model, finding, env);
}

/** The findings a refactor resolves (by default), of `findings`. */
export function resolvedBy<F extends Pick<Finding, 'code'>>(refactor: RefactorEntry, findings: readonly F[]): F[] {
  return findings.filter((f) => refactor.codes.includes(f.code));
}

/**
 * Whether a rule's findings can be fixed: `always` when every finding carries its own safe fix,
 * `sometimes` when some do or a refactor here resolves its code (refusing what it cannot change),
 * else `never`. `ml-hygiene rules` shows it; the meta test holds the README's Fix column and the
 * rule pages' "Fix" sections to it.
 */
export function fixability(rule: Pick<RuleMeta, 'code' | 'attachesFix'>): Fixability {
  if (rule.attachesFix === 'always') return 'always';
  return rule.attachesFix === 'sometimes' || REFACTORS.some((r) => r.codes.includes(rule.code)) ? 'sometimes' : 'never';
}
