// Evidence merges across methods: a position one method proved to hold values (`GET
// /products/{productName}`) holds them for the host's other methods, for the words it was seen with.

import type { PathParam } from '../model/facts.js';
import type { MergePlan } from '../model/endpoint-shape.js';
import { pathSegments } from './path-template.js';
import { collectionsOf, eligible, isEvidenceAt, listed, type Context, type Node } from './template-node.js';

const hasEvidence = (n: Node): boolean => n.keySegs.some((_, q) => isEvidenceAt(n, q));
const paramCount = (n: Node): number => n.params.reduce((a, p) => a + (p === null ? 0 : 1), 0);

/**
 * `n` differs from the evidence template `e` only where `e` has an evidence parameter and `n` a word
 * its own method's rules would let merge there (no constant word, pinned path or version segment) and
 * that `e`'s method saw there (seenAt).
 */
function fitsEvidence(n: Node, e: Node, ctx: Context): boolean {
  if (n.keySegs.length !== e.keySegs.length) return false;
  let substituted = false;
  for (let p = 0; p < n.keySegs.length; p++) {
    if (n.keySegs[p] === e.keySegs[p]) continue;
    if (!isEvidenceAt(e, p) || !eligible(n, p, ctx, substituted && n.keySegs[p - 1] !== e.keySegs[p - 1])) return false;
    if (!seenAt(e, p, n.segs[p]!)) return false;
    substituted = true;
  }
  return substituted;
}

/**
 * Whether the evidence parameter at p was seen with `word`: a literal merged into it this run, or a
 * stored value. Only such words join from another method (`PUT /products/shoes` when GET had
 * `/products/shoes`); a word the proving method never saw there (`DELETE /products/cache`,
 * `POST /orgs/invitations`) is an action or another resource.
 */
export function seenAt(e: Node, p: number, word: string): boolean {
  if (e.values?.[p]?.has(word) === true) return true;
  return e.origins.some((t) => pathSegments(t)[p] === word);
}

/**
 * A position proven to hold values for one method (`GET /products/{productName}`, merged this run or
 * stored) holds them for every method on that host: a literal of another method (`PUT /products/shoes`)
 * that differs from the template only by mergeable words there joins `PUT /products/{productName}`,
 * same parameter name. Its own method's template of that shape, if any, decides instead (a literal kept
 * beside it stays literal), and so does a literal the proving method keeps beside its template.
 */
export function crossMethodPlans(byHostMethod: Map<string, Map<string, Node>>, ctx: Context, plans: MergePlan[], minValues: number): void {
  const byHost = new Map<string, { method: string; nodes: Map<string, Node>; evidence: Node[] }[]>();
  for (const [hm, nodes] of byHostMethod) {
    const [host, method] = hm.split('\u0000') as [string, string];
    let list = byHost.get(host);
    if (list === undefined) byHost.set(host, (list = []));
    list.push({ method, nodes, evidence: [...nodes.values()].filter(hasEvidence) });
  }
  for (const [host, methods] of byHost) {
    if (!methods.some((m) => m.evidence.length > 0)) continue;
    for (const own of methods) {
      ctx.collections = collectionsOf(own.nodes.values());
      const into = new Map<string, { e: Node; from: string[]; by: string }>();
      for (const n of own.nodes.values()) {
        if (n.reasons.length > 0 || !n.outline.some(Boolean)) continue;
        const key = n.keySegs.join('/');
        let best: { e: Node; by: string } | undefined;
        for (const other of methods) {
          if (other === own || other.evidence.length === 0 || other.nodes.has(key)) continue;
          for (const e of other.evidence) {
            // This method's own template of that shape decides, unless it is one this step made before
            // (a later run): then words the other method saw join it here, as they would in one run.
            const mine = own.nodes.get(e.keySegs.join('/'));
            if ((mine !== undefined && !borrowedFrom(mine, e, minValues)) || !fitsEvidence(n, e, ctx)) continue;
            if (best === undefined || paramCount(e) < paramCount(best.e) || (paramCount(e) === paramCount(best.e) && e.template < best.e.template)) best = { e, by: other.method };
          }
        }
        if (best === undefined) continue;
        const target = own.nodes.get(best.e.keySegs.join('/')) ?? best.e;
        const had = into.get(target.template);
        if (had === undefined) into.set(target.template, { e: target, from: [n.template], by: best.by });
        else had.from.push(n.template);
      }
      for (const [template, { e, from, by }] of into) {
        from.sort(cmp);
        const pathParams = e.params.filter((p): p is PathParam => p !== null);
        const reason = `position proven to hold values by ${by} ${template}: ${listed(from)} join${from.length === 1 ? 's' : ''} it`;
        plans.push({ host, method: own.method, into: template, pathParams, from, reason });
      }
    }
  }
}

/**
 * `mine` holds the evidence parameters of `e` with fewer values of its own than a merge needs: it was
 * made from `e`'s words (in an earlier run), not by its own method's evidence.
 */
function borrowedFrom(mine: Node, e: Node, minValues: number): boolean {
  let any = false;
  for (let p = 0; p < e.keySegs.length; p++) {
    if (!isEvidenceAt(e, p)) continue;
    if (!isEvidenceAt(mine, p) || (mine.values?.[p]?.size ?? 0) >= minValues) return false;
    any = true;
  }
  return any;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
