// `changes`: per run, what it brought (grouped by run, kinds in a fixed order) as a table, markdown
// or JSON per the contract.

import { CHANGE_KINDS, type ChangeItem, type ChangeRun, type ChangesView } from '../views/changes-view.js';
import { counted, csvTable, formatNumber, markdownTable, mdCell, shortTime, terminalSafe, textTable } from './table.js';
import { toJson, type Renderer, type RenderOptions } from './types.js';

export const CHANGES_FORMATS = ['table', 'json', 'markdown', 'csv'] as const;
export type ChangesFormat = (typeof CHANGES_FORMATS)[number];

const HEAD = ['Kind', 'Method', 'Host', 'Path', 'Detail', 'First seen'];

const NO_RUNS = 'No runs yet: nothing has been analyzed into this inventory. Run `akto-rt analyze FILE` first.';

function row(c: ChangeItem): string[] {
  return [c.kind, c.method, c.host, c.path, c.detail, shortTime(c.firstSeen)];
}

function runTitle(r: ChangeRun, n: number): string {
  // Typed by a user or a CI script: anything, line breaks and escape sequences included.
  const label = r.label ? ` '${terminalSafe(r.label.replace(/\s/g, ' '))}'` : '';
  return `Run ${r.id}${label}, started ${shortTime(r.startedAt)} UTC, ${formatNumber(r.calls)} call${r.calls === 1 ? '' : 's'}: ${n === 0 ? 'no changes' : `${formatNumber(n)} change${n === 1 ? '' : 's'}`}`;
}

function perRun(v: ChangesView): { run: ChangeRun; items: ChangeItem[] }[] {
  return v.runs.map((run) => ({ run, items: v.changes.filter((c) => c.run === run.id) }));
}

function kindSummary(v: ChangesView): string {
  const counts = new Map<string, number>();
  for (const c of v.changes) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  const rank = (k: string): number => (CHANGE_KINDS.includes(k) ? CHANGE_KINDS.indexOf(k) : CHANGE_KINDS.length);
  const parts = [...counts].sort((a, b) => rank(a[0]) - rank(b[0])).map(([k, n]) => `${formatNumber(n)} ${k}`);
  return `${counted(v.changes.length, 'change')} in ${counted(v.runs.length, 'run')}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

function empty(v: ChangesView): string | null {
  if (v.totalRuns === 0) return NO_RUNS;
  if (v.runs.length === 0) return `No runs match (${v.scope}); the inventory has ${counted(v.totalRuns, 'run')}.`;
  return null;
}

function bold(s: string, opts: RenderOptions): string {
  return opts.color ? `\x1b[1m${s}\x1b[0m` : s;
}

export const changesRenderers: Record<ChangesFormat, Renderer<ChangesView>> = {
  table(v, opts) {
    const msg = empty(v);
    if (msg) return `${msg}\n`;
    let out = '';
    for (const { run, items } of perRun(v)) {
      out += `${bold(runTitle(run, items.length), opts)}\n`;
      if (items.length) out += textTable(HEAD, items.map(row), opts, v.changes.length);
      out += '\n';
    }
    return out + kindSummary(v) + '\n';
  },
  json(v) {
    return toJson({
      runs: v.runs.map((r) => ({ id: r.id, label: r.label, startedAt: r.startedAt, calls: r.calls })),
      changes: v.changes.map((c) => ({ run: c.run, kind: c.kind, host: c.host, method: c.method, path: c.path, detail: c.detail, firstSeen: c.firstSeen })),
    });
  },
  markdown(v) {
    const msg = empty(v);
    if (msg) return `_${msg}_\n`;
    let out = '';
    for (const { run, items } of perRun(v)) {
      out += `### ${mdCell(runTitle(run, items.length))}\n\n`;
      if (items.length) out += `${markdownTable(HEAD, items.map(row))}\n`;
    }
    return out + kindSummary(v) + '\n';
  },
  // One row per change, for spreadsheets and scripts: the run's id, label and start on every row.
  csv(v) {
    const runs = new Map(v.runs.map((r) => [r.id, r]));
    return csvTable(
      ['Run', 'RunLabel', 'RunStarted', 'Kind', 'Host', 'Method', 'Path', 'Detail', 'FirstSeen'],
      v.changes.map((c) => {
        const r = runs.get(c.run);
        return [String(c.run), r?.label ?? '', r?.startedAt ?? '', c.kind, c.host, c.method, c.path, c.detail, c.firstSeen ?? ''];
      }),
    );
  },
};
