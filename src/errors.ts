// Typed errors that the CLI maps to exit codes; anything else is a bug and prints a stack with --debug.

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Unreadable or invalid input. `file` and `entry` locate it for the one-line message. */
export class InputError extends Error {
  override name = 'InputError';
  /** `entry`: the 0-based entry index; shown as a 1-based line number when `unit` is 'line' (JSON lines). */
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly entry?: number,
    unit: 'entry' | 'line' = 'entry',
  ) {
    super(`${file}${entry === undefined ? '' : unit === 'line' ? ` (line ${entry + 1})` : ` (entry ${entry})`}: ${reason}`);
  }
}

export class StoreError extends Error {
  override name = 'StoreError';
}

/** Ctrl-C / SIGTERM during a run: the run is rolled back. */
export class Interrupted extends Error {
  override name = 'Interrupted';
}

/** Throws Interrupted once `signal` has fired. */
export function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Interrupted('interrupted');
}

/** Raised when a gate (diff --fail-on, spec-diff --fail-on) trips; carries what to print. */
export class GateTripped extends Error {
  override name = 'GateTripped';
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError || err instanceof InputError || err instanceof StoreError) return 2;
  return 70; // internal error (EX_SOFTWARE): a bug
}
