// The stats read model for one endpoint (or all traffic) over a window, from the per-minute rows
// that `analyze` stored; captures are never re-read.

import type { RangeName, StatsView } from '../model/stats.js';
import type { Db } from '../store/db.js';
import { busiestRows, latencyRows, minuteRows, trafficSpan, userRows } from '../store/queries.js';
import { resolveEndpoint } from './resolve-endpoint.js';
import { BUSIEST_ENDPOINTS, buildStatsView, windowFor } from './stats-window.js';

export interface StatsRequest {
  method?: string;
  path?: string;
  host?: string;
  range: RangeName;
  /** Window end (epoch ms); default: the latest traffic of the endpoint (or of all traffic). */
  until?: number;
}

export function loadStats(db: Db, req: StatsRequest): StatsView {
  const e = req.method && req.path ? resolveEndpoint(db, req.method, req.path, req.host) : null;
  const id = e ? e.id : null;
  const span = trafficSpan(db, id);
  const defaultUntil = req.until === undefined;
  const untilMs = req.until ?? span?.last ?? 0;
  const w = windowFor(req.range, untilMs, { includeUntil: defaultUntil });
  return buildStatsView({
    endpoint: e ? { host: e.host, method: e.method, path: e.path } : null,
    range: req.range,
    from: w.from,
    until: w.until,
    bucketSeconds: w.bucketSeconds,
    minutes: minuteRows(db, id, w.fromMinute, w.untilMinute),
    users: userRows(db, id, w.fromMinute, w.untilMinute),
    latency: latencyRows(db, id, w.fromMinute, w.untilMinute),
    busiest: id === null ? busiestRows(db, w.fromMinute, w.untilMinute, BUSIEST_ENDPOINTS) : [],
    trafficSpan: span,
  });
}
