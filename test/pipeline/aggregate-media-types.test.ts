// Body media types are counted per endpoint (requests) and per endpoint and status (responses), and
// batches merged in input order hold what folding their calls in one batch would.

import { describe, expect, it } from 'vitest';
import type { Batch } from '../../src/model/batch.js';
import type { CallFacts } from '../../src/model/facts.js';
import { Aggregator, mergeBatch } from '../../src/pipeline/aggregate.js';
import { generatedFacts } from './helpers.js';

const base: CallFacts = {
  ts: Date.UTC(2024, 2, 4, 10, 0, 0),
  host: 'api.example.com',
  method: 'POST',
  template: '/v1/charges',
  pathParams: [],
  concretePath: '/v1/charges',
  status: 200,
  durationMs: 12,
  params: [],
  auth: { schemes: ['none'], jwt: null, oauthTokenEndpoint: false },
  user: { key: 'ip:10.0.0.x~0a1b2c3d', kind: 'ip' },
  sensitive: [],
  clientIp: null,
  tags: [],
  cleartext: false,
};

function fold(facts: readonly CallFacts[]): Batch {
  const a = new Aggregator();
  for (const f of facts) a.add(f);
  return a.take();
}

const media = (b: Batch) =>
  [...b.endpoints.values()].map((e) => ({
    endpoint: `${e.method} ${e.template}`,
    request: [...e.requestMedia],
    response: [...e.responseMedia].map(([status, types]) => [status, [...types]]),
  }));

const FORM = 'application/x-www-form-urlencoded';

describe('aggregating body media types', () => {
  it('counts request types per endpoint and response types per status; calls without one count nothing', () => {
    const calls: CallFacts[] = [
      { ...base, requestMediaType: FORM, responseMediaType: 'application/json' },
      { ...base, requestMediaType: FORM, responseMediaType: 'application/json' },
      { ...base, requestMediaType: 'multipart/form-data', status: 400, responseMediaType: 'application/problem+json' },
      { ...base, status: 400, responseMediaType: 'text/html' },
      { ...base, status: null },
      { ...base, requestMediaType: undefined, responseMediaType: undefined },
      { ...base, template: '/v1/ping', method: 'GET', responseMediaType: 'text/plain' },
    ];
    expect(media(fold(calls))).toEqual([
      {
        endpoint: 'POST /v1/charges',
        request: [[FORM, 2], ['multipart/form-data', 1]],
        response: [[200, [['application/json', 2]]], [400, [['application/problem+json', 1], ['text/html', 1]]]],
      },
      { endpoint: 'GET /v1/ping', request: [], response: [[200, [['text/plain', 1]]]] },
    ]);
  });

  it('merges batches in input order into what one batch of all the calls holds', () => {
    const facts = generatedFacts(1200, 21);
    const whole = fold(facts);
    // The generated traffic has JSON, form, CSV and text bodies.
    const types = new Set(media(whole).flatMap((e) => [...e.request.map(([t]) => t), ...e.response.flatMap(([, l]) => (l as [string, number][]).map(([t]) => t))]));
    expect([...types]).toEqual(expect.arrayContaining(['application/json', FORM, 'text/csv']));
    for (const cuts of [[600], [1, 300, 301, 900]]) {
      const bounds = [0, ...cuts, facts.length];
      const merged = fold(facts.slice(0, bounds[1]));
      for (let i = 1; i < bounds.length - 1; i++) mergeBatch(merged, fold(facts.slice(bounds[i], bounds[i + 1])));
      expect(media(merged)).toEqual(media(whole));
    }
  });
});
