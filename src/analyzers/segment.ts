// What one URL path segment is (integer, UUID, hash, date, email, token, id, version, locale, file,
// word). Pure tables plus small predicates; which path values are secrets is path-secrets.ts, what a
// parameter in a segment's place is called is param-names.ts.

import { wholeValueType } from './sensitive-rules.js';
import { isIPv4, isIPv6 } from './validators.js';

export type SegmentKind =
  | 'integer'
  | 'uuid'
  | 'object-id'
  | 'hex'
  | 'ulid'
  | 'date'
  | 'email'
  | 'base64url'
  | 'alnum-id'
  | 'version'
  | 'locale'
  | 'file'
  | 'word'
  | 'empty'
  /** An unresolved variable left in the path by a collection: `:id`, `{id}`, `{{order_id}}`. */
  | 'placeholder';

export interface SegmentClass {
  kind: SegmentKind;
  /** Becomes a parameter the first time it is seen, without evidence from siblings. */
  templateOnSight: boolean;
  /** Literal tail kept after the parameter: '.pdf' in `12345.pdf`, ':cancel' in `123:cancel`. */
  suffix?: string;
  /** Parameter name carried by a placeholder segment. */
  name?: string;
  /** A word that stays literal and never joins an evidence merge (`me`, `search`, `sha256`). */
  constant?: boolean;
}

const cls = (kind: SegmentKind, templateOnSight: boolean): SegmentClass => Object.freeze({ kind, templateOnSight });
const C = {
  empty: cls('empty', false),
  integer: cls('integer', true),
  uuid: cls('uuid', true),
  objectId: cls('object-id', true),
  hex: cls('hex', true),
  ulid: cls('ulid', true),
  date: cls('date', true),
  email: cls('email', true),
  base64url: cls('base64url', true),
  alnum: cls('alnum-id', true),
  /** A phone number, SSN or card number with separators: personal data must never become a literal in a template. */
  personal: cls('alnum-id', true),
  version: cls('version', false),
  locale: cls('locale', false),
  file: cls('file', false),
  word: cls('word', false),
  constant: Object.freeze<SegmentClass>({ kind: 'word', templateOnSight: false, constant: true }),
} as const;

/** Words that name a function rather than a value: always literal, never merged into a parameter. */
export const CONSTANT_WORDS: ReadonlySet<string> = new Set(
  ('api apis admin graphql gql rest rpc me self current mine my search query find lookup autocomplete suggest ' +
    'export import bulk batch count new edit create update delete remove settings config preferences profile ' +
    'status health healthz healthcheck livez readyz ping metrics info version login logout signin signout signup ' +
    'register auth oauth token refresh callback verify confirm reset password upload download all latest recent ' +
    'popular trending featured public private internal stats summary list details history feed sync webhook ' +
    'webhooks random next previous first last top overview dashboard')
    .split(' '),
);

/**
 * Verbs that name an operation on the resource before them (`POST /payments/approve`, `/jobs/start`):
 * siblings of one resource share its request and response, so similarity alone would merge approve,
 * reject, capture and refund into one `{paymentName}`. They stay literal like CONSTANT_WORDS.
 */
export const ACTION_WORDS: ReadonlySet<string> = new Set(
  ('start stop pause resume restart reboot shutdown cancel approve reject accept decline capture refund void ' +
    'settle authorize archive unarchive publish unpublish submit retry activate deactivate enable disable suspend ' +
    'unsuspend lock unlock block unblock terminate reopen complete assign unassign transfer execute trigger ' +
    'validate preview rollback deploy redeploy mute unmute follow unfollow subscribe unsubscribe revoke renew ' +
    'rotate invite resend send clone duplicate copy move rename restore purge flush')
    .split(' '),
);

/** Short tokens with digits that are names, not ids (`sha256` is Akto's classic false positive). */
export const LITERAL_TOKENS: ReadonlySet<string> = new Set(
  ('2fa mfa otp oauth1 oauth2 openid s3 ec2 ipv4 ipv6 utf8 utf16 x509 md5 sha1 sha224 sha256 sha384 sha512 sha3 ' +
    'sha3-256 sha3-512 base32 base64 base64url i18n l10n k8s h264 h265 mp3 mp4 p2p b2b b2c e2e web3 x86_64 arm64 amd64 ' +
    'aarch64 ed25519 x25519 secp256k1 iso8601 rfc3339 iso-8859-1 i18next 3ds 3dsecure 1password http2 http3 ' +
    'html5 css3 es6 es2015 win32 win64')
    .split(' '),
);

/** ISO 639-1 codes common enough in URLs to read a bare two-letter segment as a locale. */
const LANGS: ReadonlySet<string> = new Set(
  ('en fr de es it pt nl sv da no nb nn fi pl cs sk hu ro bg el tr ru uk he ar fa hi bn ja ko zh th vi ' +
    'id ms tl sw ca eu gl hr sr sl et lv lt is ga cy af sq mk ur ta te').split(' '),
);

/** Extensions that make a segment a file name; an id-like stem still templates (`{invoiceId}.pdf`). */
const FILE_EXTS: ReadonlySet<string> = new Set(
  ('php html htm shtml asp aspx jsp do action cgi pl py rb js mjs cjs css map json xml txt csv tsv yaml yml ' +
    'md png jpg jpeg gif svg ico webp avif bmp tif tiff heic pdf zip gz tgz bz2 xz 7z rar tar jar war apk ipa exe ' +
    'dmg msi deb rpm iso bin wasm woff woff2 ttf otf eot mp3 mp4 m4a m4v mov avi webm ogg wav flac m3u8 ts ' +
    'rss atom ics vcf doc docx xls xlsx ppt pptx odt ods rtf epub sql db log bak env sh ps1 pem crt cer key p12')
    .split(' '),
);

/** True for words that stay literal and never join an evidence merge (`me`, `search`, `sha256`...). */
export function isConstantWord(seg: string): boolean {
  const s = seg.toLowerCase();
  return CONSTANT_WORDS.has(s) || ACTION_WORDS.has(s) || LITERAL_TOKENS.has(s);
}

/** Classes whose values become parameters only with evidence from several siblings. */
export function isEvidenceClass(kind: SegmentKind): boolean {
  return kind === 'word' || kind === 'locale';
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isHexLetter = (c: number): boolean => (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_RE = /^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;
const EMAIL_RE = /^[^\s@/]+@[^\s@/]+\.[A-Za-z]{2,}$/;
const JWT_RE = /^eyJ[\w-]+\.[\w-]+\.[\w-]*$/;
const VERSION_RE = /^(?:[vV]\d+(?:\.\d+){0,2}(?:(?:alpha|beta|rc|preview)\d*)?|\d{1,3}\.\d{1,3}(?:\.\d{1,4})?)$/;
const ULID_RE = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;
const PREFIXED_ID_RE = /^[a-z]{2,12}_[A-Za-z0-9]{8,}$/; // Stripe-style `cus_NffrFeUfNV2Hib`
const LOCALE_RE = /^([a-z]{2,3})[-_]([A-Z]{2}|[a-z]{2}|\d{3}|[A-Z][a-z]{3})$/;
const ISSUE_KEY_RE = /^[A-Z][A-Z0-9]{1,9}-\d+$/; // Jira `PROJ-123`
const DIGEST_RE = /^(?:sha1|sha256|sha384|sha512|md5):[0-9a-fA-F]{32,128}$/;
// `{{$guid}}`, `{{$randomInt}}`: Postman's dynamic variables, a new value on every run, are placeholders too (named without the `$`).
const PLACEHOLDER_RE = /^(?::([A-Za-z_][\w-]*)|\{\{?\s*\$?([A-Za-z_][\w.-]*)\s*\}?\})$/;

/** The segment percent-decoded; as it is when it does not decode. */
export function decode(seg: string): string {
  if (seg.indexOf('%') === -1) return seg;
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}

function plausibleDate(m: RegExpExecArray): boolean {
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = m[3] === undefined ? 1 : Number(m[3]);
  return y >= 1900 && y <= 2199 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
}

/** Letter/digit runs of one `-_.~`-separated token. */
function runs(t: string, from: number, to: number): { digits: number; transitions: number; longestLetters: number } {
  let digits = 0;
  let transitions = 0;
  let longestLetters = 0;
  let letterRun = 0;
  let prev = 0; // 1 letter, 2 digit
  for (let i = from; i < to; i++) {
    const k = isDigit(t.charCodeAt(i)) ? 2 : 1;
    if (k === 2) {
      digits++;
      letterRun = 0;
    } else if (++letterRun > longestLetters) longestLetters = letterRun;
    if (prev !== 0 && prev !== k) transitions++;
    prev = k;
  }
  return { digits, transitions, longestLetters };
}

/**
 * Ids interleave letters and digits (`C024BE91L`, `7c5ddbdf54`); names put a number between words
 * (`base64url`, `utf16le`, `sha256sum`), so two switches count only between short letter runs.
 */
function idLikeToken(t: string, from: number, to: number): boolean {
  const len = to - from;
  if (len < 5) return false;
  const r = runs(t, from, to);
  if (r.digits === 0 || r.digits === len) return false;
  if (r.transitions >= 3) return r.digits >= 2 || len >= 10;
  return r.transitions === 2 && r.digits >= 2 && r.longestLetters <= 2;
}

/** `ORD12345`, `INV-2024-0001`, `C024BE91L`, `nginx-7c5ddbdf54-abcde`: an identifier made of letters and digits. */
function alnumId(s: string, digits: number, letters: number, upper: number): boolean {
  if (digits === 0 || letters === 0 || s.length < 5) return false;
  if (digits >= 4 && digits >= letters) {
    // `rsa2048`, `fy2024`, `1080p`, `test1234`: a lower-case word and a short number are a name.
    const wordAndNumber = upper === 0 && digits <= 4 && /^(?:[a-z]+\d+|\d+[a-z]+)$/.test(s);
    if (!wordAndNumber) return true;
  }
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 45;
    if (c === 45 || c === 95 || c === 46 || c === 126) {
      if (i > start && idLikeToken(s, start, i)) return true;
      start = i + 1;
    }
  }
  return false;
}

/** Random-looking base64url: mixed case with digits and case/digit jumps that camelCase words do not make. */
function base64url(s: string): boolean {
  if (s.length < 20) return false;
  let upper = 0;
  let lower = 0;
  let digits = 0;
  let irregular = 0;
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 61) end--; // '=' padding
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (isUpper(c)) {
      upper++;
      const n = i + 1 < end ? s.charCodeAt(i + 1) : 0;
      if (isUpper(n) || isDigit(n)) irregular++;
    } else if (isLower(c)) lower++;
    else if (isDigit(c)) {
      digits++;
      const n = i + 1 < end ? s.charCodeAt(i + 1) : 0;
      if (isLower(n)) irregular++;
    } else if (c !== 45 && c !== 95) return false;
  }
  return upper > 0 && lower > 0 && digits > 0 && irregular >= 2;
}

/** Classifies a raw (possibly percent-encoded) path segment. */
export function classifySegment(seg: string): SegmentClass {
  if (seg === '') return C.empty;
  const s = decode(seg);
  // A placeholder as the input wrote it (`:id`, `{id}`, `{{id}}` in a collection); an encoded brace
  // (`%7Bx%7D`) is a literal character a client sent, not a declaration.
  const c0 = seg.charCodeAt(0);
  if (c0 === 58 || c0 === 123) {
    const m = PLACEHOLDER_RE.exec(seg);
    if (m) return { kind: 'placeholder', templateOnSight: true, name: (m[1] ?? m[2])! };
  }
  let digits = 0;
  let hexLetters = 0;
  let letters = 0;
  let upper = 0;
  let lower = 0;
  let at = -1;
  let colon = -1;
  let lastDot = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if (isLower(c) || isUpper(c)) {
      letters++;
      if (isUpper(c)) upper++;
      else lower++;
      if (isHexLetter(c)) hexLetters++;
    } else if (c === 64) at = i;
    else if (c === 58 && colon === -1) colon = i;
    else if (c === 46) lastDot = i;
  }
  const len = s.length;
  if (digits === len) return C.integer;
  if (digits + hexLetters === len && digits > 0) {
    if (len === 24) return C.objectId;
    if (len >= 16) return C.hex;
  }
  if (len === 36 && UUID_RE.test(s)) return C.uuid;
  if (isDigit(c0) && digits >= 4) {
    const m = DATE_RE.exec(s);
    if (m && plausibleDate(m)) return C.date;
  }
  // Before the version check: '415.555.0199' reads as a version, but it is a phone number.
  if (letters === 0 && digits >= 7 && wholeValueType(s) !== null) return C.personal;
  // An address (`/hosts/8.8.8.8`, `/peers/2001:db8::1`): a value, and personal data, never a literal.
  // `120.0.0.0` (a last octet of 0) is a version, not a host; `a::b` (no digit) is a name.
  if (letters === 0 && lastDot > 0 && isIPv4(s) && !s.endsWith('.0')) return C.personal;
  if (colon >= 0 && isIPv6(s) && digits > 0) return C.personal;
  if (at > 0 && len <= 254 && EMAIL_RE.test(s)) return C.email;
  if (c0 === 101 && lastDot > 0 && JWT_RE.test(s)) return C.base64url;
  // A credential in the path (`/keys/sk_live_...`, `/hooks/xoxb-...`) is a parameter on sight, so its
  // value is detected and masked like any parameter's instead of becoming part of a stored template.
  if (len >= 20 && wholeValueType(s) !== null) return C.personal;
  if (digits > 0 && VERSION_RE.test(s)) return C.version;
  if (letters === 0 && digits === len - 1 && lastDot > 0 && /^\d+\.\d+$/.test(s)) return C.alnum; // Slack ts `1503435956.000247`
  if (isConstantWord(s)) return C.constant;
  if (colon > 0) {
    if (DIGEST_RE.test(s)) return C.hex; // OCI/Docker `sha256:2bca...`
    if (isColonKey(s, colon)) return C.personal; // `bot123456789:AAH...`: a credential, not a `:verb`
    return withSuffix(s.slice(0, colon), s.slice(colon)) ?? C.word; // Google `operations/123:cancel`
  }
  if (lastDot > 0 && lastDot < len - 1) {
    const ext = s.slice(lastDot + 1).toLowerCase();
    if (FILE_EXTS.has(ext)) return withSuffix(s.slice(0, lastDot), s.slice(lastDot)) ?? C.file;
  }
  if (lower > 0 && PREFIXED_ID_RE.test(s) && (digits > 0 || upper >= 3)) return C.alnum;
  if (digits > 0 && letters > 0) {
    if ((len === 26 && ULID_RE.test(s)) || (len === 27 && upper > 0 && lower > 0 && /^[A-Za-z0-9]+$/.test(s))) return C.ulid;
    if (ISSUE_KEY_RE.test(s)) return C.alnum;
    if (base64url(s)) return C.base64url;
    if (alnumId(s, digits, letters, upper)) return C.alnum;
  }
  if (digits === 0 && len >= 16 && upper >= 3 && lower >= 3 && lettersToken(s)) return C.base64url;
  if (len <= 7 && (LANGS.has(s) || isLocale(s))) return C.locale;
  return C.word;
}

/**
 * Random base64url without a digit (`YbajQgEYfzJkAZVfNVzpxQpi`, or base64 of an e-mail address,
 * `amFuZUBleGFtcGxlLmNvbQ`): its lower-case runs between capitals are mostly one or two letters long,
 * and few of its letters are vowels (about one in five), where camelCase names made of words
 * (`getUserProfileSettings`, `countByUserIdAndIsRead`, `IAmAVeryLongName`) have a third or more.
 */
function lettersToken(s: string): boolean {
  let runs = 0;
  let short = 0;
  let run = 0;
  let vowels = 0;
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 61) end--; // '=' padding
  for (let i = 0; i <= end; i++) {
    const c = i < end ? s.charCodeAt(i) : 0;
    if (VOWELS.has(c | 32)) vowels++;
    if (isLower(c)) {
      run++;
      continue;
    }
    if (i < end && !isUpper(c)) return false; // '-', '_': words joined, not base64
    if (run > 0) {
      runs++;
      if (run <= 2) short++;
      run = 0;
    }
  }
  return short >= 4 && short * 2 >= runs && vowels < end * 0.26;
}

/** a e i o u, as lower-case char codes. */
const VOWELS: ReadonlySet<number> = new Set([97, 101, 105, 111, 117]);

/** Upper- and lower-case letters both occur. */
export function hasBothCases(s: string): boolean {
  let seen = 0;
  for (let i = 0; i < s.length && seen !== 3; i++) {
    const c = s.charCodeAt(i);
    if (isUpper(c)) seen |= 1;
    else if (isLower(c)) seen |= 2;
  }
  return seen === 3;
}

/**
 * `<id>:<key material>` (a Telegram bot token, `bot123456789:AAHdq...`): what follows the colon is
 * long mixed-case letters and digits, where a Google-style custom method (`:batchGet`) is a word.
 */
export function isColonKey(seg: string, colon: number): boolean {
  const key = seg.slice(colon + 1);
  return key.length >= 30 && /^[A-Za-z0-9_-]+$/.test(key) && /\d/.test(key) && hasBothCases(key);
}

/** `en-US`, `pt_BR`, `zh-Hans`, `es-419`; a known language is required so that `go-to` stays a word. */
function isLocale(s: string): boolean {
  const m = LOCALE_RE.exec(s);
  return m !== null && LANGS.has(m[1]!);
}

/** `12345.pdf` -> integer with suffix '.pdf'; a stem that is not id-like returns null. */
function withSuffix(stem: string, suffix: string): SegmentClass | null {
  if (stem === '') return null;
  const k = classifySegment(stem);
  if (!k.templateOnSight || k.kind === 'placeholder' || k.suffix !== undefined) return null;
  return { kind: k.kind, templateOnSight: true, suffix };
}
