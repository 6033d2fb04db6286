// Keeps a long analysis within its memory bound. V8 lets old-generation garbage (batches already
// written, chunk results already merged) grow to several times the live heap before it collects,
// which on a multi-gigabyte input means 100+ MB per thread of dead objects. A HeapGuard runs a full
// collection between batches once the used heap passes its budget; with a live heap of ~20-30 MB a
// collection takes ~10 ms, about 1-2 % of the run.
//
// The young generation is kept small too. V8 doubles it (up to 16 MB per semi-space, 32 MB committed
// per thread) whenever a scavenge finds many survivors, and the batch being aggregated always
// survives; analysis garbage dies within an entry, so a small nursery collects it as well, in more
// but shorter scavenges: 1 MB semi-spaces on the main thread (its initial size, fixed when Node
// starts), 2 MB in workers. Such scavenges run in the thread itself: helper threads cost more to
// start and join than the work, and with every core analyzing they wait for a core. On 100k HAR
// entries this took the peak from 145 to 120 MB on one thread and 206 to ~175 MB on two, for about
// the same time in collections. (Workers had 4 MB, and a 32 MB heap budget, until the 1M-entry file
// on two threads peaked at 200-210 MB: 2 MB and 24 MB gave 188-196 MB, ~1.5 % slower. A lower main
// heap budget or a smaller run cache cost ~7 % in full collections and spills, for nothing measurable.)

import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = () => void;

const LIVE_MARGIN_BYTES = 16 * 1024 * 1024;

let collect: Collect | null | undefined;

/**
 * The engine's full-collection entry point. Node exposes it only behind --expose-gc; setting that
 * flag at run time also gives it to worker threads started afterwards (as `globalThis.gc`).
 */
export function enableCollector(): Collect | null {
  if (collect !== undefined) return collect;
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return (collect = own as Collect);
  try {
    setFlagsFromString('--expose-gc');
    const fn: unknown = runInNewContext('gc');
    collect = typeof fn === 'function' ? (fn as Collect) : null;
  } catch {
    collect = null;
  }
  return collect;
}

/** Semi-space size of worker threads (MB); the main thread keeps its initial 1 MB. */
export const WORKER_SEMI_SPACE_MB = 2;

/** Sets V8 flags, best effort: a Node that refuses one keeps its default, which costs only memory or time. */
function setFlags(...flags: string[]): void {
  for (const f of flags) {
    try {
      setFlagsFromString(f);
    } catch {
      // keep the default
    }
  }
}

/**
 * Stops the young generation of every thread from growing past its initial size, and scavenges it
 * in the thread itself. These are process-wide V8 flags, read when a scavenge runs or decides to
 * grow; V8 puts the growth factor back to 2 whenever an isolate starts (a worker thread), so
 * HeapGuards set it again when created and at every check, and a pool once its workers run.
 */
export function limitYoungGeneration(): void {
  setFlags('--semi-space-growth-factor=1', '--no-parallel-scavenge');
}

/** Call before starting workers: the initial semi-space is fixed when an isolate starts. */
export function sizeWorkerYoungGeneration(): void {
  setFlags(`--min-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
}

export class HeapGuard {
  private floor: number;

  /** `budgetMb`: used heap that triggers a collection (raised above the live heap when that is larger). */
  constructor(private readonly budgetMb: number) {
    this.floor = budgetMb * 1024 * 1024;
    limitYoungGeneration();
  }

  /** Call between units of work. Returns true when it collected. */
  check(): boolean {
    limitYoungGeneration();
    const used = getHeapStatistics().used_heap_size;
    if (used < this.floor) return false;
    const gc = enableCollector();
    if (!gc) return false;
    gc();
    const live = getHeapStatistics().used_heap_size;
    // Never collect again before the heap has grown by a margin: a large live heap must not mean a collection per batch.
    this.floor = Math.max(this.budgetMb * 1024 * 1024, live + LIVE_MARGIN_BYTES);
    return true;
  }
}
