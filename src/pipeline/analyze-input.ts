// Analyzes one opened input into the run: in-process, or with the worker pool (a HAR, JSON-lines or
// Burp file in segments the threads read themselves; stdin and gzip inputs framed into jobs here).
// Either way chunk results are consumed in input order by one sink that tallies, aggregates and
// writes, so the inventory does not depend on the number of workers.

import type { SourceItem } from '../model/call-record.js';
import type { AnalyzerContext } from '../analyzers/analyze-call.js';
import { Interrupted, checkSignal } from '../errors.js';
import { readSource } from '../sources/index.js';
import { addWarningReason, ChunkAnalyzer, type ChunkResult } from './chunk.js';
import { BufferRecycler, HarChunker, JOB_ENTRIES } from './har-chunks.js';
import { HarScanner } from '../sources/har-scanner.js';
import { harEventItem } from '../sources/har.js';
import { BATCH_CALLS, ResultSink, type InputJob, type InputTimes } from './result-sink.js';
import type { Job } from './workers/protocol.js';
import { JOBS_PER_WORKER, LOCAL_JOBS_AHEAD, type WorkerPool } from './workers/pool.js';
import { runJob } from './workers/run-job.js';
import { analyzeHarFile } from './har-parallel.js';
import { analyzeJsonlFile } from './jsonl-parallel.js';
import { analyzeBurpFile } from './burp-parallel.js';

/**
 * Single-threaded: entries are analyzed as they are read, straight into write-sized batches. HAR
 * entries are framed by the byte scanner and decoded where they lie in the read chunk: one async
 * step per chunk instead of per entry, and no copy into job buffers.
 */
export async function analyzeInProcess(job: InputJob, ctx: AnalyzerContext): Promise<InputTimes> {
  const sink = new ResultSink(job);
  const analyzer = new ChunkAnalyzer(ctx);
  const settle = (): void => {
    if (analyzer.calls >= BATCH_CALLS || (job.strict && analyzer.skipped > 0)) sink.consume(analyzer.take());
  };
  try {
    if (job.format === 'har') {
      // Entries are decoded straight from the read chunks (no job buffers to copy them into).
      const scanner = new HarScanner(job.file);
      const opts = { strict: job.strict };
      for await (const chunk of job.input.chunks) {
        checkSignal(job.signal);
        for (const ev of scanner.events(chunk)) {
          const item = harEventItem(ev, job.file, opts);
          if (item === null) continue;
          analyzer.add(item);
          settle();
        }
      }
      scanner.end();
    } else {
      for await (const item of readSource(job.format, job.input, { strict: job.strict, postmanEnv: job.postmanEnv, signal: job.signal, spoolDir: job.spoolDir })) {
        checkSignal(job.signal);
        analyzer.add(item);
        settle();
      }
    }
  } catch (e) {
    // What was read before a fatal problem counts first (a --strict skip before it wins).
    if (!(e instanceof Interrupted)) sink.consume(analyzer.take());
    throw e;
  }
  sink.consume(analyzer.take());
  checkSignal(job.signal);
  sink.flush();
  return sink;
}

/**
 * Multi-threaded. A HAR, JSON-lines or Burp file on disk is split into segments that the threads read
 * themselves. Otherwise (stdin, gzip) the main thread frames entries into jobs and writes results;
 * workers analyze, and the main thread analyzes a job itself whenever every worker already has
 * enough queued.
 */
export async function analyzeWithPool(job: InputJob, pool: WorkerPool, ctx: AnalyzerContext): Promise<InputTimes> {
  // A HAR, JSON-lines or Burp file on disk: threads read their segments from it themselves, nothing is framed here.
  const onDisk = job.input.path !== '-' && job.input.size !== null && !job.input.compressed && !job.input.transcoded;
  if (onDisk && job.format === 'har') return analyzeHarFile(job, pool, ctx);
  if (onDisk && job.format === 'akto') return analyzeJsonlFile(job, pool, ctx);
  if (onDisk && job.format === 'burp') return analyzeBurpFile(job, pool, ctx);
  const sink = new ResultSink(job);
  const local = new ChunkAnalyzer(ctx);
  const inflight: Promise<ChunkResult>[] = [];
  // Results wait in input order; besides the workers' queues, room for a few jobs the main thread ran itself.
  const limit = pool.size * JOBS_PER_WORKER + LOCAL_JOBS_AHEAD;
  let consumeFailed = false;
  const next = async (): Promise<void> => {
    try {
      sink.consume(await inflight.shift()!);
    } catch (e) {
      consumeFailed = true;
      throw e;
    }
  };
  const submit = async (j: Job | null): Promise<void> => {
    if (j === null) return;
    let p: Promise<ChunkResult>;
    if (pool.hasRoom(JOBS_PER_WORKER)) p = pool.run(j, j.kind === 'har' ? [j.data.buffer as ArrayBuffer, j.ends.buffer as ArrayBuffer] : []);
    else {
      try {
        p = Promise.resolve(runJob(j, local, job.strict));
      } catch (e) {
        p = Promise.reject(e as Error);
      }
      if (j.kind === 'har') buffers.give(j.data);
    }
    p.catch(() => undefined); // awaited in order below; a later job's failure must not go unhandled meanwhile
    inflight.push(p);
    while (inflight.length >= limit) await next();
  };
  const drain = async (): Promise<void> => {
    while (inflight.length > 0) await next();
  };

  const buffers = new BufferRecycler();
  pool.onBuffer = (b) => buffers.give(b);
  let flushPending: () => Job | null;
  let logWarningsLast: readonly string[] = [];
  try {
    if (job.format === 'har') {
      const chunker = new HarChunker(job.file, buffers, job.strict);
      flushPending = () => chunker.flush();
      for await (const chunk of job.input.chunks) {
        checkSignal(job.signal);
        for (const j of chunker.push(chunk)) await submit(j);
      }
      for (const j of chunker.end()) await submit(j);
      logWarningsLast = chunker.logWarnings;
    } else {
      let items: SourceItem[] = [];
      flushPending = () => {
        const j: Job | null = items.length > 0 ? { kind: 'items', items } : null;
        items = [];
        return j;
      };
      for await (const item of readSource(job.format, job.input, { strict: job.strict, postmanEnv: job.postmanEnv, signal: job.signal, spoolDir: job.spoolDir })) {
        checkSignal(job.signal);
        items.push(item);
        if (items.length >= JOB_ENTRIES) await submit(flushPending());
      }
      await submit(flushPending());
    }
  } catch (e) {
    // A framing error (truncated file, bad header): entries before it count first, as in-process.
    if (!consumeFailed && !(e instanceof Interrupted)) {
      await submit(flushPending!());
      await drain();
    }
    throw e;
  }
  await drain();
  checkSignal(job.signal);
  // The log's own warnings count on its last entry, as when one thread reads the file.
  for (const w of logWarningsLast) {
    job.tally.warnings++;
    addWarningReason(job.tally, Math.max(0, job.tally.entries - 1), w);
  }
  sink.flush();
  return sink;
}
