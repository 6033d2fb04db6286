// Issue: nothing sensitive is stored or printed in the clear. Known secrets and personal data are
// planted in every location of every input format (fixtures/leak/); `analyze` and every read command
// run in every format, then the SQLite file, its text columns and all outputs are searched for them.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, FIXTURES, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';
import { DISABLE_IDS } from '../../src/config.js';

const LEAK = `${FIXTURES}leak/`;
const INPUTS = ['leak.har', 'leak.postman_collection.json', 'leak-burp.xml', 'leak-akto.jsonl'].map((f) => LEAK + f);
const HOSTS = ['har.leak.test', 'pm.leak.test', 'burp.leak.test', 'akto.leak.test'];

const JWT_PARTS = {
  // payload: {"sub":"canary-sub-1","email":"leak.canary.7731@example.org",...}; the subject is an identity
  // the tool shows on purpose, the token, its payload and its signature are not.
  payload:
    'eyJzdWIiOiJjYW5hcnktc3ViLTEiLCJlbWFpbCI6ImxlYWsuY2FuYXJ5Ljc3MzFAZXhhbXBsZS5vcmciLCJpc3MiOiJodHRwczovL2lkLmxlYWsudGVzdCIsImlhdCI6MTcxMDAwMDAwMCwiZXhwIjo0MTAyNDQ0ODAwfQ',
  signature: 'Y2FuYXJ5LWp3dC1zaWduYXR1cmUtNzczMS1kby1ub3QtcHJpbnQ',
};

/** Planted value -> the strings that must never appear (besides their encoded forms). Identities the
 * tool shows by design (JWT subject `canary-sub-1`, Basic user `canary-user`) are deliberately absent. */
const CANARIES: Record<string, readonly string[]> = {
  email: ['leak.canary.7731@example.org', 'leak.canary'],
  phone: ['+1 415 555 0199', '415 555 0199', '4155550199'],
  'credit-card': ['4111111111111111', '4111 1111 1111 1111', '1111 1111 1111'],
  ssn: ['531-73-7731', '531737731'],
  iban: ['DE89370400440532013000', '370400440532013'],
  jwt: [JWT_PARTS.payload, JWT_PARTS.signature, 'canary-jwt-signature'],
  // the prefixes too: a parser error quoting ten characters of the input must not show them either
  'bearer-token': ['tok_canary_9f8e7d6c5b4a3928', '9f8e7d6c5b4a3928', 'tok_canary_'],
  'basic-password': ['canary-pass-551', 'Y2FuYXJ5LXVzZXI6Y2FuYXJ5LXBhc3MtNTUx'],
  'api-key': ['ak_canary_5c4d3e2f1a0b9c8d', '5c4d3e2f1a0b9c8d', 'ak_canary_'],
  'session-cookie': ['CANARYSESSION0123456789ABCDEF'],
  'aws-access-key-id': ['AKIAIOSFODNN7CANARY7'],
  'aws-secret-key': ['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', 'bPxRfiCYCANARYKEY0'],
  'private-key': ['MIIBOgIBAAJBAKjCANARYPEMq8mL0vDpXk3c7731zYbQ4sFWnT2uE9rA0hG5jKLm', 'CANARYPEM'],
  'db-password': ['dbpass-canary-77'],
  password: ['Canary-Pass-Word-99'],
};

/** The base64 text that encodes `s` wherever it sits in a longer encoded blob (all 3 alignments), standard and URL-safe. */
function base64Forms(s: string): string[] {
  const out: string[] = [];
  for (let k = 0; k < 3; k++) {
    const e = Buffer.from('\0'.repeat(k) + s).toString('base64');
    const mid = e.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + s.length)) / 6));
    out.push(mid, mid.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

interface Needle {
  canary: string;
  text: string;
  caseSensitive: boolean;
}

const NEEDLES: Needle[] = Object.entries(CANARIES).flatMap(([canary, values]) =>
  values.flatMap((v) => {
    const plain = [v, encodeURIComponent(v), encodeURIComponent(v).replace(/%20/g, '+'), JSON.stringify(v).slice(1, -1)];
    return [
      ...[...new Set(plain)].map((text) => ({ canary, text, caseSensitive: false })),
      // short fragments in base64 would match by chance; the full values are long enough to be telling
      ...(v.length >= 15 ? base64Forms(v).map((text) => ({ canary, text, caseSensitive: true })) : []),
    ];
  }),
);

/** Every planted form found in `haystack`, as `canary: "needle" … context …`. */
function leaksIn(haystack: string): string[] {
  const lower = haystack.toLowerCase();
  const found: string[] = [];
  for (const n of NEEDLES) {
    const at = n.caseSensitive ? haystack.indexOf(n.text) : lower.indexOf(n.text.toLowerCase());
    if (at !== -1) found.push(`${n.canary}: ${JSON.stringify(n.text)} in …${haystack.slice(Math.max(0, at - 80), at + n.text.length + 40)}…`);
  }
  return found;
}

interface Output {
  what: string;
  text: string;
}

interface Endpoint {
  host: string;
  method: string;
  path: string;
}

interface Finding extends Endpoint {
  location: string;
  param: string;
  type: string;
}

describe('no planted secret or personal data is stored or printed', () => {
  const dir = tempDir();
  const db = `${dir}/inventory.db`;
  const harOnly = `${dir}/har-only.db`;
  /** The same inputs through worker threads, whose analysis and redaction run in another isolate. */
  const threaded = `${dir}/threaded.db`;
  const inventories = [db, threaded, harOnly];
  const outputs: Output[] = [];
  let endpoints: Endpoint[] = [];
  let findings: Finding[] = [];

  async function run(argv: string[]): Promise<{ code: number; stdout: string }> {
    const r = await cli(argv);
    outputs.push({ what: `akto-rt ${argv.join(' ')}`, text: `${r.stdout}\n${r.stderr}` });
    return r;
  }

  async function runOk(argv: string[]): Promise<string> {
    const r = await run(argv);
    expect(r.code, `akto-rt ${argv.join(' ')}`).toBe(0);
    return r.stdout;
  }

  beforeAll(async () => {
    await runOk(['analyze', ...INPUTS, '--db', db]);
    await runOk(['analyze', ...INPUTS, '--db', threaded, '--format', 'json', '--workers', '2']);
    await runOk(['analyze', INPUTS[0]!, '--db', harOnly]);
    // --strict turns the first invalid entry into the error message: it must not quote the entry either.
    for (const input of INPUTS) await run(['analyze', input, '--strict', '--db', `${dir}/strict.db`]);

    endpoints = (JSON.parse(await runOk(['endpoints', '--db', db, '--format', 'json'])) as { endpoints: Endpoint[] }).endpoints;
    for (const format of ['table', 'markdown', 'csv']) await runOk(['endpoints', '--db', db, '--format', format]);
    await runOk(['endpoints', '--db', db, '--sensitive', '--format', 'json']);
    for (const e of endpoints) {
      for (const format of ['table', 'json', 'markdown']) await runOk(['show', e.method, e.path, '--host', e.host, '--db', db, '--format', format]);
      for (const format of ['table', 'json']) await runOk(['stats', e.method, e.path, '--host', e.host, '--range', '7d', '--db', db, '--format', format]);
    }
    for (const format of ['table', 'json']) await runOk(['stats', '--range', '7d', '--db', db, '--format', format]);
    for (const format of ['table', 'json', 'markdown', 'csv']) await runOk(['auth', '--db', db, '--format', format]);
    findings = (JSON.parse(await runOk(['sensitive', '--db', db, '--format', 'json'])) as { findings: Finding[] }).findings;
    for (const format of ['table', 'markdown', 'csv']) {
      for (const group of ['type', 'endpoint']) await runOk(['sensitive', '--db', db, '--format', format, '--group-by', group]);
    }
    for (const format of ['table', 'json', 'markdown']) await runOk(['changes', '--db', db, '--format', format]);

    await runOk(['export', '--inventory', '-', '--db', db]);
    await runOk(['export', '--inventory', `${dir}/inventory.json`, '--db', db]);
    outputs.push({ what: 'export --inventory file', text: readFileSync(`${dir}/inventory.json`, 'utf8') });
    for (const host of HOSTS) {
      for (const ext of ['json', 'yaml']) {
        const file = `${dir}/openapi-${host}.${ext}`;
        await runOk(['export', '--openapi', file, '--host', host, '--db', db]);
        outputs.push({ what: `export --openapi ${file}`, text: readFileSync(file, 'utf8') });
      }
      for (const format of ['table', 'json', 'markdown', 'junit']) await run(['spec-diff', `${dir}/openapi-${host}.yaml`, '--host', host, '--db', harOnly, '--format', format]);
    }
    for (const format of ['table', 'json', 'markdown', 'junit']) {
      await run(['diff', db, `${dir}/inventory.json`, '--format', format]);
      // against a smaller inventory, so every endpoint, parameter and finding is a printed change
      await run(['diff', harOnly, db, '--format', format]);
      await run(['diff', db, harOnly, '--format', format]);
    }
  });

  it('plants every canary in the inputs (so a clean result means something)', () => {
    const inputs = INPUTS.map((f) => readFileSync(f, 'utf8')).join('\n');
    // Burp messages are base64: decode them so the check sees what the tool reads.
    const burp = [...readFileSync(INPUTS[2]!, 'utf8').matchAll(/base64="true"><!\[CDATA\[([^\]]*)\]\]>/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'));
    expect(burp.length).toBeGreaterThan(5);
    for (const canary of Object.keys(CANARIES)) {
      for (const text of [inputs, burp.join('\n')]) expect(leaksIn(text).some((l) => l.startsWith(`${canary}:`)), canary).toBe(true);
    }
  });

  it('analyzes every format into endpoints on its own host', () => {
    for (const host of HOSTS) expect(endpoints.filter((e) => e.host === host).length, host).toBeGreaterThanOrEqual(6);
  });

  it('detects the planted data, at the locations it was planted (HAR)', () => {
    const har = new Set(findings.filter((f) => f.host === 'har.leak.test').map((f) => `${f.method} ${f.path} ${f.location} ${f.param} ${f.type}`));
    const profile = [...har].find((k) => k.startsWith('POST /api/v1/users/'))?.split(' ')[1];
    expect(profile).toBeDefined();
    const expected = [
      `POST ${profile} request.query email email`,
      `POST ${profile} request.query phone phone`,
      `POST ${profile} request.query card credit-card`,
      `POST ${profile} request.query ssn ssn`,
      `POST ${profile} request.query iban iban`,
      `POST ${profile} request.query jwt jwt`,
      `POST ${profile} request.query password password`,
      `POST ${profile} request.header x-customer-email email`,
      `POST ${profile} request.body $.user.email email`,
      `POST ${profile} request.body $.user.password password`,
      `POST ${profile} request.body $.user.cards[*].number credit-card`,
      `POST ${profile} request.body $.user.aws.accessKeyId aws-access-key-id`,
      `POST ${profile} request.body $.user.aws.secretAccessKey aws-secret-key`,
      `POST ${profile} request.body $.user.privateKey private-key`,
      `POST ${profile} request.body $.user.dbUrl db-connection-string`,
      `POST ${profile} response.body $.items[*].email email`,
      `POST ${profile} response.body $.items[*].card credit-card`,
      `POST ${profile} response.body $.items[*].ssn ssn`,
      `POST ${profile} response.body $.items[*].iban iban`,
      `POST ${profile} response.body $.config.database db-connection-string`,
      `POST ${profile} response.header x-debug-user email`,
      `POST ${profile} request.path email email`,
      'GET /api/v1/tokens/{tokenId} request.path tokenId jwt',
      'GET /api/v1/cards/{cardId}/charges request.path cardId credit-card',
      'PUT /api/v1/notes/{noteId} request.path noteId ssn',
      'GET /api/v1/accounts/{accountId} request.path accountId iban',
      'GET /api/v1/contacts/{contactId}/keys/{keyId} request.path contactId phone',
      'GET /api/v1/contacts/{contactId}/keys/{keyId} request.path keyId aws-access-key-id',
      'POST /api/v1/login request.body $.password password',
      'POST /api/v1/upload request.body $.password password',
      'POST /api/v1/upload request.body $.email email',
    ];
    const missing = expected.filter((want) => ![...har].some((k) => k.startsWith(want)));
    expect(missing, [...har].sort().join('\n')).toEqual([]);
  });

  it('detects every planted type in every format', () => {
    const types = ['email', 'phone', 'credit-card', 'ssn', 'iban', 'jwt', 'password', 'api-key', 'aws-access-key-id', 'aws-secret-key', 'private-key', 'db-connection-string'];
    for (const host of HOSTS) {
      const seen = new Set(findings.filter((f) => f.host === host).map((f) => f.type));
      expect(types.filter((t) => !seen.has(t)), host).toEqual([]);
    }
  });

  it('keeps the identities it shows on purpose, so user stats still work', () => {
    const stats = outputs.filter((o) => o.what.startsWith('akto-rt stats --range 7d')).map((o) => o.text).join('\n');
    expect(stats).toContain('canary-sub-1');
    expect(stats).toContain('canary-user');
  });

  it('prints no planted value in any output of any command', () => {
    expect(outputs.length).toBeGreaterThan(100);
    const leaks = outputs.flatMap((o) => leaksIn(o.text).map((l) => `${o.what}\n    ${l}`));
    expect(leaks).toEqual([]);
  });

  it.each(inventories.map((f) => [f.slice(dir.length + 1), f]))('stores no planted value in any text column of %s', (_name, file) => {
    const sql = new Database(file, { readonly: true });
    const tables = sql.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
    const leaks: string[] = [];
    let rows = 0;
    for (const t of tables) {
      for (const row of sql.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]) {
        rows++;
        for (const [col, v] of Object.entries(row)) if (typeof v === 'string') leaks.push(...leaksIn(v).map((l) => `${t}.${col}: ${l}`));
      }
    }
    sql.close();
    expect(tables.length).toBeGreaterThan(5);
    expect(rows).toBeGreaterThan(100);
    expect(leaks).toEqual([]);
  });

  it.each(inventories.map((f) => [f.slice(dir.length + 1), f]))('leaves no planted value in the bytes of %s (free pages and WAL included)', (_name, file) => {
    const sql = new Database(file);
    sql.pragma('wal_checkpoint(TRUNCATE)');
    sql.close();
    const leaks: string[] = [];
    for (const f of [file, `${file}-wal`, `${file}-journal`]) {
      if (existsSync(f)) leaks.push(...leaksIn(readFileSync(f).toString('latin1')).map((l) => `${f}: ${l}`));
    }
    expect(leaks).toEqual([]);
  });
});

describe('types switched off in the config', () => {
  const dir = tempDir();
  it('are not reported, but their values are masked all the same, stored and printed', async () => {
    const config = `${dir}/off.json`;
    writeFileSync(config, JSON.stringify({ sensitive: { disable: DISABLE_IDS } }));
    const db = `${dir}/off.db`;
    const a = await cli(['analyze', ...INPUTS, '--db', db, '--config', config]);
    expect(a.code, a.stderr).toBe(0);
    const found = JSON.parse((await cli(['sensitive', '--db', db, '--format', 'json'])).stdout).findings as unknown[];
    expect(found).toEqual([]);
    const texts: string[] = [];
    for (const e of JSON.parse((await cli(['endpoints', '--db', db, '--format', 'json'])).stdout).endpoints as Endpoint[]) {
      texts.push((await cli(['show', e.method, e.path, '--host', e.host, '--db', db, '--format', 'json'])).stdout);
    }
    texts.push((await cli(['export', '--inventory', '-', '--db', db])).stdout);
    expect(texts.length).toBeGreaterThan(20);
    expect(texts.flatMap((t) => leaksIn(t))).toEqual([]);
    const sql = new Database(db);
    sql.pragma('wal_checkpoint(TRUNCATE)');
    sql.close();
    expect(leaksIn(readFileSync(db).toString('latin1'))).toEqual([]);
  });
});

describe('explicit opt-out of redaction for local debugging', () => {
  const dir = tempDir();
  it('--unredacted-samples stores the raw sample, warns, and every output says so; the default stays redacted', async () => {
    const token = 'tok_optout_canary_0f1e2d3c4b5a6978';
    const har = `${dir}/o.har`;
    writeFileSync(har, harOf([{ method: 'GET', url: 'https://api.optout.test/me', status: 200, headers: { Authorization: `Bearer ${token}` }, response: { email: 'opt.out.canary@example.org' } }]));
    const plain = await cli(['analyze', har, '--db', `${dir}/plain.db`]);
    expect(plain.stderr).toBe('');
    expect((await cli(['show', 'GET', '/me', '--db', `${dir}/plain.db`, '--format', 'json'])).stdout).not.toContain(token);

    const raw = await cli(['analyze', har, '--db', `${dir}/raw.db`, '--unredacted-samples']);
    expect(raw.code).toBe(0);
    expect(raw.stderr).toMatch(/warning: --unredacted-samples: endpoint samples in .*raw\.db will hold secrets/);
    const json = JSON.parse((await cli(['show', 'GET', '/me', '--db', `${dir}/raw.db`, '--format', 'json'])).stdout);
    expect(json.endpoint.sample.unredacted).toBe(true);
    expect(JSON.stringify(json.endpoint.sample)).toContain(token);
    const table = await cli(['show', 'GET', '/me', '--db', `${dir}/raw.db`]);
    expect(table.stdout).toMatch(/Sample \(UNREDACTED: stored with analyze --unredacted-samples/);
    // findings never carry values, opted out or not
    expect((await cli(['sensitive', '--db', `${dir}/raw.db`, '--format', 'json'])).stdout).not.toContain('opt.out.canary');
  });
});
