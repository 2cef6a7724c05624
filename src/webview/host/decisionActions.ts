import * as vscode from 'vscode';
import { NOTEBOOK_CELL_SCHEME, notebookOfCell } from '../../vscode/documents';
import { DIAGNOSTIC_SOURCE } from '../../vscode/convert';

export const OPEN_DECISION_PATH_COMMAND = 'mlHygiene.openDecisionPath';

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

/**
 * "Open decision path" on MLH501 findings (an import heavier than the decided rung): the answer
 * is a conversation with the team, so the action opens the sidebar at the decision.
 */
export class DecisionPathActions implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const findings = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d) === 'MLH501');
    if (findings.length === 0) return [];
    const target = document.uri.scheme === NOTEBOOK_CELL_SCHEME ? (notebookOfCell(document)?.uri ?? document.uri) : document.uri;
    const action = new vscode.CodeAction('Open decision path', vscode.CodeActionKind.QuickFix);
    action.diagnostics = findings;
    action.command = { command: OPEN_DECISION_PATH_COMMAND, title: 'Open decision path', arguments: [target] };
    return [action];
  }
}
