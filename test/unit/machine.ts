/**
 * What the slower suites need from the machine (Debian's scikit-learn gallery, Python with the ML
 * stack, ../shared): on a developer machine a missing piece skips the suite; in CI, where
 * .ci/run installs everything, it fails it.
 */
export function requireOnMachine(context: Mocha.Context, missing: string | null): void {
  if (missing === null) return;
  if (process.env.CI) throw new Error(`${missing} is missing: .ci/run installs it (and CI runs with ../shared beside the repository)`);
  context.skip();
}
