/// <reference lib="dom" />
/**
 * The pipeline-graph page: receives graphs from the host, lays them out (layout.ts), draws them
 * (draw.ts) and handles the pointer and the keyboard: zoom, pan, fit, the node tooltip, reveal on
 * click or Enter, arrow keys between connected nodes. One instance per webview; its UI state
 * (toggles, the viewport of each file the user moved) lives in the webview API's state.
 */
import type { GraphNode, PipelineGraph } from '../../core/graph/types';
import { PHASES, PHASE_TITLES } from '../../core/types';
import type { Phase } from '../../core/types';
import { h, icon } from '../app/dom';
import { summaryText, tooltipContent } from './describe';
import type { Drawing } from './draw';
import { drawGraph, markers, svg } from './draw';
import { baseName } from './labels';
import type { GraphLayout } from './layout';
import { LayoutCache } from './layout';
import type { Direction } from './navigation';
import { neighbour } from './navigation';
import type { GraphHostMessage, GraphUiState, GraphViewMessage, GraphViewport } from './protocol';
import { MAX_VIEWPORTS, parseGraphHostMessage } from './protocol';
import { fitViewport, isViewport, panBy, revealBox, showsDrawing, startViewport, zoomAt, ZOOM_STEP } from './viewport';

/** The part of the webview API the page uses (acquireVsCodeApi()). */
export interface WebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** The UI state kept from an earlier session, or the defaults. */
export function restoreUi(saved: unknown): GraphUiState {
  const s = (typeof saved === 'object' && saved !== null ? saved : {}) as Record<string, unknown>;
  const viewports = Array.isArray(s['viewports'])
    ? (s['viewports'] as unknown[]).filter(
        (v): v is GraphUiState['viewports'][number] =>
          typeof v === 'object' &&
          v !== null &&
          typeof (v as Record<string, unknown>)['path'] === 'string' &&
          isViewport((v as Record<string, unknown>)['viewport']),
      )
    : [];
  return {
    showFiles: typeof s['showFiles'] === 'boolean' ? s['showFiles'] : true,
    showParams: typeof s['showParams'] === 'boolean' ? s['showParams'] : true,
    viewports: viewports.slice(-MAX_VIEWPORTS),
  };
}

const PAN_STEP = 60;
/** A pointer that moves further than this (px) between down and up pans instead of clicking. */
const DRAG_THRESHOLD = 4;
const TOOLTIP_DELAY = 250;

export class GraphApp {
  private ui: GraphUiState;
  private graph: PipelineGraph | null = null;
  /** The last graph that drew (kept dimmed under a parse error of the same file). */
  private drawn: PipelineGraph | null = null;
  private version = 0;
  private layout: GraphLayout | null = null;
  private readonly layouts = new LayoutCache();
  private drawing: Drawing | null = null;
  private view: GraphViewport = { x: 0, y: 0, k: 1 };
  /** The viewport follows the drawing (automatic()) until the user zooms, pans or fits. */
  private following = true;
  private selected: string | null = null;
  private tooltipFor: string | null = null;
  private tooltipTimer: number | undefined;
  private drag: { id: number; x: number; y: number; start: GraphViewport; moved: boolean } | null = null;
  private suppressClick = false;

  private readonly toolbar: HTMLElement;
  private readonly title: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly svgRoot: SVGSVGElement;
  private readonly viewportGroup: SVGGElement;
  private readonly legend: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly message: HTMLElement;
  private readonly buttons: Record<'files' | 'params' | 'zoomIn' | 'zoomOut' | 'fit', HTMLButtonElement>;

  constructor(
    root: HTMLElement,
    private readonly api: WebviewApi,
  ) {
    this.ui = restoreUi(api.getState());
    const button = (name: string, label: string, onClick: () => void, pressed?: boolean): HTMLButtonElement =>
      h(
        'button',
        {
          type: 'button',
          class: 'action',
          title: label,
          'aria-label': label,
          'aria-pressed': pressed === undefined ? null : String(pressed),
          on: { click: onClick },
        },
        icon(name),
      );
    this.buttons = {
      files: button('files', 'Show files', () => this.toggle('showFiles'), this.ui.showFiles),
      params: button('settings', 'Show params', () => this.toggle('showParams'), this.ui.showParams),
      zoomOut: button('zoom-out', 'Zoom out (-)', () => this.zoomBy(1 / ZOOM_STEP)),
      zoomIn: button('zoom-in', 'Zoom in (+)', () => this.zoomBy(ZOOM_STEP)),
      fit: button('screen-full', 'Fit to view (0)', () => this.fit()),
    };
    this.title = h('span', { class: 'title' });
    this.summary = h('span', { class: 'summary' });
    this.toolbar = h(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'Pipeline graph' },
      h('span', { class: 'heading' }, icon('type-hierarchy'), this.title, this.summary),
      h(
        'span',
        { class: 'actions' },
        this.buttons.files,
        this.buttons.params,
        h('span', { class: 'separator', 'aria-hidden': 'true' }),
        this.buttons.zoomOut,
        this.buttons.zoomIn,
        this.buttons.fit,
      ),
    );
    this.banner = h('div', { class: 'banner', role: 'alert', hidden: true });
    this.viewportGroup = svg('g', { class: 'viewport' });
    this.svgRoot = svg('svg', { class: 'drawing', role: 'group', 'aria-roledescription': 'graph' }, markers(), this.viewportGroup);
    this.legend = h('div', { class: 'legend', 'aria-label': 'Legend', role: 'group' });
    this.tooltip = h('div', { class: 'tooltip', role: 'tooltip', id: 'graph-tooltip', hidden: true });
    this.canvas = h('div', { class: 'canvas' }, this.svgRoot, this.legend, this.tooltip);
    this.message = h('div', { class: 'message', hidden: true });
    root.append(this.toolbar, this.banner, this.canvas, this.message);
  }

  start(): void {
    window.addEventListener('message', (event: MessageEvent) => this.receive(event.data));
    this.bindPointer();
    this.bindKeyboard();
    new ResizeObserver(() => {
      if (this.following && this.layout) this.applyView(this.automatic());
    }).observe(this.canvas);
    this.showMessage('loading', 'Building the pipeline graph…', null);
    this.post({ type: 'ready' });
  }

  private post(message: GraphViewMessage): void {
    this.api.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message: GraphHostMessage | null = parseGraphHostMessage(raw);
    if (!message) return;
    const started = performance.now();
    if (message.type === 'graph') {
      const samePath = this.graph?.path === message.graph.path;
      this.graph = message.graph;
      this.version = message.version;
      if (!samePath) {
        this.selected = null;
        const saved = this.ui.viewports.find((v) => v.path === message.graph.path);
        this.following = !saved;
        if (saved) this.view = saved.viewport;
      }
      this.render(started);
    } else {
      this.select(message.nodeId);
    }
  }

  /** Lays out and draws the current graph; posts `rendered`. */
  private render(started: number): void {
    const graph = this.graph;
    if (!graph) return;
    this.hideTooltip();
    this.title.textContent = graph.path;
    this.title.title = graph.path;
    document.title = `Pipeline: ${baseName(graph.path)}`;
    if (graph.error) {
      const keep = this.drawn && this.drawn.path === graph.path ? this.drawn : null;
      this.showError(graph);
      if (keep) this.draw(keep);
      else {
        this.clearDrawing();
        this.canvas.hidden = true;
      }
      this.canvas.classList.toggle('stale', keep !== null);
      this.canvas.inert = true;
      this.summary.textContent = keep ? summaryText(keep) : '';
    } else {
      this.banner.hidden = true;
      this.canvas.classList.remove('stale');
      this.canvas.inert = false;
      this.summary.textContent = summaryText(graph);
      if (!graph.nodes.some((n) => n.kind === 'step')) {
        this.clearDrawing();
        this.drawn = null;
        this.showEmpty(graph);
      } else {
        this.message.hidden = true;
        this.canvas.hidden = false;
        this.draw(graph);
        this.drawn = graph;
      }
    }
    this.post({ type: 'rendered', version: this.version, ms: Math.round((performance.now() - started) * 10) / 10 });
  }

  private draw(graph: PipelineGraph): void {
    const hadFocus = this.svgRoot.contains(document.activeElement);
    const focusedId = hadFocus ? (document.activeElement as Element).getAttribute('data-id') : null;
    this.layout = this.layouts.layout(graph, { showFiles: this.ui.showFiles, showParams: this.ui.showParams });
    this.drawing = drawGraph(graph, this.layout);
    this.viewportGroup.replaceChildren(this.drawing.content);
    this.svgRoot.setAttribute('aria-label', `Pipeline graph of ${graph.path}: ${summaryText(graph)}`);
    for (const [id, element] of this.drawing.nodes) this.bindNode(id, element);
    this.canvas.hidden = false;
    this.drawLegend(graph);
    // A new file starts fitted unless the user left it zoomed or panned (receive() restored that);
    // the same file keeps the user's viewport, unless it no longer shows any of the drawing.
    let view = this.following ? this.automatic() : this.view;
    if (!showsDrawing(view, this.layout, this.canvasSize())) {
      this.following = true;
      view = this.automatic();
    }
    this.applyView(view);
    if (this.selected && this.drawing.nodes.has(this.selected)) this.markSelected(this.selected);
    else this.selected = null;
    const again = focusedId ? this.drawing.nodes.get(focusedId) : undefined;
    if (again) again.focus({ preventScroll: true });
  }

  private clearDrawing(): void {
    this.layout = null;
    this.drawing = null;
    this.viewportGroup.replaceChildren();
    this.legend.replaceChildren();
  }

  private showError(graph: PipelineGraph): void {
    const error = graph.error!;
    const where = error.cell !== null ? `cell ${error.cell}, line ${error.line}` : `line ${error.line}`;
    const go = h(
      'button',
      { type: 'button', class: 'link', on: { click: () => this.post({ type: 'revealLine', line: error.line, cell: error.cell }) } },
      `Go to ${where}`,
    );
    this.banner.replaceChildren(
      icon('error'),
      h(
        'span',
        { class: 'text' },
        h('strong', {}, `${baseName(graph.path)} does not parse`),
        ` (${where}): ${error.message}`,
        h(
          'span',
          { class: 'hint' },
          this.drawn?.path === graph.path ? ' The graph below is from before the error.' : ' The graph comes back once the file parses.',
        ),
      ),
      go,
    );
    this.banner.hidden = false;
    this.message.hidden = true;
  }

  private showEmpty(graph: PipelineGraph): void {
    if (graph.path === '') {
      // The host follows no file (the one it showed was closed).
      this.showMessage('type-hierarchy', 'No file to draw', 'Open a Python file or a notebook: its pipeline graph appears here.');
      return;
    }
    const detail =
      graph.kind === 'notebook'
        ? 'This notebook has no code cells that run: each code cell that does work becomes a step; markdown and empty cells do not.'
        : 'This file has no code that runs when it is executed: statements outside functions and classes become steps, and a file of imports and definitions has none.';
    this.showMessage('type-hierarchy', `No steps in ${baseName(graph.path)}`, detail);
  }

  private showMessage(codicon: string, text: string, detail: string | null): void {
    this.canvas.hidden = true;
    this.message.replaceChildren(
      icon(codicon === 'loading' ? 'loading codicon-modifier-spin' : codicon, 'large'),
      h('p', { class: 'headline' }, text),
      ...(detail ? [h('p', { class: 'detail' }, detail)] : []),
    );
    this.message.setAttribute('role', 'status');
    this.message.hidden = false;
  }

  private drawLegend(graph: PipelineGraph): void {
    const phases = new Set(graph.nodes.flatMap((n) => (n.kind === 'step' && n.phase ? [n.phase] : [])));
    const items: HTMLElement[] = PHASES.filter((p: Phase) => phases.has(p)).map((p) =>
      h('span', { class: 'item' }, h('span', { class: `swatch phase-${p}`, 'aria-hidden': 'true' }), PHASE_TITLES[p]),
    );
    const alert = graph.edges.some((e) => e.kind === 'leak' || e.findings.length > 0);
    if (alert) items.push(h('span', { class: 'item' }, h('span', { class: 'line alert', 'aria-hidden': 'true' }), 'leakage'));
    if (this.ui.showParams && graph.nodes.some((n) => n.kind === 'param'))
      items.push(h('span', { class: 'item' }, h('span', { class: 'line param', 'aria-hidden': 'true' }), 'params'));
    this.legend.replaceChildren(...items);
    this.legend.hidden = items.length === 0;
  }

  // ---- nodes: reveal, tooltip, focus, selection ----

  private bindNode(id: string, element: SVGGElement): void {
    element.addEventListener('click', () => {
      if (this.suppressClick) return;
      this.reveal(id);
    });
    element.addEventListener('focus', () => {
      this.highlight(id);
      this.showTooltip(id, 0);
      this.ensureVisible(id);
    });
    element.addEventListener('blur', () => {
      this.highlight(null);
      this.hideTooltip();
    });
    element.addEventListener('pointerenter', () => {
      if (this.drag) return;
      this.highlight(id);
      this.showTooltip(id, TOOLTIP_DELAY);
    });
    element.addEventListener('pointerleave', () => {
      const focused = document.activeElement?.getAttribute('data-id') ?? null;
      this.highlight(focused);
      if (this.tooltipFor === id && focused !== id) this.hideTooltip();
    });
  }

  private reveal(id: string): void {
    this.post({ type: 'reveal', nodeId: id });
  }

  private node(id: string): GraphNode | undefined {
    return this.layout?.nodes.find((b) => b.id === id)?.node;
  }

  /** Emphasises a node's edges (the others fade) while it is hovered or focused. */
  private highlight(id: string | null): void {
    const content = this.drawing?.content;
    if (!content) return;
    content.classList.toggle('focusing', id !== null);
    for (const edge of content.querySelectorAll<SVGGElement>('[data-edge]')) {
      const ends = [edge.getAttribute('data-from'), edge.getAttribute('data-to')];
      edge.classList.toggle('active', id !== null && ends.includes(id));
    }
  }

  private select(id: string | null): void {
    if (!this.drawing) {
      this.selected = id;
      return;
    }
    if (id !== null && !this.drawing.nodes.has(id)) return;
    this.selected = id;
    this.markSelected(id);
    if (id) this.ensureVisible(id);
  }

  private markSelected(id: string | null): void {
    for (const [other, element] of this.drawing?.nodes ?? []) {
      element.classList.toggle('selected', other === id);
      if (other === id) element.setAttribute('aria-current', 'true');
      else element.removeAttribute('aria-current');
    }
  }

  private ensureVisible(id: string): void {
    const box = this.layout?.nodes.find((b) => b.id === id);
    if (!box) return;
    const next = revealBox(this.view, box, this.canvasSize());
    if (next.x !== this.view.x || next.y !== this.view.y) {
      this.following = false;
      this.applyView(next);
      this.remember();
    }
  }

  private showTooltip(id: string, delay: number): void {
    window.clearTimeout(this.tooltipTimer);
    const show = (): void => {
      const graph = this.drawn;
      const node = this.node(id);
      const element = this.drawing?.nodes.get(id);
      if (!graph || !node || !element) return;
      const content = tooltipContent(graph, node);
      this.tooltip.replaceChildren(
        h('div', { class: 'tip-title' }, content.title),
        h('div', { class: 'tip-subtitle' }, content.subtitle),
        ...(content.section ? [h('div', { class: 'tip-section' }, content.section)] : []),
        ...content.rows.map((row) =>
          h('div', { class: 'tip-row' }, h('span', { class: 'tip-label' }, `${row.label}: `), h('span', { class: 'tip-names' }, row.text)),
        ),
        ...(content.findings.length > 0
          ? [
              h(
                'ul',
                { class: 'tip-findings' },
                ...content.findings.map((f) =>
                  h(
                    'li',
                    { class: `finding ${f.severity}` },
                    icon(f.severity === 'info' ? 'info' : f.severity),
                    h(
                      'span',
                      {},
                      h('span', { class: 'code' }, f.code),
                      ` ${f.message} `,
                      h('span', { class: 'where' }, f.cell !== null ? `cell ${f.cell}, line ${f.line}` : `line ${f.line}`),
                    ),
                  ),
                ),
              ),
            ]
          : []),
        h('div', { class: 'tip-hint' }, node.line !== null ? 'Click or press Enter to go to the code.' : ''),
      );
      this.tooltip.hidden = false;
      this.tooltipFor = id;
      element.setAttribute('aria-describedby', 'graph-tooltip');
      this.placeTooltip(element);
    };
    if (delay > 0) this.tooltipTimer = window.setTimeout(show, delay);
    else show();
  }

  /** Below the node, or above it when there is no room; kept inside the canvas. */
  private placeTooltip(element: SVGGElement): void {
    const area = this.canvas.getBoundingClientRect();
    const box = element.getBoundingClientRect();
    const tip = this.tooltip.getBoundingClientRect();
    let left = box.left - area.left;
    let top = box.bottom - area.top + 6;
    if (top + tip.height > area.height - 4) top = Math.max(4, box.top - area.top - tip.height - 6);
    left = Math.max(4, Math.min(left, area.width - tip.width - 4));
    // CSSOM property writes: allowed under a style-src without 'unsafe-inline' (no style attribute is parsed).
    this.tooltip.style.left = `${Math.round(left)}px`;
    this.tooltip.style.top = `${Math.round(top)}px`;
  }

  private hideTooltip(): void {
    window.clearTimeout(this.tooltipTimer);
    if (this.tooltipFor) this.drawing?.nodes.get(this.tooltipFor)?.removeAttribute('aria-describedby');
    this.tooltipFor = null;
    this.tooltip.hidden = true;
  }

  // ---- viewport ----

  private canvasSize(): { width: number; height: number } {
    return { width: this.canvas.clientWidth, height: this.canvas.clientHeight };
  }

  /** The whole drawing in view (the Fit button and the 0 key). */
  private fitted(): GraphViewport {
    return this.layout ? fitViewport(this.layout, this.canvasSize()) : { x: 0, y: 0, k: 1 };
  }

  /** The viewport while the user has not moved it: fitted, or the start of a long pipeline, readable. */
  private automatic(): GraphViewport {
    return this.layout ? startViewport(this.layout, this.canvasSize()) : { x: 0, y: 0, k: 1 };
  }

  private applyView(view: GraphViewport): void {
    this.view = view;
    this.viewportGroup.setAttribute(
      'transform',
      `translate(${round(view.x)},${round(view.y)}) scale(${Math.round(view.k * 10000) / 10000})`,
    );
    this.canvas.classList.toggle('zoomed-out', view.k < 0.45);
    if (this.tooltipFor) {
      const element = this.drawing?.nodes.get(this.tooltipFor);
      if (element) this.placeTooltip(element);
    }
  }

  /** Saves the viewport of the file shown (the user moved it). */
  private remember(): void {
    const path = this.graph?.path;
    if (!path) return;
    const viewports = this.ui.viewports.filter((v) => v.path !== path);
    if (!this.following) viewports.push({ path, viewport: { ...this.view } });
    this.setUi({ ...this.ui, viewports: viewports.slice(-MAX_VIEWPORTS) });
  }

  private setUi(ui: GraphUiState): void {
    this.ui = ui;
    this.api.setState(ui);
  }

  private fit(): void {
    const view = this.fitted();
    const automatic = this.automatic();
    // A fit that is also the automatic view keeps following the drawing as it changes.
    this.following = view.k === automatic.k && view.x === automatic.x && view.y === automatic.y;
    this.applyView(view);
    this.remember();
  }

  private zoomBy(factor: number, at?: { x: number; y: number }): void {
    if (!this.layout) return;
    const size = this.canvasSize();
    this.following = false;
    this.applyView(zoomAt(this.view, factor, at ?? { x: size.width / 2, y: size.height / 2 }));
    this.remember();
  }

  private panBy(dx: number, dy: number): void {
    if (!this.layout) return;
    this.following = false;
    this.applyView(panBy(this.view, dx, dy));
    this.remember();
  }

  private toggle(key: 'showFiles' | 'showParams'): void {
    const started = performance.now();
    this.setUi({ ...this.ui, [key]: !this.ui[key] });
    this.buttons.files.setAttribute('aria-pressed', String(this.ui.showFiles));
    this.buttons.params.setAttribute('aria-pressed', String(this.ui.showParams));
    if (this.graph) this.render(started);
  }

  // ---- input ----

  private bindPointer(): void {
    this.canvas.addEventListener(
      'wheel',
      (event: WheelEvent) => {
        if (!this.layout) return;
        event.preventDefault();
        const area = this.canvas.getBoundingClientRect();
        const unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? area.height : 1;
        if (!event.ctrlKey && (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY))) {
          // Shift+wheel and sideways scrolling pan along the pipeline.
          this.panBy(-(event.shiftKey ? event.deltaY || event.deltaX : event.deltaX) * unit, 0);
          return;
        }
        const factor = Math.exp(-event.deltaY * unit * (event.ctrlKey ? 0.01 : 0.002));
        this.zoomBy(factor, { x: event.clientX - area.left, y: event.clientY - area.top });
      },
      { passive: false },
    );
    this.canvas.addEventListener('pointerdown', (event: PointerEvent) => {
      if (event.button !== 0 || !this.layout) return;
      this.drag = { id: event.pointerId, x: event.clientX, y: event.clientY, start: { ...this.view }, moved: false };
      this.suppressClick = false;
    });
    this.canvas.addEventListener('pointermove', (event: PointerEvent) => {
      const drag = this.drag;
      if (!drag || drag.id !== event.pointerId) return;
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      if (!drag.moved) {
        drag.moved = true;
        this.canvas.setPointerCapture(event.pointerId);
        this.canvas.classList.add('panning');
        this.hideTooltip();
      }
      this.following = false;
      this.applyView(panBy(drag.start, dx, dy));
    });
    const end = (event: PointerEvent): void => {
      const drag = this.drag;
      if (!drag || drag.id !== event.pointerId) return;
      this.drag = null;
      this.canvas.classList.remove('panning');
      if (drag.moved) {
        this.suppressClick = true; // the click that ends a drag is not a reveal
        window.setTimeout(() => (this.suppressClick = false), 0);
        this.remember();
      }
    };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
  }

  private bindKeyboard(): void {
    document.addEventListener('keydown', (event: KeyboardEvent) => {
      const target = event.target as Element | null;
      if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return;
      const id = target instanceof SVGGElement ? target.getAttribute('data-id') : null;
      const arrows: Record<string, [number, number, Direction]> = {
        ArrowLeft: [PAN_STEP, 0, 'left'],
        ArrowRight: [-PAN_STEP, 0, 'right'],
        ArrowUp: [0, PAN_STEP, 'up'],
        ArrowDown: [0, -PAN_STEP, 'down'],
      };
      const arrow = arrows[event.key];
      if (id && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        this.reveal(id);
      } else if (arrow && (event.shiftKey || !id)) {
        if (!this.layout || this.canvas.inert) return;
        event.preventDefault();
        this.panBy(arrow[0], arrow[1]);
      } else if (id && (arrow || event.key === 'Home' || event.key === 'End') && this.layout) {
        event.preventDefault();
        const direction: Direction = arrow ? arrow[2] : event.key === 'Home' ? 'first' : 'last';
        const next = neighbour(this.layout, id, direction);
        if (next) this.drawing?.nodes.get(next)?.focus({ preventScroll: true });
      } else if (event.key === 'Escape') {
        this.hideTooltip();
      } else if (event.ctrlKey || event.metaKey || event.altKey) {
        return;
      } else if (event.key === '+' || event.key === '=') {
        event.preventDefault();
        this.zoomBy(ZOOM_STEP);
      } else if (event.key === '-' || event.key === '_') {
        event.preventDefault();
        this.zoomBy(1 / ZOOM_STEP);
      } else if (event.key === '0') {
        event.preventDefault();
        if (this.layout) this.fit();
      }
    });
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
