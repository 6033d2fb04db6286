import { describe, expect, it } from 'vitest';
import { bucketMidMs, latencyBucket, percentileFromBuckets } from '../../src/analyzers/latency.js';
import { RANGES, type RangeName } from '../../src/model/stats.js';
import { buildStatsView, windowFor } from '../../src/views/stats-window.js';
import { parseUntil, rangeSeconds } from '../../src/views/time-parse.js';
import { latencyRows, makeCalls, minuteRows, truth, userRows, type FakeCall } from '../fixtures/stats/traffic.js';

const ENDPOINT = { host: 'api.example.com', method: 'GET', path: '/users/{userId}' };

function viewFor(calls: readonly FakeCall[], range: RangeName, untilMs: number, includeUntil = false) {
  const w = windowFor(range, untilMs, { includeUntil });
  const first = calls[0]?.ts;
  const last = calls[calls.length - 1]?.ts;
  return buildStatsView({
    endpoint: ENDPOINT,
    range,
    from: w.from,
    until: w.until,
    bucketSeconds: w.bucketSeconds,
    minutes: minuteRows(calls),
    users: userRows(calls, w.from, w.until),
    latency: latencyRows(calls, w.from, w.until),
    busiest: [],
    trafficSpan: first === undefined || last === undefined ? null : { first, last },
  });
}

describe('windowFor', () => {
  const until = Date.UTC(2024, 2, 10, 23, 54, 17, 400);

  it.each(RANGES)('%s: an explicit until ends the window at that minute, exactly the range long', (range) => {
    const w = windowFor(range, until);
    expect(w.until - w.from).toBe(rangeSeconds(range) * 1000);
    expect(new Date(w.until).toISOString()).toBe('2024-03-10T23:55:00.000Z'); // the minute holding until, whole
    expect(w.fromMinute * 60_000).toBe(w.from);
    expect(w.untilMinute * 60_000).toBe(w.until);
    expect(Number.isInteger(w.fromMinute)).toBe(true);
  });

  it.each(RANGES)('%s: the default window (latest call) is bucket-aligned, 15..90 buckets, containing it', (range) => {
    const w = windowFor(range, until, { includeUntil: true });
    expect(w.until - w.from).toBe(rangeSeconds(range) * 1000);
    expect(w.from % (w.bucketSeconds * 1000)).toBe(0);
    expect(w.until % (w.bucketSeconds * 1000)).toBe(0);
    const points = (w.until - w.from) / (w.bucketSeconds * 1000);
    expect(points).toBeGreaterThanOrEqual(15);
    expect(points).toBeLessThanOrEqual(90);
    expect(w.until).toBeGreaterThan(until);
    expect(w.until - until).toBeLessThanOrEqual(w.bucketSeconds * 1000);
  });

  it('the default window rounds up to the next bucket boundary: 1h ends at 23:55, 7d at the next 3-hour mark', () => {
    const latest = { includeUntil: true };
    expect(new Date(windowFor('1h', until, latest).until).toISOString()).toBe('2024-03-10T23:55:00.000Z');
    expect(new Date(windowFor('1h', until, latest).from).toISOString()).toBe('2024-03-10T22:55:00.000Z');
    expect(new Date(windowFor('7d', until, latest).until).toISOString()).toBe('2024-03-11T00:00:00.000Z');
    expect(new Date(windowFor('1d', until, latest).until).toISOString()).toBe('2024-03-11T00:00:00.000Z');
    // an explicit until never reaches past its minute, whatever the bucket size
    expect(new Date(windowFor('7d', until).until).toISOString()).toBe('2024-03-10T23:55:00.000Z');
  });

  it('keeps an explicit boundary as the exclusive end, but includes it on request (latest call)', () => {
    const t = Date.UTC(2024, 2, 10, 23, 0);
    expect(windowFor('1h', t).until).toBe(t);
    expect(windowFor('1h', t, { includeUntil: true }).until).toBe(t + 60_000);
  });
});

describe('buildStatsView exactness', () => {
  const start = Date.UTC(2024, 2, 1);
  const end = Date.UTC(2024, 2, 15);
  const calls = makeCalls(7, start, end, 20_000);
  const untils = [Date.UTC(2024, 2, 10, 23, 54, 17), Date.UTC(2024, 2, 12, 6, 0), Date.UTC(2024, 2, 14, 13, 33, 59, 999)];

  for (const range of RANGES) {
    it(`${range}: series and distribution match the known truth; rows outside the window are ignored`, () => {
      for (const u of untils) {
        const view = viewFor(calls, range, u);
        const t = truth(calls, view.from, view.until);
        expect(t.calls).toBeGreaterThan(0);
        expect(calls.length).toBeGreaterThan(t.calls); // the minute rows given hold traffic outside
        expect(view.series.reduce((a, b) => a + b.count, 0)).toBe(t.calls);
        expect(view.totalCalls).toBe(t.calls);
        expect(view.users).toBe(t.users);
        expect(view.distribution.reduce((a, b) => a + b.users, 0)).toBe(t.users);
        const c = view.statusClasses;
        expect(c['2xx'] + c['3xx'] + c['4xx'] + c['5xx'] + c.other).toBe(t.calls);
        // Every bucket present, contiguous, on clock times, the first starting at from (maybe partial).
        const bucketMs = view.bucketSeconds * 1000;
        const first = Math.floor(view.from / bucketMs) * bucketMs;
        expect(view.series.length).toBe(Math.ceil((view.until - first) / bucketMs));
        view.series.forEach((b, i) => expect(b.start).toBe(i === 0 ? view.from : first + i * bucketMs));
        expect(view.hint).toBeNull();
      }
    });
  }

  it('puts each call in the bucket that holds its timestamp', () => {
    const view = viewFor(calls, '6h', untils[0] ?? 0);
    view.series.forEach((b, i) => {
      const end = view.series[i + 1]?.start ?? view.until;
      const expected = calls.filter((c) => c.ts >= b.start && c.ts < end).length;
      expect(b.count).toBe(expected);
    });
  });

  it('zero-fills empty buckets rather than leaving gaps', () => {
    const sparse: FakeCall[] = [
      { ts: Date.UTC(2024, 2, 10, 22, 10, 5), user: 'a', kind: 'ip', status: 200, durationMs: 10 },
      { ts: Date.UTC(2024, 2, 10, 22, 40, 5), user: 'a', kind: 'ip', status: 200, durationMs: 10 },
    ];
    const view = viewFor(sparse, '1h', Date.UTC(2024, 2, 10, 22, 40, 5), true);
    expect(view.series).toHaveLength(60);
    expect(view.series.filter((b) => b.count === 0)).toHaveLength(58);
    expect(view.series.at(-1)?.count).toBe(1); // the latest call itself is in the window
  });

  it('counts distinct users once even if the store repeats a user', () => {
    const view = buildStatsView({
      endpoint: ENDPOINT, range: '1h', from: 0, until: 3_600_000, bucketSeconds: 60,
      minutes: [{ minute: 1, calls: 5, s2xx: 5, s3xx: 0, s4xx: 0, s5xx: 0, sOther: 0 }],
      users: [{ user: 'ip:1.2.3.4', kind: 'ip', calls: 2 }, { user: 'ip:1.2.3.4', kind: 'ip', calls: 3 }],
      latency: [], busiest: [], trafficSpan: { first: 60_000, last: 60_000 },
    });
    expect(view.users).toBe(1);
    expect(view.topUsers).toEqual([{ user: 'ip:1.2.3.4', kind: 'ip', calls: 5 }]);
    expect(view.distribution).toEqual([
      { minCalls: 1, maxCalls: 1, users: 0 },
      { minCalls: 2, maxCalls: 5, users: 1 },
    ]);
  });
});

describe('distribution and top users', () => {
  const base = {
    endpoint: ENDPOINT, range: '1h' as const, from: 0, until: 3_600_000, bucketSeconds: 60,
    minutes: [], latency: [], busiest: [], trafficSpan: null,
  };
  const users = [1, 1, 2, 5, 6, 10, 11, 25, 26, 50, 51, 100, 101, 250, 251, 500, 501, 1000, 1001, 99_999].map(
    (calls, i) => ({ user: `u${String(i).padStart(2, '0')}`, kind: 'jwt-sub', calls }),
  );

  it('uses the documented bins with inclusive edges and an open last bin', () => {
    const view = buildStatsView({ ...base, users });
    expect(view.distribution).toEqual([
      { minCalls: 1, maxCalls: 1, users: 2 },
      { minCalls: 2, maxCalls: 5, users: 2 },
      { minCalls: 6, maxCalls: 10, users: 2 },
      { minCalls: 11, maxCalls: 25, users: 2 },
      { minCalls: 26, maxCalls: 50, users: 2 },
      { minCalls: 51, maxCalls: 100, users: 2 },
      { minCalls: 101, maxCalls: 250, users: 2 },
      { minCalls: 251, maxCalls: 500, users: 2 },
      { minCalls: 501, maxCalls: 1000, users: 2 },
      { minCalls: 1001, maxCalls: null, users: 2 },
    ]);
  });

  it('stops at the bin of the busiest user, keeping empty bins before it', () => {
    const view = buildStatsView({ ...base, users: [{ user: 'a', kind: 'ip', calls: 1 }, { user: 'b', kind: 'ip', calls: 30 }] });
    expect(view.distribution.map((d) => d.users)).toEqual([1, 0, 0, 0, 1]);
    expect(buildStatsView({ ...base, users: [] }).distribution).toEqual([]);
  });

  it('lists at most 10 top users by calls, ties by user key', () => {
    const tied = [
      { user: 'zed', kind: 'basic', calls: 7 },
      { user: 'amy', kind: 'basic', calls: 7 },
      ...users,
    ];
    const view = buildStatsView({ ...base, users: tied });
    expect(view.topUsers).toHaveLength(10);
    expect(view.topUsers.map((u) => u.calls)).toEqual([99_999, 1001, 1000, 501, 500, 251, 250, 101, 100, 51]);
    const few = buildStatsView({ ...base, users: tied.slice(0, 4) }).topUsers.map((u) => u.user);
    expect(few).toEqual(['amy', 'zed', 'u00', 'u01']);
  });

  it('does not count calls without any identity as one busy user', () => {
    const view = buildStatsView({
      ...base,
      users: [
        { user: 'unknown', kind: 'unknown', calls: 12 },
        { user: 'alice', kind: 'jwt-sub', calls: 3 },
        { user: 'unknown', kind: 'unknown', calls: 8 }, // another minute's row
        { user: 'ip:203.0.113.x~e2a448a3', kind: 'ip', calls: 1 },
      ],
    });
    expect(view.users).toBe(2);
    expect(view.unidentifiedCalls).toBe(20);
    expect(view.distribution.map((d) => d.users)).toEqual([1, 1]);
    expect(view.topUsers.map((u) => u.user)).toEqual(['alice', 'ip:203.0.113.x~e2a448a3']);
    const none = buildStatsView({ ...base, users: [{ user: 'unknown', kind: 'unknown', calls: 5 }] });
    expect([none.users, none.unidentifiedCalls, none.distribution, none.topUsers]).toEqual([0, 5, [], []]);
  });

  it('does not modify its inputs', () => {
    const input = { ...base, users: users.map((u) => ({ ...u })), busiest: [{ host: 'h', method: 'GET', path: '/b', calls: 1 }, { host: 'h', method: 'GET', path: '/a', calls: 9 }] };
    const copy = structuredClone(input);
    const view = buildStatsView(input);
    expect(input).toEqual(copy);
    expect(view.busiest.map((b) => b.path)).toEqual(['/a', '/b']);
  });
});

describe('no-traffic hint', () => {
  const calls = makeCalls(3, Date.UTC(2024, 2, 1, 10), Date.UTC(2024, 2, 8, 11), 500);

  it('says the window is empty and where the traffic lies, with flags that work', () => {
    const view = viewFor(calls, '1h', Date.UTC(2024, 2, 20));
    expect(view.totalCalls).toBe(0);
    expect(view.series.every((b) => b.count === 0)).toBe(true);
    const last = calls[calls.length - 1]?.ts ?? 0;
    const lastMinute = new Date(Math.floor(last / 60_000) * 60_000 + 60_000).toISOString().slice(0, 16) + 'Z';
    expect(view.hint).toContain('No calls to GET /users/{userId} in this window');
    expect(view.hint).toMatch(/its traffic spans 2024-03-01 \d\d:\d\d -> 2024-03-08 \d\d:\d\d UTC/);
    expect(view.hint).toContain(`--until ${lastMinute}`);
    expect(view.hint).toContain('--range 7d');
    // Following the hint actually shows traffic, including the latest call.
    const followed = viewFor(calls, '7d', parseUntil(lastMinute, 0));
    expect(followed.totalCalls).toBeGreaterThan(0);
    expect(followed.series.at(-1)?.start).toBeLessThanOrEqual(last);
  });

  it('suggests the smallest range that covers a short span, and none when the range already does', () => {
    const short: FakeCall[] = [
      { ts: Date.UTC(2024, 2, 1, 10, 0), user: 'a', kind: 'ip', status: 200, durationMs: 5 },
      { ts: Date.UTC(2024, 2, 1, 12, 30), user: 'a', kind: 'ip', status: 200, durationMs: 5 },
    ];
    expect(viewFor(short, '1h', Date.UTC(2024, 2, 5)).hint).toContain('--range 3h');
    expect(viewFor(short, '7d', Date.UTC(2024, 3, 5)).hint).not.toContain('--range');
  });

  it('widens the range when the suggested window, ending the minute after the last call, would miss the first', () => {
    // 10:00:30 to 11:00:10: under an hour apart, but --until 11:01 with 1h starts at 10:01.
    const close: FakeCall[] = [
      { ts: Date.UTC(2024, 2, 10, 10, 0, 30), user: 'a', kind: 'ip', status: 200, durationMs: 5 },
      { ts: Date.UTC(2024, 2, 10, 11, 0, 10), user: 'a', kind: 'ip', status: 200, durationMs: 5 },
    ];
    const hint = viewFor(close, '1h', Date.UTC(2024, 2, 9)).hint!;
    expect(hint).toContain('--until 2024-03-10T11:01Z --range 3h');
    expect(viewFor(close, '3h', parseUntil('2024-03-10T11:01Z', 0)).totalCalls).toBe(2);
  });

  it('says when there is no traffic at all', () => {
    expect(viewFor([], '1h', Date.UTC(2024, 2, 5)).hint).toBe('No calls to GET /users/{userId} recorded');
  });
});

describe('latency buckets and percentiles', () => {
  it('has ~10% resolution: the bucket midpoint is within 10% of any duration in it (above 10 ms)', () => {
    for (let ms = 10; ms < 100_000; ms = Math.ceil(ms * 1.03)) {
      const mid = bucketMidMs(latencyBucket(ms));
      expect(Math.abs(mid - ms) / ms).toBeLessThan(0.1);
    }
  });

  it('is monotonic and bounded to 0..255', () => {
    let prev = 0;
    for (const ms of [0, 0.5, 1, 2, 10, 100, 1000, 1e5, 1e9, 1e12, Infinity]) {
      const b = latencyBucket(ms);
      expect(b).toBeGreaterThanOrEqual(prev);
      expect(b).toBeLessThanOrEqual(255);
      prev = b;
    }
    expect(latencyBucket(-5)).toBe(0);
    expect(latencyBucket(Number.NaN)).toBe(0);
    expect(latencyBucket(1e12)).toBe(255);
  });

  it('reads nearest-rank percentiles back from bucket counts', () => {
    const durations = Array.from({ length: 1000 }, (_, i) => i + 1); // 1..1000 ms
    const counts = new Map<number, number>();
    for (const d of durations) counts.set(latencyBucket(d), (counts.get(latencyBucket(d)) ?? 0) + 1);
    const rows = [...counts].map(([bucket, count]) => ({ bucket, count })).reverse(); // any order
    const p50 = percentileFromBuckets(rows, 50) ?? 0;
    const p95 = percentileFromBuckets(rows, 95) ?? 0;
    expect(Math.abs(p50 - 500) / 500).toBeLessThan(0.1);
    expect(Math.abs(p95 - 950) / 950).toBeLessThan(0.1);
    expect(percentileFromBuckets(rows, 100)).toBe(bucketMidMs(latencyBucket(1000)));
    expect(percentileFromBuckets(rows, 0)).toBe(bucketMidMs(latencyBucket(1)));
  });

  it('handles skew, repeated buckets and emptiness', () => {
    const rows = [{ bucket: 30, count: 94 }, { bucket: 60, count: 3 }, { bucket: 60, count: 3 }];
    expect(percentileFromBuckets(rows, 50)).toBe(bucketMidMs(30));
    expect(percentileFromBuckets(rows, 95)).toBe(bucketMidMs(60));
    expect(percentileFromBuckets([], 50)).toBeNull();
    expect(percentileFromBuckets([{ bucket: 3, count: 0 }], 50)).toBeNull();
    expect(() => percentileFromBuckets(rows, 101)).toThrow(RangeError);
  });

  it('feeds p50/p95 into the view, rounded to whole ms above 10 ms', () => {
    const view = buildStatsView({
      endpoint: ENDPOINT, range: '1h', from: 0, until: 3_600_000, bucketSeconds: 60, minutes: [], users: [],
      latency: [{ bucket: latencyBucket(42), count: 50 }, { bucket: latencyBucket(180), count: 50 }],
      busiest: [], trafficSpan: null,
    });
    expect(view.p50Ms).toBe(Math.round(bucketMidMs(latencyBucket(42))));
    expect(Math.abs((view.p50Ms ?? 0) - 42)).toBeLessThan(4.2);
    expect(Math.abs((view.p95Ms ?? 0) - 180)).toBeLessThan(18);
  });
});
