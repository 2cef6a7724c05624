import type { AnalyzeOptions } from '../engine';
import { readProgram, withAnalysis } from '../engine';
import { defaultConfig } from '../config/types';
import type { ProgramSource } from '../parse/source';
import { buildGraph } from './build';
import type { PipelineGraph } from './types';

export type * from './types';
export { buildGraph, whereOf } from './build';
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
