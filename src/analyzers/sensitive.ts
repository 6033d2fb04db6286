// Runs the sensitive data rules over a call's flattened values: key names (cached per distinct name),
// value shapes behind cheap prefilters, credential types of auth headers and cookies, custom types.

import { type Condition, type Config, type CustomDataType, defaultConfig } from '../config.js';
import { UsageError } from '../errors.js';
import type { ParamLocation, ParamValue, SensitiveFinding, ValueType } from '../model/facts.js';
import { safeDecode } from '../sources/url.js';
import { authorizationScheme } from './auth.js';
import { API_KEY_HEADERS, NON_SENSITIVE_HEADERS, isSessionCookie } from './auth-rules.js';
import { looksLikeJwt } from './jwt.js';
import { SENSITIVE_RULES, type ValueMatcher, valueStats } from './sensitive-rules.js';

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
  keyRules: readonly { id: string; generic: boolean; key: RegExp }[];
  custom: readonly CustomType[];
  disabled: ReadonlySet<string>;
  keyCache: Map<string, KeyVerdict>;
  /** Values held in all memos (bounded: the key cache starts over when full). */
  memoEntries: number;
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
  return { matchers, keyRules, custom, disabled, keyCache: new Map(), memoEntries: 0 };
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
  const verdict = verdictFor(det, name);
  const slot = inHeader ? 1 : 0;
  const memo = vtype === 'boolean' || value.length > MEMO_VALUE_MAX ? null : verdict.memo[slot];
  if (memo) {
    const known = memo.get(value);
    if (known !== undefined) {
      verdict.memoHits++;
      for (let i = 0; i < known.length; i++) emit(known[i]!);
      return;
    }
  }
  const found = pairTypes(det, verdict, value, vtype, inHeader);
  for (let i = 0; i < found.length; i++) emit(found[i]!);
  if (!memo) return;
  if (memo.size < MEMO_SIZE) {
    if (det.memoEntries >= MEMO_TOTAL) {
      det.keyCache.clear(); // verdicts and their memos are rebuilt as names come back
      det.memoEntries = 0;
      return;
    }
    memo.set(value, found);
    det.memoEntries++;
    return;
  }
  det.memoEntries -= memo.size;
  if (verdict.memoHits < memo.size) verdict.memo[slot] = null; // values do not repeat
  else memo.clear(); // repeating values, but more than fit: start over with the current ones
  verdict.memoHits = 0;
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
  if (p.location === 'request.path' && value.includes('%')) {
    // Paths arrive as on the wire: 'jane%40example.com' must read as the e-mail it is.
    scanPair(det, p.name, safeDecode(value), p.type, false, emit);
    scanCustom(det, p.name, value, emit);
    return;
  }
  if (p.location === 'request.cookie' && (looksLikeJwt(value) || isSessionCookie(p.name, value))) {
    scanCustom(det, p.name, value, emit); // a session or JWT cookie: auth, not data
    return;
  }
  scanPair(det, p.name, value, p.type, false, emit);
  scanCustom(det, p.name, value, emit);
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
