/**
 * Configuration per analyzed file: the nearest pyproject.toml above the file's folder, or one
 * given file (the CLI's `--config`), with overrides on top (the CLI's flags). The source keeps the
 * loaded configurations and the resolver the overridden ones, per folder (the editor drops both
 * with `clear()` when a pyproject.toml changes); each problem in a configuration file is reported once.
 */
import { dirname, resolve } from 'node:path';
import type { ConfigOverrides, ConfigProblem, LoadedConfig, ResolvedConfig } from '../config';
import { applyOverrides, defaultConfig, loadOwnConfig } from '../config';

export interface ConfigSource {
  /** Loads the configuration that applies in a folder. */
  forDirectory(dir: string): LoadedConfig;
  /** Forgets what was loaded (a configuration file changed). */
  clear?(): void;
}

export interface ConfigResolverOptions {
  /** Where configurations come from; the nearest pyproject.toml unless told. */
  source?: ConfigSource;
  /** Applied on top of every configuration. */
  overrides?: ConfigOverrides;
}

export class ConfigResolver {
  private readonly byDirectory = new Map<string, LoadedConfig>();
  /**
   * The overrides applied to each configuration the source gave: folders that share a
   * configuration file share one object (the disk cache keys a configuration once per object).
   */
  private readonly overridden = new Map<LoadedConfig, LoadedConfig>();
  private readonly reported = new Set<string>();
  private readonly source: ConfigSource;
  private readonly overrides: ConfigOverrides | null;

  constructor(
    private readonly report: (problem: ConfigProblem) => void,
    options: ConfigResolverOptions = {},
  ) {
    this.source = options.source ?? nearestConfig();
    this.overrides = options.overrides ?? null;
  }

  /** The configuration of a file: its folder's. */
  configFor(file: string): ResolvedConfig {
    return this.forDirectory(dirname(file)).config;
  }

  /** The configuration that applies in a folder, overrides applied; loaded once, its problems reported once. */
  forDirectory(dir: string): LoadedConfig {
    let loaded = this.byDirectory.get(dir);
    if (!loaded) {
      const read = this.source.forDirectory(dir);
      this.reportOnce(read.problems);
      loaded = this.overridden.get(read);
      if (loaded === undefined) {
        loaded = this.overrides === null ? read : { ...read, config: applyOverrides(read.config, this.overrides) };
        this.overridden.set(read, loaded);
      }
      this.byDirectory.set(dir, loaded);
    }
    return loaded;
  }

  /** Reports the problems not reported yet (by file, key and message). */
  reportOnce(problems: readonly ConfigProblem[]): void {
    for (const problem of problems) {
      const key = `${problem.file}\n${problem.key}\n${problem.message}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      this.report(problem);
    }
  }

  /** Forgets the loaded configurations (a configuration file changed); problems already reported stay reported. */
  clear(): void {
    this.byDirectory.clear();
    this.overridden.clear();
    this.source.clear?.();
  }
}

/**
 * The nearest pyproject.toml that configures ml-hygiene, at or above each folder: a folder's own,
 * else its parent folder's (each folder looked at once, so that a tree's folders share their
 * parents' answers and one loaded configuration), else the defaults.
 */
export function nearestConfig(loadOwn: (dir: string) => LoadedConfig | null = (dir) => loadOwnConfig(dir)): ConfigSource {
  const byDirectory = new Map<string, LoadedConfig>();
  let defaults: LoadedConfig | undefined;
  const forDirectory = (dir: string): LoadedConfig => {
    const start = resolve(dir);
    let loaded = byDirectory.get(start);
    if (loaded === undefined) {
      const parent = dirname(start);
      loaded =
        loadOwn(start) ?? (parent === start ? (defaults ??= { config: defaultConfig(), file: null, problems: [] }) : forDirectory(parent));
      byDirectory.set(start, loaded);
    }
    return loaded;
  };
  return {
    forDirectory,
    clear: () => {
      byDirectory.clear();
      defaults = undefined;
    },
  };
}

/** One configuration file for every folder (`--config FILE`), loaded once. */
export function fixedConfig(load: () => LoadedConfig): ConfigSource {
  let loaded: LoadedConfig | undefined;
  return {
    forDirectory: () => {
      loaded ??= load();
      return loaded;
    },
  };
}
