import type { ParamsEnv } from '../params';
import type { ScriptModel } from '../semantic';
import type { Finding, Position, Range, TextEdit } from '../types';
import type { FileChange, RefactorResult, Refusal } from './change';
import { refusal } from './change';
import { EXTRACT_CONFIG_CODES, extractConfig } from './extractConfig';
import { REFACTORS } from './registry';

/**
 * Fix all: every safe fix of a file at once, as one change (the editor's `source.fixAll.mlHygiene`
 * code action and "Fix All Safe Problems" command). Safe means what the registry and the rules say:
 * the fix keeps what the program computes.
 *
 * - A rule's own fix marked `safe` (its edits, all of them or none).
 * - The registry's safe quick fixes. Today they all move values to the params file (move-to-config
 *   for MLH101/MLH102, define-feature-list-once for MLH002), which extract-config combines in one
 *   params plan, so they run through it; they need `env` (a file on disk) and are left out without.
 *
 * Unsafe and display-only fixes are never applied. Fixes whose edits overlap (or insert at the same
 * place as) an edit already taken are refused with the reason, never merged: a second Fix All, on
 * the fixed text, takes them.
 */

export const FIX_ALL_TITLE = 'Fix all safe problems';

export interface FixAllResult extends RefactorResult {
  /** The findings the change fixes. */
  fixed: Finding[];
}

/** Codes of the registry's safe finding refactors (the quick fixes preferred on their diagnostics). */
export function safeRefactorCodes(): Set<string> {
  return new Set(REFACTORS.flatMap((r) => (r.scope === 'finding' && r.applicability === 'safe' ? [...r.codes] : [])));
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function same(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

/** Two edits cannot both apply in a well-defined way: their ranges overlap, or they start at one place (an insertion's order would be a guess). */
export function conflicts(a: Range, b: Range): boolean {
  return (before(a.start, b.end) && before(b.start, a.end)) || same(a.start, b.start);
}

function sameFinding(a: Finding, b: Finding): boolean {
  return a.code === b.code && same(a.range.start, b.range.start) && same(a.range.end, b.range.end);
}

/** The findings' own safe fixes that fit beside `taken` (and each other), in source order; the others refused. */
export function combineSafeFixes(
  findings: readonly Finding[],
  taken: readonly TextEdit[] = [],
): { edits: TextEdit[]; fixed: Finding[]; refused: Refusal[] } {
  const edits = [...taken];
  const fixed: Finding[] = [];
  const refused: Refusal[] = [];
  const candidates = findings
    .filter((f) => f.fix?.applicability === 'safe' && f.fix.edits.length > 0)
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  for (const finding of candidates) {
    const own = finding.fix!.edits;
    const clash = own.some(
      (edit, i) =>
        edits.some((other) => conflicts(edit.range, other.range)) || own.slice(i + 1).some((o) => conflicts(edit.range, o.range)),
    );
    if (clash) {
      refused.push(refusal(finding.range, finding.code, 'its fix overlaps another fix: run Fix All again to apply it'));
      continue;
    }
    edits.push(...own);
    fixed.push(finding);
  }
  return { edits: edits.slice(taken.length), fixed, refused };
}

/**
 * Every safe fix of the file's `findings` (fresh ones, from `withAnalysis` on `model`'s text) as one
 * change; `env` is where the params file and its loader go, null when the file cannot have them
 * (an untitled document): then only the rules' own safe fixes apply.
 */
export function fixAll(model: ScriptModel, findings: readonly Finding[], env: ParamsEnv | null, title = FIX_ALL_TITLE): FixAllResult {
  const refused: Refusal[] = [];
  const fixed: Finding[] = [];
  let scriptEdits: TextEdit[] = [];
  const files: FileChange[] = [];
  let moved: RefactorResult['moved'] = [];
  const safe = safeRefactorCodes();
  const toParams = env ? findings.filter((f) => safe.has(f.code) && EXTRACT_CONFIG_CODES.includes(f.code)) : [];
  if (env && toParams.length > 0) {
    const result = extractConfig(model, env, toParams, title);
    refused.push(...result.refused);
    moved = result.moved;
    for (const change of result.change?.changes ?? []) {
      if (change.kind === 'script') scriptEdits = [...change.edits];
      else files.push(change);
    }
    if (result.change)
      fixed.push(...toParams.filter((f) => !result.refused.some((r) => r.code === f.code && same(r.range.start, f.range.start))));
  }
  const own = combineSafeFixes(
    findings.filter((f) => !fixed.some((g) => sameFinding(f, g))),
    scriptEdits,
  );
  refused.push(...own.refused);
  fixed.push(...own.fixed);
  scriptEdits = [...scriptEdits, ...own.edits];
  // The params files change only with the script that reads them.
  if (scriptEdits.length === 0) return { change: null, refused, moved: [], fixed: [] };
  return {
    change: { title, changes: [{ kind: 'script', path: model.path, source: model.source, edits: scriptEdits }, ...files] },
    refused,
    moved,
    fixed,
  };
}
