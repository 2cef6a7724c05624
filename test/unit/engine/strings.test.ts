import assert from 'node:assert/strict';
import { initEngine, withModel } from '../../../src/core/engine';
import { stringValue } from '../../../src/core/semantic';
import { pythonSource } from '../../../src/core/parse/source';

function valueOf(literal: string): string | null {
  return withModel(pythonSource('s.py', `x = ${literal}\n`), (model) => {
    const right = model.statements[0]!.node.namedChild(0)!.childForFieldName('right')!;
    return stringValue(right);
  });
}

describe('string literal values', () => {
  before(() => initEngine());
  it('decodes escapes, keeps raw strings raw, and refuses interpolation', () => {
    assert.equal(valueOf('"C:\\\\data\\\\x.csv"'), 'C:\\data\\x.csv');
    assert.equal(valueOf('r"C:\\data"'), 'C:\\data');
    assert.equal(valueOf('"a\\tb\\n"'), 'a\tb\n');
    assert.equal(valueOf('"\\x41\\u00e9"'), 'Aé');
    assert.equal(valueOf("'plain'"), 'plain');
    assert.equal(valueOf('f"{x}.csv"'), null);
    assert.equal(valueOf('f"static.csv"'), 'static.csv');
  });
});
