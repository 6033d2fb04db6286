// How many analysis threads an input gets, and the --workers option.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { PARALLEL_MIN_BYTES, parseWorkers, workerCount } from '../../src/pipeline/worker-count.js';
import { HeapGuard } from '../../src/pipeline/memory.js';
import { MAX_SEGMENT_BYTES, MIN_SEGMENT_BYTES, segmentBytesFor } from '../../src/pipeline/segment-schedule.js';

describe('worker count', () => {
  const big = PARALLEL_MIN_BYTES * 10;

  it('uses one thread per core (up to 4) for large HAR, JSON-lines and Burp files, one otherwise', () => {
    expect(workerCount(undefined, 'har', big, 2)).toBe(2);
    expect(workerCount(undefined, 'har', big, 2, true)).toBe(1); // two cores, gzip: ~10 % faster for ~80 MB more
    expect(workerCount(undefined, 'har', big, 1)).toBe(1);
    expect(workerCount(undefined, 'har', big, 3)).toBe(3);
    expect(workerCount(undefined, 'har', big, 16)).toBe(4);
    expect(workerCount(undefined, 'har', big, 8, true)).toBe(4); // gzip: framed and shipped as bytes
    expect(workerCount(undefined, 'har', 1000, 8)).toBe(1);
    expect(workerCount(undefined, 'har', null, 8)).toBe(1); // stdin: size unknown
    expect(workerCount(undefined, 'akto', big, 8)).toBe(4);
    expect(workerCount(undefined, 'akto', big, 8, true)).toBe(1); // gzip: parsed here, copied to workers
    expect(workerCount(undefined, 'akto', big, 2)).toBe(2);
    expect(workerCount(undefined, 'burp', big, 8)).toBe(4);
    expect(workerCount(undefined, 'burp', big, 8, true)).toBe(1);
    expect(workerCount(undefined, 'burp', big, 2)).toBe(2);
    expect(workerCount(undefined, 'postman', big, 8)).toBe(1);
  });

  it('honours --workers, except for Postman collections, which the main thread reads', () => {
    expect(workerCount(3, 'har', 1000, 2)).toBe(3);
    expect(workerCount(2, 'burp', 1000, 2)).toBe(2);
    expect(workerCount(4, 'postman', big, 8)).toBe(1);
  });

  it('rejects a --workers value that is not a small positive integer', () => {
    expect(parseWorkers(undefined)).toBeUndefined();
    expect(parseWorkers('2')).toBe(2);
    for (const bad of ['0', '-1', '1.5', 'two', '65']) expect(() => parseWorkers(bad)).toThrow(UsageError);
  });
});

describe('segment size', () => {
  it('gives each thread about 16 segments, within bounds', () => {
    const MB = 1024 * 1024;
    expect(segmentBytesFor(3000 * MB, 2)).toBe(MAX_SEGMENT_BYTES); // few large results to copy and merge
    expect(segmentBytesFor(300 * MB, 2)).toBe(Math.floor((300 * MB) / 32));
    expect(segmentBytesFor(40 * MB, 4)).toBe(MIN_SEGMENT_BYTES);
  });
});

describe('heap guard', () => {
  it('collects once the used heap passes its budget, not before', () => {
    expect(new HeapGuard(1_000_000).check()).toBe(false);
    const guard = new HeapGuard(0);
    expect(guard.check()).toBe(true);
    // Right after a collection the floor sits above the live heap.
    expect(guard.check()).toBe(false);
  });
});

describe('young generation', () => {
  // A fresh process (this one's nursery has long grown), running the build as the CLI does:
  // the young generation grows with survivors by default, and stays at its initial size once limited,
  // also after a worker pool starts (starting an isolate puts V8's growth back to its default).
  const probe = (limited: boolean): number => {
    const dist = new URL('../../dist/src/', import.meta.url).href;
    const script = `
      import { getHeapSpaceStatistics } from 'node:v8';
      import { defaultConfig } from '${dist}config.js';
      import { limitYoungGeneration } from '${dist}pipeline/memory.js';
      import { WorkerPool } from '${dist}pipeline/workers/pool.js';
      let pool = null;
      if (${limited}) {
        limitYoungGeneration();
        pool = new WorkerPool(1, { cfg: defaultConfig(), salt: 's', fallbackTs: 0, strict: false, templates: [], sampled: [] });
        await pool.ready();
      }
      let kept = [];
      for (let i = 0; i < 2e6; i++) {
        const o = { i, s: 'v' + i };
        if (i % 4 === 0) kept.push(o);
        if (kept.length > 40000) kept = [];
      }
      await pool?.close();
      const young = getHeapSpaceStatistics().find((sp) => sp.space_name === 'new_space');
      process.stdout.write(String(young.space_size));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return Number(r.stdout) / (1024 * 1024);
  };

  it('stays at its initial size while analysis threads run', () => {
    expect(probe(true)).toBeLessThanOrEqual(2);
    expect(probe(false)).toBeGreaterThan(2); // by default the same allocations make it grow
  });
});
