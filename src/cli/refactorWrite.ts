/**
 * Writes the files of a refactor all or nothing: every precondition is checked first (the file to
 * change still has the content the refactor was computed from, a file to create does not exist,
 * every target is writable), each new content goes to a temporary file beside its target, and
 * only then are they renamed into place. When a rename fails, the files already replaced are put
 * back.
 */
import { randomBytes } from 'node:crypto';
import { access, chmod, constants, lstat, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface PlannedWrite {
  path: string;
  text: string;
  /** null: the file must not exist; else the exact content it must still have. */
  expected: string | null;
  /** How the path is shown in messages. */
  display: string;
}

export class WriteError extends Error {}

/** Whether anything is at `path` (a dangling symlink counts: it must not be overwritten either). */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function checkPrecondition(write: PlannedWrite): Promise<void> {
  if (write.expected === null) {
    if (await pathExists(write.path)) throw new WriteError(`${write.display} exists already; nothing was written`);
    if (!(await pathExists(dirname(write.path))))
      throw new WriteError(`cannot create ${write.display}: its folder does not exist; nothing was written`);
    try {
      await access(dirname(write.path), constants.W_OK);
    } catch {
      throw new WriteError(`cannot create ${write.display}: its folder is not writable; nothing was written`);
    }
    return;
  }
  let current: string;
  try {
    current = await readFile(write.path, 'utf8');
  } catch (error) {
    throw new WriteError(
      `cannot read ${write.display} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); nothing was written`,
    );
  }
  if (current !== write.expected)
    throw new WriteError(`${write.display} changed on disk since it was read; nothing was written (run again)`);
  const info = await stat(write.path);
  // Even for root, a file without any write permission is one its owner meant to keep as it is.
  if ((info.mode & 0o222) === 0) throw new WriteError(`${write.display} is read-only; nothing was written`);
  try {
    await access(write.path, constants.W_OK);
  } catch {
    throw new WriteError(`${write.display} is not writable; nothing was written`);
  }
  try {
    await access(dirname(write.path), constants.W_OK);
  } catch {
    throw new WriteError(`cannot replace ${write.display}: its folder is not writable; nothing was written`);
  }
}

function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.mlh-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes every file or none. */
export async function writeAll(writes: readonly PlannedWrite[]): Promise<void> {
  for (const write of writes) await checkPrecondition(write);
  const staged: Array<{ write: PlannedWrite; temp: string }> = [];
  try {
    for (const write of writes) {
      const temp = tempPath(write.path);
      staged.push({ write, temp });
      await writeFile(temp, write.text, { encoding: 'utf8', flag: 'wx' });
      if (write.expected !== null) await chmod(temp, (await stat(write.path)).mode & 0o7777);
    }
    // Checked again just before the renames: another program may have written meanwhile.
    for (const write of writes) await checkPrecondition(write);
  } catch (error) {
    await Promise.all(staged.map(({ temp }) => rm(temp, { force: true })));
    throw error instanceof WriteError
      ? error
      : new WriteError(
          `cannot write beside ${staged[staged.length - 1]?.write.display ?? 'the files'}: ${(error as Error).message}; nothing was written`,
        );
  }
  const done: PlannedWrite[] = [];
  try {
    for (const { write, temp } of staged) {
      await rename(temp, write.path);
      done.push(write);
    }
  } catch (error) {
    for (const write of done.reverse()) {
      if (write.expected === null) await rm(write.path, { force: true });
      else await writeFile(write.path, write.expected, 'utf8');
    }
    await Promise.all(staged.map(({ temp }) => rm(temp, { force: true })));
    throw new WriteError(`cannot write the files (${(error as Error).message}); the files written so far were restored`);
  }
}
