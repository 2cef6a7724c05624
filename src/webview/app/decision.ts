/// <reference lib="dom" />
/**
 * The simplest-solution decision path: the decision and the rungs passed over, and the guided
 * walk down the ladder (one question per rung; stop at the first rung that solves the problem).
 */
import type { DecisionStatus } from '../../core/plan/status';
import type { PlanView, RungView, WalkState } from '../protocol';
import type { ViewContext } from './context';
import type { Child } from './dom';
import { h, icon } from './dom';

export function decisionBadge(plan: PlanView | null): string {
  const decision = plan?.status.decision;
  return decision ? `Rung ${decision.step}` : 'Not decided';
}

export function decisionBody(ctx: ViewContext, plan: PlanView): Child[] {
  const walk = ctx.ui.walk;
  if (walk) return walking(ctx, plan, walk);
  const decision = plan.status.decision;
  const start = h(
    'button',
    {
      class: `button${decision ? ' secondary' : ''}`,
      disabled: plan.readOnly,
      'data-key': 'walk:start',
      on: {
        click: () => {
          ctx.focusAfterRender('walk:yes:0');
          ctx.updateUi((ui) => ({ ...ui, walk: { at: 0, stopped: false, rationale: '' } }));
        },
      },
    },
    icon(decision ? 'debug-restart' : 'debug-start'),
    h('span', {}, decision ? 'Walk the path again' : 'Walk the decision path'),
  );
  return [
    decision
      ? chosen(ctx, decision)
      : h(
          'p',
          { class: 'intro' },
          'Walk down the ladder and stop at the first rung that solves the problem. Each step down adds cost, risk and maintenance.',
        ),
    ladder(ctx.state.rungs, decision),
    h('div', { class: 'actions' }, start),
  ];
}

function chosen(ctx: ViewContext, decision: DecisionStatus): HTMLElement {
  const rung = ctx.state.rungs.find((r) => r.id === decision.rung);
  return h(
    'div',
    { class: 'decision', 'aria-label': `Decision: rung ${decision.step}, ${decision.title}` },
    h(
      'div',
      { class: 'decision-head' },
      icon('target'),
      h('strong', {}, decision.title),
      h('span', { class: 'muted' }, `rung ${decision.step} of ${ctx.state.rungs.length}`),
    ),
    rung ? h('p', { class: 'meaning' }, rung.meaning) : null,
    decision.rationale
      ? h('blockquote', { class: 'rationale' }, decision.rationale)
      : h('p', { class: 'muted' }, 'No reason written down.'),
    decision.decidedOn ? h('p', { class: 'muted small' }, `Decided on ${decision.decidedOn}`) : null,
  );
}

/** The six rungs with where the team stopped: passed over, chosen, or not needed. */
function ladder(rungs: readonly RungView[], decision: DecisionStatus | null): HTMLElement {
  return h(
    'ol',
    { class: 'ladder', 'aria-label': 'The decision path' },
    ...rungs.map((rung) => {
      const state = decision === null ? 'open' : rung.step < decision.step ? 'passed' : rung.step === decision.step ? 'chosen' : 'beyond';
      const label = { open: '', passed: 'passed over', chosen: 'chosen', beyond: 'not needed' }[state];
      const mark = { open: 'circle-large-outline', passed: 'arrow-down', chosen: 'pass-filled', beyond: 'circle-large-outline' }[state];
      return h(
        'li',
        { class: `rung ${state}`, 'aria-label': `Rung ${rung.step}, ${rung.title}${label ? `: ${label}` : ''}` },
        icon(mark, 'rung-mark'),
        h('span', { class: 'rung-step' }, String(rung.step)),
        h('span', { class: 'rung-title' }, rung.title),
        label ? h('span', { class: 'rung-state' }, label) : null,
      );
    }),
  );
}

function setWalk(ctx: ViewContext, walk: WalkState | null, focus?: string): void {
  if (focus) ctx.focusAfterRender(focus);
  ctx.updateUi((ui) => ({ ...ui, walk }));
}

function walking(ctx: ViewContext, plan: PlanView, walk: WalkState): Child[] {
  const rungs = ctx.state.rungs;
  const items = rungs.map((rung, i) => {
    if (i < walk.at) {
      return h(
        'li',
        { class: 'rung passed', 'aria-label': `Rung ${rung.step}, ${rung.title}: passed over` },
        icon('arrow-down', 'rung-mark'),
        h('span', { class: 'rung-step' }, String(rung.step)),
        h('span', { class: 'rung-title' }, rung.title),
        h('span', { class: 'rung-state' }, 'passed over'),
      );
    }
    if (i > walk.at) {
      return h(
        'li',
        { class: 'rung ahead', 'aria-label': `Rung ${rung.step}, ${rung.title}` },
        icon('circle-large-outline', 'rung-mark'),
        h('span', { class: 'rung-step' }, String(rung.step)),
        h('span', { class: 'rung-title' }, rung.title),
      );
    }
    return activeRung(ctx, plan, walk, rung, i === rungs.length - 1);
  });
  return [
    h('p', { class: 'intro' }, 'Answer each question; stop at the first rung that solves the problem.'),
    h('ol', { class: 'ladder walking', 'aria-label': 'The decision path' }, ...items),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        { class: 'link-button', 'data-key': 'walk:cancel', on: { click: () => setWalk(ctx, null, 'walk:start') } },
        icon('close'),
        h('span', {}, 'Cancel the walk'),
      ),
    ),
  ];
}

function activeRung(ctx: ViewContext, plan: PlanView, walk: WalkState, rung: RungView, last: boolean): HTMLElement {
  const i = rung.step - 1;
  const questionId = `rung-${rung.id}-question`;
  const body: Child[] = [h('p', { class: 'question', id: questionId }, rung.question)];
  if (!walk.stopped) {
    body.push(
      h(
        'div',
        { class: 'buttons', role: 'group', 'aria-labelledby': questionId },
        h(
          'button',
          {
            class: 'button',
            disabled: plan.readOnly,
            'data-key': `walk:yes:${i}`,
            on: { click: () => setWalk(ctx, { ...walk, stopped: true }, 'walk:rationale') },
          },
          h('span', {}, 'Yes, stop here'),
        ),
        last
          ? null
          : h(
              'button',
              {
                class: 'button secondary',
                disabled: plan.readOnly,
                'data-key': `walk:no:${i}`,
                on: { click: () => setWalk(ctx, { at: i + 1, stopped: false, rationale: walk.rationale }, `walk:yes:${i + 1}`) },
              },
              h('span', {}, 'No, go further'),
              icon('arrow-down'),
            ),
        i > 0
          ? h(
              'button',
              {
                class: 'icon-button',
                title: 'Back to the previous rung',
                'aria-label': 'Back to the previous rung',
                'data-key': `walk:back:${i}`,
                on: { click: () => setWalk(ctx, { at: i - 1, stopped: false, rationale: walk.rationale }, `walk:yes:${i - 1}`) },
              },
              icon('arrow-up'),
            )
          : null,
      ),
    );
  } else {
    // Several lines: the reason a team stops at a rung is rarely one sentence. Enter starts a new
    // line; Ctrl+Enter (Cmd+Enter) saves, as in VS Code's own multi-line inputs.
    const input = h('textarea', {
      class: 'text-input rationale-input',
      id: 'walk-rationale',
      rows: 4,
      maxlength: 1000,
      placeholder: 'e.g. a weekly average per region is enough for the call list; the data has no label to learn from',
      'data-key': 'walk:rationale',
      'aria-describedby': 'walk-rationale-hint',
    });
    input.value = walk.rationale;
    const save = (): void => {
      ctx.post({ type: 'setDecision', folder: ctx.state.folder!, rung: rung.id, rationale: input.value.trim() });
      setWalk(ctx, null, 'walk:start');
    };
    input.addEventListener('input', () => {
      // Kept in the UI state without a render, so the caret stays where it is.
      ctx.updateUi((ui) => ({ ...ui, walk: { ...walk, rationale: input.value } }), false);
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        // Handled here: the focus moves, and the key must not go on to press the next button.
        event.preventDefault();
        save();
      }
      if (event.key === 'Escape') setWalk(ctx, { ...walk, rationale: input.value, stopped: false }, `walk:yes:${i}`);
    });
    body.push(
      h('label', { class: 'field-label', for: 'walk-rationale' }, 'Why does this rung solve it?'),
      input,
      h('div', { class: 'field-hint', id: 'walk-rationale-hint' }, 'Ctrl+Enter saves; Escape goes back.'),
      h(
        'div',
        { class: 'buttons' },
        h('button', { class: 'button', 'data-key': 'walk:save', on: { click: save } }, icon('check'), h('span', {}, 'Save the decision')),
        h(
          'button',
          {
            class: 'button secondary',
            'data-key': 'walk:unstop',
            on: { click: () => setWalk(ctx, { ...walk, rationale: input.value, stopped: false }, `walk:yes:${i}`) },
          },
          h('span', {}, 'Back'),
        ),
      ),
    );
  }
  return h(
    'li',
    { class: 'rung active', 'aria-current': 'step', 'aria-label': `Rung ${rung.step}, ${rung.title}` },
    icon('circle-large-filled', 'rung-mark'),
    h('span', { class: 'rung-step' }, String(rung.step)),
    h('span', { class: 'rung-title' }, rung.title),
    h('div', { class: 'rung-body' }, ...body),
  );
}
