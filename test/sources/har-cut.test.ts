// A body too large to buffer is cut, not the entry skipped: the entry still parses, everything
// around the cut string survives, and the kept text is a prefix of the original, whatever the chunk
// boundaries (escapes and multi-byte characters included).

import { describe, expect, it } from 'vitest';
import { HarScanner, keepableStringPrefix, type HarScanEvent } from '../../src/sources/har-scanner.js';

const BODY = 'start "quoted" back\\slash \u00e9t\u00e9 \u20ac \ud83d\ude00 \u0001 '.repeat(40) + 'END';

function entry(url: string, text: string): object {
  return {
    startedDateTime: '2024-03-01T10:00:00.000Z',
    time: 1,
    request: { method: 'GET', url, httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: -1 },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      headers: [],
      cookies: [],
      content: { size: text.length, mimeType: 'text/plain', text },
      redirectURL: '/after-the-body',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
  };
}

const HAR = Buffer.from(
  JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [entry('https://a.test/big', BODY), entry('https://a.test/small', 'ok')] } }),
);

type Entry = { request: { url: string }; response: { status: number; redirectURL: string; content: { text: string } } };

function scan(chunkSize: number, cutAfter: number): Entry[] {
  const s = new HarScanner('cut.har', { cutStringsAfter: cutAfter });
  const events: HarScanEvent[] = [];
  for (let i = 0; i < HAR.length; i += chunkSize) events.push(...s.push(HAR.subarray(i, i + chunkSize)));
  s.end();
  return events.flatMap((e) => (e.kind === 'entry' ? [JSON.parse(e.text)] : e.kind === 'entry-value' ? [e.value] : []));
}

describe('HAR entries with a string past the cut size', () => {
  it('keep a prefix of the string and everything after it, at every chunk boundary', () => {
    for (const cutAfter of [50, 60, 300]) for (let chunk = 1; chunk <= 40; chunk++) {
      const [big, small] = scan(chunk, cutAfter);
      expect(big?.response, `chunk ${chunk} cut ${cutAfter}`).toBeDefined();
      const text = big!.response.content.text;
      expect(BODY.startsWith(text), `chunk ${chunk}`).toBe(true);
      expect(text.length, `chunk ${chunk}`).toBeLessThan(BODY.length);
      expect(text.length).toBeGreaterThan(0);
      expect(big!.response.redirectURL).toBe('/after-the-body');
      expect(big!.response.status).toBe(200);
      expect(small!.request.url).toBe('https://a.test/small');
    }
  });

  it('leave entries under the cut size whole', () => {
    const [big] = scan(64, 1 << 20);
    expect(big!.response.content.text).toBe(BODY);
  });
});

describe('keepableStringPrefix', () => {
  const cut = (s: string, pending = false): string => keepableStringPrefix(Buffer.from(s), pending).toString('latin1');
  it('drops an escape left open at the cut', () => {
    expect(cut('abc\\', true)).toBe('abc');
    expect(cut('abc\\u00')).toBe('abc');
    expect(cut('abc\\\\u00')).toBe('abc\\\\u00'); // an escaped backslash, then plain text
    expect(cut('abc\\u00e9')).toBe('abc\\u00e9');
  });
  it('drops a UTF-8 character cut short, keeps a whole one', () => {
    const euro = Buffer.from('ab\u20ac');
    expect(keepableStringPrefix(euro.subarray(0, 4), false).toString()).toBe('ab');
    expect(keepableStringPrefix(euro, false).toString()).toBe('ab\u20ac');
  });
});
