import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RangeName, StatsView } from '../../src/model/stats.js';
import { renderBars } from '../../src/render/histogram.js';
import { STATS_FORMATS, statsRenderers } from '../../src/render/stats.js';
import { buildStatsView, windowFor } from '../../src/views/stats-window.js';
import { RANGES } from '../../src/model/stats.js';
import { latencyRows, makeCalls, minuteRows, userRows, type FakeCall } from '../fixtures/stats/traffic.js';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '__golden__');
const PLAIN = { color: false, width: 80 };
const ENDPOINT = { host: 'api.example.com', method: 'GET', path: '/users/{userId}' };
// Frozen traffic: two weeks ending 2024-03-15, window ends at a fixed "latest call".
const CALLS = makeCalls(42, Date.UTC(2024, 2, 1), Date.UTC(2024, 2, 11), 30_000);
const UNTIL = Date.UTC(2024, 2, 10, 23, 54, 17);

function view(range: RangeName, opts: { endpoint?: StatsView['endpoint']; calls?: readonly FakeCall[]; until?: number } = {}): StatsView {
  const calls = opts.calls ?? CALLS;
  const w = windowFor(range, opts.until ?? UNTIL, { includeUntil: true });
  const first = calls[0]?.ts;
  const last = calls[calls.length - 1]?.ts;
  const endpoint = opts.endpoint === undefined ? ENDPOINT : opts.endpoint;
  return buildStatsView({
    endpoint,
    range,
    from: w.from,
    until: w.until,
    bucketSeconds: w.bucketSeconds,
    minutes: minuteRows(calls),
    users: userRows(calls, w.from, w.until),
    latency: latencyRows(calls, w.from, w.until),
    busiest:
      endpoint === null
        ? [
            { host: 'api.example.com', method: 'GET', path: '/users/{userId}', calls: 1200 },
            { host: 'api.example.com', method: 'POST', path: '/orders', calls: 310 },
            { host: 'auth.example.com', method: 'POST', path: '/oauth/token/with/a/rather/long/path/{tenantId}/refresh', calls: 42 },
          ]
        : [],
    trafficSpan: first === undefined || last === undefined ? null : { first, last },
  });
}

function golden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, `${name}.txt`);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

function expectFits(text: string, width: number): void {
  for (const line of text.split('\n')) {
    expect([...line].length, `line too wide: ${JSON.stringify(line)}`).toBeLessThanOrEqual(width);
  }
  expect(text).not.toContain('\x1b');
}

describe('stats table renderer', () => {
  it.each(['15m', '1h', '6h', '1d', '7d'] as const)('%s matches its golden output', (range) => {
    golden(`stats-${range}`, statsRenderers.table(view(range), PLAIN));
  });

  it('dates the time axis of a window that crosses midnight, and keeps status shares at 100 %', () => {
    // 12h ending 11:20 (the bucket of 11:10) starts 23:20 the day before: times alone would run backwards.
    const out = statsRenderers.table(view('12h', { until: Date.UTC(2024, 2, 10, 11, 10) }), PLAIN);
    const axis = out.split('\n').find((l) => /^\s+\d\d-\d\d \d\d:\d\d/.test(l));
    expect(axis?.trim().split(/\s{2,}/)).toEqual(['03-09 23:20', '03-10 05:20', '03-10 11:20']);
    const shares = [...out.matchAll(/(?:2xx|3xx|4xx|5xx|other) (\d+)%/g)].map((m) => Number(m[1]));
    expect(shares.reduce((a, b) => a + b, 0)).toBe(100);
    // A window within one day keeps times alone.
    expect(statsRenderers.table(view('3h'), PLAIN)).toMatch(/^\s+20:57\s+22:27\s+23:57$/m);
  });

  it('all-traffic stats show the busiest endpoints', () => {
    golden('stats-all-traffic-3h', statsRenderers.table(view('3h', { endpoint: null }), PLAIN));
  });

  it('an empty window says so and where the traffic lies', () => {
    const out = statsRenderers.table(view('1h', { until: Date.UTC(2024, 3, 1) }), PLAIN);
    golden('stats-empty-window', out);
    expect(out).toContain('No calls to GET /users/{userId} in this window');
    expect(out).toContain('its traffic spans 2024-03-01');
    expect(out).toContain('--until 2024-03-11T00:00Z --range 7d'); // last call 03-10 23:59, 10 days of traffic
    expect(out).not.toContain('┤'); // no empty chart
  });

  it('a narrow terminal merges buckets, says so, and still fits', () => {
    const out = statsRenderers.table(view('6h'), { color: false, width: 50 });
    golden('stats-6h-width50', out);
    expectFits(out, 50);
    expect(out).toMatch(/^Calls per 10 minutes \(2 buckets merged to fit 50\s+columns\)/m);
  });

  it.each(RANGES)('%s: every line fits 80 columns and carries no escape codes', (range) => {
    expectFits(statsRenderers.table(view(range), PLAIN), 80);
    expectFits(statsRenderers.table(view(range, { endpoint: null }), PLAIN), 80);
  });

  it.each([40, 60, 100, 132])('fits a %i-column terminal for every range', (width) => {
    for (const range of RANGES) expectFits(statsRenderers.table(view(range), { color: false, width }), width);
  });

  it('merges buckets when huge counts widen the y labels past 80 columns, keeping the total', () => {
    const w = windowFor('1d', UNTIL, { includeUntil: true });
    // ~4.6 million calls per 20-minute bucket: 9-character labels leave room for only 70 points.
    const minutes = Array.from({ length: 1440 }, (_, i) => {
      const calls = 200_000 + (i % 97) * 1000;
      return { minute: w.fromMinute + i, calls, s2xx: calls, s3xx: 0, s4xx: 0, s5xx: 0, sOther: 0 };
    });
    const v = buildStatsView({
      endpoint: ENDPOINT, range: '1d', from: w.from, until: w.until, bucketSeconds: w.bucketSeconds,
      minutes, users: [{ user: 'ip:198.51.100.1', kind: 'ip', calls: 1 }], latency: [], busiest: [], trafficSpan: null,
    });
    const out = statsRenderers.table(v, PLAIN);
    expectFits(out, 80);
    expect(out).toMatch(/^Calls per 40 minutes \(2 buckets merged to fit 80 columns\)$/m);
    expect(out).toMatch(/^ *\d{1,3}(,\d{3})+ ┤/m); // thousands separators in y labels
    const total = minutes.reduce((a, m) => a + m.calls, 0);
    expect(out).toContain(`${total.toLocaleString('en-US')} calls`);
    const doc = JSON.parse(statsRenderers.json(v, PLAIN)) as { series: { count: number }[] };
    expect(doc.series).toHaveLength(72); // JSON keeps the real buckets
    expect(doc.series.reduce((a, b) => a + b.count, 0)).toBe(total);
  });

  it('merges a prime number of buckets (a --until off the bucket edges) into groups, not into one point', () => {
    const until = Date.UTC(2024, 2, 10, 12, 7);
    for (const [range, n] of [['1d', 73], ['12h', 73], ['6h', 73], ['3h', 61]] as const) {
      const v = view(range, { until });
      const w = windowFor(range, until);
      const exact = buildStatsView({ ...v, from: w.from, until: w.until, bucketSeconds: w.bucketSeconds, minutes: minuteRows(CALLS), users: [], latency: [], busiest: [], trafficSpan: null, endpoint: ENDPOINT, range });
      expect(exact.series, range).toHaveLength(n);
      const out = statsRenderers.table(exact, { color: false, width: 60 });
      expectFits(out, 60);
      const caption = /^Calls per (\d+) (minutes|hours) \((\d+) buckets merged to fit 60 columns\)$/m.exec(out);
      expect(caption, `${range}:\n${out}`).not.toBeNull();
      expect(Number(caption![3])).toBeLessThanOrEqual(3); // a few buckets per point, not all 73 in one
      expect(out).toContain(`${exact.totalCalls.toLocaleString('en-US')} calls`);
    }
  });

  it('says how many calls had no identity, apart from the users histogram', () => {
    const v = { ...view('1h'), unidentifiedCalls: 20 };
    const table = statsRenderers.table(v, PLAIN);
    expect(table).toMatch(/^Not counted as users: 20 calls with neither credentials nor a client IP$/m);
    expect(statsRenderers.markdown(v, PLAIN)).toContain('_Not counted as users: 20 calls with neither credentials nor a client IP_');
    expect(JSON.parse(statsRenderers.json(v, PLAIN)).unidentifiedCalls).toBe(20);
    expect(statsRenderers.table(view('1h'), PLAIN)).not.toContain('Not counted');
  });

  it('colours only when asked', () => {
    const coloured = statsRenderers.table(view('1h'), { color: true, width: 80 });
    expect(coloured).toContain('\x1b[36m');
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(statsRenderers.table(view('1h'), PLAIN));
  });

  it('shows the header, summary and top users a user checks first', () => {
    const v = view('1h');
    const out = statsRenderers.table(v, PLAIN);
    const lines = out.split('\n');
    // Endpoint and window share a line when they fit, and go on two lines when not.
    expect(lines[0]).toBe('GET api.example.com/users/{userId}');
    expect(lines[1]).toBe('2024-03-10 22:55 -> 23:55 UTC (1h, 1-minute buckets)');
    const short = statsRenderers.table({ ...v, endpoint: { host: 'h', method: 'GET', path: '/u' } }, PLAIN);
    expect(short.split('\n')[0]).toBe('GET h/u   2024-03-10 22:55 -> 23:55 UTC (1h, 1-minute buckets)');
    expect(out).toContain(`${v.totalCalls.toLocaleString('en-US')} calls · ${v.users} users · 2xx `);
    expect(out).toMatch(/p50 \d+ ms · p95 \d+ ms/);
    expect(out).toMatch(/^Top users: \S+ (\(jwt sub\) )?\d+ · /m);
    expect(out).toContain('Calls per user (how many users made how many calls in this window)');
  });

  it('truncates long user keys with an ellipsis', () => {
    const v = { ...view('1h'), topUsers: [{ user: 'session:' + 'f'.repeat(64), kind: 'session', calls: 3 }] };
    const out = statsRenderers.table(v, PLAIN);
    expect(out).toMatch(/Top users: session:f+… 3/);
    expect(out).not.toContain('f'.repeat(30));
  });
});

describe('stats JSON renderer', () => {
  it('has exactly the registered formats', () => {
    expect(Object.keys(statsRenderers).sort()).toEqual([...STATS_FORMATS].sort());
  });

  it('follows the contract, with ISO times and exact sums', () => {
    const v = view('7d');
    const doc = JSON.parse(statsRenderers.json(v, PLAIN)) as Record<string, unknown> & {
      series: { start: string; count: number }[];
      distribution: { minCalls: number; maxCalls: number | null; users: number }[];
      topUsers: { user: string; calls: number }[];
    };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.endpoint).toEqual(ENDPOINT);
    expect(doc.range).toBe('7d');
    expect(doc.from).toBe('2024-03-04T00:00:00.000Z');
    expect(doc.until).toBe('2024-03-11T00:00:00.000Z');
    expect(doc.bucketSeconds).toBe(10_800);
    expect(doc.series).toHaveLength(56);
    expect(doc.series[0]).toEqual({ start: '2024-03-04T00:00:00.000Z', count: v.series[0]?.count });
    for (const b of doc.series) expect(b.start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);
    expect(doc.series.reduce((a, b) => a + b.count, 0)).toBe(doc.totalCalls);
    expect(doc.distribution.reduce((a, b) => a + b.users, 0)).toBe(doc.users);
    expect(doc.distribution).toEqual(v.distribution);
    expect(doc.distribution.at(-1)).toEqual({ minCalls: 1001, maxCalls: null, users: 1 }); // open bin
    expect(doc.topUsers.length).toBeGreaterThan(0);
    for (const u of doc.topUsers) expect(Object.keys(u).sort()).toEqual(['calls', 'kind', 'user']);
    expect(doc).toHaveProperty('statusClasses');
    expect(doc).toHaveProperty('p50Ms');
    expect(doc.hint).toBeNull();
  });

  it('gives endpoint null for all-traffic stats, and a hint for an empty window', () => {
    const doc = JSON.parse(statsRenderers.json(view('1h', { endpoint: null, until: Date.UTC(2024, 3, 1) }), PLAIN)) as Record<string, unknown>;
    expect(doc.endpoint).toBeNull();
    expect(doc.totalCalls).toBe(0);
    expect(doc.hint).toMatch(/^No calls in this window; traffic spans/);
  });
});

describe('renderBars', () => {
  it('draws proportional bars with right-aligned values within the width', () => {
    const out = renderBars([{ label: '1 call', value: 80 }, { label: '2-5 calls', value: 40 }, { label: '6-10 calls', value: 1 }, { label: '11-25 calls', value: 0 }], 40, false);
    const lines = out.split('\n');
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(l.length).toBe(40);
    const bar = (l: string): number => [...l].filter((c) => '█▉▊▋▌▍▎▏'.includes(c)).length;
    const full = (l: string): number => [...l].filter((c) => c === '█').length;
    expect(full(lines[0] ?? '')).toBe(2 * full(lines[1] ?? ''));
    expect(bar(lines[2] ?? '')).toBe(1); // tiny but non-zero stays visible
    expect(bar(lines[3] ?? '')).toBe(0);
    expect(lines.map((l) => l.slice(-2))).toEqual(['80', '40', ' 1', ' 0']);
  });

  it('truncates long labels and colours bars only on request', () => {
    const rows = [{ label: 'GET api.example.com/' + 'x'.repeat(100), value: 1234 }];
    const plain = renderBars(rows, 50, false);
    expect(plain.length).toBe(50);
    expect(plain).toContain('…');
    expect(plain).toContain('1,234');
    expect(plain).not.toContain('\x1b');
    expect(renderBars(rows, 50, true)).toContain('\x1b[36m');
  });
});

describe('stats markdown renderer', () => {
  it('escapes captured text in headings and cells, and keeps the series exact', () => {
    const v = {
      ...view('1h', { endpoint: { host: 'api.example.com', method: 'GET', path: '/a|b/*x*/<script>' } }),
      topUsers: [{ user: 'evil|user_`x`', kind: 'jwt-sub', calls: 3 }],
    };
    const out = statsRenderers.markdown(v, PLAIN);
    expect(out.split('\n')[0]).toBe('### GET api.example.com/a\\|b/\\*x\\*/\\<script>');
    expect(out).toContain('| evil\\|user\\_\\`x\\` | jwt-sub | 3 |');
    expect(out).not.toContain('\x1b');
    const rows = out.split('\n').filter((l) => /^\| \d{4}-\d\d-\d\d \d\d:\d\d \| [\d,]+ \|$/.test(l));
    expect(rows).toHaveLength(v.series.length);
    expect(rows.reduce((a, l) => a + Number(l.split('|')[2]!.trim().replace(/,/g, '')), 0)).toBe(v.totalCalls);
    expect(out).toContain('| Calls in window | Users |');
    expect(out.endsWith('|\n')).toBe(true);
  });

  it('prints the hint instead of tables for an empty window, and names the host of host-restricted stats', () => {
    const empty = view('1h', { endpoint: null, until: Date.UTC(2024, 3, 1) });
    const out = statsRenderers.markdown({ ...empty, host: 'auth.example.com' }, PLAIN);
    expect(out).toMatch(/^### All endpoints on auth\.example\.com\n\n2024-03-31 23:01 -> 2024-04-01 00:01 UTC \(1h, 1-minute buckets\)\n\n_No calls in this window; .*_\n$/);
    const json = JSON.parse(statsRenderers.json({ ...empty, host: 'auth.example.com' }, PLAIN)) as { host: string; endpoint: null };
    expect(json.host).toBe('auth.example.com');
    expect(json.endpoint).toBeNull();
  });
});
