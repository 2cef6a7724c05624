import * as vscode from 'vscode';
import type { MonolithScore } from '../core/engine';
import { PHASE_TITLES } from '../core/types';
import { isLivePythonDocument, NOTEBOOK_CELL_SCHEME, notebookOfCell } from './documents';
import type { FindingStore } from './findings';
import { diagnosticCode } from './findings';
import { SHOW_PIPELINE_GRAPH_COMMAND } from './graphPanel';

export const SHOW_FINDINGS_COMMAND = 'mlHygiene.showFindings';

/**
 * The active file's monolith score in the status bar (a warning background when the file is a
 * monolith); clicking it lists this file's findings, and offers its pipeline graph (`showFileFindings`).
 * Hidden when the active editor is not Python or a notebook, or has not been analyzed.
 */
export class MonolithStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlHygiene.monolithScore', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly store: FindingStore) {
    this.item.name = 'ML Hygiene: Monolith Score';
    this.item.command = SHOW_FINDINGS_COMMAND;
    this.disposables = [
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.window.onDidChangeActiveNotebookEditor(() => this.refresh()),
      store.onDidChangeResult((uri) => {
        if (uri.toString() === this.activeUri()?.toString()) this.refresh();
      }),
    ];
    this.refresh();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private activeUri(): vscode.Uri | undefined {
    return activeAnalyzed()?.uri;
  }

  private refresh(): void {
    const uri = this.activeUri();
    const score = uri ? this.store.result(uri)?.score : undefined;
    if (!score) {
      this.item.hide();
      return;
    }
    this.item.text = `$(symbol-structure) Monolith ${Math.round(score.score)}`;
    this.item.backgroundColor = score.isMonolith ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.tooltip = scoreTooltip(score);
    this.item.accessibilityInformation = {
      label: `Monolith score ${Math.round(score.score)} of 100${score.isMonolith ? ', a monolith' : ''}. Show the findings.`,
    };
    this.item.show();
  }
}

export function scoreTooltip(score: MonolithScore): vscode.MarkdownString {
  const phases = score.phases.length > 0 ? score.phases.map((phase) => PHASE_TITLES[phase]).join(', ') : 'none';
  const verdict = score.isMonolith ? 'Monolithic script (MLH001): split it into functions or modules per phase.' : 'Not a monolith.';
  const tooltip = new vscode.MarkdownString(
    [
      `**ML Hygiene: monolith score ${Math.round(score.score)}/100**`,
      '',
      `- Top-level statements: ${score.topLevelStatements}`,
      `- Code outside functions: ${Math.round(score.outsideFunctionsShare * 100)}%`,
      `- Phases (${score.phases.length}): ${phases}`,
      '',
      verdict,
      '',
      "Click to list this file's findings or show its pipeline graph.",
    ].join('\n'),
  );
  tooltip.supportThemeIcons = false;
  return tooltip;
}

/** The analyzed document behind the active editor (a Python file, or the notebook of a cell) and the documents its findings sit on. */
export function activeAnalyzed(): { uri: vscode.Uri; documents: vscode.TextDocument[] } | undefined {
  const editor = vscode.window.activeTextEditor;
  const notebookDocuments = (notebook: vscode.NotebookDocument): { uri: vscode.Uri; documents: vscode.TextDocument[] } => ({
    uri: notebook.uri,
    documents: notebook.getCells().map((cell) => cell.document),
  });
  if (editor) {
    const document = editor.document;
    if (document.uri.scheme === NOTEBOOK_CELL_SCHEME) {
      const notebook = notebookOfCell(document);
      return notebook ? notebookDocuments(notebook) : undefined;
    }
    return isLivePythonDocument(document) ? { uri: document.uri, documents: [document] } : undefined;
  }
  const notebook = vscode.window.activeNotebookEditor?.notebook;
  return notebook ? notebookDocuments(notebook) : undefined;
}

const SEVERITY_ICON: Record<number, string> = {
  [vscode.DiagnosticSeverity.Error]: '$(error)',
  [vscode.DiagnosticSeverity.Warning]: '$(warning)',
  [vscode.DiagnosticSeverity.Information]: '$(info)',
  [vscode.DiagnosticSeverity.Hint]: '$(lightbulb)',
};

/** What "Show Findings" moved the cursor to (for the caller and the extension-host tests). */
export interface ShownFinding {
  code: string;
  uri: vscode.Uri;
  line: number;
}

/**
 * The status bar's click and "ML Hygiene: Show Findings": this file's findings in a quick pick, in
 * the order of the file (cell by cell in a notebook); choosing one puts the cursor on it. With no
 * analyzed file active, the Problems panel instead.
 */
export async function showFileFindings(store: FindingStore): Promise<ShownFinding | undefined> {
  const active = activeAnalyzed();
  if (!active) {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    return undefined;
  }
  const inNotebook = active.documents.length > 1 || active.uri.toString() !== active.documents[0]?.uri.toString();
  const items = active.documents.flatMap((document, cellIndex) =>
    store
      .publishedOn(document.uri)
      .map(({ diagnostic }) => ({ document, cellIndex, diagnostic }))
      .sort((a, b) => a.diagnostic.range.start.compareTo(b.diagnostic.range.start))
      .map(({ diagnostic }) => {
        const code = diagnosticCode(diagnostic) ?? '';
        const line = diagnostic.range.start.line + 1;
        return {
          label: `${SEVERITY_ICON[diagnostic.severity] ?? ''} ${code}`.trim(),
          description: inNotebook ? `cell ${cellIndex + 1}, line ${line}` : `line ${line}`,
          detail: diagnostic.message,
          document,
          diagnostic,
          code,
        };
      }),
  );
  const name = vscode.workspace.asRelativePath(active.uri, false);
  const graph = {
    label: '$(type-hierarchy) Show Pipeline Graph',
    description: "this file's steps, data and parameters",
    kind: vscode.QuickPickItemKind.Default,
  };
  // The findings first (Enter on the first item goes to the file's first finding), the graph last.
  const separator = { label: '', kind: vscode.QuickPickItemKind.Separator };
  const picked = await vscode.window.showQuickPick<vscode.QuickPickItem | (typeof items)[number]>(
    items.length > 0 ? [...items, separator, graph] : [graph],
    {
      title:
        items.length > 0
          ? `ML Hygiene: ${items.length} finding${items.length === 1 ? '' : 's'} in ${name}`
          : `ML Hygiene: no findings in ${name}`,
      placeHolder: 'Go to a finding (type to filter by code, line or message), or show the pipeline graph',
      matchOnDescription: true,
      matchOnDetail: true,
    },
  );
  if (picked === graph) {
    await vscode.commands.executeCommand(SHOW_PIPELINE_GRAPH_COMMAND, active.uri);
    return undefined;
  }
  if (!picked || !('diagnostic' in picked)) return undefined;
  const at = picked.diagnostic.range.start;
  await vscode.window.showTextDocument(picked.document, { selection: new vscode.Range(at, at), preview: false });
  return { code: picked.code, uri: picked.document.uri, line: at.line };
}
