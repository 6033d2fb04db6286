// Issue: API changes between runs and `diff` as a CI gate — from real captures, through the CLI.
import { writeFileSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf, type SimpleCall } from '../har-builder.js';

const BEARER = { Authorization: 'Bearer opaque-token-abcdef0123456789' };

function capture(variant: 'base' | 'head'): SimpleCall[] {
  const h = variant === 'head';
  const calls: SimpleCall[] = [];
  for (const id of [1, 2, 3]) {
    calls.push({ method: 'GET', url: `https://api.example.com/users/${id}`, status: 200, headers: BEARER, response: { id, name: 'Ann', ...(h ? { nickname: 'a' } : {}) } });
    calls.push({ method: 'GET', url: `https://api.example.com/orders/${id}`, status: 200, headers: BEARER, response: { id, total: h ? '12.50' : 12.5 } });
    // the invoice endpoint loses its auth in head
    calls.push({ method: 'GET', url: `https://api.example.com/invoices/${id}`, status: 200, headers: h ? {} : BEARER, response: { id } });
    calls.push({ method: 'GET', url: `https://api.example.com/profile/${id}`, status: 200, headers: BEARER, response: h ? { id, contact: 'ann.smith@example.org' } : { id } });
  }
  if (!h) calls.push({ method: 'DELETE', url: 'https://api.example.com/legacy/cleanup', status: 204, headers: BEARER });
  if (h) calls.push({ method: 'POST', url: 'https://api.example.com/reports', status: 201, headers: BEARER, body: { kind: 'daily' }, response: { ok: true } });
  return calls;
}

describe('diff between two inventories built from two captures', () => {
  const dir = tempDir();
  const base = `${dir}/base.db`;
  const head = `${dir}/head.db`;

  it('reports exactly the planted changes, in every format, with the right exit codes', async () => {
    writeFileSync(`${dir}/base.har`, harOf(capture('base')));
    writeFileSync(`${dir}/head.har`, harOf(capture('head')));
    expect((await cli(['analyze', `${dir}/base.har`, '--db', base])).code).toBe(0);
    expect((await cli(['analyze', `${dir}/head.har`, '--db', head])).code).toBe(0);

    const j = await cli(['diff', base, head, '--format', 'json']);
    expect(j.code).toBe(0);
    const changes = JSON.parse(j.stdout).changes as { kind: string; method: string; path: string; detail: string }[];
    const got = changes.map((c) => `${c.kind} ${c.method} ${c.path}`).sort();
    expect(got).toEqual(
      [
        'auth-removed GET /invoices/{invoiceId}',
        'endpoint-added POST /reports',
        'endpoint-removed DELETE /legacy/cleanup',
        'param-added GET /users/{userId}',
        'param-type-changed GET /orders/{orderId}',
        'sensitive-added GET /profile/{profileId}',
        'param-added GET /profile/{profileId}',
      ].sort(),
    );
    expect(changes.find((c) => c.kind === 'param-added' && c.path === '/users/{userId}')!.detail).toContain('$.nickname');

    const gate = await cli(['diff', base, head, '--fail-on', 'auth-removed,sensitive-added']);
    expect(gate.code).toBe(1);
    const pass = await cli(['diff', base, head, '--fail-on', 'status-added']);
    expect(pass.code).toBe(0);
    expect((await cli(['diff', base, head, '--fail-on', 'any'])).code).toBe(1);
    // Repeated gates add up: a later --fail-on never switches an earlier one off.
    const stacked = await cli(['diff', base, head, '--fail-on', 'auth-removed', '--fail-on', 'status-added', '--format', 'json']);
    expect(stacked.code).toBe(1);
    expect(JSON.parse(stacked.stdout).gate.failOn).toEqual(['auth-removed', 'status-added']);
    expect((await cli(['diff', base, head, '--fail-on', 'auth-removed', '--fail-on', ''])).code).toBe(2);

    const md = await cli(['diff', base, head, '--format', 'markdown']);
    expect(md.stdout).toMatch(/auth-removed/);
    expect(md.stdout).toMatch(/^\|/m);
    const junit = await cli(['diff', base, head, '--format', 'junit', '--fail-on', 'auth-removed']);
    expect(junit.stdout).toMatch(/^<\?xml/);
    expect((junit.stdout.match(/<testcase /g) ?? []).length).toBe(7);
    expect((junit.stdout.match(/<failure /g) ?? []).length).toBe(1);
    expect(junit.code).toBe(1);
    const table = await cli(['diff', base, head]);
    expect(table.stdout).toMatch(/endpoint-removed/);
  });

  it('identical inputs give no changes; export is byte-identical and diffable', async () => {
    const a = await cli(['export', '--inventory', '-', '--db', head]);
    const b = await cli(['export', '--inventory', '-', '--db', head]);
    expect(a.stdout).toBe(b.stdout);
    writeFileSync(`${dir}/head.json`, a.stdout);
    const same = await cli(['diff', head, `${dir}/head.json`, '--fail-on', 'any', '--format', 'json']);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout).changes).toEqual([]);
    expect(readFileSync(`${dir}/head.json`, 'utf8')).not.toMatch(/ann\.smith|opaque-token/);
  });

  it('ignore patterns and config exclusions drop changes', async () => {
    const r = await cli(['diff', base, head, '--format', 'json', '--ignore', 'path:/profile/*', '--ignore', 'kind:endpoint-added']);
    const kinds = (JSON.parse(r.stdout).changes as { kind: string; path: string }[]).map((c) => c.kind);
    expect(kinds).not.toContain('sensitive-added');
    expect(kinds).not.toContain('endpoint-added');
    writeFileSync(`${dir}/cfg.json`, JSON.stringify({ diff: { ignore: ['kind:auth-removed'] } }));
    const c = await cli(['diff', base, head, '--fail-on', 'auth-removed', '--config', `${dir}/cfg.json`]);
    expect(c.code).toBe(0);
  });

  it('unreadable inputs and unknown kinds exit 2', async () => {
    expect((await cli(['diff', `${dir}/missing.db`, head])).code).toBe(2);
    writeFileSync(`${dir}/junk.json`, '{"hello": 1}');
    const junk = await cli(['diff', `${dir}/junk.json`, head]);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toContain('junk.json');
    expect((await cli(['diff', base, head, '--fail-on', 'endpoint-exploded'])).code).toBe(2);
  });
});
