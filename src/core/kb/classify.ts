import type { ApiInfo } from '../types';
import type { SyntaxTree } from '../parse/mirror';
import type { ProgramSource } from '../parse/source';
import type { CallSite, ScriptModel, Statement } from '../semantic';
import { addPhase, bindInstances, buildModel, callsIn, looksLikeClass } from '../semantic';
import { PHASE_PRIORITY, lookupApi, lookupMethod } from './apis';
import { modernName } from './legacy';

function apiFor(qualified: string | null, receiverType: string | null, method: string | null): ApiInfo | undefined {
  if (qualified) {
    const info = lookupApi(qualified);
    if (info) return info;
  }
  if (method) {
    const byMethod = lookupMethod(method);
    if (byMethod && receiverType) {
      const owner = lookupApi(receiverType);
      // A transformer's `fit` prepares features; an estimator's `fit` trains.
      if (owner?.kind === 'transformer' && (method === 'fit' || method === 'partial_fit'))
        return { kind: 'transformer', phase: 'features' };
    }
    if (byMethod) return byMethod;
  }
  return undefined;
}

function classify(model: ScriptModel, statement: Statement, calls: readonly CallSite[]): void {
  if (statement.kind === 'import' || statement.kind === 'docstring') return;
  const inOwnBody = statement.kind === 'function' || statement.kind === 'class';
  for (const call of calls) {
    if (!call.api) continue;
    // A definition does nothing until it is called: its body's calls do not give it a phase.
    if (inOwnBody) continue;
    addPhase(statement, call.api.phase);
  }
  if (!inOwnBody && statement.phases.size === 0 && statement.mutates.size > 0 && statement.node.text.includes('[')) {
    addPhase(statement, 'features'); // df["col"] = ... : a derived column
  }
  statement.phase = statement.phases.size === 0 ? null : (PHASE_PRIORITY.find((p) => statement.phases.has(p)) ?? null);
  const hint = model.sections[statement.section]?.phaseHint;
  if (hint) statement.phase = hint;
}

/** A callee that builds an object the script then calls methods on: a class, or an estimator factory. */
function isConstructor(qualified: string): boolean {
  return looksLikeClass(qualified) || lookupApi(qualified)?.kind === 'estimator';
}

/**
 * Legacy paths and renamed APIs (`sklearn.cross_validation.train_test_split`,
 * `sklearn.preprocessing.Imputer`) become today's names in the imports and calls, so every rule
 * sees one name per API (kb/legacy.ts).
 */
function modernizeNames(model: ScriptModel): void {
  for (const binding of model.imports) binding.qualified = modernName(binding.qualified);
  for (const [local, qualified] of model.importMap) model.importMap.set(local, modernName(qualified));
  for (const call of model.calls) {
    if (call.qualified) call.qualified = modernName(call.qualified);
    if (call.receiverType) call.receiverType = modernName(call.receiverType);
  }
}

/**
 * The knowledge base's pass over a script model: which names hold estimators, what each call is
 * (`CallSite.api`), and the phases of the top-level statements.
 */
export function classifyModel(model: ScriptModel): ScriptModel {
  modernizeNames(model);
  bindInstances(model, isConstructor);
  for (const call of model.calls) call.api = apiFor(call.qualified, call.receiverType, call.method);
  for (const statement of model.statements) classify(model, statement, callsIn(model, statement));
  return model;
}

/** The model every consumer sees (engine, refactors): built by the semantic layer, then classified. */
export function buildClassifiedModel(source: ProgramSource, tree: SyntaxTree): ScriptModel {
  return classifyModel(buildModel(source, tree));
}
