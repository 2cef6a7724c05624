import { applyEdits } from '../edits';
import type { ProgramSource } from '../parse/source';
import { cellAtLine } from '../parse/source';
import type { TextEdit } from '../types';
import type { ScriptChange, WorkspaceChange } from './change';
import { RefactorError } from './change';

/**
 * Turning a change into file contents: program edits into cell edits for notebooks, cell texts
 * into the notebook's JSON (only the changed `source` values are rewritten, byte for byte
 * everything else stays), and the whole change into the new text of every file.
 */

/** Edits per notebook cell (cell-relative), from program edits. Each edit must stay within one cell and off IPython lines. */
export function cellEdits(source: ProgramSource, edits: readonly TextEdit[]): Map<number, TextEdit[]> {
  const byCell = new Map<number, TextEdit[]>();
  const magicLines = new Map(source.magics.map((m) => [m.line, m.text.replace(/\r$/, '')]));
  // The continuation lines of an IPython command are IPython too (blank in the program).
  for (const magic of source.magics) {
    const cell = magic.extraLines ? cellAtLine(source, magic.line) : undefined;
    if (!cell || !magic.extraLines) continue;
    const cellLines = (source.cells?.[cell.cellIndex]?.text ?? '').replace(/\r\n?/g, '\n').split('\n');
    for (let k = 1; k <= magic.extraLines; k++) magicLines.set(magic.line + k, cellLines[magic.line + k - cell.startLine] ?? '');
  }
  for (const edit of edits) {
    const cell = cellAtLine(source, edit.range.start.line);
    const last = cell ? cell.startLine + cell.lineCount - 1 : -1;
    if (!cell || edit.range.end.line > last) throw new RefactorError('an edit would cross a cell boundary');
    const { start, end } = edit.range;
    for (let line = start.line; line <= end.line; line++) {
      const magic = magicLines.get(line);
      if (magic === undefined) continue;
      // Only an insertion before or after an IPython line leaves it intact.
      const insertion =
        start.line === end.line && start.character === end.character && (start.character === 0 || start.character === magic.length);
      if (!insertion)
        throw new RefactorError(`an edit would change the IPython line ${line - cell.startLine + 1} of cell ${cell.cellIndex + 1}`);
    }
    const shift = (p: TextEdit['range']['start']) => ({ line: p.line - cell.startLine, character: p.character });
    const list = byCell.get(cell.cellIndex) ?? [];
    list.push({ range: { start: shift(edit.range.start), end: shift(edit.range.end) }, newText: edit.newText });
    byCell.set(cell.cellIndex, list);
  }
  return byCell;
}

/** The new text of each changed notebook cell (the original cell text, magics and all, with the edits). */
export function newCellTexts(source: ProgramSource, edits: readonly TextEdit[]): Map<number, string> {
  const texts = new Map<number, string>();
  for (const [cellIndex, list] of cellEdits(source, edits)) {
    const original = (source.cells?.[cellIndex]?.text ?? '').replace(/\r\n?/g, '\n');
    texts.set(cellIndex, applyEdits(original, list));
  }
  return texts;
}

interface Span {
  start: number;
  end: number;
}

/** Offsets of the `source` value of every cell in a notebook's JSON text. */
function sourceSpans(json: string): Map<number, Span> {
  const spans = new Map<number, Span>();
  let at = 0;
  const skip = (): void => {
    while (/\s/.test(json[at] ?? '')) at++;
  };
  const string = (): string => {
    const start = at;
    at++;
    while (json[at] !== '"') at += json[at] === '\\' ? 2 : 1;
    at++;
    return JSON.parse(json.slice(start, at)) as string;
  };
  const value = (path: Array<string | number>): void => {
    skip();
    const start = at;
    const ch = json[at];
    if (ch === '{') {
      at++;
      skip();
      while (json[at] !== '}') {
        const key = string();
        skip();
        at++; // :
        value([...path, key]);
        skip();
        if (json[at] === ',') at++;
        skip();
      }
      at++;
    } else if (ch === '[') {
      at++;
      skip();
      let index = 0;
      while (json[at] !== ']') {
        value([...path, index++]);
        skip();
        if (json[at] === ',') at++;
        skip();
      }
      at++;
    } else if (ch === '"') {
      string();
    } else {
      while (at < json.length && /[^\s,\]}]/.test(json[at]!)) at++;
    }
    if (path.length === 3 && path[0] === 'cells' && typeof path[1] === 'number' && path[2] === 'source')
      spans.set(path[1], { start, end: at });
  };
  value([]);
  return spans;
}

/** nbformat's layout of a source list: one string per line, each line keeping its newline. */
export function notebookSourceLines(text: string): string[] {
  const lines = text.split('\n').map((line, i, all) => (i < all.length - 1 ? line + '\n' : line));
  return lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines;
}

/** The notebook JSON with the given cells' sources replaced; everything else is kept byte for byte. */
export function updateNotebookJson(json: string, texts: ReadonlyMap<number, string>): string {
  JSON.parse(json); // only well-formed notebooks are rewritten
  const spans = sourceSpans(json);
  const replacements = [...texts].map(([cellIndex, text]) => {
    const span = spans.get(cellIndex);
    if (!span) throw new RefactorError(`the notebook has no cell ${cellIndex + 1} with a source`);
    const old = json.slice(span.start, span.end);
    let replacement: string;
    if (old.startsWith('[')) {
      const lineStart = json.lastIndexOf('\n', span.start) + 1;
      const keyIndent = /^[ \t]*/.exec(json.slice(lineStart))![0];
      const itemIndent = /\[\s*\n([ \t]*)/.exec(old)?.[1] ?? `${keyIndent} `;
      const lines = notebookSourceLines(text).map((line) => JSON.stringify(line));
      replacement = lines.length === 0 ? '[]' : `[\n${lines.map((line) => itemIndent + line).join(',\n')}\n${keyIndent}]`;
    } else {
      replacement = JSON.stringify(text);
    }
    return { ...span, replacement };
  });
  let out = '';
  let cursor = 0;
  for (const r of replacements.sort((a, b) => a.start - b.start)) {
    out += json.slice(cursor, r.start) + r.replacement;
    cursor = r.end;
  }
  return out + json.slice(cursor);
}

/** The new text of the script file (`fileText`: its content on disk, notebook JSON for a notebook). */
export function newScriptText(change: ScriptChange, fileText: string): string {
  const bom = fileText.startsWith('\uFEFF') ? '\uFEFF' : '';
  if (change.source.kind === 'notebook')
    return bom + updateNotebookJson(fileText.slice(bom.length), newCellTexts(change.source, change.edits));
  return bom + applyEdits(change.source.text, change.edits);
}

/**
 * Every file's new content (null: unchanged input missing). `read` gives a file's current text;
 * for the script it must be the text that was analyzed.
 */
export function newContents(change: WorkspaceChange, read: (path: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of change.changes) {
    if (item.kind === 'script') out.set(item.path, newScriptText(item, read(item.path)));
    else out.set(item.path, item.text);
  }
  return out;
}
