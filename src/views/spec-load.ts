// Reads an OpenAPI 3.0/3.1 or Swagger 2.0 document (JSON or YAML, $refs resolved) into the flat list
// of documented operations spec-diff compares traffic against, server path prefixes applied.

import { dirname, relative, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { hostKey, splitAuthority } from '../model/host-spelling.js';
import { pathAsStored } from '../model/path-spelling.js';

export type SpecParamIn = 'path' | 'query' | 'header' | 'cookie';

/** The parts of a parameter schema that decide whether a literal path segment fits it. */
export interface SpecParamSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
}

export interface SpecParam {
  location: SpecParamIn;
  name: string;
  schema?: SpecParamSchema;
}

export interface SpecOperation {
  /** `METHOD /spec/path`: the same for every server the operation is listed under. */
  id: string;
  /** Host (with non-default port) from an absolute server URL or Swagger `host`; null when the spec names none. */
  host: string | null;
  /** Upper-case. */
  method: string;
  /** The path as served: server/basePath prefix + spec path. */
  path: string;
  /** The path key as written in the spec. */
  specPath: string;
  params: SpecParam[];
}

export interface LoadedSpec {
  file: string;
  /** '2.0', '3.0.3', '3.1.0' ... */
  version: string;
  title: string;
  operations: SpecOperation[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PARAM_INS: ReadonlySet<string> = new Set(['path', 'query', 'header', 'cookie']);

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

interface Base {
  host: string | null;
  prefix: string;
}

function trimPrefix(path: string): string {
  const p = path.replace(/\/+$/, '');
  return p === '' || p.startsWith('/') ? p : `/${p}`;
}

/** Server URLs expanded per variable beyond this many are cut (the defaults come first). */
const MAX_SERVER_EXPANSIONS = 64;

/**
 * A server URL for each choice of its `{variables}`: every `enum` value (the default first), or the
 * default alone. `https://{env}.shop.example` with `enum: [api, staging]` serves both hosts.
 */
function serverUrls(server: Obj): string[] {
  const vars = isObj(server['variables']) ? server['variables'] : {};
  let urls = [str(server['url']) ?? '/'];
  // `{{name}}` (a Postman variable left in a spec made from a collection) is a variable like `{name}`.
  const tokens = new Map<string, string>();
  for (const m of urls[0]!.matchAll(/\{\{([^{}]*)\}\}|\{([^{}]*)\}/g)) tokens.set(m[0], (m[1] ?? m[2]!).trim());
  for (const [token, name] of tokens) {
    const v = Object.hasOwn(vars, name) ? vars[name] : undefined;
    const def = isObj(v) ? (str(v['default']) ?? '') : '';
    const choices = isObj(v) && Array.isArray(v['enum']) ? v['enum'].filter((e): e is string => typeof e === 'string') : [];
    const values = [...new Set([def, ...choices])];
    const next: string[] = [];
    for (const u of urls) for (const value of values) if (next.length < MAX_SERVER_EXPANSIONS) next.push(u.split(token).join(value));
    urls = next;
  }
  return urls;
}

/** A server's hosts and path prefixes, one per choice of its `{variables}` (serverUrls). */
function serverBases(server: unknown): Base[] {
  if (!isObj(server)) return [];
  return serverUrls(server).map(urlBase);
}

function urlBase(url: string): Base {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : url.startsWith('//') ? `https:${url}` : null;
  if (absolute === null) return { host: null, prefix: trimPrefix(url.split(/[?#]/)[0] as string) };
  // The host as written, not as `new URL` normalizes it (`127.1` would become `127.0.0.1`, and a
  // variable left unresolved in a Postman URL, `{{url}}`, would not parse): inventories keep hosts
  // as captured, spelled as sources/url.ts spells them, default ports dropped.
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/i.exec(absolute);
  if (!m) return { host: null, prefix: '' };
  const scheme = m[1]!.toLowerCase();
  const host = serverHost(m[2]!.slice(m[2]!.lastIndexOf('@') + 1), (port) => (scheme === 'https' && port === 443) || (scheme === 'http' && port === 80));
  let prefix = m[3]!;
  try {
    prefix = decodeURI(prefix);
  } catch {
    // keep it encoded
  }
  return { host, prefix: trimPrefix(prefix) };
}

/**
 * A server's host as captured hosts are stored (model/host-spelling.ts: `bücher.example` is
 * `xn--bcher-kva.example`, `[2001:db8:0::1]` is `[2001:db8::1]`), without a port `isDefault` says
 * the scheme implies; lower-cased as written when it is no host at all. Null when there is none.
 */
function serverHost(authority: string, isDefault: (port: number) => boolean): string | null {
  const a = splitAuthority(authority);
  if (typeof a === 'string') return authority.toLowerCase() || null;
  return hostKey(a.host, a.port !== null && isDefault(a.port) ? null : a.port) || null;
}

/** Most specific `servers` list wins (operation over path item over document), as OpenAPI says. */
function basesOf(...levels: unknown[]): Base[] {
  for (const servers of levels) {
    if (!Array.isArray(servers) || servers.length === 0) continue;
    const seen = new Map<string, Base>();
    for (const s of servers) for (const b of serverBases(s)) seen.set(`${b.host ?? ''}\n${b.prefix}`, b);
    if (seen.size > 0) return [...seen.values()];
  }
  return [{ host: null, prefix: '' }];
}

function swaggerBase(api: Obj): Base {
  const host = serverHost(str(api['host']) ?? '', (port) => port === 443 || port === 80);
  return { host, prefix: trimPrefix(str(api['basePath']) ?? '') };
}

function schemaInfo(v: unknown): SpecParamSchema | undefined {
  if (!isObj(v)) return undefined;
  const out: SpecParamSchema = {};
  const type = v['type'];
  if (typeof type === 'string' || (Array.isArray(type) && type.every((t) => typeof t === 'string'))) out.type = type as string | string[];
  if (typeof v['format'] === 'string') out.format = v['format'];
  if (typeof v['pattern'] === 'string') out.pattern = v['pattern'];
  if (Array.isArray(v['enum'])) out.enum = v['enum'];
  if (typeof v['minLength'] === 'number') out.minLength = v['minLength'];
  if (typeof v['maxLength'] === 'number') out.maxLength = v['maxLength'];
  return out;
}

function readParams(list: unknown, swagger2: boolean, into: Map<string, SpecParam>): void {
  if (!Array.isArray(list)) return;
  for (const p of list) {
    if (!isObj(p)) continue;
    const location = str(p['in']);
    const name = str(p['name']);
    if (!location || !name || !PARAM_INS.has(location)) continue;
    // Swagger 2.0 puts type/format/pattern on the parameter itself.
    const schema = schemaInfo(swagger2 ? p : p['schema']);
    into.set(`${location}\n${name}`, { location: location as SpecParamIn, name, ...(schema ? { schema } : {}) });
  }
}

/** API-key schemes document their header/query/cookie for every operation that may use them. */
function apiKeyParams(api: Obj, swagger2: boolean): SpecParam[] {
  const schemes = swagger2 ? api['securityDefinitions'] : isObj(api['components']) ? api['components']['securitySchemes'] : undefined;
  if (!isObj(schemes)) return [];
  const out: SpecParam[] = [];
  for (const key of Object.keys(schemes).sort()) {
    const s = schemes[key];
    if (!isObj(s) || s['type'] !== 'apiKey') continue;
    const location = str(s['in']);
    const name = str(s['name']);
    if (location && name && PARAM_INS.has(location)) out.push({ location: location as SpecParamIn, name });
  }
  return out;
}

function joinPath(prefix: string, path: string): string {
  if (prefix === '') return path;
  return path === '/' ? prefix : `${prefix}${path.startsWith('/') ? '' : '/'}${path}`;
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return (msg.split('\n')[0] ?? msg).trim();
}

/**
 * Loads and flattens a spec; unreadable files, bad YAML/JSON, broken $refs and non-specs are InputErrors.
 * `name`: how messages name the document (`stdin` for a copy of standard input).
 */
export async function loadSpec(file: string, name = file): Promise<LoadedSpec> {
  // Loaded here, not at start-up: the parser and its schemas cost every other command ~12 MB and ~45 ms.
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  let api: unknown;
  try {
    // No network: remote $refs are left alone rather than fetched.
    api = await SwaggerParser.dereference(file, { resolve: { http: false } });
  } catch (err) {
    const code = (err as { code?: string }).code;
    // A `$ref` to another file that cannot be read: name that file, not the spec (which did open).
    const source = (err as { source?: unknown }).source;
    if (typeof source === 'string' && resolve(source) !== resolve(file)) {
      throw new InputError(name, `a $ref points to ${relative(dirname(resolve(file)), source) || source}, which cannot be read`);
    }
    // The parser repeats the absolute path; the message already starts with the file as given.
    const line = firstLine(err).split(resolve(file)).join('the file').split(file).join('the file');
    const reason =
      code === 'ENOENT' || /ENOENT|Error opening file/.test(line)
        ? 'cannot read the file'
        : /is not a valid JSON Schema/.test(line)
          ? 'it is not a JSON or YAML object (a spec starts with `openapi:` or `swagger:`)'
          : line;
    throw new InputError(name, `not a readable OpenAPI/Swagger document: ${reason}`);
  }
  if (!isObj(api)) throw new InputError(name, 'not an OpenAPI/Swagger document: expected an object at the top level');
  const swagger2 = api['swagger'] === '2.0';
  const version = swagger2 ? '2.0' : str(api['openapi']);
  if (!version || (!swagger2 && !/^3\.[01]\./.test(version))) {
    throw new InputError(name, `unsupported document: expected "openapi": "3.0.x"/"3.1.x" or "swagger": "2.0", got ${JSON.stringify(version ?? null)}`);
  }
  const info = isObj(api['info']) ? api['info'] : {};
  const keyParams = apiKeyParams(api, swagger2);
  const operations: SpecOperation[] = [];
  const paths = isObj(api['paths']) ? api['paths'] : {};
  for (const specPath of Object.keys(paths).sort()) {
    const item = paths[specPath];
    if (!isObj(item)) continue;
    // Methods OpenAPI cannot name (COPY, PURGE, custom verbs) are listed by akto-rt's own export
    // under x-akto-rt-other-methods; reading them back keeps the export round trip exact.
    const extra = Array.isArray(item['x-akto-rt-other-methods'])
      ? (item['x-akto-rt-other-methods'] as unknown[]).filter((m): m is string => typeof m === 'string').map((m) => m.toLowerCase())
      : [];
    for (const method of [...METHODS, ...extra]) {
      const others = isObj(item['x-akto-rt-other-operations']) ? item['x-akto-rt-other-operations'] : {};
      const op = extra.includes(method) ? (isObj(others[method]) ? others[method] : {}) : item[method];
      if (!isObj(op)) continue;
      const params = new Map<string, SpecParam>();
      readParams(item['parameters'], swagger2, params);
      readParams(op['parameters'], swagger2, params);
      for (const k of keyParams) if (!params.has(`${k.location}\n${k.name}`)) params.set(`${k.location}\n${k.name}`, k);
      const bases = swagger2 ? [swaggerBase(api)] : basesOf(op['servers'], item['servers'], api['servers']);
      for (const base of bases) {
        operations.push({
          id: `${method.toUpperCase()} ${specPath}`,
          host: base.host,
          method: method.toUpperCase(),
          path: pathAsStored(joinPath(base.prefix, specPath)), // as captured paths are spelled (`café` is `caf%C3%A9`, `a b` is `a%20b`)
          specPath,
          params: [...params.values()],
        });
      }
    }
  }
  return { file: name, version, title: str(info['title']) ?? '', operations };
}
