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

/** What a user can see of an inventory: its findings, and every output and stored byte (for leak checks). */
async function readBack(db: string, endpoints: readonly (readonly [string, string])[]): Promise<{ findings: Finding[]; all: string; show: Record<string, string> }> {
  const s = await cli(['sensitive', '--format', 'json', '--db', db]);
  expect(s.code, s.stderr).toBe(0);
  const findings = (JSON.parse(s.stdout).findings as Finding[]).map((f) => ({ path: f.path, location: f.location, param: f.param, type: f.type }));
  let all = storedBytes(db) + s.stdout;
  for (const args of [['sensitive'], ['endpoints', '--format', 'json'], ['export', '--inventory', '-']]) {
    const r = await cli([...args, '--db', db]);
    expect(r.code, args.join(' ')).toBe(0);
    all += r.stdout + r.stderr;
  }
  const show: Record<string, string> = {};
  for (const [method, path] of endpoints) {
    const r = await cli(['show', method, path, '--db', db]);
    expect(r.code, `${method} ${path}: ${r.stderr}`).toBe(0);
    show[path] = r.stdout;
    all += r.stdout + r.stderr;
  }
  return { findings, all, show };
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
    const r = await readBack(db, [['POST', '/v1/password/forgot'], ['GET', '/v1/messages/latest'], ['GET', '/v1/profile'], ['GET', '/oauth/authorize'], ['GET', '/v1/track'], ['GET', '/v1/catalog']]);
    findings = r.findings;
    all = r.all;
    Object.assign(show, r.show);
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

describe('links the QA audit found stored raw or mangled', () => {
  const dir = tempDir();
  const db = `${dir}/qa.db`;
  const AKTO_TOKEN = 'AkToLoCaTiOnT0ken5678';
  const HAR_TOKEN = 'Hq7ZrT2mXk4VbN7pLw3YcH9s';
  const MAGIC = 'q8ZrT2mXk4VbN7pLw3YcH9sD';
  const GOOG_SIG = 'a3f1c9e27b4d8065f2e1d0c9b8a7968574635241302f1e0d9c8b7a6958473625';
  const PASSWORD = 'S3cr3tPa55';
  const RAW = [AKTO_TOKEN, HAR_TOKEN, MAGIC, TOKEN, GOOG_SIG, PASSWORD, '531-73-7731'];
  let findings: Finding[] = [];
  let all = '';
  const show: Record<string, string> = {};

  beforeAll(async () => {
    const akto = (path: string, req: Record<string, string>, resp: Record<string, string>) =>
      JSON.stringify({ method: 'GET', path, requestHeaders: JSON.stringify({ host: 'akto.x.example', ...req }), responseHeaders: JSON.stringify(resp), requestPayload: '', responsePayload: '', statusCode: 302, time: 1709546400 });
    writeFileSync(
      `${dir}/qa.jsonl`,
      [
        akto('/login/callback', {}, { location: ` https://app.x.example/cb?access_token=${AKTO_TOKEN}` }),
        akto('/landing', { referer: ` https://app.x.example/cb?access_token=${AKTO_TOKEN}` }, {}),
      ].join('\n') + '\n',
    );
    const gcs = `https://storage.googleapis.com/b/o.png?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=svc%40proj.iam.gserviceaccount.com%2F20240301%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20240301T000000Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host&X-Goog-Signature=${GOOG_SIG}`;
    writeFileSync(
      `${dir}/qa.har`,
      har([
        { method: 'GET', url: 'https://api.x.example/v1/sso', status: 302, responseHeaders: { Location: `/cb?msg=hello world&access_token=${HAR_TOKEN}` } },
        { method: 'POST', url: 'https://api.x.example/v1/magic', status: 303, responseHeaders: { Location: `/magic-link/${MAGIC}`, 'Content-Location': `/reset-password/${TOKEN}` } },
        { method: 'GET', url: 'https://api.x.example/v1/files', response: { url: gcs, mirror: `https://admin:${PASSWORD}@internal/api` } },
        { method: 'GET', url: 'https://api.x.example/v1/ssn', headers: { Referer: 'https://app.x.example/x?ssn=531-73-7731' }, response: { ok: true } },
        {
          method: 'GET',
          url: 'https://api.x.example/v1/notice',
          responseText: `リセット: https://app.x.example/reset?token=${TOKEN}。ありがとうございます。\nhttps://a.example/x?token=${TOKEN},https://b.example/y?page=2 «https://c.example/z?token=${TOKEN};next=1»`,
        },
      ]),
    );
    for (const f of ['qa.jsonl', 'qa.har']) {
      const a = await cli(['analyze', `${dir}/${f}`, '--db', db, '-q']);
      expect(a.code, a.stderr).toBe(0);
      all += a.stdout + a.stderr;
    }
    const r = await readBack(db, [['GET', '/login/callback'], ['GET', '/landing'], ['GET', '/v1/sso'], ['POST', '/v1/magic'], ['GET', '/v1/files'], ['GET', '/v1/ssn'], ['GET', '/v1/notice']]);
    findings = r.findings;
    all += r.all;
    Object.assign(show, r.show);
  });

  it('reports each secret at the value holding it', () => {
    expect(findings).toEqual(
      expect.arrayContaining([
        { path: '/login/callback', location: 'response.header', param: 'location', type: 'token' },
        { path: '/landing', location: 'request.header', param: 'referer', type: 'token' },
        { path: '/v1/sso', location: 'response.header', param: 'location', type: 'token' },
        { path: '/v1/magic', location: 'response.header', param: 'location', type: 'token' },
        { path: '/v1/magic', location: 'response.header', param: 'content-location', type: 'token' },
        { path: '/v1/files', location: 'response.body', param: '$.url', type: 'aws-signature' },
        { path: '/v1/files', location: 'response.body', param: '$.mirror', type: 'password' },
        { path: '/v1/ssn', location: 'request.header', param: 'referer', type: 'ssn' },
        { path: '/v1/notice', location: 'response.body', param: '$', type: 'token' },
      ]),
    );
  });

  it('neither stores nor prints any of the secrets', () => {
    for (const s of RAW) expect(all.includes(s), `${s} leaked`).toBe(false);
  });

  it('masks each secret in place, the rest of the link and the text around it kept', () => {
    expect(show['/login/callback']).toMatch(/location: +https:\/\/app\.x\.example\/cb\?access_token=<token:fp:[0-9a-f]{6}>/);
    expect(show['/landing']).toMatch(/referer: +https:\/\/app\.x\.example\/cb\?access_token=<token:fp:[0-9a-f]{6}>/);
    expect(show['/v1/sso']).toMatch(/Location: \/cb\?msg=hello world&access_token=<token:fp:[0-9a-f]{6}>/);
    expect(show['/v1/files']).toContain('"mirror":"https://admin:<password>@internal/api"');
    expect(show['/v1/files']).toMatch(/X-Goog-Credential=s\*\*\*@p\*\*\*\.com\/20240301\/auto\/storage\/goog4_request&X-Goog-Date=20240301T000000Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host&X-Goog-Signature=<aws-signature>"/);
    expect(show['/v1/ssn']).toContain('Referer: https://app.x.example/x?ssn=***-**-7731');
    expect(show['/v1/notice']).toMatch(/reset\?token=<token:fp:[0-9a-f]{6}>。ありがとうございます。/);
    expect(show['/v1/notice']).toMatch(/x\?token=<token:fp:[0-9a-f]{6}>,https:\/\/b\.example\/y\?page=2 «https:\/\/c\.example\/z\?token=<token:fp:[0-9a-f]{6}>;next=1»/);
  });
});

describe('session ids in a call\'s own path', () => {
  const dir = tempDir();
  it('/cart;jsessionid=… is the endpoint /cart, its session id a masked token', async () => {
    const SESSION = '7E2B9D1C4A6F8E0B2D4F6A8C0E2B4D6F';
    const db = `${dir}/j.db`;
    writeFileSync(
      `${dir}/j.har`,
      harOf([
        { method: 'GET', url: `https://shop.example/cart;jsessionid=${SESSION}?x=1`, response: { ok: true } },
        { method: 'GET', url: `https://shop.example/checkout;jsessionid=${SESSION}`, response: { ok: true } },
      ]),
    );
    expect((await cli(['analyze', `${dir}/j.har`, '--db', db, '-q'])).code).toBe(0);
    const eps = JSON.parse((await cli(['endpoints', '--db', db, '--format', 'json'])).stdout).endpoints as { path: string }[];
    expect(eps.map((e) => e.path).sort()).toEqual(['/cart', '/checkout']);
    const r = await readBack(db, [['GET', '/cart'], ['GET', '/checkout']]);
    expect(r.findings).toEqual(expect.arrayContaining([{ path: '/cart', location: 'request.query', param: 'jsessionid', type: 'token' }]));
    expect(r.all).not.toContain(SESSION);
  });
});
