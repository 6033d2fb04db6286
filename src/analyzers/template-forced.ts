// Forced templates (`templates.force`) over the endpoints already in an inventory: a force added
// after earlier runs takes in the literal paths (and narrower templates) those runs recorded, as it
// takes every new call, instead of leaving them beside it for good.

import type { Config } from '../config.js';
import type { EndpointShape, MergePlan } from '../model/endpoint-shape.js';
import { matchesForced, parseForced, pathSegments, pinnedLength, type Forced } from './path-config.js';

/** The forced templates in the order calls are matched against them (path-template.ts): most literal segments first, then single-segment before rest, then config order. */
function forcedInOrder(cfg: Config): Forced[] {
  return cfg.templates.force
    .map((t, order) => ({ f: parseForced(t), order }))
    .sort((a, b) => b.f.literalCount - a.f.literalCount || Number(a.f.rest) - Number(b.f.rest) || a.order - b.order)
    .map((x) => x.f);
}

/**
 * One plan per forced template and host+method, folding every other endpoint it covers into it; and
 * the endpoints so planned (`host\0method\0template`), which other merge planning leaves alone.
 */
export function forcedPlans(endpoints: readonly EndpointShape[], cfg: Config): { plans: MergePlan[]; planned: Set<string> } {
  const planned = new Set<string>();
  if (cfg.templates.force.length === 0) return { plans: [], planned };
  const forced = forcedInOrder(cfg);
  const pins = cfg.templates.pins.map(pathSegments).filter((p) => p.length > 0);
  const groups = new Map<string, { host: string; method: string; f: Forced; from: string[] }>();
  for (const e of endpoints) {
    if (e.template.includes('#')) continue; // GraphQL operations are not path shapes
    const segs = pathSegments(e.template);
    const pinned = pins.length === 0 ? 0 : pinnedLength(pins, segs);
    if (pinned >= segs.length) continue;
    const f = forced.find((x) => matchesForced(x, segs, pinned));
    if (f === undefined || f.template === e.template) continue;
    const key = `${e.host}\u0000${e.method}\u0000${f.template}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { host: e.host, method: e.method, f, from: [] }));
    g.from.push(e.template);
    planned.add(`${e.host}\u0000${e.method}\u0000${e.template}`);
  }
  const plans: MergePlan[] = [];
  for (const g of groups.values()) {
    plans.push({
      host: g.host,
      method: g.method,
      into: g.f.template,
      pathParams: g.f.pathParams.map((p) => ({ ...p })),
      from: [...new Set(g.from)].sort(),
      reason: `the config forces ${g.f.template} (templates.force)`,
    });
  }
  return { plans, planned };
}
