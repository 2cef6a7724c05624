/// <reference lib="dom" />
/** The phase tracker: the six phases, their checklists, evidence, notes and progress. */
import type { Evidence } from '../../core/plan/evidence';
import type { ItemStatus, PhaseStatus } from '../../core/plan/status';
import type { PlanView } from '../protocol';
import type { ViewContext } from './context';
import { openPhases, toggled } from './context';
import type { Child } from './dom';
import { h, icon } from './dom';

/** DOM ids from item ids (`development.tests` -> `item-development-tests`). */
function domId(itemId: string): string {
  return `item-${itemId.replace(/[^a-z0-9-]/gi, '-')}`;
}

export function meter(done: number, total: number, label: string): HTMLElement {
  const bar = h('div', { class: 'meter-fill' });
  bar.style.width = `${total === 0 ? 0 : Math.round((100 * done) / total)}%`;
  return h(
    'div',
    { class: 'meter', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': total, 'aria-valuenow': done, 'aria-label': label },
    bar,
  );
}

export function phasesBody(ctx: ViewContext, plan: PlanView): Child[] {
  const open = openPhases(ctx.ui, plan.status.phases);
  return [h('div', { class: 'phases' }, ...plan.status.phases.map((phase) => phaseBlock(ctx, plan, phase, open.includes(phase.id))))];
}

function phaseBlock(ctx: ViewContext, plan: PlanView, phase: PhaseStatus, open: boolean): HTMLElement {
  const bodyId = `phase-${phase.id}-items`;
  const toggle = h(
    'button',
    {
      class: 'row phase-toggle',
      'aria-expanded': String(open),
      'aria-controls': bodyId,
      'data-key': `phase:${phase.id}`,
      on: {
        click: () => ctx.updateUi((ui) => ({ ...ui, openPhases: toggled(openPhases(ui, plan.status.phases), phase.id) })),
      },
    },
    icon(open ? 'chevron-down' : 'chevron-right', 'twistie'),
    h('span', { class: 'phase-title' }, phase.title),
    phase.current ? h('span', { class: 'tag', title: 'The phase the project is in' }, 'Current') : null,
    h('span', { class: 'count', 'aria-label': `${phase.done} of ${phase.total} done` }, `${phase.done}/${phase.total}`),
  );
  return h(
    'div',
    { class: `phase${phase.current ? ' current' : ''}` },
    toggle,
    meter(phase.done, phase.total, `${phase.title}: ${phase.done} of ${phase.total} done`),
    open
      ? h(
          'div',
          { class: 'phase-body', id: bodyId },
          h('p', { class: 'goal' }, phase.goal),
          h('ul', { class: 'items', 'aria-label': `${phase.title} checklist` }, ...phase.items.map((item) => itemRow(ctx, plan, item))),
          !phase.current && !plan.readOnly
            ? h(
                'button',
                {
                  class: 'link-button',
                  'data-key': `current:${phase.id}`,
                  on: { click: () => ctx.post({ type: 'setCurrent', folder: ctx.state.folder!, phase: phase.id }) },
                },
                icon('pinned'),
                h('span', {}, `Mark ${phase.title} as the current phase`),
              )
            : null,
        )
      : null,
  );
}

function itemRow(ctx: ViewContext, plan: PlanView, item: ItemStatus): HTMLElement {
  const id = domId(item.id);
  const open = ctx.ui.openItems.includes(item.id);
  const marker = item.verified
    ? h(
        'span',
        {
          class: `verified-mark ${item.done ? 'ok' : 'missing'}`,
          role: 'img',
          'aria-label': item.done ? 'Done, verified from the workspace' : 'Not done yet, checked from the workspace',
        },
        icon(item.done ? 'pass-filled' : 'circle-large-outline'),
      )
    : h('input', {
        type: 'checkbox',
        class: 'check',
        id: `${id}-check`,
        checked: item.done,
        disabled: plan.readOnly,
        'aria-describedby': item.note && !open ? `${id}-note-preview` : null,
        'data-key': `check:${item.id}`,
        on: {
          change: (event) =>
            ctx.post({ type: 'setItemDone', folder: ctx.state.folder!, item: item.id, done: (event.target as HTMLInputElement).checked }),
        },
      });
  const title = item.verified
    ? h('span', { class: 'item-title', id: `${id}-title` }, item.title)
    : h('label', { class: 'item-title', for: `${id}-check`, id: `${id}-title` }, item.title);
  const more = h(
    'button',
    {
      class: 'icon-button',
      'aria-expanded': String(open),
      'aria-controls': `${id}-details`,
      'aria-label': `Why and note: ${item.title}`,
      title: 'Why it matters, and a note',
      'data-key': `more:${item.id}`,
      on: { click: () => ctx.updateUi((ui) => ({ ...ui, openItems: toggled(ui.openItems, item.id) })) },
    },
    icon(open ? 'chevron-up' : 'chevron-down'),
  );
  return h(
    'li',
    { class: `item${item.done ? ' done' : ''}${item.verified ? ' verified' : ''}`, 'data-item': item.id },
    h('div', { class: 'item-row' }, marker, title, more),
    item.evidence ? evidenceLine(ctx, item.evidence, item.id) : null,
    !open && item.note ? h('div', { class: 'note-preview', id: `${id}-note-preview` }, icon('note'), h('span', {}, item.note)) : null,
    open ? details(ctx, plan, item, id) : null,
  );
}

function evidenceLine(ctx: ViewContext, evidence: Evidence, itemId: string): HTMLElement {
  const where = evidence.path === null ? '' : `${evidence.path}${evidence.line === null ? '' : `:${evidence.line}`}`;
  const text: Child = evidence.path
    ? h(
        'button',
        {
          class: 'link',
          title: `Open ${where}`,
          'aria-label': `${evidence.summary}. Open ${where}`,
          'data-key': `evidence:${itemId}`,
          on: { click: () => ctx.post({ type: 'openFile', folder: ctx.state.folder!, path: evidence.path!, line: evidence.line }) },
        },
        evidence.summary,
      )
    : h('span', {}, evidence.summary);
  return h('div', { class: `evidence ${evidence.ok ? 'ok' : 'missing'}` }, icon(evidence.ok ? 'check' : 'info'), text);
}

function details(ctx: ViewContext, plan: PlanView, item: ItemStatus, id: string): HTMLElement {
  return h(
    'div',
    { class: 'details', id: `${id}-details` },
    h('p', { class: 'why' }, item.why),
    textField(ctx, {
      key: `note:${item.id}`,
      id: `${id}-note`,
      label: 'Note',
      value: item.note,
      placeholder: 'Who, what is missing, a link',
      readOnly: plan.readOnly,
      send: (note) => ctx.post({ type: 'setItemNote', folder: ctx.state.folder!, item: item.id, note }),
    }),
    item.id === 'evaluation.attribution-plan'
      ? textField(ctx, {
          key: `document:${item.id}`,
          id: `${id}-document`,
          label: 'Plan document',
          value: item.document ?? '',
          placeholder: 'docs/ab-test-plan.md',
          readOnly: plan.readOnly,
          send: (document) => ctx.post({ type: 'setItemDocument', folder: ctx.state.folder!, item: item.id, document }),
        })
      : null,
  );
}

interface FieldSpec {
  key: string;
  id: string;
  label: string;
  value: string;
  placeholder: string;
  readOnly: boolean;
  send: (value: string) => void;
}

/** A one-line text field: sent on Enter or when it loses focus, Escape restores the saved text. */
export function textField(ctx: ViewContext, spec: FieldSpec): HTMLElement {
  const input = h('input', {
    type: 'text',
    class: 'text-input',
    id: spec.id,
    value: ctx.draft(spec.key) ?? spec.value,
    placeholder: spec.placeholder,
    disabled: spec.readOnly,
    spellcheck: 'true',
    'data-key': spec.key,
  });
  const commit = (): void => {
    const value = input.value;
    ctx.setDraft(spec.key, undefined);
    if (value.trim() !== spec.value.trim()) spec.send(value);
  };
  input.addEventListener('input', () => ctx.setDraft(spec.key, input.value));
  input.addEventListener('change', commit);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      input.value = spec.value;
      ctx.setDraft(spec.key, undefined);
    }
  });
  return h('div', { class: 'field' }, h('label', { class: 'field-label', for: spec.id }, spec.label), input);
}
