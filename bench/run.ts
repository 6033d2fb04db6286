// `npm run bench`: end-to-end analyze throughput and peak memory per input format, in-process and with
// the default worker threads, plus `stats` / `endpoints` latency on a large synthetic inventory and the
// growth of scan time on hostile inputs (bench/hostile.ts).
// Flags: --quick (20k entries, no big file, 1M-call inventory), --entries N, --big N (0: skip),
// --calls N (inventory size), --seed S, --repeat N (runs per configuration, fastest reported),
// --out FILE (default bench/RESULTS.md).

import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { GenFormat } from './gen-cli.js';
import type { ChildResult } from './analyze-child.js';
import type { QueryTiming } from './query-child.js';
import { benchDir, ensureInput } from './bench-inputs.js';
import { calibrate } from './calibrate.js';
import { fillInventory } from './inventory-fill.js';
import { hostileTimings, MAX_GROWTH, type HostileTiming } from './hostile.js';
import { SCHEMA_VERSION } from '../src/store/schema.js';
import { workerCount } from '../src/pipeline/worker-count.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
/** Akto's published figure for its traffic processing, for comparison. */
const AKTO_CALLS_PER_MIN = 1_000_000;
const INVENTORY_ENDPOINTS = 5000;

interface Args {
  entries: number;
  big: number;
  calls: number;
  seed: number;
  /** Runs per configuration; the fastest is reported. */
  repeat: number;
  out: string;
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { entries: 100_000, big: 1_000_000, calls: 10_000_000, seed: 1, repeat: 1, out: `${ROOT}/bench/RESULTS.md` };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const num = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a non-negative integer`);
      return n;
    };
    if (flag === '--quick') Object.assign(a, { entries: 20_000, big: 0, calls: 1_000_000 });
    else if (flag === '--entries') a.entries = num();
    else if (flag === '--big') a.big = num();
    else if (flag === '--calls') a.calls = num();
    else if (flag === '--seed') a.seed = num();
    else if (flag === '--repeat') a.repeat = Math.max(1, num());
    else if (flag === '--out') a.out = argv[++i] ?? a.out;
    else throw new Error(`unknown flag ${flag}`);
  }
  return a;
}

interface Row extends ChildResult {
  label: string;
  threads: string;
}

/**
 * The fastest of `repeat` runs (wall time), with the highest peak RSS of them: on a shared machine the
 * fastest run is the one least slowed by others, while memory is reported at its worst.
 */
function analyzeBest(file: string, db: string, workers: number, repeat: number): ChildResult {
  const runs = Array.from({ length: repeat }, () => analyzeOnce(file, db, workers));
  const best = runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
  return { ...best, maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)) };
}

function analyzeOnce(file: string, db: string, workers: number): ChildResult {
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
  const child = fileURLToPath(new URL('./analyze-child.js', import.meta.url));
  const r = spawnSync(process.execPath, [child, file, db, String(workers)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
  if (r.status !== 0) throw new Error(`analyze of ${file} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildResult;
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(rows: Row[]): string {
  const head = ['input', 'entries', 'threads', 'entries/s', 'calls/min', 'MB/s', 'peak RSS MB', 'CPU s', 'wall s'];
  const lines = rows.map((r) => {
    const secs = r.wallMs / 1000;
    return [r.label, fmt(r.entries), r.threads, fmt(r.entries / secs), fmt((r.calls / secs) * 60), fmt(r.bytes / 1e6 / secs, 1), fmt(r.maxRssMb), fmt(r.cpuMs / 1000, 1), fmt(secs, 1)];
  });
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...lines.map((l) => `| ${l.join(' | ')} |`)].join('\n');
}

interface Check {
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

/** The targets against the measured rows (the big HAR when present, else the compact one). */
function checks(rows: Row[], queries: QueryTiming[]): Check[] {
  const rate = (r: Row): number => (r.calls / r.wallMs) * 60000;
  const mbps = (r: Row): number => r.bytes / 1e6 / (r.wallMs / 1000);
  const find = (label: string, threads: (t: string) => boolean): Row | undefined => rows.find((r) => r.label === label && threads(r.threads));
  const one = (t: string): boolean => t === '1' || t === '1 (default)';
  const cores = Math.min(availableParallelism(), 4);
  const all = (t: string): boolean => cores > 1 && parseInt(t, 10) === cores;
  const harLabel = rows.some((r) => r.label === 'HAR compact (big)') ? 'HAR compact (big)' : 'HAR compact';
  const out: Check[] = [];
  const har1 = find(harLabel, one);
  const harD = find(harLabel, all);
  if (har1) {
    out.push({ what: `${harLabel}, 1 thread`, target: '3,000,000 calls/min', measured: `${fmt(rate(har1))} calls/min`, met: rate(har1) >= 3e6 });
    out.push({ what: `${harLabel}, 1 thread (trunk bar)`, target: '1,000,000 calls/min', measured: `${fmt(rate(har1))} calls/min`, met: rate(har1) >= 1e6 });
    out.push({ what: `${harLabel}, 1 thread, peak RSS`, target: '< 200 MB', measured: `${fmt(har1.maxRssMb)} MB`, met: har1.maxRssMb < 200 });
  }
  if (harD && harD !== har1) {
    out.push({ what: `${harLabel}, ${harD.threads} threads`, target: '5,000,000 calls/min', measured: `${fmt(rate(harD))} calls/min`, met: rate(harD) >= 5e6 });
    out.push({ what: `${harLabel}, ${harD.threads} threads, peak RSS`, target: '< 200 MB', measured: `${fmt(harD.maxRssMb)} MB`, met: harD.maxRssMb < 200 });
  }
  const compact = find('HAR compact', one);
  for (const label of ['Burp XML', 'Akto JSON lines']) {
    const r = find(label, one);
    if (r && compact) out.push({ what: `${label} MB/s vs HAR (1 thread)`, target: '≥ 0.5× HAR', measured: `${fmt(mbps(r) / mbps(compact), 2)}×`, met: mbps(r) >= 0.5 * mbps(compact) });
  }
  const pretty = find('HAR pretty', one);
  if (pretty && compact) {
    const ratio = pretty.entries / pretty.wallMs / (compact.entries / compact.wallMs);
    out.push({ what: 'HAR pretty entries/s vs compact (1 thread)', target: '≥ 0.7×', measured: `${fmt(ratio, 2)}×`, met: ratio >= 0.7 });
  }
  for (const q of queries) {
    if (q.args.join(' ') === 'stats --range 7d' || q.args.join(' ') === 'endpoints') {
      out.push({ what: `\`${q.args.join(' ')}\` (warm)`, target: '< 300 ms', measured: `${fmt(q.warmMs)} ms`, met: q.warmMs < 300 });
    }
  }
  return out;
}

function hostileChecks(hs: readonly HostileTiming[]): Check[] {
  return hs.map((h) => {
    const growth = h.bigMs / h.smallMs;
    return { what: `${h.what}: time for 4x the input`, target: `< ${MAX_GROWTH}× (linear ~4×)`, measured: `${fmt(growth, 1)}×`, met: growth < MAX_GROWTH };
  });
}

function hostileTable(hs: readonly HostileTiming[]): string {
  const lines = hs.map((h) => `| ${h.what} | ${fmt(h.small)} | ${fmt(h.smallMs, 1)} | ${fmt(h.big)} | ${fmt(h.bigMs, 1)} | ${fmt(h.bigMs / h.smallMs, 1)}× |`);
  return ['| input | units | ms | 4× units | ms | growth |', '|---|---|---|---|---|---|', ...lines].join('\n');
}

function checkTable(cs: Check[]): string {
  return ['| target | wanted | measured | met |', '|---|---|---|---|', ...cs.map((c) => `| ${c.what} | ${c.target} | ${c.measured} | ${c.met ? 'yes' : 'no'} |`)].join('\n');
}

function queryTable(t: { loadMs: number; timings: QueryTiming[] }): string {
  const lines = t.timings.map((q) => `| \`${q.args.join(' ')}\` | ${fmt(q.warmMs)} | ${fmt(q.coldMs)} | ${fmt(q.outputChars)} |`);
  return ['| command | warm ms | first run ms | output chars |', '|---|---|---|---|', ...lines].join('\n') + `\n\nModule loading before the first command: ${fmt(t.loadMs)} ms (plus node start-up).`;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const log = (s: string): void => void process.stderr.write(s + '\n');
  const dir = benchDir(ROOT);
  const db = `${dir}/bench-run.db`;
  const started = Date.now();
  const speedBefore = calibrate();
  const rows: Row[] = [];
  const plan: { label: string; format: GenFormat; entries: number }[] = [
    { label: 'HAR compact', format: 'har', entries: args.entries },
    { label: 'HAR pretty', format: 'har-pretty', entries: args.entries },
    { label: 'Burp XML', format: 'burp', entries: args.entries },
    { label: 'Akto JSON lines', format: 'akto', entries: args.entries },
  ];
  if (args.big > 0) plan.push({ label: 'HAR compact (big)', format: 'har', entries: args.big });
  for (const p of plan) {
    const file = ensureInput(dir, p.format, p.entries, args.seed, log);
    const size = statSync(file).size;
    const auto = workerCount(undefined, p.format === 'akto' ? 'akto' : p.format === 'burp' ? 'burp' : 'har', size);
    for (const threads of [...new Set([1, auto, Math.min(availableParallelism(), 4)])]) {
      log(`analyze ${p.label} (${fmt(size / 1e6)} MB) with ${threads} thread(s) ...`);
      const r = analyzeBest(file, db, threads, args.repeat);
      rows.push({ ...r, label: p.label, threads: threads === auto ? `${threads} (default)` : String(threads) });
      log(`  ${fmt(r.wallMs / 1000, 1)} s, ${fmt((r.calls / r.wallMs) * 60000)} calls/min, peak RSS ${fmt(r.maxRssMb)} MB`);
    }
  }

  // Named by schema version: an inventory built by an older schema is built again, not migrated.
  const inv = `${dir}/inventory-v${SCHEMA_VERSION}-${INVENTORY_ENDPOINTS}e-${args.calls}c-s${args.seed}.db`;
  if (!existsSync(inv)) {
    log(`building a ${fmt(args.calls)}-call, ${INVENTORY_ENDPOINTS}-endpoint inventory ...`);
    const tmp = `${inv}.partial`;
    for (const s of ['', '-wal', '-shm']) rmSync(tmp + s, { force: true });
    fillInventory(tmp, { endpoints: INVENTORY_ENDPOINTS, calls: args.calls, days: 7, startMs: Date.UTC(2024, 2, 4), seed: args.seed });
    renameSync(tmp, inv);
  }
  log('timing stats and endpoints ...');
  const q = spawnSync(process.execPath, [fileURLToPath(new URL('./query-child.js', import.meta.url)), inv], { encoding: 'utf8' });
  if (q.status !== 0) throw new Error(`query timing failed: ${q.stderr}`);
  const queries = JSON.parse(q.stdout) as { loadMs: number; timings: QueryTiming[] };

  log('timing hostile inputs ...');
  const hostile = hostileTimings();
  const speedAfter = calibrate();
  const speed =
    `Machine speed at the time (JSON.parse of HAR-like entries, best of 15): ${fmt(speedBefore)} MB/s before the runs, ` +
    `${fmt(speedAfter)} MB/s after. On a shared VM this moves by tens of percent between runs; compare runs by it.`;
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ${fmt(totalmem() / 2 ** 30, 1)} GB RAM, node ${process.version}`;
  const analysis = table(rows);
  const report = [
    '# Benchmark results',
    '',
    `Measured by \`npm run bench\` (${process.argv.slice(2).join(' ') || 'defaults'}) on ${machine}, ${new Date().toISOString().slice(0, 10)}.`,
    'Inputs are generated by `bench/gen-cli.ts` (a week of traffic, ~3 KB per HAR entry); each run is a fresh',
    '`analyze` in its own process with the whole analysis on (templates, parameters, auth, users, sensitive data,',
    'samples, minute and user stats), the inventory written and committed. "calls" are the entries that become',
    'API calls (static assets and CORS preflights, ~10 %, are filtered). Peak RSS is the whole process (all threads).',
    ...(args.repeat > 1 ? [`Each configuration ran ${args.repeat} times: the fastest run is shown, with the highest peak RSS of all.`] : []),
    '',
    `For comparison, Akto publishes a processing rate of ${fmt(AKTO_CALLS_PER_MIN)} calls/min.`,
    '',
    speed,
    '',
    '## Targets',
    '',
    checkTable([...checks(rows, queries.timings), ...hostileChecks(hostile)]),
    '',
    '## analyze',
    '',
    analysis,
    '',
    `## Queries on ${fmt(args.calls)} stored calls, ${fmt(INVENTORY_ENDPOINTS)} endpoints, 7 days`,
    '',
    queryTable(queries),
    '',
    '## Hostile inputs',
    '',
    'Inputs built to make a scanner or the merge planning go quadratic (`bench/hostile.ts`), each timed at two sizes in this process, best of 3.',
    '',
    hostileTable(hostile),
    '',
  ].join('\n');
  writeFileSync(args.out, report);
  process.stdout.write(
    `\n${analysis}\n\nAkto published: ${fmt(AKTO_CALLS_PER_MIN)} calls/min\n\n${queryTable(queries)}\n\n${hostileTable(hostile)}\n\n` +
      `${checkTable([...checks(rows, queries.timings), ...hostileChecks(hostile)])}\n\n` +
      `${speed}\n\nwritten to ${args.out} (${fmt((Date.now() - started) / 1000)} s)\n`,
  );
}

main();
