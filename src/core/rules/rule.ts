import type { ScriptModel } from '../semantic';
import type { RungId } from '../kb/rungs';
import type { FindingData, FindingPayloads, Fix, InputKind, PayloadCode, Range, RelatedLocation, Severity } from '../types';

export type RuleFamily = 'structure' | 'configuration' | 'notebook' | 'reproducibility' | 'correctness' | 'process' | 'performance';

export const FAMILY_PREFIX: Record<RuleFamily, string> = {
  structure: 'MLH0',
  configuration: 'MLH1',
  notebook: 'MLH2',
  reproducibility: 'MLH3',
  correctness: 'MLH4',
  process: 'MLH5',
  performance: 'MLH6',
};

export type OptionType = 'integer' | 'number' | 'boolean' | 'string' | 'string[]';

export interface OptionSpec {
  type: OptionType;
  default: number | boolean | string | string[];
  description: string;
  minimum?: number;
  maximum?: number;
}

/** What a rule says about itself: everything the registry, docs, SARIF and package.json need. */
/**
 * Whether a finding can be fixed by a change the tool makes: `never`; `sometimes` (the finding's
 * own `fix`, when it carries one, or a refactor of src/core/refactors offered as its quick fix and
 * run by `ml-hygiene refactor`, which refuses what it cannot change without changing behaviour);
 * `always` (every finding carries a safe fix). The rule's doc page says how in its "Fix" section.
 * Derived, never written: `fixability(rule)` in src/core/refactors/registry.ts.
 */
export type Fixability = 'never' | 'sometimes' | 'always';

export interface RuleMeta {
  /** Published code, never reused: `MLH` + three digits. */
  code: string;
  /** kebab-case name of the pattern (not of the fix). */
  name: string;
  family: RuleFamily;
  defaultSeverity: Severity;
  status: 'stable' | 'preview';
  /**
   * Whether the rule attaches its own `fix` to its findings (absent: never). With the refactors of
   * src/core/refactors/registry.ts that resolve its code it decides the rule's `Fixability`
   * (`fixability(rule)` there): nothing else says whether a rule can be fixed.
   */
  attachesFix?: 'sometimes' | 'always';
  /** One sentence: what the rule finds. */
  summary: string;
  /** Which inputs the rule runs on. */
  appliesTo: readonly InputKind[];
  /** Rule options with their defaults; validated by the config layer before `check` sees them. */
  options: Readonly<Record<string, OptionSpec>>;
}

/** What a rule reports; `D` is its payload, `FindingPayloads[code]` (types.ts): see `ContextOf`. */
export interface Report<D = FindingData> {
  range: Range;
  message: string;
  related?: RelatedLocation[];
  fix?: Fix | null;
  data?: D;
  /** The call the finding is about, for the refactors that resolve it (Finding.call). */
  call?: Range;
}

export interface RuleContext<D = FindingData> {
  readonly model: ScriptModel;
  /** Validated options: every key of the rule's `options`, defaults filled in. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The project plan the file belongs to (mlproject.yaml); null when there is none. */
  readonly plan: RulePlan | null;
  report(report: Report<D>): void;
}

/** The context of the rule of code `C`: what it reports is type-checked against its payload, `FindingPayloads[C]`. */
export type ContextOf<C extends PayloadCode> = RuleContext<FindingPayloads[C]>;

export interface Rule extends RuleMeta {
  check(ctx: RuleContext): void;
}

/** Typed accessor for a validated option. */
export function option<T>(ctx: RuleContext, key: string): T {
  return ctx.options[key] as T;
}

/**
 * What a rule may know of the project plan (mlproject.yaml) its file belongs to: the plan file and
 * the rung of the decision path the team decided on. src/core/project/ finds and reads the plan.
 */
export interface RulePlan {
  /** Absolute path of the plan file. */
  readonly file: string;
  /** null when the plan has no decision, or cannot be read. */
  readonly decision: { readonly rung: RungId } | null;
}
