// How many analysis threads an input gets, and the --workers option.

import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { PARALLEL_MIN_BYTES, parseWorkers, workerCount } from '../../src/pipeline/worker-count.js';
import { HeapGuard } from '../../src/pipeline/memory.js';
import { MAX_SEGMENT_BYTES, MIN_SEGMENT_BYTES, segmentBytesFor } from '../../src/pipeline/segment-schedule.js';

describe('worker count', () => {
  const big = PARALLEL_MIN_BYTES * 10;

  it('uses one thread per core (up to 4) for large HAR, JSON-lines and Burp files, one otherwise', () => {
    expect(workerCount(undefined, 'har', big, 2)).toBe(1); // two cores: memory over the bound for a little speed
    expect(workerCount(undefined, 'har', big, 3)).toBe(3);
    expect(workerCount(undefined, 'har', big, 16)).toBe(4);
    expect(workerCount(undefined, 'har', big, 8, true)).toBe(4); // gzip: framed and shipped as bytes
    expect(workerCount(undefined, 'har', 1000, 8)).toBe(1);
    expect(workerCount(undefined, 'har', null, 8)).toBe(1); // stdin: size unknown
    expect(workerCount(undefined, 'akto', big, 8)).toBe(4);
    expect(workerCount(undefined, 'akto', big, 8, true)).toBe(1); // gzip: parsed here, copied to workers
    expect(workerCount(undefined, 'akto', big, 2)).toBe(1);
    expect(workerCount(undefined, 'burp', big, 8)).toBe(4);
    expect(workerCount(undefined, 'burp', big, 8, true)).toBe(1);
    expect(workerCount(undefined, 'burp', big, 2)).toBe(1);
    expect(workerCount(undefined, 'postman', big, 8)).toBe(1);
  });

  it('honours --workers, except for Postman collections, which are parsed whole', () => {
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
