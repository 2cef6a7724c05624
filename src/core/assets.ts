import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Finds a file that ships with the engine. In the bundle (dist/extension.js, dist/cli.js) the
 * assets sit beside it; when the sources run directly (tests) they come from node_modules or
 * from the source tree.
 */
export function locateAsset(bundledName: string, fallbacks: readonly (() => string)[]): string {
  const bundled = join(__dirname, bundledName);
  if (existsSync(bundled)) return bundled;
  for (const candidate of fallbacks) {
    try {
      const found = candidate();
      if (existsSync(found)) return found;
    } catch {
      // try the next candidate
    }
  }
  throw new Error(`ML Hygiene: cannot find ${bundledName} beside ${__dirname} or in node_modules`);
}

export const localRequire = createRequire(__filename);
