// The traffic times a source accepts: what the inventory can store and every read command can print.
// A time outside them is treated like one that does not parse: the entry gets a warning naming why
// and the analysis start is used (HAR, Burp and Akto alike).
//
// - After 1970-01-01T00:00:00Z: call times are epoch milliseconds, and the analysis replaces one at
//   or before the epoch with the analysis start (analyzers/analyze-call.ts, model/call-record.ts
//   plausibleTime). Minute/hour/day buckets would cope (Math.floor), but a 1969 time accepted here
//   would still be dropped there without a word; so it is refused here, with a warning saying why.
// - Not after 9999-12-01: `stats` windows end up to 7 days after the last call, rounded up to the
//   next bucket (at most a day); a later call put the window's end in the year 10000, which ISO 8601
//   cannot write (`"until": "+010000-01-01T00:00:00.000Z"`).

/** The first millisecond after the epoch: the earliest call time kept. */
export const EARLIEST_TRAFFIC_MS = 1;
/** 9999-12-01T00:00:00.000Z: the latest call time kept. */
export const LATEST_TRAFFIC_MS = Date.UTC(9999, 11, 1);

/** Why an epoch-ms time cannot be a call time ('before 1970', ...), or null when it can. */
export function trafficTimeProblem(ms: number): string | null {
  if (Number.isNaN(ms)) return 'is not a date';
  if (ms < 0) return 'is before 1970, the earliest time the inventory keeps';
  if (ms < EARLIEST_TRAFFIC_MS) return 'is the Unix epoch, not a traffic time';
  if (ms > LATEST_TRAFFIC_MS) return 'is after 9999-12-01, the latest time the inventory keeps';
  return null;
}
