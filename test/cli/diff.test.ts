// `akto-rt diff` inputs and flags through the real CLI: directories and missing files as one-line
// input errors, invalid --ignore / --fail-on values as usage errors, and '-' for an exported
// inventory on stdin.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf, type SimpleCall } from '../har-builder.js';

const BEARER = { Authorization: 'Bearer opaque-token-abcdef0123456789' };
const KINDS =
  'any, endpoint-added, endpoint-removed, param-added, param-removed, param-type-changed, sensitive-added, auth-changed, auth-removed, status-added, media-type-added';

function capture(head: boolean): SimpleCall[] {
  const calls: SimpleCall[] = [];
  for (const id of [1, 2, 3]) {
    calls.push({ method: 'GET', url: `https://api.example.com/users/${id}`, status: 200, headers: BEARER, response: { id, ...(head ? { nickname: 'a' } : {}) } });
    calls.push({ method: 'GET', url: `https://api.example.com/invoices/${id}`, status: 200, headers: head ? {} : BEARER, response: { id } });
  }
  if (head) calls.push({ method: 'POST', url: 'https://api.example.com/reports', status: 201, headers: BEARER, body: { kind: 'daily' }, response: { ok: true } });
  return calls;
}

describe('diff inputs and flags', () => {
  const dir = tempDir();
  const base = `${dir}/base.db`;
  const head = `${dir}/head.db`;
  const baseJson = `${dir}/base.json`;

  beforeAll(async () => {
    writeFileSync(`${dir}/base.har`, harOf(capture(false)));
    writeFileSync(`${dir}/head.har`, harOf(capture(true)));
    expect((await cli(['analyze', `${dir}/base.har`, '--db', base])).code).toBe(0);
    expect((await cli(['analyze', `${dir}/head.har`, '--db', head])).code).toBe(0);
    expect((await cli(['export', '--inventory', baseJson, '--db', base])).code).toBe(0);
    mkdirSync(`${dir}/adir`);
  });

  it('a directory on either side is a one-line input error naming it (exit 2), not an internal error', async () => {
    for (const args of [[base, `${dir}/adir`], [`${dir}/adir`, head]]) {
      const r = await cli(['diff', ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `akto-rt: ${dir}/adir: cannot read: is a directory; pass an inventory file or a JSON file written by \`akto-rt export --inventory\`\n`,
      );
    }
    const missing = await cli(['diff', `${dir}/nope.json`, head]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`akto-rt: ${dir}/nope.json: cannot read: no such file\n`);
  });

  it('rejects --ignore values that can never match, naming the value and the valid forms (exit 2)', async () => {
    const forms = 'use host:GLOB, path:GLOB (or a bare glob starting with / or *), method:M or kind:KIND';
    const cases: [string, string][] = [
      ['bogus', `akto-rt: --ignore pattern "bogus" is not a valid pattern; ${forms}\n`],
      ['', `akto-rt: --ignore pattern "" is empty; ${forms}\n`],
      ['host:', `akto-rt: --ignore pattern "host:" has nothing after "host:"; ${forms}\n`],
      ['path:users/*', 'akto-rt: --ignore pattern "path:users/*" never matches: paths start with /, e.g. path:/users/*\n'],
      ['kind:bogus', `akto-rt: unknown change kind in ignore pattern "kind:bogus" (--ignore); valid kinds: ${KINDS.slice(5)}\n`],
      ['colour:red', 'akto-rt: unknown ignore pattern prefix "colour:" in --ignore "colour:red"; use host:, path:, method: or kind:\n'],
    ];
    for (const [pattern, stderr] of cases) {
      const r = await cli(['diff', base, head, '--ignore', pattern]);
      expect(r.code, pattern).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(stderr);
    }
    // Valid forms still work, a bare path glob included.
    for (const pattern of ['/users/*', '**', 'path:/reports', 'host:*.example.com', 'method:POST', 'kind:param-*']) {
      expect((await cli(['diff', base, head, '--ignore', pattern])).code, pattern).toBe(0);
    }
  });

  it('names the config file for a bad diff.ignore pattern', async () => {
    writeFileSync(`${dir}/cfg.json`, JSON.stringify({ diff: { ignore: ['debug'] } }));
    const r = await cli(['diff', base, head, '--config', `${dir}/cfg.json`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^akto-rt: ${dir}/cfg\\.json: diff\\.ignore\\[0\\]: diff\\.ignore pattern "debug" is not a valid pattern; `));
  });

  it('rejects an empty or unknown --fail-on instead of running without a gate (exit 2)', async () => {
    for (const value of ['', ',', ' , ']) {
      const r = await cli(['diff', base, head, '--fail-on', value]);
      expect(r.code, JSON.stringify(value)).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`akto-rt: --fail-on needs at least one change kind, got "${value}"; valid kinds: ${KINDS}\n`);
    }
    const bogus = await cli(['diff', base, head, '--fail-on', 'auth-removed,bogus']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toBe(`akto-rt: unknown --fail-on kind "bogus"; valid kinds: ${KINDS}\n`);
    // The gate itself still works.
    expect((await cli(['diff', base, head, '--fail-on', 'auth-removed'])).code).toBe(1);
    expect((await cli(['diff', base, head, '--fail-on', 'status-added'])).code).toBe(0);
  });

  it("reads an exported inventory from stdin for '-', on either side, like the same file", async () => {
    const json = readFileSync(baseJson);
    const fromFile = await cli(['diff', baseJson, head, '--format', 'json']);
    const fromStdin = await cli(['diff', '-', head, '--format', 'json'], { stdin: json });
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stderr).toBe('');
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    expect(JSON.parse(fromStdin.stdout).changes.length).toBeGreaterThan(0);

    const reverse = await cli(['diff', head, '-', '--fail-on', 'endpoint-removed'], { stdin: json });
    expect(reverse.code).toBe(1); // /reports is only in head, so it is removed going head -> base
    expect(reverse.stdout).toContain('endpoint-removed');
  });

  it("rejects '-' twice, empty stdin, non-JSON stdin and a database on stdin with one line naming stdin (exit 2)", async () => {
    const both = await cli(['diff', '-', '-'], { stdin: readFileSync(baseJson) });
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('akto-rt: diff reads at most one side from stdin: BASE and HEAD cannot both be -\n');
    const empty = await cli(['diff', '-', head], { stdin: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('akto-rt: stdin: empty; pipe a JSON file written by `akto-rt export --inventory`\n');
    const junk = await cli(['diff', '-', head], { stdin: '{not json' });
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/^akto-rt: stdin: not valid JSON \(.*\); expected a file written by `akto-rt export --inventory`\n$/);
    const sqlite = await cli(['diff', '-', head], { stdin: readFileSync(base) });
    expect(sqlite.code).toBe(2);
    expect(sqlite.stderr).toBe('akto-rt: stdin: an inventory database cannot be read from stdin or a pipe; pass its path, or pipe `akto-rt export --inventory -`\n');
  });
});
