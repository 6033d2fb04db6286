// Folds CallFacts into per-batch aggregates (counts per endpoint, status, parameter, scheme,
// finding, minute, user), so the store writes one upsert per distinct key instead of per call.

import type { CallFacts } from '../model/facts.js';
import { MAX_PATH_VALUES, type Batch, type EndpointAgg, type MinuteAgg } from '../model/batch.js';
import { typeBit } from '../model/value-types.js';
import { latencyBucket } from '../analyzers/latency.js';
import { isPrivateAddress } from '../analyzers/access-type.js';

function bumpMinute(map: Map<number, MinuteAgg>, minute: number, status: number | null): void {
  let m = map.get(minute);
  if (!m) {
    m = { calls: 0, s2xx: 0, s3xx: 0, s4xx: 0, s5xx: 0, sOther: 0 };
    map.set(minute, m);
  }
  m.calls++;
  const s = status ?? 0;
  if (s >= 200 && s < 300) m.s2xx++;
  else if (s >= 300 && s < 400) m.s3xx++;
  else if (s >= 400 && s < 500) m.s4xx++;
  else if (s >= 500 && s < 600) m.s5xx++;
  else m.sOther++;
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function endpointFor(batch: Batch, f: CallFacts): EndpointAgg {
  const key = `${f.host}\t${f.method}\t${f.template}`;
  let e = batch.endpoints.get(key);
  if (!e) {
    e = {
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
      tags: new Set(),
      statuses: new Map(),
      params: new Map(),
      auth: new Map(),
      jwt: new Map(),
      sensitive: new Map(),
      pathValues: new Map(),
      minutes: new Map(),
      userMinutes: new Map(),
      latency: new Map(),
      sample: null,
    };
    batch.endpoints.set(key, e);
  }
  return e;
}

/** Adds one call's facts to the batch. */
export function addFacts(batch: Batch, f: CallFacts): void {
  const e = endpointFor(batch, f);
  const ts = f.ts;
  batch.calls++;
  if (batch.firstTs === null || ts < batch.firstTs) batch.firstTs = ts;
  if (batch.lastTs === null || ts > batch.lastTs) batch.lastTs = ts;
  e.calls++;
  if (ts < e.firstSeen) e.firstSeen = ts;
  if (ts > e.lastSeen) e.lastSeen = ts;
  if (f.auth.oauthTokenEndpoint) e.oauthToken = true;
  for (const t of f.tags) e.tags.add(t);
  const ip = f.clientIp ?? (f.user.kind === 'ip' ? f.user.key.slice(3) : null);
  if (ip) {
    if (isPrivateAddress(ip)) e.privateCalls++;
    else e.publicCalls++;
  }
  const status = f.status ?? -1;
  bump(e.statuses, status);

  // Presence is counted once per call per (location, status, name); types are OR-ed.
  const counted = new Set<string>();
  for (const p of f.params) {
    const pStatus = p.status ?? -1;
    const k = `${p.location}\u0000${pStatus}\u0000${p.name}`;
    let a = e.params.get(k);
    if (!a) {
      a = { location: p.location, status: pStatus, name: p.name, types: 0, calls: 0, firstSeen: ts };
      e.params.set(k, a);
    }
    a.types |= typeBit(p.type);
    if (ts < a.firstSeen) a.firstSeen = ts;
    if (!counted.has(k)) {
      counted.add(k);
      a.calls++;
    }
  }

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
  if (f.pathParams.length > 0 && e.pathValues.size < MAX_PATH_VALUES * f.pathParams.length) {
    const tSegs = f.template.split('#')[0]!.split('/');
    const cSegs = f.concretePath.split('/');
    let p = 0;
    for (let i = 0; i < tSegs.length; i++) {
      if (!tSegs[i]!.startsWith('{')) continue;
      const param = f.pathParams[p++]?.name ?? tSegs[i]!.slice(1, -1);
      const value = cSegs[i] ?? '';
      const k = `${param}\u0000${value}`;
      const a = e.pathValues.get(k);
      if (a) a.calls++;
      else e.pathValues.set(k, { param, value, calls: 1 });
    }
  }
  if (f.sample && (!e.sample || (!e.sample.ok && ok))) e.sample = { ok, sample: f.sample };

  const minute = Math.floor(ts / 60000);
  bumpMinute(e.minutes, minute, f.status);
  bumpMinute(batch.allMinutes, minute, f.status);
  batch.users.set(f.user.key, f.user.kind);
  bump(e.userMinutes, `${minute}\t${f.user.key}`);
  bump(batch.allUserMinutes, `${minute}\t${f.user.key}`);
  if (f.durationMs !== null) {
    const lk = minute * 256 + latencyBucket(f.durationMs);
    bump(e.latency, lk);
    bump(batch.allLatency, lk);
  }
}
