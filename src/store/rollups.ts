// Derived stats tables, rebuilt at commit from the per-endpoint minute rows a run wrote: hourly and
// daily call roll-ups per endpoint, and the all-traffic tables (per minute, per user, latency, and
// their hourly roll-ups). Batches write only the minute rows; each derived row is then computed once
// per run in SQL instead of being upserted batch after batch.

import type { Db } from './db.js';

const HOUR = 60;

/** Every endpoint id, for range probes through each per-endpoint primary key (endpoint_id, minute, ...). */
const ENDPOINTS = `endpoint_id IN (SELECT id FROM endpoints)`;

/**
 * Recomputes every derived row for the whole hours and days that [firstTs, lastTs] touches. Rows
 * outside them are unchanged by the run (or were combined correctly by endpoint merges), so the
 * tables stay exact sums of the minute rows. Runs inside the run's transaction.
 */
export function rebuildRollups(db: Db, firstTs: number | null, lastTs: number | null): void {
  if (firstTs === null || lastTs === null) return;
  const h0 = Math.floor(firstTs / 60_000 / HOUR);
  const h1 = Math.floor(lastTs / 60_000 / HOUR);
  const d0 = Math.floor(h0 / 24);
  const d1 = Math.floor(h1 / 24);
  // Minutes of the touched hours, hours of the touched days.
  const m = [h0 * HOUR, (h1 + 1) * HOUR - 1];
  const h = [h0, h1];
  const dh = [d0 * 24, (d1 + 1) * 24 - 1];
  const d = [d0, d1];
  const run = (sql: string, ...args: number[]): void => void db.prepare(sql).run(...args);

  run(`DELETE FROM all_minute_stats WHERE minute BETWEEN ? AND ?`, ...m);
  run(
    `INSERT INTO all_minute_stats (minute, calls, s2xx, s3xx, s4xx, s5xx, s_other)
     SELECT minute, sum(calls), sum(s2xx), sum(s3xx), sum(s4xx), sum(s5xx), sum(s_other) FROM minute_stats
     WHERE minute BETWEEN ? AND ? GROUP BY minute`,
    ...m,
  );
  run(`DELETE FROM hour_stats WHERE hour BETWEEN ? AND ?`, ...h);
  run(
    `INSERT INTO hour_stats (endpoint_id, hour, calls)
     SELECT endpoint_id, minute / ${HOUR} AS hr, sum(calls) FROM minute_stats WHERE minute BETWEEN ? AND ? GROUP BY endpoint_id, hr`,
    ...m,
  );
  run(`DELETE FROM day_stats WHERE day BETWEEN ? AND ?`, ...d);
  run(
    `INSERT INTO day_stats (endpoint_id, day, calls)
     SELECT endpoint_id, hour / 24 AS dy, sum(calls) FROM hour_stats WHERE hour BETWEEN ? AND ? GROUP BY endpoint_id, dy`,
    ...dh,
  );

  run(`DELETE FROM user_hour WHERE ${ENDPOINTS} AND hour BETWEEN ? AND ?`, ...h);
  run(
    `INSERT INTO user_hour (endpoint_id, hour, user_id, calls)
     SELECT endpoint_id, minute / ${HOUR} AS hr, user_id, sum(calls) FROM user_minute
     WHERE ${ENDPOINTS} AND minute BETWEEN ? AND ? GROUP BY endpoint_id, hr, user_id`,
    ...m,
  );
  run(`DELETE FROM all_user_minute WHERE minute BETWEEN ? AND ?`, ...m);
  run(
    `INSERT INTO all_user_minute (minute, user_id, calls)
     SELECT minute, user_id, sum(calls) FROM user_minute WHERE ${ENDPOINTS} AND minute BETWEEN ? AND ? GROUP BY minute, user_id`,
    ...m,
  );
  run(`DELETE FROM all_user_hour WHERE hour BETWEEN ? AND ?`, ...h);
  run(
    `INSERT INTO all_user_hour (hour, user_id, calls)
     SELECT minute / ${HOUR} AS hr, user_id, sum(calls) FROM all_user_minute WHERE minute BETWEEN ? AND ? GROUP BY hr, user_id`,
    ...m,
  );

  run(`DELETE FROM all_latency_minute WHERE minute BETWEEN ? AND ?`, ...m);
  run(
    `INSERT INTO all_latency_minute (minute, bucket, calls)
     SELECT minute, bucket, sum(calls) FROM latency_minute WHERE ${ENDPOINTS} AND minute BETWEEN ? AND ? GROUP BY minute, bucket`,
    ...m,
  );
  run(`DELETE FROM all_latency_hour WHERE hour BETWEEN ? AND ?`, ...h);
  run(
    `INSERT INTO all_latency_hour (hour, bucket, calls)
     SELECT minute / ${HOUR} AS hr, bucket, sum(calls) FROM all_latency_minute WHERE minute BETWEEN ? AND ? GROUP BY hr, bucket`,
    ...m,
  );
}
