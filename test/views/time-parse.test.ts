import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { RANGES } from '../../src/model/stats.js';
import { bucketSecondsFor, parseRange, parseUntil, rangeSeconds } from '../../src/views/time-parse.js';

const NOW = Date.UTC(2024, 2, 10, 23, 55, 30);

describe('parseRange', () => {
  it('accepts exactly the eight documented ranges', () => {
    for (const r of RANGES) expect(parseRange(r)).toBe(r);
    expect(parseRange(' 1H ')).toBe('1h');
  });

  it.each(['2h', '1w', '', '60m', '1 h', '7'])('rejects %j with a UsageError listing the valid ranges', (bad) => {
    expect(() => parseRange(bad)).toThrow(UsageError);
    expect(() => parseRange(bad)).toThrow('15m, 30m, 1h, 3h, 6h, 12h, 1d, 7d');
  });
});

describe('range table', () => {
  it('gives the documented lengths', () => {
    expect(RANGES.map(rangeSeconds)).toEqual([900, 1800, 3600, 10800, 21600, 43200, 86400, 604800]);
  });

  it.each(RANGES)('%s: whole-minute buckets that divide the range and a day into 15..90 points', (r) => {
    const b = bucketSecondsFor(r);
    expect(b % 60).toBe(0);
    expect(rangeSeconds(r) % b).toBe(0);
    expect(86400 % b).toBe(0);
    const points = rangeSeconds(r) / b;
    expect(points).toBeGreaterThanOrEqual(15);
    expect(points).toBeLessThanOrEqual(90);
  });
});

describe('parseUntil', () => {
  it.each([
    ['2024-03-10T22:00:00Z', Date.UTC(2024, 2, 10, 22)],
    ['2024-03-10T22:00Z', Date.UTC(2024, 2, 10, 22)],
    ['2024-03-10T22:00', Date.UTC(2024, 2, 10, 22)], // no zone: UTC
    ['2024-03-10 22:00:15', Date.UTC(2024, 2, 10, 22, 0, 15)],
    ['2024-03-10', Date.UTC(2024, 2, 10)],
    ['2024-03-10T22:00:00.250Z', Date.UTC(2024, 2, 10, 22, 0, 0, 250)],
    ['2011-07-08T06:40:46.9724178+01:00', Date.UTC(2011, 6, 8, 5, 40, 46, 972)],
    ['2024-03-10T22:00:00+02:00', Date.UTC(2024, 2, 10, 20)],
    ['2024-03-10T22:00:00-0530', Date.UTC(2024, 2, 11, 3, 30)],
    ['2024-03-10T22:00+01', Date.UTC(2024, 2, 10, 21)],
    ['2024-03-10t22:00z', Date.UTC(2024, 2, 10, 22)],
  ])('reads ISO 8601 %s', (s, want) => {
    expect(parseUntil(s, NOW)).toBe(want);
  });

  it.each([
    ['now', 0],
    ['NOW', 0],
    ['30s ago', 30_000],
    ['30m ago', 1_800_000],
    ['2h ago', 7_200_000],
    ['1d ago', 86_400_000],
    ['2w ago', 14 * 86_400_000],
    ['90 minutes ago', 5_400_000],
    ['3 hours ago', 10_800_000],
    ['1 day ago', 86_400_000],
  ])('reads relative %j', (s, back) => {
    expect(parseUntil(s, NOW)).toBe(NOW - back);
  });

  it.each([
    'yesterday',
    '2h',
    '2 fortnights ago',
    '-2h ago',
    '2024-02-30',
    '2024-13-01T00:00Z',
    '2024-03-10T24:00Z',
    '2024-03-10T22:61Z',
    '2024-03-10T22',
    '2024-03-10T22:00+25:00',
    '10/03/2024',
    '',
    '10000000000000h ago',
    '100000000h ago',
    '0001-01-01',
    '1969-12-31T23:59Z',
  ])('rejects %j with a UsageError that shows the accepted forms', (bad) => {
    expect(() => parseUntil(bad, NOW)).toThrow(UsageError);
    expect(() => parseUntil(bad, NOW)).toThrow(/ISO 8601.*2h ago/);
  });
});

describe('parseUntil range', () => {
  it('says why a time far in the past is refused', () => {
    expect(() => parseUntil('100000000h ago', NOW)).toThrow(/outside the years 1970 to 9999/);
    expect(() => parseUntil('0001-01-01', NOW)).toThrow(/outside the years 1970 to 9999/);
    expect(parseUntil('1970-01-01', NOW)).toBe(0);
    expect(parseUntil('9999-12-31T23:59Z', NOW)).toBe(Date.UTC(9999, 11, 31, 23, 59));
  });
});
