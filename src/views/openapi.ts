// OpenAPI 3.1 documents (one per host) describing the API as observed: templated paths, typed
// parameters, body schemas per status, security schemes from the auth seen; examples only when redacted.

import { UsageError } from '../errors.js';
import type { CustomAuthScheme } from '../config.js';
import type { InventoryDoc, InventoryEndpoint, InventoryParam } from '../model/inventory.js';
import { CREDENTIAL_QUERY, isApiKeyCookieName } from '../analyzers/auth-rules.js';
import { mergeEndpoints, normalizeTemplate } from './endpoint-match.js';
import { pathParamSchema, valueSchema } from './json-schema.js';
import { bodyContent } from './openapi-content.js';
import { API_KEY_HEADERS, API_KEY_NAME, isStandardRequestHeader, isStandardResponseHeader } from '../model/standard-headers.js';
import { sessionNameRank } from '../analyzers/auth-rules.js';

export type OpenApiObject = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  paths: Record<string, OpenApiObject>;
  components?: { securitySchemes: Record<string, OpenApiObject> };
}

/** Methods a 3.1 path item can hold; others are listed under an `x-` extension instead. */
const OPENAPI_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const REASONS: Readonly<Record<string, string>> = {
  '200': 'OK', '201': 'Created', '202': 'Accepted', '204': 'No Content', '301': 'Moved Permanently',
  '302': 'Found', '304': 'Not Modified', '307': 'Temporary Redirect', '308': 'Permanent Redirect',
  '400': 'Bad Request', '401': 'Unauthorized', '403': 'Forbidden', '404': 'Not Found',
  '405': 'Method Not Allowed', '409': 'Conflict', '410': 'Gone', '415': 'Unsupported Media Type',
  '422': 'Unprocessable Content', '429': 'Too Many Requests', '500': 'Internal Server Error',
  '502': 'Bad Gateway', '503': 'Service Unavailable', '504': 'Gateway Timeout',
};

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sanitizeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, '_');
}

// ---- security schemes

interface ApiKeyCarrier {
  in: 'header' | 'query' | 'cookie';
  name: string;
}

const hasParam = (e: InventoryEndpoint, location: string, lower: string): InventoryParam | undefined =>
  e.params.find((x) => x.location === location && x.name.toLowerCase() === lower);

/**
 * Where an endpoint's API key travels, by the names the auth analyzer recognizes as API-key
 * carriers (auth-rules.ts): a known header, a known query parameter, else another key-like name,
 * else an API-key cookie (`api_key=...`), else the Authorization header (`Authorization: ApiKey ...`,
 * `Token ...`).
 */
function apiKeyCarrier(e: InventoryEndpoint): ApiKeyCarrier {
  const h = e.params.find((x) => x.location === 'request.header' && API_KEY_HEADERS.has(x.name.toLowerCase()));
  if (h) return { in: 'header', name: h.name };
  const q = e.params.find((x) => x.location === 'request.query' && CREDENTIAL_QUERY.get(x.name.toLowerCase())?.scheme === 'api-key');
  if (q) return { in: 'query', name: q.name };
  const p = e.params.find((x) => (x.location === 'request.header' || x.location === 'request.query') && API_KEY_NAME.test(x.name));
  if (p) return { in: p.location === 'request.query' ? 'query' : 'header', name: p.name };
  const k = e.params.find((x) => x.location === 'request.cookie' && isApiKeyCookieName(x.name));
  if (k) return { in: 'cookie', name: k.name };
  if (hasParam(e, 'request.header', 'authorization')) return { in: 'header', name: 'Authorization' };
  return { in: 'header', name: 'X-API-Key' };
}

/** The endpoint's session cookie: a framework's (`sessionid`) before a session-like name, never a CSRF or tracker cookie. */
function authCookie(e: InventoryEndpoint): string {
  let best: string | null = null;
  let rank = 0;
  for (const x of e.params) {
    if (x.location !== 'request.cookie') continue;
    const r = sessionNameRank(x.name);
    if (r > rank) [best, rank] = [x.name, r];
  }
  return best ?? 'session';
}

/** A bearer token sent as `?access_token=` (RFC 6750 2.3) rather than in the Authorization header. */
function bearerInQuery(e: InventoryEndpoint): InventoryParam | undefined {
  return hasParam(e, 'request.header', 'authorization') ? undefined : hasParam(e, 'request.query', 'access_token');
}

/** Fixed schemes keyed by the inventory's auth scheme id; api keys and cookies are named per carrier. */
const FIXED_SCHEMES: Readonly<Record<string, [string, OpenApiObject]>> = {
  'bearer-jwt': ['bearerJwt', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }],
  bearer: ['bearer', { type: 'http', scheme: 'bearer' }],
  basic: ['basic', { type: 'http', scheme: 'basic' }],
  digest: ['digest', { type: 'http', scheme: 'digest' }],
  ntlm: ['ntlm', { type: 'http', scheme: 'ntlm' }],
  negotiate: ['negotiate', { type: 'http', scheme: 'negotiate' }],
  'aws-sigv4': ['awsSigV4', { type: 'apiKey', in: 'header', name: 'Authorization', description: 'AWS Signature Version 4' }],
  oauth1: ['oauth1', { type: 'apiKey', in: 'header', name: 'Authorization', description: 'OAuth 1.0a signature' }],
  hawk: ['hawk', { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Hawk (MAC) authentication' }],
  mtls: ['mutualTLS', { type: 'mutualTLS' }],
};

interface SecurityPlan {
  schemes: Record<string, OpenApiObject>;
  /** Per endpoint: the scheme names it uses, in authTypes order. */
  names: Map<InventoryEndpoint, string[]>;
  /** Per endpoint: params that a scheme already documents (skipped from `parameters`). */
  carriers: Map<InventoryEndpoint, Set<string>>;
}

/** Security scheme keys the built-in schemes take (FIXED_SCHEMES, the api-key and cookie families). */
function isBuiltinSchemeKey(key: string): boolean {
  return (
    key === 'accessTokenQuery' || key === 'oauth2' || /^(apiKey(_|$)|sessionCookie_|jwtCookie_)/.test(key) || Object.values(FIXED_SCHEMES).some(([k]) => k === key)
  );
}

/**
 * Where a configured custom scheme reported as `auth` travels on `e`, when OpenAPI can say it (not in
 * a body), and its security scheme key. Several `auth.custom` entries may share a name (one key in a
 * header or in the query): the one whose carrier `e` has is taken, and each carrier gets a key of its
 * own. A key a built-in scheme takes (`apiKey`, `bearer`) gets a `custom_` prefix instead of
 * replacing the built-in one.
 */
function customCarrier(custom: readonly CustomAuthScheme[], auth: string, e: InventoryEndpoint): { in: 'header' | 'query' | 'cookie'; key: string; schemeKey: string } | null {
  const named = custom.filter((x) => (x.name ?? 'custom') === auth && x.in !== 'body');
  const carried = (x: CustomAuthScheme): boolean =>
    e.params.some((p) => p.location === `request.${x.in}` && (x.in === 'header' ? p.name.toLowerCase() === x.key.toLowerCase() : p.name === x.key));
  const c = named.find(carried) ?? named[0];
  if (c === undefined || c.in === 'body') return null;
  let schemeKey = sanitizeName(auth);
  if (new Set(named.map((x) => `${x.in}\n${x.in === 'header' ? x.key.toLowerCase() : x.key}`)).size > 1) schemeKey += `_${c.in}_${sanitizeName(c.key)}`;
  if (isBuiltinSchemeKey(schemeKey)) schemeKey = `custom_${schemeKey}`;
  return { in: c.in, key: c.key, schemeKey };
}

function planSecurity(endpoints: readonly InventoryEndpoint[], host: string, urlSchemes: readonly string[], custom: readonly CustomAuthScheme[]): SecurityPlan {
  const schemes = new Map<string, OpenApiObject>();
  const names = new Map<InventoryEndpoint, string[]>();
  const carriers = new Map<InventoryEndpoint, Set<string>>();
  // api-key carriers across the host decide whether one plain `apiKey` name is unambiguous.
  const keyCarriers = new Set<string>();
  for (const e of endpoints) if (e.authTypes.includes('api-key')) keyCarriers.add(JSON.stringify(apiKeyCarrier(e)));
  for (const e of endpoints) {
    const used: string[] = [];
    const carried = new Set<string>();
    for (const auth of [...e.authTypes].sort(cmp)) {
      const fixed = FIXED_SCHEMES[auth];
      const queryToken = auth === 'bearer' || auth === 'bearer-jwt' ? bearerInQuery(e) : undefined;
      if (queryToken) {
        schemes.set('accessTokenQuery', { type: 'apiKey', in: 'query', name: queryToken.name, description: 'Bearer token in the query (RFC 6750 section 2.3)' });
        carried.add(`request.query\n${queryToken.name}`);
        used.push('accessTokenQuery');
      } else if (fixed) {
        schemes.set(fixed[0], fixed[1]);
        used.push(fixed[0]);
      } else if (auth === 'api-key') {
        const c = apiKeyCarrier(e);
        const name = keyCarriers.size === 1 ? 'apiKey' : `apiKey_${sanitizeName(c.name)}`;
        schemes.set(name, { type: 'apiKey', in: c.in, name: c.name });
        carried.add(`request.${c.in}\n${c.in === 'header' ? c.name.toLowerCase() : c.name}`);
        used.push(name);
      } else if (customCarrier(custom, auth, e) !== null) {
        // A configured custom scheme (`auth.custom`): an apiKey where the config says it travels.
        const c = customCarrier(custom, auth, e)!;
        const name = c.schemeKey;
        schemes.set(name, { type: 'apiKey', in: c.in, name: c.key, description: `custom scheme '${auth}' (auth.custom)` });
        carried.add(`request.${c.in}\n${c.in === 'header' ? c.key.toLowerCase() : c.key}`);
        used.push(name);
      } else if (auth === 'session-cookie' || auth === 'jwt-cookie') {
        const cookie = authCookie(e);
        const name = `${auth === 'session-cookie' ? 'sessionCookie' : 'jwtCookie'}_${sanitizeName(cookie)}`;
        schemes.set(name, { type: 'apiKey', in: 'cookie', name: cookie });
        carried.add(`request.cookie\n${cookie}`);
        used.push(name);
      }
    }
    names.set(e, used);
    carriers.set(e, carried);
  }
  const token = [...endpoints].filter((e) => e.oauthTokenEndpoint).sort((a, b) => cmp(a.path, b.path))[0];
  if (token) {
    // A host that is an unresolved variable (`{{baseurl}}`) makes no URL: the path, relative to the server, is one.
    const path = token.path.split('#')[0]!;
    const tokenUrl = host.includes('{') ? path : `${serverUrl(host, urlSchemes[0])}${path}`;
    schemes.set('oauth2', { type: 'oauth2', description: 'Token endpoint seen in traffic', flows: { clientCredentials: { tokenUrl, scopes: {} } } });
  }
  const sorted: Record<string, OpenApiObject> = {};
  for (const k of [...schemes.keys()].sort(cmp)) sorted[k] = schemes.get(k) as OpenApiObject;
  return { schemes: sorted, names, carriers };
}

/**
 * An operation's security: its schemes, plus `{}` (authentication optional) only when calls without
 * credentials were answered 2xx. Bare calls that were refused (401/403) say auth is required, not
 * optional; an endpoint seen only that way states no security at all rather than "public".
 */
function securityFor(e: InventoryEndpoint, plan: SecurityPlan): Record<string, string[]>[] | undefined {
  const used = plan.names.get(e) ?? [];
  const open = e.unauthenticatedSuccess;
  if (used.length === 0) return open ? [] : undefined;
  const reqs: Record<string, string[]>[] = used.map((n) => ({ [n]: [] }));
  if (open) reqs.push({});
  return reqs;
}

// ---- paths and operations

/** `scheme`: the one the host was called with (https when unknown: no sample recorded it). */
function serverUrl(host: string, scheme = 'https'): string {
  return host === '' ? '' : `${scheme}://${host}`;
}

/**
 * The spec's servers, one per scheme the host was called with (https first). A host that is an
 * unresolved Postman variable (`{{url}}`) would read as a server variable named `{url`: it becomes
 * one, with the variable text as its default.
 */
function serverObjects(host: string, schemes: readonly string[]): ({ url: string } & OpenApiObject)[] {
  const list = schemes.length > 0 ? schemes : ['https'];
  if (!host.includes('{')) return host === '' ? [{ url: '/' }] : list.map((scheme) => ({ url: serverUrl(host, scheme) }));
  return list.map((scheme) => ({ url: `${scheme}://{host}`, variables: { host: { default: host } } }));
}

/** Placeholder names made unique within one template, as OpenAPI requires. */
function placeholderNames(template: string): string[] {
  const seen = new Map<string, number>();
  return [...template.matchAll(/\{([^}]*)\}/g)].map((m) => {
    const base = sanitizeName(m[1] || 'param');
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}${n}`;
  });
}

function withNames(template: string, names: readonly string[]): string {
  let i = 0;
  return template.replace(/\{[^}]*\}/g, () => `{${names[i++]}}`);
}

function paramHead(p: InventoryParam, where: string): OpenApiObject {
  // A query name sent several times in a call is a list (form style, exploded: `?tag=a&tag=b`).
  const list = where === 'query' && p.types.includes('array');
  const schema = list ? { type: 'array', items: valueSchema({ ...p, types: p.types.filter((t) => t !== 'array') }) } : valueSchema(p);
  return { name: p.name, in: where, required: where === 'path' || p.required, schema };
}

function parametersFor(e: InventoryEndpoint, names: readonly string[], carried: ReadonlySet<string>): OpenApiObject[] {
  const out: OpenApiObject[] = [];
  const originals = [...e.path.split('#')[0]!.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] as string);
  names.forEach((name, i) => {
    const type = e.pathParams.find((p) => p.name === originals[i])?.type ?? 'string';
    out.push({ name, in: 'path', required: true, schema: pathParamSchema(type) });
  });
  const seenHeaders = new Set<string>();
  for (const p of [...e.params].sort((a, b) => cmp(a.location, b.location) || cmp(a.name, b.name))) {
    if (p.name === '*') continue; // names that were values (a token as a query key): nothing to document
    if (p.location === 'request.query') {
      if (!carried.has(`request.query\n${p.name}`)) out.push(paramHead(p, 'query'));
    } else if (p.location === 'request.header') {
      const lower = p.name.toLowerCase();
      if (isStandardRequestHeader(lower) || carried.has(`request.header\n${lower}`) || seenHeaders.has(lower)) continue;
      seenHeaders.add(lower);
      out.push(paramHead(p, 'header'));
    } else if (p.location === 'request.cookie') {
      if (!carried.has(`request.cookie\n${p.name}`)) out.push(paramHead(p, 'cookie'));
    }
  }
  const order: Record<string, number> = { path: 0, query: 1, header: 2, cookie: 3 };
  return out.sort((a, b) => (order[a.in as string] ?? 9) - (order[b.in as string] ?? 9) || cmp(a.name as string, b.name as string));
}

function responsesFor(e: InventoryEndpoint): OpenApiObject {
  const byStatus = new Map<string, InventoryParam[]>();
  for (const code of Object.keys(e.statusCodes)) byStatus.set(code, []);
  for (const p of e.params) {
    if ((p.location === 'response.body' || p.location === 'response.header') && p.status !== undefined) {
      const list = byStatus.get(p.status);
      if (list) list.push(p);
      else byStatus.set(p.status, [p]);
    }
  }
  const out: OpenApiObject = {};
  for (const code of [...byStatus.keys()].filter((c) => /^[1-5]\d\d$/.test(c)).sort(cmp)) {
    const params = byStatus.get(code) as InventoryParam[];
    const resp: OpenApiObject = { description: REASONS[code] ?? 'Observed response' };
    const headers: Record<string, OpenApiObject> = {};
    for (const h of params.filter((p) => p.location === 'response.header').sort((a, b) => cmp(a.name, b.name))) {
      if (h.name !== '*' && !isStandardResponseHeader(h.name) && !(h.name in headers)) headers[h.name] = { schema: valueSchema(h) };
    }
    if (Object.keys(headers).length > 0) resp['headers'] = headers;
    const content = bodyContent(e.responseMediaTypes?.[code], params.filter((p) => p.location === 'response.body'));
    if (content !== null) resp['content'] = content;
    out[code] = resp;
  }
  if (Object.keys(out).length === 0) out['default'] = { description: 'No response observed' };
  return out;
}

/**
 * `getV1OrdersExport` for `/v1/orders/export`, `getV1Orders_export` for `/v1/orders-export`: path
 * segments are camel-cased, words inside a segment joined with `_`, so two templates seldom share an
 * id, and one path's id does not change when another path joins the spec (a numbered suffix is left
 * for the rare clash, in path order).
 */
function operationId(method: string, template: string, used: Set<string>): string {
  const segments = template.split('/').map((seg) => seg.split(/[^A-Za-z0-9]+/).filter(Boolean)).filter((w) => w.length > 0);
  const cap = (w: string): string => w[0]!.toUpperCase() + w.slice(1);
  const base = [method.toLowerCase(), ...segments.map((words) => [cap(words[0]!), ...words.slice(1)].join('_'))].join('');
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}${n}`;
  used.add(id);
  return id;
}

/**
 * GraphQL operations and JSON-RPC methods share one path (`/graphql#GetUser` -> `/graphql`, `/rpc#getBalance`
 * -> `/rpc`); their names go to the description.
 */
function graphqlOps(endpoints: readonly InventoryEndpoint[]): string[] {
  return endpoints.map((e) => e.path.split('#')[1]).filter((x): x is string => x !== undefined && x !== '').sort(cmp);
}

function buildOperation(eps: InventoryEndpoint[], method: string, template: string, names: string[], plan: SecurityPlan, ids: Set<string>): OpenApiObject {
  const merged = mergeEndpoints(eps.map((e) => ({ ...e, path: e.path.split('#')[0] as string })));
  const op: OpenApiObject = { operationId: operationId(method, template, ids) };
  const ops = graphqlOps(eps);
  if (ops.length > 0) {
    const rpc = eps.some((e) => e.params.some((p) => p.location === 'request.body' && (p.name === '$.jsonrpc' || p.name === '$[*].jsonrpc')));
    op['description'] = `${rpc ? 'JSON-RPC methods' : 'GraphQL operations'} observed: ${ops.join(', ')}`;
  }
  if (merged.tags.length > 0) op['tags'] = [...merged.tags];
  const carried = new Set(eps.flatMap((e) => [...(plan.carriers.get(e) ?? [])]));
  const parameters = parametersFor(merged, names, carried);
  if (parameters.length > 0) op['parameters'] = parameters;
  const content = bodyContent(merged.requestMediaTypes, merged.params.filter((p) => p.location === 'request.body'));
  if (content !== null) {
    // Every call sent a body (the media types count the calls that had one): the spec says so.
    const withBody = Object.values(merged.requestMediaTypes ?? {}).reduce((a, b) => a + b, 0);
    op['requestBody'] = withBody >= merged.calls && merged.calls > 0 ? { required: true, content } : { content };
  }
  op['responses'] = responsesFor(merged);
  // Security is decided per original endpoint, so merging never hides an unauthenticated one.
  const security = eps.map((e) => securityFor(e, plan));
  const reqs = new Map<string, Record<string, string[]>>();
  let anyNoneOnly = false;
  for (const s of security) {
    if (s === undefined) continue;
    if (s.length === 0) anyNoneOnly = true;
    for (const r of s) reqs.set(JSON.stringify(r), r);
  }
  if (anyNoneOnly && reqs.size > 0) reqs.set('{}', {});
  if (reqs.size > 0 || anyNoneOnly) op['security'] = [...reqs.keys()].sort(cmp).map((k) => reqs.get(k));
  return op;
}

function buildHost(endpoints: readonly InventoryEndpoint[], host: string, schemes: readonly string[], custom: readonly CustomAuthScheme[]): OpenApiDocument {
  const plan = planSecurity(endpoints, host, schemes, custom);
  // Group by template with names ignored: `/users/{id}` and `/users/{userId}` are one OpenAPI path.
  const groups = new Map<string, InventoryEndpoint[]>();
  for (const e of endpoints) {
    const key = normalizeTemplate(e.path.split('#')[0] as string);
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  const paths: Record<string, OpenApiObject> = {};
  const ids = new Set<string>();
  let operations = 0;
  const entries = [...groups.values()]
    .map((eps) => {
      // Placeholder names come from the busiest endpoint, so the common spelling wins.
      const top = [...eps].sort((a, b) => b.calls - a.calls || cmp(a.path, b.path))[0] as InventoryEndpoint;
      const first = top.path.split('#')[0] as string;
      const names = placeholderNames(first);
      return { template: withNames(first, names), names, eps };
    })
    .sort((a, b) => cmp(a.template, b.template));
  for (const { template, names, eps } of entries) {
    const item: OpenApiObject = {};
    const other: string[] = [];
    for (const method of [...new Set(eps.map((e) => e.method.toLowerCase()))].sort(cmp)) {
      if (!(OPENAPI_METHODS as readonly string[]).includes(method)) other.push(method.toUpperCase());
    }
    for (const method of OPENAPI_METHODS) {
      const same = eps.filter((e) => e.method.toLowerCase() === method);
      if (same.length === 0) continue;
      item[method] = buildOperation(same, method, template, names, plan, ids);
      operations++;
    }
    if (other.length > 0) {
      item['x-akto-rt-other-methods'] = other;
      // Their operations in full (parameters, bodies, security), so spec-diff reads them back as documented.
      const ops: OpenApiObject = {};
      for (const m of other) ops[m.toLowerCase()] = buildOperation(eps.filter((e) => e.method === m), m.toLowerCase(), template, names, plan, ids);
      item['x-akto-rt-other-operations'] = ops;
    }
    paths[template] = item;
  }
  const doc: OpenApiDocument = {
    openapi: '3.1.0',
    info: {
      title: `${host || 'unknown host'} API (observed)`,
      version: '0.0.0-observed',
      description: `Generated by akto-rt from observed traffic: ${operations} operation${operations === 1 ? '' : 's'}. Schemas reflect what was seen, not what is allowed.`,
    },
    servers: serverObjects(host, schemes),
    paths,
  };
  if (Object.keys(plan.schemes).length > 0) doc.components = { securitySchemes: plan.schemes };
  return doc;
}

/**
 * One OpenAPI 3.1 document per host (keys sorted); `host` limits it to one and must exist.
 * `schemes`: per host, the URL schemes its calls used (store/queries.ts `hostSchemes`); https when absent.
 */
/**
 * `customAuth`: the config's `auth.custom` schemes, which say where a custom credential travels (the
 * inventory records only their names); without them a custom scheme is left out of `security`.
 */
export function buildOpenApi(
  doc: InventoryDoc,
  opts: { host?: string; schemes?: ReadonlyMap<string, readonly string[]>; customAuth?: readonly CustomAuthScheme[] },
): Record<string, OpenApiDocument> {
  const byHost = new Map<string, InventoryEndpoint[]>();
  for (const e of doc.endpoints) {
    const list = byHost.get(e.host);
    if (list) list.push(e);
    else byHost.set(e.host, [e]);
  }
  if (opts.host !== undefined && !byHost.has(opts.host)) {
    const hosts = [...byHost.keys()].sort(cmp);
    throw new UsageError(`no endpoints for host "${opts.host}"; hosts in the inventory: ${hosts.length > 0 ? hosts.join(', ') : '(none)'}`);
  }
  const out: Record<string, OpenApiDocument> = {};
  for (const host of [...byHost.keys()].sort(cmp)) {
    if (opts.host !== undefined && host !== opts.host) continue;
    out[host] = buildHost(byHost.get(host) as InventoryEndpoint[], host, opts.schemes?.get(host) ?? [], opts.customAuth ?? []);
  }
  return out;
}
