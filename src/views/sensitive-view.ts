// The `sensitive` read model: every sensitive-data finding (endpoint, location, parameter, type,
// count, traffic first/last seen). Findings hold no values: only where and what kind.

import { DISABLE_IDS } from '../config.js';
import { UsageError } from '../errors.js';
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
  const type = filter.type?.trim().toLowerCase() ?? null;
  const rows = sensitiveRows(db);
  // A type that is neither built in nor found (custom types count once found) is a typo, not an empty answer.
  if (type !== null && !DISABLE_IDS.includes(type) && !rows.some((s) => s.type.toLowerCase() === type)) {
    const found = [...new Set(rows.map((s) => s.type))].filter((t) => !DISABLE_IDS.includes(t)).sort();
    throw new UsageError(
      `unknown sensitive type '${filter.type}'; built-in types: ${[...DISABLE_IDS].sort().join(', ')}${found.length ? `; custom types found: ${found.join(', ')}` : ''}`,
    );
  }
  const findings: SensitiveFindingRow[] = [];
  for (const s of rows) {
    const e = endpoints.get(s.endpointId);
    if (!e || (type !== null && s.type.toLowerCase() !== type)) continue;
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
