import { statSync } from 'node:fs';

/**
 * Whether `path` is a regular file. No exception for the usual answer (no such file): the
 * configuration and plan walks ask it of every folder up to the root.
 */
export function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}
