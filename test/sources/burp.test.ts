import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { CallRecord, SourceItem } from '../../src/model/call-record.js';
import { parseJavaDate } from '../../src/sources/burp-date.js';
import { readBurp } from '../../src/sources/burp.js';
import { xmlTextPrefix } from '../../src/sources/burp-raw.js';
import { headerValue } from '../../src/sources/headers.js';

const SAMPLES = '/work/shared/samples/burp';
const FIXTURES = new URL('../../fixtures/burp/', import.meta.url).pathname;

async function* chunked(buf: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function collect(buf: Buffer, file = 'x.xml', size = 4096, maxElementChars?: number): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const it of readBurp(chunked(buf, size), file, { maxElementChars })) out.push(it);
  return out;
}

const calls = (items: SourceItem[]): CallRecord[] => items.flatMap((i) => (i.kind === 'call' ? [i.call] : []));

async function failure(buf: Buffer, size = 4096): Promise<InputError> {
  try {
    await collect(buf, 'bad.xml', size);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('parseJavaDate', () => {
  const iso = (s: string, o?: Record<string, number>) => {
    const ms = parseJavaDate(s, o);
    return ms === null ? null : new Date(ms).toISOString();
  };
  it('reads Java Date.toString() in the zones seen in Burp exports', () => {
    expect(iso('Tue Mar 05 14:03:11 CET 2024')).toBe('2024-03-05T13:03:11.000Z');
    expect(iso('Mon Jul 01 14:03:11 CEST 2024')).toBe('2024-07-01T12:03:11.000Z');
    expect(iso('Wed Jan 18 09:26:21 EET 2017')).toBe('2017-01-18T07:26:21.000Z');
    expect(iso('Sun Feb 19 20:42:20 EST 2017')).toBe('2017-02-20T01:42:20.000Z');
    expect(iso('Wed Nov 10 17:26:55 EDT 2014')).toBe('2014-11-10T21:26:55.000Z');
    expect(iso('Thu Jun 01 08:00:00 COT 2023')).toBe('2023-06-01T13:00:00.000Z');
    expect(iso('Thu Jun 01 08:00:00 UTC 2023')).toBe('2023-06-01T08:00:00.000Z');
  });
  it('resolves ambiguous abbreviations to the documented choice', () => {
    expect(iso('Wed Jan 06 11:26:17 CST 2021')).toBe('2021-01-06T17:26:17.000Z'); // US Central
    expect(iso('Mon Jul 01 10:00:00 IST 2024')).toBe('2024-07-01T04:30:00.000Z'); // India
    expect(iso('Mon Jul 01 10:00:00 BST 2024')).toBe('2024-07-01T09:00:00.000Z'); // British Summer
  });
  it('lets the caller override a zone (China Standard Time exports)', () => {
    expect(iso('Wed Jan 06 11:26:17 CST 2021', { CST: 480 })).toBe('2021-01-06T03:26:17.000Z');
  });
  it('reads the GMT+hh:mm form Java prints for zones without an abbreviation', () => {
    expect(iso('Fri Mar 01 12:00:00 GMT+05:30 2024')).toBe('2024-03-01T06:30:00.000Z');
    expect(iso('Fri Mar 01 12:00:00 GMT-03:00 2024')).toBe('2024-03-01T15:00:00.000Z');
  });
  it('returns null for unknown zones, impossible dates and other text', () => {
    expect(parseJavaDate('Tue Mar 05 14:03:11 XYZ 2024')).toBeNull();
    expect(parseJavaDate('Fri Feb 31 10:00:00 UTC 2023')).toBeNull();
    expect(parseJavaDate('2024-03-05T14:03:11Z')).toBeNull();
    expect(parseJavaDate('')).toBeNull();
  });
});

describe('readBurp on the real samples', () => {
  const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.xml'));

  it.each(files.filter((f) => !f.includes('issues')))('%s yields one call per <item>', async (f) => {
    const buf = readFileSync(join(SAMPLES, f));
    const itemCount = buf.toString('utf8').split('<item>').length - 1;
    const items = await collect(buf, f, 1000);
    expect(items.filter((i) => i.kind === 'skip')).toEqual([]);
    const cs = calls(items);
    expect(cs.length).toBe(itemCount);
    expect(cs.map((c) => c.source.index)).toEqual([...Array(itemCount).keys()]);
    for (const c of cs) {
      expect(c.host).not.toBe('');
      expect(c.path.startsWith('/')).toBe(true);
      expect(c.ts).not.toBeNull();
      expect(c.clientIp).toBeNull();
      expect(c.durationMs).toBeNull();
      expect(c.source.file).toBe(f);
    }
  });

  it.each(files.filter((f) => f.includes('issues')))('%s is rejected as a Scanner issues report', async (f) => {
    const e = await failure(readFileSync(join(SAMPLES, f)));
    expect(e.message).toMatch(/Burp Scanner issues report/);
    expect(e.message).toMatch(/Proxy > HTTP history/);
    expect(e.message).toMatch(/Save items/);
  });

  it('reads the httpbin export: methods, statuses, hosts, query, JSON bodies', async () => {
    const cs = calls(await collect(readFileSync(join(SAMPLES, 'burp-community-1.7.36_httpbin-json.xml'))));
    expect(cs.map((c) => [c.method, c.scheme, c.host, c.path, c.status])).toEqual([
      ['GET', 'http', 'httpbin.org', '/get', 200],
      ['POST', 'https', 'httpbin.org', '/post', 200],
    ]);
    expect(cs[0]!.query).toEqual([{ name: 'foo', value: 'bar' }]);
    expect(JSON.parse(cs[0]!.responseBody!.text).args).toEqual({ foo: 'bar' });
    expect(cs[1]!.requestBody!.text).toBe('{}');
    expect(cs[0]!.ts).toBe(Date.parse('2021-01-06T17:26:17Z')); // CST read as US Central, as documented
  });

  it('reads the Bloomberg export: 15 GETs, one http 301, headers parsed', async () => {
    const cs = calls(await collect(readFileSync(join(SAMPLES, 'burp-1.7.17_bloomberg-hottest-year.xml'))));
    expect(cs.every((c) => c.method === 'GET')).toBe(true);
    const redirect = cs.filter((c) => c.status === 301);
    expect(redirect.map((c) => [c.scheme, c.host])).toEqual([['http', 'www.bloomberg.com']]);
    expect(headerValue(redirect[0]!.responseHeaders, 'location')).toMatch(/^https:\/\/www\.bloomberg\.com\//);
    expect(cs.filter((c) => c.status === 200).length).toBe(14);
  });

  it('reads the synthetic burp2har fixture quirks', async () => {
    const cs = calls(await collect(readFileSync(join(SAMPLES, 'burp2har-fixture_synthetic_mixed-base64.xml')), 'b.xml', 7));
    const [search, login, slow, logo] = cs;
    expect(search!.query).toEqual([{ name: 'q', value: 'burp' }, { name: 'page', value: '2' }]);
    expect(search!.responseBody!.text).toBe('{"results":[1,2,3]}'); // chunked + gzip undone
    expect(search!.requestCookies.map((c) => c.name)).toEqual(['sid', 'prefs', 'lang']);
    expect([login!.scheme, login!.port, login!.status]).toEqual(['http', 8080, 302]);
    expect(login!.requestBody!.text).toBe('user=alice&pass=s3cr3t%21&x=');
    expect([slow!.status, slow!.responseBody, slow!.responseHeaders]).toEqual([null, null, []]);
    expect(logo!.httpVersion).toBe('HTTP/2');
    expect(logo!.responseBody!.binary).toBe(true);
  });
});

describe('readBurp on hand-made quirk fixtures', () => {
  const quirks = () => collect(readFileSync(join(FIXTURES, 'quirks.xml')), 'quirks.xml', 7);

  it('decodes a gzip + chunked response stored as base64 without CDATA', async () => {
    const c = calls(await quirks())[0]!;
    expect(c).toMatchObject({ method: 'GET', scheme: 'https', host: 'api.example.com', port: null, path: '/v2/users/42', status: 200 });
    expect(c.query).toEqual([{ name: 'fields', value: 'email' }, { name: 'expand', value: '1' }]); // from <url>, not the &amp; in <path>
    expect(JSON.parse(c.responseBody!.text)).toEqual({ user: { id: 42, email: 'alice@example.com' }, ok: true });
    expect(c.requestCookies).toEqual([{ name: 'sid', value: 's1' }, { name: 'theme', value: 'dark' }]);
    expect(c.ts).toBe(Date.parse('2024-03-05T13:03:11Z'));
  });

  it('reads an HTTP/2 request line and a brotli response with a non-default port', async () => {
    const c = calls(await quirks())[1]!;
    expect([c.httpVersion, c.host, c.port, c.status]).toEqual(['HTTP/2', 'cdn.example.net', 8443, 200]);
    expect(c.responseBody!.text).toBe('{"items":[1,2,3]}');
  });

  it('gives status null and no response for empty <status> and <response>', async () => {
    const c = calls(await quirks())[2]!;
    expect([c.path, c.status, c.responseBody, c.responseHeaders]).toEqual(['/v2/slow', null, null, []]);
  });

  it('reads raw CDATA messages with LF-only line ends and folded headers', async () => {
    const c = calls(await quirks())[3]!;
    expect([c.method, c.scheme, c.port, c.status]).toEqual(['POST', 'http', 8080, 302]);
    expect(headerValue(c.requestHeaders, 'x-folded')).toBe('first second');
    expect(c.requestBody!.text).toBe('user=alice&pass=secret');
    expect(headerValue(c.responseHeaders, 'location')).toBe('/home');
    expect(c.responseBody).toBeNull();
  });

  it('keeps a call whose gzip body is corrupt, with a binary body', async () => {
    const c = calls(await quirks())[4]!;
    expect(c.status).toBe(200);
    expect(c.responseBody).toMatchObject({ binary: true, text: '' });
  });

  it("uses Burp's mimetype class when the response has no Content-Type", async () => {
    const c = calls(await quirks())[5]!;
    expect(c.method).toBe('GET'); // <method> was lower-case
    expect(c.responseBody).toMatchObject({ mimeType: 'application/json', text: '{"debug":true}' });
    expect(headerValue(c.responseHeaders, 'content-type')).toBeUndefined();
    expect(c.ts).toBe(Date.parse('2024-03-05T13:03:11Z'));
  });

  it('gives the same calls whatever the chunk size', async () => {
    const buf = readFileSync(join(FIXTURES, 'quirks.xml'));
    const whole = calls(await collect(buf, 'quirks.xml', buf.length));
    expect(whole).toEqual(calls(await quirks()));
    expect(whole.length).toBe(6);
  });
});

describe('readBurp safety and errors', () => {
  it('never expands entities: items using them are skipped, nothing injected, no hang', async () => {
    const t0 = Date.now();
    const items = await collect(readFileSync(join(FIXTURES, 'xxe-entities.xml')), 'xxe.xml', 7);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(items.map((i) => i.kind)).toEqual(['skip', 'skip', 'call']);
    for (const s of items.slice(0, 2)) expect(s).toMatchObject({ reason: expect.stringMatching(/undefined XML entity/) });
    expect(items.slice(0, 2).map((s) => (s.kind === 'skip' ? s.index : -1))).toEqual([0, 1]);
    const c = calls(items)[0]!;
    expect([c.path, c.status, c.source.index]).toEqual(['/c', 204, 2]);
    expect(JSON.stringify(items)).not.toMatch(/root:|lollol/);
  });

  it('rejects a file whose root is not <items>', async () => {
    const e = await failure(readFileSync(join(FIXTURES, 'not-burp.xml')));
    expect(e.reason).toMatch(/not a Burp Suite items export/);
  });

  it('rejects non-XML and empty input as not a Burp export', async () => {
    expect((await failure(Buffer.from('{"log":{"entries":[]}}'))).reason).toMatch(/not a Burp Suite items export/);
    expect((await failure(Buffer.alloc(0))).reason).toMatch(/not a Burp Suite items export/);
  });

  it('names the item of a truncated file, after yielding the complete ones', async () => {
    const got: SourceItem[] = [];
    let err: unknown;
    try {
      for await (const it of readBurp(chunked(readFileSync(join(FIXTURES, 'truncated.xml')), 7), 't.xml')) got.push(it);
    } catch (e) {
      err = e;
    }
    expect(calls(got).map((c) => c.path)).toEqual(['/one']);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).entry).toBe(1);
    expect((err as InputError).reason).toMatch(/truncated/);
  });

  it('names the item where the XML is malformed', async () => {
    const e = await failure(readFileSync(join(FIXTURES, 'malformed-item1.xml')), 7);
    expect(e.entry).toBe(1);
    expect(e.reason).toMatch(/malformed XML/);
  });

  it('keeps raw bodies holding control characters XML forbids, with a warning', async () => {
    const xml = `<items><item><time>Sun Mar 10 12:00:00 UTC 2024</time><url><![CDATA[http://h.example/bin]]></url><method>POST</method>
<request base64="false"><![CDATA[POST /bin HTTP/1.1\r\nHost: h.example\r\nContent-Type: application/octet-stream\r\n\r\nA\u0000B]]></request>
<status>200</status><response base64="false"></response></item></items>`;
    const items = await collect(Buffer.from(xml));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'call', warnings: [expect.stringMatching(/control characters/)] });
    expect(calls(items)[0]!.requestBody).toMatchObject({ binary: true, size: 3 });
  });

  it('skips an item whose host is malformed or missing (it became an endpoint without a host), and canonicalizes IPv6 hosts', async () => {
    const item = (url: string, host = '') =>
      `<item><time>Sun Mar 10 12:00:00 UTC 2024</time><url><![CDATA[${url}]]></url><host>${host}</host><method>GET</method>` +
      `<request base64="false"><![CDATA[GET /v1/x HTTP/1.1\r\n\r\n]]></request><status>200</status><response base64="false"></response></item>`;
    const xml = `<items>${item('http://[::1/v1/x')}${item('http://[zzzz]/v1/x')}${item('http://a b/v1/x')}${item('http://[2001:DB8:0::1]:8080/v1/x')}${item('http://[::1]]/v1/x', 'api.example')}</items>`;
    const items = await collect(Buffer.from(xml));
    expect(items.map((i) => (i.kind === 'skip' ? i.reason : i.kind === 'call' ? `${i.call.host}:${i.call.port}` : i.kind))).toEqual([
      'malformed host (an IPv6 address without its closing "]")',
      'malformed host (brackets around something that is not an IPv6 address)',
      'malformed host (a "/", "\\", "?", "#", bracket or space in the host name)',
      '[2001:db8::1]:8080',
      'api.example:null', // <host> stands in for a malformed <url>
    ]);
  });

  it('drops HTTP/2 pseudo-headers as HAR does, and a time no date can hold', async () => {
    const xml = `<items><item><time>Sun Mar 10 12:00:00 UTC 275760</time><url><![CDATA[https://h.example/h2]]></url><method>GET</method>
<request base64="false"><![CDATA[GET /h2 HTTP/2\r\n:authority: h.example\r\n:path: /h2\r\nAccept: */*\r\n\r\n]]></request>
<status>200</status><response base64="false"><![CDATA[HTTP/2 200\r\n:status: 200\r\nContent-Type: text/plain\r\n\r\nok]]></response></item></items>`;
    const items = await collect(Buffer.from(xml));
    const c = calls(items)[0]!;
    expect(c.requestHeaders.map((h) => h.name)).toEqual(['Accept']);
    expect(c.responseHeaders.map((h) => h.name)).toEqual(['Content-Type']);
    expect(c.ts).toBeNull();
    expect(items[0]).toMatchObject({ warnings: ['time is not a date Burp writes'] });
  });

  const b64 = (t: string): string => Buffer.from(t).toString('base64');
  const bigReq = (n: number): string => b64(`POST /big HTTP/1.1\r\nHost: h.example\r\nContent-Type: text/plain\r\n\r\n${'A'.repeat(n)}`);
  const bigResp = (n: number): string => b64(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n${'B'.repeat(n)}`);
  const bigItem = (n: number) =>
    `<item><url><![CDATA[https://h.example/big]]></url><method>POST</method><request base64="true">${bigReq(n)}</request><status>200</status><response base64="true"><![CDATA[${bigResp(n)}]]></response><comment/></item>`;
  const smallItem = (p: string) => `<item><url><![CDATA[https://h.example${p}]]></url><method>GET</method><status>204</status><response/></item>`;
  const oversize = Buffer.from(`<items>${smallItem('/a')}${bigItem(15_000)}${smallItem('/b')}</items>`);

  it.each([
    ['in tiny chunks (the parser is bypassed while the big text streams past)', 7],
    ['in one chunk (the collected text passes the cap)', oversize.length],
  ])('cuts a <request>/<response> past the cap and keeps the item, its bodies truncated, %s', async (_label, size) => {
    const items = await collect(oversize, 'big.xml', size, 1000);
    expect(items.map((i) => i.kind)).toEqual(['call', 'call', 'call']);
    const [a, big, b] = calls(items);
    expect([a!.path, big!.path, b!.path]).toEqual(['/a', '/big', '/b']);
    expect(big!.status).toBe(200);
    expect(big!.requestBody).toMatchObject({ truncated: true });
    expect(big!.responseBody).toMatchObject({ truncated: true });
    expect(big!.requestBody!.text).toMatch(/^A+$/);
    expect(big!.responseBody!.text).toMatch(/^B+$/);
    expect(big!.responseBody!.text.length).toBeLessThan(1000);
  });

  it('skips an item whose other element passes the size cap', async () => {
    const xml = Buffer.from(`<items>${smallItem('/a')}<item><url><![CDATA[https://h.example/c]]></url><method>GET</method><comment>${'c'.repeat(5000)}</comment></item>${smallItem('/b')}</items>`);
    for (const size of [7, xml.length]) {
      const items = await collect(xml, 'big.xml', size, 1000);
      expect(items.map((i) => i.kind)).toEqual(['call', 'skip', 'call']);
      expect(items[1]).toMatchObject({ index: 1, reason: expect.stringMatching(/<comment> is larger than 1000 characters/) });
    }
  });

  it('reads the beginning of an element as written: CDATA sections, entities, a reference cut short', () => {
    expect(xmlTextPrefix('<![CDATA[ab]]]]><![CDATA[>cd')).toBe('ab]]>cd');
    expect(xmlTextPrefix('x &lt;y&gt; &#65;&#x42; &amp')).toBe('x <y> AB ');
    expect(xmlTextPrefix('  QUFB\nQUFB<comment/>')).toBe('  QUFB\nQUFB');
    expect(xmlTextPrefix('<![CDA')).toBe('');
  });

  it('streams 20k items through 7-byte chunks without reading ahead of the consumer', async () => {
    const N = 20_000;
    const req = Buffer.from('GET /items/1 HTTP/1.1\r\nHost: s.example\r\n\r\n').toString('base64');
    const item = (i: number) =>
      `<item><time>Tue Mar 05 14:03:11 CET 2024</time><url><![CDATA[https://s.example/items/${i}]]></url><method>GET</method><request base64="true">${req}</request><status>200</status><response base64="true"></response></item>\n`;
    const parts: string[] = ['<?xml version="1.0"?>\n<items burpVersion="2024.1">\n'];
    for (let i = 0; i < N; i++) parts.push(item(i));
    parts.push('</items>\n');
    const buf = Buffer.from(parts.join(''));
    let pulled = 0;
    async function* source(): AsyncIterable<Buffer> {
      for (let i = 0; i < buf.length; i += 7) {
        pulled++;
        yield buf.subarray(i, i + 7);
      }
    }
    const totalChunks = Math.ceil(buf.length / 7);
    let count = 0;
    let pulledAtFirst = -1;
    let lastPath = '';
    for await (const it of readBurp(source(), 'many.xml')) {
      if (it.kind !== 'call') throw new Error(`unexpected skip: ${JSON.stringify(it)}`);
      if (count === 0) pulledAtFirst = pulled;
      if (it.call.source.index !== count) throw new Error('index out of order');
      lastPath = it.call.path;
      count++;
    }
    expect(count).toBe(N);
    expect(lastPath).toBe(`/items/${N - 1}`);
    expect(pulledAtFirst).toBeLessThan(totalChunks / 1000); // the first call arrives after ~1 item of input
  });
});

describe('readBurp times', () => {
  it('warns, per item, when a time is missing or unreadable (the analysis start is used, as for HAR)', async () => {
    const item = (time: string) =>
      `<item>${time}<url><![CDATA[http://h.example/a]]></url><method>GET</method><request base64="false"><![CDATA[GET /a HTTP/1.1\r\nHost: h.example\r\n\r\n]]></request><status>200</status><response base64="false"></response></item>`;
    const xml = `<items>${item('<time>Sun Mar 10 12:00:00 +03:00 2024</time>')}${item('')}${item('<time>Sun Mar 10 12:00:00 UTC 2024</time>')}</items>`;
    const items = await collect(Buffer.from(xml));
    expect(items.map((i) => (i as { warnings?: string[] }).warnings)).toEqual([['time is not a date Burp writes'], ['time is missing'], undefined]);
  });
});

