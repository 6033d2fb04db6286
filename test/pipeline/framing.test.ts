// Framing for worker threads: HAR entries cut into jobs of raw bytes analyze exactly like the
// in-process reader, even when the reader reuses its buffers; the file reader's buffer ring keeps
// entries that span several chunks intact.

import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ChunkAnalyzer, emptyTally, mergeTally, type ChunkResult } from '../../src/pipeline/chunk.js';
import { mergeBatch } from '../../src/pipeline/aggregate.js';
import { HarChunker, JOB_ENTRIES } from '../../src/pipeline/har-chunks.js';
import { runJob } from '../../src/pipeline/workers/run-job.js';
import type { HarJob } from '../../src/pipeline/workers/protocol.js';
import { BODY_CAP_CHARS } from '../../src/model/call-record.js';
import { readHar } from '../../src/sources/har.js';
import { READ_CHUNK_BYTES, READ_RING, openInput } from '../../src/sources/input.js';
import { readSource } from '../../src/sources/index.js';
import { tempDir } from '../helpers.js';
import { analyzerContext, callLogRows, harDocument, harEntryTexts } from './helpers.js';

const BAD = { 10: '7', 1000: '"not an entry"', 1001: '{"request": {}}', 2400: 'null' };

/** Feeds `doc` in pieces through one reused buffer, as the file reader's ring does. */
function frame(doc: Buffer, piece: number): HarJob[] {
  const chunker = new HarChunker('t.har');
  const reused = Buffer.alloc(piece);
  const jobs: HarJob[] = [];
  for (let i = 0; i < doc.length; i += piece) {
    const n = doc.copy(reused, 0, i, i + piece);
    jobs.push(...chunker.push(reused.subarray(0, n)));
    reused.fill(0x20); // whatever the chunker kept a view of is gone now
  }
  jobs.push(...chunker.end());
  return jobs;
}

function combine(results: ChunkResult[]): ChunkResult {
  const tally = emptyTally();
  const [first, ...rest] = results;
  for (const r of results) mergeTally(tally, r.tally);
  for (const r of rest) mergeBatch(first!.batch, r.batch);
  return { tally, batch: first!.batch };
}

describe('HAR jobs for worker threads', () => {
  const doc = Buffer.from(harDocument(harEntryTexts(2500, 3, BAD)));

  it('cuts entries into jobs by index, keeping rejected entries in their place', () => {
    const jobs = frame(doc, 4096);
    expect(jobs.map((j) => j.firstIndex)).toEqual([0, JOB_ENTRIES, 2 * JOB_ENTRIES]);
    expect(jobs.map((j) => j.ends.length)).toEqual([1000, 1000, 500]);
    // Non-objects are rejected while framing; objects (even unusable ones) go to the analyzer.
    expect(jobs.flatMap((j) => j.skips.map((s) => j.firstIndex + s.at))).toEqual([10, 1000, 2400]);
  });

  it('analyzing the jobs gives what the in-process reader gives, whatever the chunk size', async () => {
    const inProcess = new ChunkAnalyzer(analyzerContext());
    async function* once(): AsyncGenerator<Buffer> {
      yield doc;
    }
    for await (const item of readHar(once(), 't.har', { strict: false })) inProcess.add(item);
    const expected = inProcess.take();
    expect(expected.tally.skipped).toBe(4);
    for (const piece of [997, 65536]) {
      const analyzer = new ChunkAnalyzer(analyzerContext());
      const got = combine(frame(doc, piece).map((j) => runJob(j, analyzer, false)));
      expect(got.tally).toEqual(expected.tally);
      expect(got.batch.calls).toBe(expected.batch.calls);
      expect([...got.batch.endpoints.keys()]).toEqual([...expected.batch.endpoints.keys()]);
      expect([...got.batch.users.keys()]).toEqual([...expected.batch.users.keys()]);
      expect(callLogRows(got.batch.log)).toEqual(callLogRows(expected.batch.log));
    }
  });
});

describe('reading files through the buffer ring', () => {
  const dir = tempDir();

  it('keeps an entry that spans more chunks than the ring holds intact', async () => {
    const big = 'x'.repeat(READ_CHUNK_BYTES * (READ_RING + 1));
    const entries = harEntryTexts(40, 4);
    const parsed = JSON.parse(entries[20]!) as { response: { content: { text?: string } } };
    parsed.response.content.text = JSON.stringify({ blob: big });
    entries[20] = JSON.stringify(parsed);
    const file = `${dir}/big-entry.har`;
    writeFileSync(file, harDocument(entries));

    const input = await openInput(file);
    const bodies: string[] = [];
    for await (const item of readSource('har', input, { strict: false })) {
      if (item.kind === 'call') bodies.push(item.call.responseBody?.text ?? '');
    }
    expect(bodies).toHaveLength(40);
    expect(bodies[20]).toBe(JSON.stringify({ blob: big }).slice(0, BODY_CAP_CHARS)); // cut at the body cap, bytes intact
    expect(bodies[21]).toBe((JSON.parse(entries[21]!) as { response: { content: { text?: string } } }).response.content.text ?? '');

    const again = await openInput(file);
    const chunker = new HarChunker(file);
    const jobs: HarJob[] = [];
    for await (const chunk of again.chunks) jobs.push(...chunker.push(chunk));
    jobs.push(...chunker.end());
    const job = jobs[0]!;
    const start = job.ends[19]!;
    const entry = JSON.parse(Buffer.from(job.data.buffer, job.data.byteOffset + start, job.ends[20]! - start).toString('utf8'));
    expect(entry).toEqual(parsed);
  });
});
