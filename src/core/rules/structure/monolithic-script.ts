import { memoKey, remember } from '../../memo';
import type { ScriptModel, Statement } from '../../semantic';
import { kids } from '../../parse/syntax';
import type { Phase } from '../../types';
import { PHASES, PHASE_TITLES } from '../../types';
import type { ContextOf, Rule } from '../rule';
import { option } from '../rule';

export interface MonolithScore {
  /** 0 (well structured) to 100 (everything at top level, every phase mixed). */
  score: number;
  /** Top-level statements doing work: imports, definitions and docstrings not counted; a main guard counts its body. */
  topLevelStatements: number;
  /** Share of the code lines (imports aside) that sit outside function and class bodies, 0..1. */
  outsideFunctionsShare: number;
  /** Phases the top-level code touches, in pipeline order. */
  phases: Phase[];
  /** Cells (notebook cells, `# %%` or `# In[n]:` sections) holding top-level work. */
  cells: number;
  isMonolith: boolean;
}

const PASSIVE = new Set(['import', 'function', 'class', 'docstring', 'magic']);

/** The statements that do work at module level: a main guard stands for its body. */
function workingStatements(model: ScriptModel): { count: number; phases: Set<Phase>; cells: number } {
  let count = 0;
  const phases = new Set<Phase>();
  const sections = new Set<number>();
  for (const statement of model.statements) {
    if (PASSIVE.has(statement.kind)) continue;
    sections.add(statement.section);
    if (statement.kind === 'main-guard') {
      const body = statement.node.childForFieldName('consequence');
      count += body ? kids(body).filter((n) => n.isNamed && n.type !== 'comment').length : 0;
    } else {
      count++;
    }
    for (const phase of statement.phases) phases.add(phase);
  }
  return { count, phases, cells: sections.size };
}

/** A model is fitted or scored: the work that makes a file an ML job rather than an exploration. */
const MODEL_PHASES: readonly Phase[] = ['training', 'evaluation'];

function outsideShare(model: ScriptModel): number {
  let total = 0;
  let outside = 0;
  for (const statement of model.statements) {
    if (statement.kind === 'import') continue;
    total += statement.codeLines;
    if (statement.kind !== 'function' && statement.kind !== 'class') outside += statement.codeLines;
  }
  return total === 0 ? 0 : outside / total;
}

/** A model's scores by the options they were worked out with (the rule, then the engine's file score, ask alike). */
const SCORES = memoKey<Map<string, MonolithScore>>('monolith scores');

export function monolithScore(model: ScriptModel, options: Readonly<Record<string, unknown>>): MonolithScore {
  const minStatements = (options['min-statements'] as number | undefined) ?? 20;
  const minPhases = (options['min-phases'] as number | undefined) ?? 3;
  const minShare = (options['min-top-level-share'] as number | undefined) ?? 0.5;
  const minCells = (options['min-cells'] as number | undefined) ?? 4;
  const scores = remember(model.memo, SCORES, () => new Map<string, MonolithScore>());
  const key = `${minStatements} ${minPhases} ${minShare} ${minCells}`;
  let known = scores.get(key);
  if (!known) {
    known = scoreOf(model, minStatements, minPhases, minShare, minCells);
    scores.set(key, known);
  }
  // Each caller gets its own object (the finding's data and the file's score must not share an array).
  return { ...known, phases: [...known.phases] };
}

function scoreOf(model: ScriptModel, minStatements: number, minPhases: number, minShare: number, minCells: number): MonolithScore {
  const { count, phases, cells } = workingStatements(model);
  const share = outsideShare(model);
  const sizeFactor = Math.min(1, count / (2 * minStatements));
  const phaseFactor = Math.min(1, phases.size / 5);
  // Below the smallest monolith (the short notebook-like kind: half of min-statements) a file
  // scores 0: `__version__ = "1.0"` alone is all top level, but nothing to split.
  const tooSmall = count < smallestMonolith(minStatements);
  const score = tooSmall ? 0 : Math.round(100 * (0.4 * sizeFactor + 0.3 * phaseFactor + 0.3 * share));
  return {
    score,
    topLevelStatements: count,
    outsideFunctionsShare: share,
    phases: PHASES.filter((p) => phases.has(p)),
    cells,
    isMonolith:
      share >= minShare &&
      phases.size >= minPhases &&
      MODEL_PHASES.some((p) => phases.has(p)) &&
      // Long, or short but laid out as a notebook: several cells, one phase more than required.
      (count >= minStatements || (cells >= minCells && phases.size > minPhases && count >= smallestMonolith(minStatements))),
  };
}

/** The fewest top-level statements a monolith can have: half of `min-statements` (a file laid out in cells). */
export function smallestMonolith(minStatements: number): number {
  return Math.ceil(minStatements / 2);
}

function firstCodeLine(statements: readonly Statement[]): number {
  return statements.find((s) => s.kind !== 'docstring')?.range.start.line ?? 0;
}

export const monolithicScript: Rule = {
  code: 'MLH001',
  name: 'monolithic-script',
  family: 'structure',
  defaultSeverity: 'warning',
  status: 'stable',
  summary: 'A module does most of its work at top level, across several phases of the ML pipeline.',
  appliesTo: ['python', 'notebook'],
  options: {
    'min-statements': {
      type: 'integer',
      default: 20,
      minimum: 1,
      description: 'Top-level statements (imports, definitions and docstrings not counted) before a module can be a monolith.',
    },
    'min-phases': { type: 'integer', default: 3, minimum: 1, maximum: 6, description: 'Phases that must be mixed at top level.' },
    'min-cells': {
      type: 'integer',
      default: 4,
      minimum: 1,
      description:
        'Cells (notebook cells, `# %%` sections) holding top-level work from which a shorter file (half of min-statements) mixing one phase more than min-phases is a monolith too.',
    },
    'min-top-level-share': {
      type: 'number',
      default: 0.5,
      minimum: 0,
      maximum: 1,
      description: 'Share of the code lines outside functions and classes (0 to 1).',
    },
  },
  check(ctx: ContextOf<'MLH001'>) {
    const { model } = ctx;
    const result = monolithScore(model, ctx.options);
    if (!result.isMonolith) return;
    const line = model.kind === 'notebook' ? 0 : firstCodeLine(model.statements);
    const phaseList = result.phases.map((p) => PHASE_TITLES[p]).join(', ');
    ctx.report({
      range: { start: { line, character: 0 }, end: { line, character: model.lines[line]?.length ?? 0 } },
      message:
        `Monolithic script (score ${result.score}/100): ${result.topLevelStatements} top-level statements, ` +
        `${Math.round(result.outsideFunctionsShare * 100)}% of the code outside functions, ` +
        `${result.phases.length} phases mixed (${phaseList})` +
        (result.cells > 1 ? ` over ${result.cells} cells` : '') +
        '. Split it into functions or modules, one per phase.',
      data: { ...result, minStatements: option<number>(ctx, 'min-statements') },
    });
  },
};
