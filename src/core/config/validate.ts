/**
 * Turns the `[tool.ml-hygiene]` table of a parsed pyproject.toml into a {@link ResolvedConfig}.
 * Every invalid entry becomes one {@link ConfigProblem} naming the file, the full key and (when
 * found) its line, and is dropped so that the default applies; valid keys still apply.
 */
import type { OptionSpec, RuleMeta } from '../rules/rule';
import { SEVERITIES, type Severity } from '../types';
import { formatKeyPath, type KeyLines } from './keylines';
import { findRuleBySelector, isExactSelector, selectorProblem } from './selectors';
import { defaultConfig, type ConfigProblem, type ResolvedConfig } from './types';

/** Where the table sits in pyproject.toml. */
export const SECTION_PATH: readonly string[] = ['tool', 'ml-hygiene'];

const TOP_LEVEL_KEYS = ['select', 'extend-select', 'ignore', 'per-file-ignores', 'severity', 'max-file-size'] as const;

type Table = Record<string, unknown>;

/** A TOML table (smol-toml builds them without a prototype); not an array nor a date. */
export function isTable(value: unknown): value is Table {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

/** A short description of a TOML value's type for messages. */
function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (isTable(value)) return 'a table';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return `a ${typeof value === 'object' ? 'date' : typeof value}`;
}

/** Collects problems for one file, locating keys in its text. */
class ProblemSink {
  readonly problems: ConfigProblem[] = [];

  constructor(
    private readonly file: string,
    private readonly lines: KeyLines,
  ) {}

  /** A problem at `key` (a path inside the section); `item` points at a string inside an array. */
  add(key: readonly string[], message: string, item?: string): void {
    const path = [...SECTION_PATH, ...key];
    const line = item === undefined ? this.lines.lineOf(path) : this.lines.lineOfItem(path, item);
    const problem: ConfigProblem = { file: this.file, key: formatKeyPath(path), message };
    if (line !== undefined) problem.line = line;
    this.problems.push(problem);
  }
}

interface Context {
  rules: readonly RuleMeta[];
  sink: ProblemSink;
}

/** A list of selectors: bad entries are reported and dropped. null when the value is not a list of strings. */
function readSelectorList(ctx: Context, key: readonly string[], value: unknown): string[] | null {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    ctx.sink.add(key, `expected an array of rule selectors (strings), got ${describe(value)}`);
    return null;
  }
  const selectors: string[] = [];
  for (const item of value as string[]) {
    const problem = selectorProblem(ctx.rules, item);
    if (problem === null) selectors.push(item);
    else ctx.sink.add(key, problem, item);
  }
  return selectors;
}

function readSelect(ctx: Context, value: unknown, config: ResolvedConfig): void {
  const selectors = readSelectorList(ctx, ['select'], value);
  // An explicit empty list selects nothing; a list whose every entry was invalid keeps the default set.
  if (selectors === null || (selectors.length === 0 && (value as unknown[]).length > 0)) return;
  config.select = selectors;
}

function readPerFileIgnores(ctx: Context, value: unknown, config: ResolvedConfig): void {
  const key = ['per-file-ignores'];
  if (!isTable(value)) {
    ctx.sink.add(key, `expected a table of glob = [selectors], got ${describe(value)}`);
    return;
  }
  for (const [pattern, selectors] of Object.entries(value)) {
    const entryKey = [...key, pattern];
    if (pattern.trim() === '' || pattern === '!') {
      ctx.sink.add(entryKey, 'expected a non-empty glob');
      continue;
    }
    const list = readSelectorList(ctx, entryKey, selectors);
    if (list !== null && list.length > 0) config.perFileIgnores.push({ pattern, selectors: list });
  }
}

const SEVERITY_VALUES: readonly string[] = [...SEVERITIES, 'off'];

function readSeverity(ctx: Context, value: unknown, config: ResolvedConfig): void {
  const key = ['severity'];
  if (!isTable(value)) {
    ctx.sink.add(key, `expected a table of selector = level, got ${describe(value)}`);
    return;
  }
  for (const [selector, level] of Object.entries(value)) {
    const entryKey = [...key, selector];
    const problem = selectorProblem(ctx.rules, selector);
    if (problem !== null) {
      ctx.sink.add(entryKey, problem);
      continue;
    }
    if (typeof level !== 'string' || !SEVERITY_VALUES.includes(level)) {
      ctx.sink.add(entryKey, `expected one of ${SEVERITY_VALUES.map((v) => `"${v}"`).join(', ')}, got ${describe(level)}`);
      continue;
    }
    // Rule names are stored under their code, so that `severity[rule.code]` finds them.
    const rule = isExactSelector(selector) ? findRuleBySelector(ctx.rules, selector) : undefined;
    config.severity[rule?.code ?? selector] = level as Severity | 'off';
  }
}

function readMaxFileSize(ctx: Context, value: unknown, config: ResolvedConfig): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    ctx.sink.add(['max-file-size'], `expected a whole number of bytes greater than 0, got ${describe(value)}`);
    return;
  }
  config.maxFileBytes = value;
}

/** Why `value` does not fit `spec`, or null when it does. */
export function optionValueProblem(spec: OptionSpec, value: unknown): string | null {
  switch (spec.type) {
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return `expected an integer, got ${describe(value)}`;
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `expected a number, got ${describe(value)}`;
      break;
    case 'boolean':
      if (typeof value !== 'boolean') return `expected true or false, got ${describe(value)}`;
      break;
    case 'string':
      if (typeof value !== 'string') return `expected a string, got ${describe(value)}`;
      break;
    case 'string[]':
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
        return `expected an array of strings, got ${describe(value)}`;
      }
      break;
  }
  if (typeof value === 'number') {
    if (spec.minimum !== undefined && value < spec.minimum) return `must be at least ${spec.minimum}, got ${value}`;
    if (spec.maximum !== undefined && value > spec.maximum) return `must be at most ${spec.maximum}, got ${value}`;
  }
  return null;
}

function readRuleOptions(ctx: Context, tableName: string, rule: RuleMeta, value: unknown, config: ResolvedConfig): void {
  if (!isTable(value)) {
    ctx.sink.add([tableName], `expected a table of options for rule ${rule.code} (${rule.name}), got ${describe(value)}`);
    return;
  }
  const known = Object.keys(rule.options);
  const options = (config.ruleOptions[rule.code] ??= {});
  for (const [option, optionValue] of Object.entries(value)) {
    const key = [tableName, option];
    const spec = Object.hasOwn(rule.options, option) ? rule.options[option] : undefined;
    if (spec === undefined) {
      const valid = known.length > 0 ? `valid options: ${known.join(', ')}` : 'the rule has no options';
      ctx.sink.add(key, `unknown option "${option}" for rule ${rule.code} (${rule.name}); ${valid}`);
      continue;
    }
    const problem = optionValueProblem(spec, optionValue);
    if (problem !== null) {
      ctx.sink.add(key, problem);
      continue;
    }
    if (Object.hasOwn(options, option)) {
      ctx.sink.add(key, `option "${option}" of rule ${rule.code} is set twice (under its code and its name); this value wins`);
    }
    options[option] = Array.isArray(optionValue) ? [...optionValue] : optionValue;
  }
  if (Object.keys(options).length === 0) delete config.ruleOptions[rule.code];
}

function unknownKeyMessage(key: string): string {
  const kebab = key.replace(/_/g, '-');
  const hint = kebab !== key && (TOP_LEVEL_KEYS as readonly string[]).includes(kebab) ? ` (did you mean "${kebab}"?)` : '';
  return `unknown key "${key}"${hint}: expected one of ${TOP_LEVEL_KEYS.join(', ')}, or a rule name or code with a table of options`;
}

/**
 * Validates the `[tool.ml-hygiene]` table. `lines` locates keys in the file's text; `root` is
 * the folder of the file.
 */
export function resolveSection(
  section: unknown,
  file: string,
  root: string,
  lines: KeyLines,
  rules: readonly RuleMeta[],
): { config: ResolvedConfig; problems: ConfigProblem[] } {
  const config = defaultConfig();
  config.root = root;
  const ctx: Context = { rules, sink: new ProblemSink(file, lines) };
  if (!isTable(section)) {
    ctx.sink.add([], `expected a table, got ${describe(section)}`);
    return { config, problems: ctx.sink.problems };
  }
  for (const [key, value] of Object.entries(section)) {
    switch (key) {
      case 'select':
        readSelect(ctx, value, config);
        break;
      case 'extend-select':
        config.extendSelect = readSelectorList(ctx, [key], value) ?? [];
        break;
      case 'ignore':
        config.ignore = readSelectorList(ctx, [key], value) ?? [];
        break;
      case 'per-file-ignores':
        readPerFileIgnores(ctx, value, config);
        break;
      case 'severity':
        readSeverity(ctx, value, config);
        break;
      case 'max-file-size':
        readMaxFileSize(ctx, value, config);
        break;
      default: {
        const rule = findRuleBySelector(rules, key);
        if (rule === undefined) ctx.sink.add([key], unknownKeyMessage(key));
        else readRuleOptions(ctx, key, rule, value, config);
      }
    }
  }
  return { config, problems: ctx.sink.problems };
}
