import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { findRule, readRuleDoc, ruleDocPath, RULES } from '../core/rules/registry';
import type { RuleMeta } from '../core/rules/rule';
import { RULE_DOC_URI_PATH } from './convert';

/** Read-only documents `ml-hygiene-doc:/MLH101.md`, for when the markdown preview is unavailable. */
export const RULE_DOC_SCHEME = 'ml-hygiene-doc';

/**
 * "Show Rule Documentation" and the diagnostics' code links: the bundled doc page of a rule
 * (picked from a list, or named by its code or name) rendered in the markdown preview, where the
 * relative links between rule pages open the other pages; as a read-only markdown document when
 * the preview is unavailable. Never the writable `.md` file.
 */
export class RuleDocumentation implements vscode.TextDocumentContentProvider, vscode.UriHandler, vscode.Disposable {
  private readonly registrations = [
    vscode.workspace.registerTextDocumentContentProvider(RULE_DOC_SCHEME, this),
    // The diagnostics' code links (convert.ts ruleDocUri) come back here.
    vscode.window.registerUriHandler(this),
  ];

  constructor(private readonly log: vscode.LogOutputChannel) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const rule = findRule(uri.path.replace(/^\//, '').replace(/\.md$/, ''));
    if (!rule) throw new Error(`ML Hygiene: no rule ${uri.path}`);
    return readRuleDoc(rule);
  }

  /** `vscode://ml-hygiene.ml-hygiene/rule/MLH101`: the page of MLH101. */
  async handleUri(uri: vscode.Uri): Promise<void> {
    if (!uri.path.startsWith(RULE_DOC_URI_PATH)) {
      this.log.warn(`no handler for ${uri.toString(true)}`);
      return;
    }
    await this.show(decodeURIComponent(uri.path.slice(RULE_DOC_URI_PATH.length)));
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
    for (const registration of this.registrations) registration.dispose();
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
