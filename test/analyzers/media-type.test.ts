// A body's media type as stored: the Content-Type essence, lower-cased, parameters dropped; junk is
// never kept; the message's Content-Type header comes before the source's label of the body.

import { describe, expect, it } from 'vitest';
import type { Body } from '../../src/model/call-record.js';
import { MAX_MEDIA_TYPE_CHARS, bodyMediaType, mediaTypeEssence } from '../../src/analyzers/media-type.js';

const body = (mimeType: string, text = 'x', size = text.length): Body => ({ mimeType, text, size, truncated: false, binary: false });
const ct = (value: string) => [{ name: 'Content-Type', value }];

describe('mediaTypeEssence', () => {
  it('lower-cases, trims and drops parameters', () => {
    expect(mediaTypeEssence('application/json; charset=utf-8')).toBe('application/json');
    expect(mediaTypeEssence('multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW')).toBe('multipart/form-data');
    expect(mediaTypeEssence('  Text/HTML ;charset=ISO-8859-1')).toBe('text/html');
    expect(mediaTypeEssence('application/vnd.api+json')).toBe('application/vnd.api+json');
    expect(mediaTypeEssence('binary/octet-stream')).toBe('binary/octet-stream');
  });

  it('gives the same answer again from its memo (also for another boundary)', () => {
    for (let i = 0; i < 3; i++) expect(mediaTypeEssence(`multipart/form-data; boundary=b${i}`)).toBe('multipart/form-data');
    expect(mediaTypeEssence('not a type')).toBeNull();
    expect(mediaTypeEssence('not a type')).toBeNull();
  });

  it('keeps nothing that is not type/subtype token syntax, a wildcard, or too long', () => {
    for (const junk of ['', ' ', 'json', 'x-unknown', 'application/', '/json', 'application/json/extra', 'text/html<script>', 'application/js on', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x', '*/*', 'text/*', 'app"lication/json', 'application/json\u0000']) {
      expect(mediaTypeEssence(junk), JSON.stringify(junk)).toBeNull();
    }
    const long = `application/${'x'.repeat(MAX_MEDIA_TYPE_CHARS)}`;
    expect(mediaTypeEssence(long)).toBeNull();
    expect(mediaTypeEssence(`application/${'x'.repeat(MAX_MEDIA_TYPE_CHARS - 12)}`)).not.toBeNull();
    expect(mediaTypeEssence(' '.repeat(10_000) + 'text/plain')).toBeNull();
  });
});

describe('bodyMediaType', () => {
  it('counts only bodies that were there', () => {
    expect(bodyMediaType(null, ct('application/json'))).toBeUndefined();
    expect(bodyMediaType(body('application/json', '', 0), ct('application/json'))).toBeUndefined();
    expect(bodyMediaType(body('application/json', '', -1), [])).toBeUndefined();
    // Binary, or not captured: no text, but a size.
    expect(bodyMediaType({ mimeType: 'image/png', text: '', size: 2048, truncated: false, binary: true }, [])).toBe('image/png');
  });

  it("takes the message's Content-Type header first, then the body's label", () => {
    // A HAR's multipart fields given only as params are re-encoded as a form for the parameter analyzer.
    expect(bodyMediaType(body('application/x-www-form-urlencoded'), ct('multipart/form-data; boundary=x'))).toBe('multipart/form-data');
    expect(bodyMediaType(body('application/xml; charset=utf-8'), [{ name: 'content-type', value: '' }])).toBe('application/xml');
    expect(bodyMediaType(body('text/plain'), ct('garbage'))).toBe('text/plain');
    expect(bodyMediaType(body(''), [])).toBeUndefined();
    expect(bodyMediaType(body('x-unknown'), [])).toBeUndefined();
  });
});
