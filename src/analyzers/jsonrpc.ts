// Splits JSON-RPC 2.0 traffic by method (`POST /rpc` -> `/rpc#getBalance`), as GraphQL is split by
// operation: one path serves every method, each with its own params, results and callers.

import type { Body } from '../model/call-record.js';

/** Method names kept as written (`eth_blockNumber`, `Service.Method`, `ns/method`); others leave the call unsplit. */
const METHOD_NAME = /^[A-Za-z_][\w.:/-]{0,63}$/;
/** Calls in one batch read for their methods. */
const MAX_BATCH = 64;

function methodOf(x: unknown): string | null {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return null;
  const o = x as Record<string, unknown>;
  return o['jsonrpc'] === '2.0' && typeof o['method'] === 'string' && METHOD_NAME.test(o['method']) ? o['method'] : null;
}

/**
 * The JSON-RPC 2.0 method a call invokes (`{"jsonrpc": "2.0", "method": "getBalance", ...}`), or for
 * a batch its methods, distinct and sorted, joined by `+` (like GraphQL batches); null for any other
 * call. Only a body that says `"jsonrpc"` is parsed; a request without the `"jsonrpc": "2.0"` member
 * (a payment's `"method": "card"`) is no JSON-RPC.
 */
export function jsonRpcMethod(method: string, body: Body | null): string | null {
  if (body === null || body.binary || method === 'GET' || method === 'HEAD' || body.text.indexOf('"jsonrpc"') === -1) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(body.text);
  } catch {
    return null;
  }
  if (!Array.isArray(doc)) return methodOf(doc);
  const names = new Set<string>();
  for (const x of doc.slice(0, MAX_BATCH)) {
    const m = methodOf(x);
    if (m === null) return null;
    names.add(m);
  }
  return names.size === 0 ? null : [...names].sort().join('+');
}
