/**
 * Which rules run on a file, at which severity and with which options: pure functions over a
 * {@link ResolvedConfig}. The engine calls these; rules never read the configuration themselves.
 *
 * ## Precedence (as in Ruff)
 *
 * Each selector has a specificity: the implicit default set < `ALL` < `MLH` < `MLH1` < `MLH10` <
 * an exact rule (`MLH101` or `hard-coded-path`). For one rule:
 *
 * 1. Take the most specific selector among `select` (or the default set, when `select` is unset)
 *    and `extend-select` that matches the rule. None matches: the rule is off.
 *    Preview rules are only matched by their exact code or name, or by `ALL`; the default set
 *    holds stable rules only.
 * 2. Take the most specific selector in `ignore` that matches the rule.
 * 3. The rule is on when the select match is strictly more specific than the ignore match; on a
 *    tie, ignore wins. So `select = ["MLH101"]` + `ignore = ["MLH1"]` runs MLH101, while
 *    `select = ["MLH1"]` + `ignore = ["MLH101"]` does not, and `select = ["MLH1"]` +
 *    `ignore = ["MLH1"]` runs nothing from MLH1.
 * 4. Then, unconditionally: a matching `per-file-ignores` entry turns the rule off for that file,
 *    and a severity of `off` turns it off everywhere.
 *
 * Severity keys are selectors too; the most specific matching key wins, and among equally
 * specific keys the last one written (overrides are placed after the file's keys).
 */
import path from 'node:path';
import ignore from 'ignore';
import type { RuleMeta } from '../rules/rule';
import type { Severity } from '../types';
import type { ResolvedConfig } from './types';
import { matchesSelector, selectorSpecificity, Specificity } from './selectors';

export { matchesSelector } from './selectors';

/** Overrides from CLI flags or VS Code settings, applied on top of the file's configuration. */
export interface ConfigOverrides {
  /** Replaces `select` (and drops the file's `extend-select`). null/undefined: keep the file's. */
  select?: string[] | null;
  /** Added to the selection. */
  extendSelect?: string[];
  /** Added to the file's `ignore`. */
  ignore?: string[];
  /** Merged over the file's `severity`; an override wins over the file's key for the same selector. */
  severity?: Record<string, Severity | 'off'>;
}

/** Most specific selector of `selectors` that selects `rule`, or undefined. */
function bestMatch(rule: RuleMeta, selectors: readonly string[], forSelection: boolean): number | undefined {
  let best: number | undefined;
  for (const selector of selectors) {
    if (!matchesSelector(rule, selector)) continue;
    const specificity = selectorSpecificity(selector);
    // Preview rules need an explicit opt-in: their exact code or name, or ALL.
    if (forSelection && rule.status === 'preview' && specificity !== Specificity.RULE && specificity !== Specificity.ALL) {
      continue;
    }
    if (best === undefined || specificity > best) best = specificity;
  }
  return best;
}

/** Whether `select`/`extend-select`/`ignore` (steps 1–3 above) enable the rule, before per-file and severity. */
export function isRuleSelected(config: ResolvedConfig, rule: RuleMeta): boolean {
  const explicit = bestMatch(rule, [...(config.select ?? []), ...config.extendSelect], true);
  const fromDefault = config.select === null && rule.status === 'stable' ? Specificity.DEFAULT_SET : undefined;
  const selected = explicit ?? fromDefault;
  if (selected === undefined) return false;
  const ignored = bestMatch(rule, config.ignore, false);
  return ignored === undefined || selected > ignored;
}

/**
 * The configured severity setting for the rule (most specific key; last key on ties), or
 * undefined when none matches.
 */
export function severitySetting(config: ResolvedConfig, rule: RuleMeta): Severity | 'off' | undefined {
  let best: { specificity: number; value: Severity | 'off' } | undefined;
  for (const [selector, value] of Object.entries(config.severity)) {
    if (!matchesSelector(rule, selector)) continue;
    const specificity = selectorSpecificity(selector);
    if (best === undefined || specificity >= best.specificity) best = { specificity, value };
  }
  return best?.value;
}

/** The severity findings of the rule get: the configured one, else the rule's default. */
export function effectiveSeverity(config: ResolvedConfig, rule: RuleMeta): Severity {
  const setting = severitySetting(config, rule);
  return setting === undefined || setting === 'off' ? rule.defaultSeverity : setting;
}

/**
 * The path the per-file-ignores globs are matched against: relative to `config.root` with `/`
 * separators, or null when the file lies outside the root. Without a root, the path as given
 * (a leading `./`, `/` or drive letter removed).
 */
export function configRelativePath(config: ResolvedConfig, filePath: string): string | null {
  let rel: string;
  if (config.root !== null) {
    rel = path.relative(path.resolve(config.root), path.resolve(filePath));
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  } else {
    rel = filePath;
  }
  rel = rel
    .replace(/\\/g, '/')
    .replace(/^[A-Za-z]:\//, '')
    .replace(/^(?:\.?\/)+/, '');
  if (rel === '' || rel.split('/').includes('..')) return null;
  return rel;
}

/**
 * Whether a per-file-ignores glob matches the relative path, with `.gitignore` semantics (a
 * pattern without a slash matches a file name at any depth; `dir/**` everything below `dir`).
 * A leading `!` negates the pattern: it matches every file the rest does not match.
 */
export function globMatches(pattern: string, relPath: string): boolean {
  const negated = pattern.startsWith('!');
  const glob = negated ? pattern.slice(1) : pattern;
  let matched: boolean;
  try {
    matched = ignore().add(glob).ignores(relPath);
  } catch {
    return false; // a path `ignore` refuses (not relative): no glob applies to it
  }
  return negated ? !matched : matched;
}

/** The selectors that per-file-ignores turn off for this file. */
export function perFileIgnoredSelectors(config: ResolvedConfig, filePath: string): string[] {
  if (config.perFileIgnores.length === 0) return [];
  const rel = configRelativePath(config, filePath);
  if (rel === null) return [];
  return config.perFileIgnores.filter((entry) => globMatches(entry.pattern, rel)).flatMap((entry) => entry.selectors);
}

/** Whether the configuration runs the rule anywhere: selected and not set to `off` (per-file ignores aside). */
function selectedOn(config: ResolvedConfig, rule: RuleMeta): boolean {
  return isRuleSelected(config, rule) && severitySetting(config, rule) !== 'off';
}

function enabledGiven(config: ResolvedConfig, rule: RuleMeta, fileIgnores: readonly string[]): boolean {
  return selectedOn(config, rule) && !fileIgnores.some((selector) => matchesSelector(rule, selector));
}

/** Whether the rule runs on the file (see the precedence at the top of this module). */
export function isRuleEnabled(config: ResolvedConfig, rule: RuleMeta, filePath: string): boolean {
  return enabledGiven(config, rule, perFileIgnoredSelectors(config, filePath));
}

/** The rules that run on the file, in the given order; matches the per-file globs once. */
export function enabledRules<R extends RuleMeta>(config: ResolvedConfig, rules: readonly R[], filePath: string): R[] {
  return withoutFileIgnores(config, selectedRules(config, rules), filePath);
}

/** The rules the configuration runs on some file (`enabledRules` before the per-file ignores): the same for every file. */
export function selectedRules<R extends RuleMeta>(config: ResolvedConfig, rules: readonly R[]): R[] {
  return rules.filter((rule) => selectedOn(config, rule));
}

/** `rules` less those the per-file ignores switch off for the file (the array itself when none applies). */
export function withoutFileIgnores<R extends RuleMeta>(config: ResolvedConfig, rules: R[], filePath: string): R[] {
  const fileIgnores = perFileIgnoredSelectors(config, filePath);
  return fileIgnores.length === 0 ? rules : rules.filter((rule) => !fileIgnores.some((selector) => matchesSelector(rule, selector)));
}

function copyValue(value: unknown): unknown {
  return Array.isArray(value) ? [...value] : value;
}

/** Every option of the rule: its defaults with the configured values on top (fresh copies). */
export function ruleOptions(config: ResolvedConfig, rule: RuleMeta): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(rule.options)) options[key] = copyValue(spec.default);
  const configured = { ...config.ruleOptions[rule.name], ...config.ruleOptions[rule.code] };
  for (const [key, value] of Object.entries(configured)) {
    if (Object.hasOwn(rule.options, key)) options[key] = copyValue(value);
  }
  return options;
}

/** A new configuration with the overrides applied; `config` is left untouched. */
export function applyOverrides(config: ResolvedConfig, overrides: ConfigOverrides): ResolvedConfig {
  const selectOverridden = overrides.select !== undefined && overrides.select !== null;
  const severity: Record<string, Severity | 'off'> = {};
  const overridden = new Set(Object.keys(overrides.severity ?? {}).map((key) => key.toLowerCase()));
  for (const [key, value] of Object.entries(config.severity)) {
    if (!overridden.has(key.toLowerCase())) severity[key] = value;
  }
  // Overrides go last so that they win ties between equally specific keys (MLH101 vs hard-coded-path).
  Object.assign(severity, overrides.severity ?? {});
  return {
    ...config,
    select: selectOverridden ? [...(overrides.select as string[])] : config.select === null ? null : [...config.select],
    extendSelect: [...(selectOverridden ? [] : config.extendSelect), ...(overrides.extendSelect ?? [])],
    ignore: [...config.ignore, ...(overrides.ignore ?? [])],
    perFileIgnores: config.perFileIgnores.map((entry) => ({ pattern: entry.pattern, selectors: [...entry.selectors] })),
    severity,
    ruleOptions: Object.fromEntries(Object.entries(config.ruleOptions).map(([code, opts]) => [code, { ...opts }])),
  };
}
