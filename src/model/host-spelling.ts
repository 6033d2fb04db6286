// How a host is spelled wherever hosts are compared: as captured (sources/url.ts), as a spec's
// servers name it (spec-diff) and as a user types it (--host, diff --ignore host:, ignore.hosts).

import { domainToASCII } from 'node:url';
import { wellFormed } from './path-spelling.js';

export interface HostPort {
  /** Lower case, no trailing dot, punycode for an internationalized name, RFC 5952 for an IPv6 literal. */
  host: string;
  port: number | null;
}

/** Why an authority names no host (completes "malformed host (...)"); hosts are not quoted. */
export const HOST_PROBLEMS = {
  unclosed: 'an IPv6 address without its closing "]"',
  notV6: 'brackets around something that is not an IPv6 address',
  afterV6: 'characters after the "]" of an IPv6 address',
  port: 'a port past 65535',
  chars: 'a "/", "\\", "?", "#", bracket or space in the host name',
} as const;

/** The port after a ':' at `from`: digits only; null when there are none (`host:` is the host); undefined when it is no port. */
function portAt(s: string, from: number): number | null | undefined {
  if (from === s.length) return null;
  if (s.length - from > 9) return undefined;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(s.slice(from));
}

/**
 * `[2001:DB8:0:0::1]` as RFC 5952 writes it (`[2001:db8::1]`, which is how WHATWG URL serializes
 * it), or null when the brackets hold no IPv6 address. Only hosts opening with `[` come here, so the
 * URL parse stays off the hot path of ordinary host names.
 */
function canonicalV6(inside: string): string | null {
  // A zone id (RFC 6874: `[fe80::1%25eth0]`, or `%eth0` as some tools write it) is kept as written, `%25` before it.
  const pct = inside.indexOf('%');
  const address = pct === -1 ? inside : inside.slice(0, pct);
  if (address === '') return null;
  for (let i = 0; i < address.length; i++) {
    const c = address.charCodeAt(i);
    // Hex digits, ':' and '.' (an embedded IPv4 address): junk never reaches the parser.
    if (!((c >= 48 && c <= 58) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 46)) return null;
  }
  let zone = '';
  if (pct !== -1) {
    zone = inside.startsWith('%25', pct) && inside.length > pct + 3 ? inside.slice(pct + 3) : inside.slice(pct + 1);
    if (!ZONE_ID.test(zone)) return null;
  }
  try {
    const host = new URL(`http://[${address}]/`).hostname;
    return zone === '' ? host : `${host.slice(0, -1)}%25${zone}]`;
  } catch {
    return null;
  }
}

/** A zone id: an interface name or index, in unreserved characters (RFC 6874 2). */
const ZONE_ID = /^[A-Za-z0-9._~-]+$/;

/** A host name (no port) as stored, or null when it cannot be one (a path character, a bracket, whitespace). */
function spellName(raw: string): string | null {
  let ascii = true;
  let upper = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 128) ascii = false;
    else if (c >= 65 && c <= 90) upper = true;
    // `/ \ ? # [ ]`, space and the ASCII whitespace controls: a Host header holding a path, or junk.
    else if (c === 47 || c === 92 || c === 63 || c === 35 || c === 91 || c === 93 || c === 32 || (c >= 9 && c <= 13)) return null;
  }
  let host = upper ? raw.toLowerCase() : raw;
  // `api.example.com.` (the fully qualified spelling) is the same host.
  if (host.length > 1 && host.charCodeAt(host.length - 1) === 46) host = host.slice(0, -1);
  if (ascii) return host;
  if (/\s/.test(host)) return null; // Unicode spaces
  // An internationalized name is one host however it is written: `münchen.example` as its punycode
  // `xn--mnchen-3ya.example`, which is how it travels on the wire. A name IDNA refuses stays as it
  // came, made well-formed (a lone surrogate would be stored as invalid UTF-8).
  return domainToASCII(host) || wellFormed(host);
}

/**
 * An authority (`api.x.com:8443`, `[2001:db8::1]:8080`, `API.x.com:`) as its stored host and port,
 * or why it is no host (one of HOST_PROBLEMS). An empty port (`host:`) is no port; default ports are
 * the caller's business (they depend on the scheme).
 */
export function splitAuthority(authority: string): HostPort | string {
  if (authority.charCodeAt(0) === 91 /* [ */) {
    const close = authority.indexOf(']');
    if (close === -1) return HOST_PROBLEMS.unclosed;
    let port: number | null = null;
    if (close !== authority.length - 1) {
      if (authority.charCodeAt(close + 1) !== 58) return HOST_PROBLEMS.afterV6;
      const p = portAt(authority, close + 2);
      if (p === undefined) return HOST_PROBLEMS.afterV6;
      port = p;
    }
    if (port !== null && port > 65535) return HOST_PROBLEMS.port;
    const host = canonicalV6(authority.slice(1, close));
    return host === null ? HOST_PROBLEMS.notV6 : { host, port };
  }
  let name = authority;
  let port: number | null = null;
  const colon = authority.lastIndexOf(':');
  if (colon !== -1) {
    const p = portAt(authority, colon + 1);
    if (p !== undefined) {
      name = authority.slice(0, colon);
      port = p;
    }
  }
  if (port !== null && port > 65535) return HOST_PROBLEMS.port;
  const host = spellName(name);
  return host === null ? HOST_PROBLEMS.chars : { host, port };
}

/** 'api.x.com' or 'api.x.com:8443': the host key endpoints are grouped under. */
export function hostKey(host: string, port: number | null): string {
  return port === null ? host : `${host}:${port}`;
}

/**
 * A host glob (`ignore.hosts`, `diff --ignore host:GLOB`) spelled as stored hosts are: lower case, no
 * trailing dot, an IPv6 literal in RFC 5952 form, a label with non-ASCII letters in punycode. Null
 * when a label mixes non-ASCII letters with a wildcard: punycode encodes the whole label, so such a
 * glob could never match a stored host.
 */
export function spellHostGlob(glob: string): string | null {
  if (!/[*?]/.test(glob)) {
    const a = splitAuthority(glob);
    return typeof a === 'string' ? glob.toLowerCase() : hostKey(a.host, a.port);
  }
  const { name, port } = splitGlobPort(glob);
  // `*.Example.COM.` is `*.example.com`, as a name without wildcards is spelled.
  let spelled = name.toLowerCase();
  if (spelled.length > 1 && spelled.endsWith('.')) spelled = spelled.slice(0, -1);
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(spelled)) {
    const labels = spelled.split('.');
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i]!;
      // eslint-disable-next-line no-control-regex
      if (!/[^\x00-\x7f]/.test(label)) continue;
      if (/[*?]/.test(label)) return null;
      const ascii = domainToASCII(label);
      if (ascii !== '') labels[i] = ascii;
    }
    spelled = labels.join('.');
  }
  return port === null ? spelled : `${spelled}:${port}`;
}

/**
 * A host glob's name and its port (digits or wildcards after the last ':', past the ']' of an IPv6
 * literal); the port is null when there is none or it is empty (`api.x.com:`, as in splitAuthority).
 */
function splitGlobPort(glob: string): { name: string; port: string | null } {
  const colon = glob.lastIndexOf(':');
  const close = glob.charCodeAt(0) === 91 /* [ */ ? glob.indexOf(']') : -1;
  if (colon === -1 || (glob.charCodeAt(0) === 91 && (close === -1 || colon < close)) || !/^[0-9*?]*$/.test(glob.slice(colon + 1))) {
    return { name: glob, port: null };
  }
  return { name: glob.slice(0, colon), port: colon === glob.length - 1 ? null : glob.slice(colon + 1) };
}

/**
 * A host glob as a RegExp over stored host keys (`api.x.com`, `api.x.com:8443`, `[::1]:8080`), the
 * one rule `ignore.hosts` and `diff --ignore host:` share; `wildcards` turns the caller's glob syntax
 * into (unanchored) regex source. Hosts compare case-insensitively, spelled by spellHostGlob.
 *
 * - A glob without a port names a host, whatever port it was reached on: `api.x.com` covers
 *   `api.x.com` and `api.x.com:8443`, `*.example.com` covers `a.example.com:8080`. Someone who
 *   ignores a host means the host; a port is how it was called.
 * - A glob with a port covers that port only: `api.x.com:8443` is not `api.x.com` nor `:9443`.
 * - A default port (`:443`, `:80`) is never stored for its own scheme (`https://api.x.com:443` is
 *   stored `api.x.com`), so `api.x.com:443` covers the stored `api.x.com`, as `--host api.x.com:443`
 *   finds it, and also `api.x.com:443` as stored for a call on 443 under the other scheme
 *   (`http://api.x.com:443`). The inventory keeps no scheme per host, so `api.x.com:443` covers an
 *   `http://api.x.com` (port 80) call too: both are the stored `api.x.com`.
 *
 * Null when the glob can never match (spellHostGlob).
 */
export function hostGlobRegExp(glob: string, wildcards: (glob: string) => string): RegExp | null {
  const spelled = spellHostGlob(glob);
  if (spelled === null) return null;
  const { name, port } = splitGlobPort(spelled);
  let src: string;
  if (port === null) src = `(?:${wildcards(name)})(?::\\d+)?`;
  else if (port === '443' || port === '80') src = `(?:${wildcards(name)})(?::${port})?`;
  else src = `(?:${wildcards(name)}):${wildcards(port)}`;
  return new RegExp(`^${src}$`, 'i');
}
