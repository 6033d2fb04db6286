// The `sensitive` read model: every sensitive-data finding (endpoint, location, parameter, type,
// count, traffic first/last seen). Findings hold no values: only where and what kind.

import type { Db } from '../store/db.js';
import { endpointRows, sensitiveRows } from '../store/queries.js';
import { iso } from './inventory.js';

export interface SensitiveFindingRow {
  host: string;
  method: string;
  path: string;
  location: string;
  /** JSON path for bodies (`$.items[*].email`), the name for headers, query and cookies. */
  param: string;
  type: string;
  /** Calls in which it was seen. */
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface SensitiveView {
  findings: SensitiveFindingRow[];
  /** The --type filter, echoed for messages. */
  type: string | null;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function loadSensitiveView(db: Db, filter: { host?: string; type?: string } = {}): SensitiveView {
  const endpoints = new Map(endpointRows(db, filter.host ? { host: filter.host } : {}).map((e) => [e.id, e]));
  const type = filter.type?.toLowerCase() ?? null;
  const findings: SensitiveFindingRow[] = [];
  for (const s of sensitiveRows(db)) {
    const e = endpoints.get(s.endpointId);
    if (!e || (type !== null && s.type !== type)) continue;
    findings.push({
      host: e.host,
      method: e.method,
      path: e.path,
      location: s.location,
      param: s.param,
      type: s.type,
      count: s.calls,
      firstSeen: iso(s.firstSeen),
      lastSeen: iso(s.lastSeen),
    });
  }
  findings.sort(
    (a, b) =>
      cmp(a.host, b.host) || cmp(a.path, b.path) || cmp(a.method, b.method) || cmp(a.location, b.location) || cmp(a.param, b.param) || cmp(a.type, b.type),
  );
  return { findings, type };
}
