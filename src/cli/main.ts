/** Entry point of the `ml-hygiene` command (bundled to dist/cli-main.js, which the launcher dist/cli.js runs: src/launch/cli.ts). */
import { runCli } from './run';

async function main(): Promise<void> {
  // `ml-hygiene check | head`: a reader that stops early is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const result = await runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    stdoutIsTTY: process.stdout.isTTY === true,
    env: process.env,
    // `check` writes its report as the files complete (memory stays flat on large trees).
    write: { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
  });
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
