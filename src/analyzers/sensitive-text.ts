// Sensitive data inside text: key/value pairs and JSON carried in a string value, unparsed bodies
// and GraphQL documents (read like the redactor reads them), value shapes among words, and secrets
// a path value holds that no shape finds.

import type { ParamLocation, ValueType } from '../model/facts.js';
import { versionLike } from './mask.js';
import { isSecretPathValue } from './path-secrets.js';
import { addType, type Detector, type FlatMatcher, NO_TYPES, pairFound, scanCustom, type Where } from './sensitive-detector.js';
import { HAS, valueStats } from './sensitive-rules.js';
import { keyOf } from './sensitive-values.js';
import { plausibleValue, textPairs, unquote } from './text-pairs.js';
import { mayHoldUrl } from './url-values.js';
import { urlValueTypes } from './url-types.js';
import { base64Text } from './validators.js';

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
export function embeddedTypes(det: Detector, value: string, json: boolean, where: Where): readonly string[] {
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
export function proseTypes(det: Detector, value: string): readonly string[] {
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
export function freeTextTypes(det: Detector, value: string, graphql: boolean, where: Where): readonly string[] {
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
export function pathSecretTypes(det: Detector, v: string, context: string): readonly string[] {
  if (v.length < 8) return NO_TYPES;
  const found = encodedTextTypes(det, v);
  if (found !== null && found.length > 0) return found;
  // Base64 of plain text (`{"theme":"dark"}`) is encoded data, not random key material: a token only by context.
  return !det.disabled.has('token') && isSecretPathValue(v, context, found !== null) ? TOKEN_TYPE : NO_TYPES;
}

/** Types inside a value that is base64 of printable text (an e-mail address in a link), or null when it is not. */
export function encodedTextTypes(det: Detector, v: string): readonly string[] | null {
  const text = base64Text(v);
  if (text === null) return null;
  const found = [...pairFound(det, '', text, 'string', 0)];
  for (const t of freeTextScan(det, text, false, 0)) addType(found, t);
  return found;
}
