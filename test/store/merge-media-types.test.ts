// When literal endpoints fold into one template, their body media types move with them: counts of
// the same type (per location and status) add up, the earliest first run is kept.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { applyMerge } from '../../src/store/merge.js';
import { endpointRows, mediaTypeRows } from '../../src/store/queries.js';
import { tempDir } from '../helpers.js';

describe('template merges', () => {
  it('sum the media types of the merged endpoints', () => {
    const db = openDb(join(tempDir(), 'inv.db'));
    db.exec(`INSERT INTO runs (id, status, started_at) VALUES (1, 'complete', '2026-01-01T00:00:00Z'), (2, 'complete', '2026-01-02T00:00:00Z')`);
    const ep = db.prepare(`INSERT INTO endpoints (host, method, path, path_key, calls, first_run, last_run) VALUES ('h', 'POST', ?, ?, ?, ?, 2)`);
    const media = db.prepare(`INSERT INTO endpoint_media_types (endpoint_id, location, status, media_type, calls, first_run) VALUES (?, ?, ?, ?, ?, ?)`);
    const shoes = ep.run('/products/shoes', '/products/shoes', 5, 1).lastInsertRowid;
    const hats = ep.run('/products/hats', '/products/hats', 4, 2).lastInsertRowid;
    media.run(shoes, 'request.body', -1, 'application/x-www-form-urlencoded', 3, 1);
    media.run(shoes, 'request.body', -1, 'application/json', 2, 1);
    media.run(shoes, 'response.body', 200, 'application/json', 5, 1);
    media.run(hats, 'request.body', -1, 'application/x-www-form-urlencoded', 4, 2);
    media.run(hats, 'response.body', 200, 'application/json', 3, 2);
    media.run(hats, 'response.body', 404, 'text/html', 1, 2);

    const id = applyMerge(db, { host: 'h', method: 'POST', into: '/products/{productName}', pathParams: [{ name: 'productName', type: 'string' }], from: ['/products/hats', '/products/shoes'], reason: 'test' });
    expect(endpointRows(db).map((e) => [e.id, e.path, e.calls])).toEqual([[id, '/products/{productName}', 9]]);
    expect(mediaTypeRows(db)).toEqual([
      { endpointId: id, location: 'request.body', status: -1, mediaType: 'application/json', calls: 2 },
      { endpointId: id, location: 'request.body', status: -1, mediaType: 'application/x-www-form-urlencoded', calls: 7 },
      { endpointId: id, location: 'response.body', status: 200, mediaType: 'application/json', calls: 8 },
      { endpointId: id, location: 'response.body', status: 404, mediaType: 'text/html', calls: 1 },
    ]);
    const firstRuns = db.prepare(`SELECT media_type, status, first_run FROM endpoint_media_types ORDER BY media_type, status`).raw().all();
    expect(firstRuns).toEqual([['application/json', -1, 1], ['application/json', 200, 1], ['application/x-www-form-urlencoded', -1, 1], ['text/html', 404, 2]]);
    db.close();
  });
});
