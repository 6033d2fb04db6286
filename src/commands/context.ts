// What every command gets: injected IO, the inventory path, render options and output helpers.
// Commands never touch `process`; they write through here and return via the exit code holder.

import type { Readable } from 'node:stream';
import { Option, type Command } from 'commander';
import { StoreError, UsageError, sqliteProblem } from '../errors.js';
import { openDb, type Db } from '../store/db.js';
import type { RenderOptions } from '../render/types.js';

export interface OutStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  stdin?: Readable;
  env: Record<string, string | undefined>;
  cwd: string;
  now: () => number;
  /** Aborted on Ctrl-C / SIGTERM (set up by bin/). */
  signal?: AbortSignal;
}

export interface CommandContext {
  io: Io;
  exitCode: number;
  out(s: string): void;
  err(s: string): void;
  render(): RenderOptions;
  dbPath(opts: { db?: string }): string;
  openDb(opts: { db?: string }, readonly: boolean): Db;
}

export function makeContext(io: Io): CommandContext {
  const ctx: CommandContext = {
    io,
    exitCode: 0,
    out: (s) => void io.stdout.write(s),
    err: (s) => void io.stderr.write(s),
    render: () => ({
      color: !!io.stdout.isTTY && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb',
      width: io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 80,
    }),
    dbPath: (opts) => inventoryPath(opts.db, io.env.AKTO_RT_DB, io.cwd),
    openDb: (opts, readonly) => openDb(ctx.dbPath(opts), { readonly }),
  };
  return ctx;
}

/**
 * The inventory file: `--db`, else a non-empty `$AKTO_RT_DB`, else `./akto-rt.db`. An empty path or
 * `:memory:` would make SQLite keep the inventory in a throwaway database: a run would "succeed" and
 * save nothing, so they are usage errors (an unset variable in a CI job is the usual cause).
 */
export function inventoryPath(flag: string | undefined, env: string | undefined, cwd: string): string {
  const check = (path: string, from: string): string => {
    if (path.trim() === '') throw new UsageError(`${from} is empty: pass the inventory file's path`, true);
    if (path.trim() === ':memory:') throw new UsageError(`${from} ${path}: SQLite would keep that inventory in memory and lose it; pass a file path`, true);
    return path;
  };
  if (flag !== undefined) return check(flag, '--db');
  if (env !== undefined && env !== '') return check(env, '$AKTO_RT_DB');
  return `${cwd}/akto-rt.db`;
}

/** `--db PATH` on every command, as the contract says. */
export function dbOption(cmd: Command): Command {
  return cmd.option('--db <path>', 'inventory file (default ./akto-rt.db or $AKTO_RT_DB)');
}

/** `--format` restricted to the renderer registry's keys, so a format without a renderer cannot be offered. */
export function formatOption(formats: readonly string[], def = 'table'): Option {
  return new Option('--format <format>', 'output format').choices([...formats]).default(def);
}

/** Runs `fn` with the inventory open, closing it whatever happens (after the promise settles, if any). */
export function withDb<T>(ctx: CommandContext, opts: { db?: string }, readonly: boolean, fn: (db: Db) => T): T {
  const db = ctx.openDb(opts, readonly);
  // SQLite failures a user can act on (busy, read-only, disk full) name the inventory, like every store error.
  const named = (e: unknown): unknown => {
    const problem = sqliteProblem(e);
    return problem === null ? e : new StoreError(`${ctx.dbPath(opts)}: ${problem}`);
  };
  let result: T;
  try {
    result = fn(db);
  } catch (e) {
    db.close();
    throw named(e);
  }
  if (result instanceof Promise) {
    return result
      .catch((e: unknown) => {
        throw named(e);
      })
      .finally(() => db.close()) as T;
  }
  db.close();
  return result;
}

export function parsePositiveInt(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a whole number of at least 1, got '${v}'`);
  return n;
}
