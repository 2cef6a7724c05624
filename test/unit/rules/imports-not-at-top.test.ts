import assert from 'node:assert/strict';
import { initEngine } from '../../../src/core/engine';
import { notebookSource, parseNotebookJson } from '../../../src/core/parse/source';
import { newCellTexts } from '../../../src/core/refactors/apply';
import { importsNotAtTop } from '../../../src/core/rules/notebook/imports-not-at-top';
import { findingsOf, notebook, ruleTester } from './tester';

const nb = (cells: Array<string | { markdown: string }>) => ({ path: 'x.ipynb', code: notebook(cells) });

ruleTester(importsNotAtTop, {
  valid: [
    { name: 'a script is not a notebook', code: 'x = 1\nimport os\n' },
    { name: 'every import in the first cell', ...nb(['import numpy as np\nimport pandas as pd', 'df = pd.DataFrame()\ndf.head()']) },
    {
      name: 'import-only cells right after each other, then code',
      ...nb(['import numpy as np', { markdown: '## more' }, 'from sklearn.svm import SVC\n# models', 'x = np.ones(3)']),
    },
    {
      name: 'magics and a docstring are not code',
      ...nb(['"""Exploration."""\n%matplotlib inline\n!pip list', 'import numpy as np', 'x = np.ones(3)']),
    },
    { name: 'imports inside a function', ...nb(['x = 1', 'def load():\n    import pandas as pd\n    return pd.DataFrame()']) },
    {
      name: 'a try block of optional imports, before or after code',
      ...nb([
        'try:\n    import xgboost\nexcept ImportError:\n    xgboost = None',
        'x = 1',
        'try:\n    import lightgbm\nexcept ImportError:\n    pass',
      ]),
    },
    { name: 'an import below code in the same (first) cell', ...nb(['x = 1\nimport os', 'print(os.getcwd())']) },
    { name: 'a `from __future__` import applies to its own cell', ...nb(['x = 1', 'from __future__ import annotations\ny: int = 2']) },
    { name: 'an import in a conditional block', ...nb(['x = 1', 'if x:\n    import os']) },
    { name: 'suppressed', ...nb(['x = 1', 'import os  # mlh: ignore[MLH203]']) },
  ],
  invalid: [
    {
      name: 'an import cell after code, reported once at its first import',
      ...nb([
        'import numpy as np\nx = np.ones(3)',
        { markdown: 'next' },
        '# plots\nimport matplotlib.pyplot as plt\nimport seaborn as sns\nplt.plot(x)',
      ]),
      errors: [
        {
          cell: 3,
          line: 2,
          column: 1,
          endColumn: 32,
          message:
            /^Cell 3 imports matplotlib, seaborn after cell 1 has run code: a notebook's imports belong in its first code cell \(cell 1\)/,
        },
      ],
    },
    {
      name: 'every import cell after the first cell with code, import-only cells included',
      ...nb(['import os', 'import numpy as np', 'x = np.ones(3)', 'import pandas as pd', 'from sklearn import svm\nclf = svm.SVC()']),
      errors: [
        { cell: 4, line: 1, column: 1, message: /^Cell 4 imports pandas after cell 3 has run code.*first code cell \(cell 1\)/ },
        { cell: 5, line: 1, column: 1, message: /^Cell 5 imports sklearn after cell 3/ },
      ],
    },
    {
      name: 'no fix when sys.path is changed above the import',
      ...nb(['import sys\nsys.path.append("../src")', 'import helpers']),
      errors: [
        { cell: 2, line: 1, column: 1, message: /Not moved automatically: line 2 of cell 1 changes the environment the import runs in\.$/ },
      ],
    },
    {
      name: 'no fix when a shell line installs the package above it',
      ...nb(['import os\nprint(os.getcwd())', '!pip install lightgbm', 'import lightgbm']),
      errors: [
        {
          cell: 3,
          line: 1,
          column: 1,
          message: /Not moved automatically: line 1 of cell 2 \(`!pip install lightgbm`\) runs before the import/,
        },
      ],
    },
    {
      name: 'no fix when the import would shadow a name the cells above bind',
      ...nb(['import numpy as np\ndef f(x):\n    return x', 'print(f(2))', 'from math import factorial as f']),
      errors: [{ cell: 3, line: 1, column: 1, message: /Not moved automatically: line 2 of cell 1 binds `f` before the import does\.$/ }],
    },
  ],
});

/** The cells of a notebook after the first MLH203 fix (all its edits at once, as the editor applies them). */
function fixed(cells: string[]): string[] {
  const code = notebook(cells);
  const finding = findingsOf(importsNotAtTop, { path: 'x.ipynb', code }).find((f) => f.fix);
  assert.ok(finding?.fix, 'a finding with a fix');
  assert.equal(finding.fix.applicability, 'unsafe');
  const texts = newCellTexts(notebookSource('x.ipynb', parseNotebookJson(code)), finding.fix.edits);
  return cells.map((text, i) => texts.get(i) ?? text);
}

describe('MLH203 fix: the imports move to the first code cell', () => {
  before(() => initEngine());

  it('moves every flagged cell in one fix, in order, after the first cell imports, dropping exact duplicates', () => {
    assert.deepEqual(
      fixed([
        '# setup\nimport numpy as np\n%matplotlib inline\nx = np.ones(3)',
        'import pandas as pd\nimport numpy  as np\ndf = pd.DataFrame({"x": x})',
        'import seaborn as sns',
        'df.head()\nfrom sklearn.svm import SVC\nimport pandas as pd\nclf = SVC()',
      ]),
      [
        '# setup\nimport numpy as np\n%matplotlib inline\nimport pandas as pd\nimport seaborn as sns\nfrom sklearn.svm import SVC\nx = np.ones(3)',
        'df = pd.DataFrame({"x": x})',
        '',
        'df.head()\nclf = SVC()',
      ],
    );
  });

  it('puts them at the top of a first cell without imports, below a cell magic, and keeps a multi-line import whole', () => {
    assert.deepEqual(fixed(['%%time\nx = 1', 'from os.path import (\n    join,\n    exists,\n)\nprint(join("a", "b"))']), [
      '%%time\nfrom os.path import (\n    join,\n    exists,\n)\nx = 1',
      'print(join("a", "b"))',
    ]);
    assert.deepEqual(fixed(['# data\nx = 1', 'y = 2\nimport os']), ['# data\nimport os\nx = 1', 'y = 2']);
  });

  it('leaves an IPython line above a moved import alone', () => {
    assert.deepEqual(fixed(['import os\nx = 1', '%matplotlib inline\nimport matplotlib.pyplot as plt']), [
      'import os\nimport matplotlib.pyplot as plt\nx = 1',
      '%matplotlib inline\n',
    ]);
  });

  it('moves the cells it can and names the reason on the ones it cannot', () => {
    const code = notebook(['import sys\nx = 1', 'import json', 'sys.path.insert(0, "lib")', 'import helpers']);
    const findings = findingsOf(importsNotAtTop, { path: 'x.ipynb', code });
    assert.deepEqual(
      findings.map((f) => [f.cell?.cellIndex, f.fix ? 'fix' : 'none']),
      [
        [1, 'fix'],
        [3, 'none'],
      ],
    );
    const texts = newCellTexts(notebookSource('x.ipynb', parseNotebookJson(code)), findings[0]!.fix!.edits);
    assert.deepEqual(
      [...texts],
      [
        [0, 'import sys\nimport json\nx = 1'],
        [1, ''],
      ],
    );
  });

  it('tells code that changes what an import finds from code that only looks', () => {
    const fixOf = (first: string): string => {
      const [finding] = findingsOf(importsNotAtTop, nb([first, 'import keras']));
      return finding?.fix ? 'fix' : (/Not moved automatically: (.*)\.$/.exec(finding?.message ?? '')?.[1] ?? 'no finding');
    };
    assert.equal(fixOf('from subprocess import check_output\nprint(check_output(["ls", "../input"]).decode("utf8"))'), 'fix');
    assert.equal(fixOf('import os\nprint(os.environ.get("HOME"), os.listdir("."))\nos.system("ls data")'), 'fix');
    assert.equal(fixOf('import os\nos.environ["KERAS_BACKEND"] = "theano"'), 'line 2 of cell 1 changes the environment the import runs in');
    assert.equal(
      fixOf('import subprocess\nsubprocess.run(["pip", "install", "keras"])'),
      'line 2 of cell 1 changes the environment the import runs in',
    );
    assert.equal(fixOf('import os\nos.chdir("src")'), 'line 2 of cell 1 changes the environment the import runs in');
    assert.equal(fixOf('x = 1\n%cd src'), 'line 2 of cell 1 (`%cd src`) runs before the import and may be what it needs');
    assert.equal(fixOf('x = 1\n%matplotlib inline\n!ls ../input'), 'fix');
  });

  it('offers no fix when the first code cell is not Python', () => {
    const findings = findingsOf(importsNotAtTop, nb(['%%bash\nls', 'x = 1', 'import os']));
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.fix, null);
    assert.match(findings[0]!.message, /Not moved automatically: the first code cell is a %%bash cell, not Python\.$/);
  });
});
