// A run is one SQLite transaction: begun before the first batch, committed after merges and change
// detection. A crash, kill or error leaves the inventory exactly as before the run. The connection
// has a single writer and batches are written synchronously between reads, so no other statement
// can land inside the transaction.

import { setTimeout as sleep } from 'node:timers/promises';
import { stillAtPath, type Db } from './db.js';
import { StoreError, checkSignal, sqliteProblem } from '../errors.js';
import { TEXT_BITS, TEXT_LOCATIONS, typeBit } from '../model/value-types.js';
import { isTransportParam } from '../model/standard-headers.js';
import { isParamPresenceChange, ParamSides } from '../model/container-params.js';

export interface InputRecord {
  path: string;
  format: string;
  size: number | null;
  sha256: string;
  entries: number;
  calls: number;
  skipped: number;
  filtered: number;
  warnings: number;
}

export interface RunTotals {
  calls: number;
  skipped: number;
  filtered: number;
  firstTs: number | null;
  lastTs: number | null;
}

/**
 * Page cache during a run (KiB). The whole run is one transaction, so its dirty pages live here until
 * they spill to the WAL; a bounded cache keeps a multi-gigabyte analysis within its memory budget.
 */
export const RUN_CACHE_KIB = 8_000;

function removedWhileWriting(db: Db): string {
  return `${db.name}: the inventory file was removed or replaced while this run was waiting for it or writing it; nothing from this run was saved, run it again`;
}

/** How long a run waits for another run's write lock by default. */
export const DEFAULT_LOCK_WAIT_MS = 10 * 60_000;
/** Longest stretch the thread sleeps in SQLite's busy handler between looks at signals. */
const LOCK_POLL_MS = 200;
const LOCK_GAP_MS = 10;

export interface LockWait {
  /** Give up after this long (0: fail at once when another run writes). */
  waitMs: number;
  /** Checked between attempts: an interrupt stops the wait. */
  signal?: AbortSignal;
  /** Called once, when the lock is found taken and the run starts waiting. */
  onWait?: () => void;
}

/** `90 s`, `10 min`: a wait as a user gave it. */
export function waitText(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 100) / 10} s`;
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

export class RunTransaction {
  /**
   * Begins a run once the inventory's write lock is free: another run holds it for its whole length
   * (one transaction), so a run waits for it, up to `wait.waitMs`. The wait is spent in short sleeps
   * in SQLite's busy handler with the event loop turning between them, so Ctrl-C stops it at once.
   */
  static async begin(db: Db, label: string | null, startedAt: () => string, wait: LockWait): Promise<RunTransaction> {
    const deadline = Date.now() + wait.waitMs;
    const timeoutBefore = db.pragma('busy_timeout', { simple: true }) as number;
    let told = false;
    try {
      for (;;) {
        db.pragma(`busy_timeout = ${Math.max(0, Math.min(LOCK_POLL_MS, deadline - Date.now()))}`);
        try {
          return new RunTransaction(db, label, startedAt());
        } catch (e) {
          if (!isBusy(e)) throw e;
          if (Date.now() >= deadline) {
            const waited = wait.waitMs === 0 ? 'retry when that run finishes, or give --wait a time to wait for it' : `waited ${waitText(wait.waitMs)}; retry when that run finishes, or wait longer with --wait`;
            throw new StoreError(`${db.name}: the inventory is in use by another akto-rt run (${waited})`);
          }
        }
        if (!told) {
          told = true;
          wait.onWait?.();
        }
        await sleep(LOCK_GAP_MS); // the event loop polls meanwhile: a pending Ctrl-C reaches its handler
        checkSignal(wait.signal);
      }
    } finally {
      if (db.open) db.pragma(`busy_timeout = ${timeoutBefore}`);
    }
  }

  readonly runId: number;
  private open = true;
  private readonly cacheBefore: number;

  constructor(
    private readonly db: Db,
    label: string | null,
    startedAt: string,
  ) {
    this.cacheBefore = db.pragma('cache_size', { simple: true }) as number;
    db.pragma(`cache_size = -${RUN_CACHE_KIB}`);
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (e) {
      this.restoreCache();
      throw e;
    }
    try {
      // Waited for another run that then removed the file (a failed first run): nothing to add to.
      if (!stillAtPath(db)) throw new StoreError(removedWhileWriting(db));
      const r = db.prepare(`INSERT INTO runs (label, status, started_at) VALUES (?, 'complete', ?)`).run(label, startedAt);
      this.runId = Number(r.lastInsertRowid);
    } catch (e) {
      db.exec('ROLLBACK');
      this.restoreCache();
      if (sqliteProblem(e) !== null || e instanceof StoreError) throw e; // busy, damaged, read-only: said in words, with the inventory's name (withDb)
      throw new StoreError(`cannot start a run: ${(e as Error).message}`);
    }
  }

  private restoreCache(): void {
    this.db.pragma(`cache_size = ${this.cacheBefore}`);
  }

  savepoint(name: string): void {
    this.db.exec(`SAVEPOINT ${name}`);
  }

  release(name: string): void {
    this.db.exec(`RELEASE ${name}`);
  }

  rollbackTo(name: string): void {
    this.db.exec(`ROLLBACK TO ${name}`);
    this.db.exec(`RELEASE ${name}`);
  }

  recordInput(input: InputRecord): void {
    this.db
      .prepare(
        `INSERT INTO run_inputs (run_id, path, format, size, sha256, entries, calls, skipped, filtered, warnings)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(this.runId, input.path, input.format, input.size, input.sha256, input.entries, input.calls, input.skipped, input.filtered, input.warnings);
  }

  /** Records change rows for this run, updates its totals and commits. Returns the number of new endpoints. */
  commit(totals: RunTotals, finishedAt: string): number {
    const run = this.runId;
    const db = this.db;
    if (!stillAtPath(db)) throw new StoreError(removedWhileWriting(db));
    recordChanges(db, run);
    const newEndpoints = (db.prepare(`SELECT count(*) AS n FROM endpoints WHERE first_run = ?`).get(run) as { n: number }).n;
    db.prepare(
      `UPDATE runs SET finished_at = ?, calls = ?, skipped = ?, filtered = ?, new_endpoints = ?, first_ts = ?, last_ts = ? WHERE id = ?`,
    ).run(finishedAt, totals.calls, totals.skipped, totals.filtered, newEndpoints, totals.firstTs, totals.lastTs, run);
    db.exec('COMMIT');
    this.open = false;
    this.restoreCache();
    return newEndpoints;
  }

  rollback(): void {
    if (!this.open) return;
    this.open = false;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    if (this.db.open) this.restoreCache();
  }
}

/**
 * A type mask compared for change, as model/value-types.ts comparableTypeMask: `number` covers
 * `integer`, and in text locations (query, path, headers, cookies) every scalar is text.
 */
function comparableTypes(col: string, location: string): string {
  const text = TEXT_LOCATIONS.map((l) => `'${l}'`).join(', ');
  return `(CASE WHEN ${location} IN (${text}) THEN (CASE WHEN ${col} & ${TEXT_BITS} THEN (${col} & ~${TEXT_BITS}) | ${STRING_BIT} ELSE ${col} END)
    WHEN ${col} & ${NUMBER_BIT} THEN ${col} & ~${INTEGER_BIT} ELSE ${col} END)`;
}

const STRING_BIT = typeBit('string');
const INTEGER_BIT = typeBit('integer');
const NUMBER_BIT = typeBit('number');

/**
 * Change rows for run `run`: what it brought that earlier runs had not seen. Added endpoints,
 * parameters and findings carry the traffic time they were first seen; a new status, auth scheme or
 * type has no time of its own in the inventory, so theirs is left empty rather than guessed.
 */
function recordChanges(db: Db, run: number): void {
  const ins = `INSERT INTO changes (run_id, kind, host, method, path, detail, first_seen)`;
  // Transport and credential headers are no parameter changes (model/standard-headers.ts), as in diff.
  db.function('transport_param', { deterministic: true }, (location: unknown, name: unknown) => (isTransportParam(String(location), String(name)) ? 1 : 0));
  db.prepare(
    `${ins} SELECT ?, 'endpoint-added', host, method, path, 'new endpoint (' || calls || CASE WHEN calls = 1 THEN ' call)' ELSE ' calls)' END, first_seen
     FROM endpoints WHERE first_run = ?`,
  ).run(run, run);
  recordParamsAdded(db, run, ins);
  db.prepare(
    `${ins} SELECT ?, 'param-type-changed', e.host, e.method, e.path,
       p.location || ' ' || p.name || CASE WHEN p.status >= 0 THEN ' (' || p.status || ')' ELSE '' END || ': types ' || p.types_prev || ' -> ' || p.types, NULL
     FROM params p JOIN endpoints e ON e.id = p.endpoint_id
     WHERE p.last_run = ? AND p.first_run < ? AND NOT transport_param(p.location, p.name) AND ${comparableTypes('p.types', 'p.location')} <> ${comparableTypes('p.types_prev', 'p.location')}`,
  ).run(run, run, run);
  db.prepare(
    `${ins} SELECT ?, 'status-added', e.host, e.method, e.path, 'status ' || s.status, NULL
     FROM endpoint_status s JOIN endpoints e ON e.id = s.endpoint_id WHERE s.first_run = ? AND e.first_run < ? AND s.status >= 0`,
  ).run(run, run, run);
  // A media type new to a body that had others before (see views/diff.ts mediaTypeChanges).
  db.prepare(
    `${ins} SELECT ?, 'media-type-added', e.host, e.method, e.path,
       CASE WHEN m.location = 'request.body' THEN 'request body' ELSE 'response ' || m.status END || ': ' || m.media_type
       || ' (was ' || (SELECT group_concat(o.media_type, ', ') FROM (SELECT o.media_type FROM endpoint_media_types o
            WHERE o.endpoint_id = m.endpoint_id AND o.location = m.location AND o.status = m.status AND o.first_run < ? ORDER BY o.media_type) o) || ')', NULL
     FROM endpoint_media_types m JOIN endpoints e ON e.id = m.endpoint_id
     WHERE m.first_run = ? AND e.first_run < ? AND (m.location = 'request.body' OR m.status >= 0) AND EXISTS (SELECT 1 FROM endpoint_media_types o
       WHERE o.endpoint_id = m.endpoint_id AND o.location = m.location AND o.status = m.status AND o.first_run < ?)`,
  ).run(run, run, run, run, run);
  db.prepare(
    `${ins} SELECT ?, 'auth-changed', e.host, e.method, e.path, 'new auth scheme ' || a.scheme, NULL
     FROM endpoint_auth a JOIN endpoints e ON e.id = a.endpoint_id WHERE a.first_run = ? AND e.first_run < ? AND a.scheme <> 'none'`,
  ).run(run, run, run);
  db.prepare(
    `${ins} SELECT ?, 'auth-removed', e.host, e.method, e.path, 'now answered 2xx without credentials (' || (a.ok_calls - a.ok_prev) || CASE WHEN a.ok_calls - a.ok_prev = 1 THEN ' call)' ELSE ' calls)' END, NULL
     FROM endpoint_auth a JOIN endpoints e ON e.id = a.endpoint_id
     WHERE a.scheme = 'none' AND a.last_run = ? AND a.ok_prev = 0 AND a.ok_calls > 0 AND e.first_run < ?`,
  ).run(run, run, run);
  db.prepare(
    `${ins} SELECT ?, 'sensitive-added', e.host, e.method, e.path, s.type || ' in ' || s.location || ' ' || s.param, s.first_seen
     FROM sensitive s JOIN endpoints e ON e.id = s.endpoint_id WHERE s.first_run = ?`,
  ).run(run, run);
}

interface AddedParam {
  id: number;
  host: string;
  method: string;
  path: string;
  location: string;
  status: number;
  name: string;
  types: number;
  firstSeen: number | null;
}

/**
 * `param-added` rows: parameters first seen in run `run` on endpoints seen before, less what
 * containers imply (model/container-params.ts), as `diff` has it: the endpoint's parameters before
 * the run are one side, after it the other.
 */
function recordParamsAdded(db: Db, run: number, ins: string): void {
  const added = db
    .prepare(
      `SELECT p.endpoint_id AS id, e.host, e.method, e.path, p.location, p.status, p.name, p.types, p.first_seen AS firstSeen
       FROM params p JOIN endpoints e ON e.id = p.endpoint_id WHERE p.first_run = ? AND e.first_run < ? AND NOT transport_param(p.location, p.name)
       ORDER BY p.endpoint_id`,
    )
    .all(run, run) as AddedParam[];
  if (added.length === 0) return;
  const paramsOf = db.prepare(
    `SELECT location, status, name, CASE WHEN last_run = ? THEN types_prev ELSE types END AS before, types, first_run < ? AS old FROM params WHERE endpoint_id = ?`,
  );
  const insert = db.prepare(`${ins} VALUES (?, 'param-added', ?, ?, ?, ?, ?)`);
  let sidesOf = null as { id: number; before: ParamSides; after: ParamSides } | null;
  for (const a of added) {
    if (sidesOf?.id !== a.id) {
      const rows = paramsOf.all(run, run, a.id) as { location: string; status: number; name: string; before: number; types: number; old: number }[];
      sidesOf = { id: a.id, before: new ParamSides(rows.filter((r) => r.old === 1).map((r) => ({ ...r, types: r.before }))), after: new ParamSides(rows) };
    }
    if (!isParamPresenceChange(a.name, a.types, sidesOf.after.of(a.location, a.status), sidesOf.before.of(a.location, a.status))) continue;
    insert.run(run, a.host, a.method, a.path, `${a.location} ${a.name}${a.status >= 0 ? ` (${a.status})` : ''}`, a.firstSeen);
  }
}

/** A previous complete run that ingested a file with this sha256, if any. */
export function findInputBySha(db: Db, sha256: string): { runId: number; path: string } | null {
  const row = db.prepare(`SELECT run_id AS runId, path FROM run_inputs WHERE sha256 = ? ORDER BY run_id LIMIT 1`).get(sha256) as
    | { runId: number; path: string }
    | undefined;
  return row ?? null;
}

export function hasInputOfSize(db: Db, size: number): boolean {
  return db.prepare(`SELECT 1 FROM run_inputs WHERE size = ? LIMIT 1`).get(size) !== undefined;
}
