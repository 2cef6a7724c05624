import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dirname, join } from 'node:path';
import { analyzeText, initEngine, withModel } from '../../../src/core/engine';
import type { ParamsEnv, ParamsFormat } from '../../../src/core/params';
import { codecFor, isTree, lookup, pyValueOf, sameValue } from '../../../src/core/params';
import { pythonSource } from '../../../src/core/parse/source';
import { newContents } from '../../../src/core/refactors/apply';
import { extractConfig } from '../../../src/core/refactors/extractConfig';
import { payloadOf } from '../../../src/core/types';

/** Python literal source for a random value: ints in any base, floats in any notation, escaped strings, tuples. */
const number = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.bigInt({ min: 0n, max: 2n ** 62n }).map((n) => `0x${n.toString(16)}`),
  fc.integer({ min: 0, max: 9999 }).map((n) => `1_${String(n).padStart(3, '0')}`),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }).map((x) => {
    const text = String(Math.abs(x));
    return /[e.]/.test(text) ? text : `${text}.0`;
  }),
  fc.constantFrom('1e-7', '.5', '5.', '1E3', '2.5e+10', '0.1', '1e-320'),
  fc.bigInt({ min: 2n ** 63n, max: 2n ** 80n }).map(String),
);
const text = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.constantFrom(
    '"yes"',
    '"no"',
    '"null"',
    '"1.0"',
    "'2024-01-31'",
    '"a\\tb"',
    '"\\x7f"',
    '"\\u00e9"',
    "r'C:\\data'",
    '"~"',
    '"on"',
    "'\\''",
    '"<<"',
    '"="',
    '"12e3"',
    '" x "',
    '"- a"',
    '"#c"',
  ),
);
const scalar = fc.oneof(number, text, fc.constantFrom('True', 'False'));
const literal = fc.oneof(
  { weight: 3, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { minLength: 1, maxLength: 4 }).map((items) => `(${items.join(', ')},)`) },
  { weight: 1, arbitrary: fc.array(scalar, { minLength: 1, maxLength: 4 }).map((items) => `[${items.join(', ')}]`) },
);

function envFor(path: string, format: ParamsFormat): ParamsEnv {
  const file = `params.${format}`;
  return {
    params: { path: join(dirname(path), file), format, text: null },
    loader: { path: join(dirname(path), 'params.py'), module: 'params', relativeParams: file, exists: false },
  };
}

/**
 * For any literal hyperparameter: extract-config writes a params file from which the value reads
 * back as exactly the Python value of the literal (type included), and the rewritten code parses.
 */
describe('property: a moved value reads back as the very value of its literal', () => {
  before(() => initEngine());

  for (const format of ['yaml', 'toml', 'json'] as const) {
    it(`in ${format}`, () => {
      fc.assert(
        fc.property(literal, literal, (a, b) => {
          const path = '/project/train.py';
          const code = `from sklearn.svm import SVC\nmodel = SVC(C=${a}, kernel=${b})\n`;
          const findings = analyzeText(path, code).findings.filter((f) => f.code === 'MLH101');
          const env = envFor(path, format);
          const result = withModel(pythonSource(path, code), (m) => extractConfig(m, env, findings));
          const expected = withModel(pythonSource(path, code), (m) =>
            findings.map((f) => ({ parameter: String(payloadOf(f, 'MLH101')?.parameter), value: pyValueOfRange(m, f.range) })),
          );
          // Only values the params file cannot hold unchanged are refused, each with a reason.
          const storable = expected.filter((e) => e.value !== null && !(format === 'toml' && exceeds64Bits(e.value)));
          assert.equal(result.refused.length, expected.length - storable.length, JSON.stringify(result.refused));
          if (!result.change) {
            assert.equal(storable.length, 0);
            return;
          }
          const files = newContents(result.change, () => code);
          const tree = codecFor(format).read(files.get(env.params.path)!, env.params.path);
          const rewritten = files.get(path)!;
          assert.equal(
            withModel(pythonSource(path, rewritten), (m) => m.syntaxErrors.length),
            0,
            rewritten,
          );
          for (const { parameter, value } of storable) {
            if (!value) continue;
            const stored = lookup(tree, ['model', 'svc', parameter]);
            assert.ok(
              stored && !isTree(stored) && sameValue(stored, value),
              `${parameter}: ${JSON.stringify(stored, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
            );
          }
        }),
        { numRuns: 150 },
      );
    });
  }
});

function pyValueOfRange(
  model: Parameters<Parameters<typeof withModel>[1]>[0],
  range: { start: { line: number; character: number }; end: { line: number; character: number } },
) {
  const stack = [model.tree.rootNode];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (
      node.startPosition.row === range.start.line &&
      node.startPosition.column === range.start.character &&
      node.endPosition.row === range.end.line &&
      node.endPosition.column === range.end.character
    ) {
      try {
        return pyValueOf(node);
      } catch {
        return null;
      }
    }
    stack.push(...node.children);
  }
  return null;
}

function exceeds64Bits(value: ReturnType<typeof pyValueOf>): boolean {
  if (value.kind === 'int') return value.value >= 2n ** 63n || value.value < -(2n ** 63n);
  if (value.kind === 'list' || value.kind === 'tuple') return value.items.some(exceeds64Bits);
  return false;
}
