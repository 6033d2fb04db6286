// Builds CallRecord bodies: base64 undone, binary detected, text cut at the body cap.

import { BODY_CAP_CHARS, type Body } from '../model/call-record.js';

const TEXTUAL = /json|xml|text|javascript|x-www-form-urlencoded|graphql|html|csv|yaml|ecmascript/i;
const BINARY = /^(image|audio|video|font)\/|octet-stream|protobuf|grpc|zip|pdf|msgpack|wasm/i;
/** The catch-all binary type: servers and proxies put it on anything, JSON included (FORMATS.md 1.5). */
const OCTET_STREAM = /octet-stream/i;

/**
 * Whether the type marks the body binary. The catch-all type on content that opens like JSON does not:
 * `head` (the content's first characters) is only looked at for it, so other bodies pay nothing.
 */
function binaryLabel(mimeType: string, head: () => string): boolean {
  if (!BINARY.test(mimeType) || TEXTUAL.test(mimeType)) return false;
  return !(OCTET_STREAM.test(mimeType) && /^\s*[{[]/.test(head()));
}

export function isTextualMime(mimeType: string): boolean {
  return TEXTUAL.test(mimeType);
}

/** A body from text we already have as a JS string. */
export function textBody(mimeType: string, text: string, size = -1): Body {
  const truncated = text.length > BODY_CAP_CHARS;
  return {
    mimeType,
    text: truncated ? text.slice(0, BODY_CAP_CHARS) : text,
    size: size >= 0 ? size : text.length,
    truncated,
    binary: false,
  };
}

export function binaryBody(mimeType: string, size: number): Body {
  return { mimeType, text: '', size, truncated: false, binary: true };
}

/** A character looksBinary counts (a control character other than tab and line breaks, or U+FFFD). */
const SUSPECT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/;

/** Heuristic: too many control characters or U+FFFD means the bytes were not text. */
export function looksBinary(s: string): boolean {
  const n = Math.min(s.length, 512);
  // Most bodies have none: one native regex search instead of a loop over 512 characters.
  if (!SUSPECT.test(n === s.length ? s : s.slice(0, n))) return false;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) bad++;
  }
  return bad > n / 20;
}

/** A body from bytes: decoded as UTF-8 (or latin1 when charset says so) unless the type is binary. */
export function bytesBody(mimeType: string, bytes: Buffer): Body {
  if (binaryLabel(mimeType, () => bytes.toString('latin1', 0, 64))) return binaryBody(mimeType, bytes.length);
  const cut = bytes.length > BODY_CAP_CHARS * 4 ? bytes.subarray(0, BODY_CAP_CHARS * 4) : bytes;
  const charset = /charset=([\w-]+)/i.exec(mimeType)?.[1]?.toLowerCase();
  let text: string;
  try {
    text = charset && charset !== 'utf-8' && charset !== 'utf8' ? new TextDecoder(charset).decode(cut) : cut.toString('utf8');
  } catch {
    text = cut.toString('latin1');
  }
  if (looksBinary(text)) return binaryBody(mimeType, bytes.length);
  const b = textBody(mimeType, text, bytes.length);
  if (cut !== bytes) b.truncated = true;
  return b;
}

/** HAR-style content: `text` possibly base64 (`encoding: 'base64'`). */
export function contentBody(mimeType: string, text: string | null | undefined, encoding?: string | null, size = -1): Body | null {
  if (text === undefined || text === null || text === '') return size > 0 ? { ...textBody(mimeType, ''), size } : null;
  if (encoding?.toLowerCase() === 'base64') {
    const approxBytes = Math.floor((text.length * 3) / 4);
    if (binaryLabel(mimeType, () => Buffer.from(text.slice(0, 88), 'base64').toString('latin1'))) return binaryBody(mimeType, approxBytes);
    const slice = text.length > BODY_CAP_CHARS * 2 ? text.slice(0, BODY_CAP_CHARS * 2) : text;
    const b = bytesBody(mimeType, Buffer.from(slice, 'base64'));
    if (slice !== text) b.truncated = true;
    b.size = size >= 0 ? size : approxBytes;
    return b;
  }
  if (binaryLabel(mimeType, () => text.slice(0, 64))) return binaryBody(mimeType, size >= 0 ? size : text.length);
  if (looksBinary(text)) return binaryBody(mimeType, size >= 0 ? size : text.length);
  return textBody(mimeType, text, size);
}
