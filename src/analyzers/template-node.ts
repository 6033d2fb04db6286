// The nodes the evidence step works on (one endpoint template, segment by segment) and what it
// knows about their positions: which may become a parameter (eligible), which an earlier merge proved
// to hold values, and which hold a vocabulary of sub-resources that must never merge as values.

import type { PathParam } from '../model/facts.js';
import type { EndpointShape } from '../model/endpoint-shape.js';
import { EVIDENCE_TYPES, pathSegments, pinnedLength } from './path-template.js';
import { baseName } from './param-names.js';
import { classifySegment, isConstantWord, isEvidenceClass } from './segment.js';
import { evidenceNames } from './template-evidence.js';

export interface Node {
  template: string;
  segs: string[];
  /** Literal text, '{}' (whole-segment parameter) or '{}suffix' per segment. */
  keySegs: string[];
  /** Parameter per segment (null for literals). */
  params: (PathParam | null)[];
  /** Parameters this step named (renamed as their context changes); stored names are kept. */
  auto: boolean[];
  /** Parameter names without the paging query and list envelope every list shares (see evidenceNames). */
  paramNames: ReadonlySet<string>;
  calls: number;
  /** Per segment: a word or parameter (what may vary between siblings of one shape). */
  outline: boolean[];
  /** Original templates folded into this node. */
  origins: string[];
  /** Per segment, the values a stored parameter was seen with (stored path values), when known. */
  values?: (ReadonlySet<string> | null)[];
  reasons: string[];
}

export function toNode(e: EndpointShape): Node {
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
  const outline = keySegs.map((k, i) => i > 0 && (isParam(k) || isEvidenceClass(classifySegment(segs[i]!).kind)));
  const seen = e.pathValues;
  const values = seen === undefined ? undefined : params.map((p) => (p !== null && seen[p.name] !== undefined ? new Set(seen[p.name]) : null));
  return { template: e.template, segs, keySegs, params, auto, outline, paramNames: evidenceNames(e.paramNames), calls: e.calls, origins: [e.template], reasons: [], ...(values ? { values } : {}) };
}

export const isParam = (keySeg: string): boolean => keySeg.startsWith('{}');
/** A whole-segment parameter an evidence merge made (type string/locale): words proved to be values there. */
export const isEvidenceAt = (n: Node, p: number): boolean => n.keySegs[p] === '{}' && EVIDENCE_TYPES.has(n.params[p]?.type ?? '');

/** Similarity of two parameter-name sets; two empty sets are no evidence of anything (0, not 1). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** The names at least half of the members' sets carry: what a sibling has to resemble. */
export function core(sets: readonly ReadonlySet<string>[]): Set<string> {
  const counts = new Map<string, number>();
  for (const s of sets) for (const n of s) counts.set(n, (counts.get(n) ?? 0) + 1);
  const out = new Set<string>();
  for (const [n, c] of counts) if (c * 2 >= sets.length) out.add(n);
  return out;
}

export interface Context {
  pins: string[][];
  /** `keySegs[0..q).join('/')` of literals followed by an id parameter: collection names, not values. */
  collections: Set<string>;
  /** `keySegs[0..q]` of evidence parameters at q -> the (first) template holding one: proven value positions. */
  proven: Map<string, string>;
  /**
   * Outline of `keySegs[0..q-1)` + word at q, for words found under two or more parents at q-1 or right
   * after an evidence parameter (see sharedChildrenOf); per host+method, kept across rounds.
   */
  sharedChildren: Set<string>;
  /** The same host's other methods' templates (live, as their rounds merge): whose evidence a template may have borrowed. */
  otherMethods: Map<string, Node>[];
}

/**
 * A literal at position p that may become a parameter. `prevVaries`: the segment before it becomes a
 * parameter in the same merge, so it is no resource name like `/v1` to judge it by.
 */
export function eligible(n: Node, p: number, ctx: Context, prevVaries = false): boolean {
  const seg = n.segs[p]!;
  if (isParam(n.keySegs[p]!)) return false;
  const kind = classifySegment(seg).kind;
  if ((kind !== 'word' && kind !== 'locale') || isConstantWord(seg)) return false;
  // A locale with its region is a value wherever it sits (`/en-US/docs/...`, `/api/v1/fr-FR/search-index`).
  // A word, or a bare language code (`/de/products` may be Germany's store), is one only after a noun:
  // under `/v1`, `/api`, `/admin` a position holds resource names (`/v1/customers`).
  if (kind !== 'locale' || !/[-_]/.test(seg)) {
    if (p === 0) return false;
    const prev = n.keySegs[p - 1]!;
    if (!prevVaries && !isParam(prev) && baseName(n.segs[p - 1]!) === null) return false;
    // After a constant word (`/search/issues`, `/me/orders`, `/export/csv`) words name kinds of it, not values.
    if (!isParam(prev) && isConstantWord(n.segs[p - 1]!)) return false;
  }
  if (pinnedLength(ctx.pins, n.segs) > p) return false;
  return !ctx.collections.has(n.keySegs.slice(0, p + 1).join('/'));
}

export function provenOf(nodes: Iterable<Node>): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of nodes) {
    for (let q = 1; q < n.keySegs.length; q++) {
      if (!isEvidenceAt(n, q)) continue;
      const k = n.keySegs.slice(0, q + 1).join('/');
      const had = out.get(k);
      if (had === undefined || n.template < had) out.set(k, n.template);
    }
  }
  return out;
}

/**
 * Words that sit under two or more different parents with the same path above them
 * (`/repos/octocat/alpha/commits`, `/repos/torvalds/beta/commits`): sub-resource names under a
 * parent that is itself a value, not values of their own (see vocabulary). The path above the parent
 * is compared by its outline (words and parameters as `*`), so sparse traffic, one repository per
 * owner, still shows the vocabulary. A word right after an evidence parameter
 * (`/repos/{repoName}/{repoName2}/commits`) was seen under several values by construction. Without
 * this, the commits, branches and releases of one repository became one `{name}` before owner and
 * repo merged, and then every repository's sub-resources one endpoint.
 */
export function sharedChildrenOf(nodes: Iterable<Node>, out: Set<string>): void {
  const firstParent = new Map<string, string>();
  for (const n of nodes) {
    for (let q = 2; q < n.keySegs.length; q++) {
      const word = n.keySegs[q]!;
      if (isParam(word)) continue;
      const k = sharedKey(n, q);
      if (isEvidenceAt(n, q - 1)) {
        out.add(k);
        continue;
      }
      const parent = n.keySegs[q - 1]!;
      const had = firstParent.get(k);
      if (had === undefined) firstParent.set(k, parent);
      else if (had !== parent) out.add(k);
    }
  }
}

/** Distinct literal words at p (evidence parameters left out) and how many of them recur under other parents. */
function sharedWords(members: readonly Node[], p: number, ctx: Context, skipParents = false): { words: number; shared: number } {
  const words = new Set<string>();
  let shared = 0;
  for (const m of members) {
    const w = m.keySegs[p]!;
    if (isParam(w) || words.has(w)) continue;
    if (skipParents && parentOfShared(m, p, ctx)) continue;
    words.add(w);
    if (ctx.sharedChildren.has(sharedKey(m, p))) shared++;
  }
  return { words: words.size, shared };
}

/**
 * The word at p has a child that recurs under other parents (`cli` in `/repos/{repoName}/cli/commits`
 * beside `/repos/{repoName}/core/commits`): parents of a sub-resource vocabulary are values, however
 * often they recur themselves (every owner with a repository named `cli`).
 */
function parentOfShared(m: Node, p: number, ctx: Context): boolean {
  return p + 1 < m.keySegs.length && !isParam(m.keySegs[p + 1]!) && ctx.sharedChildren.has(sharedKey(m, p + 1));
}

/**
 * Most of the words at p recur under other parents: a vocabulary of sub-resources (`commits`,
 * `branches`, `hooks` under every repository), never values of one parameter, however many there are,
 * whatever merged before. Values repeat under other parents only now and then (two owners with a
 * repository named `docs`); words that are parents of such a vocabulary are values and do not count.
 */
export function vocabulary(members: readonly Node[], p: number, ctx: Context): boolean {
  if (p < 2) return false;
  const { words, shared } = sharedWords(members, p, ctx, true);
  return shared * 2 > words;
}

/**
 * Some word at p also sits under another parent (`/repos/alice/site/commits` beside
 * `/repos/alice/cli/commits`): the segment before p holds values, so p holds their sub-resources,
 * which need as much evidence as words right after a parameter.
 */
export function afterValue(members: readonly Node[], p: number, ctx: Context): boolean {
  return p >= 2 && sharedWords(members, p, ctx).shared > 0;
}

/** The path above q's parent, words and parameters as `*` (position 0 kept), and the word at q. */
function sharedKey(n: Node, q: number): string {
  let k = n.keySegs[0]!;
  for (let i = 1; i < q - 1; i++) k += '/' + (n.outline[i] ? '*' : n.keySegs[i]!);
  return `${k}\u0000${n.keySegs[q]}`;
}

export function collectionsOf(nodes: Iterable<Node>): Set<string> {
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

/** Values listed in a merge reason before `...`. */
const MAX_LISTED_VALUES = 5;

/** A few values for a merge reason, the rest elided. */
export const listed = (values: readonly string[]): string =>
  values.slice(0, MAX_LISTED_VALUES).join(', ') + (values.length > MAX_LISTED_VALUES ? ', ...' : '');
