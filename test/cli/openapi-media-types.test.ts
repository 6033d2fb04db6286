// Bodies are exported under the media types they were sent with (a Stripe-style form POST, a
// multipart upload, an HTML page, a JSON error), not all as `application/json`; `show` and the JSON
// listings name them; an inventory written before media types were recorded keeps the JSON fallback.

import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { harOf, type SimpleCall } from '../har-builder.js';

const MULTIPART = [
  '--XyZ',
  'Content-Disposition: form-data; name="purpose"',
  '',
  'avatar',
  '--XyZ',
  'Content-Disposition: form-data; name="file"; filename="a.png"',
  'Content-Type: image/png',
  '',
  'PNGDATA',
  '--XyZ--',
].join('\r\n');

const CALLS: SimpleCall[] = [
  ...[100, 250].map((amount) => ({
    method: 'POST',
    url: 'https://api.shop.test/v1/charges',
    requestBody: { mimeType: 'application/x-www-form-urlencoded; charset=utf-8', text: `amount=${amount}&currency=eur&metadata[order]=A1` },
    response: { id: `ch_${amount}`, amount, currency: 'eur' },
  })),
  {
    method: 'POST',
    url: 'https://api.shop.test/v1/files',
    requestBody: { mimeType: 'multipart/form-data; boundary=XyZ', text: MULTIPART },
    response: { id: 'file_1', purpose: 'avatar' },
  },
  { method: 'GET', url: 'https://api.shop.test/help', responseText: '<!doctype html><html><body><p>Help</p></body></html>', responseMime: 'text/html; charset=UTF-8' },
  { method: 'GET', url: 'https://api.shop.test/help', responseText: '<!doctype html><html><body><p>Help</p></body></html>', responseMime: 'text/html; charset=UTF-8' },
  { method: 'GET', url: 'https://api.shop.test/help', status: 404, responseText: '{"type":"about:blank","title":"Not Found"}', responseMime: 'application/problem+json' },
  { method: 'GET', url: 'https://api.shop.test/v1/feed', responseText: '<feed><entry><id>1</id></entry></feed>', responseMime: 'application/xml' },
  // A GET answered with an image is a static asset (filtered); a POST that renders one is an API call.
  { method: 'POST', url: 'https://api.shop.test/v1/qr', body: { text: 'A1' }, responseText: 'PNG', responseMime: 'image/png' },
  { method: 'POST', url: 'https://api.shop.test/v1/orders', body: { items: [{ sku: 'A1', qty: 2 }] }, response: { id: 7, total: 12.5 } },
  // An order sent without a body: the body is optional there.
  { method: 'POST', url: 'https://api.shop.test/v1/orders', response: { id: 8, total: 0 } },
];

type Content = Record<string, { schema?: Record<string, unknown> }>;

describe('OpenAPI export by observed media type', () => {
  const dir = tempDir();
  const db = `${dir}/shop.db`;
  let spec: Record<string, any>;
  const op = (path: string, method: string): Record<string, any> => spec['paths'][path][method];
  const requestContent = (path: string, method: string): Content => op(path, method)['requestBody']['content'];
  const responseContent = (path: string, method: string, status: string): Content => op(path, method)['responses'][status]['content'];

  beforeAll(async () => {
    writeFileSync(`${dir}/shop.har`, harOf(CALLS));
    const a = await cli(['analyze', `${dir}/shop.har`, '--db', db, '-q']);
    expect(a.code, a.stderr).toBe(0);
    const r = await cli(['export', '--openapi', `${dir}/shop.yaml`, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    spec = parseYaml((await import('node:fs')).readFileSync(`${dir}/shop.yaml`, 'utf8'));
  });

  it('labels a form POST, a multipart upload and a JSON POST as what they were', () => {
    const form = requestContent('/v1/charges', 'post');
    expect(Object.keys(form)).toEqual(['application/x-www-form-urlencoded']);
    // A form is an object of its fields; bracketed names are the structure they spell.
    expect(form['application/x-www-form-urlencoded']!.schema).toMatchObject({
      type: 'object',
      properties: { amount: { type: 'integer' }, currency: { type: 'string' }, metadata: { type: 'object' } },
    });
    const upload = requestContent('/v1/files', 'post');
    expect(Object.keys(upload)).toEqual(['multipart/form-data']);
    expect(Object.keys(upload['multipart/form-data']!.schema!['properties'] as object).sort()).toEqual(['file', 'purpose']);
    expect(Object.keys(requestContent('/v1/orders', 'post'))).toEqual(['application/json']);
    // Every charge and upload sent a body; one order did not.
    expect(op('/v1/charges', 'post')['requestBody']['required']).toBe(true);
    expect(op('/v1/files', 'post')['requestBody']['required']).toBe(true);
    expect(op('/v1/orders', 'post')['requestBody']['required']).toBeUndefined();
    expect(Object.keys(responseContent('/v1/orders', 'post', '200'))).toEqual(['application/json']);
  });

  it('describes HTML, XML and images without pretending they are JSON, per status', () => {
    expect(responseContent('/help', 'get', '200')).toEqual({ 'text/html': { schema: { type: 'string' } } });
    const problem = responseContent('/help', 'get', '404');
    expect(Object.keys(problem)).toEqual(['application/problem+json']);
    expect(problem['application/problem+json']!.schema).toMatchObject({ type: 'object', properties: { title: { type: 'string' } } });
    expect(responseContent('/v1/feed', 'get', '200')).toEqual({ 'application/xml': { schema: { type: 'string' } } });
    expect(responseContent('/v1/qr', 'post', '200')).toEqual({ 'image/png': {} });
    expect(op('/help', 'get')['requestBody']).toBeUndefined();
  });

  it('is a valid spec that spec-diff reads back with every endpoint documented', async () => {
    expect(Object.keys(requestContent('/v1/files', 'post'))).toEqual(['multipart/form-data']); // not only JSON bodies
    await SwaggerParser.validate(structuredClone(spec) as never);
    const sd = await cli(['spec-diff', `${dir}/shop.yaml`, '--db', db, '--format', 'json', '--fail-on', 'shadow,zombie']);
    expect(sd.code, sd.stdout + sd.stderr).toBe(0);
    expect(JSON.parse(sd.stdout).summary).toMatchObject({ shadow: 0, zombie: 0 });
  });

  it('show prints the media types in one line per direction, and in its JSON', async () => {
    const charges = await cli(['show', 'POST', '/v1/charges', '--db', db]);
    expect(charges.stdout).toMatch(/^Request body: application\/x-www-form-urlencoded ×2$/m);
    expect(charges.stdout).toMatch(/^Response body: 200 application\/json ×2$/m);
    const help = await cli(['show', 'GET', '/help', '--db', db]);
    expect(help.stdout).not.toMatch(/^Request body:/m);
    expect(help.stdout).toMatch(/^Response body: 200 text\/html ×2 · 404 application\/problem\+json ×1$/m);
    const json = JSON.parse((await cli(['show', 'GET', '/help', '--db', db, '--format', 'json'])).stdout).endpoint;
    expect(json.requestMediaTypes).toEqual({});
    expect(json.responseMediaTypes).toEqual({ '200': { 'text/html': 2 }, '404': { 'application/problem+json': 1 } });
  });

  it('endpoints --format json and export --inventory carry them', async () => {
    const list = JSON.parse((await cli(['endpoints', '--db', db, '--format', 'json'])).stdout).endpoints as Record<string, any>[];
    const files = list.find((e) => e['path'] === '/v1/files')!;
    expect(files['requestMediaTypes']).toEqual({ 'multipart/form-data': 1 });
    expect(files['responseMediaTypes']).toEqual({ '200': { 'application/json': 1 } });
    const inv = JSON.parse((await cli(['export', '--inventory', '-', '--db', db])).stdout).endpoints as Record<string, any>[];
    const charges = inv.find((e) => e['path'] === '/v1/charges')!;
    expect(Object.keys(charges).slice(6, 9)).toEqual(['statusCodes', 'requestMediaTypes', 'responseMediaTypes']);
    expect(charges['requestMediaTypes']).toEqual({ 'application/x-www-form-urlencoded': 2 });
  });
});

describe('an inventory written before media types were recorded', () => {
  it('is migrated, exports its bodies as application/json, and records media types from then on', async () => {
    const dir = tempDir();
    const db = `${dir}/old.db`;
    writeFileSync(`${dir}/form.har`, harOf(CALLS.slice(0, 2)));
    expect((await cli(['analyze', `${dir}/form.har`, '--db', db, '-q'])).code).toBe(0);
    // What the previous release left: no media type table (nor what later migrations add), schema version 4.
    const old = new Database(db);
    old.exec('DROP TABLE endpoint_media_types; ALTER TABLE endpoints DROP COLUMN cleartext_calls; ALTER TABLE endpoints DROP COLUMN unknown_scheme_calls');
    old.pragma('user_version = 4');
    old.close();

    const before = JSON.parse((await cli(['export', '--openapi', '-', '--db', db])).stdout);
    const charges = before.paths['/v1/charges'].post;
    expect(Object.keys(charges.requestBody.content)).toEqual(['application/json']);
    expect(Object.keys(charges.responses['200'].content)).toEqual(['application/json']);
    const show = await cli(['show', 'POST', '/v1/charges', '--db', db]);
    expect(show.code).toBe(0);
    expect(show.stdout).not.toMatch(/^Request body:/m);

    // A new run over it records the media types of its own calls.
    writeFileSync(`${dir}/more.har`, harOf(CALLS.slice(0, 1)));
    expect((await cli(['analyze', `${dir}/more.har`, '--db', db, '-q'])).code).toBe(0);
    const after = JSON.parse((await cli(['export', '--openapi', '-', '--db', db])).stdout);
    expect(Object.keys(after.paths['/v1/charges'].post.requestBody.content)).toEqual(['application/x-www-form-urlencoded']);
  });
});
