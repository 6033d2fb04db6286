// The evidence step run after each analyze: plain-word siblings at one position (`/products/shoes`,
// `/products/hats`, ...) become one parameter when there are enough of them with similar parameters.

import type { Config } from '../config.js';
import type { PathParam } from '../model/facts.js';
import type { EndpointShape, MergePlan } from '../model/endpoint-shape.js';
import { EVIDENCE_TYPES, pathSegments, pinnedLength } from './path-template.js';
import { baseName, classifySegment, isConstantWord, paramName, singularize } from './segment.js';

export type { EndpointShape, MergePlan };

/**
 * Distinct literal values needed at one position. Two or three sibling words are usually distinct
 * hand-written routes (`/products/featured`, `/products/new`, `/products/sale`); four or more sharing one
 * parameter shape is where "this position holds data" becomes the better reading. An existing evidence
 * parameter at that position (an earlier merge) absorbs similar newcomers one at a time.
 */
export const MIN_DISTINCT_VALUES = 4;
/**
 * Right after a parameter (`/payments/{id}/refunds`, `/repos/{id}/pulls`) words are mostly
 * sub-resources and actions of one resource, which share its parameters; they merge only on more
 * evidence than words under a literal parent.
 */
export const MIN_DISTINCT_VALUES_AFTER_PARAM = 8;
/** Jaccard similarity of an endpoint's parameter names to its siblings' common core. */
export const MIN_SIMILARITY = 0.5;
const MAX_ROUNDS = 16;
const MAX_LISTED_VALUES = 5;

interface Node {
  template: string;
  segs: string[];
  /** Literal text, '{}' (whole-segment parameter) or '{}suffix' per segment. */
  keySegs: string[];
  /** Parameter per segment (null for literals). */
  params: (PathParam | null)[];
  /** Parameters this step named (renamed as their context changes); stored names are kept. */
  auto: boolean[];
  paramNames: ReadonlySet<string>;
  calls: number;
  /** Original templates folded into this node. */
  origins: string[];
  reasons: string[];
}

function toNode(e: EndpointShape): Node {
  const segs = pathSegments(e.template);
  const keySegs: string[] = [];
  const params: (PathParam | null)[] = [];
  let pi = 0;
  for (const seg of segs) {
    if (seg.indexOf('{') === -1) {
      keySegs.push(seg);
      params.push(null);
      continue;
    }
    keySegs.push(seg.replace(/\{[^}]*\}/g, '{}'));
    const given = e.pathParams?.[pi];
    params.push(given ?? { name: /\{([^}+*]*)/.exec(seg)?.[1] ?? `p${pi}`, type: 'unknown' });
    pi++;
  }
  const auto = segs.map(() => false);
  return { template: e.template, segs, keySegs, params, auto, paramNames: new Set(e.paramNames), calls: e.calls, origins: [e.template], reasons: [] };
}

const isParam = (keySeg: string): boolean => keySeg.startsWith('{}');

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** The names at least half of the members carry: what a sibling has to resemble. */
function core(members: readonly Node[]): Set<string> {
  const counts = new Map<string, number>();
  for (const m of members) for (const n of m.paramNames) counts.set(n, (counts.get(n) ?? 0) + 1);
  const out = new Set<string>();
  for (const [n, c] of counts) if (c * 2 >= members.length) out.add(n);
  return out;
}

interface Context {
  pins: string[][];
  /** `keySegs[0..q).join('/')` of literals followed by an id parameter: collection names, not values. */
  collections: Set<string>;
}

/** A literal at position p that may become a parameter. */
function eligible(n: Node, p: number, ctx: Context): boolean {
  const seg = n.segs[p]!;
  if (p === 0 || isParam(n.keySegs[p]!)) return false;
  const kind = classifySegment(seg).kind;
  if ((kind !== 'word' && kind !== 'locale') || isConstantWord(seg)) return false;
  // Under `/v1`, `/api`, `/admin` a position holds resource names (`/v1/customers`), not values.
  const prev = n.keySegs[p - 1]!;
  if (!isParam(prev) && baseName(n.segs[p - 1]!) === null) return false;
  if (pinnedLength(ctx.pins, n.segs) > p) return false;
  return !ctx.collections.has(n.keySegs.slice(0, p + 1).join('/'));
}

function collectionsOf(nodes: Iterable<Node>): Set<string> {
  const out = new Set<string>();
  for (const n of nodes) {
    for (let q = 1; q < n.keySegs.length; q++) {
      const param = n.params[q];
      if (n.keySegs[q] === '{}' && param && !EVIDENCE_TYPES.has(param.type) && !isParam(n.keySegs[q - 1]!)) {
        out.add(n.keySegs.slice(0, q).join('/'));
      }
    }
  }
  return out;
}

const isPlural = (w: string): boolean => singularize(w) !== w;

/**
 * The noun for a merged parameter at p: the nearest literal before it, except that a value under a
 * collection (`octocat` in `/repos/octocat/{x}`) lends the collection's noun: `/repos/octocat/{repoName}`.
 */
function contextBase(segs: readonly string[], keySegs: readonly string[], p: number): string | null {
  for (let q = p - 1; q >= 0; q--) {
    if (isParam(keySegs[q]!)) continue;
    if (q >= 1 && !isParam(keySegs[q - 1]!) && isPlural(segs[q - 1]!) && !isPlural(segs[q]!)) return baseName(segs[q - 1]!);
    return baseName(segs[q]!);
  }
  return null;
}

/** Names (or renames) the parameters this step created, left to right, unique within the template. */
function nameAutoParams(segs: string[], keySegs: readonly string[], params: (PathParam | null)[], auto: readonly boolean[]): void {
  const used = new Set<string>();
  params.forEach((p, i) => p !== null && !auto[i] && used.add(p.name));
  for (let i = 0; i < segs.length; i++) {
    const p = params[i];
    if (!auto[i] || p === null || p === undefined) continue;
    const wanted = paramName(p.type === 'locale' ? null : contextBase(segs, keySegs, i), p.type);
    let name = wanted;
    for (let k = 2; used.has(name); k++) name = wanted + k;
    used.add(name);
    params[i] = { name, type: p.type };
    segs[i] = `{${name}}`;
  }
}

function render(segs: readonly string[]): string {
  return '/' + segs.join('/');
}

/** Tries one group (same shape except position p); returns the merged node and the members it took. */
function mergeGroup(members: readonly Node[], target: Node | undefined, p: number): { node: Node; chosen: Node[] } | null {
  const targetIsEvidence = target !== undefined && EVIDENCE_TYPES.has(target.params[p]?.type ?? '');
  const c = core(members);
  const scored = members.map((m) => ({ m, j: jaccard(m.paramNames, c) })).filter((x) => x.j >= MIN_SIMILARITY);
  const afterParam = p > 0 && isParam(members[0]!.keySegs[p - 1]!);
  if (scored.length < (targetIsEvidence ? 1 : afterParam && target === undefined ? MIN_DISTINCT_VALUES_AFTER_PARAM : MIN_DISTINCT_VALUES)) return null;
  // An id-addressed sibling (`/products/{productId}`) joins only when it looks like the words do.
  if (target !== undefined && !targetIsEvidence && jaccard(target.paramNames, c) < MIN_SIMILARITY) return null;
  const chosen = scored.map((x) => x.m);
  const pool = target === undefined ? chosen : [target, ...chosen];
  const rep = target ?? chosen[0]!;
  const values = chosen.map((m) => m.segs[p]!);
  const allLocales = values.every((v) => classifySegment(v).kind === 'locale');
  const segs = rep.segs.slice();
  const keySegs = rep.keySegs.slice();
  keySegs[p] = '{}';
  const params = rep.params.slice();
  const auto = rep.auto.slice();
  if (target !== undefined) {
    const had = target.params[p]!;
    params[p] = { name: had.name, type: targetIsEvidence && allLocales && had.type === 'locale' ? 'locale' : 'string' };
  } else {
    params[p] = { name: '', type: allLocales ? 'locale' : 'string' };
    auto[p] = true;
  }
  nameAutoParams(segs, keySegs, params, auto);
  const names = new Set<string>();
  for (const m of pool) for (const n of m.paramNames) names.add(n);
  const meanJ = scored.reduce((a, x) => a + x.j, 0) / scored.length;
  const listed = values.slice(0, MAX_LISTED_VALUES).join(', ') + (values.length > MAX_LISTED_VALUES ? ', ...' : '');
  const after = rep.segs.slice(p + 1).join('/');
  const similarity = c.size === 0 ? 'no parameters observed on any of them' : `similar parameters (Jaccard ${meanJ.toFixed(2)})`;
  let reason = `${values.length} distinct value${values.length === 1 ? '' : 's'} (${listed}) at position ${p + 1} under /${rep.segs.slice(0, p).join('/')}`;
  reason += `${after ? ` before /${after}` : ''} with ${similarity}`;
  if (target !== undefined) reason += `, joining existing ${target.template}`;
  const node: Node = {
    template: render(segs),
    segs,
    keySegs,
    params,
    auto,
    paramNames: names,
    calls: pool.reduce((a, m) => a + m.calls, 0),
    origins: pool.flatMap((m) => m.origins),
    reasons: [...pool.flatMap((m) => m.reasons), reason],
  };
  return { node, chosen };
}

/** One pass over one host+method: merges each group once, deepest positions first. Returns true if anything merged. */
function round(nodes: Map<string, Node>, ctx: Context): boolean {
  ctx.collections = collectionsOf(nodes.values());
  const groups = new Map<string, { p: number; members: Node[] }>();
  for (const n of nodes.values()) {
    for (let p = 1; p < n.segs.length; p++) {
      if (!eligible(n, p, ctx)) continue;
      const pattern = n.keySegs.slice();
      pattern[p] = '{}';
      const gk = pattern.join('/');
      const g = groups.get(gk);
      if (g === undefined) groups.set(gk, { p, members: [n] });
      else g.members.push(n);
    }
  }
  const ordered = [...groups.entries()].sort((a, b) => b[1].p - a[1].p || cmp(a[0], b[0]));
  const consumed = new Set<Node>();
  let merged = false;
  for (const [gk, g] of ordered) {
    const members = g.members.filter((m) => !consumed.has(m)).sort((a, b) => cmp(a.template, b.template));
    const target = nodes.get(gk);
    if (members.length === 0 || (target !== undefined && consumed.has(target))) continue;
    const out = mergeGroup(members, target, g.p);
    if (out === null) continue;
    for (const m of out.chosen) {
      consumed.add(m);
      nodes.delete(m.keySegs.join('/'));
    }
    if (target !== undefined) consumed.add(target);
    nodes.set(gk, out.node);
    consumed.add(out.node);
    merged = true;
  }
  return merged;
}

/** Merge plans over the whole inventory; deterministic (sorted, independent of input order). */
export function planMerges(endpoints: readonly EndpointShape[], cfg: Config): MergePlan[] {
  const byHostMethod = new Map<string, Map<string, Node>>();
  const sorted = [...endpoints].sort((a, b) => cmp(a.host, b.host) || cmp(a.method, b.method) || cmp(a.template, b.template));
  for (const e of sorted) {
    if (e.template.includes('#')) continue; // GraphQL operations are not path shapes
    const hm = `${e.host}\u0000${e.method}`;
    let nodes = byHostMethod.get(hm);
    if (nodes === undefined) byHostMethod.set(hm, (nodes = new Map()));
    const node = toNode(e);
    const key = node.keySegs.join('/');
    if (!nodes.has(key)) nodes.set(key, node);
  }
  const ctx: Context = { pins: cfg.templates.pins.map(pathSegments).filter((p) => p.length > 0), collections: new Set() };
  const plans: MergePlan[] = [];
  for (const [hm, nodes] of byHostMethod) {
    for (let r = 0; r < MAX_ROUNDS && round(nodes, ctx); r++);
    const [host, method] = hm.split('\u0000') as [string, string];
    for (const n of nodes.values()) {
      if (n.reasons.length === 0) continue;
      const from = [...new Set(n.origins)].filter((t) => t !== n.template).sort(cmp);
      const pathParams = n.params.filter((p): p is PathParam => p !== null);
      plans.push({ host, method, into: n.template, pathParams, from, reason: n.reasons.join('; ') });
    }
  }
  return plans.sort((a, b) => cmp(a.host, b.host) || cmp(a.method, b.method) || cmp(a.into, b.into));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
