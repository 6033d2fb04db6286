// An API key sent as a cookie (`api_key=...`) is api-key auth where that scheme then travels: not a
// data finding, not a call "without credentials", and an OpenAPI apiKey scheme `in: cookie`.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

describe('an API key in a cookie', () => {
  const dir = tempDir();

  it('is api-key auth, not data, and the export describes it as a cookie apiKey', async () => {
    const call = (cookie: string | null, status = 200) => ({
      method: 'GET', url: 'https://api.ck.test/v1/reports', status, response: { rows: [] }, headers: cookie === null ? ({} as Record<string, string>) : { Cookie: cookie },
    });
    const file = join(dir, 'ck.har');
    writeFileSync(file, harOf([call('api_key=k7Hq2LmN4pR6sT8v; theme=dark'), call('api_key=q2LmN4pR6sT8vk7H'), call(null, 401)]));
    const db = join(dir, 'ck.db');
    expect((await cli(['analyze', file, '--db', db, '-q'])).code).toBe(0);
    const auth = JSON.parse((await cli(['auth', '--db', db, '--format', 'json'])).stdout).endpoints[0] as { schemes: { scheme: string; calls: number }[]; unauthenticatedSuccess: boolean };
    expect(auth.schemes).toEqual([{ scheme: 'api-key', calls: 2 }, { scheme: 'none', calls: 1 }]);
    expect(auth.unauthenticatedSuccess).toBe(false);
    const findings = JSON.parse((await cli(['sensitive', '--db', db, '--format', 'json'])).stdout).findings;
    expect(findings).toEqual([]);
    const spec = JSON.parse((await cli(['export', '--openapi', '-', '--db', db])).stdout);
    expect(spec.components.securitySchemes).toEqual({ apiKey: { type: 'apiKey', in: 'cookie', name: 'api_key' } });
    expect(spec.paths['/v1/reports'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['theme']);
  });
});
