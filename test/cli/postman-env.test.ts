// `analyze --postman-env`: a Postman environment export resolves the collection's {{variables}},
// winning over the collection's own values as it does in Postman.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, SAMPLES, tempDir } from '../helpers.js';

const COLLECTION = `${SAMPLES}postman/adyen_binlookup-v54_v2.1_examples.postman_collection.json`;

function env(dir: string, name: string, values: { key: string; value: string; enabled?: boolean }[]): string {
  const file = `${dir}/${name}.postman_environment.json`;
  writeFileSync(file, JSON.stringify({ id: 'e1', name, values: values.map((v) => ({ type: 'default', enabled: true, ...v })), _postman_variable_scope: 'environment' }));
  return file;
}

async function hosts(db: string): Promise<string[]> {
  const r = await cli(['endpoints', '--db', db, '--format', 'json']);
  return [...new Set((JSON.parse(r.stdout).endpoints as { host: string }[]).map((e) => e.host))].sort();
}

describe('analyze --postman-env', () => {
  const dir = tempDir();

  it("resolves variables from the environment before the collection's own values", async () => {
    const without = `${dir}/plain.db`;
    expect((await cli(['analyze', COLLECTION, '--db', without])).code).toBe(0);
    expect(await hosts(without)).toEqual(['pal-test.adyen.com']);

    const live = env(dir, 'live', [{ key: 'baseUrl', value: 'https://pal-live.adyen.example/pal/servlet/BinLookup/v54' }]);
    const db = `${dir}/live.db`;
    const r = await cli(['analyze', COLLECTION, '--db', db, '--postman-env', live, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).calls).toBeGreaterThan(0);
    expect(await hosts(db)).toEqual(['pal-live.adyen.example']);
  });

  it('reads an environment saved as UTF-16 (a PowerShell redirect), as capture inputs are read', async () => {
    const utf8 = env(dir, 'u16', [{ key: 'baseUrl', value: 'https://pal-live.adyen.example/pal/servlet/BinLookup/v54' }]);
    const text = readFileSync(utf8, 'utf8');
    const file = `${dir}/u16le.postman_environment.json`;
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const db = `${dir}/u16.db`;
    const r = await cli(['analyze', COLLECTION, '--db', db, '--postman-env', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(await hosts(db)).toEqual(['pal-live.adyen.example']);
  });

  it('ignores disabled variables', async () => {
    const off = env(dir, 'off', [{ key: 'baseUrl', value: 'https://elsewhere.example/v54', enabled: false }]);
    const db = `${dir}/off.db`;
    expect((await cli(['analyze', COLLECTION, '--db', db, '--postman-env', off])).code).toBe(0);
    expect(await hosts(db)).toEqual(['pal-test.adyen.com']);
  });

  it('refuses a file that is not an environment, or is missing, in one line naming it, and writes nothing', async () => {
    const db = `${dir}/bad.db`;
    for (const [file, why] of [[COLLECTION, 'not a Postman environment'], [`${dir}/missing.json`, 'no such file']] as const) {
      const r = await cli(['analyze', COLLECTION, '--db', db, '--postman-env', file]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toContain(why);
    }
    expect((await cli(['endpoints', '--db', db])).code).not.toBe(0); // no inventory was created
  });
});
