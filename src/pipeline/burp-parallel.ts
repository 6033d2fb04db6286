// A Burp Suite XML export analyzed by several threads at once, in segments that each thread reads
// from the file itself (burp-segments.ts, scheduled by segment-schedule.ts). The main thread parses
// the document up to the `<items>` tag and after the last item, and consumes segment outcomes in file
// order, each checked to begin where the previous one ended and parsed again from there when not.
// When a segment or the tail does not parse (a malformed or truncated document), the file is read
// once more from the start, in order, and analysis goes on from the first item not yet counted: so
// what is counted and the error raised are those of a read in order (the parser's messages carry
// line and column numbers, which only a read from the start gets right).

import { closeSync, openSync, readSync } from 'node:fs';
import type { AnalyzerContext } from '../analyzers/analyze-call.js';
import { InputError, checkSignal } from '../errors.js';
import { ItemCollector, MAX_ELEMENT_CHARS } from '../sources/burp.js';
import { readSource } from '../sources/index.js';
import { openInput } from '../sources/input.js';
import { ChunkAnalyzer, offsetIndices } from './chunk.js';
import { analyzeBurpSegment, type BurpOutcome, type BurpSegmentJob } from './burp-segments.js';
import { BATCH_CALLS, ResultSink, type InputJob, type InputTimes } from './result-sink.js';
import { GuessCheck, OrderedReader, runSegments, segmentBytesFor } from './segment-schedule.js';
import type { SegmentRunner } from './workers/pool.js';

/** The `<items>` tag must end within this many bytes (a DTD is a few KB); else the file is read in order. */
const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * Feeds `collector` the document up to the end of its `<items ...>` tag, cut after each `>` so the
 * tag's end is known to the byte; returns that offset, or null when the input ended first or the
 * tag is not within MAX_HEADER_BYTES.
 */
async function itemsTagEnd(reader: OrderedReader, collector: ItemCollector): Promise<number | null> {
  const decoder = new TextDecoder('utf-8');
  for (;;) {
    const start = reader.read;
    const chunk = await reader.next();
    if (chunk === null || start >= MAX_HEADER_BYTES) return null;
    let from = 0;
    for (let gt = chunk.indexOf(0x3e); gt !== -1; gt = chunk.indexOf(0x3e, from)) {
      for (const _ of collector.feed(decoder.decode(chunk.subarray(from, gt + 1), { stream: true })));
      from = gt + 1;
      if (collector.level === 1) return start + from;
    }
    for (const _ of collector.feed(decoder.decode(chunk.subarray(from), { stream: true })));
  }
}

/** Parses the file from `from` (a boundary between items) to its end: the rest must close the document. */
function checkTail(file: string, display: string, from: number, to: number): boolean {
  const collector = ItemCollector.insideItems(display, MAX_ELEMENT_CHARS);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const buf = Buffer.allocUnsafe(64 * 1024);
  const fd = openSync(file, 'r');
  try {
    for (let pos = from; pos < to; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, to - pos), pos);
      if (n === 0) break;
      pos += n;
      for (const _ of collector.feed(decoder.decode(buf.subarray(0, n), { stream: true }))) return false;
    }
    for (const _ of collector.finish(decoder.decode())) return false;
    return true;
  } catch (e) {
    if (e instanceof InputError) return false;
    throw e;
  } finally {
    closeSync(fd);
  }
}

/** Analyzes a Burp export (uncompressed, of known size) with `runner`'s threads plus the main thread. */
export async function analyzeBurpFile(
  job: InputJob,
  runner: SegmentRunner,
  ctx: AnalyzerContext,
  segmentBytes = segmentBytesFor(job.input.size!, runner.size + 1),
): Promise<InputTimes> {
  const sink = new ResultSink(job);
  const local = new ChunkAnalyzer(ctx);
  const reader = new OrderedReader(job.input.chunks, job.signal);
  const size = job.input.size!;
  /** Reads the file in order from its start, analyzing the items from index `from` on (as in-process does). */
  const inOrder = async (from: number): Promise<InputTimes> => {
    const again = await openInput(job.input.path);
    try {
      for await (const item of readSource('burp', again, { strict: job.strict })) {
        if ((item.kind === 'call' ? item.call.source.index : item.index) < from) continue;
        local.add(item);
        if (local.calls >= BATCH_CALLS || (job.strict && local.skipped > 0)) sink.consume(local.take());
      }
    } catch (e) {
      sink.consume(local.take());
      throw e;
    } finally {
      await again.close();
    }
    sink.consume(local.take());
    while (!reader.eof) await reader.next();
    sink.flush();
    return sink;
  };

  // An empty file, a huge prologue, or no <items> at all: read in order.
  const first = size === 0 ? null : await itemsTagEnd(reader, new ItemCollector(job.file, MAX_ELEMENT_CHARS));
  if (first === null) return inOrder(0);

  let expected = first;
  let items = 0;
  let tailFrom: number | null = null;
  let failed = false;
  const check = new GuessCheck<BurpSegmentJob, BurpOutcome>(true, (seg) => analyzeBurpSegment(seg, local));
  const apply = (o: BurpOutcome): void => {
    if (o.failed) {
      failed = true;
      return;
    }
    offsetIndices(o.result.tally, items);
    sink.consume(o.result);
    items += o.items;
    if (o.final) tailFrom = o.next;
    else expected = o.next;
  };
  await runSegments<BurpSegmentJob>(
    {
      workers: runner,
      first,
      size,
      segmentBytes,
      job: (start, end) => ({ kind: 'burp-segment', file: job.input.path, start, end, exact: start === first, maxChars: MAX_ELEMENT_CHARS }),
      ahead: (seg) => check.ahead(seg),
      here: (seg) => analyzeBurpSegment(seg, local),
      settle: (seg, o) => {
        if (failed || tailFrom !== null || expected >= seg.end) return;
        apply(check.outcome(seg, o, expected));
      },
      done: () => failed || tailFrom !== null,
    },
    reader,
  );
  checkSignal(job.signal);
  if (failed || tailFrom === null || !checkTail(job.input.path, job.file, tailFrom, reader.read)) return inOrder(items);
  sink.flush();
  return sink;
}
