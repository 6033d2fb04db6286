// XML and HTML bodies as values: element paths with their text (`$.order.customer.email`), XML
// attributes (`$.order.customer.@email`), HTML form fields and meta tags by name, and HTML links,
// which go to the walk's `links` apart from the parameters.

import { textValueType } from '../model/value-types.js';
import { MAX_BODY_DEPTH, propPath, push, type Walk } from './params-walk.js';
import { decode, mayHoldUrl } from './url-values.js';

const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
const XML_TAG = /<(\/?)([A-Za-z_][\w.:-]*)([^>]*?)(\/?)>([^<]*)/g;
/** `name="v"`, `name='v'`, and HTML's unquoted `name=v` (which browsers read up to white space or `>`, `=` included). */
const XML_ATTR = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`][^\s"'<>`]*))/g;
/** HTML elements that never have a closing tag: not a parent of what follows them. */
const HTML_VOID: ReadonlySet<string> = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** HTML elements whose `value` (or `content`) is data named by their `name`: form fields, meta tags. */
const HTML_CONTROLS: ReadonlySet<string> = new Set(['input', 'button', 'option', 'param', 'meta']);
/** HTML attributes whose value is a link. */
const HTML_LINK_ATTRS: ReadonlySet<string> = new Set(['href', 'src', 'action', 'formaction', 'poster', 'cite', 'srcset']);
/** Links read per HTML body: a page's first links are its navigation and the ones a message is about. */
export const MAX_HTML_LINKS = 64;

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/**
 * Attribute values of one XML element as `$.order.customer.@email`; namespace declarations and
 * schema hints (`xmlns`, `xsi:type`, `xml:lang`) are markup, not data.
 */
function xmlAttributes(w: Walk, element: string, attrs: string): void {
  XML_ATTR.lastIndex = 0;
  for (let a = XML_ATTR.exec(attrs); a !== null && w.budget > 0; a = XML_ATTR.exec(attrs)) {
    const name = a[1]!;
    if (name === 'xmlns' || name.startsWith('xmlns:') || name.startsWith('xsi:') || name.startsWith('xml:')) continue;
    const v = (a[2] ?? a[3] ?? a[4] ?? '').trim();
    if (v !== '') push(w, `${element}.@${localName(name)}`, textValueType(v), v);
  }
}

/** An HTML form field or meta tag: `<input name="password" value="...">` is `$.html.body.form.password`. */
function htmlControl(w: Walk, parent: string, attrs: string): void {
  let name = '';
  let value: string | null = null;
  XML_ATTR.lastIndex = 0;
  for (let a = XML_ATTR.exec(attrs); a !== null; a = XML_ATTR.exec(attrs)) {
    const k = a[1]!.toLowerCase();
    if (k === 'name') name = a[2] ?? a[3] ?? a[4] ?? '';
    else if (k === 'value' || k === 'content') value = a[2] ?? a[3] ?? a[4] ?? '';
  }
  if (name === '' || value === null || value.trim() === '') return;
  // Rails-style `user[password]` is the field `password`.
  const field = name.endsWith(']') ? (/\[([^[\]]+)\]$/.exec(name)?.[1] ?? name) : name;
  push(w, propPath(parent, field), textValueType(value.trim()), value.trim());
}

/**
 * An HTML element's links (`$.html.body.p.a.@href`) that may carry something (a query, a fragment,
 * a scheme: url-values.ts `mayHoldUrl`; `/about` carries nothing). They are not parameters, or
 * every page layout would be an API change; sensitive.ts reads them like any link in a value.
 */
function htmlLinks(w: Walk, element: string, attrs: string): void {
  const links = w.links!;
  XML_ATTR.lastIndex = 0;
  for (let a = XML_ATTR.exec(attrs); a !== null && links.length < MAX_HTML_LINKS; a = XML_ATTR.exec(attrs)) {
    const name = a[1]!.toLowerCase();
    if (!HTML_LINK_ATTRS.has(name)) continue;
    const v = (a[2] ?? a[3] ?? a[4] ?? '').trim();
    if (mayHoldUrl(v, false)) links.push({ location: w.location, name: `${element}.@${name}`, type: 'string', value: v });
    else {
      // `tel:` and `mailto:` links hold a phone number or an address, read as the value they are.
      const contact = /^(?:tel|mailto|sms):([^?]+)/i.exec(v)?.[1];
      if (contact) links.push({ location: w.location, name: `${element}.@${name}`, type: 'string', value: decode(contact) }); // `+` kept: `tel:+1...`
    }
  }
}

/**
 * XML element paths with their text (`$.order.customer.email`) and attributes (`$.order.customer.@email`).
 * HTML keeps element text and form fields by name; its other attributes (class, href...) are markup,
 * its links are handed over apart (htmlLinks).
 */
export function walkXml(w: Walk, text: string, html: boolean): void {
  // CDATA sections are element text (`<password><![CDATA[...]]></password>`); their `<` is not markup.
  if (!html && text.indexOf('<![CDATA[') !== -1) text = text.replace(CDATA, (_, inner: string) => inner.replace(/</g, '&lt;'));
  const stack: string[] = [];
  XML_TAG.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = XML_TAG.exec(text)) !== null && w.budget > 0) {
    const [, close, tag, attrs, selfClose, after] = m;
    const local = localName(tag!);
    const lower = html ? local.toLowerCase() : local;
    if (close) {
      if (!(html && HTML_VOID.has(lower))) stack.pop(); // XHTML's `<meta ...></meta>` closes nothing that was opened
      continue;
    }
    if (attrs !== undefined && attrs.indexOf('=') !== -1) {
      const parent = stack.length === 0 ? '$' : '$.' + stack.join('.');
      if (!html) xmlAttributes(w, `${parent}.${local}`, attrs);
      else if (HTML_CONTROLS.has(lower)) htmlControl(w, parent, attrs);
      else if (w.links !== null && w.links.length < MAX_HTML_LINKS) htmlLinks(w, `${parent}.${local}`, attrs);
    }
    if (selfClose || (html && HTML_VOID.has(lower))) continue;
    stack.push(local);
    if (stack.length > MAX_BODY_DEPTH) return;
    const t = (after ?? '').trim();
    if (t) push(w, '$.' + stack.join('.'), textValueType(t), t);
  }
}

export function isHtml(mime: string, text: string): boolean {
  return mime.toLowerCase().includes('html') || /^<(?:!doctype\s+html|html[\s>])/i.test(text);
}
