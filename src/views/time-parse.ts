// Parses the stats command's --range and --until values and holds the per-range bucket table
// that keeps every chart between 15 and 90 points.

import { UsageError } from '../errors.js';
import { RANGES, type RangeName } from '../model/stats.js';

/**
 * Range length and bucket size. Buckets are whole minutes (the store keeps per-minute rows)
 * and divide both the range and a UTC day, so windows align on round clock times. The point
 * counts (15..72) also fit an 80-column terminal without merging buckets; 7d uses 3-hour
 * buckets (56 points) rather than 2-hour (84), which would not fit next to the y-axis labels.
 */
const RANGE_TABLE: Record<RangeName, { seconds: number; bucketSeconds: number }> = {
  '15m': { seconds: 15 * 60, bucketSeconds: 60 }, // 15 points
  '30m': { seconds: 30 * 60, bucketSeconds: 60 }, // 30
  '1h': { seconds: 3600, bucketSeconds: 60 }, // 60
  '3h': { seconds: 3 * 3600, bucketSeconds: 3 * 60 }, // 60
  '6h': { seconds: 6 * 3600, bucketSeconds: 5 * 60 }, // 72
  '12h': { seconds: 12 * 3600, bucketSeconds: 10 * 60 }, // 72
  '1d': { seconds: 86400, bucketSeconds: 20 * 60 }, // 72
  '7d': { seconds: 7 * 86400, bucketSeconds: 3 * 3600 }, // 56
};

export function parseRange(s: string): RangeName {
  const v = s.trim().toLowerCase();
  const hit = RANGES.find((r) => r === v);
  if (hit === undefined) {
    throw new UsageError(`invalid --range '${s}': expected one of ${RANGES.join(', ')}`, true);
  }
  return hit;
}

export function rangeSeconds(r: RangeName): number {
  return RANGE_TABLE[r].seconds;
}

export function bucketSecondsFor(r: RangeName): number {
  return RANGE_TABLE[r].bucketSeconds;
}

const UNIT_SECONDS: Record<string, number> = {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
  w: 604800, week: 604800, weeks: 604800,
};

const RELATIVE_RE = /^(\d+)\s*([a-z]+)\s+ago$/;
// Date, optional time (minutes required, seconds and fraction optional), optional zone.
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * --until: `now`, `N<unit> ago` (s, m, h, d, w or their words: `90m ago`, `2 hours ago`), or
 * ISO 8601 (`2024-03-10`, `2024-03-10T23:55`, `...:30.5Z`, `...+02:00`). A timestamp without a
 * zone is read as UTC, as every time akto-rt prints is UTC, not as the machine's local time.
 * Returns epoch ms.
 */
export function parseUntil(s: string, nowMs: number): number {
  const t = parseUntilMs(s, nowMs);
  // Traffic times are 1970..9999: outside that the date cannot be printed in ISO 8601, or a year
  // below 100 would be read as 19xx by Date.UTC.
  if (!(t >= 0 && t < MAX_TIME_MS)) throw badUntil(s, 'outside the years 1970 to 9999');
  return t;
}

const MAX_TIME_MS = Date.UTC(10000, 0, 1);

function parseUntilMs(s: string, nowMs: number): number {
  const v = s.trim();
  const lower = v.toLowerCase();
  if (lower === 'now') return nowMs;
  const rel = RELATIVE_RE.exec(lower);
  if (rel !== null) {
    const unit = UNIT_SECONDS[rel[2] ?? ''];
    if (unit === undefined) throw badUntil(s, `unknown unit '${rel[2] ?? ''}'`);
    return nowMs - Number(rel[1]) * unit * 1000;
  }
  const iso = ISO_RE.exec(v);
  if (iso === null) throw badUntil(s);
  const [, y, mo, d, h, mi, sec, frac, zone] = iso;
  const year = Number(y);
  if (year < 1970) throw badUntil(s, 'outside the years 1970 to 9999');
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = sec === undefined ? 0 : Number(sec);
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls over out-of-range fields (Feb 30 -> Mar 1); reject instead of guessing.
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    throw badUntil(s, 'no such date or time');
  }
  return local - zoneOffsetMs(zone, s);
}

function zoneOffsetMs(zone: string | undefined, original: string): number {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) throw badUntil(original, `bad zone offset '${zone}'`);
  return sign * (hours * 60 + minutes) * 60_000;
}

function badUntil(s: string, why?: string): UsageError {
  return new UsageError(
    `invalid --until '${s}'${why === undefined ? '' : ` (${why})`}: expected ISO 8601 ` +
      `(2024-03-10T23:55Z; no zone means UTC), 'now', or a relative time like '2h ago', '30m ago', '1d ago'`,
    true,
  );
}
