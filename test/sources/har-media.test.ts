// HAR request bodies as the media type they were sent as, whatever way the exporter wrote them:
// multipart parts given only as `postData.params`, the mimeType misspellings FORMATS.md 1.4 lists,
// and an empty mimeType beside a Content-Type header. And an entry that got no response (status 0)
// is a call without a status, as Burp and Akto record the same exchange.

import { describe, expect, it } from 'vitest';
import { bodyMediaType, mediaTypeEssence } from '../../src/analyzers/media-type.js';
import { bodyValues } from '../../src/analyzers/params.js';
import type { ParamValue } from '../../src/model/facts.js';
import type { CallRecord, NameValue, SourceItem } from '../../src/model/call-record.js';
import { decodeHarValue } from '../../src/sources/har.js';

type Obj = Record<string, unknown>;

function entry(postData: Obj | null, o: { headers?: NameValue[]; response?: Obj | null; status?: unknown } = {}): Obj {
  const e: Obj = {
    startedDateTime: '2024-05-08T10:00:00.000Z',
    time: 10,
    request: {
      method: 'POST', url: 'https://mt.example/upload', httpVersion: 'HTTP/1.1', headers: o.headers ?? [], cookies: [], queryString: [],
      ...(postData === null ? {} : { postData }), headersSize: -1, bodySize: -1,
    },
    response: {
      status: o.status ?? 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [{ name: 'Content-Type', value: 'application/json' }], cookies: [],
      content: { size: 11, mimeType: 'application/json', text: '{"ok":true}' }, redirectURL: '', headersSize: -1, bodySize: -1,
    },
    cache: {},
    timings: { send: 1, wait: 8, receive: 1 },
  };
  if (o.response !== undefined) {
    if (o.response === null) delete e.response;
    else e.response = o.response;
  }
  return e;
}

const decode = (e: object): SourceItem => decodeHarValue(e, 'f.har', 0, { strict: false });
function call(e: object): CallRecord {
  const item = decode(e);
  if (item.kind !== 'call') throw new Error(`not a call: ${JSON.stringify(item)}`);
  return item.call;
}
/** What the inventory records of the request body: its media type and its parameters (name and type). */
function requestView(c: CallRecord): { media: string | undefined; params: string[] } {
  const out: ParamValue[] = [];
  bodyValues(c.requestBody, 'request.body', out);
  return { media: bodyMediaType(c.requestBody, c.requestHeaders), params: out.map((p) => `${p.name}:${p.type}`).sort() };
}

const UPLOAD_PARAMS = [
  { name: 'title', value: 'doc' },
  { name: 'file', fileName: 'a.txt', contentType: 'text/plain', value: 'hello' },
];

describe('HAR multipart uploads given as postData.params', () => {
  it('are multipart/form-data, not a url-encoded form, when the mimeType says multipart (no Content-Type header)', () => {
    const c = call(entry({ mimeType: 'multipart/form-data; boundary=----x', params: UPLOAD_PARAMS }));
    expect(c.requestBody?.mimeType).toMatch(/^multipart\/form-data; boundary=\S+$/);
    expect(requestView(c)).toEqual({ media: 'multipart/form-data', params: ['$.file:string', '$.title:string'] });
    // The file part is a file (its contents are no value), with its name and type as a browser sends them.
    expect(c.requestBody?.text).toContain('Content-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n');
    // k6's HAR writes the type without a boundary.
    expect(requestView(call(entry({ mimeType: 'multipart/form-data', params: UPLOAD_PARAMS }))).media).toBe('multipart/form-data');
  });

  it('read as the same upload sent as postData.text', () => {
    const boundary = '----WebKitFormBoundary7MA4YWxkTrZu0gW';
    const text =
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\ndoc\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`;
    const asText = requestView(call(entry({ mimeType: `multipart/form-data; boundary=${boundary}`, text })));
    const asParams = requestView(call(entry({ mimeType: 'multipart/form-data; boundary=----x', params: UPLOAD_PARAMS })));
    expect(asParams).toEqual(asText);
  });

  it('escape quotes and line breaks in part names as browsers do, so a name cannot end its part', () => {
    const c = call(entry({ mimeType: 'multipart/form-data', params: [{ name: 'a"b\r\nc', value: '1' }] }));
    expect(c.requestBody?.text).toContain('name="a%22b%0D%0Ac"\r\n');
  });

  it('stay a url-encoded form for a form mimeType, an empty one, or none', () => {
    for (const mimeType of ['application/x-www-form-urlencoded', '']) {
      const c = call(entry({ mimeType, params: [{ name: 'a', value: '1' }, { name: 'f', fileName: 'x.bin', value: 'zzz' }] }));
      expect(c.requestBody?.text, mimeType).toBe('a=1&f=');
      expect(requestView(c), mimeType).toEqual({ media: 'application/x-www-form-urlencoded', params: ['$.a:integer', '$.f:string'] });
    }
  });
});

describe('HAR postData.mimeType misspellings (FORMATS.md 1.4)', () => {
  it('`x-www-form-urlencoded` without `application/` is a form, in the body and in the header', () => {
    const headers = [{ name: 'Content-Type', value: 'x-www-form-urlencoded' }];
    const c = call(entry({ mimeType: 'x-www-form-urlencoded', text: 'username=jane&password=hunter2pass' }, { headers }));
    expect(requestView(c)).toEqual({ media: 'application/x-www-form-urlencoded', params: ['$.password:string', '$.username:string'] });
    expect(requestView(call(entry({ mimeType: 'x-www-form-urlencoded; charset=utf-8', text: 'a=1' }))).media).toBe('application/x-www-form-urlencoded');
  });

  it('the typo `application/x-www-urlencoded` is recorded as application/x-www-form-urlencoded', () => {
    const c = call(entry({ mimeType: 'application/x-www-urlencoded', text: 'a=1&b=2' }));
    expect(requestView(c)).toEqual({ media: 'application/x-www-form-urlencoded', params: ['$.a:integer', '$.b:integer'] });
    // Wherever it is written: a Content-Type header with the typo (any source) is the same type.
    expect(mediaTypeEssence('Application/X-WWW-URLENCODED; charset=UTF-8')).toBe('application/x-www-form-urlencoded');
    expect(mediaTypeEssence('x-www-form-urlencoded')).toBe('application/x-www-form-urlencoded');
    // Other bare subtypes stay no media type.
    expect(mediaTypeEssence('json')).toBeNull();
    expect(mediaTypeEssence('x-unknown')).toBeNull();
  });
});

describe('HAR body labels that name no media type', () => {
  it('an empty postData.mimeType takes the Content-Type header: a form is read as its fields', () => {
    const headers = [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }];
    const c = call(entry({ mimeType: '', text: 'a=1&email=nm3%40example.com' }, { headers }));
    expect(c.requestBody?.mimeType).toBe('application/x-www-form-urlencoded');
    expect(requestView(c)).toEqual({ media: 'application/x-www-form-urlencoded', params: ['$.a:integer', '$.email:string'] });
  });

  it('a mimeType that is a type is kept over the header; a header that is none leaves the mimeType', () => {
    const form = [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }];
    expect(call(entry({ mimeType: 'application/json', text: '{"a":1}' }, { headers: form })).requestBody?.mimeType).toBe('application/json');
    expect(call(entry({ mimeType: '', text: 'a=1' }, { headers: [{ name: 'Content-Type', value: 'junk' }] })).requestBody?.mimeType).toBe('');
    expect(call(entry({ mimeType: '', text: 'a=1' })).requestBody?.mimeType).toBe('');
  });

  it("a response's x-unknown or empty content.mimeType takes its Content-Type header (charset included)", () => {
    const latin1 = Buffer.from('{"name":"Jos\u00e9"}', 'latin1').toString('base64');
    for (const mimeType of ['', 'x-unknown']) {
      const response = {
        status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [{ name: 'Content-Type', value: 'application/json; charset=iso-8859-1' }], cookies: [],
        content: { size: 15, mimeType, text: latin1, encoding: 'base64' }, redirectURL: '', headersSize: -1, bodySize: -1,
      };
      const c = call(entry(null, { response }));
      expect(c.responseBody?.mimeType, mimeType).toBe('application/json; charset=iso-8859-1');
      expect(c.responseBody?.text, mimeType).toBe('{"name":"José"}');
    }
  });
});

describe('HAR entries without a response', () => {
  it('status 0 (blocked, aborted, timed out) is no status, as a missing response is: still a call', () => {
    const response = {
      status: 0, statusText: '', httpVersion: '', headers: [], cookies: [], content: { size: 0, mimeType: '' },
      redirectURL: '', headersSize: -1, bodySize: -1, _error: 'net::ERR_TIMED_OUT',
    };
    const timedOut = decode(entry(null, { response }));
    expect(timedOut).toMatchObject({ kind: 'call', call: { status: null, responseBody: null, responseHeaders: [] } });
    expect((timedOut as { warnings?: string[] }).warnings).toBeUndefined();
    expect(call(entry(null, { response: null })).status).toBeNull();
    expect(call(entry(null, { status: '0' })).status).toBeNull();
  });

  it('a number that is no HTTP status is no response, with a warning; a word is none without one', () => {
    const item = decode(entry(null, { status: 99999 }));
    expect(item).toMatchObject({ kind: 'call', call: { status: null } });
    expect((item as { warnings?: string[] }).warnings).toContain('response.status the number 99999 is not an HTTP status; treated as no response');
    expect(call(entry(null, { status: 'abc' })).status).toBeNull();
  });
});
