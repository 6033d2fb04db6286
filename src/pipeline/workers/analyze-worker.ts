// Worker thread entry: decodes and analyzes chunks of entries and posts back each chunk's tally and
// aggregated batch. Holds its own analyzer context (templates, sample bookkeeping, caches) for the run.

import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../../errors.js';
import type { AnalyzerContext } from '../../analyzers/analyze-call.js';
import { TemplateIndex } from '../../analyzers/path-template.js';
import { ChunkAnalyzer, TEMPLATE_CACHE_PATHS } from '../chunk.js';
import type { Reply, Request, WorkerFailure, WorkerSetup } from './protocol.js';
import { runJob, runSegmentJob } from './run-job.js';
import { HeapGuard } from '../memory.js';

function contextFor(setup: WorkerSetup): AnalyzerContext {
  const templates = new TemplateIndex(setup.cfg, TEMPLATE_CACHE_PATHS);
  for (const t of setup.templates) templates.add(t.host, t.method, t.template, t.pathParams, t.pathValues);
  return { cfg: setup.cfg, templates, salt: setup.salt, fallbackTs: setup.fallbackTs, sampled: new Map(setup.sampled), strict: setup.strict };
}

function failure(e: unknown): WorkerFailure {
  const err = e instanceof Error ? e : new Error(String(e));
  const f: WorkerFailure = { name: err.name, message: err.message, stack: err.stack };
  if (e instanceof InputError) f.input = { file: e.file, reason: e.reason, entry: e.entry };
  return f;
}

/** Used heap (MB) past which a worker collects between jobs (see memory.ts). */
const WORKER_HEAP_BUDGET_MB = 24;

if (parentPort) {
  const port = parentPort;
  const setup = workerData as WorkerSetup;
  const analyzer = new ChunkAnalyzer(contextFor(setup));
  const heap = new HeapGuard(WORKER_HEAP_BUDGET_MB);
  port.on('message', (req: Request) => {
    let reply: Reply;
    const data = req.job.kind === 'har' ? req.job.data : undefined;
    try {
      const j = req.job;
      const result = j.kind === 'har' || j.kind === 'items' ? runJob(j, analyzer, setup.strict) : runSegmentJob(j, analyzer, setup.strict);
      reply = { id: req.id, result, data };
    } catch (e) {
      reply = { id: req.id, error: failure(e) };
    }
    port.postMessage(reply, 'data' in reply && data ? [data.buffer as ArrayBuffer] : []);
    heap.check();
  });
}
