/** A mistake in how the CLI was called (exit code 2, message without a stack trace). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The text of any thrown value, for a one-line error message. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
