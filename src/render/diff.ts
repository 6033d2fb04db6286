// Renderers for `akto-rt diff`: a table for people, JSON per the CLI contract, Markdown for a PR
// comment and JUnit XML for CI; also the table/Markdown/XML helpers the spec-diff renderers share.

import Table from 'cli-table3';
import { CHANGE_KINDS, countByKind, kindFails, type DiffView } from '../views/diff.js';
import { toJson, type RenderOptions, type Renderer } from './types.js';
import { columns, gridTable, mdCell, REORDERING_CHARS, terminalSafe } from './table.js';

export const DIFF_FORMATS = ['table', 'json', 'markdown', 'junit'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

// ---- shared helpers

const ANSI: Record<string, string> = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', dim: '\x1b[2m' };

export function paint(text: string, colour: string | undefined, opts: RenderOptions): string {
  const code = colour === undefined ? undefined : ANSI[colour];
  return opts.color && code ? `${code}${text}\x1b[0m` : text;
}

/**
 * Column widths (content + padding) shrunk, widest first, until the table fits the terminal. Columns
 * whose `minWidths` entry is null (short enums like the change kind) keep their natural width.
 */
export function fitWidths(rows: readonly (readonly string[])[], width: number, minWidths: readonly (number | null)[] = []): number[] {
  const cols = rows[0]?.length ?? 0;
  const widths = new Array<number>(cols).fill(0);
  for (const row of rows) {
    for (let i = 0; i < cols; i++) widths[i] = Math.max(widths[i] as number, (row[i] ?? '').length + 2);
  }
  const floor = widths.map((w, i) => {
    const min = minWidths[i];
    return min === null ? w : Math.min(w, (min ?? 8) + 2);
  });
  const budget = width - (cols + 1);
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > budget) {
    let widest = -1;
    for (let i = 0; i < cols; i++) {
      if ((widths[i] as number) > (floor[i] as number) && (widest < 0 || (widths[i] as number) > (widths[widest] as number))) widest = i;
    }
    if (widest < 0) break;
    widths[widest] = (widths[widest] as number) - 1;
    total--;
  }
  return widths;
}

/**
 * Captured text (hosts, paths, parameter names) as one line of a table cell: terminal controls
 * shown as `?` as in every other table (terminalSafe), and tabs and line breaks as spaces, so a
 * crafted name can neither drive the terminal (`\x1b[2J`) nor add lines to the table.
 */
export function cellText(text: string): string {
  return terminalSafe(text.replace(/[\t\n\r]/g, ' '));
}

/** A bordered table that wraps long cells to fit `opts.width`; no ANSI at all unless opts.color. */
export function renderTable(
  head: readonly string[],
  rawRows: readonly (readonly string[])[],
  opts: RenderOptions,
  colours?: readonly (string | undefined)[],
  minWidths?: readonly (number | null)[],
): string {
  const rows = rawRows.map((row) => row.map(cellText));
  const widths = fitWidths([head, ...rows], opts.width, minWidths);
  const cells = rows.map((row, r) => row.map((cell, i) => (i === 0 ? paint(cell, colours?.[r], opts) : wrapCell(cell, (widths[i] as number) - 2))));
  // Drawn as cli-table3 draws it, without its cost on large tables (quadratic, and a stack overflow
  // past ~100,000 rows) and without its early wrap of colored cells (`endpoint-` / `added`, as it
  // counts the color codes); cli-table3 only where a line is wider than its column.
  const grid = gridTable(head, cells, widths, opts.color);
  if (grid !== null) return grid + '\n';
  const table = new Table({
    head: [...head],
    colWidths: widths,
    wordWrap: true,
    wrapOnWordBoundary: false,
    style: { head: opts.color ? ['cyan'] : [], border: [] },
  });
  for (const row of cells) table.push(row);
  return table.toString() + '\n';
}

/** The last position in (width/3, width] where `ok` allows a break, or -1. */
function lastBreak(width: number, ok: (i: number) => boolean): number {
  for (let i = width; i > width / 3; i--) if (ok(i)) return i;
  return -1;
}

/** Characters a path or name is best broken before (`/v1/orders` | `/{orderId}`, `$.items` | `.sku`). */
const BREAK_BEFORE = new Set(['/', '.', '#', '?', '&', '[']);
/** ...and after (`auth-removed,` | ` …`). */
const BREAK_AFTER = new Set([' ', ',', '-', ';']);

/** How many UTF-16 units of `text`, whole characters from its start, fit in `width` terminal columns (at least one character). */
function fitting(text: string, width: number): number {
  let used = 0;
  let i = 0;
  for (const ch of text) {
    used += columns(ch);
    if (used > width && i > 0) break;
    i += ch.length;
  }
  return i;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * A cell's text in lines of at most `width` terminal columns, broken where a reader expects it:
 * before a path separator or after a space, comma or hyphen; mid-token only when a line has no such
 * place in its last two thirds; between words before inside a path (cli-table3 alone cuts
 * `$.contactEmail` into `$.conta` / `ctEmail`). Wide characters (CJK, emoji) count two columns.
 */
export function wrapCell(text: string, width: number): string {
  if (width < 1 || (text.length <= width && /^[\x20-\x7e\n]*$/.test(text))) return text;
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    // Printable ASCII (most cells) is one column a character: lengths, not measurements.
    const ascii = PRINTABLE_ASCII.test(para);
    let rest = para;
    while ((ascii ? rest.length : columns(rest)) > width) {
      // Between words first (a space, so `2024-04-01T09:00Z` stays whole), then after a comma or
      // hyphen, then before a separator, then anywhere.
      const limit = ascii ? width : fitting(rest, width);
      let cut = lastBreak(limit, (i) => rest[i - 1] === ' ');
      if (cut < 0) cut = lastBreak(limit, (i) => BREAK_AFTER.has(rest[i - 1]!));
      if (cut < 0) cut = lastBreak(limit, (i) => BREAK_BEFORE.has(rest[i]!));
      if (cut < 0) cut = limit;
      lines.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).replace(/^ +/, '');
    }
    lines.push(rest);
  }
  return lines.join('\n');
}

/** Wraps a plain line at ', ' or spaces so summaries stay within the terminal width. */
export function wrapLine(text: string, width: number): string {
  if (text.length <= width) return text;
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      out.push(line);
      line = `  ${word}`;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') out.push(line);
  return out.join('\n');
}

/** Kind and method never wrap; host, path and detail shrink (widest first) down to these widths. */
const FINDING_MIN_WIDTHS: readonly (number | null)[] = [null, null, 8, 10, 10];

export interface FindingRow {
  kind: string;
  method: string;
  host: string;
  path: string;
  detail: string;
}

/**
 * The change/finding table shared by diff and spec-diff. When every row is on one host the Host
 * column is dropped and the host printed once above, leaving the width to paths and details.
 */
export function renderFindingTable(first: string, rows: readonly FindingRow[], opts: RenderOptions, colours: Readonly<Record<string, string>>): string {
  const hosts = new Set(rows.map((r) => r.host));
  const oneHost = hosts.size === 1 ? (rows[0] as FindingRow).host : null;
  const cells = rows.map((r) => (oneHost !== null ? [r.kind, r.method, r.path, r.detail] : [r.kind, r.method, r.host, r.path, r.detail]));
  const head = oneHost !== null ? [first, 'Method', 'Path', 'Detail'] : [first, 'Method', 'Host', 'Path', 'Detail'];
  const mins = oneHost !== null ? [null, null, 10, 10] : FINDING_MIN_WIDTHS;
  const table = renderTable(head, cells, opts, rows.map((r) => colours[r.kind]), mins);
  return oneHost !== null ? `Host: ${cellText(oneHost) || '(any host)'}\n${table}` : table;
}

// Characters XML 1.0 forbids even when escaped, and DEL and the C1 controls it discourages (U+009B
// starts a terminal escape when the report is printed to a CI log); traffic-derived names could carry them.
const XML_INVALID = new RegExp(
  `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F${REORDERING_CHARS}\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]`,
  'g',
);
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function xmlEscape(text: string): string {
  return text.replace(XML_INVALID, '\uFFFD').replace(/[&<>"']/g, (c) => XML_ENTITIES[c] as string);
}

export interface JunitCase {
  classname: string;
  name: string;
  /** Present when the case fails the gate. */
  failure?: { type: string; message: string };
}

/** One testsuite; an empty run still gets one passing case so CI shows that the check ran. */
export function junitXml(suite: string, cases: readonly JunitCase[], emptyName: string): string {
  const all = cases.length > 0 ? cases : [{ classname: suite, name: emptyName }];
  const failures = all.filter((c) => c.failure).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(suite)}" tests="${all.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="${xmlEscape(suite)}" tests="${all.length}" failures="${failures}" errors="0" skipped="0">`,
  ];
  for (const c of all) {
    const open = `    <testcase classname="${xmlEscape(c.classname)}" name="${xmlEscape(c.name)}"`;
    if (!c.failure) {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`);
    lines.push(`      <failure type="${xmlEscape(c.failure.type)}" message="${xmlEscape(c.failure.message)}">${xmlEscape(c.failure.message)}</failure>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>');
  return lines.join('\n') + '\n';
}

/** Markdown rows beyond this are summarised: a PR comment has a size limit (65,536 chars on GitHub). */
export const MARKDOWN_ROW_LIMIT = 200;

// ---- diff renderers

const KIND_COLOUR: Record<string, string> = {
  'endpoint-added': 'green',
  'endpoint-removed': 'red',
  'param-added': 'green',
  'param-removed': 'red',
  'param-type-changed': 'yellow',
  'sensitive-added': 'red',
  'auth-changed': 'yellow',
  'auth-removed': 'red',
  'status-added': 'yellow',
  'media-type-added': 'yellow',
};

export function diffSummary(view: DiffView): string {
  if (view.changes.length === 0) return 'No API changes.';
  const counts = countByKind(view.changes, CHANGE_KINDS).map(([k, n]) => `${n} ${k}`);
  const total = view.changes.length;
  return `${total} change${total === 1 ? '' : 's'}: ${counts.join(', ')}`;
}

function gateLine(view: DiffView): string | null {
  if (view.failOn.length === 0) return null;
  const failing = view.changes.filter((c) => kindFails(c.kind, view.failOn)).length;
  return failing > 0
    ? `Gate --fail-on ${view.failOn.join(',')}: FAILED (${failing} change${failing === 1 ? '' : 's'})`
    : `Gate --fail-on ${view.failOn.join(',')}: passed`;
}

const renderDiffTable: Renderer<DiffView> = (view, opts) => {
  const gate = gateLine(view);
  let out = '';
  if (view.changes.length > 0) {
    out += renderFindingTable('Change', view.changes, opts, KIND_COLOUR);
  }
  out += wrapLine(diffSummary(view), opts.width) + '\n';
  if (gate) out += wrapLine(gate, opts.width) + '\n';
  return out;
};

/** JSON: the contract's changes, plus the gate's verdict (null without --fail-on), so a CI log says why a step failed. */
const renderDiffJson: Renderer<DiffView> = (view) =>
  toJson({
    changes: view.changes.map((c) => ({ kind: c.kind, host: c.host, method: c.method, path: c.path, detail: c.detail })),
    gate:
      view.failOn.length === 0
        ? null
        : (() => {
            const failing = view.changes.filter((c) => kindFails(c.kind, view.failOn)).length;
            return { failOn: [...view.failOn], failed: failing > 0, failingChanges: failing };
          })(),
  });

const renderDiffMarkdown: Renderer<DiffView> = (view) => {
  const lines = ['### API changes (akto-rt diff)', ''];
  if (view.changes.length === 0) {
    lines.push('No API changes.');
    return lines.join('\n') + '\n';
  }
  lines.push(`**${mdCell(diffSummary(view))}**`);
  const gate = gateLine(view);
  if (gate) lines.push('', mdCell(gate));
  lines.push('', '| Change | Method | Host | Path | Detail |', '| --- | --- | --- | --- | --- |');
  for (const c of view.changes.slice(0, MARKDOWN_ROW_LIMIT)) {
    const kind = kindFails(c.kind, view.failOn) ? `❌ ${c.kind}` : c.kind;
    lines.push(`| ${mdCell(kind)} | ${mdCell(c.method)} | ${mdCell(c.host)} | ${mdCell(c.path)} | ${mdCell(c.detail)} |`);
  }
  const rest = view.changes.length - MARKDOWN_ROW_LIMIT;
  if (rest > 0) lines.push('', `… and ${rest} more (see \`akto-rt diff --format json\`).`);
  return lines.join('\n') + '\n';
};

const renderDiffJunit: Renderer<DiffView> = (view) =>
  junitXml(
    'akto-rt diff',
    view.changes.map((c) => ({
      classname: `akto-rt.diff.${c.kind}`,
      name: `${c.method} ${c.host}${c.path}: ${c.detail}`,
      ...(kindFails(c.kind, view.failOn) ? { failure: { type: c.kind, message: `${c.kind}: ${c.method} ${c.host}${c.path} (${c.detail})` } } : {}),
    })),
    'no API changes',
  );

export const diffRenderers: Record<DiffFormat, Renderer<DiffView>> = {
  table: renderDiffTable,
  json: renderDiffJson,
  markdown: renderDiffMarkdown,
  junit: renderDiffJunit,
};
