import { lookupApi, lookupMethod } from '../kb/apis';
import type { CallSite, ScriptModel } from '../semantic';
import type { Node } from '../parse/syntax';
import { kids, nodeRange } from '../parse/syntax';
import type { ParamsEnv, PyValue } from '../params';
import { keyName, numbered, pathNameKeys, pathRole, pyValueOf, UnsupportedValue } from '../params';
import type { Finding, TextEdit } from '../types';
import { payloadOf } from '../types';
import type { Refusal, RefactorResult } from './change';
import { refusal } from './change';
import { callAtRange, nodeAtRange } from './nodes';
import { ParamsPlan } from './paramsPlan';
import { scriptResult } from './result';
import { lastSegment } from '../semantic/expressions';

/**
 * Refactors 1 and 2, "Move to config": the literal of an MLH101 hard-coded hyperparameter or an
 * MLH102 hard-coded path is replaced by a read of the params file, and the value is written there
 * under a key derived from its context (see params/keys.ts). One finding (quick fix) or all of a
 * file's (source action) in one change.
 */

export const MOVABLE_CODES: ReadonlySet<string> = new Set(['MLH101', 'MLH102']);

/** A literal to move and where its key comes from. */
interface Candidate {
  finding: Finding;
  node: Node;
  value: PyValue;
}

function literalNode(model: ScriptModel, finding: Finding): Node | null {
  return nodeAtRange(model, finding.range, [
    'integer',
    'float',
    'string',
    'true',
    'false',
    'unary_operator',
    'parenthesized_expression',
    'list',
    'tuple',
  ]);
}

function hasComment(node: Node): boolean {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'comment') return true;
    stack.push(...kids(current));
  }
  return false;
}

/** The literal's node and Python value, or why it cannot move. */
export function candidateOf(model: ScriptModel, finding: Finding): Candidate | Refusal {
  const node = literalNode(model, finding);
  if (!node) return refusal(finding.range, finding.code, 'the literal is no longer where the finding says: analyse the file again');
  if (hasComment(node)) return refusal(finding.range, finding.code, 'the value has comments inside it; move it by hand to keep them');
  try {
    return { finding, node, value: pyValueOf(node) };
  } catch (error) {
    if (error instanceof UnsupportedValue)
      return refusal(finding.range, finding.code, `the value cannot be stored in a params file unchanged: ${error.message}`);
    throw error;
  }
}

function isRefusal(value: Candidate | Refusal): value is Refusal {
  return 'reason' in value;
}

// ---------------------------------------------------------------------------------------------
// Hyperparameters: model.<class>.<parameter>, preprocessing.<class>.<parameter>, train.<function>.<parameter>

interface Owner {
  /** Group and base name of the key: ["model", "random_forest_classifier"]. */
  group: string;
  name: string;
  /** Literals of one call share one numbered name. */
  instance: string;
}

function ownerOf(model: ScriptModel, candidate: Candidate): Owner {
  const callee = payloadOf(candidate.finding, 'MLH101')?.callee ?? '';
  const call = callAtRange(model, candidate.finding.call);
  const instance = call ? `call:${call.node.id}` : `callee:${callee}`;
  const qualified = call?.method === 'set_params' && call.receiverType ? call.receiverType : callee;
  const last = lastSegment(qualified);
  if (/^[A-Z]/.test(last)) {
    const kind = lookupApi(qualified)?.kind;
    return { group: kind === 'transformer' ? 'preprocessing' : 'model', name: keyName(last, 'model'), instance };
  }
  // A training call: a method (`model.fit`) by its name, a function (`xgboost.train`) with its module.
  const resolved = call ? call.qualified : callee.includes('.') ? callee : null;
  const name = resolved ? resolved.split('.').slice(-2).join('_') : (call?.method ?? last);
  return { group: 'train', name: keyName(name, 'fit'), instance };
}

/** The parameter's own name (`C`, `n_estimators`): the key reads like the call. */
function parameterKey(candidate: Candidate): string {
  const parameter = payloadOf(candidate.finding, 'MLH101')?.parameter ?? 'value';
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(parameter) ? parameter : keyName(parameter, 'value');
}

function planHyperparameters(model: ScriptModel, plan: ParamsPlan, candidates: Candidate[], edits: TextEdit[], refused: Refusal[]): void {
  // All literals of one call go under one name: the first numbered name where every one fits.
  const instances = new Map<string, { owner: Owner; members: Candidate[] }>();
  for (const candidate of candidates) {
    const owner = ownerOf(model, candidate);
    const entry = instances.get(owner.instance) ?? { owner, members: [] };
    entry.members.push(candidate);
    instances.set(owner.instance, entry);
  }
  for (const { owner, members } of instances.values()) {
    let chosen: string | null = null;
    for (const name of numbered(owner.name)) {
      if (members.every((m) => plan.fits([owner.group, name, parameterKey(m)], m.value)) && distinctParameters(members)) {
        chosen = name;
        break;
      }
    }
    if (chosen === null) {
      for (const m of members)
        refused.push(
          refusal(
            m.finding.range,
            m.finding.code,
            `no free key for ${owner.group}.${owner.name}.${parameterKey(m)} in ${plan.paramsFileName}`,
          ),
        );
      continue;
    }
    for (const m of members) {
      const path = [owner.group, chosen, parameterKey(m)];
      edits.push({ range: nodeRange(m.node), newText: plan.read(path, m.value, m.node.startPosition.row, { layout: 'inline' }) });
    }
  }
}

/** One call never passes the same parameter twice; a constant feeding two calls is reported once. */
function distinctParameters(members: Candidate[]): boolean {
  return new Set(members.map(parameterKey)).size === members.length;
}

// ---------------------------------------------------------------------------------------------
// Paths: data.<role>_path, or data.<role>_dir for the start of a longer path

function pathKind(model: ScriptModel, candidate: Candidate): 'read' | 'write' | 'plot' | null {
  const callee = payloadOf(candidate.finding, 'MLH102')?.callee;
  if (!callee) return null;
  const call = callAtRange(model, candidate.finding.call);
  if (callee === 'open' || callee === 'io.open') return openMode(call) ?? 'read';
  if (/^os\.(makedirs|mkdir)$/.test(callee)) return 'write';
  const info = lookupApi(callee) ?? lookupMethod(lastSegment(callee));
  if (info?.phase === 'visualisation') return 'plot';
  if (info?.kind === 'read' || info?.kind === 'write') return info.kind;
  return null;
}

function openMode(call: CallSite | null): 'read' | 'write' | null {
  if (!call) return null;
  const mode = call.keywords.get('mode') ?? call.positional.filter((n) => n.isNamed && n.type !== 'comment')[1];
  if (!mode) return 'read';
  return /[wax+]/.test(mode.text) ? 'write' : 'read';
}

function planPaths(model: ScriptModel, plan: ParamsPlan, candidates: Candidate[], edits: TextEdit[], refused: Refusal[]): void {
  for (const candidate of candidates) {
    const { value } = candidate;
    if (value.kind !== 'str') {
      refused.push(refusal(candidate.finding.range, candidate.finding.code, 'the path is not a plain string'));
      continue;
    }
    const data = payloadOf(candidate.finding, 'MLH102');
    const display = data?.path ?? value.value;
    const suffix = display === value.value ? 'path' : 'dir';
    const isDirectory = /^os\.(makedirs|mkdir)$/.test(data?.callee ?? '');
    const role = pathRole(pathKind(model, candidate), value.value);
    // The same path anywhere in the data group is one entry (a file written, then read back).
    // The path's own name first (`data.train_csv`), then its role (`data.input_path`), numbered only when both are taken.
    const own = pathNameKeys(value.value, isDirectory || suffix === 'dir');
    const roleKey = `${role}_${isDirectory ? 'dir' : suffix}`;
    const path =
      plan.keyHolding(['data'], value) ??
      plan.choose(
        [...own, roleKey, ...numbered(own[0] ?? roleKey)].map((key) => ['data', key]),
        value,
      );
    if (!path) {
      refused.push(
        refusal(candidate.finding.range, candidate.finding.code, `no free key for data.${role}_${suffix} in ${plan.paramsFileName}`),
      );
      continue;
    }
    edits.push({ range: nodeRange(candidate.node), newText: plan.read(path, value, candidate.node.startPosition.row) });
  }
}

/** Plans the MLH101/MLH102 findings into `plan`; returns the script edits and the refusals. */
export function planMoves(model: ScriptModel, plan: ParamsPlan, findings: readonly Finding[]): { edits: TextEdit[]; refused: Refusal[] } {
  const edits: TextEdit[] = [];
  const refused: Refusal[] = [];
  const hyper: Candidate[] = [];
  const paths: Candidate[] = [];
  const seen = new Set<number>();
  for (const finding of findings) {
    if (!MOVABLE_CODES.has(finding.code)) continue;
    const candidate = candidateOf(model, finding);
    if (isRefusal(candidate)) {
      refused.push(candidate);
      continue;
    }
    if (seen.has(candidate.node.id)) continue;
    seen.add(candidate.node.id);
    const unsupported = plan.unsupported(candidate.value);
    if (unsupported) {
      refused.push(refusal(finding.range, finding.code, unsupported));
      continue;
    }
    (finding.code === 'MLH101' ? hyper : paths).push(candidate);
  }
  planPaths(model, plan, paths, edits, refused);
  planHyperparameters(model, plan, hyper, edits, refused);
  return { edits, refused };
}

/** Refactor 1 (one finding) and 2 (every MLH101/MLH102 finding of the file). */
export function moveToConfig(model: ScriptModel, env: ParamsEnv, findings: readonly Finding[]): RefactorResult {
  const plan = new ParamsPlan(model, env);
  const { edits, refused } = planMoves(model, plan, findings);
  const title =
    findings.length === 1
      ? `Move ${describeMove(findings[0]!)} to ${plan.paramsFileName}`
      : `Move all parameters of this file to ${plan.paramsFileName}`;
  return scriptResult(model, plan, title, edits, refused);
}

/** What a quick fix moves, for its title: the parameter's name, or `the path`. */
export function describeMove(finding: Finding): string {
  if (finding.code === 'MLH101') return payloadOf(finding, 'MLH101')?.parameter ?? 'the value';
  return 'the path';
}
