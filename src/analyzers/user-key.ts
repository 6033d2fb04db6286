// Stable caller identity for per-user statistics: configured user header, JWT claim, Basic user name,
// then salted fingerprints of API keys / tokens / sessions, then client IP. Never a raw secret.

import type { Config } from '../config.js';
import type { CallRecord } from '../model/call-record.js';
import type { AuthObs, UserKey } from '../model/facts.js';
import { headerValue } from '../sources/headers.js';
import { credentialToken, findCredentials, type Credential } from './auth.js';
import { MTLS_VERIFY_HEADERS } from './auth-rules.js';
import { fingerprint } from './fingerprint.js';
import { jwtClaim, looksLikeJwt } from './jwt.js';
import { maskText, redactValue } from './mask.js';
import { valueShapeTypes } from './sensitive.js';
import { isIPv4, isIPv6, looksRandomToken } from './validators.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A phone number as a login: `+` and digits, or separated groups (`415-555-0123`); bare digits are numeric ids. */
const PHONE_LIKE = /^\+\d[\d\s().-]{7,18}$|^\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}$/;
/** Vendor key prefixes that make a Basic user name a key (Stripe sends `sk_live_...:` as Basic). */
const KEY_PREFIX = /^(?:sk|pk|rk)_(?:live|test)_|^(?:AKIA|ASIA)[A-Z0-9]{16}$|^gh[pousr]_|^xox[abpr]-/;

/** Value shapes of key material: a user name of that shape is a key, never printed. */
const KEY_SHAPES: ReadonlySet<string> = new Set([
  'jwt', 'github-token', 'gitlab-token', 'slack-token', 'stripe-key', 'google-api-key', 'npm-token', 'sendgrid-key', 'openai-key',
  'aws-access-key-id', 'aws-secret-key', 'private-key', 'password-hash', 'db-connection-string',
]);

/** Key material by its form: a JWT, a vendor key, a very long value. */
function keyMaterial(v: string): boolean {
  return looksLikeJwt(v) || KEY_PREFIX.test(v) || v.length > 64 || valueShapeTypes(v).some((t) => KEY_SHAPES.has(t));
}

/** `keyMaterial`, or any random-looking value of 20+ characters (what a Basic user name that is a key looks like). */
function secretLike(v: string): boolean {
  return keyMaterial(v) || looksRandomToken(v, 20);
}

/**
 * A user named by a credential (Basic, Digest, NTLM, a JWT subject): a key fingerprint when the name is
 * key material (a token sent as the Basic user name is an API key), else the name with personal data masked.
 */
function named(kind: UserKey['kind'], v: string, salt: string): UserKey {
  // Subjects are ids by design (UUIDs, `auth0|5f7c…`, Okta's `00u1abcd…`): only key material is hidden.
  if (!(kind === 'jwt-sub' ? keyMaterial(v) : secretLike(v))) return { kind, key: identifier(v, salt) };
  return { kind: kind === 'basic' ? 'api-key' : kind, key: `key:${fingerprint(v, salt)}` };
}

/**
 * Identifiers are kept readable, but personal data in them (an e-mail address, an IP list from a
 * configured user header, a phone number, a person's name) is masked, plus a fingerprint so users
 * stay distinct.
 */
function identifier(v: string, salt: string): string {
  if (EMAIL.test(v)) return `${redactValue('email', v)}~${fingerprint(v, salt).slice(0, 8)}`;
  // A phone number as a login (`+14155550123`): text masking would not see it without separators.
  if (PHONE_LIKE.test(v)) return `${redactValue('phone', v)}~${fingerprint(v, salt).slice(0, 8)}`;
  // A person's name as a login or subject (`Jane Q Smith`): initials, plus the fingerprint.
  if (PERSON_LIKE.test(v) && !SERVICE_WORD.test(v)) return `${v.split(/\s+/).map((w) => `${w[0]}.`).join(' ')}~${fingerprint(v, salt).slice(0, 8)}`;
  const masked = maskText(v);
  return masked === v ? v : `${masked}~${fingerprint(v, salt).slice(0, 8)}`;
}

/**
 * Two to five capitalized words, particles allowed between them (`Cressida Pemberton-Smythe`,
 * `John Q Smithson`, `Vincent van Gogh`): a person's name, not an id.
 */
const PERSON_LIKE = /^\p{Lu}[\p{L}'.-]*(?:\s+(?:(?:van|von|de|da|del|der|di|du|la|le|bin|al|dos|das|ten|ter)\s+)?\p{Lu}[\p{L}'.-]*){1,4}$/u;
/** Names of machines and services, not people (`GitHub Actions`, `Service Account`, `Deploy Bot`). */
const SERVICE_WORD = /\b(?:Actions?|Service|Account|Bot|System|Admin|App|Api|API|Pipeline|Runner|Deploy|Integration|Scheduler|Worker|Daemon|Client|Server|Agent|Job)\b/;

function basicUser(b64: string): string | null {
  const decoded = Buffer.from(b64, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? null : decoded.slice(0, colon);
}

/**
 * The `DOMAIN\\user` an NTLM AUTHENTICATE message (type 3) names; null for the other messages of the
 * handshake, which carry no user. Layout per MS-NLMP 2.2.1.3: security buffers (length, max length,
 * offset) for the domain at byte 28 and the user at byte 36, flags at 60 (bit 0: UTF-16 strings).
 */
export function ntlmUser(b64: string): string | null {
  const m = Buffer.from(b64, 'base64');
  if (m.length < 64 || m.toString('latin1', 0, 8) !== 'NTLMSSP\0' || m.readUInt32LE(8) !== 3) return null;
  const unicode = (m.readUInt32LE(60) & 1) === 1;
  const field = (at: number): string | null => {
    const len = m.readUInt16LE(at);
    const off = m.readUInt32LE(at + 4);
    if (off + len > m.length) return null;
    return m.toString(unicode ? 'utf16le' : 'latin1', off, off + len);
  };
  const user = field(36);
  if (!user) return null;
  const domain = field(28);
  return domain ? `${domain}\\${user}` : user;
}

function fromCredential(c: Credential, salt: string): UserKey | null {
  switch (c.scheme) {
    case 'basic': {
      const user = basicUser(c.value);
      if (user === null) return { kind: 'token', key: `tok:${fingerprint(c.value, salt)}` };
      if (user === '') return { kind: 'api-key', key: `key:${fingerprint(c.value, salt)}` };
      return named('basic', user, salt);
    }
    case 'digest': {
      const user = /username="([^"]*)"/i.exec(c.value)?.[1];
      return user ? named('basic', user, salt) : null;
    }
    case 'ntlm':
    case 'negotiate': {
      // Handshake tokens change per connection; only NTLM's last message names the user (SPNEGO may wrap
      // NTLM or Kerberos: a Kerberos ticket is opaque, so those calls fall back to the client IP).
      const user = ntlmUser(c.value);
      return user ? named('basic', user, salt) : null;
    }
    case 'aws-sigv4': {
      // The access key id names the IAM principal; fingerprinted because key ids are semi-secret.
      const akid = /Credential=([^/,\s]+)/i.exec(c.value)?.[1] ?? (c.where === 'query' ? c.value.split('/')[0] : undefined);
      return akid ? { kind: 'api-key', key: `key:${fingerprint(akid, salt)}` } : null;
    }
    case 'hawk': {
      // The Hawk key id names the caller; the MAC and nonce change per request.
      const id = /\bid="([^"]+)"/i.exec(c.value)?.[1];
      return id ? { kind: 'api-key', key: `key:${fingerprint(id, salt)}` } : null;
    }
    case 'oauth-client':
      // The client of a token request: its client_id is a public identifier, shown like a Basic user
      // (as `client_secret_basic` sends it); without one, the secret's fingerprint.
      return c.value.startsWith('client_id:') ? named('basic', c.value.slice(10), salt) : { kind: 'api-key', key: `key:${fingerprint(c.value, salt)}` };
    case 'api-key':
    case 'custom':
      return { kind: 'api-key', key: `key:${fingerprint(c.value, salt)}` };
    case 'session-cookie':
      return { kind: 'session', key: `sess:${fingerprint(c.value, salt)}` };
    case 'oauth1': {
      // The access token names the user; two-legged calls (no token) are the consumer's. The rest of
      // the header (nonce, timestamp, signature) changes per request. The query form's credential is
      // already the token or consumer key (auth.ts).
      const v = /oauth_token="([^"]+)"/.exec(c.value)?.[1] ?? /oauth_consumer_key="([^"]+)"/.exec(c.value)?.[1] ?? c.value;
      return { kind: 'token', key: `tok:${fingerprint(v, salt)}` };
    }
    case 'mtls':
      // A verification result (`X-SSL-Client-Verify: SUCCESS`) is the same for every client: the
      // certificate or its subject, in another header, names the caller.
      if (MTLS_VERIFY_HEADERS.has(c.name.toLowerCase())) return null;
      return { kind: 'token', key: `tok:${fingerprint(c.value, salt)}` };
    case 'bearer':
    case 'bearer-jwt':
    case 'jwt-cookie':
      return { kind: 'token', key: `tok:${fingerprint(c.value, salt)}` };
    default:
      return null;
  }
}

function clientIp(call: CallRecord): string | null {
  const xff = headerValue(call.requestHeaders, 'x-forwarded-for');
  const candidates = [
    // The first address a proxy recorded; `unknown` (or a hidden `_obf` name) is skipped for the next.
    xff?.split(',').find((h) => /[0-9a-f][.:]/i.test(h)),
    /for="?\[?([^\]";,]+)/i.exec(headerValue(call.requestHeaders, 'forwarded') ?? '')?.[1],
    headerValue(call.requestHeaders, 'x-real-ip'),
    call.clientIp ?? undefined,
  ];
  for (const raw of candidates) {
    if (!raw) continue;
    let ip = raw.trim();
    if (ip.startsWith('[')) ip = ip.slice(1, ip.indexOf(']') === -1 ? undefined : ip.indexOf(']'));
    else if (ip.indexOf(':') === ip.lastIndexOf(':') && ip.indexOf(':') !== -1) ip = ip.slice(0, ip.indexOf(':')); // v4:port
    if (isIPv4(ip) || isIPv6(ip)) return ip;
  }
  return null;
}

/** `creds`: the call's credentials when the caller already found them (see findCredentials). */
export function userKeyFor(call: CallRecord, auth: AuthObs, cfg: Config, salt: string, creds?: readonly Credential[]): UserKey {
  if (cfg.auth.userHeader) {
    const v = headerValue(call.requestHeaders, cfg.auth.userHeader)?.trim();
    // UserKind has no 'header' member yet; 'token' marks a caller-presented identity.
    if (v) return secretLike(v) ? { kind: 'token', key: `key:${fingerprint(v, salt)}` } : { kind: 'token', key: `user:${identifier(v, salt)}` };
  }
  if (auth.schemes[0] === 'none') creds = [];
  else creds ??= findCredentials(call, cfg);
  const claim = cfg.auth.userClaim || 'sub';
  // A user named in the Authorization header (Basic, Digest) is the caller: a JWT elsewhere (`?jwt=`
  // for an embedded dashboard) does not override it. An opaque token there names no one: a JWT's
  // subject beside it does.
  const first = creds[0];
  const headerFirst = first !== undefined && first.where === 'authorization' && (first.scheme === 'basic' || first.scheme === 'digest');
  if (auth.jwt && !headerFirst) {
    const subject = claim === 'sub' && auth.jwt.sub !== null ? auth.jwt.sub : firstJwtClaim(creds, claim);
    if (subject) return named('jwt-sub', subject, salt);
  }
  for (const c of creds) {
    const k = fromCredential(c, salt);
    if (k) return k;
  }
  const ip = clientIp(call);
  // Masked like an address in a sample (`203.0.113.x`), plus a fingerprint so callers stay distinct.
  return ip ? { kind: 'ip', key: `ip:${redactValue('ip-address', ip)}~${fingerprint(ip, salt).slice(0, 8)}`, ip } : UNIDENTIFIED;
}

/**
 * Calls with no credential and no client address: one key for all of them, which no caller can have.
 * Named users are keyed by their name (`alice`, a JWT subject), so a word would collide: a subject
 * `unknown` and the anonymous calls would be one user. Names are never empty (an empty Basic user is
 * a key, an empty subject is skipped).
 */
const UNIDENTIFIED: UserKey = { kind: 'unknown', key: '' };

function firstJwtClaim(creds: readonly Credential[], claim: string): string | null {
  for (const c of creds) {
    const token = credentialToken(c.value);
    if (!looksLikeJwt(token)) continue;
    const v = jwtClaim(token, claim);
    if (v) return v;
  }
  return null;
}
