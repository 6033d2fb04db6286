// Builds the InventoryDoc read model from store rows: one document for `endpoints`, `export
// --inventory`, `diff`, OpenAPI export and spec-diff.

import { INVENTORY_SCHEMA_VERSION, type InventoryDoc, type InventoryEndpoint, type InventoryParam } from '../model/inventory.js';
import type { ParamLocation } from '../model/facts.js';
import { accessType } from '../analyzers/access-type.js';
import type { Db } from '../store/db.js';
import {
  authRows,
  endpointRows,
  hostSchemes,
  mediaTypeRows,
  paramRows,
  sensitiveRows,
  statusRows,
  type EndpointFilter,
  type EndpointRow,
  type MediaTypeRow,
  type ParamRow,
} from '../store/queries.js';

/** Sensitive types whose presence in a response raises risk most (personal or secret data). */
export const HIGH_RISK_TYPES: ReadonlySet<string> = new Set([
  'credit-card', 'card-security-code', 'ssn', 'iban', 'password', 'password-hash', 'private-key', 'aws-secret-key', 'aws-access-key-id',
  'db-connection-string', 'jwt', 'secret', 'passport-number', 'national-id', 'bank-account', 'driver-license', 'github-token', 'gitlab-token', 'slack-token',
  'stripe-key', 'google-api-key', 'npm-token', 'sendgrid-key', 'openai-key',
]);

export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function groupBy<T extends { endpointId: number }>(rows: T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    let l = m.get(r.endpointId);
    if (!l) m.set(r.endpointId, (l = []));
    l.push(r);
  }
  return m;
}

/** 0..10: sensitive data in responses and requests, reachability without auth, public exposure. */
export function riskScore(e: Pick<InventoryEndpoint, 'unauthenticatedSuccess' | 'accessType' | 'authTypes'>, sensitive: { location: string; type: string }[]): number {
  let score = 0;
  const resp = sensitive.filter((s) => s.location.startsWith('response.'));
  const req = sensitive.filter((s) => s.location.startsWith('request.'));
  if (resp.length > 0) score += 2 + (resp.some((s) => HIGH_RISK_TYPES.has(s.type)) ? 2 : 0);
  if (req.length > 0) score += 1;
  if (e.unauthenticatedSuccess) score += 3;
  else if (e.authTypes.length === 1 && e.authTypes[0] === 'none') score += 1;
  if (e.accessType === 'public') score += 1;
  return Math.min(10, score);
}

/** Media type rows (in media type order) as `requestMediaTypes` and `responseMediaTypes` per status code. */
export function mediaTypesOf(rows: readonly Pick<MediaTypeRow, 'location' | 'status' | 'mediaType' | 'calls'>[]): Pick<
  InventoryEndpoint,
  'requestMediaTypes' | 'responseMediaTypes'
> {
  const requestMediaTypes: Record<string, number> = {};
  const responseMediaTypes: Record<string, Record<string, number>> = {};
  for (const m of rows) {
    if (m.location === 'request.body') requestMediaTypes[m.mediaType] = m.calls;
    else if (m.status >= 0) (responseMediaTypes[String(m.status)] ??= {})[m.mediaType] = m.calls;
  }
  return { requestMediaTypes, responseMediaTypes };
}

function toEndpoint(
  r: EndpointRow,
  statuses: { status: number; calls: number }[],
  media: MediaTypeRow[],
  auth: { scheme: string; calls: number; okCalls: number }[],
  sensitive: { location: string; param: string; type: string }[],
  params: { location: string; status: number; name: string; types: string[]; calls: number }[],
): InventoryEndpoint {
  const statusCodes: Record<string, number> = {};
  const byStatus = new Map<number, number>();
  for (const s of statuses) {
    byStatus.set(s.status, s.calls);
    if (s.status >= 0) statusCodes[String(s.status)] = s.calls;
  }
  const sensByParam = new Map<string, Set<string>>();
  for (const s of sensitive) {
    const k = `${s.location}\u0000${s.param}`;
    let set = sensByParam.get(k);
    if (!set) sensByParam.set(k, (set = new Set()));
    set.add(s.type);
  }
  const outParams: InventoryParam[] = params.map((p) => {
    const denom = p.status >= 0 ? (byStatus.get(p.status) ?? r.calls) : r.calls;
    const ip: InventoryParam = {
      location: p.location as ParamLocation,
      name: p.name,
      types: [...p.types].sort() as InventoryParam['types'],
      required: p.calls >= denom,
      sensitiveTypes: [...(sensByParam.get(`${p.location}\u0000${p.name}`) ?? [])].sort(),
    };
    if (p.status >= 0) ip.status = String(p.status);
    return ip;
  });
  const authTypes = auth.map((a) => a.scheme).sort();
  const none = auth.find((a) => a.scheme === 'none');
  const e: InventoryEndpoint = {
    host: r.host,
    method: r.method,
    path: r.path,
    pathParams: r.pathParams,
    calls: r.calls,
    cleartextCalls: r.cleartextCalls,
    statusCodes,
    ...mediaTypesOf(media),
    firstSeen: iso(r.firstSeen),
    lastSeen: iso(r.lastSeen),
    authTypes,
    auth: auth.map((a) => ({ scheme: a.scheme, calls: a.calls })).sort((a, b) => a.scheme.localeCompare(b.scheme)),
    unauthenticatedSuccess: (none?.okCalls ?? 0) > 0,
    oauthTokenEndpoint: r.oauthToken,
    sensitiveTypes: [...new Set(sensitive.map((s) => s.type))].sort(),
    accessType: accessType(r.publicCalls, r.privateCalls),
    riskScore: 0,
    params: outParams,
    tags: r.tags,
  };
  e.riskScore = riskScore(e, sensitive);
  return e;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortEndpoints<T extends { host: string; path: string; method: string }>(list: T[]): T[] {
  return list.sort((a, b) => cmp(a.host, b.host) || cmp(a.path, b.path) || cmp(a.method, b.method));
}

/**
 * The whole inventory (or a filtered part) as one document. `params: false` leaves every endpoint's
 * `params` empty, for views that show none (the `endpoints` listing): they are most of the rows.
 */
export function loadInventory(db: Db, filter: EndpointFilter = {}, opts: { params?: boolean } = {}): InventoryDoc {
  const rows = endpointRows(db, filter);
  const one = filter.id;
  const statuses = groupBy(statusRows(db, one));
  const media = groupBy(mediaTypeRows(db, one));
  const auth = groupBy(authRows(db, one));
  const sens = groupBy(sensitiveRows(db, one));
  const params = opts.params === false ? new Map<number, ParamRow[]>() : groupBy(paramRows(db, one));
  const endpoints = rows.map((r) => toEndpoint(r, statuses.get(r.id) ?? [], media.get(r.id) ?? [], auth.get(r.id) ?? [], sens.get(r.id) ?? [], params.get(r.id) ?? []));
  return { schemaVersion: INVENTORY_SCHEMA_VERSION, kind: 'akto-rt/inventory', endpoints: sortEndpoints(endpoints) };
}

/** Per host, the URL schemes it was called with (https first), for an exported spec's servers. */
export function loadHostSchemes(db: Db, host?: string): Map<string, string[]> {
  return hostSchemes(db, host);
}
