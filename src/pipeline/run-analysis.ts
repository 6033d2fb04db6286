// One `analyze` run: inputs -> sources -> analyzers -> batches -> store, as one transaction.
// Skips are counted with their first reasons; a bad file, --strict violation, error or interrupt
// rolls the whole run back, so the inventory is never half-applied.

import type { Readable } from 'node:stream';
import type { InputFormat } from '../model/call-record.js';
import type { Config } from '../config.js';
import { InputError, Interrupted } from '../errors.js';
import { analyzeCall, type AnalyzerContext } from '../analyzers/analyze-call.js';
import { TemplateIndex } from '../analyzers/path-template.js';
import { planMerges } from '../analyzers/template-merge.js';
import { emptyBatch, type Batch } from '../model/batch.js';
import { getSalt, type Db } from '../store/db.js';
import { applyMerge, loadEndpointShapes } from '../store/merge.js';
import { loadKnownTemplates, loadSampledEndpoints, countEndpoints } from '../store/queries.js';
import { findInputBySha, hasInputOfSize, RunTransaction } from '../store/runs.js';
import { BatchWriter } from '../store/writer.js';
import { displayName, readSource, resolveFormat } from '../sources/index.js';
import { inputSize, openInput } from '../sources/input.js';
import { hashFile } from './hash-file.js';
import { addFacts } from './aggregate.js';

/** Calls per write batch: large enough to make SQLite cheap, small enough to bound memory. */
export const BATCH_CALLS = 10_000;
const MAX_REASONS = 5;

export interface Progress {
  file: string;
  bytesRead: number;
  totalBytes: number | null;
  calls: number;
  elapsedMs: number;
}

export interface AnalyzeOptions {
  inputs: string[];
  db: Db;
  cfg: Config;
  label: string | null;
  strict: boolean;
  force: boolean;
  inputFormat: InputFormat | 'auto';
  /** Wall clock (injected for tests). */
  now: () => number;
  stdin?: Readable;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export interface InputSummary {
  path: string;
  format: InputFormat | null;
  bytes: number;
  sha256: string;
  entries: number;
  calls: number;
  skipped: number;
  filtered: number;
  warnings: number;
  skippedReasons: { index: number; reason: string }[];
  filteredReasons: Record<string, number>;
  /** Set when the same content was analyzed before and was not ingested again. */
  duplicateOfRun: number | null;
  /** The format has no timestamps; the analysis start time was used. */
  timestampsMissing: boolean;
}

export interface AnalyzeSummary {
  runId: number | null;
  inputs: InputSummary[];
  calls: number;
  skipped: number;
  filtered: number;
  warnings: number;
  endpoints: number;
  newEndpoints: number;
  merges: { into: string; from: string[]; reason: string }[];
  durationMs: number;
  bytes: number;
}


export async function runAnalysis(opts: AnalyzeOptions): Promise<AnalyzeSummary> {
  const started = opts.now();
  const { db, cfg } = opts;
  const tx = new RunTransaction(db, opts.label, new Date(started).toISOString());
  try {
    const templates = new TemplateIndex(cfg);
    for (const t of loadKnownTemplates(db)) templates.add(t.host, t.method, t.template, t.pathParams);
    const ctx: AnalyzerContext = { cfg, templates, salt: getSalt(db), fallbackTs: started, sampled: loadSampledEndpoints(db) };
    const writer = new BatchWriter(db, tx.runId);
    const summaries: InputSummary[] = [];
    let totalCalls = 0;
    let firstTs: number | null = null;
    let lastTs: number | null = null;

    for (const [n, path] of opts.inputs.entries()) {
      const file = displayName(path);
      const s: InputSummary = {
        path: file,
        format: null,
        bytes: 0,
        sha256: '',
        entries: 0,
        calls: 0,
        skipped: 0,
        filtered: 0,
        warnings: 0,
        skippedReasons: [],
        filteredReasons: {},
        duplicateOfRun: null,
        timestampsMissing: false,
      };
      summaries.push(s);
      const size = path === '-' ? null : inputSize(path);
      if (!opts.force && size !== null && hasInputOfSize(db, size)) {
        // Only a same-size file can be the same file: hash it first and skip the work.
        const sha = await hashFile(path);
        const prev = findInputBySha(db, sha);
        if (prev) {
          Object.assign(s, { sha256: sha, bytes: size, duplicateOfRun: prev.runId });
          continue;
        }
      }
      const input = await openInput(path, opts.stdin, opts.signal);
      const format = resolveFormat(input, opts.inputFormat);
      s.format = format;
      const sp = `input_${n}`;
      tx.savepoint(sp);
      let batch: Batch = emptyBatch();
      let lastProgress = 0;
      for await (const item of readSource(format, input, { strict: opts.strict })) {
        if (opts.signal?.aborted) throw new Interrupted('interrupted');
        s.entries++;
        if (item.kind === 'skip') {
          s.skipped++;
          if (opts.strict) throw new InputError(file, item.reason, item.index);
          if (s.skippedReasons.length < MAX_REASONS) s.skippedReasons.push({ index: item.index, reason: item.reason });
          continue;
        }
        if (item.kind === 'filtered') {
          s.filtered++;
          s.filteredReasons[item.reason] = (s.filteredReasons[item.reason] ?? 0) + 1;
          continue;
        }
        if (item.warnings) s.warnings += item.warnings.length;
        if (item.call.ts === null) s.timestampsMissing = true;
        const a = analyzeCall(item.call, ctx);
        if (a.kind === 'filtered') {
          s.filtered++;
          const key = a.reason.startsWith('static asset') ? 'static asset' : a.reason;
          s.filteredReasons[key] = (s.filteredReasons[key] ?? 0) + 1;
          continue;
        }
        addFacts(batch, a.facts);
        s.calls++;
        if (batch.calls >= BATCH_CALLS) {
          writer.write(batch);
          batch = emptyBatch();
          const t = opts.now();
          if (opts.onProgress && t - lastProgress > 200) {
            lastProgress = t;
            opts.onProgress({ file, bytesRead: input.bytesRead(), totalBytes: size, calls: totalCalls + s.calls, elapsedMs: t - started });
          }
        }
        if (firstTs === null || a.facts.ts < firstTs) firstTs = a.facts.ts;
        if (lastTs === null || a.facts.ts > lastTs) lastTs = a.facts.ts;
      }
      writer.write(batch);
      if (opts.signal?.aborted) throw new Interrupted('interrupted');
      s.bytes = input.bytesRead();
      s.sha256 = input.sha256();
      if (s.entries > 0 && s.calls === 0 && s.filtered === 0) {
        const first = s.skippedReasons[0]!;
        throw new InputError(file, `no usable entries (${s.skipped} skipped; first: ${first.reason})`, first.index);
      }
      const prev = opts.force ? null : findInputBySha(db, s.sha256);
      if (prev && prev.runId !== tx.runId) {
        tx.rollbackTo(sp);
        Object.assign(s, { duplicateOfRun: prev.runId, calls: 0 });
        continue;
      }
      tx.recordInput({ path: file, format, size, sha256: s.sha256, entries: s.entries, calls: s.calls, skipped: s.skipped, filtered: s.filtered, warnings: s.warnings });
      tx.release(sp);
      totalCalls += s.calls;
    }

    const merges = planMerges(loadEndpointShapes(db), cfg);
    for (const m of merges) applyMerge(db, m);

    const sum = (k: 'skipped' | 'filtered' | 'warnings' | 'bytes'): number => summaries.reduce((a, s) => a + s[k], 0);
    const ingested = summaries.some((s) => s.duplicateOfRun === null);
    let newEndpoints = 0;
    let runId: number | null = null;
    if (ingested) {
      newEndpoints = tx.commit({ calls: totalCalls, skipped: sum('skipped'), filtered: sum('filtered'), firstTs, lastTs }, new Date(opts.now()).toISOString());
      runId = tx.runId;
    } else {
      tx.rollback(); // every input was already analyzed: record nothing
    }
    return {
      runId,
      inputs: summaries,
      calls: totalCalls,
      skipped: sum('skipped'),
      filtered: sum('filtered'),
      warnings: sum('warnings'),
      endpoints: countEndpoints(db),
      newEndpoints,
      merges: merges.map((m) => ({ into: `${m.method} ${m.host}${m.into}`, from: m.from, reason: m.reason })),
      durationMs: opts.now() - started,
      bytes: sum('bytes'),
    };
  } catch (e) {
    tx.rollback();
    throw e;
  }
}
