// The `auth` read model: auth schemes per endpoint, and which endpoints answer without credentials
// where they look like they should not (the exposure heuristics are the data tables below).

import type { Db } from '../store/db.js';
import { authRows, endpointRows, statusRows, type EndpointRow } from '../store/queries.js';
import { sortEndpoints } from './inventory.js';

export interface AuthEndpoint {
  host: string;
  method: string;
  path: string;
  calls: number;
  /** Schemes with their call counts, busiest first ('none' = calls without credentials). */
  schemes: { scheme: string; calls: number }[];
  /** Ever answered 2xx to a call without credentials. */
  unauthenticatedSuccess: boolean;
  /** How many calls without credentials were answered 2xx. */
  unauthenticatedOkCalls: number;
  /** Reachable without auth where the evidence says it should not be. */
  exposed: boolean;
  /** Why it is flagged; null when not exposed. */
  reason: string | null;
  oauthTokenEndpoint: boolean;
}

export interface AuthView {
  endpoints: AuthEndpoint[];
}

/** Sibling endpoints needed before a path prefix counts as protected. */
export const MIN_PROTECTED_SIBLINGS = 2;

/**
 * Health checks and discovery documents answer everyone, and the sign-in flow answers before there
 * are credentials: a 2xx without credentials there is by design even when other callers send some
 * (clients often attach their token to every request). Health words count in the last two segments
 * (`/health/live`, `/api/healthz`; `/health/v1/patients/{id}` is a health-care API), discovery
 * documents anywhere, sign-in words as the last segment (`/api/users/{id}/login` is a sign-in,
 * `/login/{id}/history` is not; `/payments/{id}/callback` is a provider's call), and `token` only on a
 * path without parameters (`/oauth/token` is the token endpoint, `/api/users/{id}/token` a user's API token).
 */
const HEALTH_SEGMENT: ReadonlySet<string> = new Set('health healthz healthcheck livez readyz ping'.split(' '));
const DISCOVERY_SEGMENT: ReadonlySet<string> = new Set('.well-known well-known robots.txt favicon.ico'.split(' '));
const PUBLIC_LAST_SEGMENT: ReadonlySet<string> = new Set('login logout signin signout signup register callback authorize jwks jwks.json'.split(' '));
const PUBLIC_LAST_SEGMENT_NO_PARAM: ReadonlySet<string> = new Set(['token']);

function segmentsOf(path: string): string[] {
  return path.split('#')[0]!.split('/').filter((s) => s !== '').map((s) => s.toLowerCase());
}

function isPublicWhoeverCalls(path: string): boolean {
  const segs = segmentsOf(path);
  const n = segs.length;
  if (n === 0) return false;
  if (segs.some((s) => DISCOVERY_SEGMENT.has(s))) return true;
  for (let i = Math.max(0, n - 2); i < n; i++) if (HEALTH_SEGMENT.has(segs[i]!)) return true;
  const last = segs[n - 1]!;
  return PUBLIC_LAST_SEGMENT.has(last) || (PUBLIC_LAST_SEGMENT_NO_PARAM.has(last) && !segs.some((s) => s.startsWith('{')));
}

/**
 * Endpoints public by design (sign-in flows, docs, service info), never flagged by prefix: the words
 * above where they count, docs anywhere, sign-in and identity-protocol words anywhere
 * (`/password/reset`, `/oauth2/v1/keys`, `/api/v1/auth/token/refresh`) unless an admin API follows
 * them (Keycloak's `/auth/admin/...`), and service-info words as the last segment of a path without
 * parameters, unless what it describes is a person's account (`/api/v1/status`, `/api/v1/health/db/status`;
 * not `/api/account/info`).
 */
const DOCS_ANYWHERE: ReadonlySet<string> = new Set('public docs swagger openapi'.split(' '));
const SIGN_IN_FLOW: ReadonlySet<string> = new Set('auth oauth oauth2 openid-connect oidc sso saml forgot reset verify confirm activate'.split(' '));
const SERVICE_INFO: ReadonlySet<string> = new Set('status version info metrics'.split(' '));
const PERSONAL_RESOURCE: ReadonlySet<string> = new Set('account accounts user users me profile profiles customer customers member members self'.split(' '));

function isPublicByDesign(path: string): boolean {
  if (isPublicWhoeverCalls(path)) return true;
  const segs = segmentsOf(path);
  const n = segs.length;
  if (n === 0) return false;
  if (segs.some((s) => DOCS_ANYWHERE.has(s))) return true;
  const signIn = segs.findIndex((s) => SIGN_IN_FLOW.has(s));
  if (signIn !== -1 && !segs.slice(signIn + 1).includes('admin')) return true;
  return SERVICE_INFO.has(segs[n - 1]!) && !segs.some((s) => s.startsWith('{') || PERSONAL_RESOURCE.has(s));
}

/** Statuses that refuse a call for want of credentials (407: a proxy's). */
const REFUSED = new Set([401, 403, 407]);

interface Policy {
  row: EndpointRow;
  schemes: { scheme: string; calls: number; okCalls: number }[];
  credentialed: number;
  noneOk: number;
  /** Calls answered 401/403/407, counted only when no call carried credentials (statuses are per endpoint, not per scheme). */
  refused: number;
}

/**
 * Evidence that the endpoint enforces auth: calls without credentials were never answered 2xx, and
 * either other calls carried credentials or the server refused the bare calls (401/403), as it does
 * to an unauthenticated crawl.
 */
function requiresAuth(p: Policy): boolean {
  return p.noneOk === 0 && (p.credentialed > 0 || p.refused > 0);
}

/** Answered 2xx without credentials. */
function isOpen(p: Policy): boolean {
  return p.noneOk > 0;
}

/** `/api/users/{id}` -> ['/api/users', '/api']: parent prefixes, nearest first, never the bare root. */
function parentPrefixes(path: string): string[] {
  const segs = path.split('#')[0]!.split('/');
  const out: string[] = [];
  for (let n = segs.length - 1; n >= 2; n--) out.push(segs.slice(0, n).join('/'));
  return out;
}

interface PrefixStats {
  /** Endpoints at or under the prefix that require auth. */
  protected: number;
  /** Endpoints at or under the prefix that answered 2xx without credentials. */
  open: number;
}

/** host + prefix -> stats over endpoints at or under it, built once so the check is linear in endpoints. */
function prefixStats(policies: Policy[]): Map<string, PrefixStats> {
  const m = new Map<string, PrefixStats>();
  for (const p of policies) {
    const base = p.row.path.split('#')[0]!;
    for (const prefix of [base, ...parentPrefixes(base)]) {
      const k = `${p.row.host}\u0000${prefix}`;
      let s = m.get(k);
      if (!s) m.set(k, (s = { protected: 0, open: 0 }));
      if (requiresAuth(p)) s.protected++;
      else if (isOpen(p)) s.open++;
    }
  }
  return m;
}

/**
 * The nearest parent prefix with other endpoints under it that show either way whether they need
 * auth, when those mostly require it (see the ratio below). Endpoints without evidence (only 404s,
 * say) do not count.
 */
function protectedPrefix(p: Policy, stats: Map<string, PrefixStats>): { prefix: string; siblings: number; open: number } | null {
  // `p` itself is counted under each of its prefixes, and it is open (it answered without credentials).
  for (const prefix of parentPrefixes(p.row.path)) {
    const s = stats.get(`${p.row.host}\u0000${prefix}`);
    const others = s ? s.protected + s.open - 1 : 0;
    if (others === 0) continue;
    // Other open endpoints there do not hide this one while they are few beside the protected ones
    // (two holes under /admin/ must not cover for each other): at most one for every three protected.
    const openOthers = s!.open - 1;
    return s!.protected >= MIN_PROTECTED_SIBLINGS && openOthers * 3 <= s!.protected ? { prefix, siblings: s!.protected, open: openOthers } : null;
  }
  return null;
}

/**
 * A GraphQL batch (`/graphql#AdminUsers+Products`) answered without credentials while one of its
 * operations, sent alone, requires auth: the batch reached it without them. The operation that does.
 */
function batchBypass(p: Policy, byPath: ReadonlyMap<string, Policy>): string | null {
  const hash = p.row.path.indexOf('#');
  if (hash === -1 || p.row.path.indexOf('+', hash) === -1) return null;
  const base = p.row.path.slice(0, hash);
  for (const op of p.row.path.slice(hash + 1).split('+')) {
    const alone = byPath.get(`${p.row.host}\u0000${p.row.method}\u0000${base}#${op}`);
    if (alone !== undefined && requiresAuth(alone)) {
      const schemes = alone.schemes.filter((s) => s.scheme !== 'none').map((s) => s.scheme);
      return `answered 2xx without credentials to a batch with ${op}, which requires ${schemes.length > 0 ? schemes.join(', ') : 'auth'} when sent alone`;
    }
  }
  return null;
}

function exposure(p: Policy, stats: Map<string, PrefixStats>, byPath: ReadonlyMap<string, Policy>): string | null {
  if (p.noneOk === 0 || p.row.oauthToken) return null;
  if (p.credentialed === 0) {
    const bypass = batchBypass(p, byPath);
    if (bypass !== null) return bypass;
  }
  if (p.credentialed > 0) {
    if (isPublicWhoeverCalls(p.row.path)) return null;
    const others = p.schemes.filter((s) => s.scheme !== 'none').map((s) => s.scheme);
    const share = Math.round((100 * p.credentialed) / Math.max(1, p.row.calls));
    const calls = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
    return `answered 2xx to ${calls(p.noneOk, 'call')} without credentials while ${calls(p.credentialed, 'other call')} (${share}%) carried ${others.join(', ')}`;
  }
  if (isPublicByDesign(p.row.path)) return null;
  const prot = protectedPrefix(p, stats);
  if (!prot) return null;
  if (prot.open === 0) return `answered 2xx without credentials under ${prot.prefix}/, where all ${prot.siblings} other endpoints require auth`;
  return `answered 2xx without credentials under ${prot.prefix}/, where ${prot.siblings} of the ${prot.siblings + prot.open} other endpoints require auth`;
}

export function loadAuthView(db: Db, filter: { host?: string } = {}): AuthView {
  const rows = endpointRows(db, filter.host ? { host: filter.host } : {});
  const auth = new Map<number, Policy['schemes']>();
  for (const a of authRows(db)) {
    let l = auth.get(a.endpointId);
    if (!l) auth.set(a.endpointId, (l = []));
    l.push({ scheme: a.scheme, calls: a.calls, okCalls: a.okCalls });
  }
  const refused = new Map<number, number>();
  for (const s of statusRows(db)) if (REFUSED.has(s.status)) refused.set(s.endpointId, (refused.get(s.endpointId) ?? 0) + s.calls);
  const policies = rows.map((row): Policy => {
    const schemes = auth.get(row.id) ?? [];
    // Calls, not scheme counts: one call may carry two credentials (an API key and a bearer token).
    const bare = schemes.find((s) => s.scheme === 'none')?.calls ?? 0;
    const credentialed = schemes.some((s) => s.scheme !== 'none') ? Math.max(0, row.calls - bare) : 0;
    return {
      row,
      schemes,
      credentialed,
      noneOk: schemes.find((s) => s.scheme === 'none')?.okCalls ?? 0,
      refused: credentialed === 0 ? (refused.get(row.id) ?? 0) : 0,
    };
  });
  const stats = prefixStats(policies);
  const byPath = new Map(policies.map((p) => [`${p.row.host}\u0000${p.row.method}\u0000${p.row.path}`, p]));
  const endpoints = policies.map((p): AuthEndpoint => {
    const reason = exposure(p, stats, byPath);
    return {
      host: p.row.host,
      method: p.row.method,
      path: p.row.path,
      calls: p.row.calls,
      schemes: p.schemes
        .map((s) => ({ scheme: s.scheme, calls: s.calls }))
        .sort((a, b) => b.calls - a.calls || a.scheme.localeCompare(b.scheme)),
      unauthenticatedSuccess: p.noneOk > 0,
      unauthenticatedOkCalls: p.noneOk,
      exposed: reason !== null,
      reason,
      oauthTokenEndpoint: p.row.oauthToken,
    };
  });
  // Most suspicious first: where credentials are the norm, a 2xx without them is most likely a hole
  // (a public catalog that signed-in users also call with a token sorts lower).
  const share = (e: AuthEndpoint): number => 1 - e.unauthenticatedOkCalls / Math.max(1, e.calls);
  const exposed = sortEndpoints(endpoints.filter((e) => e.exposed)).sort((a, b) => share(b) - share(a));
  return { endpoints: [...exposed, ...sortEndpoints(endpoints.filter((e) => !e.exposed))] };
}
