// HAR request media types and responses that never came, end to end: what `show`, the OpenAPI
// export and `diff` report for HARs that write bodies and failures their own ways.

import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAMPLES, cli, tempDir } from '../helpers.js';

type Obj = Record<string, unknown>;

function entry(path: string, request: { headers?: Obj[]; postData?: Obj }, response?: Obj): Obj {
  return {
    startedDateTime: '2024-05-08T10:00:00.000Z',
    time: 10,
    request: { method: 'POST', url: `https://mt.example${path}`, httpVersion: 'HTTP/1.1', headers: request.headers ?? [], cookies: [], queryString: [], postData: request.postData, headersSize: -1, bodySize: -1 },
    response: response ?? {
      status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [{ name: 'Content-Type', value: 'application/json' }], cookies: [],
      content: { size: 11, mimeType: 'application/json', text: '{"ok":true}' }, redirectURL: '', headersSize: -1, bodySize: -1,
    },
    cache: {},
    timings: { send: 1, wait: 8, receive: 1 },
  };
}

const har = (entries: Obj[]): string => JSON.stringify({ log: { version: '1.2', creator: { name: 'Fiddler', version: '5' }, entries } });

describe('HAR request media types', () => {
  const dir = tempDir();
  const file = `${dir}/mime.har`;
  const db = `${dir}/mime.db`;
  writeFileSync(
    file,
    har([
      entry('/upload', { postData: { mimeType: 'multipart/form-data; boundary=----x', params: [{ name: 'title', value: 'doc' }, { name: 'file', fileName: 'a.txt', contentType: 'text/plain', value: 'hello' }] } }),
      entry('/login', { headers: [{ name: 'Content-Type', value: 'x-www-form-urlencoded' }], postData: { mimeType: 'x-www-form-urlencoded', text: 'username=jane&password=hunter2pass' } }),
      entry('/typo', { postData: { mimeType: 'application/x-www-urlencoded', text: 'a=1&b=2' } }),
      entry('/emptymime', { headers: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }], postData: { mimeType: '', text: 'a=1&email=nm3%40example.com' } }),
    ]),
  );

  const expected: Record<string, { media: string; body: string[] }> = {
    '/upload': { media: 'multipart/form-data', body: ['$.file', '$.title'] },
    '/login': { media: 'application/x-www-form-urlencoded', body: ['$.password', '$.username'] },
    '/typo': { media: 'application/x-www-form-urlencoded', body: ['$.a', '$.b'] },
    '/emptymime': { media: 'application/x-www-form-urlencoded', body: ['$.a', '$.email'] },
  };

  it('show records each body as the type it was sent as, with its fields', async () => {
    expect((await cli(['analyze', file, '--db', db, '-q'])).code).toBe(0);
    for (const [path, want] of Object.entries(expected)) {
      const show = JSON.parse((await cli(['show', 'POST', path, '--db', db, '--format', 'json'])).stdout);
      expect(show.endpoint.requestMediaTypes, path).toEqual({ [want.media]: 1 });
      const body = show.endpoint.params.filter((p: { location: string }) => p.location === 'request.body').map((p: { name: string }) => p.name).sort();
      expect(body, path).toEqual(want.body);
    }
  });

  it('the OpenAPI export puts each request body under that type', async () => {
    const spec = JSON.parse((await cli(['export', '--openapi', '-', '--db', db])).stdout);
    for (const [path, want] of Object.entries(expected)) expect(Object.keys(spec.paths[path].post.requestBody.content), path).toEqual([want.media]);
  });

  it("a sample's multipart upload given as params is multipart/form-data (k6's login)", async () => {
    const k6 = `${dir}/k6.db`;
    expect((await cli(['analyze', `${SAMPLES}har/handwritten_full-bodies-bearer.har`, '--db', k6, '-q'])).code).toBe(0);
    const login = JSON.parse((await cli(['show', 'POST', '/login', '--host', 'test.k6.io', '--db', k6, '--format', 'json'])).stdout);
    expect(login.endpoint.requestMediaTypes).toEqual({ 'multipart/form-data': 1 });
    const post = JSON.parse((await cli(['show', 'POST', '/post', '--host', 'httpbin.org', '--db', k6, '--format', 'json'])).stdout);
    expect(Object.keys(post.endpoint.requestMediaTypes).sort()).toEqual(['application/x-www-form-urlencoded', 'text/plain']);
  });
});

describe('HAR entries without a response', () => {
  const dir = tempDir();

  it('status 0 is no status, as in a Burp export of the same exchange: diff finds no change', async () => {
    const timedOut = {
      status: 0, statusText: '', httpVersion: '', headers: [], cookies: [], content: { size: 0, mimeType: '' },
      redirectURL: '', headersSize: -1, bodySize: -1, _error: 'net::ERR_TIMED_OUT',
    };
    const e = { ...entry('/slow', {}, timedOut), request: { method: 'GET', url: 'https://ns.example/slow', httpVersion: 'HTTP/1.1', headers: [], cookies: [], queryString: [], headersSize: -1, bodySize: 0 } };
    writeFileSync(`${dir}/noresp.har`, har([e]));
    const request = Buffer.from('GET /slow HTTP/1.1\r\nHost: ns.example\r\n\r\n').toString('base64');
    writeFileSync(
      `${dir}/noresp.xml`,
      `<?xml version="1.0"?>\n<items burpVersion="2024.4.5" exportTime="Wed May 08 10:00:00 UTC 2024"><item><time>Wed May 08 10:00:00 UTC 2024</time>` +
        `<url><![CDATA[https://ns.example/slow]]></url><host ip="">ns.example</host><port>443</port><protocol>https</protocol>` +
        `<method><![CDATA[GET]]></method><path><![CDATA[/slow]]></path><extension>null</extension><request base64="true"><![CDATA[${request}]]></request>` +
        `<status></status><responselength></responselength><mimetype></mimetype><response base64="true"></response><comment></comment></item></items>\n`,
    );
    for (const f of ['noresp.har', 'noresp.xml']) expect((await cli(['analyze', `${dir}/${f}`, '--db', `${dir}/${f}.db`, '-q'])).code).toBe(0);
    for (const f of ['noresp.har', 'noresp.xml']) {
      const eps = JSON.parse((await cli(['endpoints', '--db', `${dir}/${f}.db`, '--format', 'json'])).stdout).endpoints;
      expect(eps.map((x: { path: string; calls: number; statusCodes: object }) => [x.path, x.calls, x.statusCodes]), f).toEqual([['/slow', 1, {}]]);
    }
    const diff = JSON.parse((await cli(['diff', `${dir}/noresp.xml.db`, `${dir}/noresp.har.db`, '--format', 'json'])).stdout);
    expect(diff.changes).toEqual([]);
    const spec = JSON.parse((await cli(['export', '--openapi', '-', '--db', `${dir}/noresp.har.db`])).stdout);
    expect(spec.paths['/slow'].get.responses).toEqual({ default: { description: 'No response observed' } });
  });
});
