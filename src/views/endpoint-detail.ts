// The `show` read model: one endpoint in full (template explanation, parameters by location, auth,
// JWT facts, sensitive findings, the redacted sample), assembled from store rows.

import type { ParamLocation, PathParam, Sample, ValueType } from '../model/facts.js';
import { MAX_PATH_VALUES } from '../model/batch.js';
import { isStandardHeaderAt } from '../model/standard-headers.js';
import type { Db } from '../store/db.js';
import { authRows, jwtRows, paramRows, pathValueRows, sampleFor, sensitiveRows, type EndpointRow } from '../store/queries.js';
import { iso, loadInventory } from './inventory.js';
import { resolveEndpoint } from './resolve-endpoint.js';
import { loadAuthView } from './auth-view.js';
import { ancestorPaths } from '../model/container-params.js';

export interface PathParamDetail {
  name: string;
  /** Segment class that made it a parameter ('integer', 'uuid', 'string' ...). */
  type: string;
  /** Distinct concrete values remembered (masked when sensitive); at most MAX_PATH_VALUES are kept. */
  distinctValues: number;
  valuesCapped: boolean;
  values: { value: string; calls: number }[];
  /** Why this segment is a parameter. */
  why: string;
}

export interface ParamDetail {
  location: ParamLocation;
  /** Response status for response parameters, null for request parameters. */
  status: string | null;
  name: string;
  types: ValueType[];
  /** Present in every call (every call with that status, for response parameters). */
  required: boolean;
  sensitiveTypes: string[];
  calls: number;
  firstSeen: string | null;
  /** A standard HTTP header (Accept, User-Agent ...): listed, but not part of the API's own surface. */
  standardHeader: boolean;
}

export interface JwtDetail {
  alg: string;
  iss: string | null;
  calls: number;
  expiredCalls: number;
  /** 0..1 share of these tokens that had expired at call time. */
  expiredShare: number;
  /** `alg: none`: the token is unsigned, so anyone can forge it. */
  algNone: boolean;
}

export interface SensitiveDetail {
  location: string;
  param: string;
  type: string;
  calls: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface EndpointDetail {
  host: string;
  method: string;
  path: string;
  calls: number;
  /** Of `calls`, those over cleartext (an `http` or `ws` URL, no TLS); 0 for calls analyzed before this was counted. */
  cleartextCalls: number;
  firstSeen: string | null;
  lastSeen: string | null;
  statusCodes: Record<string, number>;
  /** Request body media types with their calls (empty when none were recorded). */
  requestMediaTypes: Record<string, number>;
  /** Response body media types per status code, with their calls. */
  responseMediaTypes: Record<string, Record<string, number>>;
  accessType: string;
  riskScore: number;
  tags: string[];
  /** Set when sibling paths were merged into this template; the analyzer's evidence. */
  mergeReason: string | null;
  pathParams: PathParamDetail[];
  params: ParamDetail[];
  auth: { scheme: string; calls: number; okCalls: number }[];
  unauthenticatedSuccess: boolean;
  /** Why `auth` flags this endpoint as reachable without auth where it should not be; null when it does not. */
  exposure: string | null;
  oauthTokenEndpoint: boolean;
  jwt: JwtDetail[];
  sensitive: SensitiveDetail[];
  sample: Sample | null;
}

/** Why a segment of this class is a parameter when no merge evidence was recorded. */
const WHY_BY_TYPE: Readonly<Record<string, string>> = {
  integer: 'integer segment templated on sight',
  uuid: 'UUID segment templated on sight',
  'object-id': 'object-id (24 hex digits) segment templated on sight',
  hex: 'hex hash/token segment templated on sight',
  ulid: 'ULID segment templated on sight',
  date: 'date segment templated on sight',
  email: 'email-address segment templated on sight',
  base64url: 'base64url token segment templated on sight',
  'alnum-id': 'random-looking id segment templated on sight',
  string: 'placeholder in the capture (`:id`, `{id}`) or a configured template (templates.force)',
  path: 'rest-of-path parameter from a configured template (templates.force)',
  locale: 'locale segment merged from sibling paths',
};

/** Parameters in the order a reader follows a call: request parts, then response parts. */
const LOCATION_ORDER: readonly ParamLocation[] = [
  'request.path',
  'request.query',
  'request.header',
  'request.cookie',
  'request.body',
  'response.body',
  'response.header',
];

export function pathParamWhy(p: PathParam, mergeReason: string | null): string {
  if (mergeReason && (p.type === 'string' || p.type === 'locale' || p.type === 'unknown')) return `merged from sibling paths: ${mergeReason}`;
  if (p.type.includes('|')) return `${p.type.split('|').join(', ')} segments, each templated on sight`;
  return WHY_BY_TYPE[p.type] ?? `${p.type} segment`;
}

function pathParamDetails(db: Db, e: EndpointRow): PathParamDetail[] {
  const byParam = new Map<string, { value: string; calls: number }[]>();
  for (const r of pathValueRows(db, e.id)) {
    let l = byParam.get(r.param);
    if (!l) byParam.set(r.param, (l = []));
    l.push({ value: r.value, calls: r.calls });
  }
  return e.pathParams.map((p) => {
    const values = byParam.get(p.name) ?? [];
    return {
      name: p.name,
      type: p.type,
      distinctValues: values.length,
      valuesCapped: values.length >= MAX_PATH_VALUES,
      values,
      why: pathParamWhy(p, e.mergeReason),
    };
  });
}

function jwtDetails(rows: { alg: string; iss: string; expired: number; calls: number }[]): JwtDetail[] {
  const m = new Map<string, JwtDetail>();
  for (const r of rows) {
    const k = `${r.alg}\u0000${r.iss}`;
    let d = m.get(k);
    if (!d) m.set(k, (d = { alg: r.alg, iss: r.iss || null, calls: 0, expiredCalls: 0, expiredShare: 0, algNone: r.alg.toLowerCase() === 'none' }));
    d.calls += r.calls;
    if (r.expired) d.expiredCalls += r.calls;
  }
  const list = [...m.values()].map((d) => ({ ...d, expiredShare: d.calls ? d.expiredCalls / d.calls : 0 }));
  return list.sort((a, b) => b.calls - a.calls || a.alg.localeCompare(b.alg) || (a.iss ?? '').localeCompare(b.iss ?? ''));
}

function paramKey(location: string, status: number | string | undefined, name: string): string {
  return `${location}\u0000${status ?? -1}\u0000${name}`;
}

/** METHOD PATH [--host] -> the endpoint in full; throws UsageError (with close matches) when absent. */
export function loadEndpointDetail(db: Db, method: string, path: string, host?: string): EndpointDetail {
  const row = resolveEndpoint(db, method, path, host);
  const inv = loadInventory(db, { id: row.id }).endpoints[0];
  if (!inv) throw new Error(`endpoint ${row.id} vanished while reading`);
  const rawParams = new Map(paramRows(db, row.id).map((p) => [paramKey(p.location, p.status, p.name), p]));
  const order = (l: string): number => LOCATION_ORDER.indexOf(l as ParamLocation);
  // An object or array with members is implied by them (model/container-params.ts): only its members are listed.
  const withMembers = new Set<string>();
  for (const p of inv.params) for (const a of ancestorPaths(p.name)) withMembers.add(paramKey(p.location, p.status, a));
  const params: ParamDetail[] = inv.params
    .filter((p) => !(withMembers.has(paramKey(p.location, p.status, p.name)) && p.types.every((t) => t === 'object' || t === 'array')))
    .map((p) => {
      const raw = rawParams.get(paramKey(p.location, p.status, p.name));
      return {
        location: p.location,
        status: p.status ?? null,
        name: p.name,
        types: p.types,
        required: p.required,
        sensitiveTypes: p.sensitiveTypes,
        calls: raw?.calls ?? 0,
        firstSeen: iso(raw?.firstSeen ?? null),
        standardHeader: isStandardHeaderAt(p.location, p.name),
      };
    })
    .sort(
      (a, b) =>
        order(a.location) - order(b.location) ||
        Number(a.status ?? -1) - Number(b.status ?? -1) ||
        Number(a.standardHeader) - Number(b.standardHeader) ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
  const auth = authRows(db, row.id).map((a) => ({ scheme: a.scheme, calls: a.calls, okCalls: a.okCalls }));
  return {
    host: inv.host,
    method: inv.method,
    path: inv.path,
    calls: inv.calls,
    cleartextCalls: inv.cleartextCalls ?? 0,
    firstSeen: inv.firstSeen,
    lastSeen: inv.lastSeen,
    statusCodes: inv.statusCodes,
    requestMediaTypes: inv.requestMediaTypes ?? {},
    responseMediaTypes: inv.responseMediaTypes ?? {},
    accessType: inv.accessType,
    riskScore: inv.riskScore,
    tags: inv.tags,
    mergeReason: row.mergeReason,
    pathParams: pathParamDetails(db, row),
    params,
    auth: auth.sort((a, b) => b.calls - a.calls || a.scheme.localeCompare(b.scheme)),
    unauthenticatedSuccess: inv.unauthenticatedSuccess,
    // Judged as `auth` judges it (siblings, public-by-design paths), so the two commands agree.
    exposure: loadAuthView(db, { host: row.host }).endpoints.find((e) => e.method === row.method && e.path === inv.path)?.reason ?? null,
    oauthTokenEndpoint: inv.oauthTokenEndpoint,
    jwt: jwtDetails(jwtRows(db, row.id)),
    sensitive: sensitiveRows(db, row.id).map((s) => ({
      location: s.location,
      param: s.param,
      type: s.type,
      calls: s.calls,
      firstSeen: iso(s.firstSeen),
      lastSeen: iso(s.lastSeen),
    })),
    sample: sampleFor(db, row.id),
  };
}
