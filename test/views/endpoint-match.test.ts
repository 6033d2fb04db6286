import { describe, expect, it } from 'vitest';
import type { InventoryEndpoint } from '../../src/model/inventory.js';
import { mergeEndpoints, normalizeTemplate, pairEndpoints, templateMatches } from '../../src/views/endpoint-match.js';

function ep(path: string, over: Partial<InventoryEndpoint> = {}): InventoryEndpoint {
  return {
    host: 'api.test', method: 'GET', path, pathParams: [], calls: 1, statusCodes: { '200': 1 },
    firstSeen: '2024-01-01T00:00:00.000Z', lastSeen: '2024-01-01T00:00:00.000Z', authTypes: ['bearer'],
    auth: [{ scheme: 'bearer', calls: 1 }], unauthenticatedSuccess: false, oauthTokenEndpoint: false,
    sensitiveTypes: [], accessType: 'private', riskScore: 1, params: [], tags: [], ...over,
  };
}

describe('templateMatches', () => {
  it.each([
    ['/users/{userId}', '/users/42', true],
    ['/users/{userId}', '/users/{id}', true],
    ['/users/{userId}', '/users', false],
    ['/users/{userId}', '/users/42/orders', false],
    ['/users/{userId}', '/users/', false],
    ['/users/me', '/users/{id}', false],
    ['/users/me', '/users/me', true],
    ['/files/{name}.json', '/files/report.json', true],
    ['/files/{name}.json', '/files/report.csv', false],
    ['/graphql#GetUser', '/graphql#GetUser', true],
    ['/graphql#GetUser', '/graphql#ListUsers', false],
    ['/graphql', '/graphql#GetUser', false],
  ])('%s covers %s: %s', (template, path, expected) => {
    expect(templateMatches(template, path)).toBe(expected);
  });

  it('normalizes placeholder names away', () => {
    expect(normalizeTemplate('/a/{x}/b/{y}')).toBe('/a/{}/b/{}');
  });
});

describe('pairEndpoints', () => {
  it('pairs templates that differ only in placeholder names', () => {
    const pairs = pairEndpoints([ep('/users/{id}')], [ep('/users/{userId}')]);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]!.base?.path).toBe('/users/{id}');
    expect(pairs[0]!.head?.path).toBe('/users/{userId}');
    expect(pairs[0]!.path).toBe('/users/{userId}');
  });

  it('folds many concrete base paths into the head template that covers them', () => {
    const base = [ep('/users/1', { calls: 2 }), ep('/users/2', { calls: 3, statusCodes: { '404': 1 } }), ep('/users/1/orders')];
    const pairs = pairEndpoints(base, [ep('/users/{userId}'), ep('/users/{userId}/orders')]);
    expect(pairs.map((p) => [p.path, p.base !== null, p.head !== null])).toEqual([
      ['/users/{userId}', true, true],
      ['/users/{userId}/orders', true, true],
    ]);
    expect(pairs[0]!.base?.calls).toBe(5);
    expect(pairs[0]!.base?.statusCodes).toEqual({ '200': 1, '404': 1 });
  });

  it('also folds concrete head paths into a base template', () => {
    const pairs = pairEndpoints([ep('/items/{id}')], [ep('/items/7'), ep('/items/8')]);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]!.head?.calls).toBe(2);
  });

  it('prefers the most specific covering template', () => {
    const pairs = pairEndpoints([ep('/users/me')], [ep('/users/{id}'), ep('/users/{id}', { method: 'POST' }), ep('/{a}/{b}')]);
    const me = pairs.find((p) => p.base !== null);
    expect(me?.path).toBe('/users/{id}');
    expect(me?.method).toBe('GET');
  });

  it('keeps hosts and methods apart', () => {
    const pairs = pairEndpoints([ep('/a', { host: 'one.test' }), ep('/a', { method: 'POST' })], [ep('/a')]);
    expect(pairs.map((p) => `${p.host} ${p.method} ${p.base ? 'B' : '-'}${p.head ? 'H' : '-'}`)).toEqual([
      'api.test GET -H',
      'api.test POST B-',
      'one.test GET B-',
    ]);
  });
});

describe('mergeEndpoints', () => {
  it('unions auth, sensitive types and params and keeps the widest template', () => {
    const merged = mergeEndpoints([
      ep('/u/1', { authTypes: ['bearer'], params: [{ location: 'request.query', name: 'q', types: ['integer'], required: true, sensitiveTypes: [] }] }),
      ep('/u/{id}', {
        authTypes: ['none'], unauthenticatedSuccess: true, sensitiveTypes: ['email'],
        params: [{ location: 'request.query', name: 'q', types: ['string'], required: false, sensitiveTypes: ['email'] }],
      }),
    ]);
    expect(merged.path).toBe('/u/{id}');
    expect(merged.authTypes).toEqual(['bearer', 'none']);
    expect(merged.unauthenticatedSuccess).toBe(true);
    expect(merged.params).toEqual([{ location: 'request.query', name: 'q', types: ['integer', 'string'], required: false, sensitiveTypes: ['email'] }]);
    expect(merged.calls).toBe(2);
  });

  it('adds up cleartext calls, and leaves them out when neither side has them (older exports)', () => {
    expect(mergeEndpoints([ep('/u/1', { cleartextCalls: 1 }), ep('/u/{id}', { cleartextCalls: 0 }), ep('/u/2', {})]).cleartextCalls).toBe(1);
    expect('cleartextCalls' in mergeEndpoints([ep('/u/1', {}), ep('/u/{id}', {})])).toBe(false);
  });
});
