// What the evidence step compares sibling endpoints by. Every list of an API shares its paging query
// (`limit`, `page`) and its envelope (`has_more`, `total`, `object`), so those say nothing about which
// resource an endpoint serves; a list's items do (`/v1/crm/contacts` and `/v1/crm/deals` are both lists).

/** Query parameters that page, sort or shape any list (compared lower-cased, letters and digits only: `page[size]`, `$top`). */
const PAGING_QUERY: ReadonlySet<string> = new Set(
  ('limit offset page pages pagesize perpage pagenumber pageno pagetoken nextpagetoken nexttoken cursor after before ' +
    'startingafter endingbefore sinceid maxid continuationtoken skip take top start count sort sortby sortorder ' +
    'order orderby direction fields select expand include embed')
    .split(' '),
);

/** Top-level response members that describe a list rather than what it lists (same normalization). */
const ENVELOPE_KEYS: ReadonlySet<string> = new Set(
  ('hasmore hasnext hasnextpage hasprevious hasprev total totalcount totalresults totalitems totalpages totalsize ' +
    'count resultcount pagecount page pages pagesize perpage pagenumber limit offset cursor nextcursor prevcursor ' +
    'next previous prev nexturl nextpage nextpagetoken nexttoken nextlink object url')
    .split(' '),
);

/** Top-level members whose whole subtree is paging or links (`$.meta.total`, `$._links.next.href`). */
const ENVELOPE_WRAPPERS: ReadonlySet<string> = new Set('meta links pagination paging pageinfo'.split(' '));

const norm = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A body parameter's JSON path (`$`, `$.a`, `$[*].a`), not a query name (`limit`, OData's `$top`). */
const isBody = (name: string): boolean => name.charCodeAt(0) === 36 && (name.length === 1 || name[1] === '.' || name[1] === '[');

/** `$.has_more` -> `has_more` (whole), `$.meta.total` -> `meta`; null for a top-level array or a quoted key (`$['x y']`): no envelope key needs quotes. */
function topKey(name: string): { key: string; whole: boolean } | null {
  if (!name.startsWith('$.')) return null;
  const rest = name.slice(2);
  const end = rest.search(/[.[]/);
  return end === -1 ? { key: rest, whole: true } : { key: rest.slice(0, end), whole: false };
}

/** A body name (JSON path) that is part of the envelope every list shares; see ENVELOPE_KEYS. */
function isEnvelope(name: string): boolean {
  const top = topKey(name);
  if (top === null) return false;
  const key = norm(top.key);
  if (ENVELOPE_WRAPPERS.has(key)) return true;
  return top.whole && ENVELOPE_KEYS.has(key);
}

/**
 * The names a merge compares: request and response parameters without the paging query and the list
 * envelope. Query names are plain (`limit`), body names JSON paths (`$.data[*].id`).
 */
export function evidenceNames(names: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const n of names) {
    if (isBody(n) ? isEnvelope(n) : PAGING_QUERY.has(norm(n))) continue;
    out.add(n);
  }
  return out;
}

/** The array a body name sits in, up to its first `[*]` (`$.data[*].id` -> `$.data[*]`); null outside arrays. */
function arrayOf(name: string): string | null {
  if (!isBody(name)) return null;
  const i = name.indexOf('[*]');
  return i === -1 ? null : name.slice(0, i + 3);
}

const under = (name: string, list: string): boolean =>
  name.startsWith(list) && (name.length === list.length || name[list.length] === '.' || name[list.length] === '[');

/**
 * The array whose items a group of endpoints lists (`$.data[*]`), or null when they are not lists. It
 * is the array holding the most distinct body names over the group, when that is more than half of
 * them, and at least half of the endpoints with body names have items in it. Taken over the group,
 * not per endpoint, so every member is judged by the same part: the items of different resources add
 * up (and show the list for what it is), while one list-shaped outlier among objects does not turn them
 * into lists, nor does a product whose `variants[*]` outnumber its other fields in one call.
 */
export function listOf(sets: readonly ReadonlySet<string>[]): string | null {
  const union = new Set<string>();
  for (const s of sets) for (const n of s) if (isBody(n)) union.add(n);
  const perArray = new Map<string, number>();
  for (const n of union) {
    const a = arrayOf(n);
    if (a !== null) perArray.set(a, (perArray.get(a) ?? 0) + 1);
  }
  let best: string | null = null;
  let most = 0;
  for (const [a, k] of perArray) {
    if (k > most || (k === most && best !== null && a < best)) {
      best = a;
      most = k;
    }
  }
  if (best === null || most * 2 <= union.size) return null;
  let withBody = 0;
  let holding = 0;
  for (const s of sets) {
    let body = false;
    let items = false;
    for (const n of s) {
      if (!isBody(n)) continue;
      body = true;
      if (under(n, best)) {
        items = true;
        break;
      }
    }
    if (body) withBody++;
    if (items) holding++;
  }
  return holding * 2 >= withBody ? best : null;
}

/** The names of a list's items (`$.data[*].…`); empty for an endpoint with none (an empty list, an error). */
export function itemsOf(names: ReadonlySet<string>, list: string): Set<string> {
  const out = new Set<string>();
  for (const n of names) if (under(n, list)) out.add(n);
  return out;
}

/** An endpoint as the merge step holds it: its names are evidenceNames. */
interface Named {
  paramNames: ReadonlySet<string>;
}

/**
 * What each endpoint of a merge group (its `paramNames` are evidenceNames) is compared by. When the
 * group is a set of lists (see listOf): the names of its list's items, since the envelope and paging
 * every list shares say nothing about what is listed (`/v1/crm/contacts` and `/v1/crm/deals` share `data`, `has_more`, `limit` and an item `id`);
 * and a list whose items have a field no other member's (or the target's) items have lists another
 * resource (`amount` only in deals, `first_name` only in contacts), however much else they share. An
 * endpoint without items (an empty list, an error) shows nothing alike. Otherwise: its names.
 */
export function comparedBy<N extends Named>(members: readonly N[], target: N | undefined): { of: (n: N) => ReadonlySet<string>; other: (n: N) => boolean } {
  const all = target === undefined ? members : [target, ...members];
  const list = listOf(all.map((n) => n.paramNames));
  if (list === null) return { of: (n) => n.paramNames, other: () => false };
  const items = new Map<N, ReadonlySet<string>>();
  const held = new Map<string, number>();
  for (const n of all) {
    const own = itemsOf(n.paramNames, list);
    items.set(n, own);
    for (const name of own) held.set(name, (held.get(name) ?? 0) + 1);
  }
  const other = (n: N): boolean => {
    for (const name of items.get(n)!) if (held.get(name) === 1) return true;
    return false;
  };
  return { of: (n) => items.get(n)!, other };
}
