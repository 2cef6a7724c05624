import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { initEngine, readProgram, withModel } from '../../../src/core/engine';
import { defaultConfig } from '../../../src/core/config/types';
import { graphOfSource } from '../../../src/core/graph';
import type { ProgramSource } from '../../../src/core/parse/source';
import { modularize } from '../../../src/core/refactors/modularize/index';
import { requireOnMachine } from '../machine';
import { assertWellFormed } from '../graph/wellFormed';
import { GALLERY, galleryFiles, readGalleryFile } from './sklearn-gallery.test';

function program(file: string): ProgramSource {
  const { name, bytes } = readGalleryFile(file);
  const source = readProgram(name, bytes, defaultConfig());
  assert.ok(typeof source !== 'string', `${file}: ${String(source)}`);
  return source;
}

describe('the pipeline graph on the scikit-learn gallery', function () {
  before(async function () {
    requireOnMachine(this, existsSync(GALLERY) ? null : `${GALLERY} (python-sklearn-doc)`);
    await initEngine();
  });

  it('gives every script and notebook a well-formed graph whose value edges all go forward', function () {
    this.timeout(300_000);
    const { scripts, notebooks } = galleryFiles();
    let steps = 0;
    let withSteps = 0;
    for (const file of [...scripts, ...notebooks]) {
      const graph = graphOfSource(program(file));
      const label = relative(GALLERY, file);
      assert.equal(graph.error, null, `${label}: ${graph.error?.message}`);
      assertWellFormed(graph, label);
      const n = graph.nodes.filter((node) => node.kind === 'step').length;
      steps += n;
      if (n > 0) withSteps += 1;
    }
    // Every gallery example runs code at top level: all of them have steps.
    assert.equal(withSteps, scripts.length + notebooks.length, `${withSteps} of ${scripts.length + notebooks.length} files have steps`);
    assert.ok(steps >= 3 * withSteps, `${steps} steps in ${withSteps} files`);
  });

  it('names and orders the steps exactly as modularize does, wherever modularize splits the script', function () {
    this.timeout(300_000);
    let compared = 0;
    for (const file of galleryFiles().scripts) {
      const source = program(file);
      const result = withModel(source, (model) => modularize(model, { name: 'pkg', outDir: '/tmp/out', params: false }));
      if (!result.change) continue;
      const graph = graphOfSource(source);
      const names = graph.nodes.filter((n) => n.kind === 'step').map((n) => n.name);
      assert.deepEqual(
        names,
        result.steps.map((s) => s.split('.')[1]),
        relative(GALLERY, file),
      );
      compared += 1;
    }
    assert.ok(compared >= 250, `compared ${compared} scripts`);
  });
});
