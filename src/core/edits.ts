import type { Position, TextEdit } from './types';

/** Offset of a position in `text` (UTF-16 code units; a column past the line's end clamps to it). */
export function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const end = lineEnd < 0 ? text.length : lineEnd;
  return Math.min(offset + position.character, end);
}

/** Applies non-overlapping edits (given against the original text) in one pass. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const located = edits
    .map((edit) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: edit.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const edit of located) {
    if (edit.start < cursor) throw new Error('overlapping edits');
    out += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

/** An edit located by offsets in the text it applies to. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * The edits as non-touching offset edits: sorted, and any two that overlap or touch (a deletion
 * ending where an insertion starts, two insertions at one place) merged into one, so that an
 * editor applying them one by one gets exactly `applyEdits(text, edits)`. Each merged edit is then
 * trimmed to the characters that really change.
 */
export function coalesceEdits(text: string, edits: readonly TextEdit[]): OffsetEdit[] {
  const located = edits
    .map((edit, order) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: edit.newText, order }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  const merged: OffsetEdit[] = [];
  for (const edit of located) {
    const last = merged[merged.length - 1];
    if (last && edit.start < last.end) throw new Error('overlapping edits');
    if (last && edit.start === last.end) {
      last.newText += edit.newText;
      last.end = edit.end;
    } else {
      merged.push({ start: edit.start, end: edit.end, newText: edit.newText });
    }
  }
  const trimmed: OffsetEdit[] = [];
  for (const edit of merged) {
    const old = text.slice(edit.start, edit.end);
    let prefix = 0;
    const limit = Math.min(old.length, edit.newText.length);
    while (prefix < limit && old.charCodeAt(prefix) === edit.newText.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (suffix < limit - prefix && old.charCodeAt(old.length - 1 - suffix) === edit.newText.charCodeAt(edit.newText.length - 1 - suffix))
      suffix++;
    if (prefix === old.length && prefix === edit.newText.length) continue;
    trimmed.push({ start: edit.start + prefix, end: edit.end - suffix, newText: edit.newText.slice(prefix, edit.newText.length - suffix) });
  }
  return trimmed;
}
