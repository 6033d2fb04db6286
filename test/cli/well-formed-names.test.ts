// A lone UTF-16 surrogate (`\ud800` from a JSON escape) in a header, cookie or body key name is no
// character: it is stored as U+FFFD, so the inventory holds valid UTF-8 that other tools can read.

import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

/** Hex of text values holding a UTF-8 encoded surrogate (ED A0..BF xx): invalid UTF-8. */
const SURROGATE_HEX = /^(?:[0-9A-F]{2})*?ED[AB][0-9A-F]/;

describe('names with lone surrogates', () => {
  const dir = tempDir();
  const db = `${dir}/s.db`;
  const body = '{"na\\ud800me":"x","email\\udc00":"jane.doe@example.com","list":[{"k\\udfff":1}]}';

  beforeAll(async () => {
    const entry = {
      startedDateTime: '2024-03-10T12:00:00Z',
      time: 1,
      request: {
        method: 'POST',
        url: 'https://api.example/v1/things',
        httpVersion: 'HTTP/1.1',
        cookies: [{ name: 'c\ud800', value: 'v' }],
        headers: [
          { name: 'X-Weird\ud800', value: 'a' },
          { name: 'Content-Type', value: 'application/json' },
        ],
        queryString: [],
        postData: { mimeType: 'application/json', text: body },
        headersSize: -1,
        bodySize: -1,
      },
      response: {
        status: 200,
        statusText: 'OK',
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: [{ name: 'Content-Type', value: 'application/json' }],
        content: { size: body.length, mimeType: 'application/json', text: body },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    };
    // JSON.stringify writes each lone surrogate as its `\ud800` escape, as capture tools do.
    writeFileSync(`${dir}/s.har`, JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [entry] } }));
    const r = await cli(['analyze', `${dir}/s.har`, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('stores parameter and finding names as valid UTF-8, the surrogate as U+FFFD', () => {
    const d = new Database(db, { readonly: true });
    try {
      const params = d.prepare('SELECT name, hex(name) AS hex FROM params').all() as { name: string; hex: string }[];
      const found = d.prepare('SELECT param, hex(param) AS hex FROM sensitive').all() as { param: string; hex: string }[];
      expect(params.filter((p) => SURROGATE_HEX.test(p.hex)).map((p) => p.name)).toEqual([]);
      expect(found.filter((p) => SURROGATE_HEX.test(p.hex)).map((p) => p.param)).toEqual([]);
      const names = params.map((p) => p.name);
      expect(names).toEqual(expect.arrayContaining(['x-weird\ufffd', 'c\ufffd', "$['na\ufffdme']", "$.list[*]['k\ufffd']"]));
      expect(found.map((f) => f.param)).toContain("$['email\ufffd']");
    } finally {
      d.close();
    }
  });

  it('show lists them, and finds the same names on a second run (no new parameters)', async () => {
    const r = await cli(['show', 'POST', '/v1/things', '--db', db, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('x-weird\ufffd');
    const again = await cli(['analyze', `${dir}/s.har`, '--db', db, '--force']);
    expect(again.stdout).toContain('Run 2');
    const changes = await cli(['changes', '--db', db, '--format', 'json']);
    expect(JSON.parse(changes.stdout).changes).toEqual([]);
  });
});
