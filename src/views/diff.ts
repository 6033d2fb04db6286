// The change set between two inventories (`akto-rt diff BASE HEAD`): endpoints, parameters, sensitive
// data, auth and status codes, filtered by ignore patterns and checked against a --fail-on gate.

import { UsageError } from '../errors.js';
import type { InventoryDoc, InventoryEndpoint, InventoryParam } from '../model/inventory.js';
import { pairEndpoints } from './endpoint-match.js';
import { legacyFormPath, pathTokens, STAR, starCovers, type PathToken } from '../model/param-path.js';
import { comparableTypeMask, typeBit } from '../model/value-types.js';
import { CHANGE_KINDS, parseIgnore, type ChangeKind, type IgnoreRule } from '../model/ignore-patterns.js';
import { isTransportParam } from '../model/standard-headers.js';
import { isParamPresenceChange, ParamSides } from '../model/container-params.js';

export { CHANGE_KINDS, parseIgnore, type ChangeKind } from '../model/ignore-patterns.js';

export interface Change {
  kind: ChangeKind;
  host: string;
  method: string;
  path: string;
  detail: string;
}

export interface DiffView {
  changes: Change[];
  /** Validated --fail-on kinds (may hold 'any'); renderers mark these as failures. */
  failOn: string[];
}

export interface DiffOptions {
  ignore: string[];
  failOn?: string[];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Splits comma lists and checks each kind against `valid` (plus 'any'); an unknown kind is a
 * usage error that lists the valid ones, so a typo never silently disables a CI gate.
 */
export function checkKinds(list: readonly string[], valid: readonly string[], flag = '--fail-on'): string[] {
  const out: string[] = [];
  // Each use of the flag must name a kind: an empty one (`--fail-on "$UNSET"`) never quietly adds nothing.
  const empty = list.find((item) => item.split(',').every((k) => k.trim() === ''));
  if (empty !== undefined) {
    throw new UsageError(`${flag} needs at least one change kind, got "${empty}"; valid kinds: any, ${valid.join(', ')}`);
  }
  for (const item of list) {
    for (const raw of item.split(',')) {
      const kind = raw.trim();
      if (kind === '') continue;
      if (kind !== 'any' && !valid.includes(kind)) {
        throw new UsageError(`unknown ${flag} kind "${kind}"; valid kinds: any, ${valid.join(', ')}`);
      }
      if (!out.includes(kind)) out.push(kind);
    }
  }
  return out;
}

/** True when `kind` is gated by `failOn` (which may hold 'any'). */
export function kindFails(kind: string, failOn: readonly string[]): boolean {
  return failOn.includes('any') || failOn.includes(kind);
}

export function shouldFail(view: DiffView, failOn: readonly string[]): boolean {
  const kinds = checkKinds(failOn, CHANGE_KINDS);
  return view.changes.some((c) => kindFails(c.kind, kinds));
}

// ---- ignore patterns (parsed in model/ignore-patterns.ts)

function ignored(c: Change, rules: readonly IgnoreRule[]): boolean {
  return rules.some((r) => r.re.test(c[r.field]));
}

// ---- comparison of one paired endpoint

function paramLabel(p: InventoryParam): string {
  return `${p.location}${p.status !== undefined ? `[${p.status}]` : ''} ${p.name}`;
}

function paramKey(p: InventoryParam): string {
  return `${p.location}\n${p.status ?? ''}\n${bodyName(p)}`;
}

/** A body parameter's name as this release writes it: a form field stored whole by older ones (`$['items[0][sku]']`) is its path. */
function bodyName(p: InventoryParam): string {
  return (p.location === 'request.body' || p.location === 'response.body' ? legacyFormPath(p.name) : null) ?? p.name;
}

function onlyNone(authTypes: readonly string[]): boolean {
  return authTypes.length > 0 && authTypes.every((a) => a === 'none');
}

function list(xs: readonly string[]): string {
  return xs.length > 0 ? xs.join(', ') : 'none seen';
}

type Emit = (kind: ChangeKind, detail: string) => void;

/**
 * Path params are the endpoint's identity (matched by position, names ignored), not parameter changes.
 * Transport headers (Host, User-Agent: model/standard-headers.ts) are not the API's, and credential
 * headers come and go with auth (auth-changed, auth-removed), so neither is a parameter change.
 */
function comparable(params: readonly InventoryParam[]): Map<string, InventoryParam> {
  const m = new Map<string, InventoryParam>();
  for (const p of params) {
    if (p.location === 'request.path') continue;
    if (isTransportParam(p.location, p.name)) continue;
    const key = paramKey(p);
    const name = bodyName(p);
    const prev = m.get(key);
    // Several indexes of a form list stored whole (`$['items[0][sku]']`, `$['items[1][sku]']`) are one path.
    if (prev !== undefined) m.set(key, { ...prev, types: union(prev.types, p.types), sensitiveTypes: union(prev.sensitiveTypes, p.sensitiveTypes), required: prev.required || p.required });
    else m.set(key, name === p.name ? p : { ...p, name });
  }
  return m;
}

function union<T extends string>(a: readonly T[], b: readonly T[]): T[] {
  return [...new Set([...a, ...b])].sort(cmp);
}

/** What a parameter was in the base: its types and sensitive types. */
type Before = Pick<InventoryParam, 'types' | 'sensitiveTypes'>;

/**
 * Head parameters at a `*` member that the base had under the keys it folded (`$.items.*.qty` for
 * `$.items.SKU-X1Y.qty`, ...: analyzers/param-fold.ts), with what those were together; and the base
 * keys so covered. Such a member is not new, nor are its findings, and the keys are not removed.
 */
function foldedParams(before: ReadonlyMap<string, InventoryParam>, after: ReadonlyMap<string, InventoryParam>): { was: Map<string, Before>; covered: Set<string> } {
  const was = new Map<string, Before>();
  const covered = new Set<string>();
  let gone: { key: string; p: InventoryParam; tokens: PathToken[] }[] | null = null;
  for (const [key, p] of after) {
    if (before.has(key) || !p.name.includes('*')) continue;
    const star = pathTokens(p.name);
    if (star === null || !star.includes(STAR)) continue;
    gone ??= [...before].filter(([k]) => !after.has(k)).flatMap(([k, b]) => {
      const tokens = pathTokens(b.name);
      return tokens === null ? [] : [{ key: k, p: b, tokens }];
    });
    const types = new Set<InventoryParam['types'][number]>();
    const sensitive = new Set<string>();
    for (const g of gone) {
      if (g.p.location !== p.location || g.p.status !== p.status || !starCovers(star, g.tokens)) continue;
      covered.add(g.key);
      for (const t of g.p.types) types.add(t);
      for (const t of g.p.sensitiveTypes) sensitive.add(t);
    }
    if (types.size > 0 || sensitive.size > 0) was.set(key, { types: [...types].sort(cmp), sensitiveTypes: [...sensitive].sort(cmp) });
  }
  return { was, covered };
}

function sensitiveChanges(base: InventoryEndpoint | null, head: InventoryEndpoint, emit: Emit): void {
  const baseParams = comparable(base?.params ?? []);
  const { was } = foldedParams(baseParams, comparable(head.params));
  const covered = new Set<string>();
  for (const p of head.params) {
    const before: Before | undefined = p.location === 'request.path' ? undefined : (baseParams.get(paramKey(p)) ?? was.get(paramKey(p)));
    for (const t of p.sensitiveTypes) {
      covered.add(t);
      if (before?.sensitiveTypes.includes(t) || (p.location === 'request.path' && base?.sensitiveTypes.includes(t))) continue;
      emit('sensitive-added', `${paramLabel(p)}: ${t}`);
    }
  }
  for (const t of head.sensitiveTypes) {
    if (!covered.has(t) && !base?.sensitiveTypes.includes(t)) emit('sensitive-added', `endpoint: ${t}`);
  }
}

function typeList(p: Before): string {
  return [...p.types].sort(cmp).join('|');
}

/** Types compared for change (model/value-types.ts comparableTypeMask: `number` covers `integer`, text locations' scalars are text). */
function comparableTypes(location: string, p: Before): number {
  return comparableTypeMask(location, p.types.reduce((m, t) => m | typeBit(t), 0));
}

function typeMask(p: Before): number {
  return p.types.reduce((m, t) => m | typeBit(t), 0);
}


function paramChanges(base: InventoryEndpoint, head: InventoryEndpoint, emit: Emit): void {
  const before = comparable(base.params);
  const after = comparable(head.params);
  const folded = foldedParams(before, after);
  const beforeSides = new ParamSides([...before.values()].map((p) => ({ ...p, types: typeMask(p) })));
  const afterSides = new ParamSides([...after.values()].map((p) => ({ ...p, types: typeMask(p) })));
  // Present on one side only, and a change by what containers imply (model/container-params.ts).
  const presence = (p: InventoryParam, own: ParamSides, other: ParamSides): boolean =>
    isParamPresenceChange(p.name, typeMask(p), own.of(p.location, p.status), other.of(p.location, p.status));
  for (const [key, p] of after) {
    const old = before.get(key) ?? folded.was.get(key);
    if (!old) {
      if (presence(p, afterSides, beforeSides)) emit('param-added', `${paramLabel(p)} (${typeList(p)})`);
    } else if (comparableTypes(p.location, old) !== comparableTypes(p.location, p)) {
      emit('param-type-changed', `${paramLabel(p)}: ${typeList(old)} -> ${typeList(p)}`);
    }
  }
  for (const [key, p] of before) {
    if (!after.has(key) && !folded.covered.has(key) && presence(p, beforeSides, afterSides)) emit('param-removed', paramLabel(p));
  }
}

/** The credential schemes of a sorted auth list, as one comparable string. */
function credentialed(types: readonly string[]): string {
  return types.filter((t) => t !== 'none').join(',');
}

function authChanges(base: InventoryEndpoint, head: InventoryEndpoint, emit: Emit): void {
  const was = [...base.authTypes].sort(cmp);
  const now = [...head.authTypes].sort(cmp);
  // auth-removed is an endpoint now reachable without auth (CLI.md), as `changes` reports it: a call
  // without credentials answered 2xx. Calls without credentials that were refused (a logged-out
  // check getting 401) change nothing, even when the head capture has no other calls.
  if (head.unauthenticatedSuccess && !base.unauthenticatedSuccess) {
    emit('auth-removed', onlyNone(now) && !onlyNone(was) ? `auth ${list(was)} -> none` : `now answers 2xx without credentials (auth: ${list(now)})`);
  } else if (credentialed(now) !== '' && credentialed(was) !== credentialed(now)) {
    emit('auth-changed', `auth ${list(was)} -> ${list(now)}`);
  }
}

function statusChanges(base: InventoryEndpoint, head: InventoryEndpoint, emit: Emit): void {
  for (const code of Object.keys(head.statusCodes)) {
    if (!(code in base.statusCodes)) emit('status-added', `status ${code}`);
  }
}

/**
 * A media type a request body, or a status's response bodies, came in that the base did not have
 * while it had others there (`application/json` answers now also `text/html`). A body or status the
 * base never had is no media type change (a new status is `status-added`), and files exported before
 * media types were recorded compare without any.
 */
function mediaTypeChanges(base: InventoryEndpoint, head: InventoryEndpoint, emit: Emit): void {
  const added = (was: Record<string, number> | undefined, now: Record<string, number> | undefined, where: string): void => {
    if (was === undefined || now === undefined) return;
    const before = Object.keys(was);
    if (before.length === 0) return;
    for (const t of Object.keys(now).sort(cmp)) if (!(t in was)) emit('media-type-added', `${where}: ${t} (was ${before.sort(cmp).join(', ')})`);
  };
  added(base.requestMediaTypes, head.requestMediaTypes, 'request body');
  if (base.responseMediaTypes === undefined || head.responseMediaTypes === undefined) return;
  for (const status of Object.keys(head.responseMediaTypes).sort(cmp)) added(base.responseMediaTypes[status], head.responseMediaTypes[status], `response ${status}`);
}

function endpointSummary(e: InventoryEndpoint): string {
  const statuses = Object.keys(e.statusCodes).sort(cmp);
  return `${e.calls} call${e.calls === 1 ? '' : 's'}; auth: ${list(e.authTypes)}; status: ${list(statuses)}`;
}

const KIND_ORDER = new Map<string, number>(CHANGE_KINDS.map((k, i) => [k, i]));

export function compareChanges(a: Change, b: Change): number {
  return (
    cmp(a.host, b.host) ||
    cmp(a.path, b.path) ||
    cmp(a.method, b.method) ||
    (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) ||
    cmp(a.detail, b.detail)
  );
}

/**
 * Everything that changed from `base` to `head`. A new endpoint also reports its sensitive data as
 * `sensitive-added`, so a `--fail-on sensitive-added` gate catches new endpoints leaking data too.
 */
export function diffInventories(base: InventoryDoc, head: InventoryDoc, opts: DiffOptions): DiffView {
  const failOn = checkKinds(opts.failOn ?? [], CHANGE_KINDS);
  const rules = parseIgnore(opts.ignore);
  const changes: Change[] = [];
  for (const pair of pairEndpoints(base.endpoints, head.endpoints)) {
    const emit: Emit = (kind, detail) => {
      const c: Change = { kind, host: pair.host, method: pair.method, path: pair.path, detail };
      if (!ignored(c, rules)) changes.push(c);
    };
    if (!pair.base && pair.head) {
      emit('endpoint-added', endpointSummary(pair.head));
      sensitiveChanges(null, pair.head, emit);
    } else if (pair.base && !pair.head) {
      emit('endpoint-removed', pair.base.lastSeen ? `last seen ${pair.base.lastSeen}` : 'no longer seen');
    } else if (pair.base && pair.head) {
      paramChanges(pair.base, pair.head, emit);
      sensitiveChanges(pair.base, pair.head, emit);
      authChanges(pair.base, pair.head, emit);
      statusChanges(pair.base, pair.head, emit);
      mediaTypeChanges(pair.base, pair.head, emit);
    }
  }
  return { changes: changes.sort(compareChanges), failOn };
}

/** Count of changes per kind, in CHANGE_KINDS order, kinds with none left out. */
export function countByKind<K extends string>(items: readonly { kind: K }[], order: readonly K[]): [K, number][] {
  const counts = new Map<K, number>();
  for (const c of items) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  return order.filter((k) => counts.has(k)).map((k) => [k, counts.get(k) as number]);
}
