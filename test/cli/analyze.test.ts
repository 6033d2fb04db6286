import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES, SAMPLES, tempDir } from '../helpers.js';

const HAR = `${SAMPLES}har/`;
const INVALID = `${SAMPLES}invalid/`;

function inventoryState(db: string): { runs: number; endpoints: number; calls: number } {
  const d = new Database(db, { readonly: true });
  try {
    const runs = (d.prepare('SELECT count(*) n FROM runs').get() as { n: number }).n;
    const e = d.prepare('SELECT count(*) n, coalesce(sum(calls), 0) c FROM endpoints').get() as { n: number; c: number };
    return { runs, endpoints: e.n, calls: e.c };
  } finally {
    d.close();
  }
}

describe('analyze on every real HAR sample', () => {
  const dir = tempDir();
  const files = readdirSync(HAR);
  it.each(files)('%s ingests, or is refused in one line when it is not HAR', async (f) => {
    const db = `${dir}/${f}.db`;
    const r = await cli(['analyze', HAR + f, '--db', db, '--format', 'json']);
    if (f.endsWith('.json') && !f.endsWith('.har')) {
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(f);
      return;
    }
    // Only notices (skips, warnings), each naming the file.
    for (const line of r.stderr.split('\n').filter(Boolean)) expect(line.startsWith(`${HAR}${f}: `), line).toBe(true);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.schemaVersion).toBe(1);
    expect(s.inputs[0].format).toBe('har');
    expect(s.inputs[0].entries).toBe(s.inputs[0].calls + s.inputs[0].skipped + s.inputs[0].filtered);
    expect(inventoryState(db).calls).toBe(s.calls);
  });
});

describe('invalid inputs', () => {
  const dir = tempDir();
  const db = `${dir}/inv.db`;
  it.each(readdirSync(INVALID))('%s: one-line error naming the file, exit 2, inventory unchanged', async (f) => {
    await cli(['analyze', `${HAR}chrome_one-post-json-cookie.har`, '--db', db]);
    const before = inventoryState(db);
    const r = await cli(['analyze', INVALID + f, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^akto-rt: /);
    expect(lines[0]).toContain(f);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(inventoryState(db)).toEqual(before);
  });

  it('a bad file among good ones applies nothing from the run', async () => {
    const d2 = `${dir}/mixed.db`;
    const r = await cli(['analyze', `${HAR}fiddler2_nopages_87-entries.har`, `${INVALID}harviewer_not-json.har`, '--db', d2]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('harviewer_not-json.har');
    // A failed first run leaves no inventory file at all: the next command says there is none yet.
    expect(existsSync(d2)).toBe(false);
    expect(existsSync(`${d2}-wal`)).toBe(false);
    expect((await cli(['endpoints', '--db', d2])).stderr).toMatch(/no inventory here yet/);
    // With an inventory already there, the failed run changes nothing in it.
    expect((await cli(['analyze', `${HAR}chrome_one-post-json-cookie.har`, '--db', d2, '-q'])).code).toBe(0);
    const before = inventoryState(d2);
    expect((await cli(['analyze', `${HAR}fiddler2_nopages_87-entries.har`, `${INVALID}harviewer_not-json.har`, '--db', d2])).code).toBe(2);
    expect(inventoryState(d2)).toEqual(before);
    expect(before.runs).toBe(1);
  });

  it('a file of another kind lists the formats understood', async () => {
    const f = `${dir}/notes.txt`;
    writeFileSync(f, 'hello, this is not a capture\n');
    const r = await cli(['analyze', f, '--db', `${dir}/x.db`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/notes\.txt: not a known capture format\. akto-rt reads HAR, Postman/);
  });

  it('a missing file is a one-line error', async () => {
    const r = await cli(['analyze', `${dir}/nope.har`, '--db', `${dir}/x.db`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.har: cannot read: no such file/);
  });
});

describe('runs', () => {
  const dir = tempDir();
  const sample = `${HAR}fiddler2_nopages_87-entries.har`;

  it('recognizes a re-run of the same file by sha256 and does not double count', async () => {
    const db = `${dir}/rerun.db`;
    const first = await cli(['analyze', sample, '--db', db, '--format', 'json']);
    const calls = JSON.parse(first.stdout).calls as number;
    expect(calls).toBeGreaterThan(0);
    const copy = `${dir}/renamed-copy.har`;
    copyFileSync(sample, copy);
    const again = await cli(['analyze', copy, '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`${copy}: already analyzed in run 1`);
    expect(again.stdout).not.toMatch(/already analyzed/); // a notice, not output (CLI.md: stderr)
    expect(inventoryState(db)).toEqual({ runs: 1, endpoints: inventoryState(db).endpoints, calls });
    const forced = await cli(['analyze', copy, '--db', db, '--force']);
    expect(forced.code).toBe(0);
    expect(inventoryState(db).calls).toBe(2 * calls);
    expect(inventoryState(db).runs).toBe(2);
  });

  it('counts the same content given twice in one run once (stdin and the file)', async () => {
    const db = `${dir}/twice.db`;
    const r = await cli(['analyze', '-', sample, '--db', db], { stdin: readFileSync(sample) });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${sample}: already given earlier in this run`);
    const once = inventoryState(db);
    const single = `${dir}/single.db`;
    await cli(['analyze', sample, '--db', single, '-q']);
    expect(once).toEqual(inventoryState(single));
  });

  it('reads gzip-compressed input and stdin, and recognizes the same content on stdin', async () => {
    const db = `${dir}/gz.db`;
    const gz = `${dir}/capture.har.gz`;
    writeFileSync(gz, gzipSync(readFileSync(sample)));
    const a = await cli(['analyze', gz, '--db', db, '--format', 'json']);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout).inputs[0].format).toBe('har');
    const b = await cli(['analyze', '-', '--db', db, '--format', 'json'], { stdin: readFileSync(gz) });
    expect(b.code).toBe(0);
    const s = JSON.parse(b.stdout);
    expect(s.inputs[0].path).toBe('stdin');
    expect(s.inputs[0].duplicateOfRun).toBe(1);
    expect(inventoryState(db).runs).toBe(1);
  });

  it('--strict fails on schema violations and writes nothing', async () => {
    const db = `${dir}/strict.db`;
    const r = await cli(['analyze', `${HAR}handwritten_full-bodies-bearer.har`, '--db', db, '--strict']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/handwritten_full-bodies-bearer\.har \(entry 0\): HAR schema:/);
    expect(existsSync(db)).toBe(false);
  });

  it('--strict fails on a deviation in any format: Akto headers that are not JSON', async () => {
    const f = `${dir}/bad-headers.jsonl`;
    const line = (headers: string): string =>
      JSON.stringify({ path: '/v1/items', method: 'GET', type: 'HTTP/1.1', requestHeaders: headers, requestPayload: '', statusCode: '200', responseHeaders: '{}', responsePayload: '{}', time: '1709251200', ip: '10.0.0.1', destIp: '10.0.0.2' });
    writeFileSync(f, [line('{"host":"api.example"}'), line('{not json')].join('\n') + '\n');
    const lax = await cli(['analyze', f, '--db', `${dir}/lax.db`, '--format', 'json']);
    expect(lax.code).toBe(0);
    expect(JSON.parse(lax.stdout).inputs[0].warnings).toBe(1);
    const strict = await cli(['analyze', f, '--db', `${dir}/strict-akto.db`, '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/bad-headers\.jsonl \(line 2\): requestHeaders is not valid JSON/);
  });

  it('names skipped JSON lines by their line number, as an editor shows it', async () => {
    const r = await cli(['analyze', `${FIXTURES}akto/mirrored-traffic.jsonl`, '--db', `${dir}/lines.db`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${FIXTURES}akto/mirrored-traffic.jsonl: skipped line 4: not valid JSON`);
    expect(r.stdout).not.toContain('skipped line');
    expect(readFileSync(`${FIXTURES}akto/mirrored-traffic.jsonl`, 'utf8').split('\n')[3]).not.toMatch(/^\{.*\}$/);
  });

  it('filters static assets and preflights unless --keep-static', async () => {
    const db = `${dir}/static.db`;
    const r = await cli(['analyze', `${HAR}chrome_ericduran-github-io.har`, '--db', db, '--format', 'json']);
    const s = JSON.parse(r.stdout);
    expect(s.inputs[0].filtered).toBe(30);
    expect(s.inputs[0].filteredReasons['static asset']).toBe(30);
    const kept = await cli(['analyze', `${HAR}chrome_ericduran-github-io.har`, '--db', `${dir}/static2.db`, '--keep-static', '--format', 'json']);
    expect(JSON.parse(kept.stdout).calls).toBe(31);
  });
});

describe('endpoints output', () => {
  const dir = tempDir();
  it('prints JSON per the contract, with traffic times', async () => {
    const db = `${dir}/e.db`;
    await cli(['analyze', `${HAR}fiddler2_nopages_87-entries.har`, '--db', db]);
    const r = await cli(['endpoints', '--db', db, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.schemaVersion).toBe(1);
    expect(j.endpoints.length).toBeGreaterThan(0);
    for (const e of j.endpoints) {
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['host', 'method', 'path', 'calls', 'statusCodes', 'authTypes', 'sensitiveTypes', 'firstSeen', 'lastSeen', 'accessType', 'riskScore']));
      expect(e.firstSeen).toMatch(/^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(e.firstSeen.startsWith('2026-01-01')).toBe(false); // traffic time, not analysis time
    }
    const sorted = [...j.endpoints].sort((a: any, b: any) => (a.host + a.path + a.method).localeCompare(b.host + b.path + b.method));
    expect(j.endpoints.map((e: any) => e.host)).toEqual(sorted.map((e: any) => e.host));
    const md = await cli(['endpoints', '--db', db, '--format', 'markdown']);
    expect(md.stdout).toMatch(/^### /m);
    expect(md.stdout).toMatch(/\| Method \| Path \|/);
  });

  it('an unknown --host is an error naming the known hosts; filters that match nothing say so', async () => {
    const db = `${dir}/e.db`; // from the test above
    const hosts = (JSON.parse((await cli(['endpoints', '--db', db, '--format', 'json'])).stdout).endpoints as { host: string }[]).map((e) => e.host);
    const bad = await cli(['endpoints', '--db', db, '--host', 'nohost.example']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`unknown host nohost.example: not in the inventory; known hosts: ${hosts[0]}`);
    const none = await cli(['endpoints', '--db', db, '--method', 'PROPFIND']);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe(`No endpoints match these filters (the inventory has ${hosts.length} endpoints).\n`);
  });

  it('says where to start when there is no inventory', async () => {
    const r = await cli(['endpoints', '--db', `${dir}/none.db`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no inventory here yet/);
  });

  it('rejects an unknown format with exit 2', async () => {
    const r = await cli(['endpoints', '--db', `${dir}/none.db`, '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are table, json, markdown, csv/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1); // one line (CLI.md), the usage hint on it
    expect(r.stderr).toMatch(/\(run with --help for usage\)\n$/);
  });

  it('a mistyped command is one line with the suggestion', async () => {
    const r = await cli(['endpoint']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("akto-rt: error: unknown command 'endpoint' (Did you mean endpoints?) (run with --help for usage)\n");
  });
});
