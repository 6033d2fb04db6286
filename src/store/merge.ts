// Applies template merges decided by analyzers/template-merge.ts: when evidence turns several
// literal endpoints into one template, their whole history (counts, first seen, params, auth,
// findings, stats) moves into it. Runs inside the run's transaction.

import type { PathParam } from '../model/facts.js';
import type { EndpointShape, MergePlan } from '../model/endpoint-shape.js';
import type Database from 'better-sqlite3';
import type { Db } from './db.js';
import { evidenceValueReader } from './queries.js';
import { templateKey } from '../model/template-key.js';
import { textValueType, typeBit } from '../model/value-types.js';


/**
 * Hosts with endpoints, in order, as ranges of consecutive hosts holding about `per` endpoints
 * together (or one host, however many it has). Host counts are read a page at a time.
 */
export function* endpointHostRanges(db: Db, per = 10_000, page = 1000): Generator<{ first: string; last: string }> {
  const next = db.prepare(`SELECT host, count(*) AS n FROM endpoints WHERE host > ? GROUP BY host ORDER BY host LIMIT ?`);
  let range: { first: string; last: string } | null = null;
  let held = 0;
  for (let after = ''; ; ) {
    const hosts = next.all(after, page) as { host: string; n: number }[];
    for (const { host, n } of hosts) {
      if (range === null) range = { first: host, last: host };
      else if (held + n > per) {
        yield range;
        range = { first: host, last: host };
        held = 0;
      } else range.last = host;
      held += n;
    }
    if (hosts.length < page) break;
    after = hosts[hosts.length - 1]!.host;
  }
  if (range !== null) yield range;
}

/**
 * A reader of the endpoints of a range of hosts at a time (see endpointHostRanges), each with the
 * names of its query/body parameters (the similarity evidence) and the values its evidence parameters
 * were seen with. Response bodies count from 2xx answers only: an API answers every path with the same
 * error (`{"error": "unauthorized"}`) or redirect body, which says nothing about what a path serves,
 * so `/shop/orders` and `/shop/customers` refused alike are no evidence of one resource.
 */
export function endpointShapeReader(db: Db): (hosts: { first: string; last: string }) => EndpointShape[] {
  const shapes = db.prepare(
    `SELECT e.id, e.host, e.method, e.path, e.calls, e.path_params, group_concat(p.name, char(1)) AS names
     FROM endpoints e LEFT JOIN params p ON p.endpoint_id = e.id AND (p.location IN ('request.query', 'request.body') OR (p.location = 'response.body' AND p.status BETWEEN 200 AND 299))
     WHERE e.host BETWEEN ? AND ? GROUP BY e.id ORDER BY e.host, e.method, e.path`,
  );
  const values = evidenceValueReader(db);
  return ({ first, last }) => {
    const rows = shapes.all(first, last) as { id: number; host: string; method: string; path: string; calls: number; path_params: string; names: string | null }[];
    const seen = values(first, last);
    return rows.map((r) => ({
      ...(seen.has(r.id) ? { pathValues: seen.get(r.id) } : {}),
      host: r.host,
      method: r.method,
      template: r.path,
      calls: r.calls,
      paramNames: r.names ? [...new Set(r.names.split('\u0001'))].sort() : [],
      pathParams: JSON.parse(r.path_params) as PathParam[],
    }));
  };
}

/**
 * How a column combines: `sum`, `min`, `max`, bitwise `or`, `first` (any one value), or a column's
 * value before the current run (`types_prev`, `ok_prev`), folded as `or`/`sum` over each row's value
 * before the run: a row this run did not touch has its current value there, not its own `*_prev`,
 * which is from the run that last touched it (`{ sumPrev: 'ok_calls' }`).
 */
type Fold = 'sum' | 'min' | 'max' | 'or' | 'first' | { orPrev: string } | { sumPrev: string };

/** The run being written: the latest in the inventory, inside its own transaction. */
const CURRENT_RUN = '(SELECT max(id) FROM runs)';

/**
 * A row's `prev` column as of before the current run (see Fold): nothing (0) for a row this run
 * created, its `prev` for one this run updated, its current value for one this run did not touch.
 */
export function beforeRun(prev: string, current: string): string {
  return `(CASE WHEN first_run = ${CURRENT_RUN} THEN 0 WHEN last_run = ${CURRENT_RUN} THEN ${prev} ELSE ${current} END)`;
}

/** Child tables: key columns (besides endpoint_id) and how other columns combine. */
const CHILD_TABLES: { table: string; keys: string[]; cols: Record<string, Fold> }[] = [
  { table: 'endpoint_status', keys: ['status'], cols: { calls: 'sum', first_run: 'min' } },
  { table: 'endpoint_media_types', keys: ['location', 'status', 'media_type'], cols: { calls: 'sum', first_run: 'min' } },
  {
    table: 'params',
    keys: ['location', 'status', 'name'],
    cols: { types: 'or', types_prev: { orPrev: 'types' }, calls: 'sum', first_seen: 'min', first_run: 'min', last_run: 'max' },
  },
  { table: 'endpoint_auth', keys: ['scheme'], cols: { calls: 'sum', ok_calls: 'sum', ok_prev: { sumPrev: 'ok_calls' }, first_run: 'min', last_run: 'max' } },
  { table: 'jwt_info', keys: ['alg', 'iss', 'expired'], cols: { calls: 'sum' } },
  { table: 'sensitive', keys: ['location', 'param', 'type'], cols: { calls: 'sum', first_seen: 'min', last_seen: 'max', first_run: 'min' } },
  { table: 'samples', keys: [], cols: { ok: 'max', sample: 'first' } },
  { table: 'minute_stats', keys: ['minute'], cols: { calls: 'sum', s2xx: 'sum', s3xx: 'sum', s4xx: 'sum', s5xx: 'sum', s_other: 'sum' } },
  { table: 'user_minute', keys: ['minute', 'user_id'], cols: { calls: 'sum' } },
  { table: 'latency_minute', keys: ['minute', 'bucket'], cols: { calls: 'sum' } },
  { table: 'hour_stats', keys: ['hour'], cols: { calls: 'sum' } },
  { table: 'day_stats', keys: ['day'], cols: { calls: 'sum' } },
  { table: 'user_hour', keys: ['hour', 'user_id'], cols: { calls: 'sum' } },
];

function foldSql(col: string, how: Fold): string {
  if (typeof how === 'object') {
    return 'orPrev' in how ? bitOrSql(beforeRun(col, how.orPrev)) : `sum(${beforeRun(col, how.sumPrev)})`;
  }
  switch (how) {
    case 'sum':
      return `sum(${col})`;
    case 'min':
      return `min(${col})`;
    case 'max':
      return `max(${col})`;
    case 'first':
      // Any one value; samples keep one. min: a redacted sample (`{"request"...`) sorts before an
      // unredacted one (`{"unredacted":true...`), so a merge never keeps the one with secrets in clear.
      return `min(${col})`;
    case 'or':
      return `(SELECT coalesce(sum(DISTINCT b), 0) FROM (SELECT ${col} & 1 AS b UNION SELECT ${col} & 2 UNION SELECT ${col} & 4 UNION SELECT ${col} & 8 UNION SELECT ${col} & 16 UNION SELECT ${col} & 32 UNION SELECT ${col} & 64))`;
  }
}

/** Bitwise OR over a group, which SQLite lacks: OR each bit's max. */
function bitOrSql(col: string): string {
  return [1, 2, 4, 8, 16, 32, 64].map((b) => `max(${col} & ${b})`).join(' + ');
}


type Stmt = Database.Statement<unknown[]>;

/**
 * The statements of a merge, prepared once per connection. The merged endpoints' ids go to a temp
 * table, not into `IN (?, ...)` lists: a merge of 33,000 literals exceeded SQLite's 32,766 bound
 * variables, and statements prepared per merge made each one cost ~3.5 ms.
 */
interface MergeStatements {
  idOf: Stmt;
  clearIds: Stmt;
  addId: Stmt;
  agg: Stmt;
  literals: Stmt;
  update: Stmt;
  folds: { clear: Stmt; fill: Stmt; remove: Stmt; insert: Stmt }[];
  insValue: Stmt;
  moveValues: Stmt;
  dropValues: Stmt;
  pathParam: Stmt;
  dropEndpoints: Stmt;
  setKey: Stmt;
}

const prepared = new WeakMap<Db, MergeStatements>();

const IDS = `(SELECT id FROM temp.merge_ids)`;

function statements(db: Db): MergeStatements {
  let st = prepared.get(db);
  if (st !== undefined) return st;
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS merge_ids (id INTEGER PRIMARY KEY)`);
  const folds = CHILD_TABLES.map((t, i) => {
    const cols = Object.keys(t.cols);
    const select = [...t.keys, ...cols.map((c) => (t.cols[c] === 'or' ? bitOrSql(c) : foldSql(c, t.cols[c]!)))].join(', ');
    // Without keys, an aggregate gives one row even of no rows (NULLs): none is wanted then.
    const group = t.keys.length ? `GROUP BY ${t.keys.join(', ')}` : 'HAVING count(*) > 0';
    const fold = `temp.merge_fold${i}`;
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS merge_fold${i} AS SELECT ${select} FROM ${t.table} WHERE 0 ${group}`);
    return {
      clear: db.prepare<unknown[]>(`DELETE FROM ${fold}`),
      fill: db.prepare<unknown[]>(`INSERT INTO ${fold} SELECT ${select} FROM ${t.table} WHERE endpoint_id IN ${IDS} ${group}`),
      remove: db.prepare<unknown[]>(`DELETE FROM ${t.table} WHERE endpoint_id IN ${IDS}`),
      insert: db.prepare<unknown[]>(`INSERT INTO ${t.table} (endpoint_id, ${[...t.keys, ...cols].join(', ')}) SELECT ?, * FROM ${fold}`),
    };
  });
  st = {
    idOf: db.prepare<unknown[]>(`SELECT id FROM endpoints WHERE host = ? AND method = ? AND path_key = ?`).pluck(),
    clearIds: db.prepare<unknown[]>(`DELETE FROM temp.merge_ids`),
    addId: db.prepare<unknown[]>(`INSERT OR IGNORE INTO temp.merge_ids (id) VALUES (?)`),
    agg: db.prepare<unknown[]>(
      `SELECT sum(calls) AS calls, min(first_seen) AS fs, max(last_seen) AS ls, min(first_run) AS fr, max(last_run) AS lr,
         max(oauth_token) AS oauth, sum(public_calls) AS pub, sum(private_calls) AS priv,
         sum(cleartext_calls) AS clear, sum(unknown_scheme_calls) AS unknownScheme
       FROM endpoints WHERE id IN ${IDS}`,
    ),
    literals: db.prepare<unknown[]>(`SELECT path, calls, first_seen AS firstSeen, first_run AS firstRun, last_run AS lastRun FROM endpoints WHERE id IN ${IDS}`),
    update: db.prepare<unknown[]>(
      `UPDATE endpoints SET path = ?, path_key = ?, path_params = ?, calls = ?, first_seen = ?, last_seen = ?, first_run = ?, last_run = ?,
         oauth_token = ?, public_calls = ?, private_calls = ?, cleartext_calls = ?, unknown_scheme_calls = ?, merge_reason = ? WHERE id = ?`,
    ),
    folds,
    insValue: db.prepare<unknown[]>(
      `INSERT INTO path_values (endpoint_id, param, value, calls) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET calls = calls + excluded.calls`,
    ),
    moveValues: db.prepare<unknown[]>(`UPDATE OR IGNORE path_values SET endpoint_id = ? WHERE endpoint_id = ?`),
    dropValues: db.prepare<unknown[]>(`DELETE FROM path_values WHERE endpoint_id IN ${IDS} AND endpoint_id <> ?`),
    // The literal calls carried their placeholder's value as part of the path: they count as calls
    // with that path parameter, as calls analyzed against the template do.
    pathParam: db.prepare<unknown[]>(
      `INSERT INTO params (endpoint_id, location, status, name, types, types_prev, calls, first_seen, first_run, last_run)
       VALUES (@id, 'request.path', -1, @param, @bit, CASE WHEN @firstRun = ${CURRENT_RUN} THEN 0 ELSE @bit END, @calls, @firstSeen, @firstRun, @lastRun)
       ON CONFLICT DO UPDATE SET types = types | excluded.types, types_prev = ${beforeRun('types_prev', 'types')} | excluded.types_prev, calls = calls + excluded.calls,
         first_seen = min(coalesce(first_seen, excluded.first_seen), coalesce(excluded.first_seen, first_seen)),
         first_run = min(first_run, excluded.first_run), last_run = max(last_run, excluded.last_run)`,
    ),
    dropEndpoints: db.prepare<unknown[]>(`DELETE FROM endpoints WHERE id IN ${IDS} AND id <> ?`),
    setKey: db.prepare<unknown[]>(`UPDATE endpoints SET path_key = ? WHERE id = ?`),
  };
  prepared.set(db, st);
  return st;
}

/** Moves `from` endpoints (and an existing `into`, if any) into one endpoint `into`; returns its id (null when none was found). */
export function applyMerge(db: Db, m: MergePlan): number | null {
  const st = statements(db);
  const keys = [...new Set([templateKey(m.into), ...m.from.map(templateKey)])];
  // In path-key order (SQLite's, by UTF-8 bytes), as the unique index gave them: the first is kept.
  const found: { key: Buffer; id: number }[] = [];
  for (const k of keys) {
    const id = st.idOf.get(m.host, m.method, k) as number | undefined;
    if (id !== undefined) found.push({ key: Buffer.from(k), id });
  }
  if (found.length === 0) return null;
  const ids = found.sort((a, b) => Buffer.compare(a.key, b.key)).map((f) => f.id);
  st.clearIds.run();
  for (const id of ids) st.addId.run(id);
  const agg = st.agg.get() as Record<string, number>;
  // The concrete literal values become remembered values of the new parameter.
  const intoSegs = m.into.split('/');
  const literals = st.literals.all() as { path: string; calls: number; firstSeen: number | null; firstRun: number; lastRun: number }[];
  const target = ids[0]!;
  st.update.run(m.into, `\u0000merging${target}`, JSON.stringify(m.pathParams), agg.calls, agg.fs, agg.ls, agg.fr, agg.lr, agg.oauth, agg.pub, agg.priv, agg.clear, agg.unknownScheme, m.reason, target);
  for (const f of st.folds) {
    f.clear.run();
    f.fill.run();
    f.remove.run();
    f.insert.run(target);
  }
  for (const id of ids) if (id !== target) st.moveValues.run(target, id);
  st.dropValues.run(target);
  for (const lit of literals) {
    const segs = lit.path.split('/');
    let p = 0;
    for (let i = 0; i < intoSegs.length; i++) {
      if (!intoSegs[i]!.startsWith('{')) continue;
      const param = m.pathParams[p++]?.name ?? intoSegs[i]!.slice(1, -1);
      const seg = segs[i];
      if (seg === undefined || seg.startsWith('{')) continue;
      st.insValue.run(target, param, seg, lit.calls);
      const bit = typeBit(textValueType(seg));
      st.pathParam.run({ id: target, param, bit, calls: lit.calls, firstSeen: lit.firstSeen, firstRun: lit.firstRun, lastRun: lit.lastRun });
    }
  }
  st.dropEndpoints.run(target);
  st.setKey.run(templateKey(m.into), target);
  return target;
}
