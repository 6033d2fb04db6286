// A fast proof that a parsed HAR entry satisfies har-validator's entry schema (HAR 1.2, har-schema
// with ajv 6's "fast" formats), so the validator runs only on entries that may break it. Every check
// here is at least as strict as the schema's: `true` means the validator would find nothing; `false`
// means "not proven", and the validator decides and words the problems. Entries of every exporter
// seen so far pass; the validator costs ~1 µs per entry, this a fraction of it.

type Obj = Record<string, unknown>;

// ajv 6 "fast" formats, as har-validator configures it (formats.js), and har-schema's own pattern.
const DATE_TIME = /^\d\d\d\d-[0-1]\d-[0-3]\d[t\s](?:[0-2]\d:[0-5]\d:[0-5]\d|23:59:60)(?:\.\d+)?(?:z|[+-]\d\d(?::?\d\d)?)$/i;
const HAR_DATE = /^(\d{4})(-)?(\d\d)(-)?(\d\d)(T)?(\d\d)(:)?(\d\d)(:)?(\d\d)(\.\d+)?(Z|([+-])(\d\d)(:)?(\d\d))/;
const URI = /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/)?[^\s]*$/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)$/;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Absent, or a string. */
function optString(v: unknown): boolean {
  return v === undefined || typeof v === 'string';
}

function isInt(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v);
}

/** header.json / query.json items: name and value strings. */
function pairsOk(list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  for (let i = 0; i < list.length; i++) {
    const p: unknown = list[i];
    if (!isObj(p) || typeof p.name !== 'string' || typeof p.value !== 'string' || !optString(p.comment)) return false;
  }
  return true;
}

/** cookie.json items; only the common shape is proven (expires absent, null or a date-time). */
function cookiesOk(list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  for (let i = 0; i < list.length; i++) {
    const c: unknown = list[i];
    if (!isObj(c) || typeof c.name !== 'string' || typeof c.value !== 'string') return false;
    if (!optString(c.path) || !optString(c.domain) || !optString(c.comment)) return false;
    if (c.httpOnly !== undefined && typeof c.httpOnly !== 'boolean') return false;
    if (c.secure !== undefined && typeof c.secure !== 'boolean') return false;
    if (c.expires !== undefined && c.expires !== null && !(typeof c.expires === 'string' && DATE_TIME.test(c.expires))) return false;
  }
  return true;
}

function requestOk(r: unknown): boolean {
  if (!isObj(r)) return false;
  if (typeof r.method !== 'string' || typeof r.url !== 'string' || !URI.test(r.url) || typeof r.httpVersion !== 'string') return false;
  if (!cookiesOk(r.cookies) || !pairsOk(r.headers) || !pairsOk(r.queryString)) return false;
  if (!isInt(r.headersSize) || !isInt(r.bodySize) || !optString(r.comment)) return false;
  const pd = r.postData;
  if (pd === undefined) return true;
  // postData.json's `params` schema puts object keywords on an array: only "is an array" applies.
  return isObj(pd) && typeof pd.mimeType === 'string' && optString(pd.text) && optString(pd.comment) && (pd.params === undefined || Array.isArray(pd.params));
}

function responseOk(r: unknown): boolean {
  if (!isObj(r)) return false;
  if (!isInt(r.status) || typeof r.statusText !== 'string' || typeof r.httpVersion !== 'string') return false;
  if (!cookiesOk(r.cookies) || !pairsOk(r.headers) || typeof r.redirectURL !== 'string') return false;
  if (!isInt(r.headersSize) || !isInt(r.bodySize) || !optString(r.comment)) return false;
  const c = r.content;
  if (!isObj(c) || !isInt(c.size) || typeof c.mimeType !== 'string') return false;
  return (c.compression === undefined || isInt(c.compression)) && optString(c.text) && optString(c.encoding) && optString(c.comment);
}

function optNumber(v: unknown): boolean {
  return v === undefined || typeof v === 'number';
}

/** True when har-validator's `entry` schema certainly accepts `e`; false when only the validator can tell. */
export function provenValidEntry(e: unknown): boolean {
  if (!isObj(e)) return false;
  const started = e.startedDateTime;
  if (typeof started !== 'string' || !DATE_TIME.test(started) || !HAR_DATE.test(started)) return false;
  if (typeof e.time !== 'number' || !optString(e.pageref) || !optString(e.connection) || !optString(e.comment)) return false;
  const ip = e.serverIPAddress;
  if (ip !== undefined && !(typeof ip === 'string' && IPV4.test(ip))) return false; // IPv6: the validator's oneOf decides
  const cache = e.cache;
  // beforeRequest/afterRequest objects (rare) are left to the validator.
  if (!isObj(cache) || (cache.beforeRequest !== undefined && cache.beforeRequest !== null) || (cache.afterRequest !== undefined && cache.afterRequest !== null) || !optString(cache.comment)) return false;
  const t = e.timings;
  if (!isObj(t) || typeof t.send !== 'number' || typeof t.wait !== 'number' || typeof t.receive !== 'number') return false;
  if (!optNumber(t.dns) || !optNumber(t.connect) || !optNumber(t.blocked) || !optNumber(t.ssl) || !optString(t.comment)) return false;
  return requestOk(e.request) && responseOk(e.response);
}
