import type { ScriptModel } from '../semantic';
import { lexPragma } from '../semantic/pragmas';
import type { TextEdit } from '../types';
import { linesInsideStrings } from './nodes';

/**
 * "Disable MLHxxx for this line": adds `# mlh: ignore[CODE]` at the end of the finding's first
 * line, or adds the code to the pragma already there. Null when a comment cannot go at the end of
 * that line (it ends inside a string or with a line continuation).
 */
export function suppressionEdit(model: ScriptModel, line: number, code: string): TextEdit | null {
  const text = (model.lines[line] ?? '').replace(/\r$/, '');
  if (text.trimEnd().endsWith('\\') || linesInsideStrings(model.tree.rootNode).has(line + 1)) return null;
  if (model.source.magics.some((m) => m.line === line)) return null;
  const comment = model.tree.rootNode.descendantsOfType('comment').find((c) => c.startPosition.row === line);
  const pragma = comment ? lexPragma(comment.text) : null;
  if (comment && pragma?.kind === 'ignore' && pragma.listEnd !== null) {
    if (pragma.codes.includes(code.toUpperCase())) return null;
    const at = { line, character: comment.startPosition.column + pragma.listEnd };
    return { range: { start: at, end: at }, newText: pragma.codes.length > 0 ? `, ${code}` : code };
  }
  const end = { line, character: text.length };
  return { range: { start: end, end }, newText: `  # mlh: ignore[${code}]` };
}
