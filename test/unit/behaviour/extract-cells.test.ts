import assert from 'node:assert/strict';
import { initEngine, withModel } from '../../../src/core/engine';
import { notebookSource, parseNotebookJson } from '../../../src/core/parse/source';
import { newCellTexts } from '../../../src/core/refactors/apply';
import type { ScriptChange } from '../../../src/core/refactors/change';
import { extractCells } from '../../../src/core/refactors/extractFunction';
import { notebook } from '../rules/tester';
import { requireOnMachine } from '../machine';
import { differences, hasPythonStack, PYTHON, runBeforeAndAfter } from './python';

/**
 * Extract cells to function: the notebook's code cells, run top to bottom as one program, print
 * and write exactly the same before and after several cells become one function (names read from
 * the cells above passed in, names the cells below use returned, a name rebound on one branch
 * passed in and returned).
 */
const CELLS = [
  'import numpy as np\nimport pandas as pd\n%matplotlib inline\nseed = 0\nthreshold = 50',
  '## Build the data',
  'rng = np.random.default_rng(seed)\ndf = pd.DataFrame({"age": rng.integers(1, 80, 200), "fare": rng.random(200) * 100})',
  'Label the old passengers, and drop the cheap fares when there are enough rows.',
  '# label\ndf["old"] = (df["age"] > threshold).astype(int)\nif len(df) > 100:\n    threshold = threshold + 1\n    df = df[df["fare"] > 5]',
  'print(df.describe().round(3))\ndf.to_csv("clean.csv", index=False)',
  'from sklearn.model_selection import train_test_split\nfrom sklearn.linear_model import LogisticRegression\nX_train, X_test, y_train, y_test = train_test_split(df[["age", "fare"]], df["old"], random_state=seed)\nclf = LogisticRegression().fit(X_train, y_train)',
  'print(threshold, round(clf.score(X_test, y_test), 4))\nnp.save("coef.npy", clf.coef_)',
];
const MARKDOWN = new Set([1, 3]);

/** A notebook's code cells as the program IPython runs without a display (its magic lines dropped). */
const program = (cells: readonly string[]): string =>
  cells
    .filter((_, i) => !MARKDOWN.has(i))
    .join('\n')
    .split('\n')
    .filter((line) => !line.startsWith('%'))
    .join('\n') + '\n';

describe('behaviour: Extract cells to function keeps a runnable notebook running the same', function () {
  this.timeout(180_000);

  before(async function () {
    requireOnMachine(this, hasPythonStack() ? null : `${PYTHON} with the ML stack`);
    await initEngine();
  });

  const text = notebook(CELLS.map((cell, i) => (MARKDOWN.has(i) ? { markdown: cell } : cell)));
  const source = notebookSource('t.ipynb', parseNotebookJson(text));

  for (const [from, to, signature] of [
    [1, 5, /^def build_the_data\(seed, threshold\):[^]*\n {4}return df, threshold\n\n\ndf, threshold = build_the_data\(seed, threshold\)$/],
    [
      4,
      6,
      /^# label\ndef \w+\(df, threshold, seed\):[^]*\n\n\nthreshold, X_test, y_test, clf = train_logistic_regression\(df, threshold, seed\)$/,
    ],
  ] as const) {
    it(`cells ${from + 1} to ${to + 1}: the program prints and writes the same`, async () => {
      const result = withModel(source, (m) => extractCells(m, from, to));
      assert.ok(result.change, JSON.stringify(result.refused));
      const edited = newCellTexts(source, (result.change.changes[0] as ScriptChange).edits);
      const after = CELLS.map((cell, i) => edited.get(i) ?? cell);
      const firstCode = [...edited.keys()][0]!;
      assert.match(after[firstCode]!, signature);
      const { before, after: ran } = await runBeforeAndAfter('extract-cells', program(CELLS), program(after));
      assert.equal(before.code, 0, before.stderr);
      assert.ok(before.written.size >= 1, 'the notebook writes its files');
      assert.deepEqual(differences(before, ran), []);
    });
  }
});
