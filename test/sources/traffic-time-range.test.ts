// Traffic times outside 1970 .. 9999-12-01 are no times (src/sources/time-range.ts): a HAR entry,
// a Burp item or an Akto line carrying one gets a warning saying why and the analysis start, as an
// unreadable date does. A time past 9999-12-01 used to be stored, and `stats` then printed a window
// ending in the year 10000 (`"until": "+010000-01-01T00:00:00.000Z"`, not ISO 8601); a 1969 time
// was "not a date".

import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SourceItem } from '../../src/model/call-record.js';
import { readAktoJsonl } from '../../src/sources/akto-jsonl.js';
import { readBurp } from '../../src/sources/burp.js';
import { decodeHarValue, parseHarDate } from '../../src/sources/har.js';
import { harOf } from '../har-builder.js';
import { cli, tempDir } from '../helpers.js';

async function* once(buf: Buffer): AsyncGenerator<Buffer> {
  yield buf;
}

async function all(it: AsyncIterable<SourceItem>): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** 9999-12-01T00:00:00.000Z, the latest time kept (src/sources/time-range.ts). */
const LATEST_TRAFFIC_MS = Date.UTC(9999, 11, 1);

const ts = (i: SourceItem): number | null => (i.kind === 'call' ? i.call.ts : undefined) ?? null;
const warnings = (i: SourceItem): string[] => (i.kind === 'call' ? (i.warnings ?? []) : []);

/** A valid HAR entry started at `date`. */
function harEntry(date: string): object {
  const doc = JSON.parse(harOf([{ method: 'GET', url: 'https://api.example.com/v1/ping', ts: date }])) as { log: { entries: object[] } };
  return doc.log.entries[0]!;
}

const harItem = (date: string): SourceItem => decodeHarValue(harEntry(date), 'f.har', 0, { strict: false });

describe('HAR startedDateTime outside the range', () => {
  it('9999-12-31T23:59:59.999Z (the QA case) is refused with a warning; 9999-12-01 is kept', () => {
    const late = harItem('9999-12-31T23:59:59.999Z');
    expect(ts(late)).toBeNull();
    expect(warnings(late)).toEqual(["startedDateTime '9999-12-31T23:59:59.999Z' is after 9999-12-01, the latest time the inventory keeps"]);
    expect(parseHarDate('9999-12-31T23:59:59.999Z')).toBeNull();
    expect(parseHarDate('+010000-01-01T00:00:00.000Z')).toBeNull();
    const last = harItem('9999-12-01T00:00:00.000Z');
    expect(ts(last)).toBe(LATEST_TRAFFIC_MS);
    expect(warnings(last)).toEqual([]);
  });

  it('a valid date before 1970 (1969-07-20T20:17:00Z) is "before 1970", not "not a date"', () => {
    for (const date of ['1969-07-20T20:17:00Z', '0001-01-01T00:00:00Z']) {
      const item = harItem(date);
      expect(ts(item)).toBeNull();
      expect(warnings(item)).toEqual([`startedDateTime '${date}' is before 1970, the earliest time the inventory keeps`]);
    }
    expect(warnings(harItem('1970-01-01T00:00:00Z'))).toEqual(["startedDateTime '1970-01-01T00:00:00Z' is the Unix epoch, not a traffic time"]);
    expect(ts(harItem('1970-01-01T00:00:00.001Z'))).toBe(1);
    expect(warnings(harItem('yesterday'))).toContain("startedDateTime 'yesterday' is not a date");
  });
});

describe('Burp and Akto times outside the range', () => {
  const burpItem = (time: string): string =>
    `<item><time>${time}</time><url><![CDATA[http://h.example/a]]></url><method>GET</method><request base64="false"><![CDATA[GET /a HTTP/1.1\r\nHost: h.example\r\n\r\n]]></request><status>200</status><response base64="false"></response></item>`;

  it('a Burp time after 9999-12-01 or before 1970 is a warning naming why, and no time', async () => {
    const xml = `<items>${burpItem('Fri Dec 31 23:59:59 UTC 9999')}${burpItem('Sun Jul 20 20:17:00 UTC 1969')}${burpItem('Wed Dec 01 00:00:00 UTC 9999')}</items>`;
    const items = await all(readBurp(once(Buffer.from(xml)), 'x.xml'));
    expect(items.map(ts)).toEqual([null, null, LATEST_TRAFFIC_MS]);
    expect(items.map(warnings)).toEqual([['time is after 9999-12-01, the latest time the inventory keeps'], ['time is before 1970, the earliest time the inventory keeps'], []]);
  });

  it('a negative Akto time is "before 1970"; zero or a number no unit makes a date stays "not a Unix timestamp"', async () => {
    const line = (time: unknown): string => JSON.stringify({ method: 'GET', path: 'https://api.example.com/v1/ping', statusCode: 200, time });
    const items = await all(readAktoJsonl(once(Buffer.from([line(-14182940), line(0), line(1e25), line(1710072000)].join('\n') + '\n')), 'f.jsonl'));
    expect(items.map(warnings)).toEqual([['time is before 1970'], ['time is not a Unix timestamp'], ['time is not a Unix timestamp'], []]);
    expect(items.map(ts)).toEqual([null, null, null, 1710072000_000]);
  });
});

describe('stats after a far-future HAR time (CLI)', () => {
  const dir = tempDir();

  it('prints ISO 8601 windows: the 9999-12-31 entry takes the analysis start, a 9999-12-01 one ends its window in 9999', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const cases: [string, string][] = [
      ['9999-12-31T23:59:59.999Z', '2026-01-01'],
      ['9999-12-01T00:00:00.000Z', '9999-12-01'],
    ];
    for (const [date, untilDay] of cases) {
      const file = `${dir}/late-${untilDay}.har`;
      writeFileSync(file, harOf([{ method: 'GET', url: 'https://api.example.com/v1/ping', ts: date }]));
      const db = `${dir}/late-${untilDay}.db`;
      const a = await cli(['analyze', file, '--db', db], { now });
      expect(a.code).toBe(0);
      const s = await cli(['stats', '--db', db, '--range', '7d', '--format', 'json'], { now });
      expect(s.code, s.stderr).toBe(0);
      const out = JSON.parse(s.stdout) as { from: string; until: string };
      for (const t of [out.from, out.until]) expect(t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(s.stdout).not.toContain('+010000');
      expect(out.until.slice(0, 10)).toBe(untilDay);
      expect(a.stderr.includes("startedDateTime '9999-12-31T23:59:59.999Z' is after 9999-12-01")).toBe(date.startsWith('9999-12-31'));
    }
  });
});
