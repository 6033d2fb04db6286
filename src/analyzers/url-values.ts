// URLs that travel as values (a reset link in a JSON body, a Referer, an OAuth redirect in Location, a
// link in a text body): found behind a cheap check, split into sections (the password of a userinfo,
// the path, the query and fragment) and their query pairs. Pure, and linear in the text: every search
// is bounded by the URL or section it reads. What the sections hold is judged by url-types.ts and
// masked by url-mask.ts.

import { safeDecode } from '../model/url.js';

/** Headers whose whole value is a URL, with or without a scheme (`Location: /cb?code=...`). */
export const URL_HEADERS: ReadonlySet<string> = new Set(['referer', 'location', 'content-location', 'x-original-url', 'x-rewrite-url']);

/**
 * The check every value passes before any parsing: it holds `://`, or is a path with a query or
 * fragment (`/reset?token=...`), or sits in a URL header (`Location: /magic-link/<token>`). One or
 * two `indexOf`s for most values.
 */
export function mayHoldUrl(v: string, urlHeader: boolean): boolean {
  if (v.length < 3) return false;
  if (urlHeader) return true;
  if (v.charCodeAt(0) === 47) return v.indexOf('?') !== -1 || v.indexOf('#') !== -1 || v.indexOf('://') !== -1;
  // One search finds both `://` and a native app's `com.example.app:/cb?...` (RFC 8252, no `//`).
  const c = v.indexOf(':/');
  if (c === -1) return false;
  return v.charCodeAt(c + 2) === 47 || nativeSchemeEnd(v) === c || v.indexOf('://', c + 2) !== -1;
}

/**
 * Where the private-use scheme a value starts with ends (`com.example.app:/oauth2redirect?code=...`,
 * RFC 8252 7.1: a reverse domain name, so it holds a `.`), at its `:/` not followed by `/`; else -1.
 */
function nativeSchemeEnd(v: string): number {
  const c0 = v.charCodeAt(0) | 32;
  if (!(c0 >= 97 && c0 <= 122)) return -1;
  let dot = false;
  for (let i = 1; i < v.length && i <= SCHEME_MAX; i++) {
    const c = v.charCodeAt(i);
    if (c === 58) return dot && v.charCodeAt(i + 1) === 47 && v.charCodeAt(i + 2) !== 47 ? i : -1;
    if (c >= 128 || SCHEME_CHAR[c] !== 1) return -1;
    if (c === 46) dot = true;
  }
  return -1;
}

/**
 * A section of a URL inside a value, [start, end): a path (`/reset/<token>`), a query (`token=...&email=...`,
 * also a fragment's), or the password of a userinfo (`https://admin:<password>@host`).
 */
export interface UrlSection {
  kind: 'path' | 'query' | 'password';
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
/** Characters of a query pair's name, as far as telling `;next=1` (a pair) from `;b` (part of a value). */
const NAME_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) NAME_CHAR[c] = /[A-Za-z0-9_.~%[\]-]/.test(String.fromCharCode(c)) ? 1 : 0;
/**
 * Non-ASCII characters no link holds as written: the punctuation, spaces and symbols of prose (`。`,
 * `」`, `»`, `“`, `…`, `→`, emoji). Letters stay (`/wiki/日本`). Ranges, not a `\p{P}` regex: that one
 * costs milliseconds to build at start-up.
 */
function notInUrl(c: number): boolean {
  if (c < 0x2000) return c <= 0xbf || c === 0xd7 || c === 0xf7 || c === 0x60c || c === 0x61b || c === 0x61f || c === 0x6d4 || c === 0x964 || c === 0x965;
  if (c < 0x3000) return c <= 0x206f || (c >= 0x20a0 && c <= 0x20cf) || (c >= 0x2190 && c <= 0x2bff) || c >= 0x2e00;
  if (c <= 0x303f) return c < 0x3005 || c > 0x3007; // CJK punctuation and brackets, not 々 〆 〇
  return (c >= 0xfe30 && c <= 0xfe6f) || (c >= 0xff00 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65) || c === 0xfeff || c >= 0xfff0;
}

/** The first index of character `code` in [from, end), or `end`. Never reads past `end`. */
export function indexIn(text: string, code: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (text.charCodeAt(i) === code) return i;
  return end;
}

/** Whether a scheme and `://` start at `i` (`https://`): a new URL after a `,` in a list of links. */
function schemeAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i) | 32;
  if (!(c >= 97 && c <= 122)) return false;
  const max = Math.min(text.length, i + SCHEME_MAX);
  let j = i + 1;
  while (j < max && text.charCodeAt(j) < 128 && SCHEME_CHAR[text.charCodeAt(j)] === 1) j++;
  return text.charCodeAt(j) === 58 && text.charCodeAt(j + 1) === 47 && text.charCodeAt(j + 2) === 47;
}

/** Where the scheme starting at `s` ends with `://` before `e`: the authority's start, else -1. */
function authorityAfterScheme(text: string, s: number, e: number): number {
  if (text.charCodeAt(s) === 47) return text.charCodeAt(s + 1) === 47 ? s + 2 : -1; // `//host/...`
  if (!schemeAt(text, s)) return -1;
  const sep = indexIn(text, 58, s, e);
  return sep + 3 <= e ? sep + 3 : -1;
}

/**
 * Where the URL from `from` ends: the first stop character, a non-ASCII character no URL holds, or
 * the `,` or `;` before another URL (`https://a/x,https://b/y`), less sentence punctuation after a
 * link (`see https://x/a.`). `spaceOnly`: a value that is a path ends at white space only.
 */
function urlEnd(text: string, from: number, spaceOnly: boolean): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (spaceOnly ? c <= 32 : STOP[c] === 1 || c < 32) break;
      if ((c === 44 || c === 59) && schemeAt(text, i + 1)) break;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const cp = text.codePointAt(i)!;
      if (cp <= 0xffff || (cp >= 0x1f000 && cp <= 0x1faff)) break; // a lone surrogate, an emoji
      i++; // the low surrogate of a letter outside the BMP
    } else if (notInUrl(c)) break;
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
  const q = indexIn(text, 63, s, e);
  if (q > s) out.push({ kind: 'path', start: s, end: q, urlStart: u, urlEnd: ue });
  if (q + 1 < e) out.push({ kind: 'query', start: q + 1, end: e, urlStart: u, urlEnd: ue });
}

/**
 * Schemes whose `user:password@host` is a connection string, a type of its own (db-connection-string),
 * masked whole by its rule.
 */
const DB_SCHEME = /^(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|couchdb|cassandra|neo4j(?:\+s)?|clickhouse|cockroachdb)$/i;

/**
 * The sections of one URL at [s, e): the password of its userinfo, path and query, and the fragment
 * as a query (`#access_token=...`) or a route (`#/reset/...`). `authority`: where the host begins
 * (after `://` or `//`), -1 for a path.
 */
function addUrl(text: string, s: number, e: number, authority: number, out: UrlSection[]): void {
  let i = s;
  if (authority !== -1) {
    let at = -1;
    for (i = authority; i < e; i++) {
      const c = text.charCodeAt(i);
      if (c === 47 || c === 63 || c === 35) break; // / ? #
      if (c === 64) at = i;
    }
    if (at !== -1) {
      const colon = indexIn(text, 58, authority, at);
      const scheme = authority - 3 > s ? text.slice(s, authority - 3) : '';
      if (colon + 1 < at && !DB_SCHEME.test(scheme)) out.push({ kind: 'password', start: colon + 1, end: at, urlStart: s, urlEnd: e });
    }
  }
  const hash = indexIn(text, 35, i, e);
  pathAndQuery(text, i, hash, s, e, out);
  if (hash + 1 >= e) return;
  const f = hash + 1;
  const c = text.charCodeAt(f);
  if (c === 47) pathAndQuery(text, f, e, s, e, out);
  else if (c === 33 && text.charCodeAt(f + 1) === 47) pathAndQuery(text, f + 1, e, s, e, out); // `#!/...`
  else if (indexIn(text, 61, f, e) < e) out.push({ kind: 'query', start: f, end: e, urlStart: s, urlEnd: e });
}

/**
 * The sections of the URLs a value holds. A URL header's value is one URL, white space around it
 * left out and inside it kept (`Location: /cb?msg=hello world&code=...`). A value that is a path
 * (`/reset?token=...`) is a URL up to white space, then every absolute URL in a value (at most `max`).
 */
export function urlSections(text: string, urlHeader: boolean, max = URL_SCAN_MAX): UrlSection[] {
  const out: UrlSection[] = [];
  if (urlHeader) {
    let s = 0;
    let e = text.length;
    while (s < e && text.charCodeAt(s) <= 32) s++;
    while (e > s && text.charCodeAt(e - 1) <= 32) e--;
    if (s < e) addUrl(text, s, e, authorityAfterScheme(text, s, e), out);
    return out;
  }
  let from = 0;
  if (text.charCodeAt(0) === 47) {
    from = urlEnd(text, 0, true);
    addUrl(text, 0, from, authorityAfterScheme(text, 0, from), out);
  } else {
    const native = nativeSchemeEnd(text); // `com.example.app:/cb?code=...`: its path and query
    if (native !== -1) {
      from = urlEnd(text, native + 1, false);
      addUrl(text, native + 1, from, -1, out);
    }
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

export const decode = (s: string): string => (s.indexOf('%') === -1 ? s : safeDecode(s));

/** Whether a pair name and its `=` start at `i` (`next=`), before `end`. */
function pairStartsAt(text: string, i: number, end: number): boolean {
  const max = Math.min(end, i + 64);
  for (let j = i; j < max; j++) {
    const c = text.charCodeAt(j);
    if (c === 61) return j > i;
    if (c >= 128 || NAME_CHAR[c] !== 1) return false;
  }
  return false;
}

/**
 * Where the pair from `i` ends: at `&`, or at a `;` that starts another pair (`token=...;next=1`, the
 * old HTML separator). A `;` or `,` inside a value (`?filter=a;b`, `?tags=red,blue`) stays in it.
 */
function pairEnd(text: string, i: number, end: number): number {
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 38 || (c === 59 && pairStartsAt(text, i + 1, end))) return i;
  }
  return end;
}

/** The pairs of a query section (`&amp;` from HTML counts as `&`). */
export function queryPairs(text: string, s: UrlSection): QueryPair[] {
  const out: QueryPair[] = [];
  let i = s.start;
  while (i <= s.end) {
    const start = i > s.start && text.startsWith('amp;', i) && i + 4 <= s.end ? i + 4 : i;
    const end = pairEnd(text, start, s.end);
    if (end > start) {
      const eq = indexIn(text, 61, start, end);
      const name = decode(text.slice(start, eq));
      out.push({ name, value: eq === end ? '' : decode(text.slice(eq + 1, end)), start, eq: eq === end ? -1 : eq, end });
    }
    i = end + 1;
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
 * Whether key/value pairs read from text belong to a link rather than to themselves: a pair whose
 * value span [start, end) begins or ends inside a URL (`?code=...` within a link). A pair whose value
 * holds whole links (`note: "see https://..."`) is its own, links and all. Asked in order of `start`,
 * it passes each URL once.
 */
export class UrlCursor {
  private k = 0;
  private last = 0;

  constructor(private readonly sections: readonly UrlSection[]) {}

  inside(start: number, end: number): boolean {
    const ss = this.sections;
    if (start < this.last) this.k = 0;
    this.last = start;
    while (this.k < ss.length && ss[this.k]!.urlEnd <= start) this.k++;
    if (this.k === ss.length) return false;
    const first = ss[this.k]!;
    if (first.urlStart >= end) return false;
    if (first.urlStart < start) return true;
    // URLs do not overlap: only the last one starting before `end` can reach past it.
    let lo = this.k;
    let hi = ss.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ss[mid]!.urlStart < end) lo = mid;
      else hi = mid - 1;
    }
    return ss[lo]!.urlEnd > end;
  }
}
