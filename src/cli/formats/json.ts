/**
 * JSON: an array of findings with 1-based lines and columns (end column exclusive). In a notebook
 * `cell` is the 1-based index of the cell among all cells and the lines count from that cell;
 * `cell` is null for a `.py` file.
 */
import type { Applicability, Severity } from '../../core/types';
import type { CheckReport, FileReport, HumanLocation, ReportFinding, ReportWriter } from './report';
import { findingLocation, relatedLocation, writeReport } from './report';

export interface JsonRelated extends HumanLocation {
  message: string;
}

export interface JsonFinding extends HumanLocation {
  path: string;
  code: string;
  name: string;
  severity: Severity;
  message: string;
  fix: { applicability: Applicability; title: string } | null;
  related: JsonRelated[];
}

export function toJsonFindings(report: CheckReport): JsonFinding[] {
  return report.files.flatMap((file) => file.findings.map((finding) => toJsonFinding(file, finding)));
}

export function formatJson(report: CheckReport): string {
  return writeReport(jsonWriter(), report);
}

/**
 * The array element by element as each file completes, byte for byte what
 * `JSON.stringify(findings, null, 2)` prints for the whole array (strings hold no raw newline).
 */
export function jsonWriter(): ReportWriter {
  let first = true;
  return {
    file(file) {
      if (file.findings.length === 0) return '';
      // The file's findings as an array, indented as elements of the whole one; its brackets cut off.
      const array = JSON.stringify(
        file.findings.map((finding) => toJsonFinding(file, finding)),
        null,
        2,
      );
      const text = (first ? '[\n  ' : ',\n  ') + array.slice('[\n  '.length, -'\n]'.length);
      first = false;
      return text;
    },
    end: () => (first ? '[]\n' : '\n]\n'),
  };
}

function toJsonFinding(file: FileReport, finding: ReportFinding): JsonFinding {
  const { line, column, endLine, endColumn, cell } = findingLocation(file, finding);
  return {
    path: file.path,
    code: finding.code,
    name: finding.name,
    severity: finding.severity,
    message: finding.message,
    line,
    column,
    endLine,
    endColumn,
    cell,
    fix: finding.fix ? { applicability: finding.fix.applicability, title: finding.fix.title } : null,
    related: finding.related.map((item) => {
      const location = relatedLocation(file, item);
      return {
        line: location.line,
        column: location.column,
        endLine: location.endLine,
        endColumn: location.endColumn,
        cell: location.cell,
        message: item.message,
      };
    }),
  };
}
