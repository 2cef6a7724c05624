import * as vscode from 'vscode';
import type { MonolithScore } from '../core/engine';
import { PHASE_TITLES } from '../core/types';
import { isLivePythonDocument, NOTEBOOK_CELL_SCHEME, notebookOfCell } from './documents';
import type { FindingStore } from './findings';
import { SHOW_PIPELINE_GRAPH_COMMAND } from './graphPanel';

export const SHOW_FINDINGS_COMMAND = 'mlHygiene.showFindings';
/** The score's menu (not in the command palette). */
export const SCORE_MENU_COMMAND = 'mlHygiene.monolithScoreMenu';

/** What the score's menu offers, first the default (Enter right away shows the findings as a click used to). */
export const SCORE_MENU: readonly { label: string; description: string; command: string; withFile: boolean }[] = [
  { label: '$(list-flat) Show Findings', description: 'the Problems panel', command: SHOW_FINDINGS_COMMAND, withFile: false },
  {
    label: '$(type-hierarchy) Show Pipeline Graph',
    description: "the file's steps, data and parameters",
    command: SHOW_PIPELINE_GRAPH_COMMAND,
    withFile: true,
  },
];

/**
 * The active file's monolith score in the status bar (a warning background when the file is a
 * monolith); clicking it opens a menu: the findings (the Problems panel) or the pipeline graph.
 * Hidden when the active editor is not Python or a notebook, or has not been analyzed.
 */
export class MonolithStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlHygiene.monolithScore', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly store: FindingStore) {
    this.item.name = 'ML Hygiene: Monolith Score';
    this.item.command = SCORE_MENU_COMMAND;
    this.disposables = [
      this.item,
      vscode.commands.registerCommand(SCORE_MENU_COMMAND, () => this.menu()),
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

  /** The analyzed document behind the active editor: a Python file or the notebook of a cell. */
  private activeUri(): vscode.Uri | undefined {
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      const document = editor.document;
      if (document.uri.scheme === NOTEBOOK_CELL_SCHEME) return notebookOfCell(document)?.uri;
      return isLivePythonDocument(document) ? document.uri : undefined;
    }
    return vscode.window.activeNotebookEditor?.notebook.uri;
  }

  private async menu(): Promise<void> {
    const uri = this.activeUri();
    const picked = await vscode.window.showQuickPick(SCORE_MENU, { title: 'ML Hygiene', placeHolder: 'Monolith score: what to show' });
    if (picked) await vscode.commands.executeCommand(picked.command, ...(picked.withFile && uri ? [uri] : []));
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
      label: `Monolith score ${Math.round(score.score)} of 100${score.isMonolith ? ', a monolith' : ''}. Show the findings or the pipeline graph.`,
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
      'Click for the findings or the pipeline graph.',
    ].join('\n'),
  );
  tooltip.supportThemeIcons = false;
  return tooltip;
}
