// A Postman collection read from stdin is spooled to a file and read back; a read that fails part way
// (a document that is no collection) must close that file, not leave it to the garbage collector.

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

describe('a spooled collection whose read fails', () => {
  it('leaves no file open', async () => {
    const dir = tempDir();
    const doc = JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} });
    const open = (): number => readdirSync('/proc/self/fd').length;
    await cli(['analyze', '-', '--db', `${dir}/warm.db`], { stdin: doc, env: { TMPDIR: dir } }); // modules loaded, SQLite opened once
    const before = open();
    for (let i = 0; i < 5; i++) {
      const r = await cli(['analyze', '-', '--db', `${dir}/s${i}.db`], { stdin: doc, env: { TMPDIR: dir } });
      expect(r.stderr).toContain('this is an OpenAPI/Swagger document');
    }
    expect(open()).toBeLessThanOrEqual(before);
  });
});
