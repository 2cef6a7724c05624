import * as vscode from 'vscode';
import { findRule } from '../core/rules/registry';
import type { Finding, Range, Severity } from '../core/types';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'ML Hygiene';

/** Path of the extension URIs that show a rule's page (`/rule/MLH101`). */
export const RULE_DOC_URI_PATH = '/rule/';

export function toVsRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/**
 * The target of a diagnostic's code link: this extension's URI for the rule's page,
 * `vscode://ml-hygiene.ml-hygiene/rule/MLH101` (the editor's own URL scheme), which
 * `RuleDocumentation.handleUri` turns into the rendered, read-only page (the markdown preview of the
 * bundled doc). A `command:` link would do the same from the Problems panel but does nothing from
 * the editor's hover, which opens links without command permission; a file link would open the
 * raw, writable `.md`. Undefined for unknown codes.
 */
export function ruleDocUri(code: string, extensionId: string): vscode.Uri | undefined {
  const rule = findRule(code);
  if (!rule) return undefined;
  return vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: extensionId, path: `${RULE_DOC_URI_PATH}${rule.code}` });
}

/** Builds diagnostics for findings; remembers each rule's doc link. */
export class DiagnosticFactory {
  private readonly docLinks = new Map<string, vscode.Uri | undefined>();

  /** `extensionId`: this extension's id (`publisher.name`), the authority of its doc links. */
  constructor(private readonly extensionId: string) {}

  create(finding: Finding, range: vscode.Range, related: vscode.DiagnosticRelatedInformation[], messagePrefix = ''): vscode.Diagnostic {
    const diagnostic = new vscode.Diagnostic(range, messagePrefix + finding.message, SEVERITY[finding.severity]);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    const target = this.docLink(finding.code);
    diagnostic.code = target ? { value: finding.code, target } : finding.code;
    if (related.length > 0) diagnostic.relatedInformation = related;
    return diagnostic;
  }

  /** Related locations of a finding in the same document. */
  sameDocumentRelated(finding: Finding, uri: vscode.Uri): vscode.DiagnosticRelatedInformation[] {
    return finding.related.map(
      (item) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toVsRange(item.range)), item.message),
    );
  }

  private docLink(code: string): vscode.Uri | undefined {
    if (!this.docLinks.has(code)) this.docLinks.set(code, ruleDocUri(code, this.extensionId));
    return this.docLinks.get(code);
  }
}
