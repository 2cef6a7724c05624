import assert from 'node:assert/strict';
import { formatJson, toJsonFindings } from '../../../src/cli/formats/json';
import { formatText } from '../../../src/cli/formats/text';
import type { ReportFinding } from '../../../src/cli/formats/report';
import { splitLines, TextLines } from '../../../src/cli/formats/report';
import fc from 'fast-check';
import { clean, notebook, range, script } from './fixtures';

describe('cli text format', () => {
  it('renders findings like a compiler, with cells, related locations and a summary', () => {
    const text = formatText({ files: [script, notebook, clean] }, { color: false });
    assert.equal(
      text,
      [
        'src/train.py:2:18: MLH102 warning: Path "/data/x.csv" is hard-coded.',
        'src/train.py:3:12: MLH002 warning: The feature list ["a", "b", "c"] is written 2 times.',
        '    src/train.py:4:8: also written here',
        'nb/explore.ipynb:cell 2:2:18: MLH102 warning: Path "d.csv" is hard-coded.',
        '    nb/explore.ipynb:cell 4:2:1: read again here',
        'nb/explore.ipynb:cell 4:1:1: MLH202 info: Expression statement `df.head()` has no effect.',
        '',
        'Found 4 problems in 2 files (1 fixable).',
        '  3 hard-coded values or feature lists in 2 files: `ml-hygiene refactor extract-config FILE` moves them to the params file.',
        '',
      ].join('\n'),
    );
  });

  it('says all checks passed when nothing is found, counting the files', () => {
    assert.equal(formatText({ files: [clean, clean] }, { color: false }), 'All checks passed (2 files).\n');
    assert.equal(formatText({ files: [clean] }, { color: false }), 'All checks passed (1 file).\n');
  });

  it('uses singular words for one problem in one file', () => {
    const one = { ...script, findings: script.findings.slice(0, 1) };
    assert.match(
      formatText({ files: [one] }, { color: false }),
      /\nFound 1 problem in 1 file \(0 fixable\)\.\n {2}1 hard-coded value or feature list in 1 file: `ml-hygiene refactor extract-config FILE` moves it to the params file\.\n$/,
    );
  });

  it('points a monolithic script at modularize', () => {
    const monolith = { ...clean, findings: [{ ...script.findings[0]!, code: 'MLH001', message: 'Monolithic script.' }] };
    assert.match(
      formatText({ files: [monolith] }, { color: false }),
      /\n {2}1 monolithic script: `ml-hygiene refactor modularize FILE` splits it into a package of steps\.\n$/,
    );
  });

  it('colours the severity word only when asked', () => {
    const coloured = formatText({ files: [script] }, { color: true });
    assert.ok(coloured.includes('\x1b[33mwarning\x1b[39m'), coloured);
    assert.ok(!formatText({ files: [script] }, { color: false }).includes('\x1b['));
  });
});

describe('cli json format', () => {
  it('gives 1-based positions, 1-based cells counting all cells, fixes and related locations', () => {
    assert.deepEqual(toJsonFindings({ files: [script, notebook, clean] }), [
      {
        path: 'src/train.py',
        code: 'MLH102',
        name: 'hard-coded-path',
        severity: 'warning',
        message: 'Path "/data/x.csv" is hard-coded.',
        line: 2,
        column: 18,
        endLine: 2,
        endColumn: 31,
        cell: null,
        fix: null,
        related: [],
      },
      {
        path: 'src/train.py',
        code: 'MLH002',
        name: 'duplicated-feature-list',
        severity: 'warning',
        message: 'The feature list ["a", "b", "c"] is written 2 times.',
        line: 3,
        column: 12,
        endLine: 3,
        endColumn: 27,
        cell: null,
        fix: { applicability: 'unsafe', title: 'Move the list to params.yaml' },
        related: [{ line: 4, column: 8, endLine: 4, endColumn: 23, cell: null, message: 'also written here' }],
      },
      {
        path: 'nb/explore.ipynb',
        code: 'MLH102',
        name: 'hard-coded-path',
        severity: 'warning',
        message: 'Path "d.csv" is hard-coded.',
        line: 2,
        column: 18,
        endLine: 2,
        endColumn: 25,
        cell: 2,
        fix: null,
        // The engine's "to the end of the cell" is clamped to the line's length (26 characters).
        related: [{ line: 2, column: 1, endLine: 2, endColumn: 27, cell: 4, message: 'read again here' }],
      },
      {
        path: 'nb/explore.ipynb',
        code: 'MLH202',
        name: 'bare-expression',
        severity: 'info',
        message: 'Expression statement `df.head()` has no effect.',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 10,
        cell: 4,
        fix: { applicability: 'display-only', title: 'Remove the statement' },
        related: [],
      },
    ]);
  });

  it('writes, file by file, exactly what JSON.stringify(findings, null, 2) prints, whatever the strings hold', () => {
    const odd: ReportFinding = {
      ...script.findings[1]!,
      message: 'quotes " and \\ backslash, tab\t, new\nline, \u0001, é, 😀, a lone \ud800 surrogate',
      related: [
        { range: range(0, 0, 0, 3), message: 'first "one"', cell: null },
        { range: range(3, 1, 99, 9999), message: '</script>', cell: null },
      ],
      fix: { title: 'Title with "quotes"', applicability: 'safe', edits: [] },
    };
    const reports = [
      { files: [script, notebook, clean] },
      { files: [clean, { ...script, path: 'dir "quoted"/ü.py', findings: [odd, ...script.findings] }, notebook] },
      { files: [clean] },
    ];
    for (const report of reports) {
      const findings = toJsonFindings(report);
      const expected = findings.length === 0 ? '[]\n' : JSON.stringify(findings, null, 2) + '\n';
      assert.equal(formatJson(report), expected);
    }
  });

  it('prints an indented array ending with a newline, [] when clean', () => {
    assert.equal(formatJson({ files: [clean] }), '[]\n');
    const text = formatJson({ files: [script] });
    assert.ok(text.endsWith('}\n]\n'));
    assert.equal(JSON.parse(text).length, 2);
  });
});

describe('cli report: the lines of a text, found as asked (TextLines)', () => {
  // Texts with a carriage return are split at once: most texts here have none, so that the lines found on demand get tested.
  const texts = fc
    .tuple(fc.array(fc.constantFrom('a', ' ', '\n', '\n', 'é', '\u2028'), { maxLength: 30 }), fc.constantFrom('', '', '', '\r', '\r\n'))
    .map(([parts, end]) => parts.join('') + end);

  it('gives the lines splitLines gives, whatever order they are asked in', () => {
    fc.assert(
      fc.property(texts, fc.array(fc.integer({ min: -2, max: 35 }), { maxLength: 12 }), fc.boolean(), (text, asked, lengthFirst) => {
        const split = splitLines(text);
        const lines = new TextLines(text);
        if (lengthFirst) assert.equal(lines.length, split.length);
        for (const index of asked) assert.equal(lines.at(index), index >= 0 ? split[index] : undefined);
        assert.equal(lines.length, split.length);
        for (let i = -1; i <= split.length; i++) assert.equal(lines.at(i), i >= 0 ? split[i] : undefined);
      }),
    );
  });

  it('keeps a range inside the lines it was found on', () => {
    const text = formatText(
      {
        files: [
          {
            ...script,
            source: { kind: 'python', lines: new TextLines('a = 1\nbb = 2') },
            findings: [{ ...script.findings[0]!, range: range(1, 1, 7, 99), related: [] }],
          },
        ],
      },
      { color: false },
    );
    assert.match(text, /^src\/train\.py:2:2: MLH102/);
    const json = toJsonFindings({
      files: [
        {
          ...script,
          source: { kind: 'python', lines: new TextLines('a = 1\nbb = 2') },
          findings: [{ ...script.findings[0]!, range: range(0, 3, 7, 99), related: [] }],
        },
      ],
    });
    assert.deepEqual([json[0]!.line, json[0]!.column, json[0]!.endLine, json[0]!.endColumn], [1, 4, 2, 7]);
  });
});
