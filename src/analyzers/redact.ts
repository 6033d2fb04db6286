// Builds the redacted Sample of a call: credentials in headers, cookies and query masked, flagged and
// re-detected values masked (mask.ts) in URL, headers and bodies.
// Invariant: nothing any sensitive rule detects appears in the clear in a Sample (values are re-scanned).

import type { Config } from '../config.js';
import type { Body, CallRecord, NameValue } from '../model/call-record.js';
import type { ParamLocation, Sample, SensitiveFinding } from '../model/facts.js';
import { propPath } from '../model/param-path.js';
import { hostKey } from '../model/host-spelling.js';
import { safeDecode } from '../model/url.js';
import { API_KEY_HEADERS } from '../model/standard-headers.js';
import { CLIENT_IP_HEADERS, MTLS_CERT_HEADERS, SECRET_QUERY_NAMES, SET_COOKIE_SEPARATOR, isApiKeyHeader, isOAuthCodeResponse, isSessionCookie, splitAuthorization } from './auth-rules.js';
import { SHAPED_TYPES, maskPathSegment, maskText, opaque, redactValue } from './mask.js';
import { fieldPath, isFormFieldName } from './params.js';
import { singularize } from './param-names.js';
import { contextKind, sessionMatrixId } from './path-secrets.js';
import { classifySegment } from './segment.js';
import {
  credentialType, detectorFor, formParts, maskingConfig, freeTextKind, keyOf, keyTypes, normalizeKey, pathValueTypes, schemeCredentialType, sensitiveTypes,
} from './sensitive.js';
import { nameValueType } from './value-names.js';
import { plausibleValue, textPairs, unquote } from './text-pairs.js';
import { letterPieces } from './validators.js';
import { URL_HEADERS, UrlCursor, mayHoldUrl, urlSections } from './url-values.js';
import { type LinkMasker, maskLinkSection, maskLinks } from './url-mask.js';

/** Sample bodies are cut to this many characters (after masking, so a cut never exposes half a secret). */
export const SAMPLE_BODY_CHARS = 4096;

const ALWAYS_MASKED_HEADERS = new Set([...API_KEY_HEADERS, ...MTLS_CERT_HEADERS, 'x-amz-security-token', 'x-csrf-token', 'x-xsrf-token']);

interface Ctx {
  cfg: Config | undefined;
  salt: string;
  /** The resource the call addresses (`user` for /admin/users/1): the owner of a body's top-level keys. */
  resource: string;
  flagged: ReadonlyMap<string, string>;
  /** Configured custom and declared (Postman `apikey`) credential names, lower-case, with the type they mask as. */
  customHeaders: ReadonlyMap<string, string>;
  customQuery: ReadonlyMap<string, string>;
  /** Configured body credentials by JSON path (`$.auth.blob`), and by name alone for a top-level key. */
  customBodyPaths: ReadonlySet<string>;
  customBodyKeys: ReadonlySet<string>;
  /** How links inside values are masked (built on first use). */
  links?: LinkMasker;
}

const PERSON_NAME_KEY =
  /^(?:full|first|last|middle|given|family|sur|fore|display|legal|real|maiden)name$|^(?:surname|forename|cardholder|cardholdername|holder|holdername|nameoncard|accountholder|accountholdername)$|^(?:customer|patient|recipient|contact|employee|member|buyer|sender|receiver|payer|payee|beneficiary|guest|passenger|traveler|traveller|applicant|subscriber|attendee|participant|guardian|spouse|person|addressee|consignee|signer|emergencycontact)(?:full)?name$/;
/**
 * Objects whose `name` is a person's: `$.customer.name`, `$.shipping.name`, `$.billedTo.name`, and the
 * top-level `name` of a resource that is a person (`/users/me`, `/userinfo`). Compared singular.
 */
const PERSON_PARENT =
  /^(?:user|userinfo|me|customer|client|person|people|contact|recipient|addressee|consignee|holder|cardholder|accountholder|owner|member|employee|patient|buyer|sender|receiver|payer|payee|beneficiary|billing|shipping|billedto|billto|billingcontact|shipto|shippedto|soldto|deliverto|deliveredto|guest|passenger|traveler|traveller|author|profile|signer|signatory|applicant|subscriber|attendee|participant|guardian|spouse|emergencycontact|nextofkin)$/;
/** Street lines: `line1`, `addressLine2`, `street`, `streetAddress`. */
const ADDRESS_LINE_KEY = /^(?:(?:address|street)?line\d|street|streetaddress|streetline\d?|address\d)$/;
/** Objects holding street lines: an address, or a party one is billed, shipped or delivered to. */
const ADDRESS_PARENT = /address$|^(?:billing|shipping|billedto|billto|shipto|shippedto|soldto|deliverto|deliveredto|recipient|residence|home)$/;
/** A word of the path that names the caller (`/users/me`), not a resource: the resource is the word before it. */
const SELF_WORDS = new Set(['me', 'self', 'current', 'mine', 'my', 'myself']);

/** A quoted member that is a form field name: `$['customer[name]']`. */
const FORM_MEMBER = /\[(['"])([^'"]*\[[^'"]*\])\1\]$/;

/**
 * Personal values that are not a finding type (a person's name, an address line) but must not sit
 * in a sample in the clear: masked there by their key, whatever the value. `$.customer.name` is a
 * name; `$.items[*].name` (a product) is not.
 */
function samplePersonal(name: string, resource: string): string | null {
  const member = keyOf(name);
  const key = normalizeKey(member);
  // A form field `customer[name]`: its parent is the name before it.
  const form = FORM_MEMBER.exec(name);
  const parts = form === null ? null : formParts(form[2]!);
  let parent: string;
  if (parts !== null && parts.length > 1) parent = normalizeKey(singularize(parts[parts.length - 2]!));
  else {
    const parentPath = name.slice(0, Math.max(0, name.length - member.length - 1)).replace(/\[\*\]$/, '');
    // `$.addresses[*].line1`, `$.customers[*].name`: an element of a collection is what the collection holds.
    parent = parentPath === '$' || parentPath === '' ? resource : normalizeKey(singularize(keyOf(parentPath)));
  }
  if (PERSON_NAME_KEY.test(key) || (key === 'name' && PERSON_PARENT.test(parent))) return 'person-name';
  if (ADDRESS_LINE_KEY.test(key) && ADDRESS_PARENT.test(parent)) return 'street-address';
  return null;
}

function isBody(location: ParamLocation): boolean {
  return location === 'request.body' || location === 'response.body';
}

/** A configured custom body credential (`auth.custom` with `in: body`): `$.auth_blob`, or `auth_blob` at any depth. */
function isCustomBodyCredential(ctx: Ctx, name: string): boolean {
  return ctx.customBodyPaths.has(name) || (ctx.customBodyKeys.size > 0 && ctx.customBodyKeys.has(keyOf(name)));
}

/** The masked form of one named value: findings for (location, name) plus a re-scan; unchanged when clean. */
function maskNamed(ctx: Ctx, location: ParamLocation, name: string, value: string): string {
  if (value === '') return value;
  if (ctx.customBodyPaths.size > 0 && isBody(location) && isCustomBodyCredential(ctx, name)) return opaque('token', value, ctx.salt);
  // A GraphQL document: its arguments are masked by name (`password: "..."`), the document stays readable.
  if (freeTextKind(location, name, value) === 2) return maskFreeText(ctx, location, value, true);
  const flaggedType = ctx.flagged.get(`${location}\u0000${name}`);
  const urlHeader = (location === 'request.header' || location === 'response.header') && URL_HEADERS.has(name);
  if (mayHoldUrl(value, urlHeader)) {
    // A link (`"resetUrl": "https://.../reset?token=..."`, a Referer): its secrets masked in place, the
    // rest readable (url-mask.ts masks whatever detection reports in it). A finding the re-scan of the
    // original explains is then judged on what is left, outside its links: a shape masked in place
    // (`?ssn=***-**-7731`) must not hide the whole link by its pair's name.
    const masked = maskLinks(value, urlHeader, linkMasker(ctx));
    if (masked !== value) {
      const explained = flaggedType !== undefined && sensitiveTypes({ location, name, type: 'string', value }, ctx.cfg).includes(flaggedType);
      return maskTyped(ctx, location, name, masked, explained ? undefined : flaggedType, false);
    }
  }
  return maskTyped(ctx, location, name, value, flaggedType, true);
}

/**
 * maskNamed for a value whose URLs are masked already: by its types (re-scanned, `links` read or not)
 * and the finding's type.
 */
function maskTyped(ctx: Ctx, location: ParamLocation, name: string, value: string, flaggedType: string | undefined, links: boolean): string {
  const types = sensitiveTypes({ location, name, type: 'string', value }, ctx.cfg, links);
  if (flaggedType && !types.includes(flaggedType)) types.push(flaggedType);
  if (types.length === 0 && (location === 'request.body' || location === 'response.body')) {
    const personal = samplePersonal(name, ctx.resource);
    if (personal) return `<${personal}>`;
  }
  // Shapes that detection trusts only as a whole value (a card number, a phone) are still masked
  // inside free text: a note quoting one must not carry it into a sample.
  if (types.length === 0) return maskText(value, ctx.salt);
  const whole = types.find((t) => !SHAPED_TYPES.has(t));
  if (whole !== undefined) return opaque(whole, value, ctx.salt);
  let out = value;
  for (const t of types) out = redactValue(t, out, ctx.salt);
  // Belt and braces: a value that still trips a rule after shape-masking is hidden whole.
  return out !== value && sensitiveTypes({ location, name: '', type: 'string', value: out }, ctx.cfg, links).length === 0 ? maskText(out, ctx.salt) : opaque(types[0]!, value, ctx.salt);
}

const enc = (s: string): string => s.replace(/[%&=#+\s]/g, (c) => encodeURIComponent(c));

/** A query, header or JSON key name that is itself a value (`?ghp_...`, `?jane@x.com`) masked like that value; others unchanged. */
function maskName(ctx: Ctx, name: string): string {
  const type = nameValueType(name);
  if (type === null) return name;
  return SHAPED_TYPES.has(type) ? redactValue(type, name, ctx.salt) : opaque(type, name, ctx.salt);
}

/** One query pair masked: its name when the name is a value, its value by name (credentials always) and shape. */
function maskPair(ctx: Ctx, name: string, value: string, oauthCode: boolean): [string, string] {
  if (oauthCode && name === 'code' && value !== '') return [name, opaque('token', value, ctx.salt)];
  const masked = maskName(ctx, name);
  // Under no name: the finding at `*` is the name's, not its value's.
  if (masked !== name) return [masked, maskNamed(ctx, 'request.query', '', value)];
  const lower = name.toLowerCase();
  const custom = ctx.customQuery.get(lower);
  const secret = custom !== undefined || SECRET_QUERY_NAMES.has(lower);
  return [name, secret && value !== '' ? opaque(custom ?? secretTypeOf(name), value, ctx.salt) : maskNamed(ctx, 'request.query', name, value)];
}

function maskQuery(ctx: Ctx, query: readonly NameValue[]): string {
  const oauthCode = isOAuthCodeResponse(query);
  return query
    .map((q) => {
      const [name, v] = maskPair(ctx, q.name, q.value, oauthCode);
      if (name !== q.name) return q.value === '' ? name : `${name}=${v === q.value ? enc(v) : v}`;
      return q.value === '' ? enc(q.name) : `${enc(q.name)}=${v === q.value ? enc(v) : v}`;
    })
    .join('&');
}

/** Links inside values (url-mask.ts): their query values masked like a call's own, their paths too. */
function linkMasker(ctx: Ctx): LinkMasker {
  return (ctx.links ??= {
    judge: detectorFor(ctx.cfg).judge,
    salt: ctx.salt,
    value: (name, value) => maskNamed(ctx, 'request.query', name, value),
    name: (name) => maskName(ctx, name),
    custom: (lower) => ctx.customQuery.get(lower),
    path: (raw) => maskPath(ctx, raw),
  });
}

function secretTypeOf(name: string): string {
  return keyTypes(name)[0] ?? 'token';
}

function maskPath(ctx: Ctx, path: string): string {
  const segs = path.split('/');
  const out: string[] = [];
  let context = ''; // the last literal word: what a value after it is (`password-reset`, `unsubscribe`)
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    out.push(seg === '' ? seg : maskSegment(ctx, seg, i > 0 ? segs[i - 1]! : '', context, i));
    if (seg !== '' && classifySegment(seg).kind === 'word') context = seg;
  }
  return out.join('/');
}

/** Kinds of literal segments: words, versions, locales, file names. */
const ROUTE_KINDS: ReadonlySet<string> = new Set(['word', 'version', 'locale', 'file', 'placeholder', 'empty']);

/**
 * A literal route word (`refresh`, `reset`, `sign-in`, `resetPassword`, `v2`), not key material. Letters
 * alone can still be random (`XkQpLmRtYvBnWsAd`): a word's pieces (split at separators and camelCase)
 * are mostly three letters or longer; random mixed case breaks into ones and twos.
 */
function isRouteWord(seg: string): boolean {
  const kind = classifySegment(seg).kind;
  if (kind !== 'word') return ROUTE_KINDS.has(kind);
  const pieces = letterPieces(seg);
  if (pieces.length === 0) return true;
  const short = pieces.filter((w) => w.length < 3).length;
  return short * 2 <= pieces.length && seg.length <= 48;
}

function maskSegment(ctx: Ctx, seg: string, prev: string, context: string, i: number): string {
  const session = sessionMatrixId(seg); // `cart;jsessionid=<id>`: the id hidden, the rest readable
  if (session !== null) return seg.slice(0, session[0]) + opaque('token', seg.slice(session[0], session[1]), ctx.salt) + seg.slice(session[1]);
  const decoded = seg.includes('%') ? safeDecode(seg) : seg;
  // '/reset-password/<token>', '/api_key/<key>': the previous segment names a secret, so a value after
  // it is one; a literal route word (`/token/refresh`, `/password/reset`) is not.
  if (prev && !isRouteWord(decoded) && keyTypes(prev, ctx.cfg).length > 0) return '<redacted>';
  const m = maskNamed(ctx, 'request.path', String(i), decoded);
  // Hidden whole as a token by its shape alone, but a record's id by its place (`/document/d/<id>`,
  // `/files/<id>`): an id, as detection judges it; value shapes in it are still masked below.
  const recordId = m !== decoded && contextKind(context) === 2 && m === opaque('token', decoded, ctx.salt);
  if (m !== decoded && !recordId) return m;
  // A token-shaped value after a word naming a one-time credential ('/password-reset/<token>').
  const secret = pathValueTypes(decoded, context, ctx.cfg)[0];
  return secret === undefined ? maskPathSegment(seg, ctx.salt) : opaque(secret, decoded, ctx.salt);
}

function pairsOf(qs: string): NameValue[] {
  return qs.split('&').map((p) => {
    const eq = p.indexOf('=');
    return { name: safeDecode(eq === -1 ? p : p.slice(0, eq)), value: safeDecode(eq === -1 ? '' : p.slice(eq + 1)) };
  });
}

function maskCookieValue(ctx: Ctx, name: string, value: string): string {
  if (value === '') return value;
  // opaque() shows a JWT as `<jwt alg=...>` whatever the cookie's name
  return opaque(isSessionCookie(name, value) ? 'session-cookie' : 'cookie', value, ctx.salt);
}

function maskHeader(ctx: Ctx, location: ParamLocation, name: string, value: string): string {
  const n = name.toLowerCase();
  if (value === '') return value;
  if (n === 'authorization' || n === 'proxy-authorization') {
    const { word, rest } = splitAuthorization(value);
    // Typed by scheme (the request side is auth, not a finding, so ask credentialType directly).
    const type = credentialType(value) ?? 'secret';
    const masked = opaque(type, rest, ctx.salt);
    return word ? `${value.trim().slice(0, word.length)} ${masked}` : masked;
  }
  if ((n === 'host' || n === ':authority') && value.includes('@')) {
    // `user:password@host` where only a host belongs: the credentials are dropped, the host kept.
    return `<redacted>@${value.slice(value.lastIndexOf('@') + 1)}`;
  }
  if (n === 'cookie') {
    return value
      .split(';')
      .map((part) => {
        const eq = part.indexOf('=');
        if (eq === -1) return part;
        const cookie = part.slice(0, eq).trim();
        const name = maskName(ctx, cookie);
        const lead = name === cookie ? part.slice(0, eq + 1) : `${part.slice(0, part.indexOf(cookie))}${name}=`;
        return `${lead}${maskCookieValue(ctx, cookie, part.slice(eq + 1).trim())}`;
      })
      .join(';');
  }
  if (n === 'set-cookie') {
    // Several cookies in one value (joined by a newline, or folded with `, `): each is masked.
    const parts = value.split(SET_COOKIE_SEPARATOR);
    for (let i = 0; i < parts.length; i += 2) parts[i] = maskOneSetCookie(ctx, parts[i]!);
    return parts.join('');
  }
  const custom = ctx.customHeaders.get(n);
  if (custom !== undefined) return opaque(custom, value, ctx.salt);
  // `Bearer ...` or `Basic ...` in another header (X-Forwarded-Authorization): masked as Authorization is.
  const scheme = schemeCredentialType(value);
  if (scheme !== null) {
    const { word, rest } = splitAuthorization(value);
    return `${value.trim().slice(0, word.length)} ${opaque(scheme, rest, ctx.salt)}`;
  }
  if (ALWAYS_MASKED_HEADERS.has(n) || (location === 'request.header' && isApiKeyHeader(n, value))) return opaque(n.includes('key') ? 'api-key' : 'token', value, ctx.salt);
  if (CLIENT_IP_HEADERS.has(n)) return maskText(value, ctx.salt);
  // URL headers (Referer, Location): masked as links by maskNamed.
  return maskNamed(ctx, location, n, value);
}

function maskJsonValue(ctx: Ctx, location: ParamLocation, v: unknown, path: string, depth: number): unknown {
  if (typeof v === 'string') return maskNamed(ctx, location, path, v);
  if (typeof v === 'number') {
    const s = String(v);
    const m = maskNamed(ctx, location, path, s);
    return m === s ? v : m;
  }
  if (typeof v !== 'object' || v === null || depth > 64) return v;
  if (Array.isArray(v)) return v.map((x) => maskJsonValue(ctx, location, x, `${path}[*]`, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const child = propPath(path, k);
    const name = maskName(ctx, k);
    out[name === k ? maskText(k, ctx.salt) : name] = maskJsonValue(ctx, location, x, child, depth + 1);
  }
  return out;
}


/** One cookie of a Set-Cookie value: its value masked as a cookie, its attributes as text. */
function maskOneSetCookie(ctx: Ctx, value: string): string {
  const semi = value.indexOf(';');
  const pair = semi === -1 ? value : value.slice(0, semi);
  const eq = pair.indexOf('=');
  const masked = eq === -1 ? pair : `${pair.slice(0, eq + 1)}${maskCookieValue(ctx, pair.slice(0, eq).trim(), pair.slice(eq + 1).trim())}`;
  return semi === -1 ? masked : masked + maskText(value.slice(semi), ctx.salt);
}

/** Headers whose value holds spaces or several pairs: masked like the header itself when quoted in text. */
const TEXT_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
/** An Authorization value in text: the scheme word and the credential after it (`Bearer 7f3a...`). */
const AUTH_IN_TEXT = /^([A-Za-z][\w-]{0,31})[ \t]+([^\s<>"'`,;]+)/;
const KNOWN_SCHEMES = new Set(['bearer', 'basic', 'digest', 'token', 'negotiate', 'ntlm', 'hoba', 'mutual', 'aws4-hmac-sha256', 'apikey', 'key', 'sso-key', 'dpop', 'gnap', 'oauth']);
/** A Cookie value in text: up to the end of its line (or of the element holding it). */
const COOKIE_IN_TEXT = /^[^\r\n<>"'`]+/;

/**
 * A request header quoted in text (a debug dump, `<pre>Authorization: Bearer ...</pre>`): the scheme word
 * kept and the credential after it masked, every cookie value masked. Null for other keys, or when the
 * value is not there (`Authorization: required`).
 */
function quotedHeader(ctx: Ctx, location: ParamLocation, key: string, text: string, start: number): { masked: string; end: number } | null {
  const k = key.toLowerCase();
  if (!TEXT_HEADERS.has(k)) return null;
  const rest = text.slice(start, start + 8192);
  if (k === 'authorization' || k === 'proxy-authorization') {
    const m = AUTH_IN_TEXT.exec(rest);
    // `Authorization: required for ...` is prose: left to the pair reading (and its plausibility check).
    if (m === null || (/^[A-Za-z]{1,15}$/.test(m[2]!) && !KNOWN_SCHEMES.has(m[1]!.toLowerCase()))) return null;
    return { masked: maskHeader(ctx, location, k, m[0]), end: start + m[0].length };
  }
  const m = COOKIE_IN_TEXT.exec(rest);
  const value = m?.[0].trimEnd() ?? '';
  if (value.indexOf('=') === -1) return null;
  return { masked: maskHeader(ctx, location, k, value), end: start + value.length };
}

const localName = (tag: string): string => (tag.includes(':') ? tag.slice(tag.lastIndexOf(':') + 1) : tag);
const IDENTIFIER = /^[A-Za-z_][\w]*$/;
/** A start, end or empty-element tag (comments, CDATA and declarations do not match). */
const TAG = /<(\/?)([A-Za-z_][\w:.-]*)(?:\s[^<>]*?)?(\/?)>/g;

/**
 * The local name of each element's parent, by the offset of the element's start tag, in one pass
 * over the markup (null at the root, or for a parent whose name is not a plain identifier).
 */
function parentTags(text: string): Map<number, string | null> {
  const parents = new Map<number, string | null>();
  const open: string[] = [];
  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m !== null; m = TAG.exec(text)) {
    const name = m[2]!;
    if (m[1] === '/') {
      const at = open.lastIndexOf(name);
      if (at !== -1) open.length = at; // unclosed children of it end with it
      continue;
    }
    const parent = open.length === 0 ? null : localName(open[open.length - 1]!);
    parents.set(m.index, parent !== null && IDENTIFIER.test(parent) ? parent : null);
    if (m[3] !== '/') open.push(name);
  }
  return parents;
}

/** Elements with text inside unparsed text (`<ssn>...</ssn>`); key/value pairs come from textPairs(). */
const XML_ELEMENT = /<([A-Za-z_][\w:.-]*)(\s[^>]*)?>([^<]{1,4000})<\/\1>/g;
/** An element whose text is one CDATA section (`<password><![CDATA[...]]></password>`). */
const XML_CDATA_ELEMENT = /<([A-Za-z_][\w:.-]*)(\s[^>]*)?><!\[CDATA\[([\s\S]{1,4000}?)\]\]><\/\1>/g;

/**
 * Text nobody parsed (a text/plain or HTML body, a GraphQL document): values of `key: value`,
 * `key=value` and HTML form fields (`<input name="password" value="...">`) masked by their key,
 * element text by its tag, then every value shape.
 */
function maskFreeText(ctx: Ctx, location: ParamLocation, text: string, graphql = false): string {
  const byKey = (key: string, raw: string): string => {
    const inner = unquote(raw);
    const quoted = inner.length !== raw.length;
    const local = key.includes(':') ? key.slice(key.lastIndexOf(':') + 1) : key;
    const m = maskNamed(ctx, location, `$.${local}`, inner);
    return m === inner ? raw : quoted ? `${raw[0]}${m}${raw[0]}` : m;
  };
  let out = '';
  let pos = 0;
  // Links (`[verify](https://.../verify?code=...)`) are masked like URLs, in the same pass as the pairs.
  const urls = mayHoldUrl(text, false) ? urlSections(text, false, Infinity) : [];
  const cursor = new UrlCursor(urls);
  let u = 0;
  const linksBefore = (end: number): void => {
    for (; u < urls.length && urls[u]!.start < end; u++) {
      const s = urls[u]!;
      if (s.start < pos) continue; // inside a value masked by its key
      const m = maskLinkSection(text, s, linkMasker(ctx));
      if (m === text.slice(s.start, s.end)) continue;
      out += text.slice(pos, s.start) + m;
      pos = s.end;
    }
  };
  for (const p of textPairs(text, graphql, Infinity)) {
    if (p.start < pos) continue; // inside a value already masked (a form field's, by the field's name)
    if (urls.length > 0) {
      if (cursor.inside(p.start, p.end)) continue; // `?code=...` in a link: the link's
      linksBefore(p.start);
    }
    const header = p.quoted ? null : quotedHeader(ctx, location, p.key, text, p.start);
    if (header !== null) {
      out += text.slice(pos, p.start) + header.masked;
      pos = header.end;
      continue;
    }
    // Prose (`Invalid password: must contain ...`) and code (`token = window.__TOKEN__`): no value, as in detection.
    if (!p.quoted && !plausibleValue(p.raw)) continue;
    const m = byKey(p.key, p.raw);
    if (m === p.raw) continue; // unchanged: pairs inside it (`note: pw=...`) get their turn
    out += text.slice(pos, p.start) + m;
    pos = p.end;
  }
  linksBefore(Infinity);
  out = pos === 0 ? text : out + text.slice(pos);
  // An element is named with its parent's (`<customer><name>` is `$.customer.name`, a person's name).
  let parents: Map<number, string | null> | null = null;
  out = out.replace(XML_ELEMENT, (all, tag: string, attrs: string | undefined, inner: string, at: number, whole: string) => {
    // Only a member whose meaning depends on its parent (`name`, `line1`) needs it (samplePersonal).
    const key = normalizeKey(localName(tag));
    const parent = key === 'name' || ADDRESS_LINE_KEY.test(key) ? ((parents ??= parentTags(whole)).get(at) ?? null) : null;
    return `<${tag}${attrs ?? ''}>${byKey(parent === null ? tag : `${parent}.${localName(tag)}`, inner)}</${tag}>`;
  });
  // After plain elements: a mask (`<password>`) written into a CDATA section must not read as a tag.
  if (out.indexOf('<![CDATA[') !== -1) {
    out = out.replace(XML_CDATA_ELEMENT, (all, tag: string, attrs: string | undefined, inner: string) => `<${tag}${attrs ?? ''}><![CDATA[${byKey(tag, inner)}]]></${tag}>`);
  }
  return maskText(out, ctx.salt);
}

const PART_NAME = /\bname="([^"]*)"/i;
const PART_FILE = /\bfilename\*?=/i;

/** Multipart form parts: each field masked by its name like a JSON property, file contents never kept. */
function maskMultipart(ctx: Ctx, location: ParamLocation, text: string, boundary: string): string {
  const delim = `--${boundary}`;
  return text
    .split(delim)
    .map((part, i) => {
      if (i === 0 || part.startsWith('--')) return maskFreeText(ctx, location, part); // preamble, epilogue
      const crlf = part.indexOf('\r\n\r\n');
      const lf = part.indexOf('\n\n');
      const split = crlf !== -1 && (lf === -1 || crlf < lf) ? crlf + 4 : lf !== -1 ? lf + 2 : -1;
      if (split === -1) return maskFreeText(ctx, location, part);
      const head = part.slice(0, split);
      const tail = part.endsWith('\r\n') ? '\r\n' : part.endsWith('\n') ? '\n' : '';
      const value = part.slice(split, part.length - tail.length);
      if (PART_FILE.test(head)) return `${maskText(head, ctx.salt)}<file, ${value.length} chars>${tail}`;
      const name = PART_NAME.exec(head)?.[1] ?? '';
      return `${maskText(head, ctx.salt)}${maskNamed(ctx, location, fieldPath(name), value)}${tail}`;
    })
    .join(delim);
}

function cut(s: string): string {
  return s.length <= SAMPLE_BODY_CHARS ? s : `${s.slice(0, SAMPLE_BODY_CHARS)}…[${s.length - SAMPLE_BODY_CHARS} more chars]`;
}

function maskBody(ctx: Ctx, body: Body | null, location: ParamLocation): string | null {
  if (!body) return null;
  if (body.binary) return `<binary ${body.size >= 0 ? `${body.size} bytes` : 'body'}>`;
  const text = body.text;
  if (text === '') return '';
  const t = text.trimStart();
  if (t.startsWith('{') || t.startsWith('[') || body.mimeType.toLowerCase().includes('json')) {
    try {
      return cut(JSON.stringify(maskJsonValue(ctx, location, JSON.parse(text), '$', 0)));
    } catch {
      // Not JSON after all (or cut at the body cap): fall through to text masking.
    }
  }
  const pairs = body.mimeType.toLowerCase().includes('urlencoded') || /^[\w.%[\]-]+=[^\s]*$/.test(t) ? pairsOf(t) : null;
  if (pairs !== null) {
    // A "form" whose names are fragments of other text (JSON posted as a form) is masked as that text, decoded.
    if (!pairs.every((p) => p.name === '' || isFormFieldName(p.name))) return cut(maskFreeText(ctx, location, safeDecode(t.replace(/\+/g, ' '))));
    const fields = pairs.map((p) => {
      // A field name that is a value (`jane@x.com=subscribe`, `ghp_...=1`) is masked like that value.
      const name = maskName(ctx, p.name);
      const m = maskNamed(ctx, location, fieldPath(p.name), p.value);
      return `${name === p.name ? enc(p.name) : name}=${m === p.value ? enc(m) : m}`;
    });
    return cut(fields.join('&'));
  }
  const boundary = /^multipart\/[^;]*;(?:.*;)?\s*boundary="?([^";]+)"?/i.exec(body.mimeType.trim())?.[1];
  if (boundary !== undefined) return cut(maskMultipart(ctx, location, text, boundary));
  return cut(maskFreeText(ctx, location, text));
}

/** The singular noun of the last literal path segment before any id: `user` for `/admin/users/1`. */
function resourceOf(path: string): string {
  const words = path.split('/').filter((seg) => seg !== '' && classifySegment(seg).kind === 'word');
  // `/users/me` is a user; `/me` alone is the caller.
  while (words.length > 1 && SELF_WORDS.has(words[words.length - 1]!.toLowerCase())) words.pop();
  return words.length > 0 ? normalizeKey(singularize(words[words.length - 1]!)) : '';
}

/**
 * The redacted sample of a call: credentials in headers, cookies and query always masked, flagged and
 * re-detected values masked in URL, headers and bodies (JSON walked, form parsed, other text scanned),
 * bodies cut to SAMPLE_BODY_CHARS. `cfg` adds custom auth keys and custom data types to the re-scan.
 */
export function redactSample(call: CallRecord, findings: readonly SensitiveFinding[], salt: string, reportCfg?: Config): Sample {
  // Types switched off in the config are not reported, but their values are masked all the same.
  const cfg = reportCfg && maskingConfig(reportCfg);
  if (cfg) detectorFor(cfg); // surfaces a bad custom regex as a UsageError before any masking
  const flagged = new Map<string, string>();
  for (const f of findings) flagged.set(`${f.location}\u0000${f.param}`, f.type);
  const custom = cfg?.auth.custom ?? [];
  const credentialNames = (where: 'header' | 'query'): Map<string, string> => {
    const names = new Map<string, string>();
    for (const c of custom) {
      if (c.in !== where) continue;
      const n = c.key.toLowerCase();
      names.set(n, where === 'query' ? secretTypeOf(n) : n.includes('key') ? 'api-key' : 'token');
    }
    for (const d of call.declaredCredentials ?? []) if (d.where === where) names.set(d.name.toLowerCase(), d.scheme === 'api-key' ? 'api-key' : 'token');
    return names;
  };
  const ctx: Ctx = {
    cfg,
    salt,
    resource: resourceOf(call.path),
    flagged,
    customHeaders: credentialNames('header'),
    customQuery: credentialNames('query'),
    customBodyPaths: new Set(custom.filter((c) => c.in === 'body').map((c) => (c.key.startsWith('$') ? c.key : `$.${c.key}`))),
    customBodyKeys: new Set(custom.filter((c) => c.in === 'body' && !c.key.replace(/^\$\.?/, '').includes('.')).map((c) => c.key.replace(/^\$\.?/, ''))),
  };
  const qs = call.query.length > 0 ? `?${maskQuery(ctx, call.query)}` : '';
  const origin = call.host ? `${call.scheme}://${hostKey(call.host, call.port)}` : '';
  const hasResponse = call.status !== null || call.responseHeaders.length > 0 || call.responseBody !== null;
  return {
    request: {
      method: call.method,
      url: `${origin}${maskPath(ctx, call.path)}${qs}`,
      headers: call.requestHeaders.map((h) => [maskName(ctx, h.name), maskHeader(ctx, 'request.header', h.name, h.value)]),
      body: maskBody(ctx, call.requestBody, 'request.body'),
    },
    response: hasResponse
      ? {
          status: call.status,
          headers: call.responseHeaders.map((h) => [maskName(ctx, h.name), maskHeader(ctx, 'response.header', h.name, h.value)]),
          body: maskBody(ctx, call.responseBody, 'response.body'),
        }
      : null,
  };
}
