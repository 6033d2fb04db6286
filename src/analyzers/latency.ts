// Latency as a log-scale histogram bucket (~10% resolution), so the store can keep one small
// counter per bucket and percentiles can be read back without storing every duration.

import type { LatencyRow } from '../model/stats.js';

/** Bucket b holds durations whose log base 1.1 of (ms + 1) rounds to b. */
const BASE = 1.1;
const INV_LOG_BASE = 1 / Math.log(BASE);
export const MAX_LATENCY_BUCKET = 255;

/** Bucket for a duration; negative or non-finite durations land in bucket 0, huge ones in 255. */
export function latencyBucket(ms: number): number {
  if (!(ms > 0)) return 0; // also catches NaN
  const b = Math.round(Math.log(ms + 1) * INV_LOG_BASE);
  return b > MAX_LATENCY_BUCKET ? MAX_LATENCY_BUCKET : b;
}

/** The duration a bucket stands for: the inverse of latencyBucket at the bucket's centre (log scale). */
export function bucketMidMs(bucket: number): number {
  const b = bucket < 0 ? 0 : bucket > MAX_LATENCY_BUCKET ? MAX_LATENCY_BUCKET : bucket;
  return BASE ** b - 1;
}

/**
 * Nearest-rank percentile (p in 0..100) of the durations summarized by the bucket counts;
 * null when there are none. Rows may come in any order and repeat a bucket.
 */
export function percentileFromBuckets(rows: readonly LatencyRow[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const counts = new Map<number, number>();
  let total = 0;
  for (const r of rows) {
    if (!(r.count > 0)) continue;
    counts.set(r.bucket, (counts.get(r.bucket) ?? 0) + r.count);
    total += r.count;
  }
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  const buckets = [...counts.keys()].sort((a, b) => a - b);
  let seen = 0;
  for (const b of buckets) {
    seen += counts.get(b) ?? 0;
    if (seen >= rank) return bucketMidMs(b);
  }
  // Unreachable: rank <= total; kept so the function always returns a bucket.
  return bucketMidMs(buckets[buckets.length - 1] ?? 0);
}
