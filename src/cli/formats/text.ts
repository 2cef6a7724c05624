/**
 * Compiler-style text: one line per finding, `path:line:col: CODE severity: message` (with
 * `cell N:` before the line in a notebook), related locations indented below, and a summary.
 */
import pc from 'picocolors';
import type { Severity } from '../../core/types';
import type { CheckReport, FileReport, ReportFinding } from './report';
import { countFindings, findingLocation, locationPrefix, relatedLocation } from './report';

type Colors = ReturnType<typeof pc.createColors>;

export interface TextOptions {
  /** Colour the severity words and the summary (a TTY without --no-color). */
  color: boolean;
}

export function formatText(report: CheckReport, options: TextOptions): string {
  const colors = pc.createColors(options.color);
  const lines: string[] = [];
  for (const file of report.files) {
    for (const finding of file.findings) lines.push(...findingLines(file, finding, colors));
  }
  const { problems, filesWithProblems, fixable } = countFindings(report);
  if (problems === 0) {
    lines.push(colors.green(`All checks passed (${plural(report.files.length, 'file')}).`));
  } else {
    lines.push('', colors.bold(`Found ${plural(problems, 'problem')} in ${plural(filesWithProblems, 'file')} (${fixable} fixable).`));
  }
  return lines.join('\n') + '\n';
}

function findingLines(file: FileReport, finding: ReportFinding, colors: Colors): string[] {
  const head = `${locationPrefix(file.path, findingLocation(file, finding))}: ${colors.bold(finding.code)} ${paintSeverity(finding.severity, colors)}: ${finding.message}`;
  const related = finding.related.map((item) => `    ${locationPrefix(file.path, relatedLocation(file, item))}: ${item.message}`);
  return [head, ...related];
}

function paintSeverity(severity: Severity, colors: Colors): string {
  switch (severity) {
    case 'error':
      return colors.red(severity);
    case 'warning':
      return colors.yellow(severity);
    case 'info':
      return colors.blue(severity);
    case 'hint':
      return colors.dim(severity);
  }
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
