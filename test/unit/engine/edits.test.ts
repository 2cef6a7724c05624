import { strict as assert } from 'node:assert';
import { applyEdits, coalesceEdits } from '../../../src/core/edits';
import type { OffsetEdit } from '../../../src/core/edits';
import type { TextEdit } from '../../../src/core/types';

/** Applies offset edits one at a time, last first, as an editor applying a WorkspaceEdit does. */
function applyOneByOne(text: string, edits: readonly OffsetEdit[]): string {
  let out = text;
  for (const edit of [...edits].reverse()) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}

const at = (line: number, character: number) => ({ line, character });
const edit = (sl: number, sc: number, el: number, ec: number, newText: string): TextEdit => ({
  range: { start: at(sl, sc), end: at(el, ec) },
  newText,
});

describe('coalesceEdits', () => {
  const text = 'import os\nx = 1\ny = f(x, 2)\nprint(y)\n';

  it('merges a deletion and an insertion that touch, so an editor cannot reorder them', () => {
    const edits = [edit(1, 0, 2, 0, ''), edit(2, 0, 2, 0, 'z = 3\n')];
    const merged = coalesceEdits(text, edits);
    assert.equal(merged.length, 1);
    assert.equal(applyOneByOne(text, merged), applyEdits(text, edits));
  });

  it('keeps apart edits that do not touch, each trimmed to what changes', () => {
    const edits = [edit(1, 0, 1, 5, 'x = 10'), edit(3, 0, 3, 8, 'print(y)  # same start')];
    const merged = coalesceEdits(text, edits);
    assert.deepEqual(
      merged.map((e) => text.slice(e.start, e.end)),
      ['', ''],
    );
    assert.deepEqual(
      merged.map((e) => e.newText),
      ['0', '  # same start'],
    );
    assert.equal(applyOneByOne(text, merged), applyEdits(text, edits));
  });

  it('drops edits that change nothing and refuses overlapping ones', () => {
    assert.deepEqual(coalesceEdits(text, [edit(1, 0, 1, 5, 'x = 1')]), []);
    assert.throws(() => coalesceEdits(text, [edit(1, 0, 1, 5, 'a'), edit(1, 2, 2, 0, 'b')]), /overlapping/);
  });

  it('gives the same text as applyEdits on random non-overlapping edits', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const lines = text.split('\n');
    for (let round = 0; round < 500; round++) {
      const points: Array<{ line: number; character: number }> = [];
      const count = 2 * (1 + random(4));
      for (let i = 0; i < count; i++) {
        const line = random(lines.length);
        points.push(at(line, random(lines[line]!.length + 1)));
      }
      points.sort((a, b) => a.line - b.line || a.character - b.character);
      const edits: TextEdit[] = [];
      for (let i = 0; i < points.length; i += 2)
        edits.push({ range: { start: points[i]!, end: points[i + 1]! }, newText: ['', 'a', 'x = 1', '\n'][random(4)]! });
      assert.equal(applyOneByOne(text, coalesceEdits(text, edits)), applyEdits(text, edits), JSON.stringify(edits));
    }
  });
});
