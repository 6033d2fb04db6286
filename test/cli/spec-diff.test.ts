// Shadow and zombie endpoints: a hand-written spec against a capture with planted differences.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

const SPEC = `openapi: 3.0.3
info: { title: Shop, version: '1' }
servers: [{ url: 'https://api.shop.test/api/v1' }]
paths:
  /users/{id}:
    get:
      parameters:
        - { name: id, in: path, required: true, schema: { type: integer } }
        - { $ref: '#/components/parameters/Expand' }
      responses: { '200': { description: ok } }
  /users/me:
    get: { responses: { '200': { description: ok } } }
  /orders:
    post: { responses: { '201': { description: created } } }
  /reports/legacy:
    get: { responses: { '200': { description: ok } } }
components:
  parameters:
    Expand: { name: expand, in: query, schema: { type: string } }
`;

describe('spec-diff on a capture', () => {
  const dir = tempDir();
  it('reports exactly the planted shadow and zombie endpoints and the undocumented parameter', async () => {
    writeFileSync(`${dir}/spec.yaml`, SPEC);
    writeFileSync(
      `${dir}/c.har`,
      harOf([
        { method: 'GET', url: 'https://api.shop.test/api/v1/users/42?expand=orders', status: 200, response: { id: 42 } },
        { method: 'GET', url: 'https://api.shop.test/api/v1/users/43?debug=1', status: 200, response: { id: 43 } },
        { method: 'GET', url: 'https://api.shop.test/api/v1/users/me', status: 200, response: { id: 1 } },
        { method: 'POST', url: 'https://api.shop.test/api/v1/orders', status: 201, body: { sku: 'A' }, response: { id: 9 } },
        // shadow: served, documented nowhere
        { method: 'DELETE', url: 'https://api.shop.test/api/v1/users/42', status: 204 },
        { method: 'GET', url: 'https://api.shop.test/api/v1/internal/metrics', status: 200, response: { up: 1 } },
      ]),
    );
    const db = `${dir}/s.db`;
    expect((await cli(['analyze', `${dir}/c.har`, '--db', db])).code).toBe(0);
    const r = await cli(['spec-diff', `${dir}/spec.yaml`, '--db', db, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout);
    const of = (kind: string): string[] =>
      (v.entries as { kind: string; method: string; path: string; detail?: string; param?: string }[])
        .filter((e) => e.kind === kind)
        .map((e) => `${e.method} ${e.path}`)
        .sort();
    expect(of('shadow')).toEqual(['DELETE /api/v1/users/{userId}', 'GET /api/v1/internal/metrics']);
    expect(of('zombie')).toEqual(['GET /api/v1/reports/legacy']);
    expect(of('undocumented-param')).toEqual(['GET /api/v1/users/{userId}']);
    expect(JSON.stringify(v.entries.filter((e: { kind: string }) => e.kind === 'undocumented-param'))).toContain('debug');
    const gate = await cli(['spec-diff', `${dir}/spec.yaml`, '--db', db, '--fail-on', 'shadow']);
    expect(gate.code).toBe(1);
    const junit = await cli(['spec-diff', `${dir}/spec.yaml`, '--db', db, '--format', 'junit', '--fail-on', 'zombie']);
    expect((junit.stdout.match(/<failure /g) ?? []).length).toBe(1);
  });

  it('gates like diff: an empty --fail-on is a usage error, and the JSON carries the verdict', async () => {
    const db = `${dir}/s.db`; // from the test above
    const empty = await cli(['spec-diff', `${dir}/spec.yaml`, '--db', db, '--fail-on', '']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--fail-on needs at least one/);
    expect(empty.stdout).toBe('');
    const gated = await cli(['spec-diff', `${dir}/spec.yaml`, '--db', db, '--fail-on', 'shadow', '--format', 'json']);
    expect(gated.code).toBe(1);
    expect(JSON.parse(gated.stdout).gate).toEqual({ failOn: ['shadow'], failed: true, failingFindings: 2 });
    const open = JSON.parse((await cli(['spec-diff', `${dir}/spec.yaml`, '--db', db, '--format', 'json'])).stdout);
    expect(open.gate).toBeNull();
  });

  it("reads the spec from stdin with '-', and names stdin in its errors", async () => {
    const db = `${dir}/s.db`;
    const fromFile = await cli(['spec-diff', `${dir}/spec.yaml`, '--db', db, '--format', 'json']);
    const fromStdin = await cli(['spec-diff', '-', '--db', db, '--format', 'json'], { stdin: SPEC });
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    expect(JSON.parse(fromStdin.stdout).entries).toEqual(JSON.parse(fromFile.stdout).entries);
    expect(JSON.parse(fromStdin.stdout).spec.file).toBe('stdin'); // not the private copy's random path
    expect(JSON.parse(fromFile.stdout).spec.file).toBe(`${dir}/spec.yaml`);
    const bad = await cli(['spec-diff', '-', '--db', db], { stdin: 'openapi: [unclosed' });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^akto-rt: stdin: /);
    expect(bad.stderr).not.toContain('akto-rt-spec-'); // the private copy's path stays private
  });
});
