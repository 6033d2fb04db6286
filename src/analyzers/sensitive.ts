// Runs the sensitive data rules over a call's flattened values: key names (cached per distinct name),
// value shapes behind cheap prefilters, credential types of auth headers and cookies, custom types.

import { type Condition, type Config, type CustomDataType, defaultConfig } from '../config.js';
import { UsageError } from '../errors.js';
import type { CallRecord } from '../model/call-record.js';
import type { ParamLocation, ParamValue, SensitiveFinding, ValueType } from '../model/facts.js';
import { safeDecode } from '../sources/url.js';
import { authorizationScheme, type Credential } from './auth.js';
import { API_KEY_HEADERS, NON_SENSITIVE_HEADERS, OAUTH1_PROTOCOL_PARAMS, isSessionCookie } from './auth-rules.js';
import { looksLikeJwt } from './jwt.js';
import { classifySegment, isSecretPathValue } from './segment.js';
import { HAS, SENSITIVE_RULES, type ValueMatcher, valueStats } from './sensitive-rules.js';
import { base64Text, looksRandomToken } from './validators.js';

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
  keyTypes: readonly { id: string; generic: boolean }[];
  allowed: readonly boolean[];
  /**
   * Types found per value under this name, outside headers [0] and in headers [1]: values repeat
   * across calls (`Server: envoy`, `"status": "active"`), so most are scanned once. A name whose
   * values do not repeat (request ids, timestamps) turns its memo off (null) after a trial.
   */
  memo: [Map<string, readonly string[]> | null, Map<string, readonly string[]> | null];
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
  keyRules: readonly { id: string; generic: boolean; key: RegExp }[];
  custom: readonly CustomType[];
  disabled: ReadonlySet<string>;
  keyCache: Map<string, KeyVerdict>;
  /** Values held in all memos (bounded: the key cache starts over when full). */
  memoEntries: number;
  /** Types found in free text, bodies [0] and GraphQL documents [1] (a document repeats on every call of its operation). */
  textMemo: [Map<string, readonly string[]>, Map<string, readonly string[]>];
}

const KEY_CACHE_MAX = 20_000;

/** Last segment of a param name: `$.user.Password` -> `Password`, `$.items[*].email` -> `email`, `$['x-y']` -> `x-y`. */
export function keyOf(name: string): string {
  let end = name.length;
  while (end > 0 && name.charCodeAt(end - 1) === 93) {
    const open = name.lastIndexOf('[', end - 1);
    if (open === -1) break;
    const q = name[open + 1];
    if ((q === '"' || q === "'") && end - open > 3) return name.slice(open + 2, end - 2);
    end = open;
  }
  let start = end;
  while (start > 0) {
    const c = name.charCodeAt(start - 1);
    if (c === 46 || c === 47 || c === 36 || c === 64) break; // . / $ @
    start--;
  }
  return name.slice(start, end);
}

/** Lower-case letters and digits only, so `client_secret`, `clientSecret` and `Client-Secret` meet. */
export function normalizeKey(raw: string): string {
  return raw.toLowerCase().replace(/[^a-z0-9]/g, '');
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
  const keyRules: { id: string; generic: boolean; key: RegExp }[] = [];
  SENSITIVE_RULES.forEach((r, ruleIndex) => {
    if (disabled.has(r.id)) return;
    if (r.key) keyRules.push({ id: r.id, generic: r.generic === true, key: r.key });
    for (const m of r.values ?? []) matchers.push({ ruleId: r.id, ruleIndex, m, notInHeaders: r.notInHeaders === true });
  });
  const custom = cfg.sensitive.custom.flatMap((t, i) => (t.sensitive === false ? [] : [compileCustom(t, i)]));
  const textMatchers = matchers.filter((f) => f.m.whole && !f.m.needsKey);
  return { matchers, textMatchers, keyRules, custom, disabled, keyCache: new Map(), memoEntries: 0, textMemo: [new Map(), new Map()] };
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
  const keyTypes: { id: string; generic: boolean }[] = [];
  let generic = false;
  for (const r of det.keyRules) {
    if (!r.key.test(norm) || (r.generic && generic)) continue; // one generic secret type per key
    keyTypes.push({ id: r.id, generic: r.generic });
    generic ||= r.generic;
  }
  const allowed = det.matchers.map(({ m }) => (!m.needsKey || m.needsKey.test(norm)) && !(m.skipKey && m.skipKey.test(norm)));
  const v: KeyVerdict = { raw, keyTypes, allowed, memo: [new Map(), new Map()], memoHits: 0 };
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

/** Value shapes and key names for one name/value pair; generic secret names yield to a specific value type. */
function scanPair(det: Detector, name: string, value: string, vtype: ValueType, inHeader: boolean, emit: Emit): void {
  const found = pairFound(det, name, value, vtype, inHeader);
  for (let i = 0; i < found.length; i++) emit(found[i]!);
}

/** The types of one name/value pair, memoized per name. */
function pairFound(det: Detector, name: string, value: string, vtype: ValueType, inHeader: boolean): readonly string[] {
  const verdict = verdictFor(det, name);
  const slot = inHeader ? 1 : 0;
  const memo = vtype === 'boolean' || value.length > MEMO_VALUE_MAX ? null : verdict.memo[slot];
  if (memo) {
    const known = memo.get(value);
    if (known !== undefined) {
      verdict.memoHits++;
      return known;
    }
  }
  const found = pairTypes(det, verdict, value, vtype, inHeader);
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

function pairTypes(det: Detector, verdict: KeyVerdict, value: string, vtype: ValueType, inHeader: boolean): readonly string[] {
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
  if (vtype === 'boolean') return found ?? NO_TYPES;
  const specific = found !== null;
  for (const k of verdict.keyTypes) if (!(k.generic && specific)) (found ??= []).push(k.id);
  return found ?? NO_TYPES;
}

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
export function scanParam(det: Detector, p: ParamValue, emit: Emit): void {
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
    } else if (request && API_KEY_HEADERS.has(n)) {
      // an API-key credential in its place: auth, not data
    } else if (n === 'set-cookie') {
      const semi = value.indexOf(';');
      const pair = semi === -1 ? value : value.slice(0, semi);
      const eq = pair.indexOf('=');
      const cName = eq === -1 ? '' : pair.slice(0, eq).trim();
      const cValue = eq === -1 ? pair.trim() : pair.slice(eq + 1).trim();
      const session = cValue !== '' && !looksLikeJwt(cValue) && isSessionCookie(cName, cValue);
      if (cValue !== '' && !session) scanPair(det, cName, cValue, 'string', false, emit);
    } else if (n !== 'cookie' && n.charCodeAt(0) !== 58 && !NON_SENSITIVE_HEADERS.has(n)) {
      // Cookie headers are reported per cookie (request.cookie); ':authority' and friends are routing.
      // IPs are not reported in headers: X-Forwarded-For & co. are infrastructure on every call.
      scanPair(det, n, value, p.type, true, emit);
    }
    scanCustom(det, p.name, value, emit);
    return;
  }
  if (p.location === 'request.path') {
    // Paths arrive as on the wire: 'jane%40example.com' must read as the e-mail it is.
    const v = value.includes('%') ? safeDecode(value) : value;
    const found = pairFound(det, p.name, v, p.type, false);
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
  scanPair(det, p.name, value, p.type, false, emit);
  scanCustom(det, p.name, value, emit);
  const text = freeTextKind(p.location, p.name, value);
  if (text !== 0) {
    const found = freeTextTypes(det, value, text === 2);
    for (let i = 0; i < found.length; i++) emit(found[i]!);
  }
}

// ---- Free text: unparsed bodies and GraphQL documents, read like the redactor reads them ----

/** Key/value pairs inside unparsed text (`"password": "..."`, `token=...`, GraphQL `password: "..."`). */
const TEXT_PAIR = /(["']?)([A-Za-z_][\w.-]{0,63})\1(\s*[:=]\s*)("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s&,;}<"']+)/g;
/** A tag with attributes; ATTR reads them (`name="password" value="..."`). */
const TAG = /<([A-Za-z][\w:.-]*)(\s[^<>]*?)\/?>/g;
const ATTR = /([A-Za-z_:@][\w:.-]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)/g;
/** At most this many pairs are read from one text, and only this much of a text is scanned for findings. */
const MAX_TEXT_PAIRS = 400;
const FREE_TEXT_MAX = 65_536;
/** Free texts whose types are remembered (GraphQL documents repeat), and the longest one remembered. */
const TEXT_MEMO_SIZE = 256;
const TEXT_MEMO_VALUE_MAX = 16_384;

/** One key/value pair found in text: the value as written (quotes included) spans [start, end). */
export interface TextPair {
  key: string;
  raw: string;
  start: number;
  end: number;
  /** Written quoted, or a form control's value: a value, whatever its characters. */
  quoted: boolean;
}

export function unquote(raw: string): string {
  const q = raw.charCodeAt(0);
  return raw.length >= 2 && (q === 34 || q === 39) && raw.charCodeAt(raw.length - 1) === q ? raw.slice(1, -1) : raw;
}

/** `<input name="password" value="...">`, `<meta name="csrf-token" content="...">`: the value under its control's name. */
function namedValues(text: string, out: TextPair[], max: number): void {
  TAG.lastIndex = 0;
  for (let t = TAG.exec(text); t !== null && out.length < max; t = TAG.exec(text)) {
    const attrs = t[2]!;
    if (attrs.indexOf('name') === -1) continue;
    let name: string | null = null;
    let raw: string | null = null;
    let at = 0;
    ATTR.lastIndex = 0;
    for (let a = ATTR.exec(attrs); a !== null; a = ATTR.exec(attrs)) {
      const k = a[1]!.toLowerCase();
      if (k === 'name') name = unquote(a[2]!);
      else if (k === 'value' || k === 'content') {
        raw = a[2]!;
        at = a.index + a[0].length - raw.length;
      }
    }
    if (name === null || raw === null || name === '') continue;
    // Rails-style `user[password]` is the field `password`.
    const inner = name.endsWith(']') ? /\[([^[\]]+)\]$/.exec(name)?.[1] : undefined;
    const start = t.index + 1 + t[1]!.length + at;
    out.push({ key: inner ?? name, raw, start, end: start + raw.length, quoted: true });
  }
}

/**
 * Key/value pairs in unparsed text, in order of their values: `key: value`, `key=value`, quoted or not,
 * and HTML form controls by name. A pair may sit inside another's value (`note: pw=...`). In a GraphQL
 * document only arguments count (inside parentheses), never aliases, variable definitions or `$variable` references.
 */
export function textPairs(text: string, graphql = false, max = MAX_TEXT_PAIRS): TextPair[] {
  const out: TextPair[] = [];
  if (!graphql && text.indexOf('<') !== -1) namedValues(text, out, max);
  const named = out.length;
  if (text.indexOf(':') === -1 && text.indexOf('=') === -1) return out;
  let depth = 0;
  let pos = 0;
  TEXT_PAIR.lastIndex = 0;
  for (let m = TEXT_PAIR.exec(text); m !== null && out.length < max; m = TEXT_PAIR.exec(text)) {
    const raw = m[4]!;
    const start = m.index + m[0].length - raw.length;
    if (graphql) {
      for (; pos < m.index; pos++) {
        const c = text.charCodeAt(pos);
        if (c === 40) depth++;
        else if (c === 41 && depth > 0) depth--;
      }
      if (depth === 0 || raw.charCodeAt(0) === 36 || text.charCodeAt(m.index - 1) === 36) continue;
    }
    const q = raw.charCodeAt(0);
    const quoted = q === 34 || q === 39;
    out.push({ key: m[2]!, raw, start, end: start + raw.length, quoted });
    // A value holding pairs of its own (`note: pw=...`, GraphQL `input: {secret: ...}`) is read inside too.
    if (raw.indexOf('=', 1) !== -1 || raw.indexOf(':', 1) !== -1) TEXT_PAIR.lastIndex = start + (quoted ? 1 : 0);
  }
  if (named > 0) out.sort((a, b) => a.start - b.start); // stable: a form control's value wins over `value="..."`
  return out;
}

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

/** An IPv4 that reads as a version (`Chrome/120.0.0.0`, `v1.2.3.4`, `version 1.2.3.4`). */
function versionLike(text: string, at: number): boolean {
  const c = text.charCodeAt(at - 1);
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 47 || c === 95 || c === 45) return true;
  return /(?:version|ver|build|release|firmware|sdk|v)\W{0,3}$/i.test(text.slice(Math.max(0, at - 16), at));
}

function foundInText(f: FlatMatcher, text: string): boolean {
  const re = f.m.find;
  re.lastIndex = 0;
  for (let hit = re.exec(text); hit; hit = re.exec(text)) {
    if ((!f.m.valid || f.m.valid(hit[0])) && !(f.ruleId === 'ip-address' && versionLike(text, hit.index))) {
      re.lastIndex = 0;
      return true;
    }
    if (hit[0].length === 0) re.lastIndex++;
  }
  return false;
}

/** A word (`Password: please try again`) or code (`token = tokens[i]`, `secret: t.credentials`) is no value. */
const CODE_OR_WORD = /^[A-Za-z]+$|[()[\]{}|]|^!|^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

/** An unquoted value worth a finding: `pw=Hunter2!`, `pin: 1234`, `token=9f8e...`. */
function plausibleValue(v: string): boolean {
  return !CODE_OR_WORD.test(v);
}

function addType(found: string[], t: string): void {
  if (!found.includes(t)) found.push(t);
}

function freeTextScan(det: Detector, text: string, graphql: boolean): readonly string[] {
  const found: string[] = [];
  for (const p of textPairs(text, graphql)) {
    const v = unquote(p.raw);
    if (v === '' || (!p.quoted && !plausibleValue(v))) continue;
    for (const t of pairFound(det, p.key, v, 'string', false)) addType(found, t);
    if (det.custom.length > 0) scanCustom(det, p.key, v, (t) => addType(found, t));
  }
  // Shapes trusted only as whole values (a phone, a card) are masked inside text by redaction: found there too.
  const mask = valueStats(text).mask;
  for (const f of det.textMatchers) {
    const needs = f.m.needs & ~HAS.NO_LETTERS;
    if ((mask & needs) === needs && foundInText(f, text)) addType(found, f.ruleId);
  }
  return found.length === 0 ? NO_TYPES : found;
}

/** Types inside free text: key/value pairs by key and value, and every value shape redaction masks in text. */
function freeTextTypes(det: Detector, value: string, graphql: boolean): readonly string[] {
  const text = value.length > FREE_TEXT_MAX ? value.slice(0, FREE_TEXT_MAX) : value;
  if (text.length > TEXT_MEMO_VALUE_MAX) return freeTextScan(det, text, graphql);
  const memo = det.textMemo[graphql ? 1 : 0];
  const known = memo.get(text);
  if (known !== undefined) return known;
  const found = freeTextScan(det, text, graphql);
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
  const text = base64Text(v);
  if (text !== null) {
    const found = [...pairFound(det, '', text, 'string', false)];
    for (const t of freeTextScan(det, text, false)) addType(found, t);
    if (found.length > 0) return found;
  }
  // Base64 of plain text (`{"theme":"dark"}`) is encoded data, not random key material: a token only by context.
  return !det.disabled.has('token') && isSecretPathValue(v, context, text !== null) ? TOKEN_TYPE : NO_TYPES;
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

/** Sensitive types of a single name/value pair (redaction re-scans with this). */
export function sensitiveTypes(p: ParamValue, cfg?: Config): string[] {
  const types: string[] = [];
  scanParam(detectorFor(cfg), p, (t) => {
    if (!types.includes(t)) types.push(t);
  });
  return types;
}

/** Types a key name alone implies (`resetPassword` -> password), whatever its value. */
export function keyTypes(name: string, cfg?: Config): string[] {
  return verdictFor(detectorFor(cfg), name).keyTypes.map((k) => k.id);
}

// ---- Names that are values: `?ghp_...`, `?john@example.com`, a JWT sent as a header name ----

/** Distinct names whose verdict is kept (cleared when full, like the other per-name caches). */
const NAME_CACHE_MAX = 10_000;
const nameVerdicts = new Map<string, string | null>();
/** Random key material shorter than this is not told from a name made of words and numbers. */
const TOKEN_NAME_MIN = 20;
/** The run of letters and digits random key material has somewhere, separators (`-`, `_`) aside. */
const MIN_KEY_RUN = 10;

function nameVerdict(name: string): string | null {
  // Ordinary names (`utm_source`, `X-Request-Id`) have neither a digit nor an '@': no value shape fits.
  let i = 0;
  for (; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 64) break;
  }
  if (i === name.length) return null;
  // The default rules: whether a name is a value does not depend on what a config reports.
  const det = detectorFor();
  const found = pairTypes(det, verdictFor(det, ''), name, 'string', false);
  if (found.length > 0) return found[0]!;
  return randomKeyName(name) ? 'token' : null;
}

/**
 * Mixed-case key material (`AIzaSyA1b2...`, `Qx7Lp2Vw9Tz4...`): case and digit jumps camelCase words
 * do not make, or lower-case runs too short for words between capitals and digits. Upper-case ids
 * (`ORD2024ABC123...`), hex and UUIDs are ids, not secrets.
 */
function randomKeyName(name: string): boolean {
  if (name.length < TOKEN_NAME_MIN || !looksRandomToken(name, TOKEN_NAME_MIN)) return false;
  let upper = 0;
  let digits = 0;
  let lower = 0;
  let lowerRuns = 0;
  let prevLower = false;
  // Between separators (`-`, `_`): the longest part, and whether a part is a lower-case word
  // (`ga_G12345ABCD_session` is words around an id, `utm_2024_...` a name).
  let part = 0;
  let partLower = 0;
  let longest = 0;
  for (let i = 0; i <= name.length; i++) {
    const c = i < name.length ? name.charCodeAt(i) : 45;
    const isLower = c >= 97 && c <= 122;
    if (isLower) {
      lower++;
      partLower++;
      if (!prevLower) lowerRuns++;
    } else if (c >= 65 && c <= 90) upper++;
    else if (c >= 48 && c <= 57) digits++;
    else if (c === 45 || c === 95) {
      if (part >= 4 && partLower === part) return false;
      if (part > longest) longest = part;
      part = 0;
      partLower = 0;
      prevLower = false;
      continue;
    } else return false;
    prevLower = isLower;
    part++;
  }
  if (longest < MIN_KEY_RUN) return false;
  if (classifySegment(name).kind === 'base64url') return true;
  return upper >= 3 && digits >= 3 && lowerRuns >= 3 && lower <= 2 * lowerRuns;
}

/**
 * The sensitive type of a query, header or JSON key *name* that is itself a value (a token, a JWT, an
 * e-mail address, a card number: `?ghp_...`, `?john.smith@corp.example`), or null for an ordinary
 * name. Such a name is stored as `*`, masked in samples and reported under param `*`. Runs for every
 * name of every call, so the verdict is cached per distinct name (a lookup costs less than scanning
 * the name's characters: extractValues has already hashed it) and names shorter than any value are
 * answered at once.
 */
export function nameValueType(name: string): string | null {
  if (name.length < 6) return null; // the shortest value shape, an e-mail address `a@b.co`
  let t = nameVerdicts.get(name);
  if (t === undefined) {
    if (nameVerdicts.size >= NAME_CACHE_MAX) nameVerdicts.clear();
    nameVerdicts.set(name, (t = nameVerdict(name)));
  }
  return t;
}

function addNameFinding(out: SensitiveFinding[], cfg: Config, location: ParamLocation, type: string): void {
  if (detectorFor(cfg).disabled.has(type)) return;
  for (const f of out) if (f.type === type && f.param === '*' && f.location === location) return;
  out.push({ location, param: '*', type });
}

function namesOf(out: SensitiveFinding[], cfg: Config, location: ParamLocation, list: readonly { name: string }[]): void {
  for (let i = 0; i < list.length; i++) {
    const type = nameValueType(list[i]!.name);
    if (type !== null) addNameFinding(out, cfg, location, type);
  }
}

/** Findings for query and header names that are values (see nameValueType): param `*`, the value's type. */
export function nameFindings(call: CallRecord, cfg: Config, out: SensitiveFinding[]): void {
  namesOf(out, cfg, 'request.query', call.query);
  namesOf(out, cfg, 'request.header', call.requestHeaders);
  namesOf(out, cfg, 'response.header', call.responseHeaders);
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
