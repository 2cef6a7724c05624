import type { AnalyzeOptions } from '../engine';
import { readProgram, withAnalysis, withModel } from '../engine';
import { defaultConfig } from '../config/types';
import type { ProgramSource } from '../parse/source';
import { pythonSource } from '../parse/source';
import { buildGraph } from './build';
import type { PackageModule } from './package';
import { packageGraph } from './package';
import type { PipelineGraph } from './types';

export type * from './types';
export { buildGraph, emptyNode, whereOf } from './build';
export { graphFormats, formatGraph } from './format';
export type { GraphFormat } from './format';

/** The pipeline graph of a program, from one parse and one analysis. */
export function graphOfSource(source: ProgramSource, options: AnalyzeOptions = {}): PipelineGraph {
  return withAnalysis(source, options, (findings, model) => buildGraph(model, findings));
}

/** Why a file has no graph: it cannot be read as a program (size, binary, UTF-8, malformed notebook). */
export class GraphInputError extends Error {}

/** The graph of a file's bytes; throws `GraphInputError` with the reason when they are not a program. */
export function graphOfBytes(path: string, bytes: Uint8Array, options: AnalyzeOptions = {}): PipelineGraph {
  const program = readProgram(path, bytes, options.config ?? defaultConfig());
  if (typeof program === 'string') throw new GraphInputError(program);
  return graphOfSource(program, options);
}

export { packageGraph, pipelineCalls } from './package';
export type { PackageModule } from './package';

/**
 * A generated package's graph in place of its `pipeline.py`'s own: when `graph` is of a Python file
 * named `pipeline.py` that parses and whose `main()` calls imported step functions, the package
 * graph (its modules read by `readModule`, relative to the file's folder); else `graph` itself.
 * `text` is the file's text, as `graph` was built from it.
 */
export function withPackageGraph(
  graph: PipelineGraph,
  text: string,
  readModule: (relativePath: string) => PackageModule | null,
  options: AnalyzeOptions = {},
): PipelineGraph {
  if (graph.kind !== 'python' || graph.error || !graph.path.replace(/\\/g, '/').endsWith('/pipeline.py')) return graph;
  return withModel(pythonSource(graph.path, text), (model) => packageGraph(model, readModule, options)) ?? graph;
}
