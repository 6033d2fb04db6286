// The read commands (endpoints, show, auth, sensitive, changes) on inventories built by a real `analyze` of
// hand-made HARs and real samples, asserting what a user checks in each output.

import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError, StoreError, UsageError } from '../../src/errors.js';
import { makeContext } from '../../src/commands/context.js';
import { registerAnalyze } from '../../src/commands/analyze.js';
import { registerShow } from '../../src/commands/show.js';
import { registerAuth } from '../../src/commands/auth.js';
import { registerSensitive } from '../../src/commands/sensitive.js';
import { registerChanges } from '../../src/commands/changes.js';
import { registerEndpoints } from '../../src/commands/endpoints.js';
import { describeTypeChange, parseSince } from '../../src/views/changes-view.js';
import type { EndpointDetail } from '../../src/views/endpoint-detail.js';
import { showRenderers } from '../../src/render/show.js';
import { openDb } from '../../src/store/db.js';
import { SAMPLES, tempDir, type CliResult } from '../helpers.js';
import { harOf } from '../har-builder.js';

const DAY = 86_400_000;
const T1 = Date.parse('2024-03-01T10:00:00Z');
const T2 = T1 + 7 * DAY;

/** The CLI with these commands, IO captured and the clock frozen; errors map to exit codes as in cli.ts. */
async function run(argv: string[], now = T2 + DAY): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const ctx = makeContext({
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { NO_COLOR: '1' },
    cwd: process.cwd(),
    now: () => now,
  });
  const program = new Command('akto-rt').exitOverride().configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  for (const register of [registerAnalyze, registerEndpoints, registerShow, registerAuth, registerSensitive, registerChanges]) register(program, ctx);
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return { code: ctx.exitCode, stdout, stderr };
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError || e instanceof StoreError) return { code: 2, stdout, stderr: `${stderr}akto-rt: ${e.message}\n` };
    if (e instanceof CommanderError) return { code: e.exitCode === 0 ? 0 : 2, stdout, stderr };
    throw e;
  }
}

// --- hand-made traffic -----------------------------------------------------------------------

const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const JWT = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'user-1', iss: 'https://id.shop.test', exp: 2_000_000_000 })}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;
const EMAIL = 'jane.doe@example.com';

interface Call {
  method?: string;
  url: string;
  bearer?: boolean;
  status: number;
  body?: object;
  reqBody?: object;
  at: number;
}

function entry(c: Call): object {
  const headers = [{ name: 'Accept', value: 'application/json' }];
  if (c.bearer) headers.push({ name: 'Authorization', value: `Bearer ${JWT}` });
  const req: Record<string, unknown> = { method: c.method ?? 'GET', url: c.url, httpVersion: 'HTTP/1.1', headers, queryString: [], cookies: [], headersSize: -1, bodySize: -1 };
  if (c.reqBody) {
    headers.push({ name: 'Content-Type', value: 'application/json' });
    req.postData = { mimeType: 'application/json', text: JSON.stringify(c.reqBody) };
  }
  const body = c.body === undefined ? '' : JSON.stringify(c.body);
  return {
    startedDateTime: new Date(c.at).toISOString(),
    time: 12,
    request: req,
    response: {
      status: c.status,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      headers: c.body === undefined ? [] : [{ name: 'Content-Type', value: 'application/json' }],
      cookies: [],
      content: { size: body.length, mimeType: c.body === undefined ? '' : 'application/json', text: body },
      redirectURL: '',
      headersSize: -1,
      bodySize: body.length,
    },
    cache: {},
    timings: { send: 0, wait: 12, receive: 0 },
  };
}

function writeHar(path: string, calls: Call[]): string {
  writeFileSync(path, JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries: calls.map(entry) } }));
  return path;
}

const API = 'https://api.shop.test';
const user = (id: number, at: number): Call => ({ url: `${API}/api/users/${id}`, bearer: true, status: 200, body: { id, name: 'Jane', profile: { email: EMAIL } }, at });

/** Traffic seen in both runs, so that run 2 differs from run 1 only by what a test plants. */
function common(at: number): Call[] {
  return [
    user(42, at),
    user(7, at + 1000),
    { url: `${API}/api/orders/100`, bearer: true, status: 200, body: { orderId: 100, total: 12.5 }, at: at + 2000 },
    // the same endpoint answering without credentials: should stand out
    { url: `${API}/api/orders/100`, status: 200, body: { orderId: 100, total: 12.5 }, at: at + 3000 },
    { url: `${API}/admin/users`, bearer: true, status: 200, body: { count: 3 }, at: at + 4000 },
    { url: `${API}/admin/settings`, bearer: true, status: 200, body: { theme: 'dark' }, at: at + 5000 },
    // under /admin, where everything else needs a token
    { url: `${API}/admin/export`, status: 200, body: { rows: 10 }, at: at + 6000 },
    { url: `${API}/health`, status: 200, body: { ok: true }, at: at + 7000 },
  ];
}

const RUN1: Call[] = [...common(T1), { url: `${API}/api/legacy`, bearer: true, status: 200, body: { v: 1 }, at: T1 + 8000 }];
const RUN2: Call[] = [
  ...common(T2),
  // a new parameter on a known endpoint
  { url: `${API}/api/users/9?expand=profile`, bearer: true, status: 200, body: { id: 9, name: 'Jane', profile: { email: EMAIL } }, at: T2 + 9000 },
  // a new status code (no body or headers, so no new response parameters come with it)
  { url: `${API}/api/users/999`, bearer: true, status: 404, at: T2 + 10_000 },
  // a new endpoint
  { method: 'POST', url: `${API}/api/orders`, bearer: true, status: 201, reqBody: { sku: 'A1' }, body: { orderId: 101 }, at: T2 + 11_000 },
];

// --- the inventory both runs build -----------------------------------------------------------

const dir = tempDir();
const DB = `${dir}/shop.db`;
/** Every output printed, to check that no raw personal data or secret ever appears. */
const printed: string[] = [];

async function read(argv: string[], now?: number): Promise<CliResult> {
  const r = await run([...argv, '--db', DB], now);
  printed.push(r.stdout, r.stderr);
  return r;
}

beforeAll(async () => {
  const a1 = await run(['analyze', writeHar(`${dir}/run1.har`, RUN1), '--db', DB, '-q', '--label', 'first'], T1 + DAY);
  expect(a1.code, a1.stderr).toBe(0);
  const a2 = await run(['analyze', writeHar(`${dir}/run2.har`, RUN2), '--db', DB, '-q', '--label', 'second'], T2 + DAY);
  expect(a2.code, a2.stderr).toBe(0);
});

describe('show', () => {
  it('resolves a concrete path to its template and lists parameters by location with types', async () => {
    const r = await read(['show', 'GET', '/api/users/12345', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const { schemaVersion, endpoint: e } = JSON.parse(r.stdout);
    expect(schemaVersion).toBe(1);
    expect([e.host, e.method, e.path]).toEqual(['api.shop.test', 'GET', '/api/users/{userId}']);
    expect(e.statusCodes).toEqual({ '200': 5, '404': 1 });
    expect(e.firstSeen).toBe(new Date(T1).toISOString());
    expect(e.pathParams).toHaveLength(1);
    expect(e.pathParams[0]).toMatchObject({ name: 'userId', type: 'integer', distinctValues: 4 });
    expect(e.pathParams[0].why).toMatch(/integer segment templated on sight/);
    expect(e.pathParams[0].values.map((v: { value: string }) => v.value).sort()).toEqual(['42', '7', '9', '999']);
    const find = (location: string, name: string, status: string | null = null) =>
      e.params.find((p: { location: string; name: string; status: string | null }) => p.location === location && p.name === name && p.status === status);
    expect(find('request.query', 'expand')).toMatchObject({ types: ['string'], required: false });
    expect(find('request.path', 'userId')).toMatchObject({ types: ['integer'], required: true });
    expect(find('response.body', '$.profile.email', '200')).toMatchObject({ types: ['string'], required: true, sensitiveTypes: ['email'] });
    expect(find('response.body', '$.id', '200')).toMatchObject({ types: ['integer'] });
    expect(find('request.header', 'accept')).toMatchObject({ standardHeader: true });
    expect(e.auth).toEqual([{ scheme: 'bearer-jwt', calls: 6, okCalls: 5 }]);
    expect(e.jwt[0]).toMatchObject({ alg: 'HS256', iss: 'https://id.shop.test', algNone: false, expiredShare: 0 });
    expect(e.sample.request.url).toContain('/api/users/');
  });

  it('prints the same endpoint as sections a reader can scan', async () => {
    const r = await read(['show', 'get', '/api/users/{id}']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^GET \/api\/users\/\{userId\} {2}\(api\.shop\.test\)/);
    for (const s of ['Path parameters', 'Parameters', 'Auth', 'JWT', 'Sensitive data', 'Sample (redacted)']) expect(r.stdout).toContain(s);
    expect(r.stdout).toMatch(/response body 200 .*\$\.profile\.email .*string .*email/);
    expect(r.stdout).toMatch(/header .*accept \(standard\)/);
    const md = await read(['show', 'GET', '/api/users/1', '--format', 'markdown']);
    expect(md.stdout).toContain('## GET /api/users/{userId}');
    expect(md.stdout).toContain('| Location | Name | Types | Required | Sensitive | First seen |');
  });

  it('a concrete path with a trailing slash, as copied from a browser, resolves too', async () => {
    const r = await read(['show', 'GET', '/api/users/42/', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).endpoint.path).toBe('/api/users/{userId}');
  });

  it('a missing path: exit 2, one line on stderr naming the closest endpoints', async () => {
    const r = await read(['show', 'GET', '/api/user/42']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^akto-rt: no endpoint GET \/api\/user\/42; closest: GET api\.shop\.test\/api\/users\/\{userId\}/);
  });
});

describe('CSV', () => {
  it('is for machines in every command: one header style, plain numbers, ISO 8601 times', async () => {
    const ep = await read(['endpoints', '--format', 'csv']);
    expect(ep.code, ep.stderr).toBe(0);
    const endpoints = ep.stdout.split('\n');
    expect(endpoints[0]).toBe('Host,Method,Path,Calls,StatusCodes,Auth,Sensitive,FirstSeen,LastSeen,AccessType,RiskScore');
    const users = endpoints.find((l) => l.startsWith('api.shop.test,GET,/api/users/{userId},'))!;
    expect(users).toMatch(/^api\.shop\.test,GET,\/api\/users\/\{userId\},\d+,"?200:\d+/);
    expect(users).toMatch(/,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,/);
    const sensitive = (await read(['sensitive', '--format', 'csv'])).stdout.split('\n');
    expect(sensitive[0]).toBe('Host,Method,Path,Location,Param,Type,Count,FirstSeen,LastSeen');
    expect(sensitive[1]).toMatch(/,\d+,\d{4}-\d\d-\d\dT[\d:.]+Z,\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    const orders = (await read(['auth', '--format', 'csv'])).stdout.split('\n').find((l) => l.includes('/api/orders/{orderId}'))!;
    expect(orders).toContain('"bearer-jwt:2, none:2"');
  });

  it('changes: one row per change, with its run', async () => {
    const r = await read(['changes', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('Run,RunLabel,RunStarted,Kind,Host,Method,Path,Detail,FirstSeen');
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines.slice(1)) expect(l).toMatch(/^\d+,[^,]*,\d{4}-\d\d-\d\dT[\d:.]+Z,[a-z-]+,/);
    expect(lines.some((l) => /^\d+,second,[^,]+,endpoint-added,api\.shop\.test,POST,\/api\/orders,/.test(l))).toBe(true);
  });

  it('shows a captured name that starts like a formula as text, not a formula', async () => {
    const dir = tempDir();
    writeFileSync(`${dir}/f.har`, harOf([{ method: 'GET', url: `https://csv.test/x?${encodeURIComponent('@SUM(1+1)')}=jane.doe@mail.example&-cmd=mary.major@mail.example` }]));
    expect((await run(['analyze', `${dir}/f.har`, '--db', `${dir}/f.db`, '-q'])).code).toBe(0);
    const out = (await run(['sensitive', '--format', 'csv', '--db', `${dir}/f.db`])).stdout;
    expect(out).toContain(",request.query,'@SUM(1+1),email,");
    expect(out).toContain(",request.query,'-cmd,email,");
    for (const line of out.split('\n')) for (const cell of line.split(',')) expect(cell).not.toMatch(/^[=+@-]/);
  });

  it('markdown says when filters, not an empty inventory, leave no endpoints', async () => {
    const r = await read(['endpoints', '--method', 'PURGE', '--format', 'markdown']);
    expect(r.stdout).toMatch(/^_No endpoints match these filters \(the inventory has \d+ endpoints\)\._$/m);
  });
});

describe('auth', () => {
  it('puts endpoints that answered 2xx without credentials, where others carried them, first and flagged', async () => {
    const r = await read(['auth', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(1);
    const exposed = doc.endpoints.filter((e: { exposed: boolean }) => e.exposed);
    // most suspicious first: where credentials are the norm
    expect(exposed.map((e: { path: string }) => e.path)).toEqual(['/api/orders/{orderId}', '/admin/export']);
    expect(doc.endpoints.slice(0, 2)).toEqual(exposed);
    const orders = exposed[0];
    expect(orders).toMatchObject({ method: 'GET', unauthenticatedSuccess: true, oauthTokenEndpoint: false });
    expect(orders.schemes).toEqual([
      { scheme: 'bearer-jwt', calls: 2 },
      { scheme: 'none', calls: 2 },
    ]);
    expect(orders.reason).toMatch(/without credentials while 2 other calls \(50%\) carried bearer-jwt/);
    expect(exposed[1].reason).toMatch(/under \/admin\/, where all 2 other endpoints require auth/);
    // public by design, or protected: not flagged
    const health = doc.endpoints.find((e: { path: string }) => e.path === '/health');
    expect(health).toMatchObject({ unauthenticatedSuccess: true, exposed: false, reason: null });
    const users = doc.endpoints.find((e: { path: string }) => e.path === '/api/users/{userId}');
    expect(users).toMatchObject({ unauthenticatedSuccess: false, exposed: false });
  });

  it('show alerts exactly where auth flags: the exposed endpoint, not a health check others call with a token', async () => {
    const orders = await read(['show', 'GET', '/api/orders/100']);
    expect(orders.stdout).toMatch(/^!! reachable without auth: answered 2xx to 2 calls without credentials while 2 other calls \(50%\) carried bearer-jwt/m);
    const health = await read(['show', 'GET', '/health']);
    expect(health.stdout).not.toMatch(/^!!/m);
  });

  it('the table leads with the exposed endpoints and their reasons', async () => {
    const r = await read(['auth']);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('!! 2 endpoints reachable without auth that look like they should not be:');
    expect(lines[1]).toMatch(/^!! GET api\.shop\.test\/api\/orders\/\{orderId\}: /);
    expect(lines[2]).toMatch(/^!! GET api\.shop\.test\/admin\/export: /);
    const csv = await read(['auth', '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toBe('Host,Method,Path,Schemes,UnauthenticatedSuccess,Exposed,Reason,OAuthTokenEndpoint');
  });
});

describe('auth on an unauthenticated crawl', () => {
  // No call carries credentials (a scanner's or a logged-out browser's capture): the server's 401s
  // and 403s are then the evidence of which endpoints enforce auth.
  const INT = 'https://intranet.test';
  async function crawl(name: string, calls: Call[]): Promise<{ path: string; exposed: boolean; reason: string | null }[]> {
    const db = `${dir}/${name}.db`;
    const a = await run(['analyze', writeHar(`${dir}/${name}.har`, calls), '--db', db, '-q'], T1 + DAY);
    expect(a.code, a.stderr).toBe(0);
    const r = await run(['auth', '--format', 'json', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout).endpoints;
  }
  const bare = (path: string, status: number, i: number): Call => ({ url: `${INT}${path}`, status, body: status === 200 ? { ok: 1 } : undefined, at: T1 + i * 1000 });

  it('flags a 2xx among siblings that refused the same bare calls with 401/403', async () => {
    const eps = await crawl('crawl', [
      bare('/internal/users', 401, 0),
      bare('/internal/settings', 403, 1),
      bare('/internal/export', 200, 2),
      bare('/internal/missing', 404, 3), // no evidence either way: does not count
    ]);
    const exposed = eps.filter((e) => e.exposed);
    expect(exposed.map((e) => e.path)).toEqual(['/internal/export']);
    expect(exposed[0]!.reason).toMatch(/under \/internal\/, where all 2 other endpoints require auth/);
  });

  it('flags two holes under a protected prefix, which do not cover for each other, but not a public area', async () => {
    const protectedArea = ['/admin/users', '/admin/roles', '/admin/audit', '/admin/keys', '/admin/billing'].map((p, i) => bare(p, 401, i));
    const holes = await crawl('two-holes', [...protectedArea, bare('/admin/export', 200, 10), bare('/admin/backup', 200, 11)]);
    expect(holes.filter((e) => e.exposed).map((e) => e.path).sort()).toEqual(['/admin/backup', '/admin/export']);
    expect(holes.find((e) => e.path === '/admin/export')!.reason).toMatch(/under \/admin\/, where 5 of the 6 other endpoints require auth/);
    // mostly open: a public area with a few protected endpoints flags nothing
    const open = await crawl('public-area', [bare('/docs/a', 401, 0), bare('/docs/b', 401, 1), ...['/docs/c', '/docs/d', '/docs/e'].map((p, i) => bare(p, 200, 2 + i))]);
    expect(open.filter((e) => e.exposed)).toEqual([]);
  });

  it('does not flag health checks and discovery documents that some callers sent credentials to', async () => {
    const authed = (path: string, i: number): Call => ({ url: `${INT}${path}`, bearer: true, status: 200, body: { ok: 1 }, at: T1 + i * 1000 });
    const calls: Call[] = [];
    ['/health', '/.well-known/jwks.json', '/api/login', '/api/orders/7'].forEach((path, i) => calls.push(authed(path, 2 * i), bare(path, 200, 2 * i + 1)));
    const eps = await crawl('mixed', calls);
    expect(eps.filter((e) => e.exposed).map((e) => e.path)).toEqual(['/api/orders/{orderId}']);
  });

  it('counts calls, not credentials, when one call carried two', async () => {
    const har = writeHar(`${dir}/two-creds.har`, [
      { url: `${INT}/api/reports/1?access_token=tok_0123456789abcdef`, status: 200, body: { ok: 1 }, at: T1 },
      bare('/api/reports/1', 200, 1),
    ]);
    const withKey = JSON.parse(readFileSync(har, 'utf8'));
    withKey.log.entries[0].request.headers.push({ name: 'X-API-Key', value: 'k_live_0123456789abcdef' });
    writeFileSync(har, JSON.stringify(withKey));
    const db = `${dir}/two-creds.db`;
    expect((await run(['analyze', har, '--db', db, '-q'], T1 + DAY)).code).toBe(0);
    const eps = JSON.parse((await run(['auth', '--format', 'json', '--db', db])).stdout).endpoints;
    expect(eps[0].reason).toMatch(/while 1 other call \(50%\) carried /);
  });

  it('does not flag it when the siblings were only missing (404), or only one refused', async () => {
    for (const [name, statuses] of [['crawl-404', [404, 404]], ['crawl-one', [401, 404]]] as const) {
      const eps = await crawl(name, [
        bare('/internal/users', statuses[0], 0),
        bare('/internal/settings', statuses[1], 1),
        bare('/internal/export', 200, 2),
      ]);
      expect(eps.filter((e) => e.exposed), name).toEqual([]);
    }
  });
});

describe('sensitive', () => {
  it('lists the planted email at its JSON path with type email, sorted, without values', async () => {
    const r = await read(['sensitive', '--type', 'email', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.findings).toEqual([
      {
        host: 'api.shop.test',
        method: 'GET',
        path: '/api/users/{userId}',
        location: 'response.body',
        param: '$.profile.email',
        type: 'email',
        count: 5,
        firstSeen: new Date(T1).toISOString(),
        lastSeen: new Date(T2 + 9000).toISOString(),
      },
    ]);
    const all = JSON.parse((await read(['sensitive', '--format', 'json'])).stdout).findings;
    const keys = all.map((f: Record<string, string>) => [f.host, f.path, f.method, f.location, f.param, f.type].join(' '));
    expect(keys).toEqual([...keys].sort());
    expect(all.length).toBeGreaterThanOrEqual(1);
  });

  it('groups the table by type with counts, and by endpoint on request', async () => {
    const r = await read(['sensitive']);
    expect(r.stdout).toMatch(/^email \(1 finding on 1 endpoint\)$/m);
    const byEndpoint = await read(['sensitive', '--group-by', 'endpoint', '--format', 'markdown']);
    expect(byEndpoint.stdout).toMatch(/^### GET api\.shop\.test\/api\/users\/\{userId\} \(\d+ findings?\)$/m);
    const none = await read(['sensitive', '--type', 'credit-card']);
    expect(none.stdout).toBe("No sensitive data of type 'credit-card' found.\n");
  });

  it('an unknown --type is a usage error listing the types, not an empty answer', async () => {
    const r = await read(['sensitive', '--type', 'emial']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^akto-rt: unknown sensitive type 'emial'; built-in types: /);
    expect(r.stderr).toMatch(/\bemail\b/);
    expect(r.stderr).toMatch(/\bcredit-card\b/);
    expect((await read(['sensitive', '--type', 'EMAIL', '--format', 'json'])).code).toBe(0);
  });
});

describe('changes', () => {
  it('reports exactly what run 2 brought, and endpoints it did not see as not-seen', async () => {
    const r = await read(['changes', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.runs).toEqual([{ id: 2, label: 'second', startedAt: new Date(T2 + DAY).toISOString(), calls: RUN2.length }]);
    const got = doc.changes.map((c: Record<string, string>) => `${c.run} ${c.kind} ${c.method} ${c.path}: ${c.detail}`);
    expect(got).toEqual([
      '2 endpoint-added POST /api/orders: new endpoint (1 call)',
      '2 param-added GET /api/users/{userId}: request.query expand',
      '2 status-added GET /api/users/{userId}: status 404',
      // its bearer token header is auth (see `auth`), not a sensitive-data finding
      `2 not-seen GET /api/legacy: not seen in run 2; last seen in run 1 (traffic ${new Date(T1 + 8000).toISOString()})`,
    ]);
    const added = doc.changes.find((c: { kind: string }) => c.kind === 'param-added');
    expect(added.firstSeen).toBe(new Date(T2 + 9000).toISOString());
  });

  it('--since a run id covers that run and later ones; a duration counts back from now', async () => {
    const all = JSON.parse((await read(['changes', '--since', '1', '--format', 'json'])).stdout);
    expect(all.runs.map((x: { id: number }) => x.id)).toEqual([1, 2]);
    expect(all.changes.filter((c: { run: number; kind: string }) => c.run === 1 && c.kind === 'endpoint-added')).toHaveLength(7);
    const recent = JSON.parse((await read(['changes', '--since', '2d', '--format', 'json'], T2 + DAY + 3_600_000)).stdout);
    expect(recent.runs.map((x: { id: number }) => x.id)).toEqual([2]);
    const none = await read(['changes', '--since', '1h'], T2 + 3 * DAY);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/^No runs match/);
  });

  it('--host keeps that host\'s changes only', async () => {
    const mine = JSON.parse((await read(['changes', '--host', 'api.shop.test', '--format', 'json'])).stdout);
    expect(mine.changes.map((c: { kind: string }) => c.kind)).toEqual(['endpoint-added', 'param-added', 'status-added', 'not-seen']);
    // Written as a URL would have it (case, default port): the same host.
    const spelled = JSON.parse((await read(['changes', '--host', 'API.Shop.Test:443', '--format', 'json'])).stdout);
    expect(spelled.changes).toEqual(mine.changes);
  });

  it('an unknown --host is a usage error naming the known hosts, in changes, auth and sensitive alike', async () => {
    for (const cmd of ['changes', 'auth', 'sensitive']) {
      const r = await read([cmd, '--host', 'other.shop.test']);
      expect(r.code, cmd).toBe(2);
      expect(r.stdout, cmd).toBe('');
      expect(r.stderr, cmd).toBe('akto-rt: unknown host other.shop.test: not in the inventory; known hosts: api.shop.test\n');
    }
  });

  it('the table groups by run; an unknown run id is a one-line usage error', async () => {
    const t = await read(['changes']);
    expect(t.stdout).toMatch(/^Run 2 'second', started .* UTC, 11 calls: 4 changes$/m);
    expect(t.stdout).toMatch(/not-seen .*\/api\/legacy/);
    const bad = await read(['changes', '--since', '9']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('akto-rt: no run 9 in the inventory; run ids go from 1 to 2\n');
    const junk = await read(['changes', '--since', 'yesterday']);
    expect(junk.code).toBe(2);
  });

  it('an inventory with no runs gets a friendly message and exit 0', async () => {
    const empty = `${dir}/empty.db`;
    // an inventory that exists but holds no run yet (a failed first analyze leaves no file at all)
    openDb(empty).close();
    const r = await run(['changes', '--db', empty]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^No runs yet/);
    const j = JSON.parse((await run(['changes', '--db', empty, '--format', 'json'])).stdout);
    expect(j).toEqual({ schemaVersion: 1, runs: [], changes: [] });
  });
});

describe('changes: a parameter whose type changed', () => {
  it('names the types instead of printing bitmasks', async () => {
    const db = `${dir}/types.db`;
    const at = (v: unknown, t: number): Call => ({ url: `${API}/v1/price`, status: 200, body: { v }, at: t });
    await run(['analyze', writeHar(`${dir}/types1.har`, [at(1, T1)]), '--db', db, '-q'], T1 + DAY);
    await run(['analyze', writeHar(`${dir}/types2.har`, [at('one', T2)]), '--db', db, '-q'], T2 + DAY);
    const doc = JSON.parse((await run(['changes', '--db', db, '--format', 'json'])).stdout);
    expect(doc.changes.map((c: { kind: string; detail: string }) => `${c.kind}: ${c.detail}`)).toEqual([
      'param-type-changed: response.body $.v (200): types integer -> integer|string',
    ]);
  });
});

describe('real samples', () => {
  const db = `${dir}/samples.db`;
  beforeAll(async () => {
    const files = ['handwritten_x-api-key_mitmproxy2swagger.har', 'pollyjs_github-api-getuser.har'].map((f) => `${SAMPLES}har/${f}`);
    const a = await run(['analyze', ...files, '--db', db, '-q']);
    expect(a.code, a.stderr).toBe(0);
  });

  it('show lists query, header (the api key as auth, masked) and response parameters of a real capture', async () => {
    const r = await run(['show', 'GET', '/get', '--db', db, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout).endpoint;
    expect(e.host).toBe('httpbin.org');
    expect(e.params.map((p: { location: string; name: string }) => `${p.location} ${p.name}`)).toEqual(
      expect.arrayContaining(['request.query search', 'request.header x-api-key']),
    );
    expect(e.params.find((p: { name: string }) => p.name === 'x-api-key').sensitiveTypes).toEqual([]);
    expect(e.auth.map((a: { scheme: string }) => a.scheme)).toContain('api-key');
    // the sample keeps the header but never its value
    const key = e.sample.request.headers.find(([k]: [string]) => k.toLowerCase() === 'x-api-key');
    expect(key[1]).toMatch(/^<api-key:/);
  });

  it('reports the API key header of the real capture as auth, not as a sensitive-data finding', async () => {
    const r = await run(['sensitive', '--db', db, '--format', 'csv']);
    expect(r.stdout).not.toMatch(/x-api-key/);
    const a = JSON.parse((await run(['auth', '--db', db, '--format', 'json'])).stdout);
    const get = a.endpoints.find((x: { path: string }) => x.path === '/get');
    expect(get.schemes.map((x: { scheme: string }) => x.scheme)).toEqual(['api-key']);
  });
});

describe('no raw personal data or secrets in any output', () => {
  it('never prints the planted email or the bearer token', async () => {
    for (const f of ['table', 'json', 'markdown']) {
      await read(['show', 'GET', '/api/users/42', '--format', f]);
      await read(['changes', '--since', '1', '--format', f]);
    }
    for (const f of ['table', 'json', 'markdown', 'csv']) {
      await read(['sensitive', '--format', f]);
      await read(['auth', '--format', f]);
    }
    const all = printed.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    expect(all).not.toContain(EMAIL);
    expect(all).not.toContain(JWT.split('.')[1]!);
  });
});

describe('pure helpers', () => {
  it('rewrites type bitmasks in param-type-changed details as names', () => {
    expect(describeTypeChange('response.body $.x (200): types 2 -> 3')).toBe('response.body $.x (200): types integer -> integer|string');
    expect(describeTypeChange('something else')).toBe('something else');
  });

  it('refuses a run id too large to be one, without rounding it', () => {
    expect(() => parseSince('99999999999999999999')).toThrow(/no run 99999999999999999999 /);
  });

  it('parses --since as a run id or a duration', () => {
    expect(parseSince(undefined)).toEqual({ kind: 'latest' });
    expect(parseSince('3')).toEqual({ kind: 'run', id: 3 });
    expect(parseSince('7d')).toEqual({ kind: 'duration', ms: 7 * DAY, text: '7d' });
    expect(parseSince('12H')).toMatchObject({ kind: 'duration', ms: 12 * 3_600_000 });
    expect(() => parseSince('0d')).toThrow(UsageError);
    expect(() => parseSince('soon')).toThrow(UsageError);
  });
});

describe('show renderer', () => {
  const detail: EndpointDetail = {
    host: 'api.test',
    method: 'GET',
    path: '/me',
    calls: 4,
    cleartextCalls: 0,
    firstSeen: '2024-03-01T10:00:00.000Z',
    lastSeen: '2024-03-01T11:00:00.000Z',
    statusCodes: { '200': 4 },
    requestMediaTypes: {},
    responseMediaTypes: {},
    accessType: 'unknown',
    riskScore: 0,
    tags: [],
    mergeReason: null,
    pathParams: [],
    params: [],
    auth: [{ scheme: 'bearer-jwt', calls: 4, okCalls: 4 }],
    unauthenticatedSuccess: false,
    exposure: null,
    oauthTokenEndpoint: false,
    jwt: [{ alg: 'none', iss: null, calls: 3, expiredCalls: 1, expiredShare: 1 / 3, algNone: true }],
    sensitive: [],
    sample: { request: { method: 'GET', url: 'https://api.test/me', headers: [['X-Evil', 'a\x1b[2Jb']], body: null }, response: null },
  };

  it('flags alg none loudly and keeps terminal escapes out of the sample', () => {
    const out = showRenderers.table(detail, { color: false, width: 80 });
    expect(out).toMatch(/^!! JWT with alg "none" sent on 3 calls: unsigned tokens can be forged; check that the server rejects them$/m);
    expect(out).toMatch(/none \(UNSIGNED\) .*33%/);
    expect(out).not.toContain('\x1b');
    expect(out).toContain('X-Evil: a?[2Jb');
    expect(showRenderers.markdown(detail, { color: false, width: 80 })).toContain('**⚠ JWT with alg "none"');
  });

  it('prints CRLF line breaks in sample bodies as line breaks, not as masked characters', () => {
    const body = '--b\r\nContent-Disposition: form-data; name="code"\r\n\r\n<secret>\r\n--b--';
    const out = showRenderers.table({ ...detail, sample: { ...detail.sample!, request: { ...detail.sample!.request, body } } }, { color: false, width: 80 });
    expect(out).toContain('\n--b\nContent-Disposition: form-data; name="code"\n\n<secret>\n--b--');
    expect(out).not.toMatch(/--b\?/);
  });
});

describe('captured text cannot drive the terminal', () => {
  it('escape sequences in hosts and names are neutralised in every table format', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const d = mkdtempSync(`${tmpdir()}/akto-rt-esc-`);
    const evil = '/api/users';
    // An OSC sequence holds a ']', which no host name can: that entry is skipped as a malformed host;
    // RIS (ESC c) and BEL reach the stored host and must not reach the terminal.
    const entry = (host: string) => ({ startedDateTime: '2024-03-10T12:00:00Z', time: 1, request: { method: 'GET', url: `https://${host}${evil}`, httpVersion: 'HTTP/1.1', cookies: [], headers: [{ name: 'X-\u001b[31mRed', value: 'v' }], queryString: [], headersSize: -1, bodySize: -1 }, response: { status: 200, statusText: '', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: 0, mimeType: '' }, redirectURL: '', headersSize: -1, bodySize: -1 }, cache: {}, timings: { send: 0, wait: 1, receive: 0 } });
    writeFileSync(
      `${d}/e.har`,
      JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [entry('evil\u001b]0;pwned\u0007.test'), entry('evil\u001bc\u0007.test')] } }),
    );
    const { cli } = await import('../helpers.js');
    const analyzed = await cli(['analyze', `${d}/e.har`, '--db', `${d}/e.db`]);
    expect(analyzed.code).toBe(0);
    expect(analyzed.stderr).toContain('skipped entry 0: malformed host');
    expect(analyzed.stderr).not.toMatch(/\u001b|\u0007/);
    for (const format of ['table', 'markdown', 'csv']) {
      const r = await cli(['endpoints', '--db', `${d}/e.db`, '--format', format]);
      expect(r.stdout).not.toMatch(/\u001b|\u0007/);
    }
  });
});
