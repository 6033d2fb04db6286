// URLs that travel as values, end to end: a reset link in a JSON response, a verification link in a
// Markdown body, a Referer, an OAuth redirect in Location, a base64 e-mail in a tracking query. Each
// secret is a finding at the value holding it (`sensitive`), and no stored byte or printed output holds
// it; the links stay readable in samples. An endpoint returning ordinary links reports nothing.

import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, storedBytes, tempDir } from '../helpers.js';
import { type SimpleCall, harOf } from '../har-builder.js';

const TOKEN = 'Zk3q9XvL2mPq8RtY7wNc4BvH1sDf6GjK';
const CODE = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const EMAIL = 'jane.doe@corp.example';
const OAUTH_CODE = 'SplxlOBeZQQYbYS6WxSbIA';
const B64_EMAIL = Buffer.from(EMAIL).toString('base64'); // amFuZS5kb2VAY29ycC5leGFtcGxl
const SECRETS = [TOKEN, CODE, EMAIL, encodeURIComponent(EMAIL), OAUTH_CODE, B64_EMAIL];

const ORDINARY = {
  logo: 'https://cdn.example/img/logo.png',
  self: 'https://api.example/v1/users?page=2&sort=name',
  next: '/v1/users?cursor=1234567&limit=50',
  order: 'https://api.example/orders/3f2a9c1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  // A random click id is not a credential: a query value is a token only by its name.
  campaign: 'https://shop.example/?utm_source=news&fbclid=IwAR2F4-dbP0l7Mn1IwoQaUYpEwBn7s3Vq2n3a9kBxYz0C1Wc3Uq7EYt8F0Qk',
};

/** harOf, with extra response headers (`Location`) per call. */
function har(calls: (SimpleCall & { responseHeaders?: Record<string, string> })[]): string {
  const doc = JSON.parse(harOf(calls));
  doc.log.entries.forEach((e: { response: { headers: { name: string; value: string }[] } }, i: number) => {
    for (const [name, value] of Object.entries(calls[i]!.responseHeaders ?? {})) e.response.headers.push({ name, value });
  });
  return JSON.stringify(doc);
}

interface Finding {
  path: string;
  location: string;
  param: string;
  type: string;
}

describe('secrets in URLs carried as values', () => {
  const dir = tempDir();
  const db = `${dir}/links.db`;
  let findings: Finding[] = [];
  let all = '';
  const show: Record<string, string> = {};

  beforeAll(async () => {
    writeFileSync(
      `${dir}/links.har`,
      har([
        {
          method: 'POST',
          url: 'https://api.x.example/v1/password/forgot',
          body: { login: 'jdoe' },
          response: { resetUrl: `https://app.x.example/reset?token=${TOKEN}`, next: `https://app.x.example/reset-password/${TOKEN}` },
        },
        {
          method: 'GET',
          url: 'https://api.x.example/v1/messages/latest',
          responseMime: 'text/markdown',
          responseText: `Click [here](https://app.x.example/verify?code=${CODE}&email=${encodeURIComponent(EMAIL)}) to verify`,
        },
        {
          method: 'GET',
          url: 'https://api.x.example/v1/profile',
          headers: { Referer: `https://app.y.example/welcome?token=${TOKEN}&email=${encodeURIComponent(EMAIL)}` },
          response: { ok: true },
        },
        {
          method: 'GET',
          url: 'https://idp.x.example/oauth/authorize?client_id=web&response_type=code&state=xyz123',
          status: 302,
          responseHeaders: { Location: `https://client.example/cb?code=${OAUTH_CODE}&state=xyz123` },
        },
        { method: 'GET', url: `https://api.x.example/v1/track?u=${B64_EMAIL}`, response: { ok: true } },
        { method: 'GET', url: 'https://api.x.example/v1/catalog', headers: { Referer: ORDINARY.self }, response: ORDINARY },
      ]),
    );
    const a = await cli(['analyze', `${dir}/links.har`, '--db', db, '-q']);
    expect(a.code, a.stderr).toBe(0);
    const s = await cli(['sensitive', '--format', 'json', '--db', db]);
    expect(s.code, s.stderr).toBe(0);
    findings = (JSON.parse(s.stdout).findings as Finding[]).map((f) => ({ path: f.path, location: f.location, param: f.param, type: f.type }));
    all = storedBytes(db) + s.stdout;
    for (const args of [['sensitive'], ['endpoints', '--format', 'json'], ['export', '--inventory', '-']]) {
      const r = await cli([...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(0);
      all += r.stdout + r.stderr;
    }
    for (const [method, path] of [['POST', '/v1/password/forgot'], ['GET', '/v1/messages/latest'], ['GET', '/v1/profile'], ['GET', '/oauth/authorize'], ['GET', '/v1/track'], ['GET', '/v1/catalog']] as const) {
      const r = await cli(['show', method, path, '--db', db]);
      expect(r.code, `${method} ${path}: ${r.stderr}`).toBe(0);
      show[path] = r.stdout;
      all += r.stdout + r.stderr;
    }
  });

  it('reports each secret at the value holding it', () => {
    expect(findings).toEqual(
      expect.arrayContaining([
        { path: '/v1/password/forgot', location: 'response.body', param: '$.resetUrl', type: 'token' },
        { path: '/v1/password/forgot', location: 'response.body', param: '$.next', type: 'token' },
        { path: '/v1/messages/latest', location: 'response.body', param: '$', type: 'token' },
        { path: '/v1/messages/latest', location: 'response.body', param: '$', type: 'email' },
        { path: '/v1/profile', location: 'request.header', param: 'referer', type: 'token' },
        { path: '/v1/profile', location: 'request.header', param: 'referer', type: 'email' },
        { path: '/oauth/authorize', location: 'response.header', param: 'location', type: 'token' },
        { path: '/v1/track', location: 'request.query', param: 'u', type: 'email' },
      ]),
    );
  });

  it('reports nothing for ordinary links', () => {
    expect(findings.filter((f) => f.path === '/v1/catalog')).toEqual([]);
  });

  it('neither stores nor prints any of the secrets', () => {
    for (const s of SECRETS) expect(all.includes(s), `${s} leaked`).toBe(false);
  });

  it('keeps the links readable in the samples', () => {
    expect(show['/v1/password/forgot']).toMatch(/"resetUrl":"https:\/\/app\.x\.example\/reset\?token=<token:fp:[0-9a-f]{6}>"/);
    expect(show['/v1/password/forgot']).toContain('"next":"https://app.x.example/reset-password/<redacted>"');
    expect(show['/v1/messages/latest']).toMatch(/Click \[here\]\(https:\/\/app\.x\.example\/verify\?code=<token:fp:[0-9a-f]{6}>&email=j\*\*\*@c\*\*\*\.example\) to verify/);
    expect(show['/v1/profile']).toMatch(/Referer: https:\/\/app\.y\.example\/welcome\?token=<token:fp:[0-9a-f]{6}>&email=j\*\*\*@c\*\*\*\.example/);
    expect(show['/oauth/authorize']).toMatch(/Location: https:\/\/client\.example\/cb\?code=<token:fp:[0-9a-f]{6}>&state=xyz123/);
    expect(show['/v1/track']).toContain('/v1/track?u=<email>');
    for (const link of Object.values(ORDINARY)) expect(show['/v1/catalog']).toContain(link);
    expect(show['/v1/catalog']).toContain(`Referer: ${ORDINARY.self}`);
  });
});
