// Analyzes a run of source items into a tally (entries, skips, filters, warnings) plus an aggregated
// batch. The same code runs in-process and inside worker threads, so results cannot depend on where
// a chunk was analyzed; tallies and batches of consecutive chunks combine in input order.

import type { SourceItem } from '../model/call-record.js';
import type { Batch } from '../model/batch.js';
import { analyzeCall, type AnalyzerContext } from '../analyzers/analyze-call.js';
import { Aggregator } from './aggregate.js';

/** Resolved paths a TemplateIndex caches: enough for the recurring ones; id-bearing paths rarely recur. */
export const TEMPLATE_CACHE_PATHS = 10_000;

/** Skip reasons remembered per input (the first ones, by entry index). */
export const MAX_REASONS = 5;

export interface Tally {
  entries: number;
  calls: number;
  skipped: number;
  filtered: number;
  warnings: number;
  skippedReasons: { index: number; reason: string }[];
  filteredReasons: Record<string, number>;
  /** Some call had no timestamp (the analysis start was used). */
  timestampsMissing: boolean;
}

export interface ChunkResult {
  tally: Tally;
  batch: Batch;
}

export function emptyTally(): Tally {
  return { entries: 0, calls: 0, skipped: 0, filtered: 0, warnings: 0, skippedReasons: [], filteredReasons: {}, timestampsMissing: false };
}

/** Adds a later chunk's tally to `into` (skip reasons stay the first MAX_REASONS by index). */
export function mergeTally(into: Tally, from: Tally): void {
  into.entries += from.entries;
  into.calls += from.calls;
  into.skipped += from.skipped;
  into.filtered += from.filtered;
  into.warnings += from.warnings;
  for (const r of from.skippedReasons) if (into.skippedReasons.length < MAX_REASONS) into.skippedReasons.push(r);
  for (const [k, n] of Object.entries(from.filteredReasons)) into.filteredReasons[k] = (into.filteredReasons[k] ?? 0) + n;
  into.timestampsMissing ||= from.timestampsMissing;
}

function countFiltered(t: Tally, reason: string): void {
  t.filtered++;
  t.filteredReasons[reason] = (t.filteredReasons[reason] ?? 0) + 1;
}

/** Feeds items in input order; `take` hands over what was gathered since the last take. */
export class ChunkAnalyzer {
  private readonly agg = new Aggregator();
  private tally = emptyTally();

  constructor(private readonly ctx: AnalyzerContext) {}

  /** Calls aggregated since the last take. */
  get calls(): number {
    return this.agg.calls;
  }

  /** Entries skipped since the last take. */
  get skipped(): number {
    return this.tally.skipped;
  }

  private skip(index: number, reason: string): void {
    const t = this.tally;
    t.skipped++;
    if (t.skippedReasons.length < MAX_REASONS) t.skippedReasons.push({ index, reason });
  }

  add(item: SourceItem): void {
    const t = this.tally;
    t.entries++;
    if (item.kind === 'skip') return this.skip(item.index, item.reason);
    if (item.kind === 'filtered') return countFiltered(t, item.reason);
    if (item.warnings) {
      // Under --strict a deviation from the format is an invalid entry, in every format (HAR's schema
      // check already skips in the source).
      if (this.ctx.strict) return this.skip(item.call.source.index, item.warnings[0]!);
      t.warnings += item.warnings.length;
    }
    if (item.call.ts === null) t.timestampsMissing = true;
    const a = analyzeCall(item.call, this.ctx);
    if (a.kind === 'filtered') return countFiltered(t, a.reason.startsWith('static asset') ? 'static asset' : a.reason);
    this.agg.add(a.facts);
    t.calls++;
  }

  take(): ChunkResult {
    const tally = this.tally;
    this.tally = emptyTally();
    return { tally, batch: this.agg.take() };
  }
}
