// A body too large to buffer is cut, not the entry skipped: the entry still parses, everything
// around the cut string survives, and the kept text is a prefix of the original, whatever the chunk
// boundaries (escapes and multi-byte characters included).

import { describe, expect, it } from 'vitest';
import { HarScanner, keepableStringPrefix, type HarScanEvent } from '../../src/sources/har-scanner.js';
import { harOf } from '../har-builder.js';

const BODY = 'start "quoted" back\\slash \u00e9t\u00e9 \u20ac \ud83d\ude00 \u0001 '.repeat(40) + 'END';

const HAR = Buffer.from(
  harOf([
    { method: 'GET', url: 'https://a.test/big', status: 200, responseText: BODY },
    { method: 'GET', url: 'https://a.test/small', status: 200, responseText: 'ok' },
  ]),
);

type Entry = { request: { url: string }; response: { status: number; bodySize: number; content: { text: string } }; timings: { wait: number } };

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
      expect(big!.response.bodySize).toBe(-1); // members after the cut string survive
      expect(big!.timings.wait).toBe(40);
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
