// Secrets in odd places a user must never see raw: tokens and e-mail addresses used as form field
// or cookie names, one-time tokens in paths behind a version, locale or file extension, a bot token
// in a path. Ids in paths (collections of credentials, file ids, build ids, prefixed ids) stay readable.

import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, storedBytes, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';


interface RawCall {
  method: string;
  url: string;
  headers?: [string, string][];
  form?: string;
}

function har(calls: RawCall[]): string {
  return harOf(
    calls.map((c) => ({
      method: c.method,
      url: c.url,
      headers: Object.fromEntries(c.headers ?? []),
      response: {},
      ...(c.form === undefined ? {} : { requestBody: { mimeType: 'application/x-www-form-urlencoded', text: c.form } }),
    })),
  );
}

async function analyze(dir: string, name: string, calls: RawCall[]): Promise<string> {
  const db = `${dir}/${name}.db`;
  writeFileSync(`${dir}/${name}.har`, har(calls));
  const r = await cli(['analyze', `${dir}/${name}.har`, '--db', db, '-q']);
  expect(r.code, r.stderr).toBe(0);
  return db;
}

async function everything(db: string, show: string[][]): Promise<string> {
  let out = storedBytes(db);
  for (const args of [['endpoints', '--format', 'json'], ['sensitive', '--format', 'json'], ['export', '--inventory', '-'], ...show.map((s) => ['show', ...s])]) {
    const r = await cli([...args, '--db', db]);
    expect(r.code, args.join(' ')).toBe(0);
    out += r.stdout + r.stderr;
  }
  return out;
}

async function findings(db: string): Promise<{ endpoint: string; location: string; param: string; type: string }[]> {
  const r = await cli(['sensitive', '--format', 'json', '--db', db]);
  return (JSON.parse(r.stdout).findings as Record<string, string>[]).map((f) => ({
    endpoint: String(f.path ?? f.endpoint ?? f.template),
    location: f.location!,
    param: f.param!,
    type: f.type!,
  }));
}

const GITHUB = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';
const EMAIL = 'jane.doe@example.com';

describe('tokens and e-mail addresses used as form field or cookie names', () => {
  const dir = tempDir();
  let db = '';
  let all = '';

  beforeAll(async () => {
    db = await analyze(dir, 'names', [
      { method: 'POST', url: 'https://api.example.com/form1', form: `${encodeURIComponent(EMAIL)}=subscribe&${GITHUB}=1&plan=pro` },
      { method: 'GET', url: 'https://api.example.com/c1', headers: [['Cookie', `${GITHUB}=1; ${EMAIL}=yes; theme=dark`]] },
    ]);
    all = await everything(db, [['POST', '/form1'], ['GET', '/c1']]);
  });

  it('stores the names as `*` and keeps ordinary names', async () => {
    const form = JSON.parse((await cli(['show', 'POST', '/form1', '--format', 'json', '--db', db])).stdout).endpoint;
    const names = form.params.map((p: { name: string }) => p.name);
    expect(names).toContain('$.*');
    expect(names).toContain('$.plan');
    const c1 = JSON.parse((await cli(['show', 'GET', '/c1', '--format', 'json', '--db', db])).stdout).endpoint;
    const cookies = c1.params.filter((p: { location: string }) => p.location === 'request.cookie').map((p: { name: string }) => p.name);
    expect(cookies).toContain('*');
    expect(cookies).toContain('theme');
  });

  it('reports the names as data', async () => {
    const f = await findings(db);
    expect(f.filter((x) => x.location === 'request.body' && x.param === '$.*').map((x) => x.type)).toEqual(
      expect.arrayContaining(['email', 'github-token']),
    );
    expect(f.filter((x) => x.location === 'request.cookie' && x.param === '*').map((x) => x.type).sort()).toEqual(
      expect.arrayContaining(['email']),
    );
    expect(f.some((x) => x.location === 'request.cookie' && x.param === '*' && x.type !== 'email')).toBe(true);
  });

  it('shows and stores neither value anywhere, the redacted samples included', () => {
    for (const v of [GITHUB, EMAIL, encodeURIComponent(EMAIL)]) expect(all).not.toContain(v);
    expect(all).toContain('plan=pro');
    expect(all).toContain('theme=<cookie');
  });
});

const HEX = '9b2f6e1c4d8a7f3e5b0c1d2e3f4a5b6c';

describe('one-time tokens behind a version, a locale or a file extension', () => {
  const dir = tempDir();
  let db = '';
  let all = '';
  const paths = [`/password-reset/v2/${HEX}`, `/verify/en-US/${HEX}`, `/reset/${HEX}.html`];

  beforeAll(async () => {
    db = await analyze(dir, 'links', paths.map((p) => ({ method: 'GET', url: `https://app.example.com${p}` })));
    const eps = JSON.parse((await cli(['endpoints', '--format', 'json', '--db', db])).stdout);
    const templates: string[] = JSON.stringify(eps).match(/"\/(?:password-reset|verify|reset)\/[^"]*"/g)!.map((t) => JSON.parse(t));
    all = await everything(db, [...new Set(templates)].map((t) => ['GET', t]));
  });

  it('reports each as a token in the path', async () => {
    const f = (await findings(db)).filter((x) => x.location === 'request.path' && x.type === 'token');
    expect(f.length).toBe(3);
  });

  it('never shows or stores the token', () => {
    expect(all).not.toContain(HEX);
    expect(all).toMatch(/<token:fp:[0-9a-f]{6}>/);
  });
});

describe('ids in paths stay ids; webhook secrets do not', () => {
  const dir = tempDir();
  let db = '';
  let all = '';
  const UUID = '3f2c9a1e-8b7d-4e6f-a5c4-1b2d3e4f5a6b';
  const DRIVE = '1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms';
  const BUILD = 'vH4c2bK9mQ7xLp3tR8wZs1YnE6uJdAfGhIjKlMnOpQ';
  const CS = 'cs_test_a1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v2W3x4Y5z6';
  const SESS = 'sess_Hq2mN9pL4xR8vT1zW6Kd3Bf7';
  const SLACK = 'Xc9vR2kLq7WmP4tZ8yN1aB3d';
  const RESET = 'Q2xhc3NpY1Jlc2V0VG9rZW5WYWx1ZTEyMzQ1Njc4OTA';

  beforeAll(async () => {
    db = await analyze(dir, 'ids', [
      { method: 'GET', url: `https://app.example.com/api/tokens/${UUID}` },
      { method: 'GET', url: `https://app.example.com/api/secrets/${UUID}/versions` },
      { method: 'GET', url: `https://app.example.com/api/password-policies/${UUID}` },
      { method: 'GET', url: 'https://app.example.com/api/login-attempts/01HQ3Z8K9M2N4P6R8T0V2X4Z6B' },
      { method: 'GET', url: `https://www.googleapis.com/drive/v3/files/${DRIVE}` },
      { method: 'GET', url: `https://shop.example.com/_next/data/${BUILD}/index.json` },
      { method: 'GET', url: `https://api.stripe.com/v1/checkout/sessions/${CS}` },
      { method: 'GET', url: `https://api.example.com/v1/sessions/${SESS}` },
      { method: 'GET', url: `https://hooks.slack.com/services/T024BE7LD/B05K8QZ3J1P/${SLACK}` },
      { method: 'GET', url: `https://app.example.com/reset-password/${RESET}` },
      { method: 'GET', url: `https://app.example.com/verify-email/5b3c9d0e-7f1a-4b2c-9d8e-0f1a2b3c4d5e` },
      { method: 'GET', url: 'https://app.example.com/auth/magic-link/k7Hq2mN9pL4xR8vT1zW6' },
    ]);
    all = await everything(db, []);
  });

  it('reports no token for collection ids, file ids, build ids or prefixed ids', async () => {
    const f = (await findings(db)).filter((x) => x.location === 'request.path');
    const params = f.map((x) => x.param);
    for (const p of ['tokenId', 'secretId', 'passwordPolicyId', 'loginAttemptId', 'fileId', 'dataId', 'sessionId']) expect(params).not.toContain(p);
  });

  it('keeps reset, verify, magic-link and Slack webhook secrets', async () => {
    const params = (await findings(db)).filter((x) => x.location === 'request.path' && x.type === 'token').map((x) => x.param);
    expect(params).toEqual(expect.arrayContaining(['resetPasswordId', 'verifyEmailId', 'magicLinkId', 'webhookToken']));
    for (const v of [RESET, 'k7Hq2mN9pL4xR8vT1zW6']) expect(all).not.toContain(v);
    // the sample URL too: it starts from the path as stored, masked where a path finding is
    expect(all).not.toContain(SLACK);
  });

  it('shows the ids as they are', async () => {
    const shown = [
      ['GET', '/api/tokens/{tokenId}'],
      ['GET', '/drive/v3/files/{fileId}', '--host', 'www.googleapis.com'],
      ['GET', '/_next/data/{dataId}/index.json'],
      ['GET', '/v1/checkout/sessions/{sessionId}', '--host', 'api.stripe.com'],
      ['GET', '/v1/sessions/{sessionId}', '--host', 'api.example.com'],
    ];
    let text = '';
    for (const s of shown) text += (await cli(['show', ...s, '--db', db])).stdout;
    for (const v of [UUID, DRIVE, BUILD, CS, SESS]) expect(text).toContain(v);
  });
});

describe('a bot token in a path', () => {
  const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
  it('is a parameter and a token finding, never part of the template or shown', async () => {
    const dir = tempDir();
    const db = await analyze(dir, 'bot', [
      { method: 'GET', url: `https://api.telegram.org/bot${TOKEN}/sendMessage` },
      { method: 'GET', url: `https://api.telegram.org/bot${TOKEN}/getUpdates` },
    ]);
    const eps = JSON.parse((await cli(['endpoints', '--format', 'json', '--db', db])).stdout).endpoints.map((e: { path: string }) => e.path);
    expect(eps).toHaveLength(2);
    for (const p of eps) expect(p).toMatch(/^\/\{\w+\}\/(sendMessage|getUpdates)$/);
    expect((await findings(db)).some((f) => f.location === 'request.path' && f.type === 'token')).toBe(true);
    const all = await everything(db, eps.map((p: string) => ['GET', p]));
    expect(all).not.toContain('AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw');
  });

  it('leaves a Google-style custom method a word', async () => {
    const dir = tempDir();
    const db = await analyze(dir, 'verb', [
      { method: 'POST', url: 'https://example.googleapis.com/v1/operations/123:cancel' },
      { method: 'POST', url: 'https://example.googleapis.com/v1/operations/456:cancel' },
    ]);
    const eps = JSON.parse((await cli(['endpoints', '--format', 'json', '--db', db])).stdout).endpoints.map((e: { path: string }) => e.path);
    expect(eps).toEqual(['/v1/operations/{operationId}:cancel']);
  });
});
