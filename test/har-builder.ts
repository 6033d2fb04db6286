// Builds small HAR documents for tests from a compact description of calls.

export interface SimpleCall {
  method: string;
  url: string;
  /** 200 when left out. */
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  response?: unknown;
  /** A raw response body, instead of `response` as JSON (text/plain unless responseMime says). */
  responseText?: string;
  responseMime?: string;
  /** A raw request body, instead of `body` as JSON. */
  requestBody?: { mimeType: string; text: string };
  ts?: string;
}

export function harOf(calls: SimpleCall[]): string {
  return JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'akto-rt tests', version: '1' },
      entries: calls.map((c, i) => ({
        startedDateTime: c.ts ?? new Date(Date.UTC(2024, 2, 10, 12, 0, i)).toISOString(),
        time: 42,
        request: {
          method: c.method,
          url: c.url,
          httpVersion: 'HTTP/1.1',
          cookies: [],
          headers: Object.entries(c.headers ?? {}).map(([name, value]) => ({ name, value })),
          queryString: [],
          ...(c.requestBody !== undefined
            ? { postData: c.requestBody }
            : c.body === undefined
              ? {}
              : { postData: { mimeType: 'application/json', text: JSON.stringify(c.body) } }),
          headersSize: -1,
          bodySize: -1,
        },
        response: {
          status: c.status ?? 200,
          statusText: '',
          httpVersion: 'HTTP/1.1',
          cookies: [],
          headers: [{ name: 'Content-Type', value: responseMime(c) }],
          content:
            c.responseText === undefined
              ? { size: -1, mimeType: 'application/json', text: c.response === undefined ? '' : JSON.stringify(c.response) }
              : { size: c.responseText.length, mimeType: responseMime(c), text: c.responseText },
          redirectURL: '',
          headersSize: -1,
          bodySize: -1,
        },
        cache: {},
        timings: { send: 1, wait: 40, receive: 1 },
      })),
    },
  });
}

function responseMime(c: SimpleCall): string {
  return c.responseMime ?? (c.responseText === undefined ? 'application/json' : 'text/plain');
}
