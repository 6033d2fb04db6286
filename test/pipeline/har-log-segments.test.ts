// The log's schema findings (har-validator's log schema: version, creator, browser, pages, comment,
// entries) are the same whether a HAR file is read in one scan or in segments by several threads:
// the same warnings on the same entry, the same --strict failure, the same tallies when the file is
// cut after its entries.

import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeBatch } from '../../src/pipeline/aggregate.js';
import { analyzeInProcess } from '../../src/pipeline/analyze-input.js';
import { ChunkAnalyzer, emptyTally, type Tally } from '../../src/pipeline/chunk.js';
import { analyzeHarFile } from '../../src/pipeline/har-parallel.js';
import type { InputJob } from '../../src/pipeline/result-sink.js';
import type { SegmentRunner } from '../../src/pipeline/workers/pool.js';
import type { OutcomeOf, SegmentJobs } from '../../src/pipeline/workers/protocol.js';
import { runSegmentJob } from '../../src/pipeline/workers/run-job.js';
import { emptyBatch, type Batch } from '../../src/model/batch.js';
import { openInput } from '../../src/sources/input.js';
import type { BatchWriter } from '../../src/store/writer.js';
import { tempDir } from '../helpers.js';
import { analyzerContext, harEntryTexts } from './helpers.js';

/** Segments analyzed out of order, as worker threads would. */
class ShuffledRunner implements SegmentRunner {
  readonly size = 2;
  private busy = 0;
  private seed = 3;
  private readonly analyzer = new ChunkAnalyzer(analyzerContext());

  constructor(private readonly strict: boolean) {}

  hasRoom(depth: number): boolean {
    return this.busy < this.size * depth;
  }

  queued(): number {
    return this.busy;
  }

  runSegment<J extends SegmentJobs>(job: J): Promise<OutcomeOf<J>> {
    this.busy++;
    this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
    return new Promise((resolve, reject) =>
      setTimeout(() => {
        this.busy--;
        try {
          resolve(runSegmentJob(job, this.analyzer, this.strict) as OutcomeOf<J>);
        } catch (e) {
          reject(e as Error);
        }
      }, this.seed % 4),
    );
  }
}

interface Outcome {
  tally: Tally;
  calls: number;
  error: string | null;
}

/** `file` in one scan, or in segments of `how` bytes. */
async function run(file: string, how: 'in-process' | number, strict = false): Promise<Outcome> {
  const batch: Batch = emptyBatch();
  const writer = { write: (b: Batch) => mergeBatch(batch, b) } as unknown as BatchWriter;
  const input = await openInput(file);
  const job: InputJob = { file, format: 'har', input, strict, writer, tally: emptyTally() };
  let error: string | null = null;
  try {
    await (how === 'in-process' ? analyzeInProcess(job, analyzerContext()) : analyzeHarFile(job, new ShuffledRunner(strict), analyzerContext(), how));
  } catch (e) {
    error = (e as Error).message;
  } finally {
    await input.close();
  }
  return { tally: job.tally, calls: batch.calls, error };
}

describe('HAR log schema, one scan or segments', () => {
  const dir = tempDir();
  const entries = harEntryTexts(80, 21);
  const list = entries.join(',');
  const creator = '"creator":{"name":"t","version":"1"}';
  const docs: Record<string, string> = {
    'no-version-no-creator': `{"log":{"entries":[${list}]}}`,
    'no-creator': `{"log":{"version":"1.2","entries":[${list}]}}`,
    'bad-pages': `{"log":{"version":"1.2",${creator},"pages":[{"id":5}],"entries":[${list}]}}`,
    'fiddler-order': `{"log":{"pages":[],"entries":[${list}],"version":"1.2",${creator},"comment":"ok"}}`,
    'bad-tail': `{"log":{"version":"1.2","entries":[${list}],"comment":5,"browser":{"name":"b","version":"1"}}}`,
    'last-entry-invalid': `{"log":{"entries":[${[...entries.slice(0, -1), '{"request":{"method":"GET"}}'].join(',')}]}}`,
    'last-entry-not-object': `{"log":{"entries":[${[...entries, '7'].join(',')}]}}`,
    'cut-after-entries': `{"log":{"entries":[${list}],"version":"1.2"`,
    'cut-after-last-entry': `{"log":{"entries":[${list}`,
    'no-entries': `{"log":{"version":"1.2",${creator},"comment":1}}`,
    'empty-entries': `{"log":{"entries":[]}}`,
  };

  it.each(Object.keys(docs))('%s: the same tally, warnings and error, with and without --strict', async (name) => {
    const file = `${dir}/${name}.har`;
    writeFileSync(file, docs[name]!);
    for (const strict of [false, true]) {
      const want = await run(file, 'in-process', strict);
      for (const size of [2000, 15_000]) {
        const got = await run(file, size, strict);
        // A --strict failure leaves the inventory untouched: only its message has to agree (as in segments.test.ts).
        if (strict && want.error !== null) expect(got.error, `${name} strict segments of ${size}`).toBe(want.error);
        else expect(got, `${name} strict=${strict} segments of ${size}`).toEqual(want);
      }
    }
  });

  it('the log warnings land on the last entry; --strict fails on the log after the entries', async () => {
    const file = `${dir}/no-creator-2.har`;
    writeFileSync(file, docs['no-creator']!);
    const lax = await run(file, 2000);
    expect(lax.error).toBeNull();
    expect(lax.tally.warningReasons).toContainEqual({ index: 79, reason: "HAR schema: log should have required property 'creator'", count: 1 });
    expect((await run(file, 2000, true)).error).toBe(`${file}: HAR schema: log should have required property 'creator'`);
    // An invalid entry fails --strict before the log does, whatever the member order.
    const bad = `${dir}/last-entry-invalid-2.har`;
    writeFileSync(bad, docs['last-entry-invalid']!);
    expect((await run(bad, 2000, true)).error).toMatch(/\(entry 79\): HAR schema: /);
  });
});
