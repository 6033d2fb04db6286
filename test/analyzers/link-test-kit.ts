// Shared by the link-value tests: a CallRecord from a few fields, and one call analyzed end to end
// (values, findings, redacted sample) as analyze-call.ts does it.

import { extractValues } from '../../src/analyzers/params.js';
import { redactSample } from '../../src/analyzers/redact.js';
import { detectSensitive } from '../../src/analyzers/sensitive.js';
import { type Config, defaultConfig } from '../../src/config.js';
import type { CallRecord, NameValue } from '../../src/model/call-record.js';
import type { ParamValue, Sample, SensitiveFinding } from '../../src/model/facts.js';

export const SALT = 'salt';

export const nv = (o: Record<string, string>): NameValue[] => Object.entries(o).map(([name, value]) => ({ name, value }));

export function call(o: Partial<CallRecord> & { reqMime?: string; req?: string; respMime?: string; resp?: string }): CallRecord {
  const b = (mimeType: string, text: string) => ({ mimeType, text, size: text.length, truncated: false, binary: false });
  return {
    ts: 0, method: 'GET', scheme: 'https', host: 'api.x.example', port: null, path: '/v1/x', query: [],
    requestHeaders: [], requestCookies: [], requestBody: o.req === undefined ? null : b(o.reqMime ?? 'application/json', o.req),
    status: 200, responseHeaders: [], responseBody: o.resp === undefined ? null : b(o.respMime ?? 'application/json', o.resp),
    durationMs: null, clientIp: null, httpVersion: 'HTTP/1.1', tags: [], source: { file: 'x', index: 0 },
    ...o,
  };
}

export function analyze(c: CallRecord, cfg: Config = defaultConfig()): { findings: SensitiveFinding[]; sample: Sample; text: string } {
  const links: ParamValue[] = [];
  const values = extractValues(c, [], c.path, links);
  const findings = detectSensitive(values.concat(links), cfg);
  const sample = redactSample(c, findings, SALT, cfg);
  return { findings, sample, text: JSON.stringify(sample) };
}

/** The types found at one location and parameter, sorted. */
export const at = (findings: SensitiveFinding[], location: string, param: string): string[] =>
  findings.filter((f) => f.location === location && f.param === param).map((f) => f.type).sort();
