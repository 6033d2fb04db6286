// Flattens a call into typed parameter values: headers, cookies and query by name, path
// parameters by placeholder, bodies (JSON, form, multipart, XML) as JSON paths like `$.items[*].sku`.
// Dynamic map keys (ids used as object keys) collapse to `*`; per-body caps bound hostile input.

import type { Body, CallRecord, NameValue } from '../model/call-record.js';
import type { ParamLocation, ParamValue, PathParam, ValueType } from '../model/facts.js';
import { textValueType } from '../model/value-types.js';
import { nameValueType } from './value-names.js';
import { wholeValueType } from './sensitive-rules.js';
import { decode, mayHoldUrl } from './url-values.js';

/** At most this many values are taken from one body, and nesting deeper than this is not followed. */
export const MAX_VALUES_PER_BODY = 400;
export const MAX_BODY_DEPTH = 24;

/** Standard request/response headers: kept as parameters but marked as noise by views. */
export const STANDARD_HEADERS = new Set([
  'accept', 'accept-encoding', 'accept-language', 'accept-ranges', 'access-control-allow-credentials',
  'access-control-allow-headers', 'access-control-allow-methods', 'access-control-allow-origin',
  'access-control-expose-headers', 'access-control-max-age', 'age', 'alt-svc', 'cache-control', 'connection',
  'content-encoding', 'content-language', 'content-length', 'content-security-policy', 'content-type', 'date',
  'dnt', 'etag', 'expires', 'host', 'if-modified-since', 'if-none-match', 'keep-alive', 'last-modified',
  'origin', 'pragma', 'referer', 'referrer-policy', 'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform',
  'sec-fetch-dest', 'sec-fetch-mode', 'sec-fetch-site', 'sec-fetch-user', 'server', 'strict-transport-security',
  'te', 'timing-allow-origin', 'transfer-encoding', 'upgrade-insecure-requests', 'user-agent', 'vary', 'via',
  'x-content-type-options', 'x-frame-options', 'x-xss-protection', 'priority', 'cookie', 'set-cookie',
]);

export function isStandardHeader(name: string): boolean {
  return STANDARD_HEADERS.has(name.toLowerCase());
}

const ID_KEY = /^(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|[A-Za-z]*[_-]?\d{4,}[A-Za-z0-9]*)$/i;

/**
 * Object keys that are data, not schema (ids, hashes, and personal or secret values used as keys,
 * like an e-mail address mapping to a user): they collapse into one `*` member, so no value becomes
 * a stored parameter name.
 */
export function isDynamicKey(key: string): boolean {
  const c = key.charCodeAt(0);
  if (key.length === 0) return false;
  if (c >= 48 && c <= 57) return true;
  if (key.length >= 8 && ID_KEY.test(key)) return true;
  return key.length >= 6 && (key.includes('@') || wholeValueType(key) !== null);
}

function propPath(base: string, key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `${base}.${key}` : `${base}['${key.replace(/'/g, "\\'")}']`;
}

const MAX_INTERNED = 50_000;

/**
 * Child paths by parent path and key, so every call's `$.items[*].sku` is the same string object:
 * its hash is computed once for all the maps it is looked up in later (sensitive rules, aggregation).
 * Only static keys are kept (dynamic ones all map to `parent.*`); bounded by clearing when full.
 */
class PathInterner {
  private members = new Map<string, Map<string, string>>();
  private items = new Map<string, string>();
  private stars = new Map<string, string>();
  private size = 0;

  private room(): void {
    if (++this.size <= MAX_INTERNED) return;
    this.members = new Map();
    this.items = new Map();
    this.stars = new Map();
    this.size = 0;
  }

  member(parent: string, key: string): string {
    let byKey = this.members.get(parent);
    const hit = byKey?.get(key);
    if (hit !== undefined) return hit;
    if (isDynamicKey(key)) {
      let star = this.stars.get(parent);
      if (star === undefined) {
        this.room();
        this.stars.set(parent, (star = `${parent}.*`));
      }
      return star;
    }
    this.room();
    if (byKey === undefined || this.members.get(parent) !== byKey) this.members.set(parent, (byKey = new Map()));
    const path = propPath(parent, key);
    byKey.set(key, path);
    return path;
  }

  item(parent: string): string {
    let p = this.items.get(parent);
    if (p === undefined) {
      this.room();
      this.items.set(parent, (p = `${parent}[*]`));
    }
    return p;
  }
}

const paths = new PathInterner();
const headerNames = new Map<string, string>();

/**
 * A header name as stored: lower-cased, the same string object for every call that sends this
 * spelling, or `*` when the name is itself a value (a token sent as a header name; see
 * nameValueType). One lookup per header per call.
 */
function headerName(name: string): string {
  let n = headerNames.get(name);
  if (n === undefined) {
    if (headerNames.size >= 10_000) headerNames.clear();
    headerNames.set(name, (n = nameValueType(name) === null ? name.toLowerCase() : '*'));
  }
  return n;
}

interface Walk {
  out: ParamValue[];
  location: ParamLocation;
  budget: number;
  /** Receives an HTML body's links (see htmlLinks); null when no one reads them. */
  links: ParamValue[] | null;
}

function push(w: Walk, name: string, type: ValueType, value: string): void {
  if (w.budget <= 0) return;
  w.budget--;
  w.out.push({ location: w.location, name, type, value });
}

function walkJson(w: Walk, v: unknown, path: string, depth: number): void {
  if (w.budget <= 0) return;
  if (v === null) return push(w, path, 'null', '');
  switch (typeof v) {
    case 'string':
      return push(w, path, 'string', v);
    case 'number':
      return push(w, path, Number.isInteger(v) ? 'integer' : 'number', String(v));
    case 'boolean':
      return push(w, path, 'boolean', String(v));
    case 'object': {
      if (depth >= MAX_BODY_DEPTH) return;
      if (Array.isArray(v)) {
        if (path !== '$' && v.length === 0) push(w, path, 'array', '');
        const p = paths.item(path);
        for (const item of v) {
          if (w.budget <= 0) return;
          walkJson(w, item, p, depth + 1);
        }
        return;
      }
      const keys = Object.keys(v as object);
      if (path !== '$' && keys.length === 0) push(w, path, 'object', '');
      for (const k of keys) {
        if (w.budget <= 0) return;
        walkJson(w, (v as Record<string, unknown>)[k], paths.member(path, k), depth + 1);
      }
      return;
    }
    default:
      return;
  }
}

function parseForm(text: string): NameValue[] {
  const out: NameValue[] = [];
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const dec = (s: string): string => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    out.push({ name: dec(eq === -1 ? part : part.slice(0, eq)), value: dec(eq === -1 ? '' : part.slice(eq + 1)) });
  }
  return out;
}

/** Multipart parts: field name and (for non-file parts) the value. */
function parseMultipart(text: string, mime: string): NameValue[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(mime)?.[1];
  const out: NameValue[] = [];
  const re = /content-disposition:[^\r\n]*?\bname="([^"]*)"([^\r\n]*)\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)(?=\r?\n--)/gi;
  const body = boundary ? text : text;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body)) !== null && out.length < MAX_VALUES_PER_BODY) {
    const isFile = /filename=/i.test(m[2] ?? '');
    out.push({ name: m[1]!, value: isFile ? '' : (m[3] ?? '').slice(0, 4096) });
  }
  return out;
}

const XML_TAG = /<(\/?)([A-Za-z_][\w.:-]*)([^>]*?)(\/?)>([^<]*)/g;
/** `name="v"`, `name='v'`, and HTML's unquoted `name=v` (which browsers read up to white space or `>`, `=` included). */
const XML_ATTR = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`][^\s"'<>`]*))/g;
/** HTML elements that never have a closing tag: not a parent of what follows them. */
const HTML_VOID: ReadonlySet<string> = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** HTML elements whose `value` (or `content`) is data named by their `name`: form fields, meta tags. */
const HTML_CONTROLS: ReadonlySet<string> = new Set(['input', 'button', 'option', 'param', 'meta']);
/** HTML attributes whose value is a link. */
const HTML_LINK_ATTRS: ReadonlySet<string> = new Set(['href', 'src', 'action', 'formaction', 'poster', 'cite', 'srcset']);
/** Links read per HTML body: a page's first links are its navigation and the ones a message is about. */
export const MAX_HTML_LINKS = 64;

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/**
 * Attribute values of one XML element as `$.order.customer.@email`; namespace declarations and
 * schema hints (`xmlns`, `xsi:type`, `xml:lang`) are markup, not data.
 */
function xmlAttributes(w: Walk, element: string, attrs: string): void {
  XML_ATTR.lastIndex = 0;
  for (let a = XML_ATTR.exec(attrs); a !== null && w.budget > 0; a = XML_ATTR.exec(attrs)) {
    const name = a[1]!;
    if (name === 'xmlns' || name.startsWith('xmlns:') || name.startsWith('xsi:') || name.startsWith('xml:')) continue;
    const v = (a[2] ?? a[3] ?? a[4] ?? '').trim();
    if (v !== '') push(w, `${element}.@${localName(name)}`, textValueType(v), v);
  }
}

/** An HTML form field or meta tag: `<input name="password" value="...">` is `$.html.body.form.password`. */
function htmlControl(w: Walk, parent: string, attrs: string): void {
  let name = '';
  let value: string | null = null;
  XML_ATTR.lastIndex = 0;
  for (let a = XML_ATTR.exec(attrs); a !== null; a = XML_ATTR.exec(attrs)) {
    const k = a[1]!.toLowerCase();
    if (k === 'name') name = a[2] ?? a[3] ?? a[4] ?? '';
    else if (k === 'value' || k === 'content') value = a[2] ?? a[3] ?? a[4] ?? '';
  }
  if (name === '' || value === null || value.trim() === '') return;
  // Rails-style `user[password]` is the field `password`.
  const field = name.endsWith(']') ? (/\[([^[\]]+)\]$/.exec(name)?.[1] ?? name) : name;
  push(w, propPath(parent, field), textValueType(value.trim()), value.trim());
}

/**
 * An HTML element's links (`$.html.body.p.a.@href`) that may carry something (a query, a fragment,
 * a scheme: url-values.ts `mayHoldUrl`; `/about` carries nothing). They are not parameters, or
 * every page layout would be an API change; sensitive.ts reads them like any link in a value.
 */
function htmlLinks(w: Walk, element: string, attrs: string): void {
  const links = w.links!;
  XML_ATTR.lastIndex = 0;
  for (let a = XML_ATTR.exec(attrs); a !== null && links.length < MAX_HTML_LINKS; a = XML_ATTR.exec(attrs)) {
    const name = a[1]!.toLowerCase();
    if (!HTML_LINK_ATTRS.has(name)) continue;
    const v = (a[2] ?? a[3] ?? a[4] ?? '').trim();
    if (mayHoldUrl(v, false)) links.push({ location: w.location, name: `${element}.@${name}`, type: 'string', value: v });
    else {
      // `tel:` and `mailto:` links hold a phone number or an address, read as the value they are.
      const contact = /^(?:tel|mailto|sms):([^?]+)/i.exec(v)?.[1];
      if (contact) links.push({ location: w.location, name: `${element}.@${name}`, type: 'string', value: decode(contact) }); // `+` kept: `tel:+1...`
    }
  }
}

/**
 * XML element paths with their text (`$.order.customer.email`) and attributes (`$.order.customer.@email`).
 * HTML keeps element text and form fields by name; its other attributes (class, href...) are markup,
 * its links are handed over apart (htmlLinks).
 */
function walkXml(w: Walk, text: string, html: boolean): void {
  const stack: string[] = [];
  XML_TAG.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = XML_TAG.exec(text)) !== null && w.budget > 0) {
    const [, close, tag, attrs, selfClose, after] = m;
    const local = localName(tag!);
    const lower = html ? local.toLowerCase() : local;
    if (close) {
      if (!(html && HTML_VOID.has(lower))) stack.pop(); // XHTML's `<meta ...></meta>` closes nothing that was opened
      continue;
    }
    if (attrs !== undefined && attrs.indexOf('=') !== -1) {
      const parent = stack.length === 0 ? '$' : '$.' + stack.join('.');
      if (!html) xmlAttributes(w, `${parent}.${local}`, attrs);
      else if (HTML_CONTROLS.has(lower)) htmlControl(w, parent, attrs);
      else if (w.links !== null && w.links.length < MAX_HTML_LINKS) htmlLinks(w, `${parent}.${local}`, attrs);
    }
    if (selfClose || (html && HTML_VOID.has(lower))) continue;
    stack.push(local);
    if (stack.length > MAX_BODY_DEPTH) return;
    const t = (after ?? '').trim();
    if (t) push(w, '$.' + stack.join('.'), textValueType(t), t);
  }
}

function isHtml(mime: string, text: string): boolean {
  return mime.toLowerCase().includes('html') || /^<(?:!doctype\s+html|html[\s>])/i.test(text);
}

function kind(mime: string, text: string): 'json' | 'form' | 'multipart' | 'xml' | 'text' {
  const m = mime.toLowerCase();
  const c = text.charCodeAt(0);
  if (m.includes('json')) return 'json';
  if (m.includes('multipart/')) return 'multipart';
  // Clients label JSON as a form often enough (beacons, sendBeacon, jQuery defaults); read as a form,
  // its whole text would become one parameter *name*, values and all.
  if (m.includes('urlencoded')) return c === 0x7b || c === 0x5b ? 'json' : 'form';
  if (m.includes('xml')) return 'xml';
  if (c === 0x7b || c === 0x5b) return 'json';
  if (c === 0x3c) return 'xml';
  return 'text';
}

const FORM_NAME = /^[^\s"'{}<>]{1,128}$/;

/** A form field name as forms send them (`email`, `user[email]`), not a fragment of some other text. */
export function isFormFieldName(name: string): boolean {
  return FORM_NAME.test(name);
}

/**
 * Form fields by name. A body that only splits on `&` and `=` (JSON labelled as a form, which
 * Fiddler even stores pre-split) would make its text parameter *names*, values and all: such a
 * body is scanned as one text value instead.
 */
function formValues(w: Walk, text: string): void {
  const fields = parseForm(text);
  if (!fields.every((f) => isFormFieldName(f.name))) return push(w, '$', 'string', text);
  for (const f of fields) fieldValue(w, f);
}

/** One form or multipart field; a name that is a value is scanned as a value of `$.*` too, so it is reported. */
function fieldValue(w: Walk, f: NameValue): void {
  const path = fieldPath(f.name);
  if (path === '$.*') push(w, path, 'string', f.name);
  push(w, path, textValueType(f.value), f.value);
}

/**
 * A form or multipart field as a JSON path; a field *name* that is itself a value (a token or an
 * e-mail address sent as the name, see nameValueType) is `$.*`, like a JSON key, so it is never stored.
 */
function fieldPath(name: string): string {
  return nameValueType(name) === null ? propPath('$', name) : '$.*';
}

/**
 * Body values; a body that does not parse as its declared type is scanned as one text value. An
 * HTML body's links go to `links` when given.
 */
export function bodyValues(body: Body | null, location: 'request.body' | 'response.body', out: ParamValue[], links: ParamValue[] | null = null): void {
  if (!body || body.binary || body.text === '') return;
  const text = body.text;
  const w: Walk = { out, location, budget: MAX_VALUES_PER_BODY, links };
  const k = kind(body.mimeType, text.trimStart());
  if (k === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      if (body.mimeType.toLowerCase().includes('urlencoded')) return formValues(w, text);
      return push(w, '$', 'string', text);
    }
    if (parsed !== null && typeof parsed === 'object') walkJson(w, parsed, '$', 0);
    else walkJson(w, parsed, '$', 0);
    return;
  }
  if (k === 'form') return formValues(w, text);
  if (k === 'multipart') {
    for (const f of parseMultipart(text, body.mimeType)) fieldValue(w, f);
    return;
  }
  if (k === 'xml') {
    const t = text.trimStart();
    return walkXml(w, t, isHtml(body.mimeType, t));
  }
  push(w, '$', 'string', text);
}

/**
 * All values of a call. `pathParams`/`concreteSegments` come from templating: each placeholder's
 * concrete value is scanned too (emails and tokens do travel in paths). Links in HTML bodies, which
 * are not parameters, go to `links` when given (for sensitive data).
 */
export function extractValues(call: CallRecord, pathParams: readonly PathParam[], template: string, links: ParamValue[] | null = null): ParamValue[] {
  const out: ParamValue[] = [];
  if (pathParams.length > 0) {
    const tSegs = template.split('#')[0]!.split('/');
    const cSegs = call.path.split('/');
    let p = 0;
    for (let i = 0; i < tSegs.length && i < cSegs.length; i++) {
      const t = tSegs[i]!;
      if (t.startsWith('{') && p < pathParams.length) {
        const v = cSegs[i]!;
        out.push({ location: 'request.path', name: pathParams[p]!.name, type: textValueType(v), value: v });
        p++;
      }
    }
  }
  // A query or header name that is itself a value (`?ghp_...`, `?jane@x.com`) is `*`, like a JSON key
  // (sensitive.ts reports it): no secret becomes a stored parameter name.
  for (const q of call.query) {
    out.push({ location: 'request.query', name: nameValueType(q.name) === null ? q.name : '*', type: textValueType(q.value), value: q.value });
  }
  for (const h of call.requestHeaders) {
    const n = headerName(h.name);
    if (n === 'cookie') continue;
    out.push({ location: 'request.header', name: n, type: 'string', value: h.value });
  }
  // A cookie named by a value (`ghp_...=1`, `jane@x.com=1`) is `*` too (value-names.ts reports it).
  for (const c of call.requestCookies) {
    out.push({ location: 'request.cookie', name: nameValueType(c.name) === null ? c.name : '*', type: 'string', value: c.value });
  }
  bodyValues(call.requestBody, 'request.body', out, links);
  for (const h of call.responseHeaders) {
    out.push({ location: 'response.header', name: headerName(h.name), type: 'string', value: h.value });
  }
  bodyValues(call.responseBody, 'response.body', out, links);
  return out;
}
