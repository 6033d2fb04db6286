// Frames a HAR byte stream into HarJobs: entries stay undecoded bytes (whichever thread analyzes the
// job JSON-parses them), while the log header is still checked here, in stream order. Used for HAR
// that cannot be read at an offset (stdin, gzip); a HAR file on disk goes in segments (har-parallel.ts).

import { HarScanner, LOG_END } from '../sources/har-scanner.js';
import { checkLogEnd, checkLogMember, logWarnings } from '../sources/har.js';
import type { HarJob } from './workers/protocol.js';

/** Entries per job, and a byte cap so a run of huge entries still makes bounded jobs. */
export const JOB_ENTRIES = 1000;
export const JOB_BYTES = 4 * 1024 * 1024;

/** Job buffers come back after use (from workers, transferred back), so a run allocates only a few. */
export class BufferRecycler {
  private readonly free: Uint8Array[] = [];

  constructor(private readonly keep = 8) {}

  take(): Uint8Array {
    return this.free.pop() ?? new Uint8Array(JOB_BYTES);
  }

  give(b: Uint8Array): void {
    // A buffer grown for a huge entry is let go rather than kept for the rest of the run.
    if (this.free.length < this.keep && b.byteOffset === 0 && b.buffer.byteLength <= 2 * JOB_BYTES) this.free.push(new Uint8Array(b.buffer));
  }
}

export class HarChunker {
  private readonly scanner: HarScanner;
  /** The job being filled: entries are copied in as framed (the reader reuses its chunks). */
  private data: Uint8Array;
  private used = 0;
  private ends: number[] = [];
  private skips: { at: number; reason: string }[] = [];
  private firstIndex = 0;
  /** Without --strict: the log's deviations from its schema, as warnings (on its last entry, as in one thread). */
  readonly logWarnings: string[] = [];

  constructor(
    private readonly file: string,
    private readonly buffers = new BufferRecycler(),
    private readonly strict = false,
  ) {
    this.scanner = new HarScanner(file, { bytes: true });
    this.data = buffers.take();
  }

  private append(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.data.length) {
      const grown = new Uint8Array(Math.max(this.data.length * 2, this.used + bytes.length));
      grown.set(this.data.subarray(0, this.used));
      this.data = grown;
    }
    this.data.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** Feeds one chunk of the file; returns the jobs it completed. */
  push(chunk: Buffer): HarJob[] {
    const jobs: HarJob[] = [];
    for (const ev of this.scanner.events(chunk)) {
      if (ev.kind === 'entry-bytes') {
        this.append(ev.bytes);
        this.ends.push(this.used);
      } else if (ev.kind === 'entry-invalid') {
        this.skips.push({ at: this.ends.length, reason: ev.reason });
        this.ends.push(this.used);
      } else if (ev.kind === 'log-member') {
        if (ev.key !== LOG_END) checkLogMember(ev.key, ev.text, this.file);
        else if (this.strict) checkLogEnd(ev.log!, this.file, true);
        else this.logWarnings.push(...logWarnings(ev.log!));
        continue;
      } else continue;
      if (this.ends.length >= JOB_ENTRIES || this.used >= JOB_BYTES) jobs.push(this.flush()!);
    }
    return jobs;
  }

  /** End of input: throws when the document was not a complete HAR. */
  end(): HarJob[] {
    this.scanner.end();
    const last = this.flush();
    return last ? [last] : [];
  }

  /** The entries framed so far as one job (null when there are none); its buffer can be transferred. */
  flush(): HarJob | null {
    if (this.ends.length === 0) return null;
    const job: HarJob = {
      kind: 'har',
      file: this.file,
      firstIndex: this.firstIndex,
      data: this.data.subarray(0, this.used),
      ends: Uint32Array.from(this.ends),
      skips: this.skips,
    };
    this.firstIndex += this.ends.length;
    this.data = this.buffers.take();
    this.used = 0;
    this.ends = [];
    this.skips = [];
    return job;
  }
}
