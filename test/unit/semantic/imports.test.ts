import assert from 'node:assert/strict';
import { initEngine, withModel } from '../../../src/core/engine';
import { pythonSource } from '../../../src/core/parse/source';

describe('semantic: imports', () => {
  before(() => initEngine());

  it('records each `import *` with its module, its `*` and its statement, in a block or a definition too, and binds no name for it', () => {
    const code = [
      'from os.path import *', // statement 0
      'import numpy as np', // 1
      'if np:', // 2
      '    from math import *',
      'def f():', // 3
      '    from json import *',
      '    import re',
      '',
    ].join('\n');
    const seen = withModel(pythonSource('s.py', code), (model) => ({
      stars: model.starImports.map((s) => [s.module, s.node.text, s.node.startPosition.row + 1, s.statement]),
      bound: [...model.importMap.keys()],
      statements: model.importStatements.map((node) => node.startPosition.row + 1),
    }));
    assert.deepEqual(seen.stars, [
      ['os.path', '*', 1, 0],
      ['math', '*', 4, 2],
      ['json', '*', 6, 3],
    ]);
    assert.deepEqual(seen.bound, ['np'], "a definition's own imports bind in its scope, not the module's");
    assert.deepEqual(seen.statements, [1, 2, 4, 6, 7], 'every import statement, at any depth, in order');
  });
});
