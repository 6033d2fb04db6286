// Folds CallFacts into per-batch aggregates (counts per endpoint, status, parameter, scheme,
// finding), so the store writes one upsert per distinct key instead of per call, plus a typed-array
// log of each call's minute, user, status class and latency that the writer folds into stats rows.
// Batches merge in input order with the same result as folding their calls one by one, which is
// what lets worker threads aggregate chunks in parallel and the writer combine them.

import type { CallFacts, PathParam } from '../model/facts.js';
import {
  STATUS_2XX,
  STATUS_3XX,
  STATUS_4XX,
  STATUS_5XX,
  STATUS_OTHER,
  emptyBatch,
  type Batch,
  type EndpointAgg,
  type ParamAgg,
  type ParamTree,
} from '../model/batch.js';
import { typeBit } from '../model/value-types.js';
import { latencyBucket } from '../analyzers/latency.js';
import { appendCallLog, logCall } from './call-log.js';
import { widenPathParams } from '../model/path-param-type.js';
import { isPrivateAddress } from '../analyzers/access-type.js';

/** Status class of a call (see CallLog.status). */
function statusClass(status: number | null): number {
  const s = status ?? 0;
  if (s >= 200 && s < 300) return STATUS_2XX;
  if (s >= 300 && s < 400) return STATUS_3XX;
  if (s >= 400 && s < 500) return STATUS_4XX;
  if (s >= 500 && s < 600) return STATUS_5XX;
  return STATUS_OTHER;
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function newEndpoint(f: CallFacts, index: number): EndpointAgg {
  return {
    index,
    host: f.host,
    method: f.method,
    template: f.template,
    pathParams: f.pathParams,
    calls: 0,
    firstSeen: f.ts,
    lastSeen: f.ts,
    oauthToken: false,
    publicCalls: 0,
    privateCalls: 0,
    cleartextCalls: 0,
    tags: new Set(),
    statuses: new Map(),
    params: new Map(),
    auth: new Map(),
    jwt: new Map(),
    sensitive: new Map(),
    requestMedia: new Map(),
    responseMedia: new Map(),
    pathValues: new Map(),
    sample: null,
  };
}

/** Counts `by` response bodies of a media type under a status. */
function addResponseMedia(e: EndpointAgg, status: number, type: string, by: number): void {
  let types = e.responseMedia.get(status);
  if (types === undefined) e.responseMedia.set(status, (types = new Map()));
  types.set(type, (types.get(type) ?? 0) + by);
}

/**
 * Counts `by` calls of a path parameter value. A batch keeps every distinct value (bounded by its
 * calls); the store keeps the first MAX_PATH_VALUES per parameter, so what is remembered does not
 * depend on where batches were cut.
 */
function addPathValue(e: EndpointAgg, param: string, value: string, by: number): void {
  let values = e.pathValues.get(param);
  if (values === undefined) e.pathValues.set(param, (values = new Map()));
  values.set(value, (values.get(value) ?? 0) + by);
}

interface Placeholder {
  segment: number;
  name: string;
  /** Literal text around the placeholder in its segment (`{productId}.json`, `{operationId}:cancel`). */
  prefix: string;
  suffix: string;
  /** A rest parameter (`{path+}`): the segments up to the template's last ones, joined. */
  rest: boolean;
  /** Template segments after this one (what a rest parameter leaves to them). */
  after: number;
}

/** Where a template's placeholders sit and what they are called. */
function placeholders(template: string, pathParams: readonly PathParam[]): Placeholder[] {
  const hash = template.indexOf('#');
  const tSegs = (hash === -1 ? template : template.slice(0, hash)).split('/');
  const out: Placeholder[] = [];
  let p = 0;
  for (let i = 0; i < tSegs.length; i++) {
    const t = tSegs[i]!;
    const open = t.indexOf('{');
    const close = open === -1 ? -1 : t.indexOf('}', open);
    if (close === -1) continue;
    const inner = t.slice(open + 1, close);
    out.push({
      segment: i,
      name: pathParams[p++]?.name ?? inner.replace(/\+$/, ''),
      prefix: t.slice(0, open),
      suffix: t.slice(close + 1),
      rest: inner.endsWith('+'),
      after: tSegs.length - 1 - i,
    });
  }
  return out;
}

/** The value a placeholder stood for in a concrete path: without its segment's literal text, a rest parameter whole. */
function holeValue(h: Placeholder, cSegs: readonly string[]): string {
  let v = h.rest ? cSegs.slice(h.segment, Math.max(h.segment + 1, cSegs.length - h.after)).join('/') : (cSegs[h.segment] ?? '');
  if (h.prefix !== '' && v.startsWith(h.prefix)) v = v.slice(h.prefix.length);
  if (h.suffix !== '' && v.endsWith(h.suffix) && v.length > h.suffix.length) v = v.slice(0, -h.suffix.length);
  return v;
}

/** Folds calls into one batch. Holds per-template caches, so keep one per stream of calls. */
export class Aggregator {
  private batch: Batch = emptyBatch();
  /** Numbers calls across batches, so a ParamAgg's lastCall never matches a later call by accident. */
  private seq = 0;
  private readonly holes = new Map<string, Placeholder[]>();
  /** Per endpoint of the batch (by index): the ParamAggs of its last call, by position (see addParams). */
  private lastParams: ParamAgg[][] = [];

  get calls(): number {
    return this.batch.calls;
  }

  /** The batch so far; a new empty one starts. */
  take(): Batch {
    const b = this.batch;
    this.batch = emptyBatch();
    this.lastParams = [];
    return b;
  }

  private placeholdersOf(f: CallFacts): Placeholder[] {
    let h = this.holes.get(f.template);
    if (h === undefined) {
      h = placeholders(f.template, f.pathParams);
      if (this.holes.size >= 10_000) this.holes.clear();
      this.holes.set(f.template, h);
    }
    return h;
  }

  /** Adds one call's facts. */
  add(f: CallFacts): void {
    const batch = this.batch;
    const key = `${f.host}\t${f.method}\t${f.template}`;
    let e = batch.endpoints.get(key);
    if (e === undefined) batch.endpoints.set(key, (e = newEndpoint(f, batch.endpoints.size)));
    const ts = f.ts;
    const call = ++this.seq;
    batch.calls++;
    if (batch.firstTs === null || ts < batch.firstTs) batch.firstTs = ts;
    if (batch.lastTs === null || ts > batch.lastTs) batch.lastTs = ts;
    e.calls++;
    if (ts < e.firstSeen) e.firstSeen = ts;
    if (ts > e.lastSeen) e.lastSeen = ts;
    if (f.auth.oauthTokenEndpoint) e.oauthToken = true;
    if (f.cleartext) e.cleartextCalls++;
    for (const t of f.tags) e.tags.add(t);
    const ip = f.clientIp ?? f.user.ip ?? null;
    if (ip) {
      if (isPrivateAddress(ip)) e.privateCalls++;
      else e.publicCalls++;
    }
    bump(e.statuses, f.status ?? -1);
    if (f.requestMediaType !== undefined) bump(e.requestMedia, f.requestMediaType);
    if (f.responseMediaType !== undefined) addResponseMedia(e, f.status ?? -1, f.responseMediaType, 1);
    let prev = this.lastParams[e.index];
    if (prev === undefined) this.lastParams[e.index] = prev = [];
    addParams(e.params, f, call, prev);

    const ok = f.status !== null && f.status >= 200 && f.status < 300;
    for (const s of f.auth.schemes) {
      const a = e.auth.get(s);
      if (a) {
        a.calls++;
        if (ok) a.ok++;
      } else e.auth.set(s, { calls: 1, ok: ok ? 1 : 0 });
    }
    if (f.auth.jwt) {
      const j = f.auth.jwt;
      const expired = j.expiry === 'expired' ? 1 : 0;
      const k = `${j.alg}\u0000${j.iss ?? ''}\u0000${expired}`;
      const a = e.jwt.get(k);
      if (a) a.calls++;
      else e.jwt.set(k, { alg: j.alg, iss: j.iss ?? '', expired, calls: 1 });
    }
    for (const s of f.sensitive) {
      const k = `${s.location}\u0000${s.param}\u0000${s.type}`;
      const a = e.sensitive.get(k);
      if (a) {
        a.calls++;
        if (ts < a.firstSeen) a.firstSeen = ts;
        if (ts > a.lastSeen) a.lastSeen = ts;
      } else e.sensitive.set(k, { location: s.location, param: s.param, type: s.type, calls: 1, firstSeen: ts, lastSeen: ts });
    }
    if (f.pathParams.length > 0) {
      if (f.pathParams !== e.pathParams) e.pathParams = widenPathParams(e.pathParams, f.pathParams);
      const holes = this.placeholdersOf(f);
      if (holes.length > 0) {
        const cSegs = f.concretePath.split('/');
        for (const h of holes) addPathValue(e, h.name, holeValue(h, cSegs), 1);
      }
    }
    if (f.sample && (!e.sample || (!e.sample.ok && ok))) e.sample = { ok, sample: f.sample };

    const userKey = f.user.key;
    let user = batch.users.get(userKey);
    if (user === undefined) {
      user = batch.userKinds.length;
      batch.users.set(userKey, user);
      batch.userKinds.push(f.user.kind);
    }
    logCall(batch.log, e.index, Math.floor(ts / 60000), user, statusClass(f.status), f.durationMs === null ? -1 : latencyBucket(f.durationMs));
  }
}

/**
 * Presence is counted once per call per (location, status, name); types are OR-ed. `prev` holds the
 * ParamAggs of the endpoint's previous call, by position: calls of one endpoint mostly send the same
 * parameters in the same order, so a name compare (most names are interned strings) replaces the
 * three map lookups; any difference falls back to them. Updated in place for the next call.
 */
function addParams(tree: ParamTree, f: CallFacts, call: number, prev: ParamAgg[]): void {
  const ts = f.ts;
  const responseStatus = f.status ?? -1;
  let lastLoc = '';
  let status = -1;
  let byName: Map<string, ParamAgg> | undefined;
  const params = f.params;
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    const loc = p.location;
    let a: ParamAgg | undefined = prev[i];
    if (a === undefined || a.name !== p.name || a.location !== loc || a.status !== (loc === 'response.header' || loc === 'response.body' ? responseStatus : -1)) {
      if (loc !== lastLoc || byName === undefined) {
        let byStatus = tree.get(loc);
        if (byStatus === undefined) tree.set(loc, (byStatus = new Map()));
        lastLoc = loc;
        status = loc === 'response.header' || loc === 'response.body' ? responseStatus : -1;
        byName = byStatus.get(status);
        if (byName === undefined) byStatus.set(status, (byName = new Map()));
      }
      a = byName.get(p.name);
      if (a === undefined) {
        a = { location: loc, status, name: p.name, types: 0, calls: 0, firstSeen: ts, lastCall: 0 };
        byName.set(p.name, a);
      }
      prev[i] = a;
    }
    a.types |= typeBit(p.type);
    if (ts < a.firstSeen) a.firstSeen = ts;
    if (a.lastCall !== call) {
      a.lastCall = call;
      a.calls++;
    }
  }
}

function mergeCounts<K>(into: Map<K, number>, from: Map<K, number>): void {
  for (const [k, n] of from) bump(into, k, n);
}

function mergeParams(into: ParamTree, from: ParamTree): void {
  for (const [loc, byStatus] of from) {
    let tStatus = into.get(loc);
    if (tStatus === undefined) into.set(loc, (tStatus = new Map()));
    for (const [status, byName] of byStatus) {
      let tName = tStatus.get(status);
      if (tName === undefined) tStatus.set(status, (tName = new Map()));
      for (const [name, a] of byName) {
        const t = tName.get(name);
        if (t === undefined) tName.set(name, a);
        else {
          t.types |= a.types;
          t.calls += a.calls;
          if (a.firstSeen < t.firstSeen) t.firstSeen = a.firstSeen;
        }
      }
    }
  }
}

function mergeEndpoint(t: EndpointAgg, e: EndpointAgg): void {
  t.pathParams = widenPathParams(t.pathParams, e.pathParams);
  t.calls += e.calls;
  if (e.firstSeen < t.firstSeen) t.firstSeen = e.firstSeen;
  if (e.lastSeen > t.lastSeen) t.lastSeen = e.lastSeen;
  t.oauthToken ||= e.oauthToken;
  t.publicCalls += e.publicCalls;
  t.privateCalls += e.privateCalls;
  t.cleartextCalls += e.cleartextCalls;
  for (const tag of e.tags) t.tags.add(tag);
  mergeCounts(t.statuses, e.statuses);
  mergeCounts(t.requestMedia, e.requestMedia);
  for (const [status, types] of e.responseMedia) for (const [type, n] of types) addResponseMedia(t, status, type, n);
  mergeParams(t.params, e.params);
  for (const [s, a] of e.auth) {
    const x = t.auth.get(s);
    if (x) {
      x.calls += a.calls;
      x.ok += a.ok;
    } else t.auth.set(s, a);
  }
  for (const [k, j] of e.jwt) {
    const x = t.jwt.get(k);
    if (x) x.calls += j.calls;
    else t.jwt.set(k, j);
  }
  for (const [k, s] of e.sensitive) {
    const x = t.sensitive.get(k);
    if (x) {
      x.calls += s.calls;
      if (s.firstSeen < x.firstSeen) x.firstSeen = s.firstSeen;
      if (s.lastSeen > x.lastSeen) x.lastSeen = s.lastSeen;
    } else t.sensitive.set(k, s);
  }
  for (const [param, values] of e.pathValues) for (const [value, n] of values) addPathValue(t, param, value, n);
  if (e.sample && (!t.sample || (!t.sample.ok && e.sample.ok))) t.sample = e.sample;
}

/**
 * Folds `from` (the calls that came after `into`'s) into `into`. The result equals folding both
 * batches' calls one by one in that order: counts add, first/last times combine, first appearances
 * keep their order, and the first 2xx sample wins over an earlier non-2xx one. `from` is consumed
 * (its objects may be adopted), and `into` must not be given to an Aggregator afterwards.
 */
export function mergeBatch(into: Batch, from: Batch): void {
  const endpoints = new Int32Array(from.endpoints.size);
  for (const [k, e] of from.endpoints) {
    const t = into.endpoints.get(k);
    if (t === undefined) {
      const at = into.endpoints.size;
      endpoints[e.index] = at;
      e.index = at;
      into.endpoints.set(k, e);
    } else {
      endpoints[e.index] = t.index;
      mergeEndpoint(t, e);
    }
  }
  const users = new Int32Array(from.userKinds.length);
  for (const [key, u] of from.users) {
    let v = into.users.get(key);
    if (v === undefined) {
      v = into.userKinds.length;
      into.users.set(key, v);
      into.userKinds.push(from.userKinds[u]!);
    }
    users[u] = v;
  }
  appendCallLog(into.log, from.log, endpoints, users);
  into.calls += from.calls;
  if (from.firstTs !== null && (into.firstTs === null || from.firstTs < into.firstTs)) into.firstTs = from.firstTs;
  if (from.lastTs !== null && (into.lastTs === null || from.lastTs > into.lastTs)) into.lastTs = from.lastTs;
}
