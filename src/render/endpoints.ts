// `endpoints`: the inventory as a table (grouped per host), JSON per the contract, markdown or CSV.

import type { InventoryDoc } from '../model/inventory.js';
import type { EndpointListing } from '../views/endpoint-filter.js';
import { csvTable, formatNumber, markdownTable, shortTime, statusSummary, textTable } from './table.js';
import { toJson, type Renderer } from './types.js';

export const ENDPOINT_FORMATS = ['table', 'json', 'markdown', 'csv'] as const;
export type EndpointFormat = (typeof ENDPOINT_FORMATS)[number];

const HEAD = ['Method', 'Path', 'Calls', 'Status codes', 'Auth', 'Sensitive', 'First seen', 'Last seen'];

function row(e: InventoryDoc['endpoints'][number]): string[] {
  return [
    e.method,
    e.path,
    formatNumber(e.calls),
    statusSummary(e.statusCodes) || '-',
    e.authTypes.join(', ') || '-',
    e.sensitiveTypes.join(', ') || '-',
    shortTime(e.firstSeen),
    shortTime(e.lastSeen),
  ];
}

function byHost(doc: InventoryDoc): Map<string, InventoryDoc['endpoints']> {
  const m = new Map<string, InventoryDoc['endpoints']>();
  for (const e of doc.endpoints) {
    let l = m.get(e.host);
    if (!l) m.set(e.host, (l = []));
    l.push(e);
  }
  return m;
}

function summary(doc: InventoryDoc): string {
  const hosts = new Set(doc.endpoints.map((e) => e.host)).size;
  const calls = doc.endpoints.reduce((a, e) => a + e.calls, 0);
  const n = (k: number, word: string): string => `${formatNumber(k)} ${word}${k === 1 ? '' : 's'}`;
  return `${n(doc.endpoints.length, 'endpoint')} on ${n(hosts, 'host')}, ${n(calls, 'call')}`;
}

/** Why the listing is empty: no inventory yet, or filters that match nothing in one. */
function noEndpoints(doc: EndpointListing): string {
  return doc.total === undefined || doc.total === 0
    ? 'No endpoints match. Run `akto-rt analyze FILE` to build the inventory.'
    : `No endpoints match these filters (the inventory has ${formatNumber(doc.total)} endpoint${doc.total === 1 ? '' : 's'}).`;
}

export const endpointRenderers: Record<EndpointFormat, Renderer<EndpointListing>> = {
  table(doc, opts) {
    if (doc.endpoints.length === 0) return `${noEndpoints(doc)}\n`;
    let out = '';
    for (const [host, list] of byHost(doc)) {
      out += `${opts.color ? `\x1b[1m${host}\x1b[0m` : host} (${list.length} endpoint${list.length === 1 ? '' : 's'})\n`;
      out += textTable(HEAD, list.map(row), opts, doc.endpoints.length);
      out += '\n';
    }
    return out + summary(doc) + '\n';
  },
  json(doc) {
    return toJson({
      endpoints: doc.endpoints.map((e) => ({
        host: e.host,
        method: e.method,
        path: e.path,
        calls: e.calls,
        cleartextCalls: e.cleartextCalls ?? 0,
        statusCodes: e.statusCodes,
        requestMediaTypes: e.requestMediaTypes ?? {},
        responseMediaTypes: e.responseMediaTypes ?? {},
        authTypes: e.authTypes,
        sensitiveTypes: e.sensitiveTypes,
        firstSeen: e.firstSeen,
        lastSeen: e.lastSeen,
        accessType: e.accessType,
        riskScore: e.riskScore,
        pathParams: e.pathParams,
        unauthenticatedSuccess: e.unauthenticatedSuccess,
        tags: e.tags,
      })),
    });
  },
  markdown(doc) {
    if (doc.endpoints.length === 0) return `_${noEndpoints(doc)}_\n`;
    let out = '';
    for (const [host, list] of byHost(doc)) out += `### ${host}\n\n${markdownTable(HEAD, list.map(row))}\n`;
    return out + `${summary(doc)}\n`;
  },
  // For machines, like the other commands' CSV: plain numbers, ISO 8601 times, lists joined by `, `
  // (`200:12, 404:1`; `auth` writes its schemes as `bearer-jwt:33, none:2`).
  csv(doc) {
    return csvTable(
      ['Host', 'Method', 'Path', 'Calls', 'StatusCodes', 'Auth', 'Sensitive', 'FirstSeen', 'LastSeen', 'AccessType', 'RiskScore'],
      doc.endpoints.map((e) => [
        e.host,
        e.method,
        e.path,
        String(e.calls),
        Object.entries(e.statusCodes).map(([code, n]) => `${code}:${n}`).join(', '),
        e.authTypes.join(', '),
        e.sensitiveTypes.join(', '),
        e.firstSeen ?? '',
        e.lastSeen ?? '',
        e.accessType,
        String(e.riskScore),
      ]),
    );
  },
};
