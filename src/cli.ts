// Builds the commander program and maps errors to exit codes. `runCli` is the whole CLI with IO
// injected, so tests run it in-process; only bin/ touches `process`.

import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { InputError, Interrupted, StoreError, UsageError, sqliteProblem } from './errors.js';
import { redactMessage } from './analyzers/mask.js';
import { makeContext, type Io } from './commands/context.js';
import { registerAnalyze } from './commands/analyze.js';
import { registerEndpoints } from './commands/endpoints.js';
import { registerStats } from './commands/stats.js';
import { registerDiff } from './commands/diff.js';
import { registerExport } from './commands/export.js';
import { registerSpecDiff } from './commands/spec-diff.js';
import { registerShow } from './commands/show.js';
import { registerAuth } from './commands/auth.js';
import { registerSensitive } from './commands/sensitive.js';
import { registerChanges } from './commands/changes.js';

export type { Io } from './commands/context.js';
export { runExitCleanups } from './exit-cleanup.js';

/** package.json is two levels up from dist/src/ and one from src/ (tests run the sources). */
function packageVersion(): string {
  const req = createRequire(import.meta.url);
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const p = req(rel) as { name?: string; version?: string };
      if (p.name === 'akto-rt' && p.version) return p.version;
    } catch {
      /* try the next location */
    }
  }
  return '0.0.0';
}

const REGISTRARS = [
  registerAnalyze,
  registerEndpoints,
  registerShow,
  registerAuth,
  registerSensitive,
  registerStats,
  registerChanges,
  registerDiff,
  registerExport,
  registerSpecDiff,
];

export async function runCli(argv: string[], io: Io): Promise<number> {
  const ctx = makeContext(io);
  const debug = argv.includes('--debug');
  const program = new Command('akto-rt')
    .description('Offline API traffic analysis: captures in, API inventory out (endpoints, auth, sensitive data, stats, changes).')
    .version(packageVersion(), '-V, --version')
    .option('--debug', 'print stack traces for internal errors')
    .enablePositionalOptions(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.out(s),
      writeErr: (s) => ctx.err(s),
      // One line, as every user-facing error (CLI.md): commander's `(Did you mean ...?)` joins it.
      outputError: (s, write) => write(s.startsWith('error:') ? `akto-rt: ${s.trim().split('\n').join(' ')} (run with --help for usage)\n` : s),
    });
  for (const register of REGISTRARS) register(program, ctx);
  for (const cmd of program.commands) {
    cmd.exitOverride().option('--debug', 'print stack traces for internal errors');
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      // `akto-rt` without a command prints the help to stderr: a usage error, as for a wrong command.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof Interrupted) {
      ctx.err('akto-rt: interrupted; nothing from this run was applied to the inventory\n');
      return interruptedExit(io.signal?.reason);
    }
    if (e instanceof UsageError || e instanceof InputError || e instanceof StoreError) {
      // Messages can quote input (a URL, a JSON fragment): masked like everything else printed.
      ctx.err(`akto-rt: ${printable(e instanceof UsageError && e.verbatim ? e.message : redactMessage(e.message))}\n`);
      return 2;
    }
    const sqlite = sqliteProblem(e);
    if (sqlite) {
      ctx.err(`akto-rt: ${sqlite}\n`);
      return 2;
    }
    if (debug) ctx.err(`${(e as Error).stack ?? String(e)}\n`);
    else ctx.err(`akto-rt: internal error: ${(e as Error).message} (run with --debug for a stack trace)\n`);
    return 70;
  }
}


/** 128 + the signal's number, as shells report a process a signal stopped (SIGINT 130, SIGTERM 143). */
function interruptedExit(reason: unknown): number {
  const n = typeof reason === 'string' ? (constants.signals as Record<string, number | undefined>)[reason] : undefined;
  return 128 + (n ?? constants.signals.SIGINT);
}

/**
 * An error message made safe for a terminal: it may quote the input (a key, a fragment), and
 * control characters there (an escape sequence, a NUL) must not reach the terminal as such.
 */
export function printable(message: string): string {
  return message.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
