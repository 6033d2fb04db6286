// What the URLs a value holds carry (url-values.ts reads them): tokens in their paths, queries and
// fragments, credentials by their query names, passwords in userinfo, e-mail addresses. Judged like a
// call's own URL, with the detector's rules supplied as a UrlJudge (sensitive.ts builds one per
// config); the redactor (url-mask.ts) asks the same questions, so what one reports the other masks.

import { CREDENTIAL_QUERY, SECRET_QUERY_NAMES, isOAuthCodeResponse } from './auth-rules.js';
import { contextKind, isSecretPathValue, sessionMatrixId } from './path-secrets.js';
import { type SegmentKind, classifySegment } from './segment.js';
import { letterPieces, looksRandomToken } from './validators.js';
import { type UrlSection, decode, indexIn, isMasked, mayHoldUrl, queryPairs, urlSections } from './url-values.js';

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
const PASSWORD: readonly string[] = ['password'];
/** Literal segments: words name the values after them; versions, locales and placeholders carry nothing. */
const LITERAL_KINDS: ReadonlySet<SegmentKind> = new Set(['word', 'version', 'locale', 'empty', 'placeholder']);

const lowerName = (name: string): string => (/[A-Z]/.test(name) ? name.toLowerCase() : name);

/**
 * Words joined by separators (`user-profile-settings-v2`, `SKU-4567-8901-2345-BLUE`, `summer-sale-2024`):
 * a name, cache key or product code, not key material. A part counts as a word when it is three or
 * more letters of one case that are not hex digits; mixed-case values (base64url) never are.
 */
function wordyParts(v: string): boolean {
  let upper = 0;
  let lower = 0;
  let seps = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else if (c === 45 || c === 95 || c === 46 || c === 126) seps++;
  }
  if (seps === 0 || (upper > 0 && lower > 0)) return false;
  let start = 0;
  for (let i = 0; i <= v.length; i++) {
    const c = i < v.length ? v.charCodeAt(i) : 45;
    if (c === 45 || c === 95 || c === 46 || c === 126) {
      if (i - start >= 3 && /^(?=.*[g-zG-Z])[A-Za-z]+$/.test(v.slice(start, i))) return true;
      start = i + 1;
    }
  }
  return false;
}

/** `?key=` of an API key: 16+ random-looking characters of a key alphabet; paths, dotted names and words are object or cache keys. */
function keyShaped(v: string): boolean {
  if (!/^[A-Za-z0-9_+=-]{16,}$/.test(v) || !looksRandomToken(v, 16)) return false;
  const parts = v.split(/[-_]/);
  if (parts.length < 2) return true;
  let words = 0;
  for (const p of parts) if (p.length >= 3 && letterPieces(p).join('') === p) words++;
  return words * 2 < parts.length;
}

/** A signature or secret (`?sig=`, `?signature=`, `?code_verifier=`): 8+ characters with a digit, or 16+ of mixed case. */
function secretShaped(v: string): boolean {
  if (v.length < 8 || /\s/.test(v)) return false;
  return /\d/.test(v) ? /[A-Za-z]/.test(v) || v.length >= 16 : v.length >= 16 && /[a-z]/.test(v) && /[A-Z]/.test(v);
}

/**
 * The credential a query pair presents by its name (`?sig=`, `?key=<api key>`, `?access_token=`,
 * `?X-Goog-Signature=`), typed as its name says: a key is an api-key, a signature an aws-signature,
 * others a token. '' when the name is a credential's but the value cannot be one (`?key=uploads/a.png`,
 * `?sig=1`); null for other names.
 */
export function linkCredentialType(name: string, value: string): string | null {
  const lower = lowerName(name);
  const c = CREDENTIAL_QUERY.get(lower);
  if (c === undefined) return SECRET_QUERY_NAMES.has(lower) ? (secretShaped(value) ? 'token' : '') : null;
  if (value.length < c.minLength || (lower === 'key' && !keyShaped(value))) return '';
  if (c.scheme === 'aws-sigv4') return 'aws-signature';
  return c.scheme === 'api-key' && !lower.includes('token') ? 'api-key' : 'token';
}

/**
 * Names of one-time credentials whose context the name alone does not give (`code`, `token`,
 * `verification_code` do): Firebase's `oobCode` (password reset links), CAS's `ticket`, `hmac`.
 */
const ONE_TIME_NAMES: ReadonlySet<string> = new Set(['oobcode', 'ticket', 'hmac']);

/**
 * Types of a query value beyond its key name and shape (`pair`), which the caller has found empty:
 * personal data base64-encoded (`?u=amFuZS5kb2VA...`), a token-shaped value under a name that means a
 * one-time credential (`?code=<hex>`, `?verification_code=`, `?oobCode=`). Alone, a random query value
 * is a click or cache id (`?fbclid=`), so unlike a path value it is a token only by its name, and a
 * code of words (`?code=SKU-4567-BLUE`) is a product's. `embedded`: the URL is a value, not the call's
 * own; its credentials (`?key=`, `?sig=`) are data then, where the call's own are auth (the auth
 * analyzer reports them).
 */
export function queryValueTypes(name: string, value: string, judge: UrlJudge, embedded: boolean): readonly string[] {
  if (value.length < 8 && !embedded) return NONE; // shorter than any encoded e-mail or one-time token
  const lower = lowerName(name);
  const cred = embedded ? linkCredentialType(lower, value) : CREDENTIAL_QUERY.has(lower) || SECRET_QUERY_NAMES.has(lower) ? '' : null;
  if (cred !== null) return cred !== '' && judge.enabled(cred) ? [cred] : NONE;
  if (value.length < 8) return NONE;
  const text = judge.encoded(value);
  if (text !== null && text.length > 0) return text;
  if (value.length < 16 || !judge.enabled('token')) return NONE; // no one-time token is shorter
  const context = ONE_TIME_NAMES.has(lower) ? 'token' : name;
  return isSecretPathValue(value, context, true) && !wordyParts(value) ? TOKEN : NONE;
}

/**
 * Types of one query pair inside a link, its value decoded (not the URL its value may hold).
 * `oauthCode`: the section is an OAuth authorization response (`code` next to `state`).
 */
export function linkPairTypes(name: string, value: string, oauthCode: boolean, judge: UrlJudge): readonly string[] {
  if (value === '' || isMasked(value)) return NONE;
  if (oauthCode && name === 'code') return TOKEN;
  const byPair = judge.pair(name, value);
  return byPair.length > 0 ? byPair : queryValueTypes(name, value, judge, true);
}

/** A password in a userinfo (`https://admin:S3cr3t@host`): not empty, masked or a placeholder (`{{password}}`). */
export function isUserinfoPassword(pw: string): boolean {
  return pw !== '' && !isMasked(pw) && !/^(?:\{\{.*\}\}|\$\{.*\}|\*+)$/.test(pw);
}

/** No value shape or path secret is shorter (an e-mail address `a@b.co`). */
const SEGMENT_MIN = 6;

/** Secrets of a path value by its place; across bridges (`/reset/MjM/<token>`) ids (UUIDs, integers) stay ids. */
function contextTypes(seg: string, text: string, from: number, to: number, judge: UrlJudge): readonly string[] {
  const c = pathContext(text, from, to);
  if (c.bridged && classifySegment(seg).kind === 'uuid') return judge.pathValue(seg, '');
  return judge.pathValue(seg, c.word);
}

/** `orders`, `reset-password`: lower-case letters, `-` and `_` only, a word whatever classifySegment adds (it needs a digit for an id). */
function plainWord(text: string, i: number, j: number): boolean {
  for (; i < j; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || c === 45 || c === 95)) return false;
  }
  return true;
}

const SLACK_TEAM_RE = /^T[A-Z0-9]{8,12}$/;
const SLACK_BOT_RE = /^B[A-Z0-9]{8,12}$/;
/** Discord's snowflake ids. */
const SNOWFLAKE_RE = /^\d{15,21}$/;
/** Verbs between a one-time link's word and its token (`/invitations/accept/<token>`). */
const BRIDGE_VERBS: ReadonlySet<string> = new Set(['accept', 'redeem', 'claim', 'join', 'complete', 'validate', 'check', 'new', 'change', 'set', 'update', 'use', 'open']);
/** Words passed over on the way back to a one-time link's word. */
const BRIDGES_MAX = 2;

/**
 * A word between a one-time link's word and its token that does not name the token itself: a verb
 * (`accept`), or a short segment such as Django's base64 user id (`/reset/MjM/<token>`). Record nouns
 * (`/verify/docs/<id>`) name what follows them.
 */
function isBridge(word: string): boolean {
  if (BRIDGE_VERBS.has(word.toLowerCase())) return true;
  return word.length <= 8 && /^[A-Za-z0-9_-]+$/.test(word) && (word.length <= 4 || /[A-Z]/.test(word)) && contextKind(word) === 0;
}

/**
 * What a path value after the segments in [from, to) is: the last literal word (`reset-password`,
 * `unsubscribe`), or a one-time link's word before it across verbs and short segments
 * (`/invitations/accept/<token>`: `bridged`), or a webhook's secret by its place.
 */
function pathContext(text: string, from: number, to: number): { word: string; bridged: boolean } {
  const segs = text.slice(from, to).split('/').map(decode);
  const n = segs.length;
  // Slack's incoming webhook `/services/T.../B.../<secret>`, Discord's `/webhooks/<id>/<token>`.
  if (n >= 3 && ((segs[n - 3] === 'services' && SLACK_TEAM_RE.test(segs[n - 2]!) && SLACK_BOT_RE.test(segs[n - 1]!)) || (segs[n - 2] === 'webhooks' && SNOWFLAKE_RE.test(segs[n - 1]!)))) {
    return { word: 'webhookToken', bridged: false };
  }
  let first = '';
  let bridges = 0;
  for (let k = n - 1; k >= 0; k--) {
    const seg = segs[k]!;
    if (seg === '' || !(plainWord(seg, 0, seg.length) || classifySegment(seg).kind === 'word')) continue;
    if (first === '') first = seg;
    if (contextKind(seg) === 1) return { word: seg, bridged: seg !== first };
    if (!isBridge(seg) || ++bridges > BRIDGES_MAX) break;
  }
  return { word: first, bridged: false };
}

/**
 * Calls `found(index, start, end, types)` for each segment of a path section that carries something:
 * value shapes, or a secret by its place (`/reset-password/<token>`). Most segments are short words
 * and ids: only the longer ones are read, and the word before one only when it needs a context.
 */
export function pathSegmentTypes(text: string, s: UrlSection, judge: UrlJudge, found: (index: number, start: number, end: number, types: readonly string[]) => void): void {
  for (let i = s.start, k = 0; i <= s.end; k++) {
    const end = indexIn(text, 47, i, s.end);
    // `/cart;jsessionid=<id>`: the session id alone is the secret, the segment before it read as one.
    const semi = indexIn(text, 59, i, end);
    let j = end;
    if (semi < end && judge.enabled('token')) {
      const id = sessionMatrixId(text.slice(semi, end));
      if (id !== null) {
        if (!isMasked(text.slice(semi + id[0], semi + id[1]))) found(k, semi + id[0], semi + id[1], TOKEN);
        j = semi;
      }
    }
    if (j - i >= SEGMENT_MIN && !plainWord(text, i, j)) {
      const seg = decode(text.slice(i, j));
      if (!LITERAL_KINDS.has(classifySegment(seg).kind) && !isMasked(seg)) {
        const shapes = judge.shapes(seg);
        const types = shapes.length > 0 ? shapes : contextTypes(seg, text, s.start, i - 1, judge);
        if (types.length > 0) found(k, i, j, types);
      }
    }
    i = end + 1;
  }
}

/** Pairs with a name that is itself a value (`?jane@x.com`, `?ghp_...`) are judged by the name's shape too. */
export function nameIsValue(name: string): boolean {
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
 * path segments like a call's own path, a password in a userinfo. Ordinary links (`?page=2`,
 * `/orders/<uuid>`, `/img/logo.png`) yield nothing.
 */
export function urlValueTypes(value: string, urlHeader: boolean, judge: UrlJudge, depth = 0): readonly string[] {
  const sections = urlSections(value, urlHeader);
  if (sections.length === 0) return NONE;
  let found: string[] | null = null;
  const add = (ts: readonly string[]): void => {
    for (let i = 0; i < ts.length; i++) if (!(found ??= []).includes(ts[i]!)) found.push(ts[i]!);
  };
  for (const s of sections) {
    if (s.kind === 'password') {
      if (judge.enabled('password') && isUserinfoPassword(decode(value.slice(s.start, s.end)))) add(PASSWORD);
      continue;
    }
    if (s.kind === 'path') {
      pathSegmentTypes(value, s, judge, (_k, _i, _j, ts) => add(ts));
      continue;
    }
    const pairs = queryPairs(value, s);
    // An OAuth authorization response (`code` next to `state`): the code is a credential.
    const oauth = pairs.length > 1 && judge.enabled('token') && isOAuthCodeResponse(pairs);
    for (const p of pairs) {
      if (p.name === '') continue;
      if (nameIsValue(p.name)) add(judge.shapes(p.name));
      add(linkPairTypes(p.name, p.value, oauth, judge));
      // A URL in a URL (`?redirect_uri=https://client/cb?code=...`): one level down is enough.
      if (depth === 0 && mayHoldUrl(p.value, false)) add(urlValueTypes(p.value, false, judge, 1));
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
