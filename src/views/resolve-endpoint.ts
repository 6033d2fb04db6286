// Endpoint addressing as in the contract: METHOD plus a template (`/users/{id}`, names ignored) or
// a concrete path (`/users/42`) that resolves to its template; --host when several hosts match.

import { UsageError } from '../errors.js';
import { redactMessage } from '../analyzers/mask.js';
import { matchesTemplate, templateKey } from '../model/template-key.js';
import type { Db } from '../store/db.js';
import { endpointRows, hostRows, type EndpointRow } from '../store/queries.js';
import { hostKey, splitAuthority } from '../model/host-spelling.js';
import { splitUrl } from '../model/url.js';
import { pathAsStored } from '../model/path-spelling.js';
import { isConstantWord } from '../analyzers/segment.js';

/**
 * A usage error printed as written: host names are not secrets (`endpoints` lists them), and masking
 * would print `10.0.0.1:3000` and `10.0.0.2:3000` both as `10.0.0.x:3000`. A path the user typed is
 * masked by the caller (it may be a concrete path with an e-mail address in it).
 */
function usage(message: string): UsageError {
  return new UsageError(message, true);
}

/** A host as the user typed it, quoted back without user info (`admin:pw@10.0.0.7`) or an e-mail address's local part. */
function typedHost(raw: string): string {
  const at = raw.lastIndexOf('@');
  return at === -1 ? raw : `<redacted>@${raw.slice(at + 1)}`;
}

/** How many hosts an error message lists before '... and N more'. */
const MAX_LISTED_HOSTS = 10;

function literalCount(template: string): number {
  return template.split('/').filter((s) => s && !s.startsWith('{')).length;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

/**
 * A --host value as hosts are stored (model/host-spelling.ts, as sources/url.ts keys them): lower
 * case, punycode for an internationalized name (`bücher.example` is `xn--bcher-kva.example`), an IPv6
 * literal as RFC 5952 writes it, a default port dropped (`api.x.com:443`, `http://api.x.com:80/`).
 * Without a scheme the port's meaning is unknown, so `:443` / `:80` is dropped only when the host is
 * not stored with that port itself. A host stored as typed (by an older version) is taken as it is.
 */
export function normalizeHost(raw: string, known: readonly string[]): string {
  const input = raw.trim().toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(input)) {
    const u = splitUrl(input);
    if (u && u.host) return hostKey(u.host, u.port);
  }
  const bare = input.replace(/\/+$/, '');
  if (known.includes(bare)) return bare;
  const a = splitAuthority(bare);
  if (typeof a === 'string') return bare;
  const spelled = hostKey(a.host, a.port);
  if (known.includes(spelled) || (a.port !== 80 && a.port !== 443)) return spelled;
  return a.host;
}

/** 'a, b, c' or 'a, b, ... and 7 more'. */
function listHosts(hosts: readonly string[]): string {
  const shown = hosts.slice(0, MAX_LISTED_HOSTS).join(', ');
  return hosts.length > MAX_LISTED_HOSTS ? `${shown} and ${hosts.length - MAX_LISTED_HOSTS} more` : shown;
}

/**
 * The stored host for a --host value; a host the inventory does not have is a usage error that
 * lists the known ones (or says the inventory is empty). `undefined` passes through.
 */
export function resolveHost(db: Db, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const known = hostRows(db).map((h) => h.host);
  const host = normalizeHost(raw, known);
  if (host === '') throw new UsageError('--host needs a host name, e.g. --host api.example.com');
  if (known.includes(host)) return host;
  if (known.length === 0) throw usage(`unknown host ${typedHost(raw)}: the inventory has no endpoints yet; run akto-rt analyze first`);
  throw usage(`unknown host ${typedHost(raw)}: not in the inventory; known hosts: ${listHosts(known)}`);
}

/** Endpoints of `rows` that METHOD PATH addresses: the same template, else the most specific templates matching the concrete path. */
function matching(rows: readonly EndpointRow[], m: string, p: string): EndpointRow[] {
  const sameMethod = rows.filter((e) => e.method === m);
  let hits = sameMethod.filter((e) => templateKey(e.path) === templateKey(p));
  if (hits.length === 0) {
    hits = sameMethod.filter((e) => matchesTemplate(e.path, p));
    // The most specific template wins (`/users/me` over `/users/{userId}`).
    const best = Math.max(-1, ...hits.map((e) => literalCount(e.path)));
    hits = hits.filter((e) => literalCount(e.path) === best);
  }
  return hits;
}

/**
 * A path the user typed, spelled as captured paths are stored (sources/url.ts): with a leading
 * slash, without a query (`/users/42?expand=1` pasted from a URL is `/users/42`), spaces and control
 * characters percent-encoded as a browser sends them (`/a c` is `/a%20c`), then spellPath (`/café`
 * is `/caf%C3%A9`). Templates and escaped input keep their form; `#` stays (`/graphql#GetUser`).
 */
export function typedPath(path: string): string {
  const q = path.indexOf('?');
  const bare = q === -1 ? path : path.slice(0, q);
  return pathAsStored(bare.startsWith('/') ? bare : `/${bare}`);
}

/**
 * A note when a concrete path reached a template only through a word the analyzer always keeps
 * literal (`PATCH /users/me` answered by `PATCH /users/{userId}`): that call would not be counted
 * there, so the answer is about the template, not the path as typed. Null otherwise.
 */
export function literalWordNote(method: string, typed: string, resolved: string): string | null {
  const p = typedPath(typed).split('/');
  const t = resolved.split('#')[0]!.split('/');
  if (p.length !== t.length) return null;
  for (let i = 0; i < t.length; i++) {
    if (t[i]!.startsWith('{') && !p[i]!.startsWith('{') && isConstantWord(p[i]!)) {
      return `${method.toUpperCase()} ${redactMessage(typed)} is not an endpoint of its own (\`${p[i]}\` stays literal when analyzed; no such call was seen); showing ${method.toUpperCase()} ${resolved}`;
    }
  }
  return null;
}

/** Resolves METHOD PATH [--host] to one endpoint, or throws a UsageError with suggestions. */
export function resolveEndpoint(db: Db, method: string, typed: string, hostOption?: string): EndpointRow {
  // A whole URL as copied from a browser or a log (`https://api.x.com/v1/orders/7?x=1`): its host, unless --host names one, and its path.
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? splitUrl(typed) : null;
  const path = url?.host ? url.path : typed;
  const rawHost = hostOption ?? (url?.host ? typed : undefined);
  const m = method.toUpperCase();
  const p = typedPath(path); // as stored: `/wiki/café` is `/wiki/caf%C3%A9`, `/a c` is `/a%20c`
  const shown = redactMessage(p);
  const everywhere = endpointRows(db);
  if (everywhere.length === 0) throw usage(`no endpoint ${m} ${shown}: the inventory has no endpoints yet; run akto-rt analyze first`);
  let host: string | undefined;
  if (rawHost !== undefined) {
    const known = [...new Set(everywhere.map((e) => e.host))].sort();
    host = normalizeHost(rawHost, known);
    if (!known.includes(host)) {
      const elsewhere = [...new Set(matching(everywhere, m, p).map((e) => e.host))].sort();
      const tip = elsewhere.length
        ? `${m} ${shown} is on ${listHosts(elsewhere)}`
        : `known hosts: ${listHosts(known)}`;
      throw usage(`unknown host ${typedHost(url?.host && hostOption === undefined ? hostKey(url.host, url.port) : rawHost)}: not in the inventory; ${tip}`);
    }
  }
  const all = host === undefined ? everywhere : everywhere.filter((e) => e.host === host);
  const hits = matching(all, m, p);
  const hosts = [...new Set(hits.map((e) => e.host))];
  if (hosts.length > 1) {
    throw usage(`${m} ${shown} exists on several hosts (${hosts.join(', ')}); pass --host HOST`);
  }
  if (hits.length >= 1) return hits[0]!;
  if (host !== undefined) {
    const elsewhere = [...new Set(matching(everywhere, m, p).map((e) => e.host))].sort();
    if (elsewhere.length) throw usage(`no endpoint ${m} ${shown} on ${host}; it is on ${listHosts(elsewhere)} (pass --host ${elsewhere[0]})`);
  }
  const sameMethod = all.filter((e) => e.method === m);
  // `POST /graphql`, as an exported spec writes it: the endpoints are its operations.
  if (!p.includes('#')) {
    const ops = sameMethod.filter((e) => e.path.includes('#') && templateKey(e.path.slice(0, e.path.indexOf('#'))) === templateKey(p));
    if (ops.length === 1) return ops[0]!;
    if (ops.length > 1) {
      const listed = ops.slice(0, 8).map((e) => e.path).join(', ');
      throw usage(`${m} ${shown} is split by operation (GraphQL operation or JSON-RPC method); name one: ${listed}${ops.length > 8 ? `, ... (${ops.length} in all)` : ''}`);
    }
  }
  // `/orders/1234/` as copied from a browser: the endpoint without the trailing slash, when it exists.
  if (p.length > 1 && p.endsWith('/')) {
    const bare = p.replace(/\/+$/, '') || '/';
    if (matching(all, m, bare).length > 0) return resolveEndpoint(db, method, bare, rawHost);
  }
  const pool = sameMethod.length > 0 ? sameMethod : all;
  const close = pool
    .map((e) => ({ e, d: distance(templateKey(e.path), templateKey(p)) }))
    .sort((a, b) => a.d - b.d || a.e.path.localeCompare(b.e.path))
    .slice(0, 3)
    .map((x) => `${x.e.method} ${x.e.host}${x.e.path}`);
  const where = host ? ` on ${host}` : '';
  throw usage(`no endpoint ${m} ${shown}${where}; closest: ${close.join(', ')}`);
}
