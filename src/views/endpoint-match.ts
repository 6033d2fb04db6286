// Pairs endpoints of two inventories (host + method + template, placeholder names ignored), so a
// concrete path on one side meets the template that covers it on the other instead of being reported
// as one endpoint removed and another added.

import type { InventoryEndpoint, InventoryParam } from '../model/inventory.js';

/** Two sides of one logical endpoint; a side is null when only the other inventory has it. */
export interface EndpointPair {
  host: string;
  method: string;
  /** Display path: the (most general) head template when head has one, else the base one. */
  path: string;
  /** All base endpoints of the pair merged into one (several concrete paths may meet one template). */
  base: InventoryEndpoint | null;
  head: InventoryEndpoint | null;
}

/** Splits '/graphql#GetUser' into ['/graphql', 'GetUser']; the fragment names a GraphQL operation. */
function splitFragment(path: string): [string, string] {
  const hash = path.indexOf('#');
  return hash < 0 ? [path, ''] : [path.slice(0, hash), path.slice(hash + 1)];
}

function isPlaceholder(segment: string): boolean {
  return (
    segment.length >= 2 &&
    segment.charCodeAt(0) === 123 /* { */ &&
    segment.charCodeAt(segment.length - 1) === 125 /* } */ &&
    segment.indexOf('{', 1) < 0
  );
}

const PLACEHOLDER_RE = /\{[^}]*\}/g;

/** The template with every placeholder name dropped: '/users/{userId}' -> '/users/{}'. */
export function normalizeTemplate(path: string): string {
  return path.indexOf('{') < 0 ? path : path.replace(PLACEHOLDER_RE, '{}');
}

/** Number of placeholders: fewer means more specific. */
export function placeholderCount(path: string): number {
  let n = 0;
  for (let i = path.indexOf('{'); i >= 0; i = path.indexOf('{', i + 1)) n++;
  return n;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A segment mixing literal text and placeholders ('{name}.json') as an anchored regex. */
function mixedSegmentRegex(segment: string): RegExp {
  const parts = segment.split(PLACEHOLDER_RE).map(escapeRegex);
  return new RegExp(`^${parts.join('[^/]+?')}$`);
}

function segmentMatches(t: string, p: string): boolean {
  if (t === p) return true;
  if (isPlaceholder(t)) return p !== '';
  if (t.indexOf('{') < 0) return false;
  if (p.indexOf('{') >= 0) return normalizeTemplate(t) === normalizeTemplate(p);
  return mixedSegmentRegex(t).test(p);
}

/**
 * True when `template` covers `path`. `path` may be concrete ('/users/42') or itself a template; a
 * placeholder in `path` is only covered by a placeholder in `template`, whatever the names.
 */
export function templateMatches(template: string, path: string): boolean {
  const [tBase, tFrag] = splitFragment(template);
  const [pBase, pFrag] = splitFragment(path);
  if (tFrag !== pFrag) return false;
  if (tBase === pBase) return true;
  const ts = tBase.split('/');
  const ps = pBase.split('/');
  if (ts.length !== ps.length) return false;
  for (let i = 0; i < ts.length; i++) {
    if (!segmentMatches(ts[i] as string, ps[i] as string)) return false;
  }
  return true;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort(cmp);
}

function minIso(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

function maxIso(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

const ACCESS_RANK: Record<string, number> = { public: 3, private: 2, unknown: 1 };

function paramKey(p: InventoryParam): string {
  return `${p.location}\n${p.status ?? ''}\n${p.name}`;
}

/**
 * Params of several endpoints as one list. A param stays required only when every endpoint that could
 * carry it (all of them; for response params, those that answered with that status) had it required.
 */
function mergeParams(eps: readonly InventoryEndpoint[]): InventoryParam[] {
  const byKey = new Map<string, { param: InventoryParam; seenIn: number }>();
  for (const ep of eps) {
    for (const p of ep.params) {
      const key = paramKey(p);
      const prev = byKey.get(key);
      if (!prev) {
        byKey.set(key, { param: { ...p, types: [...p.types], sensitiveTypes: [...p.sensitiveTypes] }, seenIn: 1 });
        continue;
      }
      const merged: InventoryParam = {
        ...prev.param,
        types: union(prev.param.types, p.types) as InventoryParam['types'],
        required: prev.param.required && p.required,
        sensitiveTypes: union(prev.param.sensitiveTypes, p.sensitiveTypes),
      };
      if (merged.example === undefined && p.example !== undefined) merged.example = p.example;
      byKey.set(key, { param: merged, seenIn: prev.seenIn + 1 });
    }
  }
  return [...byKey.values()].map(({ param, seenIn }) => {
    const status = param.status;
    const carriers = status === undefined ? eps.length : eps.filter((e) => status in e.statusCodes).length;
    return seenIn < carriers && param.required ? { ...param, required: false } : param;
  });
}

function addCounts(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}

/** Media type counts of several endpoints summed (whoever prints them sorts them); absent when none of them recorded any (an older export). */
function mergeMediaTypes(eps: readonly InventoryEndpoint[]): Pick<InventoryEndpoint, 'requestMediaTypes' | 'responseMediaTypes'> {
  const out: Pick<InventoryEndpoint, 'requestMediaTypes' | 'responseMediaTypes'> = {};
  for (const ep of eps) {
    if (ep.requestMediaTypes !== undefined) addCounts((out.requestMediaTypes ??= {}), ep.requestMediaTypes);
    if (ep.responseMediaTypes !== undefined) {
      const byStatus = (out.responseMediaTypes ??= {});
      for (const [code, types] of Object.entries(ep.responseMediaTypes)) addCounts((byStatus[code] ??= {}), types);
    }
  }
  return out;
}

/** The most general template first (most placeholders), ties broken by path for determinism. */
function byGenerality(a: InventoryEndpoint, b: InventoryEndpoint): number {
  return placeholderCount(b.path) - placeholderCount(a.path) || cmp(a.path, b.path);
}

/** Folds endpoints of one logical endpoint (e.g. concrete paths a template covers) into one. */
export function mergeEndpoints(eps: readonly InventoryEndpoint[]): InventoryEndpoint {
  if (eps.length === 0) throw new Error('mergeEndpoints: nothing to merge');
  const sorted = [...eps].sort(byGenerality);
  const first = sorted[0] as InventoryEndpoint;
  if (sorted.length === 1) return first;
  const statusCodes: Record<string, number> = {};
  const authCalls = new Map<string, number>();
  let out: InventoryEndpoint = { ...first, statusCodes, auth: [] };
  for (const ep of sorted) {
    for (const [code, n] of Object.entries(ep.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
    for (const a of ep.auth) authCalls.set(a.scheme, (authCalls.get(a.scheme) ?? 0) + a.calls);
    if (ep === first) continue;
    out = {
      ...out,
      calls: out.calls + ep.calls,
      ...(out.cleartextCalls !== undefined || ep.cleartextCalls !== undefined ? { cleartextCalls: (out.cleartextCalls ?? 0) + (ep.cleartextCalls ?? 0) } : {}),
      firstSeen: minIso(out.firstSeen, ep.firstSeen),
      lastSeen: maxIso(out.lastSeen, ep.lastSeen),
      authTypes: union(out.authTypes, ep.authTypes),
      unauthenticatedSuccess: out.unauthenticatedSuccess || ep.unauthenticatedSuccess,
      oauthTokenEndpoint: out.oauthTokenEndpoint || ep.oauthTokenEndpoint,
      sensitiveTypes: union(out.sensitiveTypes, ep.sensitiveTypes),
      accessType: (ACCESS_RANK[ep.accessType] ?? 0) > (ACCESS_RANK[out.accessType] ?? 0) ? ep.accessType : out.accessType,
      riskScore: Math.max(out.riskScore, ep.riskScore),
      tags: union(out.tags, ep.tags),
    };
  }
  out.auth = [...authCalls].sort((a, b) => cmp(a[0], b[0])).map(([scheme, calls]) => ({ scheme, calls }));
  out.params = mergeParams(sorted);
  // None of them has these fields (older exports) only when `first`, copied above, has none either.
  const media = mergeMediaTypes(sorted);
  if (media.requestMediaTypes !== undefined) out.requestMediaTypes = media.requestMediaTypes;
  if (media.responseMediaTypes !== undefined) out.responseMediaTypes = media.responseMediaTypes;
  return out;
}

interface Group {
  key: string;
  host: string;
  method: string;
  template: string;
  bucket: string;
  base: InventoryEndpoint[];
  head: InventoryEndpoint[];
  /** Which inventories had this template themselves, before any folding. */
  own: { base: boolean; head: boolean };
}

function bucketOf(host: string, method: string, template: string): string {
  const [base, frag] = splitFragment(template);
  let segments = 1;
  for (let i = base.indexOf('/'); i >= 0; i = base.indexOf('/', i + 1)) segments++;
  return `${host}\n${method}\n${segments}\n${frag}`;
}

function better(c: Group, best: Group | null): boolean {
  if (!best) return true;
  const pc = placeholderCount(c.template);
  const pb = placeholderCount(best.template);
  return pc < pb || (pc === pb && c.key < best.key);
}

/** Groups able to absorb orphans, by normalized key; templates with mixed segments are scanned per bucket. */
interface CandidateIndex {
  byKey: Map<string, Group>;
  mixed: Map<string, Group[]>;
}

function isMixed(template: string): boolean {
  return splitFragment(template)[0].split('/').some((seg) => seg.includes('{') && !isPlaceholder(seg));
}

/** Beyond this many literal segments the 2^n covering keys are not enumerated (no real path is that deep). */
const MAX_LITERAL_SEGMENTS = 12;

/**
 * The most specific group in `index` whose template covers `g`'s. Covering templates differ from g's
 * only by literals turned into `{}`, so the candidate keys are enumerated instead of scanning every group.
 */
function coveringGroup(g: Group, index: CandidateIndex): Group | null {
  let best: Group | null = null;
  const [base, frag] = splitFragment(g.template);
  const segments = base.split('/');
  const literal: number[] = [];
  segments.forEach((seg, i) => {
    if (i > 0 && seg !== '' && !seg.includes('{')) literal.push(i);
  });
  if (literal.length <= MAX_LITERAL_SEGMENTS) {
    const prefix = `${g.host}\n${g.method}\n`;
    const suffix = frag === '' ? '' : `#${frag}`;
    for (let mask = 1; mask < 1 << literal.length; mask++) {
      const trial = [...segments];
      literal.forEach((pos, bit) => {
        if (mask & (1 << bit)) trial[pos] = '{}';
      });
      const c = index.byKey.get(`${prefix}${trial.join('/')}${suffix}`);
      if (c && c !== g && better(c, best)) best = c;
    }
  }
  const scan = literal.length > MAX_LITERAL_SEGMENTS ? [...index.byKey.values()].filter((c) => c.bucket === g.bucket) : (index.mixed.get(g.bucket) ?? []);
  for (const c of scan) {
    if (c !== g && templateMatches(c.template, g.template) && better(c, best)) best = c;
  }
  return best;
}

/**
 * Pairs the endpoints of two inventories deterministically. Exact matches (names ignored) first;
 * then a one-sided group joins the most specific group on the other side whose template covers it,
 * unless its own side has that template as well.
 */
export function pairEndpoints(base: readonly InventoryEndpoint[], head: readonly InventoryEndpoint[]): EndpointPair[] {
  const groups = new Map<string, Group>();
  const add = (ep: InventoryEndpoint, side: 'base' | 'head'): void => {
    const template = normalizeTemplate(ep.path);
    const key = `${ep.host}\n${ep.method}\n${template}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, host: ep.host, method: ep.method, template, bucket: bucketOf(ep.host, ep.method, template), base: [], head: [], own: { base: false, head: false } };
      groups.set(key, g);
    }
    g[side].push(ep);
    g.own[side] = true;
  };
  for (const ep of base) add(ep, 'base');
  for (const ep of head) add(ep, 'head');

  const ordered = [...groups.values()].sort((a, b) => cmp(a.key, b.key));
  const merged = new Set<Group>();
  const fold = (side: 'base' | 'head', other: 'base' | 'head'): void => {
    // Candidates are indexed once per pass: only groups that have the other side can absorb an orphan,
    // and only when the orphan's own inventory does not have that template too. There, the literal was
    // kept apart from it (`/orders/export` next to `/orders/{orderId}`, `/users/me`): a distinct
    // endpoint, added or removed, whose params, auth and findings must not be merged into the template.
    const index: CandidateIndex = { byKey: new Map(), mixed: new Map() };
    for (const g of ordered) {
      if (g[other].length === 0 || g.own[side]) continue;
      index.byKey.set(g.key, g);
      if (!isMixed(g.template)) continue;
      const list = index.mixed.get(g.bucket);
      if (list) list.push(g);
      else index.mixed.set(g.bucket, [g]);
    }
    for (const g of ordered) {
      if (merged.has(g) || g[other].length > 0 || g[side].length === 0) continue;
      const target = coveringGroup(g, index);
      if (!target) continue;
      target[side].push(...g[side]);
      g[side] = [];
      merged.add(g);
    }
  };
  fold('base', 'head');
  fold('head', 'base');

  const pairs: EndpointPair[] = [];
  for (const g of ordered) {
    if (merged.has(g)) continue;
    const b = g.base.length > 0 ? mergeEndpoints(g.base) : null;
    const h = g.head.length > 0 ? mergeEndpoints(g.head) : null;
    const shown = (h ?? b) as InventoryEndpoint;
    pairs.push({ host: g.host, method: g.method, path: shown.path, base: b, head: h });
  }
  return pairs.sort((a, b) => cmp(a.host, b.host) || cmp(a.path, b.path) || cmp(a.method, b.method));
}
