/** `ml-hygiene rules` and `ml-hygiene docs CODE`. */
import { fixability } from '../core/refactors/registry';
import type { Rule, RuleMeta } from '../core/rules/rule';
import { errorMessage, UsageError } from '../core/errors';

export interface RuleListing {
  code: string;
  name: string;
  family: string;
  severity: string;
  status: string;
  fixable: string;
  summary: string;
  url: string;
}

export function ruleListing(rules: readonly RuleMeta[], docUrl: (rule: RuleMeta) => string): RuleListing[] {
  return rules.map((rule) => ({
    code: rule.code,
    name: rule.name,
    family: rule.family,
    severity: rule.defaultSeverity,
    status: rule.status,
    fixable: fixability(rule),
    summary: rule.summary,
    url: docUrl(rule),
  }));
}

const COLUMNS = ['code', 'name', 'severity', 'fixable', 'summary'] as const;

/** A plain table: a header and one row per rule, columns padded to their widest cell. */
export function formatRulesTable(listing: readonly RuleListing[]): string {
  const header: Record<(typeof COLUMNS)[number], string> = {
    code: 'CODE',
    name: 'NAME',
    severity: 'SEVERITY',
    fixable: 'FIXABLE',
    summary: 'SUMMARY',
  };
  const rows = [header, ...listing.map((rule) => ({ ...rule, name: rule.status === 'preview' ? `${rule.name} (preview)` : rule.name }))];
  const widths = COLUMNS.map((column) => Math.max(...rows.map((row) => row[column].length)));
  const lines = rows.map((row) =>
    COLUMNS.map((column, i) => (i === COLUMNS.length - 1 ? row[column] : row[column].padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
  return lines.join('\n') + '\n';
}

export function formatRulesJson(listing: readonly RuleListing[]): string {
  return JSON.stringify(listing, null, 2) + '\n';
}

export function ruleDoc(query: string, find: (codeOrName: string) => Rule | undefined, readDoc: (rule: RuleMeta) => string): string {
  const rule = find(query);
  if (!rule) throw new UsageError(`unknown rule ${JSON.stringify(query)} (\`ml-hygiene rules\` lists them)`);
  let doc: string;
  try {
    doc = readDoc(rule);
  } catch (error) {
    throw new Error(`cannot read the documentation of ${rule.code}: ${errorMessage(error)}`, { cause: error });
  }
  return doc.endsWith('\n') ? doc : doc + '\n';
}
