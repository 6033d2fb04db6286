// A large synthetic inventory for the query benchmarks (`stats`, `endpoints`), written through the real
// BatchWriter as aggregated batches, so it takes seconds instead of parsing tens of gigabytes of traffic:
// N endpoints across hosts, calls spread Zipf-like over them and over a week with a daily cycle.

import { Rng } from './traffic-model.js';
import { latencyBucket } from '../src/analyzers/latency.js';
import { STATUS_2XX, STATUS_4XX, emptyBatch, type Batch, type EndpointAgg } from '../src/model/batch.js';
import { logCall } from '../src/pipeline/call-log.js';
import { openDb } from '../src/store/db.js';
import { RunTransaction } from '../src/store/runs.js';
import { BatchWriter } from '../src/store/writer.js';

export interface FillOptions {
  endpoints: number;
  calls: number;
  days: number;
  startMs: number;
  seed: number;
}

/** Small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

const METHODS = ['GET', 'GET', 'POST', 'PUT', 'DELETE'];
const PARAMS: [string, string, number][] = [
  ['request.header', 'authorization', 1], ['request.header', 'accept', 1], ['request.header', 'user-agent', 1],
  ['request.query', 'page', 2], ['request.query', 'limit', 2], ['response.header', 'content-type', 1],
  ['response.body', '$.id', 2], ['response.body', '$.name', 1], ['response.body', '$.items[*].id', 2],
  ['response.body', '$.items[*].price', 4], ['response.body', '$.owner.email', 1], ['response.body', '$.createdAt', 1],
];
const USERS_PER_ENDPOINT = 3;

function endpointAgg(i: number, ts: number, index: number): EndpointAgg {
  const host = `api${i % 10}.bench.example`;
  return {
    index, host, method: METHODS[i % METHODS.length]!, template: `/v1/svc${i % 40}/items${i}/{itemId}`, pathParams: [{ name: 'itemId', type: 'integer' }],
    calls: 0, firstSeen: ts, lastSeen: ts, oauthToken: false, publicCalls: 0, privateCalls: 0, cleartextCalls: 0, tags: new Set(), statuses: new Map(),
    params: new Map(), auth: new Map(), jwt: new Map(), sensitive: new Map(),
    requestMedia: new Map(), responseMedia: new Map(), pathValues: new Map(), sample: null,
  };
}

/** Per-endpoint parameters, auth and findings, counted as if every call carried them. */
function finishEndpoint(e: EndpointAgg, i: number): void {
  for (const [location, name, types] of PARAMS) {
    const status = location.startsWith('response.') ? 200 : -1;
    let byStatus = e.params.get(location);
    if (!byStatus) e.params.set(location, (byStatus = new Map()));
    let byName = byStatus.get(status);
    if (!byName) byStatus.set(status, (byName = new Map()));
    byName.set(name, { location, status, name, types, calls: e.calls, firstSeen: e.firstSeen, lastCall: 0 });
  }
  e.responseMedia.set(200, new Map([['application/json', e.calls]]));
  e.auth.set(i % 7 === 0 ? 'none' : 'bearer-jwt', { calls: e.calls, ok: Math.round(e.calls * 0.95) });
  if (i % 9 === 0) e.sensitive.set(`response.body\u0000$.owner.email\u0000email`, { location: 'response.body', param: '$.owner.email', type: 'email', calls: e.calls, firstSeen: e.firstSeen, lastSeen: e.lastSeen });
}

/** Builds the inventory at `path` (which must not exist yet); returns the number of calls stored. */
export function fillInventory(path: string, o: FillOptions): number {
  const db = openDb(path);
  const tx = new RunTransaction(db, 'bench-fill', new Date().toISOString());
  const writer = new BatchWriter(db, tx.runId);
  const rand = rng(o.seed);
  // Zipf-like endpoint popularity, as a cumulative table for sampling.
  const cum = new Float64Array(o.endpoints);
  let acc = 0;
  for (let i = 0; i < o.endpoints; i++) cum[i] = acc += 1 / Math.pow(i + 1, 1.1);
  const pick = (): number => {
    const x = rand() * acc;
    let lo = 0;
    let hi = o.endpoints - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const minutes = Math.round(o.days * 1440);
  const weight = (m: number): number => 0.3 + Math.pow(Math.sin((Math.PI * (m % 1440)) / 1440), 2);
  let totalWeight = 0;
  for (let m = 0; m < minutes; m++) totalWeight += weight(m);
  const startMinute = Math.floor(o.startMs / 60000);
  const seen = new Set<number>();
  let stored = 0;
  let batch: Batch = emptyBatch();
  const flush = (): void => {
    for (const e of batch.endpoints.values()) finishEndpoint(e, Number(/items(\d+)/.exec(e.template)![1]));
    writer.write(batch);
    batch = emptyBatch();
  };
  for (let m = 0; m < minutes; m++) {
    const minute = startMinute + m;
    const ts = minute * 60000;
    const n = Math.round((o.calls * weight(m)) / totalWeight);
    for (let c = 0; c < n; c++) {
      const i = seen.size < o.endpoints ? seen.size : pick(); // every endpoint appears at least once
      seen.add(i);
      const key = String(i);
      let e = batch.endpoints.get(key);
      if (!e) batch.endpoints.set(key, (e = endpointAgg(i, ts, batch.endpoints.size)));
      const ok = rand() < 0.93;
      const user = `key:u${(i % 97) * USERS_PER_ENDPOINT + Math.floor(rand() * USERS_PER_ENDPOINT)}`;
      e.calls++;
      e.lastSeen = ts;
      e.statuses.set(ok ? 200 : 404, (e.statuses.get(ok ? 200 : 404) ?? 0) + 1);
      let u = batch.users.get(user);
      if (u === undefined) {
        u = batch.userKinds.length;
        batch.users.set(user, u);
        batch.userKinds.push('api-key');
      }
      // Each endpoint answers in its own few latency buckets.
      const bucket = latencyBucket(10 + (i % 50) * 4) + Math.floor(rand() ** 3 * 4);
      logCall(batch.log, e.index, minute, u, ok ? STATUS_2XX : STATUS_4XX, bucket);
      batch.calls++;
    }
    stored += n;
    if (batch.calls >= 200_000) flush();
  }
  flush();
  tx.commit({ calls: stored, skipped: 0, filtered: 0, firstTs: o.startMs, lastTs: o.startMs + minutes * 60000 }, new Date().toISOString());
  db.close();
  return stored;
}
