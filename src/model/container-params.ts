// Objects and arrays in bodies are parameters of their own (`$.data` is an array whether it holds
// items or none), recorded beside their members. When parameter sets are compared (`changes`
// between runs, `diff` between inventories), what a container implies is taken into account: a
// container with members needs no line of its own (its members tell), one that the other side
// implies by its members is no change, and members missing where the other side saw the container
// only empty (`{"data": []}`) are no evidence of a change either way.

import { pathTokens } from './param-path.js';
import { typeBit } from './value-types.js';

const CONTAINER_BITS = typeBit('object') | typeBit('array');

/** A types mask of an object or array only (nothing else seen at that path). */
export function isContainerMask(mask: number): boolean {
  return mask !== 0 && (mask & ~CONTAINER_BITS) === 0;
}

/** The JSON paths that hold `name`, outermost first, without the body itself (`$`); empty for names that are not JSON paths. */
export function ancestorPaths(name: string): string[] {
  const tokens = pathTokens(name);
  if (tokens === null || tokens.length <= 2) return [];
  const out: string[] = [];
  let path = tokens[0]!.text;
  for (let i = 1; i < tokens.length - 1; i++) {
    path += tokens[i]!.text;
    out.push(path);
  }
  return out;
}

/** One side's parameters of one body (a location, and a status for responses), as compared. */
export interface ParamSide {
  /** The types mask of each parameter by name. */
  types: ReadonlyMap<string, number>;
  /** Paths that hold at least one other parameter. */
  withMembers: ReadonlySet<string>;
}

export function paramSide(params: Iterable<{ name: string; types: number }>): ParamSide {
  const types = new Map<string, number>();
  const withMembers = new Set<string>();
  for (const p of params) {
    types.set(p.name, (types.get(p.name) ?? 0) | p.types);
    for (const a of ancestorPaths(p.name)) withMembers.add(a);
  }
  return { types, withMembers };
}

const NO_PARAMS: ParamSide = paramSide([]);

/** A side's parameters of every body (and other location), each body's as one ParamSide: by location and status. */
export class ParamSides {
  private readonly by = new Map<string, ParamSide>();

  constructor(params: Iterable<{ location: string; status?: number | string | null; name: string; types: number }>) {
    const lists = new Map<string, { name: string; types: number }[]>();
    for (const p of params) {
      const k = `${p.location}\n${p.status ?? ''}`;
      let list = lists.get(k);
      if (list === undefined) lists.set(k, (list = []));
      list.push({ name: p.name, types: p.types });
    }
    for (const [k, list] of lists) this.by.set(k, paramSide(list));
  }

  of(location: string, status?: number | string | null): ParamSide {
    return this.by.get(`${location}\n${status ?? ''}`) ?? NO_PARAMS;
  }
}

/**
 * Whether parameter `name` (with types `mask`), present on one side and missing on the other, is a
 * change worth a line: not when it is a container with members on its own side (they are the
 * lines), nor a container the other side holds members of, nor a member of a container the other
 * side saw only empty.
 */
export function isParamPresenceChange(name: string, mask: number, own: ParamSide, other: ParamSide): boolean {
  if (isContainerMask(mask) && (own.withMembers.has(name) || other.withMembers.has(name))) return false;
  for (const a of ancestorPaths(name)) {
    const t = other.types.get(a);
    if (t !== undefined && isContainerMask(t) && !other.withMembers.has(a)) return false;
  }
  return true;
}
