// One segment of a HAR file, analyzed by whichever thread takes it, straight from the file: no
// thread has to walk the bytes first to cut entries apart.
//
// A segment is a byte range [start, end) of the entries array (segment-schedule.ts sizes them). Its thread analyzes the entries that
// begin inside the range (the last one may run past `end`) and reports where the next one begins.
// Where the range's first entry begins is only known once the previous segment is done, so a
// thread guesses it: the first entry head (`{"startedDateTime":`, as the file's first entry opens,
// whitespace included) preceded by `},`. The guess is checked when results are consumed in order
// (har-parallel.ts): a segment counts only when it began exactly where the previous one says the
// next entry begins; otherwise it is analyzed again from there. A wrong guess costs time, never
// correctness: a scan that begins at a true entry boundary is in the same state as a scan from the
// start of the file would be there.

import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.js';
import { harEventItem } from '../sources/har.js';
import { closeBefore } from '../sources/har-runs.js';
import { HarScanner, type HeldEntry } from '../sources/har-scanner.js';
import type { ChunkAnalyzer, ChunkResult } from './chunk.js';
import { SEGMENT_READ_BYTES as READ_BYTES, segmentReadBuffer as readBuffer } from './segment-read.js';

/** Whitespace allowed between an entry and the `,` before the next one, when guessing a boundary. */
const MAX_GAP = 1024;

export interface SegmentJob {
  kind: 'har-segment';
  file: string;
  start: number;
  end: number;
  /** `start` is known to be where an entry begins; else the first boundary at or after it is guessed. */
  exact: boolean;
  /** `start` is the first element of log.entries (so `]` may close an empty array there). */
  first: boolean;
  /** How the file's entries open (`{` up to the first member's colon); needed to guess. */
  head: Uint8Array | null;
}

export interface SegmentOutcome {
  /** Where analysis began; -1 when no entry was guessed to begin in the segment. */
  begin: number;
  /** Entry indices count from 0 at `begin`. */
  result: ChunkResult;
  /** Offset of the entry after the segment's last one (null when the array closed or the input ended). */
  next: number | null;
  /** Offset just past log.entries' `]`, when the array closed in this segment. */
  closedAt: number | null;
  /** The input ended inside the array (where the scan was, e.g. 'log.entries'). */
  eof: string | null;
  /** The document is not valid from here: the first problem (entry relative to `begin`). */
  error: { reason: string; entry?: number } | null;
  /**
   * The entry the scan still held back, not analyzed (index relative to `begin`): when the array
   * closed, its last entry, which is analyzed with the log after the entries (as a scan from the
   * start does: har-scanner.ts); when the input ended, one right before the end.
   */
  last: HeldEntry | null;
}

/** The first offset in [from, end) where `head` follows `},` (whitespace allowed), or -1. */
function guessBoundary(fd: number, from: number, end: number, head: Uint8Array): number {
  const buf = readBuffer();
  // Each window re-reads the bytes a boundary check looks back at and a head cut by the last window.
  const back = MAX_GAP + 1;
  let pos = Math.max(0, from - back);
  let searchFrom = from - pos;
  for (;;) {
    const n = readSync(fd, buf, 0, READ_BYTES, pos);
    const view = buf.subarray(0, n);
    for (let q = view.indexOf(head, searchFrom); q !== -1 && pos + q < end; q = view.indexOf(head, q + 1)) {
      if (closeBefore(view, Math.max(0, q - back), q) !== -1) return pos + q;
    }
    if (pos + n >= end || n < READ_BYTES) return -1;
    // The next window overlaps this one by `back + head.length`: heads before `back` were checked here.
    pos += n - back - head.length;
    searchFrom = back;
  }
}

function emptyOutcome(begin: number, analyzer: ChunkAnalyzer): SegmentOutcome {
  return { begin, result: analyzer.take(), next: null, closedAt: null, eof: null, error: null, last: null };
}

/** Analyzes one segment (see the top of this file); `analyzer` must hold nothing untaken. */
export function analyzeSegment(job: SegmentJob, analyzer: ChunkAnalyzer, strict: boolean): SegmentOutcome {
  const fd = openSync(job.file, 'r');
  try {
    let begin = job.start;
    if (!job.exact) {
      begin = job.head === null ? -1 : guessBoundary(fd, job.start, job.end, job.head);
      if (begin === -1) return emptyOutcome(-1, analyzer);
    }
    const scanner = HarScanner.atEntry(job.file, begin, job.first, job.end);
    const opts = { strict };
    const buf = readBuffer();
    let error: SegmentOutcome['error'] = null;
    let ended = false;
    try {
      for (let pos = begin; ; ) {
        const n = readSync(fd, buf, 0, READ_BYTES, pos);
        if (n === 0) {
          ended = true;
          break;
        }
        pos += n;
        for (const ev of scanner.events(buf.subarray(0, n))) {
          const item = harEventItem(ev, job.file, opts);
          if (item) analyzer.add(item);
        }
        if (scanner.stoppedAt !== null || scanner.closedAt !== null) break;
      }
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      error = e.entry === undefined ? { reason: e.reason } : { reason: e.reason, entry: e.entry };
    }
    return {
      begin,
      result: analyzer.take(),
      next: scanner.stoppedAt,
      closedAt: scanner.closedAt,
      eof: ended && error === null ? scanner.inside : null,
      error,
      last: scanner.heldEntry,
    };
  } finally {
    closeSync(fd);
  }
}
