// What makes a normalized call unusable whatever its format: a method that is not an HTTP token (a
// request line or a secret pasted into the method field would become an endpoint, stored and shown),
// and a path too deep to template (path templating compares segments; thousands of them made one
// entry cost minutes, then every later run on that inventory).

import type { CallRecord } from '../model/call-record.js';
import { nameValueType } from './value-names.js';

/** Paths deeper than this are skipped; real APIs stay far below (GitHub's deepest: ~12). */
export const MAX_PATH_SEGMENTS = 128;
/** Longest method accepted (the longest registered ones, like UPDATEREDIRECTREF, have 17 letters). */
export const MAX_METHOD_LENGTH = 32;

/** RFC 9110 token characters. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Why the call cannot be analyzed, or null. Reasons never quote the method or path (they may carry secrets). */
export function unusableReason(call: CallRecord): string | null {
  const m = call.method;
  if (m.length > MAX_METHOD_LENGTH || !TOKEN.test(m)) return `method is not an HTTP method token (${m.length} characters)`;
  // A secret pasted into the method field (an AWS key id is a valid token) would be stored and shown.
  if (m.length >= 16 && nameValueType(m) !== null) return 'method looks like a secret or personal value, not a method';
  let segments = 0;
  for (let i = call.path.indexOf('/'); i !== -1; i = call.path.indexOf('/', i + 1)) {
    if (++segments > MAX_PATH_SEGMENTS) return `path has more than ${MAX_PATH_SEGMENTS} segments`;
  }
  return null;
}
