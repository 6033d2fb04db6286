// Custom auth scheme names live next to the built-in ones: `endpoints --auth` matches a custom name
// only as a whole (not `none` in `x-none`), an OpenAPI security scheme key a built-in scheme takes
// gets a prefix instead of replacing it, and one name configured for two carriers documents each.

import { writeFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

const dir = tempDir();
const db = `${dir}/n.db`;
const cfg = `${dir}/n.json`;
const paths = (stdout: string): string[] => JSON.parse(stdout).endpoints.map((e: { path: string }) => e.path).sort();

beforeAll(async () => {
  writeFileSync(
    cfg,
    JSON.stringify({
      auth: {
        custom: [
          { name: 'x-none', in: 'header', key: 'X-Gate' },
          { name: 'apiKey', in: 'header', key: 'X-Org-Token' },
          { name: 'partner', in: 'header', key: 'X-Partner-Key' },
          { name: 'partner', in: 'query', key: 'partner_key' },
        ],
      },
    }),
  );
  writeFileSync(
    `${dir}/n.har`,
    harOf([
      { method: 'GET', url: 'https://api.names.test/open', response: { ok: true } },
      { method: 'GET', url: 'https://api.names.test/gated', headers: { 'X-Gate': 'g-7a7a7a7a' }, response: { ok: true } },
      { method: 'GET', url: 'https://api.names.test/org', headers: { 'X-Org-Token': 'ot-5b5b5b5b' }, response: { ok: true } },
      { method: 'GET', url: 'https://api.names.test/keyed', headers: { 'X-API-Key': 'ak-3c3c3c3c3c3c' }, response: { ok: true } },
      { method: 'GET', url: 'https://api.names.test/partner/h', headers: { 'X-Partner-Key': 'pk-1d1d1d1d' }, response: { ok: true } },
      { method: 'GET', url: 'https://api.names.test/partner/q?partner_key=pk-2e2e2e2e', response: { ok: true } },
    ]),
  );
  const a = await cli(['analyze', `${dir}/n.har`, '--db', db, '--config', cfg, '-q']);
  expect(a.code, a.stderr).toBe(0);
});

describe('endpoints --auth with custom scheme names', () => {
  it('--auth none lists the open endpoint, not the custom scheme x-none', async () => {
    const r = await cli(['endpoints', '--auth', 'none', '--db', db, '--config', cfg, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(paths(r.stdout)).toEqual(['/open']);
  });

  it('a custom name matches whole and in any case', async () => {
    expect(paths((await cli(['endpoints', '--auth', 'X-None', '--db', db, '--config', cfg, '--format', 'json'])).stdout)).toEqual(['/gated']);
    expect(paths((await cli(['endpoints', '--auth', 'partner', '--db', db, '--config', cfg, '--format', 'json'])).stdout)).toEqual([
      '/partner/h',
      '/partner/q',
    ]);
  });
});

describe('OpenAPI security scheme keys of custom schemes', () => {
  it('a custom name that is a built-in key is prefixed; one name with two carriers gets a key per carrier', async () => {
    const r = await cli(['export', '--openapi', '-', '--db', db, '--config', cfg]);
    expect(r.code, r.stderr).toBe(0);
    const spec = JSON.parse(r.stdout);
    const schemes = spec.components.securitySchemes;
    expect(schemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header' });
    expect(schemes.apiKey.name.toLowerCase()).toBe('x-api-key');
    expect(schemes.custom_apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Org-Token' });
    expect(spec.paths['/keyed'].get.security).toEqual([{ apiKey: [] }]);
    expect(spec.paths['/org'].get.security).toEqual([{ custom_apiKey: [] }]);
    expect(schemes['partner_header_X-Partner-Key']).toMatchObject({ in: 'header', name: 'X-Partner-Key' });
    expect(schemes.partner_query_partner_key).toMatchObject({ in: 'query', name: 'partner_key' });
    expect(spec.paths['/partner/h'].get.security).toEqual([{ 'partner_header_X-Partner-Key': [] }]);
    expect(spec.paths['/partner/q'].get.security).toEqual([{ partner_query_partner_key: [] }]);
    expect((spec.paths['/partner/q'].get.parameters ?? []).map((p: { name: string }) => p.name)).not.toContain('partner_key');
    await SwaggerParser.validate(structuredClone(spec));
  });
});
