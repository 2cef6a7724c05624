import type { Node } from '../../parse/syntax';
import type { ApiKind } from '../../kb/apis';
import { lookupApi, lookupMethod } from '../../kb/apis';
import type { CallSite, ScriptModel, Statement } from '../../semantic';
import { nodesOfType } from '../../semantic/nodes';
import type { Range } from '../../types';
import { MARKER as LOADER_MARKER, loaderTarget } from '../../params/loader';
import type { ContextOf, Rule } from '../rule';

/** Statements that only define things: nothing in them runs on import (their bodies do not count). */
const PASSIVE = new Set(['import', 'function', 'class', 'docstring', 'main-guard']);

/** Nodes whose body does not run where they are written. */
const DEFERRED = new Set(['function_definition', 'lambda', 'class_definition']);

const MAX_RELATED = 5;

/** Standard-library calls that touch the file system, the network or other processes. */
const SYSTEM_EFFECTS: Record<string, string> = {
  'os.makedirs': 'creates a directory',
  'os.mkdir': 'creates a directory',
  'os.remove': 'removes a file',
  'os.unlink': 'removes a file',
  'os.rmdir': 'removes a directory',
  'os.removedirs': 'removes a directory',
  'os.rename': 'moves a file',
  'os.renames': 'moves a file',
  'os.replace': 'moves a file',
  'os.chdir': 'changes the working directory',
  'os.system': 'runs a shell command',
  'urllib.request.urlretrieve': 'downloads a file',
  'urllib.request.urlopen': 'opens a URL',
};

/** Module prefixes whose every function has an effect outside the process. */
const SYSTEM_PREFIXES: Array<[string, string]> = [
  ['shutil.', 'changes files'],
  ['subprocess.', 'runs a command'],
  ['requests.', 'makes a network request'],
];

/** `pathlib.Path` methods, recognised by name when the call does not resolve to anything else. */
const PATH_METHODS: ReadonlyMap<string, string> = new Map([
  ['write_text', 'writes a file'],
  ['write_bytes', 'writes a file'],
  ['read_text', 'reads a file'],
  ['read_bytes', 'reads a file'],
  ['mkdir', 'creates a directory'],
  ['touch', 'creates a file'],
  ['unlink', 'removes a file'],
  ['rmdir', 'removes a directory'],
]);

/**
 * Methods that fit an estimator, recognised by name whatever the receiver (a model, a pipeline, a
 * scaler: all learn from the data). `compile`, `train`, `step` and `zero_grad` are left out:
 * `re.compile` and `model.train()` (a mode switch) share their names and learn nothing.
 */
const FIT_METHODS: ReadonlyMap<string, string> = new Map([
  ['fit', 'fits a model'],
  ['partial_fit', 'fits a model'],
  ['fit_predict', 'fits a model'],
  ['fit_generator', 'fits a model'],
  ['fit_transform', 'fits a transformer'],
  ['backward', 'trains a model'],
]);

/** In-memory (de)serialisation: the knowledge base files them with read/write, but they touch no file. */
const IN_MEMORY = new Set(['pickle.loads', 'pickle.dumps', 'json.loads', 'json.dumps']);

/** How the call reads in a message: `os.makedirs` or `to_csv` (never a long receiver expression). */
function calleeLabel(call: CallSite): string {
  if (/^[A-Za-z_][\w.]*$/.test(call.callee.text)) return call.callee.text;
  return call.method ?? call.callee.text;
}

function datasetEffect(qualified: string): string | null {
  const last = qualified.split('.').pop() ?? '';
  if (qualified.startsWith('sklearn.datasets.')) {
    if (last.startsWith('fetch_')) return 'downloads a data set';
    if (last.startsWith('load_')) return 'loads a data set from disk';
    return null; // make_* generate data in memory
  }
  if (/^(tensorflow\.)?keras\.datasets\./.test(qualified) && last === 'load_data') return 'loads a data set from disk';
  if (qualified.startsWith('torchvision.datasets.')) return 'loads a data set from disk';
  if (qualified.startsWith('scipy.datasets.')) return 'downloads a data set';
  return null;
}

function kindEffect(kind: ApiKind | undefined, qualified: string | null): string | null {
  switch (kind) {
    case 'read':
      return qualified === 'open' || qualified === 'io.open' ? 'opens a file' : 'reads a file';
    case 'write':
      return 'writes a file';
    case 'track':
      return 'logs to the experiment tracker';
    case 'train':
      return 'trains a model';
    default:
      return null;
  }
}

/** What a call does outside the process (or how it learns from data), in words; null for plain computation. */
function directEffect(call: CallSite): string | null {
  const q = call.qualified;
  if (q) {
    if (IN_MEMORY.has(q)) return null;
    const known = qualifiedEffect(q);
    if (known) return known;
  }
  const method = call.method;
  if (!method) return null;
  // Methods named after a file operation (`to_csv`, `savefig`, `save_model`) say so whatever the receiver.
  // The knowledge base's method table is one small map: asked directly (a cache of it would be larger).
  const byMethod = lookupMethod(method)?.kind;
  if (byMethod === 'read' || byMethod === 'write') return kindEffect(byMethod, null);
  // A module's function that shares a method's name (`re.compile`, `scipy.stats.norm.fit`) is not one.
  if (q) return null;
  return FIT_METHODS.get(method) ?? PATH_METHODS.get(method) ?? null;
}

/** What calling `q` does by its name alone, remembered per name (a script calls the same APIs many times; bounded). */
const effectsByName = new Map<string, string | null>();

function qualifiedEffect(q: string): string | null {
  const remembered = effectsByName.get(q);
  if (remembered !== undefined) return remembered;
  const effect =
    SYSTEM_EFFECTS[q] ??
    SYSTEM_PREFIXES.find(([prefix]) => q.startsWith(prefix))?.[1] ??
    datasetEffect(q) ??
    kindEffect(lookupApi(q)?.kind, q);
  if (effectsByName.size >= 20_000) effectsByName.clear();
  effectsByName.set(q, effect ?? null);
  return effect ?? null;
}

/** True when the call runs as part of `boundary` itself, not in a function, lambda or class body nested in it. */
function runsWith(call: Node, boundary: Node): boolean {
  for (let node = call.parent; node && node.id !== boundary.id; node = node.parent) {
    if (DEFERRED.has(node.type)) return false;
  }
  return true;
}

function functionNode(statement: Statement): Node | null {
  const node = statement.node;
  return node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
}

/** Source order of calls: by start, then the shorter (inner) one first. */
function bySource(a: CallSite, b: CallSite): number {
  return a.node.startIndex - b.node.startIndex || a.node.endIndex - b.node.endIndex;
}

/** Whether sorting `bySource` would leave the calls as they are. */
function inSourceOrder(calls: readonly CallSite[]): boolean {
  for (let i = 1; i < calls.length; i++) if (bySource(calls[i - 1]!, calls[i]!) > 0) return false;
  return true;
}

/** Finds the effects of code, following calls to the module's own functions (memoised, cycle-safe). */
class EffectFinder {
  private readonly functionEffects = new Map<string, string | null>();
  private readonly callsByStatement: ReadonlyMap<number, readonly CallSite[]>;

  constructor(private readonly model: ScriptModel) {
    this.callsByStatement = model.callsByStatement;
  }

  /** The first effect of the code in `boundary` that runs when it runs, in source order. */
  firstEffect(statement: Statement, boundary: Node): string | null {
    const all = this.callsByStatement.get(statement.index);
    if (!all) return null;
    // Without a function, lambda or class inside the boundary, every call in it runs with it (no walk up from each call).
    const deferred = this.hasDeferredInside(boundary);
    const runs = (c: CallSite): boolean =>
      c.node.startIndex >= boundary.startIndex && c.node.endIndex <= boundary.endIndex && (!deferred || runsWith(c.node, boundary));
    // The statement's own list when every call in it runs with the boundary and it is in order (most statements).
    let calls: readonly CallSite[] = all.every(runs) ? all : all.filter(runs);
    if (!inSourceOrder(calls)) calls = (calls === all ? [...all] : (calls as CallSite[])).sort(bySource);
    for (const call of calls) {
      const effect = directEffect(call);
      if (effect) return `${effect} with ${calleeLabel(call)}`;
      const viaFunction = this.localFunctionEffect(call);
      if (viaFunction) return `calls ${call.callee.text}(), which ${viaFunction}`;
    }
    return null;
  }

  /** Whether a function, lambda or class definition lies inside `boundary` (not the boundary itself). */
  private hasDeferredInside(boundary: Node): boolean {
    for (const type of DEFERRED) {
      const bucket = nodesOfType(this.model, type);
      let lo = 0;
      let hi = bucket.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (bucket[mid]!.startIndex < boundary.startIndex) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < bucket.length && bucket[i]!.startIndex <= boundary.endIndex; i++) {
        const node = bucket[i]!;
        if (node !== boundary && node.endIndex <= boundary.endIndex) return true;
      }
    }
    return false;
  }

  private localFunctionEffect(call: CallSite): string | null {
    if (call.callee.type !== 'identifier') return null;
    const name = call.callee.text;
    const definition = this.model.definitions.get(name);
    if (!definition || definition.kind !== 'function') return null;
    if (this.functionEffects.has(name)) return this.functionEffects.get(name) ?? null;
    this.functionEffects.set(name, null); // recursion: a function reached again adds nothing new
    const node = functionNode(definition);
    const effect = node ? this.firstEffect(definition, node) : null;
    this.functionEffects.set(name, effect);
    return effect;
  }
}

function firstLineRange(model: ScriptModel, statement: Statement): Range {
  const { line, character } = statement.range.start;
  const text = (model.lines[line] ?? '').replace(/\s+$/, '');
  return { start: { line, character }, end: { line, character: Math.max(character, text.length) } };
}

export const missingMainGuard: Rule = {
  code: 'MLH003',
  name: 'missing-main-guard',
  family: 'structure',
  defaultSeverity: 'warning',
  status: 'stable',
  summary: 'A module reads or writes files or trains a model at top level, so importing it runs the job.',
  appliesTo: ['python'],
  options: {},
  check(ctx: ContextOf<'MLH003'>) {
    const { model } = ctx;
    // The generated params loader reads the params file on import: that is its purpose.
    const text = model.source.text;
    if (text.includes(LOADER_MARKER) && loaderTarget(text) !== null) return;
    const finder = new EffectFinder(model);
    const effects: Array<{ statement: Statement; effect: string }> = [];
    for (const statement of model.statements) {
      if (PASSIVE.has(statement.kind)) continue;
      const effect = finder.firstEffect(statement, statement.node);
      if (effect) effects.push({ statement, effect });
    }
    const [first, ...rest] = effects;
    if (!first) return;
    const guard = '`if __name__ == "__main__":`';
    const message = model.mainGuard
      ? `Importing this module still runs work outside the main guard: it ${first.effect} at top level. ` +
        `Move this code into main() under the ${guard} guard.`
      : `Importing this module runs the job: it ${first.effect} at top level and there is no ${guard} guard. ` +
        `Move the top-level work into a main() function called under that guard.`;
    ctx.report({
      range: firstLineRange(model, first.statement),
      message,
      related: rest.slice(0, MAX_RELATED).map((e) => ({ range: firstLineRange(model, e.statement), message: `also ${e.effect}` })),
      data: { effects: effects.length, hasMainGuard: model.mainGuard !== null },
    });
  },
};
