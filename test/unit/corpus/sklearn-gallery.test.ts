import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { analyzeBytes, initEngine } from '../../../src/core/engine';
import { RULES } from '../../../src/core/rules/registry';
import { matchSnapshot } from '../snapshot';
import { requireOnMachine } from '../machine';

/** Debian's python-sklearn-doc: the scikit-learn gallery as scripts and notebooks (.ipynb and .ipynb.gz). */
export const GALLERY = '/usr/share/doc/python-sklearn-doc';

export function galleryFiles(): { scripts: string[]; notebooks: string[] } {
  const walk = (dir: string, accept: (name: string) => boolean, out: string[] = []): string[] => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full, accept, out);
      else if (accept(entry.name)) out.push(full);
    }
    return out;
  };
  return {
    scripts: walk(join(GALLERY, 'examples'), (n) => n.endsWith('.py')).sort(),
    notebooks: walk(join(GALLERY, 'html', '_downloads'), (n) => n.endsWith('.ipynb') || n.endsWith('.ipynb.gz')).sort(),
  };
}

export function readGalleryFile(path: string): { name: string; bytes: Uint8Array } {
  const raw = readFileSync(path);
  return path.endsWith('.gz') ? { name: path.slice(0, -3), bytes: gunzipSync(raw) } : { name: path, bytes: raw };
}

describe('the scikit-learn gallery (real third-party code)', function () {
  before(async function () {
    requireOnMachine(this, existsSync(GALLERY) ? null : `${GALLERY} (python-sklearn-doc)`);
    await initEngine();
  });

  it('analyses every script and notebook without a crash or an MLH000, with reviewed counts per rule', function () {
    this.timeout(180_000);
    const { scripts, notebooks } = galleryFiles();
    assert.ok(scripts.length >= 250, `expected the ~285 gallery scripts, found ${scripts.length}`);
    assert.ok(notebooks.length >= 250, `expected the ~285 gallery notebooks, found ${notebooks.length}`);
    const counts: Record<string, Record<string, number>> = { scripts: {}, notebooks: {} };
    const filesWith: Record<string, Record<string, number>> = { scripts: {}, notebooks: {} };
    const unreadable: string[] = [];
    for (const [kind, files] of [
      ['scripts', scripts],
      ['notebooks', notebooks],
    ] as const) {
      for (const rule of RULES) {
        counts[kind]![rule.code] = 0;
        filesWith[kind]![rule.code] = 0;
      }
      for (const file of files) {
        const { name, bytes } = readGalleryFile(file);
        const result = analyzeBytes(name, bytes);
        const seen = new Set<string>();
        for (const f of result.findings) {
          if (f.code === 'MLH000') unreadable.push(`${relative(GALLERY, file)}: ${f.message}`);
          counts[kind]![f.code]! += 1;
          seen.add(f.code);
        }
        for (const code of seen) filesWith[kind]![code]! += 1;
      }
    }
    assert.deepEqual(unreadable, []);
    const summary = {
      files: { scripts: scripts.length, notebooks: notebooks.length },
      findings: counts,
      filesWithFindings: filesWith,
    };
    matchSnapshot(
      join(__dirname, '..', '..', 'fixtures', '__snapshots__', 'sklearn-gallery-counts.json'),
      JSON.stringify(summary, null, 2) + '\n',
    );
  });
});
