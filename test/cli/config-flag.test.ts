// `--config FILE` through the CLI: an empty value is a usage error on every command that takes the flag
// (it used to mean "no config", switching off ./akto-rt.config.json too), and the config checks that
// refuse names and templates that can never work exit 2 before anything is analyzed.

import { existsSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { harOf } from '../har-builder.js';
import { cli, tempDir } from '../helpers.js';

const dir = tempDir();
const har = `${dir}/c.har`;
writeFileSync(
  har,
  harOf([
    { method: 'GET', url: 'https://api.example.com/files/a/b.txt', status: 200, headers: { 'X-A': 'k-1' } },
    { method: 'GET', url: 'https://api.example.com/users/1', status: 200 },
  ]),
);
const db = `${dir}/base.db`;

/** How each command that takes --config is run here, otherwise valid (so only --config can fail it). */
const RUNS: Record<string, string[]> = {
  analyze: ['analyze', har, '--db', `${dir}/new.db`],
  endpoints: ['endpoints', '--db', db],
  diff: ['diff', db, db],
  export: ['export', '--inventory', '-', '--db', db],
};

/** The subcommands whose --help offers --config. */
async function commandsWithConfig(): Promise<string[]> {
  const top = (await cli(['--help'])).stdout;
  const names = [...top.slice(top.indexOf('Commands:')).matchAll(/^ {2}([a-z][a-z-]*) /gm)].map((m) => m[1]!).filter((c) => c !== 'help');
  expect(names.length).toBeGreaterThan(5);
  const out: string[] = [];
  for (const c of names) if (/^\s+--config </m.test((await cli([c, '--help'])).stdout)) out.push(c);
  return out.sort();
}

describe('--config with an empty value', () => {
  it('is a usage error on every command that takes it, even with ./akto-rt.config.json present', async () => {
    expect((await cli(['analyze', har, '--db', db, '-q'])).code).toBe(0);
    expect(await commandsWithConfig()).toEqual(Object.keys(RUNS).sort());
    const cwd = tempDir();
    writeFileSync(`${cwd}/akto-rt.config.json`, JSON.stringify({ ignore: { paths: ['/users/*'] } }));
    for (const [name, argv] of Object.entries(RUNS)) {
      // Without --config the command runs (the working directory's file is valid).
      const plain = await cli(argv, { cwd });
      expect(plain.code, `${name}: ${plain.stderr}`).toBe(0);
      for (const empty of ['', ' ']) {
        for (const spelled of [['--config', empty], [`--config=${empty}`]]) {
          const r = await cli([...argv, ...spelled], { cwd });
          expect(r.code, `${name} ${spelled.join(' ')}`).toBe(2);
          expect(r.stderr).toBe("akto-rt: --config is empty: pass the config file's path\n");
          expect(r.stdout).toBe('');
        }
      }
    }
    // The refused analyze wrote nothing (the plain one above did; start again).
    const fresh = `${dir}/fresh.db`;
    expect((await cli(['analyze', har, '--db', fresh, '--config', ''], { cwd })).code).toBe(2);
    expect(existsSync(fresh)).toBe(false);
  });
});

describe('config entries that would misreport or never match exit 2 from analyze', () => {
  const run = async (content: unknown): Promise<{ code: number; stderr: string; file: string }> => {
    const file = `${dir}/cfg-${Math.random().toString(36).slice(2)}.json`;
    writeFileSync(file, JSON.stringify(content));
    const r = await cli(['analyze', har, '--db', `${dir}/x-${Math.random().toString(36).slice(2)}.db`, '-q', '--config', file]);
    return { code: r.code, stderr: r.stderr, file };
  };

  it('a custom auth scheme or data type named like a built-in one', async () => {
    for (const name of ['none', 'bearer', 'jwt']) {
      const r = await run({ auth: { custom: [{ name, in: 'header', key: 'X-A' }] } });
      expect(r.code, name).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^akto-rt: ${r.file}: auth\\.custom\\[0\\]\\.name: is reserved for the built-in auth schemes .*got "${name}" \\(reserved: .*\\)\\n$`));
    }
    for (const name of ['email', 'password']) {
      const r = await run({ sensitive: { custom: [{ name, keyConditions: [{ op: 'equals', value: 'x' }] }] } });
      expect(r.code, name).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^akto-rt: ${r.file}: sensitive\\.custom\\[0\\]\\.name: is reserved for the built-in data types .*got "${name}"`));
    }
  });

  it('a custom scheme with its own name is reported under it', async () => {
    const file = `${dir}/tenant.json`;
    writeFileSync(file, JSON.stringify({ auth: { custom: [{ name: 'tenant-key', in: 'header', key: 'X-A' }] } }));
    const tdb = `${dir}/tenant.db`;
    expect((await cli(['analyze', har, '--db', tdb, '-q', '--config', file])).code).toBe(0);
    const auth = await cli(['auth', '--db', tdb, '--format', 'json']);
    expect(auth.stdout).toContain('tenant-key');
  });

  it('force entries without a {name} placeholder, or with :path, <path>, *, a repeated name; pins with * or a query', async () => {
    const cases: [unknown, RegExp][] = [
      [{ templates: { force: ['/files/path'] } }, /templates\.force\[0\]: has no \{name\} placeholder/],
      [{ templates: { force: ['/files/:path'] } }, /templates\.force\[0\]: :path is not a placeholder here .*write \{path\}/],
      [{ templates: { force: ['/files/<path>'] } }, /templates\.force\[0\]: <path> is not a placeholder here .*write \{path\}/],
      [{ templates: { force: ['/files/*'] } }, /templates\.force\[0\]: \* is not a wildcard here/],
      [{ templates: { force: ['/files/{a}/{a}'] } }, /templates\.force\[0\]: placeholder \{a\} appears twice/],
      [{ templates: { pins: ['/v1/products/so*'] } }, /templates\.pins\[0\]: \* is not a wildcard in a pin/],
      [{ templates: { pins: ['/v1/products?x'] } }, /templates\.pins\[0\]: a pin has no query/],
    ];
    for (const [content, why] of cases) {
      const r = await run(content);
      expect(r.code, JSON.stringify(content)).toBe(2);
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(r.stderr).toMatch(why);
    }
    const ok = await run({ templates: { force: ['/files/{path+}'], pins: ['/users/me'] } });
    expect(ok.code, ok.stderr).toBe(0);
  });
});
