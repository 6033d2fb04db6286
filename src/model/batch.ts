// The shape of one aggregated batch: what the pipeline folds calls into, what worker threads hand
// back (structured-clone safe: Maps, Sets, typed arrays and plain objects only) and what the store writes.

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
  /** Position in its batch's `endpoints` (what CallLog.endpoint refers to). */
  index: number;
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
  /** Calls over an `http` or `ws` URL (no TLS). */
  cleartextCalls: number;
  tags: Set<string>;
  statuses: Map<number, number>;
  params: ParamTree;
  auth: Map<string, { calls: number; ok: number }>;
  /** key: `${alg}\0${iss}\0${expired}` */
  jwt: Map<string, JwtAgg>;
  /** key: `${location}\0${param}\0${type}` */
  sensitive: Map<string, SensitiveAgg>;
  /** Request body media type -> calls. */
  requestMedia: Map<string, number>;
  /** Response status (-1: no status) -> response body media type -> calls. */
  responseMedia: Map<number, Map<string, number>>;
  /** param -> value -> calls, values in order of first appearance (the store keeps the first MAX_PATH_VALUES). */
  pathValues: Map<string, Map<string, number>>;
  /** The first call's sample, replaced once by the first 2xx call's. */
  sample: { ok: boolean; sample: Sample } | null;
}

/** Status classes of CallLog.status, in the order of MinuteAgg's counters. */
export const STATUS_2XX = 0;
export const STATUS_3XX = 1;
export const STATUS_4XX = 2;
export const STATUS_5XX = 3;
export const STATUS_OTHER = 4;

/**
 * The per-call stats facts of a batch in call order, as parallel typed arrays: the endpoint (its
 * position in `endpoints`), minute, user (position in `users`), status class and latency bucket
 * (-1: no duration). The writer folds them into the per-minute, per-user and latency rows. Kept per
 * call rather than folded into Maps keyed by minute and user as calls arrive: those Maps cost an
 * object or a Map per call that lived until the batch was written, and runs were 11-16 % slower with
 * them (work and garbage collection). Entries past `n` are unused capacity.
 */
export interface CallLog {
  n: number;
  endpoint: Int32Array;
  /** Minutes since the epoch (a double: any date JavaScript can hold fits). */
  minute: Float64Array;
  user: Int32Array;
  status: Uint8Array;
  bucket: Int16Array;
}

export function emptyCallLog(capacity = 1024): CallLog {
  return {
    n: 0,
    endpoint: new Int32Array(capacity),
    minute: new Float64Array(capacity),
    user: new Int32Array(capacity),
    status: new Uint8Array(capacity),
    bucket: new Int16Array(capacity),
  };
}

export interface Batch {
  /** key: `${host}\t${method}\t${template}`, in order of first appearance. */
  endpoints: Map<string, EndpointAgg>;
  /** user key -> position, in order of first appearance (user ids are assigned in this order). */
  users: Map<string, number>;
  /** Kind of each user, by position. */
  userKinds: string[];
  log: CallLog;
  calls: number;
  firstTs: number | null;
  lastTs: number | null;
}

export function emptyBatch(): Batch {
  return {
    endpoints: new Map(),
    users: new Map(),
    userKinds: [],
    log: emptyCallLog(),
    calls: 0,
    firstTs: null,
    lastTs: null,
  };
}
