// Captured names reach `diff` and `spec-diff` output: a query parameter decoded from
// `%1B%5B31mRED%1B%5B0m`, a JSON key holding `\u001b[2J`, C1 CSI (U+009B) and tabs must print as
// plain text in the table, markdown and JUnit formats, never as terminal escapes.

import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';
import { diffRenderers } from '../../src/render/diff.js';
import type { DiffView } from '../../src/views/diff.js';

/** Any C0 control but a line break, DEL, or a C1 control: none may reach a terminal or CI log. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;

const HOSTILE_QUERY = '%1B%5B31mRED%1B%5B0m';
const HOSTILE_KEY = 'k\u001b[2Jz';
const C1_KEY = 'c1\u009b31mX';
const TAB_KEY = 'tab\there';

describe('diff output with control characters in captured names', () => {
  const dir = tempDir();
  const base = `${dir}/base.db`;
  const head = `${dir}/head.db`;

  beforeAll(async () => {
    writeFileSync(`${dir}/base.har`, harOf([{ method: 'GET', url: 'https://api.example.com/items?page=1', response: { id: 1 } }]));
    writeFileSync(
      `${dir}/head.har`,
      harOf([
        {
          method: 'GET',
          url: `https://api.example.com/items?page=1&${HOSTILE_QUERY}=2`,
          response: { id: 1, [HOSTILE_KEY]: 1, [C1_KEY]: 2, [TAB_KEY]: 3 },
        },
      ]),
    );
    expect((await cli(['analyze', `${dir}/base.har`, '--db', base])).code).toBe(0);
    expect((await cli(['analyze', `${dir}/head.har`, '--db', head])).code).toBe(0);
    // The names are stored as captured: JSON output escapes them, as a machine format should.
    const json = await cli(['diff', base, head, '--format', 'json']);
    expect(json.stdout).toContain('\\u001b[31mRED\\u001b[0m');
    expect(json.stdout).toContain('\\u001b[2J');
  });

  it('table format prints no ANSI escape or control character; the names stay recognisable with ? in their place', async () => {
    const r = await cli(['diff', base, head, '--format', 'table']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(CONTROLS);
    expect(r.stdout).toContain('4 changes: 4 param-added');
    expect(r.stdout).toContain('request.query ?[31mRED?[0m (integer)');
    expect(r.stdout).toContain("$['k?[2Jz']");
    expect(r.stdout).toContain("$['c1?31mX']");
    expect(r.stdout).toContain("$['tab here']");
  });

  it('a Host column (several hosts) and narrow, wrapped cells are cleaned too', async () => {
    writeFileSync(
      `${dir}/two.har`,
      harOf([
        { method: 'GET', url: `https://api.example.com/items?page=1&${HOSTILE_QUERY}=2`, response: { id: 1 } },
        { method: 'GET', url: `https://other.example.com/x?${HOSTILE_QUERY}=1`, response: { id: 1 } },
      ]),
    );
    const two = `${dir}/two.db`;
    expect((await cli(['analyze', `${dir}/two.har`, '--db', two])).code).toBe(0);
    const r = await cli(['diff', base, two]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/│ Host +│/);
    expect(r.stdout).not.toMatch(CONTROLS);
    expect(r.stdout).toContain('?[31mRED?[0m');
    const view: DiffView = {
      changes: [{ kind: 'param-added', host: 'h\u001b]0;t\u0007', method: 'GET', path: '/p', detail: `request.query ${'\u001b[2J'.repeat(20)}` }],
      failOn: [],
    };
    const plain = diffRenderers.table(view, { color: false, width: 40 });
    expect(plain).not.toMatch(CONTROLS);
    expect(plain).toContain('Host: h?]0;t?');
    expect(plain).toContain('?[2J');
    // With colour, the renderer's own SGR codes (head, change kind) are the only escapes: without them it is the plain table.
    const coloured = diffRenderers.table(view, { color: true, width: 40 });
    expect(coloured).toContain('\u001b[32mparam-added\u001b[0m');
    expect(coloured.replace(/\u001b\[(?:3\d|0)m/g, '')).toBe(plain);
  });

  it('markdown and JUnit formats carry no control characters either', async () => {
    const md = await cli(['diff', base, head, '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).not.toMatch(CONTROLS);
    expect(md.stdout).toContain('RED');
    const junit = await cli(['diff', base, head, '--format', 'junit', '--fail-on', 'param-added']);
    expect(junit.code).toBe(1);
    // A tab is valid XML text (attribute values read it as a space); nothing that drives a terminal.
    expect(junit.stdout.replace(/\t/g, ' ')).not.toMatch(CONTROLS);
    expect(junit.stdout).toContain('\uFFFD[31mRED\uFFFD[0m');
    expect(junit.stdout).toContain('c1\uFFFD31mX');
  });

  it('spec-diff, which shares the finding table, prints an undocumented hostile parameter as plain text', async () => {
    writeFileSync(
      `${dir}/spec.yaml`,
      "openapi: 3.0.3\ninfo: { title: T, version: '1' }\nservers: [{ url: 'https://api.example.com' }]\npaths:\n  /items:\n    get: { responses: { '200': { description: ok } } }\n",
    );
    const r = await cli(['spec-diff', `${dir}/spec.yaml`, '--db', head], { env: { COLUMNS: '200' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(CONTROLS);
    expect(r.stdout).toContain('?[31mRED?[0m');
  });
});
