// Appending to a batch's CallLog (see model/batch.ts): one call at a time while aggregating, or a
// whole later batch's log when batches merge, with its endpoints and users renumbered.

import type { CallLog } from '../model/batch.js';

/** Room for at least `need` calls (capacity doubles), keeping the first `n`. */
function grow(log: CallLog, need: number): void {
  const cap = Math.max(need, log.endpoint.length * 2);
  const n = log.n;
  const endpoint = new Int32Array(cap);
  const minute = new Float64Array(cap);
  const user = new Int32Array(cap);
  const status = new Uint8Array(cap);
  const bucket = new Int16Array(cap);
  endpoint.set(log.endpoint.subarray(0, n));
  minute.set(log.minute.subarray(0, n));
  user.set(log.user.subarray(0, n));
  status.set(log.status.subarray(0, n));
  bucket.set(log.bucket.subarray(0, n));
  Object.assign(log, { endpoint, minute, user, status, bucket });
}

/** Appends one call (`endpoint` and `user` are positions in the batch, `status` a status class). */
export function logCall(log: CallLog, endpoint: number, minute: number, user: number, status: number, bucket: number): void {
  const k = log.n;
  if (k === log.endpoint.length) grow(log, k + 1);
  log.endpoint[k] = endpoint;
  log.minute[k] = minute;
  log.user[k] = user;
  log.status[k] = status;
  log.bucket[k] = bucket;
  log.n = k + 1;
}

/** Appends `from`'s calls, renumbering endpoints and users by the maps (old position -> new). */
export function appendCallLog(into: CallLog, from: CallLog, endpoints: Int32Array, users: Int32Array): void {
  const n = from.n;
  if (into.n + n > into.endpoint.length) grow(into, into.n + n);
  const k = into.n;
  for (let i = 0; i < n; i++) {
    into.endpoint[k + i] = endpoints[from.endpoint[i]!]!;
    into.user[k + i] = users[from.user[i]!]!;
  }
  into.minute.set(from.minute.subarray(0, n), k);
  into.status.set(from.status.subarray(0, n), k);
  into.bucket.set(from.bucket.subarray(0, n), k);
  into.n = k + n;
}
