// The unredacted sample, for the explicit `analyze --unredacted-samples` opt-out only: the call as
// captured, bodies cut like redacted samples, and marked so every output can say it is unredacted.

import type { Body, CallRecord } from '../model/call-record.js';
import type { Sample } from '../model/facts.js';
import { hostKey } from '../model/url.js';
import { SAMPLE_BODY_CHARS } from './redact.js';

function text(body: Body | null): string | null {
  if (!body) return null;
  if (body.binary) return `<binary, ${body.size} bytes>`;
  return body.text.length > SAMPLE_BODY_CHARS ? `${body.text.slice(0, SAMPLE_BODY_CHARS)}…` : body.text;
}

export function rawSample(call: CallRecord): Sample {
  const qs = call.query.length > 0 ? `?${call.query.map((q) => `${encodeURIComponent(q.name)}=${encodeURIComponent(q.value)}`).join('&')}` : '';
  const origin = call.host ? `${call.scheme}://${hostKey(call.host, call.port)}` : '';
  const hasResponse = call.status !== null || call.responseHeaders.length > 0 || call.responseBody !== null;
  return {
    unredacted: true,
    request: {
      method: call.method,
      url: `${origin}${call.path}${qs}`,
      headers: call.requestHeaders.map((h) => [h.name, h.value]),
      body: text(call.requestBody),
    },
    response: hasResponse
      ? { status: call.status, headers: call.responseHeaders.map((h) => [h.name, h.value]), body: text(call.responseBody) }
      : null,
  };
}
