/**
 * The checker's configuration: `[tool.ml-hygiene]` in pyproject.toml, overrides from the CLI
 * and VS Code settings, and the selection functions the engine uses.
 */
import type { RuleMeta } from '../rules/rule';
import { RULES } from '../rules/registry';
import { loadConfigFileWithRules, loadConfigWithRules, loadOwnConfigWithRules, type LoadedConfig } from './pyproject';

export type { ConfigProblem, ResolvedConfig } from './types';
export { defaultConfig, DEFAULT_MAX_FILE_BYTES } from './types';
export type { LoadedConfig } from './pyproject';
export { findConfigFile, formatConfigProblem, loadConfigFileWithRules, loadConfigWithRules, PYPROJECT } from './pyproject';
export {
  applyOverrides,
  configRelativePath,
  effectiveSeverity,
  enabledRules,
  selectedRules,
  withoutFileIgnores,
  globMatches,
  isRuleEnabled,
  isRuleSelected,
  matchesSelector,
  perFileIgnoredSelectors,
  ruleOptions,
  severitySetting,
  type ConfigOverrides,
} from './selection';
export { isSelectorSyntax, selectorProblem, selectorSpecificity, Specificity } from './selectors';
export { optionValueProblem } from './validate';

/**
 * The configuration for a file or folder, from the nearest pyproject.toml with a
 * `[tool.ml-hygiene]` table, validated against the registered rules (or `rules`). Never throws.
 * (`RULES` is read when called, not when this module loads, so import cycles through the
 * registry are harmless.)
 */
export function loadConfig(fromPath: string, rules: readonly RuleMeta[] = RULES): LoadedConfig {
  return loadConfigWithRules(fromPath, rules);
}

/** The configuration in one named TOML file (the CLI's `--config FILE`). Never throws. */
export function loadConfigFile(file: string, rules: readonly RuleMeta[] = RULES): LoadedConfig {
  return loadConfigFileWithRules(file, rules);
}

/** The configuration of `dir`'s own pyproject.toml when it configures ml-hygiene, else null (see `loadConfig`). */
export function loadOwnConfig(dir: string, rules: readonly RuleMeta[] = RULES): LoadedConfig | null {
  return loadOwnConfigWithRules(dir, rules);
}
