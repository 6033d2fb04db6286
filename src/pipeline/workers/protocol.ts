// Messages between the run's main thread and its analysis workers. Everything here is structured-clone
// safe; HAR entries travel as raw bytes (decoded in the worker), other formats as parsed source items.

import type { Config } from '../../config.js';
import type { SourceItem } from '../../model/call-record.js';
import type { PathParam } from '../../model/facts.js';
import type { ChunkResult } from '../chunk.js';
import type { SegmentJob, SegmentOutcome } from '../har-segments.js';
import type { JsonlOutcome, JsonlSegmentJob } from '../jsonl-segments.js';
import type { BurpOutcome, BurpSegmentJob } from '../burp-segments.js';

/** What every worker needs to analyze exactly like the main thread would. */
export interface WorkerSetup {
  cfg: Config;
  salt: string;
  fallbackTs: number;
  strict: boolean;
  /** The inventory's templates, so paths resolve into known endpoints in every worker alike. */
  templates: { host: string; method: string; template: string; pathParams: PathParam[]; pathValues?: Record<string, string[]> }[];
  /** Endpoints that already have a stored sample. */
  sampled: [string, 'any' | 'ok'][];
}

/**
 * HAR entries as one byte block: entry i is data[ends[i-1] .. ends[i]) and has index firstIndex + i;
 * an entry the framer already rejected (too large, not an object) has an empty span and a reason in `skips`.
 */
export interface HarJob {
  kind: 'har';
  file: string;
  firstIndex: number;
  data: Uint8Array;
  ends: Uint32Array;
  skips: { at: number; reason: string }[];
}

/** Already-parsed items (Burp, Akto JSON lines): only the analysis runs in the worker. */
export interface ItemsJob {
  kind: 'items';
  items: SourceItem[];
}

export type Job = HarJob | ItemsJob;

/** Segments of a HAR, JSON-lines or Burp file, which the worker reads from the file itself. */
export type SegmentJobs = SegmentJob | JsonlSegmentJob | BurpSegmentJob;

/** What analyzing a segment of each kind gives. */
export type OutcomeOf<J extends SegmentJobs> = J extends SegmentJob ? SegmentOutcome : J extends JsonlSegmentJob ? JsonlOutcome : BurpOutcome;

export type Request = { id: number; job: Job | SegmentJobs };

export interface WorkerFailure {
  name: string;
  message: string;
  stack?: string;
  /** Set for InputError, so the main thread can rethrow it as such. */
  input?: { file: string; reason: string; entry?: number };
}

/** `data`: a HAR job's buffer, handed back for reuse. */
export type Reply = { id: number; result: ChunkResult | OutcomeOf<SegmentJobs>; data?: Uint8Array } | { id: number; error: WorkerFailure };
