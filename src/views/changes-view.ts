// The `changes` read model: what the latest run (or the runs since a run id or a duration) brought,
// from the change rows recorded at commit, plus endpoints the latest run did not see.

import { UsageError } from '../errors.js';
import { typesFromMask } from '../model/value-types.js';
import type { Db } from '../store/db.js';
import { changeRows, endpointRows, runRows, type RunRow } from '../store/queries.js';
import { iso } from './inventory.js';

export interface ChangeRun {
  id: number;
  label: string | null;
  startedAt: string;
  calls: number;
}

export interface ChangeItem {
  run: number;
  kind: string;
  host: string;
  method: string;
  path: string;
  detail: string;
  /** Traffic time the changed thing was first seen (ISO UTC); for not-seen, the endpoint's. */
  firstSeen: string | null;
}

export interface ChangesView {
  /** The runs covered, oldest first; empty when none match. */
  runs: ChangeRun[];
  changes: ChangeItem[];
  /** Runs in the inventory at all (0: nothing analyzed yet). */
  totalRuns: number;
  /** What was asked for, for messages: 'the latest run', 'runs since 3', 'the last 7d'. */
  scope: string;
}

/** Display order of kinds within a run: additions first, the absence of traffic last. */
export const CHANGE_KINDS: readonly string[] = [
  'endpoint-added',
  'param-added',
  'param-type-changed',
  'status-added',
  'media-type-added',
  'auth-changed',
  'auth-removed',
  'sensitive-added',
  'not-seen',
];

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export type Since = { kind: 'latest' } | { kind: 'run'; id: number } | { kind: 'duration'; ms: number; text: string };

/** `--since`: a run id (a whole number) or a duration such as 30m, 12h, 7d, 2w. */
export function parseSince(s: string | undefined): Since {
  if (s === undefined) return { kind: 'latest' };
  const t = s.trim().toLowerCase();
  if (/^\d+$/.test(t)) {
    if (!Number.isSafeInteger(Number(t))) throw new UsageError(`--since: no run ${t} (run ids are small whole numbers; \`akto-rt changes --since 1\` lists every run)`, true);
    return { kind: 'run', id: Number(t) };
  }
  const m = /^(\d+)\s*([mhdw])$/.exec(t);
  if (m && Number(m[1]) > 0) return { kind: 'duration', ms: Number(m[1]) * UNIT_MS[m[2]!]!, text: `${m[1]}${m[2]}` };
  throw new UsageError(`--since takes a run id (e.g. 3) or a duration (e.g. 12h, 7d, 2w), got '${s}'`, true);
}

/** `response.body $.x (200): types 1 -> 3` -> `... types string -> integer|string`: masks as type names. */
export function describeTypeChange(detail: string): string {
  const m = /^(.*): types (\d+) -> (\d+)$/.exec(detail);
  if (!m) return detail;
  const names = (mask: string): string => typesFromMask(Number(mask)).join('|') || 'none';
  return `${m[1]}: types ${names(m[2]!)} -> ${names(m[3]!)}`;
}

function selectRuns(runs: RunRow[], since: Since, nowMs: number): { selected: RunRow[]; scope: string } {
  const latest = runs[runs.length - 1]!;
  switch (since.kind) {
    case 'latest':
      return { selected: [latest], scope: `the latest run (${latest.id})` };
    case 'run': {
      if (!runs.some((r) => r.id === since.id)) {
        throw new UsageError(`no run ${since.id} in the inventory; run ids go from ${runs[0]!.id} to ${latest.id}`);
      }
      return { selected: runs.filter((r) => r.id >= since.id), scope: `runs ${since.id} to ${latest.id}` };
    }
    case 'duration': {
      const from = nowMs - since.ms;
      return { selected: runs.filter((r) => Date.parse(r.startedAt) >= from), scope: `runs started in the last ${since.text}` };
    }
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function kindRank(kind: string): number {
  const i = CHANGE_KINDS.indexOf(kind);
  return i < 0 ? CHANGE_KINDS.length : i;
}

/** `host`: only that host's changes (the runs listed stay all selected runs). */
export function loadChangesView(db: Db, sinceText: string | undefined, nowMs: number, host?: string): ChangesView {
  const since = parseSince(sinceText);
  const runs = runRows(db);
  if (runs.length === 0) return { runs: [], changes: [], totalRuns: 0, scope: 'no runs' };
  const { selected, scope } = selectRuns(runs, since, nowMs);
  const view: ChangesView = {
    runs: selected.map((r) => ({ id: r.id, label: r.label, startedAt: r.startedAt, calls: r.calls })),
    changes: [],
    totalRuns: runs.length,
    scope,
  };
  if (selected.length === 0) return view;
  const latest = runs[runs.length - 1]!.id;
  const changes: ChangeItem[] = changeRows(db, selected[0]!.id).map((c) => ({
    run: c.runId,
    kind: c.kind,
    host: c.host,
    method: c.method,
    path: c.path,
    detail: c.kind === 'param-type-changed' ? describeTypeChange(c.detail) : c.detail,
    firstSeen: iso(c.firstSeen),
  }));
  if (selected.some((r) => r.id === latest)) {
    for (const e of endpointRows(db)) {
      if (e.lastRun >= latest) continue;
      changes.push({
        run: latest,
        kind: 'not-seen',
        host: e.host,
        method: e.method,
        path: e.path,
        detail: `not seen in run ${latest}; last seen in run ${e.lastRun}${e.lastSeen === null ? '' : ` (traffic ${iso(e.lastSeen)})`}`,
        firstSeen: iso(e.firstSeen),
      });
    }
  }
  view.changes = (host === undefined ? changes : changes.filter((c) => c.host === host)).sort(
    (a, b) => a.run - b.run || kindRank(a.kind) - kindRank(b.kind) || cmp(a.host, b.host) || cmp(a.path, b.path) || cmp(a.method, b.method) || cmp(a.detail, b.detail),
  );
  return view;
}
