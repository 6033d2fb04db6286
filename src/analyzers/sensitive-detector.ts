// The compiled sensitive data rules and how one name/value pair is judged by them: key verdicts
// cached per distinct name, value shapes behind cheap prefilters, memos of the types per value; and
// the few types a body member has by a sibling. sensitive.ts compiles a Detector and runs it over a call's values.

import type { ParamValue, ValueType } from '../model/facts.js';
import { SIBLING_RULES, type ValueMatcher, valueStats } from './sensitive-rules.js';
import { isLabel, isMask, keyOf, normalizeKey, secretInList } from './sensitive-values.js';
import type { UrlJudge, UrlMemo } from './url-types.js';

export interface FlatMatcher {
  ruleId: string;
  ruleIndex: number;
  m: ValueMatcher;
  notInHeaders: boolean;
}

export interface CustomType {
  name: string;
  key: ((k: string) => boolean)[];
  value: ((v: string) => boolean)[];
  op: 'and' | 'or';
}

/** What a key name alone decides: key-only types, and which value matchers apply under it. */
export interface KeyVerdict {
  raw: string;
  /** `raw` as key rules see it (normalizeKey). */
  norm: string;
  keyTypes: readonly KeyType[];
  allowed: readonly boolean[];
  /** SIBLING_RULES (by bit) whose sibling key (`cvc`) this name is, and whose member key (`number`) it is. */
  siblingOf: number;
  siblingKey: number;
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

export const NO_TYPES: readonly string[] = [];

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

const KEY_CACHE_MAX = 20_000;

/** A type a name gives its values (key rules), as compiled. */
export interface KeyType {
  id: string;
  generic: boolean;
  valueOk?: ((v: string) => boolean) | undefined;
  /** Matched by the name's singular (`passwords`): counts and scopes (`max_tokens: 100`, `authorizations: ["read"]`) are not secrets. */
  plural?: boolean;
}

export function verdictFor(det: Detector, name: string): KeyVerdict {
  const hit = det.keyCache.get(name);
  if (hit) return hit;
  const raw = keyOf(name);
  // `X-Otp`, `X-Pin`: a header's `X-` prefix says nothing about what it carries.
  const norm = normalizeKey(raw.length > 4 && (raw.charCodeAt(0) | 32) === 120 && raw.charCodeAt(1) === 45 ? raw.slice(2) : raw);
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
  let siblingOf = 0;
  let siblingKey = 0;
  for (let r = 0; r < SIBLING_RULES.length; r++) {
    if (SIBLING_RULES[r]!.sibling.test(norm)) siblingOf |= 1 << r;
    if (SIBLING_RULES[r]!.key.test(norm)) siblingKey |= 1 << r;
  }
  const v: KeyVerdict = { raw, norm, keyTypes, allowed, siblingOf, siblingKey, memo: [new Map(), new Map(), new Map()], memoHits: 0 };
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

export type Emit = (type: string) => void;

/** Where a pair was sent: 0 a request value (query, body, cookie, path), 1 a header, 2 a response body (where labels are). */
export type Where = 0 | 1 | 2;

/** Value shapes and key names for one name/value pair; generic secret names yield to a specific value type. */
export function scanPair(det: Detector, name: string, value: string, vtype: ValueType, where: Where, emit: Emit): void {
  const found = pairFound(det, name, value, vtype, where);
  for (let i = 0; i < found.length; i++) emit(found[i]!);
}

/** The types of one name/value pair, memoized per name. */
export function pairFound(det: Detector, name: string, value: string, vtype: ValueType, where: Where): readonly string[] {
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

export function pairTypes(det: Detector, verdict: KeyVerdict, value: string, vtype: ValueType, where: Where): readonly string[] {
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

export function scanCustom(det: Detector, name: string, value: string, emit: Emit): void {
  if (det.custom.length === 0) return;
  const raw = verdictFor(det, name).raw;
  for (const c of det.custom) {
    const k = c.key.length ? c.key.some((f) => f(raw)) : null;
    const v = c.value.length ? c.value.some((f) => f(value)) : null;
    const hit = k === null ? v === true : v === null ? k : c.op === 'or' ? k || v : k && v;
    if (hit) emit(c.name);
  }
}

/** Value and key rules are filtered when compiled; credential types are checked as they are emitted. */
export function emitCredential(det: Detector, type: string, emit: Emit): void {
  if (!det.disabled.has(type)) emit(type);
}

export function emitAll(types: readonly string[], emit: Emit): void {
  for (let i = 0; i < types.length; i++) emit(types[i]!);
}

export function addType(found: string[], t: string): void {
  if (!found.includes(t)) found.push(t);
}

/** The object a body member belongs to (`$.paymentMethod` for `$.paymentMethod.number`), or null. */
function parentOf(name: string, member: string): string | null {
  const cut = name.length - member.length - 1;
  return cut > 0 && name.charCodeAt(cut) === 46 && name.endsWith(member) ? name.slice(0, cut) : null;
}

/**
 * Types body members have by a sibling in the same object (SIBLING_RULES: a card number beside its
 * security code), emitted for the member. Objects are found by path: the members of every element of
 * a list (`$.cards[*]`) count as one object's.
 */
export function siblingTypes(det: Detector, values: readonly ParamValue[], emit: (p: ParamValue, type: string) => void): void {
  // One pass: names are judged once (KeyVerdict.siblingOf / siblingKey), so per value a bit test, and
  // a value test only under a name a rule names. Holders are `location parent rule` of each sibling found.
  let holders: Set<string> | null = null;
  let members: { p: ParamValue; rule: number; at: string }[] | null = null;
  for (const p of values) {
    if (p.location !== 'request.body' && p.location !== 'response.body') continue;
    const v = verdictFor(det, p.name);
    if ((v.siblingOf | v.siblingKey) === 0) continue;
    const parent = parentOf(p.name, v.raw);
    if (parent === null) continue;
    const value = p.value.trim();
    for (let r = 0; r < SIBLING_RULES.length; r++) {
      const rule = SIBLING_RULES[r]!;
      const at = `${p.location}\u0000${parent}\u0000${r}`;
      if (v.siblingOf & (1 << r) && rule.siblingValue.test(value)) (holders ??= new Set()).add(at);
      if (v.siblingKey & (1 << r) && !det.disabled.has(rule.id) && rule.value.test(value)) (members ??= []).push({ p, rule: r, at });
    }
  }
  if (holders === null || members === null) return;
  for (const m of members) if (holders.has(m.at)) emit(m.p, SIBLING_RULES[m.rule]!.id);
}
