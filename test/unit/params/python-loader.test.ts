import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ParamsEntry, PyValue } from '../../../src/core/params';
import { codecFor, loaderText, PARAMS_FILE_NAMES, pythonRepr } from '../../../src/core/params';
import { hasPythonStack, PYTHON, removeFolder, tempFolder } from '../behaviour/python';
import { requireOnMachine } from '../machine';

const int = (value: number | bigint): PyValue => ({ kind: 'int', value: BigInt(value) });
const float = (value: number): PyValue => ({ kind: 'float', value });
const str = (value: string): PyValue => ({ kind: 'str', value });

/** Values whose type or text a careless writer gets wrong in one format or another. */
const ENTRIES: ParamsEntry[] = [
  { path: ['seed'], value: int(42) },
  { path: ['model', 'svc', 'C'], value: float(1) },
  { path: ['model', 'svc', 'tol'], value: float(1e-7) },
  { path: ['model', 'svc', 'huge'], value: float(1.7976931348623157e308) },
  { path: ['model', 'svc', 'tiny'], value: float(5e-324) },
  { path: ['model', 'svc', 'third'], value: float(1 / 3) },
  { path: ['model', 'svc', 'kernel'], value: str('yes') },
  { path: ['model', 'svc', 'on'], value: str('1.0') },
  { path: ['model', 'svc', 'date'], value: str('2024-01-31') },
  { path: ['model', 'svc', 'merge'], value: str('<<') },
  { path: ['model', 'svc', 'exp'], value: str('12e3') },
  { path: ['model', 'svc', 'tilde'], value: str('~') },
  { path: ['model', 'svc', 'shrinking'], value: { kind: 'bool', value: false } },
  { path: ['model', 'svc', 'big'], value: int(2n ** 62n) },
  { path: ['model', 'svc', 'sizes'], value: { kind: 'list', items: [int(100), float(0.5), str('x')] } },
  { path: ['data', 'input_path'], value: str('C:\\data\\train "final".csv') },
  { path: ['data', 'text'], value: str('tab\there\nnew line, é, \u007f, 🙂') },
  { path: ['features'], value: { kind: 'list', items: [str('age'), str('no'), str('null')] }, layout: 'block' },
];

/** Python source of a dict from key paths to expected values, and a checker that compares types too. */
function checker(module: string): string {
  const expected = ENTRIES.map((e) => `    (${e.path.map((k) => JSON.stringify(k)).join(', ')},): ${pythonRepr(e.value)},`).join('\n');
  return [
    `from ${module} import params`,
    'expected = {',
    expected,
    '}',
    'def same(a, b):',
    '    if type(a) is not type(b):',
    '        return False',
    '    if isinstance(a, list):',
    '        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))',
    '    return a == b',
    'bad = []',
    'for path, value in expected.items():',
    '    node = params',
    '    for key in path:',
    '        node = node[key]',
    '    if not same(node, value):',
    '        bad.append("%s: %r (%s) != %r (%s)" % (".".join(path), node, type(node).__name__, value, type(value).__name__))',
    'print("\\n".join(bad) if bad else "OK")',
  ].join('\n');
}

describe('the generated params loader, run by Python', function () {
  before(function () {
    requireOnMachine(this, hasPythonStack() ? null : `${PYTHON} with python3-yaml and the ML stack`);
  });

  for (const format of ['yaml', 'toml', 'json'] as const) {
    it(`reads every value of a ${format} params file back with its exact Python type, from any working directory`, function () {
      this.timeout(30_000);
      const root = tempFolder(`loader-${format}`);
      try {
        // The params file at the project root, the script and its loader one folder down.
        const src = join(root, 'src');
        mkdirSync(src);
        const fileName = PARAMS_FILE_NAMES[format];
        writeFileSync(join(root, fileName), codecFor(format).render(null, ENTRIES, fileName));
        writeFileSync(join(src, 'params.py'), loaderText('params', `../${fileName}`, format));
        writeFileSync(join(src, 'check.py'), checker('params'));
        const elsewhere = tempFolder('cwd');
        try {
          const out = execFileSync(PYTHON, [join(src, 'check.py')], {
            cwd: elsewhere,
            encoding: 'utf8',
            env: { PATH: '/usr/bin:/bin', PYTHONDONTWRITEBYTECODE: '1' },
          });
          assert.equal(out.trim(), 'OK');
        } finally {
          removeFolder(elsewhere);
        }
      } finally {
        removeFolder(root);
      }
    });

    it(`use_params_file loads another ${format} file into the same params dict, and the default one back`, function () {
      this.timeout(30_000);
      const root = tempFolder(`loader-use-${format}`);
      try {
        const src = join(root, 'src');
        mkdirSync(src);
        const fileName = PARAMS_FILE_NAMES[format];
        writeFileSync(join(root, fileName), codecFor(format).render(null, ENTRIES, fileName));
        const other = ENTRIES.map((e) => (e.path[0] === 'seed' ? { ...e, value: int(7) } : e));
        writeFileSync(join(root, `other.${format}`), codecFor(format).render(null, other, `other.${format}`));
        writeFileSync(join(src, 'params.py'), loaderText('params', `../${fileName}`, format));
        writeFileSync(
          join(src, 'check.py'),
          [
            'import sys',
            'from params import PARAMS_FILE, params, use_params_file',
            'same = params',
            'assert PARAMS_FILE.is_absolute() and ".." not in PARAMS_FILE.parts, PARAMS_FILE',
            'assert params["seed"] == 42',
            'use_params_file(sys.argv[1])',
            'assert params is same and params["seed"] == 7, params["seed"]',
            'assert params["model"]["svc"]["tol"] == 1e-07',
            'use_params_file(PARAMS_FILE)',
            'assert params is same and params["seed"] == 42',
            '# The file loaded already is not read again.',
            'params["marker"] = 1',
            'use_params_file(str(PARAMS_FILE))',
            'assert params["marker"] == 1',
            'print("OK")',
          ].join('\n'),
        );
        const elsewhere = tempFolder('cwd');
        try {
          // A relative path, from the working directory as the caller means it.
          const out = execFileSync(PYTHON, [join(src, 'check.py'), relative(elsewhere, join(root, `other.${format}`))], {
            cwd: elsewhere,
            encoding: 'utf8',
            env: { PATH: '/usr/bin:/bin', PYTHONDONTWRITEBYTECODE: '1' },
          });
          assert.equal(out.trim(), 'OK');
        } finally {
          removeFolder(elsewhere);
        }
      } finally {
        removeFolder(root);
      }
    });
  }
});
