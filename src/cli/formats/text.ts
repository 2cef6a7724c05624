/**
 * Compiler-style text: one line per finding, `path:line:col: CODE severity: message` (with
 * `cell N:` before the line in a notebook), related locations indented below, and a summary.
 */
import pc from 'picocolors';
import { EXTRACT_CONFIG, MODULARIZE } from '../../core/refactors/registry';
import type { Severity } from '../../core/types';
import type { CheckReport, FileReport, ReportFinding, ReportWriter } from './report';
import { findingLocation, locationPrefix, relatedLocation, ReportTally, writeReport } from './report';

type Colors = ReturnType<typeof pc.createColors>;

export interface TextOptions {
  /** Colour the severity words and the summary (a TTY without --no-color). */
  color: boolean;
}

export function formatText(report: CheckReport, options: TextOptions): string {
  return writeReport(textWriter(options), report);
}

/** Text file by file: each finding's lines as its file completes, the summary at the end. */
export function textWriter(options: TextOptions): ReportWriter {
  const colors = pc.createColors(options.color);
  const counts = new ReportTally();
  return {
    file(file) {
      counts.add(file);
      let text = '';
      for (const finding of file.findings) for (const line of findingLines(file, finding, colors)) text += line + '\n';
      return text;
    },
    end() {
      const lines: string[] = [];
      if (counts.problems === 0) {
        lines.push(colors.green(`All checks passed (${plural(counts.files, 'file')}).`));
      } else {
        lines.push(
          '',
          colors.bold(
            `Found ${plural(counts.problems, 'problem')} in ${plural(counts.filesWithProblems, 'file')} (${counts.fixable} fixable).`,
          ),
        );
        lines.push(...refactorHints(counts));
      }
      return lines.join('\n') + '\n';
    },
  };
}

/** Where to go next: the refactor that resolves a group of findings, without changing behaviour. */
function refactorHints({ values, valueFiles, monoliths }: ReportTally): string[] {
  const hints: string[] = [];
  if (values > 0) {
    hints.push(
      `${plural(values, 'hard-coded value or feature list', 'hard-coded values or feature lists')} in ${plural(valueFiles, 'file')}: ` +
        `\`ml-hygiene refactor ${EXTRACT_CONFIG.command} FILE\` moves ${values === 1 ? 'it' : 'them'} to the params file.`,
    );
  }
  if (monoliths > 0) {
    hints.push(
      `${plural(monoliths, 'monolithic script', 'monolithic scripts')}: ` +
        `\`ml-hygiene refactor ${MODULARIZE.command} FILE\` splits ${monoliths === 1 ? 'it' : 'each'} into a package of steps.`,
    );
  }
  return hints.map((hint) => `  ${hint}`);
}

function findingLines(file: FileReport, finding: ReportFinding, colors: Colors): string[] {
  const where = locationPrefix(file.path, findingLocation(file, finding));
  const head = `${where}: ${colors.bold(finding.code)} ${paintSeverity(finding.severity, colors)}: ${finding.message}`;
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

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
