// Rows the store returns for stats windows, and the read model the stats renderer draws.

import type { MinuteAgg } from './batch.js';

export const RANGES = ['15m', '30m', '1h', '3h', '6h', '12h', '1d', '7d'] as const;
export type RangeName = (typeof RANGES)[number];

/** Calls in one minute (epoch minute = floor(ms / 60000)), by status class as aggregated. */
export interface MinuteRow extends MinuteAgg {
  minute: number;
}

export interface UserCallsRow {
  user: string;
  kind: string;
  calls: number;
}

/** Latency histogram row: `bucket` is latencyBucket(ms) (see analyzers/latency.ts). */
export interface LatencyRow {
  bucket: number;
  count: number;
}

export interface StatsView {
  endpoint: { host: string; method: string; path: string } | null;
  range: RangeName;
  from: number;
  until: number;
  bucketSeconds: number;
  series: { start: number; count: number }[];
  totalCalls: number;
  /** Distinct callers identified by credentials or client IP; calls with neither are unidentifiedCalls. */
  users: number;
  /** Calls that carried neither credentials nor a client IP: not a user, so left out of users, distribution and topUsers. */
  unidentifiedCalls: number;
  statusClasses: { '2xx': number; '3xx': number; '4xx': number; '5xx': number; other: number };
  p50Ms: number | null;
  p95Ms: number | null;
  distribution: { minCalls: number; maxCalls: number | null; users: number }[];
  topUsers: { user: string; kind: string; calls: number }[];
  /** Only for all-traffic stats (no endpoint given). */
  busiest: { host: string; method: string; path: string; calls: number }[];
  /** Set when the window holds no traffic: where the traffic actually lies. */
  hint: string | null;
}
