import assert from 'node:assert/strict';
import type { ParamsEntry, ParamsFormat, ParamsTree, PyValue } from '../../../src/core/params';
import {
  codecFor,
  formatFloat,
  isTree,
  lookup,
  ParamsFileError,
  pyyamlPlainScalar,
  sameValue,
  verifyMerge,
} from '../../../src/core/params';
import { py } from '../refactors/helpers';

const int = (value: number): PyValue => ({ kind: 'int', value: BigInt(value) });
const float = (value: number): PyValue => ({ kind: 'float', value });
const str = (value: string): PyValue => ({ kind: 'str', value });
const bool = (value: boolean): PyValue => ({ kind: 'bool', value });
const list = (...items: PyValue[]): PyValue => ({ kind: 'list', items });

/** Values that a careless writer gets wrong: PyYAML reads `1e-07` and `yes` as something else. */
const TRICKY: ParamsEntry[] = [
  { path: ['seed'], value: int(42) },
  { path: ['model', 'svc', 'C'], value: float(1) },
  { path: ['model', 'svc', 'tol'], value: float(1e-7) },
  { path: ['model', 'svc', 'big'], value: float(1e21) },
  { path: ['model', 'svc', 'negative'], value: float(-0.5) },
  { path: ['model', 'svc', 'kernel'], value: str('yes') },
  { path: ['model', 'svc', 'looks_numeric'], value: str('1.0') },
  { path: ['model', 'svc', 'empty_ish'], value: str('null') },
  { path: ['model', 'svc', 'shrinking'], value: bool(false) },
  { path: ['model', 'svc', 'sizes'], value: list(int(100), int(50)), layout: 'inline' },
  { path: ['data', 'input_path'], value: str('C:\\data\\train "final".csv') },
  { path: ['data', 'unicode_path'], value: str('données/é\u007f.csv') },
  { path: ['features'], value: list(str('age'), str('on'), str('income')), layout: 'block' },
];

function readBack(format: ParamsFormat, text: string): ParamsTree {
  return codecFor(format).read(text, `params.${format}`);
}

function assertHolds(tree: ParamsTree, entries: readonly ParamsEntry[]): void {
  for (const entry of entries) {
    const found = lookup(tree, entry.path);
    assert.ok(found && !isTree(found), `${entry.path.join('.')} is a value`);
    assert.ok(
      sameValue(found, entry.value),
      `${entry.path.join('.')} reads back as written: ${JSON.stringify(found, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
    );
  }
}

describe('params files: floats and PyYAML scalars', () => {
  it('formats floats so that Python, PyYAML, TOML and JSON all read a float', () => {
    const table: Array<[number, string]> = [
      [1, '1.0'],
      [0.5, '0.5'],
      [1e-7, '1.0e-7'],
      [1.5e-7, '1.5e-7'],
      [1e21, '1.0e+21'],
      [-0, '-0.0'],
      [123.456, '123.456'],
      [-2, '-2.0'],
    ];
    for (const [value, text] of table) assert.equal(formatFloat(value), text, String(value));
  });

  it('reads plain YAML scalars as PyYAML (YAML 1.1) does', () => {
    const table: Array<[string, unknown]> = [
      ['yes', { kind: 'bool', value: true }],
      ['Off', { kind: 'bool', value: false }],
      ['1e-7', { kind: 'str', value: '1e-7' }],
      ['1.0e-7', { kind: 'float', value: 1e-7 }],
      ['1_000', { kind: 'int', value: 1000n }],
      ['010', { kind: 'unknown' }],
      ['0x1F', { kind: 'unknown' }],
      ['~', { kind: 'unknown' }],
      ['2024-01-31', { kind: 'unknown' }],
      ['adam', { kind: 'str', value: 'adam' }],
      ['.5', { kind: 'float', value: 0.5 }],
      ['-3', { kind: 'int', value: -3n }],
    ];
    for (const [text, expected] of table) assert.deepEqual(pyyamlPlainScalar(text), expected, text);
  });
});

for (const format of ['yaml', 'toml', 'json'] as const) {
  describe(`params files: ${format}`, () => {
    const codec = codecFor(format);

    it('writes a new file whose every value reads back as the Python value it came from', () => {
      const text = codec.render(null, TRICKY, `params.${format}`);
      assertHolds(readBack(format, text), TRICKY);
    });

    it('puts the groups in pipeline order: seed, data, features, model (TOML: plain keys before tables)', () => {
      const text = codec.render(null, TRICKY, `params.${format}`);
      const at = (key: string): number => text.search(new RegExp(`^\\s*"?\\[?${key}\\b`, 'm'));
      const order = format === 'toml' ? ['seed', 'features', 'data', 'model'] : ['seed', 'data', 'features', 'model'];
      for (let i = 1; i < order.length; i++) assert.ok(at(order[i - 1]!) < at(order[i]!), `${order[i - 1]} before ${order[i]}:\n${text}`);
    });

    it('refuses a file that does not parse, naming the file and the line', () => {
      const broken = {
        yaml: 'seed: 1\nmodel: [1, 2\nother: 3\n',
        toml: 'seed = 1\n[model\nx = 2\n',
        json: '{\n  "seed": 1,\n  "model": }\n',
      }[format];
      assert.throws(
        () => codec.render(broken, [{ path: ['x'], value: int(1) }], `conf/params.${format}`),
        (error: unknown) =>
          error instanceof ParamsFileError && error.file === `conf/params.${format}` && error.line !== undefined && error.line >= 2,
      );
    });

    it('refuses a file whose top level is not a mapping', () => {
      const text = { yaml: '- 1\n- 2\n', toml: null, json: '[1, 2]\n' }[format];
      if (text === null) return; // a TOML document is always a table
      assert.throws(() => codec.read(text, 'p'), ParamsFileError);
    });
  });
}

describe('params files: merging keeps what is there', () => {
  it('YAML: comments, order, formatting and values of the existing file stay; new keys join their groups', () => {
    const existing = [
      '# Team parameters: reviewed weekly.',
      'seed: 7  # the seed of record',
      '',
      'model:',
      '  # the production forest',
      '  random_forest_classifier:',
      '    n_estimators: 300',
      '    max_features: sqrt',
      '',
      'threshold: 0.35',
      '',
    ].join('\n');
    const entries: ParamsEntry[] = [
      { path: ['model', 'random_forest_classifier', 'max_depth'], value: int(8) },
      { path: ['data', 'input_path'], value: str('data/train.csv') },
    ];
    const merged = codecFor('yaml').render(existing, entries, 'params.yaml');
    // The document API keeps every comment and value; it normalises the space before a comment.
    const squash = (text: string): string => text.replace(/\s+/g, ' ');
    for (const line of existing.split('\n').filter((l) => l.trim() !== ''))
      assert.ok(squash(merged).includes(squash(line)), `kept: ${line}\n${merged}`);
    assert.ok(
      merged.indexOf('max_depth: 8') > merged.indexOf('max_features: sqrt') && merged.indexOf('max_depth: 8') < merged.indexOf('threshold'),
      merged,
    );
    assert.ok(merged.indexOf('data:') > merged.indexOf('threshold'), 'a new group goes after the existing ones');
    verifyMerge(readBack('yaml', existing), readBack('yaml', merged), entries, 'params.yaml');
  });

  it('YAML: existing scalars keep their exact text, so PyYAML reads them as before (1.0e-7 stays a float, 12e3 a string)', () => {
    const existing = py('a: 1.0e-7', 'b: 12e3', 'c: 1_000', 'd: 010', 'e: yes', 'f: !!float 1', 'g: [1.0e-7, 0x1F]', 'h: ~');
    const merged = codecFor('yaml').render(existing, [{ path: ['z'], value: int(1) }], 'params.yaml');
    for (const line of ['a: 1.0e-7', 'b: 12e3', 'c: 1_000', 'd: 010', 'e: yes', '1.0e-7, 0x1F', 'h: ~'])
      assert.ok(merged.includes(line), `${line}\n${merged}`);
    assert.ok(/^f: !!float "?1"?$/m.test(merged), 'an explicitly tagged scalar keeps its tag (the package may quote it)');
    verifyMerge(readBack('yaml', existing), readBack('yaml', merged), [{ path: ['z'], value: int(1) }], 'params.yaml');
  });

  it('TOML: keys go into the section of their table; top-level keys before the first header; comments stay', () => {
    const existing = [
      '# team parameters',
      'seed = 7',
      '',
      '[model.svc]',
      'C = 1.0  # tuned',
      'kernel = "rbf"',
      '',
      '# paths',
      '[data]',
      'root = "/srv"',
      '',
    ].join('\n');
    const entries: ParamsEntry[] = [
      { path: ['model', 'svc', 'gamma'], value: float(0.1) },
      { path: ['features'], value: list(str('a'), str('b')), layout: 'block' },
      { path: ['model', 'forest', 'n_estimators'], value: int(200) },
    ];
    const merged = codecFor('toml').render(existing, entries, 'params.toml');
    for (const line of existing.split('\n').filter((l) => l.trim() !== '')) assert.ok(merged.includes(line), `kept: ${line}\n${merged}`);
    assert.ok(
      merged.indexOf('gamma = 0.1') > merged.indexOf('kernel = "rbf"') && merged.indexOf('gamma = 0.1') < merged.indexOf('# paths'),
      merged,
    );
    assert.ok(merged.indexOf('features = [') < merged.indexOf('[model.svc]'), merged);
    assert.ok(merged.includes('[model.forest]\nn_estimators = 200'), merged);
    verifyMerge(readBack('toml', existing), readBack('toml', merged), entries, 'params.toml');
  });

  it('JSON: the order of keys and the text of numbers stay (5.0 is still a float)', () => {
    const existing = '{\n    "b": 5.0,\n    "a": {"x": 1e-7, "y": [1, 2]}\n}\n';
    const entries: ParamsEntry[] = [
      { path: ['a', 'z'], value: int(3) },
      { path: ['seed'], value: int(42) },
    ];
    const merged = codecFor('json').render(existing, entries, 'params.json');
    assert.ok(merged.indexOf('"b": 5.0') < merged.indexOf('"a"'), merged);
    assert.ok(merged.includes('"x": 1e-7'), merged);
    assert.ok(merged.includes('\n    "b"'), 'keeps the four-space indentation');
    const tree = readBack('json', merged);
    assert.deepEqual(lookup(tree, ['b']), { kind: 'float', value: 5 });
    verifyMerge(readBack('json', existing), tree, entries, 'params.json');
  });

  it('verifyMerge stops a merge that would lose or change an existing value', () => {
    const before = readBack('yaml', 'a: 1\nb: {c: 2}\n');
    assert.throws(() => verifyMerge(before, readBack('yaml', 'a: 1\nb: {c: 3}\n'), [], 'p.yaml'), ParamsFileError);
    assert.throws(() => verifyMerge(before, readBack('yaml', 'b: {c: 2}\n'), [], 'p.yaml'), ParamsFileError);
    assert.throws(
      () => verifyMerge(before, readBack('yaml', 'a: 1\nb: {c: 2}\n'), [{ path: ['d'], value: int(1) }], 'p.yaml'),
      ParamsFileError,
    );
    verifyMerge(before, readBack('yaml', 'a: 1\nb: {c: 2}\nd: 1\n'), [{ path: ['d'], value: int(1) }], 'p.yaml');
  });

  it('TOML refuses integers beyond 64 bits instead of writing a file tomllib rejects', () => {
    assert.throws(() => codecFor('toml').render(null, [{ path: ['n'], value: { kind: 'int', value: 2n ** 70n } }], 'p.toml'), RangeError);
  });
});
