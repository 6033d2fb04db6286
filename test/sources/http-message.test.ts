import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BODY_CAP_CHARS, type NameValue } from '../../src/model/call-record.js';
import { decodeBody, dechunk, parseHttpRequest, parseHttpResponse } from '../../src/sources/http-message.js';

const crlf = (...lines: string[]) => Buffer.from(lines.join('\r\n'));
const h = (...pairs: [string, string][]): NameValue[] => pairs.map(([name, value]) => ({ name, value }));

describe('parseHttpRequest', () => {
  it('splits request line, headers in wire order (duplicates kept) and body bytes', () => {
    const r = parseHttpRequest(crlf('POST /a/b?c=1 HTTP/1.1', 'Host: api.x.com', 'Cookie: a=1', 'cookie: b=2', '', '{"k":1}'));
    expect(r).not.toBeNull();
    expect(r!.method).toBe('POST');
    expect(r!.target).toBe('/a/b?c=1');
    expect(r!.httpVersion).toBe('HTTP/1.1');
    expect(r!.headers).toEqual(h(['Host', 'api.x.com'], ['Cookie', 'a=1'], ['cookie', 'b=2']));
    expect(r!.body.toString()).toBe('{"k":1}');
  });

  it('reads the HTTP/2 request line Burp writes', () => {
    const r = parseHttpRequest(crlf('GET /logo.png HTTP/2', 'Host: cdn.example.net', '', ''));
    expect(r!.httpVersion).toBe('HTTP/2');
    expect(r!.target).toBe('/logo.png');
    expect(r!.body.length).toBe(0);
  });

  it('tolerates LF-only line endings, keeping the body intact (including its own CRLFs)', () => {
    const r = parseHttpRequest(Buffer.from('PUT /x HTTP/1.1\nHost: h\nX-A: 1\n\nline1\r\nline2'));
    expect(r!.headers).toEqual(h(['Host', 'h'], ['X-A', '1']));
    expect(r!.body.toString()).toBe('line1\r\nline2');
  });

  it('joins obsolete folded header lines and ignores lines without a colon', () => {
    const r = parseHttpRequest(crlf('GET / HTTP/1.1', 'X-Long: part one', '\tpart two', 'garbage line', '', ''));
    expect(r!.headers).toEqual(h(['X-Long', 'part one part two']));
  });

  it('keeps an absolute-form target and a message with no blank line', () => {
    const r = parseHttpRequest(Buffer.from('GET http://h.example/a HTTP/1.0\r\nHost: h.example'));
    expect(r!.target).toBe('http://h.example/a');
    expect(r!.headers).toEqual(h(['Host', 'h.example']));
    expect(r!.body.length).toBe(0);
  });

  it('decodes UTF-8 header values, falling back to Latin-1 for other bytes', () => {
    const utf8 = parseHttpRequest(Buffer.from('GET / HTTP/1.1\r\nX-Name: Zoë\r\n\r\n'));
    expect(utf8!.headers[0]!.value).toBe('Zoë');
    const latin1 = parseHttpRequest(Buffer.concat([Buffer.from('GET / HTTP/1.1\r\nX-Name: Zo'), Buffer.from([0xeb]), Buffer.from('\r\n\r\n')]));
    expect(latin1!.headers[0]!.value).toBe('Zoë');
  });

  it('returns null when the first line is not a request line', () => {
    expect(parseHttpRequest(Buffer.from('Lorem ipsum dolor'))).toBeNull();
    expect(parseHttpRequest(Buffer.from(''))).toBeNull();
    expect(parseHttpRequest(Buffer.from('{"json":true}'))).toBeNull();
  });
});

describe('parseHttpResponse', () => {
  it('reads status, version, headers and body; HTTP/2 status lines have no reason', () => {
    const r = parseHttpResponse(crlf('HTTP/2 404', 'content-type: text/plain', '', 'nope'));
    expect(r.status).toBe(404);
    expect(r.httpVersion).toBe('HTTP/2');
    expect(r.headers).toEqual(h(['content-type', 'text/plain']));
    expect(r.body.toString()).toBe('nope');
    expect(parseHttpResponse(crlf('HTTP/1.1 302 Found', 'Location: /home', '', '')).status).toBe(302);
  });

  it('gives status null for bytes that are not an HTTP response', () => {
    expect(parseHttpResponse(Buffer.from('<html>hi</html>')).status).toBeNull();
  });
});

describe('dechunk', () => {
  it('joins chunks, ignoring chunk extensions and trailers', () => {
    expect(dechunk(Buffer.from('4;name=v\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: 1\r\n\r\n'))!.toString()).toBe('Wikipedia');
  });
  it('accepts LF-only framing and keeps what a capture cut mid-chunk holds', () => {
    expect(dechunk(Buffer.from('3\nabc\n0\n\n'))!.toString()).toBe('abc');
    expect(dechunk(Buffer.from('a\r\n0123'))!.toString()).toBe('0123');
  });
  it('returns null for bytes that are not chunked framing', () => {
    expect(dechunk(Buffer.from('{"not":"chunked"}'))).toBeNull();
  });
});

describe('decodeBody', () => {
  const json = '{"user":{"id":42,"name":"Zoë"}}';

  it('de-chunks then decompresses gzip', () => {
    const gz = zlib.gzipSync(json);
    const chunked = Buffer.concat([Buffer.from(`${gz.length.toString(16)}\r\n`), gz, Buffer.from('\r\n0\r\n\r\n')]);
    const b = decodeBody(h(['Content-Type', 'application/json'], ['Transfer-Encoding', 'chunked'], ['Content-Encoding', 'gzip']), chunked);
    expect(b).toMatchObject({ mimeType: 'application/json', text: json, binary: false, truncated: false, size: Buffer.byteLength(json) });
  });

  it('decompresses deflate (zlib-wrapped and raw) and brotli', () => {
    const ct: [string, string] = ['Content-Type', 'application/json'];
    expect(decodeBody(h(ct, ['Content-Encoding', 'deflate']), zlib.deflateSync(json)).text).toBe(json);
    expect(decodeBody(h(ct, ['Content-Encoding', 'deflate']), zlib.deflateRawSync(json)).text).toBe(json);
    expect(decodeBody(h(ct, ['Content-Encoding', 'br']), zlib.brotliCompressSync(json)).text).toBe(json);
  });

  it('undoes stacked encodings last-applied first', () => {
    const twice = zlib.brotliCompressSync(zlib.gzipSync(json));
    expect(decodeBody(h(['Content-Encoding', 'gzip, br']), twice).text).toBe(json);
  });

  it('turns a corrupt gzip body into a binary body instead of throwing', () => {
    const b = decodeBody(h(['Content-Type', 'application/json'], ['Content-Encoding', 'gzip']), Buffer.from('definitely not gzip'));
    expect(b).toMatchObject({ binary: true, text: '', size: 19 });
  });

  it('treats an unknown encoding as binary', () => {
    expect(decodeBody(h(['Content-Encoding', 'zstd']), Buffer.from([1, 2, 3])).binary).toBe(true);
  });

  it('keeps the readable start of a gzip stream cut short by the capture', () => {
    const text = 'x'.repeat(200_000);
    const gz = zlib.gzipSync(text);
    const b = decodeBody(h(['Content-Type', 'text/plain'], ['Content-Encoding', 'gzip']), gz.subarray(0, gz.length - 12));
    expect(b.binary).toBe(false);
    expect(b.text.length).toBeGreaterThan(0);
    expect(text.startsWith(b.text)).toBe(true);
  });

  it('survives a gzip bomb: output capped, flagged truncated, size unknown', () => {
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 'a')); // ~64 KB that inflates to 64 MB
    const b = decodeBody(h(['Content-Type', 'text/plain'], ['Content-Encoding', 'gzip']), bomb);
    expect(b.binary).toBe(false);
    expect(b.truncated).toBe(true);
    expect(b.size).toBe(-1);
    expect(b.text.length).toBeGreaterThan(0);
    expect(b.text.length).toBeLessThanOrEqual(BODY_CAP_CHARS);
  });

  it('honours a custom decode cap', () => {
    const gz = zlib.gzipSync('y'.repeat(100_000));
    const b = decodeBody(h(['Content-Encoding', 'gzip']), gz, { maxDecodedBytes: 1000 });
    expect(b.truncated).toBe(true);
    expect(b.text.length).toBeLessThanOrEqual(1000);
  });

  it('decodes the charset named in Content-Type', () => {
    const b = decodeBody(h(['Content-Type', 'text/plain; charset=iso-8859-1']), Buffer.from([0x5a, 0x6f, 0xeb]));
    expect(b.text).toBe('Zoë');
  });

  it('cuts an oversize uncompressed body at the cap but reports its full size', () => {
    const big = Buffer.alloc(BODY_CAP_CHARS + 10, 'z');
    const b = decodeBody(h(['Content-Type', 'text/plain']), big);
    expect(b.truncated).toBe(true);
    expect(b.text.length).toBe(BODY_CAP_CHARS);
    expect(b.size).toBe(BODY_CAP_CHARS + 10);
  });

  it('leaves an empty body with a Content-Encoding alone', () => {
    expect(decodeBody(h(['Content-Encoding', 'gzip']), Buffer.alloc(0))).toMatchObject({ text: '', binary: false, size: 0 });
  });
});
