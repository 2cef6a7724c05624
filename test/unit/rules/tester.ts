import assert from 'node:assert/strict';
import { defaultConfig } from '../../../src/core/config/types';
import { applyEdits } from '../../../src/core/edits';
import { analyzeText, initEngine } from '../../../src/core/engine';
import type { Rule } from '../../../src/core/rules/rule';
import type { Finding } from '../../../src/core/types';

/**
 * ESLint-style rule tester: `valid` snippets must give no finding of the rule, `invalid` ones
 * exactly the listed findings (1-based line and column, optional end and message pattern).
 */
export interface ExpectedFinding {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message?: RegExp;
  /** Notebooks: 1-based cell index (all cells), lines then relative to the cell. */
  cell?: number;
}

export interface TestCase {
  code: string;
  /** File name; `.ipynb` makes `code` a notebook (build it with `notebook()`). */
  path?: string;
  options?: Record<string, unknown>;
  name?: string;
}

export interface InvalidCase extends TestCase {
  errors: ExpectedFinding[];
}

export function notebook(cells: Array<string | { markdown: string }>): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((c) =>
      typeof c === 'string'
        ? { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: c }
        : { cell_type: 'markdown', metadata: {}, source: c.markdown },
    ),
  });
}

export function findingsOf(rule: Rule, test: TestCase): Finding[] {
  const config = { ...defaultConfig(), select: [rule.code], ruleOptions: test.options ? { [rule.code]: test.options } : {} };
  return analyzeText(test.path ?? 'test.py', test.code, { config }).findings.filter((f) => f.code === rule.code);
}

/** `code` with every fix the rule attaches to its findings applied (the rule's own fixes, not the refactors). */
export function fixAll(rule: Rule, code: string, test: Omit<TestCase, 'code'> = {}): string {
  return applyEdits(
    code,
    findingsOf(rule, { ...test, code }).flatMap((f) => f.fix?.edits ?? []),
  );
}

function render(f: Finding): string {
  const at = f.cell
    ? `cell ${f.cell.cellIndex + 1}:${f.cell.range.start.line + 1}:${f.cell.range.start.character + 1}`
    : `${f.range.start.line + 1}:${f.range.start.character + 1}`;
  return `${at} ${f.message}`;
}

export function ruleTester(rule: Rule, cases: { valid: Array<string | TestCase>; invalid: InvalidCase[] }): void {
  describe(`${rule.code} ${rule.name}`, () => {
    before(() => initEngine());
    cases.valid.forEach((entry, i) => {
      const test = typeof entry === 'string' ? { code: entry } : entry;
      it(`valid #${i + 1}${test.name ? `: ${test.name}` : ''}`, () => {
        const found = findingsOf(rule, test);
        assert.deepEqual(found.map(render), [], `expected no ${rule.code} in:\n${test.code}`);
      });
    });
    cases.invalid.forEach((test, i) => {
      it(`invalid #${i + 1}${test.name ? `: ${test.name}` : ''}`, () => {
        const found = findingsOf(rule, test);
        assert.equal(
          found.length,
          test.errors.length,
          `expected ${test.errors.length} finding(s), got:\n${found.map(render).join('\n')}\nin:\n${test.code}`,
        );
        test.errors.forEach((expected, j) => {
          const f = found[j]!;
          const range = expected.cell !== undefined ? f.cell?.range : f.range;
          assert.ok(range, `finding ${j + 1} has no cell location`);
          if (expected.cell !== undefined) assert.equal((f.cell?.cellIndex ?? -1) + 1, expected.cell, `cell of finding ${j + 1}`);
          assert.deepEqual(
            { line: range.start.line + 1, column: range.start.character + 1 },
            { line: expected.line, column: expected.column },
            `position of finding ${j + 1}: ${render(f)}`,
          );
          if (expected.endLine !== undefined) assert.equal(range.end.line + 1, expected.endLine, `end line of finding ${j + 1}`);
          if (expected.endColumn !== undefined) assert.equal(range.end.character + 1, expected.endColumn, `end column of finding ${j + 1}`);
          if (expected.message) assert.match(f.message, expected.message);
        });
      });
    });
  });
}
