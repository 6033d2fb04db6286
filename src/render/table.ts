// Tabular output shared by renderers: cli-table3 for terminals, GitHub markdown, and CSV.

import Table from 'cli-table3';
import type { RenderOptions } from './types.js';

/** Terminal control characters in captured text (paths, names, values) must not reach the terminal. */
export function terminalSafe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f\x9b]/g, '?');
}

export function textTable(head: string[], rows: string[][], opts: RenderOptions): string {
  const t = new Table({
    head,
    style: { head: opts.color ? ['cyan'] : [], border: opts.color ? ['grey'] : [], compact: true },
    wordWrap: false,
  });
  for (const r of rows) t.push(r.map(terminalSafe));
  return t.toString() + '\n';
}

function mdCell(s: string): string {
  return terminalSafe(s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' '));
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
