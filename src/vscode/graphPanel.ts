/**
 * "ML Hygiene: Show Pipeline Graph": a webview panel beside the editor drawing the pipeline graph
 * (src/core/graph) of the active Python file or notebook, the page of src/webview/graph. One panel
 * follows the active editor and its edits (debounced); after Modularize a second panel shows the
 * generated package, pinned to it, so the two stand side by side. Clicking a node moves the editor
 * to its code; moving the cursor into a step selects it in the graph. What can be pure lives in
 * graphData.ts.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { PipelineGraph } from '../core/graph';
import type { GraphHostMessage, GraphViewMessage } from '../webview/graph/protocol';
import { parseGraphViewMessage } from '../webview/graph/protocol';
import { GRAPH_WEBVIEW_FILES, graphHtml } from '../webview/host/html';
import type { ConfigService } from './config';
import { KeyedDebouncer } from './debounce';
import { analysisPath, isJupyterNotebook, isLivePythonDocument, NOTEBOOK_CELL_SCHEME, notebookOfCell } from './documents';
import type { CodePlace, GraphInput, GraphTiming, ModuleReader, RevealTarget } from './graphData';
import {
  emptyGraph,
  graphCovers,
  graphOfInput,
  lineTarget,
  panelTitle,
  RenderClock,
  revealTarget,
  stepAt,
  unreadableGraph,
} from './graphData';
import { cellInput } from './notebooks';

export const SHOW_PIPELINE_GRAPH_COMMAND = 'mlHygiene.showPipelineGraph';
export const GRAPH_VIEW_TYPE = 'mlHygiene.pipelineGraph';
/** Quiet time after the last keystroke before the graph is rebuilt. */
export const GRAPH_DEBOUNCE_MS = 150;

/** The file a panel draws: a Python document or a Jupyter notebook; `error` when it cannot be opened. */
interface Target {
  uri: vscode.Uri;
  kind: 'python' | 'notebook';
  error?: string;
}

/** What the extension's API tells the tests about one panel. */
export interface GraphPanelState {
  id: number;
  title: string;
  /** The file drawn (a file system path, or an untitled document's name); null when none is. */
  path: string | null;
  /** Whether the panel follows the active editor (the package panel after Modularize does not). */
  follows: boolean;
  visible: boolean;
  viewColumn: number | null;
  /** The version of the last graph posted, and of the last one the view said it drew. */
  version: number;
  rendered: number;
  graph: PipelineGraph;
  /** The last edit's way to the screen, when the view has drawn the graph it caused. */
  timing: GraphTiming | null;
  /** The step last sent as `focus` (the one under the cursor). */
  focused: string | null;
}

/** The graph panels as the extension-host tests drive them. */
export interface GraphApi {
  panels(): GraphPanelState[];
  /** Handles a message as if the view of panel `id` (default: the one that follows the editor) sent it; resolves when done. */
  dispatch(message: unknown, id?: number): Promise<void>;
}

export interface GraphPanelDeps {
  extensionUri: vscode.Uri;
  config: ConfigService;
  log: vscode.LogOutputChannel;
}

let nextId = 1;

/** One panel: its webview, the file it draws and what it last posted. */
class GraphPanel {
  readonly id = nextId++;
  target: Target | null = null;
  graph: PipelineGraph = emptyGraph();
  version = 0;
  rendered = 0;
  focused: string | null = null;
  readonly clock = new RenderClock(() => performance.now());
  /** The page listens (it said `ready` since it was last loaded). */
  ready = false;
  /** The graph needs building again when the page next listens. */
  stale = true;
  /** Builds started; a build that finds a newer one started drops its result. */
  builds = 0;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly follows: boolean,
  ) {}

  post(message: GraphHostMessage): void {
    if (!this.ready) return;
    // The page shows the path as people read it in the workspace (`src/train.py`), not the disk's.
    const shown =
      message.type === 'graph' && message.graph.path !== ''
        ? { ...message, graph: { ...message.graph, path: vscode.workspace.asRelativePath(message.graph.path, false) } }
        : message;
    void this.panel.webview.postMessage(shown);
  }

  state(): GraphPanelState {
    return {
      id: this.id,
      title: this.panel.title,
      path: this.target ? analysisPath(this.target.uri) : null,
      follows: this.follows,
      visible: this.panel.visible,
      viewColumn: this.panel.viewColumn ?? null,
      version: this.version,
      rendered: this.rendered,
      graph: this.graph,
      timing: this.clock.last,
      focused: this.focused,
    };
  }
}

function sameUri(a: vscode.Uri, b: vscode.Uri): boolean {
  return a.toString() === b.toString();
}

/**
 * The graph panels: the one following the active editor (created by the command, reused after),
 * and the pinned package panels opened after Modularize. Owns the command, the editor events and
 * the messages of the views.
 */
export class PipelineGraphs implements vscode.Disposable {
  private main: GraphPanel | undefined;
  private readonly panels = new Set<GraphPanel>();
  private readonly debouncer = new KeyedDebouncer<GraphPanel>(GRAPH_DEBOUNCE_MS);
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly deps: GraphPanelDeps) {
    this.disposables = [
      this.debouncer,
      vscode.commands.registerCommand(SHOW_PIPELINE_GRAPH_COMMAND, (arg?: unknown) =>
        this.show(arg instanceof vscode.Uri ? arg : undefined),
      ),
      vscode.window.onDidChangeActiveTextEditor(() => this.follow()),
      vscode.window.onDidChangeActiveNotebookEditor(() => this.follow()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.changed(event.document);
      }),
      vscode.workspace.onDidChangeNotebookDocument((event) => {
        // Cells added, removed or moved, or a cell's text changed; not outputs or metadata.
        if (event.contentChanges.length > 0 || event.cellChanges.some((change) => change.document !== undefined)) {
          for (const panel of this.panels)
            if (panel.target?.kind === 'notebook' && sameUri(panel.target.uri, event.notebook.uri)) this.schedule(panel);
        }
      }),
      // A document outlives its editors: the file counts as closed once no tab shows it.
      vscode.window.tabGroups.onDidChangeTabs(() => this.closedTabs()),
      vscode.workspace.onDidCloseTextDocument((document) => this.closed(document.uri, 'python')),
      vscode.workspace.onDidCloseNotebookDocument((notebook) => this.closed(notebook.uri, 'notebook')),
      vscode.window.onDidChangeTextEditorSelection((event) => this.cursorMoved(event.textEditor)),
      vscode.window.onDidChangeNotebookEditorSelection((event) => this.cellSelected(event.notebookEditor)),
      deps.config.onDidChange(() => {
        for (const panel of this.panels) void this.update(panel);
      }),
    ];
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    for (const panel of [...this.panels]) panel.panel.dispose();
  }

  /** What the extension's API exposes (the tests). */
  api(): GraphApi {
    return {
      panels: () => [...this.panels].map((panel) => panel.state()),
      dispatch: async (message, id) => {
        const panel = id === undefined ? this.main : [...this.panels].find((p) => p.id === id);
        if (!panel) throw new Error(`no graph panel ${id ?? '(following the editor)'}`);
        const parsed = parseGraphViewMessage(message, new Set(panel.graph.nodes.map((node) => node.id)));
        if (!parsed) throw new Error(`not a valid graph view message: ${JSON.stringify(message)}`);
        await this.receive(panel, parsed);
      },
    };
  }

  // ---- the command and the panels ----

  /** Opens (or reveals) the panel following the editor, on `uri` (opened in the editor first) or the active file. */
  async show(uri?: vscode.Uri): Promise<GraphPanelState | null> {
    const target = uri ? await this.open(uri) : this.activeTarget();
    if (!target) {
      void vscode.window.showInformationMessage('ML Hygiene: open a Python file or a notebook to see its pipeline graph.');
      return null;
    }
    if (!this.main) this.main = this.createPanel(true, vscode.ViewColumn.Beside);
    else this.main.panel.reveal(undefined, true);
    this.setTarget(this.main, target);
    return this.main.state();
  }

  /**
   * After Modularize: the package graph (of `pipeline`) beside the original's. With a graph panel
   * open, it opens at once, the following panel kept on the original; otherwise a notification
   * offers both.
   */
  async showPackage(original: vscode.Uri, pipeline: vscode.Uri, packageName: string): Promise<void> {
    if (!this.main) {
      const action = 'Show Before and After';
      const choice = await vscode.window.showInformationMessage(
        `ML Hygiene: ${vscode.workspace.asRelativePath(original)} is now the package ${packageName}. See both pipeline graphs side by side?`,
        action,
      );
      if (choice !== action) return;
      await this.show(original);
    }
    const main = this.main;
    if (!main) return;
    this.setTarget(main, { uri: original, kind: original.path.endsWith('.ipynb') ? 'notebook' : 'python' });
    // Code, before, after, left to right. The refactor preview may have closed the code's column
    // and put the code in the panel's: the panel then moves one column right.
    const code = vscode.window.activeTextEditor?.viewColumn ?? vscode.window.activeNotebookEditor?.viewColumn;
    let before = main.panel.viewColumn ?? vscode.ViewColumn.Two;
    if (before === code) {
      before = nextColumn(before);
      main.panel.reveal(before, true);
    } else if (!main.panel.visible) main.panel.reveal(before, true);
    const after = nextColumn(before);
    let pinned = [...this.panels].find((p) => !p.follows && p.target && sameUri(p.target.uri, pipeline));
    if (!pinned) pinned = this.createPanel(false, after);
    else pinned.panel.reveal(after, true);
    this.setTarget(pinned, { uri: pipeline, kind: 'python' });
  }

  /** Shows `uri` in the editor (in the column already showing it, if any); a file that cannot be opened gets the error graph. */
  private async open(uri: vscode.Uri): Promise<Target> {
    const kind: Target['kind'] = uri.path.endsWith('.ipynb') ? 'notebook' : 'python';
    try {
      if (kind === 'notebook') {
        const notebook =
          vscode.workspace.notebookDocuments.find((n) => sameUri(n.uri, uri)) ?? (await vscode.workspace.openNotebookDocument(uri));
        const visible = vscode.window.visibleNotebookEditors.find((e) => e.notebook === notebook);
        await vscode.window.showNotebookDocument(notebook, { viewColumn: visible?.viewColumn ?? this.openColumn() });
      } else {
        const document = await vscode.workspace.openTextDocument(uri);
        const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
        await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? this.openColumn() });
      }
      return { uri, kind };
    } catch (error) {
      this.deps.log.warn(`cannot open ${uri.toString(true)} for its pipeline graph`, error);
      return { uri, kind, error: `cannot read it: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  private createPanel(follows: boolean, viewColumn: vscode.ViewColumn): GraphPanel {
    const root = vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'webview');
    // No retainContextWhenHidden: the page keeps its zoom and pan through getState/setState and
    // says `ready` again when shown, so a hidden panel costs nothing and gets the current graph then.
    const webviewPanel = vscode.window.createWebviewPanel(
      GRAPH_VIEW_TYPE,
      'Pipeline',
      { viewColumn, preserveFocus: true },
      { enableScripts: true, enableCommandUris: false, localResourceRoots: [root] },
    );
    const webview = webviewPanel.webview;
    const asset = (file: string): string => webview.asWebviewUri(vscode.Uri.joinPath(root, file)).toString();
    webview.html = graphHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: asset(GRAPH_WEBVIEW_FILES.script),
      styleUri: asset(GRAPH_WEBVIEW_FILES.style),
      codiconUri: asset(GRAPH_WEBVIEW_FILES.codicons),
    });
    const panel = new GraphPanel(webviewPanel, follows);
    this.panels.add(panel);
    const subscriptions = [
      webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseGraphViewMessage(raw, new Set(panel.graph.nodes.map((node) => node.id)));
        if (message) void this.receive(panel, message);
        else this.deps.log.debug(`ignored a message from the graph view: ${JSON.stringify(raw)?.slice(0, 200)}`);
      }),
      webviewPanel.onDidChangeViewState(() => {
        // A hidden page is unloaded; it says `ready` again when it is shown.
        if (!webviewPanel.visible) panel.ready = false;
      }),
    ];
    webviewPanel.onDidDispose(() => {
      for (const subscription of subscriptions) subscription.dispose();
      this.debouncer.cancel(panel);
      this.panels.delete(panel);
      if (this.main === panel) this.main = undefined;
    });
    return panel;
  }

  private setTarget(panel: GraphPanel, target: Target | null): void {
    const same = panel.target !== null && target !== null && sameUri(panel.target.uri, target.uri) && !target.error && !panel.target.error;
    panel.target = target;
    panel.panel.title = target ? panelTitle(analysisPath(target.uri)) : 'Pipeline';
    if (same) return;
    panel.focused = null;
    this.debouncer.cancel(panel);
    void this.update(panel);
  }

  // ---- building and posting ----

  private schedule(panel: GraphPanel): void {
    panel.clock.changed();
    this.debouncer.schedule(panel, () => void this.update(panel));
  }

  /** Builds the panel's graph and posts it; only marks it stale while the page does not listen. */
  private async update(panel: GraphPanel): Promise<void> {
    if (!panel.ready) {
      panel.stale = true;
      return;
    }
    const build = ++panel.builds;
    const started = performance.now();
    const graph = await this.build(panel.target);
    if (build !== panel.builds || !this.panels.has(panel)) return; // a newer build, or the panel closed
    panel.stale = false;
    panel.graph = graph;
    panel.version++;
    panel.clock.built(panel.version, started, performance.now());
    panel.post({ type: 'graph', graph, version: panel.version });
    this.deps.log.trace(
      `graph of ${graph.path || '(none)'} v${panel.version}: ${graph.nodes.length} nodes in ${(performance.now() - started).toFixed(1)} ms`,
    );
    this.refocus(panel);
  }

  private async build(target: Target | null): Promise<PipelineGraph> {
    if (!target) return emptyGraph();
    const path = analysisPath(target.uri);
    if (target.error) return unreadableGraph(path, target.error);
    const input = await this.input(target);
    if (typeof input === 'string') return unreadableGraph(path, input);
    // The file's configuration (rules, options, plan) as its diagnostics get it; drawn even where
    // `mlHygiene.enable` is off, since the user asked for the picture.
    const { config, plan } = this.deps.config.forUri(target.uri);
    return graphOfInput(input, { config, plan }, this.moduleReader(path));
  }

  /** The document's current text (or cells); a pinned package's pipeline.py may be closed: read it from disk. */
  private async input(target: Target): Promise<GraphInput | string> {
    const path = analysisPath(target.uri);
    if (target.kind === 'notebook') {
      const notebook = vscode.workspace.notebookDocuments.find((n) => sameUri(n.uri, target.uri));
      if (notebook) return { kind: 'notebook', path, cells: notebook.getCells().map(cellInput) };
      try {
        const opened = await vscode.workspace.openNotebookDocument(target.uri);
        return { kind: 'notebook', path, cells: opened.getCells().map(cellInput) };
      } catch (error) {
        return `cannot read it: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    const document = vscode.workspace.textDocuments.find((d) => sameUri(d.uri, target.uri));
    if (document) return { kind: 'python', path, text: document.getText() };
    try {
      const bytes = await vscode.workspace.fs.readFile(target.uri);
      return { kind: 'python', path, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch (error) {
      return error instanceof TypeError
        ? 'cannot read it: not UTF-8 text'
        : `cannot read it: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** A package's modules: an open document's current text, else the file on disk. */
  private moduleReader(pipelinePath: string): ModuleReader {
    const folder = dirname(pipelinePath);
    return (relativePath) => {
      const file = resolve(folder, relativePath);
      const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
      if (open) return { path: relativePath, text: open.getText() };
      try {
        return { path: relativePath, text: readFileSync(file, 'utf8') };
      } catch {
        return null;
      }
    };
  }

  // ---- the editor's events ----

  /** The Python document or Jupyter notebook of the active editor; undefined for anything else. */
  private activeTarget(): Target | undefined {
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      const document = editor.document;
      if (document.uri.scheme === NOTEBOOK_CELL_SCHEME) {
        const notebook = notebookOfCell(document);
        return notebook && isJupyterNotebook(notebook) ? { uri: notebook.uri, kind: 'notebook' } : undefined;
      }
      return isLivePythonDocument(document) ? { uri: document.uri, kind: 'python' } : undefined;
    }
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    return notebook && isJupyterNotebook(notebook) ? { uri: notebook.uri, kind: 'notebook' } : undefined;
  }

  /**
   * The following panel switches to the active file, unless it shows it already (a package graph
   * shows its step modules too) or a pinned panel does (the package opened after Modularize).
   */
  private follow(): void {
    const main = this.main;
    const target = this.activeTarget();
    if (!main || !target) return;
    const path = analysisPath(target.uri);
    if (main.target && sameUri(main.target.uri, target.uri)) return;
    if (main.target && graphCovers(main.graph, path)) return;
    if ([...this.panels].some((p) => p !== main && ((p.target && sameUri(p.target.uri, target.uri)) || graphCovers(p.graph, path)))) return;
    this.setTarget(main, target);
  }

  /** Whether a change of `document` (a Python file, a notebook's cell, a package's module) changes the panel's graph. */
  private shows(panel: GraphPanel, document: vscode.TextDocument): boolean {
    const target = panel.target;
    if (!target) return false;
    if (document.uri.scheme === NOTEBOOK_CELL_SCHEME) {
      const notebook = target.kind === 'notebook' ? notebookOfCell(document) : undefined;
      return notebook !== undefined && sameUri(notebook.uri, target.uri);
    }
    return sameUri(document.uri, target.uri) || (panel.graph.kind === 'package' && graphCovers(panel.graph, analysisPath(document.uri)));
  }

  private changed(document: vscode.TextDocument): void {
    for (const panel of this.panels) if (this.shows(panel, document)) this.schedule(panel);
  }

  /** The following panel's file is closed: it clears to the empty state (a pinned package panel reads its files from disk). */
  private closed(uri: vscode.Uri, kind: Target['kind']): void {
    const main = this.main;
    if (main?.target?.kind === kind && sameUri(main.target.uri, uri)) this.setTarget(main, null);
  }

  private closedTabs(): void {
    const target = this.main?.target;
    if (!target || target.error) return;
    const open = vscode.window.tabGroups.all.some((group) =>
      group.tabs.some((tab) => {
        const input = tab.input;
        return (input instanceof vscode.TabInputText || input instanceof vscode.TabInputNotebook) && sameUri(input.uri, target.uri);
      }),
    );
    if (!open) this.closed(target.uri, target.kind);
  }

  private cursorMoved(editor: vscode.TextEditor): void {
    const line = editor.selection.active.line + 1;
    const document = editor.document;
    for (const panel of this.panels) {
      if (!panel.target || !this.shows(panel, document)) continue;
      const place = this.placeOf(panel, document, line);
      if (place) this.focus(panel, stepAt(panel.graph, place));
    }
  }

  private cellSelected(editor: vscode.NotebookEditor): void {
    const cell = editor.selection.start;
    for (const panel of this.panels) {
      if (panel.target?.kind !== 'notebook' || !sameUri(panel.target.uri, editor.notebook.uri)) continue;
      const cellEditor = vscode.window.visibleTextEditors.find((e) => e.document === editor.notebook.cellAt(cell).document);
      const line = cellEditor && cellEditor === vscode.window.activeTextEditor ? cellEditor.selection.active.line + 1 : 1;
      this.focus(panel, stepAt(panel.graph, { cell: cell + 1, line, file: null }));
    }
  }

  private placeOf(panel: GraphPanel, document: vscode.TextDocument, line: number): CodePlace | null {
    if (document.uri.scheme === NOTEBOOK_CELL_SCHEME) {
      const notebook = notebookOfCell(document);
      const index = notebook?.getCells().findIndex((cell) => cell.document === document) ?? -1;
      return index < 0 ? null : { line, cell: index + 1, file: null };
    }
    const path = analysisPath(document.uri);
    return { line, cell: null, file: panel.target && sameUri(document.uri, panel.target.uri) ? null : path };
  }

  private focus(panel: GraphPanel, nodeId: string | null): void {
    if (nodeId === panel.focused) return;
    panel.focused = nodeId;
    panel.post({ type: 'focus', nodeId });
  }

  /** After a new graph: the step under the cursor, if the panel's file is in the active editor. */
  private refocus(panel: GraphPanel): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !this.shows(panel, editor.document)) return;
    const place = this.placeOf(panel, editor.document, editor.selection.active.line + 1);
    if (place) {
      panel.focused = null;
      this.focus(panel, stepAt(panel.graph, place));
    }
  }

  // ---- the view's messages ----

  private async receive(panel: GraphPanel, message: GraphViewMessage): Promise<void> {
    try {
      switch (message.type) {
        case 'ready':
          panel.ready = true;
          if (panel.stale || panel.version === 0) await this.update(panel);
          else {
            panel.version++;
            panel.post({ type: 'graph', graph: panel.graph, version: panel.version });
            if (panel.focused) panel.post({ type: 'focus', nodeId: panel.focused });
          }
          return;
        case 'rendered': {
          panel.rendered = Math.max(panel.rendered, message.version);
          const timing = panel.clock.rendered(message.version, message.ms);
          if (timing?.changeToRenderedMs != null) {
            this.deps.log.trace(
              `graph v${timing.version} on screen ${timing.changeToRenderedMs.toFixed(1)} ms after the edit (${timing.buildToRenderedMs.toFixed(1)} ms after the debounce; build ${timing.buildMs.toFixed(1)} ms, view ${timing.viewMs} ms)`,
            );
          }
          return;
        }
        case 'reveal': {
          const target = revealTarget(panel.graph, message.nodeId);
          if (target) await this.reveal(panel, target);
          return;
        }
        case 'revealLine':
          return await this.reveal(panel, lineTarget(message.line, message.cell));
      }
    } catch (error) {
      this.deps.log.error(`the graph view's ${message.type} failed`, error);
      void vscode.window.showErrorMessage(`ML Hygiene: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Where the command opens a file: the active column, unless the following panel is in it (the file would hide it). */
  private openColumn(): vscode.ViewColumn {
    const active = vscode.window.tabGroups.activeTabGroup.viewColumn;
    return this.main && this.main.panel.viewColumn === active ? this.codeColumn() : active;
  }

  /**
   * The column to open code in when no editor shows it: one already showing code, else the first
   * column holding no graph panel (code never hides a graph).
   */
  private codeColumn(): vscode.ViewColumn {
    const graphs = new Set([...this.panels].map((p) => p.panel.viewColumn));
    const editors = [...vscode.window.visibleTextEditors, ...vscode.window.visibleNotebookEditors];
    const code = editors.map((e) => e.viewColumn).find((c) => c !== undefined && !graphs.has(c));
    if (code !== undefined) return code;
    for (let column = vscode.ViewColumn.One; column < vscode.ViewColumn.Nine; column++) if (!graphs.has(column)) return column;
    return vscode.ViewColumn.Beside;
  }

  private async reveal(panel: GraphPanel, target: RevealTarget): Promise<void> {
    const file = panel.target;
    if (!file) return;
    if (target.kind === 'cells') {
      if (file.kind === 'notebook') await this.revealCells(file.uri, target);
      return;
    }
    if (target.file === null && file.kind === 'notebook') return;
    const uri = target.file === null ? file.uri : vscode.Uri.file(target.file);
    await this.revealLines(uri, target.line, target.endLine);
  }

  /** Selects the lines (the cursor on the first) and centres them, in the editor showing the file or in the first column. */
  private async revealLines(uri: vscode.Uri, line: number, endLine: number): Promise<void> {
    const document = await vscode.workspace.openTextDocument(uri);
    const first = Math.min(line, document.lineCount) - 1;
    const last = Math.max(first, Math.min(endLine, document.lineCount) - 1);
    const end = document.lineAt(last).range.end;
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: visible?.viewColumn ?? this.codeColumn(),
      preserveFocus: false,
    });
    editor.selection = new vscode.Selection(end, new vscode.Position(first, 0));
    // Column 0 at both ends: centred vertically, not scrolled sideways to the end of a long last line.
    editor.revealRange(new vscode.Range(first, 0, last, 0), vscode.TextEditorRevealType.InCenter);
  }

  /** Selects and reveals the cells, and puts the cursor on the line in the first cell's editor once it is visible. */
  private async revealCells(uri: vscode.Uri, target: Extract<RevealTarget, { kind: 'cells' }>): Promise<void> {
    const notebook =
      vscode.workspace.notebookDocuments.find((n) => sameUri(n.uri, uri)) ?? (await vscode.workspace.openNotebookDocument(uri));
    if (notebook.cellCount === 0) return;
    const first = Math.min(target.cell, notebook.cellCount) - 1;
    const last = Math.max(first, Math.min(target.endCell, notebook.cellCount) - 1);
    const range = new vscode.NotebookRange(first, last + 1);
    const visible = vscode.window.visibleNotebookEditors.find((e) => e.notebook === notebook);
    const editor = await vscode.window.showNotebookDocument(notebook, {
      viewColumn: visible?.viewColumn ?? this.codeColumn(),
      preserveFocus: false,
      selections: [range],
    });
    editor.selections = [range];
    editor.revealRange(range, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
    // Into the cell's editor, as a click on a line of code goes into a script's (a code cell: steps are code).
    if (notebook.cellAt(first).kind === vscode.NotebookCellKind.Code) {
      await Promise.resolve(vscode.commands.executeCommand('notebook.cell.edit')).catch(() => undefined);
    }
    const cell = notebook.cellAt(first).document;
    const cellEditor = await visibleEditorOf(cell, 1000);
    if (!cellEditor) return;
    const line = Math.min(target.line, cell.lineCount) - 1;
    const position = new vscode.Position(line, 0);
    cellEditor.selection = new vscode.Selection(position, position);
    cellEditor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

function nextColumn(column: vscode.ViewColumn): vscode.ViewColumn {
  return Math.min(column + 1, vscode.ViewColumn.Nine) as vscode.ViewColumn;
}

/** The editor of a notebook cell once the notebook has rendered it (cells are drawn lazily), or undefined after `timeoutMs`. */
async function visibleEditorOf(document: vscode.TextDocument, timeoutMs: number): Promise<vscode.TextEditor | undefined> {
  const find = () => vscode.window.visibleTextEditors.find((e) => e.document === document);
  const now = find();
  if (now) return now;
  return new Promise((resolveEditor) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolveEditor(find());
    }, timeoutMs);
    const listener = vscode.window.onDidChangeVisibleTextEditors(() => {
      const editor = find();
      if (!editor) return;
      clearTimeout(timer);
      listener.dispose();
      resolveEditor(editor);
    });
  });
}
