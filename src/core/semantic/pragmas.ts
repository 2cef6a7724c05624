import type { Node } from '../parse/syntax';
import type { ScriptModel } from './model';

export function readPragma(model: ScriptModel, comment: Node): void {
  const text = comment.text;
  const at = text.indexOf('mlh:');
  if (at < 0) return;
  const rest = text.slice(at + 4).trim();
  if (rest.startsWith('ignore-file')) {
    model.fileSuppressed = true;
    return;
  }
  if (!rest.startsWith('ignore')) return;
  const codes = new Set<string>();
  const open = rest.indexOf('[');
  if (rest.slice(6).trimStart().startsWith('[') && open >= 0) {
    const close = rest.indexOf(']', open);
    for (const code of rest.slice(open + 1, close < 0 ? undefined : close).split(',')) {
      const trimmed = code.trim().toUpperCase();
      if (trimmed) codes.add(trimmed);
    }
  }
  const line = comment.startPosition.row;
  const existing = model.suppressions.get(line);
  if (existing && existing.codes.size > 0 && codes.size > 0) for (const c of codes) existing.codes.add(c);
  else model.suppressions.set(line, { codes: existing && existing.codes.size === 0 ? existing.codes : codes });
}

