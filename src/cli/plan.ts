/**
 * `ml-hygiene plan status [DIR]`: reads the nearest mlproject.yaml at or above DIR, checks the
 * project folder (the plan file's folder, or DIR when there is none) for the evidence, and prints
 * the plan. A malformed plan file is exit 2 with `mlproject.yaml:LINE: message` per problem.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { UsageError } from '../core/errors';
import { readPlan } from '../core/plan/document';
import { planStatus } from '../core/plan/status';
import type { PlanData } from '../core/plan/types';
import { emptyPlan, formatPlanProblem } from '../core/plan/types';
import { gatherFolderFacts } from '../core/project/folder';
import type { PlanContext } from '../core/project/plans';
import { findPlanFile, planContextOf } from '../core/project/plans';
import { displayPath, openCache, reportConfigProblem } from './check';
import type { PlanStatusInvocation } from './planArgs';
import type { PlanReport } from './planFormat';
import { formatPlanJson, formatPlanMarkdown, formatPlanText } from './planFormat';

export interface PlanCommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const EXIT_OK = 0;
const EXIT_MALFORMED = 2;

export async function runPlanStatus(invocation: PlanStatusInvocation, cwd: string): Promise<PlanCommandResult> {
  const dir = resolve(cwd, invocation.dir);
  const stats = await stat(dir).catch(() => null);
  if (!stats?.isDirectory()) throw new UsageError(`plan status: not a folder: ${invocation.dir}`);
  const file = findPlanFile(dir);
  let plan: PlanData = emptyPlan();
  let rulesPlan: PlanContext | null = null;
  if (file !== null) {
    const read = readPlan(await readFile(file, 'utf8'));
    if (!read.ok) {
      const shown = displayPath(file, cwd);
      return {
        exitCode: EXIT_MALFORMED,
        stdout: '',
        stderr: read.problems.map((problem) => `${formatPlanProblem(shown, problem)}\n`).join(''),
      };
    }
    plan = read.plan;
    rulesPlan = planContextOf(file, read).context;
  }
  const folder = file === null ? dir : dirname(file);
  const warnings: string[] = [];
  const documents = [...plan.items.values()].flatMap((item) => (item.document === null ? [] : [item.document]));
  const facts = await gatherFolderFacts(folder, documents, {
    warn: (message) => warnings.push(`ml-hygiene: warning: ${message}\n`),
    // A broken [tool.ml-hygiene] is reported as `ml-hygiene check` reports it.
    configProblem: reportConfigProblem({ cwd, warn: (line) => warnings.push(`${line}\n`) }),
    plan: rulesPlan,
    cache: openCache(invocation, { cwd, warn: (line) => warnings.push(`${line}\n`) }),
    jobs: invocation.jobs,
  });
  const report: PlanReport = {
    file: file === null ? null : displayPath(file, cwd),
    folder: relative(cwd, folder).split(sep).join('/') || '.',
    status: planStatus(plan, facts),
  };
  const render = { text: formatPlanText, json: formatPlanJson, markdown: formatPlanMarkdown }[invocation.format];
  return { exitCode: EXIT_OK, stdout: render(report), stderr: warnings.join('') };
}
