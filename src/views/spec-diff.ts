// Observed traffic against a published spec: every endpoint is documented, shadow (seen, not in the
// spec) or zombie (in the spec, never seen), plus parameters seen on documented endpoints but not declared.

import { UsageError } from '../errors.js';
import type { InventoryDoc, InventoryEndpoint } from '../model/inventory.js';
import { checkKinds, kindFails } from './diff.js';
import { isStandardRequestHeader } from '../model/standard-headers.js';
import { normalizeHost } from './resolve-endpoint.js';
import type { LoadedSpec, SpecOperation, SpecParamSchema } from './spec-load.js';

export const SPEC_DIFF_KINDS = ['shadow', 'zombie', 'undocumented-param'] as const;
export type SpecDiffKind = 'documented' | (typeof SPEC_DIFF_KINDS)[number];

export interface SpecDiffEntry {
  kind: SpecDiffKind;
  host: string;
  method: string;
  path: string;
  detail: string;
}

export interface SpecDiffView {
  spec: { file: string; title: string; version: string };
  entries: SpecDiffEntry[];
  /** Validated --fail-on kinds (may hold 'any'). */
  failOn: string[];
  /** How hosts were chosen, when that could surprise. */
  notes: string[];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- does a literal traffic segment fit a spec path parameter?

const FORMAT_TESTS: Readonly<Record<string, RegExp>> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/,
  email: /^[^@\s]+@[^@\s]+$/,
  int32: /^-?\d+$/,
  int64: /^-?\d+$/,
  ipv4: /^\d{1,3}(\.\d{1,3}){3}$/,
};
const TYPE_TESTS: Readonly<Record<string, RegExp>> = {
  integer: /^-?\d+$/,
  number: /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/,
  boolean: /^(true|false)$/,
  string: /^/,
};

function stringFits(schema: SpecParamSchema, value: string): boolean {
  if (schema.minLength !== undefined && value.length < schema.minLength) return false;
  if (schema.maxLength !== undefined && value.length > schema.maxLength) return false;
  const format = schema.format === undefined ? undefined : FORMAT_TESTS[schema.format];
  if (format && !format.test(value)) return false;
  if (schema.pattern !== undefined) {
    try {
      if (!new RegExp(schema.pattern, 'u').test(value)) return false;
    } catch {
      // A pattern JavaScript cannot compile says nothing either way; do not reject on it.
    }
  }
  return true;
}

/** True when `value` (a literal segment like 'me') is a valid value of the spec parameter's schema. */
export function literalFits(schema: SpecParamSchema | undefined, value: string): boolean {
  if (!schema) return true;
  if (schema.enum) return schema.enum.some((v) => String(v) === value);
  const types = schema.type === undefined ? ['string'] : Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.some((t) => (t === 'string' ? stringFits(schema, value) : (TYPE_TESTS[t]?.test(value) ?? false)));
}

// ---- path matching

function isPlaceholder(s: string): boolean {
  return s.length >= 2 && s.startsWith('{') && s.endsWith('}') && s.indexOf('{', 1) < 0;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Prepared {
  op: SpecOperation;
  segments: string[];
  placeholders: number;
  /** Position in the spec's operation list: among equally specific matches the earlier one wins. */
  order: number;
}

/** '/users/' and '/users' are one resource to both specs and servers in practice. */
function pathSegments(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.split('/');
}

function prepare(op: SpecOperation, order: number): Prepared {
  const segments = pathSegments(op.path);
  return { op, segments, placeholders: segments.filter((s) => s.includes('{')).length, order };
}

function schemaOf(op: SpecOperation, name: string): SpecParamSchema | undefined {
  return op.params.find((p) => p.location === 'path' && p.name === name)?.schema;
}

function segmentFits(spec: string, seen: string, op: SpecOperation): boolean {
  if (spec === seen) return true;
  const seenIsParam = seen.includes('{');
  if (isPlaceholder(spec)) return seenIsParam ? isPlaceholder(seen) : seen !== '' && literalFits(schemaOf(op, spec.slice(1, -1)), seen);
  if (!spec.includes('{')) return false;
  if (seenIsParam) return spec.replace(/\{[^}]*\}/g, '{}') === seen.replace(/\{[^}]*\}/g, '{}');
  return new RegExp(`^${spec.split(/\{[^}]*\}/).map(escapeRegex).join('[^/]+?')}$`).test(seen);
}

function pathFits(p: Prepared, seenSegments: readonly string[]): boolean {
  if (p.segments.length !== seenSegments.length) return false;
  for (let i = 0; i < seenSegments.length; i++) {
    if (!segmentFits(p.segments[i] as string, seenSegments[i] as string, p.op)) return false;
  }
  return true;
}

// ---- which operations an endpoint could match

/**
 * Operations of one method and segment count. A segment without `{` fits only the identical traffic
 * segment (segmentFits), so an operation can match only traffic that has each of its literal segments
 * in place: each operation is filed under one of them, and an endpoint looks only at the operations
 * filed under its own segments. Which literal files an operation does not change what matches it;
 * the rarest in the group keeps the lists short ('/v1/svc3/items42/{itemId}' under 'items42', not
 * under 'v1', or the empty segment before the leading '/', that every operation has).
 */
interface OperationGroup {
  /** Segment position -> literal text there -> the operations filed under it, in spec order. */
  byLiteral: Map<number, Map<string, Prepared[]>>;
  /** Operations without a literal segment (every segment a placeholder or mixed, `{id}.json`): tried by all. */
  unfiled: Prepared[];
}

/** Groups by `<segment count> <METHOD>`: a path fits only a template of as many segments (pathFits). */
type OperationIndex = Map<string, OperationGroup>;

function groupKey(method: string, segments: number): string {
  return `${segments} ${method}`;
}

/** Built once per spec, so matching an endpoint costs its candidates, not every operation in the spec. */
function indexOperations(prepared: readonly Prepared[]): OperationIndex {
  const members = new Map<string, Prepared[]>();
  for (const p of prepared) {
    const key = groupKey(p.op.method, p.segments.length);
    const list = members.get(key);
    if (list) list.push(p);
    else members.set(key, [p]);
  }
  const index: OperationIndex = new Map();
  for (const [key, ops] of members) {
    // How many of the group's operations have each literal at each position ('2/users').
    const counts = new Map<string, number>();
    for (const p of ops) {
      for (const [i, seg] of p.segments.entries()) if (!seg.includes('{')) counts.set(`${i}/${seg}`, (counts.get(`${i}/${seg}`) ?? 0) + 1);
    }
    const group: OperationGroup = { byLiteral: new Map(), unfiled: [] };
    for (const p of ops) {
      // The rarest literal, the first of equally rare ones.
      let at = -1;
      let fewest = Infinity;
      for (const [i, seg] of p.segments.entries()) {
        const n = seg.includes('{') ? Infinity : (counts.get(`${i}/${seg}`) as number);
        if (n < fewest) {
          at = i;
          fewest = n;
        }
      }
      if (at < 0) {
        group.unfiled.push(p);
        continue;
      }
      const text = p.segments[at] as string;
      let byText = group.byLiteral.get(at);
      if (!byText) group.byLiteral.set(at, (byText = new Map()));
      const list = byText.get(text);
      if (list) list.push(p);
      else byText.set(text, [p]);
    }
    index.set(key, group);
  }
  return index;
}

/** Lists that together hold every operation that could match `segments` (and a few that will not). */
function candidateLists(index: OperationIndex, method: string, segments: readonly string[]): Prepared[][] {
  const group = index.get(groupKey(method, segments.length));
  if (!group) return [];
  const lists = [group.unfiled];
  for (const [at, byText] of group.byLiteral) {
    const list = byText.get(segments[at] as string);
    if (list) lists.push(list);
  }
  return lists;
}

/**
 * Literals beat placeholders, then the path that sorts first, then the operation listed first in the
 * spec. The last rule is what a scan of the spec in order, keeping the first of equals, would pick:
 * candidate lists are not in spec order as a whole.
 */
function moreSpecific(a: Prepared, b: Prepared): boolean {
  return (a.placeholders - b.placeholders || cmp(a.op.path, b.op.path) || a.order - b.order) < 0;
}

/**
 * The most specific documented operation that covers the endpoint (moreSpecific). HEAD traffic that no
 * HEAD operation covers is covered by the GET operation: HEAD is GET without the body (RFC 9110
 * 9.3.2), which specs seldom list.
 */
function findOperation(e: InventoryEndpoint, index: OperationIndex, byHost: boolean): Prepared | null {
  const method = e.method.toUpperCase();
  const segments = pathSegments(e.path.split('#')[0] as string);
  return bestOperation(e.host, method, segments, index, byHost) ?? (method === 'HEAD' ? bestOperation(e.host, 'GET', segments, index, byHost) : null);
}

function bestOperation(host: string, method: string, segments: readonly string[], index: OperationIndex, byHost: boolean): Prepared | null {
  let best: Prepared | null = null;
  for (const list of candidateLists(index, method, segments)) {
    for (const c of list) {
      if (byHost && c.op.host !== null && c.op.host !== host) continue;
      if (!pathFits(c, segments)) continue;
      if (!best || moreSpecific(c, best)) best = c;
    }
  }
  return best;
}

// ---- parameters

function undocumentedParams(e: InventoryEndpoint, p: Prepared): string[] {
  const out: string[] = [];
  const declared = new Set(p.op.params.map((x) => `${x.location}\n${x.location === 'header' ? x.name.toLowerCase() : x.name}`));
  for (const param of e.params) {
    if (param.name === '*' || param.name === '') continue; // a value used as a name (`?<token>`), or `?=`: no spec names it
    let key: string | null = null;
    if (param.location === 'request.query') key = `query\n${param.name}`;
    else if (param.location === 'request.cookie') key = `cookie\n${param.name}`;
    else if (param.location === 'request.header' && !isStandardRequestHeader(param.name)) key = `header\n${param.name.toLowerCase()}`;
    // `filter[status]` is a member of a `filter` object parameter (`style: deepObject`, or PHP/Rails-style arrays).
    const bracket = param.location === 'request.query' ? param.name.indexOf('[') : -1;
    if (key !== null && !declared.has(key) && !(bracket > 0 && declared.has(`query\n${param.name.slice(0, bracket)}`))) out.push(`${param.location} ${param.name}`);
  }
  // Path parameters line up by position; a spec placeholder without a declared parameter documents nothing.
  for (const seg of p.segments) {
    if (isPlaceholder(seg) && !declared.has(`path\n${seg.slice(1, -1)}`)) out.push(`request.path ${seg.slice(1, -1)} (placeholder not declared in the spec)`);
  }
  return [...new Set(out)].sort(cmp);
}

// ---- which traffic is compared

interface Selection {
  endpoints: InventoryEndpoint[];
  byHost: boolean;
  notes: string[];
}

function selectTraffic(doc: InventoryDoc, spec: LoadedSpec, host: string | undefined): Selection {
  const trafficHosts = [...new Set(doc.endpoints.map((e) => e.host))].sort(cmp);
  if (host !== undefined) {
    const endpoints = doc.endpoints.filter((e) => e.host === host);
    if (endpoints.length === 0) {
      throw new UsageError(`no endpoints for host "${host}"; hosts in the inventory: ${trafficHosts.join(', ') || '(none)'}`);
    }
    // The user named the traffic the spec describes: compare by path whatever hosts the spec's servers name.
    return { endpoints, byHost: false, notes: [] };
  }
  const specHosts = new Set(spec.operations.map((o) => o.host).filter((h): h is string => h !== null));
  if (specHosts.size === 0) {
    const notes = trafficHosts.length > 1 ? [`the spec names no server host; compared traffic of all ${trafficHosts.length} hosts by path (use --host to pick one)`] : [];
    return { endpoints: [...doc.endpoints], byHost: false, notes };
  }
  const endpoints = doc.endpoints.filter((e) => specHosts.has(e.host));
  if (endpoints.length === 0) {
    return {
      endpoints: [...doc.endpoints],
      byHost: false,
      notes: [`no traffic for the spec's servers (${[...specHosts].sort(cmp).join(', ')}); compared all traffic by path (use --host to pick one)`],
    };
  }
  const skipped = trafficHosts.filter((h) => !specHosts.has(h));
  const notes = skipped.length > 0 ? [`compared only hosts named by the spec's servers; ignored ${skipped.join(', ')} (use --host to pick one)`] : [];
  return { endpoints, byHost: true, notes };
}

function compareEntries(a: SpecDiffEntry, b: SpecDiffEntry): number {
  return cmp(a.host, b.host) || cmp(a.path, b.path) || cmp(a.method, b.method) || cmp(a.kind, b.kind) || cmp(a.detail, b.detail);
}

/**
 * Classifies every selected traffic endpoint and every documented operation. An operation listed
 * under several servers is one operation: seen on any of them, it is not a zombie.
 */
export function specDiff(doc: InventoryDoc, spec: LoadedSpec, opts: { host?: string; failOn?: string[] }): SpecDiffView {
  const failOn = checkKinds(opts.failOn ?? [], SPEC_DIFF_KINDS);
  // --host spelled as stored hosts are (`bücher.example`, `API.example:443` name stored hosts).
  const host = opts.host === undefined ? undefined : normalizeHost(opts.host, [...new Set(doc.endpoints.map((e) => e.host))]);
  const sel = selectTraffic(doc, spec, host);
  const index = indexOperations(spec.operations.map((op, order) => prepare(op, order)));
  const seenIds = new Set<string>();
  const entries: SpecDiffEntry[] = [];
  for (const e of sel.endpoints) {
    const at = { host: e.host, method: e.method, path: e.path };
    const match = findOperation(e, index, sel.byHost);
    if (!match) {
      entries.push({ kind: 'shadow', ...at, detail: `not in the spec; ${e.calls} call${e.calls === 1 ? '' : 's'}` });
      continue;
    }
    seenIds.add(match.op.id);
    entries.push({ kind: 'documented', ...at, detail: `documented as ${match.op.method} ${match.op.path}` });
    for (const p of undocumentedParams(e, match)) entries.push({ kind: 'undocumented-param', ...at, detail: p });
  }
  const zombies = new Map<string, SpecOperation>();
  for (const op of spec.operations) {
    if (seenIds.has(op.id) || zombies.has(op.id)) continue;
    zombies.set(op.id, op);
  }
  for (const op of zombies.values()) {
    entries.push({ kind: 'zombie', host: op.host ?? host ?? '', method: op.method, path: op.path, detail: 'documented, never seen in traffic' });
  }
  return {
    spec: { file: spec.file, title: spec.title, version: spec.version },
    entries: entries.sort(compareEntries),
    failOn,
    notes: sel.notes,
  };
}

export function specDiffShouldFail(view: SpecDiffView, failOn: readonly string[]): boolean {
  const kinds = checkKinds(failOn, SPEC_DIFF_KINDS);
  return view.entries.some((e) => e.kind !== 'documented' && kindFails(e.kind, kinds));
}
