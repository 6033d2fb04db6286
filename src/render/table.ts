// Tabular output shared by renderers: cli-table3 for terminals, GitHub markdown, and CSV.

import Table from 'cli-table3';
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

/**
 * Characters that take exactly one terminal column, as cli-table3 measures them: printable ASCII
 * and Latin-1, '…' and the block elements our renderers print (not emoji, wide or combining ones).
 */
function isNarrowText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) continue;
    if ((c >= 0xa0 && c <= 0xff) || c === 0x2026 || (c >= 0x2580 && c <= 0x259f)) continue;
    return false;
  }
  return true;
}

/**
 * The table cli-table3 draws with textTable's style (compact, single-line cells, left-aligned,
 * grey borders and cyan head in color), character for character; null when a cell holds a character
 * of another width (emoji, CJK, combining marks, line breaks) or the rows are ragged, which cli-table3
 * lays out itself. Measured: cli-table3 takes about 1 s for a 5,000-row endpoint table (it
 * re-measures every cell through freshly built ANSI and emoji regexes); this takes milliseconds.
 * Colors follow `color` alone; cli-table3 also asks its color library, which declines under `CI`
 * or `TERM=dumb` even on a terminal.
 */
export function plainTable(head: string[], rows: string[][], color: boolean): string | null {
  const n = head.length;
  const widths = head.map((h) => h.length);
  for (const cells of [head, ...rows]) {
    if (cells.length !== n) return null;
    for (let c = 0; c < n; c++) {
      const cell = cells[c]!;
      if (!isNarrowText(cell)) return null;
      if (cell.length > widths[c]!) widths[c] = cell.length;
    }
  }
  const border = color ? grey : (s: string): string => s;
  const rule = (left: string, mid: string, right: string): string =>
    widths.map((w, c) => border(`${c === 0 ? left : mid}${'─'.repeat(w + 2)}${c === n - 1 ? right : ''}`)).join('');
  const bar = border('│');
  const line = (cells: string[], paint?: (s: string) => string): string => {
    let out = bar;
    for (let c = 0; c < n; c++) {
      const text = ` ${cells[c]!.padEnd(widths[c]!)} `;
      out += (paint ? paint(text) : text) + bar;
    }
    return out;
  };
  const lines = [rule('┌', '┬', '┐'), line(head, color ? cyan : undefined)];
  if (rows.length > 0) {
    lines.push(rule('├', '┼', '┤'));
    for (const r of rows) lines.push(line(r));
  }
  lines.push(rule('└', '┴', '┘'));
  return lines.join('\n');
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
