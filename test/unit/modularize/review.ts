/**
 * The README's "Reviewing generated code" checklist, checked mechanically on a modularize result:
 * step names (numbered only as a last resort, never after a comment that is not a section title),
 * arity (no step takes or returns more than five values), comments (every comment of the input is
 * in the package), params keys (not numbered when the variable or the file tells them apart) and
 * the placement of the params import (after the import block, never inside it). It reads only the
 * generated text and the input, so the same figures can be taken of any version of the refactor.
 */
import { withModel } from '../../../src/core/engine';
import { pythonSource } from '../../../src/core/parse/source';
import { descendants } from '../../../src/core/parse/syntax';
import type { ModularizeResult } from '../../../src/core/refactors/modularize/index';
import type { ScriptModel } from '../../../src/core/semantic';

/** Comments of the input that the package does not keep as comments: they become section titles or are the file's own header. */
export const NOT_KEPT = {
  marker: /^#\s*(%%|In\s*\[\s*\d*\s*\]\s*:)/,
  shebang: /^#!/,
  coding: /^#.*coding[:=]/,
};

export interface Review {
  steps: number;
  /** Step names ending in `_<n>`. */
  numbered: string[];
  /** Step names made of the words of a comment line that is not a section title. */
  fromComment: string[];
  /** `name(k values) -> m values` for steps taking or returning more than five. */
  overFive: string[];
  /** Comment texts of the input missing from the package (a multiset difference). */
  lostComments: string[];
  /** Keys of params.yaml ending in `_<n>`. */
  numberedKeys: string[];
  /** Of those, keys of paths (under `data:`). */
  numberedPathKeys: string[];
  /** Modules where an import follows the params import. */
  importInBlock: string[];
}

function comments(model: ScriptModel): string[] {
  return [...descendants(model.tree.rootNode)].filter((n) => n.type === 'comment').map((n) => n.text.trim());
}

/** The comment lines of a program that the package must keep (markers, shebang and coding lines left out). */
export function keptComments(model: ScriptModel): string[] {
  return comments(model).filter(
    (text, i, all) =>
      !NOT_KEPT.marker.test(text) && !(NOT_KEPT.shebang.test(text) && i === 0) && !(NOT_KEPT.coding.test(text) && i <= 1 && all.length > 0),
  );
}

/** `Add log of var38` -> `add_log_of_var38`: the name a comment line would give (as the old naming made it). */
function slug(text: string): string {
  return text
    .replace(/^#+\s*/, '')
    .replace(/^#+\s*/, '')
    .replace(/[`*_:]/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase()
    .split('_')
    .filter((w) => w !== '')
    .slice(0, 5)
    .join('_');
}

/** Section titles of the input, as names (these may name a step). */
function titleSlugs(model: ScriptModel): Set<string> {
  return new Set(model.sections.map((s) => (s.title ? slug(s.title) : '')).filter((s) => s !== ''));
}

export function review(model: ScriptModel, result: ModularizeResult): Review {
  const out: Review = {
    steps: 0,
    numbered: [],
    fromComment: [],
    overFive: [],
    lostComments: [],
    numberedKeys: [],
    numberedPathKeys: [],
    importInBlock: [],
  };
  const files = new Map<string, string>();
  for (const change of result.change?.changes ?? []) if (change.kind === 'create') files.set(change.path, change.text);
  const pipeline = [...files].find(([path]) => path.endsWith('/pipeline.py'))?.[1] ?? '';
  const titles = titleSlugs(model);
  const commentSlugs = new Set(
    keptComments(model)
      .map(slug)
      .filter((s) => s.length > 2 && !titles.has(s)),
  );
  const calls = new Map<string, { parameters: number; returns: number }>();
  for (const line of pipeline.split('\n')) {
    const call = /^ {4}(?:([\w, ]+) = )?(\w+)\(([\w, ]*)\)$/.exec(line);
    if (!call || call[2] === 'use_params_file') continue;
    const count = (list: string | undefined) => (list ? list.split(',').filter((s) => s.trim() !== '').length : 0);
    calls.set(call[2]!, { parameters: count(call[3]), returns: count(call[1]) });
  }
  for (const step of result.steps) {
    const name = step.split('.').pop()!;
    out.steps++;
    if (/_\d+$/.test(name) && !titles.has(name)) out.numbered.push(name);
    if (commentSlugs.has(name.replace(/_\d+$/, ''))) out.fromComment.push(name);
    const flow = calls.get(name);
    if (flow && (flow.parameters > 5 || flow.returns > 5))
      out.overFive.push(`${name}(${flow.parameters} values) -> ${flow.returns} values`);
  }
  const produced = new Map<string, number>();
  for (const [path, text] of files) {
    if (!path.endsWith('.py')) continue;
    for (const c of withModel(pythonSource(path, text), comments)) produced.set(c, (produced.get(c) ?? 0) + 1);
  }
  for (const c of keptComments(model)) {
    const left = produced.get(c) ?? 0;
    if (left > 0) produced.set(c, left - 1);
    else out.lostComments.push(c);
  }
  const params = [...files].find(([path]) => path.endsWith('params.yaml'))?.[1] ?? '';
  let group = '';
  for (const line of params.split('\n')) {
    group = /^(\w+):/.exec(line)?.[1] ?? group;
    const key = /^\s*([\w.-]+):/.exec(line)?.[1];
    if (key && /_\d+$/.test(key)) (group === 'data' ? out.numberedPathKeys : out.numberedKeys).push(key);
  }
  for (const [path, text] of files) {
    if (!path.endsWith('.py')) continue;
    const lines = text.split('\n');
    const at = lines.findIndex((l) => /^from \.?params import params\b/.test(l));
    if (at < 0) continue;
    if (lines.slice(at + 1).some((l) => /^(import |from (?!\.)\S+ import )/.test(l))) out.importInBlock.push(path);
  }
  return out;
}
