import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initEngine } from '../../../src/core/engine';
import { hasPythonStack, pool, PYTHON, removeFolder, runPython, tempFolder, differences } from '../behaviour/python';
import type { Outcome } from './behaviour';
import { compareScript, countsTable, leftoverFindings, modularizeFile, PACKAGE, runPackage, writeResult } from './behaviour';
import { MODULARIZE_GALLERY } from './galleryList';

const EXAMPLES = '/usr/share/doc/python-sklearn-doc/examples';
const CHURN = '/work/shared/corpus/churn_monolith.py';
const CHURN_OUTPUT = '/tmp/churn_job';
/** Per program run: the scripts were picked for running within 20 s. */
const RUN_TIMEOUT_MS = 30_000;

/** The corpus job with its split seeded (the original draws a new split on every run). */
function seededChurn(): string {
  const text = readFileSync(CHURN, 'utf8');
  const seeded = text.replace('test_size=0.25)', 'test_size=0.25, random_state=0)');
  assert.notEqual(seeded, text, 'the split call of the corpus job changed: update the seeding');
  return seeded;
}

/** The churn job as a notebook: a cell per `# In[n]:` marker, a markdown heading before each, a display leftover kept. */
function churnNotebook(script: string): string {
  const parts = script.split(/^# In\[\d+\]:\n/m).slice(1);
  const headings = ['Imports', 'Make the extract', 'Load', 'Clean and derive features', 'Feature list', 'Scale and split', 'Train', 'Evaluate', 'Score the latest customers', 'Publish'];
  const cells = parts.flatMap((code, i) => [
    { cell_type: 'markdown', metadata: {}, source: [`## ${headings[i] ?? `Step ${i}`}`] },
    { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: code.trimEnd().split('\n').map((l, j, all) => (j < all.length - 1 ? l + '\n' : l)) },
  ]);
  return JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
}

describe('behaviour: modularized programs print and write exactly what the originals did', function () {
  before(async function () {
    if (!hasPythonStack() || !existsSync(CHURN)) {
      if (process.env.CI) throw new Error(`${PYTHON} with the ML stack or ${CHURN} is missing`);
      this.skip();
    }
    await initEngine();
  });

  async function compareChurn(file: string, text: string, originalScript: string): Promise<void> {
    const before = tempFolder('mod-churn-before');
    const after = tempFolder('mod-churn-after');
    try {
      writeFileSync(join(before, 'churn.py'), originalScript);
      writeFileSync(join(after, file), text);
      const result = modularizeFile(join(after, file), after);
      assert.deepEqual(result.refused, []);
      assert.ok(result.moved.length >= 5, `values moved to params.yaml: ${result.moved.length}`);
      const own = writeResult(result, after);
      own.add(file);
      assert.ok(own.has('params.yaml') && own.has(`${PACKAGE}/pipeline.py`) && own.has(`tests/test_${PACKAGE}.py`), [...own].join(', '));
      assert.deepEqual(leftoverFindings(result), []);
      rmSync(CHURN_OUTPUT, { recursive: true, force: true });
      const original = await runPython(before, 'churn.py', new Set(['churn.py']), RUN_TIMEOUT_MS, [CHURN_OUTPUT]);
      assert.equal(original.code, 0, original.stderr);
      rmSync(CHURN_OUTPUT, { recursive: true, force: true });
      const modular = await runPackage(after, own, RUN_TIMEOUT_MS, [CHURN_OUTPUT]);
      assert.deepEqual(differences(original, modular), []);
      assert.match(original.stdout, /^rows: \d+\nrf acc=/);
      assert.equal(original.written.size, 3);
    } finally {
      removeFolder(before);
      removeFolder(after);
    }
  }

  it('churn_monolith.py (seeded): same stdout, same customers.csv, model.pkl and at_risk.csv', async function () {
    this.timeout(120_000);
    const script = seededChurn();
    await compareChurn('churn.py', script, script);
  });

  it('the churn job as a notebook (headings, cells, a display leftover): same stdout and files as the script', async function () {
    this.timeout(120_000);
    const script = seededChurn();
    await compareChurn('churn.ipynb', churnNotebook(script), script);
  });

  it(`${MODULARIZE_GALLERY.length} scikit-learn gallery scripts: at least 90% identical, the rest refused with a reason, none changed`, async function () {
    this.timeout(10 * 60_000);
    if (!existsSync(EXAMPLES)) this.skip();
    const started = performance.now();
    const outcomes: Outcome[] = await pool(MODULARIZE_GALLERY, 2, (script) => compareScript(EXAMPLES, script, RUN_TIMEOUT_MS));
    const table = countsTable(outcomes);
    console.log(`      modularize, gallery behaviour (${((performance.now() - started) / 1000).toFixed(0)} s):\n${table.replace(/^/gm, '      ')}`);
    const changed = outcomes.filter((o) => o.verdict === 'changed' || o.verdict === 'original failed').map((o) => `${o.script}: ${o.verdict}\n  ${o.detail}`);
    assert.deepEqual(changed, []);
    for (const o of outcomes.filter((x) => x.verdict === 'refused')) assert.ok(o.detail.length > 10 && o.line !== null, `${o.script}: a refusal says why and where`);
    const identical = outcomes.filter((o) => o.verdict === 'identical');
    assert.ok(identical.length >= 0.9 * outcomes.length, table);
    assert.deepEqual(identical.flatMap((o) => o.leftovers.filter((l) => l.endsWith('MLH001'))), []);
    console.log(`      MLH101 left in the generated modules (literals extract-config kept): ${identical.reduce((n, o) => n + o.leftovers.length, 0)}; values moved to params.yaml: ${identical.reduce((n, o) => n + o.moved, 0)}`);
  });
});
