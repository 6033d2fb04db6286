// The inventory as one deterministic document: what `export --inventory` writes, what `diff`
// compares (either side may be a SQLite file or such a JSON file), and what OpenAPI export reads.

import type { ParamLocation, PathParam, ValueType } from './facts.js';

export const INVENTORY_SCHEMA_VERSION = 1;

export interface InventoryParam {
  location: ParamLocation;
  /** Name, or JSON path for bodies (`$.items[*].sku`). */
  name: string;
  /** Response status code for response params ('200'); absent for request params. */
  status?: string;
  /** Observed types, sorted. */
  types: ValueType[];
  /** Present in every call (every call with that status, for response params). */
  required: boolean;
  /** Sensitive data types seen in this parameter, sorted. */
  sensitiveTypes: string[];
  /** A redacted example value, when one is safe to show. */
  example?: string;
}

export interface InventoryAuth {
  scheme: string;
  calls: number;
}

export interface InventoryEndpoint {
  host: string;
  method: string;
  /** Template ('/users/{userId}'); GraphQL operations as '/graphql#GetUser'. */
  path: string;
  pathParams: PathParam[];
  calls: number;
  /**
   * Of `calls`, those made over cleartext (an `http` or `ws` URL, no TLS). Absent in files exported
   * before it was counted (read as unknown); 0 also for calls analyzed before then.
   */
  cleartextCalls?: number;
  statusCodes: Record<string, number>;
  /**
   * Media types of request bodies (Content-Type essences, `application/x-www-form-urlencoded`) with
   * their calls. Absent in files exported before media types were recorded; empty in an inventory
   * whose bodies were analyzed before then (OpenAPI export then assumes `application/json`).
   */
  requestMediaTypes?: Record<string, number>;
  /** Media types of response bodies per status code ('200'), with their calls; absent as above. */
  responseMediaTypes?: Record<string, Record<string, number>>;
  /** Traffic time, ISO 8601 UTC; null when unknown. */
  firstSeen: string | null;
  lastSeen: string | null;
  /** Schemes seen, sorted ('none' included when some calls had no credentials). */
  authTypes: string[];
  auth: InventoryAuth[];
  /** Ever answered 2xx to a call without credentials. */
  unauthenticatedSuccess: boolean;
  /** Looks like an OAuth token endpoint. */
  oauthTokenEndpoint: boolean;
  sensitiveTypes: string[];
  /** 'public' | 'private' | 'unknown', from client addresses seen. */
  accessType: string;
  /** 0 (low) .. 10 (high), from sensitive data, missing auth and exposure. */
  riskScore: number;
  params: InventoryParam[];
  tags: string[];
}

export interface InventoryDoc {
  schemaVersion: number;
  kind: 'akto-rt/inventory';
  endpoints: InventoryEndpoint[];
}
