// The stats read model for one endpoint, one host or all traffic over a window, from the per-minute
// rows that `analyze` stored; captures are never re-read.

import type { RangeName, StatsView } from '../model/stats.js';
import type { Db } from '../store/db.js';
import { busiestRows, latencyRows, minuteRows, trafficSpan, userRows, type StatsScope } from '../store/queries.js';
import { resolveEndpoint, resolveHost } from './resolve-endpoint.js';
import { BUSIEST_ENDPOINTS, buildStatsView, windowFor } from './stats-window.js';

export interface StatsRequest {
  method?: string;
  path?: string;
  /** With METHOD PATH: picks the endpoint's host; without: restricts all-traffic stats to this host. */
  host?: string;
  range: RangeName;
  /** Window end (epoch ms); default: the latest traffic of the endpoint (or of all traffic). */
  until?: number;
  /** The clock, for the default window of an inventory with no traffic at all (epoch ms). */
  now?: number;
}

/** The stats view plus the host the all-traffic view was restricted to (null: every host, or one endpoint). */
export type ScopedStatsView = StatsView & { host: string | null };

export function loadStats(db: Db, req: StatsRequest): ScopedStatsView {
  const e = req.method && req.path ? resolveEndpoint(db, req.method, req.path, req.host) : null;
  const host = e === null ? (resolveHost(db, req.host) ?? null) : null;
  const id = e ? e.id : null;
  const scope: StatsScope = host !== null ? { host } : id;
  const span = trafficSpan(db, scope);
  const defaultUntil = req.until === undefined;
  // No traffic recorded at all: the window ends now rather than at the epoch (1970).
  const untilMs = req.until ?? span?.last ?? req.now ?? Date.now();
  const w = windowFor(req.range, untilMs, { includeUntil: defaultUntil && span !== null });
  const view = buildStatsView({
    endpoint: e ? { host: e.host, method: e.method, path: e.path } : null,
    range: req.range,
    from: w.from,
    until: w.until,
    bucketSeconds: w.bucketSeconds,
    minutes: minuteRows(db, scope, w.fromMinute, w.untilMinute),
    users: userRows(db, scope, w.fromMinute, w.untilMinute),
    latency: latencyRows(db, scope, w.fromMinute, w.untilMinute),
    busiest: id === null ? busiestRows(db, w.fromMinute, w.untilMinute, BUSIEST_ENDPOINTS, host ?? undefined) : [],
    trafficSpan: span,
    host,
  });
  return { ...view, host };
}
