/** Renderings of the plan status: text for the terminal, JSON for tools, markdown for a pull-request comment. */
import { RUNGS } from '../core/plan/catalog';
import type { Evidence } from '../core/plan/evidence';
import type { ItemStatus, PlanStatus } from '../core/plan/status';

export interface PlanReport {
  /** The plan file as shown to the user (relative to the current folder); null: there is none. */
  file: string | null;
  /** The project folder the evidence was checked in. */
  folder: string;
  status: PlanStatus;
}

export interface PlanJson {
  file: string | null;
  folder: string;
  current: string | null;
  decision: {
    rung: string;
    title: string;
    step: number;
    rationale: string;
    decidedOn: string | null;
    passedOver: string[];
  } | null;
  phases: Array<{
    id: string;
    title: string;
    current: boolean;
    done: number;
    total: number;
    items: Array<{ id: string; title: string; done: boolean; note: string; document: string | null; evidence: Evidence | null }>;
  }>;
}

export function planJson(report: PlanReport): PlanJson {
  const { status } = report;
  return {
    file: report.file,
    folder: report.folder,
    current: status.current,
    decision: status.decision && {
      rung: status.decision.rung,
      title: status.decision.title,
      step: status.decision.step,
      rationale: status.decision.rationale,
      decidedOn: status.decision.decidedOn,
      passedOver: status.decision.passedOver.map((rung) => rung.id),
    },
    phases: status.phases.map((phase) => ({
      id: phase.id,
      title: phase.title,
      current: phase.current,
      done: phase.done,
      total: phase.total,
      items: phase.items.map((item) => ({
        id: item.id,
        title: item.title,
        done: item.done,
        note: item.note,
        document: item.document,
        evidence: item.evidence,
      })),
    })),
  };
}

export function formatPlanJson(report: PlanReport): string {
  return JSON.stringify(planJson(report), null, 2) + '\n';
}

function where(evidence: Evidence): string {
  if (evidence.path === null) return '';
  return evidence.line === null ? ` (${evidence.path})` : ` (${evidence.path}:${evidence.line})`;
}

function totals(status: PlanStatus): { done: number; total: number } {
  return status.phases.reduce((sum, phase) => ({ done: sum.done + phase.done, total: sum.total + phase.total }), { done: 0, total: 0 });
}

export function formatPlanText(report: PlanReport): string {
  const { status } = report;
  const out: string[] = [];
  out.push(
    report.file === null ? `No mlproject.yaml in ${report.folder} or above: showing what the workspace verifies.` : `Plan: ${report.file}`,
  );
  const decision = status.decision;
  if (decision) {
    out.push(
      `Decision: rung ${decision.step} of ${RUNGS.length}, ${decision.title} (${decision.rung})${decision.decidedOn ? `, decided ${decision.decidedOn}` : ''}`,
    );
    if (decision.rationale) out.push(`  why: ${decision.rationale}`);
    if (decision.passedOver.length > 0) out.push(`  passed over: ${decision.passedOver.map((rung) => rung.title).join('; ')}`);
  } else {
    out.push('Decision: not taken yet (walk the decision path in the sidebar)');
  }
  const current = status.phases.find((phase) => phase.current);
  out.push(`Current phase: ${current ? current.title : 'not set'}`);
  const { done, total } = totals(status);
  out.push(`Progress: ${done}/${total} items`);
  for (const phase of status.phases) {
    out.push('');
    out.push(`${phase.current ? '> ' : ''}${phase.title} ${phase.done}/${phase.total}${phase.current ? ' (current)' : ''}`);
    for (const item of phase.items) out.push(...textItem(item));
  }
  return out.join('\n') + '\n';
}

function textItem(item: ItemStatus): string[] {
  const lines = [`  [${item.done ? 'x' : ' '}] ${item.title}  (${item.id})`];
  if (item.evidence) lines.push(`      ${item.evidence.ok ? 'verified' : 'not yet'}: ${item.evidence.summary}${where(item.evidence)}`);
  if (item.note) lines.push(`      note: ${item.note}`);
  return lines;
}

/** Text from the plan file, safe inside markdown (no markup, no HTML, no table breaks). */
function md(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

export function formatPlanMarkdown(report: PlanReport): string {
  const { status } = report;
  const out: string[] = ['### ML project plan', ''];
  const decision = status.decision;
  if (decision) {
    const date = decision.decidedOn ? ` · decided ${md(decision.decidedOn)}` : '';
    out.push(`**Decision:** ${md(decision.title)} (rung ${decision.step} of ${RUNGS.length})${date}`);
    if (decision.rationale) out.push(`> ${md(decision.rationale)}`);
    if (decision.passedOver.length > 0) out.push('', `Passed over: ${decision.passedOver.map((rung) => md(rung.title)).join(' · ')}`);
  } else {
    out.push('**Decision:** not taken yet');
  }
  const current = status.phases.find((phase) => phase.current);
  out.push('', `**Current phase:** ${current ? current.title : 'not set'}`, '');
  out.push('| Phase | Done |', '|---|---|');
  for (const phase of status.phases)
    out.push(`| ${phase.current ? `**${phase.title}** (current)` : phase.title} | ${phase.done}/${phase.total} |`);
  for (const phase of status.phases) {
    out.push('', `<details${phase.current ? ' open' : ''}><summary>${phase.title}: ${phase.done}/${phase.total}</summary>`, '');
    for (const item of phase.items) {
      const evidence = item.evidence ? ` (${item.evidence.ok ? 'verified' : 'not yet'}: ${md(item.evidence.summary)})` : '';
      const note = item.note ? ` _Note: ${md(item.note)}_` : '';
      out.push(`- [${item.done ? 'x' : ' '}] ${md(item.title)}${evidence}${note}`);
    }
    out.push('', '</details>');
  }
  if (report.file === null) out.push('', '_No mlproject.yaml yet: only what the workspace verifies is shown._');
  return out.join('\n') + '\n';
}
