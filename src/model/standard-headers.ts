// Headers that are transport, not API: what every client or server sends (Host, User-Agent, Date),
// what proxies and tracers add (X-Forwarded-*, traceparent), and the credential headers whose coming
// and going auth reports. The OpenAPI export leaves them out, `show` marks them, and `changes` and
// `diff` do not report them as parameter changes: a capture tool that records Host (Akto's mirror)
// after one that does not (a browser over HTTP/2) changed nothing in the API.

// Headers every client or server sends, or that security schemes already describe: listing them as
// parameters is noise (OpenAPI itself ignores Accept, Content-Type and Authorization parameters).
const STANDARD_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'accept', 'accept-charset', 'accept-encoding', 'accept-language', 'authorization', 'cache-control',
  'connection', 'content-length', 'content-type', 'cookie', 'dnt', 'expect', 'forwarded', 'host',
  'if-match', 'if-modified-since', 'if-none-match', 'if-unmodified-since', 'keep-alive', 'origin',
  'pragma', 'priority', 'proxy-connection', 'referer', 'te', 'traceparent', 'tracestate',
  'transfer-encoding', 'upgrade', 'upgrade-insecure-requests', 'user-agent', 'via', 'x-real-ip',
  'x-requested-with', 'x-amzn-trace-id', 'x-request-id', 'x-correlation-id', 'content-encoding',
]);
const STANDARD_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'access-control-allow-credentials', 'access-control-allow-headers', 'access-control-allow-methods',
  'access-control-allow-origin', 'access-control-expose-headers', 'access-control-max-age', 'age',
  'alt-svc', 'cache-control', 'connection', 'content-encoding', 'content-length', 'content-security-policy',
  'content-type', 'date', 'etag', 'expires', 'keep-alive', 'last-modified', 'pragma', 'referrer-policy',
  'server', 'set-cookie', 'strict-transport-security', 'transfer-encoding', 'vary', 'via',
  'x-content-type-options', 'x-frame-options', 'x-powered-by', 'x-xss-protection', 'x-request-id',
  'x-amzn-trace-id', 'cf-ray', 'cf-cache-status', 'nel', 'report-to',
]);
const STANDARD_HEADER_PREFIXES = ['sec-', 'x-forwarded-', 'x-b3-', 'x-datadog-', 'x-envoy-', 'x-cloud-trace'];

function hasStandardPrefix(lower: string): boolean {
  return STANDARD_HEADER_PREFIXES.some((p) => lower.startsWith(p));
}
export function isStandardRequestHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return STANDARD_REQUEST_HEADERS.has(lower) || hasStandardPrefix(lower);
}
export function isStandardResponseHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return STANDARD_RESPONSE_HEADERS.has(lower) || hasStandardPrefix(lower);
}

/**
 * Headers that carry a credential: the scheme's own (Authorization), the proxy's, and API keys by
 * name. Auth reports them (auth-changed, auth-removed); as parameters they would report the same change twice.
 */
export function isCredentialHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'authorization' || lower === 'proxy-authorization' || API_KEY_HEADERS.has(lower) || API_KEY_NAME.test(lower);
}

/** Header/query names that carry an API key (the OpenAPI export names its apiKey scheme by the first on an endpoint). */
export const API_KEY_NAME = /^(x[-_])?(api[-_]?key|api[-_]?token|app[-_]?key|access[-_]?key|subscription[-_]?key|ocp-apim-subscription-key|auth[-_]?key)$/i;

/** Headers that carry an API key by their name alone, whatever the value (analyzers/auth-rules.ts judges others by their value). */
export const API_KEY_HEADERS: ReadonlySet<string> = new Set([
  'x-api-key', 'x-apikey', 'apikey', 'api-key', 'api_key', 'x-api-token', 'x-auth-token', 'x-auth-key',
  'authorization-token', 'x-authorization-token', 'x-access-token', 'x-token', 'access-token', 'auth-token',
  'private-token', 'x-functions-key', 'ocp-apim-subscription-key', 'x-goog-api-key', 'x-rapidapi-key',
  'x-shopify-access-token', 'x-figma-token', 'x-dreamfactory-api-key', 'x-parse-rest-api-key',
]);


/** A header `show` marks as standard: transport (credential headers are the endpoint's auth, not noise). */
export function isStandardHeaderAt(location: string, name: string): boolean {
  if (location === 'request.header') return isStandardRequestHeader(name) && !isCredentialHeader(name);
  return location === 'response.header' && isStandardResponseHeader(name);
}

/** A header parameter that is transport or credential, not part of the API's contract (see above). */
export function isTransportParam(location: string, name: string): boolean {
  if (location === 'request.header') return isStandardRequestHeader(name) || isCredentialHeader(name);
  if (location === 'response.header') return isStandardResponseHeader(name);
  return false;
}
