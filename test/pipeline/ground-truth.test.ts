// End-to-end against generated traffic whose truth is known: templates and counts (discovery),
// auth schemes and planted sensitive data without decoys, and exact per-minute / per-user stats.
import { describe, expect, it, beforeAll } from 'vitest';
import Database from 'better-sqlite3';
import { generateCalls, tallied, TruthTally, endpointKey, type GenOptions } from '../../bench/generate.js';
import { writeHar } from '../../bench/writers.js';
import { templateKey } from '../../src/model/template-key.js';
import { cli, tempDir } from '../helpers.js';
import { latencyRows, userRows } from '../../src/store/queries.js';

const OPTS: GenOptions = { seed: 20240310, entries: 4000, days: 7 };
const key = (host: string, method: string, path: string): string => `${host} ${method} ${templateKey(path)}`;

interface Endpoint {
  host: string;
  method: string;
  path: string;
  calls: number;
  authTypes: string[];
}

describe('analysis of generated traffic matches its ground truth', () => {
  const dir = tempDir();
  const db = `${dir}/truth.db`;
  const truth = new TruthTally();
  let endpoints: Endpoint[] = [];

  beforeAll(async () => {
    await writeHar(`${dir}/week.har`, tallied(generateCalls(OPTS), truth), { pretty: false });
    const r = await cli(['analyze', `${dir}/week.har`, '--db', db, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    endpoints = JSON.parse((await cli(['endpoints', '--db', db, '--format', 'json'])).stdout).endpoints;
  }, 120_000);

  it('discovers exactly the true templates, with exact call counts (no missed merges, no over-merges)', () => {
    const got = new Map(endpoints.map((e) => [key(e.host, e.method, e.path), e.calls]));
    const want = new Map([...truth.endpoints].map(([k, n]) => {
      const [host, method, template] = k.split(' ') as [string, string, string];
      return [key(host, method, template), n];
    }));
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [k, n] of want) expect(got.get(k), k).toBe(n);
  });

  it('gets every endpoint\'s auth schemes right', () => {
    for (const [k, schemes] of truth.auth) {
      const [host, method, template] = k.split(' ') as [string, string, string];
      const e = endpoints.find((x) => key(x.host, x.method, x.path) === key(host, method, template))!;
      expect(e.authTypes, k).toEqual([...schemes.keys()].sort());
    }
  });

  it('finds every planted sensitive value at its location and path, and reports no decoy', async () => {
    const j = JSON.parse((await cli(['sensitive', '--db', db, '--format', 'json'])).stdout);
    const found = new Set(
      (j.findings as { host: string; method: string; path: string; location: string; param: string; type: string }[]).map(
        (f) => `${key(f.host, f.method, f.path)} ${f.location} ${f.param} ${f.type}`,
      ),
    );
    const planted = new Set([...truth.sensitive.keys()].map((s) => {
      const [host, method, template, ...rest] = s.split(' ');
      return `${key(host!, method!, template!)} ${rest.join(' ')}`;
    }));
    expect([...planted].filter((p) => !found.has(p))).toEqual([]); // nothing missed
    expect([...found].filter((f) => !planted.has(f))).toEqual([]); // no decoy, nothing invented
  });

  it('stats are exact: per-minute series and per-user distribution sum to the true counts', async () => {
    const busiest = [...truth.endpoints].sort((a, b) => b[1] - a[1])[0]![0];
    const [host, method, template] = busiest.split(' ') as [string, string, string];
    const minutes = truth.perMinute.get(busiest)!;
    const last = Math.max(...minutes.keys());
    for (const range of ['1h', '1d', '7d']) {
      const r = await cli(['stats', method, template, '--host', host, '--range', range, '--db', db, '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout);
      const from = Date.parse(s.from) / 60000;
      const until = Date.parse(s.until) / 60000;
      expect(until).toBeGreaterThan(last);
      const inWindow = [...minutes].filter(([m]) => m >= from && m < until).reduce((a, [, n]) => a + n, 0);
      expect(s.totalCalls).toBe(inWindow);
      expect(s.series.reduce((a: number, b: { count: number }) => a + b.count, 0)).toBe(inWindow);
      expect(s.distribution.reduce((a: number, b: { users: number }) => a + b.users, 0)).toBe(s.users);
    }
    // over the whole week the per-user counts equal the truth (user keys are fingerprints, so compare the multiset)
    const week = JSON.parse((await cli(['stats', method, template, '--host', host, '--range', '7d', '--db', db, '--format', 'json'])).stdout);
    const trueUsers = truth.perUser.get(busiest)!;
    expect(week.users).toBe(trueUsers.size);
    const topTrue = [...trueUsers.values()].sort((a, b) => b - a).slice(0, week.topUsers.length);
    expect(week.topUsers.map((u: { calls: number }) => u.calls)).toEqual(topTrue);
  });

  it('all-traffic stats are exact whatever the window: totals, busiest endpoints and and the latency histogram', async () => {
    const last = Math.max(...[...truth.perMinute.values()].flatMap((m) => [...m.keys()]));
    const truthKey = new Map([...truth.perMinute.keys()].map((k) => {
      const [h, m, t] = k.split(' ') as [string, string, string];
      return [key(h, m, t), k];
    }));
    // Window ends off any hour or day boundary, so days, hours and minutes all take part.
    for (const [range, back] of [['7d', 0], ['7d', 1 * 1440 + 7 * 60 + 13], ['1d', 3 * 60 + 41], ['3h', 2 * 1440 + 29]] as const) {
      const until = new Date((last - back) * 60000).toISOString();
      const r = await cli(['stats', '--range', range, '--until', until, '--db', db, '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout);
      const from = Date.parse(s.from) / 60000;
      const to = Date.parse(s.until) / 60000;
      const inWindow = (k: string): number => [...truth.perMinute.get(k)!].filter(([m]) => m >= from && m < to).reduce((a, [, n]) => a + n, 0);
      const total = [...truth.perMinute.keys()].reduce((a, k) => a + inWindow(k), 0);
      expect(s.totalCalls, `${range} until ${until}`).toBe(total);
      expect(s.busiest.length).toBeGreaterThan(0);
      for (const b of s.busiest) expect(b.calls, `${b.method} ${b.path}`).toBe(inWindow(truthKey.get(key(b.host, b.method, b.path))!));
      const ranked = [...truth.perMinute.keys()].map(inWindow).sort((a, b) => b - a);
      expect(s.busiest.map((b: { calls: number }) => b.calls)).toEqual(ranked.slice(0, s.busiest.length));
      // every generated call has a duration: the latency histogram of the window counts each call once
      const d = new Database(db, { readonly: true });
      const histogram = latencyRows(d, null, from, to);
      d.close();
      expect(histogram.reduce((a, r) => a + r.count, 0)).toBe(total);
    }
  });

  it('a second run with more traffic merges into the existing templates: no duplicate endpoint', async () => {
    const more = new TruthTally();
    await writeHar(`${dir}/more.har`, tallied(generateCalls({ ...OPTS, seed: 7, entries: 1500 }), more), { pretty: false });
    expect((await cli(['analyze', `${dir}/more.har`, '--db', db])).code).toBe(0);
    const after = JSON.parse((await cli(['endpoints', '--db', db, '--format', 'json'])).stdout).endpoints as Endpoint[];
    const keys = after.map((e) => key(e.host, e.method, e.path));
    expect(new Set(keys).size).toBe(keys.length);
    for (const [k, n] of more.endpoints) {
      const [h, m, t] = k.split(' ') as [string, string, string];
      const before = truth.endpoints.get(endpointKey({ host: h, method: m, template: t })) ?? 0;
      expect(after.find((e) => key(e.host, e.method, e.path) === key(h, m, t))?.calls, k).toBe(before + n);
    }
    const d = new Database(db, { readonly: true });
    const dup = d.prepare('SELECT host, method, path_key, count(*) n FROM endpoints GROUP BY 1, 2, 3 HAVING n > 1').all();
    d.close();
    expect(dup).toEqual([]);
    // The runs overlap in time: the roll-ups the second run rebuilt hold both runs' calls.
    for (const range of ['7d', '1d']) {
      const s = JSON.parse((await cli(['stats', '--range', range, '--db', db, '--format', 'json'])).stdout);
      const from = Date.parse(s.from) / 60000;
      const to = Date.parse(s.until) / 60000;
      const inWindow = (t: TruthTally): number =>
        [...t.perMinute.values()].reduce((a, m) => a + [...m].filter(([x]) => x >= from && x < to).reduce((b, [, n]) => b + n, 0), 0);
      expect(s.totalCalls, range).toBe(inWindow(truth) + inWindow(more));
      // per-user counts (hourly roll-ups inside, minutes at the edges) add up to the same calls
      const rdb = new Database(db, { readonly: true });
      expect(userRows(rdb, null, from, to).reduce((a, u) => a + u.calls, 0), range).toBe(s.totalCalls);
      expect(latencyRows(rdb, null, from, to).reduce((a, r) => a + r.count, 0), range).toBe(s.totalCalls);
      rdb.close();
    }
  });
});
