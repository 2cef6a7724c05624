import type { AnalyzeOptions } from '../engine';
import { withAnalysis } from '../engine';
import { fileAccesses } from '../kb/paths';
import { pythonSource } from '../parse/source';
import type { Node } from '../parse/syntax';
import { nodeRange } from '../parse/syntax';
import { PHASE_MODULES } from '../refactors/modularize/plan';
import type { ScriptModel } from '../semantic';
import type { Finding, Phase } from '../types';
import { codecFor, isTree, lookup } from '../params';
import type { ParamsTree } from '../params';
import { emptyNode, fileName, paramsHolders, paramsKey, roleOf, ROLE_WEIGHT } from './build';
import type { ParamsValues } from './build';
import type { GraphEdge, GraphNode, PipelineGraph } from './types';

/**
 * The graph of a package that modularize generated: its `pipeline.py` calls the steps in order in
 * `main()` (`X_train, y_train = build_features(raw)`), each imported from a step module
 * (`from .features import build_features`). One node per call, its code in its module; the same
 * value, file and params edges as the graph of the script it came from, so the two can be put side
 * by side.
 */

/** A module of the package, as the caller read it. */
export interface PackageModule {
  /** Path relative to the package folder (`features.py`). */
  path: string;
  text: string;
}

interface StepCall {
  name: string;
  module: string;
  reads: string[];
  writes: string[];
}

const MODULE_PHASES = new Map<string, Phase>(Object.entries(PHASE_MODULES).map(([phase, module]) => [module, phase as Phase]));

function namedKids(node: Node | null): Node[] {
  return node ? node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment') : [];
}

/** `from .features import build_features, build_target`: local name -> module. */
function stepImports(model: ScriptModel): Map<string, string> {
  const out = new Map<string, string>();
  for (const statement of model.statements) {
    if (statement.node.type !== 'import_from_statement') continue;
    const module = statement.node.childForFieldName('module_name');
    if (module?.type !== 'relative_import' || !/^\.[A-Za-z_]\w*$/.test(module.text)) continue;
    for (const name of statement.defs) out.set(name, module.text.slice(1));
  }
  return out;
}

/** The calls of `main()` to imported step functions, in order; null when `pipeline.py` is not a generated pipeline. */
export function pipelineCalls(model: ScriptModel): StepCall[] | null {
  const imports = stepImports(model);
  const main = model.statements.find((s) => s.kind === 'function' && s.defs.has('main'));
  const body = main?.node.childForFieldName('body');
  if (!body || imports.size === 0) return null;
  const calls: StepCall[] = [];
  for (const statement of namedKids(body)) {
    if (statement.type !== 'expression_statement') continue;
    const expression = statement.namedChild(0);
    let call: Node | null = expression;
    let targets: Node | null = null;
    if (expression?.type === 'assignment') {
      targets = expression.childForFieldName('left');
      call = expression.childForFieldName('right');
    }
    if (call?.type !== 'call') continue;
    const callee = call.childForFieldName('function');
    const module = callee?.type === 'identifier' ? imports.get(callee.text) : undefined;
    if (!callee || !module || module === 'params') continue;
    const reads = namedKids(call.childForFieldName('arguments'))
      .filter((n) => n.type === 'identifier')
      .map((n) => n.text);
    const writes = targets
      ? (targets.type === 'identifier' ? [targets] : namedKids(targets)).filter((n) => n.type === 'identifier').map((n) => n.text)
      : [];
    calls.push({ name: callee.text, module, reads, writes });
  }
  return calls.length > 0 ? calls : null;
}

/** Values of the package's params file (`../params.yaml` from the package, as modularize writes it). */
function paramsValues(readModule: (relativePath: string) => PackageModule | null): ParamsValues {
  const file = readModule('../params.yaml');
  let tree: ParamsTree | null = null;
  try {
    tree = file ? codecFor('yaml').read(file.text, file.path) : null;
  } catch {
    tree = null; // an unreadable params file: the graph shows keys instead of values
  }
  return (key) => {
    const node = tree ? lookup(tree, key.split('.')) : undefined;
    if (!node || isTree(node) || !('kind' in node)) return null;
    return node.kind === 'str'
      ? node.value
      : node.kind === 'int' || node.kind === 'float' || node.kind === 'bool'
        ? String(node.value)
        : null;
  };
}

interface ModuleFacts {
  model: ScriptModel;
  findings: Finding[];
}

/**
 * The package graph, from `pipeline.py`'s model and a reader of the package's modules (null for a
 * module that cannot be read: its steps are drawn without their code). Null when `pipeline.py` is
 * not a generated pipeline.
 */
export function packageGraph(
  pipeline: ScriptModel,
  readModule: (relativePath: string) => PackageModule | null,
  options: AnalyzeOptions = {},
): PipelineGraph | null {
  const valueOf = paramsValues(readModule);
  const calls = pipelineCalls(pipeline);
  if (!calls) return null;
  const graph: PipelineGraph = { path: pipeline.path, kind: 'package', nodes: [], edges: [], error: null };
  const facts = new Map<string, ModuleFacts | null>();
  const factsOf = (module: string): ModuleFacts | null => {
    if (!facts.has(module)) {
      const read = readModule(`${module}.py`);
      const dir = pipeline.path.replace(/\\/g, '/').replace(/[^/]*$/, '');
      facts.set(
        module,
        read ? withAnalysis(pythonSource(dir + read.path, read.text), options, (findings, model) => ({ model, findings })) : null,
      );
    }
    return facts.get(module)!;
  };
  const edges = new Map<string, GraphEdge>();
  const edge = (from: string, to: string, kind: GraphEdge['kind'], name: string): void => {
    const id = `${kind}:${from}->${to}`;
    let e = edges.get(id);
    if (!e) edges.set(id, (e = { from, to, kind, names: [], findings: [] }));
    if (!e.names.includes(name)) e.names.push(name);
  };
  const files = new Map<string, GraphNode>();
  const params = new Map<string, GraphNode>();
  const steps: GraphNode[] = [];
  calls.forEach((call, k) => {
    const node = emptyNode(`step:${call.name}`, 'step', call.name);
    Object.assign(node, {
      phase: MODULE_PHASES.get(call.module) ?? null,
      reads: call.reads,
      writes: call.writes,
      source: `${call.module}.py`,
    });
    steps.push(node);
    for (const name of call.reads) {
      for (let j = k - 1; j >= 0; j--) {
        if (calls[j]!.writes.includes(name)) {
          edge(steps[j]!.id, node.id, 'value', name);
          break;
        }
      }
    }
    const module = factsOf(call.module);
    const def = module?.model.statements.find((s) => s.kind === 'function' && s.defs.has(call.name));
    if (!module || !def) return;
    node.line = def.range.start.line + 1;
    node.endLine = def.range.end.line + 1;
    node.phase = node.phase ?? def.phase ?? 'data';
    for (const finding of module.findings) {
      const line = finding.range.start.line;
      if (line < def.range.start.line || line > def.range.end.line || finding.code === 'MLH000') continue;
      node.findings.push(finding.code);
      node.details.push({
        code: finding.code,
        name: finding.name,
        severity: finding.severity,
        message: finding.message,
        line: line + 1,
        cell: null,
      });
    }
    const holders = paramsHolders(module.model);
    for (const access of fileAccesses(module.model)) {
      if (access.call.statement !== def.index) continue;
      const name = fileName(access, holders, valueOf);
      const id = `file:${name}`;
      const role = roleOf(access, name);
      let file = files.get(id);
      if (!file) {
        file = emptyNode(id, 'file', name);
        const line = access.argument.startPosition.row + 1;
        Object.assign(file, { line, endLine: line, role, source: `${call.module}.py` });
        files.set(id, file);
      } else if (ROLE_WEIGHT[role] > ROLE_WEIGHT[file.role!]) file.role = role;
      if (access.writes) edge(node.id, id, 'writes', name);
      else edge(id, node.id, 'reads', name);
    }
    if (holders.size === 0) return;
    for (const sub of def.node.descendantsOfType('subscript')) {
      if (!sub || sub.parent?.type === 'subscript') continue;
      const found = paramsKey(sub, holders);
      if (!found) continue;
      const id = `param:${found.key}`;
      if (!params.has(id)) {
        const param = emptyNode(id, 'param', found.key);
        const line = nodeRange(sub).start.line + 1;
        Object.assign(param, { line, endLine: line, source: `${call.module}.py`, value: valueOf(found.key) });
        params.set(id, param);
      }
      edge(id, node.id, 'param', found.key);
    }
  });
  graph.nodes.push(...steps, ...files.values(), ...[...params.values()].sort((a, b) => a.name.localeCompare(b.name)));
  graph.edges.push(...edges.values());
  return graph;
}
