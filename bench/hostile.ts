// Inputs built to make a scanner go quadratic, timed at two sizes: the cost per unit must not grow
// with the input. Tests assert what is found and masked in such inputs; how long it takes is measured
// here, never in a test (a shared CI machine makes timed assertions flaky).

import type { CallRecord } from '../src/model/call-record.js';
import { redactSample } from '../src/analyzers/redact.js';
import { sensitiveTypes } from '../src/analyzers/sensitive.js';
import { planMerges } from '../src/analyzers/template-merge.js';
import { defaultConfig } from '../src/config.js';
import type { EndpointShape } from '../src/model/endpoint-shape.js';

export interface HostileTiming {
  what: string;
  /** Units (links, pairs) in the small and the big input. */
  small: number;
  big: number;
  smallMs: number;
  bigMs: number;
}

/** A big input 4x the small one may take at most this many times as long (linear is ~4x; the quadratic scans were ~12x). */
export const MAX_GROWTH = 7;

function textCall(text: string): CallRecord {
  const body = { mimeType: 'text/plain', text, size: text.length, truncated: false, binary: false };
  return {
    ts: 0, method: 'GET', scheme: 'https', host: 'api.bench.example', port: null, path: '/v1/export', query: [],
    requestHeaders: [], requestCookies: [], requestBody: null, status: 200, responseHeaders: [], responseBody: body,
    durationMs: null, clientIp: null, httpVersion: 'HTTP/1.1', tags: [], source: { file: 'bench', index: 0 },
  };
}

/** `n` lines, each with a link carrying a query (what a link-heavy export or log body looks like). */
function links(n: number): string {
  let t = '';
  for (let i = 0; i < n; i++) t += `item ${i}: https://cdn.example.com/p/${i}/img.png?w=${i % 97}&h=2 ok\n`;
  return t;
}

/** `n` `key=value` pairs on one line, some under credential names (a log line, a flattened config). */
function pairs(n: number): string {
  let t = '';
  for (let i = 0; i < n; i++) t += `${i % 5 === 0 ? 'token' : `field${i}`}=v${i}x${(i * 7919) % 10007} `;
  return t;
}

/** `n` hosts (a tenant per subdomain), each with two literal product pages: a shape per endpoint for merge planning. */
function manyHosts(n: number): EndpointShape[] {
  const out: EndpointShape[] = [];
  for (let i = 0; i < n; i++) {
    for (const w of ['shoes', 'hats']) out.push({ host: `t${i}.shop.example`, method: 'GET', template: `/products/${w}`, calls: 1, paramNames: ['$.id', '$.name'] });
  }
  return out;
}

/** Best of 3 runs, each on its own input (a repeated text would be answered from a memo). */
function best<T>(make: (n: number, run: number) => T, n: number, run: (input: T) => void): number {
  let ms = Infinity;
  for (let r = 0; r < 3; r++) {
    const input = make(n, r);
    const t = performance.now();
    run(input);
    ms = Math.min(ms, performance.now() - t);
  }
  return ms;
}

function timed<T>(what: string, make: (n: number, run: number) => T, run: (input: T) => void, small: number): HostileTiming {
  run(make(small / 10, -1)); // warm up
  return { what, small, big: small * 4, smallMs: best(make, small, run), bigMs: best(make, small * 4, run) };
}

/** A text made by `make`, different on every run. */
const fresh =
  (make: (n: number) => string) =>
  (n: number, run: number): string =>
    `run ${run} ${Math.random()}\n${make(n)}`;

export function hostileTimings(): HostileTiming[] {
  const sample = (text: string): void => void redactSample(textCall(text), [], 'bench-salt');
  const detect = (text: string): void => void sensitiveTypes({ location: 'response.body', name: '$', type: 'string', value: text });
  const plan = (shapes: EndpointShape[]): void => void planMerges(shapes, defaultConfig());
  return [
    timed('sample masking, text body of links', fresh(links), sample, 7000),
    timed('detection, text body of links', fresh(links), detect, 7000),
    timed('sample masking, one line of key=value pairs', fresh(pairs), sample, 5000),
    timed('detection, one line of key=value pairs', fresh(pairs), detect, 5000),
    timed('merge planning, endpoints on as many hosts', manyHosts, plan, 5000),
  ];
}
