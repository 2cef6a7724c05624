import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { HostMessage, SectionId } from '../protocol';
import { planHtml, WEBVIEW_FILES } from './html';
import { parseViewMessage } from './messages';
import type { PlanHost } from './planHost';

export const PLAN_VIEW_ID = 'mlHygiene.plan';

/**
 * The sidebar's webview view. The page loads only from dist/webview (its one local resource
 * root) under a strict Content-Security-Policy; it says `ready`, gets a snapshot, and a new one
 * whenever the host's data changes while the view is visible.
 */
export class PlanViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private pendingReveal: SectionId | null = null;
  private readonly disposables: vscode.Disposable[];
  private viewDisposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly host: PlanHost,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables = [host.onDidChange(() => this.push())];
  }

  dispose(): void {
    for (const disposable of [...this.disposables, ...this.viewDisposables]) disposable.dispose();
  }

  private get root(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    for (const disposable of this.viewDisposables) disposable.dispose();
    this.view = view;
    this.ready = false;
    this.host.start();
    const webview = view.webview;
    webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [this.root] };
    const asset = (file: string): string => webview.asWebviewUri(vscode.Uri.joinPath(this.root, file)).toString();
    webview.html = planHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: asset(WEBVIEW_FILES.script),
      styleUri: asset(WEBVIEW_FILES.style),
      codiconUri: asset(WEBVIEW_FILES.codicons),
    });
    this.viewDisposables = [
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      view.onDidChangeVisibility(() => {
        if (view.visible) void this.host.checkModularize().then(() => this.push());
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
        }
      }),
    ];
  }

  /** Shows the view and opens one of its sections (the MLH501 code action opens the decision path). */
  async reveal(section: SectionId): Promise<void> {
    this.host.start();
    this.pendingReveal = section;
    await vscode.commands.executeCommand(`${PLAN_VIEW_ID}.focus`);
    if (this.ready) this.flushReveal();
  }

  private flushReveal(): void {
    if (this.pendingReveal === null) return;
    const section = this.pendingReveal;
    this.pendingReveal = null;
    void this.post({ type: 'reveal', section });
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseViewMessage(raw, this.host.folderIds());
    if (!message) {
      this.log.warn(`ignored a message from the sidebar: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    try {
      await this.host.handle(message);
    } catch (error) {
      this.log.error(`the sidebar's ${message.type} failed`, error);
      void vscode.window.showErrorMessage(`ML Hygiene: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (message.type === 'ready') {
      this.ready = true;
      this.push();
      this.flushReveal();
    }
  }

  private push(): void {
    if (!this.view || !this.ready || !this.view.visible) return;
    void this.post({ type: 'state', state: this.host.snapshot() });
  }

  private post(message: HostMessage): Thenable<boolean> {
    return this.view?.webview.postMessage(message) ?? Promise.resolve(false);
  }
}
