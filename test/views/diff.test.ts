import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import type { InventoryDoc } from '../../src/model/inventory.js';
import { CHANGE_KINDS, diffInventories, shouldFail } from '../../src/views/diff.js';
import { parseInventoryJson } from '../../src/views/inventory-json.js';

const load = (name: string): InventoryDoc =>
  parseInventoryJson(readFileSync(new URL(`../../fixtures/diff/${name}`, import.meta.url), 'utf8'), name);

const base = load('base.json');
const head = load('head.json');

/** The planted differences between fixtures/diff/base.json and head.json, and nothing else. */
const EXPECTED_CHANGES = [
  ['auth-removed', 'GET', '/orders/{id}'],
  ['param-added', 'POST', '/orders'],
  ['param-type-changed', 'POST', '/orders'],
  ['status-added', 'POST', '/orders'],
  ['sensitive-added', 'GET', '/account/profile'],
  ['endpoint-removed', 'GET', '/health'],
  ['endpoint-added', 'GET', '/v2/products'],
];

describe('diffInventories', () => {
  it('reports exactly the planted changes', () => {
    const view = diffInventories(base, head, { ignore: [] });
    expect(view.changes.map((c) => [c.kind, c.method, c.path]).sort()).toEqual([...EXPECTED_CHANGES].sort());
    expect(view.changes.every((c) => c.host === 'api.shop.test')).toBe(true);
  });

  it('describes each change', () => {
    const byKind = new Map(diffInventories(base, head, { ignore: [] }).changes.map((c) => [c.kind, c.detail]));
    expect(byKind.get('param-added')).toBe('request.query coupon (string)');
    expect(byKind.get('param-type-changed')).toBe('request.body $.qty: integer -> string');
    expect(byKind.get('status-added')).toBe('status 409');
    expect(byKind.get('sensitive-added')).toBe('response.body[200] $.email: email');
    expect(byKind.get('auth-removed')).toBe('auth bearer-jwt -> none');
    expect(byKind.get('endpoint-removed')).toBe('last seen 2024-05-01T11:00:00.000Z');
  });

  it('sorts changes by host, path, method, kind', () => {
    const paths = diffInventories(base, head, { ignore: [] }).changes.map((c) => c.path);
    expect(paths).toEqual([...paths].sort());
  });

  it('finds nothing between identical inventories or a doc and itself', () => {
    expect(diffInventories(base, base, { ignore: [] }).changes).toEqual([]);
    expect(diffInventories(head, structuredClone(head), { ignore: [] }).changes).toEqual([]);
  });

  it('treats concrete paths in base as the template that covers them in head', () => {
    const view = diffInventories(base, head, { ignore: [] });
    expect(view.changes.filter((c) => c.path.startsWith('/users'))).toEqual([]);
  });

  it('reports an endpoint answering 2xx without credentials as auth-removed', () => {
    const h = structuredClone(base);
    const ep = h.endpoints.find((e) => e.path === '/account/profile')!;
    ep.authTypes = ['bearer-jwt', 'none'];
    ep.unauthenticatedSuccess = true;
    const changes = diffInventories(base, h, { ignore: [] }).changes;
    expect(changes.map((c) => c.kind)).toEqual(['auth-removed']);
    expect(changes[0]!.detail).toMatch(/2xx without credentials/);
  });

  it('reports a different set of schemes as auth-changed', () => {
    const h = structuredClone(base);
    h.endpoints.find((e) => e.path === '/account/profile')!.authTypes = ['api-key'];
    const changes = diffInventories(base, h, { ignore: [] }).changes;
    expect(changes.map((c) => [c.kind, c.detail])).toEqual([['auth-changed', 'auth bearer-jwt -> api-key']]);
  });

  it('does not report calls without credentials that were refused (a logged-out check got 401)', () => {
    const h = structuredClone(base);
    const ep = h.endpoints.find((e) => e.path === '/account/profile')!;
    ep.authTypes = ['bearer-jwt', 'none'];
    ep.statusCodes = { ...ep.statusCodes, '401': 1 };
    const changes = diffInventories(base, h, { ignore: [] }).changes;
    expect(changes.map((c) => c.kind)).toEqual(['status-added']);
    // and when none were there before, a new credential scheme still is a change
    ep.authTypes = ['api-key', 'none'];
    expect(diffInventories(base, h, { ignore: [] }).changes.map((c) => c.kind)).toEqual(['auth-changed', 'status-added']);
  });

  it('does not report auth-removed when the head saw only calls without credentials, all refused', () => {
    const h = structuredClone(base);
    const ep = h.endpoints.find((e) => e.path === '/account/profile')!;
    ep.authTypes = ['none'];
    ep.unauthenticatedSuccess = false;
    ep.statusCodes = { '401': 2, '403': 1 };
    expect(diffInventories(base, h, { ignore: [] }).changes.map((c) => [c.kind, c.detail])).toEqual([
      ['status-added', 'status 401'],
      ['status-added', 'status 403'],
    ]);
    ep.unauthenticatedSuccess = true; // answered: now reachable without auth
    expect(diffInventories(base, h, { ignore: [] }).changes.filter((c) => c.kind.startsWith('auth'))).toMatchObject([{ kind: 'auth-removed', detail: 'auth bearer-jwt -> none' }]);
  });

  it('keeps a literal apart from a template its own inventory also has: a new /orders/export is endpoint-added', () => {
    const tmpl = base.endpoints.find((e) => e.path === '/orders/{orderId}')!;
    const h = structuredClone(base);
    h.endpoints.push({ ...structuredClone(tmpl), path: '/orders/export', authTypes: ['none'], unauthenticatedSuccess: true, params: [], sensitiveTypes: [] });
    const view = diffInventories(base, h, { ignore: [] });
    expect(view.changes.map((c) => [c.kind, c.path])).toEqual([['endpoint-added', '/orders/export']]);
    // and the other way round: a literal that only the base kept apart is endpoint-removed, and what
    // the template gained is reported on the template, not hidden by merging the literal into it
    const b = structuredClone(h);
    const h2 = structuredClone(base);
    h2.endpoints.find((e) => e.path === '/orders/{orderId}')!.sensitiveTypes = ['email'];
    expect(diffInventories(b, h2, { ignore: [] }).changes.map((c) => [c.kind, c.path])).toEqual([
      ['endpoint-removed', '/orders/export'],
      ['sensitive-added', '/orders/{orderId}'],
    ]);
  });

  it('flags sensitive data on a new endpoint so a sensitive-added gate catches it', () => {
    const h = structuredClone(head);
    h.endpoints.find((e) => e.path === '/v2/products')!.params[0]!.sensitiveTypes = ['credit-card'];
    const kinds = diffInventories(base, h, { ignore: [] }).changes.filter((c) => c.path === '/v2/products').map((c) => c.kind);
    expect(kinds).toEqual(['endpoint-added', 'sensitive-added']);
  });

  it('applies ignore patterns by path, host and kind', () => {
    const kinds = (ignore: string[]): string[] => diffInventories(base, head, { ignore }).changes.map((c) => c.kind).sort();
    expect(kinds(['/orders'])).not.toContain('param-added');
    expect(kinds(['path:/orders*'])).toEqual(['auth-removed', 'endpoint-added', 'endpoint-removed', 'sensitive-added']);
    expect(kinds(['/v2/**'])).not.toContain('endpoint-added');
    expect(kinds(['kind:status-added', 'kind:param-*'])).toEqual(['auth-removed', 'endpoint-added', 'endpoint-removed', 'sensitive-added']);
    expect(kinds(['host:*.shop.test'])).toEqual([]);
    expect(kinds(['host:other.test'])).toHaveLength(EXPECTED_CHANGES.length);
  });

  it('matches placeholders in a path pattern whatever their names, as endpoints are addressed', () => {
    const at = (ignore: string[]): string[] => diffInventories(base, head, { ignore }).changes.map((c) => `${c.kind} ${c.path}`);
    expect(at([])).toContain('auth-removed /orders/{id}');
    for (const p of ['path:/orders/{orderId}', '/orders/{}', '/orders/{id}']) expect(at([p]), p).not.toContain('auth-removed /orders/{id}');
    expect(at(['/orders/x'])).toContain('auth-removed /orders/{id}'); // a literal is not a placeholder
  });

  it('spells a path pattern as captured paths are stored: a space, non-ASCII', () => {
    const spaced = { ...head, endpoints: head.endpoints.map((e) => (e.path === '/orders/{id}' ? { ...e, path: '/my%20orders/caf%C3%A9/{id}' } : e)) };
    const at = (ignore: string[]): string[] => diffInventories(base, spaced, { ignore }).changes.map((c) => c.path);
    expect(at([])).toContain('/my%20orders/caf%C3%A9/{id}');
    for (const p of ['/my orders/café/*', 'path:/my orders/**', '/my%20orders/caf%c3%a9/{}']) expect(at([p]), p).not.toContain('/my%20orders/caf%C3%A9/{id}');
  });

  it('rejects unknown ignore prefixes and kinds', () => {
    expect(() => diffInventories(base, head, { ignore: ['kind:endpoint-gone'] })).toThrow(UsageError);
    expect(() => diffInventories(base, head, { ignore: ['colour:red'] })).toThrow(/unknown ignore pattern prefix/);
  });
});

describe('shouldFail', () => {
  const view = diffInventories(base, head, { ignore: [] });

  it('trips on a listed kind that occurred, or on any', () => {
    expect(shouldFail(view, ['auth-removed'])).toBe(true);
    expect(shouldFail(view, ['auth-changed'])).toBe(false);
    expect(shouldFail(view, ['auth-changed,endpoint-removed'])).toBe(true);
    expect(shouldFail(view, ['any'])).toBe(true);
    expect(shouldFail({ changes: [], failOn: [] }, ['any'])).toBe(false);
    expect(shouldFail(view, [])).toBe(false);
  });

  it('rejects an unknown kind, listing the valid ones', () => {
    expect(() => shouldFail(view, ['endpoint-deleted'])).toThrow(UsageError);
    expect(() => shouldFail(view, ['endpoint-deleted'])).toThrow(new RegExp(`valid kinds: any, ${CHANGE_KINDS.join(', ')}`));
    expect(() => diffInventories(base, head, { ignore: [], failOn: ['nope'] })).toThrow(UsageError);
  });
});
