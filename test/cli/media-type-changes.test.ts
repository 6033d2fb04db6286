// A body that starts coming in another media type (a JSON endpoint now answering HTML, a JSON API
// now taking XML) is an API change, in `changes` and in `diff` (`media-type-added`), but a status or
// body seen for the first time is not one.

import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf } from '../har-builder.js';

const dir = tempDir();
const base = `${dir}/base.db`;
const head = `${dir}/head.db`;

beforeAll(async () => {
  writeFileSync(
    `${dir}/one.har`,
    harOf([
      { method: 'GET', url: 'https://api.media.test/v1/report', response: { total: 3 } },
      { method: 'POST', url: 'https://api.media.test/v1/orders', body: { sku: 'a-1' }, response: { id: 1 } },
      { method: 'GET', url: 'https://api.media.test/v1/plain', response: { ok: true } },
    ]),
  );
  writeFileSync(
    `${dir}/two.har`,
    harOf([
      { method: 'GET', url: 'https://api.media.test/v1/report', responseText: '<html><body>maintenance</body></html>', responseMime: 'text/html; charset=utf-8' },
      {
        method: 'POST',
        url: 'https://api.media.test/v1/orders',
        requestBody: { mimeType: 'application/xml', text: '<order><sku>a-2</sku></order>' },
        response: { id: 2 },
      },
      { method: 'GET', url: 'https://api.media.test/v1/plain', status: 404, responseText: 'gone', responseMime: 'text/plain' },
    ]),
  );
  for (const [db, files] of [[base, ['one']], [head, ['one', 'two']]] as const) {
    for (const f of files) expect((await cli(['analyze', `${dir}/${f}.har`, '--db', db, '-q'])).code).toBe(0);
  }
});

const expected = [
  ['/v1/orders', 'request body: application/xml (was application/json)'],
  ['/v1/report', 'response 200: text/html (was application/json)'],
];

describe('media-type-added', () => {
  it('changes reports a response or request body in a new media type, not a new status', async () => {
    const r = await cli(['changes', '--db', head, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const media = JSON.parse(r.stdout).changes.filter((c: { kind: string }) => c.kind === 'media-type-added');
    expect(media.map((c: { path: string; detail: string }) => [c.path, c.detail])).toEqual(expected);
  });

  it('diff reports the same, and --fail-on media-type-added gates on it', async () => {
    const r = await cli(['diff', base, head, '--format', 'json', '--fail-on', 'media-type-added']);
    expect(r.code).toBe(1);
    const media = JSON.parse(r.stdout).changes.filter((c: { kind: string }) => c.kind === 'media-type-added');
    expect(media.map((c: { path: string; detail: string }) => [c.path, c.detail])).toEqual(expected);
    const same = await cli(['diff', head, head, '--fail-on', 'media-type-added']);
    expect(same.code).toBe(0);
  });
});
