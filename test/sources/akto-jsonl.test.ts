import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { CallRecord, SourceItem } from '../../src/model/call-record.js';
import { aktoMessageToCall, readAktoJsonl } from '../../src/sources/akto-jsonl.js';
import { headerValue } from '../../src/sources/headers.js';
import { readLines, type LineItem } from '../../src/sources/line-reader.js';

const FIXTURE = new URL('../../fixtures/akto/mirrored-traffic.jsonl', import.meta.url).pathname;

async function* chunked(buf: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const readFixture = (size: number) => all(readAktoJsonl(chunked(readFileSync(FIXTURE), size), 'traffic.jsonl'));

function asCall(r: CallRecord | string): CallRecord {
  if (typeof r === 'string') throw new Error(`skipped: ${r}`);
  return r;
}

describe('aktoMessageToCall', () => {
  const base = {
    method: 'post',
    path: '/api/v1/orders?coupon=SPRING&qty=2',
    type: 'HTTP/1.1',
    requestHeaders: '{"host":"shop.example.com","content-type":"application/json","cookie":"sid=abc; cart=7"}',
    responseHeaders: '{"content-type":"application/json"}',
    requestPayload: '{"item":"sku-1"}',
    responsePayload: '{"orderId":991}',
    statusCode: '201',
    status: 'Created',
    time: '1709647391',
    ip: '198.51.100.23',
    akto_account_id: '1000000',
    akto_vxlan_id: '0',
    is_pending: 'false',
    source: 'MIRRORING',
  };

  it('maps a message with string-encoded headers and a numeric-string status', () => {
    const c = asCall(aktoMessageToCall(base, 'f.jsonl', 3));
    expect(c).toMatchObject({
      method: 'POST',
      scheme: 'https',
      host: 'shop.example.com',
      port: null,
      path: '/api/v1/orders',
      status: 201,
      ts: 1709647391000,
      clientIp: '198.51.100.23',
      httpVersion: 'HTTP/1.1',
      durationMs: null,
      tags: [],
      source: { file: 'f.jsonl', index: 3 },
    });
    expect(c.query).toEqual([{ name: 'coupon', value: 'SPRING' }, { name: 'qty', value: '2' }]);
    expect(c.requestCookies).toEqual([{ name: 'sid', value: 'abc' }, { name: 'cart', value: '7' }]);
    expect(c.requestBody).toMatchObject({ mimeType: 'application/json', text: '{"item":"sku-1"}', binary: false });
    expect(c.responseBody!.text).toBe('{"orderId":991}');
  });

  it('refuses a Host header that is not a host name (a path, a backslash), instead of making it a host', () => {
    for (const h of ['../../evilhost', 'a/b', 'x\\y', 'evil.test:80/../../z', 'a b']) {
      expect(aktoMessageToCall({ ...base, requestHeaders: { Host: h } }, 'f', 0), h).toBe('the Host header is not a host name');
    }
    expect(asCall(aktoMessageToCall({ ...base, requestHeaders: { Host: 'Shop.Example.com:443' } }, 'f', 0)).host).toBe('shop.example.com');
  });

  it('takes scheme, host and port from an absolute-URL path', () => {
    const c = asCall(aktoMessageToCall({ ...base, path: 'http://internal.example.com:8080/health?deep=1' }, 'f', 0));
    expect([c.scheme, c.host, c.port, c.path]).toEqual(['http', 'internal.example.com', 8080, '/health']);
  });

  it('never makes an endpoint without a host: destIp stands in for unreadable or missing headers, else the line is skipped', () => {
    const bad = { ...base, requestHeaders: 'not-a-json-string' };
    const c = asCall(aktoMessageToCall({ ...bad, destIp: '10.0.0.5' }, 'f', 0));
    expect([c.scheme, c.host, c.port, c.path]).toEqual(['https', '10.0.0.5', null, '/api/v1/orders']);
    expect(asCall(aktoMessageToCall({ ...bad, destIp: '10.0.0.5:8080' }, 'f', 0)).port).toBe(8080);
    expect(asCall(aktoMessageToCall({ ...bad, destIp: '2001:db8::7' }, 'f', 0)).host).toBe('[2001:db8::7]');
    // the Host header and an absolute URL in the path still win over destIp
    expect(asCall(aktoMessageToCall({ ...base, destIp: '10.0.0.5' }, 'f', 0)).host).toBe('shop.example.com');
    expect(asCall(aktoMessageToCall({ ...bad, path: 'http://api.example/x', destIp: '10.0.0.5' }, 'f', 0)).host).toBe('api.example');
    for (const destIp of [undefined, '', 'null', 'not an address', '../x']) {
      expect(aktoMessageToCall({ ...bad, destIp }, 'f', 0), String(destIp)).toBe(
        'no host: requestHeaders is not valid JSON, the path is not an absolute URL and there is no destIp',
      );
    }
    expect(aktoMessageToCall({ ...base, requestHeaders: '{"accept":"*/*"}', path: 'api/users' }, 'f', 0)).toBe(
      'no host: no Host header, the path is not an absolute URL and there is no destIp',
    );
  });

  it('reads a port from the Host header and accepts real header objects with array values', () => {
    const c = asCall(
      aktoMessageToCall({ ...base, requestHeaders: { Host: 'shop.example.com:8443', Accept: ['a/b', 'c/d'] }, statusCode: 200 }, 'f', 0),
    );
    expect([c.host, c.port, c.status]).toEqual(['shop.example.com', 8443, 200]);
    expect(c.requestHeaders.filter((h) => h.name === 'Accept').map((h) => h.value)).toEqual(['a/b', 'c/d']);
  });

  it('reads time in seconds, and in milliseconds when a connector sent ms', () => {
    expect(asCall(aktoMessageToCall({ ...base, time: 1709647391 }, 'f', 0)).ts).toBe(1709647391000);
    expect(asCall(aktoMessageToCall({ ...base, time: '1709647391123' }, 'f', 0)).ts).toBe(1709647391123);
    expect(asCall(aktoMessageToCall({ ...base, time: 'soon' }, 'f', 0)).ts).toBeNull();
  });

  it('treats placeholder client addresses as unknown', () => {
    expect(asCall(aktoMessageToCall({ ...base, ip: 'null' }, 'f', 0)).clientIp).toBeNull();
    expect(asCall(aktoMessageToCall({ ...base, ip: '' }, 'f', 0)).clientIp).toBeNull();
  });

  it('gives a pending message with no status no response', () => {
    const c = asCall(aktoMessageToCall({ ...base, is_pending: 'true', statusCode: '0', responsePayload: '' }, 'f', 0));
    expect([c.status, c.responseBody]).toEqual([null, null]);
    // Status 0 is no response whether or not the message says it is pending, as in a HAR.
    expect(asCall(aktoMessageToCall({ ...base, statusCode: 0, responsePayload: '' }, 'f', 0)).status).toBeNull();
  });

  it('reads a payload sent as a JSON object or array as that JSON body, whatever the Content-Type says', async () => {
    const line = JSON.stringify({
      ...base,
      requestHeaders: { host: 'api.example.com', 'content-type': 'text/plain' },
      requestPayload: { email: 'jane@example.com', password: 'hunter2' },
      responsePayload: [{ id: 1 }],
    });
    const [item] = await all(readAktoJsonl(chunked(Buffer.from(line + '\n'), 64), 'f'));
    expect(item).toEqual({ kind: 'call', call: expect.anything() }); // no warning
    const c = (item as Extract<SourceItem, { kind: 'call' }>).call;
    expect(c.requestBody).toMatchObject({ mimeType: 'application/json', text: '{"email":"jane@example.com","password":"hunter2"}', binary: false });
    expect(c.responseBody).toMatchObject({ mimeType: 'application/json', text: '[{"id":1}]' });
    // a JSON Content-Type of its own is kept
    const vnd = asCall(aktoMessageToCall({ ...base, responseHeaders: { 'content-type': 'application/vnd.api+json' }, responsePayload: {} }, 'f', 0));
    expect(vnd.responseBody).toMatchObject({ mimeType: 'application/vnd.api+json', text: '{}' });
  });

  it('warns about a payload that is a number or a boolean, without quoting it, and reads no body', async () => {
    const line = JSON.stringify({ ...base, requestPayload: 4111111111111111, responsePayload: true });
    const [item] = await all(readAktoJsonl(chunked(Buffer.from(line + '\n'), 64), 'f'));
    expect(item).toMatchObject({
      kind: 'call',
      call: { requestBody: null, responseBody: null },
      warnings: [
        'requestPayload is a number, not a string or a JSON object or array; body ignored',
        'responsePayload is a boolean, not a string or a JSON object or array; body ignored',
      ],
    });
    expect(JSON.stringify(item)).not.toContain('4111');
  });

  it('skips a message whose absolute-URL path has a malformed host, saying why', () => {
    expect(aktoMessageToCall({ ...base, path: 'http://[::1/v1/c' }, 'f', 0)).toBe('malformed host (an IPv6 address without its closing "]")');
    expect(aktoMessageToCall({ ...base, path: 'http://[zzzz]/v1/c' }, 'f', 0)).toMatch(/^malformed host \(brackets around/);
    expect(asCall(aktoMessageToCall({ ...base, path: 'http://[2001:db8:0:0:0:0:0:1]:8080/v1/a' }, 'f', 0))).toMatchObject({ host: '[2001:db8::1]', port: 8080 });
    expect(asCall(aktoMessageToCall({ ...base, requestHeaders: { Host: 'shop.example.com:' } }, 'f', 0))).toMatchObject({ host: 'shop.example.com', port: null });
  });

  it('says why a message cannot be a call', () => {
    expect(aktoMessageToCall({ ...base, method: undefined }, 'f', 0)).toBe('missing method');
    expect(aktoMessageToCall({ ...base, path: '' }, 'f', 0)).toBe('missing path');
    expect(aktoMessageToCall([1, 2], 'f', 0)).toBe('not a JSON object');
    expect(aktoMessageToCall(null, 'f', 0)).toBe('not a JSON object');
  });
});

describe('readAktoJsonl', () => {
  it('reads the fixture: calls and located skips, blank lines ignored, CRLF tolerated', async () => {
    const items = await readFixture(64 * 1024);
    expect(items.map((i) => [i.kind, i.kind === 'call' ? i.call.source.index : i.index])).toEqual([
      ['call', 0],
      ['call', 2],
      ['skip', 3],
      ['skip', 4],
      ['call', 5],
      ['skip', 7],
    ]);
    const calls = items.flatMap((i) => (i.kind === 'call' ? [i.call] : []));
    expect(calls.map((c) => [c.method, c.scheme, c.host, c.port, c.path, c.status])).toEqual([
      ['POST', 'https', 'shop.example.com', null, '/api/v1/orders', 201],
      ['GET', 'http', 'internal.example.com', 8080, '/health', 200],
      ['GET', 'https', 'shop.example.com', 8443, '/api/v1/users/42', null],
    ]);
    expect(calls[1]!.httpVersion).toBe('HTTP/2');
    expect(calls[1]!.clientIp).toBeNull();
    expect(calls[2]!.ts).toBe(1709647394000); // ms-valued time
    expect(headerValue(calls[0]!.requestHeaders, 'authorization')).toBe('Bearer fixture-token');
  });

  it('skips bad lines with a reason that does not echo the line', async () => {
    const items = await readFixture(64 * 1024);
    const skips = items.filter((i): i is Extract<SourceItem, { kind: 'skip' }> => i.kind === 'skip');
    expect(skips.map((s) => [s.index, s.reason])).toEqual([
      [3, expect.stringMatching(/^not valid JSON/)],
      [4, 'missing method'],
      [7, 'no host: requestHeaders is not valid JSON, the path is not an absolute URL and there is no destIp'],
    ]);
    expect(JSON.stringify(skips)).not.toMatch(/should-not-be-echoed/);
  });

  it('keeps a call with unreadable headers or status, with warnings, when destIp names the host', async () => {
    const line = JSON.stringify({ method: 'PUT', path: '/api/v1/users/42', requestHeaders: '{not json', statusCode: 'OK', destIp: '10.0.0.5', time: 1710072000 });
    const [put] = await all(readAktoJsonl(chunked(Buffer.from(line + '\n'), 64), 'f'));
    expect(put).toMatchObject({
      kind: 'call',
      call: { host: '10.0.0.5', port: null, path: '/api/v1/users/42', status: null },
      warnings: [expect.stringMatching(/requestHeaders is not valid JSON/), expect.stringMatching(/statusCode "OK" is not a number/)],
    });
  });

  it('never quotes a long status text: it may hold anything from the message', async () => {
    const line = JSON.stringify({ method: 'GET', path: '/x', statusCode: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig', destIp: '10.0.0.5', time: 1710072000 });
    const [get] = await all(readAktoJsonl(chunked(Buffer.from(line + '\n'), 64), 'f'));
    expect(get).toMatchObject({ kind: 'call', warnings: ['statusCode a string is not a number'] });
  });

  it('gives the same items with 7-byte chunks', async () => {
    expect(await readFixture(7)).toEqual(await readFixture(64 * 1024));
  });

  it('skips a line past the length cap and goes on', async () => {
    const lines = [JSON.stringify({ method: 'GET', path: '/a', requestPayload: 'x'.repeat(5000) }), JSON.stringify({ method: 'GET', path: 'https://h.example/b' })];
    const items = await all(readAktoJsonl(chunked(Buffer.from(lines.join('\n')), 100), 'f', 1000));
    expect(items).toEqual([
      { kind: 'skip', index: 0, reason: 'line longer than 1000 bytes' },
      expect.objectContaining({ kind: 'call', call: expect.objectContaining({ path: '/b' }) }),
    ]);
  });

  it.each([
    ['a JSON array', '[{"method":"GET","path":"/"}]\n'],
    ['pretty-printed JSON', '{\n  "log": {}\n}\n'],
    ['XML', '<?xml version="1.0"?><items></items>\n'],
  ])('rejects %s as not Akto JSON lines', async (_label, text) => {
    const err = await all(readAktoJsonl(chunked(Buffer.from(text), 64), 'wrong.json')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).reason).toMatch(/not an Akto JSON-lines file/);
  });
});

describe('readLines', () => {
  const lines = async (text: string | Buffer, size: number, max = 1000) =>
    all(readLines(chunked(Buffer.isBuffer(text) ? text : Buffer.from(text), size), max));

  it('splits on LF, strips CR, keeps empty lines, no phantom last line', async () => {
    expect(await lines('a\r\n\nb\n', 2)).toEqual([
      { line: 'a', index: 0 },
      { line: '', index: 1 },
      { line: 'b', index: 2 },
    ]);
    expect(await lines('a\nb', 1)).toEqual([
      { line: 'a', index: 0 },
      { line: 'b', index: 1 },
    ]);
  });

  it('keeps multi-byte characters split across chunks and drops a leading BOM', async () => {
    const buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Zoë 👍\nnext')]);
    expect(await lines(buf, 1)).toEqual([
      { line: 'Zoë 👍', index: 0 },
      { line: 'next', index: 1 },
    ]);
  });

  it('reports an over-long line once, by index, and resumes after it', async () => {
    const text = `short\n${'y'.repeat(50)}\nafter\n${'z'.repeat(50)}`;
    const expected: LineItem[] = [
      { line: 'short', index: 0 },
      { tooLong: true, index: 1 },
      { line: 'after', index: 2 },
      { tooLong: true, index: 3 },
    ];
    expect(await lines(text, 3, 10)).toEqual(expected);
    expect(await lines(text, 1000, 10)).toEqual(expected);
  });

  it('does not count the CR of a CRLF line toward the cap', async () => {
    for (const size of [1, 3, 4, 11, 64]) expect(await lines('0123456789\r\n', size, 10)).toEqual([{ line: '0123456789', index: 0 }]);
    expect(await lines('0123456789A\r\n', 4, 10)).toEqual([{ tooLong: true, index: 0 }]);
  });
});

describe('readAktoJsonl times', () => {
  it('warns, per line, when a time is missing or unreadable (the analysis start is used, as for HAR)', async () => {
    const lines = [
      { method: 'GET', path: '/a', statusCode: 200, destIp: '10.0.0.5', time: 'yesterday' },
      { method: 'GET', path: '/a', statusCode: 200, destIp: '10.0.0.5' },
      { method: 'GET', path: '/a', statusCode: 200, destIp: '10.0.0.5', time: '1710072000' },
    ].map((l) => JSON.stringify(l)).join('\n');
    const items = await all(readAktoJsonl(chunked(Buffer.from(lines + '\n'), 64), 'f'));
    expect(items.map((i) => (i as { warnings?: string[] }).warnings)).toEqual([['time is not a Unix timestamp'], ['time is missing'], undefined]);
    expect((items[0] as { call: { ts: number | null } }).call.ts).toBeNull();
  });
});


describe('readAktoJsonl: units, statuses and HTTP/2', () => {
  const line = (o: object): string => JSON.stringify({ method: 'GET', path: 'https://api.example.com/v1/ping', statusCode: 200, ...o });
  const read = async (...lines: string[]) => all(readAktoJsonl(chunked(Buffer.from(lines.join('\n') + '\n'), 64), 'f'));
  const ts = (i: SourceItem): number | null => (i as { call: CallRecord }).call.ts;

  it('reads times in seconds, milliseconds, microseconds and nanoseconds; a time no date can hold is a warning', async () => {
    const at = Date.UTC(2024, 2, 4);
    const items = await read(
      line({ time: at / 1000 }),
      line({ time: at }),
      line({ time: at * 1000 }),
      line({ time: `${at}000000` }),
      line({ time: 1e25 }),
    );
    expect(items.slice(0, 4).map(ts)).toEqual([at, at, at, at]);
    expect(ts(items[4]!)).toBeNull();
    expect((items[4] as { warnings?: string[] }).warnings).toEqual(['time is not a Unix timestamp']);
  });

  it('a status outside 100-599 or not a whole number is a warning, and no status', async () => {
    const items = await read(line({ statusCode: 99999 }), line({ statusCode: 1.5 }), line({ statusCode: '204' }), line({ statusCode: '200.5' }));
    expect(items.map((i) => (i as { call: CallRecord }).call.status)).toEqual([null, null, 204, null]);
    expect((items[0] as { warnings?: string[] }).warnings).toEqual(['statusCode the number 99999 is not an HTTP status', 'time is missing']);
  });

  it('drops HTTP/2 pseudo-headers, as HAR does; :authority still names the host', async () => {
    const [item] = await read(
      JSON.stringify({
        method: 'GET', path: '/x?y=1', statusCode: '200', time: '1709510400',
        requestHeaders: JSON.stringify({ ':authority': 'api.example.com', ':method': 'GET', ':path': '/x?y=1', ':scheme': 'https', accept: '*/*' }),
        responseHeaders: JSON.stringify({ ':status': '200', 'content-type': 'application/json' }),
      }),
    );
    const c = (item as { call: CallRecord }).call;
    expect(c.host).toBe('api.example.com');
    expect(c.requestHeaders.map((h) => h.name)).toEqual(['accept']);
    expect(c.responseHeaders.map((h) => h.name)).toEqual(['content-type']);
  });
});
