// A HAR file analyzed by several threads at once, in segments that each thread reads from the file
// itself (har-segments.ts). The main thread reads the file once in order (for its hash and the
// progress figure), scans the log up to its first entry and after its last, hands out segments as
// it reads past them, and consumes their results in file order: each is checked to begin exactly
// where the previous one said the next entry begins, and analyzed again from there when it does not.
// So the inventory, tallies and errors are those of a scan from start to end, whatever the threads.

import { closeSync, openSync, readSync } from 'node:fs';
import type { AnalyzerContext } from '../analyzers/analyze-call.js';
import { InputError, checkSignal } from '../errors.js';
import { checkLogMember } from '../sources/har.js';
import { entryHead } from '../sources/har-runs.js';
import { HarScanner, truncatedReason } from '../sources/har-scanner.js';
import { ChunkAnalyzer } from './chunk.js';
import { SEGMENT_BYTES, analyzeSegment, type SegmentJob, type SegmentOutcome } from './har-segments.js';
import { ResultSink, type InputJob, type InputTimes } from './result-sink.js';
import { JOBS_PER_WORKER, LOCAL_JOBS_AHEAD, type SegmentRunner } from './workers/pool.js';

/** Guesses that may miss before segments stop being guessed (then the main thread reads them in order). */
const MISSES_ALLOWED = 3;
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

/** Feeds the file's bytes from `from` to `to` to `scanner`, checking the log members it finds. */
function scanRange(file: string, scanner: HarScanner, from: number, to: number): void {
  const buf = Buffer.allocUnsafe(Math.min(1024 * 1024, Math.max(1, to - from)));
  const fd = openSync(file, 'r');
  try {
    for (let pos = from; pos < to; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, to - pos), pos);
      if (n === 0) break;
      pos += n;
      for (const ev of scanner.events(buf.subarray(0, n))) if (ev.kind === 'log-member') checkLogMember(ev.key, ev.text, file);
    }
  } finally {
    closeSync(fd);
  }
}

interface Pending {
  seg: SegmentJob;
  /** null: not guessed (the main thread reads the segment when its turn comes). */
  outcome: Promise<SegmentOutcome | null>;
  ready: boolean;
}

/** Analyzes a HAR file (uncompressed, of known size) with `runner`'s threads plus the main thread. */
export async function analyzeHarFile(job: InputJob, runner: SegmentRunner, ctx: AnalyzerContext, segmentBytes = SEGMENT_BYTES): Promise<InputTimes> {
  const sink = new ResultSink(job);
  const local = new ChunkAnalyzer(ctx);
  const size = job.input.size!;
  const chunks = job.input.chunks[Symbol.asyncIterator]();
  let read = 0;
  const readMore = async (): Promise<Buffer | null> => {
    checkSignal(job.signal);
    const r = await chunks.next();
    if (r.done) return null;
    read += r.value.length;
    return r.value;
  };

  // The log up to its first entry, in order.
  const header = new HarScanner(job.file, { stopAt: 0 });
  while (header.stoppedAt === null) {
    const chunk = await readMore();
    if (chunk === null) {
      header.end(); // no log.entries: fine for a complete HAR, else the error a sequential scan gives
      sink.flush();
      return sink;
    }
    for (const ev of header.events(chunk)) if (ev.kind === 'log-member') checkLogMember(ev.key, ev.text, job.file);
  }
  const first = header.stoppedAt;
  const head = headAt(job.file, first);

  // In file order: where the next entry begins, and how many entries came before it.
  let expected = first;
  let entries = 0;
  let closedAt: number | null = null;
  let misses = 0;
  let guessing = head !== null;

  const apply = (o: SegmentOutcome): void => {
    const before = entries;
    for (const r of o.result.tally.skippedReasons) r.index += before;
    sink.consume(o.result);
    entries += o.result.tally.entries;
    if (o.error) throw new InputError(job.file, o.error.reason, o.error.entry === undefined ? undefined : before + o.error.entry);
    if (o.eof !== null) throw new InputError(job.file, truncatedReason(o.eof, entries - 1));
    if (o.closedAt !== null) closedAt = o.closedAt;
    else expected = o.next!;
  };

  const inflight: Pending[] = [];
  const settle = async (): Promise<void> => {
    const { seg, outcome } = inflight.shift()!;
    const o = await outcome.catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    // Past the end of the array, or inside an entry that began before the segment: nothing to count.
    if (closedAt !== null || expected >= seg.end) return;
    if (o instanceof Error && seg.exact) throw o;
    if (o === null || o instanceof Error || o.begin !== expected) {
      if (o !== null && ++misses >= MISSES_ALLOWED) guessing = false;
      apply(analyzeSegment({ ...seg, start: expected, exact: true }, local, job.strict));
    } else apply(o);
  };

  let nextStart = first;
  const segmentEnd = (): number => Math.min(size, nextStart + segmentBytes);
  const submit = (where: 'worker' | 'here'): void => {
    const start = nextStart;
    const exact = start === first;
    const seg: SegmentJob = { kind: 'har-segment', file: job.file, start, end: segmentEnd(), exact, first: exact, head };
    nextStart = seg.end;
    const p: Pending = { seg, outcome: Promise.resolve(null), ready: false };
    if (!exact && !guessing) p.ready = true;
    else if (where === 'worker') p.outcome = runner.runSegment(seg);
    else {
      try {
        p.outcome = Promise.resolve(analyzeSegment(seg, local, job.strict));
      } catch (e) {
        p.outcome = Promise.reject(e as Error);
      }
    }
    // Settled in order below; a later failure must not go unhandled meanwhile.
    p.outcome.then(
      () => (p.ready = true),
      () => (p.ready = true),
    );
    inflight.push(p);
  };

  // What the main thread does next, most urgent first: keep every worker supplied (reading on as far
  // as that needs); consume the next result in order when it is ready; otherwise analyze a segment
  // itself (up to `limit` results waiting), read on, or wait for the next result.
  const limit = runner.size * JOBS_PER_WORKER + LOCAL_JOBS_AHEAD;
  let eof = false;
  for (;;) {
    const more = closedAt === null && nextStart < size;
    const available = more && (eof || segmentEnd() <= read);
    const room = runner.hasRoom(JOBS_PER_WORKER);
    if (available && room) submit('worker');
    else if (more && room && !eof) eof = (await readMore()) === null;
    else if (inflight.length > 0 && inflight[0]!.ready) await settle();
    else if (available && inflight.length < limit) submit('here');
    else if (more && !eof) eof = (await readMore()) === null;
    else if (inflight.length > 0) await settle();
    else break;
  }
  // The rest of the file still counts in its hash.
  while (!eof) eof = (await readMore()) === null;
  checkSignal(job.signal);
  if (closedAt === null) throw new InputError(job.file, truncatedReason('log.entries', entries - 1));

  // The log after its entries, in order.
  const tail = HarScanner.afterEntries(job.file, closedAt, entries);
  scanRange(job.file, tail, closedAt, read);
  tail.end();
  sink.flush();
  return sink;
}
