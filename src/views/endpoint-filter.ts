// Filters on the inventory document that need computed fields (auth types, sensitivity).

import { UsageError } from '../errors.js';
import { AUTH_SCHEMES } from '../model/facts.js';
import type { InventoryDoc } from '../model/inventory.js';
import type { Db } from '../store/db.js';
import { countEndpoints } from '../store/queries.js';
import { loadInventory } from './inventory.js';
import { resolveHost } from './resolve-endpoint.js';

/**
 * Families that match several schemes (`jwt`: `bearer-jwt`, `jwt-cookie`), accepted as --auth values;
 * `oauth` (or `oauth2`) is OAuth's own endpoints: token endpoints and OAuth 1 signed calls.
 */
const AUTH_FAMILIES = ['jwt', 'oauth', 'oauth2'];

const isOAuth = (e: InventoryDoc['endpoints'][number]): boolean => e.oauthTokenEndpoint || e.authTypes.includes('oauth1') || e.authTypes.includes('oauth-client');

const BUILTIN = new Set<string>(AUTH_SCHEMES);

/**
 * `bearer` also takes `bearer-jwt`, `jwt` takes `jwt-cookie` and `bearer-jwt`: a built-in scheme and
 * its refinements. A custom scheme (named in the config) matches only its own name: `--auth none`
 * is not `x-none`.
 */
function authMatches(types: readonly string[], want: string): boolean {
  return types.some((t) => t.toLowerCase() === want || (BUILTIN.has(t) && (t.startsWith(`${want}-`) || t.endsWith(`-${want}`))));
}

/**
 * `auth`: an auth type or family as `endpoints` prints them; an unknown one is a usage error, not an
 * empty list. `custom` takes the configured custom schemes too, which are reported under their names
 * (`customNames`, from the config).
 */
export function filterEndpoints(doc: InventoryDoc, f: { auth?: string; sensitive?: boolean; customNames?: readonly string[] }): InventoryDoc {
  const auth = f.auth?.toLowerCase();
  const oauth = auth === 'oauth' || auth === 'oauth2';
  const custom = auth === 'custom' ? new Set(['custom', ...(f.customNames ?? []).map((n) => n.toLowerCase())]) : null;
  if (auth !== undefined) {
    const known = new Set<string>(AUTH_SCHEMES);
    for (const e of doc.endpoints) for (const t of e.authTypes) known.add(t);
    if (!oauth && ![...known].some((t) => authMatches([t], auth))) {
      throw new UsageError(`unknown auth type '${f.auth}'; use one of: ${[...known, ...AUTH_FAMILIES].sort().join(', ')}`);
    }
  }
  return {
    ...doc,
    endpoints: doc.endpoints.filter(
      (e) =>
        (!auth || (oauth ? isOAuth(e) : custom !== null ? e.authTypes.some((t) => custom.has(t.toLowerCase())) : authMatches(e.authTypes, auth))) &&
        (!f.sensitive || e.sensitiveTypes.length > 0),
    ),
  };
}

/** `endpoints`' list; `total`: endpoints in the whole inventory when the filters left none (to say why it is empty). */
export interface EndpointListing extends InventoryDoc {
  total?: number;
  /** With `--auth custom`: custom schemes the inventory holds that the config does not name (undescribedSchemes). */
  undescribed?: string[];
}

/**
 * Auth schemes in `doc` that are neither built in nor named in the config's `auth.custom` (`names`):
 * configured custom schemes a later config renamed or dropped. `--auth custom` and the OpenAPI
 * security schemes know custom schemes only through the config, so those are left out.
 */
/** The start of the warning both commands print. */
export function undescribedWarning(schemes: readonly string[]): string {
  return `the inventory has custom auth ${schemes.length === 1 ? 'scheme' : 'schemes'} ${schemes.join(', ')} that the config does not define`;
}

export function undescribedSchemes(doc: InventoryDoc, names: readonly string[]): string[] {
  const known = new Set<string>([...AUTH_SCHEMES, ...names.map((n) => n.toLowerCase())]);
  const out = new Set<string>();
  for (const e of doc.endpoints) for (const t of e.authTypes) if (!known.has(t.toLowerCase())) out.add(t);
  return [...out].sort();
}

export interface EndpointListFilters {
  host?: string;
  method?: string;
  auth?: string;
  sensitive?: boolean;
  /** The configured custom auth schemes' names (`--auth custom` takes them). */
  customNames?: readonly string[];
}

/** The endpoints `endpoints` lists; an unknown --host is a usage error naming the known ones. */
export function loadEndpointListing(db: Db, f: EndpointListFilters): EndpointListing {
  const all = loadInventory(db, { host: resolveHost(db, f.host), method: f.method }, { params: false });
  const doc: EndpointListing = filterEndpoints(all, f);
  if (f.auth?.toLowerCase() === 'custom') {
    const undescribed = undescribedSchemes(all, f.customNames ?? []);
    if (undescribed.length > 0) doc.undescribed = undescribed;
  }
  return doc.endpoints.length === 0 ? { ...doc, total: countEndpoints(db) } : doc;
}
