import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliResult } from '../../../src/cli/run';
import { runCli } from '../../../src/cli/run';
import { notebook as notebookJson } from '../rules/tester';

const SUM_CELL = 'import numpy as np\nx = np.arange(3)\nprint(x.sum())';

const SCRIPT = `import pandas as pd
from sklearn.linear_model import LogisticRegression

df = pd.read_csv("data.csv")
X = df[["a", "b"]]
y = df["label"]
model = LogisticRegression(C=0.5)
model.fit(X, y)
print(model.score(X, y))
`;

function tree(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tree(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

describe('cli: ml-hygiene refactor modularize', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlh-modcli-'));
    writeFileSync(join(root, 'Churn Job.py'), SCRIPT);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const cli = (...args: string[]): Promise<CliResult> =>
    runCli(['refactor', 'modularize', ...args], { cwd: root, stdoutIsTTY: false, env: {} });

  it('creates the package beside the file, named after its stem, and exits 0', async () => {
    const result = await cli('Churn Job.py');
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /created params\.yaml, churn_job\/__init__\.py/);
    assert.deepEqual(tree(root), [
      'Churn Job.py',
      'churn_job/__init__.py',
      'churn_job/__main__.py',
      'churn_job/data.py',
      'churn_job/evaluate.py',
      'churn_job/params.py',
      'churn_job/pipeline.py',
      'churn_job/train.py',
      'params.yaml',
      'tests/test_churn_job.py',
    ]);
    assert.equal(readFileSync(join(root, 'Churn Job.py'), 'utf8'), SCRIPT, 'the original stays untouched');
  });

  it('--out and --name choose the folder and the package; --dry-run prints every file and writes nothing', async () => {
    mkdirSync(join(root, 'out'));
    const dry = await cli('Churn Job.py', '--out', 'out', '--name', 'job', '--dry-run');
    assert.equal(dry.exitCode, 0, dry.stderr);
    assert.match(dry.stdout, /\+\+\+ out\/job\/pipeline\.py/);
    assert.match(dry.stdout, /would create /);
    assert.deepEqual(tree(join(root, 'out')), []);
    const real = await cli('Churn Job.py', '--out', 'out', '--name', 'job');
    assert.equal(real.exitCode, 0, real.stderr);
    assert.ok(existsSync(join(root, 'out/job/__main__.py')));
  });

  it('never overwrites an existing file without --force, and then writes nothing at all', async () => {
    mkdirSync(join(root, 'churn_job'));
    writeFileSync(join(root, 'churn_job/pipeline.py'), 'KEEP = 1\n');
    const result = await cli('Churn Job.py');
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /churn_job\/pipeline\.py exists already \(use --force to overwrite\); nothing was written/);
    assert.deepEqual(tree(root), ['Churn Job.py', 'churn_job/pipeline.py']);
    const forced = await cli('Churn Job.py', '--force');
    assert.equal(forced.exitCode, 0, forced.stderr);
    assert.match(readFileSync(join(root, 'churn_job/pipeline.py'), 'utf8'), /def main\(params_path=PARAMS_FILE\):/);
  });

  it('refuses with exit 2, the reason and the line, and writes nothing', async () => {
    writeFileSync(join(root, 'dyn.py'), 'x = 1\nprint(eval("x + 1"))\n');
    const result = await cli('dyn.py');
    assert.equal(result.exitCode, 2);
    assert.equal(result.stderr, 'dyn.py:2: refused: line 2 calls eval(), which looks names up by their text; nothing was written\n');
    assert.deepEqual(tree(root), ['Churn Job.py', 'dyn.py']);
  });

  it('exits 1 when there is nothing to do (running it on its own output)', async () => {
    assert.equal((await cli('Churn Job.py')).exitCode, 0);
    for (const module of ['pipeline', 'data', 'train', 'evaluate', '__main__']) {
      const again = await cli(`churn_job/${module}.py`, '--name', 'again');
      assert.equal(again.exitCode, 1, `${module}: ${again.stderr}`);
      assert.match(again.stdout, /nothing to modularize/);
    }
  });

  it('--replace-original also replaces the script with a thin one that runs the pipeline; --dry-run shows its diff too and writes nothing', async () => {
    mkdirSync(join(root, 'out'));
    const dry = await cli('Churn Job.py', '--out', 'out', '--replace-original', '--dry-run');
    assert.equal(dry.exitCode, 0, dry.stderr);
    assert.match(dry.stdout, /--- Churn Job\.py\n\+\+\+ Churn Job\.py\n/);
    assert.match(dry.stdout, /\n-model = LogisticRegression\(C=0\.5\)\n/);
    assert.match(dry.stdout, /\n\+ {4}from churn_job\.pipeline import main as run_pipeline\n/);
    assert.match(dry.stdout, /would replace Churn Job\.py with a script that runs the pipeline\n$/);
    assert.equal(readFileSync(join(root, 'Churn Job.py'), 'utf8'), SCRIPT);
    assert.deepEqual(tree(join(root, 'out')), []);
    const real = await cli('Churn Job.py', '--out', 'out', '--replace-original');
    assert.equal(real.exitCode, 0, real.stderr);
    assert.match(real.stdout, /replaced Churn Job\.py with a script that runs the pipeline\nrun it: python3 'Churn Job\.py'\n$/);
    const thin = readFileSync(join(root, 'Churn Job.py'), 'utf8');
    assert.match(thin, /sys\.path\.insert\(0, str\(Path\(__file__\)\.resolve\(\)\.parent \/ "out"\)\)/);
    assert.ok(existsSync(join(root, 'out/churn_job/pipeline.py')));
    const again = await cli('Churn Job.py', '--out', 'out', '--name', 'again', '--replace-original');
    assert.equal(again.exitCode, 1, again.stderr);
    assert.equal(readFileSync(join(root, 'Churn Job.py'), 'utf8'), thin);
  });

  it('--replace-original refuses a notebook with exit 2 and writes nothing', async () => {
    writeFileSync(join(root, 'nb.ipynb'), notebookJson([SUM_CELL]));
    const result = await cli('nb.ipynb', '--replace-original');
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /^nb\.ipynb:cell 1:1: refused: a notebook stays as it is: only a \.py script can be replaced/);
    assert.deepEqual(tree(root), ['Churn Job.py', 'nb.ipynb']);
  });

  it('documents --replace-original in its help', async () => {
    const help = await cli('--help');
    assert.equal(help.exitCode, 0);
    assert.match(help.stdout, /--replace-original +replace the \.py script with a thin script that runs the\s+pipeline/);
  });

  it('creates a missing --out folder (and its missing parents) with the files', async () => {
    const result = await cli('Churn Job.py', '--out', 'build/pkg', '--name', 'job');
    assert.equal(result.exitCode, 0, result.stderr);
    assert.ok(existsSync(join(root, 'build/pkg/job/pipeline.py')));
    assert.ok(existsSync(join(root, 'build/pkg/params.yaml')));
  });

  it('a second package in the same folder merges its keys into params.yaml: the first package and the user keep every key and value', async () => {
    assert.equal((await cli('Churn Job.py', '--name', 'first')).exitCode, 0);
    const user = readFileSync(join(root, 'params.yaml'), 'utf8') + '\nmine:\n  threshold: 0.7\n';
    writeFileSync(join(root, 'params.yaml'), user);
    writeFileSync(join(root, 'other.py'), SCRIPT.replace('C=0.5', 'C=2.0').replace('data.csv', 'other/data.csv'));
    const second = await cli('other.py', '--name', 'second');
    assert.equal(second.exitCode, 0, second.stderr);
    assert.match(second.stdout, /params\.yaml: new keys merged in, the existing ones kept/);
    const merged = readFileSync(join(root, 'params.yaml'), 'utf8');
    // Every line of the file as it was is still there, in its order.
    let at = 0;
    for (const line of user.split('\n').filter((l) => l.trim() !== '')) {
      at = merged.indexOf(line + '\n', at);
      assert.ok(at >= 0, `${line} kept:\n${merged}`);
    }
    assert.match(merged, /\nmine:\n {2}threshold: 0\.7\n/);
    // The first package's values are untouched; the second's differing ones get their own keys.
    assert.match(merged, /logistic_regression:\n {4}C: 0\.5\n/);
    assert.match(merged, /logistic_regression_2:\n {4}C: 2\.0\n/);
    assert.match(merged, /data_csv: data\.csv\n/);
    assert.match(merged, /other_data_csv: other\/data\.csv\n/);
    assert.match(readFileSync(join(root, 'second/train.py'), 'utf8'), /params\["model"\]\["logistic_regression_2"\]\["C"\]/);
    assert.match(readFileSync(join(root, 'first/train.py'), 'utf8'), /params\["model"\]\["logistic_regression"\]\["C"\]/);
  });

  it('exits 2 on a bad --name, an --out that is a file or an unreadable file', async () => {
    assert.match((await cli('Churn Job.py', '--name', 'no-dash')).stderr, /not a valid Python package name/);
    assert.match(
      (await cli('Churn Job.py', '--out', 'Churn Job.py')).stderr,
      /--out: 'Churn Job\.py' is not a folder|--out: Churn Job\.py is not a folder/,
    );
    const missing = await cli('nope.py');
    assert.equal(missing.exitCode, 2);
    assert.match(missing.stderr, /cannot read nope\.py/);
  });

  describe('a notebook: the thin notebook NAME.ipynb beside it (default), --no-notebook', () => {
    const notebook = notebookJson([{ markdown: '# Sum' }, SUM_CELL]);

    it('writes NAME.ipynb with the package and says how to open it; --no-notebook writes none', async () => {
      writeFileSync(join(root, 'explore.ipynb'), notebook);
      const result = await cli('explore.ipynb', '--name', 'nb');
      assert.equal(result.exitCode, 0, result.stderr);
      assert.match(result.stdout, /created .*nb\/pipeline\.py.*, nb\.ipynb\n/);
      assert.match(result.stdout, /\nor step by step: open nb\.ipynb\n$/);
      const thin = JSON.parse(readFileSync(join(root, 'nb.ipynb'), 'utf8')) as {
        nbformat_minor: number;
        cells: Array<{ source: string[] }>;
      };
      assert.equal(thin.nbformat_minor, 5);
      assert.ok(
        thin.cells.some((c) => c.source.join('') === 'sum_2()'),
        JSON.stringify(thin.cells),
      );
      rmSync(join(root, 'nb'), { recursive: true });
      rmSync(join(root, 'tests'), { recursive: true });
      rmSync(join(root, 'nb.ipynb'));
      const without = await cli('explore.ipynb', '--name', 'nb', '--no-notebook');
      assert.equal(without.exitCode, 0, without.stderr);
      assert.ok(!existsSync(join(root, 'nb.ipynb')));
      assert.doesNotMatch(without.stdout, /nb\.ipynb|step by step/);
    });

    it('never writes over an existing file, even with --force: the thin notebook takes another name, and says so', async () => {
      writeFileSync(join(root, 'explore.ipynb'), notebook);
      writeFileSync(join(root, 'nb.ipynb'), 'mine');
      const result = await cli('explore.ipynb', '--name', 'nb', '--force');
      assert.equal(result.exitCode, 0, result.stderr);
      assert.equal(readFileSync(join(root, 'nb.ipynb'), 'utf8'), 'mine');
      assert.ok(existsSync(join(root, 'nb_steps.ipynb')));
      assert.match(result.stdout, /\nnb\.ipynb exists already: the thin notebook is nb_steps\.ipynb\n/);
      // Named after the notebook itself: never over it.
      const self = await cli('explore.ipynb', '--name', 'explore', '--out', 'out');
      assert.equal(self.exitCode, 0, self.stderr);
      assert.equal(readFileSync(join(root, 'explore.ipynb'), 'utf8'), notebook);
      assert.match(self.stdout, /explore\.ipynb is the notebook itself: the thin notebook is explore_steps\.ipynb\n/);
      assert.match(readFileSync(join(root, 'explore_steps.ipynb'), 'utf8'), /os\.path\.abspath\(\\"out\\"\)/);
    });

    it('documents --no-notebook in its help', async () => {
      const help = await cli('--help');
      assert.match(help.stdout, /--no-notebook +for a notebook: do not write the thin notebook NAME\.ipynb/);
    });
  });
});
