// A saved example's response type: its Content-Type header, else its `_postman_previewlanguage`,
// which is how Postman displays the body and not always what it is (FORMATS.md 2.9: `json` on an
// HTML page). A body that does not read as its language says is typed by what it opens with.

import { describe, expect, it } from 'vitest';
import { bodyMediaType } from '../../src/analyzers/media-type.js';
import type { CallRecord } from '../../src/model/call-record.js';
import { exampleBodyOf } from '../../src/sources/postman-body.js';
import { readPostman } from '../../src/sources/postman.js';
import { cli, tempDir } from '../helpers.js';
import { writeFileSync } from 'node:fs';

const HTML = '<html><body>Internal error</body></html>';

function collection(example: Record<string, unknown>): unknown {
  return {
    info: { name: 'p', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [{ name: 'h', request: { method: 'GET', url: 'https://pp.example/h' }, response: [{ name: 'e', code: 500, ...example }] }],
  };
}

function exampleCall(example: Record<string, unknown>): CallRecord {
  const [item] = [...readPostman(collection(example), 'c.json')];
  if (item?.kind !== 'call') throw new Error('not a call');
  return item.call;
}

const mediaOf = (example: Record<string, unknown>): string | undefined => {
  const c = exampleCall(example);
  return bodyMediaType(c.responseBody, c.responseHeaders);
};

describe('Postman example bodies typed by their preview language', () => {
  it('a json preview of an HTML page without headers is text/html', () => {
    expect(mediaOf({ _postman_previewlanguage: 'json', header: [], body: HTML })).toBe('text/html');
    expect(mediaOf({ _postman_previewlanguage: 'json', header: null, body: '  <!DOCTYPE html><p>x</p>' })).toBe('text/html');
  });

  it('a json preview is trusted where the body is JSON, and plain text or XML are what they are', () => {
    expect(mediaOf({ _postman_previewlanguage: 'json', body: '{"a":1}' })).toBe('application/json');
    expect(mediaOf({ _postman_previewlanguage: 'JSON', body: ' [1, 2]' })).toBe('application/json');
    expect(mediaOf({ _postman_previewlanguage: 'json', body: 'Internal error' })).toBe('text/plain');
    expect(mediaOf({ _postman_previewlanguage: 'json', body: '{not json' })).toBe('text/plain');
    expect(mediaOf({ _postman_previewlanguage: 'json', body: '<error><code>1</code></error>' })).toBe('application/xml');
  });

  it('xml and html previews need markup; text and unknown previews are kept as before', () => {
    expect(mediaOf({ _postman_previewlanguage: 'xml', body: '<a/>' })).toBe('application/xml');
    expect(mediaOf({ _postman_previewlanguage: 'html', body: '<p>hi</p>' })).toBe('text/html');
    expect(mediaOf({ _postman_previewlanguage: 'html', body: '{"a":1}' })).toBe('application/json');
    expect(mediaOf({ _postman_previewlanguage: 'text', body: '{"a":1}' })).toBe('text/plain');
    expect(mediaOf({ _postman_previewlanguage: 'auto', body: 'x' })).toBeUndefined();
    expect(mediaOf({ body: 'x' })).toBeUndefined();
    expect(mediaOf({ _postman_previewlanguage: 'constructor', body: 'x' })).toBeUndefined();
  });

  it('a Content-Type header wins over both the language and the body', () => {
    expect(mediaOf({ _postman_previewlanguage: 'json', header: [{ key: 'Content-Type', value: 'application/json' }], body: HTML })).toBe('application/json');
    expect(exampleBodyOf(HTML, 'application/problem+json', 'json')?.mimeType).toBe('application/problem+json');
  });

  it('the HTML body is read as HTML, not as a JSON text value', () => {
    expect(exampleCall({ _postman_previewlanguage: 'json', body: HTML }).responseBody?.mimeType).toBe('text/html');
  });
});

describe('Postman example media types end to end', () => {
  const dir = tempDir();

  it('show and the OpenAPI export list the HTML example as text/html', async () => {
    const file = `${dir}/preview.postman_collection.json`;
    writeFileSync(file, JSON.stringify(collection({ _postman_previewlanguage: 'json', header: [], body: HTML })));
    const db = `${dir}/p.db`;
    expect((await cli(['analyze', file, '--db', db, '-q'])).code).toBe(0);
    const show = JSON.parse((await cli(['show', 'GET', '/h', '--db', db, '--format', 'json'])).stdout);
    expect(show.endpoint.responseMediaTypes).toEqual({ '500': { 'text/html': 1 } });
    const spec = JSON.parse((await cli(['export', '--openapi', '-', '--db', db])).stdout);
    expect(Object.keys(spec.paths['/h'].get.responses['500'].content)).toEqual(['text/html']);
  });
});
