// The walk a body's values are pushed into, shared by the JSON, form and markup readers
// (params.ts, params-markup.ts): where they go, under which location, and how many are left.

import type { ParamLocation, ParamValue, ValueType } from '../model/facts.js';

/** Nesting deeper than this is not followed. */
export const MAX_BODY_DEPTH = 24;

export { propPath } from '../model/param-path.js';

/** One body's walk: its values go to `out` under `location`, at most `budget` more of them. */
export interface Walk {
  out: ParamValue[];
  location: ParamLocation;
  budget: number;
  /** Receives an HTML body's links (params-markup.ts `htmlLinks`); null when no one reads them. */
  links: ParamValue[] | null;
  /** Paths of the objects and arrays with members already pushed for this body (params.ts walkJson); made when first needed. */
  containers?: Set<string>;
}

/** Adds a value, unless the body's budget is spent. */
export function push(w: Walk, name: string, type: ValueType, value: string): void {
  if (w.budget <= 0) return;
  w.budget--;
  w.out.push({ location: w.location, name, type, value });
}
