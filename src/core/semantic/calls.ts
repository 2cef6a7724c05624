import type { Node } from '../parse/syntax';
import { kids } from '../parse/syntax';
import { canonical } from './imports';
import type { CallSite, ScriptModel, Statement } from './model';

const BUILTIN_CALLABLES = new Set(['open', 'print', 'eval', 'exec', 'globals', 'locals', 'vars', 'input']);

/** The keyword arguments of every call that passes none: one empty map that refuses to change. */
class EmptyMap<K, V> extends Map<K, V> {
  override set(): this {
    throw new Error('ML Hygiene: a shared empty map is read-only');
  }
  override delete(): boolean {
    throw new Error('ML Hygiene: a shared empty map is read-only');
  }
  override clear(): void {
    throw new Error('ML Hygiene: a shared empty map is read-only');
  }
}

const NO_KEYWORDS: ReadonlyMap<string, Node> = new EmptyMap<string, Node>();

export interface CallRecord {
  node: Node;
  enclosingFunction: string | null;
  statement: number;
}

/** `moduleNames()`: names the module binds itself, which shadow builtins. */
function calleeName(callee: Node, model: ScriptModel, moduleNames: () => Set<string>): string | null {
  if (callee.type === 'identifier') {
    const name = callee.text;
    const imported = model.importMap.get(name);
    if (imported) return imported;
    if (BUILTIN_CALLABLES.has(name) && !moduleNames().has(name)) return name;
    return null;
  }
  if (callee.type === 'attribute') {
    const object = callee.childForFieldName('object');
    const attr = callee.childForFieldName('attribute');
    if (!object || !attr) return null;
    const base = calleeName(object, model, moduleNames);
    return base ? canonical(`${base}.${attr.text}`) : null;
  }
  return null;
}

export function resolveCalls(model: ScriptModel, records: CallRecord[]): void {
  let names: Set<string> | null = null; // worked out for the first call of a builtin
  const moduleNames = (): Set<string> => {
    if (names) return names;
    names = new Set<string>();
    for (const s of model.statements) for (const d of s.defs) if (!model.importMap.has(d)) names.add(d);
    return names;
  };
  for (const record of records) {
    const callee = record.node.childForFieldName('function');
    if (!callee) continue;
    const qualified = calleeName(callee, model, moduleNames);
    let method: string | null = null;
    let receiver: string | null = null;
    let receiverType: string | null = null;
    if (callee.type === 'attribute') {
      method = callee.childForFieldName('attribute')?.text ?? null;
      const object = callee.childForFieldName('object');
      if (object?.type === 'identifier') receiver = object.text;
      else if (object?.type === 'call') {
        const inner = object.childForFieldName('function');
        receiverType = inner ? calleeName(inner, model, moduleNames) : null;
      }
    }
    const positional: Node[] = [];
    let keywords: Map<string, Node> | null = null; // most calls have none: they share NO_KEYWORDS
    let hasSplat = false;
    const args = record.node.childForFieldName('arguments');
    if (args && args.type === 'argument_list') {
      for (const arg of kids(args)) {
        if (!arg.isNamed) continue; // `(`, `,`, `)`
        if (arg.type === 'keyword_argument') {
          const name = arg.childForFieldName('name');
          const value = arg.childForFieldName('value');
          if (name && value) (keywords ??= new Map()).set(name.text, value);
        } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') hasSplat = true;
        else if (arg.type !== 'comment') positional.push(arg);
      }
    } else if (args) {
      positional.push(args); // a bare generator argument
    }
    model.calls.push({
      node: record.node,
      callee,
      statement: record.statement,
      qualified,
      method,
      receiver,
      receiverType,
      assignedTo: assignedName(record.node),
      api: undefined,
      enclosingFunction: record.enclosingFunction,
      positional,
      keywords: keywords ?? NO_KEYWORDS,
      hasSplat,
    });
  }
  bindInstances(model, looksLikeClass);
}

/** `name` when the call is the whole right-hand side of `name = call(...)`. */
function assignedName(call: Node): string | null {
  const parent = call.parent;
  if (parent?.type !== 'assignment') return null;
  const left = parent.childForFieldName('left');
  const right = parent.childForFieldName('right');
  return left?.type === 'identifier' && right?.id === call.id ? left.text : null;
}

/** A qualified name whose last part is capitalised: by convention, a class. */
export function looksLikeClass(qualified: string): boolean {
  const first = qualified.charCodeAt(qualified.lastIndexOf('.') + 1); // NaN past the end
  return first >= 65 && first <= 90; // A-Z
}

/**
 * Which names are bound to an instance (`scaler = StandardScaler()`: `model.instances`), and so the
 * `receiverType` of the calls on them. `isConstructor` says which qualified callees build one; the
 * knowledge base's pass runs this again with what it knows (estimator factories).
 */
export function bindInstances(model: ScriptModel, isConstructor: (qualified: string) => boolean): void {
  model.instances.clear();
  for (const call of model.calls) {
    if (call.assignedTo !== null && call.qualified && isConstructor(call.qualified)) model.instances.set(call.assignedTo, call.qualified);
  }
  for (const call of model.calls) if (call.receiver !== null) call.receiverType = model.instances.get(call.receiver) ?? null;
}

/** Calls made inside a statement (any depth). */
export function callsIn(model: ScriptModel, statement: Statement): CallSite[] {
  return model.callsByStatement.get(statement.index) ?? [];
}
