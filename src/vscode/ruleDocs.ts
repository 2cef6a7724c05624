import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { findRule, readRuleDoc, ruleDocPath, RULES } from '../core/rules/registry';
import type { RuleMeta } from '../core/rules/rule';

/** Read-only documents `ml-hygiene-doc:/MLH101.md`, for when the markdown preview is unavailable. */
export const RULE_DOC_SCHEME = 'ml-hygiene-doc';

/**
 * "Show Rule Documentation": the bundled doc page of a rule (picked from a list, or named by
 * its code or name) in the markdown preview, or as a read-only markdown document.
 */
export class RuleDocumentation implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(RULE_DOC_SCHEME, this);

  constructor(private readonly log: vscode.LogOutputChannel) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const rule = findRule(uri.path.replace(/^\//, '').replace(/\.md$/, ''));
    if (!rule) throw new Error(`ML Hygiene: no rule ${uri.path}`);
    return readRuleDoc(rule);
  }

  /** Shows the page of `codeOrName`, or of the rule the user picks. Returns the rule shown. */
  async show(codeOrName?: unknown): Promise<RuleMeta | undefined> {
    const rule = typeof codeOrName === 'string' ? findRule(codeOrName) : await pickRule();
    if (!rule) {
      if (typeof codeOrName === 'string') void vscode.window.showErrorMessage(`ML Hygiene: there is no rule "${codeOrName}".`);
      return undefined;
    }
    const file = ruleDocPath(rule);
    if (existsSync(file)) {
      try {
        await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(file));
        return rule;
      } catch (error) {
        this.log.info(`markdown preview unavailable (${String(error)}); opening ${rule.code} as text`);
      }
    }
    const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: RULE_DOC_SCHEME, path: `/${rule.code}.md` }));
    await vscode.window.showTextDocument(document, { preview: true });
    return rule;
  }

  dispose(): void {
    this.registration.dispose();
  }
}

async function pickRule(): Promise<RuleMeta | undefined> {
  const items = RULES.map((rule) => ({
    label: rule.code,
    description: rule.name,
    detail: rule.summary,
    rule,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'ML Hygiene: Show Rule Documentation',
    placeHolder: 'Rule code, name or summary',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.rule;
}
