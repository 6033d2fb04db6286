// Calls that are not API endpoints: static assets (by extension or response type) and CORS
// preflights. Decided before any body is parsed, so skipping them costs almost nothing.

import type { CallRecord } from '../model/call-record.js';

const ASSET_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'svg', 'ico', 'webp', 'avif', 'bmp', 'tif', 'tiff',
  'css', 'js', 'mjs', 'cjs', 'map', 'ts', 'jsx', 'tsx',
  'woff', 'woff2', 'ttf', 'otf', 'eot',
  'mp4', 'webm', 'ogg', 'mp3', 'wav', 'm4a', 'aac', 'flac', 'mov', 'm3u8', 'ts',
  'pdf', 'zip', 'gz', 'wasm', 'swf', 'apng', 'cur',
]);

const ASSET_TYPES = /^(?:image\/|font\/|audio\/|video\/|text\/css|application\/(?:x-)?(?:font|javascript)|text\/javascript|application\/wasm)/i;

function extension(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash ? path.slice(dot + 1).toLowerCase() : '';
}

function header(call: CallRecord, which: 'request' | 'response', name: string): string | undefined {
  for (const h of which === 'request' ? call.requestHeaders : call.responseHeaders) {
    if (h.name.length === name.length && h.name.toLowerCase() === name) return h.value;
  }
  return undefined;
}

/** Why a call is not an API call ('static asset .png', 'CORS preflight'), or null when it is one. */
export function nonApiReason(call: CallRecord): string | null {
  if (call.method === 'OPTIONS') {
    if (header(call, 'request', 'access-control-request-method') !== undefined) return 'CORS preflight';
    if (header(call, 'response', 'access-control-allow-methods') !== undefined) return 'CORS preflight';
  }
  const ext = extension(call.path);
  if (ext && ASSET_EXTENSIONS.has(ext)) return `static asset (.${ext})`;
  const ct = header(call, 'response', 'content-type') ?? call.responseBody?.mimeType ?? '';
  if (ct && ASSET_TYPES.test(ct)) return `static asset (${ct.split(';')[0]})`;
  return null;
}
