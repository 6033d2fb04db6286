// Keeps a long analysis within its memory bound. V8 lets old-generation garbage (batches already
// written, chunk results already merged) grow to several times the live heap before it collects,
// which on a multi-gigabyte input means 100+ MB per thread of dead objects. A HeapGuard runs a full
// collection between batches once the used heap passes its budget; with a live heap of ~20-30 MB a
// collection takes ~10 ms, about 1-2 % of the run.

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

export class HeapGuard {
  private floor: number;

  /** `budgetMb`: used heap that triggers a collection (raised above the live heap when that is larger). */
  constructor(private readonly budgetMb: number) {
    this.floor = budgetMb * 1024 * 1024;
  }

  /** Call between units of work. Returns true when it collected. */
  check(): boolean {
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
