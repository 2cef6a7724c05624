/**
 * Rule selectors, as written in `select`, `ignore`, `per-file-ignores` and `severity`:
 *
 * - `ALL`: every rule (preview rules too);
 * - a code prefix: `MLH`, `MLH1`, `MLH10`;
 * - a full code: `MLH101`;
 * - a rule name: `hard-coded-path`.
 *
 * Codes and `ALL` are matched case-insensitively (VS Code settings are typed by hand); names are
 * kebab-case and matched case-insensitively too.
 */
import type { RuleMeta } from '../rules/rule';

/**
 * How specific a selector is. Higher wins. `DEFAULT_SET` stands for the implicit default selection
 * (every stable rule) and loses against every explicit selector.
 */
export const Specificity = {
  DEFAULT_SET: -1,
  ALL: 0,
  /** `MLH` */
  PREFIX_0: 1,
  /** `MLH1` */
  PREFIX_1: 2,
  /** `MLH10` */
  PREFIX_2: 3,
  /** `MLH101` or `hard-coded-path`: exactly one rule. */
  RULE: 4,
} as const;

const CODE_PREFIX = /^MLH\d{0,3}$/i;
const RULE_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/i;

/** Whether the text has the shape of a selector (it may still match no rule). */
export function isSelectorSyntax(selector: string): boolean {
  if (selector.toUpperCase() === 'ALL' || CODE_PREFIX.test(selector)) return true;
  return RULE_NAME.test(selector) && !/^MLH\d+$/i.test(selector); // MLH1011 is a bad code, not a name
}

/** Specificity of a well-formed selector; see {@link Specificity}. */
export function selectorSpecificity(selector: string): number {
  if (selector.toUpperCase() === 'ALL') return Specificity.ALL;
  if (CODE_PREFIX.test(selector)) {
    const digits = selector.length - 3;
    return digits >= 3 ? Specificity.RULE : Specificity.PREFIX_0 + digits;
  }
  return Specificity.RULE;
}

/** Whether `selector` selects `rule` (ignoring preview status; see selection.ts for that). */
export function matchesSelector(rule: RuleMeta, selector: string): boolean {
  const upper = selector.toUpperCase();
  if (upper === 'ALL') return true;
  if (CODE_PREFIX.test(selector)) return rule.code.toUpperCase().startsWith(upper);
  return rule.name.toLowerCase() === selector.toLowerCase();
}

/** Whether the selector names exactly one rule (by full code or by name). */
export function isExactSelector(selector: string): boolean {
  return selectorSpecificity(selector) === Specificity.RULE;
}

/** The single rule a code or name denotes, if any. */
export function findRuleBySelector<R extends RuleMeta>(rules: readonly R[], selector: string): R | undefined {
  if (!isExactSelector(selector)) return undefined;
  return rules.find((rule) => matchesSelector(rule, selector));
}

/**
 * Why a selector is not usable with these rules, or null when it is. A selector is unknown when it
 * is malformed or selects no rule (`ALL` and `MLH` are always accepted).
 */
export function selectorProblem(rules: readonly RuleMeta[], selector: string): string | null {
  const hint = 'expected a rule code (MLH101), a code prefix (MLH1), a rule name (hard-coded-path) or ALL';
  if (!isSelectorSyntax(selector)) return `unknown selector ${JSON.stringify(selector)}: ${hint}`;
  const upper = selector.toUpperCase();
  if (upper === 'ALL' || upper === 'MLH') return null;
  if (rules.some((rule) => matchesSelector(rule, selector))) return null;
  return `unknown selector ${JSON.stringify(selector)}: it matches no rule (${hint})`;
}
