// Hands out the segments of a file on disk to worker threads (which read them from the file
// themselves) and to the main thread, and consumes their outcomes in file order. The main thread
// reads the file once in order meanwhile (its hash and the progress figure come from that read) and
// hands a segment out once it has read past it, so its bytes are in the page cache.

import { checkSignal } from '../errors.js';
import { JOBS_PER_WORKER, LOCAL_JOBS_AHEAD, type SegmentRunner } from './workers/pool.js';
import type { OutcomeOf, SegmentJobs } from './workers/protocol.js';

/** Segment sizes: the smallest keeps a small file spread over every thread; the largest halves. */
export const MIN_SEGMENT_BYTES = 4 * 1024 * 1024;
export const MAX_SEGMENT_BYTES = 16 * 1024 * 1024;

/**
 * Bytes per segment for a file of `size` bytes analyzed by `threads` threads: about 16 segments per
 * thread, within [MIN_SEGMENT_BYTES, MAX_SEGMENT_BYTES]. Every segment's result is copied back from
 * its worker and merged, so larger segments cost less: on 300 MB of HAR with two threads, 16 MB
 * segments took ~15 % less CPU than 4 MB ones. Smaller ones balance the threads' load on smaller files.
 */
export function segmentBytesFor(size: number, threads: number): number {
  return Math.min(MAX_SEGMENT_BYTES, Math.max(MIN_SEGMENT_BYTES, Math.floor(size / (threads * 16))));
}

/** The input, read in order on the main thread. */
export class OrderedReader {
  /** Bytes read so far. */
  read = 0;
  eof = false;
  private readonly chunks: AsyncIterator<Buffer>;

  constructor(
    chunks: AsyncIterable<Buffer>,
    private readonly signal?: AbortSignal,
  ) {
    this.chunks = chunks[Symbol.asyncIterator]();
  }

  /** The next chunk (valid until the next call), or null at the end. */
  async next(): Promise<Buffer | null> {
    checkSignal(this.signal);
    const r = await this.chunks.next();
    if (r.done) {
      this.eof = true;
      return null;
    }
    this.read += r.value.length;
    return r.value;
  }
}

export interface SegmentPlan<J extends SegmentJobs, O = OutcomeOf<J>> {
  workers: SegmentRunner;
  /** Where the first segment begins, and where the last ends. */
  first: number;
  size: number;
  segmentBytes: number;
  job(start: number, end: number): J;
  /** False when a segment is not worth analyzing ahead: `settle` then gets null for it. */
  ahead(job: J): boolean;
  /** Analyzes a segment on this thread. */
  here(job: J): O;
  /** Consumes a segment's outcome (an Error when analyzing it failed), in file order; may throw. */
  settle(job: J, outcome: O | Error | null): void;
  /** True once the rest of the file holds nothing to hand out. */
  done(): boolean;
}

interface Pending<J, O> {
  job: J;
  outcome: Promise<O | null>;
  ready: boolean;
}

/** Runs every segment of `plan`, then reads the rest of the input. */
export async function runSegments<J extends SegmentJobs, O = OutcomeOf<J>>(plan: SegmentPlan<J, O>, reader: OrderedReader): Promise<void> {
  const inflight: Pending<J, O>[] = [];
  const settle = async (): Promise<void> => {
    const { job, outcome } = inflight.shift()!;
    plan.settle(job, await outcome.catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))));
  };

  let nextStart = plan.first;
  const segmentEnd = (): number => Math.min(plan.size, nextStart + plan.segmentBytes);
  const submit = (where: 'worker' | 'here'): void => {
    const job = plan.job(nextStart, segmentEnd());
    nextStart = job.end;
    const p: Pending<J, O> = { job, outcome: Promise.resolve(null), ready: false };
    if (!plan.ahead(job)) p.ready = true;
    else if (where === 'worker') p.outcome = plan.workers.runSegment(job) as Promise<O>;
    else {
      try {
        p.outcome = Promise.resolve(plan.here(job));
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
  // as that needs); consume the next outcome in order when it is ready; otherwise analyze a segment
  // itself (up to `limit` outcomes waiting), read on (as far as `limit` allows: the bytes read are
  // the progress figure), or wait for the next outcome. Near the end of the file the main thread keeps
  // the segments that are left once the workers hold as many queued (per worker): a worker handed one
  // more would leave the main thread waiting for it.
  const limit = plan.workers.size * JOBS_PER_WORKER + LOCAL_JOBS_AHEAD;
  for (;;) {
    const more = !plan.done() && nextStart < plan.size;
    const available = more && (reader.eof || segmentEnd() <= reader.read);
    const left = Math.ceil((plan.size - nextStart) / plan.segmentBytes);
    const room = plan.workers.hasRoom(JOBS_PER_WORKER) && left * plan.workers.size > plan.workers.queued();
    if (available && room) submit('worker');
    else if (more && room && !reader.eof) await reader.next();
    else if (inflight.length > 0 && inflight[0]!.ready) await settle();
    else if (available && inflight.length < limit) submit('here');
    else if (more && !reader.eof && inflight.length < limit) await reader.next();
    else if (inflight.length > 0) await settle();
    else break;
  }
  // The rest of the file still counts in its hash.
  while (!reader.eof) await reader.next();
}

/** Guesses that may miss before a file's segments stop being guessed (they are then read in order). */
const MISSES_ALLOWED = 3;

/**
 * The check on segments whose first boundary is guessed (HAR, Burp): an outcome counts only when
 * the segment began where the previous one ended (`expected`); otherwise the segment is analyzed
 * again from there, by `redo`. After MISSES_ALLOWED misses, segments are no longer guessed.
 */
export class GuessCheck<J extends { start: number; exact: boolean }, O extends { begin: number }> {
  private misses = 0;

  constructor(
    private guessing: boolean,
    private readonly redo: (job: J) => O,
  ) {}

  /** Whether `job` is worth analyzing ahead of knowing where it begins. */
  ahead(job: J): boolean {
    return job.exact || this.guessing;
  }

  /** The outcome to count for `job`: its own when it began at `expected`, else `job` analyzed again from there. */
  outcome(job: J, o: O | Error | null, expected: number): O {
    if (o instanceof Error && job.exact) throw o;
    if (o !== null && !(o instanceof Error) && o.begin === expected) return o;
    if (o !== null && ++this.misses >= MISSES_ALLOWED) this.guessing = false;
    return this.redo({ ...job, start: expected, exact: true });
  }
}
