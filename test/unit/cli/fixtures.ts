/** Synthetic reports for the formatter tests: a script, a notebook and a clean file. */
import type { FileReport, ReportFinding } from '../../../src/cli/formats/report';
import type { Range } from '../../../src/core/types';

export function range(line: number, character: number, endLine: number, endCharacter: number): Range {
  return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}

const scriptLines = ['import pandas as pd', 'df = pd.read_csv("/data/x.csv")', 'FEATURES = ["a", "b", "c"]', 'cols = ["c", "b", "a"]'];

const hardCodedPath: ReportFinding = {
  code: 'MLH102',
  name: 'hard-coded-path',
  severity: 'warning',
  message: 'Path "/data/x.csv" is hard-coded.',
  range: range(1, 17, 1, 30),
  related: [],
  fix: null,
};

const duplicatedList: ReportFinding = {
  code: 'MLH002',
  name: 'duplicated-feature-list',
  severity: 'warning',
  message: 'The feature list ["a", "b", "c"] is written 2 times.',
  range: range(2, 11, 2, 26),
  related: [{ range: range(3, 7, 3, 22), message: 'also written here', cell: null }],
  fix: { title: 'Move the list to params.yaml', applicability: 'unsafe', edits: [] },
};

export const script: FileReport = {
  path: 'src/train.py',
  absolutePath: '/repo/src/train.py',
  kind: 'python',
  findings: [hardCodedPath, duplicatedList],
  source: { kind: 'python', lines: scriptLines },
};

// Cells: 1 markdown, 2 code (program lines 0-1), 3 markdown, 4 code (program lines 2-3).
const notebookPath: ReportFinding = {
  code: 'MLH102',
  name: 'hard-coded-path',
  severity: 'warning',
  message: 'Path "d.csv" is hard-coded.',
  range: range(1, 17, 1, 24),
  cell: { cellIndex: 1, range: range(1, 17, 1, 24) },
  related: [
    { range: range(3, 0, 3, 99), message: 'read again here', cell: { cellIndex: 3, range: range(1, 0, 1, Number.MAX_SAFE_INTEGER) } },
  ],
  fix: null,
};

const bareExpression: ReportFinding = {
  code: 'MLH202',
  name: 'bare-expression',
  severity: 'info',
  message: 'Expression statement `df.head()` has no effect.',
  range: range(2, 0, 2, 9),
  cell: { cellIndex: 3, range: range(0, 0, 0, 9) },
  related: [],
  fix: { title: 'Remove the statement', applicability: 'display-only', edits: [] },
};

export const notebook: FileReport = {
  path: 'nb/explore.ipynb',
  absolutePath: '/repo/nb/explore.ipynb',
  kind: 'notebook',
  findings: [notebookPath, bareExpression],
  source: {
    kind: 'notebook',
    cells: [
      { kind: 'markdown', lines: ['# Explore'] },
      { kind: 'code', lines: ['import pandas as pd', 'df = pd.read_csv("d.csv")'] },
      { kind: 'markdown', lines: ['Look at it'] },
      { kind: 'code', lines: ['df.head()', 'df2 = pd.read_csv("d.csv")'] },
    ],
  },
};

export const clean: FileReport = {
  path: 'clean.py',
  absolutePath: '/repo/clean.py',
  kind: 'python',
  findings: [],
  source: { kind: 'python', lines: ['print(1)'] },
};
