// Serializes generated calls to disk as HAR 1.2 (compact or Chrome-style pretty), Burp "Save items"
// XML and Akto mirrored-traffic JSON lines, streaming with backpressure so 1M entries never sit in memory.

import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { parseQuery } from '../src/model/url.js';
import { parseCookieHeader } from '../src/sources/headers.js';
import { statusText, type GenCall } from './generate.js';
import { HOSTS } from './traffic-model.js';

export interface WriteResult {
  entries: number;
  bytes: number;
}

const FLUSH_CHARS = 1 << 16;
const SERVER_IP = new Map(Object.values(HOSTS).map((h) => [h.host, h.serverIp]));

/** Buffers small strings into ~64 KB chunks and waits for 'drain' whenever the stream says so. */
class Sink {
  private parts: string[] = [];
  private chars = 0;
  bytes = 0;
  private readonly out: WriteStream;
  private failure: Error | null = null;

  constructor(file: string) {
    this.out = createWriteStream(file);
    this.out.on('error', (e) => (this.failure = e));
  }

  async write(s: string): Promise<void> {
    this.parts.push(s);
    this.chars += s.length;
    if (this.chars >= FLUSH_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.parts.length === 0) return;
    const chunk = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.chars = 0;
    this.bytes += chunk.length;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await finished(this.out);
    if (this.failure) throw this.failure;
  }
}

async function writeAll(file: string, calls: Iterable<GenCall>, head: (first: GenCall | undefined) => string,
  item: (c: GenCall, index: number) => string, tail: string): Promise<WriteResult> {
  const sink = new Sink(file);
  const it = calls[Symbol.iterator]();
  let next = it.next();
  let entries = 0;
  try {
    await sink.write(head(next.done ? undefined : next.value));
    while (!next.done) {
      await sink.write(item(next.value, entries++));
      next = it.next();
    }
    await sink.write(tail);
  } finally {
    await sink.close();
  }
  return { entries, bytes: sink.bytes };
}

function headerBlock(startLine: string, headers: readonly [string, string][]): string {
  let s = startLine + '\r\n';
  for (const [n, v] of headers) s += `${n}: ${v}\r\n`;
  return s + '\r\n';
}

function headerGet(headers: readonly [string, string][], name: string): string | undefined {
  for (const [n, v] of headers) if (n.toLowerCase() === name) return v;
  return undefined;
}

function setCookie(value: string): Record<string, unknown> {
  const [pair = '', ...attrs] = value.split(';');
  const eq = pair.indexOf('=');
  const cookie: Record<string, unknown> = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() };
  for (const a of attrs) {
    const [k = '', v = ''] = a.trim().split('=');
    const key = k.toLowerCase();
    if (key === 'path' || key === 'domain') cookie[key] = v;
    else if (key === 'httponly') cookie['httpOnly'] = true;
    else if (key === 'secure') cookie['secure'] = true;
    else if (key === 'samesite') cookie['sameSite'] = v;
  }
  return cookie;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** One HAR 1.2 entry object, shaped like a Chrome DevTools export. */
export function harEntry(c: GenCall): Record<string, unknown> {
  const q = c.path.indexOf('?');
  const reqLine = `${c.method} ${c.path} HTTP/1.1`;
  const resLine = `HTTP/1.1 ${c.status} ${statusText(c.status)}`;
  const cookieHeader = headerGet(c.requestHeaders, 'cookie');
  const setCookies = c.responseHeaders.filter(([n]) => n.toLowerCase() === 'set-cookie').map(([, v]) => setCookie(v));
  const reqBytes = c.requestBody ? Buffer.byteLength(c.requestBody.text) : 0;
  const resBytes = c.responseBody ? Buffer.byteLength(c.responseBody.text) : Number(headerGet(c.responseHeaders, 'content-length') ?? 0);
  const wait = round3(c.durationMs * 0.85);
  const send = round3(Math.min(0.2, c.durationMs * 0.01));
  const blocked = round3(Math.min(1, c.durationMs * 0.02));
  const request: Record<string, unknown> = {
    method: c.method, url: `${c.scheme}://${c.host}${c.path}`, httpVersion: 'HTTP/1.1',
    headers: c.requestHeaders.map(([name, value]) => ({ name, value })),
    queryString: q === -1 ? [] : parseQuery(c.path.slice(q + 1)),
    cookies: cookieHeader ? parseCookieHeader(cookieHeader) : [],
    headersSize: Buffer.byteLength(headerBlock(reqLine, c.requestHeaders)), bodySize: reqBytes,
  };
  if (c.requestBody) request['postData'] = { mimeType: c.requestBody.mimeType, text: c.requestBody.text };
  const content: Record<string, unknown> = { size: resBytes, mimeType: c.responseBody?.mimeType ?? headerGet(c.responseHeaders, 'content-type') ?? 'x-unknown' };
  if (c.responseBody) content['text'] = c.responseBody.text;
  return {
    startedDateTime: new Date(c.ts).toISOString(), time: c.durationMs, request,
    response: {
      status: c.status, statusText: statusText(c.status), httpVersion: 'HTTP/1.1', headers: c.responseHeaders.map(([name, value]) => ({ name, value })),
      cookies: setCookies, content, redirectURL: '', headersSize: Buffer.byteLength(headerBlock(resLine, c.responseHeaders)), bodySize: resBytes,
    },
    cache: {},
    timings: { blocked, dns: -1, ssl: -1, connect: -1, send, wait, receive: round3(c.durationMs - blocked - send - wait) },
    serverIPAddress: SERVER_IP.get(c.host) ?? '', connection: String(c.host.includes(':') ? c.host.split(':')[1] : 443),
  };
}

const HAR_CREATOR = { name: 'akto-rt-bench', version: '1.0' };

/** HAR 1.2; `pretty` indents with 2 spaces like Chrome's "Save all as HAR". */
export function writeHar(file: string, calls: Iterable<GenCall>, opts: { pretty: boolean }): Promise<WriteResult> {
  if (opts.pretty) {
    const head = `{\n  "log": {\n    "version": "1.2",\n    "creator": ${JSON.stringify(HAR_CREATOR, null, 2).replace(/\n/g, '\n    ')},\n    "pages": [],\n    "entries": [`;
    return writeAll(file, calls, () => head,
      (c, i) => (i === 0 ? '\n      ' : ',\n      ') + JSON.stringify(harEntry(c), null, 2).replace(/\n/g, '\n      '), '\n    ]\n  }\n}\n');
  }
  const head = `{"log":{"version":"1.2","creator":${JSON.stringify(HAR_CREATOR)},"pages":[],"entries":[`;
  return writeAll(file, calls, () => head, (c, i) => (i === 0 ? '' : ',') + JSON.stringify(harEntry(c)), ']}}\n');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** Java `Date.toString()` in UTC, as Burp writes `<time>`: 'Tue Mar 05 14:03:11 UTC 2024'. */
export function javaDateString(ts: number): string {
  const d = new Date(ts);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

/** Burp's inferred content class, not a MIME type. */
function burpMimeClass(mime: string | undefined): string {
  if (!mime) return '';
  if (mime.includes('json')) return 'JSON';
  if (mime.includes('html')) return 'HTML';
  if (mime.includes('javascript')) return 'script';
  if (mime.includes('css')) return 'CSS';
  if (mime.includes('xml')) return 'XML';
  if (mime.includes('png')) return 'PNG';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('text/')) return 'text';
  return '';
}

const BURP_DTD = `<!DOCTYPE items [
<!ELEMENT items (item*)>
<!ATTLIST items burpVersion CDATA "">
<!ATTLIST items exportTime CDATA "">
<!ELEMENT item (time, url, host, port, protocol, method, path, extension, request, status, responselength, mimetype, response, comment)>
<!ELEMENT time (#PCDATA)>
<!ELEMENT url (#PCDATA)>
<!ELEMENT host (#PCDATA)>
<!ATTLIST host ip CDATA "">
<!ELEMENT port (#PCDATA)>
<!ELEMENT protocol (#PCDATA)>
<!ELEMENT method (#PCDATA)>
<!ELEMENT path (#PCDATA)>
<!ELEMENT extension (#PCDATA)>
<!ELEMENT request (#PCDATA)>
<!ATTLIST request base64 (true|false) "false">
<!ELEMENT status (#PCDATA)>
<!ELEMENT responselength (#PCDATA)>
<!ELEMENT mimetype (#PCDATA)>
<!ELEMENT response (#PCDATA)>
<!ATTLIST response base64 (true|false) "false">
<!ELEMENT comment (#PCDATA)>
]>`;

function burpItem(c: GenCall): string {
  const colon = c.host.indexOf(':');
  const hostName = colon === -1 ? c.host : c.host.slice(0, colon);
  const port = colon === -1 ? (c.scheme === 'https' ? 443 : 80) : Number(c.host.slice(colon + 1));
  const rawReq = headerBlock(`${c.method} ${c.path} HTTP/1.1`, c.requestHeaders) + (c.requestBody?.text ?? '');
  const rawRes = Buffer.from(headerBlock(`HTTP/1.1 ${c.status} ${statusText(c.status)}`, c.responseHeaders) + (c.responseBody?.text ?? ''), 'utf8');
  const file = c.path.split('?')[0]!.split('/').pop() ?? '';
  const dot = file.lastIndexOf('.');
  return `  <item>
    <time>${javaDateString(c.ts)}</time>
    <url>${cdata(`${c.scheme}://${c.host}${c.path}`)}</url>
    <host ip="${SERVER_IP.get(c.host) ?? ''}">${hostName}</host>
    <port>${port}</port>
    <protocol>${c.scheme}</protocol>
    <method>${cdata(c.method)}</method>
    <path>${cdata(c.path)}</path>
    <extension>${dot > 0 ? file.slice(dot + 1) : 'null'}</extension>
    <request base64="true">${cdata(Buffer.from(rawReq, 'utf8').toString('base64'))}</request>
    <status>${c.status}</status>
    <responselength>${rawRes.length}</responselength>
    <mimetype>${burpMimeClass(c.responseBody?.mimeType ?? headerGet(c.responseHeaders, 'content-type'))}</mimetype>
    <response base64="true">${cdata(rawRes.toString('base64'))}</response>
    <comment></comment>
  </item>
`;
}

/** Burp Suite "Save items" XML with base64 request/response, as Burp 2024 writes it. */
export function writeBurp(file: string, calls: Iterable<GenCall>): Promise<WriteResult> {
  const head = (first: GenCall | undefined) =>
    `<?xml version="1.0"?>\n${BURP_DTD}\n<items burpVersion="2024.1.1.4" exportTime="${javaDateString(first?.ts ?? 0)}">\n`;
  return writeAll(file, calls, head, burpItem, '</items>\n');
}

function headerObject(headers: readonly [string, string][]): string {
  const o: Record<string, string> = {};
  for (const [n, v] of headers) {
    const k = n.toLowerCase();
    o[k] = o[k] === undefined ? v : `${o[k]}, ${v}`;
  }
  return JSON.stringify(o);
}

/** One Akto mirrored-traffic record: every field a string, headers as JSON-encoded objects. */
export function aktoRecord(c: GenCall): Record<string, string> {
  return {
    akto_account_id: '1000000', akto_vxlan_id: '0', destIp: SERVER_IP.get(c.host) ?? '', direction: '1', ip: c.clientIp, is_pending: 'false',
    method: c.method, path: c.path, requestHeaders: headerObject(c.requestHeaders), requestPayload: c.requestBody?.text ?? '',
    responseHeaders: headerObject(c.responseHeaders), responsePayload: c.responseBody?.text ?? '', source: 'MIRRORING',
    status: statusText(c.status), statusCode: String(c.status), time: String(Math.floor(c.ts / 1000)), type: 'HTTP/1.1',
  };
}

export function writeAktoJsonl(file: string, calls: Iterable<GenCall>): Promise<WriteResult> {
  return writeAll(file, calls, () => '', (c) => JSON.stringify(aktoRecord(c)) + '\n', '');
}
