// A Postman collection file is read in two passes (postman-stream.ts); stdin and gzip are spooled to a
// temporary file first, then read the same way. Through the real CLI all give the same inventory and
// counts, broken JSON fails in one line, and the spool is removed however the run ends.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cli, SAMPLES, tempDir } from '../helpers.js';

interface Input {
  format: string;
  entries: number;
  calls: number;
  skipped: number;
  filtered: number;
  warnings: number;
  skippedReasons: unknown[];
}

/** The run's counts for its one input, and the inventory it wrote. */
async function ingest(input: string, db: string, stdin?: Buffer): Promise<{ input: Input; inventory: string }> {
  const r = await cli(['analyze', input, '--db', db, '--format', 'json'], { stdin });
  expect(r.code, r.stderr).toBe(0);
  const { format, entries, calls, skipped, filtered, warnings, skippedReasons } = (JSON.parse(r.stdout) as { inputs: Input[] }).inputs[0]!;
  const inventory = (await cli(['export', '--db', db, '--inventory', '-'])).stdout;
  return { input: { format, entries, calls, skipped, filtered, warnings, skippedReasons }, inventory };
}

describe('Postman collections from a file, stdin and gzip', () => {
  const dir = tempDir();
  const files = readdirSync(`${SAMPLES}postman`).filter((f) => !f.includes('v1-format'));

  it.each(files)('%s: the same inventory and counts whichever way it is read', async (f) => {
    const path = `${SAMPLES}postman/${f}`;
    const bytes = readFileSync(path);
    const gz = `${dir}/${f}.gz`;
    writeFileSync(gz, gzipSync(bytes));
    const fromFile = await ingest(path, `${dir}/${f}.file.db`);
    expect(fromFile.input.format).toBe('postman');
    expect(await ingest('-', `${dir}/${f}.stdin.db`, bytes)).toEqual(fromFile);
    expect(await ingest(gz, `${dir}/${f}.gz.db`)).toEqual(fromFile);
  });

  it('reads folder auth and root variables written after item, past a BOM', async () => {
    const file = `${dir}/after.postman_collection.json`;
    const doc =
      '\ufeff{"info":{"name":"after","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},' +
      '"item":[{"name":"Users","item":[{"name":"list","request":{"method":"GET","url":"{{base}}/users"}}],' +
      '"auth":{"type":"bearer","bearer":[{"key":"token","value":"{{tok}}"}]}}],' +
      '"variable":[{"key":"base","value":"https://api.example.com"},{"key":"tok","value":"abc.def.ghi"}]}';
    writeFileSync(file, doc);
    const fromFile = await ingest(file, `${dir}/after.db`);
    expect(fromFile.input).toMatchObject({ calls: 1, skipped: 0 });
    const inventory = JSON.parse(fromFile.inventory) as { endpoints: { host: string; path: string; authTypes: string[] }[] };
    expect(inventory.endpoints.map((e) => [e.host, e.path, e.authTypes])).toEqual([['api.example.com', '/users', ['bearer']]]);
    expect(await ingest('-', `${dir}/after-stdin.db`, Buffer.from(doc))).toEqual(fromFile);
  });

  it('refuses a collection that is not valid JSON in one line naming the file and the byte, and writes nothing', async () => {
    const file = `${dir}/broken.postman_collection.json`;
    const good = '{"info":{"schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[{"request":"https://a.example/"}]}';
    writeFileSync(file, good.replace('"request"', '"request" "x":1,'));
    const r = await cli(['analyze', file, '--db', `${dir}/broken.db`]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${file}: not valid JSON at byte ${good.indexOf('"request"') + 10}`);
    expect((await cli(['endpoints', '--db', `${dir}/broken.db`])).code).not.toBe(0);
  });

  it('spools stdin and gzip to TMPDIR and removes the spool after a good run and after a bad one', async () => {
    const spool = `${dir}/spool`;
    mkdirSync(spool);
    const good = '{"info":{"schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[{"request":"https://a.example/things/1"}]}';
    const bad = good.replace('"request"', '"request" "x":1,');
    const ok = await cli(['analyze', '-', '--db', `${dir}/spool-ok.db`], { stdin: good, env: { TMPDIR: spool } });
    expect(ok.code, ok.stderr).toBe(0);
    expect(readdirSync(spool)).toEqual([]);
    const gz = `${dir}/bad.postman_collection.json.gz`;
    writeFileSync(gz, gzipSync(Buffer.from(bad)));
    for (const input of ['-', gz]) {
      const r = await cli(['analyze', input, '--db', `${dir}/spool-bad.db`], { stdin: bad, env: { TMPDIR: spool } });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`${input === '-' ? 'stdin' : gz}: not valid JSON at byte ${good.indexOf('"request"') + 10}`);
      expect(readdirSync(spool)).toEqual([]);
    }
  });

  it('refuses a v2 collection whose "item" is missing or not a list, in one line, from a file and from stdin', async () => {
    const schema = '{"info":{"name":"c","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}';
    for (const [doc, why] of [
      [`${schema}}`, 'a Postman collection without an "item" list of requests'],
      [`${schema},"item":{"request":"https://a.example/"}}`, '"item" is not a list of requests, as Postman v2 collections have it'],
    ] as const) {
      const file = `${dir}/noitems.postman_collection.json`;
      writeFileSync(file, doc);
      for (const [input, name, stdin] of [[file, file, undefined], ['-', 'stdin', doc]] as const) {
        const r = await cli(['analyze', input, '--db', `${dir}/noitems.db`], { stdin });
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toBe(`akto-rt: ${name}: ${why}\n`);
      }
    }
  });

  it('names the directory when the spool cannot be written', async () => {
    const r = await cli(['analyze', '-', '--db', `${dir}/nospool.db`], { stdin: '{"info":{},"item":[]}', env: { TMPDIR: `${dir}/no/such/dir` } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^akto-rt: stdin: cannot spool the collection to a temporary file in ${dir}/no/such/dir \\(set TMPDIR to another directory\\)`));
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
