import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatKeyPath, indexKeyLines } from '../../../src/core/config/keylines';

const TEXT = `# comment [tool.ml-hygiene]
[project]
name = "demo"
description = """
select = ["MLH999"]
"""

[tool.ml-hygiene]
select = ['MLH1',
  # a comment with "MLH3"
  "MLH3"]
"extend-select" = [] # trailing
severity = { MLH101 = "off", "hard-coded-path" = 'hint' }

[tool . "ml-hygiene" . per-file-ignores]
"tests/**" = ["MLH1"]

[[tool.other]]
x = 1

[tool.ml-hygiene.monolithic-script]
min-statements = 30
`;

describe('config/keylines', () => {
  const lines = indexKeyLines(TEXT);

  it('finds table headers, keys, quoted keys and inline-table keys', () => {
    assert.equal(lines.lineOf(['project', 'name']), 3);
    assert.equal(lines.lineOf(['tool', 'ml-hygiene']), 8);
    assert.equal(lines.lineOf(['tool', 'ml-hygiene', 'select']), 9);
    assert.equal(lines.lineOf(['tool', 'ml-hygiene', 'extend-select']), 12);
    assert.equal(lines.lineOf(['tool', 'ml-hygiene', 'severity', 'hard-coded-path']), 13);
    assert.equal(lines.lineOf(['tool', 'ml-hygiene', 'per-file-ignores', 'tests/**']), 16);
    assert.equal(lines.lineOf(['tool', 'other', 'x']), 19);
    assert.equal(lines.lineOf(['tool', 'ml-hygiene', 'monolithic-script', 'min-statements']), 22);
  });

  it('does not take keys from comments or multi-line strings', () => {
    // `select` inside the """ string of line 4 must not shadow the real one on line 9.
    assert.equal(lines.lineOf(['project', 'select']), 2);
    assert.equal(lines.lineOfItem(['tool', 'ml-hygiene', 'select'], 'MLH3'), 11);
  });

  it('finds array items and falls back to the nearest written prefix', () => {
    assert.equal(lines.lineOfItem(['tool', 'ml-hygiene', 'select'], 'MLH1'), 9);
    assert.equal(lines.lineOfItem(['tool', 'ml-hygiene', 'select'], 'MLH42'), 9);
    assert.equal(lines.lineOf(['tool', 'ml-hygiene', 'monolithic-script', 'nope']), 21);
    assert.equal(lines.lineOf(['nothing']), undefined);
  });

  it('quotes key segments that are not bare keys', () => {
    assert.equal(formatKeyPath(['tool', 'ml-hygiene', 'per-file-ignores', 'tests/**']), 'tool.ml-hygiene.per-file-ignores."tests/**"');
  });

  it('never throws or hangs on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', "'", '=', '.', ',', '#', '\n', ' ', 'a', '\\') }), (text) => {
        const index = indexKeyLines(text);
        const line = index.lineOf(['a']);
        assert.ok(line === undefined || (line >= 1 && line <= text.split('\n').length));
      }),
      { numRuns: 500 },
    );
  });
});
