// A HAR file analyzed by several threads at once, in segments that each thread reads from the file
// itself (har-segments.ts, scheduled by segment-schedule.ts). The main thread scans the log up to its
// first entry and after its last, and consumes segment results in file order: each is checked to
// begin exactly where the previous one said the next entry begins, and analyzed again from there
// when it does not. So the inventory, tallies and errors are those of a scan from start to end,
// whatever the threads.

import { closeSync, openSync, readSync } from 'node:fs';
import type { AnalyzerContext } from '../analyzers/analyze-call.js';
import { InputError, checkSignal } from '../errors.js';
import { harEventItem } from '../sources/har.js';
import { entryHead } from '../sources/har-runs.js';
import { HarScanner, truncatedReason, type HarScanEvent, type HeldEntry } from '../sources/har-scanner.js';
import { ChunkAnalyzer, offsetIndices } from './chunk.js';
import { analyzeSegment, type SegmentJob, type SegmentOutcome } from './har-segments.js';
import { ResultSink, type InputJob, type InputTimes } from './result-sink.js';
import { GuessCheck, OrderedReader, runSegments, segmentBytesFor } from './segment-schedule.js';
import type { SegmentRunner } from './workers/pool.js';

const HEAD_PEEK_BYTES = 4096;

/** How the entry at `at` opens (`{` to its first member's colon), or null when it opens otherwise. */
function headAt(file: string, at: number): Uint8Array | null {
  const buf = Buffer.alloc(HEAD_PEEK_BYTES);
  const fd = openSync(file, 'r');
  try {
    const n = readSync(fd, buf, 0, buf.length, at);
    if (n === 0 || buf[0] !== 0x7b) return null;
    const head = entryHead(buf.subarray(0, n), 0);
    return head === null ? null : Uint8Array.from(head);
  } finally {
    closeSync(fd);
  }
}

/** Feeds the file's bytes from `from` to `to` to `scanner`, handing each event to `use`. */
function scanRange(file: string, scanner: HarScanner, from: number, to: number, use: (ev: HarScanEvent) => void): void {
  const buf = Buffer.allocUnsafe(Math.min(1024 * 1024, Math.max(1, to - from)));
  const fd = openSync(file, 'r');
  try {
    for (let pos = from; pos < to; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, to - pos), pos);
      if (n === 0) break;
      pos += n;
      for (const ev of scanner.events(buf.subarray(0, n))) use(ev);
    }
  } finally {
    closeSync(fd);
  }
}

/** Analyzes a HAR file (uncompressed, of known size) with `runner`'s threads plus the main thread. */
export async function analyzeHarFile(
  job: InputJob,
  runner: SegmentRunner,
  ctx: AnalyzerContext,
  segmentBytes = segmentBytesFor(job.input.size!, runner.size + 1),
): Promise<InputTimes> {
  const sink = new ResultSink(job);
  const local = new ChunkAnalyzer(ctx);
  const reader = new OrderedReader(job.input.chunks, job.signal);
  const opts = { strict: job.strict };
  // Log members, the log's end and (after the entries) the last entry, analyzed here as in-process.
  const use = (ev: HarScanEvent): void => {
    const item = harEventItem(ev, job.file, opts);
    if (item === null) return;
    local.add(item);
    if (job.strict && local.skipped > 0) sink.consume(local.take());
  };

  // The log up to its first entry, in order.
  const header = new HarScanner(job.file, { stopAt: 0 });
  while (header.stoppedAt === null) {
    const chunk = await reader.next();
    if (chunk === null) {
      header.end(); // no log.entries: fine for a complete HAR, else the error a sequential scan gives
      sink.flush();
      return sink;
    }
    for (const ev of header.events(chunk)) use(ev);
  }
  const first = header.stoppedAt;
  const head = headAt(job.file, first);

  // In file order: where the next entry begins, and how many entries came before it.
  let expected = first;
  let entries = 0;
  let closedAt: number | null = null;
  let last: HeldEntry | null = null;
  const check = new GuessCheck<SegmentJob, SegmentOutcome>(head !== null, (seg) => analyzeSegment(seg, local, job.strict));

  const apply = (o: SegmentOutcome): void => {
    const before = entries;
    offsetIndices(o.result.tally, before);
    sink.consume(o.result);
    entries += o.result.tally.entries;
    if (o.error) throw new InputError(job.file, o.error.reason, o.error.entry === undefined ? undefined : before + o.error.entry);
    // An entry held back at the end of the input was framed, not analyzed: a scan from the start counts it the same way.
    if (o.eof !== null) throw new InputError(job.file, truncatedReason(o.eof, entries - (o.last ? 0 : 1)));
    if (o.closedAt !== null) {
      closedAt = o.closedAt;
      // The array's last entry: analyzed below, at the end of the log, as a scan from the start does.
      last = o.last === null ? null : { ...o.last, index: before + o.last.index };
    } else expected = o.next!;
  };

  await runSegments<SegmentJob>(
    {
      workers: runner,
      first,
      size: job.input.size!,
      segmentBytes,
      job: (start, end) => ({ kind: 'har-segment', file: job.file, start, end, exact: start === first, first: start === first, head }),
      ahead: (seg) => check.ahead(seg),
      here: (seg) => analyzeSegment(seg, local, job.strict),
      settle: (seg, o) => {
        // Past the end of the array, or inside an entry that began before the segment: nothing to count.
        if (closedAt !== null || expected >= seg.end) return;
        apply(check.outcome(seg, o, expected));
      },
      done: () => closedAt !== null,
    },
    reader,
  );
  checkSignal(job.signal);
  if (closedAt === null) throw new InputError(job.file, truncatedReason('log.entries', entries - 1));

  // The log after its entries, in order, and the last entry (held back until the log's end).
  const tail = HarScanner.afterEntries(job.file, closedAt, entries + (last ? 1 : 0), header.log, last);
  try {
    scanRange(job.file, tail, closedAt, reader.read, use);
    tail.end();
  } catch (e) {
    sink.consume(local.take()); // what was read before the problem counts first, as in-process
    throw e;
  }
  sink.consume(local.take());
  sink.flush();
  return sink;
}
