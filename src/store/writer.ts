// Writes aggregated batches into the inventory with prepared upserts. Called only inside the
// run's transaction (see store/runs.ts), so nothing is visible until the whole run commits.

import { MAX_PATH_VALUES, type Batch, type CallLog, type EndpointAgg } from '../model/batch.js';
import type { PathParam } from '../model/facts.js';
import { templateKey } from '../model/template-key.js';
import { widenPathParams } from '../model/path-param-type.js';
import { wellFormed } from '../model/path-spelling.js';
import type Database from 'better-sqlite3';
import { BulkUpsert } from './bulk.js';
import { unredactedSampleSql } from './queries.js';
import type { Db } from './db.js';


type Stmt = Database.Statement<unknown[]>;

const DIGIT = /\d/;

export class BatchWriter {
  private readonly s: Record<string, Stmt>;
  /** The high-volume upserts (stats rows, parameters), written in multi-row statements. */
  private readonly bulk: Record<'status' | 'media' | 'param' | 'minute' | 'userMinute' | 'latency' | 'allMinute' | 'hour' | 'day' | 'allLatencyHour' | 'userHour' | 'allUserHour', BulkUpsert>;
  private readonly userIds = new Map<string, number>();
  /** The values kept per endpoint id and path parameter (at most MAX_PATH_VALUES each), as stored. */
  private readonly keptValues = new Map<string, Set<string>>();
  /** Endpoints that were written a body parameter with a digit in its path: where keys may be data (param-fold.ts). */
  readonly digitKeyEndpoints = new Set<number>();

  constructor(
    db: Db,
    private readonly runId: number,
  ) {
    const p = (sql: string): Stmt => db.prepare<unknown[]>(sql);
    this.s = {
      endpoint: p(`INSERT INTO endpoints (host, method, path, path_key, path_params, calls, first_seen, last_seen, first_run, last_run, oauth_token, public_calls, private_calls, cleartext_calls, tags)
        VALUES (@host, @method, @path, @pathKey, @pathParams, @calls, @firstSeen, @lastSeen, @run, @run, @oauth, @pub, @priv, @clear, @tags)
        ON CONFLICT (host, method, path_key) DO UPDATE SET
          calls = calls + excluded.calls,
          first_seen = min(coalesce(first_seen, excluded.first_seen), excluded.first_seen),
          last_seen = max(coalesce(last_seen, excluded.last_seen), excluded.last_seen),
          last_run = excluded.last_run,
          oauth_token = max(oauth_token, excluded.oauth_token),
          public_calls = public_calls + excluded.public_calls,
          private_calls = private_calls + excluded.private_calls,
          cleartext_calls = cleartext_calls + excluded.cleartext_calls,
          tags = CASE WHEN excluded.tags = '[]' THEN tags ELSE excluded.tags END
        RETURNING id, tags, path_params AS pathParams`),
      pathParams: p(`UPDATE endpoints SET path_params = ? WHERE id = ?`),
      auth: p(`INSERT INTO endpoint_auth (endpoint_id, scheme, calls, ok_calls, ok_prev, first_run, last_run) VALUES (?, ?, ?, ?, 0, ?, ?)
        ON CONFLICT DO UPDATE SET
          ok_prev = CASE WHEN last_run = excluded.last_run THEN ok_prev ELSE ok_calls END,
          calls = calls + excluded.calls, ok_calls = ok_calls + excluded.ok_calls, last_run = excluded.last_run`),
      jwt: p(`INSERT INTO jwt_info (endpoint_id, alg, iss, expired, calls) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET calls = calls + excluded.calls`),
      sensitive: p(`INSERT INTO sensitive (endpoint_id, location, param, type, calls, first_seen, last_seen, first_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET calls = calls + excluded.calls,
          first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`),
      // A 2xx sample replaces a non-2xx one; a redacted sample replaces one stored with
      // --unredacted-samples, whatever their statuses (a normal run leaves no secret it could replace).
      sample: p(`INSERT INTO samples (endpoint_id, ok, sample) VALUES (?, ?, ?)
        ON CONFLICT DO UPDATE SET ok = excluded.ok, sample = excluded.sample
        WHERE (samples.ok = 0 AND excluded.ok = 1) OR (${unredactedSampleSql('samples.sample')} AND NOT ${unredactedSampleSql('excluded.sample')})`),
      pathValueList: p(`SELECT value FROM path_values WHERE endpoint_id = ? AND param = ?`),
      pathValue: p(`INSERT INTO path_values (endpoint_id, param, value, calls) VALUES (?, ?, ?, ?)`),
      pathValueBump: p(`UPDATE path_values SET calls = calls + ? WHERE endpoint_id = ? AND param = ? AND value = ?`),
      user: p(`INSERT INTO users (key, kind) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET kind = excluded.kind RETURNING id`),
    };
    const b = (head: string, columns: number, tail: string): BulkUpsert => new BulkUpsert(db, head, columns, tail);
    const addCalls = 'ON CONFLICT DO UPDATE SET calls = calls + excluded.calls';
    const addStatuses = `ON CONFLICT DO UPDATE SET calls = calls + excluded.calls, s2xx = s2xx + excluded.s2xx, s3xx = s3xx + excluded.s3xx,
          s4xx = s4xx + excluded.s4xx, s5xx = s5xx + excluded.s5xx, s_other = s_other + excluded.s_other`;
    this.bulk = {
      status: b('INSERT INTO endpoint_status (endpoint_id, status, calls, first_run)', 4, addCalls),
      media: b('INSERT INTO endpoint_media_types (endpoint_id, location, status, media_type, calls, first_run)', 6, addCalls),
      param: b(
        'INSERT INTO params (endpoint_id, location, status, name, types, types_prev, calls, first_seen, first_run, last_run)',
        10,
        `ON CONFLICT DO UPDATE SET
          types_prev = CASE WHEN last_run = excluded.last_run THEN types_prev ELSE types END,
          types = types | excluded.types,
          calls = calls + excluded.calls,
          first_seen = min(coalesce(first_seen, excluded.first_seen), excluded.first_seen),
          last_run = excluded.last_run`,
      ),
      minute: b('INSERT INTO minute_stats (endpoint_id, minute, calls, s2xx, s3xx, s4xx, s5xx, s_other)', 8, addStatuses),
      userMinute: b('INSERT INTO user_minute (endpoint_id, minute, user_id, calls)', 4, addCalls),
      latency: b('INSERT INTO latency_minute (endpoint_id, minute, bucket, calls)', 4, addCalls),
      allMinute: b('INSERT INTO all_minute_stats (minute, calls, s2xx, s3xx, s4xx, s5xx, s_other)', 7, addStatuses),
      hour: b('INSERT INTO hour_stats (endpoint_id, hour, calls)', 3, addCalls),
      day: b('INSERT INTO day_stats (endpoint_id, day, calls)', 3, addCalls),
      allLatencyHour: b('INSERT INTO all_latency_hour (hour, bucket, calls)', 3, addCalls),
      userHour: b('INSERT INTO user_hour (endpoint_id, hour, user_id, calls)', 4, addCalls),
      allUserHour: b('INSERT INTO all_user_hour (hour, user_id, calls)', 3, addCalls),
    };
  }

  private userId(key: string, kind: string): number {
    let id = this.userIds.get(key);
    if (id === undefined) {
      id = (this.s.user!.get(key, kind) as { id: number }).id;
      if (this.userIds.size > 200_000) this.userIds.clear();
      this.userIds.set(key, id);
    }
    return id;
  }


  /** Forgets what was read or written: after a rollback the cached ids and values may not exist. */
  reset(): void {
    for (const u of Object.values(this.bulk)) u.discard();
    this.userIds.clear();
    this.keptValues.clear();
  }

  private keptFor(id: number, param: string): Set<string> {
    const k = `${id}\t${param}`;
    let kept = this.keptValues.get(k);
    if (kept === undefined) {
      if (this.keptValues.size >= 50_000) this.keptValues.clear();
      const rows = this.s.pathValueList!.all(id, param) as { value: string }[];
      this.keptValues.set(k, (kept = new Set(rows.map((r) => r.value))));
    }
    return kept;
  }

  /** Writes one batch. The caller holds the transaction. */
  write(batch: Batch): void {
    // Users first, in order of first appearance: that order assigns their ids.
    const uids = new Array<number>(batch.userKinds.length);
    for (const [key, u] of batch.users) uids[u] = this.userId(key, batch.userKinds[u]!);
    const ids = new Array<number>(batch.endpoints.size);
    for (const e of batch.endpoints.values()) ids[e.index] = this.writeEndpoint(e);
    this.writeEndpointStats(batch.log, ids, uids);
    this.writeTrafficStats(batch.log, uids);
    for (const u of Object.values(this.bulk)) u.flush();
  }

  /** Upserts an endpoint and its aggregates; returns its id. */
  private writeEndpoint(e: EndpointAgg): number {
    const s = this.s;
    const run = this.runId;
    const pathParams = JSON.stringify(e.pathParams satisfies PathParam[]);
    const row = s.endpoint!.get({
      host: e.host,
      method: e.method,
      path: e.template,
      pathKey: templateKey(e.template),
      pathParams,
      calls: e.calls,
      firstSeen: e.firstSeen,
      lastSeen: e.lastSeen,
      run,
      oauth: e.oauthToken ? 1 : 0,
      pub: e.publicCalls,
      priv: e.privateCalls,
      clear: e.cleartextCalls,
      tags: JSON.stringify([...e.tags].sort()),
    }) as { id: number; pathParams: string };
    const id = row.id;
    // An endpoint seen before with other kinds of ids at a placeholder: the stored types widen (names stay).
    if (row.pathParams !== pathParams && e.pathParams.length > 0) {
      const stored = JSON.parse(row.pathParams) as PathParam[];
      const widened = widenPathParams(stored, e.pathParams);
      if (widened !== stored) s.pathParams!.run(JSON.stringify(widened), id);
    }
    const bulk = this.bulk;
    for (const [status, calls] of e.statuses) bulk.status.add(id, status, calls, run);
    for (const [type, calls] of e.requestMedia) bulk.media.add(id, 'request.body', -1, type, calls, run);
    for (const [status, types] of e.responseMedia) for (const [type, calls] of types) bulk.media.add(id, 'response.body', status, type, calls, run);
    for (const byStatus of e.params.values()) {
      for (const byName of byStatus.values()) {
        for (const p of byName.values()) {
          bulk.param.add(id, p.location, p.status, wellFormed(p.name), p.types, p.types, p.calls, p.firstSeen, run, run);
          if (p.name.charCodeAt(0) === 36 && DIGIT.test(p.name)) this.digitKeyEndpoints.add(id);
        }
      }
    }
    for (const [scheme, a] of e.auth) s.auth!.run(id, scheme, a.calls, a.ok, run, run);
    for (const j of e.jwt.values()) s.jwt!.run(id, j.alg, j.iss, j.expired, j.calls);
    for (const f of e.sensitive.values()) s.sensitive!.run(id, f.location, wellFormed(f.param), f.type, f.calls, f.firstSeen, f.lastSeen, run);
    if (e.sample) s.sample!.run(id, e.sample.ok ? 1 : 0, JSON.stringify(e.sample.sample));
    // The first MAX_PATH_VALUES distinct values per parameter are kept; later calls of a kept value count.
    for (const [param, values] of e.pathValues) {
      const kept = this.keptFor(id, param);
      for (const [value, calls] of values) {
        if (kept.has(value)) s.pathValueBump!.run(calls, id, param, value);
        else if (kept.size < MAX_PATH_VALUES) {
          s.pathValue!.run(id, param, value, calls);
          kept.add(value);
        }
      }
    }
    return id;
  }

  /**
   * Per-endpoint stats rows from the call log: calls by minute (with status classes), hour and day,
   * calls per user by minute and hour, latency buckets by minute. Calls are grouped by endpoint in
   * call order, and consecutive calls in the same minute fold into one row. Captures are nearly in
   * time order, so that is nearly one row per distinct key; calls out of order only add rows for
   * keys already written, which the upserts add up.
   */
  private writeEndpointStats(log: CallLog, ids: readonly number[], uids: readonly number[]): void {
    const n = log.n;
    const endpoints = ids.length;
    // Counting sort of the calls by endpoint, keeping call order within each.
    const start = new Int32Array(endpoints + 1);
    for (let k = 0; k < n; k++) start[log.endpoint[k]! + 1]!++;
    for (let e = 0; e < endpoints; e++) start[e + 1]! += start[e]!;
    const next = start.slice(0, endpoints);
    const order = new Int32Array(n);
    for (let k = 0; k < n; k++) order[next[log.endpoint[k]!]!++] = k;

    const bulk = this.bulk;
    const hourUsers = new RunCounts();
    for (let e = 0; e < endpoints; e++) {
      const id = ids[e]!;
      let hour = NaN;
      let hourCalls = 0;
      let day = NaN;
      let dayCalls = 0;
      const closeHour = (): void => {
        if (hourCalls === 0) return;
        bulk.hour.add(id, hour, hourCalls);
        for (let i = 0; i < hourUsers.size; i++) bulk.userHour.add(id, hour, hourUsers.key(i), hourUsers.count(i));
        dayCalls += hourCalls;
        hourCalls = 0;
        hourUsers.clear();
      };
      const closeDay = (): void => {
        if (dayCalls === 0) return;
        bulk.day.add(id, day, dayCalls);
        dayCalls = 0;
      };
      foldMinutes(log, uids, order, start[e]!, start[e + 1]!, (r) => {
        const h = Math.floor(r.minute / 60);
        if (h !== hour) {
          closeHour();
          hour = h;
          const d = Math.floor(h / 24);
          if (d !== day) {
            closeDay();
            day = d;
          }
        }
        const c = r.classes;
        bulk.minute.add(id, r.minute, r.calls, c[0], c[1], c[2], c[3], c[4]);
        for (let i = 0; i < r.users.size; i++) {
          bulk.userMinute.add(id, r.minute, r.users.key(i), r.users.count(i));
          hourUsers.add(r.users.key(i), r.users.count(i));
        }
        for (let i = 0; i < r.buckets.size; i++) bulk.latency.add(id, r.minute, r.buckets.key(i), r.buckets.count(i));
        hourCalls += r.calls;
      });
      closeHour();
      closeDay();
    }
  }

  /** All-traffic stats rows from the call log: calls by minute, users and latency by hour (folded as above). */
  private writeTrafficStats(log: CallLog, uids: readonly number[]): void {
    const bulk = this.bulk;
    const users = new RunCounts();
    const buckets = new RunCounts();
    let hour = NaN;
    const closeHour = (): void => {
      for (let i = 0; i < users.size; i++) bulk.allUserHour.add(hour, users.key(i), users.count(i));
      for (let i = 0; i < buckets.size; i++) bulk.allLatencyHour.add(hour, buckets.key(i), buckets.count(i));
      users.clear();
      buckets.clear();
    };
    foldMinutes(log, uids, null, 0, log.n, (r) => {
      const h = Math.floor(r.minute / 60);
      if (h !== hour) {
        closeHour();
        hour = h;
      }
      const c = r.classes;
      bulk.allMinute.add(r.minute, r.calls, c[0], c[1], c[2], c[3], c[4]);
      for (let i = 0; i < r.users.size; i++) users.add(r.users.key(i), r.users.count(i));
      for (let i = 0; i < r.buckets.size; i++) buckets.add(r.buckets.key(i), r.buckets.count(i));
    });
    closeHour();
  }
}

/** A run of consecutive calls in one minute: their count, status classes, users (ids) and latency buckets. */
interface MinuteRun {
  minute: number;
  calls: number;
  classes: number[];
  users: RunCounts;
  buckets: RunCounts;
}

/**
 * Walks the calls at log positions `order[from..to)` (positions `from..to` themselves when `order`
 * is null) and hands each run of consecutive calls in the same minute to `close`. The run object is
 * reused: `close` must copy what it keeps.
 */
function foldMinutes(
  log: CallLog,
  uids: readonly number[],
  order: Int32Array | null,
  from: number,
  to: number,
  close: (run: MinuteRun) => void,
): void {
  const run: MinuteRun = { minute: NaN, calls: 0, classes: [0, 0, 0, 0, 0], users: new RunCounts(), buckets: new RunCounts() };
  for (let j = from; j < to; j++) {
    const k = order === null ? j : order[j]!;
    const m = log.minute[k]!;
    if (m !== run.minute) {
      if (run.calls > 0) close(run);
      run.minute = m;
      run.calls = 0;
      run.classes.fill(0);
      run.users.clear();
      run.buckets.clear();
    }
    run.calls++;
    run.classes[log.status[k]!]!++;
    run.users.add(uids[log.user[k]!]!, 1);
    const b = log.bucket[k]!;
    if (b >= 0) run.buckets.add(b, 1);
  }
  if (run.calls > 0) close(run);
}

/**
 * Counts per small integer key (user id, latency bucket) over one run of calls, keys in order of
 * first appearance: a short list scanned linearly (most runs hold one or two keys), a Map once longer.
 */
class RunCounts {
  private keys: number[] = [];
  private counts: number[] = [];
  private index: Map<number, number> | null = null;

  get size(): number {
    return this.keys.length;
  }

  key(i: number): number {
    return this.keys[i]!;
  }

  count(i: number): number {
    return this.counts[i]!;
  }

  add(key: number, by: number): void {
    const keys = this.keys;
    let i: number;
    if (this.index !== null) i = this.index.get(key) ?? -1;
    else {
      i = keys.indexOf(key);
      if (i === -1 && keys.length >= 16) {
        this.index = new Map(keys.map((k, j) => [k, j]));
      }
    }
    if (i !== -1) {
      this.counts[i]! += by;
      return;
    }
    this.index?.set(key, keys.length);
    keys.push(key);
    this.counts.push(by);
  }

  clear(): void {
    this.keys.length = 0;
    this.counts.length = 0;
    this.index = null;
  }
}
