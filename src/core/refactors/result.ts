import type { ScriptModel } from '../semantic';
import type { Range, TextEdit } from '../types';
import type { FileChange, Refusal, RefactorResult } from './change';
import { refusal } from './change';
import type { ParamsPlan } from './paramsPlan';

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function overlaps(a: Range, b: Range): boolean {
  return before(a.start, b.end) && before(b.start, a.end);
}

/**
 * Drops edits that overlap an earlier one (two refactors reaching for the same literal): the later
 * one is refused, never merged.
 */
export function withoutOverlaps(edits: readonly TextEdit[], refused: Refusal[], code: string | null = null): TextEdit[] {
  const kept: TextEdit[] = [];
  for (const edit of edits) {
    if (kept.some((other) => overlaps(other.range, edit.range))) {
      refused.push(refusal(edit.range, code, 'overlaps another change of the same refactor'));
      continue;
    }
    kept.push(edit);
  }
  return kept;
}

/** The result of a refactor that edits the script and may write the params file and loader. */
export function scriptResult(
  model: ScriptModel,
  plan: ParamsPlan | null,
  title: string,
  edits: readonly TextEdit[],
  refused: Refusal[],
): RefactorResult {
  const kept = withoutOverlaps(edits, refused);
  if (kept.length === 0) return { change: null, refused, moved: [] };
  const extra = plan ? plan.finish(kept) : { edits: [], files: [] };
  const changes: FileChange[] = [
    { kind: 'script', path: model.path, source: model.source, edits: [...extra.edits, ...kept] },
    ...extra.files,
  ];
  return { change: { title, changes }, refused, moved: plan ? plan.moved : [] };
}
