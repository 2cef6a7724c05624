/**
 * Configuration per analysed file: the nearest pyproject.toml above the file (cached per folder),
 * or the one file given with `--config`, with the command line's overrides on top. Each problem
 * in a configuration file is reported once.
 */
import { dirname } from 'node:path';
import type { ConfigOverrides, ConfigProblem, LoadedConfig, ResolvedConfig } from '../core/config';
import { applyOverrides, formatConfigProblem } from '../core/config';

export interface ConfigSource {
  /** Loads the configuration that applies in a folder. */
  forDirectory(dir: string): LoadedConfig;
}

export class ConfigResolver {
  private readonly byDirectory = new Map<string, ResolvedConfig>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly source: ConfigSource,
    private readonly overrides: ConfigOverrides,
    private readonly report: (problem: ConfigProblem) => void,
  ) {}

  configFor(file: string): ResolvedConfig {
    const dir = dirname(file);
    let config = this.byDirectory.get(dir);
    if (!config) {
      const loaded = this.source.forDirectory(dir);
      for (const problem of loaded.problems) this.reportOnce(problem);
      config = applyOverrides(loaded.config, this.overrides);
      this.byDirectory.set(dir, config);
    }
    return config;
  }

  private reportOnce(problem: ConfigProblem): void {
    const key = formatConfigProblem(problem);
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.report(problem);
  }
}

/** The nearest pyproject.toml above each folder. */
export function nearestConfig(load: (fromPath: string) => LoadedConfig): ConfigSource {
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
