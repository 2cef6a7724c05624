import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rule, RuleMeta } from './rule';
import { unreadableInput } from './structure/unreadable-input';
import { monolithicScript } from './structure/monolithic-script';
import { duplicatedFeatureList } from './structure/duplicated-feature-list';
import { missingMainGuard } from './structure/missing-main-guard';
import { syntaxError } from './structure/syntax-error';
import { bareExpression } from './notebook/bare-expression';
import { importsNotAtTop } from './notebook/imports-not-at-top';
import { outOfOrderExecution } from './notebook/out-of-order-execution';
import { hardCodedHyperparameter } from './configuration/hard-coded-hyperparameter';
import { hardCodedPath } from './configuration/hard-coded-path';
import { unseededRandomness } from './reproducibility/unseeded-randomness';
import { nondeterministicAlgorithms } from './reproducibility/nondeterministic-algorithms';
import { preprocessingBeforeSplit } from './correctness/preprocessing-before-split';
import { missingScaling } from './correctness/missing-scaling';
import { thresholdDependentValidation } from './correctness/threshold-dependent-validation';
import { nanEquality } from './correctness/nan-equality';
import { dataframeValues } from './correctness/dataframe-values';
import { mergeWithoutKeys } from './correctness/merge-without-keys';
import { emptyColumnInit } from './correctness/empty-column-init';
import { chainedIndexing } from './correctness/chained-indexing';
import { discardedDataframeResult } from './correctness/discarded-dataframe-result';
import { unnecessaryIteration } from './performance/unnecessary-iteration';
import { gradientsNotCleared } from './correctness/gradients-not-cleared';
import { forwardCalledDirectly } from './correctness/forward-called-directly';
import { evalModeNotSet } from './correctness/eval-mode-not-set';
import { resamplingBeforeSplit } from './correctness/resampling-before-split';
import { testDataInTraining } from './correctness/test-data-in-training';
import { testSetReuse } from './correctness/test-set-reuse';
import { heavierThanDecided } from './process/heavier-than-decided';
import { tensorArrayNotUsed } from './performance/tensor-array-not-used';

/**
 * Every rule, sorted by code. Adding a rule: one file (+ its .md doc beside it) and one line here.
 * Codes (`MLH` and three digits) compare as plain strings: the first `localeCompare` of a process
 * loads ICU's collator, about 20 ms of every start-up.
 */
export const RULES: readonly Rule[] = [
  unreadableInput,
  monolithicScript,
  duplicatedFeatureList,
  missingMainGuard,
  syntaxError,
  bareExpression,
  importsNotAtTop,
  outOfOrderExecution,
  hardCodedHyperparameter,
  hardCodedPath,
  unseededRandomness,
  nondeterministicAlgorithms,
  preprocessingBeforeSplit,
  missingScaling,
  thresholdDependentValidation,
  nanEquality,
  dataframeValues,
  mergeWithoutKeys,
  emptyColumnInit,
  gradientsNotCleared,
  forwardCalledDirectly,
  evalModeNotSet,
  resamplingBeforeSplit,
  testDataInTraining,
  testSetReuse,
  heavierThanDecided,
  chainedIndexing,
  discardedDataframeResult,
  unnecessaryIteration,
  tensorArrayNotUsed,
].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

const byKey = new Map<string, Rule>();
for (const rule of RULES) {
  byKey.set(rule.code.toUpperCase(), rule);
  byKey.set(rule.name, rule);
}

export function findRule(codeOrName: string): Rule | undefined {
  return byKey.get(codeOrName.trim().toUpperCase()) ?? byKey.get(codeOrName.trim().toLowerCase());
}

export const REPOSITORY_URL = 'https://github.com/ml-hygiene/ml-hygiene';

/** The doc page's place in the source tree, relative to src/core/rules. */
export function ruleDocRelativePath(rule: RuleMeta): string {
  return `${rule.family}/${rule.name}.md`;
}

export function ruleDocUrl(rule: RuleMeta): string {
  return `${REPOSITORY_URL}/blob/main/src/core/rules/${ruleDocRelativePath(rule)}`;
}

/** Absolute path of the rule's doc page: beside the bundle (dist/docs) or in the source tree. */
export function ruleDocPath(rule: RuleMeta): string {
  const relative = ruleDocRelativePath(rule);
  const bundled = join(__dirname, 'docs', relative);
  if (existsSync(bundled)) return bundled;
  return join(__dirname, relative);
}

export function readRuleDoc(rule: RuleMeta): string {
  return readFileSync(ruleDocPath(rule), 'utf8');
}
