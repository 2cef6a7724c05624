import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { analyzeText, withModel } from '../../../src/core/engine';
import type { ParamsEnv, ParamsOptions } from '../../../src/core/params';
import { locateParamsEnv } from '../../../src/core/params';
import type { ScriptModel } from '../../../src/core/semantic';
import type { ProgramSource } from '../../../src/core/parse/source';
import { programSource } from '../../../src/core/parse/source';
import { newContents } from '../../../src/core/refactors/apply';
import type { RefactorResult } from '../../../src/core/refactors/change';
import type { Finding } from '../../../src/core/types';
import { removeFolder, tempFolder } from '../behaviour/python';

/** A throwaway project folder: files by relative path. */
export class Project {
  readonly root = tempFolder('refactor');

  constructor(files: Record<string, string>) {
    for (const [path, text] of Object.entries(files)) this.write(path, text);
  }

  path(file: string): string {
    return join(this.root, file);
  }

  write(file: string, text: string): void {
    mkdirSync(dirname(this.path(file)), { recursive: true });
    writeFileSync(this.path(file), text);
  }

  read(file: string): string {
    return readFileSync(this.path(file), 'utf8');
  }

  source(file: string): ProgramSource {
    const text = this.read(file);
    return programSource(this.path(file), text);
  }

  findings(file: string, codes?: readonly string[]): Finding[] {
    const all = analyzeText(this.path(file), this.read(file)).findings;
    return codes ? all.filter((f) => codes.includes(f.code)) : all;
  }

  env(file: string, options: ParamsOptions = {}): ParamsEnv {
    return locateParamsEnv(this.path(file), options);
  }

  /** Runs a refactor on the file's model. */
  run(file: string, refactor: (model: ScriptModel) => RefactorResult): RefactorResult {
    return withModel(this.source(file), refactor);
  }

  /** The new content of every file the result changes, by path relative to the project. */
  contents(result: RefactorResult): Map<string, string> {
    if (!result.change) throw new Error(`nothing changed: ${JSON.stringify(result.refused)}`);
    const out = new Map<string, string>();
    for (const [path, text] of newContents(result.change, (p) => readFileSync(p, 'utf8'))) out.set(relative(this.root, path), text);
    return out;
  }

  /** Writes the result to disk (as the CLI would, without its checks). */
  apply(result: RefactorResult): Map<string, string> {
    const contents = this.contents(result);
    for (const [file, text] of contents) this.write(file, text);
    return contents;
  }

  dispose(): void {
    removeFolder(this.root);
  }
}

/** Source lines joined with newlines (and a final one). */
export function py(...lines: string[]): string {
  return lines.join('\n') + '\n';
}
