import * as vscode from 'vscode';
import type { RuleDocumentation } from './ruleDocs';
import type { WorkspaceScanner } from './scan';
import type { FindingStore } from './findings';
import { SHOW_FINDINGS_COMMAND, showFileFindings } from './statusBar';

export interface CommandDeps {
  scanner: WorkspaceScanner;
  docs: RuleDocumentation;
  store: FindingStore;
}

/** The extension's commands (contributed in package.json under the "ML Hygiene" category). */
export function registerCommands({ scanner, docs, store }: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('mlHygiene.scanWorkspace', (token?: unknown) =>
      scanner.scan(isCancellationToken(token) ? token : undefined),
    ),
    vscode.commands.registerCommand('mlHygiene.showRuleDocumentation', (codeOrName?: unknown) => docs.show(codeOrName)),
    vscode.commands.registerCommand(SHOW_FINDINGS_COMMAND, () => showFileFindings(store)),
  ];
}

function isCancellationToken(value: unknown): value is vscode.CancellationToken {
  return typeof value === 'object' && value !== null && 'isCancellationRequested' in value && 'onCancellationRequested' in value;
}
