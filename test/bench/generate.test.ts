// The synthetic traffic generator: determinism, valid HAR/Burp/Akto output, and ground truth that
// really matches the bytes written (templates, planted secrets, auth, users, timeline).

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_START_MS, generateCalls, groundTruth, tallied, TruthTally, type GenCall } from '../../bench/generate.js';
import { writeAktoJsonl, writeBurp, writeHar } from '../../bench/writers.js';
import { parseGenArgs, runGenCli } from '../../bench/gen-cli.js';

const harValidator = createRequire(import.meta.url)('har-validator') as { har: (h: unknown) => Promise<unknown> };

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'akto-rt-gen-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const OPTS = { seed: 42, entries: 1500 };
const calls = (): GenCall[] => [...generateCalls(OPTS)];

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Values at a JSON path of the `$.a.b[*].c` form used by the truth. */
function valuesAt(root: unknown, path: string): unknown[] {
  let cur: unknown[] = [root];
  for (const step of path.slice(2).split('.')) {
    const many = step.endsWith('[*]');
    const key = many ? step.slice(0, -3) : step;
    const next: unknown[] = [];
    for (const c of cur) {
      const v = c && typeof c === 'object' ? (c as Record<string, unknown>)[key] : undefined;
      if (many && Array.isArray(v)) next.push(...(v as unknown[]));
      else if (!many && v !== undefined) next.push(v);
    }
    cur = next;
  }
  return cur;
}

const header = (h: [string, string][], name: string) => h.find(([n]) => n.toLowerCase() === name)?.[1];
const templateRegex = (t: string) => new RegExp('^' + t.split('#')[0]!.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/?]+') + '(\\?.*)?$');

describe('generateCalls', () => {
  it('is deterministic per seed and differs between seeds', async () => {
    const a = join(dir, 'a.har');
    const b = join(dir, 'b.har');
    const c = join(dir, 'c.har');
    await writeHar(a, generateCalls({ seed: 9, entries: 500 }), { pretty: false });
    await writeHar(b, generateCalls({ seed: 9, entries: 500 }), { pretty: false });
    await writeHar(c, generateCalls({ seed: 10, entries: 500 }), { pretty: false });
    const [ba, bb, bc] = await Promise.all([readFile(a), readFile(b), readFile(c)]);
    expect(ba.equals(bb)).toBe(true);
    expect(ba.equals(bc)).toBe(false);
  });

  it('gives every endpoint call a concrete path matching its true template, and only noise a null endpoint', () => {
    const all = calls();
    expect(all).toHaveLength(OPTS.entries);
    for (const c of all) {
      const e = c.truth.endpoint;
      if (e) {
        expect(c.host).toBe(e.host);
        expect(c.method).toBe(e.method);
        expect(c.path, `${c.path} vs ${e.template}`).toMatch(templateRegex(e.template));
      } else {
        expect(c.method === 'OPTIONS' || c.host === 'cdn.example.com').toBe(true);
      }
    }
    const noise = all.filter((c) => !c.truth.endpoint);
    expect(noise.some((c) => c.method === 'OPTIONS')).toBe(true);
    expect(noise.some((c) => /\.(png|css|js|woff2)$/.test(c.path))).toBe(true);
    const templates = new Set(all.flatMap((c) => (c.truth.endpoint ? [c.truth.endpoint.template] : [])));
    for (const t of ['/v1/users/me', '/v1/users/{userId}', '/v1/users/search', '/v1/orders/export', '/orgs/{orgId}/projects/{projectId}', '/graphql#GetUser', '/oauth/token'])
      expect(templates, t).toContain(t);
    expect(templates.size).toBeGreaterThanOrEqual(40);
  });

  it('templates product slugs over at least 8 distinct words and keeps constant siblings literal', () => {
    const slugs = new Set(calls().filter((c) => c.truth.endpoint?.template === '/v1/products/{productSlug}').map((c) => c.path.split('/')[3]));
    expect(slugs.size).toBeGreaterThanOrEqual(8);
    for (const s of slugs) expect(s).toMatch(/^[a-z]+(-[a-z]+)+$/);
    const me = calls().filter((c) => c.path === '/v1/users/me' && c.method === 'GET');
    expect(me.length).toBeGreaterThan(0);
    expect(me.every((c) => c.truth.endpoint?.template === '/v1/users/me')).toBe(true);
  });

  it('plants sensitive values exactly where the truth says, with valid formats', () => {
    const seen = new Set<string>();
    for (const c of calls()) {
      for (const s of c.truth.sensitive) {
        let vals: unknown[];
        if (s.location === 'request.query') vals = new URLSearchParams(c.path.split('?')[1] ?? '').getAll(s.param);
        else {
          const body = s.location === 'request.body' ? c.requestBody : c.responseBody;
          vals = valuesAt(JSON.parse(body!.text), s.param);
        }
        expect(vals.length, `${s.location} ${s.param} on ${c.path}`).toBeGreaterThan(0);
        for (const v of vals) {
          const t = String(v);
          if (s.type === 'email') expect(t).toMatch(/^[^@\s]+@[a-z.]+$/);
          if (s.type === 'credit-card') expect(luhnValid(t) && t.length === 16).toBe(true);
          if (s.type === 'ssn') expect(t).toMatch(/^\d{3}-\d{2}-\d{4}$/);
          if (s.type === 'aws-access-key-id') expect(t).toMatch(/^AKIA[A-Z2-7]{16}$/);
          if (s.type === 'phone') expect(t).toMatch(/^\+[\d ]{10,16}$/);
          if (s.type === 'jwt') expect(JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString())).toHaveProperty('sub');
        }
        seen.add(s.type);
      }
    }
    expect([...seen].sort()).toEqual(['aws-access-key-id', 'credit-card', 'email', 'jwt', 'password', 'phone', 'secret', 'ssn']);
  });

  it('carries decoys that are not sensitive: an EAN-13 barcode, tracking numbers failing Luhn, all-digit UUIDs', () => {
    const order = calls().find((c) => c.truth.endpoint?.template === '/v1/orders/{orderId}' && c.status === 200)!;
    const body = JSON.parse(order.responseBody!.text) as Record<string, unknown>;
    expect(valuesAt(body, '$.items[*].ean')).toContain('4006381333931');
    const tracking = String(valuesAt(body, '$.shipping.trackingNumber')[0]);
    expect(tracking).toMatch(/^\d{16}$/);
    expect(luhnValid(tracking)).toBe(false);
    expect(String(body['reference'])).toMatch(/^\d{8}-\d{4}-\d{4}-\d{4}-\d{12}$/);
    expect(order.truth.sensitive.map((s) => s.param)).not.toContain('$.shipping.trackingNumber');
  });

  it('labels auth and user identity consistently with the credentials actually sent', () => {
    for (const c of calls()) {
      const [scheme] = c.truth.auth;
      const authz = header(c.requestHeaders, 'authorization');
      if (scheme === 'bearer-jwt') {
        const payload = JSON.parse(Buffer.from(authz!.split(' ')[1]!.split('.')[1]!, 'base64url').toString()) as { sub: string };
        expect(payload.sub).toBe(c.truth.user);
      } else if (scheme === 'basic') {
        expect(`basic:${Buffer.from(authz!.slice(6), 'base64').toString().split(':')[0]}`).toBe(c.truth.user);
      } else if (scheme === 'bearer') expect(authz).toMatch(/^Bearer [0-9a-f]{40}$/);
      else if (scheme === 'api-key') expect(header(c.requestHeaders, 'x-api-key')).toMatch(/^ak_live_/);
      else if (scheme === 'session-cookie') expect(header(c.requestHeaders, 'cookie')).toMatch(/JSESSIONID=/);
      else {
        expect(scheme).toBe('none');
        expect(authz ?? header(c.requestHeaders, 'x-api-key') ?? header(c.requestHeaders, 'cookie')).toBeUndefined();
        expect(c.truth.user).toBe(`ip:${c.clientIp}`);
      }
    }
  });

  it('models status behaviour: a 404-only endpoint, a leaky endpoint, public endpoints reachable without auth', () => {
    const all = [...generateCalls({ seed: 5, entries: 6000 })];
    const of = (t: string) => all.filter((c) => c.truth.endpoint?.template === t);
    expect(of('/v1/legacy/wishlists/{wishlistId}').every((c) => c.status === 404)).toBe(true);
    expect(of('/v1/legacy/wishlists/{wishlistId}').length).toBeGreaterThan(0);
    const invoice = of('/v1/orders/{orderId}/invoice');
    expect(invoice.some((c) => c.truth.auth[0] === 'none' && c.status === 200)).toBe(true);
    expect(invoice.filter((c) => c.truth.auth[0] !== 'none').length).toBeGreaterThan(invoice.length / 2);
    expect(of('/v1/products').some((c) => c.truth.auth[0] === 'none' && c.status === 200)).toBe(true);
    expect(of('/v1/users/me').some((c) => c.truth.auth[0] === 'none' && c.status === 401)).toBe(true);
    const statuses = new Set(all.map((c) => c.status));
    for (const s of [200, 201, 204, 401, 404, 500]) expect(statuses, String(s)).toContain(s);
  });

  it('spreads a week of traffic with a daily cycle and a spike, roughly in order', () => {
    const all = [...generateCalls({ seed: 3, entries: 6000 })];
    const end = DEFAULT_START_MS + 7 * 86_400_000;
    expect(all.every((c) => c.ts >= DEFAULT_START_MS && c.ts < end)).toBe(true);
    const byHour = new Array<number>(24).fill(0);
    for (const c of all) byHour[new Date(c.ts).getUTCHours()]! += 1;
    expect(Math.max(...byHour)).toBeGreaterThan(4 * Math.min(...byHour));
    const spikeStart = DEFAULT_START_MS + 3 * 86_400_000 + 14 * 3_600_000;
    const inSpike = all.filter((c) => c.ts >= spikeStart && c.ts < spikeStart + 45 * 60_000);
    expect(inSpike.length / 45).toBeGreaterThan(5 * (all.length / (7 * 1440)));
    expect(inSpike.filter((c) => c.truth.user === 'token:price-watch').length).toBeGreaterThan(inSpike.length / 2);
    const backwards = all.filter((c, i) => i > 0 && c.ts < all[i - 1]!.ts).length;
    expect(backwards).toBeGreaterThan(0);
    expect(backwards).toBeLessThan(all.length * 0.2);
  });

  it('has a few heavy automated clients and a long tail of casual users', () => {
    const perUser = new Map<string, number>();
    for (const c of generateCalls({ seed: 11, entries: 5000 })) if (c.truth.endpoint) perUser.set(c.truth.user, (perUser.get(c.truth.user) ?? 0) + 1);
    const counts = [...perUser.values()].sort((a, b) => b - a);
    const total = counts.reduce((s, n) => s + n, 0);
    expect(counts[0]! / total).toBeGreaterThan(0.08);
    expect(counts.filter((n) => n <= 3).length).toBeGreaterThan(100);
  });
});

describe('TruthTally', () => {
  it('adds up: endpoints + filtered = calls, per-minute and per-user sums equal endpoint counts', () => {
    const t = groundTruth(OPTS);
    let sum = 0;
    for (const [key, n] of t.endpoints) {
      sum += n;
      expect([...t.perMinute.get(key)!.values()].reduce((a, b) => a + b, 0)).toBe(n);
      expect([...t.perUser.get(key)!.values()].reduce((a, b) => a + b, 0)).toBe(n);
    }
    expect(sum + t.filtered).toBe(OPTS.entries);
    const again = new TruthTally();
    for (const _c of tallied(generateCalls(OPTS), again)) void _c;
    expect(again.endpoints).toEqual(t.endpoints);
    expect(again.sensitive).toEqual(t.sensitive);
  });
});

describe('writers', () => {
  it('writes valid HAR 1.2, compact at ~3 KB per entry, and a pretty variant with the same content', async () => {
    const compact = join(dir, 'c.har');
    const pretty = join(dir, 'p.har');
    const r = await writeHar(compact, generateCalls(OPTS), { pretty: false });
    await writeHar(pretty, generateCalls(OPTS), { pretty: true });
    const text = await readFile(compact, 'utf8');
    expect(r).toEqual({ entries: OPTS.entries, bytes: Buffer.byteLength(text) });
    expect(r.bytes / r.entries).toBeGreaterThan(2000);
    expect(r.bytes / r.entries).toBeLessThan(4000);
    const har = JSON.parse(text) as { log: { version: string; entries: Record<string, Record<string, unknown>>[] } };
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(OPTS.entries);
    await expect(harValidator.har(har)).resolves.toBeTruthy();
    for (const e of har.log.entries) {
      expect(Date.parse(e['startedDateTime'] as unknown as string)).not.toBeNaN();
      for (const k of ['method', 'url', 'httpVersion', 'cookies', 'headers', 'queryString', 'headersSize', 'bodySize']) expect(e['request']).toHaveProperty(k);
      for (const k of ['status', 'statusText', 'httpVersion', 'cookies', 'headers', 'content', 'redirectURL', 'headersSize', 'bodySize']) expect(e['response']).toHaveProperty(k);
      for (const k of ['send', 'wait', 'receive']) expect(e['timings']).toHaveProperty(k);
    }
    const prettyText = await readFile(pretty, 'utf8');
    expect(prettyText.startsWith('{\n  "log": {\n    "version": "1.2",')).toBe(true);
    expect(prettyText).toContain('\n      {\n        "startedDateTime": ');
    expect(JSON.parse(prettyText)).toEqual(har);
  });

  it('writes well-formed Burp "Save items" XML whose base64 messages decode to the calls', async () => {
    const file = join(dir, 'b.xml');
    const r = await writeBurp(file, generateCalls(OPTS));
    const xml = await readFile(file, 'utf8');
    const items: Record<string, string>[] = [];
    let cur: Record<string, string> | null = null;
    let field = '';
    const parser = new SaxesParser();
    parser.on('opentag', (t) => {
      if (t.name === 'item') cur = {};
      else if (cur) {
        field = t.name;
        cur[field] = '';
        if (t.name === 'host') cur['ip'] = String(t.attributes['ip']);
      }
    });
    const text = (s: string) => {
      if (cur && field) cur[field] += s;
    };
    parser.on('text', text);
    parser.on('cdata', text);
    parser.on('closetag', (t) => {
      if (t.name === 'item' && cur) items.push(cur), (cur = null);
      field = '';
    });
    parser.write(xml).close();
    expect(items).toHaveLength(OPTS.entries);
    expect(r.entries).toBe(OPTS.entries);
    const gen = calls();
    items.forEach((it, i) => {
      const c = gen[i]!;
      expect(it['time']).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
      expect(it['method']).toBe(c.method);
      expect(it['path']).toBe(c.path);
      expect(Number(it['status'])).toBe(c.status);
      const req = Buffer.from(it['request']!, 'base64').toString();
      expect(req.startsWith(`${c.method} ${c.path} HTTP/1.1\r\nHost: ${c.host}\r\n`)).toBe(true);
      const res = Buffer.from(it['response']!, 'base64');
      expect(res.length).toBe(Number(it['responselength']));
      if (c.responseBody) expect(res.toString().endsWith('\r\n\r\n' + c.responseBody.text)).toBe(true);
    });
    expect(items.find((it) => it['host'] === 'internal.example')?.['port']).toBe('8443');
    expect(items.some((it) => it['mimetype'] === 'JSON')).toBe(true);
  });

  it('writes Akto mirroring JSON lines with string fields and JSON-encoded header objects', async () => {
    const file = join(dir, 'a.jsonl');
    const r = await writeAktoJsonl(file, generateCalls(OPTS));
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(OPTS.entries);
    expect(r.entries).toBe(OPTS.entries);
    const gen = calls();
    lines.forEach((line, i) => {
      const o = JSON.parse(line) as Record<string, unknown>;
      for (const v of Object.values(o)) expect(typeof v).toBe('string');
      expect(o).toMatchObject({ type: 'HTTP/1.1', direction: '1', akto_account_id: '1000000', akto_vxlan_id: '0', is_pending: 'false', source: 'MIRRORING' });
      expect(o['statusCode']).toBe(String(gen[i]!.status));
      expect(o['time']).toBe(String(Math.floor(gen[i]!.ts / 1000)));
      expect(o['ip']).toBe(gen[i]!.clientIp);
      const reqH = JSON.parse(o['requestHeaders'] as string) as Record<string, string>;
      expect(reqH['host']).toBe(gen[i]!.host);
      expect(typeof JSON.parse(o['responseHeaders'] as string)).toBe('object');
    });
  });
});

describe('gen-cli', () => {
  it('rejects bad flags with a reason and writes the requested format', async () => {
    expect(() => parseGenArgs(['--format', 'zip', '--out', 'x', '--entries', '1'])).toThrow(/--format/);
    expect(() => parseGenArgs(['--format', 'har', '--out', 'x', '--entries', '-3'])).toThrow(/--entries/);
    const errs: string[] = [];
    expect(await runGenCli(['--format', 'har'], (s) => errs.push(s))).toBe(2);
    expect(errs.join('')).toMatch(/--out/);
    const out = join(dir, 'cli.jsonl');
    const truth = join(dir, 'truth.json');
    expect(await runGenCli(['--format', 'akto', '--entries', '200', '--seed', '4', '--out', out, '--truth', truth], () => {})).toBe(0);
    expect((await readFile(out, 'utf8')).trimEnd().split('\n')).toHaveLength(200);
    const summary = JSON.parse(await readFile(truth, 'utf8')) as { calls: number; endpoints: Record<string, number> };
    expect(summary.calls).toBe(200);
    expect(Object.values(summary.endpoints).reduce((a, b) => a + b, 0)).toBe(200 - (summary as unknown as { filtered: number }).filtered);
  });
});
