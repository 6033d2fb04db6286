// The aggregator: per-call counting rules, and merging batches in input order equals folding their
// calls one by one (what lets worker threads aggregate chunks in parallel).

import { describe, expect, it } from 'vitest';
import type { Batch, CallLog } from '../../src/model/batch.js';
import type { CallFacts } from '../../src/model/facts.js';
import { Aggregator, mergeBatch } from '../../src/pipeline/aggregate.js';
import { callLogRows, generatedFacts } from './helpers.js';

/** A comparable view of a batch: Maps as entry lists in insertion order, per-call bookkeeping dropped. */
function plain(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && 'minute' in v && 'n' in v) return callLogRows(v as CallLog);
  if (v instanceof Map) return [...v].map(([k, x]) => [k, plain(x)]);
  if (v instanceof Set) return [...v].sort();
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'lastCall').map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

function fold(facts: readonly CallFacts[]): Batch {
  const a = new Aggregator();
  for (const f of facts) a.add(f);
  return a.take();
}

const base: CallFacts = {
  ts: Date.UTC(2024, 2, 4, 10, 0, 0),
  host: 'api.example.com',
  method: 'GET',
  template: '/users/{userId}',
  pathParams: [{ name: 'userId', type: 'integer' }],
  concretePath: '/users/1',
  status: 200,
  durationMs: 12,
  params: [],
  auth: { schemes: ['none'], jwt: null, oauthTokenEndpoint: false },
  user: { key: 'ip:10.0.0.x~0a1b2c3d', kind: 'ip', ip: '10.0.0.1' },
  sensitive: [],
  clientIp: null,
  tags: [],
  cleartext: false,
};

describe('aggregating calls', () => {
  it('counts a parameter once per call however often it occurs, and ORs its types', () => {
    const f: CallFacts = {
      ...base,
      params: [
        { location: 'response.body', name: '$.items[*].id', type: 'integer' },
        { location: 'response.body', name: '$.items[*].id', type: 'string' },
        { location: 'request.query', name: 'q', type: 'string' },
      ],
    };
    const b = fold([f, f]);
    const e = [...b.endpoints.values()][0]!;
    const id = e.params.get('response.body')!.get(200)!.get('$.items[*].id')!;
    expect(id.calls).toBe(2);
    expect(id.types).toBe(1 | 2); // string | integer
    expect(e.params.get('request.query')!.get(-1)!.get('q')!.calls).toBe(2);
  });

  it('keeps every distinct path value of a batch with its exact call count, in first-seen order', () => {
    const calls = ['7', '3', '7', '9', '7'].map((id) => ({ ...base, concretePath: `/users/${id}` }));
    const e = [...fold(calls).endpoints.values()][0]!;
    expect([...e.pathValues.get('userId')!]).toEqual([['7', 3], ['3', 1], ['9', 1]]);
  });

  it('remembers what a placeholder stood for: without its literal suffix, a rest parameter whole', () => {
    const at = (template: string, name: string, paths: string[]) =>
      [...[...fold(paths.map((concretePath) => ({ ...base, template, pathParams: [{ name, type: 'integer' as const }], concretePath }))).endpoints.values()][0]!.pathValues.get(name)!.keys()];
    expect(at('/products/{productId}.json', 'productId', ['/products/632910392.json', '/products/7.json'])).toEqual(['632910392', '7']);
    expect(at('/operations/{operationId}:cancel', 'operationId', ['/operations/123:cancel'])).toEqual(['123']);
    expect(at('/files/{path+}', 'path', ['/files/a/b/c.txt', '/files/x'])).toEqual(['a/b/c.txt', 'x']);
    expect(at('/files/{path+}/raw', 'path', ['/files/a/b/raw'])).toEqual(['a/b']);
    expect(at('/v{version}/ping', 'version', ['/v2/ping'])).toEqual(['2']);
  });

  it('samples the first call and replaces it once, by the first 2xx call', () => {
    const sample = (url: string) => ({ request: { method: 'GET', url, headers: [], body: null }, response: null });
    const calls: CallFacts[] = [
      { ...base, status: 404, sample: sample('first-404') },
      { ...base, status: 500, sample: sample('later-500') },
      { ...base, status: 200, sample: sample('first-200') },
      { ...base, status: 201, sample: sample('later-201') },
    ];
    const e = [...fold(calls).endpoints.values()][0]!;
    expect(e.sample).toEqual({ ok: true, sample: sample('first-200') });
    // The same split across batches merged in order.
    const a = fold(calls.slice(0, 2));
    mergeBatch(a, fold(calls.slice(2)));
    expect([...a.endpoints.values()][0]!.sample).toEqual({ ok: true, sample: sample('first-200') });
  });

  it('merging chunk batches in input order equals folding all calls in one batch', () => {
    const facts = generatedFacts(1500, 11);
    expect(facts.length).toBeGreaterThan(1000);
    const whole = fold(facts);
    for (const cuts of [[500], [1, 700, 701, 1200], [100, 200, 300, 400, 900]]) {
      const bounds = [0, ...cuts, facts.length];
      const merged = fold(facts.slice(0, bounds[1]));
      for (let i = 1; i < bounds.length - 1; i++) mergeBatch(merged, fold(facts.slice(bounds[i], bounds[i + 1])));
      expect(plain(merged)).toEqual(plain(whole));
    }
    // Insertion order is what assigns ids in the store: endpoints and users in order of first appearance.
    expect([...whole.users.keys()]).toEqual([...new Set(facts.map((f) => f.user.key))]);
    expect([...whole.endpoints.keys()]).toEqual([...new Set(facts.map((f) => `${f.host}\t${f.method}\t${f.template}`))]);
  });
});
