// Command-line front for the synthetic traffic generator:
//   node dist/bench/gen-cli.js --format har|har-pretty|burp|akto --entries N --seed S --out FILE [--days D] [--truth FILE]

import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { generateCalls, tallied, TruthTally, type GenCall, type GenOptions } from './generate.js';
import { writeAktoJsonl, writeBurp, writeHar, type WriteResult } from './writers.js';

export const GEN_FORMATS = ['har', 'har-pretty', 'burp', 'akto'] as const;
export type GenFormat = (typeof GEN_FORMATS)[number];

const WRITERS: Record<GenFormat, (file: string, calls: Iterable<GenCall>) => Promise<WriteResult>> = {
  har: (f, c) => writeHar(f, c, { pretty: false }),
  'har-pretty': (f, c) => writeHar(f, c, { pretty: true }),
  burp: writeBurp,
  akto: writeAktoJsonl,
};

export interface GenArgs {
  format: GenFormat;
  out: string;
  gen: GenOptions;
  /** Optional JSON file receiving the ground-truth summary. */
  truth: string | null;
}

const USAGE = 'usage: gen-cli --format har|har-pretty|burp|akto --entries N --seed S --out FILE [--days D] [--start ISO] [--truth FILE]';

function positiveInt(flag: string, raw: string | undefined): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a non-negative integer, got '${raw ?? ''}'`);
  return n;
}

/** Parses argv (without node and script); throws Error with a one-line reason on bad input. */
export function parseGenArgs(argv: readonly string[]): GenArgs {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument '${a}'`);
    const eq = a.indexOf('=');
    if (eq !== -1) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else flags.set(a.slice(2), argv[++i] ?? '');
  }
  for (const k of flags.keys()) if (!['format', 'entries', 'seed', 'out', 'days', 'start', 'truth'].includes(k)) throw new Error(`unknown flag --${k}`);
  const format = flags.get('format') as GenFormat | undefined;
  if (!format || !GEN_FORMATS.includes(format)) throw new Error(`--format must be one of ${GEN_FORMATS.join(', ')}`);
  const out = flags.get('out');
  if (!out) throw new Error('--out FILE is required');
  const gen: GenOptions = { entries: positiveInt('--entries', flags.get('entries')), seed: positiveInt('--seed', flags.get('seed') ?? '1') };
  if (flags.has('days')) {
    const d = Number(flags.get('days'));
    if (!(d > 0)) throw new Error('--days needs a positive number');
    gen.days = d;
  }
  if (flags.has('start')) {
    const t = Date.parse(flags.get('start')!);
    if (Number.isNaN(t)) throw new Error('--start needs an ISO date-time');
    gen.startMs = t;
  }
  return { format, out, gen, truth: flags.get('truth') ?? null };
}

/** Plain-object view of the tally for a JSON file (maps become sorted objects). */
export function truthSummary(t: TruthTally): Record<string, unknown> {
  const sorted = <V>(m: Map<string, V>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    calls: t.calls, filtered: t.filtered, endpoints: sorted(t.endpoints),
    users: sorted(new Map([...t.perUser].map(([k, m]) => [k, m.size]))),
    auth: sorted(new Map([...t.auth].map(([k, m]) => [k, Object.fromEntries(m)]))),
    statuses: sorted(new Map([...t.statuses].map(([k, m]) => [k, Object.fromEntries(m)]))),
    sensitive: sorted(t.sensitive),
  };
}

export async function runGenCli(argv: readonly string[], stderr: (s: string) => void): Promise<number> {
  let args: GenArgs;
  try {
    args = parseGenArgs(argv);
  } catch (e) {
    stderr(`gen-cli: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const tally = new TruthTally();
  const started = Date.now();
  const res = await WRITERS[args.format](args.out, tallied(generateCalls(args.gen), tally));
  if (args.truth) await writeFile(args.truth, JSON.stringify(truthSummary(tally), null, 2) + '\n');
  const secs = (Date.now() - started) / 1000;
  stderr(`wrote ${res.entries} entries (${(res.bytes / 1e6).toFixed(1)} MB, ${Math.round(res.bytes / Math.max(1, res.entries))} B/entry) `
    + `to ${args.out} in ${secs.toFixed(1)}s; ${tally.endpoints.size} endpoints, ${tally.filtered} filtered calls\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runGenCli(process.argv.slice(2), (s) => process.stderr.write(s)).then((code) => (process.exitCode = code), (e: unknown) => {
    process.stderr.write(`gen-cli: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  });
}
