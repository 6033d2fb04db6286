// Renderers for `akto-rt stats`: a terminal page (line chart of calls per bucket, summary,
// calls-per-user histogram, top users), the JSON contract and Markdown tables.

import { createRequire } from 'node:module';
import type { StatsView } from '../model/stats.js';
import { formatSpan } from '../views/stats-window.js';
import { formatCount, renderBars, truncate } from './histogram.js';
import { markdownTable, mdCell } from './table.js';
import { toJson, type RenderOptions, type Renderer } from './types.js';

/** The part of asciichart we use (the package ships no type declarations). */
interface AsciiChart {
  plot(
    series: number[],
    cfg: { min?: number; max?: number; height?: number; offset?: number; colors?: string[]; format?: (x: number) => string },
  ): string;
  cyan: string;
}
const asciichart = createRequire(import.meta.url)('asciichart') as AsciiChart;

export const STATS_FORMATS = ['table', 'json', 'markdown'] as const;
export type StatsFormat = (typeof STATS_FORMATS)[number];

/** The view, optionally with the host that all-traffic stats were restricted to (`stats --host H`). */
export type StatsPage = StatsView & { host?: string | null };

const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';
/** Below this the layout cannot hold a chart next to its labels; narrower terminals get 40 columns. */
const MIN_WIDTH = 40;
const MAX_CHART_ROWS = 12;
/** Short series are drawn with each bucket repeated (a step chart) up to this many columns. */
const MAX_STRETCH = 4;
const TOP_USER_KEY_MAX = 24;
const SEP = ' · ';

export const statsRenderers: Record<StatsFormat, Renderer<StatsPage>> = {
  table: renderStatsTable,
  json: renderStatsJson,
  markdown: renderStatsMarkdown,
};

function renderStatsJson(view: StatsPage): string {
  const iso = (ms: number): string => new Date(ms).toISOString();
  return toJson({
    endpoint: view.endpoint,
    host: view.endpoint === null ? (view.host ?? null) : view.endpoint.host,
    range: view.range,
    from: iso(view.from),
    until: iso(view.until),
    bucketSeconds: view.bucketSeconds,
    series: view.series.map((b) => ({ start: iso(b.start), count: b.count })),
    totalCalls: view.totalCalls,
    users: view.users,
    unidentifiedCalls: view.unidentifiedCalls,
    statusClasses: view.statusClasses,
    p50Ms: view.p50Ms,
    p95Ms: view.p95Ms,
    distribution: view.distribution,
    topUsers: view.topUsers,
    busiest: view.busiest,
    hint: view.hint,
  });
}

/** 'GET api.x.com/users/{id}', 'All endpoints on api.x.com' or 'All endpoints'. */
function subject(view: StatsPage): string {
  if (view.endpoint !== null) return `${view.endpoint.method} ${view.endpoint.host}${view.endpoint.path}`;
  return view.host ? `All endpoints on ${view.host}` : 'All endpoints';
}

function windowLabel(view: StatsView): string {
  return `${formatSpan(view.from, view.until)} UTC (${view.range}, ${durationLabel(view.bucketSeconds)} buckets)`;
}

/** 'YYYY-MM-DD HH:MM' in UTC. */
function utcMinute(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/**
 * Markdown for a report or pull-request comment: a heading, the window and summary, then tables for
 * the series, the calls-per-user distribution, the top users and (all traffic) the busiest endpoints.
 * Every cell and line of captured text goes through mdCell.
 */
function renderStatsMarkdown(view: StatsPage): string {
  const out: string[] = [`### ${mdCell(subject(view))}`, '', mdCell(windowLabel(view)), ''];
  if (view.totalCalls === 0) {
    out.push(`_${mdCell(view.hint ?? 'No calls in this window')}_`);
    return out.join('\n') + '\n';
  }
  out.push(mdCell(summaryItems(view).join(SEP)), '');
  out.push(`#### Calls per ${perLabel(view.bucketSeconds)}`, '');
  out.push(markdownTable(['Start (UTC)', 'Calls'], view.series.map((b) => [utcMinute(b.start), formatCount(b.count)])));
  out.push('#### Calls per user', '');
  if (view.distribution.length === 0) out.push('_No caller identities recorded in this window_', '');
  else out.push(markdownTable(['Calls in window', 'Users'], view.distribution.map((d) => [binLabel(d), formatCount(d.users)])));
  if (view.unidentifiedCalls > 0) out.push(`_${unidentifiedNote(view)}_`, '');
  if (view.topUsers.length > 0) {
    out.push('#### Top users', '');
    out.push(markdownTable(['User', 'Kind', 'Calls'], view.topUsers.map((u) => [u.user, u.kind, formatCount(u.calls)])));
  }
  if (view.endpoint === null && view.busiest.length > 0) {
    out.push('#### Busiest endpoints', '');
    out.push(markdownTable(['Method', 'Host', 'Path', 'Calls'], view.busiest.map((e) => [e.method, e.host, e.path, formatCount(e.calls)])));
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

function renderStatsTable(view: StatsPage, opts: RenderOptions): string {
  const width = Math.max(MIN_WIDTH, opts.width);
  const out: string[] = [...headerLines(view, width, opts.color), ''];
  if (view.totalCalls === 0) {
    out.push(...wrapText(view.hint ?? 'No calls in this window', width));
    return out.join('\n') + '\n';
  }
  out.push(...chartLines(view, width, opts.color), '');
  out.push(...wrapItems(summaryItems(view), SEP, width, ''), '');
  out.push(...wrapText('Calls per user (how many users made how many calls in this window)', width));
  if (view.distribution.length === 0) out.push('No caller identities recorded in this window');
  else out.push(renderBars(view.distribution.map((d) => ({ label: binLabel(d), value: d.users })), width, opts.color));
  if (view.unidentifiedCalls > 0) out.push(...wrapText(unidentifiedNote(view), width));
  if (view.topUsers.length > 0) {
    const items = view.topUsers.map((u, i) => `${i === 0 ? 'Top users: ' : ''}${userLabel(u)} ${formatCount(u.calls)}`);
    out.push(...wrapItems(items, SEP, width, '  '));
  }
  if (view.endpoint === null && view.busiest.length > 0) {
    out.push('', 'Busiest endpoints');
    const rows = view.busiest.map((e) => ({ label: `${e.method} ${e.host}${e.path}`, value: e.calls }));
    out.push(renderBars(rows, width, opts.color));
  }
  return out.join('\n') + '\n';
}

function headerLines(view: StatsPage, width: number, color: boolean): string[] {
  const what = subject(view);
  const when = windowLabel(view);
  const bold = (s: string): string => (color ? BOLD + s + RESET : s);
  const oneLine = `${what}   ${when}`;
  if (oneLine.length <= width) return [bold(what) + oneLine.slice(what.length)];
  return [bold(truncate(what, width)), ...wrapText(when, width)];
}

/** '1-minute', '20-minute', '3-hour', '1-day': the adjective form for "N-unit buckets". */
function durationLabel(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}-day`;
  if (seconds % 3600 === 0) return `${seconds / 3600}-hour`;
  return `${seconds / 60}-minute`;
}

/** 'minute', '3 minutes', '4 hours': for "Calls per ...". */
function perLabel(seconds: number): string {
  const [n, unit] =
    seconds % 86400 === 0 ? [seconds / 86400, 'day'] : seconds % 3600 === 0 ? [seconds / 3600, 'hour'] : [seconds / 60, 'minute'];
  return n === 1 ? unit : `${n} ${unit}s`;
}

/**
 * The line chart plus caption and time axis. asciichart draws one column per point after a
 * label column, so a line is labelWidth + 1 + points wide. Series too long for the width get
 * groups of adjacent buckets summed (the chart's total stays the exact call count): a divisor of
 * the point count where one is near, so no group is partial; otherwise (a window off the bucket
 * edges has one bucket more, 73 for `1d`, a prime) the last group is shorter. Short series are
 * repeated up to MAX_STRETCH times so a 15-minute window is not a sliver.
 */
function chartLines(view: StatsView, width: number, color: boolean): string[] {
  const counts = view.series.map((b) => b.count);
  const n = counts.length;
  let merge = 1;
  let values = counts;
  let scale = niceScale(Math.max(...values));
  let labelW = formatCount(scale.top).length;
  while (values.length > width - labelW - 1 && merge < n) {
    merge = nextMerge(n, merge);
    values = mergeGroups(counts, merge);
    scale = niceScale(Math.max(...values));
    labelW = formatCount(scale.top).length;
  }
  const stretch = merge > 1 ? 1 : Math.max(1, Math.min(MAX_STRETCH, Math.floor((width - labelW - 1) / n)));
  const points = stretch === 1 ? values : values.flatMap((v) => new Array<number>(stretch).fill(v));
  const plot = asciichart.plot(points, {
    min: 0,
    max: scale.top,
    height: scale.rows,
    offset: 2,
    format: (x) => formatCount(x).padStart(labelW) + ' ',
    ...(color ? { colors: [asciichart.cyan] } : {}),
  });
  const bucketSeconds = view.bucketSeconds * merge;
  const caption = `Calls per ${perLabel(bucketSeconds)}` + (merge > 1 ? ` (${merge} buckets merged to fit ${width} columns)` : '');
  const lines = plot.split('\n').map((l) => l.trimEnd());
  // asciichart marks its y == 0 label row with '┼', which with min 0 is the top row; keep that
  // mark only where the series really starts there.
  const top = lines[0];
  if (top !== undefined && Math.round((points[0] ?? 0) / scale.step) !== scale.rows) {
    lines[0] = top.slice(0, labelW + 1) + '┤' + top.slice(labelW + 2);
  }
  return [...wrapText(caption, width), ...lines, timeAxis(view, labelW + 1, points.length, width)];
}

/**
 * Y axis from 0 to a round top in at most MAX_CHART_ROWS steps of 1, 2, 2.5 or 5 times a power
 * of ten, so every label is a round integer (asciichart labels rows at top * k / rows).
 */
function niceScale(max: number): { top: number; rows: number; step: number } {
  if (max <= MAX_CHART_ROWS) return { top: Math.max(1, max), rows: Math.max(1, max), step: 1 };
  for (let pow = 1; ; pow *= 10) {
    for (const m of pow === 1 ? [1, 2, 5] : [1, 2, 2.5, 5]) {
      const step = m * pow;
      const rows = Math.ceil(max / step);
      if (rows <= MAX_CHART_ROWS) return { top: rows * step, rows, step };
    }
  }
}

/** The next group size after `after`: a divisor of `n` up to twice as large, else one more. */
function nextMerge(n: number, after: number): number {
  for (let d = after + 1; d < n && d <= 2 * (after + 1); d++) if (n % d === 0) return d;
  return after + 1;
}

function mergeGroups(counts: readonly number[], k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < counts.length; i += k) {
    let s = 0;
    for (let j = i; j < i + k && j < counts.length; j++) s += counts[j] ?? 0;
    out.push(s);
  }
  return out;
}

/**
 * Start, middle and end times under the plot; `axisCol` is the column of the y axis, where the
 * first point is drawn, and the last point sits `points - 1` columns to its right. A label that
 * would collide with its neighbour is left out rather than overlapped.
 */
function timeAxis(view: StatsView, axisCol: number, points: number, width: number): string {
  // Dates too when times alone would repeat or run backwards: a long window, or one across midnight (UTC).
  const longRange = view.until - view.from > 12 * 3600_000 || new Date(view.from).toISOString().slice(0, 10) !== new Date(view.until).toISOString().slice(0, 10);
  const fmt = (ms: number): string => {
    const iso = new Date(ms).toISOString();
    return longRange ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
  };
  const endCol = Math.min(width - 1, axisCol + points - 1);
  const start = fmt(view.from);
  const end = fmt(view.until);
  const mid = fmt(view.from + (view.until - view.from) / 2);
  const line = new Array<string>(endCol + 1).fill(' ');
  const put = (col: number, s: string): void => {
    for (let i = 0; i < s.length; i++) line[col + i] = s[i] ?? ' ';
  };
  const endAt = endCol - end.length + 1;
  const startEnd = axisCol + start.length;
  if (endAt < startEnd + 2) {
    put(axisCol, start);
    return line.join('').trimEnd();
  }
  const midAt = Math.round(axisCol + (points - 1) / 2 - mid.length / 2);
  if (midAt >= startEnd + 2 && midAt + mid.length + 2 <= endAt) put(midAt, mid);
  put(axisCol, start);
  put(endAt, end);
  return line.join('').trimEnd();
}

/**
 * Whole percentages of `total` that add up to 100 (largest remainders get the points rounding
 * leaves over): 7 and 1 of 8 are 88 % and 12 %, not 88 % and 13 %.
 */
function wholePercents(counts: Readonly<Record<string, number>>, total: number): Record<string, number> {
  const entries = Object.entries(counts).map(([k, c]) => ({ k, exact: (c * 100) / total }));
  const out: Record<string, number> = {};
  let left = 100;
  for (const e of entries) left -= out[e.k] = Math.floor(e.exact);
  for (const e of [...entries].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)))) {
    if (left <= 0) break;
    if (e.exact === Math.floor(e.exact)) continue;
    out[e.k]!++;
    left--;
  }
  return out;
}

function summaryItems(view: StatsView): string[] {
  const plural = (n: number, word: string): string => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
  const items = [plural(view.totalCalls, 'call'), plural(view.users, 'user')];
  const classes = view.statusClasses;
  const classTotal = classes['2xx'] + classes['3xx'] + classes['4xx'] + classes['5xx'] + classes.other;
  const pcts = classTotal === 0 ? {} : wholePercents(classes, classTotal);
  for (const [name, c] of Object.entries(classes)) {
    if (c <= 0 || classTotal === 0) continue;
    const pct = pcts[name] ?? 0;
    items.push(`${name} ${pct === 0 ? '<1' : pct}%`);
  }
  // The percentiles travel as one item so wrapping never separates them.
  const latency: string[] = [];
  if (view.p50Ms !== null) latency.push(`p50 ${formatMs(view.p50Ms)}`);
  if (view.p95Ms !== null) latency.push(`p95 ${formatMs(view.p95Ms)}`);
  if (latency.length > 0) items.push(latency.join(SEP));
  return items;
}

/** Calls without an identity are not one busy user: said apart from the histogram. */
function unidentifiedNote(view: StatsView): string {
  const n = view.unidentifiedCalls;
  return `Not counted as users: ${formatCount(n)} call${n === 1 ? '' : 's'} with neither credentials nor a client IP`;
}

function formatMs(ms: number): string {
  return ms < 10 ? `${ms} ms` : `${formatCount(ms)} ms`;
}

function binLabel(d: StatsView['distribution'][number]): string {
  if (d.maxCalls === null) return `${formatCount(d.minCalls)}+ calls`;
  if (d.maxCalls === d.minCalls) return `${formatCount(d.minCalls)} call${d.minCalls === 1 ? '' : 's'}`;
  return `${formatCount(d.minCalls)}-${formatCount(d.maxCalls)} calls`;
}

/** Keys with a scheme prefix ('key:', 'ip:') say what they are; bare ones (JWT subjects, Basic users) get the kind. */
function userLabel(u: { user: string; kind: string }): string {
  const key = truncate(u.user, TOP_USER_KEY_MAX);
  return /^[a-z][a-z0-9-]*:/i.test(u.user) ? key : `${key} (${u.kind.replace(/-/g, ' ')})`;
}

function wrapText(text: string, width: number): string[] {
  return wrapItems(text.split(' '), ' ', width, '');
}

/** Greedy line filling: items joined by `sep`, a new line (starting with `indent`) when the next would overflow. */
function wrapItems(items: readonly string[], sep: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const raw of items) {
    const item = truncate(raw, width - indent.length);
    if (cur === '') cur = item;
    else if (cur.length + sep.length + item.length <= width) cur += sep + item;
    else {
      lines.push(cur);
      cur = indent + item;
    }
  }
  if (cur !== '') lines.push(cur);
  return lines;
}
