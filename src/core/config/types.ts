import type { Severity } from '../types';

/**
 * The checker's configuration after validation: from `[tool.ml-hygiene]` in the nearest
 * `pyproject.toml`, overridden by the caller (CLI flags, VS Code settings).
 *
 * Selectors name rules by code (`MLH101`), code prefix (`MLH1`, `MLH`), name
 * (`hard-coded-path`) or `ALL`.
 */
export interface ResolvedConfig {
  /** null: the default set (every stable rule). */
  select: string[] | null;
  /** Added to `select` (or to the default set when `select` is null), like Ruff's `extend-select`. */
  extendSelect: string[];
  ignore: string[];
  /** Glob (gitignore-style, relative to `root`) to selectors ignored in matching files. */
  perFileIgnores: Array<{ pattern: string; selectors: string[] }>;
  /** Severity override per rule code; 'off' disables the rule. */
  severity: Record<string, Severity | 'off'>;
  /** Validated options per rule code (only the keys the user set; defaults are filled by the engine). */
  ruleOptions: Record<string, Record<string, unknown>>;
  /** Folder of the pyproject.toml the config came from; null when none was found. */
  root: string | null;
  /** Scripts, and notebooks whose code cells hold, more than this many bytes are not analyzed (MLH000). */
  maxFileBytes: number;
}

/** A problem in a config file: reported once, with the file and the key, and defaults apply. */
export interface ConfigProblem {
  file: string;
  key: string;
  message: string;
  /** 1-based line of the key when known. */
  line?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

export function defaultConfig(): ResolvedConfig {
  return {
    select: null,
    extendSelect: [],
    ignore: [],
    perFileIgnores: [],
    severity: {},
    ruleOptions: {},
    root: null,
    maxFileBytes: DEFAULT_MAX_FILE_BYTES,
  };
}
