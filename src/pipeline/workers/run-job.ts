// Runs one job (a chunk of entries) through a ChunkAnalyzer: HAR entries are decoded from their bytes
// here, so JSON parsing happens on whichever thread analyzes the chunk.

import { decodeHarEntry } from '../../sources/har.js';
import type { ChunkAnalyzer, ChunkResult } from '../chunk.js';
import { analyzeBurpSegment } from '../burp-segments.js';
import { analyzeSegment } from '../har-segments.js';
import { analyzeJsonlSegment } from '../jsonl-segments.js';
import type { Job, OutcomeOf, SegmentJobs } from './protocol.js';

/** Feeds a job's entries to the analyzer, in index order. */
export function feedJob(job: Job, analyzer: ChunkAnalyzer, strict: boolean): void {
  if (job.kind === 'items') {
    for (const item of job.items) analyzer.add(item);
    return;
  }
  const buf = Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength);
  let skip = 0;
  let start = 0;
  for (let i = 0; i < job.ends.length; i++) {
    const end = job.ends[i]!;
    const index = job.firstIndex + i;
    const pre = job.skips[skip];
    if (pre !== undefined && pre.at === i) {
      skip++;
      analyzer.add({ kind: 'skip', index, reason: pre.reason });
    } else analyzer.add(decodeHarEntry(buf.toString('utf8', start, end), job.file, index, { strict }));
    start = end;
  }
}

/** Runs one job on its own: its tally and aggregated batch. */
export function runJob(job: Job, analyzer: ChunkAnalyzer, strict: boolean): ChunkResult {
  feedJob(job, analyzer, strict);
  return analyzer.take();
}

/** Analyzes one file segment, of whichever format, as the worker receives it. */
export function runSegmentJob(job: SegmentJobs, analyzer: ChunkAnalyzer, strict: boolean): OutcomeOf<SegmentJobs> {
  if (job.kind === 'har-segment') return analyzeSegment(job, analyzer, strict);
  if (job.kind === 'jsonl-segment') return analyzeJsonlSegment(job, analyzer);
  return analyzeBurpSegment(job, analyzer);
}
