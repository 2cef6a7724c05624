import { posix } from 'node:path';
import type { FileAccess } from '../kb/paths';
import { fileAccesses } from '../kb/paths';
import type { ParamsEnv } from '../params';
import type { ProgramSource } from '../parse/source';
import { toCellRange } from '../parse/source';
import type { Node } from '../parse/syntax';
import { extractConfig, EXTRACT_CONFIG_CODES } from '../refactors/extractConfig';
import type { ScriptModel } from '../semantic';
import { stringValue } from '../semantic';
import type { Finding, Range } from '../types';
import { graphSteps } from './steps';
import type { FileRole, GraphEdge, GraphFinding, GraphNode, PipelineGraph } from './types';

/**
 * The pipeline graph of one script or notebook, from its model and its findings: modularize's steps,
 * the values that flow between them, the files they read and write, the params keys they read (or
 * would read after extract-config), and the findings on each step, leakage drawn as an edge.
 */

/** Findings about the file as a whole, not about a step. */
const FILE_LEVEL = new Set(['MLH000', 'MLH001', 'MLH004']);
/** Leakage findings: the fitted object at the finding, the split in its first related location. */
const LEAKAGE = /^MLH40\d$/;

/** Extensions of saved models and checkpoints. */
const MODEL_FILE = /\.(pkl|pickle|joblib|pt|pth|ckpt|h5|hdf5|keras|onnx|model|bin|safetensors|sav|cbm|ubj|pb|tflite)$/i;
/** Calls that save or load a model whatever the file is called. */
const MODEL_CALLS = new Set(['joblib.dump', 'joblib.load', 'pickle.dump', 'pickle.load', 'torch.save', 'torch.load']);
const MODEL_METHODS = new Set(['save_model', 'load_model', 'save_weights', 'load_weights', 'save']);
/** Modules whose `load` reads a params file. */
const PARAMS_LOADERS = new Set(['yaml.safe_load', 'yaml.load', 'yaml.full_load', 'json.load', 'tomllib.load', 'toml.load']);

/** The value of a params key as text (`data/train.csv`), when the params file is known. */
export type ParamsValues = (key: string) => string | null;

export interface Where {
  line: number;
  cell: number | null;
}

/** 1-based line and cell of a program position (relative to its cell in a notebook). */
export function whereOf(source: ProgramSource, range: Range): Where {
  const inCell = toCellRange(source, range);
  if (inCell) return { line: inCell.range.start.line + 1, cell: inCell.cellIndex + 1 };
  return { line: range.start.line + 1, cell: null };
}

function whereEnd(source: ProgramSource, range: Range): Where {
  const end = { start: range.end, end: range.end };
  return whereOf(source, end);
}

function graphFinding(source: ProgramSource, finding: Finding): GraphFinding {
  const at = whereOf(source, finding.range);
  return { code: finding.code, name: finding.name, severity: finding.severity, message: finding.message, line: at.line, cell: at.cell };
}

export function emptyNode(id: string, kind: GraphNode['kind'], name: string): GraphNode {
  return {
    id,
    kind,
    name,
    phase: null,
    line: null,
    endLine: null,
    cell: null,
    endCell: null,
    findings: [],
    details: [],
    title: null,
    reads: [],
    writes: [],
    role: null,
    value: null,
    source: null,
  };
}

/**
 * A file node's name: the path as written (computed pieces as `{expr}`); for a path read from the
 * params file (`params["data"]["train_csv"]`), its value there when known, else the key; else the
 * argument's text.
 */
export function fileName(access: FileAccess, holders: ReadonlySet<string> = new Set(), valueOf: ParamsValues = () => null): string {
  if (access.root) return access.root.display;
  const key = access.argument.type === 'subscript' ? paramsKey(access.argument, holders) : null;
  if (key) return valueOf(key.key) ?? `params: ${key.key}`;
  const text = access.argument.text.replace(/\s+/g, ' ');
  return `{${text.length > 40 ? text.slice(0, 39) + '…' : text}}`;
}

export function roleOf(access: FileAccess, name: string): FileRole {
  const { call } = access;
  const qualified = call.qualified ?? '';
  if (MODEL_CALLS.has(qualified) || (call.method !== null && MODEL_METHODS.has(call.method)) || MODEL_FILE.test(name)) {
    // `fig.save("plot.png")` is a figure, not a model.
    if (!/\.(png|jpe?g|svg|pdf|gif)$/i.test(name)) return 'model';
  }
  if (access.writes && (call.method === 'savefig' || call.api?.phase === 'visualisation' || /\.(png|jpe?g|svg|pdf|gif)$/i.test(name))) {
    return 'figure';
  }
  return access.writes ? 'output' : 'input';
}

export const ROLE_WEIGHT: Record<FileRole, number> = { model: 3, figure: 2, output: 1, input: 0 };

/** `params["data"]["train_csv"]` -> `data.train_csv` when `params` holds a params file; else null. */
export function paramsKey(node: Node, holders: ReadonlySet<string>): { key: string; root: Node } | null {
  const keys: string[] = [];
  let current: Node | null = node;
  while (current?.type === 'subscript') {
    const index = current.childForFieldName('subscript');
    const value = index ? stringValue(index) : null;
    if (value === null) return null;
    keys.unshift(value);
    current = current.childForFieldName('value');
  }
  if (current?.type !== 'identifier' || !holders.has(current.text) || keys.length === 0) return null;
  return { key: keys.join('.'), root: current };
}

/** Names that hold a params file: `from <pkg>.params import params`, `cfg = yaml.safe_load(...)`. */
export function paramsHolders(model: ScriptModel): Set<string> {
  const holders = new Set<string>();
  for (const binding of model.imports) {
    if (/(^|\.)params\.params$/.test(binding.qualified) || binding.qualified === 'params.params') holders.add(binding.local);
  }
  for (const call of model.calls) if (call.assignedTo && call.qualified && PARAMS_LOADERS.has(call.qualified)) holders.add(call.assignedTo);
  return holders;
}

/** Where extract-config would put each literal (keys as it would name them), without touching any file. */
function wouldMove(model: ScriptModel, findings: readonly Finding[]): { key: string; value: string; line: number }[] {
  const movable = findings.filter((f) => EXTRACT_CONFIG_CODES.includes(f.code));
  if (movable.length === 0) return [];
  const dir = posix.dirname(model.path.replace(/\\/g, '/'));
  const env: ParamsEnv = {
    params: { path: `${dir}/params.yaml`, format: 'yaml', text: null },
    loader: { path: `${dir}/params.py`, module: 'params', relativeParams: 'params.yaml', exists: false },
  };
  try {
    return extractConfig(model, env, movable).moved;
  } catch {
    // A refactor that cannot plan (a params file it cannot merge into) leaves the graph without suggested keys.
    return [];
  }
}

export function buildGraph(model: ScriptModel, findings: readonly Finding[]): PipelineGraph {
  const { source } = model;
  const graph: PipelineGraph = {
    path: model.path,
    kind: model.kind === 'notebook' ? 'notebook' : 'python',
    nodes: [],
    edges: [],
    error: null,
  };
  const syntax = model.syntaxErrors[0];
  if (syntax) {
    const at = whereOf(source, syntax);
    const place = at.cell === null ? `line ${at.line}` : `cell ${at.cell}, line ${at.line}`;
    graph.error = { message: `The code does not parse (${place}): fix it to see the pipeline.`, line: at.line, cell: at.cell };
    return graph;
  }
  const { steps, stepOf } = graphSteps(model);
  const stepNodes = steps.map((step) => {
    const node = emptyNode(`step:${step.name}`, 'step', step.name);
    const first = step.statements[0]!.range;
    const last = step.statements[step.statements.length - 1]!.range;
    const start = whereOf(source, first);
    const end = whereEnd(source, last);
    Object.assign(node, {
      phase: step.phase,
      line: start.line,
      cell: start.cell,
      endLine: end.line,
      endCell: end.cell,
      title: step.title,
      reads: step.parameters,
      writes: step.returns,
    });
    return node;
  });
  graph.nodes.push(...stepNodes);
  const stepAtLine = (line: number): number | undefined => {
    const statement = model.statements.find((s) => s.range.start.line <= line && line <= s.range.end.line);
    return statement ? stepOf.get(statement.index) : undefined;
  };

  // Values: each name a step reads comes from the last earlier step that binds it.
  const edges = new Map<string, GraphEdge>();
  const edge = (from: string, to: string, kind: GraphEdge['kind'], name: string | null): GraphEdge => {
    const id = `${kind}:${from}->${to}`;
    let e = edges.get(id);
    if (!e) edges.set(id, (e = { from, to, kind, names: [], findings: [] }));
    if (name !== null && !e.names.includes(name)) e.names.push(name);
    return e;
  };
  steps.forEach((step, k) => {
    for (const name of step.parameters) {
      for (let j = k - 1; j >= 0; j--) {
        if (steps[j]!.statements.some((s) => s.defs.has(name))) {
          edge(stepNodes[j]!.id, stepNodes[k]!.id, 'value', name);
          break;
        }
      }
    }
  });

  // Findings on their steps; leakage along the edge from the fitted object to the split.
  for (const finding of findings) {
    if (FILE_LEVEL.has(finding.code)) continue;
    const k = stepAtLine(finding.range.start.line);
    if (k === undefined) continue;
    const node = stepNodes[k]!;
    node.findings.push(finding.code);
    node.details.push(graphFinding(source, finding));
    if (!LEAKAGE.test(finding.code) || finding.related.length === 0) continue;
    const to = stepAtLine(finding.related[0]!.range.start.line);
    if (to === undefined || to === k) continue;
    const [from, target] = to > k ? [node.id, stepNodes[to]!.id] : [stepNodes[to]!.id, node.id];
    const along = edges.get(`value:${from}->${target}`) ?? edge(from, target, 'leak', null);
    if (!along.findings.includes(finding.code)) along.findings.push(finding.code);
  }

  // Files read and written.
  const holders = paramsHolders(model);
  const files = new Map<string, GraphNode>();
  for (const access of fileAccesses(model)) {
    const k = stepOf.get(access.call.statement);
    if (k === undefined) continue;
    const name = fileName(access, holders);
    const id = `file:${name}`;
    let node = files.get(id);
    const role = roleOf(access, name);
    if (!node) {
      node = emptyNode(id, 'file', name);
      const at = whereOf(source, { start: rangeStart(access.argument), end: rangeStart(access.argument) });
      Object.assign(node, { line: at.line, endLine: at.line, cell: at.cell, endCell: at.cell, role });
      files.set(id, node);
    } else if (ROLE_WEIGHT[role] > ROLE_WEIGHT[node.role!]) node.role = role;
    const step = stepNodes[k]!.id;
    if (access.writes) edge(step, id, 'writes', name);
    else edge(id, step, 'reads', name);
  }

  // Params: keys read from a params file, and the keys extract-config would move literals to.
  const params = new Map<string, GraphNode>();
  const param = (key: string, value: string | null, line: number, k: number): void => {
    const id = `param:${key}`;
    let node = params.get(id);
    if (!node) {
      node = emptyNode(id, 'param', key);
      const at = whereOf(source, { start: { line, character: 0 }, end: { line, character: 0 } });
      Object.assign(node, { line: at.line, endLine: at.line, cell: at.cell, endCell: at.cell, value });
      params.set(id, node);
    }
    edge(id, stepNodes[k]!.id, 'param', key);
  };
  if (holders.size > 0) {
    for (const s of model.statements) {
      const k = stepOf.get(s.index);
      if (k === undefined) continue;
      for (const sub of s.node.descendantsOfType('subscript')) {
        if (!sub || sub.parent?.type === 'subscript') continue;
        const found = paramsKey(sub, holders);
        if (found) param(found.key, null, sub.startPosition.row, k);
      }
    }
  }
  for (const moved of wouldMove(model, findings)) {
    const k = stepAtLine(moved.line);
    if (k !== undefined) param(moved.key, moved.value, moved.line, k);
  }

  graph.nodes.push(...files.values(), ...[...params.values()].sort((a, b) => a.name.localeCompare(b.name)));
  graph.edges.push(...edges.values());
  return graph;
}

function rangeStart(node: Node): Range['start'] {
  return { line: node.startPosition.row, character: node.startPosition.column };
}
