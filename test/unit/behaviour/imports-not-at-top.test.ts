import assert from 'node:assert/strict';
import { defaultConfig } from '../../../src/core/config/types';
import { analyzeText, initEngine } from '../../../src/core/engine';
import { notebookSource, parseNotebookJson } from '../../../src/core/parse/source';
import { newCellTexts } from '../../../src/core/refactors/apply';
import { notebook } from '../rules/tester';
import { requireOnMachine } from '../machine';
import { differences, hasPythonStack, PYTHON, runBeforeAndAfter } from './python';

/**
 * MLH203's fix moves imports up; where it offers the fix (nothing above the imports changes what
 * they find, nothing rebinds their names) the notebook's code cells, run top to bottom as one
 * program, print and write exactly the same before and after.
 */
const CELLS = [
  '# Titanic-style exploration\nimport numpy as np\nimport pandas as pd\n%matplotlib inline\nrng = np.random.default_rng(0)',
  'df = pd.DataFrame({"age": rng.integers(1, 80, 200), "fare": rng.random(200) * 100})\ndf["old"] = (df["age"] > 50).astype(int)\nprint(df.describe().round(3))',
  'from sklearn.model_selection import train_test_split\nX_train, X_test, y_train, y_test = train_test_split(df[["age", "fare"]], df["old"], random_state=0)',
  'from sklearn.linear_model import LogisticRegression\nimport numpy as np\nclf = LogisticRegression().fit(X_train, y_train)\nprint(round(clf.score(X_test, y_test), 4))\nnp.save("coef.npy", clf.coef_)',
  'import matplotlib\nmatplotlib.use("Agg")\nimport matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.hist(df["fare"], bins=10)\nfig.savefig("fares.png", dpi=30, metadata={"Software": None})',
];

/** A notebook's code cells as the program IPython runs without a display (its magic lines dropped). */
const program = (cells: readonly string[]): string =>
  cells
    .join('\n')
    .split('\n')
    .filter((line) => !line.startsWith('%'))
    .join('\n') + '\n';

describe('behaviour: MLH203 imports-not-at-top fix keeps a runnable notebook running the same', function () {
  this.timeout(180_000);

  before(async function () {
    requireOnMachine(this, hasPythonStack() ? null : `${PYTHON} with the ML stack`);
    await initEngine();
  });

  it('moves the imports of cells 3 and 4 into cell 1, leaves those of cell 5, and the program prints and writes the same', async () => {
    const text = notebook(CELLS);
    const config = { ...defaultConfig(), select: ['MLH203'] };
    const findings = analyzeText('t.ipynb', text, { config }).findings;
    assert.deepEqual(
      findings.map((f) => [f.cell?.cellIndex, f.fix ? 'fix' : 'none']),
      [
        [2, 'fix'],
        [3, 'fix'],
        [4, 'none'], // matplotlib.use() in the cell runs before pyplot is imported: left where it is
      ],
    );
    const edited = newCellTexts(notebookSource('t.ipynb', parseNotebookJson(text)), findings[0]!.fix!.edits);
    const after = CELLS.map((cell, i) => edited.get(i) ?? cell);
    assert.match(
      after[0]!,
      /^# Titanic-style exploration\nimport numpy as np\nimport pandas as pd\n%matplotlib inline\nfrom sklearn.model_selection import train_test_split\nfrom sklearn.linear_model import LogisticRegression\nrng/,
    );
    const { before, after: ran } = await runBeforeAndAfter('imports-top', program(CELLS), program(after));
    assert.equal(before.code, 0, before.stderr);
    assert.ok(before.written.size >= 2, 'the notebook writes its files');
    assert.deepEqual(differences(before, ran), []);
  });
});
