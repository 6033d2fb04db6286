// Request bodies in every Postman mode (raw, urlencoded, formdata, graphql, file) rebuilt as the
// bytes Postman would send, and saved-example response bodies with their content type.

import type sdk from 'postman-collection';
import { BODY_CAP_CHARS, type Body } from '../model/call-record.js';
import { binaryBody, contentBody, textBody } from './body.js';

// `options.raw.language` of raw bodies and `_postman_previewlanguage` of examples -> Content-Type.
const LANGUAGE_MIME: Readonly<Record<string, string>> = {
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  javascript: 'application/javascript',
  text: 'text/plain',
  graphql: 'application/graphql',
};

// Fixed so the same collection always yields byte-identical bodies (Postman picks a random one).
export const FORM_BOUNDARY = '--------------------------akto-rt-postman-form';

interface KeyValueParam {
  key?: unknown;
  value?: unknown;
  disabled?: unknown;
  type?: unknown;
  src?: unknown;
  contentType?: unknown;
}

interface ParamList {
  all(): KeyValueParam[];
}

function asString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

function enabledParams(list: unknown): KeyValueParam[] {
  if (typeof list !== 'object' || list === null || typeof (list as ParamList).all !== 'function') return [];
  return (list as ParamList).all().filter((p) => p.disabled !== true && asString(p.key) !== '');
}

/** x-www-form-urlencoded escaping of only what would break the pairs, so `{{markers}}` stay readable. */
function formEncode(s: string): string {
  return s.replace(/[%&=+#\s]/g, (c) => (c === ' ' ? '+' : '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')));
}

function quoteDisposition(s: string): string {
  return s.replace(/"/g, '%22').replace(/[\r\n]/g, ' ');
}

function fileNames(src: unknown): string[] {
  const list = Array.isArray(src) ? src : [src];
  const names = list.filter((s): s is string => typeof s === 'string').map((s) => s.slice(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1));
  return names.length > 0 ? names : [''];
}

function multipart(params: readonly KeyValueParam[], resolve: (s: string) => string): string {
  let out = '';
  for (const p of params) {
    const name = quoteDisposition(resolve(asString(p.key)));
    const type = asString(p.contentType);
    const typeLine = type ? `Content-Type: ${type}\r\n` : '';
    if (p.type === 'file') {
      // Files are referenced by local path only; their content is not in the collection.
      for (const file of fileNames(p.src)) {
        out += `--${FORM_BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${quoteDisposition(file)}"\r\n${typeLine}\r\n\r\n`;
      }
    } else {
      out += `--${FORM_BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n${typeLine}\r\n${resolve(asString(p.value))}\r\n`;
    }
  }
  return `${out}--${FORM_BOUNDARY}--\r\n`;
}

function graphqlJson(graphql: unknown, resolve: (s: string) => string): string {
  const g = (typeof graphql === 'object' && graphql !== null ? graphql : {}) as Record<string, unknown>;
  const payload: Record<string, unknown> = { query: resolve(asString(g.query)) };
  const operationName = asString(g.operationName);
  if (operationName) payload.operationName = resolve(operationName);
  const vars = resolve(asString(g.variables)).trim();
  if (vars) {
    try {
      payload.variables = JSON.parse(vars) as unknown;
    } catch {
      payload.variables = vars; // kept as sent so the analyzer still sees the values
    }
  }
  return JSON.stringify(payload);
}

function rawMime(options: unknown): string {
  const language = (options as { raw?: { language?: unknown } } | undefined)?.raw?.language;
  return (typeof language === 'string' && LANGUAGE_MIME[language.toLowerCase()]) || 'text/plain';
}

/**
 * The body Postman sends for `body`, or null when there is none. `contentType` is the request's
 * explicit Content-Type header, which wins over what the mode implies (except multipart's boundary).
 */
export function requestBodyOf(body: sdk.RequestBody | undefined, contentType: string | undefined, resolve: (s: string) => string): Body | null {
  if (body === undefined || body.disabled === true) return null;
  switch (body.mode) {
    case 'raw': {
      const text = resolve(asString(body.raw));
      return text === '' ? null : textBody(contentType ?? rawMime(body.options), text);
    }
    case 'urlencoded': {
      const params = enabledParams(body.urlencoded);
      if (params.length === 0) return null;
      const text = params.map((p) => `${formEncode(resolve(asString(p.key)))}=${formEncode(resolve(asString(p.value)))}`).join('&');
      return textBody(contentType ?? 'application/x-www-form-urlencoded', text);
    }
    case 'formdata': {
      const params = enabledParams(body.formdata);
      if (params.length === 0) return null;
      return textBody(`multipart/form-data; boundary=${FORM_BOUNDARY}`, multipart(params, resolve));
    }
    case 'graphql':
      return textBody(contentType ?? 'application/json', graphqlJson(body.graphql, resolve));
    case 'file': {
      const file = body.file as { src?: unknown; content?: unknown } | undefined;
      if (!file || (!file.src && !file.content)) return null;
      const size = typeof file.content === 'string' ? Buffer.byteLength(file.content) : -1;
      return binaryBody(contentType ?? 'application/octet-stream', size);
    }
    default:
      return null;
  }
}

/** How the start of a body reads: the kind of text it is, whatever it was labelled. */
function sniffedMime(text: string): string {
  const t = text.trimStart();
  if (t.startsWith('<')) return /^<(?:!doctype\s+html|html|head|body)\b/i.test(t) ? 'text/html' : 'application/xml';
  return looksLikeJson(t) ? 'application/json' : 'text/plain';
}

/**
 * Whether `t` (trimmed at its start) is JSON: it parses, or, past the body cap (where it is cut and
 * would not), it opens an object or an array.
 */
function looksLikeJson(t: string): boolean {
  const c = t.charCodeAt(0);
  if (t.length > BODY_CAP_CHARS) return c === 0x7b || c === 0x5b;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

/** Whether an example's body reads as the preview language says; languages that name no syntax (text, ...) always do. */
function bodyFitsLanguage(language: string, text: string): boolean {
  switch (language) {
    case 'json':
      return looksLikeJson(text.trimStart());
    case 'xml':
    case 'html':
      return text.trimStart().startsWith('<');
    default:
      return true;
  }
}

/**
 * A saved example's response body; its type from the Content-Type header, else the preview language.
 * The preview language is how Postman displays the body, not a header it was sent with, and does not
 * always fit it (FORMATS.md 2.9: `json` on an HTML page): a body that does not read as its language
 * says is typed by what it opens with instead (HTML, XML, JSON or plain text).
 */
export function exampleBodyOf(text: unknown, contentType: string | undefined, previewLanguage: unknown): Body | null {
  if (typeof text !== 'string' || text === '') return null;
  if (contentType !== undefined) return contentBody(contentType, text);
  const language = typeof previewLanguage === 'string' ? previewLanguage.trim().toLowerCase() : '';
  const hinted = Object.hasOwn(LANGUAGE_MIME, language) ? LANGUAGE_MIME[language] : undefined;
  const mime = hinted === undefined ? '' : bodyFitsLanguage(language, text) ? hinted : sniffedMime(text);
  return contentBody(mime, text);
}
