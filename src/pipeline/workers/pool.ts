// A fixed set of analysis worker threads. Jobs go to the least busy worker; each job's result comes
// back as a promise, which the caller awaits in submission order (so results stay in input order).

import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../../errors.js';
import type { ChunkResult } from '../chunk.js';
import { enableCollector, limitYoungGeneration, sizeWorkerYoungGeneration } from '../memory.js';
import type { Job, OutcomeOf, Reply, Request, SegmentJobs, WorkerFailure, WorkerSetup } from './protocol.js';

/** Young-generation ceiling per worker; its nursery starts at WORKER_SEMI_SPACE_MB and stays there (memory.ts). */
export const WORKER_YOUNG_GENERATION_MB = 24;

/** Jobs queued per worker: enough to keep it busy while the main thread writes, never the whole file. */
export const JOBS_PER_WORKER = 3;
/** Jobs the main thread may analyze itself ahead of a worker result it waits for. */
export const LOCAL_JOBS_AHEAD = 2;

interface Slot {
  worker: Worker;
  busy: number;
  failed: Error | null;
  /** Settles when the worker runs JavaScript (or stopped before it could). */
  started: Promise<void>;
}

interface Waiter {
  slot: Slot;
  resolve: (r: Outcome) => void;
  reject: (e: Error) => void;
}

/** The compiled worker script next to this module; from TypeScript sources (tests), its dist/ build. */
function workerScript(): URL {
  const here = new URL('./analyze-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = fileURLToPath(here).replace(/([\\/])src([\\/]pipeline[\\/]workers[\\/])/, '$1dist$1src$2');
  if (built !== fileURLToPath(here) && existsSync(built)) return pathToFileURL(built);
  throw new Error(`analysis worker script not found (${fileURLToPath(here)}); run \`npm run build\``);
}

function rebuild(f: WorkerFailure): Error {
  if (f.input) return new InputError(f.input.file, f.input.reason, f.input.entry);
  const e = new Error(f.message);
  e.name = f.name;
  if (f.stack) e.stack = f.stack;
  return e;
}

type Outcome = ChunkResult | OutcomeOf<SegmentJobs>;

/** What the segment coordinators need of a pool (segment-schedule.ts). */
export interface SegmentRunner {
  readonly size: number;
  hasRoom(depth: number): boolean;
  /** Jobs handed to the workers and not finished. */
  queued(): number;
  runSegment<J extends SegmentJobs>(job: J): Promise<OutcomeOf<J>>;
}

export class WorkerPool implements SegmentRunner {
  private readonly slots: Slot[];
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 0;
  private closed = false;
  /** Receives job buffers that workers hand back. */
  onBuffer: ((b: Uint8Array) => void) | null = null;

  constructor(size: number, setup: WorkerSetup, youngGenerationMb = WORKER_YOUNG_GENERATION_MB) {
    const script = workerScript();
    enableCollector(); // before the workers start, so they get `gc` too
    sizeWorkerYoungGeneration();
    this.slots = Array.from({ length: size }, () => {
      const worker = new Worker(script, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } });
      const started = new Promise<void>((resolve) => {
        worker.once('online', resolve);
        worker.once('exit', resolve);
      });
      const slot: Slot = { worker, busy: 0, failed: null, started };
      worker.on('message', (r: Reply) => this.settle(r));
      worker.on('error', (e) => this.fail(slot, e));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(slot, new Error(`analysis worker stopped unexpectedly (exit code ${code})`));
      });
      return slot;
    });
  }

  /**
   * Resolves once every worker has started. Starting an isolate puts V8's young-generation growth
   * back to its default for the whole process, so the limit is set again after the last one.
   */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.started));
    limitYoungGeneration();
  }

  get size(): number {
    return this.slots.length;
  }

  queued(): number {
    let n = 0;
    for (const s of this.slots) n += s.busy;
    return n;
  }

  /** True when some worker has fewer than `depth` jobs queued. */
  hasRoom(depth: number): boolean {
    return this.slots.some((s) => s.busy < depth);
  }

  private settle(r: Reply): void {
    const w = this.waiting.get(r.id);
    if (!w) return;
    this.waiting.delete(r.id);
    w.slot.busy--;
    if ('error' in r) w.reject(rebuild(r.error));
    else {
      if (r.data) this.onBuffer?.(r.data);
      w.resolve(r.result);
    }
  }

  private fail(slot: Slot, e: Error): void {
    slot.failed ??= e;
    for (const [id, w] of this.waiting) {
      if (w.slot !== slot) continue;
      this.waiting.delete(id);
      w.reject(e);
    }
  }

  /** Sends a job to the least busy worker. `transfer` hands buffers over without copying. */
  run(job: Job, transfer: ArrayBuffer[] = []): Promise<ChunkResult> {
    return this.post(job, transfer) as Promise<ChunkResult>;
  }

  /** Sends a file segment to the least busy worker, which reads it from the file. */
  runSegment<J extends SegmentJobs>(job: J): Promise<OutcomeOf<J>> {
    return this.post(job, []) as Promise<OutcomeOf<J>>;
  }

  private post(job: Request['job'], transfer: ArrayBuffer[]): Promise<Outcome> {
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.busy < slot.busy) slot = s;
    if (slot.failed) return Promise.reject(slot.failed);
    const id = this.nextId++;
    slot.busy++;
    const p = new Promise<Outcome>((resolve, reject) => this.waiting.set(id, { slot, resolve, reject }));
    slot.worker.postMessage({ id, job } satisfies Request, transfer);
    return p;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
