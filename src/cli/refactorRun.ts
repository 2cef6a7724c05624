/**
 * What the `ml-hygiene refactor ...` commands share: reading the file, its program, where a refusal
 * is, the write plan of a change and its dry-run diff. Each command only adds its own checks and
 * messages.
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import pc from 'picocolors';
import { errorMessage } from '../core/errors';
import type { ProgramSource } from '../core/parse/source';
import { toCellRange } from '../core/parse/source';
import { newContents } from '../core/refactors/apply';
import type { FileChange, Refusal, WorkspaceChange } from '../core/refactors/change';
import type { PlannedWrite } from './refactorWrite';

/** How a path is shown: relative to the working folder. */
export function displayPath(cwd: string, path: string): string {
  return relative(cwd, path) || path;
}

export class ReadError extends Error {}

/**
 * The file's bytes as UTF-8 (`raw`, a byte order mark kept: newContents puts it back) and the
 * text Python sees (`text`, without it). Throws ReadError when it cannot be read or decoded.
 */
export async function readScript(path: string, display: string): Promise<{ raw: string; text: string }> {
  let raw: string;
  try {
    const bytes = await readFile(path);
    raw = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReadError(`cannot read ${display}: ${code ?? errorMessage(error)}`);
  }
  return { raw, text: raw.startsWith('\uFEFF') ? raw.slice(1) : raw };
}

/** `file:line` or `file:cell N:line` of a refusal. */
export function where(source: ProgramSource, display: string, refusal: Refusal): string {
  const cell = toCellRange(source, refusal.range);
  return cell ? `${display}:cell ${cell.cellIndex + 1}:${cell.range.start.line + 1}` : `${display}:${refusal.range.start.line + 1}`;
}

/**
 * One planned write per file of the change, with the new text (the script's from `raw`, its text
 * on disk) and the content it must still have when written (`expected` of the change: the
 * script's `raw`, a rewrite's old text, and what `created` says for a new file, null by default).
 */
export function plannedWrites(
  change: WorkspaceChange,
  raw: string,
  cwd: string,
  created: (change: FileChange) => string | null = () => null,
): PlannedWrite[] {
  const contents = newContents(change, () => raw);
  return change.changes.map((item) => ({
    path: item.path,
    text: contents.get(item.path)!,
    expected: item.kind === 'script' ? raw : item.kind === 'rewrite' ? item.expected : created(item),
    display: displayPath(cwd, item.path),
  }));
}

/** The unified diff of a planned write (from /dev/null for a new file), coloured on a terminal. */
export function unifiedDiff(write: PlannedWrite, color: boolean): string {
  const body = createTwoFilesPatch(
    write.expected === null ? '/dev/null' : write.display,
    write.display,
    write.expected ?? '',
    write.text,
    undefined,
    undefined,
    {
      context: 3,
      headerOptions: FILE_HEADERS_ONLY,
    },
  );
  if (!color) return body;
  return body
    .split('\n')
    .map((line) =>
      line.startsWith('+') && !line.startsWith('+++')
        ? pc.green(line)
        : line.startsWith('-') && !line.startsWith('---')
          ? pc.red(line)
          : line.startsWith('@@')
            ? pc.cyan(line)
            : line,
    )
    .join('\n');
}
