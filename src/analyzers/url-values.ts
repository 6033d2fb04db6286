// URLs that travel as values (a reset link in a JSON body, a Referer, an OAuth redirect in Location, a
// link in a text body): found behind a cheap check, split into path and query sections, and judged like
// a call's own URL. Pure: the detector (sensitive.ts) supplies its rules as a UrlJudge, the redactor
// (redact.ts) its masks per section.

import { safeDecode } from '../sources/url.js';
import { CREDENTIAL_QUERY, SECRET_QUERY_NAMES, isOAuthCodeResponse } from './auth-rules.js';
import { type SegmentKind, classifySegment, isSecretPathValue } from './segment.js';

/** Headers whose whole value is a URL, with or without a scheme (`Location: /cb?code=...`). */
export const URL_HEADERS: ReadonlySet<string> = new Set(['referer', 'location', 'content-location', 'x-original-url', 'x-rewrite-url']);

/**
 * The check every value passes before any parsing: it holds `://`, or is a path with a query or
 * fragment (`/reset?token=...`), or sits in a URL header. One or two `indexOf`s for most values.
 */
export function mayHoldUrl(v: string, urlHeader: boolean): boolean {
  if (v.length < 3) return false;
  if (v.charCodeAt(0) === 47) return v.indexOf('?') !== -1 || v.indexOf('#') !== -1 || v.indexOf('://') !== -1;
  return urlHeader || v.indexOf('://') !== -1;
}

/** A path (`/reset/<token>`) or a query (`token=...&email=...`, also a fragment's) inside a value: [start, end). */
export interface UrlSection {
  kind: 'path' | 'query';
  start: number;
  end: number;
  /** The whole URL holding it. */
  urlStart: number;
  urlEnd: number;
}

/** URLs read from one value (samples mask every URL: they pass Infinity). */
const URL_SCAN_MAX = 64;
const SCHEME_MAX = 31;

/**
 * Characters that end a URL in text: white space, quotes, brackets (Markdown's `[text](url)`), markup.
 * Not `{}` or `|`: Postman's `{{host}}` and trackers' `et:3d|ptag` sit inside URLs.
 */
const STOP = new Uint8Array(128);
for (const c of ' \t\n\r\f\v"\'<>`()[]\\') STOP[c.charCodeAt(0)] = 1;
/** Characters of a scheme (`https`, `com.example.app`). */
const SCHEME_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) SCHEME_CHAR[c] = /[A-Za-z0-9+.-]/.test(String.fromCharCode(c)) ? 1 : 0;

/** Where the URL from `from` ends: the first stop character, less sentence punctuation after a link (`see https://x/a.`). */
function urlEnd(text: string, from: number, spaceOnly: boolean): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 && (spaceOnly ? c <= 32 : STOP[c] === 1 || c < 32)) break;
  }
  if (spaceOnly) return i;
  while (i > from) {
    const c = text.charCodeAt(i - 1);
    if (c !== 46 && c !== 44 && c !== 59 && c !== 58 && c !== 33 && c !== 63 && c !== 42) break; // . , ; : ! ? *
    i--;
  }
  return i;
}

/** Start of the scheme that ends at `sep` (the `://`), or -1 when there is none. */
function schemeStart(text: string, sep: number, from: number): number {
  let i = sep;
  while (i > from && sep - i < SCHEME_MAX) {
    const c = text.charCodeAt(i - 1);
    if (c >= 128 || SCHEME_CHAR[c] !== 1) break;
    i--;
  }
  // A scheme starts with a letter; trim `.`, `+`, digits a sentence put before it.
  while (i < sep) {
    const c = text.charCodeAt(i) | 32;
    if (c >= 97 && c <= 122) break;
    i++;
  }
  return i < sep ? i : -1;
}

/** Sections of a path with its query: `/a/b?x=1` (no authority), in the URL at [u, ue). */
function pathAndQuery(text: string, s: number, e: number, u: number, ue: number, out: UrlSection[]): void {
  let q = text.indexOf('?', s);
  if (q === -1 || q >= e) q = e;
  if (q > s) out.push({ kind: 'path', start: s, end: q, urlStart: u, urlEnd: ue });
  if (q + 1 < e) out.push({ kind: 'query', start: q + 1, end: e, urlStart: u, urlEnd: ue });
}

/**
 * The sections of one URL at [s, e): path and query, and the fragment as a query (`#access_token=...`)
 * or a route (`#/reset/...`). `authority`: where the host begins (after `://` or `//`), -1 for a path.
 */
function addUrl(text: string, s: number, e: number, authority: number, out: UrlSection[]): void {
  let i = s;
  if (authority !== -1) {
    i = authority;
    while (i < e) {
      const c = text.charCodeAt(i);
      if (c === 47 || c === 63 || c === 35) break; // / ? #
      i++;
    }
  }
  let hash = text.indexOf('#', i);
  if (hash === -1 || hash >= e) hash = e;
  pathAndQuery(text, i, hash, s, e, out);
  if (hash + 1 >= e) return;
  const f = hash + 1;
  const c = text.charCodeAt(f);
  if (c === 47) pathAndQuery(text, f, e, s, e, out);
  else if (c === 33 && text.charCodeAt(f + 1) === 47) pathAndQuery(text, f + 1, e, s, e, out); // `#!/...`
  else if (text.indexOf('=', f) !== -1 && text.indexOf('=', f) < e) out.push({ kind: 'query', start: f, end: e, urlStart: s, urlEnd: e });
}

/**
 * The path and query sections of the URLs a value holds: the whole value when it is a path
 * (`/reset?token=...`) or a URL header's, else every absolute URL in it (at most `max`).
 */
export function urlSections(text: string, urlHeader: boolean, max = URL_SCAN_MAX): UrlSection[] {
  const out: UrlSection[] = [];
  let from = 0;
  if (urlHeader || text.charCodeAt(0) === 47) {
    from = urlEnd(text, 0, true);
    const sep = text.indexOf('://');
    const authority = sep !== -1 && sep < from && schemeStart(text, sep, 0) === 0 ? sep + 3 : text.startsWith('//') ? 2 : -1;
    addUrl(text, 0, from, authority, out);
    if (urlHeader) return out;
  }
  for (let n = 0, sep = text.indexOf('://', from); sep !== -1 && n < max; sep = text.indexOf('://', from)) {
    const start = schemeStart(text, sep, from);
    if (start === -1) {
      from = sep + 3;
      continue;
    }
    from = urlEnd(text, sep + 3, false);
    addUrl(text, start, from, sep + 3, out);
    n++;
  }
  return out;
}

/** One `name=value` of a query section, decoded; offsets in the text: name at [start, eq), value at [eq + 1, end). */
export interface QueryPair {
  name: string;
  value: string;
  start: number;
  /** -1 when the pair has no `=`. */
  eq: number;
  end: number;
}

const decode = (s: string): string => (s.indexOf('%') === -1 ? s : safeDecode(s));

/** The pairs of a query section (`&amp;` from HTML counts as `&`). */
export function queryPairs(text: string, s: UrlSection): QueryPair[] {
  const out: QueryPair[] = [];
  let i = s.start;
  while (i <= s.end) {
    let amp = text.indexOf('&', i);
    if (amp === -1 || amp > s.end) amp = s.end;
    const start = text.startsWith('amp;', i) && i > s.start ? i + 4 : i;
    if (amp > start) {
      let eq = text.indexOf('=', start);
      if (eq >= amp) eq = -1;
      const name = decode(text.slice(start, eq === -1 ? amp : eq));
      out.push({ name, value: eq === -1 ? '' : decode(text.slice(eq + 1, amp)), start, eq, end: amp });
    }
    i = amp + 1;
  }
  return out;
}

/** Rewrites each section with `mask(section, raw)`; text outside sections (scheme, host, separators) stays. */
export function replaceSections(text: string, sections: readonly UrlSection[], mask: (s: UrlSection, raw: string) => string): string {
  let out = '';
  let pos = 0;
  for (const s of sections) {
    const raw = text.slice(s.start, s.end);
    const m = mask(s, raw);
    if (m === raw) continue;
    out += text.slice(pos, s.start) + m;
    pos = s.end;
  }
  return pos === 0 ? text : out + text.slice(pos);
}

/** What mask.ts and redact.ts put in a value's place (`<token:fp:3f9a1c>`, `<jwt alg=HS256>`, `<redacted>`). */
const MASKED = /^<[^<>\s]{1,64}(?: alg=[^<>\s]{1,20})?>$/;

/** A value a redactor already masked: nothing left to find (a sample's re-scan reads its own masks). */
export function isMasked(v: string): boolean {
  return v.charCodeAt(0) === 60 && MASKED.test(v);
}

/**
 * Whether a key/value pair read from text at value span [start, end) belongs to a link rather than to
 * itself: it begins or ends inside a URL (`?code=...` within a link). A pair whose value holds whole
 * links (`note: "see https://..."`) is its own, links and all.
 */
export function insideUrl(sections: readonly UrlSection[], start: number, end: number): boolean {
  for (const s of sections) {
    if (s.urlStart >= end) return false;
    if (s.urlEnd > start && (s.urlStart < start || s.urlEnd > end)) return true;
  }
  return false;
}

// ---- Detection ----

/** The detector's rules, as the URL reader needs them (sensitive.ts builds one per config). */
export interface UrlJudge {
  /** Types a name/value pair has by key name and value shape. */
  pair(name: string, value: string): readonly string[];
  /** Value shapes of a bare value (`jane@x.com`, a JWT). */
  shapes(value: string): readonly string[];
  /** Types inside base64 of text (an e-mail address), or null when the value is not base64 of text. */
  encoded(value: string): readonly string[] | null;
  /** Secrets a path value carries after the literal `context` (`/password-reset/<token>`, base64 e-mails). */
  pathValue(value: string, context: string): readonly string[];
  enabled(type: string): boolean;
}

const NONE: readonly string[] = [];
const TOKEN: readonly string[] = ['token'];
/** Literal segments: words name the values after them; versions, locales and placeholders carry nothing. */
const LITERAL_KINDS: ReadonlySet<SegmentKind> = new Set(['word', 'version', 'locale', 'empty', 'placeholder']);

/**
 * A credential a query carries by its name (`?sig=`, `?key=` of 16+ characters, `?access_token=`),
 * typed as its name says: a key is an api-key, a token (`?token=`, `?private_token=`) a token.
 */
function credentialQueryType(name: string, value: string): string | null {
  const lower = /[A-Z]/.test(name) ? name.toLowerCase() : name;
  const c = CREDENTIAL_QUERY.get(lower);
  if (c === undefined) return SECRET_QUERY_NAMES.has(lower) ? 'token' : null;
  if (value.length < c.minLength) return null;
  if (c.scheme === 'aws-sigv4') return 'aws-signature';
  return c.scheme === 'api-key' && !lower.includes('token') ? 'api-key' : 'token';
}

/**
 * Types of a query value beyond its key name and shape (`pair`), which the caller has found empty:
 * personal data base64-encoded (`?u=amFuZS5kb2VA...`), a token-shaped value under a name that means a
 * one-time credential (`?code=<hex>`, `?verification_code=`, `?invite=`). Alone, a random query value
 * is a click or cache id (`?fbclid=`), so unlike a path value it is a token only by its name.
 * `embedded`: the URL is a value, not the call's own; its credentials (`?key=`, `?sig=`) are data
 * then, where the call's own are auth (the auth analyzer reports them).
 */
export function queryValueTypes(name: string, value: string, judge: UrlJudge, embedded: boolean): readonly string[] {
  if (value.length < 8 && !embedded) return NONE; // shorter than any encoded e-mail or one-time token
  const cred = credentialQueryType(name, value);
  if (cred !== null) return embedded && judge.enabled(cred) ? [cred] : NONE;
  if (value.length < 8) return NONE;
  const text = judge.encoded(value);
  if (text !== null && text.length > 0) return text;
  return judge.enabled('token') && isSecretPathValue(value, name, true) ? TOKEN : NONE;
}

/** No value shape or path secret is shorter (an e-mail address `a@b.co`). */
const SEGMENT_MIN = 6;

/** `orders`, `reset-password`: lower-case letters, `-` and `_` only, a word whatever classifySegment adds (it needs a digit for an id). */
function plainWord(text: string, i: number, j: number): boolean {
  for (; i < j; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || c === 45 || c === 95)) return false;
  }
  return true;
}

function isWord(text: string, i: number, j: number): boolean {
  return plainWord(text, i, j) || classifySegment(decode(text.slice(i, j))).kind === 'word';
}

/** The last literal word among the segments in [from, to): what a value after them is (`reset-password`, `unsubscribe`). */
function lastWord(text: string, from: number, to: number): string {
  for (let j = to; j > from; ) {
    let i = text.lastIndexOf('/', j - 1);
    if (i < from) i = from - 1;
    if (j > i + 1 && isWord(text, i + 1, j)) return decode(text.slice(i + 1, j));
    j = i;
  }
  return '';
}

function pathTypes(text: string, s: UrlSection, judge: UrlJudge, add: (ts: readonly string[]) => void): void {
  // Most segments are short words and ids: only the longer ones are read, and the word before one
  // only when it needs a context.
  for (let i = s.start; i <= s.end; ) {
    let j = text.indexOf('/', i);
    if (j === -1 || j > s.end) j = s.end;
    if (j - i >= SEGMENT_MIN && !plainWord(text, i, j)) {
      const seg = decode(text.slice(i, j));
      if (!LITERAL_KINDS.has(classifySegment(seg).kind) && !isMasked(seg)) {
        const found = judge.shapes(seg);
        add(found.length > 0 ? found : judge.pathValue(seg, lastWord(text, s.start, i - 1)));
      }
    }
    i = j + 1;
  }
}

/** Pairs with a name that is itself a value (`?jane@x.com`, `?ghp_...`) are judged by the name's shape too. */
function nameIsValue(name: string): boolean {
  if (name.length < 6) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 64) return true;
  }
  return false;
}

/**
 * The sensitive types inside the URLs a value holds, reported at the value's own location and name:
 * query and fragment pairs judged like a call's own query (plus the credentials it would present),
 * path segments like a call's own path. Ordinary links (`?page=2`, `/orders/<uuid>`, `/img/logo.png`)
 * yield nothing.
 */
export function urlValueTypes(value: string, urlHeader: boolean, judge: UrlJudge, depth = 0): readonly string[] {
  const sections = urlSections(value, urlHeader);
  if (sections.length === 0) return NONE;
  let found: string[] | null = null;
  const add = (ts: readonly string[]): void => {
    for (let i = 0; i < ts.length; i++) if (!(found ??= []).includes(ts[i]!)) found.push(ts[i]!);
  };
  for (const s of sections) {
    if (s.kind === 'path') {
      pathTypes(value, s, judge, add);
      continue;
    }
    // An OAuth authorization response (`code` next to `state`): the code is a credential.
    const code = value.indexOf('code=', s.start);
    const oauth = code !== -1 && code < s.end && judge.enabled('token') && isOAuthCodeResponse(queryPairs(value, s));
    for (let i = s.start; i <= s.end; ) {
      let amp = value.indexOf('&', i);
      if (amp === -1 || amp > s.end) amp = s.end;
      const start = i > s.start && value.startsWith('amp;', i) ? i + 4 : i;
      let eq = value.indexOf('=', start);
      if (eq === -1 || eq > amp) eq = amp;
      i = amp + 1;
      if (eq === start) continue;
      const name = decode(value.slice(start, eq));
      if (nameIsValue(name)) add(judge.shapes(name));
      if (amp - eq < 2) continue;
      const v = decode(value.slice(eq + 1, amp));
      if (isMasked(v)) continue;
      if (oauth && name === 'code') add(TOKEN);
      const byPair = judge.pair(name, v);
      add(byPair.length > 0 ? byPair : queryValueTypes(name, v, judge, true));
      // A URL in a URL (`?redirect_uri=https://client/cb?code=...`): one level down is enough.
      if (depth === 0 && mayHoldUrl(v, false)) add(urlValueTypes(v, false, judge, 1));
    }
  }
  return found ?? NONE;
}

/** URLs remembered per kind, and the longest one remembered. */
const MEMO_SIZE = 1024;
const MEMO_VALUE_MAX = 2048;

/**
 * The types inside URLs, remembered: a Referer repeats on every call from its page, an image link on
 * every call of a catalogue. Links that never repeat cost one lookup more.
 */
export class UrlMemo {
  /** Other headers [0], URL headers [1]. */
  private readonly memo = [new Map<string, readonly string[]>(), new Map<string, readonly string[]>()] as const;

  constructor(private readonly judge: UrlJudge) {}

  types(value: string, urlHeader: boolean): readonly string[] {
    if (value.length > MEMO_VALUE_MAX) return urlValueTypes(value, urlHeader, this.judge);
    const memo = this.memo[urlHeader ? 1 : 0];
    const known = memo.get(value);
    if (known !== undefined) return known;
    const found = urlValueTypes(value, urlHeader, this.judge);
    if (memo.size >= MEMO_SIZE) memo.clear();
    memo.set(value, found);
    return found;
  }
}
