// `show`: one endpoint in full as sectioned text, markdown, or JSON (the EndpointDetail as is).

import type { Sample } from '../model/facts.js';
import type { EndpointDetail, ParamDetail } from '../views/endpoint-detail.js';
import { formatNumber, markdownTable, shortTime, statusSummary, terminalSafe, textTable } from './table.js';
import { toJson, type Renderer, type RenderOptions } from './types.js';

export const SHOW_FORMATS = ['table', 'json', 'markdown'] as const;
export type ShowFormat = (typeof SHOW_FORMATS)[number];

/** Values listed inline per path parameter; the JSON carries all that are stored. */
const VALUES_SHOWN = 8;

const LOCATION_LABEL: Readonly<Record<string, string>> = {
  'request.path': 'path',
  'request.query': 'query',
  'request.header': 'header',
  'request.cookie': 'cookie',
  'request.body': 'request body',
  'response.body': 'response body',
  'response.header': 'response header',
};

const safe = terminalSafe;

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function locationLabel(p: ParamDetail): string {
  const base = LOCATION_LABEL[p.location] ?? p.location;
  return p.status === null ? base : `${base} ${p.status}`;
}

function paramRow(p: ParamDetail): string[] {
  return [
    locationLabel(p),
    p.standardHeader ? `${p.name} (standard)` : safe(p.name),
    p.types.join(' | ') || '-',
    p.required ? 'yes' : 'no',
    p.sensitiveTypes.join(', ') || '-',
    shortTime(p.firstSeen),
  ];
}

const PARAM_HEAD = ['Location', 'Name', 'Types', 'Required', 'Sensitive', 'First seen'];
const PATH_HEAD = ['Name', 'Type', 'Distinct values', 'Values seen', 'Why a parameter'];
const AUTH_HEAD = ['Scheme', 'Calls', 'Answered 2xx'];
const JWT_HEAD = ['Alg', 'Issuer', 'Calls', 'Expired'];
const SENS_HEAD = ['Location', 'Param', 'Type', 'Calls', 'First seen', 'Last seen'];

function valuesList(p: EndpointDetail['pathParams'][number]): string {
  const shown = p.values.slice(0, VALUES_SHOWN).map((v) => `${safe(v.value)} (${formatNumber(v.calls)})`);
  if (p.values.length > VALUES_SHOWN) shown.push('…');
  return shown.join(', ') || '-';
}

function distinct(p: EndpointDetail['pathParams'][number]): string {
  return `${p.distinctValues}${p.valuesCapped ? '+' : ''}`;
}

function pathRows(d: EndpointDetail): string[][] {
  return d.pathParams.map((p) => [`{${p.name}}`, p.type, distinct(p), valuesList(p), p.why]);
}

function authRowsOf(d: EndpointDetail): string[][] {
  return d.auth.map((a) => [a.scheme, formatNumber(a.calls), formatNumber(a.okCalls)]);
}

function jwtRowsOf(d: EndpointDetail): string[][] {
  return d.jwt.map((j) => [j.algNone ? `${j.alg} (UNSIGNED)` : j.alg, j.iss ?? '-', formatNumber(j.calls), pct(j.expiredShare)]);
}

function sensRows(d: EndpointDetail): string[][] {
  return d.sensitive.map((s) => [s.location, safe(s.param), s.type, formatNumber(s.calls), shortTime(s.firstSeen), shortTime(s.lastSeen)]);
}

/** Loud warnings a reader must not miss. */
function alerts(d: EndpointDetail): string[] {
  const out: string[] = [];
  for (const j of d.jwt) {
    // The store keeps no status per token: whether the server accepted them is not known here.
    if (j.algNone) out.push(`JWT with alg "none" sent on ${formatNumber(j.calls)} calls: unsigned tokens can be forged; check that the server rejects them`);
  }
  // The same judgement as `auth` (health checks, sign-in and token endpoints are public by design).
  if (d.exposure !== null) out.push(`reachable without auth: ${d.exposure}`);
  return out;
}

function sampleText(s: Sample): { request: string; response: string | null } {
  const req = [`${s.request.method} ${s.request.url}`, ...s.request.headers.map(([k, v]) => `${k}: ${v}`)];
  if (s.request.body) req.push('', s.request.body);
  let res: string | null = null;
  if (s.response) {
    const lines = [`status ${s.response.status ?? '(none)'}`, ...s.response.headers.map(([k, v]) => `${k}: ${v}`)];
    if (s.response.body) lines.push('', s.response.body);
    res = lines.join('\n');
  }
  // Bodies keep their line breaks as lines (multipart and raw HTTP bodies use CRLF); other control characters are masked.
  const text = (t: string): string => safe(t.replace(/\r\n?/g, '\n'));
  return { request: text(req.join('\n')), response: res === null ? null : text(res) };
}

/** `text/html ×3, application/json ×1`: the busiest first. */
function mediaList(types: Readonly<Record<string, number>>): string {
  return Object.entries(types)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([type, n]) => `${safe(type)} ×${formatNumber(n)}`)
    .join(', ');
}

/** The media type lines: request bodies, then response bodies per status (only those that had any). */
function mediaLines(d: EndpointDetail): string[] {
  const out: string[] = [];
  if (Object.keys(d.requestMediaTypes).length > 0) out.push(`Request body: ${mediaList(d.requestMediaTypes)}`);
  const codes = Object.keys(d.responseMediaTypes).sort((a, b) => Number(a) - Number(b));
  if (codes.length > 0) out.push(`Response body: ${codes.map((c) => `${c} ${mediaList(d.responseMediaTypes[c]!)}`).join(' · ')}`);
  return out;
}

/** `Cleartext: 3 of 10 calls over plain HTTP`, only when some calls had no TLS. */
function cleartextLines(d: EndpointDetail): string[] {
  if (d.cleartextCalls === 0) return [];
  return [`Cleartext: ${formatNumber(d.cleartextCalls)} of ${formatNumber(d.calls)} call${d.calls === 1 ? '' : 's'} over plain HTTP`];
}

function headline(d: EndpointDetail): string[] {
  const lines = [
    `Calls: ${formatNumber(d.calls)}   First seen: ${shortTime(d.firstSeen)}   Last seen: ${shortTime(d.lastSeen)} (UTC)`,
    ...cleartextLines(d),
    `Status codes: ${statusSummary(d.statusCodes) || '-'}`,
    ...mediaLines(d),
    `Access: ${d.accessType}   Risk: ${d.riskScore}/10${d.oauthTokenEndpoint ? '   OAuth token endpoint' : ''}${d.tags.length ? `   Tags: ${d.tags.join(', ')}` : ''}`,
  ];
  if (d.mergeReason) lines.push(`Template merged from sibling paths: ${d.mergeReason}`);
  return lines;
}

function bold(s: string, opts: RenderOptions): string {
  return opts.color ? `\x1b[1m${s}\x1b[0m` : s;
}

function loud(s: string, opts: RenderOptions): string {
  return opts.color ? `\x1b[1;31m!! ${s}\x1b[0m` : `!! ${s}`;
}

function jsonOf(d: EndpointDetail): string {
  return toJson({ endpoint: d });
}

export const showRenderers: Record<ShowFormat, Renderer<EndpointDetail>> = {
  table(d, opts) {
    const out: string[] = [bold(`${d.method} ${d.path}`, opts) + `  (${d.host})`, ...headline(d), ...alerts(d).map((a) => loud(a, opts)), ''];
    const section = (title: string, head: string[], rows: string[][], empty: string): void => {
      out.push(bold(title, opts));
      out.push(rows.length ? textTable(head, rows, opts).trimEnd() : `  ${empty}`, '');
    };
    if (d.pathParams.length) section('Path parameters', PATH_HEAD, pathRows(d), '');
    section('Parameters', PARAM_HEAD, d.params.map(paramRow), 'none observed');
    section('Auth', AUTH_HEAD, authRowsOf(d), 'none observed');
    if (d.jwt.length) section('JWT', JWT_HEAD, jwtRowsOf(d), '');
    section('Sensitive data', SENS_HEAD, sensRows(d), 'none found');
    out.push(
      d.sample?.unredacted
        ? bold('Sample (UNREDACTED: stored with analyze --unredacted-samples; it may hold secrets and personal data)', opts)
        : bold('Sample (redacted)', opts),
    );
    if (!d.sample) out.push('  no sample stored', '');
    else {
      const s = sampleText(d.sample);
      out.push(s.request, '', s.response ?? '(no response)', '');
    }
    return out.join('\n');
  },
  json: jsonOf,
  markdown(d) {
    const out: string[] = [`## ${d.method} ${d.path}`, '', `Host: \`${d.host}\``, '', ...headline(d).map((l) => `- ${l}`)];
    for (const a of alerts(d)) out.push(`- **⚠ ${a}**`);
    out.push('');
    const section = (title: string, head: string[], rows: string[][], empty: string): void => {
      out.push(`### ${title}`, '', rows.length ? markdownTable(head, rows) : `_${empty}_\n`);
    };
    if (d.pathParams.length) section('Path parameters', PATH_HEAD, pathRows(d), '');
    section('Parameters', PARAM_HEAD, d.params.map(paramRow), 'None observed.');
    section('Auth', AUTH_HEAD, authRowsOf(d), 'None observed.');
    if (d.jwt.length) section('JWT', JWT_HEAD, jwtRowsOf(d), '');
    section('Sensitive data', SENS_HEAD, sensRows(d), 'None found.');
    out.push(d.sample?.unredacted ? '### Sample (UNREDACTED: stored with `analyze --unredacted-samples`)' : '### Sample (redacted)', '');
    if (!d.sample) out.push('_No sample stored._', '');
    else {
      const s = sampleText(d.sample);
      const fence = (t: string): string => {
        const ticks = '`'.repeat(Math.max(3, ...[...t.matchAll(/`+/g)].map((m) => m[0].length + 1)));
        return `${ticks}http\n${t}\n${ticks}`;
      };
      out.push(fence(s.request), '', s.response === null ? '_No response._' : fence(s.response), '');
    }
    return out.join('\n');
  },
};
