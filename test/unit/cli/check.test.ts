import assert from 'node:assert/strict';
import { displayPath, toFileReport } from '../../../src/cli/check';
import type { AnalysisResult } from '../../../src/core/engine';
import type { Finding } from '../../../src/core/types';
import type { LineList, SourceLines } from '../../../src/cli/formats/report';
import { range } from './fixtures';

/** A report's source with its lines as arrays, to compare whole. */
function plainLines(source: SourceLines | null): unknown {
  const all = (lines: LineList): Array<string | undefined> => Array.from({ length: lines.length }, (_, i) => lines.at(i));
  if (source === null) return null;
  if (source.kind === 'python') return { kind: 'python', lines: all(source.lines) };
  return { kind: 'notebook', cells: source.cells.map((cell) => ({ kind: cell.kind, lines: all(cell.lines) })) };
}

function finding(code: string, line: number, extra: Partial<Finding> = {}): Finding {
  return {
    code,
    name: code.toLowerCase(),
    severity: 'warning',
    message: `${code} here`,
    range: range(line, 0, line, 3),
    related: [],
    fix: null,
    ...extra,
  };
}

describe('cli check: building a file report', () => {
  it('sorts findings and keeps the cells the engine gave related locations in a notebook', () => {
    const result: AnalysisResult = {
      path: '/repo/nb/a.ipynb',
      kind: 'notebook',
      // Program: cell 2 is lines 0-1, cell 4 (after a markdown cell) is lines 2-3.
      cells: [
        { kind: 'markdown', text: '# Title' },
        { kind: 'code', text: 'cols = ["a", "b", "c"]\nx = 1' },
        { kind: 'markdown', text: 'text' },
        { kind: 'code', text: 'y = 2\nother = ["c", "b", "a"]\n' },
      ],
      findings: [
        finding('MLH002', 3, {
          cell: { cellIndex: 3, range: range(1, 0, 1, 3) },
          related: [{ range: range(0, 7, 0, 22), message: 'first here', cell: { cellIndex: 1, range: range(0, 7, 0, 22) } }],
        }),
        finding('MLH002', 0, {
          cell: { cellIndex: 1, range: range(0, 0, 0, 3) },
          related: [{ range: range(3, 8, 3, 23), message: 'again here', cell: { cellIndex: 3, range: range(1, 8, 1, 23) } }],
        }),
      ],
      score: null,
      syntaxErrors: [],
    };
    const report = toFileReport(result, '/repo/nb/a.ipynb', '/repo', null);
    assert.equal(report.path, 'nb/a.ipynb');
    assert.deepEqual(
      report.findings.map((f) => [f.range.start.line, f.related.map((r) => r.cell)]),
      [
        [0, [{ cellIndex: 3, range: range(1, 8, 1, 23) }]],
        [3, [{ cellIndex: 1, range: range(0, 7, 0, 22) }]],
      ],
    );
    assert.deepEqual(plainLines(report.source), {
      kind: 'notebook',
      cells: [
        { kind: 'markdown', lines: ['# Title'] },
        { kind: 'code', lines: ['cols = ["a", "b", "c"]', 'x = 1'] },
        { kind: 'markdown', lines: ['text'] },
        { kind: 'code', lines: ['y = 2', 'other = ["c", "b", "a"]', ''] },
      ],
    });
  });

  it('keeps related locations of a .py file without a cell and splits its lines', () => {
    const result: AnalysisResult = {
      path: '/repo/a.py',
      kind: 'python',
      cells: null,
      findings: [finding('MLH002', 1, { related: [{ range: range(0, 0, 0, 3), message: 'first' }] })],
      score: null,
      syntaxErrors: [],
    };
    const report = toFileReport(result, '/repo/a.py', '/repo', 'a = 1\r\nb = 2\n');
    assert.deepEqual(report.findings[0]!.related, [{ range: range(0, 0, 0, 3), message: 'first', cell: null }]);
    assert.deepEqual(plainLines(report.source), { kind: 'python', lines: ['a = 1', 'b = 2', ''] });
    assert.equal(toFileReport(result, '/repo/a.py', '/repo', null).source, null);
  });

  it('shows paths relative to the current directory with forward slashes', () => {
    assert.equal(displayPath('/repo/src/a.py', '/repo'), 'src/a.py');
    assert.equal(displayPath('/other/a.py', '/repo'), '../other/a.py');
    assert.equal(displayPath('/repo/a.py', '/repo/a.py'), 'a.py');
  });
});
