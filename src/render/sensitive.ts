// `sensitive`: findings grouped by data type (or by endpoint) with counts and first/last seen;
// JSON and CSV flat, per the contract. There are no values to print: the store keeps none.

import type { SensitiveFindingRow, SensitiveView } from '../views/sensitive-view.js';
import { counted, csvTable, formatNumber, markdownTable, shortTime, textTable } from './table.js';
import { toJson, type Renderer, type RenderOptions } from './types.js';

export const SENSITIVE_FORMATS = ['table', 'json', 'markdown', 'csv'] as const;
export type SensitiveFormat = (typeof SENSITIVE_FORMATS)[number];

export const SENSITIVE_GROUPINGS = ['type', 'endpoint'] as const;
export type SensitiveGrouping = (typeof SENSITIVE_GROUPINGS)[number];

/** Renderers take the grouping with the view, so the registry keeps one signature. */
export interface SensitiveRenderInput {
  view: SensitiveView;
  groupBy: SensitiveGrouping;
}

const COLS = {
  endpoint: 'Endpoint',
  location: 'Location',
  param: 'Param',
  type: 'Type',
  count: 'Calls',
  first: 'First seen',
  last: 'Last seen',
} as const;

function endpointOf(f: SensitiveFindingRow): string {
  return `${f.method} ${f.host}${f.path}`;
}

function groups(v: SensitiveView, by: SensitiveGrouping): { title: string; head: string[]; rows: string[][] }[] {
  const m = new Map<string, SensitiveFindingRow[]>();
  for (const f of v.findings) {
    const k = by === 'type' ? f.type : endpointOf(f);
    let l = m.get(k);
    if (!l) m.set(k, (l = []));
    l.push(f);
  }
  // Endpoints keep the view's host/path/method order; types go busiest first.
  const keys = [...m.keys()];
  if (by === 'type') keys.sort((a, b) => m.get(b)!.length - m.get(a)!.length || (a < b ? -1 : a > b ? 1 : 0));
  return keys.map((k) => {
    const list = m.get(k)!;
    // Calls are per finding (one call may carry several): a sum would count calls again, so a type says
    // on how many endpoints it was found instead.
    const findings = `${formatNumber(list.length)} finding${list.length === 1 ? '' : 's'}`;
    const endpoints = by === 'type' ? new Set(list.map(endpointOf)).size : 0;
    const title = by === 'type' ? `${k} (${findings} on ${formatNumber(endpoints)} endpoint${endpoints === 1 ? '' : 's'})` : `${k} (${findings})`;
    if (by === 'type') {
      return {
        title,
        head: [COLS.endpoint, COLS.location, COLS.param, COLS.count, COLS.first, COLS.last],
        rows: list.map((f) => [endpointOf(f), f.location, f.param, formatNumber(f.count), shortTime(f.firstSeen), shortTime(f.lastSeen)]),
      };
    }
    return {
      title,
      head: [COLS.location, COLS.param, COLS.type, COLS.count, COLS.first, COLS.last],
      rows: list.map((f) => [f.location, f.param, f.type, formatNumber(f.count), shortTime(f.firstSeen), shortTime(f.lastSeen)]),
    };
  });
}

function emptyMessage(v: SensitiveView): string {
  return v.type ? `No sensitive data of type '${v.type}' found.` : 'No sensitive data found.';
}

function summary(v: SensitiveView): string {
  const types = new Set(v.findings.map((f) => f.type)).size;
  const endpoints = new Set(v.findings.map(endpointOf)).size;
  return `${counted(v.findings.length, 'finding')} of ${counted(types, 'type')} on ${counted(endpoints, 'endpoint')}`;
}

function heading(s: string, opts: RenderOptions): string {
  return opts.color ? `\x1b[1m${s}\x1b[0m` : s;
}

export const sensitiveRenderers: Record<SensitiveFormat, Renderer<SensitiveRenderInput>> = {
  table({ view, groupBy }, opts) {
    if (view.findings.length === 0) return `${emptyMessage(view)}\n`;
    let out = '';
    for (const g of groups(view, groupBy)) out += `${heading(g.title, opts)}\n${textTable(g.head, g.rows, opts, view.findings.length)}\n`;
    return out + summary(view) + '\n';
  },
  json({ view }) {
    return toJson({
      findings: view.findings.map((f) => ({
        host: f.host,
        method: f.method,
        path: f.path,
        location: f.location,
        param: f.param,
        type: f.type,
        count: f.count,
        firstSeen: f.firstSeen,
        lastSeen: f.lastSeen,
      })),
    });
  },
  markdown({ view, groupBy }) {
    if (view.findings.length === 0) return `_${emptyMessage(view)}_\n`;
    let out = '';
    for (const g of groups(view, groupBy)) out += `### ${g.title}\n\n${markdownTable(g.head, g.rows)}\n`;
    return out + summary(view) + '\n';
  },
  csv({ view }) {
    return csvTable(
      ['Host', 'Method', 'Path', 'Location', 'Param', 'Type', 'Count', 'FirstSeen', 'LastSeen'],
      view.findings.map((f) => [f.host, f.method, f.path, f.location, f.param, f.type, String(f.count), f.firstSeen ?? '', f.lastSeen ?? '']),
    );
  },
};
