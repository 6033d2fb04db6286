// An `export --inventory` file as Windows tools save it: with a UTF-8 byte order mark, or in UTF-16
// (Windows PowerShell's `>` redirect), with or without a byte order mark. `diff` reads each as the
// same inventory, from a file or from stdin.

import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i + 1 < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return be;
}

describe('diff reads exported inventories in UTF-8 with BOM and UTF-16', () => {
  const dir = tempDir();
  const db = `${dir}/same.db`;
  let text = '';

  beforeAll(async () => {
    writeFileSync(
      `${dir}/c.har`,
      harOf([
        { method: 'GET', url: 'https://api.example.com/users/1?lang=fr', response: { id: 1, prénom: 'Zoë', 名前: 'x' } },
        { method: 'GET', url: 'https://api.example.com/wiki/café', response: { ok: true } },
      ]),
    );
    expect((await cli(['analyze', `${dir}/c.har`, '--db', db])).code).toBe(0);
    expect((await cli(['export', '--inventory', `${dir}/inv.json`, '--db', db])).code).toBe(0);
    text = readFileSync(`${dir}/inv.json`, 'utf8');
    expect(text).toMatch(/[^\x00-\x7f]/); // non-ASCII content, so a wrong decoding would show
  });

  const copies: [string, () => Buffer][] = [
    ['UTF-8 with BOM', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    ['UTF-16 LE with BOM', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['UTF-16 BE with BOM', () => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)])],
    ['UTF-16 LE without BOM', () => Buffer.from(text, 'utf16le')],
    ['UTF-16 BE without BOM', () => utf16be(text)],
  ];

  for (const [label, bytes] of copies) {
    it(`${label}: diff copy.json same.db finds no changes, either way round and from stdin`, async () => {
      const file = `${dir}/${label.replace(/\W+/g, '-')}.json`;
      writeFileSync(file, bytes());
      for (const args of [[file, db], [db, file]]) {
        const r = await cli(['diff', ...args, '--fail-on', 'any']);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toBe('No API changes.\nGate --fail-on any: passed\n');
      }
      const piped = await cli(['diff', '-', db, '--format', 'json'], { stdin: bytes() });
      expect(piped.code, piped.stderr).toBe(0);
      expect(JSON.parse(piped.stdout).changes).toEqual([]);
    });
  }

  it('a file that is not JSON in any of these encodings still fails as not valid JSON (exit 2)', async () => {
    writeFileSync(`${dir}/bad.json`, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"kind": ', 'utf16le')]));
    const r = await cli(['diff', `${dir}/bad.json`, db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not valid JSON');
  });
});
