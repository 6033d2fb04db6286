// The stats read model: picks the bucket-aligned window for a range and folds the store's
// per-minute, per-user and latency rows into exact series, status mix, percentiles and bins.

import { percentileFromBuckets } from '../analyzers/latency.js';
import type { LatencyRow, MinuteRow, RangeName, StatsView, UserCallsRow } from '../model/stats.js';
import { RANGES } from '../model/stats.js';
import { bucketSecondsFor, rangeSeconds } from './time-parse.js';

const MINUTE_MS = 60_000;

export interface StatsWindow {
  /** Inclusive start, epoch ms, on a minute boundary. */
  from: number;
  /** Exclusive end, epoch ms, on a minute boundary; until - from is exactly the range. */
  until: number;
  bucketSeconds: number;
  /** The same window in epoch minutes, for the store query [fromMinute, untilMinute). */
  fromMinute: number;
  untilMinute: number;
}

/**
 * The window [from, until) of exactly the range's length. An explicit `--until` ends it there, to
 * the minute (a time inside a minute takes that whole minute): `--until 13:37` never counts a call
 * made at 13:40. Buckets stay aligned to the epoch, hence to UTC clock times, so the buckets at the
 * window's edges may be partial. With `includeUntil` (the default window, ending at the latest
 * traffic timestamp) `until` is rounded up to the next bucket boundary instead, so every bucket is
 * whole and the latest call is counted: nothing comes after it to be let in.
 */
export function windowFor(
  range: RangeName,
  untilMs: number,
  opts: { includeUntil?: boolean } = {},
): StatsWindow {
  const bucketSeconds = bucketSecondsFor(range);
  const step = opts.includeUntil === true ? bucketSeconds * 1000 : MINUTE_MS;
  const end = opts.includeUntil === true ? untilMs + 1 : untilMs;
  const until = Math.ceil(end / step) * step;
  const from = until - rangeSeconds(range) * 1000;
  return { from, until, bucketSeconds, fromMinute: from / MINUTE_MS, untilMinute: until / MINUTE_MS };
}

/** Calls-per-user bins; the last one is open. */
const DISTRIBUTION_BINS: readonly { min: number; max: number | null }[] = [
  { min: 1, max: 1 },
  { min: 2, max: 5 },
  { min: 6, max: 10 },
  { min: 11, max: 25 },
  { min: 26, max: 50 },
  { min: 51, max: 100 },
  { min: 101, max: 250 },
  { min: 251, max: 500 },
  { min: 501, max: 1000 },
  { min: 1001, max: null },
];

export const TOP_USERS = 10;
export const BUSIEST_ENDPOINTS = 10;

export interface StatsInput {
  endpoint: StatsView['endpoint'];
  range: RangeName;
  from: number;
  until: number;
  bucketSeconds: number;
  minutes: readonly MinuteRow[];
  users: readonly UserCallsRow[];
  latency: readonly LatencyRow[];
  busiest: StatsView['busiest'];
  /** First and last traffic time of the endpoint (or of the host, or of all traffic), epoch ms; null when none. */
  trafficSpan: { first: number; last: number } | null;
  /** All-traffic stats restricted to this host (only without an endpoint). */
  host?: string | null;
}

/**
 * Builds the view. Minute rows outside [from, until) are ignored, so the series always sums to
 * the calls in the window. User rows are taken as already restricted to the window (they carry
 * no time); repeated user keys are merged so `users` counts distinct users.
 */
export function buildStatsView(input: StatsInput): StatsView {
  const bucketMs = input.bucketSeconds * 1000;
  // Buckets on clock times: a window that does not start on one begins and ends with partial buckets.
  const first = Math.floor(input.from / bucketMs) * bucketMs;
  const n = Math.ceil((input.until - first) / bucketMs);
  const counts = new Array<number>(n).fill(0);
  const statusClasses = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, other: 0 };
  const fromMinute = input.from / MINUTE_MS;
  const untilMinute = input.until / MINUTE_MS;
  const minutesPerBucket = input.bucketSeconds / 60;
  for (const row of input.minutes) {
    if (row.minute < fromMinute || row.minute >= untilMinute) continue;
    const i = Math.floor((row.minute - first / MINUTE_MS) / minutesPerBucket);
    counts[i] = (counts[i] ?? 0) + row.calls;
    statusClasses['2xx'] += row.s2xx;
    statusClasses['3xx'] += row.s3xx;
    statusClasses['4xx'] += row.s4xx;
    statusClasses['5xx'] += row.s5xx;
    statusClasses.other += row.sOther;
  }
  const series = counts.map((count, i) => ({ start: Math.max(input.from, first + i * bucketMs), count }));
  const totalCalls = counts.reduce((a, b) => a + b, 0);

  const perUser = mergeUsers(input.users);
  let unidentifiedCalls = 0;
  for (const u of perUser) if (u.kind === UNIDENTIFIED) unidentifiedCalls += u.calls;
  const identified = unidentifiedCalls === 0 ? perUser : perUser.filter((u) => u.kind !== UNIDENTIFIED);
  return {
    endpoint: input.endpoint === null ? null : { ...input.endpoint },
    range: input.range,
    from: input.from,
    until: input.until,
    bucketSeconds: input.bucketSeconds,
    series,
    totalCalls,
    users: identified.length,
    unidentifiedCalls,
    statusClasses,
    p50Ms: roundMs(percentileFromBuckets(input.latency, 50)),
    p95Ms: roundMs(percentileFromBuckets(input.latency, 95)),
    distribution: distributionOf(identified),
    topUsers: [...identified].sort(byCallsThenUser).slice(0, TOP_USERS),
    busiest: [...input.busiest]
      .sort((a, b) => b.calls - a.calls || cmp(a.host, b.host) || cmp(a.path, b.path) || cmp(a.method, b.method))
      .slice(0, BUSIEST_ENDPOINTS)
      .map((e) => ({ ...e })),
    hint: totalCalls === 0 ? noTrafficHint(input) : null,
  };
}

/** The user kind of calls with neither credentials nor a client IP (user-key.ts): all of them one key, not one caller. */
const UNIDENTIFIED = 'unknown';

function mergeUsers(rows: readonly UserCallsRow[]): { user: string; kind: string; calls: number }[] {
  const byUser = new Map<string, { user: string; kind: string; calls: number }>();
  for (const r of rows) {
    if (!(r.calls > 0)) continue;
    const seen = byUser.get(r.user);
    if (seen === undefined) byUser.set(r.user, { user: r.user, kind: r.kind, calls: r.calls });
    else seen.calls += r.calls;
  }
  return [...byUser.values()];
}

/** Bins from the first up to the one holding the busiest user; empty bins in between stay, as zeros, so the shape reads right. */
function distributionOf(users: readonly { calls: number }[]): StatsView['distribution'] {
  if (users.length === 0) return [];
  const tally = new Array<number>(DISTRIBUTION_BINS.length).fill(0);
  let last = 0;
  for (const u of users) {
    const i = DISTRIBUTION_BINS.findIndex((b) => b.max === null || u.calls <= b.max);
    tally[i] = (tally[i] ?? 0) + 1;
    if (i > last) last = i;
  }
  return DISTRIBUTION_BINS.slice(0, last + 1).map((b, i) => ({
    minCalls: b.min,
    maxCalls: b.max,
    users: tally[i] ?? 0,
  }));
}

function byCallsThenUser(a: { user: string; calls: number }, b: { user: string; calls: number }): number {
  return b.calls - a.calls || cmp(a.user, b.user);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sub-10 ms latencies keep one decimal; the log buckets are ~10% wide, so more digits would be noise. */
function roundMs(ms: number | null): number | null {
  if (ms === null) return null;
  return ms < 10 ? Math.round(ms * 10) / 10 : Math.round(ms);
}

function noTrafficHint(input: StatsInput): string {
  const host = input.endpoint === null ? (input.host ?? null) : null;
  const what =
    input.endpoint !== null
      ? `No calls to ${input.endpoint.method} ${input.endpoint.path}`
      : host !== null
        ? `No calls to ${host}`
        : 'No calls';
  if (input.trafficSpan === null) {
    if (input.endpoint === null && host === null) return 'No traffic recorded yet: the inventory has no calls; run akto-rt analyze first';
    return `${what} recorded`;
  }
  const { first, last } = input.trafficSpan;
  // The suggested --until is the minute after the last call, so that call lands in the window.
  const untilMs = Math.floor(last / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const until = formatIsoMinute(untilMs);
  // A wider range only when the current one, ending there, cannot reach back to the first call's minute.
  const needMs = untilMs - Math.floor(first / MINUTE_MS) * MINUTE_MS;
  const covers = (r: RangeName): boolean => rangeSeconds(r) * 1000 >= needMs;
  const range = covers(input.range) ? input.range : (RANGES.find(covers) ?? '7d');
  const spans = `${input.endpoint === null && host === null ? 'traffic' : 'its traffic'} spans ${formatSpan(first, last)} UTC`;
  const rangeTip = range === input.range ? '' : ` --range ${range}`;
  return `${what} in this window; ${spans}: try --until ${until}${rangeTip}`;
}

/** '2024-03-08T11:01Z': minute precision, the shortest form parseUntil reads back exactly. */
export function formatIsoMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16) + 'Z';
}

/** '2024-03-01 10:00 -> 2024-03-08 11:00', or '2024-03-10 22:55 -> 23:55' within one UTC day. */
export function formatSpan(a: number, b: number): string {
  const sa = new Date(a).toISOString();
  const sb = new Date(b).toISOString();
  const start = `${sa.slice(0, 10)} ${sa.slice(11, 16)}`;
  const end = sa.slice(0, 10) === sb.slice(0, 10) ? sb.slice(11, 16) : `${sb.slice(0, 10)} ${sb.slice(11, 16)}`;
  return `${start} -> ${end}`;
}
