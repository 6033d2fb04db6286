// `akto-rt stats` through the real CLI: --host without METHOD PATH (a host's traffic, exact), unknown
// hosts, default ports in --host, an inventory with no traffic, and the markdown format.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { cli, FIXTURES, tempDir } from '../helpers.js';

interface StatsJson {
  schemaVersion: number;
  endpoint: { host: string; method: string; path: string } | null;
  host: string | null;
  range: string;
  from: string;
  until: string;
  bucketSeconds: number;
  series: { start: string; count: number }[];
  totalCalls: number;
  users: number;
  statusClasses: Record<string, number>;
  distribution: { minCalls: number; maxCalls: number | null; users: number }[];
  topUsers: { user: string; calls: number }[];
  busiest: { host: string; method: string; path: string; calls: number }[];
  hint: string | null;
}

const NOW = Date.parse('2026-01-01T00:00:00Z');
const HOSTS = ['api.shop.example', 'auth.example.com', 'internal.example:8443'];

describe('stats --host', () => {
  const dir = tempDir();
  const db = `${dir}/shop.db`;
  let endpoints: { host: string; method: string; path: string; calls: number }[] = [];

  beforeAll(async () => {
    const a = await cli(['analyze', `${FIXTURES}demo-shop.har`, '--db', db]);
    expect(a.code).toBe(0);
    endpoints = JSON.parse((await cli(['endpoints', '--db', db, '--format', 'json'])).stdout).endpoints;
  });

  const stats = async (args: string[]): Promise<StatsJson> => {
    const r = await cli(['stats', ...args, '--db', db, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as StatsJson;
  };

  it('restricts all-traffic stats to the host: calls, users, distribution and busiest endpoints', async () => {
    const all = await stats(['--range', '7d']);
    const auth = await stats(['--range', '7d', '--host', 'auth.example.com']);
    expect(auth.endpoint).toBeNull();
    expect(auth.host).toBe('auth.example.com');
    // The whole capture fits in 7 days: the host's calls are its endpoints' calls.
    const authCalls = endpoints.filter((e) => e.host === 'auth.example.com').reduce((a, e) => a + e.calls, 0);
    expect(auth.totalCalls).toBe(authCalls);
    expect(auth.totalCalls).toBeLessThan(all.totalCalls);
    expect(auth.series.reduce((a, b) => a + b.count, 0)).toBe(auth.totalCalls);
    expect(auth.distribution.reduce((a, b) => a + b.users, 0)).toBe(auth.users);
    expect(auth.users).toBeLessThan(all.users);
    expect(auth.busiest.length).toBeGreaterThan(0);
    for (const b of auth.busiest) expect(b.host).toBe('auth.example.com');
    expect(auth.busiest.reduce((a, b) => a + b.calls, 0)).toBe(auth.totalCalls);

    const table = await cli(['stats', '--range', '7d', '--host', 'auth.example.com', '--db', db]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^All endpoints on auth\.example\.com/);
    expect(table.stdout).toContain(`${authCalls} calls`);
  });

  it('is exact at unaligned window edges: hosts add up to all traffic, endpoints to their host', async () => {
    for (const [range, until] of [['1d', '2024-03-10T13:37Z'], ['3h', '2024-03-10T09:07Z'], ['12h', '2024-03-10T17:59Z']] as const) {
      const all = await stats(['--range', range, '--until', until]);
      expect(all.totalCalls).toBeGreaterThan(0);
      let calls = 0;
      for (const host of HOSTS) {
        const h = await stats(['--range', range, '--until', until, '--host', host]);
        expect(h.from).toBe(all.from);
        expect(h.until).toBe(all.until);
        calls += h.totalCalls;
        // The host's series is the sum of its endpoints' series, bucket by bucket.
        const sum = new Array<number>(h.series.length).fill(0);
        for (const e of endpoints.filter((x) => x.host === host)) {
          const one = await stats([e.method, e.path, '--host', host, '--range', range, '--until', until]);
          one.series.forEach((b, i) => (sum[i]! += b.count));
        }
        expect(h.series.map((b) => b.count), `${host} ${range}`).toEqual(sum);
      }
      expect(calls, `${range} ${until}`).toBe(all.totalCalls);
    }
  });

  it('--until ends the window at that minute for every range: no call after it is counted', async () => {
    const har = JSON.parse(readFileSync(`${FIXTURES}demo-shop.har`, 'utf8')) as { log: { entries: { startedDateTime: string }[] } };
    const times = har.log.entries.map((e) => Date.parse(e.startedDateTime));
    const until = '2024-03-10T13:37Z';
    const end = Date.parse(until);
    for (const range of ['1h', '3h', '1d', '7d'] as const) {
      const s = await stats(['--range', range, '--until', until]);
      expect(s.until).toBe('2024-03-10T13:37:00.000Z');
      const from = Date.parse(s.from);
      expect(end - from).toBe({ '1h': 1, '3h': 3, '1d': 24, '7d': 168 }[range] * 3_600_000);
      // every captured entry in the window (static assets and preflights are not calls: at most these)
      const inWindow = times.filter((t) => t >= from && t < end).length;
      expect(s.totalCalls, range).toBeGreaterThan(0);
      expect(s.totalCalls, range).toBeLessThanOrEqual(inWindow);
      expect(s.series.reduce((a, b) => a + b.count, 0)).toBe(s.totalCalls);
      expect(Date.parse(s.series[s.series.length - 1]!.start)).toBeLessThan(end);
    }
  });

  it('rejects a host the inventory does not have, listing the known hosts (exit 2)', async () => {
    const r = await cli(['stats', '--range', '7d', '--host', 'nohost', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('akto-rt: unknown host nohost: not in the inventory; known hosts: api.shop.example, auth.example.com, internal.example:8443\n');
  });

  it('quotes a bad --until or --range as typed, not masked like captured data', async () => {
    const until = await cli(['stats', '--range', '1h', '--until', '+2026-01-13', '--db', db]);
    expect(until.code).toBe(2);
    expect(until.stderr).toMatch(/^akto-rt: invalid --until '\+2026-01-13': expected ISO 8601/);
    const range = await cli(['stats', '--range', '+1-555-0100', '--db', db]);
    expect(range.stderr).toMatch(/^akto-rt: invalid --range '\+1-555-0100': expected one of/);
  });

  it('says the host is unknown (not that the inventory is empty) for METHOD PATH, naming the hosts that have it', async () => {
    for (const cmd of [['stats', 'GET', '/v1/orders/1', '--range', '1h'], ['show', 'GET', '/v1/orders/1']]) {
      const r = await cli([...cmd, '--host', 'typo.example', '--db', db]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('akto-rt: unknown host typo.example: not in the inventory; GET /v1/orders/1 is on api.shop.example\n');
      expect(r.stderr).not.toContain('no endpoints yet');
    }
    const none = await cli(['show', 'GET', '/nothing/here', '--host', 'typo.example', '--db', db]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`akto-rt: unknown host typo.example: not in the inventory; known hosts: ${HOSTS.join(', ')}\n`);
    const wrongHost = await cli(['show', 'GET', '/v1/orders/1', '--host', 'auth.example.com', '--db', db]);
    expect(wrongHost.code).toBe(2);
    expect(wrongHost.stderr).toBe('akto-rt: no endpoint GET /v1/orders/1 on auth.example.com; it is on api.shop.example (pass --host api.shop.example)\n');
  });

  it('accepts --host with a default port, a scheme or another case, as hosts are stored', async () => {
    const want = (await cli(['show', 'GET', '/v1/orders/1', '--host', 'api.shop.example', '--db', db])).stdout;
    for (const host of ['api.shop.example:443', 'api.shop.example:80', 'https://api.shop.example', 'http://api.shop.example:80/', 'API.Shop.Example']) {
      const r = await cli(['show', 'GET', '/v1/orders/1', '--host', host, '--db', db]);
      expect(r.code, host).toBe(0);
      expect(r.stdout).toBe(want);
    }
    // A non-default port is part of the host.
    const internal = await stats(['--range', '7d', '--host', 'https://internal.example:8443']);
    expect(internal.host).toBe('internal.example:8443');
    const noPort = await cli(['stats', '--range', '7d', '--host', 'internal.example', '--db', db]);
    expect(noPort.code).toBe(2);
    expect(noPort.stderr).toMatch(/^akto-rt: unknown host internal\.example: /);
    const viaStats = await stats(['GET', '/v1/orders/1', '--range', '1d', '--host', 'api.shop.example:443']);
    expect(viaStats.endpoint).toEqual({ host: 'api.shop.example', method: 'GET', path: '/v1/orders/{orderId}' });
  });

  it('renders markdown: a heading, the window, and tables for the series, the distribution, top users and busiest endpoints', async () => {
    const r = await cli(['stats', '--range', '1d', '--host', 'auth.example.com', '--db', db, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('### All endpoints on auth.example.com');
    expect(lines[2]).toMatch(/^2024-03-\d\d \d\d:\d\d -> 2024-03-\d\d \d\d:\d\d UTC \(1d, 20-minute buckets\)$/);
    expect(r.stdout).toContain('#### Calls per 20 minutes\n\n| Start (UTC) | Calls |\n| --- | --- |\n');
    expect(lines.filter((l) => /^\| 2024-03-\d\d \d\d:\d\d \| [\d,]+ \|$/.test(l))).toHaveLength(72);
    expect(r.stdout).toContain('#### Calls per user\n\n| Calls in window | Users |');
    expect(r.stdout).toContain('#### Top users\n\n| User | Kind | Calls |');
    expect(r.stdout).toContain('#### Busiest endpoints\n\n| Method | Host | Path | Calls |');
    expect(r.stdout).toMatch(/\| POST \| auth\.example\.com \| \/oauth\/token \| \d+ \|/);
    expect(r.stdout).not.toContain('\x1b');
    const json = await stats(['--range', '1d', '--host', 'auth.example.com']);
    const seriesSum = lines
      .map((l) => /^\| 2024-\S+ \S+ \| ([\d,]+) \|$/.exec(l)?.[1])
      .filter((x): x is string => x !== undefined)
      .reduce((a, x) => a + Number(x.replace(/,/g, '')), 0);
    expect(seriesSum).toBe(json.totalCalls);
  });

  it("points a host's empty window at that host's traffic", async () => {
    const r = await cli(['stats', '--range', '1h', '--host', 'auth.example.com', '--until', '2020-01-01T00:00Z', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^All endpoints on auth\.example\.com\s/);
    expect(r.stdout.replace(/\n/g, ' ')).toMatch(/No calls to auth\.example\.com in this window; its traffic spans 2024-03-10 \d\d:\d\d -> \d\d:\d\d UTC: try --until 2024-03-1\dT\d\d:\d\dZ --range 1d/);
  });

  it('says in markdown when the window has no calls', async () => {
    const r = await cli(['stats', '--range', '1h', '--until', '2020-01-01T00:00Z', '--db', db, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^### All endpoints\n\n2019-12-31 23:00 -> 2020-01-01 00:00 UTC \(1h, 1-minute buckets\)\n\n_No calls in this window; traffic spans .* try --until 2024-03-1\dT\d\d:\d\dZ --range 1d_\n$/);
  });
});

describe('stats on an inventory with no traffic', () => {
  const dir = tempDir();
  const db = `${dir}/empty.db`;
  beforeAll(() => openDb(db).close());

  it('says so, with a window ending now instead of 1970 (exit 0)', async () => {
    const r = await cli(['stats', '--range', '1h', '--db', db], { now: NOW });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'All endpoints   2025-12-31 23:00 -> 2026-01-01 00:00 UTC (1h, 1-minute buckets)\n\nNo traffic recorded yet: the inventory has no calls; run akto-rt analyze first\n',
    );
    expect(r.stdout).not.toContain('1970');
  });

  it('gives a valid JSON document in the contract shape with totalCalls 0 and real dates', async () => {
    const r = await cli(['stats', '--range', '1h', '--db', db, '--format', 'json'], { now: NOW });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as StatsJson;
    expect(doc.schemaVersion).toBe(1);
    expect(doc.endpoint).toBeNull();
    expect(doc.totalCalls).toBe(0);
    expect(doc.users).toBe(0);
    expect(doc.distribution).toEqual([]);
    expect(doc.topUsers).toEqual([]);
    expect(doc.until).toBe('2026-01-01T00:00:00.000Z');
    expect(doc.from).toBe('2025-12-31T23:00:00.000Z');
    expect(doc.series).toHaveLength(60);
    expect(r.stdout).not.toContain('1970');
    expect(doc.hint).toBe('No traffic recorded yet: the inventory has no calls; run akto-rt analyze first');
  });

  it('keeps an explicit --until window, and rejects --host and METHOD PATH with a clear message', async () => {
    const r = await cli(['stats', '--range', '1h', '--until', '2024-03-10T12:00Z', '--db', db, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).until).toBe('2024-03-10T12:00:00.000Z');
    const h = await cli(['stats', '--range', '1h', '--host', 'api.example.com', '--db', db]);
    expect(h.code).toBe(2);
    expect(h.stderr).toBe('akto-rt: unknown host api.example.com: the inventory has no endpoints yet; run akto-rt analyze first\n');
    const e = await cli(['stats', 'GET', '/users', '--range', '1h', '--db', db]);
    expect(e.code).toBe(2);
    expect(e.stderr).toBe('akto-rt: no endpoint GET /users: the inventory has no endpoints yet; run akto-rt analyze first\n');
  });
});
