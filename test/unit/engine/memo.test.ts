import assert from 'node:assert/strict';
import { initEngine, withModel } from '../../../src/core/engine';
import { memoKey, remember } from '../../../src/core/memo';
import type { Memo } from '../../../src/core/memo';
import { copyTree } from '../../../src/core/parse/mirror';
import { parsePython, parseToSyntax, pythonLanguage } from '../../../src/core/parse/parser';
import { pythonSource } from '../../../src/core/parse/source';
import { callIndex } from '../../../src/core/rules/flow-facts';
import { readString } from '../../../src/core/semantic/strings';

describe('memo: facts kept as long as their model or tree', () => {
  before(() => initEngine());

  it('makes a fact once per memo, also when the fact is undefined or null', () => {
    const memo: Memo = new Map();
    const other: Memo = new Map();
    const key = memoKey<string[]>('list');
    const empty = memoKey<undefined>('nothing');
    let made = 0;
    const first = remember(memo, key, () => (made++, ['a']));
    assert.equal(
      remember(memo, key, () => (made++, ['b'])),
      first,
    );
    assert.deepEqual(
      remember(other, key, () => (made++, ['c'])),
      ['c'],
      'another memo has its own',
    );
    assert.equal(made, 2);
    let emptyMade = 0;
    remember(memo, empty, () => void emptyMade++);
    remember(memo, empty, () => void emptyMade++);
    assert.equal(emptyMade, 1, 'an undefined fact is not made again');
    assert.equal(remember(memo, memoKey<string[]>('list'), () => ['d'])[0], 'd', 'keys are compared by identity, not name');
  });

  it('keeps a model’s facts in the model: one call index per model, a fresh one for the next model of the same text', () => {
    const source = pythonSource('m.py', 'import numpy as np\nx = np.zeros(3)\ny = np.ones(2)\n');
    const [first, again] = withModel(source, (model) => [callIndex(model), callIndex(model)] as const);
    assert.equal(first, again);
    assert.equal(first.size, 2);
    const next = withModel(source, (model) => callIndex(model));
    assert.notEqual(next, first);
  });

  it('keeps decoded literals per copy of a tree; a statement reused by the next copy is decoded for it again', () => {
    const before = 'a = "x\\ty"\n';
    const after = '# new\na = "x\\ty"\n';
    const previous = parseToSyntax(before);
    const literal = previous.rootNode.descendantsOfType('string')[0]!;
    const decoded = readString(literal);
    assert.equal(decoded?.value, 'x\ty');
    assert.equal(readString(literal), decoded, 'decoded once per copy');
    const secondTree = parsePython(after);
    const copy = copyTree(secondTree, after, pythonLanguage(), previous);
    secondTree.delete();
    const moved = copy.rootNode.descendantsOfType('string')[0]!;
    assert.equal(moved, literal, 'the statement was reused');
    const again = readString(moved);
    assert.notEqual(again, decoded, 'the new copy decodes for itself');
    assert.deepEqual(again, decoded);
  });
});
