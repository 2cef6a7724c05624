/** Inputs for the CLI tests that run the real engine. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A top-level script of 21 statements across four phases: MLH001 reports it on line 1. */
export const MONOLITH_PY = [
  'import pandas as pd',
  'from sklearn.linear_model import LogisticRegression',
  'from sklearn.metrics import accuracy_score',
  '',
  'df = pd.read_csv("data.csv")',
  'df = df.dropna()',
  ...Array.from({ length: 8 }, (_, i) => `df["f${i + 1}"] = df["c${i + 1}"] * 2`),
  'X = df[["f1", "f2", "f3", "f4"]]',
  'y = df["label"]',
  'model = LogisticRegression()',
  'model.fit(X, y)',
  'predicted = model.predict(X)',
  'score = accuracy_score(y, predicted)',
  ...['accuracy', 'rows', 'done', 'bye', 'end'].map((word) => `print("${word}", score)`),
  '',
].join('\n');

export const CLEAN_PY = 'def add(a, b):\n    return a + b\n';

/** The monolith split over notebook cells, after a markdown cell: MLH001 lands in cell 2. */
export function monolithNotebook(): string {
  const lines = MONOLITH_PY.trimEnd().split('\n');
  const cell = (cellType: string, source: string[]): object => ({
    cell_type: cellType,
    metadata: {},
    source: source.map((line, i) => (i < source.length - 1 ? line + '\n' : line)),
    ...(cellType === 'code' ? { outputs: [], execution_count: null } : {}),
  });
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [cell('markdown', ['# Churn']), cell('code', lines.slice(0, 14)), cell('markdown', ['## Train']), cell('code', lines.slice(14))],
  });
}

/** Bytes that are not UTF-8. */
export const NOT_UTF8 = Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xff, 0xfe, 0x22, 0x0a]);

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}
