// Applies the key folds decided by analyzers/param-fold.ts: body parameters (and their sensitive
// findings) under keys that are data move into the `*` member that stands for them all. Runs inside
// the run's transaction, before change detection, so folded keys are not reported as new parameters.

import type Database from 'better-sqlite3';
import type { Db } from './db.js';
import { beforeRun } from './merge.js';

type Stmt = Database.Statement<unknown[]>;

export const BODY_LOCATIONS = ['request.body', 'response.body'] as const;
export type BodyLocation = (typeof BODY_LOCATIONS)[number];

interface FoldStatements {
  names: Stmt;
  moveParams: Stmt;
  dropParams: Stmt;
  moveFindings: Stmt;
  dropFindings: Stmt;
}

const prepared = new WeakMap<Db, FoldStatements>();

// A call holding several of the folded keys counted once per key: the `*` member never counts more
// calls than its endpoint (or, in a response, than that status) had.
const ENDPOINT_CALLS = `(SELECT e.calls FROM endpoints e WHERE e.id = excluded.endpoint_id)`;
const CAP = `coalesce((SELECT s.calls FROM endpoint_status s WHERE s.endpoint_id = excluded.endpoint_id AND s.status = excluded.status), ${ENDPOINT_CALLS})`;

function statements(db: Db): FoldStatements {
  let st = prepared.get(db);
  if (st !== undefined) return st;
  st = {
    names: db
      .prepare<unknown[]>(
        `SELECT name FROM params WHERE endpoint_id = @id AND location = @loc
         UNION SELECT param FROM sensitive WHERE endpoint_id = @id AND location = @loc`,
      )
      .pluck(),
    moveParams: db.prepare<unknown[]>(
      `INSERT INTO params (endpoint_id, location, status, name, types, types_prev, calls, first_seen, first_run, last_run)
       SELECT endpoint_id, location, status, @to, types, ${beforeRun('types_prev', 'types')}, calls, first_seen, first_run, last_run
       FROM params WHERE endpoint_id = @id AND location = @loc AND name = @from
       ON CONFLICT DO UPDATE SET types = types | excluded.types, types_prev = ${beforeRun('types_prev', 'types')} | excluded.types_prev,
         calls = min(calls + excluded.calls, max(calls, excluded.calls, coalesce(${CAP}, 0))),
         first_seen = min(coalesce(first_seen, excluded.first_seen), coalesce(excluded.first_seen, first_seen)),
         first_run = min(first_run, excluded.first_run), last_run = max(last_run, excluded.last_run)`,
    ),
    dropParams: db.prepare<unknown[]>(`DELETE FROM params WHERE endpoint_id = ? AND location = ? AND name = ?`),
    moveFindings: db.prepare<unknown[]>(
      `INSERT INTO sensitive (endpoint_id, location, param, type, calls, first_seen, last_seen, first_run)
       SELECT endpoint_id, location, @to, type, calls, first_seen, last_seen, first_run
       FROM sensitive WHERE endpoint_id = @id AND location = @loc AND param = @from
       ON CONFLICT DO UPDATE SET calls = min(calls + excluded.calls, max(calls, excluded.calls, coalesce(${ENDPOINT_CALLS}, 0))),
         first_seen = min(coalesce(first_seen, excluded.first_seen), coalesce(excluded.first_seen, first_seen)),
         last_seen = max(coalesce(last_seen, excluded.last_seen), coalesce(excluded.last_seen, last_seen)),
         first_run = min(first_run, excluded.first_run)`,
    ),
    dropFindings: db.prepare<unknown[]>(`DELETE FROM sensitive WHERE endpoint_id = ? AND location = ? AND param = ?`),
  };
  prepared.set(db, st);
  return st;
}

/** The parameter names of one endpoint's request or response body (all statuses), with those only findings name. */
export function bodyParamNames(db: Db, endpointId: number, location: BodyLocation): string[] {
  return statements(db).names.all({ id: endpointId, loc: location }) as string[];
}

/** Moves each parameter `from` of one endpoint's body into `to` (see param-fold.ts), with its findings. */
export function applyKeyFolds(db: Db, endpointId: number, location: BodyLocation, folds: ReadonlyMap<string, string>): void {
  const st = statements(db);
  for (const [from, to] of folds) {
    const at = { id: endpointId, loc: location, from, to };
    st.moveParams.run(at);
    st.dropParams.run(endpointId, location, from);
    st.moveFindings.run(at);
    st.dropFindings.run(endpointId, location, from);
  }
}

/**
 * The endpoints and body locations whose parameters or findings are still named by whole bracketed
 * form fields (`$['line_items[0][price]']`), as releases before form paths wrote them; null once
 * this inventory has been through that fold (markFormPaths), so the scan runs once per inventory.
 */
export function legacyFormNameEndpoints(db: Db): { id: number; location: BodyLocation }[] | null {
  if (db.prepare(`SELECT 1 FROM meta WHERE key = 'form-names'`).get() !== undefined) return null;
  const rows = db
    .prepare(
      `SELECT endpoint_id AS id, location FROM params WHERE location IN ('request.body', 'response.body') AND name LIKE '$[''%[%]'']'
       UNION SELECT endpoint_id, location FROM sensitive WHERE location IN ('request.body', 'response.body') AND param LIKE '$[''%[%]'']'`,
    )
    .all() as { id: number; location: BodyLocation }[];
  return rows;
}

/** Records that this inventory's bracketed form fields are named by their paths (see legacyFormNameEndpoints). */
export function markFormPaths(db: Db): void {
  db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('form-names', 'paths')`).run();
}
