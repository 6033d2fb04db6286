// Analyzes a run of source items into a tally (entries, skips, filters, warnings) plus an aggregated
// batch. The same code runs in-process and inside worker threads, so results cannot depend on where
// a chunk was analyzed; tallies and batches of consecutive chunks combine in input order.

import type { SourceItem } from '../model/call-record.js';
import type { Batch } from '../model/batch.js';
import { analyzeCall, type AnalyzerContext } from '../analyzers/analyze-call.js';
import { unusableReason } from '../analyzers/call-limits.js';
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
  /** Calls with a body analyzed only up to the body cap (BODY_CAP_CHARS); the rest was not read. */
  truncated: number;
  skippedReasons: { index: number; reason: string }[];
  /** Distinct warnings in the order first seen (at most MAX_WARNING_KINDS), with their counts. */
  warningReasons: { index: number; reason: string; count: number }[];
  filteredReasons: Record<string, number>;
  /** Some call had no timestamp (the analysis start was used). */
  timestampsMissing: boolean;
  /** WebSocket connections whose messages the capture holds, and those messages: not analyzed. */
  webSockets: number;
  webSocketMessages: number;
}

export interface ChunkResult {
  tally: Tally;
  batch: Batch;
}

export function emptyTally(): Tally {
  return { entries: 0, calls: 0, skipped: 0, filtered: 0, warnings: 0, truncated: 0, skippedReasons: [], warningReasons: [], filteredReasons: {}, timestampsMissing: false, webSockets: 0, webSocketMessages: 0 };
}

/** Makes a segment's entry indices (counted from its first entry) absolute: `by` entries came before it. */
export function offsetIndices(t: Tally, by: number): void {
  for (const r of t.skippedReasons) r.index += by;
  for (const r of t.warningReasons) r.index += by;
}

/** Adds a later chunk's tally to `into` (skip reasons stay the first MAX_REASONS by index). */
export function mergeTally(into: Tally, from: Tally): void {
  into.entries += from.entries;
  into.calls += from.calls;
  into.skipped += from.skipped;
  into.filtered += from.filtered;
  into.warnings += from.warnings;
  into.truncated += from.truncated;
  for (const r of from.skippedReasons) if (into.skippedReasons.length < MAX_REASONS) into.skippedReasons.push(r);
  for (const r of from.warningReasons) addWarningReason(into, r.index, r.reason, r.count);
  for (const [k, n] of Object.entries(from.filteredReasons)) into.filteredReasons[k] = (into.filteredReasons[k] ?? 0) + n;
  into.timestampsMissing ||= from.timestampsMissing;
  into.webSockets += from.webSockets;
  into.webSocketMessages += from.webSocketMessages;
}

/**
 * Distinct warnings kept per input, each with the entry it was first seen on and how often it came:
 * a capture repeats the same few on every entry. Enough that merging chunks in order gives what one
 * pass would (warning texts name no entry, so there are few distinct ones).
 */
export const MAX_WARNING_KINDS = 50;

export function addWarningReason(t: Tally, index: number, reason: string, count = 1): void {
  const list = t.warningReasons;
  const seen = list.find((r) => r.reason === reason);
  if (seen) seen.count += count;
  else if (list.length < MAX_WARNING_KINDS) list.push({ index, reason, count });
}

function countWarnings(t: Tally, index: number, reasons: readonly string[]): void {
  t.warnings += reasons.length;
  for (const reason of reasons) addWarningReason(t, index, reason);
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
    if (item.kind !== 'call') {
      // Only a HAR log's last entry carries warnings here: the log's own, counted whatever the entry is.
      if (item.warnings) countWarnings(t, item.index, item.warnings);
      return item.kind === 'skip' ? this.skip(item.index, item.reason) : countFiltered(t, item.reason);
    }
    const call = item.call;
    const unusable = unusableReason(call);
    if (unusable) {
      if (item.warnings && !this.ctx.strict) countWarnings(t, call.source.index, item.warnings);
      return this.skip(call.source.index, unusable);
    }
    if (item.warnings) {
      // Under --strict a deviation from the format is an invalid entry, in every format (HAR's schema
      // check already skips in the source).
      if (this.ctx.strict) return this.skip(call.source.index, item.warnings[0]!);
      countWarnings(t, call.source.index, item.warnings);
    }
    if (call.ts === null) t.timestampsMissing = true;
    if (call.webSocketMessages !== undefined) {
      t.webSockets++;
      t.webSocketMessages += call.webSocketMessages;
    }
    const a = analyzeCall(call, this.ctx);
    if (a.kind === 'filtered') return countFiltered(t, a.reason.startsWith('static asset') ? 'static asset' : a.reason);
    this.agg.add(a.facts);
    t.calls++;
    if (a.cut || call.requestBody?.truncated || call.responseBody?.truncated) t.truncated++;
  }

  take(): ChunkResult {
    const tally = this.tally;
    this.tally = emptyTally();
    return { tally, batch: this.agg.take() };
  }
}
