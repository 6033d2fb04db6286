// The inventory as a deterministic JSON file (`export --inventory`) and back: fixed key order, sorted
// rows, no wall-clock time, so exporting the same inventory twice is byte-identical and diffs in git.

import { InputError } from '../errors.js';
import {
  INVENTORY_SCHEMA_VERSION,
  type InventoryAuth,
  type InventoryDoc,
  type InventoryEndpoint,
  type InventoryParam,
} from '../model/inventory.js';
import type { ParamLocation, PathParam, ValueType } from '../model/facts.js';

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedStrings<T extends string>(list: readonly T[]): T[] {
  return [...list].sort(cmp);
}

/** Status codes compare as numbers so '99' < '200' would not surprise; non-numeric keys go last. */
function statusOrder(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return cmp(a, b);
}

export function compareParams(a: InventoryParam, b: InventoryParam): number {
  return cmp(a.location, b.location) || statusOrder(a.status ?? '', b.status ?? '') || cmp(a.name, b.name);
}

export function compareEndpoints(a: InventoryEndpoint, b: InventoryEndpoint): number {
  return cmp(a.host, b.host) || cmp(a.path, b.path) || cmp(a.method, b.method);
}

function canonicalParam(p: InventoryParam): InventoryParam {
  return {
    location: p.location,
    name: p.name,
    ...(p.status !== undefined ? { status: p.status } : {}),
    types: sortedStrings(p.types),
    required: p.required,
    sensitiveTypes: sortedStrings(p.sensitiveTypes),
    ...(p.example !== undefined ? { example: p.example } : {}),
  };
}

/** Counts keyed by media type, keys sorted. */
function sortedCounts(counts: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(counts).sort(cmp)) out[k] = counts[k] as number;
  return out;
}

/** The media type fields when the document has them (files exported before they existed do not). */
function canonicalMediaTypes(e: InventoryEndpoint): Pick<InventoryEndpoint, 'requestMediaTypes' | 'responseMediaTypes'> {
  const out: Pick<InventoryEndpoint, 'requestMediaTypes' | 'responseMediaTypes'> = {};
  if (e.requestMediaTypes !== undefined) out.requestMediaTypes = sortedCounts(e.requestMediaTypes);
  if (e.responseMediaTypes !== undefined) {
    const byStatus: Record<string, Record<string, number>> = {};
    for (const code of Object.keys(e.responseMediaTypes).sort(statusOrder)) byStatus[code] = sortedCounts(e.responseMediaTypes[code] as Record<string, number>);
    out.responseMediaTypes = byStatus;
  }
  return out;
}

function canonicalEndpoint(e: InventoryEndpoint): InventoryEndpoint {
  const statusCodes: Record<string, number> = {};
  for (const code of Object.keys(e.statusCodes).sort(statusOrder)) statusCodes[code] = e.statusCodes[code] as number;
  return {
    host: e.host,
    method: e.method,
    path: e.path,
    pathParams: e.pathParams.map((p) => ({ name: p.name, type: p.type })),
    calls: e.calls,
    ...(e.cleartextCalls !== undefined ? { cleartextCalls: e.cleartextCalls } : {}),
    statusCodes,
    ...canonicalMediaTypes(e),
    firstSeen: e.firstSeen,
    lastSeen: e.lastSeen,
    authTypes: sortedStrings(e.authTypes),
    auth: [...e.auth].sort((a, b) => cmp(a.scheme, b.scheme)).map((a) => ({ scheme: a.scheme, calls: a.calls })),
    unauthenticatedSuccess: e.unauthenticatedSuccess,
    oauthTokenEndpoint: e.oauthTokenEndpoint,
    sensitiveTypes: sortedStrings(e.sensitiveTypes),
    accessType: e.accessType,
    riskScore: e.riskScore,
    params: [...e.params].sort(compareParams).map(canonicalParam),
    tags: sortedStrings(e.tags),
  };
}

/** The document with every list sorted and every object's keys in the documented order. */
export function canonicalInventory(doc: InventoryDoc): InventoryDoc {
  return {
    schemaVersion: doc.schemaVersion,
    kind: 'akto-rt/inventory',
    endpoints: [...doc.endpoints].sort(compareEndpoints).map(canonicalEndpoint),
  };
}

/** Deterministic JSON text (two-space indent, trailing newline) for `export --inventory`. */
export function serializeInventory(doc: InventoryDoc): string {
  return JSON.stringify(canonicalInventory(doc), null, 2) + '\n';
}

// ---- parsing: every field checked, so a hand-edited or foreign file fails with a located reason

const LOCATIONS: ReadonlySet<string> = new Set<ParamLocation>([
  'request.path',
  'request.query',
  'request.header',
  'request.cookie',
  'request.body',
  'response.header',
  'response.body',
]);
const VALUE_TYPES: ReadonlySet<string> = new Set<ValueType>(['string', 'integer', 'number', 'boolean', 'null', 'object', 'array']);

class Shape extends Error {}

type Obj = Record<string, unknown>;

function obj(v: unknown, at: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Shape(`${at}: expected an object`);
  return v as Obj;
}
function str(o: Obj, k: string, at: string): string {
  const v = o[k];
  if (typeof v !== 'string') throw new Shape(`${at}.${k}: expected a string`);
  return v;
}
function num(o: Obj, k: string, at: string): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Shape(`${at}.${k}: expected a number`);
  return v;
}
function bool(o: Obj, k: string, at: string): boolean {
  const v = o[k];
  if (typeof v !== 'boolean') throw new Shape(`${at}.${k}: expected true or false`);
  return v;
}
function strOrNull(o: Obj, k: string, at: string): string | null {
  const v = o[k];
  if (v !== null && typeof v !== 'string') throw new Shape(`${at}.${k}: expected a string or null`);
  return v;
}
function arr(o: Obj, k: string, at: string): unknown[] {
  const v = o[k];
  if (!Array.isArray(v)) throw new Shape(`${at}.${k}: expected an array`);
  return v;
}
function strArr(o: Obj, k: string, at: string, allowed?: ReadonlySet<string>): string[] {
  return arr(o, k, at).map((v, i) => {
    if (typeof v !== 'string') throw new Shape(`${at}.${k}[${i}]: expected a string`);
    if (allowed && !allowed.has(v)) throw new Shape(`${at}.${k}[${i}]: unknown value "${v}"`);
    return v;
  });
}

function parseParam(v: unknown, at: string): InventoryParam {
  const o = obj(v, at);
  const location = str(o, 'location', at);
  if (!LOCATIONS.has(location)) throw new Shape(`${at}.location: unknown location "${location}"`);
  const p: InventoryParam = {
    location: location as ParamLocation,
    name: str(o, 'name', at),
    types: strArr(o, 'types', at, VALUE_TYPES) as ValueType[],
    required: bool(o, 'required', at),
    sensitiveTypes: strArr(o, 'sensitiveTypes', at),
  };
  if (o['status'] !== undefined) p.status = str(o, 'status', at);
  if (o['example'] !== undefined) p.example = str(o, 'example', at);
  return p;
}

function counts(v: unknown, at: string): Record<string, number> {
  const o = obj(v, at);
  const out: Record<string, number> = {};
  for (const k of Object.keys(o)) out[k] = num(o, k, at);
  return out;
}

/** `requestMediaTypes` / `responseMediaTypes`, each optional (files exported before media types were recorded). */
function parseMediaTypes(o: Obj, at: string): Pick<InventoryEndpoint, 'requestMediaTypes' | 'responseMediaTypes'> {
  const out: Pick<InventoryEndpoint, 'requestMediaTypes' | 'responseMediaTypes'> = {};
  if (o['requestMediaTypes'] !== undefined) out.requestMediaTypes = counts(o['requestMediaTypes'], `${at}.requestMediaTypes`);
  if (o['responseMediaTypes'] !== undefined) {
    const byStatus = obj(o['responseMediaTypes'], `${at}.responseMediaTypes`);
    const parsed: Record<string, Record<string, number>> = {};
    for (const code of Object.keys(byStatus)) parsed[code] = counts(byStatus[code], `${at}.responseMediaTypes.${code}`);
    out.responseMediaTypes = parsed;
  }
  return out;
}

function parseEndpoint(v: unknown, at: string): InventoryEndpoint {
  const o = obj(v, at);
  const statusCodes = counts(o['statusCodes'], `${at}.statusCodes`);
  return {
    host: str(o, 'host', at),
    method: str(o, 'method', at),
    path: str(o, 'path', at),
    pathParams: arr(o, 'pathParams', at).map((p, i): PathParam => {
      const po = obj(p, `${at}.pathParams[${i}]`);
      return { name: str(po, 'name', `${at}.pathParams[${i}]`), type: str(po, 'type', `${at}.pathParams[${i}]`) };
    }),
    calls: num(o, 'calls', at),
    // Optional: files exported before cleartext calls were counted have none.
    ...(o['cleartextCalls'] !== undefined ? { cleartextCalls: num(o, 'cleartextCalls', at) } : {}),
    statusCodes,
    ...parseMediaTypes(o, at),
    firstSeen: strOrNull(o, 'firstSeen', at),
    lastSeen: strOrNull(o, 'lastSeen', at),
    authTypes: strArr(o, 'authTypes', at),
    auth: arr(o, 'auth', at).map((a, i): InventoryAuth => {
      const ao = obj(a, `${at}.auth[${i}]`);
      return { scheme: str(ao, 'scheme', `${at}.auth[${i}]`), calls: num(ao, 'calls', `${at}.auth[${i}]`) };
    }),
    unauthenticatedSuccess: bool(o, 'unauthenticatedSuccess', at),
    oauthTokenEndpoint: bool(o, 'oauthTokenEndpoint', at),
    sensitiveTypes: strArr(o, 'sensitiveTypes', at),
    accessType: str(o, 'accessType', at),
    riskScore: num(o, 'riskScore', at),
    params: arr(o, 'params', at).map((p, i) => parseParam(p, `${at}.params[${i}]`)),
    tags: strArr(o, 'tags', at),
  };
}

/** Reads an `export --inventory` file; anything else fails with InputError naming the file and field. */
export function parseInventoryJson(text: string, file: string): InventoryDoc {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError(file, `not valid JSON (${(err as Error).message}); expected a file written by \`akto-rt export --inventory\``);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError(file, 'not an akto-rt inventory: expected a JSON object written by `akto-rt export --inventory`');
  }
  const o = raw as Obj;
  if (o['kind'] !== 'akto-rt/inventory') {
    const hint =
      typeof o['openapi'] === 'string' || typeof o['swagger'] === 'string'
        ? 'this is an OpenAPI/Swagger document; compare it with `akto-rt spec-diff`'
        : 'expected "kind": "akto-rt/inventory" as written by `akto-rt export --inventory`';
    throw new InputError(file, `not an akto-rt inventory (kind is ${JSON.stringify(o['kind'] ?? null)}); ${hint}`);
  }
  const version = o['schemaVersion'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new InputError(file, 'inventory has no valid schemaVersion');
  }
  if (version > INVENTORY_SCHEMA_VERSION) {
    throw new InputError(file, `inventory schemaVersion ${version} is newer than this akto-rt understands (${INVENTORY_SCHEMA_VERSION}); upgrade akto-rt`);
  }
  if (!Array.isArray(o['endpoints'])) throw new InputError(file, 'inventory has no "endpoints" array');
  const endpoints = o['endpoints'].map((e, i) => {
    try {
      return parseEndpoint(e, `endpoints[${i}]`);
    } catch (err) {
      if (err instanceof Shape) throw new InputError(file, `invalid inventory: ${err.message}`, i);
      throw err;
    }
  });
  return { schemaVersion: version, kind: 'akto-rt/inventory', endpoints };
}
