// One `analyze` run: inputs -> sources -> analyzers -> batches -> store, as one transaction.
// Skips are counted with their first reasons; a bad file, --strict violation, error or interrupt
// rolls the whole run back, so the inventory is never half-applied.

import type { Readable } from 'node:stream';
import type { VarScope } from '../sources/postman-vars.js';
import { letSignalsIn } from './signals.js';
import type { InputFormat } from '../model/call-record.js';
import type { Config } from '../config.js';
import { entryUnit } from '../sources/index.js';
import { InputError, checkSignal } from '../errors.js';
import type { AnalyzerContext } from '../analyzers/analyze-call.js';
import { TemplateIndex } from '../analyzers/path-template.js';
import { comparePlans, planMerges } from '../analyzers/template-merge.js';
import type { MergePlan } from '../model/endpoint-shape.js';
import { getSalt, scrubDeletedContent, type Db } from '../store/db.js';
import { applyMerge, endpointHostRanges, endpointShapeReader } from '../store/merge.js';
import { applyKeyFolds, BODY_LOCATIONS, bodyParamNames, legacyFormNameEndpoints, markFormPaths } from '../store/key-fold.js';
import { planFormPathFolds, planKeyFolds } from '../analyzers/param-fold.js';
import { loadKnownTemplates, loadSampledEndpoints, countEndpoints, countUnredactedSamples } from '../store/queries.js';
import { DEFAULT_LOCK_WAIT_MS, findInputBySha, hasInputOfSize, RunTransaction } from '../store/runs.js';
import { BatchWriter } from '../store/writer.js';
import { displayName, resolveFormat } from '../sources/index.js';
import { checkReadable, inputSize, openInput } from '../sources/input.js';
import { hashFile } from './hash-file.js';
import { analyzeInProcess, analyzeWithPool } from './analyze-input.js';
import { TEMPLATE_CACHE_PATHS, type Tally } from './chunk.js';
import { workerCount } from './worker-count.js';
import { WorkerPool } from './workers/pool.js';
import type { WorkerSetup } from './workers/protocol.js';

export { BATCH_CALLS } from './result-sink.js';

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
  /** Variables of a Postman environment, applied to every Postman collection of the run. */
  postmanEnv?: VarScope;
  /** Where a Postman collection from stdin or gzip is spooled (default: the OS temp directory). */
  spoolDir?: string;
  /** Analysis worker threads; 1 analyzes in the main thread. Default: by input size and cores (see worker-count.ts). */
  workers?: number;
  /** How long to wait for another run's write lock (default DEFAULT_LOCK_WAIT_MS). */
  lockWaitMs?: number;
  /** Called once when the run starts waiting for another run's write lock. */
  onLockWait?: () => void;
}

/** One input's counts (entries, calls, skips with their first reasons, ...) and where it came from. */
export interface InputSummary extends Tally {
  path: string;
  format: InputFormat | null;
  bytes: number;
  sha256: string;
  /** Set when the same content was analyzed before and was not ingested again. */
  duplicateOfRun: number | null;
}

export interface AnalyzeSummary {
  runId: number | null;
  inputs: InputSummary[];
  calls: number;
  skipped: number;
  filtered: number;
  warnings: number;
  /** Calls with a body analyzed only up to the body cap. */
  truncated: number;
  endpoints: number;
  newEndpoints: number;
  merges: { into: string; from: string[]; reason: string }[];
  durationMs: number;
  bytes: number;
  /**
   * Endpoints whose stored sample is still one an `--unredacted-samples` run wrote (endpoints this run
   * did not call keep theirs); counted only by runs without that flag, else 0.
   */
  unredactedSamples: number;
}


/** Folds the body parameters of these endpoints whose keys are data into `*` members (param-fold.ts). */
function foldDataKeys(db: Db, endpointIds: Iterable<number>): void {
  for (const id of endpointIds) {
    for (const location of BODY_LOCATIONS) {
      const folds = planKeyFolds(bodyParamNames(db, id, location));
      if (folds.size > 0) applyKeyFolds(db, id, location, folds);
    }
  }
}

/** Renames body parameters stored under whole bracketed form field names to their paths (param-fold.ts planFormPathFolds). */
function foldFormPaths(db: Db): void {
  const legacy = legacyFormNameEndpoints(db);
  if (legacy === null) return;
  for (const { id, location } of legacy) {
    const folds = planFormPathFolds(bodyParamNames(db, id, location));
    if (folds.size > 0) applyKeyFolds(db, id, location, folds);
  }
  markFormPaths(db);
}

export async function runAnalysis(opts: AnalyzeOptions): Promise<AnalyzeSummary> {
  const { db, cfg } = opts;
  // The run starts once it holds the write lock (another run may hold it for a while).
  let started = opts.now();
  const startedAt = (): string => new Date((started = opts.now())).toISOString();
  const tx = await RunTransaction.begin(db, opts.label, startedAt, { waitMs: opts.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS, signal: opts.signal, onWait: opts.onLockWait });
  let pool: WorkerPool | null = null;
  try {
    const known = loadKnownTemplates(db);
    const templates = new TemplateIndex(cfg, TEMPLATE_CACHE_PATHS);
    for (const t of known) templates.add(t.host, t.method, t.template, t.pathParams, t.pathValues);
    const salt = getSalt(db);
    // Without --unredacted-samples, an endpoint whose sample is unredacted is sampled again: the
    // redacted sample replaces it (store/writer.ts), 2xx preferred as ever.
    const redactedOnly = !cfg.unredactedSamples;
    // A run that stores unredacted samples, or replaces them, zeroes what it deletes: their secrets
    // must not stay behind as slack in the file's pages.
    if (!redactedOnly || countUnredactedSamples(db) > 0) scrubDeletedContent(db);
    const sampled = loadSampledEndpoints(db, redactedOnly);
    const setup: WorkerSetup = { cfg, salt, fallbackTs: started, strict: opts.strict, templates: known, sampled: [...sampled] };
    const ctx: AnalyzerContext = { cfg, templates, salt, fallbackTs: started, sampled, strict: opts.strict };
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
        truncated: 0,
        skippedReasons: [],
        warningReasons: [],
        filteredReasons: {},
        duplicateOfRun: null,
        timestampsMissing: false,
        webSockets: 0,
        webSocketMessages: 0,
      };
      summaries.push(s);
      if (path !== '-') checkReadable(path);
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
      const input = await openInput(path, opts.stdin, opts.signal, opts.inputFormat === 'auto');
      try {
        const format = resolveFormat(input, opts.inputFormat);
        s.format = format;
        const sp = `input_${n}`;
        tx.savepoint(sp);
        let lastProgress = 0;
        const job = {
          file,
          format,
          input,
          strict: opts.strict,
          postmanEnv: opts.postmanEnv,
          spoolDir: opts.spoolDir,
          signal: opts.signal,
          writer,
          tally: s,
          onWrite: () => {
            const t = opts.now();
            if (opts.onProgress && t - lastProgress > 200) {
              lastProgress = t;
              opts.onProgress({ file, bytesRead: input.bytesRead(), totalBytes: size, calls: totalCalls + s.calls, elapsedMs: t - started });
            }
          },
        };
        // The main thread is one of the analysis threads: N threads = N - 1 workers.
        const threads = workerCount(opts.workers, format, size, undefined, input.compressed || input.transcoded);
        if (threads > 1 && !pool) {
          pool = new WorkerPool(threads - 1, setup);
          await pool.ready();
        }
        const times = threads > 1 && pool ? await analyzeWithPool(job, pool, ctx) : await analyzeInProcess(job, ctx);
        if (times.firstTs !== null && (firstTs === null || times.firstTs < firstTs)) firstTs = times.firstTs;
        if (times.lastTs !== null && (lastTs === null || times.lastTs > lastTs)) lastTs = times.lastTs;
        s.bytes = input.bytesRead();
        s.sha256 = input.sha256();
        // A capture whose every entry is broken is a broken file; a collection whose requests are
        // unfinished (`"request": {}` is valid Postman) is still a valid collection.
        if (s.entries > 0 && s.calls === 0 && s.filtered === 0 && format !== 'postman') {
          const first = s.skippedReasons[0]!;
          throw new InputError(file, `no usable entries (${s.skipped} skipped; first: ${first.reason})`, first.index, entryUnit(format));
        }
        // The same content again, from an earlier run or earlier in this one (`cat a.har | analyze - a.har`).
        const prev = opts.force ? null : findInputBySha(db, s.sha256);
        if (prev) {
          tx.rollbackTo(sp);
          writer.reset();
          sampled.clear();
          for (const [k, v] of loadSampledEndpoints(db, redactedOnly)) sampled.set(k, v);
          Object.assign(s, { duplicateOfRun: prev.runId, calls: 0 });
          continue;
        }
        tx.recordInput({ path: file, format, size, sha256: s.sha256, entries: s.entries, calls: s.calls, skipped: s.skipped, filtered: s.filtered, warnings: s.warnings });
        tx.release(sp);
        totalCalls += s.calls;
      } finally {
        await input.close();
      }
    }
    await pool?.close();
    pool = null;

    // Form fields an older release stored whole (`$['items[0][sku]']`) take their paths first, once per inventory.
    foldFormPaths(db);
    // Body keys that are data fold first: one parameter per SKU would keep literal siblings from
    // looking alike. Endpoints merged into one fold again, over their keys together.
    foldDataKeys(db, writer.digitKeyEndpoints);
    // Merges never join endpoints of different hosts: planned a range of hosts at a time, memory stays
    // that of ~10,000 endpoints or of the largest host.
    const merges: MergePlan[] = [];
    const shapesOf = endpointShapeReader(db);
    for (const hosts of endpointHostRanges(db)) for (const m of planMerges(shapesOf(hosts), cfg)) merges.push(m);
    merges.sort(comparePlans);
    const merged: number[] = [];
    for (const m of merges) {
      const id = applyMerge(db, m);
      if (id !== null) merged.push(id);
    }
    foldDataKeys(db, merged);
    // The merge phase is synchronous: a Ctrl-C during it is only delivered once the event loop polls.
    // Let it, before committing, so an interrupt there rolls the run back like one during input.
    await letSignalsIn();
    checkSignal(opts.signal);

    const sum = (k: 'skipped' | 'filtered' | 'warnings' | 'truncated' | 'bytes'): number => summaries.reduce((a, s) => a + s[k], 0);
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
      truncated: sum('truncated'),
      endpoints: countEndpoints(db),
      newEndpoints,
      merges: merges.map((m) => ({ into: `${m.method} ${m.host}${m.into}`, from: m.from, reason: m.reason })),
      durationMs: opts.now() - started,
      bytes: sum('bytes'),
      unredactedSamples: redactedOnly ? countUnredactedSamples(db) : 0,
    };
  } catch (e) {
    tx.rollback();
    throw e;
  } finally {
    await pool?.close();
  }
}
