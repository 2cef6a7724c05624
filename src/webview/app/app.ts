/// <reference lib="dom" />
/**
 * The sidebar app: renders the host's latest snapshot with the UI state, and turns clicks into
 * intents for the host. One instance per webview; all of its state lives here.
 */
import type { HostMessage, PlanView, SectionId, UiState, ViewMessage, ViewState } from '../protocol';
import type { ViewContext } from './context';
import { restoreUi, toggled } from './context';
import { decisionBadge, decisionBody } from './decision';
import type { Child } from './dom';
import { append, h, icon } from './dom';
import { overviewBadge, overviewBody } from './overview';
import { phasesBody } from './phases';

/** The part of the webview API the app uses (acquireVsCodeApi()). */
export interface WebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

export class App {
  private state: ViewState | null = null;
  private ui: UiState;
  private readonly drafts = new Map<string, string>();
  private pendingFocus: string | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: WebviewApi,
  ) {
    this.ui = restoreUi(api.getState());
  }

  start(): void {
    window.addEventListener('message', (event: MessageEvent) => this.receive(event.data as HostMessage));
    this.render();
    this.post({ type: 'ready', folder: this.ui.folder });
  }

  private post(message: ViewMessage): void {
    this.api.postMessage(message);
  }

  private receive(message: HostMessage): void {
    if (!message || typeof message !== 'object') return;
    switch (message.type) {
      case 'state':
        this.state = message.state;
        if (this.ui.folder !== message.state.folder) this.setUi({ ...this.ui, folder: message.state.folder });
        this.render();
        return;
      case 'reveal':
        this.setUi({ ...this.ui, collapsed: this.ui.collapsed.filter((id) => id !== message.section) });
        this.pendingFocus = `section:${message.section}`;
        this.render();
        document.getElementById(`${message.section}-section`)?.scrollIntoView({ block: 'start' });
        return;
    }
  }

  private setUi(ui: UiState): void {
    this.ui = ui;
    this.api.setState(ui);
  }

  private context(state: ViewState): ViewContext {
    return {
      state,
      ui: this.ui,
      post: (message) => this.post(message),
      updateUi: (change, render = true) => {
        this.setUi(change(this.ui));
        if (render) this.render();
      },
      draft: (key) => this.drafts.get(key),
      setDraft: (key, value) => {
        if (value === undefined) this.drafts.delete(key);
        else this.drafts.set(key, value);
      },
      focusAfterRender: (key) => {
        this.pendingFocus = key;
      },
    };
  }

  /** Renders everything again, keeping the keyboard focus (and the caret) where it was. */
  private render(): void {
    const active = document.activeElement as HTMLElement | null;
    const focusKey = this.pendingFocus ?? active?.dataset?.['key'] ?? null;
    const selection =
      active instanceof HTMLInputElement && this.pendingFocus === null ? [active.selectionStart, active.selectionEnd] : null;
    this.pendingFocus = null;
    this.root.replaceChildren();
    append(this.root, this.state ? this.view(this.context(this.state)) : [loading()]);
    if (focusKey === null) return;
    const target = this.root.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusKey)}"]`);
    if (!target) return;
    target.focus({ preventScroll: false });
    if (selection && target instanceof HTMLInputElement && selection[0] !== null) target.setSelectionRange(selection[0], selection[1]);
  }

  private view(ctx: ViewContext): Child[] {
    const { state } = ctx;
    if (state.folder === null || state.plan === null) {
      return [h('div', { class: 'empty' }, h('p', {}, 'Open a folder to plan the project and see its hygiene.'))];
    }
    const plan = state.plan;
    const done = plan.status.phases.reduce((sum, phase) => sum + phase.done, 0);
    const total = plan.status.phases.reduce((sum, phase) => sum + phase.total, 0);
    return [
      folderPicker(ctx),
      ...banners(ctx, plan),
      section(ctx, 'phases', 'Phases', `${done}/${total}`, () => phasesBody(ctx, plan)),
      section(ctx, 'decision', 'Decision Path', decisionBadge(plan), () => decisionBody(ctx, plan)),
      section(ctx, 'overview', 'Hygiene Overview', overviewBadge(ctx), () => overviewBody(ctx)),
    ];
  }
}

function loading(): HTMLElement {
  return h('div', { class: 'empty', role: 'status' }, icon('loading', 'codicon-modifier-spin'), h('span', {}, ' Loading the plan…'));
}

function section(ctx: ViewContext, id: SectionId, title: string, badge: string, body: () => Child[]): HTMLElement {
  const collapsed = ctx.ui.collapsed.includes(id);
  return h(
    'section',
    { class: `section${collapsed ? ' collapsed' : ''}`, id: `${id}-section`, 'aria-labelledby': `${id}-title` },
    h(
      'h2',
      { class: 'section-header' },
      h(
        'button',
        {
          class: 'section-toggle',
          id: `${id}-title`,
          'aria-expanded': String(!collapsed),
          'aria-controls': `${id}-body`,
          'data-key': `section:${id}`,
          on: { click: () => ctx.updateUi((ui) => ({ ...ui, collapsed: toggled(ui.collapsed, id) })) },
        },
        icon(collapsed ? 'chevron-right' : 'chevron-down', 'twistie'),
        h('span', { class: 'section-title' }, title),
        h('span', { class: 'section-badge' }, badge),
      ),
    ),
    collapsed ? null : h('div', { class: 'section-body', id: `${id}-body` }, ...body()),
  );
}

function folderPicker(ctx: ViewContext): Child {
  const { folders, folder } = ctx.state;
  if (folders.length < 2) return null;
  const select = h(
    'select',
    {
      class: 'select',
      id: 'folder-select',
      'data-key': 'folder',
      on: { change: (event) => ctx.post({ type: 'selectFolder', folder: (event.target as HTMLSelectElement).value }) },
    },
    ...folders.map((f) => h('option', { value: f.id, selected: f.id === folder }, f.name)),
  );
  return h('div', { class: 'folder-picker' }, h('label', { for: 'folder-select' }, icon('root-folder'), h('span', {}, 'Folder')), select);
}

function banners(ctx: ViewContext, plan: PlanView): Child[] {
  const folder = ctx.state.folder!;
  const out: Child[] = [];
  if (plan.problems.length > 0) {
    out.push(
      h(
        'div',
        { class: 'banner error', role: 'alert' },
        h('div', { class: 'banner-head' }, icon('error'), h('strong', {}, `${plan.file} cannot be read`)),
        h('p', {}, 'The plan is shown read-only until the file is fixed; it is never overwritten.'),
        h(
          'ul',
          { class: 'problems' },
          ...plan.problems.map((problem) =>
            h(
              'li',
              {},
              h(
                'button',
                {
                  class: 'link',
                  'data-key': `problem:${problem.line ?? 0}:${problem.message}`,
                  'aria-label': `${problem.message}. Open ${plan.file}${problem.line === null ? '' : ` at line ${problem.line}`}`,
                  on: { click: () => ctx.post({ type: 'openPlanFile', folder, line: problem.line }) },
                },
                `${plan.file}${problem.line === null ? '' : `:${problem.line}`}`,
              ),
              h('span', {}, `: ${problem.message}`),
            ),
          ),
        ),
      ),
    );
  } else if (!plan.exists) {
    out.push(
      h(
        'div',
        { class: 'banner info' },
        h('div', { class: 'banner-head' }, icon('info'), h('strong', {}, `No ${plan.file} yet`)),
        h('p', {}, 'Your first change creates it at the folder root. Commit it so the whole team shares the plan.'),
      ),
    );
  } else if (plan.migrations.length > 0) {
    out.push(
      h(
        'div',
        { class: 'banner info' },
        h('div', { class: 'banner-head' }, icon('info'), h('strong', {}, `${plan.file} uses an older format`)),
        h('p', {}, 'Your next change upgrades it; comments and your own wording stay.'),
      ),
    );
  }
  return out;
}
