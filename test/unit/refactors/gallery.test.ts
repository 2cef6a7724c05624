import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { analyzeText, initEngine, withModel } from '../../../src/core/engine';
import type { ParamsEnv } from '../../../src/core/params';
import type { ProgramSource } from '../../../src/core/parse/source';
import { notebookSource, parseNotebookJson, pythonSource } from '../../../src/core/parse/source';
import { newContents } from '../../../src/core/refactors/apply';
import type { RefactorResult } from '../../../src/core/refactors/change';
import { EXTRACT_CONFIG_CODES, extractConfig } from '../../../src/core/refactors/extractConfig';
import { addMainGuard } from '../../../src/core/refactors/mainGuard';
import { GALLERY, galleryFiles, readGalleryFile } from '../corpus/sklearn-gallery.test';
import { requireOnMachine } from '../machine';

/** A params file and loader beside the file, none existing yet (nothing is written). */
function envFor(path: string): ParamsEnv {
  const dir = dirname(path);
  return {
    params: { path: join(dir, 'params.yaml'), format: 'yaml', text: null },
    loader: { path: join(dir, 'params.py'), module: 'params', relativeParams: 'params.yaml', exists: false },
  };
}

function sourceOf(path: string, text: string): ProgramSource {
  return path.endsWith('.ipynb') ? notebookSource(path, parseNotebookJson(text)) : pythonSource(path, text);
}

function errorsOf(path: string, text: string): number {
  return withModel(sourceOf(path, text), (m) => m.syntaxErrors.length);
}

/**
 * Every gallery script and notebook through extract-config (and every script through the main
 * guard): the result parses with no more syntax errors than before, a notebook stays a notebook
 * with the same cells, and a second extract-config finds nothing left to move. No Python is run
 * here (the behaviour tests do that on a selection); this covers all 570 files in seconds.
 */
describe('refactors on the whole scikit-learn gallery: the output parses, and extract-config is idempotent', function () {
  before(async function () {
    requireOnMachine(this, existsSync(GALLERY) ? null : `${GALLERY} (python-sklearn-doc)`);
    await initEngine();
  });

  it('extract-config and the main guard on 285 scripts and 285 notebooks', function () {
    this.timeout(300_000);
    const { scripts, notebooks } = galleryFiles();
    const problems: string[] = [];
    let changed = 0;
    let guarded = 0;
    let refused = 0;
    for (const file of [...scripts, ...notebooks]) {
      const { name, bytes } = readGalleryFile(file);
      const text = new TextDecoder().decode(bytes);
      const where = relative(GALLERY, file);
      const env = envFor(name);
      const findings = analyzeText(name, text).findings.filter((f) => EXTRACT_CONFIG_CODES.includes(f.code));
      let result: RefactorResult;
      try {
        result = withModel(sourceOf(name, text), (m) => extractConfig(m, env, findings));
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
        continue;
      }
      refused += result.refused.length;
      const before = errorsOf(name, text);
      if (result.change) {
        changed++;
        const after = newContents(result.change, () => text).get(name)!;
        if (errorsOf(name, after) > before) problems.push(`${where}: extract-config output does not parse`);
        if (name.endsWith('.ipynb') && parseNotebookJson(after).length !== parseNotebookJson(text).length)
          problems.push(`${where}: cells changed`);
        const again = analyzeText(name, after).findings.filter((f) => EXTRACT_CONFIG_CODES.includes(f.code));
        const second = withModel(sourceOf(name, after), (m) => extractConfig(m, { ...env, params: { ...env.params, text: null } }, again));
        // What was refused the first time is refused again; nothing new is ever moved.
        if (second.change && second.moved.length > 0)
          problems.push(`${where}: a second run moves ${second.moved.map((m) => m.key).join(', ')}`);
      }
      if (name.endsWith('.py')) {
        const guard = withModel(sourceOf(name, text), addMainGuard);
        if (guard.change) {
          guarded++;
          const after = newContents(guard.change, () => text).get(name)!;
          if (errorsOf(name, after) > before) problems.push(`${where}: main-guard output does not parse`);
        } else if (guard.refused.length === 0) problems.push(`${where}: main guard neither applied nor refused`);
      }
    }
    assert.deepEqual(problems, []);
    // Reviewed: most gallery files hard-code hyperparameters; most scripts take a main guard.
    assert.ok(changed >= 300, `extract-config changed ${changed} files`);
    assert.ok(guarded >= 200, `the main guard applied to ${guarded} scripts`);
    console.log(
      `      gallery refactors: extract-config changed ${changed} of ${scripts.length + notebooks.length} files (${refused} values refused with a reason), main guard added to ${guarded} of ${scripts.length} scripts`,
    );
  });
});
