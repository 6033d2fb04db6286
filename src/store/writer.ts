// Writes aggregated batches into the inventory with prepared upserts. Called only inside the
// run's transaction (see store/runs.ts), so nothing is visible until the whole run commits.

import { MAX_PATH_VALUES, type Batch, type EndpointAgg } from '../model/batch.js';
import type { PathParam } from '../model/facts.js';
import { templateKey } from '../model/template-key.js';
import type Database from 'better-sqlite3';
import { BulkUpsert } from './bulk.js';
import type { Db } from './db.js';


type Stmt = Database.Statement<unknown[]>;

export class BatchWriter {
  private readonly s: Record<string, Stmt>;
  /** The high-volume upserts (stats rows, parameters), written in multi-row statements. */
  private readonly bulk: Record<'status' | 'param' | 'minute' | 'userMinute' | 'latency' | 'allMinute' | 'hour' | 'day' | 'allLatencyHour' | 'userHour' | 'allUserHour', BulkUpsert>;
  private readonly userIds = new Map<string, number>();
  /** The values kept per endpoint id and path parameter (at most MAX_PATH_VALUES each), as stored. */
  private readonly keptValues = new Map<string, Set<string>>();

  constructor(
    db: Db,
    private readonly runId: number,
  ) {
    const p = (sql: string): Stmt => db.prepare<unknown[]>(sql);
    this.s = {
      endpoint: p(`INSERT INTO endpoints (host, method, path, path_key, path_params, calls, first_seen, last_seen, first_run, last_run, oauth_token, public_calls, private_calls, tags)
        VALUES (@host, @method, @path, @pathKey, @pathParams, @calls, @firstSeen, @lastSeen, @run, @run, @oauth, @pub, @priv, @tags)
        ON CONFLICT (host, method, path_key) DO UPDATE SET
          calls = calls + excluded.calls,
          first_seen = min(coalesce(first_seen, excluded.first_seen), excluded.first_seen),
          last_seen = max(coalesce(last_seen, excluded.last_seen), excluded.last_seen),
          last_run = excluded.last_run,
          oauth_token = max(oauth_token, excluded.oauth_token),
          public_calls = public_calls + excluded.public_calls,
          private_calls = private_calls + excluded.private_calls,
          tags = CASE WHEN excluded.tags = '[]' THEN tags ELSE excluded.tags END
        RETURNING id, tags`),
      auth: p(`INSERT INTO endpoint_auth (endpoint_id, scheme, calls, ok_calls, ok_prev, first_run, last_run) VALUES (?, ?, ?, ?, 0, ?, ?)
        ON CONFLICT DO UPDATE SET
          ok_prev = CASE WHEN last_run = excluded.last_run THEN ok_prev ELSE ok_calls END,
          calls = calls + excluded.calls, ok_calls = ok_calls + excluded.ok_calls, last_run = excluded.last_run`),
      jwt: p(`INSERT INTO jwt_info (endpoint_id, alg, iss, expired, calls) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET calls = calls + excluded.calls`),
      sensitive: p(`INSERT INTO sensitive (endpoint_id, location, param, type, calls, first_seen, last_seen, first_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET calls = calls + excluded.calls,
          first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`),
      sample: p(`INSERT INTO samples (endpoint_id, ok, sample) VALUES (?, ?, ?)
        ON CONFLICT DO UPDATE SET ok = excluded.ok, sample = excluded.sample WHERE samples.ok = 0 AND excluded.ok = 1`),
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
    for (const [key, kind] of batch.users) this.userId(key, kind);
    for (const e of batch.endpoints.values()) this.writeEndpoint(e, batch);
    const bulk = this.bulk;
    for (const [minute, m] of batch.allMinutes) bulk.allMinute.add(minute, m.calls, m.s2xx, m.s3xx, m.s4xx, m.s5xx, m.sOther);
    for (const [hour, users] of batch.allUserHours) {
      for (const [user, calls] of users) bulk.allUserHour.add(hour, this.userId(user, batch.users.get(user) ?? 'unknown'), calls);
    }
    for (const [k, calls] of batch.allLatencyHours) bulk.allLatencyHour.add(Math.floor(k / 256), k % 256, calls);
    for (const u of Object.values(bulk)) u.flush();
  }

  private writeEndpoint(e: EndpointAgg, batch: Batch): void {
    const s = this.s;
    const run = this.runId;
    const row = s.endpoint!.get({
      host: e.host,
      method: e.method,
      path: e.template,
      pathKey: templateKey(e.template),
      pathParams: JSON.stringify(e.pathParams satisfies PathParam[]),
      calls: e.calls,
      firstSeen: e.firstSeen,
      lastSeen: e.lastSeen,
      run,
      oauth: e.oauthToken ? 1 : 0,
      pub: e.publicCalls,
      priv: e.privateCalls,
      tags: JSON.stringify([...e.tags].sort()),
    }) as { id: number };
    const id = row.id;
    const bulk = this.bulk;
    for (const [status, calls] of e.statuses) bulk.status.add(id, status, calls, run);
    for (const byStatus of e.params.values()) {
      for (const byName of byStatus.values()) {
        for (const p of byName.values()) {
          bulk.param.add(id, p.location, p.status, p.name, p.types, p.types, p.calls, p.firstSeen, run, run);
        }
      }
    }
    for (const [scheme, a] of e.auth) s.auth!.run(id, scheme, a.calls, a.ok, run, run);
    for (const j of e.jwt.values()) s.jwt!.run(id, j.alg, j.iss, j.expired, j.calls);
    for (const f of e.sensitive.values()) s.sensitive!.run(id, f.location, f.param, f.type, f.calls, f.firstSeen, f.lastSeen, run);
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
    const hourCalls = new Map<number, number>();
    for (const [minute, m] of e.minutes) {
      bulk.minute.add(id, minute, m.calls, m.s2xx, m.s3xx, m.s4xx, m.s5xx, m.sOther);
      const h = Math.floor(minute / 60);
      hourCalls.set(h, (hourCalls.get(h) ?? 0) + m.calls);
    }
    const dayCalls = new Map<number, number>();
    for (const [h, calls] of hourCalls) {
      bulk.hour.add(id, h, calls);
      const d = Math.floor(h / 24);
      dayCalls.set(d, (dayCalls.get(d) ?? 0) + calls);
    }
    for (const [d, calls] of dayCalls) bulk.day.add(id, d, calls);
    const hours = new Map<number, Map<number, number>>();
    for (const [minute, users] of e.userMinutes) {
      for (const [user, calls] of users) {
        const uid = this.userId(user, batch.users.get(user) ?? 'unknown');
        bulk.userMinute.add(id, minute, uid, calls);
        addHour(hours, Math.floor(minute / 60), uid, calls);
      }
    }
    for (const [hour, users] of hours) for (const [uid, calls] of users) bulk.userHour.add(id, hour, uid, calls);
    for (const [k, calls] of e.latency) bulk.latency.add(id, Math.floor(k / 256), k % 256, calls);
  }
}

/** Rolls minute rows up into hour rows before writing (one upsert per user-hour, not per minute). */
function addHour(hours: Map<number, Map<number, number>>, hour: number, uid: number, calls: number): void {
  let users = hours.get(hour);
  if (!users) hours.set(hour, (users = new Map()));
  users.set(uid, (users.get(uid) ?? 0) + calls);
}
