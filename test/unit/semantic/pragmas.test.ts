import assert from 'node:assert/strict';
import { initEngine, withModel } from '../../../src/core/engine';
import { applyEdits } from '../../../src/core/edits';
import { pythonSource } from '../../../src/core/parse/source';
import { suppressionEdit } from '../../../src/core/refactors/suppress';
import { lexPragma } from '../../../src/core/semantic/pragmas';

describe('the # mlh: pragma lexer (semantic/pragmas.ts)', () => {
  before(() => initEngine());

  it('reads the forms the README documents', () => {
    assert.deepEqual(lexPragma('# mlh: ignore[MLH101]'), { kind: 'ignore', codes: ['MLH101'], listEnd: 20 });
    assert.deepEqual(lexPragma('# mlh: ignore[MLH101, mlh102]'), { kind: 'ignore', codes: ['MLH101', 'MLH102'], listEnd: 28 });
    assert.deepEqual(lexPragma('# mlh: ignore'), { kind: 'ignore', codes: [], listEnd: null });
    assert.deepEqual(lexPragma('# mlh: ignore-file'), { kind: 'ignore-file', codes: [], listEnd: null });
    assert.deepEqual(lexPragma('#mlh:ignore [MLH101]'), { kind: 'ignore', codes: ['MLH101'], listEnd: 19 });
    assert.equal(lexPragma('# mlh: other'), null);
    assert.equal(lexPragma('# ignore[MLH101]'), null);
  });

  it('gives the suppressions and the "disable for this line" edit the same reading', () => {
    const text = 'a = f(1)  # mlh: ignore [MLH102]\nb = "# mlh: ignore[MLH102]"\n';
    withModel(pythonSource('p.py', text), (model) => {
      assert.deepEqual([...model.suppressions.get(0)!.codes], ['MLH102']);
      assert.equal(model.suppressions.has(1), false, 'a pragma in a string is text');
      const line = (n: number): string => applyEdits(text, [suppressionEdit(model, n, 'MLH101')!]).split('\n')[n]!;
      assert.equal(line(0), 'a = f(1)  # mlh: ignore [MLH102, MLH101]');
      assert.equal(line(1), 'b = "# mlh: ignore[MLH102]"  # mlh: ignore[MLH101]');
      assert.equal(suppressionEdit(model, 0, 'MLH102'), null, 'already suppressed');
    });
  });
});
