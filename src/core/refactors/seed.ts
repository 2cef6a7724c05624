import type { CallSite, ScriptModel, Statement } from '../semantic';
import type { Node } from '../parse/syntax';
import { kids, nodeRange } from '../parse/syntax';
import type { ParamsEnv, PyValue } from '../params';
import { isTree, numbered } from '../params';
import type { Finding, TextEdit } from '../types';
import { payloadOf } from '../types';
import type { Refusal, RefactorResult } from './change';
import { refusal } from './change';
import { callAtRange, eolOf } from './nodes';
import { ParamsPlan } from './paramsPlan';
import { scriptResult } from './result';
import { usesTensorflow1 } from '../rules/reproducibility/unseeded-randomness';

/**
 * Refactor 6, "Seed it" (MLH301): the unseeded call gets its seed from one `seed` entry of the
 * params file (`random_state=params["seed"]`, `default_rng(params["seed"])`,
 * `generator=torch.Generator().manual_seed(params["seed"])` for a torch loader, sampler or split,
 * `jax.random.PRNGKey(params["seed"])`); a draw from a library's global random state gets
 * `np.random.seed(params["seed"])` (`torch.manual_seed`, `tf.random.set_seed`,
 * `keras.utils.set_random_seed`) once, before the first such draw. This changes what the program computes, on purpose:
 * from a different result each run to one reproducible result.
 */

export const DEFAULT_SEED = 42n;

interface Seeder {
  module: string;
  call: string;
}

/** How each library's global state is seeded, from the module it is imported as (the first one imported wins). */
const GLOBAL_SEEDERS: Record<string, readonly Seeder[]> = {
  numpy: [{ module: 'numpy', call: 'random.seed' }],
  random: [{ module: 'random', call: 'seed' }],
  torch: [{ module: 'torch', call: 'manual_seed' }],
  tensorflow: [{ module: 'tensorflow', call: 'random.set_seed' }],
  // Keras 3 draws its initialisers' seeds from its own generator, which only keras.utils.set_random_seed seeds.
  keras: [
    { module: 'keras', call: 'utils.set_random_seed' },
    { module: 'tensorflow', call: 'keras.utils.set_random_seed' },
  ],
};

/** TensorFlow 1 graphs are seeded with `tf.compat.v1.set_random_seed` (TensorFlow 1.13 and later, and 2.x). */
const TENSORFLOW_V1_SEEDER: Seeder = { module: 'tensorflow', call: 'compat.v1.set_random_seed' };

/** Why a finding has no automatic seed. */
const NO_SEED_REASON: Record<string, string> = {
  jax: 'a reused JAX key needs a split (key, sub = jax.random.split(key)) and the draws rewired to it: split it by hand',
};

/** The key of the seed: an existing integer `seed` is the project's seed; else a new `seed: 42`. */
function seedPath(plan: ParamsPlan): { path: string[]; value: PyValue } | null {
  const existing = plan.existing(['seed']);
  if (existing && !isTree(existing) && existing.kind === 'int') return { path: ['seed'], value: existing };
  const value: PyValue = { kind: 'int', value: DEFAULT_SEED };
  const path = plan.choose(
    [...numbered('seed')].map((key) => [key]),
    value,
  );
  return path ? { path, value } : null;
}

function argumentList(call: CallSite): Node | null {
  const args = call.node.childForFieldName('arguments');
  return args?.type === 'argument_list' ? args : null;
}

/** `f(a, b)` -> `f(a, b, name=value)`; an explicit `name=None` gets the value instead. */
function keywordEdit(call: CallSite, name: string, read: string): TextEdit | null {
  const existing = call.keywords.get(name);
  if (existing) return existing.type === 'none' ? { range: nodeRange(existing), newText: read } : null;
  const args = argumentList(call);
  if (!args) return null;
  const items = kids(args).filter((c) => c.isNamed && c.type !== 'comment');
  const last = items[items.length - 1];
  if (!last) {
    const open = kids(args)[0]!;
    return { range: { start: nodeRange(open).end, end: nodeRange(open).end }, newText: `${name}=${read}` };
  }
  return { range: { start: nodeRange(last).end, end: nodeRange(last).end }, newText: `, ${name}=${read}` };
}

/** `default_rng()` -> `default_rng(seed)`; an explicit `None` seed is replaced. */
function generatorEdit(call: CallSite, keyword: string, read: string): TextEdit | null {
  const byKeyword = call.keywords.get(keyword);
  if (byKeyword) return byKeyword.type === 'none' ? { range: nodeRange(byKeyword), newText: read } : null;
  const args = argumentList(call);
  if (!args) return null;
  const first = kids(args).filter((c) => c.isNamed && c.type !== 'comment')[0];
  if (first && first.type === 'none') return { range: nodeRange(first), newText: read };
  if (first && first.type !== 'keyword_argument') return null;
  const open = nodeRange(kids(args)[0]!).end;
  return { range: { start: open, end: open }, newText: first ? `${read}, ` : read };
}

function topLevelImport(model: ScriptModel, module: string): { local: string; statement: Statement } | null {
  for (const binding of model.imports) {
    const statement = model.statements[binding.statement]!;
    if (binding.qualified === module && statement.kind === 'import') return { local: binding.local, statement };
  }
  return null;
}

function statementOf(model: ScriptModel, finding: Finding): Statement | undefined {
  return model.statements.find((s) => s.range.start.line <= finding.range.start.line && s.range.end.line >= finding.range.end.line);
}

/** `np.random.seed(seed)` before the statement holding the first unseeded draw of the library. */
function globalSeedEdit(model: ScriptModel, library: string, finding: Finding, read: string): TextEdit | Refusal {
  const seeders = library === 'tensorflow' && usesTensorflow1(model) ? [TENSORFLOW_V1_SEEDER] : GLOBAL_SEEDERS[library];
  if (!seeders) return refusal(finding.range, finding.code, NO_SEED_REASON[library] ?? `no known way to seed ${library}`);
  const found = seeders.map((seeder) => ({ seeder, imported: topLevelImport(model, seeder.module) })).find((s) => s.imported !== null);
  const seeder = found?.seeder ?? seeders[0]!;
  const imported = found?.imported ?? null;
  const statement = statementOf(model, finding);
  if (!imported || !statement)
    return refusal(finding.range, finding.code, `${seeder.module} is not imported by name at the top level: seed it by hand`);
  if (imported.statement.index >= statement.index)
    return refusal(finding.range, finding.code, `${seeder.module} is imported after its first draw: seed it by hand`);
  const at = { line: statement.range.start.line, character: 0 };
  return { range: { start: at, end: at }, newText: `${imported.local}.${seeder.call}(${read})${eolOf(model.source.text)}` };
}

/** `jax.random.PRNGKey(int(time.time()))` -> `jax.random.PRNGKey(seed)`. */
function keyEdit(call: CallSite, read: string): TextEdit | null {
  const argument = call.keywords.get('seed') ?? call.positional[0];
  return argument ? { range: nodeRange(argument), newText: read } : null;
}

/** `DataLoader(ds, shuffle=True)` -> `DataLoader(ds, shuffle=True, generator=torch.Generator().manual_seed(seed))`. */
function loaderEdit(model: ScriptModel, call: CallSite, finding: Finding, read: string): TextEdit | Refusal | null {
  const torch = topLevelImport(model, 'torch');
  const statement = statementOf(model, finding);
  if (!torch || !statement || torch.statement.index >= statement.index)
    return refusal(finding.range, finding.code, 'torch is not imported by name before this call (import torch): seed it by hand');
  return keywordEdit(call, 'generator', `${torch.local}.Generator().manual_seed(${read})`);
}

export function planSeeds(model: ScriptModel, plan: ParamsPlan, findings: readonly Finding[]): { edits: TextEdit[]; refused: Refusal[] } {
  const edits: TextEdit[] = [];
  const refused: Refusal[] = [];
  const seeded = new Set<string>();
  const selected = findings.filter((f) => f.code === 'MLH301');
  if (selected.length === 0) return { edits, refused };
  const seed = seedPath(plan);
  if (!seed) {
    for (const f of selected) refused.push(refusal(f.range, f.code, `no free key for seed in ${plan.paramsFileName}`));
    return { edits, refused };
  }
  for (const finding of [...selected].sort((a, b) => a.range.start.line - b.range.start.line)) {
    const data = payloadOf(finding, 'MLH301');
    if (data?.parameter === null) {
      const library = data.library;
      if (seeded.has(library)) continue;
      const edit = globalSeedEdit(model, library, finding, '');
      if ('reason' in edit) {
        refused.push(edit);
        continue;
      }
      seeded.add(library);
      const read = plan.read(seed.path, seed.value, finding.range.start.line);
      edits.push({ ...edit, newText: edit.newText.replace('()', `(${read})`) });
      continue;
    }
    const call = callAtRange(model, finding.call);
    const parameter = data?.parameter ?? null;
    const kind = data?.kind;
    if (!call || !parameter) {
      refused.push(refusal(finding.range, finding.code, 'the call is no longer where the finding says: analyse the file again'));
      continue;
    }
    const edit = (read: string): TextEdit | Refusal | null => {
      if (kind === 'generator') return generatorEdit(call, parameter, read);
      if (kind === 'jax-key') return keyEdit(call, read);
      if (kind === 'loader') return loaderEdit(model, call, finding, read);
      return keywordEdit(call, parameter, read);
    };
    const probe = edit('X');
    if (!probe || 'reason' in probe) {
      refused.push(probe ?? refusal(finding.range, finding.code, `cannot add ${parameter} to this call: seed it by hand`));
      continue;
    }
    const read = plan.read(seed.path, seed.value, finding.range.start.line);
    edits.push(edit(read) as TextEdit);
  }
  return { edits, refused };
}

/** Refactor 6 for one or more MLH301 findings. */
export function seedRandomness(model: ScriptModel, env: ParamsEnv, findings: readonly Finding[]): RefactorResult {
  const plan = new ParamsPlan(model, env);
  const { edits, refused } = planSeeds(model, plan, findings);
  return scriptResult(model, plan, `Seed it from ${plan.paramsFileName} (seed)`, edits, refused);
}
