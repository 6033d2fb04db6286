// Bytes of a Burp <request>/<response>: base64 text, or a raw (base64="false") message read from the
// XML source as written, because the XML parser's own text of it has lost bytes.

const XML_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * An element's content as written in the XML (`raw`, possibly cut anywhere): CDATA sections taken
 * as they are, character data with its references decoded, up to the first markup that is neither
 * (`end` is where that is, or raw.length). A reference or CDATA opener cut short at the end is dropped.
 * Line ends are NOT normalised, unlike what an XML parser hands over.
 */
export function readXmlContent(raw: string): { text: string; end: number } {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    if (raw.startsWith('<![CDATA[', i)) {
      const close = raw.indexOf(']]>', i + 9);
      out += raw.slice(i + 9, close === -1 ? raw.length : close);
      if (close === -1) return { text: out, end: raw.length };
      i = close + 3;
      continue;
    }
    if (raw.charCodeAt(i) === 60) break; // '<': other markup (or a CDATA opener cut short)
    const lt = raw.indexOf('<', i);
    const text = raw.slice(i, lt === -1 ? raw.length : lt);
    out += text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);|&[^;]{0,10}$/gi, (m: string, ref: string | undefined) => {
      if (ref === undefined) return ''; // a reference cut short
      if (ref[0] !== '#') return XML_ENTITIES[ref.toLowerCase()] ?? m;
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code <= 0x10ffff ? String.fromCodePoint(code) : m; // the parser rejects the file for the others
    });
    if (lt === -1) return { text: out, end: raw.length };
    i = lt;
  }
  return { text: out, end: i };
}

/** The text of an element's content as written (see readXmlContent). */
export function xmlTextPrefix(raw: string): string {
  return readXmlContent(raw).text;
}

/** Any character above U+00FF: the text cannot be bytes written one per character. */
const NOT_A_BYTE = /[^\u0000-\u00ff]/;

/**
 * The bytes of a <request>/<response>. Base64: decoded. Raw (base64="false"): Burp turns each byte
 * into the character of the same number (ISO-8859-1) and writes that character into the UTF-8 XML,
 * so every character of the content, once CDATA sections are opened and references (`&#233;`,
 * `&lt;`) resolved, is one byte. That holds for every body: a UTF-8 'é' (C3 A9) is written as 'Ã©'
 * and comes back as C3 A9; a Latin-1 'é' (E9), gzip or image bytes come back as they were. Whether
 * those bytes form valid UTF-8 proves nothing either way (Latin-1 text and compressed bodies
 * seldom do), so it is not asked.
 *
 * Rule, per message on its whole text: any character above U+00FF, which no byte can be, means the
 * message was written as text (by hand, or by a tool that decoded it first): it is encoded as UTF-8.
 * Otherwise each character is one byte. Text holding nothing above U+00FF (an 'é' typed by hand
 * into a UTF-8 body) cannot be told from Burp's bytes, and is read as bytes.
 */
export function payloadBytes(text: string, base64: boolean): Buffer {
  if (base64) return Buffer.from(text.trim(), 'base64');
  return Buffer.from(text, NOT_A_BYTE.test(text) ? 'utf8' : 'latin1');
}

/**
 * The source of the raw <request>/<response> being parsed, kept as written while the parser reads
 * it, because the parser's text is not the message: XML line-end normalisation turns every CR byte
 * (CRLF pairs, and lone CRs inside gzip or image bytes) into LF, and in an XML 1.1 document (Burp
 * declares 1.1 when it writes raw messages) bytes 0x85 and U+2028 too. Positions are offsets in
 * the text fed to the parser, as saxes' `position` counts them.
 */
export class RawMessageSource {
  private text = '';
  /** Where the content begins; -1 while nothing is kept. */
  private start = -1;
  /** The content is longer than the cap: `text` holds its beginning only. */
  private full = false;

  constructor(private readonly cap: number) {}

  get active(): boolean {
    return this.start !== -1;
  }

  begin(at: number): void {
    this.text = '';
    this.start = at;
    this.full = false;
  }

  stop(): void {
    this.text = '';
    this.start = -1;
  }

  /** Keeps what `slice` (beginning at offset `sliceAt`) holds of the content, up to offset `until`. */
  add(slice: string, sliceAt: number, until = sliceAt + slice.length): void {
    if (this.start === -1 || this.full) return;
    const from = Math.max(0, this.start - sliceAt);
    const to = until - sliceAt;
    if (to <= from) return;
    const room = this.cap - this.text.length;
    this.text += slice.slice(from, Math.min(to, from + room));
    if (to - from > room) this.full = true;
  }

  /**
   * The message once its end tag was read (the kept source ends with it), or null when the parser's
   * text must serve instead: markup other than CDATA inside the element, or content past the cap.
   */
  finish(): string | null {
    const src = this.text;
    const full = this.full;
    this.stop();
    if (full) return null;
    const endTag = src.lastIndexOf('</');
    if (endTag === -1) return null;
    const r = readXmlContent(src.slice(0, endTag));
    return r.end === endTag ? r.text : null;
  }

  /** The beginning of a message cut at the cap (the rest is never read). */
  prefix(): string {
    const src = this.text;
    this.stop();
    return xmlTextPrefix(src);
  }
}
