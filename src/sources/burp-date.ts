// Parses Java `Date.toString()` times ('Tue Mar 05 14:03:11 CET 2024'), which Burp writes in the
// exporting machine's zone, given only as an abbreviation. Abbreviations map through the table below.

import { trafficTimeProblem } from './time-range.js';

/**
 * Zone abbreviation -> UTC offset in minutes. Java prints the zone's short display name, so the
 * same letters can mean several zones; each ambiguous one is pinned to ONE documented choice:
 *
 * | abbr | chosen                          | also printed by (not chosen)                     |
 * |------|---------------------------------|--------------------------------------------------|
 * | CST  | US Central Standard, -06:00     | China Standard +08:00, Cuba -05:00, Taipei +08:00 |
 * | CDT  | US Central Daylight, -05:00     | Cuba Daylight -04:00                             |
 * | IST  | India Standard, +05:30          | Israel Standard +02:00, Irish Summer +01:00      |
 * | BST  | British Summer, +01:00          | Bangladesh Standard +06:00 (Java's 'BST' ID)     |
 * | AST  | Atlantic Standard, -04:00       | Arabia Standard +03:00                           |
 * | ECT  | Ecuador, -05:00 (what Java prints for America/Guayaquil) | Java's legacy 'ECT' ID = Paris, which prints CET |
 * | GST  | Gulf Standard, +04:00           | South Georgia -02:00                             |
 * | SST  | Samoa Standard, -11:00          | Singapore (old) +08:00                           |
 * | MST  | US Mountain Standard, -07:00    | Malaysia (old) +08:00                            |
 *
 * CST follows Java itself: `TimeZone.getTimeZone("CST")` and SimpleDateFormat parsing resolve it to
 * America/Chicago. Exports made in China (e.g. Burp Community samples) also print CST; pass
 * `{ CST: 480 }` as overrides when the capture is known to come from there.
 *
 * IST follows Java too (its 'IST' ID is Asia/Kolkata) and the most people who read it: India keeps
 * +05:30 all year. Israel prints IST in winter and IDT in summer, Ireland IST in summer (GMT in
 * winter), so an Israeli winter export reads 3.5 hours late and an Irish summer one 4.5 hours late;
 * `{ IST: 120 }` or `{ IST: 60 }` as overrides fix that. IDT is Israel's alone, so it is in the table.
 *
 * The rows after the first block are zones whose abbreviation only one zone prints (Russian,
 * Central Asian, Pacific and South American ones among them), at their offset today.
 */
export const ZONE_OFFSETS: Readonly<Record<string, number>> = {
  UTC: 0, UT: 0, GMT: 0, Z: 0, WET: 0, WEST: 60, BST: 60, IST: 330,
  CET: 60, CEST: 120, MET: 60, MEST: 120, EET: 120, EEST: 180, MSK: 180, TRT: 180,
  WAT: 60, CAT: 120, SAST: 120, EAT: 180,
  GST: 240, IRST: 210, IRDT: 270, AFT: 270, PKT: 300, UZT: 300, NPT: 345, BDT: 360,
  ICT: 420, WIB: 420, SGT: 480, MYT: 480, PHT: 480, PHST: 480, HKT: 480, AWST: 480,
  JST: 540, KST: 540, ACST: 570, ACDT: 630, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
  NST: -210, NDT: -150, AST: -240, ADT: -180,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600, SST: -660,
  COT: -300, ECT: -300, PET: -300, BOT: -240, VET: -240, CLT: -240, CLST: -180, PYT: -240,
  BRT: -180, BRST: -120, ART: -180, UYT: -180,
  // One zone each:
  IDT: 180, AZOT: -60, AZOST: 0, CVT: -60, GET: 240, AZT: 240, SAMT: 240, MUT: 240, SCT: 240,
  YEKT: 300, MVT: 300, TJT: 300, TMT: 300, KGT: 360, OMST: 360, MMT: 390, NOVT: 420, KRAT: 420,
  IRKT: 480, WITA: 480, BNT: 480, ULAT: 480, YAKT: 540, VLAT: 600, CHST: 600, MAGT: 660,
  PETT: 720, FJT: 720, HDT: -540, GYT: -240, PYST: -180, SRT: -180, GFT: -180, FNT: -120,
};

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

// EEE MMM dd HH:mm:ss zzz yyyy
const JAVA_DATE = /^\s*[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\S+)\s+(\d{4})\s*$/;
// Java falls back to 'GMT+05:30' when a zone has no abbreviation.
const NUMERIC_ZONE = /^(?:GMT|UTC)([+-])(\d{1,2}):?(\d{2})?$/;
/** What a zone abbreviation looks like ('IDT', 'ChST', 'AKST'); other text in its place is no zone. */
const ABBREVIATION = /^[A-Za-z]{2,6}$/;

function zoneOffset(zone: string, overrides: Readonly<Record<string, number>> | undefined): number | null {
  const upper = zone.toUpperCase();
  const o = overrides?.[upper] ?? ZONE_OFFSETS[upper];
  if (o !== undefined) return o;
  const m = NUMERIC_ZONE.exec(upper);
  if (!m) return null;
  const mins = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -mins : mins;
}

export interface JavaDate {
  /** Epoch ms. */
  ms: number;
  /** Set when the zone is an abbreviation not in the table: `ms` is then the clock time read as UTC. */
  unknownZone?: string;
}

/** A Java Date.toString() string, or null when it is not one (or names an impossible date). */
export function readJavaDate(s: string, overrides?: Readonly<Record<string, number>>): JavaDate | null {
  const m = JAVA_DATE.exec(s);
  if (!m) return null;
  const month = MONTHS[m[1]!.charAt(0).toUpperCase() + m[1]!.slice(1).toLowerCase()];
  if (month === undefined) return null;
  const zone = m[6]!;
  const offset = zoneOffset(zone, overrides);
  if (offset === null && !ABBREVIATION.test(zone)) return null;
  const day = Number(m[2]);
  const h = Number(m[3]);
  const min = Number(m[4]);
  const sec = Number(m[5]);
  if (day < 1 || day > 31 || h > 23 || min > 59 || sec > 60) return null;
  const local = Date.UTC(Number(m[7]), month, day, h, min, sec);
  if (new Date(local).getUTCDate() !== day) return null; // 'Feb 31' would silently roll over
  return offset === null ? { ms: local, unknownZone: zone } : { ms: local - offset * 60_000 };
}

/** Epoch ms for a Java Date.toString() string, or null when it does not parse or the zone is unknown. */
export function parseJavaDate(s: string, overrides?: Readonly<Record<string, number>>): number | null {
  const d = readJavaDate(s, overrides);
  return d === null || d.unknownZone !== undefined ? null : d.ms;
}

/**
 * An item's <time> as its traffic time, and the warning it draws. A time that does not read falls
 * back to the analysis start, like HAR's. A zone the table lacks keeps the clock time, read as UTC:
 * off by at most the zone's offset, where the analysis start could be off by months. The warning
 * is the same text on every such item, so a run reports it once, counted (warnings are per entry,
 * and a file read by several threads has no single first item to carry a per-file one).
 */
export function itemTime(text: string | undefined): { ts: number | null; warning: string | null } {
  if (text === undefined || text.trim() === '') return { ts: null, warning: 'time is missing' };
  const read = readJavaDate(text);
  // The value is not quoted: a field that is not a date may hold anything, and a cut value escapes
  // masking. A zone is quoted only when it is 2-6 letters.
  const problem = read === null ? 'is not a date Burp writes' : trafficTimeProblem(read.ms);
  if (problem !== null) return { ts: null, warning: `time ${problem}` };
  const zone = read!.unknownZone;
  return { ts: read!.ms, warning: zone === undefined ? null : `time zone ${zone} is unknown: its clock time was read as UTC, not converted` };
}
