// The evidence step run after each analyze: plain-word siblings at one position (`/products/shoes`,
// `/products/hats`, ...) become one parameter when there are enough of them with similar parameters;
// positions that only vary together (`/repos/{owner}/{repo}`) merge jointly on stronger evidence.

import type { Config } from '../config.js';
import type { PathParam } from '../model/facts.js';
import type { EndpointShape, MergePlan } from '../model/endpoint-shape.js';
import { EVIDENCE_TYPES, pathSegments } from './path-template.js';
import { baseName, paramName, singularize } from './param-names.js';
import { classifySegment } from './segment.js';
import { crossMethodPlans, seenAt } from './template-cross-method.js';
import { forcedPlans } from './template-forced.js';
import { comparedBy } from './template-evidence.js';
import { listed, afterValue, collectionsOf, core, eligible, isEvidenceAt, isParam, jaccard, provenOf, sharedChildrenOf, toNode, vocabulary, type Context, type Node } from './template-node.js';

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
/**
 * Joint merges: when no single position has enough siblings because two or more positions vary together
 * (`/repos/octocat/hello/pulls`, `/repos/torvalds/linux/pulls`: each owner with its own repos), those
 * positions merge at once. Two new parameters at once could be a two-level static tree
 * (`/docs/guides/intro`, `/docs/faq/billing`), so each new one needs MIN_DISTINCT_VALUES_AFTER_PARAM
 * distinct values and a literal segment after them (see anchored). A position that an evidence template with the same prefix already holds as a
 * parameter (`/namespaces/{namespaceName}/pods` for `/namespaces/dev/pods/web-dev`) only has to vary
 * (PROVEN_DISTINCT_VALUES), and one new position beside it follows the one-position rules.
 */
export const MAX_JOINT_POSITIONS = 3;
export const PROVEN_DISTINCT_VALUES = 2;
/** A path with more candidate positions than this is left to one-position merges (bounds the subsets tried). */
const MAX_JOINT_CANDIDATES = 8;
/** Jaccard similarity of an endpoint's parameter names to its siblings' common core. */
export const MIN_SIMILARITY = 0.5;
const MAX_ROUNDS = 16;

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

interface Group {
  /** Positions that become parameters, ascending: one, or several that vary together. */
  ps: number[];
  /** The members' key segments with '{}' at ps, joined: the merged shape. */
  shape: string;
  members: Node[];
}

/**
 * Distinct values each position needs, the template that already proves a position (another
 * shape under the same prefix merged there: `/orgs/{orgName}/teams/admins/members` proves the org
 * position for `/orgs/<org>/teams/core/members` too), and how many positions no template proves. Words right after a parameter, or after a segment
 * that holds values (see afterValue), are mostly sub-resources and need more of them.
 */
function needs(g: Group, members: readonly Node[], target: Node | undefined, ctx: Context): { need: number[]; provenBy: (string | undefined)[]; fresh: number } {
  const pattern = g.shape.split('/');
  const provenBy = g.ps.map((p) => ctx.proven.get(pattern.slice(0, p + 1).join('/')));
  const fresh = provenBy.filter((t) => t === undefined).length;
  const need = g.ps.map((p, i) => {
    if (provenBy[i] !== undefined) return PROVEN_DISTINCT_VALUES;
    if (fresh > 1) return MIN_DISTINCT_VALUES_AFTER_PARAM;
    // (fewer members than MIN_DISTINCT_VALUES fail either way: spare the look-up)
    const subResources = (p > 0 && isParam(pattern[p - 1]!)) || (members.length >= MIN_DISTINCT_VALUES && afterValue(members, p, ctx));
    return subResources && target === undefined ? MIN_DISTINCT_VALUES_AFTER_PARAM : MIN_DISTINCT_VALUES;
  });
  return { need, provenBy, fresh };
}

/**
 * New parameters side by side at the end of a path (`/docs/{section}/{page}`, `/ops/{resource}/{action}`,
 * `/console/{area}/{page}`) are what a static two-level tree looks like, however many leaves it has.
 * Positions that vary together read as ids when a literal segment shared by all follows the first of
 * them (`/repos/{owner}/{repo}/pulls`, `/orgs/{org}/teams/{team}/members/{member}`): a joint merge of
 * more than one unproven position needs one.
 */
function anchored(g: Group, fresh: number): boolean {
  if (fresh < 2) return true;
  const pattern = g.shape.split('/');
  return pattern.slice(g.ps[0]! + 1).some((seg) => seg !== '' && !isParam(seg));
}

const and = (items: readonly (string | number)[]): string =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/**
 * The members that may join `target`'s evidence parameter at p. All of them, unless the template has
 * fewer values there than a merge of its own needs and another method holds the same shape as
 * evidence: then only words that method saw there (or that are parameters already).
 */
function borrowedEvidenceMembers(target: Node, p: number, members: readonly Node[], ctx: Context): readonly Node[] {
  if ((target.values?.[p]?.size ?? 0) >= MIN_DISTINCT_VALUES) return members;
  const key = target.keySegs.join('/');
  const lenders: Node[] = [];
  for (const nodes of ctx.otherMethods) {
    const e = nodes.get(key);
    if (e !== undefined && isEvidenceAt(e, p)) lenders.push(e);
  }
  if (lenders.length === 0) return members;
  return members.filter((m) => isParam(m.keySegs[p]!) || lenders.some((e) => seenAt(e, p, m.segs[p]!)));
}

/** Tries one group (same shape except at its positions); returns the merged node and the members it took. */
function mergeGroup(g: Group, members: readonly Node[], target: Node | undefined, ctx: Context): { node: Node; chosen: Node[] } | null {
  const { ps } = g;
  const typeAt = (p: number): string => target?.params[p]?.type ?? '';
  // An existing evidence parameter there absorbs newcomers similar to it one at a time.
  const targetIsEvidence = target !== undefined && ps.every((p) => EVIDENCE_TYPES.has(typeAt(p)));
  // A placeholder the input declared (`/products/:slug`) is its author's word that the position is a
  // parameter; a collection carries no response parameters to compare with, so siblings that merge on
  // their own evidence join it instead of staying literal beside it.
  const targetIsDeclared = target !== undefined && !targetIsEvidence && ps.every((p) => typeAt(p) === 'declared' || EVIDENCE_TYPES.has(typeAt(p)));
  // A template another method's evidence made (`DELETE /products/{productName}` from GET's words) has
  // too few values of its own to absorb words: like the cross-method step, it takes only words that
  // method saw there. In one run `DELETE /products/cache` stays literal beside it; so it does in a later one.
  if (targetIsEvidence && ps.length === 1) members = borrowedEvidenceMembers(target, ps[0]!, members, ctx);
  if (members.length === 0) return null;
  const { need, provenBy, fresh } = needs(g, members, target, ctx);
  if (!targetIsEvidence && need.some((k) => members.length < k)) return null; // most groups: too few to try
  if (!targetIsEvidence && !anchored(g, fresh)) return null;
  // Sub-resource words never become values, whatever merged before (a proven position, a target).
  if (ps.some((p) => vocabulary(members, p, ctx))) return null;
  // Newcomers are compared with the evidence template they would join, not only with each other;
  // lists by their items, and one with item fields of its own lists another resource (comparedBy).
  const by = comparedBy(members, target);
  const ref = targetIsEvidence ? by.of(target) : core(members.map(by.of));
  const scored = members.filter((m) => !by.other(m)).map((m) => ({ m, j: jaccard(by.of(m), ref) })).filter((x) => x.j >= MIN_SIMILARITY);
  if (scored.length === 0) return null;
  const chosen = scored.map((x) => x.m);
  // A member with an evidence parameter there counts as one more value (`{}`), not as the several it holds.
  const values = ps.map((p) => chosen.map((m) => (isParam(m.keySegs[p]!) ? '{}' : m.segs[p]!)));
  const distinct = values.map((v) => new Set(v).size);
  if (!targetIsEvidence && distinct.some((d, i) => d < need[i]!)) return null;
  // An id-addressed sibling (`/products/{productId}`) joins only when it looks like the words do.
  if (target !== undefined && !targetIsEvidence && !targetIsDeclared && jaccard(by.of(target), ref) < MIN_SIMILARITY) return null;
  const pool = target === undefined ? chosen : [target, ...chosen];
  const rep = target ?? chosen[0]!;
  const segs = rep.segs.slice();
  const keySegs = rep.keySegs.slice();
  const params = rep.params.slice();
  const auto = rep.auto.slice();
  ps.forEach((p) => {
    const allLocales = chosen.every((m) => (isParam(m.keySegs[p]!) ? m.params[p]?.type === 'locale' : classifySegment(m.segs[p]!).kind === 'locale'));
    keySegs[p] = '{}';
    if (target !== undefined) {
      const had = target.params[p]!;
      params[p] = { name: had.name, type: targetIsEvidence && allLocales && had.type === 'locale' ? 'locale' : 'string' };
    } else {
      params[p] = { name: '', type: allLocales ? 'locale' : 'string' };
      auto[p] = true;
    }
  });
  nameAutoParams(segs, keySegs, params, auto);
  const names = new Set<string>();
  for (const m of pool) for (const n of m.paramNames) names.add(n);
  const meanJ = scored.reduce((a, x) => a + x.j, 0) / scored.length;
  const similarity = `similar parameters (Jaccard ${meanJ.toFixed(2)})`;
  let reason: string;
  if (ps.length === 1) {
    const p = ps[0]!;
    const after = rep.segs.slice(p + 1).join('/');
    const vals = values[0]!;
    reason = `${vals.length} distinct value${vals.length === 1 ? '' : 's'} (${listed(vals)}) at position ${p + 1} under /${rep.segs.slice(0, p).join('/')}`;
    reason += `${after ? ` before /${after}` : ''} with ${similarity}`;
  } else {
    const combos = chosen.map((m) => ps.map((p) => m.segs[p]!).join('/'));
    const shape = '/' + rep.segs.map((seg, i) => (ps.includes(i) ? '*' : seg)).join('/');
    reason = `${combos.length} distinct combination${combos.length === 1 ? '' : 's'} (${listed(combos)}) at positions ${and(ps.map((p) => p + 1))} of ${shape}`;
    reason += ` (${and(distinct)} distinct values) with ${similarity}`;
    ps.forEach((p, i) => {
      if (provenBy[i] !== undefined) reason += `, position ${p + 1} already a parameter of ${provenBy[i]}`;
    });
  }
  if (target !== undefined) reason += `, joining existing ${target.template}${targetIsDeclared ? ' (declared by the input)' : ''}`;
  const node: Node = {
    template: render(segs),
    segs,
    keySegs,
    params,
    auto,
    outline: rep.outline.map((o, i) => o || ps.includes(i)),
    paramNames: names,
    calls: pool.reduce((a, m) => a + m.calls, 0),
    origins: pool.flatMap((m) => m.origins),
    // the values an existing template was seen with stay known (an earlier run's words)
    ...(target?.values ? { values: target.values } : {}),
    reasons: [...pool.flatMap((m) => m.reasons), reason],
  };
  return { node, chosen };
}

/** `keySegs` with '{}' at the ascending positions ps, joined: a group's shape and its target's key. */
function shapeKey(keySegs: readonly string[], ps: readonly number[]): string {
  let out = '';
  for (let i = 0, k = 0; i < keySegs.length; i++) {
    let seg = keySegs[i]!;
    if (ps[k] === i) {
      seg = '{}';
      k++;
    }
    out += i === 0 ? seg : '/' + seg;
  }
  return out;
}

function addMember(groups: Map<string, Group>, key: string, shape: string, ps: number[], n: Node): void {
  const g = groups.get(key);
  if (g === undefined) groups.set(key, { ps, shape, members: [n] });
  else g.members.push(n);
}

/** Siblings that differ at one position. */
function singleGroups(nodes: Map<string, Node>, ctx: Context): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const n of nodes.values()) {
    for (let p = 0; p < n.segs.length; p++) {
      if (!eligible(n, p, ctx)) continue;
      const shape = shapeKey(n.keySegs, [p]);
      addMember(groups, shape, shape, [p], n);
    }
  }
  return groups;
}

const subsetCache = new Map<number, number[][]>();

/** Ascending index subsets of [0, n) with 2 to MAX_JOINT_POSITIONS elements (memoized per n). */
function jointSubsets(n: number): number[][] {
  let out = subsetCache.get(n);
  if (out !== undefined) return out;
  out = [];
  const acc: number[] = [];
  const walk = (from: number): void => {
    if (acc.length >= 2) out!.push(acc.slice());
    if (acc.length === MAX_JOINT_POSITIONS) return;
    for (let i = from; i < n; i++) {
      acc.push(i);
      walk(i + 1);
      acc.pop();
    }
  };
  walk(0);
  subsetCache.set(n, out);
  return out;
}

/**
 * Siblings that differ at two or more positions at once (see MAX_JOINT_POSITIONS). A sibling that an
 * earlier merge already gave an evidence parameter at one of them (`/repos/octocat/{repoName}/pulls`)
 * belongs too, so the outcome does not depend on which merge came first.
 */
function jointGroups(nodes: Map<string, Node>, ctx: Context): Map<string, Group> {
  const groups = new Map<string, Group>();
  // Members of one group (and its target) share everything but word or parameter positions: a node
  // alone with its outline has no sibling to vary with, and a position that is the same across the
  // outline never varies. Both spare most of the subsets below.
  const outlines = new Map<string, Node[]>();
  for (const n of nodes.values()) {
    const o = n.keySegs.map((k, i) => (n.outline[i] ? '*' : k)).join('/');
    const list = outlines.get(o);
    if (list === undefined) outlines.set(o, [n]);
    else list.push(n);
  }
  for (const outline of outlines.values()) {
    if (outline.length < 2) continue;
    const first = outline[0]!.keySegs;
    const varies = first.map((k, p) => p > 0 && outline.some((m) => m.keySegs[p] !== k));
    for (const n of outline) addJoint(groups, n, varies, ctx);
  }
  return groups;
}

function addJoint(groups: Map<string, Group>, n: Node, varies: readonly boolean[], ctx: Context): void {
  const open: number[] = [];
  const strict: boolean[] = [];
  let literals = 0;
  for (let p = 1; p < n.segs.length; p++) {
    if (!varies[p]) continue;
    const evidence = isEvidenceAt(n, p);
    if (evidence || eligible(n, p, ctx)) strict[p] = true;
    else if (!eligible(n, p, ctx, true)) continue;
    open.push(p);
    if (!evidence) literals++;
  }
  if (open.length < 2 || open.length > MAX_JOINT_CANDIDATES || literals === 0) return;
  for (const idx of jointSubsets(open.length)) {
    const ps = idx.map((i) => open[i]!);
    // A word whose own parent is a resource name (`/v1/{}`) qualifies only when that parent varies too.
    if (!ps.every((p, i) => strict[p] === true || ps[i - 1] === p - 1) || ps.every((p) => isParam(n.keySegs[p]!))) continue;
    const shape = shapeKey(n.keySegs, ps);
    addMember(groups, `${shape}\u0000${ps.join(',')}`, shape, ps, n);
  }
}

/** Fewer positions first (the more specific template), then deeper positions first, from the last one. */
function byPositions(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return b[i]! - a[i]!;
  return 0;
}

/** Merges each group once: fewer positions first, then deepest first. Returns true if anything merged. */
function mergeAll(nodes: Map<string, Node>, groups: Map<string, Group>, ctx: Context): boolean {
  // A lone member without a template to join cannot merge (every rule needs two values or more).
  const viable = [...groups.entries()].filter(([, g]) => g.members.length > 1 || nodes.has(g.shape));
  const ordered = viable.sort((a, b) => byPositions(a[1].ps, b[1].ps) || cmp(a[0], b[0]));
  const consumed = new Set<Node>();
  let merged = false;
  for (const [, g] of ordered) {
    const members = g.members.filter((m) => !consumed.has(m)).sort((a, b) => cmp(a.template, b.template));
    const target = nodes.get(g.shape);
    if (members.length === 0 || (target !== undefined && consumed.has(target))) continue;
    const out = mergeGroup(g, members, target, ctx);
    if (out === null) continue;
    for (const m of out.chosen) {
      consumed.add(m);
      nodes.delete(m.keySegs.join('/'));
    }
    if (target !== undefined) consumed.add(target);
    nodes.set(g.shape, out.node);
    consumed.add(out.node);
    merged = true;
  }
  return merged;
}

/**
 * One pass over one host+method. Joint groups are a fallback for when no single position merges, so
 * `/accounts/{accountName}/billing` and `/accounts/{accountName}/members` form on their own evidence
 * before their sub-resource words could be read as values of one `/accounts/{a}/{b}`.
 */
function round(nodes: Map<string, Node>, ctx: Context): boolean {
  ctx.collections = collectionsOf(nodes.values());
  sharedChildrenOf(nodes.values(), ctx.sharedChildren); // accumulates: what merged still shows what was seen
  ctx.proven = provenOf(nodes.values());
  return mergeAll(nodes, singleGroups(nodes, ctx), ctx) || mergeAll(nodes, jointGroups(nodes, ctx), ctx);
}

/** Merge plans over the whole inventory; deterministic (sorted, independent of input order). */
export function planMerges(endpoints: readonly EndpointShape[], cfg: Config): MergePlan[] {
  // Forced templates take what they cover first; the rest is planned on evidence.
  const forced = forcedPlans(endpoints, cfg);
  const byHostMethod = new Map<string, Map<string, Node>>();
  const sorted = [...endpoints].sort((a, b) => cmp(a.host, b.host) || cmp(a.method, b.method) || cmp(a.template, b.template));
  for (const e of sorted) {
    if (e.template.includes('#')) continue; // GraphQL operations are not path shapes
    if (forced.planned.has(`${e.host}\u0000${e.method}\u0000${e.template}`)) continue;
    const hm = `${e.host}\u0000${e.method}`;
    let nodes = byHostMethod.get(hm);
    if (nodes === undefined) byHostMethod.set(hm, (nodes = new Map()));
    const node = toNode(e);
    const key = node.keySegs.join('/');
    if (!nodes.has(key)) nodes.set(key, node);
  }
  const ctx: Context = { pins: cfg.templates.pins.map(pathSegments).filter((p) => p.length > 0), collections: new Set(), proven: new Map(), sharedChildren: new Set(), otherMethods: [] };
  // Each host's methods, so finding a method's siblings costs its host's methods, not every host's.
  const byHost = new Map<string, Map<string, Node>[]>();
  for (const [hm, nodes] of byHostMethod) {
    const host = hm.slice(0, hm.indexOf('\u0000'));
    const list = byHost.get(host);
    if (list === undefined) byHost.set(host, [nodes]);
    else list.push(nodes);
  }
  const plans: MergePlan[] = [...forced.plans];
  for (const [hm, nodes] of byHostMethod) {
    ctx.sharedChildren = new Set();
    ctx.otherMethods = byHost.get(hm.slice(0, hm.indexOf('\u0000')))!.filter((n) => n !== nodes);
    for (let r = 0; r < MAX_ROUNDS && round(nodes, ctx); r++);
    const [host, method] = hm.split('\u0000') as [string, string];
    for (const n of nodes.values()) {
      if (n.reasons.length === 0) continue;
      const from = [...new Set(n.origins)].filter((t) => t !== n.template).sort(cmp);
      const pathParams = n.params.filter((p): p is PathParam => p !== null);
      plans.push({ host, method, into: n.template, pathParams, from, reason: n.reasons.join('; ') });
    }
  }
  crossMethodPlans(byHostMethod, ctx, plans, MIN_DISTINCT_VALUES);
  return plans.sort(comparePlans);
}

/** The order of merge plans: by host, method and template. */
export function comparePlans(a: MergePlan, b: MergePlan): number {
  return cmp(a.host, b.host) || cmp(a.method, b.method) || cmp(a.into, b.into);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
