// The stats rows the writer folds from a batch's call log: exact per minute, hour, day, user and
// latency bucket whatever the order of the calls (captures merged from several files are not in
// time order), with busy minutes holding many users.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { CallFacts } from '../../src/model/facts.js';
import { Aggregator } from '../../src/pipeline/aggregate.js';
import { latencyBucket } from '../../src/analyzers/latency.js';
import { openDb, type Db } from '../../src/store/db.js';
import { RunTransaction } from '../../src/store/runs.js';
import { BatchWriter } from '../../src/store/writer.js';
import { tempDir } from '../helpers.js';

const T0 = Date.UTC(2024, 2, 4, 23, 58, 0); // two minutes before a new hour and a new day

function call(i: number): CallFacts {
  const endpoint = i % 3;
  return {
    ts: T0 + ((i * 7919) % 300) * 1000, // five minutes, across the hour and day boundary
    host: 'api.example.com',
    method: 'GET',
    template: `/e${endpoint}`,
    pathParams: [],
    concretePath: `/e${endpoint}`,
    status: [200, 201, 302, 404, 500, null][i % 6]!,
    durationMs: i % 5 === 0 ? null : (i % 40) * 3,
    params: [],
    auth: { schemes: ['none'], jwt: null, oauthTokenEndpoint: false },
    user: { key: `key:u${i % 23}`, kind: 'api-key' }, // 23 users: more than a short run list holds
    sensitive: [],
    clientIp: null,
    tags: [],
    cleartext: false,
  };
}

const TABLES: Record<string, string> = {
  minute: `SELECT e.path, s.minute, s.calls, s.s2xx, s.s3xx, s.s4xx, s.s5xx, s.s_other FROM minute_stats s JOIN endpoints e ON e.id = s.endpoint_id`,
  hour: `SELECT e.path, s.hour, s.calls FROM hour_stats s JOIN endpoints e ON e.id = s.endpoint_id`,
  day: `SELECT e.path, s.day, s.calls FROM day_stats s JOIN endpoints e ON e.id = s.endpoint_id`,
  userMinute: `SELECT e.path, s.minute, u.key, s.calls FROM user_minute s JOIN endpoints e ON e.id = s.endpoint_id JOIN users u ON u.id = s.user_id`,
  userHour: `SELECT e.path, s.hour, u.key, s.calls FROM user_hour s JOIN endpoints e ON e.id = s.endpoint_id JOIN users u ON u.id = s.user_id`,
  latency: `SELECT e.path, s.minute, s.bucket, s.calls FROM latency_minute s JOIN endpoints e ON e.id = s.endpoint_id`,
  allMinute: `SELECT minute, calls, s2xx, s3xx, s4xx, s5xx, s_other FROM all_minute_stats`,
  allUserHour: `SELECT s.hour, u.key, s.calls FROM all_user_hour s JOIN users u ON u.id = s.user_id`,
  allLatencyHour: `SELECT hour, bucket, calls FROM all_latency_hour`,
};

function dump(db: Db): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, sql] of Object.entries(TABLES)) out[name] = db.prepare(sql).raw().all().map((r) => JSON.stringify(r)).sort();
  return out;
}

function write(path: string, facts: CallFacts[], batchCalls: number): Record<string, string[]> {
  const db = openDb(path);
  const tx = new RunTransaction(db, 'test', new Date().toISOString());
  const writer = new BatchWriter(db, tx.runId);
  const agg = new Aggregator();
  for (const f of facts) {
    agg.add(f);
    if (agg.calls >= batchCalls) writer.write(agg.take());
  }
  writer.write(agg.take());
  tx.commit({ calls: facts.length, skipped: 0, filtered: 0, firstTs: T0, lastTs: T0 + 300_000 }, new Date().toISOString());
  const rows = dump(db);
  db.close();
  return rows;
}

/** What the tables must hold, counted straight from the calls. */
function expected(facts: CallFacts[]): Record<string, string[]> {
  const classes = (f: CallFacts): number[] => {
    const s = f.status ?? 0;
    const c = s >= 200 && s < 600 ? Math.floor(s / 100) - 2 : 4;
    return [1, ...[0, 1, 2, 3, 4].map((i) => (i === c ? 1 : 0))];
  };
  const group = (key: (f: CallFacts) => unknown[] | null, values: (f: CallFacts) => number[] = () => [1]): string[] => {
    const m = new Map<string, number[]>();
    for (const f of facts) {
      const k = key(f);
      if (!k) continue;
      const v = values(f);
      const id = JSON.stringify(k);
      const sum = m.get(id);
      m.set(id, sum ? sum.map((x, i) => x + v[i]!) : v);
    }
    return [...m].map(([k, v]) => JSON.stringify([...(JSON.parse(k) as unknown[]), ...v])).sort();
  };
  const minute = (f: CallFacts): number => Math.floor(f.ts / 60000);
  const hour = (f: CallFacts): number => Math.floor(minute(f) / 60);
  return {
    minute: group((f) => [f.template, minute(f)], classes),
    hour: group((f) => [f.template, hour(f)]),
    day: group((f) => [f.template, Math.floor(hour(f) / 24)]),
    userMinute: group((f) => [f.template, minute(f), f.user.key]),
    userHour: group((f) => [f.template, hour(f), f.user.key]),
    latency: group((f) => (f.durationMs === null ? null : [f.template, minute(f), latencyBucket(f.durationMs)])),
    allMinute: group((f) => [minute(f)], classes),
    allUserHour: group((f) => [hour(f), f.user.key]),
    allLatencyHour: group((f) => (f.durationMs === null ? null : [hour(f), latencyBucket(f.durationMs)])),
  };
}

describe('stats rows written from the call log', () => {
  const dir = tempDir();
  const facts = Array.from({ length: 600 }, (_, i) => call(i));
  const inOrder = [...facts].sort((a, b) => a.ts - b.ts);

  it('are exact for calls out of time order, in one batch or many', () => {
    const want = expected(facts);
    const ordered = write(join(dir, 'ordered.db'), inOrder, 10_000);
    expect(ordered).toEqual(want);
    expect(ordered.minute).toHaveLength(3 * 5); // 3 endpoints, 5 minutes each
    expect(ordered.day).toHaveLength(3 * 2); // the calls cross midnight
    for (const [name, batchCalls] of [['shuffled', 10_000], ['shuffled-batches', 97]] as const) {
      expect(write(join(dir, `${name}.db`), facts, batchCalls)).toEqual(ordered);
    }
  });

  it('count status classes per minute, for each endpoint and for all traffic', () => {
    const rows = write(join(dir, 'classes.db'), facts, 10_000);
    const sum = (table: string[], col: number): number => table.reduce((a, r) => a + (JSON.parse(r) as number[])[col]!, 0);
    expect(sum(rows.minute!, 2)).toBe(600);
    expect(sum(rows.allMinute!, 1)).toBe(600);
    // [200, 201, 302, 404, 500, null] repeat: 2xx twice in six calls, every other class once.
    expect([3, 4, 5, 6, 7].map((c) => sum(rows.minute!, c))).toEqual([200, 100, 100, 100, 100]);
    expect([2, 3, 4, 5, 6].map((c) => sum(rows.allMinute!, c))).toEqual([200, 100, 100, 100, 100]);
  });
});
