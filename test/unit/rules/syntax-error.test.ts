import assert from 'node:assert/strict';
import { defaultConfig } from '../../../src/core/config/types';
import { analyzeText, initEngine, withModel } from '../../../src/core/engine';
import { pythonSource } from '../../../src/core/parse/source';
import { addMainGuard } from '../../../src/core/refactors/mainGuard';
import { syntaxError } from '../../../src/core/rules/structure/syntax-error';
import { notebook, ruleTester } from './tester';

ruleTester(syntaxError, {
  valid: [
    'x = 1\n',
    { code: 'def f(a, *, b=2):\n    return a + b\n\nmatch x:\n    case 1:\n        pass\n', name: 'modern syntax' },
    { code: 'print("a", "b")\nprint ("spaced")\n', name: 'print as a function, with or without a space' },
    { code: notebook(['%matplotlib inline\nimport numpy as np', '!pip install x\nx = 1']), path: 'ok.ipynb', name: 'magics are masked' },
    { code: '', name: 'an empty file' },
    {
      code: JSON.stringify({
        nbformat: 4,
        nbformat_minor: 2,
        metadata: { kernelspec: { name: 'python2' }, language_info: { name: 'python', version: '2.7.12' } },
        cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: 'print "hello"' }],
      }),
      path: 'py2.ipynb',
      name: 'a notebook that declares Python 2: its print statements are Python 2',
    },
  ],
  invalid: [
    {
      code: 'def broken(:\n    pass\nx = 1\n',
      name: 'a missing parameter: at the point the parser stopped',
      errors: [{ line: 1, column: 12, message: /Syntax error: expected/ }],
    },
    {
      code: 'x = (1, 2\ny = 3\n',
      name: 'an unclosed bracket: the finding stays on the first line',
      errors: [{ line: 1, column: 1, endLine: 1, message: /Syntax error/ }],
    },
    {
      code: '\n# coding: utf-8\n\n# In[ ]:\n\n\n{"nbformat_minor": 1, "metadata": {"a": 0}\n',
      name: 'at the code, not at the comments the parser swept into the error',
      errors: [{ line: 7, column: 1 }],
    },
    {
      code: 'import os\nprint "hello"\n',
      name: 'a Python 2 print statement',
      errors: [{ line: 2, column: 1, message: /`print` as a statement is Python 2/ }],
    },
    {
      code: JSON.stringify({
        nbformat: 4,
        nbformat_minor: 2,
        metadata: { language_info: { name: 'python', version: '3.6.4' } },
        cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: 'print "hello"' }],
      }),
      path: 'py3.ipynb',
      name: 'a Python 2 print statement in a notebook that declares Python 3',
      errors: [{ cell: 1, line: 1, column: 1, message: /`print` as a statement/ }],
    },
    {
      code: notebook(['import pandas as pd', { markdown: '# title' }, 'df = pd.read_csv("a.csv")\nif df.empty\n    pass']),
      path: 'broken.ipynb',
      name: 'a notebook: on the cell that holds the error',
      errors: [{ cell: 3, line: 2, column: 1, message: /Syntax error/ }],
    },
    {
      code: 'def f(:\n    pass\n'.repeat(25),
      name: 'at most 20 per file',
      errors: Array.from({ length: 20 }, (_, i) => ({ line: 2 * i + 1, column: 7 })),
    },
  ],
});

describe('MLH004 syntax-error: the rest of the file', () => {
  before(() => initEngine());

  it('is still checked, as Ruff does: other rules report around the error', () => {
    const code = [
      'import pandas as pd',
      'df = pd.read_csv("/data/train.csv")',
      'def broken(:',
      '    pass',
      'a = df[["age", "income", "tenure"]]',
      'b = df[["age", "income", "tenure"]]',
      '',
    ].join('\n');
    const codes = analyzeText('job.py', code, { config: defaultConfig() }).findings.map((f) => `${f.code}:${f.range.start.line + 1}`);
    assert.ok(codes.includes('MLH004:3'), codes.join(' '));
    assert.ok(codes.includes('MLH102:2'), codes.join(' '));
    assert.ok(codes.includes('MLH002:5'), codes.join(' '));
  });

  it('is on by default, as an error', () => {
    const findings = analyzeText('x.py', 'def f(:\n  pass\n').findings.filter((f) => f.code === 'MLH004');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.severity, 'error');
  });

  it('leaves the refactors refusing the file', () => {
    const code = 'import pandas as pd\ndf = pd.read_csv("a.csv")\ndef broken(:\n    pass\ndf.to_csv("b.csv")\n';
    const result = withModel(pythonSource('job.py', code), addMainGuard);
    assert.equal(result.change, null);
    assert.match(result.refused[0]!.reason, /does not parse/);
  });
});
