// The shape of one aggregated batch: what the pipeline folds calls into, what worker threads hand
// back (structured-clone safe: Maps, Sets and plain objects only) and what the store writes.

import type { PathParam, Sample } from './facts.js';

/** Distinct concrete values remembered per path parameter (for `show` explanations). */
export const MAX_PATH_VALUES = 20;

export interface MinuteAgg {
  calls: number;
  s2xx: number;
  s3xx: number;
  s4xx: number;
  s5xx: number;
  /** status 0 / no response / 1xx */
  sOther: number;
}

export interface ParamAgg {
  location: string;
  status: number;
  name: string;
  types: number;
  calls: number;
  firstSeen: number;
  /** Sequence number of the last call counted, so a name seen twice in one call counts once. */
  lastCall: number;
}

export interface SensitiveAgg {
  location: string;
  param: string;
  type: string;
  calls: number;
  firstSeen: number;
  lastSeen: number;
}

export interface JwtAgg {
  alg: string;
  iss: string;
  expired: number;
  calls: number;
}

/** Nested by location, then status (-1 for request parameters), then name: no composite string keys per call. */
export type ParamTree = Map<string, Map<number, Map<string, ParamAgg>>>;

export interface EndpointAgg {
  host: string;
  method: string;
  template: string;
  pathParams: PathParam[];
  calls: number;
  firstSeen: number;
  lastSeen: number;
  oauthToken: boolean;
  publicCalls: number;
  privateCalls: number;
  tags: Set<string>;
  statuses: Map<number, number>;
  params: ParamTree;
  auth: Map<string, { calls: number; ok: number }>;
  /** key: `${alg}\0${iss}\0${expired}` */
  jwt: Map<string, JwtAgg>;
  /** key: `${location}\0${param}\0${type}` */
  sensitive: Map<string, SensitiveAgg>;
  /** param -> value -> calls, values in order of first appearance (the store keeps the first MAX_PATH_VALUES). */
  pathValues: Map<string, Map<string, number>>;
  minutes: Map<number, MinuteAgg>;
  /** minute -> user key -> calls */
  userMinutes: Map<number, Map<string, number>>;
  /** key: minute * 256 + bucket */
  latency: Map<number, number>;
  /** The first call's sample, replaced once by the first 2xx call's. */
  sample: { ok: boolean; sample: Sample } | null;
}

export interface Batch {
  /** key: `${host}\t${method}\t${template}`, in order of first appearance. */
  endpoints: Map<string, EndpointAgg>;
  /** user key -> kind, in order of first appearance (user ids are assigned in this order). */
  users: Map<string, string>;
  allMinutes: Map<number, MinuteAgg>;
  /** hour -> user key -> calls, over all endpoints */
  allUserHours: Map<number, Map<string, number>>;
  /** key: hour * 256 + latency bucket, over all endpoints */
  allLatencyHours: Map<number, number>;
  calls: number;
  firstTs: number | null;
  lastTs: number | null;
}

export function emptyBatch(): Batch {
  return {
    endpoints: new Map(),
    users: new Map(),
    allMinutes: new Map(),
    allUserHours: new Map(),
    allLatencyHours: new Map(),
    calls: 0,
    firstTs: null,
    lastTs: null,
  };
}
