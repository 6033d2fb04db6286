// Credentials and personal values where no name says so: a Postman `apikey` under a name of the
// user's choosing, OAuth 1 parameters in the query string, and secrets used as query or header
// *names*. Each must be classed as auth where it is auth, reported where it is data, and appear in
// no command's output and nowhere in the inventory file.

import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, SAMPLES, storedBytes, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';


/** The outputs a user reads: every listing in its machine and table forms, the sample, the export. */
async function outputs(db: string, show: string[][]): Promise<string[]> {
  const out: string[] = [];
  for (const args of [
    ['endpoints'],
    ['endpoints', '--format', 'json'],
    ['endpoints', '--format', 'csv'],
    ['auth'],
    ['auth', '--format', 'json'],
    ['sensitive'],
    ['sensitive', '--format', 'json'],
    ['changes', '--format', 'json'],
    ['stats', '--range', '7d', '--format', 'json'],
    ['export', '--inventory', '-'],
    ...show.map((s) => ['show', ...s]),
  ]) {
    const r = await cli([...args, '--db', db]);
    expect(r.code, args.join(' ')).toBe(0);
    out.push(r.stdout + r.stderr);
  }
  return out;
}

function apikeyCollection(where: 'query' | 'header', value: string): string {
  return JSON.stringify({
    info: { name: 'keys', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [
      {
        name: 'any',
        request: {
          auth: { type: 'apikey', apikey: [{ key: 'in', value: where }, { key: 'value', value }, { key: 'key', value: 'test' }] },
          method: 'GET',
          header: [],
          url: { raw: 'mockbin.org/request/any', host: ['mockbin', 'org'], path: ['request', 'any'] },
        },
        response: [],
      },
    ],
  });
}

describe.each([
  ['query', 'Zq8s7TFAKEk3yValue9921'],
  ['header', 'Hd8s7TFAKEk3yValue9921'],
] as const)('a Postman apikey sent in the %s under a custom name', (where, value) => {
  const dir = tempDir();
  const db = `${dir}/apikey.db`;
  let out: string[] = [];

  beforeAll(async () => {
    writeFileSync(`${dir}/apikey.json`, apikeyCollection(where, value));
    expect((await cli(['analyze', `${dir}/apikey.json`, '--db', db, '-q'])).code).toBe(0);
    out = await outputs(db, [['GET', '/request/any']]);
  });

  it('classes the call as api-key, not none', () => {
    const auth = JSON.parse(out[4]!);
    expect(JSON.stringify(auth)).toContain('"api-key"');
    expect(JSON.stringify(auth)).not.toContain('"none"');
    expect(out.at(-1)).toMatch(/│ api-key\s+│ 1 /);
  });

  it('masks the key in the sample and stores it nowhere', () => {
    expect(out.at(-1)).toMatch(where === 'query' ? /\?test=<api-key:fp:[0-9a-f]{6}>/ : /\ntest: <api-key:fp:[0-9a-f]{6}>/);
    for (const text of [...out, storedBytes(db)]) expect(text).not.toContain(value);
  });
});

describe('OAuth 1.0a parameters in the query string', () => {
  const dir = tempDir();
  const db = `${dir}/oauth1.db`;
  const TOKEN = 'nnch734d00sl2jdk9Xq7Lp3Vw8Ty';
  const CONSUMER = 'dpf43f3p2l4k3l03Kz9Wm2Rn';
  const SIGNATURES = ['tR3+Ty81lMeYAr/Fid0kMTYa/WM=', 'Zk4pQ1mN8vB2xC7yL0sD5fG9hJ3='];
  const url = (i: number): string =>
    `https://photos.example.net/photos?file=vacation.jpg&size=original&oauth_consumer_key=${CONSUMER}&oauth_token=${TOKEN}` +
    `&oauth_signature_method=HMAC-SHA1&oauth_timestamp=13712345${i}0&oauth_nonce=kllo9940pd9333jh${i}&oauth_version=1.0` +
    `&oauth_signature=${encodeURIComponent(SIGNATURES[i]!)}`;
  let out: string[] = [];

  beforeAll(async () => {
    writeFileSync(`${dir}/oauth1.har`, harOf([0, 1].map((i) => ({ method: 'GET', url: url(i), status: 200, response: { ok: true } }))));
    expect((await cli(['analyze', `${dir}/oauth1.har`, '--db', db, '-q'])).code).toBe(0);
    out = await outputs(db, [['GET', '/photos']]);
  });

  it('classes both calls as oauth1, one user (the token), and reports no data findings for the protocol parameters', () => {
    expect(out[3]).toMatch(/oauth1×2/);
    expect(out[3]).not.toMatch(/none×/);
    const stats = JSON.parse(out[8]!);
    expect([stats.totalCalls, stats.users, stats.topUsers[0].user]).toEqual([2, 1, expect.stringMatching(/^tok:[0-9a-f]{12}$/)]);
    expect(JSON.parse(out[6]!).findings).toEqual([]);
  });

  it('masks the token, consumer key and signature in the sample and stores none of them', () => {
    expect(out.at(-1)).toMatch(/oauth_token=<token:fp:[0-9a-f]{6}>/);
    expect(out.at(-1)).toMatch(/oauth_signature=<token:fp:[0-9a-f]{6}>/);
    for (const text of [...out, storedBytes(db)]) {
      for (const v of [TOKEN, CONSUMER, ...SIGNATURES, encodeURIComponent(SIGNATURES[0]!)]) expect(text).not.toContain(v);
    }
  });

  it('classes the Postman collection whose oauth1 auth writes to the URL as oauth1 on every call', async () => {
    const pdb = `${dir}/insomnia.db`;
    expect((await cli(['analyze', `${SAMPLES}postman/insomnia_oauth1_v2.1.postman_collection.json`, '--db', pdb, '-q'])).code).toBe(0);
    const r = await cli(['auth', '--db', pdb]);
    expect(r.stdout).toMatch(/oauth1×5/);
    expect(r.stdout).not.toMatch(/none×/);
  });
});

describe('secrets and personal values used as query or header names', () => {
  const dir = tempDir();
  const db = `${dir}/names.db`;
  const b64url = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const JWT = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: 'user-123' })}.c2lnbmF0dXJlc2lnbmF0dXJl`;
  const GITHUB = 'ghp_ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210';
  const EMAIL = 'john.smith@corp.example';
  const AWS = 'AKIAIOSFODNN7EXAMPLE';
  const RANDOM = 'Qx7Lp2Vw9Tz4Kd8Rm3Nb6Hy1';
  const CARD = '4111111111111111';
  const SECRETS = [GITHUB, EMAIL, AWS, JWT, RANDOM, CARD];
  let out: string[] = [];

  beforeAll(async () => {
    const har = harOf([
      { method: 'GET', url: `https://bare.qa.example/v1/callback?${GITHUB}`, status: 200, response: { ok: true } },
      { method: 'GET', url: `https://bare.qa.example/v1/magic?${EMAIL}`, status: 200, response: { ok: true } },
      { method: 'GET', url: `https://bare.qa.example/v1/keys?${AWS}=1&q=shoes&page=2&utm_source=mail&_=1710064800000`, status: 200, response: {} },
      { method: 'GET', url: `https://bare.qa.example/v1/cards?${CARD}`, status: 200, response: {} },
      { method: 'GET', url: 'https://bare.qa.example/v1/h', status: 200, headers: { [JWT]: 'x', [RANDOM]: '1', 'X-Request-Id': 'r-1' }, response: {} },
    ]);
    writeFileSync(`${dir}/names.har`, har);
    expect((await cli(['analyze', `${dir}/names.har`, '--db', db, '-q'])).code).toBe(0);
    out = await outputs(db, [
      ['GET', '/v1/callback'],
      ['GET', '/v1/magic'],
      ['GET', '/v1/keys'],
      ['GET', '/v1/cards'],
      ['GET', '/v1/h'],
    ]);
  });

  it('reports each as a finding under param `*` with its type', () => {
    const found = JSON.parse(out[6]!).findings.map((f: { path: string; location: string; param: string; type: string }) => [f.path, f.location, f.param, f.type]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['/v1/callback', 'request.query', '*', 'github-token'],
        ['/v1/magic', 'request.query', '*', 'email'],
        ['/v1/keys', 'request.query', '*', 'aws-access-key-id'],
        ['/v1/cards', 'request.query', '*', 'credit-card'],
        ['/v1/h', 'request.header', '*', 'jwt'],
        ['/v1/h', 'request.header', '*', 'token'],
      ]),
    );
  });

  it('stores them as `*` and keeps ordinary names as they are', () => {
    const inv = JSON.parse(out[9]!);
    const params = (path: string): string[] =>
      inv.endpoints.find((e: { path: string }) => e.path === path).params.map((p: { location: string; name: string }) => `${p.location} ${p.name}`);
    expect(params('/v1/keys')).toEqual(
      expect.arrayContaining(['request.query *', 'request.query q', 'request.query page', 'request.query utm_source', 'request.query _']),
    );
    expect(params('/v1/h')).toEqual(expect.arrayContaining(['request.header *', 'request.header x-request-id']));
  });

  it('masks them in the sample, name position included', () => {
    const shows = out.slice(-5).join('\n');
    expect(shows).toContain('/v1/callback?<github-token:fp:');
    expect(shows).toContain('/v1/magic?j***@c***.example');
    expect(shows).toMatch(/\/v1\/keys\?<aws-access-key-id:fp:[0-9a-f]{6}>=1&q=shoes&page=2&utm_source=mail&_=1710064800000\n/);
    expect(shows).toMatch(/\n<token:fp:[0-9a-f]{6}>: 1\n/);
    expect(shows).toContain('<jwt alg=HS256>: x');
    expect(shows).toContain('X-Request-Id: r-1');
  });

  it('are left out of an exported spec and of spec-diff, which cannot name them', async () => {
    const spec = await cli(['export', '--openapi', `${dir}/names.yaml`, '--db', db]);
    expect(spec.code, spec.stderr).toBe(0);
    const yaml = readFileSync(`${dir}/names.yaml`, 'utf8');
    expect(yaml).not.toMatch(/name: "?\*"?\n/);
    expect(yaml).toMatch(/name: utm_source/);
    const sd = JSON.parse((await cli(['spec-diff', `${dir}/names.yaml`, '--db', db, '--format', 'json'])).stdout);
    expect(sd.summary).toMatchObject({ shadow: 0, zombie: 0 });
    expect(sd.entries.filter((x: { kind: string }) => x.kind === 'undocumented-param')).toEqual([]);
  });

  it('prints and stores none of them', () => {
    for (const text of [...out, storedBytes(db)]) {
      for (const v of SECRETS) expect(text).not.toContain(v);
      expect(text.toLowerCase()).not.toContain(JWT.toLowerCase().slice(0, 40));
      expect(text.toLowerCase()).not.toContain(RANDOM.toLowerCase());
    }
  });
});

describe('an OAuth authorization code in a redirect', () => {
  const CODE = '4/0AX4XfWhQ9kZp3LmT7vR2nB8yC1dF6gH';
  it('is reported and masked next to state; a code without state (a country code) is not', async () => {
    const dir = tempDir();
    writeFileSync(
      `${dir}/cb.har`,
      harOf([
        { method: 'GET', url: `https://app.example.com/oauth/callback?code=${encodeURIComponent(CODE)}&state=af0ifjsldkj`, status: 302 },
        { method: 'GET', url: 'https://app.example.com/v1/countries?code=US', status: 200, response: {} },
      ]),
    );
    const db = `${dir}/cb.db`;
    expect((await cli(['analyze', `${dir}/cb.har`, '--db', db, '-q'])).code).toBe(0);
    const found = JSON.parse((await cli(['sensitive', '--format', 'json', '--db', db])).stdout).findings;
    expect(found).toContainEqual(expect.objectContaining({ path: '/oauth/callback', location: 'request.query', param: 'code', type: 'token' }));
    expect(found.some((f: { path: string }) => f.path === '/v1/countries')).toBe(false);
    const show = await cli(['show', 'GET', '/oauth/callback', '--db', db]);
    expect(show.stdout).toMatch(/code=<token:fp:[0-9a-f]{6}>&state=/);
    for (const text of [show.stdout, storedBytes(db)]) {
      expect(text).not.toContain(CODE);
      expect(text).not.toContain(encodeURIComponent(CODE));
    }
    expect((await cli(['show', 'GET', '/v1/countries', '--db', db])).stdout).toContain('code=US');
  });
});
