// What the analyzers conclude about one call. Pure data (structured-clone safe) so worker threads
// can hand it to the single writer; the aggregator folds these into the inventory.

export type ParamLocation =
  | 'request.path'
  | 'request.query'
  | 'request.header'
  | 'request.cookie'
  | 'request.body'
  | 'response.header'
  | 'response.body';

export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'object' | 'array';

/** One observed value: headers, cookies and query by name, bodies flattened to JSON paths like `$.items[*].sku`. */
export interface ParamValue {
  location: ParamLocation;
  name: string;
  type: ValueType;
  /** Scalar value as text for scanning ('' for object/array/null). Never stored. */
  value: string;
  /**
   * The name the value is judged by for sensitive data when not its own: a GraphQL variable's is the
   * argument it is passed to (`login(password: $v1)` makes `$.variables.v1` a password).
   */
  judgeAs?: string;
}

/**
 * A parameter as remembered (no value); response parameters count under the call's status. The
 * analyzer hands over its ParamValues as they are (no copy per value): nothing past the aggregator
 * sees them, and the aggregator reads only these fields.
 */
export interface ParamObs {
  location: ParamLocation;
  name: string;
  type: ValueType;
}

export interface SensitiveFinding {
  location: ParamLocation;
  /** JSON path for bodies, name for headers/query/cookies, `{userId}`-style name or segment index for paths. */
  param: string;
  /** Data type id, e.g. 'email', 'credit-card', 'jwt', 'aws-access-key-id'. */
  type: string;
}

/** Auth schemes the analyzers report (a configured custom scheme appears under its own name). */
export const AUTH_SCHEMES = [
  'bearer-jwt', 'bearer', 'basic', 'digest', 'ntlm', 'negotiate', 'api-key', 'session-cookie', 'jwt-cookie', 'aws-sigv4', 'oauth1', 'hawk', 'mtls',
  'oauth-client', 'custom', 'unknown', 'none',
] as const;

export type AuthScheme = (typeof AUTH_SCHEMES)[number];

export interface JwtInfo {
  alg: string;
  iss: string | null;
  sub: string | null;
  /** 'valid' | 'expired' | 'no-exp' relative to the call's own timestamp. */
  expiry: 'valid' | 'expired' | 'no-exp';
  algNone: boolean;
}

export interface AuthObs {
  /** Schemes present on this call, sorted; ['none'] when it carried no credentials. */
  /** AuthScheme ids, sorted; a configured custom scheme appears under its configured name. */
  schemes: string[];
  jwt: JwtInfo | null;
  /** This call looks like an OAuth token request (grant_type= body, /oauth/token, /token). */
  oauthTokenEndpoint: boolean;
}

export type UserKind = 'jwt-sub' | 'basic' | 'api-key' | 'token' | 'session' | 'ip' | 'unknown';

/** Stable caller identity. `key` never holds a raw secret: tokens are salted-hash fingerprints. */
export interface UserKey {
  /** As stored and printed: names kept, e-mail addresses and IPs masked (plus a fingerprint), secrets fingerprinted. */
  key: string;
  kind: UserKind;
  /** The client address of an 'ip' user, for the public/private access count only: never stored. */
  ip?: string;
}

/** Redacted sample of one call, as stored and printed. */
export interface Sample {
  /** Set only when the user opted out of redaction (`analyze --unredacted-samples`). */
  unredacted?: true;
  request: { method: string; url: string; headers: [string, string][]; body: string | null };
  response: { status: number | null; headers: [string, string][]; body: string | null } | null;
}

export interface PathParam {
  name: string;
  /** Segment class that made it a parameter: 'integer' | 'uuid' | 'object-id' | 'hex' | 'ulid' | 'date' | 'email' | 'base64url' | 'alnum-id' | 'string' (merged on evidence) | 'declared' (a placeholder in the input) ... */
  type: string;
}

export interface CallFacts {
  /** Traffic time, epoch ms (analysis time substituted by the pipeline when the format has none). */
  ts: number;
  /** Host with non-default port: 'api.example.com' or 'localhost:8080'. */
  host: string;
  method: string;
  /** Endpoint path template, e.g. '/users/{userId}'; GraphQL operations as '/graphql#GetUser'. */
  template: string;
  pathParams: PathParam[];
  /** The concrete path (sensitive segments masked), kept as evidence for template merges and `show`. */
  concretePath: string;
  status: number | null;
  durationMs: number | null;
  params: readonly ParamObs[];
  auth: AuthObs;
  user: UserKey;
  sensitive: SensitiveFinding[];
  clientIp: string | null;
  tags: string[];
  /** Sent over cleartext: an `http` or `ws` URL (no TLS), where `https` and `wss` are encrypted. */
  cleartext: boolean;
  /**
   * Media type (Content-Type essence, `application/x-www-form-urlencoded`) of the request body; absent
   * when the call sent none or its type was unknown or not a media type (analyzers/media-type.ts).
   */
  requestMediaType?: string;
  /** The same for the response body (counted under the call's status). */
  responseMediaType?: string;
  /** Redacted sample, only on the calls chosen to represent their endpoint. */
  sample?: Sample;
}
