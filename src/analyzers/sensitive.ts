// Runs the sensitive data rules over a call's flattened values: key names (cached per distinct name),
// value shapes behind cheap prefilters, credential types of auth headers and cookies, custom types.

import { type Condition, type Config, type CustomDataType, defaultConfig } from '../config.js';
import { UsageError } from '../errors.js';
import type { ParamLocation, ParamValue, SensitiveFinding, ValueType } from '../model/facts.js';
import { safeDecode } from '../sources/url.js';
import { authorizationScheme, type Credential } from './auth.js';
import { NON_SENSITIVE_HEADERS, OAUTH1_PROTOCOL_PARAMS, SET_COOKIE_SEPARATOR, isApiKeyHeader, isSessionCookie } from './auth-rules.js';
import { looksLikeJwt } from './jwt.js';
import { isPrefixedId, isSecretPathValue } from './path-secrets.js';
import { classifySegment } from './segment.js';
import { HAS, SENSITIVE_RULES, type ValueMatcher, valueStats } from './sensitive-rules.js';
import { plausibleValue, textPairs, unquote } from './text-pairs.js';
import { versionLike } from './mask.js';
import { embedded, isLabel, isMask, keyOf, normalizeKey, secretInList } from './sensitive-values.js';
import { base64Text, looksRandomToken } from './validators.js';
import { URL_HEADERS, mayHoldUrl } from './url-values.js';
import { UrlMemo, type UrlJudge, queryValueTypes, urlValueTypes } from './url-types.js';

interface FlatMatcher {
  ruleId: string;
  ruleIndex: number;
  m: ValueMatcher;
  notInHeaders: boolean;
}

interface CustomType {
  name: string;
  key: ((k: string) => boolean)[];
  value: ((v: string) => boolean)[];
  op: 'and' | 'or';
}

/** What a key name alone decides: key-only types, and which value matchers apply under it. */
interface KeyVerdict {
  raw: string;
  /** `raw` as key rules see it (normalizeKey). */
  norm: string;
  keyTypes: readonly KeyType[];
  allowed: readonly boolean[];
  /**
   * Types found per value under this name, by Where (request values, headers, response bodies): values repeat
   * across calls (`Server: envoy`, `"status": "active"`), so most are scanned once. A name whose
   * values do not repeat (request ids, timestamps) turns its memo off (null) after a trial.
   */
  memo: [Map<string, readonly string[]> | null, Map<string, readonly string[]> | null, Map<string, readonly string[]> | null];
  memoHits: number;
}

/** Values longer than this are scanned every time (rarely repeated, and costly to hash and keep). */
const MEMO_VALUE_MAX = 256;
/** Distinct values a name's memo holds; once full, it stays only if most lookups were hits. */
const MEMO_SIZE = 512;
/** Values all memos of a detector hold together (at most ~6 MB). */
const MEMO_TOTAL = 20_000;

const NO_TYPES: readonly string[] = [];

export interface Detector {
  matchers: readonly FlatMatcher[];
  /** Shapes trusted only as whole values (phone, card, SSN, IP) that redaction still masks inside text. */
  textMatchers: readonly FlatMatcher[];
  /** textMatchers but IP addresses: shapes looked for inside prose values (proseTypes). */
  proseMatchers: readonly FlatMatcher[];
  keyRules: readonly (KeyType & { key: RegExp })[];
  custom: readonly CustomType[];
  disabled: ReadonlySet<string>;
  keyCache: Map<string, KeyVerdict>;
  /** Values held in all memos (bounded: the key cache starts over when full). */
  memoEntries: number;
  /**
   * Types found in free text: unparsed request bodies [0], GraphQL documents [1] (a document repeats
   * on every call of its operation), unparsed response bodies [2], text values (proseTypes) [3].
   */
  textMemo: [Map<string, readonly string[]>, Map<string, readonly string[]>, Map<string, readonly string[]>, Map<string, readonly string[]>];
  /** These rules as the URL reader (url-values.ts) asks them. */
  judge: UrlJudge;
  headerUrls: UrlMemo;
  /** The same for links in other values (an image URL repeats on every call of a catalogue). */
  valueUrls: UrlMemo;
}

export { formParts, keyOf, normalizeKey } from './sensitive-values.js';

const KEY_CACHE_MAX = 20_000;

/** A type a name gives its values (key rules), as compiled. */
interface KeyType {
  id: string;
  generic: boolean;
  valueOk?: ((v: string) => boolean) | undefined;
  /** Matched by the name's singular (`passwords`): counts and scopes (`max_tokens: 100`, `authorizations: ["read"]`) are not secrets. */
  plural?: boolean;
}

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

function verdictFor(det: Detector, name: string): KeyVerdict {
  const hit = det.keyCache.get(name);
  if (hit) return hit;
  const raw = keyOf(name);
  const norm = normalizeKey(raw);
  const keyTypes: KeyType[] = [];
  let generic = false;
  // A list under a plural name holds what the singular names (`passwords`, `tokens`, `api_keys`, `phones`).
  const one = norm.length > 4 && norm.charCodeAt(norm.length - 1) === 115 && norm.charCodeAt(norm.length - 2) !== 115 ? norm.slice(0, -1) : null;
  const named = (re: RegExp): boolean => re.test(norm) || (one !== null && re.test(one));
  // Names the key says directly first, then through its singular: `backupWords` is a `secret` by its own
  // name before it is a `password` by `backupWord` (ending in `pword`), one generic secret type per key.
  for (const plural of [false, true]) {
    if (plural && one === null) break;
    for (const r of det.keyRules) {
      if ((r.generic && generic) || keyTypes.some((k) => k.id === r.id) || !r.key.test(plural ? one! : norm)) continue;
      keyTypes.push({ id: r.id, generic: r.generic, valueOk: r.valueOk, plural });
      generic ||= r.generic;
    }
  }
  const allowed = det.matchers.map(({ m }) => (!m.needsKey || named(m.needsKey)) && !(m.skipKey && named(m.skipKey)));
  const v: KeyVerdict = { raw, norm, keyTypes, allowed, memo: [new Map(), new Map(), new Map()], memoHits: 0 };
  if (det.keyCache.size >= KEY_CACHE_MAX) {
    det.keyCache.clear();
    det.memoEntries = 0;
  }
  det.keyCache.set(name, v);
  return v;
}

function matches(m: ValueMatcher, v: string): boolean {
  if (m.whole) {
    const t = v.trim();
    return m.anchored.test(t) && (!m.valid || m.valid(t));
  }
  const re = m.find;
  re.lastIndex = 0;
  for (let hit = re.exec(v); hit; hit = re.exec(v)) {
    if (!m.valid || m.valid(hit[0])) {
      re.lastIndex = 0;
      return true;
    }
    if (hit[0].length === 0) re.lastIndex++;
  }
  return false;
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

type Emit = (type: string) => void;

/** Where a pair was sent: 0 a request value (query, body, cookie, path), 1 a header, 2 a response body (where labels are). */
type Where = 0 | 1 | 2;

/** Value shapes and key names for one name/value pair; generic secret names yield to a specific value type. */
function scanPair(det: Detector, name: string, value: string, vtype: ValueType, where: Where, emit: Emit): void {
  const found = pairFound(det, name, value, vtype, where);
  for (let i = 0; i < found.length; i++) emit(found[i]!);
}

/** The types of one name/value pair, memoized per name. */
function pairFound(det: Detector, name: string, value: string, vtype: ValueType, where: Where): readonly string[] {
  const verdict = verdictFor(det, name);
  const slot = where;
  const memo = vtype === 'boolean' || value.length > MEMO_VALUE_MAX ? null : verdict.memo[slot];
  if (memo) {
    const known = memo.get(value);
    if (known !== undefined) {
      verdict.memoHits++;
      return known;
    }
  }
  const found = pairTypes(det, verdict, value, vtype, where);
  if (!memo) return found;
  if (memo.size < MEMO_SIZE) {
    if (det.memoEntries >= MEMO_TOTAL) {
      det.keyCache.clear(); // verdicts and their memos are rebuilt as names come back
      det.memoEntries = 0;
      return found;
    }
    memo.set(value, found);
    det.memoEntries++;
    return found;
  }
  det.memoEntries -= memo.size;
  if (verdict.memoHits < memo.size) verdict.memo[slot] = null; // values do not repeat
  else memo.clear(); // repeating values, but more than fit: start over with the current ones
  verdict.memoHits = 0;
  return found;
}

function pairTypes(det: Detector, verdict: KeyVerdict, value: string, vtype: ValueType, where: Where): readonly string[] {
  const inHeader = where === 1;
  const stats = valueStats(value);
  const mask = stats.mask;
  let found: string[] | null = null;
  let lastRule = -1;
  const ms = det.matchers;
  for (let i = 0; i < ms.length; i++) {
    const f = ms[i]!;
    if ((f.m.needs & mask) !== f.m.needs || f.ruleIndex === lastRule || !verdict.allowed[i] || (inHeader && f.notInHeaders)) continue;
    if (f.m.pre(stats, value) && matches(f.m, value)) {
      (found ??= []).push(f.ruleId);
      lastRule = f.ruleIndex; // other shapes of the same type need not run
    }
  }
  if (vtype === 'boolean' || verdict.keyTypes.length === 0 || isMask(value) || (where === 2 && isLabel(value, verdict.norm))) return found ?? NO_TYPES;
  const specific = found !== null;
  for (const k of verdict.keyTypes) {
    // A list under a plural secret name holds secrets only if they look like key material; under a
    // plural name of personal data (`accountNumbers`, `taxIds`) each element is that data.
    if ((k.generic && specific) || (k.valueOk !== undefined && !k.valueOk(value)) || (k.plural && k.generic && !secretInList(value, vtype))) continue;
    (found ??= []).push(k.id);
  }
  return found ?? NO_TYPES;
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

function scanCustom(det: Detector, name: string, value: string, emit: Emit): void {
  if (det.custom.length === 0) return;
  const raw = verdictFor(det, name).raw;
  for (const c of det.custom) {
    const k = c.key.length ? c.key.some((f) => f(raw)) : null;
    const v = c.value.length ? c.value.some((f) => f(value)) : null;
    const hit = k === null ? v === true : v === null ? k : c.op === 'or' ? k || v : k && v;
    if (hit) emit(c.name);
  }
}

function isHeader(loc: ParamLocation): boolean {
  return loc === 'request.header' || loc === 'response.header';
}

/** Value and key rules are filtered when compiled; credential types are checked as they are emitted. */
function emitCredential(det: Detector, type: string, emit: Emit): void {
  if (!det.disabled.has(type)) emit(type);
}

/**
 * Emits the sensitive types of one flattened value, with the location's special cases.
 * A credential presented where an auth scheme expects it (the Authorization header, an API-key
 * header, a session or JWT cookie) is auth, recorded by the auth analyzer with counts and
 * fingerprints; it is not a data finding, or every authenticated endpoint would "carry sensitive
 * data" and a `diff --fail-on sensitive-added` gate would trip on every new endpoint. The same
 * credentials anywhere else (URLs, bodies, response headers) are findings.
 */
/** `links: false` leaves the URLs inside the value unread (redaction re-scans a value whose links it masked). */
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
  if (p.location === 'request.cookie' && (looksLikeJwt(value) || isSessionCookie(p.name, value))) {
    scanCustom(det, p.name, value, emit); // a session or JWT cookie: auth, not data
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
  }
}

/** Short credential names that in a call's own query belong to the auth analyzer (CREDENTIAL_QUERY, SECRET_QUERY_NAMES). */
const QUERY_AUTH_NAMES: ReadonlySet<string> = new Set(['key', 'auth', 'sig', 'signature']);

/** Embedded text is read up to this long, and this many of its pairs. */
const EMBEDDED_MAX = 16_384;
const EMBEDDED_PAIRS = 256;
/** SQL and template placeholders (`password = ?`, `SET password=:pwd`, `$1`, `%s`): no value. */
const PLACEHOLDER = /^(?:\?|[:@$][A-Za-z_]\w*|\$\d+|%s|\{\w*\})$/;

/**
 * Types of the key/value pairs inside a string value, each judged under its own key as if it were a
 * parameter (`{"orderId": "4000..."}` inside a payload is an order id there too): serialized JSON is
 * parsed and walked (`json`), other text read as `key=value` / `key: value` pairs.
 */
function embeddedTypes(det: Detector, value: string, json: boolean, where: Where): readonly string[] {
  const text = value.length > EMBEDDED_MAX ? value.slice(0, EMBEDDED_MAX) : value;
  const found: string[] = [];
  const judge = (key: string, v: string, vtype: ValueType): void => {
    if (v === '' || PLACEHOLDER.test(v)) return;
    for (const t of pairFound(det, key, v, vtype, where)) addType(found, t);
    if (det.custom.length > 0) scanCustom(det, key, v, (t) => addType(found, t));
  };
  let parsed: unknown;
  if (json && text.length === value.length) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (parsed !== undefined) {
    let budget = EMBEDDED_PAIRS;
    const walk = (v: unknown, key: string, depth: number): void => {
      if (budget <= 0 || depth > 16) return;
      if (typeof v === 'string') {
        budget--;
        judge(key, v, 'string');
      } else if (typeof v === 'number') {
        budget--;
        judge(key, String(v), Number.isInteger(v) ? 'integer' : 'number');
      } else if (Array.isArray(v)) for (const x of v) walk(x, key, depth + 1);
      else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, k, depth + 1);
    };
    walk(parsed, '', 0);
  } else {
    for (const p of textPairs(text, false, EMBEDDED_PAIRS)) {
      const v = unquote(p.raw);
      if (p.quoted || plausibleValue(v)) judge(p.key, v, 'string');
    }
  }
  return found.length === 0 ? NO_TYPES : found;
}

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

function emitAll(types: readonly string[], emit: Emit): void {
  for (let i = 0; i < types.length; i++) emit(types[i]!);
}

// ---- Free text: unparsed bodies and GraphQL documents, read like the redactor reads them ----

/** Only this much of a text is scanned for findings. */
const FREE_TEXT_MAX = 65_536;
/** Free texts whose types are remembered (GraphQL documents repeat), and the longest one remembered. */
const TEXT_MEMO_SIZE = 256;
const TEXT_MEMO_VALUE_MAX = 16_384;

/**
 * How a value is read as text holding key/value pairs: 1 an unparsed body (text/plain, HTML that did
 * not parse, JSON cut short), 2 a GraphQL document (`query` with arguments), 0 neither.
 */
export function freeTextKind(location: ParamLocation, name: string, value: string): 0 | 1 | 2 {
  const last = name.charCodeAt(name.length - 1);
  if (last !== 36 && last !== 121) return 0; // '$', 'query': one comparison for every other name
  const body = location === 'request.body' || location === 'response.body';
  if (body && name === '$') return 1;
  if ((body || location === 'request.query') && name.endsWith('query') && keyOf(name) === 'query' && value.indexOf('(') !== -1 && value.indexOf(':') !== -1) return 2;
  return 0;
}

/** A letter, digit or `_`: a shape next to one is part of a longer word or id (`order_4111...`, `1.0.0+2013...`, `4111...aa`). */
function wordCharAt(text: string, i: number): boolean {
  if (i < 0) return false;
  const c = text.charCodeAt(i);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Whether a shape is in the text; `standalone`: only where it does not continue a word or id. */
function foundInText(f: FlatMatcher, text: string, standalone = false): boolean {
  const re = f.m.find;
  re.lastIndex = 0;
  for (let hit = re.exec(text); hit; hit = re.exec(text)) {
    if (standalone && (wordCharAt(text, hit.index - 1) || wordCharAt(text, hit.index + hit[0].length))) {
      if (hit[0].length === 0) re.lastIndex++;
      continue;
    }
    if ((!f.m.valid || f.m.valid(hit[0])) && !(f.ruleId === 'ip-address' && versionLike(text, hit.index))) {
      re.lastIndex = 0;
      return true;
    }
    if (hit[0].length === 0) re.lastIndex++;
  }
  return false;
}


function addType(found: string[], t: string): void {
  if (!found.includes(t)) found.push(t);
}

function freeTextScan(det: Detector, text: string, graphql: boolean, where: Where): readonly string[] {
  const found: string[] = [];
  for (const p of textPairs(text, graphql)) {
    const v = unquote(p.raw);
    if (v === '' || (!p.quoted && !plausibleValue(v))) continue;
    for (const t of pairFound(det, p.key, v, 'string', where)) addType(found, t);
    if (det.custom.length > 0) scanCustom(det, p.key, v, (t) => addType(found, t));
  }
  // Links in text (`[verify](https://.../verify?code=...)`) are read like URLs.
  if (mayHoldUrl(text, false)) for (const t of urlValueTypes(text, false, det.judge)) addType(found, t);
  // Shapes trusted only as whole values (a phone, a card) are masked inside text by redaction: found there too.
  textShapes(det, text, found);
  return found.length === 0 ? NO_TYPES : found;
}

/** Adds the value shapes (cards, phones, SSNs, IPs) found inside a text to `found`. */
function textShapes(det: Detector, text: string, found: string[], matchers = det.textMatchers, standalone = false): void {
  const mask = valueStats(text).mask;
  for (const f of matchers) {
    const needs = f.m.needs & ~HAS.NO_LETTERS;
    if ((mask & needs) === needs && foundInText(f, text, standalone)) addType(found, f.ruleId);
  }
}

/** Prose shorter than this holds no card, phone or SSN among words. */
const PROSE_MIN = 12;
/** Words or punctuation around numbers: text, not one number written with spaces or dashes. */
const TEXTUAL = /[A-Za-z]{2}|[,;:()]/;

/**
 * The value shapes inside a string value with words in it (`"note": "charge my card 4111 1111 1111
 * 1111"`, `"card:4111111111111111"`): redaction masks them in the sample, so they are findings of that
 * parameter too. Only shapes that stand apart (not `order_4111...` or `1.0.0+20130313144700`). Not IP
 * addresses: among words and numbers they are mostly versions and coordinates (SVG paths in an HTML
 * page's style: `9.4.7.6`). Memoized per text.
 */
function proseTypes(det: Detector, value: string): readonly string[] {
  // Words, not a number written with spaces (`1 415 555 2671` was judged whole, by its own shape).
  if (value.length < PROSE_MIN || !TEXTUAL.test(value)) return NO_TYPES;
  const text = value.length > FREE_TEXT_MAX ? value.slice(0, FREE_TEXT_MAX) : value;
  const memo = det.textMemo[3];
  const known = text.length <= TEXT_MEMO_VALUE_MAX ? memo.get(text) : undefined;
  if (known !== undefined) return known;
  const found: string[] = [];
  textShapes(det, text, found, det.proseMatchers, true);
  const types = found.length === 0 ? NO_TYPES : found;
  if (text.length <= TEXT_MEMO_VALUE_MAX) {
    if (memo.size >= TEXT_MEMO_SIZE) memo.clear();
    memo.set(text, types);
  }
  return types;
}

/** Types inside free text: key/value pairs by key and value, and every value shape redaction masks in text. */
function freeTextTypes(det: Detector, value: string, graphql: boolean, where: Where): readonly string[] {
  const text = value.length > FREE_TEXT_MAX ? value.slice(0, FREE_TEXT_MAX) : value;
  if (text.length > TEXT_MEMO_VALUE_MAX) return freeTextScan(det, text, graphql, where);
  const memo = det.textMemo[graphql ? 1 : where === 2 ? 2 : 0];
  const known = memo.get(text);
  if (known !== undefined) return known;
  const found = freeTextScan(det, text, graphql, where);
  if (memo.size >= TEXT_MEMO_SIZE) memo.clear();
  memo.set(text, found);
  return found;
}

const TOKEN_TYPE: readonly string[] = ['token'];

/**
 * Secrets a path value carries that no value shape finds: personal data base64-encoded into a link
 * (`/unsubscribe/am9obi5kb2VAZXhhbXBsZS5jb20`), a random token (`/password-reset/<token>`).
 */
function pathSecretTypes(det: Detector, v: string, context: string): readonly string[] {
  if (v.length < 8) return NO_TYPES;
  const found = encodedTextTypes(det, v);
  if (found !== null && found.length > 0) return found;
  // Base64 of plain text (`{"theme":"dark"}`) is encoded data, not random key material: a token only by context.
  return !det.disabled.has('token') && isSecretPathValue(v, context, found !== null) ? TOKEN_TYPE : NO_TYPES;
}

/** Types inside a value that is base64 of printable text (an e-mail address in a link), or null when it is not. */
function encodedTextTypes(det: Detector, v: string): readonly string[] | null {
  const text = base64Text(v);
  if (text === null) return null;
  const found = [...pairFound(det, '', text, 'string', 0)];
  for (const t of freeTextScan(det, text, false, 0)) addType(found, t);
  return found;
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

/**
 * Findings adjusted for credentials presented where their scheme puts them, which `auth` reports:
 * OAuth 1 protocol parameters in the query (RFC 5849 3.5.3) are auth like the Authorization header
 * form; a declared API key (Postman `apikey` under any name) is auth in a header, and in a URL a
 * finding like `?api_key=` is.
 */
export function withCredentials(findings: SensitiveFinding[], creds: readonly Credential[], cfg: Config): SensitiveFinding[] {
  let out = findings;
  for (const c of creds) {
    if (c.scheme === 'oauth1' && c.where === 'query') {
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
