/**
 * The scikit-learn gallery's notebooks (Debian's python-sklearn-doc ships each example as a
 * notebook too, under html/_downloads/<hash>/NAME.ipynb, some gzipped), each mapped to its script by
 * file name: `plot_dbscan.ipynb` is the twin of `cluster/plot_dbscan.py`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const DOWNLOADS = '/usr/share/doc/python-sklearn-doc/html/_downloads';

export interface GalleryNotebook {
  /** The twin script, as listed (`cluster/plot_dbscan.py`). */
  script: string;
  /** Where the notebook is (`.ipynb` or `.ipynb.gz`). */
  path: string;
  /** The notebook's JSON text. */
  text: string;
}

function notebookFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) notebookFiles(full, out);
    else if (entry.endsWith('.ipynb') || entry.endsWith('.ipynb.gz')) out.push(full);
  }
  return out;
}

/**
 * The notebooks of `scripts`, in the list's order; a script whose name matches no notebook, or
 * several, is in `unmatched` with why (the test fails on it rather than comparing the wrong file).
 */
export function galleryNotebooks(scripts: readonly string[], downloads = DOWNLOADS): { notebooks: GalleryNotebook[]; unmatched: string[] } {
  const byName = new Map<string, string[]>();
  for (const path of existsSync(downloads) ? notebookFiles(downloads) : []) {
    const name = basename(path).replace(/\.ipynb(\.gz)?$/, '');
    byName.set(name, [...(byName.get(name) ?? []), path]);
  }
  const notebooks: GalleryNotebook[] = [];
  const unmatched: string[] = [];
  for (const script of scripts) {
    const paths = byName.get(basename(script, '.py')) ?? [];
    if (paths.length !== 1) {
      unmatched.push(`${script}: ${paths.length === 0 ? 'no notebook' : `${paths.length} notebooks (${paths.join(', ')})`}`);
      continue;
    }
    const path = paths[0]!;
    const bytes = readFileSync(path);
    notebooks.push({ script, path, text: (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8') });
  }
  return { notebooks, unmatched };
}
