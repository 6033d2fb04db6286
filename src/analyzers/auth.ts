// Finds the credentials a call carries (Authorization schemes, API keys, session and JWT cookies, AWS
// SigV4, OAuth 1, mTLS, configured custom schemes) and summarises them as an AuthObs.

import type { Config, CustomAuthScheme } from '../config.js';
import type { CallRecord } from '../model/call-record.js';
import type { AuthObs, AuthScheme, JwtInfo } from '../model/facts.js';
import { parseQuery } from '../model/url.js';
import {
  isApiKeyCookie,
  isApiKeyHeader,
  AUTHORIZATION_SCHEMES,
  CREDENTIAL_QUERY,
  MTLS_CERT_HEADERS,
  MTLS_VERIFY_HEADERS,
  OAUTH_TOKEN_PATH,
  isSessionCookie,
  splitAuthorization,
} from './auth-rules.js';
import { decodeJwt, decodeJwtParts, looksLikeJwt } from './jwt.js';
import { maskText } from './mask.js';

/** One credential found on a call. `value` is the raw secret: used in memory only, never stored. */
export interface Credential {
  scheme: AuthScheme;
  value: string;
  /** `declared`: the source says the call carries one but not where (DeclaredCredential `unknown`). */
  where: 'authorization' | 'header' | 'query' | 'cookie' | 'body' | 'declared';
  /** Header, query, cookie or body key name as sent. */
  name: string;
  /** A configured custom scheme's name, reported instead of 'custom'. */
  label?: string;
  /** Found because the source declared it (a Postman auth block), not by its name. */
  declared?: true;
}

const issuers = new Map<string, string>();

/**
 * A JWT issuer as stored and shown: a URL without its query, fragment or user info (`https://idp/?token=…`),
 * an e-mail address (a service account) and other value shapes masked. Issuers repeat: memoized.
 */
function shownIssuer(iss: string): string {
  let shown = issuers.get(iss);
  if (shown === undefined) {
    let v = iss;
    const url = /^([a-z][a-z0-9+.-]*:\/\/)(?:[^/?#@]*@)?([^?#]*)/i.exec(iss);
    if (url !== null) v = url[1]! + url[2]!;
    shown = maskText(v);
    if (issuers.size >= 1024) issuers.clear();
    issuers.set(iss, shown);
  }
  return shown;
}

function isJwt(s: string): boolean {
  return looksLikeJwt(s) && decodeJwtParts(s) !== null;
}

/**
 * What a logged-out single-page app sends in place of a token (`Bearer null`, `Bearer undefined`):
 * no credential. A scheme word alone (`Bearer `, trimmed to `Bearer`) carries none either, nor does
 * the cookie Oracle Access Manager leaves after a sign-out (`ObSSOCookie=loggedoutcontinue`).
 */
const NO_CREDENTIAL: ReadonlySet<string> = new Set(['null', 'undefined', 'none', 'nil', 'false', '[object object]', '""', "''", 'loggedoutcontinue']);

/**
 * A value that stands in for a missing credential, wherever it is sent: `X-Auth-Token: null`,
 * `?access_token=undefined`, `Api-Key: ""`, an `access_token=undefined` cookie. The call is
 * anonymous, and all such callers are no one user.
 */
export function placeholderCredential(value: string): boolean {
  const v = value.trim();
  return v === '' || (v.length <= 17 && NO_CREDENTIAL.has(v.toLowerCase()));
}

/**
 * The token a credential value carries: a custom scheme keeps the whole header value, so its JWT
 * follows the scheme word (`X-Gateway-Auth: Bearer eyJ...`). Other values are their own token.
 */
export function credentialToken(value: string): string {
  if (looksLikeJwt(value)) return value;
  const space = value.indexOf(' ');
  return space === -1 ? value : value.slice(space + 1).trim();
}

/** Basic credentials of an empty user and password (`Og==`, base64 of `:`): none. */
function emptyBasic(credential: string): boolean {
  const b = credential.trim();
  if (b.length > 8) return false;
  const decoded = Buffer.from(b, 'base64').toString('utf8');
  return decoded === ':' || decoded === '';
}

/** Scheme of an Authorization header value; unknown scheme words (NTLM, Negotiate, HMAC...) count as api-key. */
export function authorizationScheme(value: string): { scheme: AuthScheme; credential: string } | null {
  const { word, rest } = splitAuthorization(value);
  if (placeholderCredential(rest)) return null;
  if (word === '') return AUTHORIZATION_SCHEMES.has(rest.toLowerCase()) ? null : { scheme: isJwt(rest) ? 'bearer-jwt' : 'api-key', credential: rest };
  const scheme = AUTHORIZATION_SCHEMES.get(word);
  if (scheme === 'basic' && emptyBasic(rest)) return null;
  if (scheme === 'bearer' || (scheme === 'oauth1' && !rest.includes('oauth_'))) {
    // "OAuth <token>" without oauth_ parameters is Google's legacy spelling of a bearer token.
    return { scheme: isJwt(rest) ? 'bearer-jwt' : 'bearer', credential: rest };
  }
  return { scheme: scheme ?? 'api-key', credential: rest };
}

/** The configured custom scheme for a header, query or cookie name, if any. */
function customFor(custom: readonly CustomAuthScheme[], where: CustomAuthScheme['in'], lowerName: string): CustomAuthScheme | undefined {
  for (const c of custom) if (c.in === where && c.key.toLowerCase() === lowerName) return c;
  return undefined;
}

function customCredential(c: CustomAuthScheme, value: string, where: Credential['where'], name: string): Credential {
  return c.name ? { scheme: 'custom', value, where, name, label: c.name } : { scheme: 'custom', value, where, name };
}

const MULTIPART_BOUNDARY = /^multipart\/[^;]*;(?:.*;)?\s*boundary="?([^";]+)"?/i;
const PART_NAME = /content-disposition:[^\r\n]*?\bname="([^"]*)"/i;
const PART_FILE = /\bfilename\*?=/i;
const PART_HEAD_END = /\r?\n\r?\n/;

/** A multipart body's boundary: its Content-Type's, else the body's first line (`--X`) when the type has none. */
function multipartBoundary(mimeType: string, text: string): string | undefined {
  const declared = MULTIPART_BOUNDARY.exec(mimeType.trim())?.[1];
  if (declared !== undefined || !/^multipart\//i.test(mimeType.trim())) return declared;
  return /^--([^\r\n]{1,200})\r?\n/.exec(text.trimStart())?.[1];
}

/** The value of the multipart/form-data field `name` (not a file's contents), or null. */
function multipartField(text: string, boundary: string, name: string): string | null {
  for (const part of text.split(`--${boundary}`)) {
    const end = PART_HEAD_END.exec(part);
    if (end === null) continue;
    const head = part.slice(0, end.index);
    if (PART_NAME.exec(head)?.[1] !== name || PART_FILE.test(head)) continue;
    return part.slice(end.index + end[0].length).replace(/\r?\n$/, '');
  }
  return null;
}

/** A value at `key` (top-level name, `a.b` or `$.a.b`) in a JSON, form or multipart form body, as text. */
function bodyValue(text: string, key: string, mimeType = ''): string | null {
  const path = key.replace(/^\$\.?/, '').split('.');
  const last = path[path.length - 1];
  if (!last || !text.includes(last)) return null;
  const boundary = mimeType === '' ? undefined : multipartBoundary(mimeType, text);
  if (boundary !== undefined) return path.length === 1 ? multipartField(text, boundary, last) : null;
  const t = text.trimStart();
  if (t.startsWith('{')) {
    try {
      let cur: unknown = JSON.parse(t);
      for (const p of path) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[p] : undefined;
      return typeof cur === 'string' || typeof cur === 'number' ? String(cur) : null;
    } catch {
      return null;
    }
  }
  if (path.length !== 1) return null;
  for (const f of parseQuery(t)) if (f.name === last) return f.value;
  return null;
}

/** A credential the source declared for this call (a Postman `apikey` block's header or query name). */
function declaredFor(call: CallRecord, where: 'header' | 'query', name: string): Credential['scheme'] | undefined {
  for (const d of call.declaredCredentials!) {
    if (d.where === where && (where === 'header' ? d.name.toLowerCase() === name.toLowerCase() : d.name === name)) return d.scheme;
  }
  return undefined;
}

/**
 * OAuth 1.0a protocol parameters sent in the query (RFC 5849 3.5.3) instead of the Authorization
 * header: one credential for the call, identified like the header form by its token (else the
 * consumer key). A consumer key or a signature makes the call OAuth 1; a lone `oauth_token` (the
 * authorize redirect) does not.
 */
function oauth1InQuery(query: readonly { name: string; value: string }[]): Credential | null {
  let token: string | null = null;
  let consumer: string | null = null;
  let signature: string | null = null;
  for (const q of query) {
    if (q.value === '' || q.name.length < 11 || q.name.charCodeAt(0) !== 111 || !q.name.startsWith('oauth_')) continue;
    if (q.name === 'oauth_token') token ??= q.value;
    else if (q.name === 'oauth_consumer_key') consumer ??= q.value;
    else if (q.name === 'oauth_signature') signature ??= q.value;
  }
  if (consumer === null && signature === null) return null;
  if (token !== null) return { scheme: 'oauth1', value: token, where: 'query', name: 'oauth_token' };
  if (consumer !== null) return { scheme: 'oauth1', value: consumer, where: 'query', name: 'oauth_consumer_key' };
  return { scheme: 'oauth1', value: signature!, where: 'query', name: 'oauth_signature' };
}

/** Every credential on the request, in order: Authorization, other headers, query, cookies, body. */
export function findCredentials(call: CallRecord, cfg: Config): Credential[] {
  const out: Credential[] = [];
  const custom = cfg.auth.custom;
  const declared = call.declaredCredentials !== undefined && call.declaredCredentials.length > 0;
  let authz: Credential | null = null;
  for (const h of call.requestHeaders) {
    if (placeholderCredential(h.value)) continue;
    const n = h.name.toLowerCase();
    // A configured scheme for this header is reported instead of what the header would be by its name.
    const ch = custom.length > 0 ? customFor(custom, 'header', n) : undefined;
    if (ch) {
      out.push(customCredential(ch, h.value, 'header', h.name));
      continue;
    }
    let known = true;
    // Proxy-Authorization is for the proxy a capture went through, not the API: masked, never the API's auth.
    if (n === 'authorization') {
      const a = authorizationScheme(h.value);
      if (a && !authz) authz = { scheme: a.scheme, value: a.credential, where: 'authorization', name: h.name };
      else if (a) out.push({ scheme: a.scheme, value: a.credential, where: 'authorization', name: h.name });
      else known = false;
    } else if (isApiKeyHeader(n, h.value)) {
      out.push({ scheme: 'api-key', value: h.value, where: 'header', name: h.name });
    } else if (MTLS_CERT_HEADERS.has(n) || (MTLS_VERIFY_HEADERS.has(n) && h.value.trim().toUpperCase() === 'SUCCESS')) {
      out.push({ scheme: 'mtls', value: h.value, where: 'header', name: h.name });
    } else known = false;
    if (declared && !known) {
      const scheme = declaredFor(call, 'header', h.name);
      if (scheme) out.push({ scheme, value: h.value, where: 'header', name: h.name, declared: true });
    }
  }
  if (authz) out.unshift(authz);
  for (const q of call.query) {
    if (placeholderCredential(q.value)) continue;
    const n = q.name.toLowerCase();
    const cq = custom.length > 0 ? customFor(custom, 'query', n) : undefined;
    if (cq) {
      out.push(customCredential(cq, q.value, 'query', q.name));
      continue;
    }
    const rule = CREDENTIAL_QUERY.get(n);
    const known = rule !== undefined && q.value.length >= rule.minLength;
    if (known) {
      const scheme = rule.scheme === 'bearer' && isJwt(q.value) ? 'bearer-jwt' : rule.scheme;
      out.push({ scheme, value: q.value, where: 'query', name: q.name });
    }
    if (declared && !known) {
      const scheme = declaredFor(call, 'query', q.name);
      if (scheme) out.push({ scheme, value: q.value, where: 'query', name: q.name, declared: true });
    }
  }
  const oauth1 = call.query.length > 0 ? oauth1InQuery(call.query) : null;
  if (oauth1) out.push(oauth1);
  for (const c of call.requestCookies) {
    if (placeholderCredential(c.value)) continue;
    const cc = custom.length > 0 ? customFor(custom, 'cookie', c.name.toLowerCase()) : undefined;
    if (cc) out.push(customCredential(cc, c.value, 'cookie', c.name));
    else if (isJwt(c.value)) out.push({ scheme: 'jwt-cookie', value: c.value, where: 'cookie', name: c.name });
    else if (isSessionCookie(c.name, c.value)) out.push({ scheme: 'session-cookie', value: c.value, where: 'cookie', name: c.name });
    else if (isApiKeyCookie(c.name, c.value)) out.push({ scheme: 'api-key', value: c.value, where: 'cookie', name: c.name });
  }
  const body = call.requestBody?.text;
  if (body) {
    const mime = call.requestBody!.mimeType;
    for (const c of custom) {
      if (c.in !== 'body') continue;
      const v = bodyValue(body, c.key, mime);
      if (v && !placeholderCredential(v)) out.push(customCredential(c, v, 'body', c.key));
    }
    const client = body.includes('client_') && isOAuthTokenRequest(call) ? oauthClientInBody(body, mime) : null;
    if (client !== null) out.push(client);
  }
  // Authenticated by a scheme the source names but cannot show on the wire: `unknown`, never `none`,
  // or the call would count as answered without credentials.
  if (declared && out.length === 0) {
    for (const d of call.declaredCredentials!) if (d.where === 'unknown') out.push({ scheme: 'unknown', value: '', where: 'declared', name: d.name, declared: true });
  }
  return out;
}

/**
 * The client authentication of an OAuth token request made in its body (RFC 6749 2.3.1
 * `client_secret_post`, or a `client_assertion` as RFC 7523 has it): the client is the caller,
 * named by its `client_id` when sent.
 */
function oauthClientInBody(body: string, mime: string): Credential | null {
  const secret = bodyValue(body, 'client_secret', mime) ?? bodyValue(body, 'client_assertion', mime);
  if (secret === null || placeholderCredential(secret)) return null;
  const id = bodyValue(body, 'client_id', mime);
  return { scheme: 'oauth-client', value: id !== null && !placeholderCredential(id) ? `client_id:${id}` : secret, where: 'body', name: 'client_secret' };
}

/** A grant_type field of a form, JSON or multipart form body. */
const GRANT_TYPE = /(?:^|&)grant_type=|"grant_type"\s*:|\bname="grant_type"/;

/**
 * An OAuth 2 token request: a POST (RFC 6749 3.2) with a grant_type body (form, JSON or multipart) or to a token
 * endpoint's path (`/oauth/token`, `/connect/token`). `GET /users/{id}/token` is not one.
 */
export function isOAuthTokenRequest(call: CallRecord): boolean {
  if (call.method !== 'POST') return false;
  let p = call.path.toLowerCase();
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  if (OAUTH_TOKEN_PATH.test(p)) return true;
  const body = call.requestBody?.text;
  return body !== undefined && body.includes('grant_type') && GRANT_TYPE.test(body);
}

/** `creds`: the call's credentials when the caller already found them (see findCredentials). */
export function detectAuth(call: CallRecord, cfg: Config, creds: readonly Credential[] = findCredentials(call, cfg)): AuthObs {
  const now = call.ts ?? Date.now();
  let jwt: JwtInfo | null = null;
  const schemes = new Set<string>();
  for (const c of creds) {
    schemes.add(c.label ?? c.scheme);
    const token = credentialToken(c.value);
    if (!jwt && c.where !== 'body' && looksLikeJwt(token)) {
      jwt = decodeJwt(token, now);
      if (jwt !== null && jwt.iss !== null) jwt.iss = shownIssuer(jwt.iss);
    }
  }
  return {
    schemes: schemes.size === 0 ? ['none'] : [...schemes].sort(),
    jwt,
    oauthTokenEndpoint: isOAuthTokenRequest(call),
  };
}
