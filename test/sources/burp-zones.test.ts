// Burp <time> zones: abbreviations one zone prints are in the table (IDT), and an unknown one keeps
// the clock time, read as UTC, with a warning that says so (the analysis start was used instead).
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SourceItem } from '../../src/model/call-record.js';
import { itemTime, parseJavaDate, readJavaDate } from '../../src/sources/burp-date.js';
import { readBurp } from '../../src/sources/burp.js';
import { cli, tempDir } from '../helpers.js';

const FIXTURES = new URL('../../fixtures/burp/', import.meta.url).pathname;
const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

async function collect(xml: string | Buffer): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const it of readBurp((async function* () {
    yield Buffer.from(xml);
  })(), 'z.xml')) out.push(it);
  return out;
}

const item = (time: string, path = '/a'): string =>
  `<item><time>${time}</time><url><![CDATA[http://h.example${path}]]></url><method>GET</method><request base64="false"><![CDATA[GET ${path} HTTP/1.1\r\nHost: h.example\r\n\r\n]]></request><status>200</status><response base64="false"></response></item>`;

describe('zone abbreviations', () => {
  it('reads IDT (Israel Daylight, +03:00) and other zones only one zone prints', () => {
    expect(iso(parseJavaDate('Tue Jul 22 10:26:50 IDT 2025'))).toBe('2025-07-22T07:26:50.000Z');
    expect(iso(parseJavaDate('Sat Jul 06 10:00:00 HDT 2024'))).toBe('2024-07-06T19:00:00.000Z'); // Adak, -09:00
    expect(iso(parseJavaDate('Mon Jan 08 10:00:00 ChST 2024'))).toBe('2024-01-08T00:00:00.000Z'); // Guam, +10:00
    expect(iso(parseJavaDate('Mon Jan 08 10:00:00 YEKT 2024'))).toBe('2024-01-08T05:00:00.000Z');
    expect(iso(parseJavaDate('Mon Jan 08 10:00:00 MMT 2024'))).toBe('2024-01-08T03:30:00.000Z'); // Myanmar, +06:30
  });

  it('keeps IST as India (+05:30), as Java resolves it; an override reads an Israeli winter export', () => {
    expect(iso(parseJavaDate('Mon Jan 08 10:00:00 IST 2024'))).toBe('2024-01-08T04:30:00.000Z');
    expect(iso(parseJavaDate('Mon Jan 08 10:00:00 IST 2024', { IST: 120 }))).toBe('2024-01-08T08:00:00.000Z');
  });

  it('reads an unknown abbreviation as UTC clock time and says which zone it was', () => {
    expect(readJavaDate('Sat Jun 01 12:10:00 XYZ 2024')).toEqual({ ms: Date.parse('2024-06-01T12:10:00Z'), unknownZone: 'XYZ' });
    expect(readJavaDate('Sat Jun 01 12:10:00 CEST 2024')).toEqual({ ms: Date.parse('2024-06-01T10:10:00Z') });
    expect(parseJavaDate('Sat Jun 01 12:10:00 XYZ 2024')).toBeNull(); // only a known zone converts
  });

  it('is no date when the zone is not an abbreviation, or the date is impossible', () => {
    expect(readJavaDate('Sat Jun 01 12:10:00 +03:00 2024')).toBeNull();
    expect(readJavaDate('Sat Jun 01 12:10:00 sk_live_abc123 2024')).toBeNull();
    expect(readJavaDate('Fri Feb 31 10:00:00 XYZ 2023')).toBeNull();
  });

  it('words the warning of each case; a value that is not a zone is never quoted', () => {
    expect(itemTime('Sat Jun 01 12:10:00 XYZ 2024')).toEqual({
      ts: Date.parse('2024-06-01T12:10:00Z'),
      warning: 'time zone XYZ is unknown: its clock time was read as UTC, not converted',
    });
    expect(itemTime('Sat Jun 01 12:10:00 IDT 2024')).toEqual({ ts: Date.parse('2024-06-01T09:10:00Z'), warning: null });
    expect(itemTime('Sat Jun 01 12:10:00 secret1 2024')).toEqual({ ts: null, warning: 'time is not a date Burp writes' });
    expect(itemTime('  ')).toEqual({ ts: null, warning: 'time is missing' });
    expect(itemTime('Fri Dec 31 23:59:59 XYZ 9999')).toEqual({ ts: null, warning: 'time is after 9999-12-01, the latest time the inventory keeps' });
  });
});

describe('Burp items with such zones', () => {
  it('the QA export in IDT keeps its time and draws no warning', async () => {
    const items = await collect(readFileSync(`${FIXTURES}zone-idt.xml`));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'call', call: { ts: Date.parse('2024-06-01T09:10:00Z') } });
    expect(items[0]).not.toHaveProperty('warnings');
  });

  it('each item with an unknown zone keeps its clock time, with the same warning text', async () => {
    const items = await collect(`<items>${item('Sat Jun 01 12:10:00 XYZ 2024')}${item('Sat Jun 01 12:11:00 XYZ 2024', '/b')}</items>`);
    expect(items.map((i) => (i.kind === 'call' ? [iso(i.call.ts), i.warnings] : i.kind))).toEqual([
      ['2024-06-01T12:10:00.000Z', ['time zone XYZ is unknown: its clock time was read as UTC, not converted']],
      ['2024-06-01T12:11:00.000Z', ['time zone XYZ is unknown: its clock time was read as UTC, not converted']],
    ]);
  });

  it('analyze reports the unknown zone once for the file, counted, and stores the clock times', async () => {
    const dir = tempDir();
    const file = `${dir}/zones.xml`;
    const times = ['Sat Jun 01 12:10:00 XYZ 2024', 'Sat Jun 01 12:20:00 XYZ 2024', 'Sat Jun 01 12:30:00 XYZ 2024'];
    writeFileSync(file, `<?xml version="1.0"?>\n<items burpVersion="2024.4.5">${times.map((t) => item(t)).join('\n')}</items>\n`);
    const r = await cli(['analyze', file, '--db', `${dir}/z.db`]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.includes('warning'));
    expect(lines).toEqual([`${file}: warning ×3 (first: entry 0): time zone XYZ is unknown: its clock time was read as UTC, not converted`]);
    expect(r.stderr).not.toMatch(/no timestamps/);
    const ep = await cli(['endpoints', '--db', `${dir}/z.db`, '--format', 'json']);
    const e = (JSON.parse(ep.stdout) as { endpoints: { firstSeen: string; lastSeen: string }[] }).endpoints[0]!;
    expect([e.firstSeen, e.lastSeen]).toEqual(['2024-06-01T12:10:00.000Z', '2024-06-01T12:30:00.000Z']);
  });
});
