import { unreadableInput } from '../../../src/core/rules/structure/unreadable-input';
import { notebook, ruleTester } from './tester';

// The byte-level cases (non-UTF-8, binary, size limit, unreadable file) are in test/unit/engine/engine.test.ts,
// since they start from bytes; these go through the text entry point the editor uses.
ruleTester(unreadableInput, {
  valid: [
    'x = 1\n',
    { code: 'def broken(:\n    pass\n', name: 'a syntax error is not unreadable input: the rest is still analysed' },
    { code: notebook(['%matplotlib inline\nimport numpy as np']), path: 'ok.ipynb', name: 'a notebook with magics' },
    { code: notebook([]), path: 'empty.ipynb', name: 'an empty notebook' },
  ],
  invalid: [
    { code: '{"cells": [', path: 'cut.ipynb', errors: [{ line: 1, column: 1, message: /malformed notebook: not valid JSON/ }] },
    {
      code: JSON.stringify({ nbformat: 3, worksheets: [] }),
      path: 'v3.ipynb',
      errors: [{ line: 1, column: 1, message: /nbformat 3 is not supported/ }],
    },
    {
      code: JSON.stringify({ nbformat: 4, cells: [{ cell_type: 'code', source: 42 }] }),
      path: 'bad-cell.ipynb',
      errors: [{ line: 1, column: 1, message: /cell 1 has no text source/ }],
    },
    {
      code: 'x = ' + '1 + '.repeat(30000) + '1\n',
      name: 'nested too deeply',
      errors: [{ line: 1, column: 1, message: /nested too deeply/ }],
    },
  ],
});
