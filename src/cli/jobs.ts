/** `--jobs N` of `ml-hygiene check` and `ml-hygiene plan status`. */
import { InvalidArgumentError, Option } from 'commander';

/** `--jobs N`: a whole number from 1 up. */
export function parseJobs(value: string): number {
  if (!/^\s*\d+\s*$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value)))
    throw new InvalidArgumentError('expected a whole number of files to analyze at once, 1 or more (1: no worker threads).');
  return Number(value);
}

/** The `--jobs` option, shared by `check` and `plan status`. */
export function jobsOption(): Option {
  return new Option(
    '-j, --jobs <n>',
    'files analyzed at once, each in a worker thread (default: one per core, fewer for small runs; 1: no worker threads)',
  ).argParser(parseJobs);
}
