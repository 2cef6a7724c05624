import { createTwoFilesPatch } from 'diff';
import { applyEdits } from '../../../src/core/edits';
import type { Finding } from '../../../src/core/types';

/** Ruff-style rendering of findings over their source: the line, a caret under the range, the fix as a diff. */
export function renderFindings(path: string, program: string, findings: readonly Finding[]): string {
  const lines = program.split('\n');
  const out: string[] = [];
  for (const f of findings) {
    const where = f.cell ? ` (cell ${f.cell.cellIndex + 1}, line ${f.cell.range.start.line + 1})` : '';
    out.push(`${f.code} ${f.name} [${f.severity}] ${f.range.start.line + 1}:${f.range.start.character + 1}${where}`);
    out.push(`  ${f.message}`);
    const line = f.range.start.line;
    const text = lines[line] ?? '';
    const gutter = String(line + 1).padStart(4);
    out.push(`${gutter} | ${text}`);
    const endChar = f.range.end.line === line ? f.range.end.character : text.length;
    const width = Math.max(1, endChar - f.range.start.character);
    out.push(`${' '.repeat(4)} | ${' '.repeat(f.range.start.character)}${'^'.repeat(width)}`);
    for (const r of f.related) out.push(`  related ${r.range.start.line + 1}:${r.range.start.character + 1}: ${r.message}`);
    if (f.fix) {
      out.push(`  fix (${f.fix.applicability}): ${f.fix.title}`);
      if (f.fix.edits.length > 0) {
        const patched = applyEdits(program, f.fix.edits);
        const patch = createTwoFilesPatch(`a/${path}`, `b/${path}`, program, patched, undefined, undefined, { context: 1 });
        out.push(
          ...patch
            .trimEnd()
            .split('\n')
            .filter((l) => !l.startsWith('===='))
            .map((l) => `    ${l}`),
        );
      }
    }
    out.push('');
  }
  return out.join('\n');
}
