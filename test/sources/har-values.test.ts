// HAR values no capture tool means: impossible dates (Go's zero time, year 275760), statuses outside
// HTTP's range, and `BASE64` spelled in capitals. Each entry is still analyzed, with a warning where
// a value was dropped.

import { describe, expect, it } from 'vitest';
import type { CallRecord, SourceItem } from '../../src/model/call-record.js';
import { decodeHarValue, parseHarDate } from '../../src/sources/har.js';

function entry(o: { date?: string; status?: unknown; content?: object } = {}): object {
  return {
    startedDateTime: o.date ?? '2024-03-04T10:00:00.000Z',
    time: 5,
    request: { method: 'GET', url: 'https://api.example.com/x', httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: {
      status: o.status ?? 200, statusText: '', httpVersion: 'HTTP/1.1', headers: [], cookies: [],
      content: o.content ?? { size: 2, mimeType: 'application/json', text: '{}' }, redirectURL: '', headersSize: -1, bodySize: 2,
    },
    cache: {},
    timings: { send: 0, wait: 5, receive: 0 },
  };
}

const decode = (e: object): SourceItem => decodeHarValue(e, 'f.har', 0, { strict: false });
const call = (i: SourceItem): CallRecord => (i as { call: CallRecord }).call;
const warnings = (i: SourceItem): string[] => (i as { warnings?: string[] }).warnings ?? [];

describe('HAR dates', () => {
  it('refuses dates the inventory could not store or print, with a warning', () => {
    expect(parseHarDate('0001-01-01T00:00:00Z')).toBeNull();
    expect(parseHarDate('+275760-09-13T00:00:00.000Z')).toBeNull();
    // A stats window after it would end in the year 10000, which ISO 8601 cannot write.
    expect(parseHarDate('9999-12-31T23:59:59.999Z')).toBeNull();
    expect(parseHarDate('9999-11-30T23:59:59.999Z')).toBe(Date.UTC(9999, 10, 30, 23, 59, 59, 999));
    // Days the calendar does not have are not the next month's first days.
    for (const d of ['2024-04-31T00:00:00Z', '2023-02-29T10:00:00.000Z', '2024-13-01T00:00:00Z']) expect(parseHarDate(d), d).toBeNull();
    expect(parseHarDate('2024-02-29T10:00:00.000Z')).toBe(Date.UTC(2024, 1, 29, 10));
    const item = decode(entry({ date: '0001-01-01T00:00:00Z' }));
    expect(call(item).ts).toBeNull();
    expect(warnings(item)).toEqual([expect.stringMatching(/^startedDateTime .* is before 1970/)]);
  });
});

describe('HAR statuses', () => {
  it('a status outside 100-599 or not whole is no response, with a warning; 0 (no response) is none too', () => {
    for (const status of [99999, 200.5, -1]) {
      const item = decode(entry({ status }));
      expect(call(item).status, String(status)).toBeNull();
      expect(warnings(item).some((w) => /is not an HTTP status; treated as no response/.test(w)), String(status)).toBe(true);
    }
    expect(call(decode(entry({ status: 0 }))).status).toBeNull();
    expect(call(decode(entry({ status: '404' }))).status).toBe(404);
  });
});

describe('HAR content encoding', () => {
  it('reads `BASE64` as base64', () => {
    const text = Buffer.from('{"id":7}').toString('base64');
    const c = call(decode(entry({ content: { size: 8, mimeType: 'application/json', text, encoding: 'BASE64' } })));
    expect(c.responseBody?.text).toBe('{"id":7}');
  });
});
