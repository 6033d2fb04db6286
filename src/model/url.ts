// Splits request URLs into the CallRecord's scheme/host/port/path/query, leniently: real exports
// carry relative URLs, `https://host:80`, unresolved `{{baseUrl}}` hosts and broken escapes.

import type { NameValue } from './call-record.js';
import { splitAuthority } from './host-spelling.js';
import { encodeControls, pathAsStored } from './path-spelling.js';

export { hostKey } from './host-spelling.js';

export interface UrlParts {
  scheme: string;
  host: string;
  port: number | null;
  path: string;
  query: NameValue[];
  /** Why `host` is '' although the URL or Host header named one: a malformed host (HOST_PROBLEMS). */
  hostProblem?: string;
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443 };

export function safeDecode(s: string): string {
  if (s.indexOf('%') === -1 && s.indexOf('+') === -1) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

export function parseQuery(qs: string): NameValue[] {
  const out: NameValue[] = [];
  if (!qs) return out;
  for (const part of qs.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? '' : part.slice(eq + 1);
    out.push({ name: safeDecode(name), value: safeDecode(value) });
  }
  return out;
}

/**
 * Parses an absolute URL ("https://api.x.com:8443/a/b?c=1") or a path ("/a/b?c=1", with `hostHint`
 * from a Host header). Returns null when there is neither a host nor a path to speak of.
 */
export function splitUrl(raw: string, hostHint = '', schemeHint = 'https'): UrlParts | null {
  let rest = raw.trim();
  const hash = rest.indexOf('#');
  if (hash !== -1) rest = rest.slice(0, hash);
  let scheme = schemeHint;
  let authority = '';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(rest);
  if (m) {
    scheme = m[1]!.toLowerCase();
    rest = rest.slice(m[0].length);
    const slash = rest.search(/[/?]/);
    authority = slash === -1 ? rest : rest.slice(0, slash);
    rest = slash === -1 ? '/' : rest.slice(slash);
  } else if (rest.startsWith('/') || rest.startsWith('?')) {
    authority = hostHint;
  } else {
    return null; // "testloadimpact", "", "data:..."
  }
  const at = authority.lastIndexOf('@');
  if (at !== -1) authority = authority.slice(at + 1); // never keep userinfo (credentials)
  // Lower case, no trailing dot, punycode, RFC 5952 IPv6, no empty port: model/host-spelling.ts, which
  // spells a host the user types the same way. A host that cannot be one (a path in a Host header,
  // `[::1`, `[zzzz]`, a port past 65535) is none, and the caller says why.
  const hp = splitAuthority(authority);
  let host = '';
  let port: number | null = null;
  let hostProblem: string | undefined;
  if (typeof hp === 'string') hostProblem = hp;
  else ({ host, port } = hp);
  if (port !== null && DEFAULT_PORTS[scheme] === port) port = null;
  const q = rest.indexOf('?');
  let path = q === -1 ? rest : rest.slice(0, q);
  const qs = q === -1 ? '' : rest.slice(q + 1);
  if (!path.startsWith('/')) path = '/' + path;
  if (!host && !hostHint && !hostProblem && path === '/' && !qs) return null;
  const query = parseQuery(qs);
  if (path.indexOf(';') !== -1) path = takeSessionParams(path, query);
  const parts: UrlParts = { scheme, host: encodeControls(host), port, path: pathAsStored(path), query };
  if (hostProblem !== undefined) parts.hostProblem = hostProblem;
  return parts;
}

/** The skip reason for a host splitUrl refused (`UrlParts.hostProblem`): the same words in every format. */
export function malformedHost(problem: string): string {
  return `malformed host (${problem})`;
}

/** Names of the session ids servlet containers, PHP and ASP append to path segments (`/cart;jsessionid=8F3A...`), as a regex alternation. */
export const SESSION_MATRIX_NAMES = 'jsessionid|phpsessid|aspsessionid|sessionid|sid';
/** A matrix parameter (RFC 3986 3.3, JAX-RS `@MatrixParam`): `;name=value` after a segment. */
const MATRIX_PARAM = /;([A-Za-z_][\w.-]{0,63})=([^/;?]*)/g;
const SESSION_MATRIX = new RegExp(`^(?:${SESSION_MATRIX_NAMES})$`, 'i');
/** Matrix parameter names that carry a credential (`;token=`, `;api_key=`, `;sig=`). */
const CREDENTIAL_MATRIX = /(?:token|key|secret|pass|auth|sig|session|sess|sid|code|credential)/i;

/**
 * The path without its session-id and credential matrix parameters, which join the query:
 * `/cart;jsessionid=X` is the endpoint `/cart` called with a session id (judged like `?jsessionid=X`),
 * `/download;token=X/file` the endpoint `/download/file` with a token (kept in the path, the token
 * would be part of the template and of the values seen). So is any matrix value of 16+ characters.
 * Other matrix parameters are part of the path as written (`/tiles;v=2/7`).
 */
function takeSessionParams(path: string, query: NameValue[]): string {
  return path.replace(MATRIX_PARAM, (whole: string, name: string, value: string) => {
    if (!SESSION_MATRIX.test(name) && !CREDENTIAL_MATRIX.test(name) && value.length < 16) return whole;
    query.push({ name: safeDecode(name), value: safeDecode(value) });
    return '';
  });
}

