// The read buffer segment analysis uses (har-, jsonl-, burp-segments.ts): one per thread, since the
// segments a thread analyzes run one after another and none keeps the buffer past its return.

export const SEGMENT_READ_BYTES = 1024 * 1024;

let shared: Buffer | null = null;

export function segmentReadBuffer(): Buffer {
  shared ??= Buffer.allocUnsafeSlow(SEGMENT_READ_BYTES);
  return shared;
}
