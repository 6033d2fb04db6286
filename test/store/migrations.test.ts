// Inventories written by an older schema are migrated in place, and the roll-ups that migrations 2
// (hourly) and 3 (daily calls, hourly latency) add are backfilled so stats over old data stay exact
// after migration 4 drops the all-traffic minute tables they were built from.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/schema.js';
import { busiestRows, latencyRows, mediaTypeRows, minuteRows, userRows } from '../../src/store/queries.js';
import { RunTransaction } from '../../src/store/runs.js';
import { BatchWriter } from '../../src/store/writer.js';
import { Aggregator } from '../../src/pipeline/aggregate.js';
import { loadInventory } from '../../src/views/inventory.js';
import { buildOpenApi } from '../../src/views/openapi.js';
import { tempDir } from '../helpers.js';

describe('schema migrations', () => {
  const dir = tempDir();

  it('migrates a schema-1 inventory and backfills hourly roll-ups exactly', () => {
    const file = `${dir}/v1.db`;
    const old = new Database(file);
    old.exec(MIGRATIONS[0]!);
    old.pragma('user_version = 1');
    old.prepare(`INSERT INTO users (id, key, kind) VALUES (1, 'ip:10.0.0.1', 'ip'), (2, 'usr_1', 'jwt-sub')`).run();
    old.prepare(`INSERT INTO endpoints (id, host, method, path, path_key, path_params, calls, first_run, last_run) VALUES (1, 'h', 'GET', '/a', '/a', '[]', 0, 1, 1), (2, 'h', 'GET', '/b', '/b', '[]', 0, 1, 1)`).run();
    const all = old.prepare(`INSERT INTO all_user_minute (minute, user_id, calls) VALUES (?, ?, ?)`);
    const per = old.prepare(`INSERT INTO user_minute (endpoint_id, minute, user_id, calls) VALUES (?, ?, ?, ?)`);
    const stats = old.prepare(`INSERT INTO minute_stats (endpoint_id, minute, calls, s2xx, s3xx, s4xx, s5xx, s_other) VALUES (?, ?, ?, ?, 0, 0, 0, 0)`);
    const ins = (m: number, user: number, calls: number): void => {
      // as analyze wrote them: per endpoint (user 1 on /a, user 2 on /b) and for all traffic
      all.run(m, user, calls);
      per.run(user, m, user, calls);
      stats.run(user, m, calls, calls);
    };
    const insStats = old.prepare(`INSERT INTO all_minute_stats (minute, calls, s2xx, s3xx, s4xx, s5xx, s_other) VALUES (?, ?, ?, 0, 0, 0, 0)`);
    // 3 hours of traffic: user 1 every minute, user 2 every 7th minute
    let total1 = 0;
    let total2 = 0;
    for (let m = 600; m < 780; m++) {
      ins(m, 1, 2);
      total1 += 2;
      if (m % 7 === 0) {
        ins(m, 2, 1);
        total2 += 1;
      }
      insStats.run(m, m % 7 === 0 ? 3 : 2, m % 7 === 0 ? 3 : 2);
    }
    old.close();

    const db = openDb(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    // A window with partial hours at both edges reads hours in the middle and minutes at the edges.
    const users = userRows(db, null, 615, 770).sort((a, b) => a.user.localeCompare(b.user));
    const want = (u: number): number => {
      let n = 0;
      for (let m = 615; m < 770; m++) n += u === 1 ? 2 : m % 7 === 0 ? 1 : 0;
      return n;
    };
    expect(users).toEqual([
      { user: 'ip:10.0.0.1', kind: 'ip', calls: want(1) },
      { user: 'usr_1', kind: 'jwt-sub', calls: want(2) },
    ]);
    const whole = userRows(db, null, 600, 780);
    expect(whole.reduce((a, u) => a + u.calls, 0)).toBe(total1 + total2);
    expect(minuteRows(db, null, 615, 770).reduce((a, r) => a + r.calls, 0)).toBe(want(1) + want(2));
    db.close();
  });

  it('migrates a schema-2 inventory and backfills daily call and hourly latency roll-ups exactly', () => {
    const file = `${dir}/v2.db`;
    const old = new Database(file);
    old.exec(MIGRATIONS[0]!);
    old.exec(MIGRATIONS[1]!);
    old.pragma('user_version = 2');
    old.prepare(`INSERT INTO endpoints (id, host, method, path, path_key, path_params, calls, first_run, last_run) VALUES (1, 'h', 'GET', '/a', '/a', '[]', 0, 1, 1), (2, 'h', 'GET', '/b', '/b', '[]', 0, 1, 1)`).run();
    const minute = old.prepare(`INSERT INTO minute_stats (endpoint_id, minute, calls, s2xx, s3xx, s4xx, s5xx, s_other) VALUES (?, ?, ?, ?, 0, 0, 0, 0)`);
    const all = old.prepare(`INSERT INTO all_latency_minute (minute, bucket, calls) VALUES (?, ?, ?)`);
    const per = old.prepare(`INSERT INTO latency_minute (endpoint_id, minute, bucket, calls) VALUES (?, ?, ?, ?)`);
    // Three days of traffic: /a every 5th minute (2 calls), /b every 11th minute (1 call); latency bucket by minute.
    const calls = (e: number, m: number): number => (e === 1 ? (m % 5 === 0 ? 2 : 0) : m % 11 === 0 ? 1 : 0);
    for (let m = 0; m < 3 * 1440; m++) {
      for (const e of [1, 2]) if (calls(e, m) > 0) minute.run(e, m, calls(e, m), calls(e, m));
      const n = calls(1, m) + calls(2, m);
      if (n > 0) all.run(m, m % 4, n);
      for (const e of [1, 2]) if (calls(e, m) > 0) per.run(e, m, m % 4, calls(e, m));
    }
    old.exec(`INSERT INTO hour_stats SELECT endpoint_id, minute / 60, sum(calls) FROM minute_stats GROUP BY 1, 2`);
    old.close();

    // A read-only command migrates it too (in place), then reads it.
    const db = openDb(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    // A window with whole days, partial days in hours and partial hours in minutes.
    const [from, until] = [1440 - 185, 2 * 1440 + 97];
    const want = (e: number): number => {
      let n = 0;
      for (let m = from; m < until; m++) n += calls(e, m);
      return n;
    };
    const busiest = busiestRows(db, from, until, 10);
    expect(busiest.map((b) => [b.path, b.calls])).toEqual([['/a', want(1)], ['/b', want(2)]]);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
    expect(tables).not.toContain('all_latency_minute'); // folded into hourly roll-ups, then dropped (migration 4)
    const histogram = new Map(latencyRows(db, null, from, until).map((r) => [r.bucket, r.count]));
    for (let bucket = 0; bucket < 4; bucket++) {
      let n = 0;
      for (let m = from; m < until; m++) if (m % 4 === bucket) n += calls(1, m) + calls(2, m);
      expect(histogram.get(bucket), `bucket ${bucket}`).toBe(n);
    }
    db.close();
  });

  it('migrates a schema-4 inventory: media types start empty, bodies keep the JSON fallback, new runs record them', () => {
    const file = `${dir}/v4.db`;
    const old = new Database(file);
    for (const m of MIGRATIONS.slice(0, 4)) old.exec(m);
    old.pragma('user_version = 4');
    old.prepare(`INSERT INTO meta (key, value) VALUES ('salt', 'old-salt')`).run();
    old.prepare(`INSERT INTO runs (id, status, started_at) VALUES (1, 'complete', '2024-03-01T00:00:00Z')`).run();
    old.prepare(`INSERT INTO endpoints (id, host, method, path, path_key, path_params, calls, first_run, last_run) VALUES (1, 'h', 'POST', '/charges', '/charges', '[]', 3, 1, 1)`).run();
    old.prepare(`INSERT INTO endpoint_status (endpoint_id, status, calls, first_run) VALUES (1, 200, 3, 1)`).run();
    const param = old.prepare(`INSERT INTO params (endpoint_id, location, status, name, types, types_prev, calls, first_run, last_run) VALUES (1, ?, ?, ?, 1, 1, 3, 1, 1)`);
    param.run('request.body', -1, '$.amount');
    param.run('response.body', 200, '$.id');
    old.close();

    // A read-only command migrates it in place, then reads it.
    const ro = openDb(file, { readonly: true });
    expect(ro.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(mediaTypeRows(ro)).toEqual([]);
    const before = loadInventory(ro).endpoints[0]!;
    expect(before).toMatchObject({ requestMediaTypes: {}, responseMediaTypes: {} });
    const op = buildOpenApi(loadInventory(ro), {})['h']!.paths['/charges']!['post'] as Record<string, any>;
    expect(Object.keys(op['requestBody']['content'])).toEqual(['application/json']);
    expect(Object.keys(op['responses']['200']['content'])).toEqual(['application/json']);
    ro.close();

    const db = openDb(file);
    const tx = new RunTransaction(db, 'after upgrade', '2024-03-02T00:00:00Z');
    const agg = new Aggregator();
    agg.add({
      ts: Date.UTC(2024, 2, 2), host: 'h', method: 'POST', template: '/charges', pathParams: [], concretePath: '/charges', status: 200, durationMs: 5,
      params: [], auth: { schemes: ['none'], jwt: null, oauthTokenEndpoint: false }, user: { key: 'ip:x', kind: 'ip' }, sensitive: [], clientIp: null, tags: [], cleartext: false,
      requestMediaType: 'application/x-www-form-urlencoded', responseMediaType: 'application/json',
    });
    new BatchWriter(db, tx.runId).write(agg.take());
    tx.commit({ calls: 1, skipped: 0, filtered: 0, firstTs: null, lastTs: null }, '2024-03-02T00:00:01Z');
    expect(mediaTypeRows(db).map(({ endpointId: _id, ...r }) => r)).toEqual([
      { location: 'request.body', status: -1, mediaType: 'application/x-www-form-urlencoded', calls: 1 },
      { location: 'response.body', status: 200, mediaType: 'application/json', calls: 1 },
    ]);
    db.close();
  });

  it('refuses to read a SQLite file that is not an inventory, and leaves it alone', () => {
    const file = `${dir}/foreign.db`;
    const other = new Database(file);
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    other.close();
    expect(() => openDb(file, { readonly: true })).toThrow(/not an akto-rt inventory/);
    const check = new Database(file, { readonly: true });
    expect(check.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all()).toEqual([{ name: 'notes' }]);
    check.close();
  });
});
