// Transport headers (Host, User-Agent, X-Forwarded-For, Date) and credential headers are no parameter
// changes: a capture tool that records Host after one that does not changed nothing in the API, and a
// credential header that comes or goes is auth's change (auth-changed), reported once, alike by
// `changes` and `diff`.

import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf, type SimpleCall } from '../har-builder.js';

const TRANSPORT = {
  Host: 'api.example.com',
  'User-Agent': 'curl/8.4.0',
  Accept: '*/*',
  'Accept-Encoding': 'gzip',
  Connection: 'keep-alive',
  'X-Forwarded-For': '10.0.0.7',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
};

interface Change {
  kind: string;
  path: string;
  detail: string;
}

async function changesOf(db: string): Promise<string[]> {
  const r = await cli(['changes', '--db', db, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout).changes as Change[]).map((c) => `${c.kind} ${c.path} ${c.detail}`);
}

async function diffOf(base: string, head: string): Promise<string[]> {
  const r = await cli(['diff', base, head, '--format', 'json']);
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout).changes as Change[]).map((c) => `${c.kind} ${c.path} ${c.detail}`);
}

describe('transport and credential headers between runs', () => {
  const dir = tempDir();

  async function twoRuns(name: string, first: SimpleCall[], second: SimpleCall[]): Promise<{ base: string; both: string; head: string }> {
    writeFileSync(`${dir}/${name}-1.har`, harOf(first));
    writeFileSync(`${dir}/${name}-2.har`, harOf(second));
    const base = `${dir}/${name}-base.db`;
    const both = `${dir}/${name}-both.db`;
    const head = `${dir}/${name}-head.db`;
    for (const [db, files] of [[base, [1]], [both, [1, 2]], [head, [2]]] as const) {
      for (const f of files) expect((await cli(['analyze', `${dir}/${name}-${f}.har`, '--db', db])).code).toBe(0);
    }
    return { base, both, head };
  }

  it('a capture that records transport headers after one that did not is no change', async () => {
    const call = (headers: Record<string, string>): SimpleCall => ({
      method: 'GET',
      url: 'https://api.example.com/v1/items',
      headers: { ...headers, 'X-Tenant': 'acme' },
      response: { items: [] },
    });
    const { base, both, head } = await twoRuns('transport', [call({})], [call(TRANSPORT)]);
    expect(await changesOf(both)).toEqual([]);
    expect(await diffOf(base, head)).toEqual([]);
    expect(await diffOf(head, base)).toEqual([]);
    expect((await cli(['diff', base, head, '--fail-on', 'param-added,param-removed'])).code).toBe(0);
    // An API header of its own still is a parameter change.
    writeFileSync(`${dir}/tenant.har`, harOf([{ method: 'GET', url: 'https://api.example.com/v1/items', headers: { 'X-Region': 'eu' }, response: { items: [] } }]));
    await cli(['analyze', `${dir}/tenant.har`, '--db', both]);
    expect(await changesOf(both)).toEqual(['param-added /v1/items request.header x-region']);
    // show still lists them, marked standard.
    const show = await cli(['show', 'GET', '/v1/items', '--db', both, '--format', 'json']);
    const params = JSON.parse(show.stdout).endpoint.params as { location: string; name: string; standardHeader: boolean }[];
    expect(params.filter((p) => p.standardHeader && p.location === 'request.header').map((p) => p.name).sort()).toEqual(['accept', 'accept-encoding', 'connection', 'host', 'traceparent', 'user-agent', 'x-forwarded-for']);
    expect(params.find((p) => p.name === 'x-tenant')?.standardHeader).toBe(false);
  });

  it('a credential header that changes is one auth-changed in changes and in diff, either way round', async () => {
    const call = (headers: Record<string, string>): SimpleCall => ({ method: 'GET', url: 'https://api.example.com/v2/b', headers, response: { ok: true } });
    const { base, both, head } = await twoRuns('cred', [call({ 'X-API-Key': 'k-7f3a9c2e5b8d1f4a6c0e' })], [call({ Authorization: 'Bearer opaque-token-abcdef0123456789' })]);
    expect(await changesOf(both)).toEqual(['auth-changed /v2/b new auth scheme bearer']);
    expect(await diffOf(base, both)).toEqual(['auth-changed /v2/b auth api-key -> api-key, bearer']);
    expect(await diffOf(base, head)).toEqual(['auth-changed /v2/b auth api-key -> bearer']);
    expect(await diffOf(head, base)).toEqual(['auth-changed /v2/b auth bearer -> api-key']);
  });
});
