// Tabular output shared by renderers: cli-table3 for terminals, GitHub markdown, and CSV.

import Table from 'cli-table3';
import stringWidth from 'string-width';
import type { RenderOptions } from './types.js';

/** Terminal control characters in captured text (paths, names, values) must not reach the terminal. */
export function terminalSafe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f\x9b]/g, '?');
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

/** A cell's lines and their widths in terminal columns, measured as cli-table3 measures them. */
function measure(cell: string): { lines: string[]; widths: number[]; width: number } {
  const lines = cell.split('\n');
  const widths = lines.map(columns);
  return { lines, widths, width: Math.max(...widths) };
}

/** Terminal columns of one line: its length for printable ASCII, else string-width's count (cli-table3's). */
export function columns(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return stringWidth(line);
  }
  return line.length;
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
  const widths = head.map(() => 0);
  const measured: ReturnType<typeof measure>[][] = [];
  for (const cells of [head, ...rows]) {
    if (cells.length !== n) return null;
    const row = cells.map(measure);
    for (let c = 0; c < n; c++) if (row[c]!.width > widths[c]!) widths[c] = row[c]!.width;
    measured.push(row);
  }
  const border = color ? grey : (s: string): string => s;
  const rule = (left: string, mid: string, right: string): string =>
    widths.map((w, c) => border(`${c === 0 ? left : mid}${'─'.repeat(w + 2)}${c === n - 1 ? right : ''}`)).join('');
  const bar = border('│');
  const lines = (cells: ReturnType<typeof measure>[], paint?: (s: string) => string): string[] => {
    const height = Math.max(...cells.map((m) => m.lines.length));
    const out: string[] = [];
    for (let k = 0; k < height; k++) {
      let line = bar;
      for (let c = 0; c < n; c++) {
        const m = cells[c]!;
        const text = m.lines[k] ?? '';
        const cell = ` ${text}${' '.repeat(widths[c]! - (m.widths[k] ?? 0))} `;
        line += (paint ? paint(cell) : cell) + bar;
      }
      out.push(line);
    }
    return out;
  };
  const out = [rule('┌', '┬', '┐'), ...lines(measured[0]!, color ? cyan : undefined)];
  if (rows.length > 0) {
    out.push(rule('├', '┼', '┤'));
    for (let r = 1; r < measured.length; r++) for (const l of lines(measured[r]!)) out.push(l);
  }
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[(?:\d*;){0,5}\d*m/g;

/**
 * The bordered table cli-table3 draws for `renderTable` (render/diff.ts): fixed column widths
 * (padding included), a rule between rows, cells already wrapped to fit, color codes in a cell
 * not counted; character for character, for tables too large for cli-table3 (quadratic, and a
 * stack overflow past ~100,000 rows). Null when a line does not fit its column (cli-table3 wraps it).
 */
export function gridTable(head: readonly string[], rows: readonly (readonly string[])[], widths: readonly number[], color: boolean): string | null {
  const n = widths.length;
  const rule = (left: string, mid: string, right: string): string => widths.map((w, c) => `${c === 0 ? left : mid}${'─'.repeat(w)}${c === n - 1 ? right : ''}`).join('');
  const lines = (cells: readonly string[], paint?: (s: string) => string): string[] | null => {
    // As cli-table3's wrapping gives them: lines trimmed of spaces, empty ones dropped.
    const split = cells.map((cell) => cell.split('\n').map((l) => l.replace(/^ +| +$/g, '')).filter((l) => l !== ''));
    const height = Math.max(1, ...split.map((l) => l.length));
    const out: string[] = [];
    for (let k = 0; k < height; k++) {
      let line = '│';
      for (let c = 0; c < n; c++) {
        const text = split[c]?.[k] ?? '';
        const w = columns(text.replace(SGR, ''));
        if (w > widths[c]! - 2) return null;
        const cell = ` ${text}${' '.repeat(widths[c]! - 2 - w)} `;
        line += (paint ? paint(cell) : cell) + '│';
      }
      out.push(line);
    }
    return out;
  };
  if (head.length !== n || rows.some((r) => r.length !== n)) return null;
  const headLines = lines(head, color ? cyan : undefined);
  if (headLines === null) return null;
  const out = [rule('┌', '┬', '┐'), ...headLines];
  for (const r of rows) {
    const l = lines(r);
    if (l === null) return null;
    out.push(rule('├', '┼', '┤'));
    for (const x of l) out.push(x);
  }
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}

/**
 * Text for one markdown table cell or line: control characters become spaces, and characters that
 * markdown reads as formatting, links, HTML or cell borders are escaped, so captured paths and
 * names show as written and cannot inject markup into a pull-request comment.
 */
export function mdCell(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001F\u007F\u009B]+/g, ' ').replace(/[\\`*_[\]<|~]/g, '\\$&');
}

export function markdownTable(head: string[], rows: string[][]): string {
  const lines = [`| ${head.map(mdCell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const r of rows) lines.push(`| ${r.map(mdCell).join(' | ')} |`);
  return lines.join('\n') + '\n';
}

function csvCell(raw: string): string {
  const s = terminalSafe(raw);
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
