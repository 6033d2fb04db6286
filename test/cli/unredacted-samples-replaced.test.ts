// An inventory that once took `analyze --unredacted-samples` does not keep those samples silently:
// a later run without the flag replaces the sample of every endpoint it calls with a redacted one
// (2xx still preferred), and says how many endpoints still hold an unredacted sample.

import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, storedBytes, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';
import { rawSample } from '../../src/analyzers/raw-sample.js';
import type { CallRecord } from '../../src/model/call-record.js';

const TOKEN = 'tok_unredacted_canary_5a6b7c8d9e0f1a2b';
const dir = tempDir();

async function sample(db: string, method: string, path: string): Promise<{ unredacted?: true; response: { status: number } | null; text: string }> {
  const r = await cli(['show', method, path, '--db', db, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const s = JSON.parse(r.stdout).endpoint.sample;
  return { ...s, text: JSON.stringify(s) };
}

describe('unredacted samples after a run without --unredacted-samples', () => {
  it('a normal run replaces the unredacted sample of each endpoint it calls, and warns about the others', async () => {
    const db = `${dir}/u.db`;
    const auth = { Authorization: `Bearer ${TOKEN}` };
    writeFileSync(
      `${dir}/first.har`,
      harOf([
        { method: 'POST', url: 'https://api.u.test/login', headers: auth, body: { password: 'hunter2-canary' }, status: 200, response: { ok: true } },
        { method: 'GET', url: 'https://api.u.test/me', headers: auth, status: 200, response: { ok: true } },
        { method: 'GET', url: 'https://api.u.test/orders', headers: auth, status: 200, response: { ok: true } },
      ]),
    );
    const first = await cli(['analyze', `${dir}/first.har`, '--db', db, '--unredacted-samples']);
    expect(first.code).toBe(0);
    // the run that stores them warns up front; no second warning about its own samples
    expect(first.stderr).toMatch(/will hold secrets/);
    expect(first.stderr).not.toMatch(/still hold/);
    expect((await sample(db, 'POST', '/login')).unredacted).toBe(true);

    // Later: /login answered 401 then 200 (2xx preferred), /me only 401; /orders not called.
    writeFileSync(
      `${dir}/second.har`,
      harOf([
        { method: 'POST', url: 'https://api.u.test/login', headers: auth, body: { password: 'hunter2-canary' }, status: 401, response: { error: 'no' } },
        { method: 'POST', url: 'https://api.u.test/login', headers: auth, body: { password: 'hunter2-canary' }, status: 200, response: { ok: true } },
        { method: 'GET', url: 'https://api.u.test/me', headers: auth, status: 401, response: { error: 'no' } },
      ]),
    );
    const second = await cli(['analyze', `${dir}/second.har`, '--db', db]);
    expect(second.code).toBe(0);
    const login = await sample(db, 'POST', '/login');
    expect(login.unredacted).toBeUndefined();
    expect(login.text).not.toContain(TOKEN);
    expect(login.response?.status).toBe(200);
    // an unredacted 2xx sample gives way to a redacted 401: no secret stays for the status's sake
    const me = await sample(db, 'GET', '/me');
    expect(me.unredacted).toBeUndefined();
    expect(me.text).not.toContain(TOKEN);
    expect(me.response?.status).toBe(401);
    // not called: still unredacted, and said once, with the count
    expect((await sample(db, 'GET', '/orders')).unredacted).toBe(true);
    const warnings = second.stderr.split('\n').filter((l) => l.includes('unredacted'));
    expect(warnings).toEqual([
      `akto-rt: warning: 1 endpoint still holds an unredacted sample in ${db} (stored with --unredacted-samples; secrets and personal data in the clear); a run without that flag that calls an endpoint replaces its sample with a redacted one`,
    ]);
    expect(second.stdout).not.toContain('unredacted');

    // once every endpoint has been called again, nothing is said
    writeFileSync(`${dir}/third.har`, harOf([{ method: 'GET', url: 'https://api.u.test/orders', headers: auth, status: 200, response: { ok: true } }]));
    const third = await cli(['analyze', `${dir}/third.har`, '--db', db]);
    expect(third.stderr).toBe('');
    expect((await sample(db, 'GET', '/orders')).unredacted).toBeUndefined();
    const sql = new Database(db, { readonly: true });
    const rows = sql.prepare(`SELECT sample FROM samples`).all() as { sample: string }[];
    sql.close();
    expect(rows.length).toBe(3);
    for (const r of rows) expect(r.sample).not.toContain(TOKEN);
  });

  it('counts endpoints left unredacted in the plural, also when the inputs were all analyzed before', async () => {
    const db = `${dir}/p.db`;
    const har = `${dir}/p.har`;
    writeFileSync(
      har,
      harOf([
        { method: 'GET', url: 'https://api.p.test/a', response: {} },
        { method: 'GET', url: 'https://api.p.test/b', response: {} },
      ]),
    );
    expect((await cli(['analyze', har, '--db', db, '--unredacted-samples'])).code).toBe(0);
    const again = await cli(['analyze', har, '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already analyzed in run 1/);
    expect(again.stderr).toContain('akto-rt: warning: 2 endpoints still hold unredacted samples in');
  });

  it('an unredacted run keeps unredacted samples of endpoints it sees (no replacement churn)', async () => {
    const db = `${dir}/k.db`;
    writeFileSync(`${dir}/k1.har`, harOf([{ method: 'GET', url: 'https://api.k.test/a', headers: { Authorization: `Bearer ${TOKEN}` }, response: { n: 1 } }]));
    writeFileSync(`${dir}/k2.har`, harOf([{ method: 'GET', url: 'https://api.k.test/a', response: { n: 2 } }]));
    expect((await cli(['analyze', `${dir}/k1.har`, '--db', db, '--unredacted-samples'])).code).toBe(0);
    expect((await cli(['analyze', `${dir}/k2.har`, '--db', db, '--unredacted-samples'])).code).toBe(0);
    expect((await sample(db, 'GET', '/a')).text).toContain(TOKEN);
  });

  it('the stored marker is the first key of an unredacted sample (store/queries.ts reads it as a prefix)', () => {
    const call = {
      method: 'GET',
      scheme: 'https',
      host: 'h.test',
      port: null,
      path: '/a',
      query: [],
      requestHeaders: [],
      responseHeaders: [],
      requestBody: null,
      responseBody: null,
      status: 200,
    } as unknown as CallRecord;
    expect(JSON.stringify(rawSample(call)).startsWith('{"unredacted":true')).toBe(true);
  });
});

describe('unredacted samples and template merges', () => {
  it('a merge of new literals into a template keeps the redacted sample, not the unredacted one', async () => {
    const db = `${dir}/merge.db`;
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const product = (name: string): { method: string; url: string; headers: Record<string, string>; response: unknown } => ({
      method: 'GET', url: `https://api.m.test/products/${name}`, headers: auth, response: { name, price: 1 },
    });
    writeFileSync(`${dir}/m1.har`, harOf(['gloves', 'hats', 'shoes', 'scarves', 'belts'].map(product)));
    writeFileSync(`${dir}/m2.har`, harOf(['socks', 'ties'].map(product)));
    expect((await cli(['analyze', `${dir}/m1.har`, '--db', db, '--unredacted-samples'])).code).toBe(0);
    expect((await cli(['analyze', `${dir}/m2.har`, '--db', db])).code).toBe(0);
    const list = JSON.parse((await cli(['endpoints', '--db', db, '--format', 'json'])).stdout).endpoints as { path: string }[];
    expect(list).toHaveLength(1);
    const s = await sample(db, 'GET', list[0]!.path);
    expect(s.unredacted).toBeUndefined();
    expect(s.text).not.toContain(TOKEN);
  });
});

describe('replaced unredacted samples leave nothing in the file', () => {
  it('a normal run over every endpoint leaves no byte of the secrets in the inventory file', async () => {
    const db = `${dir}/scrub.db`;
    const secret = 'ghp_scrubcanary0123456789abcdefABCDEF0123';
    writeFileSync(
      `${dir}/scrub.har`,
      harOf(
        Array.from({ length: 8 }, (_, i) => ({
          method: 'GET',
          url: `https://api.s.test/v1/r${i}`,
          headers: { Authorization: `Bearer ${secret}` },
          response: { note: `${secret} `.repeat(40) },
        })),
      ),
    );
    expect((await cli(['analyze', `${dir}/scrub.har`, '--db', db, '--unredacted-samples', '-q'])).code).toBe(0);
    expect(storedBytes(db)).toContain(secret);
    const again = await cli(['analyze', `${dir}/scrub.har`, '--db', db, '--force', '-q']);
    expect(again.code, again.stderr).toBe(0);
    expect(storedBytes(db)).not.toContain(secret);
  });
});
