// Auth policies after an audit: placeholder credentials are none, tracker cookies are not sessions,
// query credentials that `sensitive` knows are auth, and the public-by-design exemptions are as
// narrow as the README says. Each case is an endpoint called twice with credentials and once without.

import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf, type SimpleCall } from '../har-builder.js';

const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const JWT = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'u-1', exp: 4102444800 })}.c2lnbmF0dXJlc2lnbmF0dXJlc2ln`;
const API = 'https://api.audit.test';
let at = 0;
const ts = (): string => new Date(Date.UTC(2024, 2, 10, 12, 0, at++)).toISOString();
const get = (path: string, headers: Record<string, string> = {}): SimpleCall => ({ method: 'GET', url: `${API}${path}`, headers, ts: ts() });
/** Two calls with credentials, one with `anon` headers (or none), all answered 200. */
const trio = (path: string, creds: Record<string, string>, anon: Record<string, string> = {}, anonPath = path): SimpleCall[] => [get(path, creds), get(path, creds), get(anonPath, anon)];

const calls: SimpleCall[] = [
  ...trio('/api/orders', { 'X-Auth-Token': 'k_9Xq2Lm7Rt4Yv8Bn3Sa6Df1' }, { 'X-Auth-Token': 'null' }),
  ...trio('/api/invoices', { Authorization: `Bearer ${JWT}` }, {}, '/api/invoices?access_token=undefined'),
  ...trio('/api/reports', { Authorization: `Basic ${Buffer.from('svc:pw-123').toString('base64')}` }, { Authorization: 'Basic Og==' }),
  ...trio('/app/account', { Cookie: 'sessionid=Zx9kQ2pLm7RtY4vB8nW3sA6d' }, { Cookie: '_pin_unauth=dWlkPU1qQXhNalF6TmpndE16UTVaaTAw' }),
  ...trio('/app/billing', { Cookie: 'sessionid=Zx9kQ2pLm7RtY4vB8nW3sA6d' }, { Cookie: '__RequestVerificationToken=CfDJ8Nq2x7Lm4Rt9Yv3Bn6Sa1Df5' }),
  ...trio('/weather/v1/forecast', { 'Ocp-Apim-Subscription-Key': '3f7a9c2e5b8d1f4a6c0e2b9d7f5a3c1e' }, {}, '/weather/v1/forecast?subscription-key=3f7a9c2e5b8d1f4a6c0e2b9d7f5a3c1e'),
  ...trio('/embed/dashboard', { Authorization: `Bearer ${JWT}` }, {}, `/embed/dashboard?jwt=${JWT}`),
  ...trio('/api/users/7/token', { Authorization: `Bearer ${JWT}` }),
  ...trio('/health/v1/patients/7/allergies', { Authorization: `Bearer ${JWT}` }),
  ...trio('/health', { Authorization: `Bearer ${JWT}` }),
  ...trio('/oauth/token', { Authorization: `Basic ${Buffer.from('client:secret-1').toString('base64')}` }),
  // Public by design beside protected siblings: JWKS keys, service status under a version prefix, a provider's callback.
  get('/oauth2/v1/userinfo', { Authorization: `Bearer ${JWT}` }),
  get('/oauth2/v1/introspect', { Authorization: `Bearer ${JWT}` }),
  get('/oauth2/v1/keys'),
  get('/api/v1/orders', { Authorization: `Bearer ${JWT}` }),
  get('/api/v1/users/me', { Authorization: `Bearer ${JWT}` }),
  get('/api/v1/status'),
];

describe('auth after the audit', () => {
  const dir = tempDir();
  const db = `${dir}/auth.db`;
  let byPath: Map<string, { schemes: { scheme: string; calls: number }[]; exposed: boolean }>;
  beforeAll(async () => {
    writeFileSync(`${dir}/auth.har`, harOf(calls));
    expect((await cli(['analyze', `${dir}/auth.har`, '--db', db, '-q'])).code).toBe(0);
    const doc = JSON.parse((await cli(['auth', '--db', db, '--format', 'json'])).stdout);
    byPath = new Map(doc.endpoints.map((e: { path: string }) => [e.path, e]));
  });
  const schemes = (path: string): string => byPath.get(path)!.schemes.map((s) => `${s.scheme}:${s.calls}`).join(', ');

  it('a placeholder in place of a credential (`null`, `undefined`, Basic of an empty user) is none, and flagged', () => {
    expect(schemes('/api/orders')).toBe('api-key:2, none:1');
    expect(schemes('/api/invoices')).toBe('bearer-jwt:2, none:1');
    expect(schemes('/api/reports')).toBe('basic:2, none:1');
    for (const p of ['/api/orders', '/api/invoices', '/api/reports']) expect(byPath.get(p)!.exposed, p).toBe(true);
  });

  it('tracker and anti-forgery cookies are not sessions', () => {
    expect(schemes('/app/account')).toBe('session-cookie:2, none:1');
    expect(schemes('/app/billing')).toBe('session-cookie:2, none:1');
  });

  it('query credentials in their documented places are auth, not calls without credentials', () => {
    expect(schemes('/weather/v1/forecast')).toBe('api-key:3');
    expect(schemes('/embed/dashboard')).toBe('bearer-jwt:3');
    expect(byPath.get('/weather/v1/forecast')!.exposed).toBe(false);
  });

  it('exempts health checks and token endpoints, not every path with such a word in it', () => {
    expect(byPath.get('/api/users/{userId}/token')!.exposed).toBe(true);
    expect(byPath.get('/health/v1/patients/{patientId}/allergies')!.exposed).toBe(true);
    expect(byPath.get('/health')!.exposed).toBe(false);
    expect(byPath.get('/oauth/token')!.exposed).toBe(false);
    expect(byPath.get('/oauth2/v1/keys')!.exposed).toBe(false);
    expect(byPath.get('/api/v1/status')!.exposed).toBe(false);
  });

  it('show alerts where auth flags, and not elsewhere', async () => {
    expect((await cli(['show', 'GET', '/api/orders', '--db', db])).stdout).toMatch(/^!! reachable without auth: /m);
    expect((await cli(['show', 'GET', '/health', '--db', db])).stdout).not.toMatch(/^!!/m);
  });
});

describe('OAuth client authentication in a token request body', () => {
  it('is the oauth-client scheme, named by its client_id in stats, never none', async () => {
    const dir = tempDir();
    const token = (body: string, headers: Record<string, string> = {}): SimpleCall => ({
      method: 'POST',
      url: 'https://auth.audit.test/oauth/token',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      requestBody: { mimeType: 'application/x-www-form-urlencoded', text: body },
      ts: ts(),
    });
    writeFileSync(
      `${dir}/t.har`,
      harOf([
        token('grant_type=client_credentials&client_id=svc-a&client_secret=s3cr3t-value-123'),
        token('grant_type=client_credentials&client_id=svc-b&client_secret=other-secret-99'),
        token('grant_type=client_credentials', { Authorization: `Basic ${Buffer.from('svc-c:pw-123456').toString('base64')}` }),
      ]),
    );
    const db = `${dir}/t.db`;
    expect((await cli(['analyze', `${dir}/t.har`, '--db', db, '-q'])).code).toBe(0);
    const auth = JSON.parse((await cli(['auth', '--db', db, '--format', 'json'])).stdout).endpoints[0];
    expect(auth.schemes).toEqual([{ scheme: 'oauth-client', calls: 2 }, { scheme: 'basic', calls: 1 }]);
    expect(JSON.parse((await cli(['endpoints', '--db', db, '--auth', 'none', '--format', 'json'])).stdout).endpoints).toEqual([]);
    expect(JSON.parse((await cli(['endpoints', '--db', db, '--auth', 'oauth', '--format', 'json'])).stdout).endpoints).toHaveLength(1);
    const stats = JSON.parse((await cli(['stats', '--range', '1h', '--until', '2024-03-10T13:00Z', '--db', db, '--format', 'json'])).stdout);
    expect(stats.topUsers.map((u: { user: string }) => u.user).sort()).toEqual(['svc-a', 'svc-b', 'svc-c']);
    expect(readFileSync(db).toString('latin1')).not.toContain('s3cr3t-value-123');
  });
});

describe('--auth custom', () => {
  it('takes the configured custom schemes, which are reported under their names', async () => {
    const dir = tempDir();
    writeFileSync(`${dir}/akto-rt.config.json`, JSON.stringify({ auth: { custom: [{ name: 'tenant-key', in: 'header', key: 'X-Tenant-Key' }] } }));
    writeFileSync(`${dir}/t.har`, harOf([get('/v1/things', { 'X-Tenant-Key': 'tk_9f8e7d6c5b4a3928' }), get('/v1/open')]));
    const db = `${dir}/t.db`;
    expect((await cli(['analyze', `${dir}/t.har`, '--db', db, '-q'], { cwd: dir })).code).toBe(0);
    const paths = async (auth: string): Promise<string[]> =>
      JSON.parse((await cli(['endpoints', '--db', db, '--auth', auth, '--format', 'json'], { cwd: dir })).stdout).endpoints.map((e: { path: string }) => e.path);
    expect(await paths('custom')).toEqual(['/v1/things']);
    expect(await paths('tenant-key')).toEqual(['/v1/things']);
    expect(await paths('none')).toEqual(['/v1/open']);
  });
});
