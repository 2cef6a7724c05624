import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initEngine } from '../../../src/core/engine';
import { hasPythonStack, pool, PYTHON, removeFolder, runPython, tempFolder, differences } from '../behaviour/python';
import type { Outcome } from './behaviour';
import {
  compareNotebook,
  compareScript,
  compareThinNotebook,
  compareThinScript,
  countsTable,
  leftoverFindings,
  modularizeFile,
  PACKAGE,
  runPackage,
  writeResult,
} from './behaviour';
import { MODULARIZE_GALLERY } from './galleryList';
import { DOWNLOADS, galleryNotebooks } from './galleryNotebooks';
import { requireOnMachine } from '../machine';

const EXAMPLES = '/usr/share/doc/python-sklearn-doc/examples';
const CHURN = '/work/shared/corpus/churn_monolith.py';
const CHURN_OUTPUT = '/tmp/churn_job';
/** Per program run: the scripts were picked for running within 20 s. */
const RUN_TIMEOUT_MS = 30_000;
/** Runs the package's main() with another params file. */
const RUNNER = '_mlh_run_main.py';
/** Gallery scripts for the thin-script test: one printing `__doc__`, one with its own main guard, and plain ones. */
const THIN_GALLERY = [
  'cluster/plot_bisect_kmeans.py',
  'neighbors/approximate_nearest_neighbors.py',
  'ensemble/plot_adaboost_twoclass.py',
  'model_selection/plot_roc.py',
  'exercises/plot_cv_diabetes.py',
  'svm/plot_svm_kernels.py',
];

/** Gallery notebooks for the thin-notebook test: many cells and headings (plot_roc: 35 cells), params or none. */
const THIN_NOTEBOOKS = [
  'cluster/plot_dbscan.py',
  'model_selection/plot_roc.py',
  'cross_decomposition/plot_pcr_vs_pls.py',
  'linear_model/plot_nnls.py',
];

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
  const headings = [
    'Imports',
    'Make the extract',
    'Load',
    'Clean and derive features',
    'Feature list',
    'Scale and split',
    'Train',
    'Evaluate',
    'Score the latest customers',
    'Publish',
  ];
  const cells = parts.flatMap((code, i) => [
    { cell_type: 'markdown', metadata: {}, source: [`## ${headings[i] ?? `Step ${i}`}`] },
    {
      cell_type: 'code',
      execution_count: null,
      metadata: {},
      outputs: [],
      source: code
        .trimEnd()
        .split('\n')
        .map((l, j, all) => (j < all.length - 1 ? l + '\n' : l)),
    },
  ]);
  return JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
}

describe('behaviour: modularized programs print and write exactly what the originals did', function () {
  before(async function () {
    requireOnMachine(this, !existsSync(CHURN) ? CHURN : hasPythonStack() ? null : `${PYTHON} with the ML stack`);
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

  it('churn_monolith.py (seeded): main(params_path=<a copy of params.yaml with n_estimators changed>) runs as the original with that value changed does', async function () {
    this.timeout(120_000);
    const script = seededChurn();
    const changedScript = script.replace('n_estimators=200', 'n_estimators=20');
    assert.notEqual(changedScript, script, 'the forest of the corpus job changed: update the test');
    const before = tempFolder('mod-params-before');
    const after = tempFolder('mod-params-after');
    try {
      writeFileSync(join(before, 'churn.py'), changedScript);
      writeFileSync(join(after, 'churn.py'), script);
      const result = modularizeFile(join(after, 'churn.py'), after);
      const own = writeResult(result, after);
      const params = readFileSync(join(after, 'params.yaml'), 'utf8');
      const changedParams = params.replace(/^( +n_estimators:) 200$/m, '$1 20');
      assert.notEqual(changedParams, params, params);
      mkdirSync(join(after, 'other'));
      writeFileSync(join(after, 'other', 'params.yaml'), changedParams);
      // A path relative to the working directory, as a caller would write it.
      writeFileSync(join(after, RUNNER), `from ${PACKAGE}.pipeline import main\n\nmain(params_path="other/params.yaml")\n`);
      for (const file of ['churn.py', 'other/params.yaml', RUNNER]) own.add(file);
      rmSync(CHURN_OUTPUT, { recursive: true, force: true });
      const original = await runPython(before, 'churn.py', new Set(['churn.py']), RUN_TIMEOUT_MS, [CHURN_OUTPUT]);
      assert.equal(original.code, 0, original.stderr);
      rmSync(CHURN_OUTPUT, { recursive: true, force: true });
      const modular = await runPython(after, RUNNER, own, RUN_TIMEOUT_MS, [CHURN_OUTPUT]);
      assert.deepEqual(differences(original, modular), []);
      // The value really changes the job: the default params file gives other numbers.
      rmSync(CHURN_OUTPUT, { recursive: true, force: true });
      const usual = await runPackage(after, own, RUN_TIMEOUT_MS, [CHURN_OUTPUT]);
      assert.notEqual(usual.stdout.split('\n')[1], modular.stdout.split('\n')[1], `rf line: ${modular.stdout}`);
    } finally {
      removeFolder(before);
      removeFolder(after);
      rmSync(CHURN_OUTPUT, { recursive: true, force: true });
    }
  });

  it('churn_monolith.py (seeded) with replaceOriginal: `python churn.py`, now a thin script, prints and writes what the original did, the package beside it or in another folder', async function () {
    this.timeout(120_000);
    const script = seededChurn();
    for (const outSub of [null, 'build/out']) {
      const before = tempFolder('thin-churn-before');
      const after = tempFolder('thin-churn-after');
      try {
        for (const dir of [before, after]) writeFileSync(join(dir, 'churn.py'), script);
        const outDir = outSub === null ? after : join(after, outSub);
        mkdirSync(outDir, { recursive: true });
        const result = modularizeFile(join(after, 'churn.py'), outDir, true);
        assert.deepEqual(result.refused, []);
        const own = writeResult(result, after);
        own.add('churn.py');
        assert.deepEqual(leftoverFindings(result), []);
        const thin = readFileSync(join(after, 'churn.py'), 'utf8');
        assert.match(thin, /^#!\/usr\/bin\/env python\n"""churn\.py, modularized into the package example by ML Hygiene\./);
        rmSync(CHURN_OUTPUT, { recursive: true, force: true });
        const original = await runPython(before, 'churn.py', new Set(['churn.py']), RUN_TIMEOUT_MS, [CHURN_OUTPUT]);
        assert.equal(original.code, 0, original.stderr);
        rmSync(CHURN_OUTPUT, { recursive: true, force: true });
        const replaced = await runPython(after, 'churn.py', own, RUN_TIMEOUT_MS, [CHURN_OUTPUT]);
        assert.deepEqual(differences(original, replaced), [], `package in ${outSub ?? 'the script folder'}`);
        assert.equal(original.written.size, 3);
      } finally {
        removeFolder(before);
        removeFolder(after);
      }
    }
  });

  it(`${THIN_GALLERY.length} gallery scripts with replaceOriginal: the thin script prints and draws what the original did`, async function () {
    this.timeout(5 * 60_000);
    if (!existsSync(EXAMPLES)) this.skip();
    const started = performance.now();
    const outcomes = await pool(THIN_GALLERY, 2, (script) =>
      compareThinScript(EXAMPLES, script, THIN_GALLERY.indexOf(script) % 2 === 0 ? null : 'pkg', RUN_TIMEOUT_MS),
    );
    console.log(
      `      modularize --replace-original, gallery behaviour (${((performance.now() - started) / 1000).toFixed(0)} s):\n${countsTable(outcomes).replace(/^/gm, '      ')}`,
    );
    assert.deepEqual(
      outcomes.filter((o) => o.verdict !== 'identical').map((o) => `${o.script}: ${o.verdict}\n  ${o.detail}`),
      [],
    );
    assert.deepEqual(
      outcomes.flatMap((o) => o.leftovers.filter((l) => !l.endsWith('MLH101'))),
      [],
    );
  });

  it(`${MODULARIZE_GALLERY.length} scikit-learn gallery scripts: at least 90% identical, the rest refused with a reason, none changed`, async function () {
    this.timeout(10 * 60_000);
    if (!existsSync(EXAMPLES)) this.skip();
    const started = performance.now();
    const outcomes: Outcome[] = await pool(MODULARIZE_GALLERY, 2, (script) => compareScript(EXAMPLES, script, RUN_TIMEOUT_MS));
    const table = countsTable(outcomes);
    console.log(
      `      modularize, gallery behaviour (${((performance.now() - started) / 1000).toFixed(0)} s):\n${table.replace(/^/gm, '      ')}`,
    );
    const changed = outcomes
      .filter((o) => o.verdict === 'changed' || o.verdict === 'original failed')
      .map((o) => `${o.script}: ${o.verdict}\n  ${o.detail}`);
    assert.deepEqual(changed, []);
    for (const o of outcomes.filter((x) => x.verdict === 'refused'))
      assert.ok(o.detail.length > 10 && o.line !== null, `${o.script}: a refusal says why and where`);
    const identical = outcomes.filter((o) => o.verdict === 'identical');
    assert.ok(identical.length >= 0.9 * outcomes.length, table);
    assert.deepEqual(
      identical.flatMap((o) => o.leftovers.filter((l) => l.endsWith('MLH001') || l.endsWith('MLH003'))),
      [],
    );
    console.log(
      `      MLH101 left in the generated modules (literals extract-config kept): ${identical.reduce((n, o) => n + o.leftovers.length, 0)}; values moved to params.yaml: ${identical.reduce((n, o) => n + o.moved, 0)}`,
    );
  });

  it(`${MODULARIZE_GALLERY.length} scikit-learn gallery notebooks (the twins of the scripts): at least 95% identical, the rest refused with a reason, none changed`, async function () {
    this.timeout(15 * 60_000);
    if (!existsSync(DOWNLOADS)) this.skip();
    const { notebooks, unmatched } = galleryNotebooks(MODULARIZE_GALLERY);
    assert.deepEqual(unmatched, []);
    const started = performance.now();
    const outcomes: Outcome[] = await pool(notebooks, 2, (nb) => compareNotebook(nb.script, nb.text, RUN_TIMEOUT_MS));
    const table = countsTable(outcomes);
    console.log(
      `      modularize, gallery notebooks behaviour (${((performance.now() - started) / 1000).toFixed(0)} s):\n${table.replace(/^/gm, '      ')}`,
    );
    const changed = outcomes
      .filter((o) => o.verdict === 'changed' || o.verdict === 'original failed')
      .map((o) => `${o.script}: ${o.verdict}\n  ${o.detail.slice(0, 1500)}`);
    assert.deepEqual(changed, []);
    for (const o of outcomes.filter((x) => x.verdict === 'refused'))
      assert.ok(o.detail.length > 10 && o.line !== null, `${o.script}: a refusal says why and where`);
    assert.ok(outcomes.filter((o) => o.verdict === 'identical').length >= 0.95 * outcomes.length, table);
    assert.deepEqual(
      outcomes.flatMap((o) => o.leftovers.filter((l) => l.endsWith('MLH001') || l.endsWith('MLH003'))),
      [],
    );
  });

  it(`${THIN_NOTEBOOKS.length} gallery notebooks: the thin notebook's cells, run top to bottom, print and draw what \`python -m NAME\` does`, async function () {
    this.timeout(5 * 60_000);
    if (!existsSync(DOWNLOADS)) this.skip();
    const { notebooks, unmatched } = galleryNotebooks(THIN_NOTEBOOKS);
    assert.deepEqual(unmatched, []);
    const outcomes = await pool(notebooks, 2, (nb) =>
      compareThinNotebook(nb.script, nb.text, THIN_NOTEBOOKS.indexOf(nb.script) % 2 === 0 ? null : 'pkg', RUN_TIMEOUT_MS),
    );
    assert.deepEqual(
      outcomes.filter((o) => o.verdict !== 'identical').map((o) => `${o.script}: ${o.verdict}\n  ${o.detail}`),
      [],
    );
    assert.deepEqual(
      outcomes.map((o) => o.detail),
      notebooks.map(() => 'example.ipynb'),
    );
  });
});
