import assert from 'node:assert/strict';
import { initEngine } from '../../../src/core/engine';
import { hardCodedPath, isAbsolutePath } from '../../../src/core/rules/configuration/hard-coded-path';
import { findingsOf, notebook, ruleTester } from './tester';

const lines = (...l: string[]): string => l.join('\n') + '\n';
const PD = 'import pandas as pd';

ruleTester(hardCodedPath, {
  valid: [
    {
      name: 'paths from configuration or arguments',
      code: lines(PD, 'df = pd.read_csv(cfg["data"]["input"])', 'df.to_parquet(args.output)', 'with open(path) as f:', '    pass'),
    },
    {
      name: 'remote URLs are not file paths',
      code: lines(PD, 'df = pd.read_csv("https://example.com/data/train.csv")', 'x = "http://host/a/b.csv"'),
    },
    {
      name: 'dataset names are not paths',
      code: lines('from sklearn.datasets import fetch_openml', 'X, y = fetch_openml("titanic", version=1, as_frame=True, return_X_y=True)'),
    },
    {
      name: 'a path built from a configured or computed root',
      code: lines(
        'import os',
        PD,
        'BASE = os.environ["OUT"]',
        'm = open(os.path.join(BASE, "model.pkl"), "wb")',
        'df = pd.read_csv(os.path.join(os.path.dirname(__file__), "data.csv"))',
      ),
    },
    { name: 'f-strings with interpolations', code: lines(PD, 'df = pd.read_csv(f"{root}/x.csv")', 'out = f"/tmp/{run_id}/model.pkl"') },
    {
      name: 'URL routes and protocol-relative URLs',
      code: lines('@app.route("/api/predict")', 'def predict(): pass', 'ROUTE = "/predict/batch"', 'CDN = "//cdn.example.com/lib/x.js"'),
    },
    {
      name: 'regular expressions',
      code: lines('import re', 'r1 = re.compile(r"/home/(\\w+)/")', 'r2 = "/data/[0-9]+/x"', 'r3 = "^/tmp/.*$"'),
    },
    {
      name: 'prose and single segments',
      code: lines(
        'print("Saved to /tmp now")',
        'msg = "/ divided by /"',
        'root = "/tmp"',
        'slash = "/"',
        '"""Reads /tmp/x/y.csv and trains."""',
      ),
    },
    { name: 'the default allow list', code: lines('import sys', 'sink = open("/dev/null", "w")', 'log = open("/dev/stderr", "w")') },
    {
      name: 'data given inline to a reader',
      code: lines(
        PD,
        'a = pd.read_json(\'{"a": [1, 2]}\')',
        'b = pd.read_html("<table><tr><td>1</td></tr></table>")',
        'c = pd.read_clipboard("\\\\s+")',
      ),
    },
    {
      name: 'generic save/load methods with non-path strings',
      code: lines('obj.save("default")', 'state.save(path)', 'model.load_weights(weights_file)'),
    },
    {
      name: 'pickle takes a file object; writers with no path',
      code: lines('import pickle', 'pickle.dump(model, f)', 'csv_text = df.to_csv()', 'df.to_csv(buffer, index=False)'),
    },
    { name: 'suppressed', code: lines(PD, 'df = pd.read_csv("data.csv")  # mlh: ignore[MLH102]', 'ROOT = "/home/ana/x"  # mlh: ignore') },
    {
      name: 'the allow option',
      code: lines('open("/mnt/shared/x.csv")', 'p = "/mnt/shared/y/z.parquet"'),
      options: { allow: ['/mnt/shared/'] },
    },
    {
      name: 'notebook: shell lines are not analysed',
      path: 'x.ipynb',
      code: notebook(['!wget -O /tmp/data/x.csv https://example.com/x.csv', '%cd /home/ana/project']),
    },
  ],
  invalid: [
    {
      name: 'the churn job: absolute paths to I/O and to os.makedirs, each once',
      code: lines(
        'import os',
        'import pickle',
        PD,
        'os.makedirs("/tmp/churn_job", exist_ok=True)',
        'raw.to_csv("/tmp/churn_job/customers.csv", index=False)',
        'df = pd.read_csv("/tmp/churn_job/customers.csv")',
        'with open("/tmp/churn_job/model.pkl", "wb") as f:',
        '    pickle.dump(rf, f)',
      ),
      errors: [
        {
          line: 4,
          column: 13,
          endColumn: 29,
          message:
            /^Hard-coded absolute path "\/tmp\/churn_job" passed to os\.makedirs: it exists only on one machine; move it to the params file\.$/,
        },
        {
          line: 5,
          column: 12,
          message: /^Hard-coded path "\/tmp\/churn_job\/customers\.csv" passed to raw\.to_csv: move it to the params file\.$/,
        },
        { line: 6, column: 18, endColumn: 48, message: /passed to pd\.read_csv/ },
        { line: 7, column: 11, message: /"\/tmp\/churn_job\/model\.pkl" passed to open/ },
      ],
    },
    {
      name: 'relative paths passed to numpy, joblib, torch, matplotlib and mlflow',
      code: lines(
        'import numpy as np',
        'import joblib',
        'import torch',
        'import mlflow',
        'import matplotlib.pyplot as plt',
        'X = np.load("data/X.npy")',
        'np.save(file="out/X.npy", arr=X)',
        'joblib.dump(model, "model.joblib")',
        'torch.save(net.state_dict(), "weights.pt")',
        'plt.savefig("figures/roc.png")',
        'mlflow.log_artifact("report.html")',
      ),
      errors: [
        { line: 6, column: 13, message: /"data\/X\.npy" passed to np\.load/ },
        { line: 7, column: 14, message: /passed to np\.save/ },
        { line: 8, column: 20, message: /"model\.joblib" passed to joblib\.dump/ },
        { line: 9, column: 30, message: /passed to torch\.save/ },
        { line: 10, column: 13, message: /passed to plt\.savefig/ },
        { line: 11, column: 21, message: /passed to mlflow\.log_artifact/ },
      ],
    },
    {
      name: 'a module constant is reported where it is written, naming the constant',
      code: lines(PD, 'DATA_PATH = "data/train.csv"', 'df = pd.read_csv(DATA_PATH)', 'df2 = pd.read_csv(DATA_PATH)'),
      errors: [
        {
          line: 2,
          column: 13,
          message: /^Hard-coded path "data\/train\.csv" \(DATA_PATH\) passed to pd\.read_csv: move it to the params file\.$/,
        },
      ],
    },
    {
      name: 'os.path.join and pathlib: the first literal piece, with the whole path in the message',
      code: lines(
        'import os',
        'from pathlib import Path',
        PD,
        'df = pd.read_csv(os.path.join("data", "raw", "x.csv"))',
        'df2 = pd.read_csv(os.path.join("data", name))',
        'df3 = pd.read_csv(Path("data") / "x.csv")',
        'text = Path("config/a.txt").read_text()',
      ),
      errors: [
        { line: 4, column: 31, endColumn: 37, message: /"data\/raw\/x\.csv" passed to pd\.read_csv/ },
        { line: 5, column: 32, message: /"data\/\{name\}"/ },
        { line: 6, column: 24, message: /"data\/x\.csv"/ },
        { line: 7, column: 13, message: /"config\/a\.txt" passed to read_text:/ },
      ],
    },
    {
      name: 'absolute paths anywhere: POSIX, home, Windows, network shares, with spaces under a known root',
      code: lines(
        'import sys',
        'DATA_DIR = "/home/ana/projects/churn"',
        'sys.path.append("/opt/libs/x")',
        'CACHE = "~/cache/features"',
        'WIN = r"C:\\Users\\ana\\data.csv"',
        'SHARE = "\\\\\\\\server\\\\share\\\\x.csv"',
        'DOCS = "/Users/ana/My Documents/data.csv"',
        'ASSET = "/static/img/logo.png"',
        'ESCAPED = "D:\\\\models\\\\m.pkl"',
      ),
      errors: [
        {
          line: 2,
          column: 12,
          message: /^Hard-coded absolute path "\/home\/ana\/projects\/churn": it exists only on one machine; move it to the params file\.$/,
        },
        { line: 3, column: 17, message: /passed to sys\.path\.append/ },
        { line: 4, column: 9, message: /"~\/cache\/features"/ },
        { line: 5, column: 7 },
        { line: 6, column: 9 },
        { line: 7, column: 8 },
        { line: 8, column: 9 },
        { line: 9, column: 11, message: /^Hard-coded absolute path "D:\\models\\m\.pkl": it exists/ },
      ],
    },
    {
      name: 'object storage locations and concatenated paths passed to I/O',
      code: lines(PD, 'a = pd.read_csv("s3://bucket/churn/x.csv")', 'b = pd.read_csv("/data/" + name)'),
      errors: [
        { line: 2, column: 17, message: /"s3:\/\/bucket\/churn\/x\.csv"/ },
        { line: 3, column: 17, message: /"\/data\/\{name\}"/ },
      ],
    },
    {
      name: 'a local name inside a function',
      code: lines(PD, 'def load():', '    path = "/srv/data/x.parquet"', '    return pd.read_parquet(path)'),
      errors: [{ line: 3, column: 12, message: /^Hard-coded path "\/srv\/data\/x\.parquet" \(path\) passed to pd\.read_parquet/ }],
    },
    {
      name: 'Keras-style save and load with path-shaped strings',
      code: lines('model.save("models/churn.keras")', 'model.save_weights("w.h5")'),
      errors: [
        { line: 1, column: 12, message: /passed to model\.save:/ },
        { line: 2, column: 20, message: /passed to model\.save_weights/ },
      ],
    },
    {
      name: 'the allow option does not hide other paths',
      code: lines('open("/mnt/shared/x.csv")', 'open("/mnt/other/x.csv")'),
      options: { allow: ['/mnt/shared/'] },
      errors: [{ line: 2, column: 6 }],
    },
    {
      name: 'a syntax error elsewhere in the file',
      code: lines(PD, 'def broken(:', '    pass', 'df = pd.read_csv("train.csv")'),
      errors: [{ line: 4, column: 18 }],
    },
    {
      name: 'notebook: cells with magics, lines relative to the cell',
      path: 'x.ipynb',
      code: notebook(['%matplotlib inline\nimport pandas as pd', { markdown: '## Load' }, '!ls data\ndf = pd.read_csv("data/train.csv")']),
      errors: [{ cell: 3, line: 2, column: 18, message: /"data\/train\.csv" passed to pd\.read_csv/ }],
    },
  ],
});

describe('MLH102 data and path shapes', () => {
  before(() => initEngine());
  it('carries path, callee and absolute', () => {
    const code = lines(PD, 'df = pd.read_csv("/tmp/churn_job/customers.csv")', 'df.to_csv("out.csv")', 'ROOT = "/home/ana/x"');
    assert.deepEqual(
      findingsOf(hardCodedPath, { code }).map((f) => f.data),
      [
        { path: '/tmp/churn_job/customers.csv', callee: 'pandas.read_csv', absolute: true },
        { path: 'out.csv', callee: 'df.to_csv', absolute: false },
        { path: '/home/ana/x', callee: null, absolute: true },
      ],
    );
  });
  it('tells absolute paths from routes, regexes and prose', () => {
    const yes = [
      '/tmp/a',
      '/home/ana/data.csv',
      '/x/y/model.pkl',
      '~/data',
      'C:\\data\\x.csv',
      'D:/models/m.pkl',
      '\\\\srv\\share',
      '/Volumes/Data Disk/x',
    ];
    const no = [
      '/',
      '/tmp',
      '/tmp/',
      '/api/v1',
      '/api/v1/predict',
      '//cdn/x.js',
      '/home/(\\w+)',
      '/a/b+',
      'data/x.csv',
      'C:',
      'a/b',
      '/ not a path /',
      'line\n/tmp/x',
      '/x/y/v1.0',
    ];
    assert.deepEqual(
      yes.filter((p) => !isAbsolutePath(p)),
      [],
    );
    assert.deepEqual(
      no.filter((p) => isAbsolutePath(p)),
      [],
    );
  });
});
