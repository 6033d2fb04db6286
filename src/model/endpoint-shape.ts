// What the template-merge evidence step reads (every endpoint's shape) and decides (merge plans):
// shared by analyzers/template-merge.ts, which plans, and store/merge.ts, which loads and applies.

import type { PathParam } from './facts.js';

export interface EndpointShape {
  host: string;
  method: string;
  template: string;
  calls: number;
  /** Request + response parameter names (query, bodies; not headers), the similarity evidence. */
  paramNames: string[];
  /** The template's parameters in order; without them a parameter's type is 'unknown' (never absorbs words). */
  pathParams?: PathParam[];
  /** Values each path parameter was seen with (the first few per parameter), by parameter name. */
  pathValues?: Record<string, string[]>;
}

export interface MergePlan {
  host: string;
  method: string;
  /** The template the endpoints fold into; may be one of the existing templates. */
  into: string;
  pathParams: PathParam[];
  /** Existing templates merged into `into` (not including `into` itself), sorted. */
  from: string[];
  /** Human explanation for `show`. */
  reason: string;
}
