// Read queries: plain rows for views to assemble. The only SQL outside the writers.

import type { PathParam, Sample, ValueType } from '../model/facts.js';
import type { LatencyRow, MinuteRow, UserCallsRow } from '../model/stats.js';
import { typesFromMask } from '../model/value-types.js';
import type { Db } from './db.js';

export interface EndpointRow {
  id: number;
  host: string;
  method: string;
  path: string;
  pathParams: PathParam[];
  calls: number;
  firstSeen: number | null;
  lastSeen: number | null;
  firstRun: number;
  lastRun: number;
  mergeReason: string | null;
  oauthToken: boolean;
  publicCalls: number;
  privateCalls: number;
  /** Calls over an `http` or `ws` URL (no TLS); 0 for runs recorded before this was counted. */
  cleartextCalls: number;
  tags: string[];
}

export interface EndpointFilter {
  host?: string;
  method?: string;
  id?: number;
}

function where(f: EndpointFilter, alias = ''): { sql: string; args: (string | number)[] } {
  const a = alias ? `${alias}.` : '';
  const parts: string[] = [];
  const args: (string | number)[] = [];
  if (f.id !== undefined) {
    parts.push(`${a}id = ?`);
    args.push(f.id);
  }
  if (f.host) {
    parts.push(`${a}host = ?`);
    args.push(f.host.toLowerCase());
  }
  if (f.method) {
    parts.push(`${a}method = ?`);
    args.push(f.method.toUpperCase());
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

export function endpointRows(db: Db, f: EndpointFilter = {}): EndpointRow[] {
  const w = where(f);
  const rows = db
    .prepare(
      `SELECT id, host, method, path, path_params, calls, first_seen, last_seen, first_run, last_run, merge_reason,
         oauth_token, public_calls, private_calls, cleartext_calls, tags FROM endpoints ${w.sql} ORDER BY host, path, method`,
    )
    .all(...w.args) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: r.id as number,
    host: r.host as string,
    method: r.method as string,
    path: r.path as string,
    pathParams: JSON.parse(r.path_params as string) as PathParam[],
    calls: r.calls as number,
    firstSeen: r.first_seen as number | null,
    lastSeen: r.last_seen as number | null,
    firstRun: r.first_run as number,
    lastRun: r.last_run as number,
    mergeReason: r.merge_reason as string | null,
    oauthToken: r.oauth_token === 1,
    publicCalls: r.public_calls as number,
    privateCalls: r.private_calls as number,
    cleartextCalls: r.cleartext_calls as number,
    tags: JSON.parse(r.tags as string) as string[],
  }));
}

export function countEndpoints(db: Db): number {
  return (db.prepare(`SELECT count(*) AS n FROM endpoints`).get() as { n: number }).n;
}

function childRows(db: Db, sql: string, id?: number): Record<string, unknown>[] {
  return (id === undefined ? db.prepare(sql).all() : db.prepare(`${sql.replace('ORDER BY', 'WHERE endpoint_id = ? ORDER BY')}`).all(id)) as Record<
    string,
    unknown
  >[];
}

export function statusRows(db: Db, id?: number): { endpointId: number; status: number; calls: number }[] {
  return childRows(db, `SELECT endpoint_id AS endpointId, status, calls FROM endpoint_status ORDER BY endpoint_id, status`, id) as never;
}

export interface MediaTypeRow {
  endpointId: number;
  location: 'request.body' | 'response.body';
  /** Response status for response bodies (-1: none); -1 for request bodies. */
  status: number;
  mediaType: string;
  calls: number;
}

export function mediaTypeRows(db: Db, id?: number): MediaTypeRow[] {
  return childRows(
    db,
    `SELECT endpoint_id AS endpointId, location, status, media_type AS mediaType, calls FROM endpoint_media_types ORDER BY endpoint_id, location, status, media_type`,
    id,
  ) as never;
}

export function authRows(db: Db, id?: number): { endpointId: number; scheme: string; calls: number; okCalls: number }[] {
  return childRows(db, `SELECT endpoint_id AS endpointId, scheme, calls, ok_calls AS okCalls FROM endpoint_auth ORDER BY endpoint_id, scheme`, id) as never;
}

export interface SensitiveRow {
  endpointId: number;
  location: string;
  param: string;
  type: string;
  calls: number;
  firstSeen: number | null;
  lastSeen: number | null;
}

export function sensitiveRows(db: Db, id?: number): SensitiveRow[] {
  return childRows(
    db,
    `SELECT endpoint_id AS endpointId, location, param, type, calls, first_seen AS firstSeen, last_seen AS lastSeen
     FROM sensitive ORDER BY endpoint_id, location, param, type`,
    id,
  ) as never;
}

export interface ParamRow {
  endpointId: number;
  location: string;
  status: number;
  name: string;
  types: ValueType[];
  calls: number;
  firstSeen: number | null;
}

export function paramRows(db: Db, id?: number): ParamRow[] {
  const rows = childRows(
    db,
    `SELECT endpoint_id AS endpointId, location, status, name, types, calls, first_seen AS firstSeen FROM params ORDER BY endpoint_id, location, status, name`,
    id,
  );
  return rows.map((r) => ({ ...(r as unknown as ParamRow), types: typesFromMask(r.types as number) }));
}

export function jwtRows(db: Db, id: number): { alg: string; iss: string; expired: number; calls: number }[] {
  return db.prepare(`SELECT alg, iss, expired, calls FROM jwt_info WHERE endpoint_id = ? ORDER BY calls DESC, alg, iss`).all(id) as never;
}

export function sampleFor(db: Db, id: number): Sample | null {
  const r = db.prepare(`SELECT sample FROM samples WHERE endpoint_id = ?`).get(id) as { sample: string } | undefined;
  return r ? (JSON.parse(r.sample) as Sample) : null;
}

/**
 * Per host, the URL schemes it was called with, https first: https when any of its endpoints had TLS
 * calls, http when any had cleartext calls, united with the schemes of its endpoints' samples (all
 * that runs before cleartext calls were counted tell; their calls count as neither). Hosts with
 * neither are absent.
 */
export function hostSchemes(db: Db, host?: string): Map<string, string[]> {
  const url = `json_extract(s.sample, '$.request.url')`;
  const rows = db
    .prepare(
      `WITH e AS (SELECT id, host, calls, cleartext_calls, unknown_scheme_calls FROM endpoints ${host === undefined ? '' : 'WHERE host = ?'})
       SELECT e.host AS host, lower(substr(${url}, 1, instr(${url}, '://') - 1)) AS scheme FROM samples s JOIN e ON e.id = s.endpoint_id
       UNION SELECT host, 'https' FROM e WHERE calls - cleartext_calls - unknown_scheme_calls > 0
       UNION SELECT host, 'http' FROM e WHERE cleartext_calls > 0
       ORDER BY host, scheme DESC`, // https before http
    )
    .all(...(host === undefined ? [] : [host])) as { host: string; scheme: string }[];
  const out = new Map<string, string[]>();
  for (const r of rows) {
    if (r.scheme !== 'https' && r.scheme !== 'http') continue;
    const list = out.get(r.host);
    if (list === undefined) out.set(r.host, [r.scheme]);
    else list.push(r.scheme);
  }
  return out;
}

export function pathValueRows(db: Db, id: number): { param: string; value: string; calls: number }[] {
  return db.prepare(`SELECT param, value, calls FROM path_values WHERE endpoint_id = ? ORDER BY param, calls DESC, value`).all(id) as never;
}

export function distinctPathValues(db: Db, id: number): { param: string; n: number }[] {
  return db.prepare(`SELECT param, count(*) AS n FROM path_values WHERE endpoint_id = ? GROUP BY param`).all(id) as never;
}

const EVIDENCE_VALUES = `SELECT v.endpoint_id AS id, v.param, v.value FROM path_values v JOIN endpoints e ON e.id = v.endpoint_id
  WHERE %HOST% (e.path_params LIKE '%"type":"string"%' OR e.path_params LIKE '%"type":"locale"%') ORDER BY v.endpoint_id, v.param, v.value`;

function byEndpoint(rows: readonly { id: number; param: string; value: string }[]): Map<number, Record<string, string[]>> {
  const out = new Map<number, Record<string, string[]>>();
  for (const r of rows) {
    let byParam = out.get(r.id);
    if (byParam === undefined) out.set(r.id, (byParam = {}));
    (byParam[r.param] ??= []).push(r.value);
  }
  return out;
}

/** Per endpoint id, the values its merged (evidence) path parameters were seen with, by parameter name. */
export function evidenceValues(db: Db): Map<number, Record<string, string[]>> {
  return byEndpoint(db.prepare(EVIDENCE_VALUES.replace('%HOST%', '')).all() as never);
}

/** evidenceValues of the endpoints of a range of hosts (`first` to `last`) at a time. */
export function evidenceValueReader(db: Db): (first: string, last: string) => Map<number, Record<string, string[]>> {
  const stmt = db.prepare(EVIDENCE_VALUES.replace('%HOST%', 'e.host BETWEEN ? AND ? AND'));
  return (first, last) => byEndpoint(stmt.all(first, last) as never);
}

/** Known templates, to resolve new concrete paths into them; merged parameters carry the values they were seen with. */
export function loadKnownTemplates(db: Db): { host: string; method: string; template: string; pathParams: PathParam[]; pathValues?: Record<string, string[]> }[] {
  const rows = db.prepare(`SELECT id, host, method, path, path_params FROM endpoints ORDER BY id`).all() as { id: number; host: string; method: string; path: string; path_params: string }[];
  const values = evidenceValues(db);
  return rows.map((r) => {
    const t = { host: r.host, method: r.method, template: r.path.split('#')[0]!, pathParams: JSON.parse(r.path_params) as PathParam[] };
    const v = values.get(r.id);
    return v === undefined ? t : { ...t, pathValues: v };
  });
}

/**
 * SQL: true when the sample in `column` was stored with `analyze --unredacted-samples`. Such a sample
 * is marked `unredacted: true`, its first key (analyzers/raw-sample.ts; a test holds it there): a
 * prefix compare reads no more of the JSON, several times cheaper than json_extract or instr.
 */
export function unredactedSampleSql(column: string): string {
  return `substr(${column}, 1, 18) = '{"unredacted":true'`;
}

/**
 * Endpoints that already have a sample (2xx ones as 'ok'), keyed like analyzers/analyze-call.ts
 * endpointKey. With `redactedOnly` (a run without --unredacted-samples), an unredacted sample does not
 * count: the run samples that endpoint again, and the redacted sample replaces it (store/writer.ts).
 */
export function loadSampledEndpoints(db: Db, redactedOnly = false): Map<string, 'any' | 'ok'> {
  const where = redactedOnly ? ` WHERE NOT ${unredactedSampleSql('s.sample')}` : '';
  const rows = db.prepare(`SELECT e.host, e.method, e.path, s.ok FROM samples s JOIN endpoints e ON e.id = s.endpoint_id${where}`).all() as {
    host: string;
    method: string;
    path: string;
    ok: number;
  }[];
  return new Map(rows.map((r) => [`${r.host}\t${r.method}\t${r.path}`, r.ok ? 'ok' : 'any']));
}

/** How many endpoints hold a sample stored with `analyze --unredacted-samples`. */
export function countUnredactedSamples(db: Db): number {
  return (db.prepare(`SELECT count(*) AS n FROM samples s WHERE ${unredactedSampleSql('s.sample')}`).get() as { n: number }).n;
}

export interface RunRow {
  id: number;
  label: string | null;
  startedAt: string;
  finishedAt: string | null;
  calls: number;
  skipped: number;
  filtered: number;
  newEndpoints: number;
}

export function runRows(db: Db): RunRow[] {
  return db
    .prepare(
      `SELECT id, label, started_at AS startedAt, finished_at AS finishedAt, calls, skipped, filtered, new_endpoints AS newEndpoints FROM runs ORDER BY id`,
    )
    .all() as RunRow[];
}

export interface ChangeRow {
  runId: number;
  kind: string;
  host: string;
  method: string;
  path: string;
  detail: string;
  firstSeen: number | null;
}

export function changeRows(db: Db, fromRun: number): ChangeRow[] {
  return db
    .prepare(
      `SELECT run_id AS runId, kind, host, method, path, detail, first_seen AS firstSeen FROM changes WHERE run_id >= ?
       ORDER BY run_id, host, path, method, kind, detail`,
    )
    .all(fromRun) as ChangeRow[];
}

// --- stats -------------------------------------------------------------------------------

/**
 * Whose stats rows a query reads: one endpoint (its id), the endpoints of one host summed, or all
 * traffic (null, from the all-traffic tables). Endpoint and host read the same per-endpoint tables
 * over the same pieces of the window, so both are exact at its edges.
 */
export type StatsScope = number | { host: string } | null;

/** The per-endpoint filter of a non-null scope, and its one argument. */
function scopeFilter(scope: number | { host: string }): { sql: string; arg: number | string } {
  return typeof scope === 'number'
    ? { sql: 'endpoint_id = ?', arg: scope }
    : { sql: 'endpoint_id IN (SELECT id FROM endpoints WHERE host = ?)', arg: scope.host };
}

export function minuteRows(db: Db, scope: StatsScope, fromMinute: number, untilMinute: number): MinuteRow[] {
  const cols = `minute, calls, s2xx, s3xx, s4xx, s5xx, s_other AS sOther`;
  if (scope === null) {
    return db.prepare(`SELECT ${cols} FROM all_minute_stats WHERE minute >= ? AND minute < ? ORDER BY minute`).all(fromMinute, untilMinute) as MinuteRow[];
  }
  if (typeof scope === 'number') {
    // One endpoint has one row per minute: no grouping (it cost a week's window ~25 ms).
    return db
      .prepare(`SELECT ${cols} FROM minute_stats WHERE endpoint_id = ? AND minute >= ? AND minute < ? ORDER BY minute`)
      .all(scope, fromMinute, untilMinute) as MinuteRow[];
  }
  const f = scopeFilter(scope);
  return db
    .prepare(
      `SELECT minute, sum(calls) AS calls, sum(s2xx) AS s2xx, sum(s3xx) AS s3xx, sum(s4xx) AS s4xx, sum(s5xx) AS s5xx, sum(s_other) AS sOther
       FROM minute_stats WHERE ${f.sql} AND minute >= ? AND minute < ? GROUP BY minute ORDER BY minute`,
    )
    .all(f.arg, fromMinute, untilMinute) as MinuteRow[];
}

/**
 * All-traffic minute rows are the per-endpoint ones summed. The endpoints with calls in a minute
 * range come from the minute index of minute_stats (parameters: from, until); each one's rows are then
 * a range seek on its primary key (endpoint_id, minute, ...), not a table scan.
 */
const ACTIVE_ENDPOINTS = `endpoint_id IN (SELECT endpoint_id FROM minute_stats WHERE minute >= ? AND minute < ?)`;

/**
 * All-traffic rows of a window as one UNION ALL: `cols` of the hourly roll-up for the whole hours,
 * and of the per-endpoint minute table for the partial hours at the edges (empty edges left out).
 */
function allTrafficRows(cols: string, hourTable: string, minuteTable: string, fromMinute: number, untilMinute: number): { sql: string; args: number[] } {
  const w = splitWindow(fromMinute, untilMinute);
  const parts = [`SELECT ${cols} FROM ${hourTable} WHERE hour >= ? AND hour < ?`];
  const args: number[] = [...w.hours];
  for (const [a, b] of w.minutes as [number, number][]) {
    if (a >= b) continue;
    parts.push(`SELECT ${cols} FROM ${minuteTable} WHERE ${ACTIVE_ENDPOINTS} AND minute >= ? AND minute < ?`);
    args.push(a, b, a, b);
  }
  return { sql: parts.join(' UNION ALL '), args };
}

/**
 * Splits [fromMinute, untilMinute) into whole hours (read from the hourly roll-ups) and the partial
 * hours at either edge (read from minute rows). Sums over the pieces are exact.
 */
export function splitWindow(fromMinute: number, untilMinute: number): { hours: [number, number]; minutes: [number, number][] } {
  const h0 = Math.ceil(fromMinute / 60);
  const h1 = Math.floor(untilMinute / 60);
  if (h0 >= h1) return { hours: [0, 0], minutes: [[fromMinute, untilMinute], [0, 0]] };
  return { hours: [h0, h1], minutes: [[fromMinute, h0 * 60], [h1 * 60, untilMinute]] };
}

export function userRows(db: Db, scope: StatsScope, fromMinute: number, untilMinute: number): UserCallsRow[] {
  if (scope === null) {
    const rows = allTrafficRows('user_id, calls', 'all_user_hour', 'user_minute', fromMinute, untilMinute);
    return db
      .prepare(
        `SELECT u.key AS user, u.kind AS kind, t.calls AS calls FROM
           (SELECT user_id, sum(calls) AS calls FROM (${rows.sql}) GROUP BY user_id) t
         JOIN users u ON u.id = t.user_id`,
      )
      .all(...rows.args) as UserCallsRow[];
  }
  const w = splitWindow(fromMinute, untilMinute);
  const [m1, m2] = w.minutes as [[number, number], [number, number]];
  const f = scopeFilter(scope);
  return db
    .prepare(
      `SELECT u.key AS user, u.kind AS kind, t.calls AS calls FROM
         (SELECT user_id, sum(calls) AS calls FROM (
            SELECT user_id, calls FROM user_hour WHERE ${f.sql} AND hour >= ? AND hour < ?
            UNION ALL SELECT user_id, calls FROM user_minute WHERE ${f.sql} AND minute >= ? AND minute < ?
            UNION ALL SELECT user_id, calls FROM user_minute WHERE ${f.sql} AND minute >= ? AND minute < ?)
          GROUP BY user_id) t
       JOIN users u ON u.id = t.user_id`,
    )
    .all(f.arg, ...w.hours, f.arg, ...m1, f.arg, ...m2) as UserCallsRow[];
}

export function latencyRows(db: Db, scope: StatsScope, fromMinute: number, untilMinute: number): LatencyRow[] {
  if (scope === null) {
    const rows = allTrafficRows('bucket, calls', 'all_latency_hour', 'latency_minute', fromMinute, untilMinute);
    return db.prepare(`SELECT bucket, sum(calls) AS count FROM (${rows.sql}) GROUP BY bucket`).all(...rows.args) as LatencyRow[];
  }
  const f = scopeFilter(scope);
  return db
    .prepare(`SELECT bucket, sum(calls) AS count FROM latency_minute WHERE ${f.sql} AND minute >= ? AND minute < ? GROUP BY bucket`)
    .all(f.arg, fromMinute, untilMinute) as LatencyRow[];
}

/**
 * Splits [fromMinute, untilMinute) into whole days, whole hours at either edge of them and
 * minutes at the outer edges: [from, to) ranges in each unit, for the daily/hourly/minute tables.
 */
export function splitWindowDays(fromMinute: number, untilMinute: number): { days: [number, number]; hours: [number, number][]; minutes: [number, number][] } {
  const w = splitWindow(fromMinute, untilMinute);
  const [h0, h1] = w.hours;
  const d0 = Math.ceil(h0 / 24);
  const d1 = Math.floor(h1 / 24);
  if (h0 >= h1 || d0 >= d1) return { days: [0, 0], hours: [w.hours, [0, 0]], minutes: w.minutes };
  return { days: [d0, d1], hours: [[h0, d0 * 24], [d1 * 24, h1]], minutes: w.minutes };
}

export function busiestRows(
  db: Db,
  fromMinute: number,
  untilMinute: number,
  limit: number,
  host?: string,
): { host: string; method: string; path: string; calls: number }[] {
  const w = splitWindowDays(fromMinute, untilMinute);
  const [h1, h2] = w.hours as [[number, number], [number, number]];
  const [m1, m2] = w.minutes as [[number, number], [number, number]];
  return db
    .prepare(
      `SELECT e.host, e.method, e.path, t.calls FROM
         (SELECT endpoint_id, sum(calls) AS calls FROM (
            SELECT endpoint_id, calls FROM day_stats WHERE day >= ? AND day < ?
            UNION ALL SELECT endpoint_id, calls FROM hour_stats WHERE hour >= ? AND hour < ?
            UNION ALL SELECT endpoint_id, calls FROM hour_stats WHERE hour >= ? AND hour < ?
            UNION ALL SELECT endpoint_id, calls FROM minute_stats WHERE minute >= ? AND minute < ?
            UNION ALL SELECT endpoint_id, calls FROM minute_stats WHERE minute >= ? AND minute < ?)
          GROUP BY endpoint_id) t
       JOIN endpoints e ON e.id = t.endpoint_id ${host === undefined ? '' : 'WHERE e.host = ?'}
       ORDER BY t.calls DESC, e.host, e.path, e.method LIMIT ?`,
    )
    .all(...w.days, ...h1, ...h2, ...m1, ...m2, ...(host === undefined ? [] : [host]), limit) as never;
}

/** Hosts in the inventory with their endpoint counts, sorted by host. */
export function hostRows(db: Db): { host: string; endpoints: number }[] {
  return db.prepare(`SELECT host, count(*) AS endpoints FROM endpoints GROUP BY host ORDER BY host`).all() as never;
}

export function trafficSpan(db: Db, scope: StatsScope): { first: number; last: number } | null {
  const r = (
    scope === null
      ? db.prepare(`SELECT min(first_seen) AS first, max(last_seen) AS last FROM endpoints`).get()
      : typeof scope === 'number'
        ? db.prepare(`SELECT first_seen AS first, last_seen AS last FROM endpoints WHERE id = ?`).get(scope)
        : db.prepare(`SELECT min(first_seen) AS first, max(last_seen) AS last FROM endpoints WHERE host = ?`).get(scope.host)
  ) as { first: number | null; last: number | null } | undefined;
  return r && r.first !== null && r.last !== null ? { first: r.first, last: r.last } : null;
}
