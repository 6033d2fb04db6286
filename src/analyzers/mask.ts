// Masks sensitive values while keeping their shape (`j***@e***.com`, `<jwt alg=HS256>`, `<token:fp:...>`):
// one value of a known type, every value shape inside free text, and messages that may quote input.

import { safeDecode } from '../model/url.js';
import { fingerprint } from './fingerprint.js';
import { decodeJwtParts, looksLikeJwt } from './jwt.js';
import { HAS, SENSITIVE_RULES, type SensitiveRule, valueStats } from './sensitive-rules.js';

const RULES_BY_ID: ReadonlyMap<string, SensitiveRule> = new Map(SENSITIVE_RULES.map((r) => [r.id, r]));
/** Types masked in place keeping their shape; every other type hides the whole value. */
export const SHAPED_TYPES: ReadonlySet<string> = new Set(['email', 'credit-card', 'phone', 'ssn', 'iban', 'ip-address', 'jwt', 'db-connection-string']);
/** High-entropy credentials: a short fingerprint in samples lets a reader tell tokens apart. Never for
 * passwords or personal data, whose small value space would make a fingerprint guessable. */
const FINGERPRINTED = new Set([
  'token', 'api-key', 'bearer-token', 'session-cookie', 'aws-access-key-id', 'jwt-cookie', 'github-token', 'gitlab-token',
  'slack-token', 'stripe-key', 'google-api-key', 'npm-token', 'sendgrid-key', 'openai-key',
]);
function maskEmail(m: string): string {
  const at = m.lastIndexOf('@');
  const domain = m.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  return `${m[0]}***@${domain[0]}***${domain.slice(dot)}`;
}

/** Masks every digit except the ones `keep(i, n)` allows, separators untouched. */
function maskDigits(m: string, keep: (i: number, n: number) => boolean): string {
  let n = 0;
  for (let i = 0; i < m.length; i++) if (m.charCodeAt(i) >= 48 && m.charCodeAt(i) <= 57) n++;
  let i = 0;
  let out = '';
  for (const ch of m) {
    if (ch >= '0' && ch <= '9') out += keep(i++, n) ? ch : '*';
    else out += ch;
  }
  return out;
}

function maskPhone(m: string): string {
  // '+1 415-555-2671' -> '+1 ***-***-**71': country code and last two digits stay.
  const cc = m.startsWith('+') ? (/^\+(\d{1,3})[ .(-]/.exec(m)?.[1]?.length ?? 0) : 0;
  return maskDigits(m, (i, n) => i < cc || i >= n - 2);
}

function maskIp(m: string): string {
  if (m.indexOf(':') === -1) return `${m.slice(0, m.lastIndexOf('.'))}.x`;
  const groups = m.split(':').filter((g) => g !== '');
  return `${groups.slice(0, 2).join(':')}::x`;
}

function maskConnectionString(m: string): string {
  const at = m.lastIndexOf('@');
  const scheme = m.slice(0, m.indexOf('://') + 3);
  const rest = m.slice(at + 1);
  const q = rest.indexOf('?');
  // No ':' left in the user part, so the masked form no longer reads as a credential-bearing URL.
  return `${scheme}<redacted>@${q === -1 ? rest : `${rest.slice(0, q)}?<redacted>`}`;
}

function maskJwt(m: string): string {
  const alg = decodeJwtParts(m)?.header.alg;
  return typeof alg === 'string' && /^[\w.-]{1,20}$/.test(alg) ? `<jwt alg=${alg}>` : '<jwt>';
}

/** Shape-keeping mask of one matched value of a built-in type, or null when the type has no shape. */
function shapeMask(type: string, m: string): string | null {
  switch (type) {
    case 'email':
      return maskEmail(m);
    case 'credit-card':
      return maskDigits(m, (i, n) => i < 4 || i >= n - 4);
    case 'phone':
      return maskPhone(m);
    case 'ssn':
      return maskDigits(m, (i, n) => i >= n - 4);
    case 'iban':
      return m.slice(0, 2) + m.slice(2, -4).replace(/[A-Za-z0-9]/g, '*') + m.slice(-4);
    case 'ip-address':
      return maskIp(m);
    case 'jwt':
      return maskJwt(m);
    case 'db-connection-string':
      return maskConnectionString(m);
    default:
      return null;
  }
}

/** The whole value hidden: `<type>`, `<type:fp:3f9a1c>` for fingerprinted credentials, `<jwt alg=...>`. */
export function opaque(type: string, value: string, salt?: string): string {
  if (type === 'jwt' || looksLikeJwt(value)) return maskJwt(value);
  return salt !== undefined && FINGERPRINTED.has(type) ? `<${type}:fp:${fingerprint(value, salt).slice(0, 6)}>` : `<${type}>`;
}

/**
 * Masks a value of a sensitive type, keeping its shape: `j***@e***.com`, `4111 **** **** 1111`,
 * `+1 ***-***-**71`, `***-**-6789`, `<jwt alg=HS256>`, `203.0.113.x`; secrets become `<type>`, or
 * `<type:fp:3f9a1c>` for tokens when a salt is given. Shaped types mask each occurrence inside text.
 */
export function redactValue(type: string, value: string, salt?: string): string {
  const rule = RULES_BY_ID.get(type);
  if (rule?.values && SHAPED_TYPES.has(type)) {
    let changed = false;
    let out = value;
    for (const m of rule.values) {
      out = out.replace(m.find, (hit) => {
        if (m.valid && !m.valid(hit)) return hit;
        changed = true;
        return shapeMask(type, hit)!;
      });
    }
    if (changed) return out;
    const t = value.trim();
    if (t !== value) return redactValue(type, t, salt);
    return rule.values.some((m) => m.anchored.test(t)) ? shapeMask(type, t)! : `<${type}>`;
  }
  return opaque(type, value, salt);
}

/**
 * An IPv4 at `at` in `text` that reads as a version (`Chrome/120.0.0.0`, `v1.2.3.4`, `version 1.2.3.4`):
 * neither reported nor masked, so a User-Agent keeps its browser version.
 */
export function versionLike(text: string, at: number): boolean {
  const c = text.charCodeAt(at - 1);
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 47 || c === 95 || c === 45) return true;
  return /(?:version|ver|build|release|firmware|sdk|v)\W{0,3}$/i.test(text.slice(Math.max(0, at - 16), at));
}

/** Masks every built-in value shape found inside free text (bodies, headers, path segments). */
export function maskText(text: string, salt?: string): string {
  // The character classes a match needs must be somewhere in the text (letters aside: text has words
  // around the match), so most values skip most regexes; samples mask every string they hold.
  const has = valueStats(text).mask;
  let out = text;
  for (const r of SENSITIVE_RULES) {
    for (const m of r.values ?? []) {
      const needs = m.needs & ~HAS.NO_LETTERS;
      if (m.needsKey || (has & needs) !== needs) continue;
      out = out.replace(m.find, (hit: string, ...rest: unknown[]) => {
        if (m.valid && !m.valid(hit)) return hit;
        if (r.id === 'ip-address' && versionLike(rest[rest.length - 1] as string, rest[rest.length - 2] as number)) return hit;
        return shapeMask(r.id, hit) ?? opaque(r.id, hit, salt);
      });
    }
  }
  return out;
}

/** A query or fragment pair quoted in a message: `?api_key=...`, `&token=...`, `#access_token=...`. */
const QUOTED_PAIR = /([?&#][^\s=&#'"]{1,64}=)[^\s&#'"]+/g;
/** V8's JSON.parse message quotes the input around the error (newlines included): `..."value": tok_12"... is not valid JSON`. */
const JSON_ERROR_QUOTE = /, (?:\.\.\.)?"[\s\S]*?"(?:\.\.\.)? is not valid JSON/g;

/**
 * Masks what a free-form message may quote from its input (a skip reason naming a bad URL): every
 * query and fragment value, and every built-in value shape. For text nobody parsed, so it errs on hiding.
 */
export function redactMessage(text: string): string {
  return maskText(text.replace(QUOTED_PAIR, '$1<redacted>').replace(JSON_ERROR_QUOTE, ' is not valid JSON'));
}

/** Masks one concrete path segment that carries an e-mail, token or other detected value. */
export function maskPathSegment(segment: string, salt?: string): string {
  const decoded = segment.includes('%') ? safeDecode(segment) : segment;
  const masked = maskText(decoded, salt);
  return masked === decoded ? segment : masked;
}
