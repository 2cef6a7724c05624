import * as vscode from 'vscode';
import { findRule, ruleDocPath } from '../core/rules/registry';
import type { Finding, Range, Severity } from '../core/types';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'ML Hygiene';

export function toVsRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/**
 * The target of a diagnostic's code link: the rule's documentation page bundled with the
 * extension (`dist/docs/...md`), as a file URI. Chosen over the https page because it works
 * offline and behind proxies, always matches the installed version of the rule, and opens in
 * the editor (in remote setups through the remote file system). Undefined for unknown codes.
 */
export function ruleDocUri(code: string): vscode.Uri | undefined {
  const rule = findRule(code);
  if (!rule) return undefined;
  try {
    return vscode.Uri.file(ruleDocPath(rule));
  } catch {
    return undefined;
  }
}

/** Builds diagnostics for findings; remembers each rule's doc link. */
export class DiagnosticFactory {
  private readonly docLinks = new Map<string, vscode.Uri | undefined>();

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
    if (!this.docLinks.has(code)) this.docLinks.set(code, ruleDocUri(code));
    return this.docLinks.get(code);
  }
}
