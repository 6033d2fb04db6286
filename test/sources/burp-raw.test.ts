// Raw (base64="false") Burp messages give the same calls as their base64 twins: Burp writes each
// byte as the ISO-8859-1 character of that number, and the XML parser's line-end normalisation
// (CR, and in XML 1.1 NEL and U+2028, become LF) must not reach the bytes.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { CallRecord, SourceItem } from '../../src/model/call-record.js';
import { payloadBytes, readXmlContent } from '../../src/sources/burp-raw.js';
import { ItemCollector, readBurp } from '../../src/sources/burp.js';

async function* chunked(buf: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function collect(xml: string | Buffer, size = 4096, cutMessageChars?: number): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const it of readBurp(chunked(Buffer.from(xml), size), 'x.xml', { cutMessageChars })) out.push(it);
  return out;
}

const FIXTURES = new URL('../../fixtures/burp/', import.meta.url).pathname;

const calls = (items: SourceItem[]): CallRecord[] => items.flatMap((i) => (i.kind === 'call' ? [i.call] : []));

/** How Burp writes a message without base64: one ISO-8859-1 character per byte, in a CDATA section. */
const rawCdata = (bytes: Buffer): string => `<![CDATA[${bytes.toString('latin1')}]]>`;

interface Msg {
  path: string;
  request: Buffer;
  response: Buffer;
}

function burpXml(msgs: Msg[], base64: boolean, version = '1.0'): string {
  const payload = (b: Buffer): string => (base64 ? b.toString('base64') : rawCdata(b));
  const items = msgs.map(
    (m) => `  <item>
    <time>Sat Jun 01 12:00:01 UTC 2024</time>
    <url><![CDATA[https://raw.example${m.path}]]></url>
    <host ip="">raw.example</host>
    <port>443</port>
    <protocol>https</protocol>
    <method><![CDATA[GET]]></method>
    <path><![CDATA[${m.path}]]></path>
    <extension>null</extension>
    <request base64="${base64}">${payload(m.request)}</request>
    <status>200</status>
    <responselength>${m.response.length}</responselength>
    <mimetype>JSON</mimetype>
    <response base64="${base64}">${payload(m.response)}</response>
    <comment></comment>
  </item>`,
  );
  return `<?xml version="${version}"?>\n<items burpVersion="2024.4.5" exportTime="Sat Jun 01 12:00:00 UTC 2024">\n${items.join('\n')}\n</items>\n`;
}

const CRLF = '\r\n';
const get = (path: string): Buffer => Buffer.from(`GET ${path} HTTP/1.1${CRLF}Host: raw.example${CRLF}${CRLF}`);
const response = (headers: string[], body: Buffer): Buffer =>
  Buffer.concat([Buffer.from(`HTTP/1.1 200 OK${CRLF}${headers.join(CRLF)}${CRLF}Content-Length: ${body.length}${CRLF}${CRLF}`), body]);

/** A gzip stream holding a CR, a CRLF pair and a 0x85 byte: what XML line-end normalisation changes. */
function gzipWithLineEndBytes(): { json: Record<string, unknown>; gz: Buffer } {
  for (let n = 1; n < 10_000; n++) {
    const json = { orderId: n, status: 'shipped', total: 12.5 * n, lines: Array.from({ length: 6 }, (_, i) => ({ sku: `SKU-${i * n}`, qty: i + 1 })) };
    const gz = gzipSync(JSON.stringify(json));
    if (gz.includes(0x0d) && gz.includes(Buffer.from([0x0d, 0x0a])) && gz.includes(0x85)) return { json, gz };
  }
  throw new Error('no gzip stream with CR, CRLF and 0x85 found');
}

const { json: gzJson, gz } = gzipWithLineEndBytes();
const MSGS: Msg[] = [
  // JSON in ISO-8859-1: 'código' and 'José' hold the bytes F3 and E9, which are not UTF-8.
  { path: '/latin1', request: get('/latin1'), response: response(['Content-Type: application/json; charset=ISO-8859-1'], Buffer.from('{"código":1,"nombre":"José"}', 'latin1')) },
  { path: '/gzipped', request: get('/gzipped'), response: response(['Content-Type: application/json', 'Content-Encoding: gzip'], gz) },
  // UTF-8 as Burp writes it: 'é' (C3 A9) is the two characters 'Ã©'.
  { path: '/utf8', request: get('/utf8'), response: response(['Content-Type: application/json; charset=utf-8'], Buffer.from('{"café":"漢字 😀"}')) },
  // A binary body whose bytes are exactly the ones XML normalises.
  { path: '/bytes', request: get('/bytes'), response: response(['Content-Type: application/octet-stream'], Buffer.from([0x0d, 0x0a, 0x0d, 0x85, 0x41, 0x0d])) },
  // A form POST body with CRLF inside it (a textarea), sized by Content-Length.
  {
    path: '/form',
    request: Buffer.from(`POST /form HTTP/1.1${CRLF}Host: raw.example${CRLF}Content-Type: application/x-www-form-urlencoded; charset=ISO-8859-1${CRLF}${CRLF}note=a\r\nb&name=Jos\xe9`, 'latin1'),
    response: response(['Content-Type: text/plain'], Buffer.from('ok')),
  },
];

describe('raw Burp messages read as the bytes Burp had', () => {
  it.each(['1.0', '1.1'])('equal their base64 twins, XML %s, whatever the chunk size', async (version) => {
    const want = calls(await collect(burpXml(MSGS, true, version)));
    expect(want).toHaveLength(MSGS.length);
    const raw = burpXml(MSGS, false, version);
    for (const size of [1, 3, 7, 64, raw.length]) expect(calls(await collect(raw, size)), `chunks of ${size}`).toEqual(want);
  });

  it('decodes a charset=ISO-8859-1 body and a gzip body as the base64 export does', async () => {
    const [latin1, gzipped, utf8, bytes, form] = calls(await collect(burpXml(MSGS, false, '1.1'), 7));
    expect(JSON.parse(latin1!.responseBody!.text)).toEqual({ código: 1, nombre: 'José' });
    expect(JSON.parse(gzipped!.responseBody!.text)).toEqual(gzJson);
    expect(JSON.parse(utf8!.responseBody!.text)).toEqual({ café: '漢字 😀' });
    expect(bytes!.responseBody).toMatchObject({ binary: true, size: 6 });
    expect(form!.requestBody!.text).toBe('note=a\r\nb&name=José');
  });

  it('reads the QA reproduction pair (the same two items exported raw and in base64) alike', async () => {
    const raw = readFileSync(`${FIXTURES}raw-charset-gzip.xml`);
    const b64 = readFileSync(`${FIXTURES}b64-charset-gzip.xml`);
    const want = calls(await collect(b64));
    expect(want.map((c) => Object.keys(JSON.parse(c.responseBody!.text) as object))).toEqual([['código', 'nombre'], ['orderId', 'status', 'total']]);
    for (const size of [5, raw.length]) expect(calls(await collect(raw, size))).toEqual(want);
  });

  it('reads references and split CDATA sections as the characters they stand for, one byte each', async () => {
    const msg = 'HTTP/1.1 200 OK&#13;\nContent-Type: text/plain; charset=ISO-8859-1&#13;\n&#13;\nJos&#233; &lt;b&gt; <![CDATA[x]]]]><![CDATA[>y]]>';
    const xml = burpXml([{ path: '/refs', request: get('/refs'), response: Buffer.alloc(0) }], false).replace(
      /<response base64="false">.*?<\/response>/s,
      `<response base64="false">${msg}</response>`,
    );
    const c = calls(await collect(xml, 3))[0]!;
    expect(c.responseHeaders).toEqual([{ name: 'Content-Type', value: 'text/plain; charset=ISO-8859-1' }]);
    expect(c.responseBody!.text).toBe('José <b> x]]>y');
  });

  it('encodes a message written as text (a character above U+00FF in it) as UTF-8', async () => {
    const msg = `HTTP/1.1 200 OK${CRLF}Content-Type: application/json${CRLF}${CRLF}{"prix":"12 €","nom":"Zoë"}`;
    const xml = burpXml([{ path: '/text', request: get('/text'), response: Buffer.alloc(0) }], false).replace(
      /<response base64="false">.*?<\/response>/s,
      `<response base64="false"><![CDATA[${msg}]]></response>`,
    );
    expect(JSON.parse(calls(await collect(xml, 7))[0]!.responseBody!.text)).toEqual({ prix: '12 €', nom: 'Zoë' });
  });

  it('cuts a raw message past the cap from its source, in small chunks and in one', async () => {
    const body = Buffer.alloc(5000, 0xe9); // 'é' in ISO-8859-1
    const big = { path: '/big', request: get('/big'), response: response(['Content-Type: text/plain; charset=ISO-8859-1'], body) };
    const xml = burpXml([MSGS[0]!, big, MSGS[2]!], false);
    for (const size of [7, xml.length]) {
      const [a, cut, b] = calls(await collect(xml, size, 1000));
      expect([a!.path, cut!.path, b!.path]).toEqual(['/latin1', '/big', '/utf8']);
      expect(cut!.responseBody).toMatchObject({ truncated: true });
      expect(cut!.responseBody!.text).toMatch(/^é{500,}$/);
      expect(JSON.parse(b!.responseBody!.text)).toEqual({ café: '漢字 😀' });
    }
  });

  it('gives a segment read (a collector starting between items) the same calls', async () => {
    const xml = burpXml(MSGS, false, '1.1');
    const body = xml.slice(xml.indexOf('>', xml.indexOf('<items ')) + 1);
    const c = ItemCollector.insideItems('x.xml', 64 * 1024 * 1024);
    const got: SourceItem[] = [];
    for (let i = 0; i < body.length; i += 11) got.push(...c.feed(body.slice(i, i + 11)));
    got.push(...c.finish(''));
    expect(calls(got)).toEqual(calls(await collect(burpXml(MSGS, true, '1.1'))));
  });

  it("falls back to the parser's text when the element holds other markup", async () => {
    const msg = `<!-- note --><![CDATA[HTTP/1.1 200 OK${CRLF}Content-Type: text/plain${CRLF}${CRLF}ok]]>`;
    const xml = burpXml([{ path: '/c', request: get('/c'), response: Buffer.alloc(0) }], false).replace(
      /<response base64="false">.*?<\/response>/s,
      `<response base64="false">${msg}</response>`,
    );
    const c = calls(await collect(xml, 7))[0]!;
    expect([c.status, c.responseBody!.text]).toEqual([200, 'ok']);
  });
});

describe('payloadBytes and readXmlContent', () => {
  it('reads each character up to U+00FF as one byte, whether or not that is UTF-8', () => {
    expect(payloadBytes('JosÃ©', false)).toEqual(Buffer.from('José'));
    expect(payloadBytes('José', false)).toEqual(Buffer.from([0x4a, 0x6f, 0x73, 0xe9]));
    expect(payloadBytes('\x1f\x8b\x08\r\n\x85', false)).toEqual(Buffer.from([0x1f, 0x8b, 0x08, 0x0d, 0x0a, 0x85]));
    expect(payloadBytes('Zoë €', false)).toEqual(Buffer.from('Zoë €'));
    expect(payloadBytes(' QUJD\n', true)).toEqual(Buffer.from('ABC'));
  });

  it('keeps line ends as written and says where other markup begins', () => {
    expect(readXmlContent('a\r\nb<![CDATA[\r\x85]]>&#13;</response>')).toEqual({ text: 'a\r\nb\r\x85\r', end: 23 });
    expect(readXmlContent('&#x110000;')).toEqual({ text: '&#x110000;', end: 10 });
  });
});
