// One segment of a Burp Suite XML export, analyzed by whichever thread takes it, straight from the
// file. Segments begin and end at item boundaries: just after an item's `</item>` (or the `<items>`
// tag, for the first). A segment's thread parses from its boundary up to the first boundary at or
// past its end, and says where that is. Where its own boundary is, it guesses: the first `</item>`
// at or after its start (raw, non-base64 payloads may hold that text too). The guess is checked in
// order (burp-parallel.ts), as HAR segments are: a segment counts only when it began where the
// previous one ended, and is parsed again from there otherwise.
//
// Bytes are handed to the XML parser in pieces that end just after each `</item>`, so the thread
// knows the byte offset of every item that closes: after such a piece, the parser says whether that
// `</item>` closed an item (and was not text inside a comment or a CDATA section).

import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.js';
import { ItemCollector } from '../sources/burp.js';
import type { ChunkAnalyzer, ChunkResult } from './chunk.js';
import { SEGMENT_READ_BYTES as READ_BYTES, segmentReadBuffer as readBuffer } from './segment-read.js';

const CLOSE = Buffer.from('</item>');
/**
 * Bytes decoded into one string for the parser. A read is 1 MB, and the bytes after an item's last
 * `</item>` in it (most of it, inside an item of many MB) would become one 1 MB string: V8 puts a
 * string that size straight in its large-object space, which only a full collection frees, so a
 * 50 MB item left ~100 MB of dead strings in the worker that parsed it (a peak of ~240 MB on two
 * threads against ~110 MB on one). Strings this small (64 KB even when two-byte) are born in the
 * young generation and die in its scavenges, as the in-order reader's 4 KB slices do (sources/index.ts).
 */
const FEED_BYTES = 32 * 1024;

export interface BurpSegmentJob {
  kind: 'burp-segment';
  file: string;
  start: number;
  end: number;
  /** `start` is known to be a boundary; else the first one at or after it is guessed. */
  exact: boolean;
  maxChars: number;
}

export interface BurpOutcome {
  /** The boundary parsing began at; -1 when no boundary was guessed in the segment. */
  begin: number;
  /** Item indices count from 0 at `begin`. */
  result: ChunkResult;
  items: number;
  /** The last boundary reached: at or past the segment's end, or before where the input stopped being items. */
  next: number;
  /** Parsing stopped before the segment's end: </items>, the end of the file, or an error. */
  final: boolean;
  /** The XML was not valid from `begin` (the message a sequential read gives differs in its positions). */
  failed: boolean;
}

/** The first offset in [start, end) just past a `</item>`, or -1. */
function guessBoundary(fd: number, start: number, end: number): number {
  const buf = readBuffer();
  for (let pos = Math.max(0, start - CLOSE.length); pos < end; ) {
    const n = readSync(fd, buf, 0, READ_BYTES, pos);
    if (n === 0) return -1;
    const at = buf.subarray(0, n).indexOf(CLOSE);
    if (at !== -1) return pos + at + CLOSE.length < end ? pos + at + CLOSE.length : -1;
    if (n < READ_BYTES) return -1;
    pos += n - (CLOSE.length - 1);
  }
  return -1;
}

/** Analyzes one segment (see the top of this file); `analyzer` must hold nothing untaken. */
export function analyzeBurpSegment(job: BurpSegmentJob, analyzer: ChunkAnalyzer): BurpOutcome {
  const fd = openSync(job.file, 'r');
  try {
    const begin = job.exact ? job.start : guessBoundary(fd, job.start, job.end);
    if (begin === -1) return { begin, result: analyzer.take(), items: 0, next: -1, final: false, failed: false };
    const collector = ItemCollector.insideItems(job.file, job.maxChars);
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const buf = readBuffer();
    let next = begin;
    let final = false;
    let failed = false;
    const feed = (bytes: Buffer, last: boolean): void => {
      for (let i = 0; ; i += FEED_BYTES) {
        const end = Math.min(bytes.length, i + FEED_BYTES);
        const flush = last && end === bytes.length; // a character cut by a slice is completed by the next
        for (const item of collector.feed(decoder.decode(bytes.subarray(i, end), { stream: !flush }))) analyzer.add(item);
        if (end === bytes.length) return;
      }
    };
    try {
      for (let pos = begin; ; ) {
        const n = readSync(fd, buf, 0, READ_BYTES, pos);
        const view = buf.subarray(0, n);
        const last = n < READ_BYTES;
        // Whole pieces up to each `</item>`; the bytes after the last one are fed too, except a
        // tail that may be the start of a `</item>` cut by the read (it is read again).
        let from = 0;
        let stop = false;
        for (let at = view.indexOf(CLOSE); at !== -1; at = view.indexOf(CLOSE, from)) {
          const to = at + CLOSE.length;
          feed(view.subarray(from, to), false);
          from = to;
          if (collector.atItemEnd) {
            next = pos + to;
            if (next >= job.end) {
              stop = true;
              break;
            }
          } else if (collector.level === 0) {
            final = stop = true;
            break;
          }
        }
        if (stop) break;
        const keep = last ? 0 : Math.min(n - from, CLOSE.length - 1);
        feed(view.subarray(from, n - keep), last);
        if (collector.level === 0 || last) {
          final = true;
          break;
        }
        pos += n - keep;
      }
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      final = failed = true;
    }
    return { begin, result: analyzer.take(), items: collector.items, next, final, failed };
  } finally {
    closeSync(fd);
  }
}
