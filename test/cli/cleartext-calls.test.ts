// Calls over cleartext (an `http` or `ws` URL, no TLS) are counted per endpoint: `show` and the
// inventory export name them, and an exported spec lists an http server beside the https one.
// Inventories and exports written before they were counted keep working.

import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf, type SimpleCall } from '../har-builder.js';

const user = (scheme: string, host: string, id: number): SimpleCall => ({ method: 'GET', url: `${scheme}://${host}/users/${id}`, response: { id, name: 'n' } });

async function ok(argv: string[]): Promise<string> {
  const r = await cli(argv);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

async function analyze(dir: string, db: string, name: string, calls: SimpleCall[]): Promise<void> {
  writeFileSync(`${dir}/${name}.har`, harOf(calls));
  await ok(['analyze', `${dir}/${name}.har`, '--db', db, '-q']);
}

async function inventory(db: string): Promise<Record<string, any>[]> {
  return JSON.parse(await ok(['export', '--inventory', '-', '--db', db])).endpoints;
}

async function servers(db: string, host: string): Promise<string[]> {
  return (JSON.parse(await ok(['export', '--openapi', '-', '--host', host, '--db', db])).servers as { url: string }[]).map((s) => s.url);
}

describe('cleartext calls', () => {
  const dir = tempDir();
  const db = `${dir}/c.db`;

  it('counts the plain-HTTP calls of an endpoint also called over TLS, and lists both servers (https first)', async () => {
    // The https call comes first: it is the endpoint's sample, which alone once decided the servers.
    await analyze(dir, db, 'mixed', [user('https', 'api.x.com', 1), user('http', 'api.x.com', 2), user('http', 'api.x.com', 3), user('https', 'api.y.com', 4)]);
    const x = (await inventory(db)).filter((e) => e['host'] === 'api.x.com');
    expect(x.map((e) => `${e['method']} ${e['path']}`)).toEqual(['GET /users/{userId}']);
    expect(x[0]).toMatchObject({ calls: 3, cleartextCalls: 2 });
    // Right after `calls`, in a fixed place.
    expect(Object.keys(x[0]!).slice(4, 6)).toEqual(['calls', 'cleartextCalls']);

    const table = await ok(['show', 'GET', '/users/1', '--host', 'api.x.com', '--db', db]);
    expect(table).toMatch(/^Cleartext: 2 of 3 calls over plain HTTP$/m);
    const detail = JSON.parse(await ok(['show', 'GET', '/users/1', '--host', 'api.x.com', '--db', db, '--format', 'json'])).endpoint;
    expect(detail).toMatchObject({ calls: 3, cleartextCalls: 2 });
    expect(await ok(['show', 'GET', '/users/1', '--host', 'api.x.com', '--db', db, '--format', 'markdown'])).toMatch(/^- Cleartext: 2 of 3 calls over plain HTTP$/m);

    expect(await servers(db, 'api.x.com')).toEqual(['https://api.x.com', 'http://api.x.com']);
  });

  it('says nothing of cleartext for an endpoint only called over TLS', async () => {
    const y = (await inventory(db)).find((e) => e['host'] === 'api.y.com')!;
    expect(y).toMatchObject({ calls: 1, cleartextCalls: 0 });
    const table = await ok(['show', 'GET', '/users/4', '--host', 'api.y.com', '--db', db]);
    expect(table).not.toMatch(/Cleartext/);
    expect(JSON.parse(await ok(['show', 'GET', '/users/4', '--host', 'api.y.com', '--db', db, '--format', 'json'])).endpoint.cleartextCalls).toBe(0);
    expect(await servers(db, 'api.y.com')).toEqual(['https://api.y.com']);
  });

  it('reads an inventory JSON exported before cleartext calls were counted: no error, no change', async () => {
    const text = await ok(['export', '--inventory', '-', '--db', db]);
    expect(text).toContain('"cleartextCalls": 2');
    // Deterministic: the same inventory exports byte for byte the same.
    expect(await ok(['export', '--inventory', '-', '--db', db])).toBe(text);
    const doc = JSON.parse(text);
    for (const e of doc.endpoints) delete e.cleartextCalls;
    const old = `${dir}/old.json`;
    writeFileSync(old, JSON.stringify(doc, null, 2));
    expect(readFileSync(old, 'utf8')).not.toContain('cleartextCalls');
    for (const [base, head] of [[old, db], [db, old]] as const) {
      const r = await cli(['diff', base, head, '--format', 'json', '--db', db]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).changes).toEqual([]);
    }
    // A count that is no number is refused with its place named.
    doc.endpoints[0].cleartextCalls = 'two';
    writeFileSync(old, JSON.stringify(doc));
    const bad = await cli(['diff', old, db, '--db', db]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('endpoints[0].cleartextCalls: expected a number');
  });

  it('adds counts across runs and keeps them when literal endpoints merge into a template', async () => {
    const d = tempDir();
    const file = `${d}/m.db`;
    const product = (scheme: string, slug: string, day: number, minute: number): SimpleCall => ({
      method: 'GET',
      url: `${scheme}://shop.example.com/catalog/products/${slug}`,
      ts: new Date(Date.UTC(2024, 2, day, 10, minute)).toISOString(),
      response: { slug, title: 'A thing', price: 12.5 },
    });
    await analyze(d, file, 'r1', [product('http', 'shoes', 1, 0), product('http', 'shoes', 1, 1), product('https', 'hats', 1, 2)]);
    let eps = await inventory(file);
    expect(eps.map((e) => [e['path'], e['calls'], e['cleartextCalls']])).toEqual([
      ['/catalog/products/hats', 1, 0],
      ['/catalog/products/shoes', 2, 2],
    ]);
    // A second run brings siblings that prove the segment a parameter: the literal endpoints merge.
    await analyze(d, file, 'r2', [product('https', 'socks', 2, 0), product('http', 'belts', 2, 1), product('https', 'gloves', 2, 2), product('http', 'shoes', 2, 3)]);
    eps = await inventory(file);
    expect(eps).toHaveLength(1);
    expect(eps[0]!['path']).toMatch(/^\/catalog\/products\/\{\w+\}$/);
    expect(eps[0]).toMatchObject({ calls: 7, cleartextCalls: 4 });
    // A third run adds to the merged endpoint.
    await analyze(d, file, 'r3', [product('http', 'scarves', 3, 0)]);
    expect((await inventory(file))[0]).toMatchObject({ calls: 8, cleartextCalls: 5 });
    expect(await servers(file, 'shop.example.com')).toEqual(['https://shop.example.com', 'http://shop.example.com']);
  });
});

describe('an inventory written before cleartext calls were counted', () => {
  it('keeps its sample-derived servers (its calls are not taken for TLS ones) and counts new calls', async () => {
    const dir = tempDir();
    const db = `${dir}/old.db`;
    await analyze(dir, db, 'plain', [user('http', 'legacy.test', 1), user('http', 'legacy.test', 2)]);
    // What the previous release left: no cleartext counts, schema version 5.
    const old = new Database(db);
    old.exec('ALTER TABLE endpoints DROP COLUMN cleartext_calls; ALTER TABLE endpoints DROP COLUMN unknown_scheme_calls');
    old.pragma('user_version = 5');
    old.close();

    expect(await servers(db, 'legacy.test')).toEqual(['http://legacy.test']);
    expect((await inventory(db))[0]).toMatchObject({ calls: 2, cleartextCalls: 0 });
    expect(await ok(['show', 'GET', '/users/1', '--db', db])).not.toMatch(/Cleartext/);

    // A new run over TLS, then one over plain HTTP: both show, though the sample stays the first http one.
    await analyze(dir, db, 'tls', [user('https', 'legacy.test', 3)]);
    expect(await servers(db, 'legacy.test')).toEqual(['https://legacy.test', 'http://legacy.test']);
    await analyze(dir, db, 'more', [user('http', 'legacy.test', 4)]);
    expect((await inventory(db))[0]).toMatchObject({ calls: 4, cleartextCalls: 1 });
    expect(await ok(['show', 'GET', '/users/1', '--db', db])).toMatch(/^Cleartext: 1 of 4 calls over plain HTTP$/m);
  });

  it('keeps its calls apart from TLS ones when its literal endpoints merge into a template', async () => {
    const dir = tempDir();
    const db = `${dir}/old.db`;
    const product = (slug: string, day: number, minute: number): SimpleCall => ({
      method: 'GET',
      url: `http://shop.example.com/catalog/products/${slug}`,
      ts: new Date(Date.UTC(2024, 2, day, 10, minute)).toISOString(),
      response: { slug, title: 'A thing', price: 12.5 },
    });
    await analyze(dir, db, 'r1', [product('shoes', 1, 0), product('shoes', 1, 1), product('hats', 1, 2)]);
    const old = new Database(db);
    old.exec('ALTER TABLE endpoints DROP COLUMN cleartext_calls; ALTER TABLE endpoints DROP COLUMN unknown_scheme_calls');
    old.pragma('user_version = 5');
    old.close();
    // Plain HTTP again: nothing was ever seen over TLS, whichever endpoint the merge keeps.
    await analyze(dir, db, 'r2', [product('socks', 2, 0), product('belts', 2, 1), product('gloves', 2, 2)]);
    const eps = await inventory(db);
    expect(eps).toHaveLength(1);
    expect(eps[0]).toMatchObject({ calls: 6, cleartextCalls: 3 });
    expect(await servers(db, 'shop.example.com')).toEqual(['http://shop.example.com']);
  });
});
