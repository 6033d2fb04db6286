// An Akto JSON-lines file analyzed by several threads at once, in segments that each thread reads
// from the file itself (jsonl-segments.ts, scheduled by segment-schedule.ts). Outcomes are consumed
// in file order: line numbers continue from the previous segment's, and the file's first non-blank
// line is checked as a sequential read checks it, so tallies, skip reasons and errors are the same.

import type { AnalyzerContext } from '../analyzers/analyze-call.js';
import { InputError } from '../errors.js';
import { MAX_AKTO_LINE_BYTES, notJsonLinesReason } from '../sources/akto-jsonl.js';
import { ChunkAnalyzer, offsetIndices } from './chunk.js';
import { analyzeJsonlSegment, type JsonlSegmentJob } from './jsonl-segments.js';
import { ResultSink, type InputJob, type InputTimes } from './result-sink.js';
import { OrderedReader, runSegments, segmentBytesFor } from './segment-schedule.js';
import type { SegmentRunner } from './workers/pool.js';

/** Analyzes an Akto JSON-lines file (uncompressed, of known size) with `runner`'s threads plus the main thread. */
export async function analyzeJsonlFile(
  job: InputJob,
  runner: SegmentRunner,
  ctx: AnalyzerContext,
  segmentBytes = segmentBytesFor(job.input.size!, runner.size + 1),
  maxLineBytes = MAX_AKTO_LINE_BYTES,
): Promise<InputTimes> {
  const sink = new ResultSink(job);
  const local = new ChunkAnalyzer(ctx);
  let lines = 0;
  let seenContent = false;
  await runSegments<JsonlSegmentJob>(
    {
      workers: runner,
      first: 0,
      size: job.input.size!,
      segmentBytes,
      job: (start, end) => ({ kind: 'jsonl-segment', file: job.file, start, end, maxLineBytes }),
      ahead: () => true,
      here: (seg) => analyzeJsonlSegment(seg, local),
      settle: (_seg, o) => {
        if (o === null || o instanceof Error) throw o ?? new Error('segment not analyzed');
        if (!seenContent && o.first) {
          seenContent = true;
          if (o.first.problem) throw new InputError(job.file, notJsonLinesReason(lines + o.first.index, o.first.problem));
        }
        offsetIndices(o.result.tally, lines);
        sink.consume(o.result);
        lines += o.lines;
      },
      done: () => false,
    },
    new OrderedReader(job.input.chunks, job.signal),
  );
  sink.flush();
  return sink;
}
