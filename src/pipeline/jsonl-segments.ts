// One segment of an Akto JSON-lines file, analyzed by whichever thread takes it, straight from the
// file. Lines need no guessing: a raw newline cannot occur inside a JSON string, so a segment's
// lines are those that begin in its byte range, the first just after the first newline before or
// at its start (the last may run past its end).

import { closeSync, openSync, readSync } from 'node:fs';
import { aktoLineItem, firstLineProblem, isContent } from '../sources/akto-jsonl.js';
import { LineSplitter, type LineItem } from '../sources/line-reader.js';
import type { ChunkAnalyzer, ChunkResult } from './chunk.js';
import { SEGMENT_READ_BYTES as READ_BYTES, segmentReadBuffer } from './segment-read.js';


export interface JsonlSegmentJob {
  kind: 'jsonl-segment';
  file: string;
  start: number;
  end: number;
  maxLineBytes: number;
}

export interface JsonlOutcome {
  /** Line indices count from 0 at the segment's first line. */
  result: ChunkResult;
  /** Lines that begin in the segment, blank ones included. */
  lines: number;
  /** The segment's first line that is not blank, and why it would not do as a file's first; null when all are blank. */
  first: { index: number; problem: string | null } | null;
}

/** Offset of the first line that begins at or after `start`, or -1 when none does before `end`. */
function firstLineStart(fd: number, buf: Buffer, start: number, end: number): number {
  if (start === 0) return 0;
  for (let pos = start - 1; pos < end; ) {
    const n = readSync(fd, buf, 0, READ_BYTES, pos);
    if (n === 0) return -1;
    const nl = buf.subarray(0, n).indexOf(0x0a);
    if (nl !== -1) return pos + nl + 1 < end ? pos + nl + 1 : -1;
    pos += n;
  }
  return -1;
}

/** Analyzes the lines that begin in [job.start, job.end); `analyzer` must hold nothing untaken. */
export function analyzeJsonlSegment(job: JsonlSegmentJob, analyzer: ChunkAnalyzer): JsonlOutcome {
  const buf = segmentReadBuffer();
  const fd = openSync(job.file, 'r');
  try {
    const begin = firstLineStart(fd, buf, job.start, job.end);
    if (begin === -1) return { result: analyzer.take(), lines: 0, first: null };
    const splitter = new LineSplitter(job.maxLineBytes, begin);
    let first: JsonlOutcome['first'] = null;
    let halted = false;
    const take = (items: Iterable<LineItem>): void => {
      for (const item of items) {
        if (first === null && isContent(item)) first = { index: item.index, problem: firstLineProblem(item) };
        const out = aktoLineItem(item, job.file, job.maxLineBytes);
        if (out) analyzer.add(out);
        if (splitter.start >= job.end) {
          halted = true;
          return;
        }
      }
    };
    for (let pos = begin; !halted; ) {
      const n = readSync(fd, buf, 0, READ_BYTES, pos);
      if (n === 0) {
        take(splitter.end());
        break;
      }
      pos += n;
      take(splitter.push(buf.subarray(0, n)));
    }
    return { result: analyzer.take(), lines: splitter.lines, first };
  } finally {
    closeSync(fd);
  }
}
