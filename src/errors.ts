// Typed errors that the CLI maps to exit codes; anything else is a bug and prints a stack with --debug.

export class UsageError extends Error {
  override name = 'UsageError';
  /**
   * `verbatim`: the message quotes nothing but the user's own arguments, so it is printed as is
   * (masking would turn `--until '+2026-01-13'` into `'+****-**-13'`, a phone number to the masker).
   */
  constructor(
    message: string,
    readonly verbatim = false,
  ) {
    super(message);
  }
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

/** SQLite failures a user can act on (the inventory busy, read-only, on a full disk, damaged), in words; null for others. */
export function sqliteProblem(e: unknown): string | null {
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return 'the inventory is in use by another akto-rt run (it waited 5 s); retry when that run finishes';
  }
  if (code.startsWith('SQLITE_READONLY')) return 'cannot write the inventory: it or its directory is read-only (an inventory needs write access to its directory for the WAL files)';
  if (code.startsWith('SQLITE_FULL')) return 'cannot write the inventory: no space left on the device; nothing from this run was applied';
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
    return `the inventory file is damaged (${(e as Error).message}); restore it from a copy, or pass --db a new file to start over`;
  }
  if (code.startsWith('SQLITE_IOERR')) return `cannot read or write the inventory (${(e as Error).message}); check the disk and the file's permissions`;
  return null;
}

/** What a misplaced value is, without quoting text from the file (it may hold anything): `the number 12`, `an object`. */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number' || typeof v === 'boolean') return `the ${typeof v} ${String(v)}`;
  return `a ${typeof v}`;
}
