import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliResult } from '../../../src/cli/run';
import { runCli } from '../../../src/cli/run';
import { WriteError, writeAll } from '../../../src/cli/refactorWrite';
import { Project, py } from './helpers';

const TRAIN = py(
  'import pandas as pd',
  'from sklearn.model_selection import train_test_split',
  'from sklearn.svm import SVC',
  'df = pd.read_csv("data/train.csv")',
  'X_train, X_test = train_test_split(df, test_size=0.2)',
  'model = SVC(C=1.0, kernel="rbf")',
  'cols = ["a", "b", "c"]',
  'print(df[["a", "b", "c"]].shape, df[cols].shape)',
);

/** Every file of the project and its content, to show that nothing was written. */
function snapshot(project: Project): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(project.root).sort()) out[name] = readFileSync(join(project.root, name), 'utf8');
  return out;
}

describe('cli: ml-hygiene refactor extract-config', () => {
  let project: Project;
  afterEach(() => project?.dispose());
  const cli = (...args: string[]): Promise<CliResult> =>
    runCli(['refactor', 'extract-config', ...args], { cwd: project.root, stdoutIsTTY: false, env: {} });

  it('moves the parameters, paths and feature lists in place (exit 0); a second run has nothing to do (exit 1) and changes nothing', async () => {
    project = new Project({ 'train.py': TRAIN });
    const first = await cli('train.py');
    assert.equal(first.exitCode, 0, first.stderr);
    assert.match(first.stdout, /^train\.py: moved 5 values to the params file\n/);
    assert.match(first.stdout, /model\.svc\.C = 1\.0 {2}\(line 6\)/);
    assert.match(first.stdout, /created params\.yaml, params\.py\n$/);
    const code = project.read('train.py');
    assert.ok(code.includes('model = SVC(C=params["model"]["svc"]["C"], kernel=params["model"]["svc"]["kernel"])'), code);
    assert.ok(code.includes('train_test_split(df, test_size=0.2)'), 'MLH301 is not selected by default: the split stays as it is');
    const after = snapshot(project);
    const second = await cli('train.py');
    assert.equal(second.exitCode, 1);
    assert.match(second.stderr, /nothing to do in train\.py/);
    assert.deepEqual(snapshot(project), after);
  });

  it('--dry-run prints a unified diff of every file it would change or create, and writes nothing', async () => {
    project = new Project({ 'train.py': TRAIN });
    const before = snapshot(project);
    const result = await cli('train.py', '--dry-run');
    assert.equal(result.exitCode, 0);
    assert.match(result.stdout, /^--- train\.py\n\+\+\+ train\.py\n@@ /m);
    assert.match(result.stdout, /^-model = SVC\(C=1\.0, kernel="rbf"\)$/m);
    assert.match(result.stdout, /^\+model = SVC\(C=params\["model"\]\["svc"\]\["C"\], kernel=params\["model"\]\["svc"\]\["kernel"\]\)$/m);
    assert.match(result.stdout, /^--- \/dev\/null\n\+\+\+ params\.yaml\n/m);
    assert.match(result.stdout, /^--- \/dev\/null\n\+\+\+ params\.py\n/m);
    assert.match(result.stdout, /would create params\.yaml, params\.py\n$/);
    assert.deepEqual(snapshot(project), before);
  });

  it('--select MLH301 seeds the randomness from params.yaml; --format and --params choose the file', async () => {
    project = new Project({ 'train.py': TRAIN });
    const result = await cli('train.py', '--select', 'MLH301', '--params', 'conf/params.toml');
    assert.equal(result.exitCode, 2, 'the folder conf/ does not exist');
    assert.match(result.stderr, /cannot create conf\/params\.toml: its folder does not exist; nothing was written/);
    project.write('conf/.keep', '');
    const ok = await cli('train.py', '--select', 'MLH301', '--params', 'conf/params.toml');
    assert.equal(ok.exitCode, 0, ok.stderr);
    assert.ok(project.read('train.py').includes('train_test_split(df, test_size=0.2, random_state=params["seed"])'));
    assert.match(project.read('conf/params.toml'), /^seed = 42$/m);
    assert.match(project.read('params.py'), /tomllib\.load/);
    assert.match(project.read('params.py'), /Path\(__file__\)\.resolve\(\)\.parent \/ "conf" \/ "params\.toml"/);
    assert.ok(!project.read('train.py').includes('params["model"]'), 'only MLH301 was selected');
  });

  it('rejects codes it has no refactor for (exit 2)', async () => {
    project = new Project({ 'train.py': TRAIN });
    const result = await cli('train.py', '--select', 'MLH003');
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /MLH003 has no extract-config refactor/);
  });

  const bad: Array<[string, Record<string, string>, (p: Project) => void, RegExp]> = [
    ['a read-only script', {}, (p) => chmodSync(p.path('train.py'), 0o444), /train\.py is read-only; nothing was written/],
    [
      'a params.yaml that is not valid YAML',
      { 'params.yaml': 'model:\n  svc: {C: 1\n' },
      () => undefined,
      /params\.yaml:3: not valid YAML/,
    ],
    ['a params.toml that is not valid TOML', { 'params.toml': 'seed = \n' }, () => undefined, /params\.toml:1: not valid TOML/],
    ['a params.json that is not valid JSON', { 'params.json': '{"a": 1,}\n' }, () => undefined, /params\.json:1: not valid JSON/],
    ['a missing file', {}, (p) => chmodSync(p.root, 0o755), /cannot read missing\.py: ENOENT/],
  ];
  for (const [what, files, prepare, message] of bad) {
    it(`stops on ${what} with a clear error naming the file (exit 2), and writes nothing`, async () => {
      project = new Project({ 'train.py': TRAIN, ...files });
      prepare(project);
      const before = snapshot(project);
      const format = Object.keys(files)[0]?.split('.').pop();
      const args = what === 'a missing file' ? ['missing.py'] : ['train.py', ...(format && format !== 'yaml' ? ['--format', format] : [])];
      const result = await cli(...args);
      assert.equal(result.exitCode, 2, result.stdout);
      assert.match(result.stderr, message);
      assert.deepEqual(snapshot(project), before);
      chmodSync(project.path('train.py'), 0o644);
    });
  }

  it('writes nothing when a file changed on disk since it was read, or a file to create appeared', async () => {
    project = new Project({ 'a.txt': 'one', 'b.txt': 'two' });
    const writes = [
      { path: project.path('a.txt'), text: 'ONE', expected: 'one', display: 'a.txt' },
      { path: project.path('b.txt'), text: 'TWO', expected: 'two (as analysed)', display: 'b.txt' },
      { path: project.path('c.txt'), text: 'three', expected: null, display: 'c.txt' },
    ];
    await assert.rejects(
      writeAll(writes),
      (error: unknown) =>
        error instanceof WriteError && /b\.txt changed on disk since it was read; nothing was written/.test(error.message),
    );
    writeFileSync(project.path('c.txt'), 'someone else');
    await assert.rejects(writeAll([writes[0]!, writes[2]!]), /c\.txt exists already; nothing was written/);
    assert.deepEqual(snapshot(project), { 'a.txt': 'one', 'b.txt': 'two', 'c.txt': 'someone else' });
    await writeAll([writes[0]!, { ...writes[2]!, path: project.path('d.txt'), display: 'd.txt' }]);
    assert.deepEqual(snapshot(project), { 'a.txt': 'ONE', 'b.txt': 'two', 'c.txt': 'someone else', 'd.txt': 'three' });
    assert.ok(!readdirSync(project.root).some((name) => name.endsWith('.tmp')), 'no temporary file is left behind');
  });

  it("works on a notebook: only the changed cells' sources change", async () => {
    const notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          cell_type: 'code',
          execution_count: null,
          metadata: {},
          outputs: [],
          source: ['import pandas as pd\n', 'from sklearn.svm import SVC'],
        },
        { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['m = SVC(C=2.5)'] },
      ],
    };
    project = new Project({ 'nb.ipynb': JSON.stringify(notebook, null, 1) + '\n' });
    const result = await cli('nb.ipynb');
    assert.equal(result.exitCode, 0, result.stderr);
    const after = JSON.parse(project.read('nb.ipynb')) as typeof notebook;
    assert.deepEqual(after.cells[1]!.source, ['m = SVC(C=params["model"]["svc"]["C"])']);
    assert.ok(existsSync(project.path('params.py')));
  });
});
