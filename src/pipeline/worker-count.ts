// How many analysis threads an input gets (the main thread counts as one). Threads pay off on HAR,
// Akto JSON-lines and Burp files, which workers read in segments themselves (har-, jsonl-,
// burp-parallel.ts), and only on inputs big enough to amortize their start. JSON lines and Burp
// from stdin or gzip are parsed on the main thread and copied to workers, which costs about what it
// saves; Postman collections are always read request by request on the main thread. (HAR from
// stdin or gzip is framed on the main thread and shipped as bytes, which still pays.)
//
// On two cores, files read in segments get two threads: 1.3-1.5x faster on a 3 GB HAR, at ~190 MB
// peak against ~130 MB for one. Compressed HAR stays in one thread there: its entries are framed on
// the main thread and copied to the worker, which bought ~10 % for ~80 MB (over the 200 MB bound).

import { availableParallelism } from 'node:os';
import type { InputFormat } from '../model/call-record.js';
import { UsageError } from '../errors.js';

/** HAR inputs at least this large use one thread per core by default. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;
/** Machines with fewer cores than this analyze compressed input in one thread unless --workers asks otherwise. */
export const MIN_COMPRESSED_PARALLEL_CORES = 3;
/** Default ceiling: beyond this the main thread (framing, aggregation, writing) is the limit. */
const MAX_DEFAULT_WORKERS = 4;

/** Parses `--workers N`; undefined means "choose". */
export function parseWorkers(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--workers must be an integer from 1 to 64, got '${raw}'`);
  return n;
}

/** Threads for one input: 1 means in-process. `size` is null for stdin. */
export function workerCount(requested: number | undefined, format: InputFormat, size: number | null, cores = availableParallelism(), compressed = false): number {
  if (format === 'postman') return 1;
  if (requested !== undefined) return requested;
  const pays = format === 'har' || ((format === 'akto' || format === 'burp') && !compressed);
  if (!pays || size === null || size < PARALLEL_MIN_BYTES || cores < 2) return 1;
  if (compressed && cores < MIN_COMPRESSED_PARALLEL_CORES) return 1;
  return Math.max(1, Math.min(cores, MAX_DEFAULT_WORKERS));
}
