/** Entry point of the `ml-hygiene` command (bundled to dist/cli-main.js, which the launcher dist/cli.js runs: src/launch/cli.ts). */
import type { CliResult } from './run';
import { runCli } from './run';

/** What is gathered before one write to a pipe or a file. */
const CHUNK = 64 * 1024;

/**
 * Process stdout, written file by file on a terminal (a person sees each file as it completes)
 * and in chunks of about 64 KB into a pipe or a file: a write per file cost more than the rest
 * of a run answered from the cache (2,850 writes on the 10x gallery).
 */
function chunkedStdout(isTTY: boolean): { write: (text: string) => void; flush: () => void } {
  let pending = '';
  const flush = (): void => {
    if (pending !== '') process.stdout.write(pending);
    pending = '';
  };
  if (isTTY) return { write: (text) => void process.stdout.write(text), flush };
  return {
    write: (text) => {
      pending += text;
      if (pending.length >= CHUNK) flush();
    },
    flush,
  };
}

async function main(): Promise<void> {
  // `ml-hygiene check | head`: a reader that stops early is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const stdoutIsTTY = process.stdout.isTTY === true;
  const stdout = chunkedStdout(stdoutIsTTY);
  let result: CliResult;
  try {
    result = await runCli(process.argv.slice(2), {
      cwd: process.cwd(),
      stdoutIsTTY,
      env: process.env,
      // `check` writes its report as the files complete (memory stays flat on large trees).
      write: {
        stdout: stdout.write,
        stderr: (text) => {
          stdout.flush(); // what was printed before a warning stays before it
          process.stderr.write(text);
        },
      },
    });
  } finally {
    stdout.flush();
  }
  // Warnings (configuration problems) before the report.
  if (result.stderr) process.stderr.write(result.stderr);
  if (result.stdout) process.stdout.write(result.stdout);
  // exitCode rather than exit(): a large report piped to another program is written in full.
  process.exitCode = result.exitCode;
}

main().catch((error: unknown) => {
  process.stderr.write(`ml-hygiene: error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
