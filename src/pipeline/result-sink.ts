// Where chunk results go, in input order, whichever thread produced them: the --strict check, the
// input's tally, aggregation into write-sized batches, and the writes.

import { emptyBatch, type Batch } from '../model/batch.js';
import { InputError } from '../errors.js';
import type { OpenedInput } from '../sources/input.js';
import type { InputFormat } from '../model/call-record.js';
import type { VarScope } from '../sources/postman-vars.js';
import type { BatchWriter } from '../store/writer.js';
import { entryUnit } from '../sources/index.js';
import { mergeBatch } from './aggregate.js';
import { mergeTally, type ChunkResult, type Tally } from './chunk.js';
import { HeapGuard } from './memory.js';

/** Calls per write batch: large enough to make SQLite cheap, small enough to bound memory. */
export const BATCH_CALLS = 10_000;
/** Used heap (MB) past which the main thread collects between batches (see memory.ts). */
const MAIN_HEAP_BUDGET_MB = 40;

export interface InputJob {
  file: string;
  format: InputFormat;
  input: OpenedInput;
  strict: boolean;
  /** Variables of a Postman environment, for Postman inputs. */
  postmanEnv?: VarScope;
  /** Where a Postman collection from stdin or gzip is spooled (default: the OS temp directory). */
  spoolDir?: string;
  signal?: AbortSignal;
  writer: BatchWriter;
  /** Receives the chunk tallies (an InputSummary). */
  tally: Tally;
  /** Called after each write batch. */
  onWrite?: () => void;
}

export interface InputTimes {
  firstTs: number | null;
  lastTs: number | null;
}

/** Consumes chunk results in input order: --strict check, tally, aggregation, batch writes. */
export class ResultSink implements InputTimes {
  private batch: Batch = emptyBatch();
  private readonly heap = new HeapGuard(MAIN_HEAP_BUDGET_MB);
  firstTs: number | null = null;
  lastTs: number | null = null;

  constructor(private readonly job: InputJob) {}

  consume(r: ChunkResult): void {
    if (this.job.strict && r.tally.skipped > 0) {
      const first = r.tally.skippedReasons[0]!;
      throw new InputError(this.job.file, `${first.reason} (--strict; without it such entries are counted and the rest analyzed)`, first.index, entryUnit(this.job.format));
    }
    mergeTally(this.job.tally, r.tally);
    const b = r.batch;
    if (b.firstTs !== null && (this.firstTs === null || b.firstTs < this.firstTs)) this.firstTs = b.firstTs;
    if (b.lastTs !== null && (this.lastTs === null || b.lastTs > this.lastTs)) this.lastTs = b.lastTs;
    if (this.batch.calls === 0 && this.batch.endpoints.size === 0) this.batch = b;
    else mergeBatch(this.batch, b);
    if (this.batch.calls >= BATCH_CALLS) this.flush();
  }

  flush(): void {
    this.job.writer.write(this.batch);
    this.batch = emptyBatch();
    this.heap.check();
    this.job.onWrite?.();
  }
}
