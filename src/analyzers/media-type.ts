// The media type of a call's request or response body as the inventory keeps it: the Content-Type's
// essence (`application/json; charset=utf-8` -> `application/json`), lower-cased. Anything that is
// not a media type (junk, a value pasted into the wrong header) is dropped, so it is never stored.

import type { Body, NameValue } from '../model/call-record.js';

/** Longest essence kept: registered types are far shorter; a longer one is junk, not a type. */
export const MAX_MEDIA_TYPE_CHARS = 100;

/**
 * `type/subtype`, each an RFC 9110 token (lower-cased here). A wildcard (`*` as the type or the
 * subtype) is for Accept headers: it names no body's type.
 */
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/;

/**
 * Essences by the Content-Type value as sent: most values repeat exactly (`application/json;
 * charset=utf-8`), so a body costs one Map lookup instead of a trim, a lower-case and a regex (a
 * lookup by the text before the `;` cost ~5x more: hashing the cut string). Values with a boundary
 * differ per call (only uploads carry one) and are not remembered. Bounded: junk values do not
 * repeat, and the memo starts over when full.
 */
const essences = new Map<string, string | null>();
const MEMO_ENTRIES = 512;

/**
 * Misspellings of a registered type that exporters and clients write (FORMATS.md 1.4: a HAR's
 * `postData.mimeType` `x-www-form-urlencoded` without `application/`, and the typo
 * `application/x-www-urlencoded`), by the essence as written: the body is parsed as what they mean,
 * so it is recorded as that type, under one spelling whoever wrote it.
 */
const MISSPELLED: ReadonlyMap<string, string> = new Map([
  ['x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
  ['application/x-www-urlencoded', 'application/x-www-form-urlencoded'],
]);

/** The media type of a Content-Type value (a known misspelling as the type it means), or null when it is empty or not a media type. */
export function mediaTypeEssence(contentType: string): string | null {
  const known = essences.get(contentType);
  if (known !== undefined) return known;
  const semi = contentType.indexOf(';');
  const head = semi === -1 ? contentType : contentType.slice(0, semi);
  // Not even worth remembering: no padding makes a media type this long.
  if (head.length > 4 * MAX_MEDIA_TYPE_CHARS) return null;
  const written = head.trim().toLowerCase();
  const t = MISSPELLED.get(written) ?? written;
  const slash = t.indexOf('/');
  const essence = t.length <= MAX_MEDIA_TYPE_CHARS && MEDIA_TYPE.test(t) && t.slice(0, slash) !== '*' && t.slice(slash + 1) !== '*' ? t : null;
  if (contentType.length <= 4 * MAX_MEDIA_TYPE_CHARS && (semi === -1 || !/boundary/i.test(contentType))) {
    if (essences.size >= MEMO_ENTRIES) essences.clear();
    essences.set(contentType, essence);
  }
  return essence;
}

function contentTypeHeader(headers: readonly NameValue[]): string | undefined {
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    if (h.name.length === 12 && h.name.toLowerCase() === 'content-type') return h.value;
  }
  return undefined;
}

/** A body that was there: text, or a size (binary bodies and bodies the capture left out have no text). */
function present(body: Body | null): body is Body {
  return body !== null && (body.text !== '' || body.size > 0);
}

/**
 * The media type of a message's body; undefined when it had none, or no usable type. The message's
 * Content-Type header is what it declared on the wire and comes first; the body's own `mimeType` (what
 * the source labelled the text it decoded) is the fallback, used where the header is absent or names no
 * media type (a HAR whose headers were not recorded, or say `x-www-form-urlencoded`: its `postData.mimeType`
 * or `content.mimeType` still tells).
 */
export function bodyMediaType(body: Body | null, headers: readonly NameValue[]): string | undefined {
  if (!present(body)) return undefined;
  const declared = contentTypeHeader(headers);
  const fromHeader = declared === undefined || declared === '' ? null : mediaTypeEssence(declared);
  if (fromHeader !== null) return fromHeader;
  return body.mimeType === '' ? undefined : (mediaTypeEssence(body.mimeType) ?? undefined);
}
