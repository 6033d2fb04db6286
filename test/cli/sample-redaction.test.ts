// What `show` prints as an endpoint's redacted sample: literal route words stay readable, credentials
// quoted in text bodies are masked after their scheme word, person names and street lines are masked
// under every parent key that holds a person, and prose or code in text bodies is not mangled.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, cli, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

interface Call {
  url: string;
  respMime?: string;
  respBody?: string;
}

function har(calls: Call[]): string {
  return harOf(calls.map((c) => ({ method: 'GET', url: c.url, responseText: c.respBody ?? '{"ok":1}', responseMime: c.respMime ?? 'application/json' })));
}

interface Shown {
  url: string;
  body: string;
}

async function show(db: string, path: string): Promise<Shown> {
  const r = await cli(['show', 'GET', path, '--db', db, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const s = JSON.parse(r.stdout).endpoint.sample;
  return { url: s.request.url as string, body: String(s.response?.body ?? '') };
}

const dir = tempDir();
const db = join(dir, 'x.db');
const demoDb = join(dir, 'demo.db');

const BEARER = '7f3a9c2e1b4d8f6a0c5e3b9d7f1a2c4e';
const BASIC = 'YWxhZGRpbjpvcGVuc2VzYW1l';
const COOKIE = 's%3AXk3mP9qLr2Vt8Zw1YbNcAdEfGh.abc';
const RESET = 'Zx9kQ2pLm7RtY4vB8nW3sA6dF1gH5jK0';

beforeAll(async () => {
  const file = join(dir, 'calls.har');
  writeFileSync(
    file,
    har([
      { url: 'https://app.example.com/api/token/refresh' },
      { url: 'https://app.example.com/api/v1/password/reset' },
      { url: `https://app.example.com/api/v1/password-reset/${RESET}` },
      {
        url: 'https://api.example.com/dbg1',
        respMime: 'text/plain',
        respBody: `GET /v1/me HTTP/1.1\nHost: api.example.com\nAuthorization: Bearer ${BEARER}\nCookie: session=${COOKIE}; theme=dark\n`,
      },
      { url: 'https://api.example.com/dbg2', respMime: 'text/plain', respBody: `Authorization: Basic ${BASIC}\n` },
      { url: 'https://api.example.com/html2', respMime: 'text/html', respBody: `<html><body><pre>Authorization: Bearer ${BEARER}</pre></body></html>` },
      {
        url: 'https://api.example.com/errors/pw',
        respMime: 'text/plain',
        respBody: 'Invalid password: must contain at least 8 characters and one digit.\nToken: expired, please request a new one.\nsecret = not configured',
      },
      {
        url: 'https://api.example.com/jsish',
        respMime: 'text/plain',
        respBody: "var token = window.__TOKEN__; const password = document.getElementById('pw').value; if (secret) {}",
      },
      { url: 'https://api.example.com/errors/pw2', respMime: 'text/plain', respBody: 'password: Hunter2-Secret!\n' },
    ]),
  );
  expect((await cli(['analyze', '-q', '--db', db, file])).code).toBe(0);
  expect((await cli(['analyze', '-q', '--db', demoDb, join(FIXTURES, 'demo-shop.har')])).code).toBe(0);
});

describe('sample URLs', () => {
  it('keep literal route words after credential words', async () => {
    expect((await show(db, '/api/token/refresh')).url).toBe('https://app.example.com/api/token/refresh');
    expect((await show(db, '/api/v1/password/reset')).url).toBe('https://app.example.com/api/v1/password/reset');
  });

  it('still mask a token after a credential word', async () => {
    const { url } = await show(db, `/api/v1/password-reset/${RESET}`);
    expect(url).not.toContain(RESET);
    expect(url).toMatch(/^https:\/\/app\.example\.com\/api\/v1\/password-reset\/<[^>]+>$/);
  });
});

describe('credentials quoted in text bodies', () => {
  it('keep the scheme word and mask the credential after it', async () => {
    const d1 = (await show(db, '/dbg1')).body;
    expect(d1).toMatch(/Authorization: Bearer <bearer-token:fp:[0-9a-f]+>\n/);
    expect(d1).not.toContain(BEARER);
    expect(d1).not.toContain(COOKIE);
    expect(d1).not.toContain('Xk3mP9qLr2Vt8Zw1YbNcAdEfGh');
    expect(d1).toMatch(/Cookie: session=<[^>]+>; theme=/);
    const d2 = (await show(db, '/dbg2')).body;
    expect(d2).toMatch(/Authorization: Basic <basic-credentials[^>]*>/);
    expect(d2).not.toContain(BASIC);
    const h = (await show(db, '/html2')).body;
    expect(h).toMatch(/Authorization: Bearer <bearer-token:fp:[0-9a-f]+><\/pre>/);
    expect(h).not.toContain(BEARER);
  });
});

describe('person names and street lines in the demo', () => {
  it('are masked under every key that holds a person or an address', async () => {
    const me = (await show(demoDb, '/v1/users/me')).body;
    expect(me).not.toContain('Omar Ivanova');
    expect(me).toContain('"name":"<person-name>"');
    const invoice = (await show(demoDb, '/v1/orders/1/invoice')).body;
    expect(invoice).not.toContain('Farid Hansen');
    expect(invoice).toMatch(/"billedTo":\{"name":"<person-name>"/);
    const addresses = (await show(demoDb, '/v1/users/1/addresses')).body;
    expect(addresses).not.toContain('52 Mill Street');
    expect(addresses).toContain('"line1":"<street-address>"');
  });
});

describe('prose and code in text bodies', () => {
  it('are not masked as values', async () => {
    const pw = (await show(db, '/errors/pw')).body;
    expect(pw).toContain('Invalid password: must contain at least 8 characters');
    expect(pw).toContain('Token: expired, please');
    expect(pw).toContain('secret = not configured');
    const js = (await show(db, '/jsish')).body;
    expect(js).toContain("const password = document.getElementById('pw')");
    expect(js).toContain('var token = window.__TOKEN__;');
  });

  it('still mask a real value', async () => {
    const pw2 = (await show(db, '/errors/pw2')).body;
    expect(pw2).not.toContain('Hunter2-Secret!');
  });
});
