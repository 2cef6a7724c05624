import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Compares `actual` with the committed snapshot file. `UPDATE_SNAPSHOTS=1 npm run test:unit`
 * rewrites them; review the diff before committing. In CI a missing snapshot is a failure.
 */
export function matchSnapshot(file: string, actual: string): void {
  const update = process.env.UPDATE_SNAPSHOTS === '1';
  if (update || (!existsSync(file) && !process.env.CI)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    if (!update) console.warn(`    (wrote new snapshot ${file}: review it)`);
    return;
  }
  assert.ok(existsSync(file), `snapshot ${file} is missing (run UPDATE_SNAPSHOTS=1 npm run test:unit and review it)`);
  assert.equal(actual, readFileSync(file, 'utf8'), `snapshot ${file} differs (UPDATE_SNAPSHOTS=1 to accept after review)`);
}
