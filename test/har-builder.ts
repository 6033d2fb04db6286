// Builds small HAR documents for tests from a compact description of calls.

export interface SimpleCall {
  method: string;
  url: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  response?: unknown;
  /** A raw text/plain response body, instead of `response` as JSON. */
  responseText?: string;
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
          ...(c.body === undefined ? {} : { postData: { mimeType: 'application/json', text: JSON.stringify(c.body) } }),
          headersSize: -1,
          bodySize: -1,
        },
        response: {
          status: c.status,
          statusText: '',
          httpVersion: 'HTTP/1.1',
          cookies: [],
          headers: [{ name: 'Content-Type', value: c.responseText === undefined ? 'application/json' : 'text/plain' }],
          content:
            c.responseText === undefined
              ? { size: -1, mimeType: 'application/json', text: c.response === undefined ? '' : JSON.stringify(c.response) }
              : { size: c.responseText.length, mimeType: 'text/plain', text: c.responseText },
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
