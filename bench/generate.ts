// Streams seeded, realistic API calls (with per-call ground truth) out of the world in traffic-model.ts,
// and tallies that truth so tests and the benchmark can compare an analysis with exact expected counts.

import {
  BROWSER_NOISE, ENDPOINTS, ERROR_RATES, HOSTS, LEAK_SHARE, PATH_PARAMS, Rng, STATIC_ASSETS, fakeValues,
  type BodyOut, type CallCtx, type EndpointSpec, type OrgPool, type Segment, type UserProfile,
} from './traffic-model.js';

export interface GenOptions {
  seed: number;
  entries: number;
  /** Start of the traffic window, epoch ms (default Monday 2024-03-04T00:00:00Z). */
  startMs?: number;
  /** Length of the traffic window in days (default 7). */
  days?: number;
}

export interface TruthEndpoint {
  host: string;
  method: string;
  template: string;
}

export interface GenTruth {
  /** null for static assets and CORS preflights, which the analyzer must filter out. */
  endpoint: TruthEndpoint | null;
  /** Identity the analyzer should attribute the call to: JWT sub, 'basic:NAME', 'apikey:ID', 'token:ID', 'session:ID' or 'ip:ADDR'. */
  user: string;
  /** Auth schemes present on the call, AuthScheme names; ['none'] without credentials. */
  auth: string[];
  /** Planted sensitive values: ParamLocation, JSON path or parameter name, data type id. */
  sensitive: { location: string; param: string; type: string }[];
}

export interface GenCall {
  ts: number;
  method: string;
  scheme: string;
  /** Host with ':port' when not the scheme default. */
  host: string;
  /** Concrete path including the query string. */
  path: string;
  requestHeaders: [string, string][];
  requestBody: BodyOut | null;
  status: number;
  responseHeaders: [string, string][];
  responseBody: BodyOut | null;
  durationMs: number;
  clientIp: string;
  truth: GenTruth;
}

export const DEFAULT_START_MS = Date.UTC(2024, 2, 4);
const MINUTE = 60_000;
/** Automated clients take fixed shares of all calls; casual users share the rest Zipf-style. */
const AUTOMATED: readonly { segment: Segment; login: string; share: number }[] = [
  { segment: 'partner', login: 'acme-sync', share: 0.12 },
  { segment: 'ops', login: 'metrics-exporter', share: 0.06 },
  { segment: 'partner', login: 'globex-erp', share: 0.05 },
  { segment: 'scraper', login: 'price-watch', share: 0.02 },
  { segment: 'ops', login: 'deploy-bot', share: 0.02 },
];
const CASUAL_USERS = 1500;
const CASUAL_ZIPF = 0.7;
const CASUAL_MIX: readonly [Segment, number][] = [['web', 0.55], ['mobile', 0.2], ['staff', 0.07], ['anon', 0.18]];
const BROWSER_UAS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
];
const AGENT_UA: Partial<Record<Segment, string>> = {
  mobile: 'ShopApp/5.12.0 (iPhone; iOS 17.3.1; Scale/3.00)', partner: 'acme-sync/2.3.1 (+https://partner.example/bot)',
  scraper: 'python-requests/2.31.0', ops: 'curl/8.4.0',
};
const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 401: 'Unauthorized', 404: 'Not Found', 500: 'Internal Server Error' };

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? '';
}

export function endpointKey(e: TruthEndpoint): string {
  return `${e.host} ${e.method} ${e.template}`;
}

interface Picker<T> {
  items: T[];
  cum: Float64Array;
}

function picker<T>(items: T[], weights: number[]): Picker<T> {
  const cum = new Float64Array(weights.length);
  let acc = 0;
  weights.forEach((w, i) => (cum[i] = acc += w));
  return { items, cum };
}

function draw<T>(p: Picker<T>, r: number): T {
  const x = r * p.cum[p.cum.length - 1]!;
  let lo = 0;
  let hi = p.cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (p.cum[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return p.items[lo]!;
}

interface World {
  users: Picker<UserProfile>;
  scraper: UserProfile;
  orgs: OrgPool[];
  bySegment: Map<Segment, Picker<EndpointSpec>>;
  webShop: EndpointSpec[];
  /** Cumulative traffic intensity per minute of the window (daily cycle, quieter weekend, one spike). */
  cdf: Float64Array;
  spike: [number, number];
  startMs: number;
}

function intensity(minute: number, spikeStart: number): number {
  const hour = (minute % 1440) / 60;
  const day = Math.floor(minute / 1440) % 7;
  const daily = 0.15 + Math.pow(0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 3)) / 24), 1.5);
  const weekend = day >= 5 ? 0.7 : 1;
  const spike = minute >= spikeStart && minute < spikeStart + 45 ? 8 : 0;
  return daily * weekend + spike;
}

function buildWorld(rng: Rng, startMs: number, days: number): World {
  const ips = new Set<string>();
  const uniqueIp = (make: () => string): string => {
    let ip = make();
    while (ips.has(ip)) ip = make();
    ips.add(ip);
    return ip;
  };
  const publicIp = () => `${rng.pick([37, 81, 84, 91, 176, 188, 212])}.${rng.int(256)}.${rng.int(256)}.${1 + rng.int(254)}`;
  const makeUser = (segment: Segment, num: number, login?: string): UserProfile => {
    const first = fakeValues.firstName(rng).toLowerCase();
    const ipMake = segment === 'staff' || segment === 'ops' ? () => `10.1.${rng.int(256)}.${1 + rng.int(254)}` : segment === 'partner' ? () => `198.51.100.${1 + rng.int(254)}` : publicIp;
    return {
      segment, num, name: fakeValues.fullName(rng), email: `${first}.${num}@${rng.pick(['mail.example', 'example.org'])}`, phone: fakeValues.phone(rng),
      ip: uniqueIp(ipMake), secret: rng.hex(32), login: login ?? `${first}${num}`, deviceId: fakeValues.uuid(rng),
    };
  };
  const users: UserProfile[] = [];
  const weights: number[] = [];
  let num = 10000;
  for (const a of AUTOMATED) {
    users.push(makeUser(a.segment, num++, a.login));
    weights.push(a.share);
  }
  const casualTotal = 1 - AUTOMATED.reduce((s, a) => s + a.share, 0);
  let harmonic = 0;
  for (let i = 1; i <= CASUAL_USERS; i++) harmonic += 1 / Math.pow(i, CASUAL_ZIPF);
  const mix = picker(CASUAL_MIX.map(([s]) => s), CASUAL_MIX.map(([, w]) => w));
  for (let i = 1; i <= CASUAL_USERS; i++) {
    users.push(makeUser(draw(mix, rng.next()), num + i * 7 + rng.int(7)));
    weights.push((casualTotal * (1 / Math.pow(i, CASUAL_ZIPF))) / harmonic);
  }
  const orgs: OrgPool[] = Array.from({ length: 30 }, () => ({
    org: fakeValues.objectId(rng), projects: Array.from({ length: 2 + rng.int(6) }, () => fakeValues.objectId(rng)),
  }));
  const bySegment = new Map<Segment, Picker<EndpointSpec>>();
  for (const seg of ['web', 'mobile', 'partner', 'staff', 'ops', 'anon', 'scraper'] as const) {
    const specs = ENDPOINTS.filter((e) => (e.who[seg] ?? 0) > 0);
    bySegment.set(seg, picker(specs, specs.map((e) => e.who[seg]!)));
  }
  const minutes = Math.max(1, Math.round(days * 1440));
  const spikeDay = Math.min(3, Math.floor((minutes - 1) / 1440));
  const spikeStart = spikeDay * 1440 + 14 * 60;
  const cdf = new Float64Array(minutes + 1);
  for (let m = 0; m < minutes; m++) cdf[m + 1] = cdf[m]! + intensity(m, spikeStart);
  return {
    users: picker(users, weights), scraper: users[3]!, orgs, bySegment, cdf, startMs,
    webShop: ENDPOINTS.filter((e) => e.hostId === 'shop' && (e.who.web ?? 0) > 0),
    spike: [startMs + spikeStart * MINUTE, startMs + (spikeStart + 45) * MINUTE],
  };
}

/** Maps quantile u in [0,1) to a timestamp through the intensity CDF. */
function timeAt(w: World, u: number): number {
  const cdf = w.cdf;
  const target = u * cdf[cdf.length - 1]!;
  let lo = 0;
  let hi = cdf.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cdf[mid]! <= target) lo = mid;
    else hi = mid - 1;
  }
  const span = cdf[lo + 1]! - cdf[lo]!;
  const frac = span > 0 ? (target - cdf[lo]!) / span : 0;
  return w.startMs + Math.floor((lo + Math.min(frac, 0.999999)) * MINUTE);
}

const PLACEHOLDER = /\{(\w+)\}/g;

function concretePath(tpl: string, c: CallCtx): string {
  const wire = tpl.split('#')[0]!;
  return wire.replace(PLACEHOLDER, (_m, name: string) => {
    const gen = PATH_PARAMS[name];
    if (!gen) throw new Error(`traffic-model: no value generator for path parameter {${name}}`);
    const val = gen(c);
    c.ids[name] = val;
    return val;
  });
}

interface Credential {
  scheme: string;
  headers: [string, string][];
  label: string;
}

function credential(u: UserProfile, spec: EndpointSpec | null, ts: number, expired: boolean, drop: boolean): Credential {
  const anon: Credential = { scheme: 'none', headers: [], label: `ip:${u.ip}` };
  if (drop || !spec) return anon;
  if (spec.clientCredentials || u.segment === 'ops') {
    const basic = Buffer.from(`${u.login}:${u.secret}`).toString('base64');
    return { scheme: 'basic', headers: [['Authorization', `Basic ${basic}`]], label: `basic:${u.login}` };
  }
  switch (u.segment) {
    case 'web':
      return { scheme: 'bearer-jwt', headers: [['Authorization', `Bearer ${fakeValues.jwt(`usr_${u.num}`, ts, 3600, expired)}`]], label: `usr_${u.num}` };
    case 'mobile':
    case 'scraper':
      return { scheme: 'bearer', headers: [['Authorization', `Bearer ${u.secret}${u.deviceId.slice(0, 8)}`]], label: `token:${u.login}` };
    case 'partner':
      return { scheme: 'api-key', headers: [['X-API-Key', `ak_live_${u.secret}`]], label: `apikey:${u.login}` };
    case 'staff':
      return { scheme: 'session-cookie', headers: [['Cookie', `JSESSIONID=${u.secret.toUpperCase()}; theme=dark; _ga=GA1.2.${u.num}.1709251200`]], label: `session:${u.login}` };
    default:
      return anon;
  }
}

function clientHeaders(u: UserProfile, host: string, referer: string): [string, string][] {
  if (u.segment === 'web' || u.segment === 'anon' || u.segment === 'staff') {
    const ua = BROWSER_UAS[u.num % BROWSER_UAS.length]!;
    return [
      ['Host', host], ['Connection', 'keep-alive'], ['sec-ch-ua', '"Chromium";v="122", "Not(A:Brand";v="24", "Google Chrome";v="122"'],
      ['Accept', 'application/json, text/plain, */*'], ['sec-ch-ua-mobile', '?0'], ['User-Agent', ua], ['sec-ch-ua-platform', '"macOS"'],
      ['Origin', 'https://shop.example'], ['Sec-Fetch-Site', 'same-site'], ['Sec-Fetch-Mode', 'cors'], ['Sec-Fetch-Dest', 'empty'],
      ['Referer', referer], ['Accept-Encoding', 'gzip, deflate, br'], ['Accept-Language', 'en-GB,en-US;q=0.9,en;q=0.8'],
    ];
  }
  const h: [string, string][] = [['Host', host], ['User-Agent', AGENT_UA[u.segment] ?? 'curl/8.4.0'], ['Accept', 'application/json'], ['Accept-Encoding', 'gzip']];
  if (u.segment === 'mobile') h.push(['X-App-Version', '5.12.0'], ['X-Device-Id', u.deviceId], ['Accept-Language', 'de-DE']);
  return h;
}

function serverHeaders(ts: number, rng: Rng, body: BodyOut | null, cache: string): [string, string][] {
  const h: [string, string][] = [['Date', new Date(ts).toUTCString()]];
  if (body) h.push(['Content-Type', body.mimeType], ['Content-Length', String(Buffer.byteLength(body.text))]);
  else h.push(['Content-Length', '0']);
  h.push(['Connection', 'keep-alive'], ['Server', 'envoy'], ['X-Request-Id', fakeValues.uuid(rng)], ['Cache-Control', cache],
    ['Vary', 'Origin, Accept-Encoding'], ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
    ['X-Content-Type-Options', 'nosniff'], ['X-Frame-Options', 'DENY'], ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"], ['X-Envoy-Upstream-Service-Time', String(2 + rng.int(120))]);
  return h;
}

function duration(rng: Rng, status: number): number {
  const base = status >= 500 ? 900 : 45;
  return Math.round((4 + base * -Math.log(1 - rng.next() * 0.999)) * 1000) / 1000;
}

function staticCall(rng: Rng, u: UserProfile, ts: number): GenCall {
  const a = rng.pick(STATIC_ASSETS);
  const body = a.text ? { mimeType: a.mimeType, text: a.text } : null;
  const res: [string, string][] = [['Date', new Date(ts).toUTCString()], ['Content-Type', a.mimeType], ['Content-Length', String(body ? Buffer.byteLength(body.text) : a.bytes)],
    ['Cache-Control', 'public, max-age=31536000, immutable'], ['ETag', `"${rng.hex(16)}"`], ['Age', String(rng.int(80000))], ['Server', 'cloudfront']];
  return {
    ts, method: 'GET', scheme: 'https', host: HOSTS.cdn.host, path: a.path, clientIp: u.ip, durationMs: duration(rng, 200),
    requestHeaders: [...clientHeaders(u, HOSTS.cdn.host, 'https://shop.example/').filter(([n]) => n !== 'Origin'), ['X-Forwarded-For', u.ip]],
    requestBody: null, status: 200, responseHeaders: res, responseBody: body,
    truth: { endpoint: null, user: `ip:${u.ip}`, auth: ['none'], sensitive: [] },
  };
}

function preflightCall(w: World, rng: Rng, u: UserProfile, ts: number): GenCall {
  const target = rng.pick(w.webShop);
  const c: CallCtx = { rng, ts, user: u, ids: {}, orgs: w.orgs };
  const path = concretePath(target.template, c) + (target.query ? target.query(c) : '');
  const reqH: [string, string][] = [['Host', HOSTS.shop.host], ['Accept', '*/*'], ['Access-Control-Request-Method', target.method],
    ['Access-Control-Request-Headers', 'authorization,content-type'], ['Origin', 'https://shop.example'], ['User-Agent', BROWSER_UAS[u.num % BROWSER_UAS.length]!],
    ['Sec-Fetch-Mode', 'cors'], ['Referer', 'https://shop.example/'], ['X-Forwarded-For', u.ip]];
  const resH: [string, string][] = [['Date', new Date(ts).toUTCString()], ['Access-Control-Allow-Origin', 'https://shop.example'],
    ['Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS'], ['Access-Control-Allow-Headers', 'authorization, content-type, x-api-key'],
    ['Access-Control-Max-Age', '600'], ['Vary', 'Origin'], ['Content-Length', '0']];
  return {
    ts, method: 'OPTIONS', scheme: 'https', host: HOSTS.shop.host, path, clientIp: u.ip, durationMs: duration(rng, 204),
    requestHeaders: reqH, requestBody: null, status: 204, responseHeaders: resH, responseBody: null,
    truth: { endpoint: null, user: `ip:${u.ip}`, auth: ['none'], sensitive: [] },
  };
}

function pickStatus(rng: Rng, spec: EndpointSpec, cred: Credential, anonymousCaller: boolean, hasParams: boolean): { status: number; expired: boolean } {
  if (spec.alwaysStatus) return { status: spec.alwaysStatus, expired: false };
  if (anonymousCaller && spec.auth !== 'public') return { status: 401, expired: false };
  const r = rng.next();
  if (cred.scheme !== 'none' && spec.auth !== 'public' && r < ERROR_RATES.unauthorized) return { status: 401, expired: cred.scheme === 'bearer-jwt' };
  if (hasParams && r < ERROR_RATES.unauthorized + ERROR_RATES.notFound) return { status: 404, expired: false };
  if (r > 1 - ERROR_RATES.serverError) return { status: 500, expired: false };
  return { status: spec.okStatus ?? 200, expired: false };
}

function apiCall(w: World, rng: Rng, u: UserProfile, ts: number): GenCall {
  const spec = draw(w.bySegment.get(u.segment)!, rng.next());
  const hs = HOSTS[spec.hostId];
  const c: CallCtx = { rng, ts, user: u, ids: {}, orgs: w.orgs };
  const path = concretePath(spec.template, c);
  const query = spec.query ? spec.query(c) : '';
  const drop = spec.auth === 'leaky' && rng.chance(LEAK_SHARE);
  const anonymousCaller = u.segment === 'anon';
  const hasParams = path !== spec.template.split('#')[0];
  const probe = credential(u, spec, ts, false, drop || anonymousCaller);
  const { status, expired } = pickStatus(rng, spec, probe, anonymousCaller, hasParams);
  const cred = expired ? credential(u, spec, ts, true, false) : probe;
  const reqBody = spec.req ? spec.req(c) : null;
  const ok = status < 300;
  const resBody = ok
    ? spec.res ? spec.res(c) : null
    : { mimeType: 'application/json', text: JSON.stringify({ error: { code: statusText(status).toLowerCase().replace(/ /g, '_'), message: `${statusText(status)}: ${path}`, requestId: fakeValues.uuid(rng) } }) };
  const reqH = clientHeaders(u, hs.host, `https://shop.example/${spec.hostId === 'shop' ? 'products' : 'account'}`);
  for (const h of cred.headers) reqH.push(h);
  if (reqBody) reqH.push(['Content-Type', reqBody.mimeType], ['Content-Length', String(Buffer.byteLength(reqBody.text))]);
  reqH.push(['X-Forwarded-For', u.ip]);
  const resH = serverHeaders(ts, rng, resBody, spec.auth === 'public' && spec.method === 'GET' ? 'public, max-age=300' : 'no-store');
  if (spec.hostId === 'shop') resH.push(['Access-Control-Allow-Origin', 'https://shop.example']);
  if (u.segment === 'partner') resH.push(['X-RateLimit-Limit', '6000'], ['X-RateLimit-Remaining', String(rng.int(6000))]);
  if (status === 401) resH.push(['WWW-Authenticate', 'Bearer realm="shop", error="invalid_token"']);
  if (ok && spec.template === '/login') resH.push(['Set-Cookie', `sid=${rng.hex(32)}; Path=/; Domain=example.com; HttpOnly; Secure; SameSite=Lax`]);
  const sensitive = (spec.planted ?? []).filter((p) => p.location !== 'response.body' || (ok && resBody !== null)).map((p) => ({ ...p }));
  return {
    ts, method: spec.method, scheme: 'https', host: hs.host, path: path + query, requestHeaders: reqH, requestBody: reqBody,
    status, responseHeaders: resH, responseBody: resBody, durationMs: duration(rng, status), clientIp: u.ip,
    truth: { endpoint: { host: hs.host, method: spec.method, template: spec.template }, user: cred.label, auth: [cred.scheme], sensitive },
  };
}

/** Streams `entries` calls over the window; memory stays constant whatever the count. */
export function* generateCalls(opts: GenOptions): Generator<GenCall> {
  const rng = new Rng(opts.seed);
  const w = buildWorld(rng, opts.startMs ?? DEFAULT_START_MS, opts.days ?? 7);
  const n = opts.entries;
  for (let i = 0; i < n; i++) {
    let ts = timeAt(w, (i + rng.next()) / n);
    // A capture is only roughly ordered: concurrent requests finish (and get logged) out of order.
    if (rng.chance(0.1)) ts = Math.max(w.startMs, ts - rng.int(4000));
    const inSpike = ts >= w.spike[0] && ts < w.spike[1];
    const u = inSpike && rng.chance(0.7) ? w.scraper : draw(w.users, rng.next());
    const browser = u.segment === 'web' || u.segment === 'anon';
    const noise = browser ? rng.next() : 1;
    if (noise < BROWSER_NOISE.staticShare) yield staticCall(rng, u, ts);
    else if (noise < BROWSER_NOISE.staticShare + BROWSER_NOISE.preflightShare) yield preflightCall(w, rng, u, ts);
    else yield apiCall(w, rng, u, ts);
  }
}

/** Exact expected aggregates, folded call by call (per endpoint, per minute, per user, auth, status, sensitive). */
export class TruthTally {
  calls = 0;
  filtered = 0;
  readonly endpoints = new Map<string, number>();
  readonly perMinute = new Map<string, Map<number, number>>();
  readonly perUser = new Map<string, Map<string, number>>();
  readonly auth = new Map<string, Map<string, number>>();
  readonly statuses = new Map<string, Map<number, number>>();
  /** `endpointKey location param type` -> calls carrying it. */
  readonly sensitive = new Map<string, number>();

  add(call: GenCall): void {
    this.calls++;
    const e = call.truth.endpoint;
    if (!e) {
      this.filtered++;
      return;
    }
    const key = endpointKey(e);
    this.endpoints.set(key, (this.endpoints.get(key) ?? 0) + 1);
    bump(this.perMinute, key, Math.floor(call.ts / MINUTE));
    bump(this.perUser, key, call.truth.user);
    for (const a of call.truth.auth) bump(this.auth, key, a);
    bump(this.statuses, key, call.status);
    for (const s of call.truth.sensitive) {
      const sk = `${key} ${s.location} ${s.param} ${s.type}`;
      this.sensitive.set(sk, (this.sensitive.get(sk) ?? 0) + 1);
    }
  }
}

function bump<K>(m: Map<string, Map<K, number>>, key: string, sub: K): void {
  let inner = m.get(key);
  if (!inner) m.set(key, (inner = new Map()));
  inner.set(sub, (inner.get(sub) ?? 0) + 1);
}

/** Passes calls through unchanged while folding their truth into `tally` (one pass: write a file and know its truth). */
export function* tallied(calls: Iterable<GenCall>, tally: TruthTally): Generator<GenCall> {
  for (const c of calls) {
    tally.add(c);
    yield c;
  }
}

/** The ground truth of `generateCalls(opts)`, computed by regenerating the same stream. */
export function groundTruth(opts: GenOptions): TruthTally {
  const t = new TruthTally();
  for (const c of generateCalls(opts)) t.add(c);
  return t;
}
