// Tabular output shared by renderers: cli-table3 for terminals, GitHub markdown, and CSV.

import Table from 'cli-table3';
import stringWidth from 'string-width';
import type { RenderOptions } from './types.js';

/** Characters that reorder or break what a reader sees (bidi marks, overrides and isolates; line and paragraph separators), as a regex character-class body. */
export const REORDERING_CHARS = '\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\u2028\\u2029';
const UNSAFE = new RegExp(`[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f${REORDERING_CHARS}]`, 'g');
const MD_UNSAFE_RUN = new RegExp(`[\\x00-\\x1f\\x7f-\\x9f${REORDERING_CHARS}]+`, 'g');

/**
 * Terminal control characters in captured text (paths, names, values) must not reach the terminal:
 * C0 and C1 controls, and the Unicode characters that reorder or break what a reader sees (bidi
 * overrides and isolates, as in "Trojan Source"; line and paragraph separators).
 */
export function terminalSafe(s: string): string {
  return s.replace(UNSAFE, '?');
}

/** From this many rows on, tables that `plainTable` can draw skip cli-table3 (see there). */
export const PLAIN_TABLE_ROWS = 200;

/**
 * `listed`: the rows of the whole listing this table is one group of (a host's endpoints): a listing
 * of many small tables costs what one large table does (20,000 one-row tables took ~5 s in cli-table3).
 */
export function textTable(head: string[], rows: string[][], opts: RenderOptions, listed = rows.length): string {
  if (Math.max(rows.length, listed) >= PLAIN_TABLE_ROWS) {
    const plain = plainTable(head, rows.map((r) => r.map(terminalSafe)), opts.color);
    if (plain !== null) return plain + '\n';
  }
  const t = new Table({
    head,
    style: { head: opts.color ? ['cyan'] : [], border: opts.color ? ['grey'] : [], compact: true },
    wordWrap: false,
  });
  for (const r of rows) t.push(r.map(terminalSafe));
  return t.toString() + '\n';
}

const grey = (s: string): string => `\u001b[90m${s}\u001b[39m`;
const cyan = (s: string): string => `\u001b[36m${s}\u001b[39m`;

/** Terminal columns of one line: its length for printable ASCII, else string-width's count (cli-table3's). */
export function columns(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return stringWidth(line);
  }
  return line.length;
}

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[(?:\d*;){0,5}\d*m/g;

/** A border rule over columns of these inner widths (one space of padding each side). */
function ruleLine(inner: readonly number[], left: string, mid: string, right: string, border: (s: string) => string): string {
  return inner.map((w, c) => border(`${c === 0 ? left : mid}${'─'.repeat(w + 2)}${c === inner.length - 1 ? right : ''}`)).join('');
}

/**
 * One row as cli-table3 lays it out: each cell's lines top-aligned and padded to its column's inner
 * width (color codes in a cell not counted); null when a line is wider than its column.
 */
function rowLines(cells: readonly (readonly string[])[], inner: readonly number[], bar: string, paint?: (s: string) => string): string[] | null {
  const height = Math.max(1, ...cells.map((l) => l.length));
  const out: string[] = [];
  for (let k = 0; k < height; k++) {
    let line = bar;
    for (let c = 0; c < inner.length; c++) {
      const text = cells[c]?.[k] ?? '';
      const w = columns(text.replace(SGR, ''));
      if (w > inner[c]!) return null;
      const cell = ` ${text}${' '.repeat(inner[c]! - w)} `;
      line += (paint ? paint(cell) : cell) + bar;
    }
    out.push(line);
  }
  return out;
}

/**
 * The table cli-table3 draws with textTable's style (compact, left-aligned, cells of several lines
 * top-aligned, grey borders and cyan head in color), character for character, measuring text with
 * the library it measures with (string-width: wide CJK, emoji, combining marks); null when the rows
 * are ragged, which cli-table3 lays out itself. Measured: cli-table3 takes about 1 s for a 5,000-row
 * endpoint table (it re-measures every cell through freshly built ANSI and emoji regexes), time that
 * grows faster than the rows, and overflows the stack past ~100,000 rows; this takes milliseconds.
 * Colors follow `color` alone; cli-table3 also asks its color library, which declines under `CI`
 * or `TERM=dumb` even on a terminal.
 */
export function plainTable(head: string[], rows: string[][], color: boolean): string | null {
  const n = head.length;
  const inner = head.map(() => 0);
  const split: string[][][] = [];
  for (const cells of [head, ...rows]) {
    if (cells.length !== n) return null;
    const row = cells.map((cell) => cell.split('\n'));
    for (let c = 0; c < n; c++) for (const l of row[c]!) inner[c] = Math.max(inner[c]!, columns(l));
    split.push(row);
  }
  const border = color ? grey : (s: string): string => s;
  const bar = border('│');
  const out = [ruleLine(inner, '┌', '┬', '┐', border), ...rowLines(split[0]!, inner, bar, color ? cyan : undefined)!];
  if (rows.length > 0) {
    out.push(ruleLine(inner, '├', '┼', '┤', border));
    for (let r = 1; r < split.length; r++) out.push(...rowLines(split[r]!, inner, bar)!);
  }
  out.push(ruleLine(inner, '└', '┴', '┘', border));
  return out.join('\n');
}

/**
 * The bordered table cli-table3 draws for `renderTable` (render/diff.ts): fixed column widths
 * (padding included), a rule between rows, cells already wrapped to fit, color codes in a cell
 * not counted; character for character, for tables too large for cli-table3 (quadratic, and a
 * stack overflow past ~100,000 rows). Null when a line does not fit its column (cli-table3 wraps it).
 */
export function gridTable(head: readonly string[], rows: readonly (readonly string[])[], widths: readonly number[], color: boolean): string | null {
  const n = widths.length;
  if (head.length !== n || rows.some((r) => r.length !== n)) return null;
  const inner = widths.map((w) => w - 2);
  const plain = (s: string): string => s;
  // As cli-table3's wrapping gives them: lines trimmed of spaces, empty ones dropped.
  const lines = (cells: readonly string[], paint?: (s: string) => string): string[] | null =>
    rowLines(cells.map((cell) => cell.split('\n').map((l) => l.replace(/^ +| +$/g, '')).filter((l) => l !== '')), inner, '│', paint);
  const headLines = lines(head, color ? cyan : undefined);
  if (headLines === null) return null;
  const out = [ruleLine(inner, '┌', '┬', '┐', plain), ...headLines];
  for (const r of rows) {
    const l = lines(r);
    if (l === null) return null;
    out.push(ruleLine(inner, '├', '┼', '┤', plain), ...l);
  }
  out.push(ruleLine(inner, '└', '┴', '┘', plain));
  return out.join('\n');
}

/**
 * Text for one markdown table cell or line: control characters become spaces, and characters that
 * markdown reads as formatting, links, HTML or cell borders are escaped, so captured paths and
 * names show as written and cannot inject markup into a pull-request comment.
 */
export function mdCell(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(MD_UNSAFE_RUN, ' ').replace(/[\\`*_[\]<|~]/g, '\\$&');
}

export function markdownTable(head: string[], rows: string[][]): string {
  const lines = [`| ${head.map(mdCell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const r of rows) lines.push(`| ${r.map(mdCell).join(' | ')} |`);
  return lines.join('\n') + '\n';
}

/**
 * A CSV cell. Names come from captured traffic: one starting like a formula (`=HYPERLINK(...)`, `+`,
 * `-`, `@`, a tab) gets a leading `'`, so a spreadsheet shows it as text instead of running it (OWASP's advice
 * for CSV injection). Counts and times never start that way.
 */
function csvCell(raw: string): string {
  const safe = terminalSafe(raw);
  const s = /^[=+\-@\t]/.test(safe) ? `'${safe}` : safe;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvTable(head: string[], rows: string[][]): string {
  return [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

export function formatNumber(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `1 endpoint`, `2 endpoints`, `1,366 calls`: a count and its noun, singular for one. */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${formatNumber(n)} ${n === 1 ? noun : plural}`;
}

/** '2024-03-10 22:55' (UTC) from an ISO string. */
export function shortTime(isoString: string | null): string {
  return isoString ? isoString.slice(0, 16).replace('T', ' ') : '-';
}

export function statusSummary(codes: Record<string, number>): string {
  return Object.keys(codes)
    .sort()
    .map((c) => `${c}×${formatNumber(codes[c]!)}`)
    .join(' ');
}
