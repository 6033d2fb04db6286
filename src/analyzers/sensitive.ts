// Runs the sensitive data rules over a call's flattened values: compiles them per config
// (sensitive-detector.ts judges each name/value pair, sensitive-text.ts the text inside values), and
// applies each location's special cases: credentials of auth headers and cookies, paths, queries.

import { type Condition, type Config, type CustomDataType, defaultConfig } from '../config.js';
import { UsageError } from '../errors.js';
import type { ParamLocation, ParamValue, SensitiveFinding } from '../model/facts.js';
import { safeDecode } from '../model/url.js';
import { propPath } from '../model/param-path.js';
import { authorizationScheme, type Credential } from './auth.js';
import { NON_SENSITIVE_HEADERS, OAUTH1_PROTOCOL_PARAMS, SET_COOKIE_SEPARATOR, isApiKeyCookie, isApiKeyHeader, isSessionCookie } from './auth-rules.js';
import { looksLikeJwt } from './jwt.js';
import { isPrefixedId } from './path-secrets.js';
import { classifySegment } from './segment.js';
import { type CustomType, type Detector, type Emit, type FlatMatcher, type KeyType, type Where, emitAll, emitCredential, pairFound, pairTypes, scanCustom, scanPair, siblingTypes, verdictFor } from './sensitive-detector.js';
import { SENSITIVE_RULES } from './sensitive-rules.js';
import { embeddedTypes, encodedTextTypes, freeTextKind, freeTextTypes, pathSecretTypes, proseTypes } from './sensitive-text.js';
import { embedded } from './sensitive-values.js';
import { base64Text, looksRandomToken } from './validators.js';
import { URL_HEADERS, mayHoldUrl } from './url-values.js';
import { UrlMemo, type UrlJudge, queryValueTypes } from './url-types.js';

export { formParts, keyOf, normalizeKey } from './sensitive-values.js';
export { freeTextKind } from './sensitive-text.js';

function condition(c: Condition, forKey: boolean, where: string): (s: string) => boolean {
  const arg = c.value ?? '';
  const norm = (s: string): string => (forKey ? s.toLowerCase() : s);
  const want = norm(arg);
  switch (c.op) {
    case 'regex': {
      let re: RegExp;
      try {
        re = new RegExp(arg, forKey ? 'i' : '');
      } catch (e) {
        throw new UsageError(`${where}: invalid regex ${JSON.stringify(arg)} (${(e as Error).message})`);
      }
      return (s) => re.test(s);
    }
    case 'startsWith':
      return (s) => norm(s).startsWith(want);
    case 'endsWith':
      return (s) => norm(s).endsWith(want);
    case 'contains':
      return (s) => norm(s).includes(want);
    case 'equals':
      return (s) => norm(s) === want;
    case 'isNumber':
      return (s) => s.trim() !== '' && Number.isFinite(Number(s));
    default:
      throw new UsageError(`${where}: unknown condition op ${JSON.stringify((c as { op: unknown }).op)}`);
  }
}

function compileCustom(t: CustomDataType, i: number): CustomType {
  const where = `sensitive.custom[${i}] (${t.name})`;
  return {
    name: t.name,
    key: (t.keyConditions ?? []).map((c) => condition(c, true, where)),
    value: (t.valueConditions ?? []).map((c) => condition(c, false, where)),
    op: t.operator ?? 'and',
  };
}

function compile(cfg: Config): Detector {
  const disabled = new Set(cfg.sensitive.disable);
  const matchers: FlatMatcher[] = [];
  const keyRules: (KeyType & { key: RegExp })[] = [];
  SENSITIVE_RULES.forEach((r, ruleIndex) => {
    if (disabled.has(r.id)) return;
    if (r.key) keyRules.push({ id: r.id, generic: r.generic === true, valueOk: r.keyValue, key: r.key });
    for (const m of r.values ?? []) matchers.push({ ruleId: r.id, ruleIndex, m, notInHeaders: r.notInHeaders === true });
  });
  const custom = cfg.sensitive.custom.flatMap((t, i) => (t.sensitive === false ? [] : [compileCustom(t, i)]));
  const textMatchers = matchers.filter((f) => f.m.whole && !f.m.needsKey);
  const judge: UrlJudge = {
    // A link's query is read like a call's own (url-types.ts judges `key`, `sig` and the like itself).
    pair: (name, value) => pairFound(det, QUERY_AUTH_NAMES.has(name) ? '' : name, value, 'string', 0),
    shapes: (value) => pairFound(det, '', value, 'string', 0),
    encoded: (value) => encodedTextTypes(det, value),
    pathValue: (value, context) => pathSecretTypes(det, value, context),
    enabled: (type) => !disabled.has(type),
  };
  const det: Detector = {
    matchers, textMatchers, proseMatchers: textMatchers.filter((f) => f.ruleId !== 'ip-address'), keyRules, custom, disabled, keyCache: new Map(), memoEntries: 0, textMemo: [new Map(), new Map(), new Map(), new Map()],
    judge, headerUrls: new UrlMemo(judge), valueUrls: new UrlMemo(judge),
  };
  return det;
}

const detectors = new WeakMap<Config, Detector>();
let defaultDetector: Detector | undefined;

/** The compiled rules for a config (compiled once per Config object; treat a used Config as frozen). */
export function detectorFor(cfg?: Config): Detector {
  if (!cfg) return (defaultDetector ??= compile(defaultConfig()));
  let d = detectors.get(cfg);
  if (!d) {
    d = compile(cfg);
    detectors.set(cfg, d);
  }
  return d;
}

const masking = new WeakMap<Config, Config>();

/**
 * The configuration values are masked by: `cfg` with no type switched off. `sensitive.disable`
 * stops a type being reported (findings, risk, gates); it never lets its values be stored or printed
 * in clear, which only `--unredacted-samples` does.
 */
export function maskingConfig(cfg: Config): Config {
  if (cfg.sensitive.disable.length === 0) return cfg;
  let m = masking.get(cfg);
  if (m === undefined) masking.set(cfg, (m = { ...cfg, sensitive: { ...cfg.sensitive, disable: [] } }));
  return m;
}

/** Type of credential in an Authorization header value, or null when it carries none. */
export function credentialType(value: string): string | null {
  const a = authorizationScheme(value);
  if (!a) return null;
  switch (a.scheme) {
    case 'bearer-jwt':
      return 'jwt';
    case 'bearer':
      return 'bearer-token';
    case 'basic':
      return 'basic-credentials';
    case 'digest':
      return 'digest-credentials';
    case 'ntlm':
    case 'negotiate':
      return 'auth-handshake';
    case 'aws-sigv4':
      return 'aws-signature';
    case 'oauth1':
      return 'oauth1-credentials';
    default:
      return 'api-key';
  }
}

/** `Bearer <token>` or `Basic <user:password in base64>`: the scheme word, then an RFC 7235 token68. */
const SCHEME_VALUE = /^\s*(bearer|basic)[ \t]+([A-Za-z0-9._~+/-]+=*)\s*$/i;
const SCHEME_IN_TEXT = /(?:^|[^A-Za-z0-9_-])(bearer|basic) +([A-Za-z0-9._~+/-]+=*)(?![A-Za-z0-9._~+/=-])/gi;

/** A credential, not a word that follows `basic` or `bearer` in prose (`basic plan`, `bearer realm`). */
function plausibleCredential(word: string, credential: string): boolean {
  if (word.toLowerCase() === 'basic') return base64Text(credential)?.includes(':') === true;
  return looksLikeJwt(credential) || (credential.length >= 16 && /\d/.test(credential) && /[A-Za-z]/.test(credential));
}

/**
 * The credential type of a Bearer or Basic credential sent in a header other than Authorization
 * (`X-Forwarded-Authorization`, `X-Amzn-Remapped-Authorization`, a misspelt `Authentication`), or null.
 */
export function schemeCredentialType(value: string): string | null {
  const m = SCHEME_VALUE.exec(value);
  return m === null || !plausibleCredential(m[1]!, m[2]!) ? null : credentialType(`${m[1]} ${m[2]}`);
}

/** `bearer` or `basic` (any case) just before position `i` of `s`. */
function schemeWordBefore(s: string, i: number): boolean {
  if (i >= 6 && (s.charCodeAt(i - 6) | 32) === 98 && (s.charCodeAt(i - 1) | 32) === 114 && s.slice(i - 6, i).toLowerCase() === 'bearer') return true;
  return i >= 5 && (s.charCodeAt(i - 5) | 32) === 98 && (s.charCodeAt(i - 1) | 32) === 99 && s.slice(i - 5, i).toLowerCase() === 'basic';
}

/** The same inside a text value (`"msg": "Authorization: Bearer ..."`, a trace); one pass over its spaces for text without the words. */
export function schemeCredentialInText(value: string): string | null {
  if (value.length < 14) return null;
  let word = false;
  for (let i = value.indexOf(' '); i !== -1 && !word; i = value.indexOf(' ', i + 1)) word = schemeWordBefore(value, i);
  if (!word) return null;
  SCHEME_IN_TEXT.lastIndex = 0;
  for (let m = SCHEME_IN_TEXT.exec(value); m !== null; m = SCHEME_IN_TEXT.exec(value)) {
    if (plausibleCredential(m[1]!, m[2]!)) return credentialType(`${m[1]} ${m[2]}`);
  }
  return null;
}

/**
 * The cookies of an echoed Cookie or Set-Cookie header value, judged as in a request: session and JWT
 * cookies are tokens, others by their name and value (`api_key=...`); attributes (`Path=/`) are skipped.
 */
function echoedCookies(det: Detector, value: string, emit: Emit): void {
  const cookies = value.split(SET_COOKIE_SEPARATOR); // separators at odd indices
  for (let i = 0; i < cookies.length; i += 2) {
    for (const pair of cookies[i]!.split(';')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const v = pair.slice(eq + 1).trim();
      if (v === '' || COOKIE_ATTRIBUTES.has(name.toLowerCase())) continue;
      if (looksLikeJwt(v) || isSessionCookie(name, v)) emitCredential(det, 'token', emit);
      else scanPair(det, name, v, 'string', 0, emit);
    }
  }
}

const COOKIE_ATTRIBUTES: ReadonlySet<string> = new Set(['path', 'domain', 'expires', 'max-age', 'samesite', 'priority', 'partitioned']);

function isHeader(loc: ParamLocation): boolean {
  return loc === 'request.header' || loc === 'response.header';
}

/**
 * Emits the sensitive types of one flattened value, with the location's special cases.
 * A credential presented where an auth scheme expects it (the Authorization header, an API-key
 * header, a session or JWT cookie) is auth, recorded by the auth analyzer with counts and
 * fingerprints; it is not a data finding, or every authenticated endpoint would "carry sensitive
 * data" and a `diff --fail-on sensitive-added` gate would trip on every new endpoint. The same
 * credentials anywhere else (URLs, bodies, response headers) are findings. `links: false` leaves the
 * URLs inside the value unread (redaction re-scans a value whose links it masked).
 */
export function scanParam(det: Detector, p: ParamValue, emit: Emit, links = true): void {
  const value = p.value;
  if (value === '') return;
  if (isHeader(p.location)) {
    const n = p.name.toLowerCase();
    const request = p.location === 'request.header';
    if (n === 'authorization' || n === 'proxy-authorization') {
      if (!request) {
        const t = credentialType(value);
        if (t) emitCredential(det, t, emit);
      }
    } else if (request && (isApiKeyHeader(n, value) || n === 'x-amz-security-token')) {
      // an API-key credential in its place, or the session token that goes with a SigV4 signature: auth, not data
    } else if (n === 'set-cookie') {
      // Several cookies in one value (joined by a newline, or folded with `, `): each is read.
      const cookies = value.indexOf('\n') === -1 && value.indexOf(',') === -1 ? [value] : value.split(SET_COOKIE_SEPARATOR);
      for (let i = 0; i < cookies.length; i += 2) {
        const one = cookies[i]!;
        const semi = one.indexOf(';');
        const pair = semi === -1 ? one : one.slice(0, semi);
        const eq = pair.indexOf('=');
        const cName = eq === -1 ? '' : pair.slice(0, eq).trim();
        const cValue = eq === -1 ? pair.trim() : pair.slice(eq + 1).trim();
        const session = cValue !== '' && !looksLikeJwt(cValue) && isSessionCookie(cName, cValue);
        if (cValue !== '' && !session) scanPair(det, cName, cValue, 'string', 0, emit);
      }
    } else if (n !== 'cookie' && n.charCodeAt(0) !== 58 && !NON_SENSITIVE_HEADERS.has(n)) {
      // Cookie headers are reported per cookie (request.cookie); ':authority' and friends are routing.
      // IPs are not reported in headers: X-Forwarded-For & co. are infrastructure on every call.
      scanPair(det, n, value, p.type, 1, emit);
      const scheme = schemeCredentialType(value);
      if (scheme !== null) emitCredential(det, scheme, emit);
      const urlHeader = URL_HEADERS.has(n);
      if (links && mayHoldUrl(value, urlHeader)) emitAll(det.headerUrls.types(value, urlHeader), emit);
    }
    scanCustom(det, p.name, value, emit);
    return;
  }
  if (p.location === 'request.path') {
    // Paths arrive as on the wire: 'jane%40example.com' must read as the e-mail it is.
    const v = value.includes('%') ? safeDecode(value) : value;
    // A prefixed object id (`sess_...`, `cs_test_...`) is an id whatever noun named its parameter
    // (`/sessions/{sessionId}`): only value shapes (`sk_live_...`) find a secret in it.
    const name = v.indexOf('_') > 1 && isPrefixedId(v) ? '' : p.name;
    let found = pairFound(det, name, v, p.type, 0);
    // A path parameter's name is mostly this tool's own (`/sessions/{sessionId}`, `/tokens/{tokenId}`):
    // a generic secret's name says nothing about an integer, a UUID or a slug there, only about key
    // material (hex, base64url). Otherwise the value's shape and the words before it decide (pathSecretTypes).
    if (found.length > 0) found = withoutGenericNames(det, name, v, found);
    for (let i = 0; i < found.length; i++) emit(found[i]!);
    scanCustom(det, p.name, value, emit);
    if (found.length === 0) {
      const secret = pathSecretTypes(det, v, p.name);
      for (let i = 0; i < secret.length; i++) emit(secret[i]!);
    }
    return;
  }
  if (p.location === 'request.cookie' && (looksLikeJwt(value) || isSessionCookie(p.name, value) || isApiKeyCookie(p.name, value))) {
    scanCustom(det, p.name, value, emit); // a session, JWT or API-key cookie: auth, not data
    return;
  }
  const where: Where = p.location === 'response.body' ? 2 : 0;
  if (p.location === 'request.query') {
    // `?key=`, `?sig=`: in a call's own query these are the auth analyzer's (auth-rules.ts), judged there.
    const found = pairFound(det, QUERY_AUTH_NAMES.has(p.name) ? '' : p.name, value, p.type, 0);
    emitAll(found, emit);
    if (found.length === 0 && p.type === 'string') emitAll(queryValueTypes(p.name, value, det.judge, false), emit);
  } else {
    scanPair(det, p.judgeAs ?? p.name, value, p.type, where, emit);
    // A Cookie or Set-Cookie header echoed in a body (httpbin, postman-echo): its session cookies are tokens.
    if (p.type === 'string' && value.indexOf('=') !== -1) {
      const norm = verdictFor(det, p.name).norm;
      if (norm === 'cookie' || norm === 'setcookie') echoedCookies(det, value, emit);
    }
    // A cookie or body value sent percent-encoded (`user_email=jane%40example.com`): read as it decodes.
    const pct = p.type === 'string' ? value.indexOf('%') : -1;
    if (pct !== -1 && pct < value.length - 2) {
      const decoded = safeDecode(value);
      if (decoded !== value && !mayHoldUrl(value, false)) scanPair(det, p.name, decoded, 'string', where, emit);
    }
  }
  scanCustom(det, p.name, value, emit);
  const text = freeTextKind(p.location, p.name, value);
  if (text !== 0) emitAll(freeTextTypes(det, value, text === 2, where), emit);
  else if (p.type !== 'string' || !links) return;
  else {
    const inside = embedded(value);
    // Key/value text (`{"orderId":"4000..."}`, `trackingNumber=4000...&carrier=ups`) is judged pair by
    // pair under its keys; other text for the shapes it holds.
    if (inside === 0) emitAll(proseTypes(det, value), emit);
    if (inside === 1) emitAll(embeddedTypes(det, value, true, where), emit);
    else if (mayHoldUrl(value, false)) emitAll(det.valueUrls.types(value, false), emit);
    else if (inside === 2) emitAll(embeddedTypes(det, value, false, where), emit);
    // A credential quoted with its scheme (`"Authorization: Bearer ..."` in a trace or an error), when
    // the value's own name does not already say it is one (an echoed `Proxy-Authorization` header).
    if (inside !== 1) {
      const scheme = schemeCredentialInText(value);
      if (scheme !== null && verdictFor(det, p.judgeAs ?? p.name).keyTypes.length === 0) emitCredential(det, scheme, emit);
    }
  }
}

/** Short credential names that in a call's own query belong to the auth analyzer (CREDENTIAL_QUERY, SECRET_QUERY_NAMES). */
const QUERY_AUTH_NAMES: ReadonlySet<string> = new Set(['key', 'auth', 'sig', 'signature']);

/** Path value kinds that are key material, so that a secret's name (`/sessions/{sessionId}`) is believed. */
const KEY_MATERIAL: ReadonlySet<string> = new Set(['hex', 'base64url', 'ulid']);

function withoutGenericNames(det: Detector, name: string, value: string, found: readonly string[]): readonly string[] {
  const kind = classifySegment(value).kind;
  if (KEY_MATERIAL.has(kind) || (kind !== 'uuid' && looksRandomToken(value, 16))) return found;
  const keyTypes = verdictFor(det, name).keyTypes;
  let out = found;
  for (const k of keyTypes) if (k.generic && out.includes(k.id)) out = out.filter((t) => t !== k.id);
  return out;
}

/**
 * Types of one path segment that only its place says (a token after `/password-reset/`, an e-mail in
 * base64): `context` is the parameter's name or the literal before it. Empty for ids.
 */
export function pathValueTypes(value: string, context: string, cfg?: Config): readonly string[] {
  const v = value.includes('%') ? safeDecode(value) : value;
  return pathSecretTypes(detectorFor(cfg), v, context);
}

/** Unique (location, param, type) findings over a call's flattened values. */
export function detectSensitive(values: readonly ParamValue[], cfg: Config): SensitiveFinding[] {
  const det = detectorFor(cfg);
  const out: SensitiveFinding[] = [];
  let cur: ParamValue | undefined;
  const emit = (type: string): void => {
    const p = cur!;
    for (const f of out) if (f.type === type && f.param === p.name && f.location === p.location) return;
    out.push({ location: p.location, param: p.name, type });
  };
  for (const p of values) {
    cur = p;
    scanParam(det, p, emit);
  }
  siblingTypes(det, values, (p, type) => {
    cur = p;
    emit(type);
  });
  return out;
}

/** Sensitive types of a single name/value pair (redaction re-scans with this); `links: false` leaves the URLs in it unread. */
export function sensitiveTypes(p: ParamValue, cfg?: Config, links = true): string[] {
  const types: string[] = [];
  scanParam(
    detectorFor(cfg),
    p,
    (t) => {
      if (!types.includes(t)) types.push(t);
    },
    links,
  );
  return types;
}

/**
 * Types a key name alone implies (`resetPassword` -> password), whatever its value. A plural names a
 * collection (`/api-keys/<id>` addresses one record of it), so only the name as written counts.
 */
export function keyTypes(name: string, cfg?: Config): string[] {
  return verdictFor(detectorFor(cfg), name).keyTypes.filter((k) => k.plural !== true).map((k) => k.id);
}

/** Adds a finding found outside the per-value scan (a name, a call-level rule) unless its type is disabled or it is there already. */
export function addFinding(out: SensitiveFinding[], cfg: Config, location: ParamLocation, param: string, type: string): void {
  if (detectorFor(cfg).disabled.has(type)) return;
  for (const f of out) if (f.type === type && f.param === param && f.location === location) return;
  out.push({ location, param, type });
}

/** The value shapes the default rules see in a bare value, with no name to go by (value-names.ts). */
export function valueShapeTypes(value: string): readonly string[] {
  const det = detectorFor();
  return pairTypes(det, verdictFor(det, ''), value, 'string', 0);
}

/** Where a configured scheme's credential is reported as a parameter: header names in lower case, body keys as their JSON path. */
function customCredentialAt(where: 'header' | 'query' | 'cookie' | 'body', name: string): { location: ParamLocation; param: string } {
  if (where === 'header') return { location: 'request.header', param: name.toLowerCase() };
  if (where === 'body') return { location: 'request.body', param: name.startsWith('$') ? name : propPath('$', name) };
  return { location: where === 'query' ? 'request.query' : 'request.cookie', param: name };
}

/**
 * Findings adjusted for credentials presented where their scheme puts them, which `auth` reports:
 * OAuth 1 protocol parameters in the query (RFC 5849 3.5.3) are auth like the Authorization header
 * form; a declared API key (Postman `apikey` under any name) is auth in a header, and in a URL a
 * finding like `?api_key=` is.
 */
export function withCredentials(findings: SensitiveFinding[], creds: readonly Credential[], cfg: Config): SensitiveFinding[] {
  let out = findings;
  for (const c of creds) {
    if (c.scheme === 'custom' && c.where !== 'authorization' && c.where !== 'declared') {
      // A configured scheme's credential, where the config says it travels: auth, as built-in API keys are.
      const { location, param } = customCredentialAt(c.where, c.name);
      out = out.filter((f) => !(f.location === location && f.param === param));
    } else if (c.scheme === 'oauth1' && c.where === 'query') {
      out = out.filter((f) => !(f.location === 'request.query' && OAUTH1_PROTOCOL_PARAMS.has(f.param)));
    } else if (c.declared && c.where === 'header') {
      const n = c.name.toLowerCase();
      out = out.filter((f) => !(f.location === 'request.header' && f.param === n));
    } else if (c.declared && c.where === 'query') {
      if (out.some((f) => f.location === 'request.query' && f.param === c.name) || detectorFor(cfg).disabled.has(c.scheme === 'api-key' ? 'api-key' : 'token')) continue;
      out = [...out, { location: 'request.query', param: c.name, type: c.scheme === 'api-key' ? 'api-key' : 'token' }];
    }
  }
  return out;
}
