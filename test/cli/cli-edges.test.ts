// Contract edges found in a CLI audit: where the inventory goes (never a throwaway database), a
// damaged inventory named as a store error, host names printed as stored in error messages, and
// the exit code of a bare `akto-rt`.

import { existsSync, openSync, writeSync, closeSync, copyFileSync, statSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, SAMPLES, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

const ONE = `${SAMPLES}har/chrome_one-post-json-cookie.har`;

describe('the inventory path', () => {
  const dir = tempDir();

  it('refuses an empty --db and :memory:, which would save nothing', async () => {
    for (const db of ['', ' ', ':memory:']) {
      const r = await cli(['analyze', ONE, '--db', db], { cwd: dir });
      expect(r.code, db).toBe(2);
      expect(r.stderr).toMatch(/^akto-rt: --db .*pass (the inventory file's|a file) path\n$/);
    }
    expect(existsSync(`${dir}/akto-rt.db`)).toBe(false);
  });

  it('falls back to ./akto-rt.db when $AKTO_RT_DB is set but empty (an unset variable in CI)', async () => {
    const r = await cli(['analyze', ONE, '-q'], { cwd: dir, env: { AKTO_RT_DB: '' } });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(`${dir}/akto-rt.db`)).toBe(true);
    const e = await cli(['endpoints', '--format', 'json'], { cwd: dir, env: { AKTO_RT_DB: '' } });
    expect(JSON.parse(e.stdout).endpoints.length).toBeGreaterThan(0);
  });

  it('says what to do when --db names a file that is not SQLite (a capture, a README), and leaves it alone', async () => {
    const notes = `${dir}/notes.md`;
    writeFileSync(notes, '# notes\n\nnot a database, but long enough to have a header page of its own.\n'.repeat(20));
    const before = statSync(notes).mtimeMs;
    for (const args of [['endpoints'], ['analyze', ONE, '-q']]) {
      const r = await cli([...args, '--db', notes]);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toBe(`akto-rt: ${notes}: not an akto-rt inventory (not a SQLite file); pass --db the inventory's path, or a new file to start one\n`);
    }
    expect(statSync(notes).mtimeMs).toBe(before);
  });
});

describe('a damaged inventory', () => {
  it('is a store error naming the file (exit 2), for analyze as for reading', async () => {
    const dir = tempDir();
    const db = `${dir}/good.db`;
    expect((await cli(['analyze', `${SAMPLES}har/chrome_one-post-json-cookie.har`, '--db', db, '-q'])).code).toBe(0);
    const d = new Database(db);
    d.pragma('wal_checkpoint(TRUNCATE)');
    d.close();
    const bad = `${dir}/bad.db`;
    copyFileSync(db, bad);
    // Overwrite pages after the schema: the header still opens, the tables do not read.
    const fd = openSync(bad, 'r+');
    const size = statSync(bad).size;
    writeSync(fd, Buffer.alloc(Math.min(8192, size - 8192), 0xff), 0, Math.min(8192, size - 8192), 8192);
    closeSync(fd);
    const r = await cli(['analyze', `${SAMPLES}har/firefox_linkedin-mixed-https.har`, '--db', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^akto-rt: ${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: .*(damaged|malformed|not an akto-rt)`));
    expect(r.stderr).not.toMatch(/internal error/);
  });
});

describe('messages about hosts', () => {
  it('name IP-address hosts as stored, so the right --host can be passed', async () => {
    const dir = tempDir();
    const file = `${dir}/ip.har`;
    writeFileSync(file, harOf([{ method: 'GET', url: 'http://10.0.0.1:3000/z' }, { method: 'GET', url: 'http://10.0.0.2:3000/z' }]));
    const db = `${dir}/ip.db`;
    expect((await cli(['analyze', file, '--db', db, '-q'])).code).toBe(0);
    const several = await cli(['show', 'GET', '/z', '--db', db]);
    expect(several.code).toBe(2);
    expect(several.stderr).toContain('exists on several hosts (10.0.0.1:3000, 10.0.0.2:3000)');
    const unknown = await cli(['show', 'GET', '/z', '--db', db, '--host', '10.0.0.3:3000']);
    expect(unknown.stderr).toContain('unknown host 10.0.0.3:3000: not in the inventory; GET /z is on 10.0.0.1:3000, 10.0.0.2:3000');
    // A typed host's user info is not quoted back; a path typed with an e-mail address in it is masked.
    const userinfo = await cli(['show', 'GET', '/z', '--db', db, '--host', 'admin:S3cretPass99@10.0.0.7:3000']);
    expect(userinfo.stderr).toContain('unknown host <redacted>@10.0.0.7:3000');
    expect(userinfo.stderr).not.toContain('S3cretPass99');
    const typed = await cli(['show', 'GET', '/people/jane.doe@example.com', '--db', db]);
    expect(typed.code).toBe(2);
    expect(typed.stderr).not.toContain('jane.doe@example.com');
  });
});

describe('changes', () => {
  it('says "1 call" for a run of one call', async () => {
    const dir = tempDir();
    const db = `${dir}/one.db`;
    expect((await cli(['analyze', ONE, '--db', db, '-q'])).code).toBe(0);
    expect((await cli(['changes', '--db', db])).stdout.split('\n')[0]).toMatch(/, 1 call: /);
  });
});

describe('run labels', () => {
  it('reach the terminal without control characters, and markdown without markup', async () => {
    const dir = tempDir();
    const db = `${dir}/label.db`;
    expect((await cli(['analyze', ONE, '--db', db, '-q', '--label', 'evil\x1b[31mRED\nline2 **fix** <img src=x>'])).code).toBe(0);
    const table = (await cli(['changes', '--db', db])).stdout;
    expect(table).not.toMatch(/\x1b/);
    expect(table.split('\n')[0]).toMatch(/^Run 1 'evil\?\[31mRED line2 \*\*fix\*\* <img src=x>', started /);
    const md = (await cli(['changes', '--db', db, '--format', 'markdown'])).stdout;
    expect(md.split('\n')[0]).toMatch(/^### Run 1 'evil\?\\\[31mRED line2 \\\*\\\*fix\\\*\\\* \\<img src=x>', started /);
    const json = JSON.parse((await cli(['changes', '--db', db, '--format', 'json'])).stdout);
    expect(json.runs[0].label).toBe('evil\x1b[31mRED\nline2 **fix** <img src=x>'); // data, as given
  });
});

describe('akto-rt without a command', () => {
  it('prints the help on stderr and exits 2, as a usage error', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Usage: akto-rt/);
    expect(r.stdout).toBe('');
    expect((await cli(['--help'])).code).toBe(0);
  });
});

describe('auth-removed in changes and diff', () => {
  const at = (h: number): string => new Date(Date.UTC(2024, 2, 10, h)).toISOString();
  const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJlc2lnbmF0dXJl';

  /** Runs the captures into one inventory (copied after each run); returns the auth-removed changes of the last run, and diff's between the last two copies. */
  async function both(runs: Parameters<typeof harOf>[0][]): Promise<{ changes: string[]; diff: string[] }> {
    const dir = tempDir();
    const db = `${dir}/inv.db`;
    for (const [i, calls] of runs.entries()) {
      writeFileSync(`${dir}/r${i}.har`, harOf(calls));
      expect((await cli(['analyze', `${dir}/r${i}.har`, '--db', db, '-q'])).code).toBe(0);
      expect((await cli(['export', '--inventory', `${dir}/r${i}.json`, '--db', db])).code).toBe(0);
    }
    const kinds = (doc: { changes: { kind: string; path: string }[] }): string[] => doc.changes.filter((c) => c.kind === 'auth-removed').map((c) => c.path);
    const changes = kinds(JSON.parse((await cli(['changes', '--db', db, '--format', 'json'])).stdout));
    const n = runs.length;
    const diff = n < 2 ? [] : kinds(JSON.parse((await cli(['diff', `${dir}/r${n - 2}.json`, `${dir}/r${n - 1}.json`, '--format', 'json'])).stdout));
    return { changes, diff };
  }

  it('an endpoint that refused anonymous calls and now answers them 2xx: both report it', async () => {
    const r = await both([
      [{ method: 'GET', url: 'https://api.x.test/admin/config', status: 401, ts: at(10) }],
      [{ method: 'GET', url: 'https://api.x.test/admin/config', status: 200, ts: at(11) }],
    ]);
    expect(r).toEqual({ changes: ['/admin/config'], diff: ['/admin/config'] });
  });

  it('a new endpoint answering with and without credentials: endpoint-added only, in both', async () => {
    const r = await both([
      [{ method: 'GET', url: 'https://api.x.test/health', ts: at(9) }],
      [
        { method: 'GET', url: 'https://api.x.test/health', ts: at(10) },
        { method: 'GET', url: 'https://api.x.test/invoices/1', headers: { Authorization: `Bearer ${JWT}` }, ts: at(11) },
        { method: 'GET', url: 'https://api.x.test/invoices/2', ts: at(12) },
      ],
    ]);
    expect(r).toEqual({ changes: [], diff: [] });
  });

  it('a public template that a new literal joins (a new product slug): neither reports it', async () => {
    const product = (slug: string, h: number) => ({ method: 'GET', url: `https://api.x.test/v1/products/${slug}`, ts: at(h) });
    const r = await both([['shoes', 'hats', 'socks', 'bags'].map((s, i) => product(s, 8 + i)), [product('belts', 13)]]);
    expect(r).toEqual({ changes: [], diff: [] });
  });

  it('a protected template that a new literal joins answering without credentials: both report it', async () => {
    const auth = { Authorization: `Bearer ${JWT}` };
    const product = (slug: string, h: number, headers?: Record<string, string>, status = 200) => ({
      method: 'GET', url: `https://api.x.test/v1/products/${slug}`, ts: at(h), status, response: { ok: status === 200 }, ...(headers ? { headers } : {}),
    });
    const r = await both([
      [product('shoes', 8, auth), product('hats', 9, auth), product('socks', 10, auth), product('bags', 11, undefined, 401)],
      [product('belts', 13)],
    ]);
    expect(r).toEqual({ changes: ['/v1/products/{productName}'], diff: ['/v1/products/{productName}'] });
  });
});

describe('parameter types of a template a new literal joins', () => {
  it('change only when the new literal brings a new type', async () => {
    const dir = tempDir();
    const db = `${dir}/inv.db`;
    const product = (slug: string, price: number, h: number) => ({ method: 'GET', url: `https://api.x.test/v1/products/${slug}`, response: { price }, ts: new Date(Date.UTC(2024, 2, 10, h)).toISOString() });
    const runs = [
      ['shoes', 'hats', 'socks', 'bags'].map((s, i) => product(s, 10 + i, 8 + i)),
      [product('shoes', 9.5, 13)], // the template itself: integer -> integer|number
      [product('belts', 12, 14)], // a new literal, an integer: nothing new
      [product('ties', 7.25, 15)], // a new literal, a number: still nothing new
    ];
    const changed: string[][] = [];
    for (const [i, calls] of runs.entries()) {
      writeFileSync(`${dir}/r${i}.har`, harOf(calls));
      expect((await cli(['analyze', `${dir}/r${i}.har`, '--db', db, '-q'])).code).toBe(0);
      const doc = JSON.parse((await cli(['changes', '--db', db, '--format', 'json'])).stdout) as { changes: { kind: string; detail: string }[] };
      changed.push(doc.changes.filter((c) => c.kind === 'param-type-changed').map((c) => c.detail));
    }
    expect(changed).toEqual([[], ['response.body $.price (200): types integer -> integer|number'], [], []]);
  });

  it('a new literal (or a new folded key) bringing a new type is a change, in changes as in diff', async () => {
    const dir = tempDir();
    const db = `${dir}/inv.db`;
    const at = (h: number): string => new Date(Date.UTC(2024, 2, 10, h)).toISOString();
    const product = (slug: string, price: number | string, h: number) => ({ method: 'GET', url: `https://api.x.test/v1/products/${slug}`, response: { price }, ts: at(h) });
    const cart = (from: number, n: number, qty: number | string, h: number) => ({
      method: 'POST', url: 'https://api.x.test/cart', body: { items: Object.fromEntries(Array.from({ length: n }, (_, i) => [`SKU-X${from + i}Y`, { qty }])) }, ts: at(h),
    });
    const runs = [
      [...['shoes', 'hats', 'socks', 'bags'].map((s, i) => product(s, 10 + i, 8 + i)), cart(0, 20, 1, 8)],
      [product('belts', 12.5, 13), cart(100, 1, 'one', 13)],
    ];
    for (const [i, calls] of runs.entries()) {
      writeFileSync(`${dir}/r${i}.har`, harOf(calls));
      expect((await cli(['analyze', `${dir}/r${i}.har`, '--db', db, '-q'])).code).toBe(0);
      expect((await cli(['export', '--inventory', `${dir}/r${i}.json`, '--db', db])).code).toBe(0);
    }
    const types = (doc: { changes: { kind: string; path: string; detail: string }[] }): string[] =>
      doc.changes.filter((c) => c.kind === 'param-type-changed').map((c) => `${c.path} ${c.detail.replace(/\[200\]| \(200\)|types /g, '')}`).sort();
    const changes = types(JSON.parse((await cli(['changes', '--db', db, '--format', 'json'])).stdout));
    expect(changes).toEqual(['/cart request.body $.items.*.qty: integer -> integer|string', '/v1/products/{productName} response.body $.price: integer -> integer|number']);
    expect(types(JSON.parse((await cli(['diff', `${dir}/r0.json`, `${dir}/r1.json`, '--format', 'json'])).stdout))).toEqual(changes);
  });
});

describe('number covers integer', () => {
  it('a field of decimals that is also sent whole has not changed type; one of integers that gets decimals has, in changes and diff', async () => {
    const dir = tempDir();
    const db = `${dir}/inv.db`;
    const call = (price: number, qty: number, h: number) => ({ method: 'GET', url: 'https://api.x.test/cart', response: { price, qty }, ts: new Date(Date.UTC(2024, 2, 10, h)).toISOString() });
    const runs = [[call(4.5, 1, 8)], [call(4, 1.5, 9)]];
    for (const [i, calls] of runs.entries()) {
      writeFileSync(`${dir}/r${i}.har`, harOf(calls));
      expect((await cli(['analyze', `${dir}/r${i}.har`, '--db', db, '-q'])).code).toBe(0);
      expect((await cli(['export', '--inventory', `${dir}/r${i}.json`, '--db', db])).code).toBe(0);
    }
    const typeChanges = (doc: { changes: { kind: string; detail: string }[] }): string[] => doc.changes.filter((c) => c.kind === 'param-type-changed').map((c) => c.detail);
    expect(typeChanges(JSON.parse((await cli(['changes', '--db', db, '--format', 'json'])).stdout))).toEqual(['response.body $.qty (200): types integer -> integer|number']);
    expect(typeChanges(JSON.parse((await cli(['diff', `${dir}/r0.json`, `${dir}/r1.json`, '--format', 'json'])).stdout))).toEqual([
      'response.body[200] $.qty: integer -> integer|number',
    ]);
  });
});

describe('values that travel as text', () => {
  it('a query value read as a number and then as a word is no type change (the values changed, not the API); a JSON body field is', async () => {
    const dir = tempDir();
    const db = `${dir}/inv.db`;
    const call = (q: string, v: string, body: unknown, h: number) => ({ method: 'POST', url: `https://api.x.test/search?q=${q}&v=${v}`, body: { q: body }, ts: new Date(Date.UTC(2024, 2, 10, h)).toISOString() });
    const runs = [[call('2024', '1.2', 2024, 8)], [call('iphone', '1.2.3', 'iphone', 9)]];
    for (const [i, calls] of runs.entries()) {
      writeFileSync(`${dir}/r${i}.har`, harOf(calls));
      expect((await cli(['analyze', `${dir}/r${i}.har`, '--db', db, '-q'])).code).toBe(0);
      expect((await cli(['export', '--inventory', `${dir}/r${i}.json`, '--db', db])).code).toBe(0);
    }
    const typeChanges = (doc: { changes: { kind: string; detail: string }[] }): string[] => doc.changes.filter((c) => c.kind === 'param-type-changed').map((c) => c.detail);
    expect(typeChanges(JSON.parse((await cli(['changes', '--db', db, '--format', 'json'])).stdout))).toEqual(['request.body $.q: types integer -> integer|string']);
    expect(typeChanges(JSON.parse((await cli(['diff', `${dir}/r0.json`, `${dir}/r1.json`, '--format', 'json'])).stdout))).toEqual(['request.body $.q: integer -> integer|string']);
  });
});

describe('stats users', () => {
  it('a JWT subject named `unknown` is a user of its own, not the calls without any credential', async () => {
    const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = (sub: string): string => `${b64({ alg: 'HS256' })}.${b64({ sub })}.c2lnbmF0dXJlc2lnbmF0dXJl`;
    const ts = (s: number): string => new Date(Date.UTC(2024, 2, 10, 12, 0, s)).toISOString();
    for (const order of [
      ['jwt:unknown', 'anon', 'anon', 'jwt:bob'],
      ['anon', 'anon', 'jwt:unknown', 'jwt:bob'],
    ]) {
      const dir = tempDir();
      const calls = order.map((who, i) => ({
        method: 'GET',
        url: `https://api.x.test/orders/${i + 1}`,
        headers: who === 'anon' ? ({} as Record<string, string>) : { Authorization: `Bearer ${jwt(who.slice(4))}` },
        ts: ts(i),
      }));
      writeFileSync(`${dir}/u.har`, harOf(calls));
      expect((await cli(['analyze', `${dir}/u.har`, '--db', `${dir}/u.db`, '-q'])).code).toBe(0);
      const s = JSON.parse((await cli(['stats', 'GET', '/orders/1', '--range', '15m', '--db', `${dir}/u.db`, '--format', 'json'])).stdout);
      expect(s.totalCalls, order.join()).toBe(4);
      expect(s.users, order.join()).toBe(2);
      expect(s.unidentifiedCalls, order.join()).toBe(2);
      expect(s.topUsers.map((u: { user: string }) => u.user).sort()).toEqual(['bob', 'unknown']);
    }
  });
});

describe('a concrete path that reaches a template only through a literal word', () => {
  it('is answered for the template, with a note that the path is not an endpoint of its own', async () => {
    const dir = tempDir();
    writeFileSync(`${dir}/u.har`, harOf([1, 2, 3].map((n) => ({ method: 'PATCH', url: `https://api.x.test/v1/users/${n}`, body: { name: 'x' } }))));
    const db = `${dir}/u.db`;
    expect((await cli(['analyze', `${dir}/u.har`, '--db', db, '-q'])).code).toBe(0);
    const me = await cli(['show', 'PATCH', '/v1/users/me', '--db', db]);
    expect(me.code).toBe(0);
    expect(me.stderr).toBe('akto-rt: note: PATCH /v1/users/me is not an endpoint of its own (`me` stays literal when analyzed; no such call was seen); showing PATCH /v1/users/{userId}\n');
    const id = await cli(['show', 'PATCH', '/v1/users/2', '--db', db]);
    expect(id.stderr).toBe('');
    const stats = await cli(['stats', 'PATCH', '/v1/users/me', '--range', '1h', '--db', db]);
    expect(stats.stderr).toMatch(/note: PATCH \/v1\/users\/me is not an endpoint of its own/);
  });
});

describe('an OpenAPI document given to analyze', () => {
  it('is refused with a pointer to spec-diff (it was called "not a Postman collection")', async () => {
    const dir = tempDir();
    writeFileSync(`${dir}/api.json`, JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/x': { get: { responses: { 200: { description: 'ok' } } } } } }));
    const r = await cli(['analyze', `${dir}/api.json`, '--db', `${dir}/oa.db`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`akto-rt: ${dir}/api.json: this is an OpenAPI/Swagger document, not captured traffic; to compare an inventory with it, run \`akto-rt spec-diff FILE\`\n`);
  });
});
