// Flattens a call into typed parameter values: headers, cookies and query by name, path
// parameters by placeholder, bodies (JSON, form, multipart, XML) as JSON paths like `$.items[*].sku`.
// Dynamic map keys (ids used as object keys) collapse to `*`; per-body caps bound hostile input.

import { BODY_VALUE_CAP, type Body, type CallRecord, type NameValue } from '../model/call-record.js';
import type { ParamValue, PathParam } from '../model/facts.js';
import { textValueType } from '../model/value-types.js';
import { nameValueType } from './value-names.js';
import { isHtml, walkXml } from './params-markup.js';
import { formNameParts, isFormIndex } from '../model/param-path.js';
import { MAX_BODY_DEPTH, propPath, push, type Walk } from './params-walk.js';

/** At most this many values are taken from one body (model/call-record.ts; nesting is bounded by MAX_BODY_DEPTH, params-walk.ts). */
export const MAX_VALUES_PER_BODY = BODY_VALUE_CAP;

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
  // A value used as a key: an e-mail address, a card, a token (`{"Zx8Kq2LmN4pR6sT8vX0zB1dG": {...}}`).
  return key.length >= 6 && (key.includes('@') || nameValueType(key) !== null);
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

/**
 * True the first time a body has an object or array with members at `path`. Containers are values
 * like any other (`$.data` is an array whether it holds items or none): otherwise `{"data": []}`
 * and `{"data": [{...}]}` share no parameter, so a capture with only empty lists "removes" `$.data`
 * from one with full ones, `required` misses a field present in every call, and `{"obj": {..}}`
 * becoming `{"obj": [..]}` is no type change. Pushed once per body (not per list item): presence is
 * counted per call, and types are the same for every item.
 */
function firstContainer(w: Walk, path: string): boolean {
  const seen = (w.containers ??= new Set());
  if (seen.has(path)) return false;
  seen.add(path);
  return true;
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
      // Deeper than followed: the value is still there, as an object or array without members.
      if (depth >= MAX_BODY_DEPTH) return push(w, path, Array.isArray(v) ? 'array' : 'object', '');
      if (Array.isArray(v)) {
        if (path !== '$' && (v.length === 0 || firstContainer(w, path))) push(w, path, 'array', '');
        const p = paths.item(path);
        for (const item of v) {
          if (w.budget <= 0) return;
          walkJson(w, item, p, depth + 1);
        }
        return;
      }
      const keys = Object.keys(v as object);
      if (path !== '$' && (keys.length === 0 || firstContainer(w, path))) push(w, path, 'object', '');
      for (const k of keys) {
        if (w.budget <= 0) return;
        const member = paths.member(path, k);
        // A key that is a value (`{"jane@x.example": {...}}`, a key as a key): not a parameter name,
        // but read for sensitive data like a link, reported at the `*` member it became.
        if (w.links !== null && k.length >= 6 && member.charCodeAt(member.length - 1) === 42 && nameValueType(k) !== null) {
          w.links.push({ location: w.location, name: member, type: 'string', value: k });
        }
        walkJson(w, (v as Record<string, unknown>)[k], member, depth + 1);
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
  // Read as it decodes: `%22token%22%3A%22...` is the `"token":"..."` it stands for.
  if (!fields.every((f) => isFormFieldName(f.name))) return push(w, '$', 'string', fields.map((f) => (f.value === '' ? f.name : `${f.name}=${f.value}`)).join('&'));
  for (const f of fields) fieldValue(w, f);
}

/** One form or multipart field; a name that is a value is scanned as a value of `$.*` too, so it is reported. */
function fieldValue(w: Walk, f: NameValue): void {
  const path = fieldPath(f.name, w);
  if (path === '$.*') push(w, path, 'string', f.name);
  push(w, path, textValueType(f.value), f.value);
}

/**
 * A form or multipart field as a JSON path. Bracketed names spell the structure Rails, PHP, `qs` and
 * Stripe nest in forms, and read as the JSON path of that structure: `line_items[0][price]` is
 * `$.line_items[*].price`, `tags[]` is `$.tags[*]`, `card[number]` is `$.card.number`, so every
 * index of a list is one parameter, as in JSON bodies. A key that is data (`metadata[20240312001]`,
 * `emails[jane@x.example]`) is `*` like a JSON key; one that is a value of a sensitive shape goes to
 * the walk's links (when it has them) to be read for sensitive data at that `*`, as JSON keys do. A
 * field *name* that is itself a value (a token or an e-mail address sent as the name, see
 * nameValueType) is `$.*`, so it is never stored.
 */
export function fieldPath(name: string, w: Walk | null = null): string {
  const parts = formNameParts(name);
  if (parts === null) return nameValueType(name) === null ? propPath('$', name) : '$.*';
  if (nameValueType(parts[0]!) !== null) return '$.*';
  let path = paths.member('$', parts[0]!);
  for (let i = 1; i < parts.length; i++) {
    const key = parts[i]!;
    if (isFormIndex(key)) {
      path = paths.item(path);
      continue;
    }
    const member = paths.member(path, key);
    if (w !== null && w.links !== null && key.length >= 6 && member.charCodeAt(member.length - 1) === 42 && nameValueType(key) !== null) {
      w.links.push({ location: w.location, name: member, type: 'string', value: key });
    }
    path = member;
  }
  return path;
}

/**
 * Body values; a body that does not parse as its declared type is scanned as one text value. An
 * HTML body's links go to `links` when given. True when the body had more values than are taken
 * (MAX_VALUES_PER_BODY).
 */
export function bodyValues(body: Body | null, location: 'request.body' | 'response.body', out: ParamValue[], links: ParamValue[] | null = null): boolean {
  if (!body || body.binary || body.text === '') return false;
  const w: Walk = { out, location, budget: MAX_VALUES_PER_BODY, links };
  readBody(w, body);
  return w.budget <= 0;
}

function readBody(w: Walk, body: Body): void {
  const out = w.out;
  const text = body.text;
  const k = kind(body.mimeType, text.trimStart());
  if (k === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      if (body.mimeType.toLowerCase().includes('urlencoded')) return formValues(w, text);
      return push(w, '$', 'string', text);
    }
    const from = out.length;
    walkJson(w, parsed, '$', 0);
    // GraphQL variables travel in requests only.
    if (w.location === 'request.body' && parsed !== null && typeof parsed === 'object') {
      if (Array.isArray(parsed)) {
        // A batch of operations (Apollo's batching): one array, each with its query and variables.
        if (parsed.length > 0 && parsed.length <= 64 && parsed.some((op) => op !== null && typeof op === 'object' && 'variables' in op)) bindVariables(parsed, out, from, '$[*].variables.');
      } else if ('variables' in parsed) bindVariables([parsed], out, from, '$.variables.');
    }
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

/** `name: $var` in a GraphQL document: an argument and the variable passed to it. */
const ARGUMENT_VARIABLE = /([_A-Za-z][_0-9A-Za-z]*)\s*:\s*\$([_A-Za-z][_0-9A-Za-z]*)/g;
/** A GraphQL comment, to the end of its line (a `#` inside a string is rare in documents and only hides a binding). */
const GRAPHQL_COMMENT = /#[^\n\r]*/g;

/**
 * A GraphQL request's variables judged by the arguments they are passed to: in `login(password: $v1)`
 * the value of `$.variables.v1` is a password whatever the variable is called. (Declarations,
 * `($v1: String!)`, have the `$` before the colon and do not match; comments are left out.) `ops`:
 * the request's operations (several in a batch, whose values share the paths under `prefix`).
 */
function bindVariables(ops: readonly unknown[], out: ParamValue[], from: number, prefix: string): void {
  const argOf = new Map<string, string>();
  for (const op of ops) {
    if (op === null || typeof op !== 'object') continue;
    const { query, variables } = op as Record<string, unknown>;
    if (typeof query !== 'string' || query.indexOf('$') === -1 || variables === null || typeof variables !== 'object') continue;
    const doc = query.slice(0, 65_536).replace(GRAPHQL_COMMENT, '');
    for (const m of doc.matchAll(ARGUMENT_VARIABLE)) if (!argOf.has(m[2]!)) argOf.set(m[2]!, m[1]!);
  }
  if (argOf.size === 0) return;
  for (let i = from; i < out.length; i++) {
    const p = out[i]!;
    if (!p.name.startsWith(prefix)) continue;
    const rest = p.name.slice(prefix.length);
    const variable = rest.endsWith('[*]') ? rest.slice(0, -3) : rest;
    const arg = argOf.get(variable);
    if (arg !== undefined && arg !== variable) p.judgeAs = arg;
  }
}

/**
 * A query name sent more than once in a call (`?tag=a&tag=b`, `?ids=1&ids=2`), or one that says it
 * is a list (`?tags[]=a`, `?ids[0]=1`), is a list: it also gets the type `array`, once, so the
 * OpenAPI export documents an array, not a single string.
 */
function repeatedQueryNames(query: readonly NameValue[], out: ParamValue[], from: number): void {
  if (query.length === 1) {
    const stored = out[from]!.name;
    if (stored.endsWith('[]')) out.push({ location: 'request.query', name: stored, type: 'array', value: '' });
    return;
  }
  const seen = new Set<string>();
  let listed: Set<string> | null = null;
  for (let i = 0; i < query.length; i++) {
    // The name as stored (`ids[0]` and `ids[1]` are both `ids[]`), but two different tokens sent as
    // names (both stored as `*`) are no list.
    const stored = out[from + i]!.name;
    const key = stored === '*' ? `\0${query[i]!.name}` : stored;
    if (!seen.has(key) && !stored.endsWith('[]')) seen.add(key);
    else if (!(listed ??= new Set()).has(key)) {
      listed.add(key);
      out.push({ location: 'request.query', name: stored, type: 'array', value: '' });
    }
  }
}

/**
 * A query name as stored: list indexes in bracketed names (`qs`' default `ids[0]=1&ids[1]=2`,
 * `items[0][id]`) are `[]`, so every index is one parameter (`ids[]`, `items[][id]`) as in forms
 * and JSON bodies; other subscripts (`filter[status]`) stay. A name that is itself a value is `*`.
 */
function queryName(name: string): string {
  if (nameValueType(name) !== null) return '*';
  if (name.charCodeAt(name.length - 1) !== 93) return name; // `]`
  const parts = formNameParts(name);
  if (parts === null || !parts.slice(1).some((p) => p !== '' && isFormIndex(p))) return name;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i++) out += isFormIndex(parts[i]!) ? '[]' : `[${parts[i]}]`;
  return out;
}

/**
 * All values of a call. `pathParams`/`concreteSegments` come from templating: each placeholder's
 * concrete value is scanned too (emails and tokens do travel in paths). Links in HTML bodies, which
 * are not parameters, go to `links` when given (for sensitive data). `cut.bodies` is set when a
 * body had more values than are taken.
 */
export function extractValues(call: CallRecord, pathParams: readonly PathParam[], template: string, links: ParamValue[] | null = null, cut: { bodies: boolean } | null = null): ParamValue[] {
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
  const fromQuery = out.length;
  for (const q of call.query) {
    out.push({ location: 'request.query', name: queryName(q.name), type: textValueType(q.value), value: q.value });
  }
  if (call.query.length > 0) repeatedQueryNames(call.query, out, fromQuery);
  for (const h of call.requestHeaders) {
    const n = headerName(h.name);
    if (n === 'cookie') continue;
    out.push({ location: 'request.header', name: n, type: 'string', value: h.value });
  }
  // A cookie named by a value (`ghp_...=1`, `jane@x.com=1`) is `*` too (value-names.ts reports it).
  for (const c of call.requestCookies) {
    out.push({ location: 'request.cookie', name: nameValueType(c.name) === null ? c.name : '*', type: 'string', value: c.value });
  }
  const requestCut = bodyValues(call.requestBody, 'request.body', out, links);
  for (const h of call.responseHeaders) {
    out.push({ location: 'response.header', name: headerName(h.name), type: 'string', value: h.value });
  }
  const responseCut = bodyValues(call.responseBody, 'response.body', out, links);
  if (cut !== null) cut.bodies = requestCut || responseCut;
  return out;
}
