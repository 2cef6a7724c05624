/**
 * SARIF 2.1.0 for code-scanning upload (GitHub and others): one run, every rule's metadata with
 * its documentation, and one result per finding with a stable fingerprint.
 *
 * Notebooks: code scanning can only point at lines of the file, and the lines of an `.ipynb` file
 * are JSON, which neither the program nor the cells match. A notebook finding's region is
 * therefore given relative to its cell (what a person sees in Jupyter or VS Code) and the 1-based
 * cell index, counting all cells, is in the result's `properties.cell` (and in each related
 * location's `properties.cell`). The line shown by a code-scanning UI for a notebook is only a
 * pointer; the message, the rule and `properties.cell` identify the place.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { RuleMeta } from '../../core/rules/rule';
import type { Severity } from '../../core/types';
import type { CheckReport, FileReport, HumanLocation, ReportFinding, ReportWriter } from './report';
import { findingLocation, lineText, relatedLocation, writeReport } from './report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'mlHygiene/v1';

export interface SarifRuleInfo {
  meta: RuleMeta;
  helpUri: string;
  /** The rule's documentation page (markdown). */
  doc: string;
}

export interface SarifOptions {
  /** The directory the paths are relative to (%SRCROOT%). */
  cwd: string;
  toolVersion: string;
  informationUri: string;
  rules: readonly SarifRuleInfo[];
}

export function toSarif(report: CheckReport, options: SarifOptions): Sarif.Log {
  const collector = sarifCollector(options);
  for (const file of report.files) collector.file(file);
  return collector.log();
}

export function formatSarif(report: CheckReport, options: SarifOptions): string {
  return writeReport(sarifWriter(options), report);
}

/**
 * SARIF is one document: a file's results are made as the file completes (its source lines, for
 * the fingerprints, are dropped with it) and collected; the log is written at the end.
 */
export function sarifWriter(options: SarifOptions): ReportWriter {
  const collector = sarifCollector(options);
  return {
    file(file) {
      collector.file(file);
      return '';
    },
    end: () => JSON.stringify(collector.log(), null, 2) + '\n',
  };
}

function sarifCollector(options: SarifOptions): { file(file: FileReport): void; log(): Sarif.Log } {
  const rules = options.rules.map(ruleDescriptor);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results: Sarif.Result[] = [];
  return {
    file(file) {
      const seen = new Map<string, number>();
      for (const finding of file.findings) {
        if (!ruleIndex.has(finding.code)) {
          ruleIndex.set(finding.code, rules.length);
          rules.push({ id: finding.code, name: finding.name });
        }
        results.push(result(file, finding, ruleIndex.get(finding.code)!, options.cwd, seen));
      }
    },
    log: () => ({
      $schema: SARIF_SCHEMA,
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'ml-hygiene', version: options.toolVersion, informationUri: options.informationUri, rules } },
          originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(options.cwd) } },
          columnKind: 'utf16CodeUnits',
          invocations: [{ executionSuccessful: true }],
          results,
        },
      ],
    }),
  };
}

function ruleDescriptor({ meta, helpUri, doc }: SarifRuleInfo): Sarif.ReportingDescriptor {
  return {
    id: meta.code,
    name: meta.name,
    shortDescription: { text: meta.summary },
    fullDescription: { text: meta.summary },
    helpUri,
    help: { text: doc, markdown: doc },
    defaultConfiguration: { level: sarifLevel(meta.defaultSeverity) },
    properties: { tags: [meta.family] },
  };
}

export function sarifLevel(severity: Severity): Sarif.ReportingConfiguration.level {
  switch (severity) {
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    case 'info':
    case 'hint':
      return 'note';
  }
}

function result(file: FileReport, finding: ReportFinding, ruleIndex: number, cwd: string, seen: Map<string, number>): Sarif.Result {
  const location = findingLocation(file, finding);
  const sarifResult: Sarif.Result = {
    ruleId: finding.code,
    ruleIndex,
    level: sarifLevel(finding.severity),
    message: { text: finding.message },
    locations: [physical(file, location, cwd)],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(file, finding, location, seen) },
  };
  if (location.cell !== null) sarifResult.properties = { cell: location.cell };
  if (finding.related.length > 0) {
    sarifResult.relatedLocations = finding.related.map((item, index) => ({
      id: index + 1,
      message: { text: item.message },
      ...physical(file, relatedLocation(file, item), cwd),
    }));
  }
  return sarifResult;
}

function physical(file: FileReport, location: HumanLocation, cwd: string): Sarif.Location {
  const sarifLocation: Sarif.Location = {
    physicalLocation: {
      artifactLocation: artifactLocation(file.absolutePath, cwd),
      region: { startLine: location.line, startColumn: location.column, endLine: location.endLine, endColumn: location.endColumn },
    },
  };
  if (location.cell !== null) sarifLocation.properties = { cell: location.cell };
  return sarifLocation;
}

/** Relative to %SRCROOT% when the file is under it, else an absolute file URI. */
export function artifactLocation(absolutePath: string, cwd: string): Sarif.ArtifactLocation {
  const rel = relative(cwd, absolutePath);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(absolutePath).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : href + '/';
}

/**
 * Stable across commits that move the finding: the rule, the file and the whitespace-normalised
 * text of the line, plus a counter for identical lines in the same file (as GitHub's own
 * primaryLocationLineHash does).
 */
function fingerprint(file: FileReport, finding: ReportFinding, location: HumanLocation, seen: Map<string, number>): string {
  const text = lineText(file, location).trim().replace(/\s+/g, ' ');
  const hash = createHash('sha256').update(`${finding.code}\0${file.path}\0${text}`).digest('hex').slice(0, 32);
  const occurrence = (seen.get(hash) ?? 0) + 1;
  seen.set(hash, occurrence);
  return `${hash}:${occurrence}`;
}
