// `analyze` output: the run summary (table or JSON per the contract) and the stderr progress line.

import type { AnalyzeSummary, Progress } from '../pipeline/run-analysis.js';
import { redactMessage } from '../analyzers/mask.js';
import { BODY_CAP_CHARS, BODY_VALUE_CAP } from '../model/call-record.js';
import { counted, formatNumber } from './table.js';
import { toJson, type Renderer } from './types.js';

export const ANALYZE_FORMATS = ['table', 'json'] as const;
export type AnalyzeFormat = (typeof ANALYZE_FORMATS)[number];

/** Distinct warnings listed per input in the table (first seen first). */
const MAX_WARNINGS_SHOWN = 5;

function rate(n: number, ms: number): number {
  return ms > 0 ? (n * 1000) / ms : 0;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 2 : 0);
}

/**
 * What `analyze` says on stderr (CLI.md: warnings and logs never go to stdout), whatever the output
 * format: per input, inputs already analyzed, skipped entries, warnings by kind and notes, each line
 * naming its file.
 */
export function analyzeNotices(s: AnalyzeSummary): string {
  const lines: string[] = [];
  for (const i of s.inputs) {
    if (i.duplicateOfRun !== null) {
      const where = i.duplicateOfRun === s.runId ? 'already given earlier in this run' : `already analyzed in run ${i.duplicateOfRun}`;
      lines.push(`${i.path}: ${where} (same sha256 ${i.sha256.slice(0, 12)}…); not counted again. Use --force to ingest it anyway.`);
      continue;
    }
    // Reasons may quote the entry they reject (its URL); they pass the same redaction as samples.
    // JSON lines are numbered by line, from 1, as editors show them; other formats by entry index.
    const at = (index: number): string => (i.format === 'akto' ? `line ${index + 1}` : `entry ${index}`);
    for (const r of i.skippedReasons) lines.push(`${i.path}: skipped ${at(r.index)}: ${redactMessage(r.reason)}`);
    if (i.skipped > i.skippedReasons.length) lines.push(`${i.path}: … and ${formatNumber(i.skipped - i.skippedReasons.length)} more skipped`);
    const shown = i.warningReasons.slice(0, MAX_WARNINGS_SHOWN);
    for (const r of shown) {
      const head = r.count > 1 ? `warning ×${formatNumber(r.count)} (first: ${at(r.index)})` : `warning (${at(r.index)})`;
      lines.push(`${i.path}: ${head}: ${redactMessage(r.reason)}`);
    }
    const rest = i.warnings - shown.reduce((n, r) => n + r.count, 0);
    if (rest > 0) {
      const hint = i.warningReasons.length > shown.length ? ' (`--format json` lists every kind)' : '';
      lines.push(`${i.path}: … and ${counted(rest, 'more warning', 'more warnings')} of other kinds${hint}`);
    }
    if (i.timestampsMissing) lines.push(`${i.path}: note: ${i.format === 'postman' ? 'Postman collections carry' : 'some entries carry'} no timestamps; the analysis start time was used for them`);
    if (i.webSocketMessages > 0) {
      lines.push(`${i.path}: note: ${counted(i.webSockets, 'WebSocket connection', 'WebSocket connections')} carried ${counted(i.webSocketMessages, 'message', 'messages')}; messages are not analyzed (only the upgrade request is)`);
    }
  }
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

/**
 * The stderr line after a run without --unredacted-samples when the inventory (`db`, as the user
 * named it) still holds samples such a run stored: the endpoints this run did not call keep theirs.
 * Empty when there are none.
 */
export function unredactedNotice(endpoints: number, db: string): string {
  if (endpoints === 0) return '';
  const held = endpoints === 1 ? 'endpoint still holds an unredacted sample' : 'endpoints still hold unredacted samples';
  return (
    `akto-rt: warning: ${formatNumber(endpoints)} ${held} in ${db} (stored with --unredacted-samples; secrets and personal data in the clear);` +
    ` a run without that flag that calls an endpoint replaces its sample with a redacted one\n`
  );
}

export const analyzeRenderers: Record<AnalyzeFormat, Renderer<AnalyzeSummary>> = {
  table(s) {
    const lines: string[] = [];
    for (const i of s.inputs) {
      if (i.duplicateOfRun !== null) continue; // said on stderr (analyzeNotices)
      const parts = [counted(i.entries, 'entry', 'entries'), `${counted(i.calls, 'call')} recorded`];
      if (i.filtered) parts.push(`${formatNumber(i.filtered)} filtered (${Object.entries(i.filteredReasons).map(([r, n]) => `${r} ${formatNumber(n)}`).join(', ')})`);
      if (i.skipped) parts.push(`${formatNumber(i.skipped)} skipped`);
      if (i.warnings) parts.push(counted(i.warnings, 'warning'));
      if (i.truncated) parts.push(`${counted(i.truncated, 'call')} with a body over ${BODY_CAP_CHARS / 1024} KB or ${formatNumber(BODY_VALUE_CAP)} values (analyzed up to that)`);
      lines.push(`${i.path} [${i.format}, ${mb(i.bytes)} MB]: ${parts.join(', ')}`);
    }
    for (const m of s.merges) lines.push(`merged ${m.from.length} endpoint${m.from.length === 1 ? '' : 's'} into ${m.into}: ${m.reason}`);
    if (s.runId === null) {
      lines.push('Nothing new to analyze; the inventory is unchanged.');
    } else {
      lines.push(
        `Run ${s.runId}: ${counted(s.calls, 'call')}, ${counted(s.endpoints, 'endpoint')} in the inventory (${formatNumber(s.newEndpoints)} new)` +
          `, ${(s.durationMs / 1000).toFixed(2)} s, ${formatNumber(rate(s.calls, s.durationMs) * 60)} calls/min, ${mb(rate(s.bytes, s.durationMs))} MB/s`,
      );
    }
    return lines.join('\n') + '\n';
  },
  json(s) {
    return toJson({
      runId: s.runId,
      inputs: s.inputs.map((i) => ({
        path: i.path,
        format: i.format,
        bytes: i.bytes,
        sha256: i.sha256,
        entries: i.entries,
        calls: i.calls,
        skipped: i.skipped,
        filtered: i.filtered,
        warnings: i.warnings,
        truncated: i.truncated,
        skippedReasons: i.skippedReasons.map((r) => ({ index: r.index, reason: redactMessage(r.reason) })),
        warningReasons: i.warningReasons.map((r) => ({ index: r.index, reason: redactMessage(r.reason), count: r.count })),
        filteredReasons: i.filteredReasons,
        duplicateOfRun: i.duplicateOfRun,
        timestampsMissing: i.timestampsMissing,
        webSockets: i.webSockets,
        webSocketMessages: i.webSocketMessages,
      })),
      calls: s.calls,
      skipped: s.skipped,
      filtered: s.filtered,
      warnings: s.warnings,
      truncated: s.truncated,
      endpoints: s.endpoints,
      newEndpoints: s.newEndpoints,
      merges: s.merges,
      durationMs: s.durationMs,
    });
  },
};

/** One progress line for stderr: bytes of total, calls/s, ETA. */
export function progressLine(p: Progress, width: number): string {
  const secs = p.elapsedMs / 1000;
  const cps = secs > 0 ? p.calls / secs : 0;
  let line: string;
  if (p.totalBytes) {
    const frac = Math.min(1, p.bytesRead / p.totalBytes);
    const eta = frac > 0 ? (secs / frac) * (1 - frac) : 0;
    const barWidth = Math.max(10, Math.min(30, width - 60));
    const filled = Math.round(frac * barWidth);
    line = `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${(frac * 100).toFixed(0)}% ${mb(p.bytesRead)}/${mb(p.totalBytes)} MB  ${formatNumber(cps)} calls/s  ETA ${eta.toFixed(0)}s`;
  } else {
    line = `${mb(p.bytesRead)} MB read  ${formatNumber(p.calls)} calls  ${formatNumber(cps)} calls/s`;
  }
  return line.slice(0, Math.max(20, width - 1));
}
