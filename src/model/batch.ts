// The shape of one aggregated batch: what the pipeline folds calls into and the store writes.

import type { PathParam, Sample } from './facts.js';

/** Distinct concrete values remembered per path parameter (for `show` explanations). */
export const MAX_PATH_VALUES = 20;

export interface MinuteAgg {
  calls: number;
  s2xx: number;
  s3xx: number;
  s4xx: number;
  s5xx: number;
  sOther: number;
}

export interface ParamAgg {
  location: string;
  status: number;
  name: string;
  types: number;
  calls: number;
  firstSeen: number;
}

export interface SensitiveAgg {
  location: string;
  param: string;
  type: string;
  calls: number;
  firstSeen: number;
  lastSeen: number;
}

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
  params: Map<string, ParamAgg>;
  auth: Map<string, { calls: number; ok: number }>;
  jwt: Map<string, { alg: string; iss: string; expired: number; calls: number }>;
  sensitive: Map<string, SensitiveAgg>;
  pathValues: Map<string, { param: string; value: string; calls: number }>;
  minutes: Map<number, MinuteAgg>;
  /** key: `${minute}\t${userKey}` */
  userMinutes: Map<string, number>;
  /** key: minute * 256 + bucket */
  latency: Map<number, number>;
  sample: { ok: boolean; sample: Sample } | null;
}

export interface Batch {
  endpoints: Map<string, EndpointAgg>;
  users: Map<string, string>;
  allMinutes: Map<number, MinuteAgg>;
  allUserMinutes: Map<string, number>;
  allLatency: Map<number, number>;
  calls: number;
  firstTs: number | null;
  lastTs: number | null;
}

export function emptyBatch(): Batch {
  return {
    endpoints: new Map(),
    users: new Map(),
    allMinutes: new Map(),
    allUserMinutes: new Map(),
    allLatency: new Map(),
    calls: 0,
    firstTs: null,
    lastTs: null,
  };
}

