// Reads a parsed Postman collection (v2.0/v2.1) into CallRecords: one call per saved example,
// paired with its original request, and one request-only call for each request without examples.

import sdk from 'postman-collection';
import { InputError } from '../errors.js';
import type { CallRecord, NameValue, SourceItem } from '../model/call-record.js';
import { cookiesFromHeaders, headerValue } from './headers.js';
import { authOnWire, authSpecOf, type AuthSpec } from './postman-auth.js';
import { exampleBodyOf, requestBodyOf } from './postman-body.js';
import { EMPTY_SCOPE, resolveVars, scopeWith, type VarScope } from './postman-vars.js';
import { malformedHost, splitUrl } from '../model/url.js';
import { classifyPostmanDoc, collectionRoot } from './postman-doc.js';

/** The request body modes of collection format v2 (postman-body.ts requestBodyOf reads each). */
const BODY_MODES: ReadonlySet<string> = new Set(['raw', 'urlencoded', 'formdata', 'graphql', 'file']);

export { classifyPostmanDoc, type PostmanDocKind } from './postman-doc.js';

type Json = Record<string, unknown>;
type PmRequest = InstanceType<typeof sdk.Request>;

/** What an item inherits from the folders above it. */
export interface Level {
  vars: VarScope;
  auth: AuthSpec | null;
  tag: string;
}

/** The file being read, and the index the next call or skip gets (items are numbered in tree order). */
export interface Walk {
  file: string;
  next: number;
}

const V1_REASON =
  'Postman collection v1 is not supported: re-export it from Postman as Collection v2.1 (collection menu "..." > Export > Collection v2.1)';
const ENVIRONMENT_REASON =
  'this is a Postman environment (variables only, no requests): give the collection export (*.postman_collection.json) instead';
const UNKNOWN_REASON = 'not a Postman collection: no item[] array and no v2 info.schema';
const OPENAPI_REASON = 'this is an OpenAPI/Swagger document, not captured traffic; to compare an inventory with it, run `akto-rt spec-diff FILE`';

const SCHEME_PREFIX = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;
const VARIABLE_SCHEME = /^\{\{[^{}]*\}\}:\/\//;

// Examples without a numeric `code` still carry the reason phrase (`"status": "Not Found"`).
const REASON_CODES: Readonly<Record<string, number>> = {
  ok: 200, created: 201, accepted: 202, 'no content': 204, 'partial content': 206,
  'moved permanently': 301, found: 302, 'see other': 303, 'not modified': 304,
  'temporary redirect': 307, 'permanent redirect': 308,
  'bad request': 400, unauthorized: 401, 'payment required': 402, forbidden: 403, 'not found': 404,
  'method not allowed': 405, 'not acceptable': 406, 'request timeout': 408, conflict: 409, gone: 410,
  'precondition failed': 412, 'payload too large': 413, 'unsupported media type': 415,
  'unprocessable entity': 422, 'unprocessable content': 422, 'too many requests': 429,
  'internal server error': 500, 'not implemented': 501, 'bad gateway': 502,
  'service unavailable': 503, 'gateway timeout': 504,
};

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}


/**
 * Yields one call per saved example and one per request without examples, in tree order;
 * throws InputError for documents that are not v2 collections (v1, environments, other JSON).
 * `env`: an environment's variables; as in Postman they win over the collection's own, while
 * folder and item definitions, closer to the request, win over them.
 */
export function* readPostman(doc: unknown, file: string, env: VarScope = EMPTY_SCOPE): Generator<SourceItem> {
  const level = collectionLevel(doc, file, env);
  const root = collectionRoot(doc as Json);
  yield* walkItems(Array.isArray(root.item) ? root.item : [], level, { file, next: 0 });
}

/**
 * What the collection's items inherit (its variables, with `env`'s over them, and its auth); throws
 * InputError for documents that are not v2 collections. Reads only the root's `info`, `variable`,
 * `auth`, the keys that tell document kinds apart and whether `item` is a list, never the items
 * themselves (postman-stream.ts hands it a skeleton whose `item` is an empty list or a stand-in).
 */
export function collectionLevel(doc: unknown, file: string, env: VarScope = EMPTY_SCOPE): Level {
  const kind = classifyPostmanDoc(doc);
  if (kind === 'v1') throw new InputError(file, V1_REASON);
  if (kind === 'environment') throw new InputError(file, ENVIRONMENT_REASON);
  if (kind === 'openapi') throw new InputError(file, OPENAPI_REASON);
  if (kind === null || !isRecord(doc)) throw new InputError(file, UNKNOWN_REASON);
  const root = collectionRoot(doc);
  // A v2 schema without its list of requests would read as an empty collection (exit 0, nothing analyzed).
  if (!Array.isArray(root.item)) {
    throw new InputError(file, root.item === undefined ? 'a Postman collection without an "item" list of requests' : '"item" is not a list of requests, as Postman v2 collections have it');
  }
  const collection = scopeWith(EMPTY_SCOPE, root);
  const vars = env.size === 0 ? collection : new Map([...collection, ...env]);
  return { vars, auth: authSpecOf(root.auth), tag: '' };
}

/** What the items of `folder` (an object with an `item` array) inherit; reads its `name`, `variable` and `auth` only. */
export function folderLevel(folder: Json, level: Level): Level {
  const name = asString(folder.name);
  return {
    vars: scopeWith(level.vars, folder),
    // a folder's own auth (noauth included) replaces the inherited one
    auth: authSpecOf(folder.auth) ?? level.auth,
    tag: level.tag && name ? `${level.tag}/${name}` : level.tag || name,
  };
}

function* walkItems(items: readonly unknown[], level: Level, walk: Walk): Generator<SourceItem> {
  for (const item of items) yield* itemSources(item, level, walk);
}

/** The calls and skips of one element of an `item` array: a request, a folder (walked), or neither. */
export function* itemSources(item: unknown, level: Level, walk: Walk): Generator<SourceItem> {
  if (!isRecord(item)) {
    yield { kind: 'skip', index: walk.next++, reason: 'item is not an object' };
  } else if (Array.isArray(item.item)) {
    yield* walkItems(item.item, folderLevel(item, level), walk);
  } else if (item.request === undefined || item.request === null) {
    yield { kind: 'skip', index: walk.next++, reason: `item "${asString(item.name)}" has neither a request nor item[]` };
  } else {
    yield* itemCalls(item, level, walk);
  }
}

/** Copies what the SDK would otherwise write into (`url.variable[].key`) and fills in raw-only URLs. */
function urlDef(url: unknown): unknown {
  if (!isRecord(url)) return url;
  const hasParts = url.host !== undefined || url.path !== undefined;
  const def: Json = !hasParts && typeof url.raw === 'string' ? { ...(sdk.Url.parse(url.raw) as Json) } : { ...url };
  // Some exports write host as one string with a trailing slash ("web.timingapp.com/").
  if (typeof def.host === 'string') def.host = def.host.replace(/\/+$/, '');
  if (Array.isArray(url.variable)) def.variable = url.variable.map((v) => (isRecord(v) ? { ...v } : v));
  if (!hasParts && Array.isArray(url.query)) def.query = url.query;
  return def;
}

function sdkRequest(def: unknown): PmRequest {
  if (!isRecord(def)) return new sdk.Request((typeof def === 'string' ? def : {}) as ConstructorParameters<typeof sdk.Request>[0]);
  // auth is read from the raw definition (authSpecOf), so the SDK need not build it twice
  const clean: Json = { ...def, url: urlDef(def.url), auth: undefined };
  // Collections converted from v1 (the official schema examples) keep bodies under `data`.
  if (def.body === undefined && isRecord(def.data) && typeof def.data.mode === 'string') clean.body = def.data;
  // A mode the format does not have: the SDK would make it an empty raw body; it is left out, with a warning.
  const mode = isRecord(clean.body) && clean.body.disabled !== true ? clean.body.mode : undefined;
  const unknown = typeof mode === 'string' && !BODY_MODES.has(mode) ? mode : undefined;
  if (unknown !== undefined) clean.body = undefined;
  const req = new sdk.Request(clean as unknown as ConstructorParameters<typeof sdk.Request>[0]);
  if (unknown !== undefined) unknownBodyModes.set(req, unknown);
  return req;
}

/** Requests whose body had a mode the format does not have (sdkRequest), with that mode. */
const unknownBodyModes = new WeakMap<PmRequest, string>();

function* itemCalls(item: Json, level: Level, walk: Walk): Generator<SourceItem> {
  const vars = scopeWith(level.vars, item);
  const request = sdkRequest(item.request);
  const auth = (isRecord(item.request) ? authSpecOf(item.request.auth) : null) ?? level.auth;
  const examples = Array.isArray(item.response) ? item.response : [];
  if (examples.length === 0) {
    yield toCall(request, request, null, auth, vars, level.tag, walk);
    return;
  }
  for (const example of examples) {
    if (!isRecord(example)) {
      yield { kind: 'skip', index: walk.next++, reason: `an example of "${asString(item.name)}" is not an object` };
      continue;
    }
    const original = example.originalRequest;
    const hasOriginal = isRecord(original) || (typeof original === 'string' && original !== '');
    const req = hasOriginal ? sdkRequest(original) : request;
    // saved examples rarely copy the auth block; they were sent with the item's (inherited) auth
    const exampleAuth = (isRecord(original) ? authSpecOf(original.auth) : null) ?? auth;
    yield toCall(req, request, example, exampleAuth, vars, level.tag, walk);
  }
}

function headersOf(req: PmRequest, resolve: (s: string) => string): NameValue[] {
  const out: NameValue[] = [];
  for (const h of req.headers.all() as Array<{ key?: unknown; value?: unknown; disabled?: unknown }>) {
    if (h.disabled === true) continue;
    const name = resolve(asString(h.key)).trim();
    if (name !== '') out.push({ name, value: resolve(asString(h.value)) });
  }
  return out;
}

function withReplaced(base: readonly NameValue[], added: readonly NameValue[], ignoreCase: boolean): NameValue[] {
  if (added.length === 0) return base as NameValue[];
  const same = (a: string, b: string): boolean => (ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b);
  return [...base.filter((h) => !added.some((a) => same(a.name, h.name))), ...added];
}

function exampleStatus(example: Json): number | null {
  const code = example.code;
  if (typeof code === 'number' && Number.isInteger(code) && code >= 100 && code <= 999) return code;
  if (typeof code === 'string' && /^\s*\d{3}\s*$/.test(code)) return Number(code);
  return typeof example.status === 'string' ? (REASON_CODES[example.status.trim().toLowerCase()] ?? null) : null;
}

function durationOf(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function responseHeadersOf(example: Json): NameValue[] {
  // The SDK accepts headers as a list, a "Key: value" string or null; originalRequest is read elsewhere.
  const response = new sdk.Response({ ...example, originalRequest: undefined } as unknown as ConstructorParameters<typeof sdk.Response>[0]);
  const out: NameValue[] = [];
  for (const h of response.headers.all() as Array<{ key?: unknown; value?: unknown }>) {
    const name = asString(h.key).trim();
    if (name !== '') out.push({ name, value: asString(h.value) });
  }
  return out;
}

/** Scheme-less URLs ("{{baseUrl}}/users", "mockbin.org/x") and an unresolved `{{protocol}}://` get https, the common case. */
function withScheme(url: string): string {
  if (SCHEME_PREFIX.test(url) || url.startsWith('/')) return url;
  return `https://${url.replace(VARIABLE_SCHEME, '')}`;
}

function toCall(
  req: PmRequest,
  itemRequest: PmRequest,
  example: Json | null,
  auth: AuthSpec | null,
  vars: VarScope,
  tag: string,
  walk: Walk,
): SourceItem {
  const index = walk.next++;
  const resolve = (s: string): string => resolveVars(s, vars);
  // An example saved without a URL was still sent to the item's URL.
  const template = req.url.toString() || (req === itemRequest ? '' : itemRequest.url.toString());
  const url = resolve(template).trim();
  if (url === '') return { kind: 'skip', index, reason: 'request has no URL' };
  let requestHeaders = headersOf(req, resolve);
  // A relative URL ('/login') goes to the host its Host header names, if it sets one.
  const parts = splitUrl(withScheme(url), url.startsWith('/') ? (headerValue(requestHeaders, 'host') ?? '').trim() : '');
  if (parts === null) return { kind: 'skip', index, reason: 'the URL has neither a host nor a path' };
  if (parts.host === '') return { kind: 'skip', index, reason: parts.hostProblem ? malformedHost(parts.hostProblem) : 'no host: the URL is relative and there is no Host header' };

  const warnings: string[] = [];
  let query = parts.query;
  let declared: CallRecord['declaredCredentials'];
  if (auth !== null) {
    const wire = authOnWire(auth, resolve, { method: req.method, path: parts.path, query });
    requestHeaders = withReplaced(requestHeaders, wire.headers, true);
    query = withReplaced(query, wire.query, false);
    if (wire.warning !== null) warnings.push(wire.warning);
    if (wire.declared !== undefined && wire.declared.length > 0) declared = wire.declared;
  }

  let status: number | null = null;
  let responseHeaders: NameValue[] = [];
  let responseBody: CallRecord['responseBody'] = null;
  let durationMs: number | null = null;
  if (example !== null) {
    status = exampleStatus(example);
    if (status === null) warnings.push(`example "${asString(example.name)}" has no status code`);
    responseHeaders = responseHeadersOf(example);
    // v1-converted examples keep the body under `data`
    const text = typeof example.body === 'string' ? example.body : example.data;
    responseBody = exampleBodyOf(text, headerValue(responseHeaders, 'content-type'), example._postman_previewlanguage);
    durationMs = durationOf(example.responseTime);
  }

  const unknownMode = unknownBodyModes.get(req);
  if (unknownMode !== undefined) warnings.push(`body mode "${unknownMode.slice(0, 20)}" is not one Postman documents; the body is left out`);

  const call: CallRecord = {
    ts: null, // Postman has no traffic time; the pipeline substitutes the analysis time
    method: req.method || 'GET',
    scheme: parts.scheme,
    host: parts.host,
    port: parts.port,
    path: parts.path,
    query,
    requestHeaders,
    requestCookies: cookiesFromHeaders(requestHeaders),
    requestBody: requestBodyOf(req.body, headerValue(requestHeaders, 'content-type'), resolve),
    status,
    responseHeaders,
    responseBody,
    durationMs,
    clientIp: null,
    httpVersion: '',
    tags: tag ? [tag] : [],
    source: { file: walk.file, index },
  };
  if (declared !== undefined) call.declaredCredentials = declared;
  return warnings.length > 0 ? { kind: 'call', call, warnings } : { kind: 'call', call };
}
