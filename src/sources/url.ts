// Splits request URLs into the CallRecord's scheme/host/port/path/query, leniently: real exports
// carry relative URLs, `https://host:80`, unresolved `{{baseUrl}}` hosts and broken escapes.

import { domainToASCII } from 'node:url';
import type { NameValue } from '../model/call-record.js';
import { encodeControls, pathAsStored } from '../model/path-spelling.js';

export interface UrlParts {
  scheme: string;
  host: string;
  port: number | null;
  path: string;
  query: NameValue[];
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
  let host = authority;
  let port: number | null = null;
  const pm = /^(.*?)(?::(\d{1,5}))?$/.exec(authority);
  if (pm && pm[2] !== undefined && !authority.endsWith(']')) {
    host = pm[1]!;
    port = Number(pm[2]);
  }
  host = host.toLowerCase();
  // `api.example.com.` (the fully qualified spelling) is the same host.
  if (host.length > 1 && host.endsWith('.')) host = host.slice(0, -1);
  // An internationalized name is one host however it is written: `münchen.example` as its
  // punycode `xn--mnchen-3ya.example`, which is how it travels on the wire.
  if (/[^\x00-\x7f]/.test(host)) host = domainToASCII(host) || host;
  // A host never holds a path, a backslash or whitespace ('../../evil', 'a/b' in a Host header), and a
  // port is at most 65535: none.
  if (/[/\\?#\s]/.test(host) || (port !== null && port > 65535)) {
    host = '';
    port = null;
  }
  if (port !== null && DEFAULT_PORTS[scheme] === port) port = null;
  const q = rest.indexOf('?');
  let path = q === -1 ? rest : rest.slice(0, q);
  const qs = q === -1 ? '' : rest.slice(q + 1);
  if (!path.startsWith('/')) path = '/' + path;
  if (!host && !hostHint && path === '/' && !qs) return null;
  const query = parseQuery(qs);
  if (path.indexOf(';') !== -1) path = takeSessionParams(path, query);
  return { scheme, host: encodeControls(host), port, path: pathAsStored(path), query };
}

/** Names of the session ids servlet containers, PHP and ASP append to path segments (`/cart;jsessionid=8F3A...`), as a regex alternation. */
export const SESSION_MATRIX_NAMES = 'jsessionid|phpsessid|aspsessionid|sessionid|sid';
const SESSION_MATRIX = new RegExp(`;(${SESSION_MATRIX_NAMES})=([^/;?]*)`, 'gi');

/**
 * The path without its session-id matrix parameters, which join the query: `/cart;jsessionid=X` is the
 * endpoint `/cart` called with a session id (judged like `?jsessionid=X`), not a path segment of its own.
 */
function takeSessionParams(path: string, query: NameValue[]): string {
  return path.replace(SESSION_MATRIX, (_, name: string, value: string) => {
    query.push({ name: safeDecode(name), value: safeDecode(value) });
    return '';
  });
}


/** 'api.x.com' or 'api.x.com:8443': the host key endpoints are grouped under. */
export function hostKey(host: string, port: number | null): string {
  return port === null ? host : `${host}:${port}`;
}
