/**
 * Configuration per analyzed file: the nearest pyproject.toml above the file's folder, or one
 * given file (the CLI's `--config`), with overrides on top (the CLI's flags). The one cache of
 * loaded configurations (per folder; the editor drops it when a pyproject.toml changes), and each
 * problem in a configuration file reported once.
 */
import { dirname } from 'node:path';
import type { ConfigOverrides, ConfigProblem, LoadedConfig, ResolvedConfig } from '../config';
import { applyOverrides, loadConfig } from '../config';

export interface ConfigSource {
  /** Loads the configuration that applies in a folder. */
  forDirectory(dir: string): LoadedConfig;
}

export interface ConfigResolverOptions {
  /** Where configurations come from; the nearest pyproject.toml unless told. */
  source?: ConfigSource;
  /** Applied on top of every configuration. */
  overrides?: ConfigOverrides;
}

export class ConfigResolver {
  private readonly byDirectory = new Map<string, LoadedConfig>();
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
      loaded = this.overrides === null ? read : { ...read, config: applyOverrides(read.config, this.overrides) };
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
  }
}

/** The nearest pyproject.toml above each folder. */
export function nearestConfig(load: (fromPath: string) => LoadedConfig = (dir) => loadConfig(dir)): ConfigSource {
  return { forDirectory: (dir) => load(dir) };
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
