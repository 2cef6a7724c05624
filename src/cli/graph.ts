/**
 * `ml-hygiene graph FILE [--format json|mermaid|dot] [--output FILE] [--config FILE]`: the pipeline
 * graph of a script or notebook (its steps as modularize cuts them, the values between them, the
 * files read and written, the params keys), or of a package modularize generated (FILE is its
 * folder or its `pipeline.py`). Exit codes: 0 printed, 2 the file cannot be read (with the reason).
 */
import { readFileSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { initEngine } from '../core/engine';
import { errorMessage, UsageError } from '../core/errors';
import type { GraphFormat, PipelineGraph } from '../core/graph';
import { formatGraph, graphFormats, graphOfBytes, GraphInputError, withPackageGraph } from '../core/graph';
import type { ConfigSource } from '../core/project/configs';
import { ConfigResolver } from '../core/project/configs';
import { configSourceFor } from './check';
import { formatConfigProblem } from '../core/config';
import { displayPath } from './refactorRun';

export interface GraphInvocation {
  command: 'graph';
  file: string;
  format: GraphFormat;
  output: string | null;
  config: string | null;
}

export function addGraphCommand(program: Command, found: (invocation: GraphInvocation) => void): void {
  program
    .command('graph')
    .description(
      'Print the pipeline graph of a script or notebook: its steps (as modularize would cut and name them), the values passed between them, ' +
        'the files read and written and the params keys used; or of a package modularize generated (its folder or its pipeline.py).',
    )
    .argument('<file>', 'a .py script, an .ipynb notebook, or a generated package (folder or pipeline.py)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(graphFormats).default('json'))
    .option('-o, --output <file>', 'write the graph to a file instead of stdout')
    .option('--config <file>', 'use this pyproject.toml instead of the nearest one')
    .addHelpText('after', '\nExit codes: 0 the graph was printed, 2 the file cannot be read or a usage error.')
    .action((file: string, options: { format: GraphFormat; output?: string; config?: string }) => {
      found({ command: 'graph', file, format: options.format, output: options.output ?? null, config: options.config ?? null });
    });
}

export interface GraphOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Why a file cannot be read, as people say it. */
function readFailure(error: unknown): GraphInputError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder'
          : errorMessage(error);
  return new GraphInputError(`cannot read it: ${reason}`);
}

/** A package folder holds `pipeline.py`; its graph is of that file. */
function targetOf(path: string): string {
  try {
    if (statSync(path).isDirectory()) {
      const pipeline = join(path, 'pipeline.py');
      if (!statSync(pipeline, { throwIfNoEntry: false })?.isFile()) {
        throw new UsageError(`${path} is a folder without a pipeline.py: give a .py script, an .ipynb notebook or a generated package`);
      }
      return pipeline;
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw readFailure(error);
  }
  return path;
}

/** The graph of a file the user named; a generated package's `pipeline.py` gives the package graph. */
export async function graphOfFile(path: string, configSource: ConfigSource, warn: (line: string) => void): Promise<PipelineGraph> {
  const target = targetOf(path);
  const configs = new ConfigResolver((problem) => warn(formatConfigProblem(problem)), {
    source: configSource,
  });
  const options = { config: configs.configFor(target) };
  let bytes: Uint8Array;
  try {
    bytes = await readFile(target);
  } catch (error) {
    throw readFailure(error);
  }
  const graph = graphOfBytes(target, bytes, options);
  const folder = dirname(target);
  const readModule = (relative: string) => {
    try {
      return { path: relative, text: readFileSync(join(folder, relative), 'utf8') };
    } catch {
      return null;
    }
  };
  return graph.kind === 'python' ? withPackageGraph(graph, Buffer.from(bytes).toString('utf8'), readModule, options) : graph;
}

export async function runGraph(invocation: GraphInvocation, cwd: string): Promise<GraphOutcome> {
  const stderr: string[] = [];
  await initEngine();
  const path = resolve(cwd, invocation.file);
  let graph: PipelineGraph;
  try {
    graph = await graphOfFile(path, await configSourceFor(invocation.config, cwd), (line) => stderr.push(line));
  } catch (error) {
    if (!(error instanceof GraphInputError)) throw error;
    return { exitCode: 2, stdout: '', stderr: `ml-hygiene: error: ${invocation.file}: ${error.message}\n` };
  }
  const shown = { ...graph, path: displayPath(cwd, graph.path) };
  if (graph.error) {
    const where = graph.error.cell === null ? `${graph.error.line}` : `cell ${graph.error.cell}:${graph.error.line}`;
    stderr.push(`ml-hygiene: warning: ${shown.path}:${where}: ${graph.error.message}`);
  }
  const text = formatGraph(shown, invocation.format);
  if (invocation.output !== null) {
    await writeFile(resolve(cwd, invocation.output), text).catch((error: unknown) => {
      throw new Error(`cannot write ${invocation.output}: ${errorMessage(error)}`, { cause: error });
    });
  }
  return {
    exitCode: 0,
    stdout: invocation.output === null ? text : '',
    stderr: stderr.map((line) => (line.endsWith('\n') ? line : line + '\n')).join(''),
  };
}
