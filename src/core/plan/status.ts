/**
 * The plan's state as people see it: every phase and item with what the file says and what the
 * workspace shows, the decision with the rungs passed over. The sidebar, `ml-hygiene plan status`
 * and the tests all read this one shape.
 */
import type { PhaseId, RungId } from './catalog';
import { PHASES, RUNGS, rungDefinition, rungIndex } from './catalog';
import type { Evidence, FolderFacts } from './evidence';
import { evaluateEvidence } from './evidence';
import type { PlanData } from './types';

export interface ItemStatus {
  id: string;
  title: string;
  why: string;
  /** Verified from the workspace (its `done` comes from the evidence), or ticked by the team. */
  verified: boolean;
  done: boolean;
  note: string;
  document: string | null;
  /** What the workspace shows; null for manual items. */
  evidence: Evidence | null;
}

export interface PhaseStatus {
  id: PhaseId;
  title: string;
  goal: string;
  current: boolean;
  done: number;
  total: number;
  items: ItemStatus[];
}

export interface DecisionStatus {
  rung: RungId;
  title: string;
  /** 1-based step on the path. */
  step: number;
  rationale: string;
  decidedOn: string | null;
  /** The rungs before the chosen one: the team looked at them and went further. */
  passedOver: { id: RungId; title: string }[];
}

export interface PlanStatus {
  current: PhaseId | null;
  decision: DecisionStatus | null;
  phases: PhaseStatus[];
}

export function planStatus(plan: PlanData, facts: FolderFacts): PlanStatus {
  const phases = PHASES.map((phase): PhaseStatus => {
    const items = phase.items.map((definition): ItemStatus => {
      const state = plan.items.get(definition.id);
      const evidence = definition.evidence ? evaluateEvidence(definition.evidence, facts, state) : null;
      return {
        id: definition.id,
        title: definition.title,
        why: definition.why,
        verified: evidence !== null,
        done: evidence ? evidence.ok : state?.done === true,
        note: state?.note ?? '',
        document: state?.document ?? null,
        evidence,
      };
    });
    return {
      id: phase.id,
      title: phase.title,
      goal: phase.goal,
      current: plan.current === phase.id,
      done: items.filter((item) => item.done).length,
      total: items.length,
      items,
    };
  });
  return { current: plan.current, decision: decisionStatus(plan), phases };
}

function decisionStatus(plan: PlanData): DecisionStatus | null {
  if (!plan.decision) return null;
  const chosen = rungDefinition(plan.decision.rung);
  return {
    rung: chosen.id,
    title: chosen.title,
    step: chosen.step,
    rationale: plan.decision.rationale,
    decidedOn: plan.decision.decidedOn,
    passedOver: RUNGS.filter((rung) => rungIndex(rung.id) < rungIndex(chosen.id)).map((rung) => ({ id: rung.id, title: rung.title })),
  };
}
