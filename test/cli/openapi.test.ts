// Issue: OpenAPI out and in — export from real samples, validate, and round-trip through spec-diff.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cli, SAMPLES, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

const inputs = ['har', 'postman', 'burp'].flatMap((d) => readdirSync(`${SAMPLES}${d}`).map((f) => `${d}/${f}`));

describe('OpenAPI export of every real sample that yields endpoints', () => {
  const dir = tempDir();
  it.each(inputs)('%s: valid OpenAPI 3.1, deterministic, and its own spec-diff is clean', async (f) => {
    const db = `${dir}/${f.replace(/\//g, '_')}.db`;
    const a = await cli(['analyze', SAMPLES + f, '--db', db, '--format', 'json']);
    if (a.code !== 0) return; // not traffic (v1 collection, Scanner issues report, non-HAR JSON): covered elsewhere
    const eps = JSON.parse((await cli(['endpoints', '--db', db, '--format', 'json'])).stdout).endpoints as { host: string }[];
    if (eps.length === 0) return;
    for (const host of [...new Set(eps.map((e) => e.host))]) {
      const out = `${dir}/spec-${f.replace(/\//g, '_')}-${host.replace(/[^\w.-]/g, '_')}.yaml`;
      const r = await cli(['export', '--openapi', out, '--host', host, '--db', db]);
      expect(r.code).toBe(0);
      const spec = parseYaml(readFileSync(out, 'utf8'));
      expect(spec.openapi).toMatch(/^3\.1/);
      await SwaggerParser.validate(structuredClone(spec));
      const again = await cli(['export', '--openapi', '-', '--host', host, '--db', db]);
      const again2 = await cli(['export', '--openapi', '-', '--host', host, '--db', db]);
      expect(again.stdout).toBe(again2.stdout);
      const sd = await cli(['spec-diff', out, '--host', host, '--db', db, '--format', 'json', '--fail-on', 'shadow,zombie']);
      const view = JSON.parse(sd.stdout);
      expect(view.summary.shadow).toBe(0);
      expect(view.summary.zombie).toBe(0);
      expect(sd.code).toBe(0);
      // Without --host, the spec's own server picks the traffic it is compared with.
      const byServer = JSON.parse((await cli(['spec-diff', out, '--db', db, '--format', 'json'])).stdout);
      expect(byServer.summary, `${f} ${host}`).toMatchObject({ shadow: 0, zombie: 0 });
    }
  });
});

describe('OpenAPI export of custom auth schemes', () => {
  it('documents a configured custom scheme as an apiKey where the config says it travels', async () => {
    const dir = tempDir();
    const cfg = `${dir}/akto-rt.config.json`;
    writeFileSync(cfg, JSON.stringify({ auth: { custom: [{ name: 'tenant-key', in: 'header', key: 'X-Tenant-Key' }] } }));
    writeFileSync(`${dir}/t.har`, harOf([{ method: 'GET', url: 'https://api.tenant.test/v1/things', headers: { 'X-Tenant-Key': 'tk_9f8e7d6c5b4a3928' } }]));
    const db = `${dir}/t.db`;
    expect((await cli(['analyze', `${dir}/t.har`, '--db', db, '--config', cfg, '-q'])).code).toBe(0);
    // ./akto-rt.config.json is found by itself, as for analyze.
    const r = await cli(['export', '--openapi', '-', '--db', db], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const spec = JSON.parse(r.stdout);
    expect(spec.components.securitySchemes['tenant-key']).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Tenant-Key' });
    const op = spec.paths['/v1/things'].get;
    expect(op.security).toEqual([{ 'tenant-key': [] }]);
    expect((op.parameters ?? []).map((p: { name: string }) => p.name.toLowerCase())).not.toContain('x-tenant-key');
    await SwaggerParser.validate(structuredClone(spec));
  });
});
